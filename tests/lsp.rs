//! `wb lsp` over standard input and output, as an editor speaks to it:
//! initialize, open a design, receive its diagnostics, then every request
//! the server offers, and shut down; and the fuzz corpus fed through edits
//! without the server failing.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

const URI: &str = "file:///tmp/whiteboard-lsp-test/design.wb";

/// A design with one mistake (`servise`) and findings to fix.
const DESIGN: &str = "design \"Shop\" {\n  direction: down\n}\n\nclient users \"Users\"\nlb lb \"Load balancer\" x2\nservice api \"API\" x3 { stateless }\nredis cache \"Cache\" x3\npostgres db \"Orders\" { replicas: 2 }\nservise broken \"Oops\"\n\nusers -> lb: GET /orders { protocol: https }\nlb -> api: route\napi -> cache: read\napi -> db: read on miss / write\n\nflow \"Order\" {\n  users -> lb -> api -> db\n}\n";

struct Server {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wb"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("wb lsp starts");
        let input = child.stdin.take().expect("stdin");
        let output = child.stdout.take().expect("stdout");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(output);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            input,
            messages,
            next_id: 0,
        };
        let capabilities = server.request(
            "initialize",
            json!({ "capabilities": {}, "processId": null, "rootUri": null }),
        );
        assert!(
            capabilities["capabilities"]["hoverProvider"]
                .as_bool()
                .unwrap_or(false),
            "{capabilities}"
        );
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.input.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response, keeping nothing else.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(20))
                .expect("a response in time");
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    fn diagnostics(&mut self) -> Vec<Value> {
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(20))
                .expect("diagnostics in time");
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }

    fn open(&mut self, text: &str) {
        let document =
            json!({ "uri": URI, "languageId": "whiteboard", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
    }

    fn change(&mut self, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    fn at(&mut self, method: &str, line: u32, character: u32, extra: Value) -> Value {
        let mut params = json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
        if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
            params.extend(extra.clone());
        }
        self.request(method, params)
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("the server exits");
        assert!(status.success(), "the server exited with {status}");
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Line and column (from 0) of the first `needle` in `text`, plus `shift`
/// columns.
fn position(text: &str, needle: &str, shift: u32) -> (u32, u32) {
    let at = text.find(needle).expect("needle in text");
    let line = text[..at].matches('\n').count() as u32;
    let column = (at - text[..at].rfind('\n').map_or(0, |i| i + 1)) as u32;
    (line, column + shift)
}

fn labels(items: &Value) -> Vec<String> {
    let list = items.get("items").unwrap_or(items);
    list.as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["label"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_editor_session_uses_every_feature() {
    let mut server = Server::start();
    server.open(DESIGN);
    let diagnostics = server.diagnostics();
    let typo = diagnostics
        .iter()
        .find(|d| d["code"] == "wb::unknown-kind")
        .unwrap_or_else(|| panic!("no unknown-kind diagnostic: {diagnostics:?}"));
    assert_eq!(typo["severity"], 1);
    assert_eq!(typo["range"]["start"]["line"], 9);
    assert!(
        typo["message"]
            .as_str()
            .unwrap_or("")
            .contains("did you mean `service`"),
        "{typo}"
    );

    // Fixed, the design is checked: findings with codes and explanations.
    let fixed = DESIGN.replace("servise broken \"Oops\"\n", "");
    server.change(2, &fixed);
    let findings = server.diagnostics();
    let ttl = findings
        .iter()
        .find(|d| d["code"] == "cache-without-ttl")
        .unwrap_or_else(|| panic!("no cache-without-ttl finding: {findings:?}"));
    assert_eq!(ttl["severity"], 2);
    assert!(
        ttl["codeDescription"]["href"]
            .as_str()
            .unwrap_or("")
            .ends_with("rules.md#cache-without-ttl")
    );

    let (line, column) = position(&fixed, "api -> cache", 1);
    let hover = server.at("textDocument/hover", line, column, json!({}));
    let shown = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(shown.contains("service, 3 instances"), "{shown}");
    let (line, column) = position(&fixed, "redis cache", 1);
    let hover = server.at("textDocument/hover", line, column, json!({}));
    let shown = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(
        shown.contains("Redis") && shown.contains("a `cache`"),
        "{shown}"
    );

    let (line, column) = position(&fixed, "replicas: 2", 2);
    let hover = server.at("textDocument/hover", line, column, json!({}));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("whole number"),
        "{hover}"
    );

    let (line, column) = position(&fixed, "lb -> api", 7);
    let definition = server.at("textDocument/definition", line, column, json!({}));
    assert_eq!(
        definition["range"]["start"]["line"],
        position(&fixed, "service api", 0).0
    );

    let references = server.at(
        "textDocument/references",
        line,
        column,
        json!({ "context": { "includeDeclaration": true } }),
    );
    assert_eq!(references.as_array().map(Vec::len), Some(5), "{references}");

    let rename = server.at(
        "textDocument/rename",
        line,
        column,
        json!({ "newName": "orders_api" }),
    );
    let edits = rename["changes"][URI]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edits.len(), 5);
    assert!(edits.iter().all(|e| e["newText"] == "orders_api"));
    let refused = server.call(
        "textDocument/rename",
        json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": column }, "newName": "db" }),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("already declared"),
        "{refused}"
    );

    let (line, _) = position(&fixed, "redis cache", 0);
    let kinds = labels(&server.at("textDocument/completion", line, 2, json!({})));
    assert!(
        kinds.iter().any(|k| k == "redis") && kinds.iter().any(|k| k == "service"),
        "{kinds:?}"
    );
    let (line, column) = position(&fixed, "{ stateless }", 2);
    let keys = labels(&server.at("textDocument/completion", line, column, json!({})));
    assert!(
        keys.iter().any(|k| k == "ttl") && keys.iter().any(|k| k == "eviction"),
        "{keys:?}"
    );
    let (line, column) = position(&fixed, "lb -> api", 6);
    let ids = labels(&server.at("textDocument/completion", line, column, json!({})));
    assert!(
        ids.iter().any(|i| i == "api") && ids.iter().any(|i| i == "db"),
        "{ids:?}"
    );
    assert!(
        !ids.iter().any(|i| i == "lb"),
        "a flow from `lb` to itself is offered: {ids:?}"
    );

    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(
        names.contains(&"api") && names.contains(&"Order") && names.contains(&"Shop"),
        "{names:?}"
    );
    let folds = server.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert!(folds.as_array().is_some_and(|f| f.len() >= 2), "{folds}");

    let formatted = server.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let text = formatted[0]["newText"].as_str().unwrap_or("");
    assert!(text.contains("lb    -> api: route"), "{formatted}");

    let (line, _) = position(&fixed, "redis cache", 0);
    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 5 } }, "context": { "diagnostics": [] } }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert!(
        titles.contains(&"Add `ttl: 1h, eviction: lru`"),
        "{titles:?}"
    );
    let edit = &actions[0]["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], " { ttl: 1h, eviction: lru }", "{edit}");
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Allow `cache-without-ttl`")),
        "{titles:?}"
    );

    // After the fix, the finding is gone.
    let cached = fixed.replace(
        "redis cache \"Cache\" x3",
        "redis cache \"Cache\" x3 { ttl: 1h, eviction: lru }",
    );
    server.change(3, &cached);
    let after = server.diagnostics();
    assert!(
        after.iter().all(|d| d["code"] != "cache-without-ttl"),
        "{after:?}"
    );
    server.stop();
}

