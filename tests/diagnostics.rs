//! Every diagnostic code has a fixture under `tests/fixtures/diagnostics/`,
//! named after the code, and the diagnostic as `wb check` draws it is
//! snapshotted with its exit status.

mod common;

use common::{code, root, shown, wb};
use whiteboard::diagnostic::Code;

#[test]
fn rendered_diagnostics() {
    insta::glob!("fixtures/diagnostics/*.wb", |path| {
        let relative = path.strip_prefix(root()).expect("fixture under the crate");
        let relative = relative.to_string_lossy().replace('\\', "/");
        let output = wb(&["check", &relative], b"");
        insta::assert_snapshot!(format!(
            "exit status {}\n\n{}",
            code(&output),
            shown(&output)
        ));
    });
}

/// Codes whose cause cannot live in a fixture file; `tests/cli.rs` covers them.
const TESTED_ELSEWHERE: [Code; 4] = [Code::Io, Code::TooLarge, Code::Config, Code::NoScale];

#[test]
fn every_code_has_a_fixture() {
    for diagnostic_code in Code::ALL {
        if TESTED_ELSEWHERE.contains(&diagnostic_code) {
            continue;
        }
        let name = diagnostic_code.as_str().trim_start_matches("wb::");
        let fixture = root().join(format!("tests/fixtures/diagnostics/{name}.wb"));
        assert!(
            fixture.exists(),
            "no fixture for {}: {}",
            diagnostic_code.as_str(),
            fixture.display()
        );
        let output = wb(
            &["check", "--format", "json", &fixture.to_string_lossy()],
            b"",
        );
        assert!(
            common::stdout(&output).contains(&format!("\"{}\"", diagnostic_code.as_str())),
            "the fixture for {} does not produce it",
            diagnostic_code.as_str()
        );
    }
}

#[test]
fn every_code_is_documented() {
    let docs =
        std::fs::read_to_string(root().join("docs/diagnostics.md")).expect("docs/diagnostics.md");
    for diagnostic_code in Code::ALL {
        assert!(
            docs.contains(&format!("`{}`", diagnostic_code.as_str())),
            "docs/diagnostics.md does not describe {}",
            diagnostic_code.as_str()
        );
    }
}

#[test]
fn the_language_guide_lists_every_kind_and_technology() {
    let docs = std::fs::read_to_string(root().join("docs/language.md")).expect("docs/language.md");
    for word in whiteboard::model::kind::all_words() {
        assert!(
            docs.contains(&format!("`{word}`")),
            "docs/language.md does not list `{word}`"
        );
    }
}

#[test]
fn the_language_guide_examples_parse() {
    let docs = std::fs::read_to_string(root().join("docs/language.md")).expect("docs/language.md");
    let blocks: Vec<&str> = docs
        .split("```wb\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect();
    assert!(blocks.len() >= 10, "{}", blocks.len());
    for block in blocks {
        if block.starts_with("KIND ID") {
            continue; // the schematic form, not a design
        }
        let parsed = whiteboard::syntax::parse(block);
        assert!(
            !parsed.has_errors(),
            "a docs example does not parse:\n{block}\n{:?}",
            parsed.diagnostics
        );
    }
    let first = docs
        .split("```wb\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_default();
    let compiled = whiteboard::compile(first);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
}

#[test]
fn help_lines_wrap_at_spaces_only() {
    use whiteboard::diagnostic::{Diagnostic, Style, render};
    // Where Unicode allows a break, miette broke "60K/s" after its slash.
    for words in 10..30 {
        let help = format!("{}serve 60K/s with rate-limit", "word ".repeat(words));
        let diagnostic = Diagnostic::error(Code::Syntax, "x").with_help(help);
        let shown = render(&[diagnostic], "f.wb", "", Style::PLAIN);
        assert!(shown.contains("60K/s"), "cut:\n{shown}");
        assert!(shown.contains("rate-limit"), "cut:\n{shown}");
    }
}
