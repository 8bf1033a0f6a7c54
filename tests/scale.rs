//! A design of 10,000 components and 30,000 flows goes through every stage.
//! How long each stage takes is measured by `cargo bench --bench scale`, not
//! here. The test needs an optimised build (a debug build takes minutes), so
//! `.ci/run` runs it with `cargo test --release --test scale -- --ignored`.

mod common;

use whiteboard::check::{self, Config};
use whiteboard::layout::{self, Direction};

#[test]
#[ignore = "slow in a debug build; run with --release (as .ci/run does)"]
fn ten_thousand_components_and_thirty_thousand_flows_are_parsed_checked_and_drawn() {
    let text = common::generate::architecture_with(10_000, 7, 5);
    let compiled = whiteboard::compile(&text);
    assert!(!compiled.has_errors());
    let design = &compiled.model.design;
    assert_eq!(design.graph.node_count(), 10_000);
    assert!(
        design.graph.edge_count() >= 30_000,
        "{}",
        design.graph.edge_count()
    );
    let report = check::check(&compiled.model, &Config::default());
    assert!(!report.findings.is_empty());
    let computed = layout::layout(design, Direction::Down).expect("small enough to draw");
    assert_eq!(computed.nodes.len(), 10_000);
    assert_eq!(computed.edges.len(), design.graph.edge_count());
    let svg = whiteboard::render::svg(design, &computed, &whiteboard::render::Options::default());
    assert_eq!(svg.matches("class=\"component ").count(), 10_000);
}

#[test]
#[ignore = "slow in a debug build; run with --release (as .ci/run does)"]
fn designs_shaped_against_the_pipeline_are_drawn_or_refused() {
    for (name, text) in common::generate::adversarial(10_000) {
        let compiled = whiteboard::compile(&text);
        let codes: Vec<&str> = compiled
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code.as_str())
            .collect();
        match name {
            "nested groups" => {
                // Cut every 32 levels.
                assert_eq!(codes.len(), 10_000 / 32, "{name}");
                assert!(codes.iter().all(|c| *c == "wb::too-deep"), "{name}");
            }
            "undeclared names" => {
                assert_eq!(codes.len(), 10_000, "{name}");
                assert!(
                    codes.iter().all(|c| *c == "wb::undefined-component"),
                    "{name}"
                );
            }
            "stages" => assert_eq!(codes, ["wb::too-large"], "{name}"),
            _ => assert!(codes.is_empty(), "{name}: {codes:?}"),
        }
        if compiled.has_errors() {
            continue;
        }
        let model = &compiled.model;
        check::check(model, &Config::default());
        let pictures = whiteboard::render::pictures(
            model,
            name,
            Direction::Down,
            &whiteboard::render::Options::default(),
            whiteboard::render::Which::All,
        )
        .expect("within the layout's limit");
        assert_eq!(pictures.len(), 1 + model.stages.len(), "{name}");
    }
}
