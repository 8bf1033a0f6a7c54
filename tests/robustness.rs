//! No input may panic, hang or overflow the stack: each of these gives a
//! clear error or a result.

use proptest::prelude::*;
use whiteboard::compile;
use whiteboard::diagnostic::Code;

fn codes(text: &str) -> Vec<Code> {
    compile(text).diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn a_megabyte_of_nested_braces_is_a_nesting_error() {
    let text = "{".repeat(1024 * 1024);
    assert_eq!(codes(&text), [Code::TooDeep]);
    let text = format!("group g {}", "[".repeat(1024 * 1024));
    assert_eq!(codes(&text), [Code::TooDeep]);
}

#[test]
fn nesting_up_to_the_limit_parses() {
    let depth = whiteboard::syntax::MAX_NESTING;
    let mut text = String::new();
    for level in 0..depth - 1 {
        text.push_str(&format!("group g{level} {{\n"));
    }
    text.push_str("service api { stateless }\n");
    text.push_str(&"}\n".repeat(depth - 1));
    assert_eq!(codes(&text), []);
}

#[test]
fn an_empty_file_is_an_empty_design() {
    let compiled = compile("");
    assert!(compiled.diagnostics.is_empty());
    assert_eq!(compiled.model.design.components().count(), 0);
}

#[test]
fn control_characters_and_stray_braces_are_syntax_errors() {
    let found = codes("\u{0}\u{1}\u{7f}\n}}}\n]\n");
    assert!(!found.is_empty());
    assert!(found.iter().all(|c| *c == Code::Syntax), "{found:?}");
}

#[test]
fn syntax_errors_are_capped_on_text_that_is_no_design() {
    let text = "this is ! not a design\n".repeat(10_000);
    let compiled = compile(&text);
    assert_eq!(
        compiled.diagnostics.len(),
        whiteboard::syntax::MAX_SYNTAX_ERRORS
    );
    let last = compiled
        .diagnostics
        .last()
        .and_then(|d| d.help.clone())
        .unwrap_or_default();
    assert!(last.contains("more lines could not be read"), "{last}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let compiled = compile(&text);
        for diagnostic in &compiled.diagnostics {
            for label in &diagnostic.labels {
                prop_assert!(label.span.end <= text.len());
            }
        }
    }

    #[test]
    fn token_soup_never_panics(tokens in prop::collection::vec(prop::sample::select(vec![
        "client", "service", "redis", "group", "flow", "stage", "design", "scale", "allow", "remove",
        "a", "b", "x2", "x0", "->", "~>", "<->", ":", "{", "}", "[", "]", ",", ";", "\"q\"", "\"",
        "10K", "5/s", "3:1", "2x", "#c", "\n", " ", "ttl", "lru", "true",
        "a -> b\n", "b ~> a\n", "client c\n", "redis r\n", "c -> a -> r\n", "group g { a }\n",
    ]), 0..80)) {
        let text = tokens.concat();
        let compiled = compile(&text);
        prop_assert!(compiled.diagnostics.len() <= 10 * text.len() + 1);
        // Whatever compiles can be checked, laid out and drawn.
        if !compiled.has_errors() {
            let _ = whiteboard::check::check(&compiled.model, &whiteboard::check::Config::default());
            for direction in [whiteboard::layout::Direction::Down, whiteboard::layout::Direction::Right] {
                let layout = whiteboard::layout::layout(&compiled.model.design, direction);
                prop_assert_eq!(layout.nodes.len(), compiled.model.design.components().count());
                let svg = whiteboard::render::svg(&compiled.model.design, &layout, &whiteboard::render::Options::default());
                prop_assert!(svg.starts_with("<svg"));
            }
        }
    }
}

#[test]
fn a_byte_order_mark_and_windows_line_ends_are_accepted() {
    let compiled = compile("\u{feff}client users\r\nservice api\r\nusers -> api: go\r\n");
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
    assert_eq!(compiled.model.design.flows().count(), 1);
}
