//! No input may panic, hang or overflow the stack: each of these gives a
//! clear error or a result.

mod common;

use proptest::prelude::*;
use whiteboard::compile;
use whiteboard::diagnostic::Code;
use whiteboard::layout::Direction;

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
    let codes: Vec<Code> = compiled.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::EmptyDesign]);
    assert!(!compiled.has_errors(), "an empty design is a warning");
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
                let layout = whiteboard::layout::layout(&compiled.model.design, direction).expect("small enough to draw");
                prop_assert_eq!(layout.nodes.len(), compiled.model.design.components().count());
                let svg = whiteboard::render::svg(&compiled.model.design, &layout, &whiteboard::render::Options::default());
                prop_assert!(svg.starts_with("<svg"));
                prop_assert!(whiteboard::render::png::png(&svg, 0.5).is_ok());
                // Every export of it too.
                let model = &compiled.model;
                let _ = whiteboard::export::dot::dot(model, direction);
                let _ = whiteboard::export::d2::d2(model, direction);
                let mermaid = whiteboard::export::mermaid::mermaid(model, direction);
                prop_assert_eq!(mermaid.matches("subgraph").count(), model.design.groups.len());
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

#[test]
fn a_fan_out_of_millions_of_flows_is_refused_before_it_is_built() {
    let ids = |prefix: &str| {
        (0..1_000)
            .map(|i| format!("{prefix}{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = format!("[{}] -> [{}]: call\n", ids("a"), ids("b"));
    let compiled = compile(&text);
    assert_eq!(codes(&text), vec![Code::TooLarge]);
    assert!(
        compiled.diagnostics[0].message.contains("300000 flows"),
        "{}",
        compiled.diagnostics[0].message
    );
    assert_eq!(compiled.model.design.graph.edge_count(), 0);
}

#[test]
fn more_components_than_the_limit_is_an_error_at_the_first_one_too_many() {
    let limit = whiteboard::model::MAX_COMPONENTS;
    let text: String = (0..=limit).map(|i| format!("service s{i}\n")).collect();
    let compiled = compile(&text);
    assert_eq!(codes(&text), vec![Code::TooLarge]);
    let span = compiled.diagnostics[0].primary_span().expect("a span");
    assert_eq!(&text[span.start..span.end], format!("service s{limit}"));
    let just_enough: String = (0..100).map(|i| format!("service s{i}\n")).collect();
    assert!(codes(&just_enough).is_empty());
}

/// A chain of `length` services, `extra` more lines after it.
fn chain(length: usize, extra: &str) -> String {
    let services: String = (0..length).map(|i| format!("service c{i}\n")).collect();
    let calls: Vec<String> = (0..length).map(|i| format!("c{i}")).collect();
    format!("{services}{}\n{extra}", calls.join(" -> "))
}

#[test]
fn a_drawing_of_more_points_than_the_limit_is_refused_before_it_is_built() {
    let long_flows: String = (0..500)
        .map(|i| format!("c0 -> c1199: long {i}\n"))
        .collect();
    let text = chain(1_200, &long_flows);
    let model = compile(&text).model;
    let error =
        whiteboard::layout::layout(&model.design, Direction::Down).expect_err("1.2 million points");
    assert!(error.points > whiteboard::layout::MAX_POINTS, "{error:?}");
    let diagnostic = error.diagnostic(&model.design);
    assert_eq!(diagnostic.code, Code::TooLarge);
    let span = diagnostic.primary_span().expect("the longest flow");
    assert_eq!(&text[span.start..span.end], "c0 -> c1199: long 0");
    assert_eq!(
        diagnostic.labels[0].text.as_deref(),
        Some("the longest flow spans 1199 rows")
    );
}

#[test]
fn groups_spanning_many_rows_count_towards_the_limit() {
    // Each group has a member pinned to the top and one to the bottom of
    // the chain (a labelled flow: a label row between every two rows of
    // components). Flows alone would leave each group on one row.
    let groups: String = (0..500)
        .map(|i| {
            format!(
                "group g{i} {{\n  service a{i} {{ pin: top }}\n  service b{i} {{ pin: bottom }}\n}}\n"
            )
        })
        .collect();
    let text = chain(1_200, &format!("c0 -> c1: labelled\n{groups}"));
    let model = compile(&text).model;
    let error =
        whiteboard::layout::layout(&model.design, Direction::Down).expect_err("1.2 million points");
    let diagnostic = error.diagnostic(&model.design);
    let span = diagnostic.primary_span().expect("the tallest group");
    assert!(text[span.start..span.end].starts_with("group g0 {"));
    assert_eq!(
        diagnostic.labels[0].text.as_deref(),
        Some("the tallest group spans 1200 rows")
    );
    // 150 such groups fit.
    let fewer: String = groups
        .lines()
        .take(6 * 150)
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        whiteboard::layout::layout(
            &compile(&chain(1_200, &fewer)).model.design,
            Direction::Down
        )
        .is_ok()
    );
}

/// An example with a few lines doubled or deleted, and statements added at
/// its end (positions are fractions of the text, so any example can be
/// mutated). Deleting may break a design; the rest keeps most mutants valid,
/// so they reach every stage.
fn mutated_example() -> impl Strategy<Value = String> {
    let examples: Vec<String> = common::examples()
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    // Each is whole on its own; `N` becomes the edit's number, so ids differ.
    let additions = prop::sample::select(vec![
        "redis cN \"Added cache\" x3 { ttl: 1h }",
        "worker wN\nkafka qN { dlq: true }\nqN ~> wN: consume",
        "service sN x2\nredis rN\nsN -> [rN]: read\nsN <-> rN: both",
        "group gN \"Added\" {\n  worker gwN\n  group hN { service gsN }\n}\ngwN -> gsN: call",
        "stage \"Added N\" { worker lateN }",
        "# an added note",
    ]);
    (
        prop::sample::select(examples),
        prop::collection::vec((0.0..1.0f64, 0..6u8, additions), 1..8),
    )
        .prop_map(|(example, edits)| {
            let mut lines: Vec<&str> = example.lines().collect();
            let mut added = Vec::new();
            for (number, (at, operation, addition)) in edits.into_iter().enumerate() {
                let line = ((lines.len() as f64) * at) as usize;
                let is_flow = |text: &str| text.contains("->") || text.contains("~>");
                match operation {
                    0 if line < lines.len() => {
                        lines.remove(line);
                    }
                    1 | 2 if lines.get(line).is_some_and(|text| is_flow(text)) => {
                        lines.insert(line, lines[line]);
                    }
                    _ => added.push(addition.replace('N', &number.to_string())),
                }
            }
            lines.join("\n") + "\n" + &added.join("\n")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn mutated_examples_never_break_the_pipeline(text in mutated_example()) {
        common::pipeline::exercise(&text);
    }
}
