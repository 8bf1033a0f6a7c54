//! Every stage of whiteboard on one text, as a user's commands would run
//! them. Shared by the fuzz target (`fuzz/`) and the corpus regression test
//! (`tests/fuzz_corpus.rs`), so what the fuzzer found stays fixed.

use whiteboard::layout::Direction;

/// Runs every stage that applies to `text`; panics (or hangs) only where
/// whiteboard has a bug.
pub fn exercise(text: &str) {
    let compiled = whiteboard::compile(text);
    if !compiled.parsed.has_errors() {
        let formatted = whiteboard::format::format(&compiled.parsed.file, text);
        let again = whiteboard::syntax::parse(&formatted);
        assert!(
            !again.has_errors(),
            "formatted text does not parse:\n{formatted}"
        );
    }
    if compiled.has_errors() {
        return;
    }
    let model = &compiled.model;
    let _ = whiteboard::estimate::estimate(model);
    let findings = whiteboard::check::check(model, &whiteboard::check::Config::default()).findings;
    let options = whiteboard::render::Options {
        annotations: whiteboard::render::badges(&findings),
        ..whiteboard::render::Options::default()
    };
    for direction in [Direction::Down, Direction::Right] {
        match whiteboard::render::pictures(
            model,
            "fuzz",
            direction,
            &options,
            whiteboard::render::Which::All,
        ) {
            Ok(pictures) => assert!(pictures.iter().all(|(_, svg)| svg.starts_with("<svg"))),
            // Too large to draw is the one error a valid design may meet here.
            Err(error) => assert_eq!(error.code, whiteboard::diagnostic::Code::TooLarge),
        }
        let _ = whiteboard::export::dot::dot(model, direction);
        let _ = whiteboard::export::mermaid::mermaid(model, direction);
        let _ = whiteboard::export::d2::d2(model, direction);
    }
    let _ = serde_json::to_string(model);
}
