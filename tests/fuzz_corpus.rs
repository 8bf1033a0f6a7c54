//! What the fuzzer found stays fixed: every input it kept
//! (`tests/fixtures/fuzz/corpus/`: 600 inputs of at most 3 KB from the
//! minimised corpus of a 35-minute `cargo fuzz run pipeline`) and every
//! input that once crashed, hung or exhausted memory
//! (`tests/fixtures/fuzz/crashes/`) runs through the whole pipeline.

mod common;

use std::path::Path;

use common::pipeline;

fn inputs(folder: &str) -> Vec<std::path::PathBuf> {
    let folder = common::root().join("tests/fixtures/fuzz").join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn run(path: &Path) {
    let bytes = std::fs::read(path).expect("readable");
    if let Ok(text) = std::str::from_utf8(&bytes) {
        pipeline::exercise(text);
    }
}

#[test]
fn inputs_that_once_broke_whiteboard_no_longer_do() {
    let crashes = inputs("crashes");
    assert!(!crashes.is_empty());
    for path in crashes {
        run(&path);
    }
}

#[test]
fn the_fuzzers_corpus_runs_through_every_stage() {
    let corpus = inputs("corpus");
    assert!(corpus.len() >= 100, "the minimised corpus is committed");
    for path in corpus {
        run(&path);
    }
}
