// Expands a JSON-LD document with the jsonld package (an implementation this project did not write) and prints it as
// N-Quads. Remote contexts are refused: the document must carry its context inline.
import fs from "node:fs";
import jsonld from "jsonld";

const doc = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const documentLoader = async (url) => { throw new Error(`refusing to load remote context ${url}`); };
await jsonld.expand(doc, { documentLoader });
process.stdout.write(await jsonld.toRDF(doc, { format: "application/n-quads", documentLoader, safe: true }));
