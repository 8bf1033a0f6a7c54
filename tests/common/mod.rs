//! Running the `wb` binary from tests.

#![allow(dead_code)]

pub mod generate;
pub mod metrics;
pub mod pipeline;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `wb` in the crate root with colors off, feeding `stdin`.
pub fn wb(args: &[&str], stdin: &[u8]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wb"));
    command.args(args).current_dir(root()).env("NO_COLOR", "1");
    pipe(&mut command, stdin)
}

/// Runs `command`, feeding it `stdin`, and collects what it prints.
pub fn pipe(command: &mut Command, stdin: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    if let Some(mut input) = child.stdin.take() {
        // A program that does not read stdin may close it early.
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("the program finishes")
}

/// The JSON a successful helper program printed.
pub fn json_stdout<T: serde::de::DeserializeOwned>(output: &Output, program: &str) -> T {
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{program} printed no JSON: {error}"))
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What `wb check` shows: the findings (standard output), then the summary
/// (standard error).
pub fn shown(output: &Output) -> String {
    stdout(output) + &stderr(output)
}

pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// Every `.wb` file under `examples/`, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root().join("examples")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)
            .expect("examples folder")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "wb") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A file named `name` holding `contents` in a fresh temporary folder; the
/// folder lives as long as the returned guard.
pub fn temp_file(name: &str, contents: &str) -> (tempfile::TempDir, String) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join(name);
    std::fs::write(&path, contents).expect("write");
    (folder, path.to_string_lossy().into_owned())
}

/// Whether `program` runs on this machine (`program VERSION_FLAG` succeeds).
pub fn installed(program: &str, version_flag: &str) -> bool {
    Command::new(program)
        .arg(version_flag)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Decides whether a test that needs another tool runs: true when it is
/// there; otherwise the test says why it is skipped — and fails under CI,
/// where `.ci/run` installs every tool, so a skip cannot hide there.
pub fn needs(tool: &str, available: bool, install: &str) -> bool {
    if available {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{tool} is missing under CI; `.ci/run` should have installed it ({install})"
    );
    eprintln!("skipped: {tool} is not installed ({install})");
    false
}

/// Whether Graphviz `dot` is there for a test (see [`needs`]).
pub fn needs_dot() -> bool {
    needs(
        "Graphviz `dot`",
        installed("dot", "-V"),
        "apt-get install graphviz",
    )
}

/// A script of `tests/js/` run by Node, when Node and the scripts' npm
/// packages are installed (`npm ci --prefix tests/js`).
pub fn node_script(script: &str) -> Option<Command> {
    let folder = root().join("tests/js");
    let available = installed("node", "--version") && folder.join("node_modules").is_dir();
    if !needs(
        &format!("node with the packages of tests/js ({script})"),
        available,
        "npm ci --prefix tests/js",
    ) {
        return None;
    }
    let mut command = Command::new("node");
    command.arg(folder.join(script)).current_dir(root());
    Some(command)
}

/// The designs in a folder of `tests/fixtures/`, sorted.
pub fn fixture_designs(folder: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures").join(folder))
        .expect("fixtures folder")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "wb"))
        .collect();
    found.sort();
    found
}

/// The designs new users wrote (`tests/fixtures/designs/`), sorted.
pub fn shared_designs() -> Vec<PathBuf> {
    fixture_designs("designs")
}

/// The designs new users wrote that we still draw worse than dot
/// (`tests/fixtures/open-cases/`), sorted.
pub fn open_cases() -> Vec<PathBuf> {
    fixture_designs("open-cases")
}

/// The real graphs (`tests/fixtures/graphs/`), sorted.
pub fn real_graphs() -> Vec<PathBuf> {
    fixture_designs("graphs")
}
