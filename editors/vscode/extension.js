// Starts `wb lsp` for .wb files: diagnostics, hover, go to definition,
// references, rename, completion, symbols, folding, formatting and quick
// fixes come from the language server; colours stay with the grammar.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("whiteboard").get("server.path", "wb");
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "whiteboard",
    "whiteboard",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "whiteboard" }, { scheme: "untitled", language: "whiteboard" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
