// Reads a WARC (.warc or .warc.gz) with webrecorder's warcio, an implementation this project did not write, and prints
// one JSON object per record: its WARC fields, whether its block and payload digests match the bytes warcio hands out,
// and (for HTTP records) the status and payload as warcio parses them. With --cdxj, prints warcio's own CDXJ instead.
import fs from "node:fs";
import crypto from "node:crypto";
import { WARCParser, CDXIndexer } from "warcio";

const [file, mode] = process.argv.slice(2);
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32(bytes) {
  let bits = 0, value = 0, out = "";
  for (const b of bytes) {
    value = (value << 8) | b; bits += 8;
    while (bits >= 5) { out += BASE32[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function matches(label, bytes) {
  if (!label) return null;
  const [algo, value] = [label.slice(0, label.indexOf(":")), label.slice(label.indexOf(":") + 1)];
  const name = algo.toLowerCase().replace("-", "");
  if (name !== "sha1" && name !== "sha256") return null;
  const digest = crypto.createHash(name).update(bytes).digest();
  return value === digest.toString("hex") || value.replace(/=+$/, "") === base32(digest) || value === digest.toString("base64");
}

function indexOfDoubleCrlf(bytes) {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i + 4;
  }
  return -1;
}

if (mode === "--cdxj") {
  const indexer = new CDXIndexer({ format: "cdxj" });
  await indexer.writeAll([{ filename: file.split("/").pop(), reader: fs.createReadStream(file) }], process.stdout);
} else {
  // Pass 1: raw blocks, to check digests over exactly the bytes in the file.
  const raw = [];
  for await (const record of new WARCParser(fs.createReadStream(file), { parseHttp: false })) {
    const block = await record.readFully(false);
    const type = record.warcType;
    const http = record.warcContentType?.startsWith("application/http");
    const payload = http ? block.subarray(indexOfDoubleCrlf(block)) : block;
    raw.push({
      type, recordId: record.warcHeader("WARC-Record-ID"), targetUri: record.warcTargetURI, date: record.warcDate,
      contentType: record.warcContentType, contentLength: record.warcContentLength, blockLength: block.length,
      refersTo: record.warcHeader("WARC-Refers-To") ?? null, concurrentTo: record.warcHeader("WARC-Concurrent-To") ?? null,
      blockDigestOk: matches(record.warcBlockDigest, block),
      payloadDigestOk: matches(record.warcPayloadDigest, payload),
      blockText: type === "metadata" || type === "conversion" || type === "warcinfo" ? Buffer.from(block).toString("utf8") : undefined,
    });
  }
  // Pass 2: warcio's HTTP parsing, for status and payload of response records.
  let i = 0;
  for await (const record of new WARCParser(fs.createReadStream(file))) {
    const entry = raw[i++];
    if (record.httpHeaders) {
      const payload = await record.readFully(false);
      entry.status = record.httpHeaders.statusCode ?? null;
      entry.httpContentType = record.httpHeaders.headers.get("content-type");
      entry.payloadSha256 = crypto.createHash("sha256").update(payload).digest("hex");
      entry.payloadLength = payload.length;
    }
  }
  for (const entry of raw) console.log(JSON.stringify(entry));
}
