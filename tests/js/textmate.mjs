// Tokenizes files with a TextMate grammar in vscode-textmate, the engine of
// VS Code, with the Oniguruma regular expressions it uses.
// argv: GRAMMAR FILE…; stdout: [{ "file", "lines": [[{ "text", "scopes" }]] }].
import fs from "node:fs";
import { createRequire } from "node:module";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";

const require = createRequire(import.meta.url);
const [grammarPath, ...files] = process.argv.slice(2);
const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
const onigLib = oniguruma.loadWASM(wasm).then(() => ({
  createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
  createOnigString: (text) => new oniguruma.OnigString(text),
}));
const raw = vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath);
const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async (scopeName) => (scopeName === raw.scopeName ? raw : null),
});
const grammar = await registry.loadGrammar(raw.scopeName);
if (!grammar) throw new Error(`cannot load ${grammarPath}`);
const results = [];
for (const file of files) {
  let stack = vsctm.INITIAL;
  const lines = [];
  for (const line of fs.readFileSync(file, "utf8").split(/\r?\n/)) {
    const { tokens, ruleStack, stoppedEarly } = grammar.tokenizeLine(line, stack, 1000);
    if (stoppedEarly) throw new Error(`${file}: tokenizing took too long on: ${line}`);
    stack = ruleStack;
    lines.push(tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
  }
  results.push({ file, lines });
}
process.stdout.write(JSON.stringify(results));
