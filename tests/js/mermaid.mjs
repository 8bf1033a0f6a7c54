// Parses Mermaid sources with Mermaid itself (in jsdom, as no browser is
// needed to parse). stdin: [{ "name", "source" }]; stdout: [{ "name",
// "error", "nodes": [{ "id", "type" }], "edges": [{ "start", "end", "stroke",
// "type" }], "subgraphs": [{ "id", "nodes" }] }].
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
}));
const results = [];
for (const { name, source } of input) {
  try {
    const { db } = await mermaid.mermaidAPI.getDiagramFromText(source);
    results.push({
      name,
      error: null,
      nodes: [...db.getVertices().values()].map((v) => ({ id: v.id, type: v.type })),
      edges: db.getEdges().map((e) => ({ start: e.start, end: e.end, stroke: e.stroke, type: e.type })),
      subgraphs: db.getSubGraphs().map((s) => ({ id: s.id, nodes: s.nodes })),
    });
  } catch (error) {
    results.push({ name, error: String(error.message || error), nodes: [], edges: [], subgraphs: [] });
  }
}
process.stdout.write(JSON.stringify(results), () => process.exit(0));
