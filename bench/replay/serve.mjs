// Serves a folder on 127.0.0.1 with HTTP range requests (ReplayWeb.page reads a WACZ by ranges) and the MIME types the
// replay UI needs. Usage: node serve.mjs FOLDER PORT
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const [root, port] = [path.resolve(process.argv[2]), Number(process.argv[3])];
const types = { ".html": "text/html", ".js": "application/javascript", ".json": "application/json", ".wacz": "application/wacz",
  ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".css": "text/css", ".wasm": "application/wasm" };

http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  let file = path.join(root, decodeURIComponent(url.pathname));
  if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404).end(); return; }
  const size = fs.statSync(file).size;
  const headers = { "Content-Type": types[path.extname(file)] ?? "application/octet-stream", "Accept-Ranges": "bytes",
    "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Content-Length, Content-Range" };
  const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range ?? "");
  if (range) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    res.writeHead(206, { ...headers, "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": end - start + 1 });
    if (req.method === "HEAD") { res.end(); return; }
    fs.createReadStream(file, { start, end }).pipe(res);
  } else {
    res.writeHead(200, { ...headers, "Content-Length": size });
    if (req.method === "HEAD") { res.end(); return; }
    fs.createReadStream(file).pipe(res);
  }
}).listen(port, "127.0.0.1");
