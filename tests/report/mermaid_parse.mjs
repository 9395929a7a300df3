// Parses Mermaid sources with the real mermaid package, as a browser would before drawing.
// Reads a JSON list of sources on stdin; writes a JSON list with null for each source that
// parses and the parser's message for each that does not. mermaid needs a DOM, even to parse,
// so jsdom stands in for the browser's.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const source of JSON.parse(input)) {
  try {
    await mermaid.parse(source);
    results.push(null);
  } catch (error) {
    results.push(String((error && error.message) || error));
  }
}
process.stdout.write(JSON.stringify(results));