#[test]
fn rule_names_after_allow_and_values_of_enumerations_complete() {
    let mut server = Server::start();
    let text = "design \"x\" { direction: }\nredis cache \"C\" { eviction: , allow }\nallow \n";
    server.open(text);
    let _ = server.diagnostics();
    let directions = labels(&server.at("textDocument/completion", 0, 24, json!({})));
    assert_eq!(directions, ["down", "right"]);
    let evictions = labels(&server.at("textDocument/completion", 1, 28, json!({})));
    assert!(evictions.iter().any(|e| e == "lru"), "{evictions:?}");
    let rules = labels(&server.at("textDocument/completion", 2, 6, json!({})));
    assert!(
        rules.iter().any(|r| r == "single-point-of-failure"),
        "{rules:?}"
    );
    let inline = labels(&server.at("textDocument/completion", 1, 35, json!({})));
    assert!(
        inline.iter().any(|r| r == "cache-without-ttl"),
        "{inline:?}"
    );
    server.stop();
}

#[test]
fn the_fuzz_corpus_through_edits_never_stops_the_server() {
    let folder = common::root().join("tests/fixtures/fuzz/corpus");
    let mut inputs: Vec<_> = std::fs::read_dir(&folder)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    inputs.sort();
    assert!(!inputs.is_empty(), "no fuzz corpus");
    let mut server = Server::start();
    server.open("");
    let _ = server.diagnostics();
    for (version, path) in inputs.iter().enumerate() {
        let bytes = std::fs::read(path).expect("readable");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        server.change(version as i32 + 2, &text);
        let lines = text.lines().count() as u32;
        for (method, line) in [
            ("textDocument/hover", lines / 2),
            ("textDocument/completion", lines),
        ] {
            let response = server.call(
                method,
                json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": 3 } }),
            );
            assert!(
                response.get("error").is_none(),
                "{method} failed on {}: {response}",
                path.display()
            );
        }
        for method in ["textDocument/documentSymbol", "textDocument/foldingRange"] {
            let response = server.call(method, json!({ "textDocument": { "uri": URI } }));
            assert!(
                response.get("error").is_none(),
                "{method} failed on {}: {response}",
                path.display()
            );
        }
    }
    server.stop();
}

