// Drives a headless Chromium started with --remote-debugging-port over the DevTools protocol: opens URL, waits until
// ReplayWeb.page has finished loading (or the time runs out), prints console messages and errors, saves a PNG.
// Usage: node --experimental-websocket capture.mjs DEBUG_PORT URL OUT.png [SECONDS]
import fs from "node:fs";

const [port, url, out, seconds = "40"] = process.argv.slice(2);
const target = await (await fetch(`http://127.0.0.1:${port}/json/new?about:blank`, { method: "PUT" })).json();
const ws = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((resolve) => ws.addEventListener("open", resolve));
let id = 0;
const pending = new Map();
ws.addEventListener("message", (event) => {
  const message = JSON.parse(event.data);
  if (message.id && pending.has(message.id)) { pending.get(message.id)(message.result ?? message.error); pending.delete(message.id); }
  if (message.method === "Runtime.consoleAPICalled") console.log("console:", message.params.args.map((a) => a.value ?? a.description).join(" "));
  if (message.method === "Runtime.exceptionThrown") console.log("exception:", message.params.exceptionDetails.exception?.description);
  if (message.method === "Log.entryAdded") console.log("log:", message.params.entry.level, message.params.entry.text, message.params.entry.url ?? "");
});
const send = (method, params = {}) => new Promise((resolve) => { const n = ++id; pending.set(n, resolve); ws.send(JSON.stringify({ id: n, method, params })); });
await send("Runtime.enable");
await send("Log.enable");
await send("Page.enable");
await send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 1000, deviceScaleFactor: 1, mobile: false });
await send("Page.navigate", { url });
const deadline = Date.now() + Number(seconds) * 1000;
let settled = 0;
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 1000));
  // ReplayWeb.page renders into shadow roots; "Loading" disappears once the archive is open.
  const probe = await send("Runtime.evaluate", { expression: "(function walk(n){let t='';for(const c of (n.shadowRoot?[...n.shadowRoot.childNodes,...n.childNodes]:n.childNodes)){t+=c.nodeType===3?c.textContent:walk(c)}return t})(document.body)", returnByValue: true });
  const text = probe?.result?.value ?? "";
  if (text.length > 0 && !/Loading/.test(text)) { if (++settled >= 5) break; } else settled = 0;
}
const shot = await send("Page.captureScreenshot", { format: "png" });
fs.writeFileSync(out, Buffer.from(shot.data, "base64"));
console.log("saved", out);
ws.close();
