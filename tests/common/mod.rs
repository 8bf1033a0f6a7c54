//! Running the `wb` binary from tests.

#![allow(dead_code)]

pub mod generate;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `wb` in the crate root with colors off, feeding `stdin`.
pub fn wb(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wb"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wb starts");
    if let Some(mut input) = child.stdin.take() {
        // A command that does not read stdin may close it early.
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("wb finishes")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
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
