//! The TextMate grammar in `editors/`: it tokenizes every example in
//! vscode-textmate (VS Code's engine) without an illegal token, and gives
//! each construct its scope.

mod common;

use std::path::PathBuf;

const GRAMMAR: &str = "editors/vscode/syntaxes/whiteboard.tmLanguage.json";

/// `(text, innermost scope)` of every token, per line, per file.
type Tokens = Vec<Vec<(String, String)>>;

fn tokenize(files: &[PathBuf]) -> Option<Vec<(String, Tokens)>> {
    let mut command = common::node_script("textmate.mjs")?;
    let output = command
        .arg(GRAMMAR)
        .args(files)
        .output()
        .expect("node runs");
    let results: Vec<serde_json::Value> = common::json_stdout(&output, "textmate.mjs");
    Some(
        results
            .iter()
            .map(|file| {
                let lines = file["lines"].as_array().into_iter().flatten();
                let tokens = lines
                    .map(|line| {
                        let tokens = line.as_array().into_iter().flatten();
                        tokens
                            .map(|token| {
                                let scopes = token["scopes"].as_array();
                                let innermost = scopes.and_then(|s| s.last());
                                (
                                    token["text"].as_str().unwrap_or_default().to_string(),
                                    innermost
                                        .and_then(|s| s.as_str())
                                        .unwrap_or_default()
                                        .to_string(),
                                )
                            })
                            .collect()
                    })
                    .collect();
                (
                    file["file"].as_str().unwrap_or_default().to_string(),
                    tokens,
                )
            })
            .collect(),
    )
}

#[test]
fn every_example_tokenizes_without_an_illegal_token() {
    let mut files = common::examples();
    files.push(common::root().join("templates/interview.wb"));
    files.push(common::root().join("tests/fixtures/export/awkward-names.wb"));
    let Some(results) = tokenize(&files) else {
        return;
    };
    assert_eq!(results.len(), files.len());
    for (file, lines) in results {
        for (number, line) in lines.iter().enumerate() {
            for (text, scope) in line {
                assert!(
                    !scope.starts_with("invalid"),
                    "{file}:{}: `{text}` is {scope}",
                    number + 1
                );
                assert!(
                    text.trim().is_empty() || scope != "source.whiteboard",
                    "{file}:{}: `{text}` has no scope of its own",
                    number + 1
                );
            }
        }
    }
}

#[test]
fn each_construct_gets_its_scope() {
    let (_folder, path) = common::temp_file(
        "constructs.wb",
        "# a comment\n\
         design \"Shop\" { direction: right }\n\
         scale { users: 10M, read_write: 100:1 }\n\
         redis cache \"Hot items\" x3 { ttl: 24h, allow single-point-of-failure \"ok\" }\n\
         group edge \"Edge\" {\n\
         \x20 service api \"API\"\n\
         }\n\
         api ~> cache: GET /{id} { share: 20% }\n\
         stage \"Two\" { remove api -> cache }\n\
         §\n",
    );
    let Some(results) = tokenize(&[PathBuf::from(path)]) else {
        return;
    };
    let (_, lines) = results.first().expect("one file");
    let scope_of = |line: usize, text: &str| {
        lines
            .get(line)
            .and_then(|tokens| tokens.iter().find(|(t, _)| t == text))
            .map(|(_, scope)| scope.trim_end_matches(".whiteboard").to_string())
            .unwrap_or_else(|| panic!("no token `{text}` on line {}: {lines:?}", line + 1))
    };
    assert_eq!(scope_of(0, "# a comment"), "comment.line.number-sign");
    assert_eq!(scope_of(1, "design"), "keyword.control.design");
    assert_eq!(scope_of(1, "Shop"), "string.quoted.double");
    assert_eq!(scope_of(1, "direction"), "variable.parameter.attribute");
    assert_eq!(scope_of(1, "right"), "constant.other.value");
    assert_eq!(scope_of(2, "10M"), "constant.numeric");
    assert_eq!(scope_of(2, "100:1"), "constant.numeric");
    assert_eq!(scope_of(3, "redis"), "storage.type.kind");
    assert_eq!(scope_of(3, "cache"), "entity.name.tag.component");
    assert_eq!(scope_of(3, "x3"), "constant.numeric.instances");
    assert_eq!(scope_of(3, "allow"), "keyword.control.allow");
    assert_eq!(
        scope_of(3, "single-point-of-failure"),
        "support.constant.rule"
    );
    assert_eq!(scope_of(4, "group"), "keyword.control.group");
    assert_eq!(scope_of(4, "edge"), "entity.name.section");
    assert_eq!(scope_of(5, "service"), "storage.type.kind");
    assert_eq!(scope_of(7, "api"), "variable.other.component");
    assert_eq!(scope_of(7, "~>"), "keyword.operator.arrow");
    assert_eq!(scope_of(7, "GET /{id}"), "string.unquoted.label");
    assert_eq!(scope_of(7, "20%"), "constant.numeric");
    assert_eq!(scope_of(8, "remove"), "keyword.control.remove");
    assert_eq!(scope_of(9, "§"), "invalid.illegal");
}

#[test]
fn the_vscode_extension_points_at_the_grammar() {
    let read = |path: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(common::root().join(path)).expect("readable");
        serde_json::from_str(&text).expect("JSON")
    };
    let manifest = read("editors/vscode/package.json");
    let grammar = read(GRAMMAR);
    let contributed = &manifest["contributes"]["grammars"][0];
    assert_eq!(contributed["scopeName"], grammar["scopeName"]);
    let path = contributed["path"].as_str().expect("a path");
    assert!(
        common::root()
            .join("editors/vscode")
            .join(path)
            .ends_with(GRAMMAR),
        "{path}"
    );
    assert_eq!(
        manifest["contributes"]["languages"][0]["extensions"][0],
        ".wb"
    );
    read("editors/vscode/language-configuration.json");
}

#[test]
fn the_vscode_extension_starts_the_language_server() {
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("editors/vscode/package.json"))
            .expect("manifest"),
    )
    .expect("the manifest is JSON");
    assert_eq!(manifest["main"], "./extension.js");
    assert!(manifest["dependencies"]["vscode-languageclient"].is_string());
    let script = common::root().join("editors/vscode/extension.js");
    let source = std::fs::read_to_string(&script).expect("extension.js");
    assert!(
        source.contains("args: [\"lsp\"]"),
        "the extension does not run `wb lsp`"
    );
    let checked = std::process::Command::new("node")
        .arg("--check")
        .arg(&script)
        .output();
    match checked {
        Ok(output) => assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(_) => eprintln!("skipped the syntax check: no `node`"),
    }
}
