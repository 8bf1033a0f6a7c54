// Compiles D2 sources with D2 itself (its WASM build).
// stdin: [{ "name": …, "source": … }]; stdout: [{ "name", "error", "shapes", "connections" }].
import { D2 } from "@terrastruct/d2";

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
}));
const d2 = new D2();
const results = [];
for (const { name, source } of input) {
  try {
    const { diagram } = await d2.compile(source);
    results.push({
      name,
      error: null,
      shapes: diagram.shapes.map((shape) => ({ id: shape.id, type: shape.type, label: shape.label })),
      connections: diagram.connections.map((c) => ({ src: c.src, dst: c.dst, label: c.label })),
    });
  } catch (error) {
    results.push({ name, error: String(error), shapes: [], connections: [] });
  }
}
// D2's worker keeps Node alive: exit once the output is flushed.
process.stdout.write(JSON.stringify(results), () => process.exit(0));