#[test]
fn neovim_receives_the_diagnostic_and_accepts_a_completion() {
    let found = Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: no `nvim` (CI installs Debian's neovim)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let design = dir.path().join("design.wb");
    let result = dir.path().join("result.txt");
    std::fs::write(
        &design,
        "client users \"Users\"\nservise api \"API\" x2\nusers -> api: GET /\n",
    )
    .expect("written");
    let script = common::root().join("tests/editors/neovim.lua");
    let status = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("WB", env!("CARGO_BIN_EXE_wb"))
        .env("DESIGN", &design)
        .env("RESULT", &result)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("nvim runs");
    let seen = std::fs::read_to_string(&result).unwrap_or_default();
    assert!(status.success(), "nvim failed: {seen}");
    let lines: Vec<&str> = seen.lines().collect();
    assert!(
        lines
            .first()
            .is_some_and(|l| l.starts_with("diagnostic 1 unknown kind `servise`")),
        "{seen}"
    );
    assert_eq!(
        lines.get(1..),
        Some(&["completion service", "fixed"][..]),
        "{seen}"
    );
}

/// The server's resident memory, in KiB, from `/proc`.
fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn memory_stays_flat_over_a_thousand_edits() {
    let mut server = Server::start();
    let pid = server.child.id();
    server.open(DESIGN);
    let _ = server.diagnostics();
    let mut measured = Vec::new();
    for version in 0..1000 {
        let text = DESIGN.replace("\"API\"", &format!("\"API {version}\""));
        server.change(version + 2, &text);
        // A request after each edit makes the server analyse every version.
        server.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        );
        if version == 100 || version == 999 {
            measured.extend(resident_kib(pid));
        }
    }
    if let [early, late] = measured[..] {
        assert!(
            late < early + 8 * 1024,
            "resident memory grew from {early} KiB to {late} KiB"
        );
    }
    server.stop();
}
