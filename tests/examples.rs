//! The bundled examples: each compiles without errors, and the resolved model
//! of the product sample is pinned by a snapshot.

mod common;

#[test]
fn every_example_compiles_cleanly() {
    let examples = common::examples();
    assert!(examples.len() >= 4);
    for path in examples {
        let text = std::fs::read_to_string(&path).expect("readable");
        let compiled = whiteboard::compile(&text);
        assert!(
            compiled.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            compiled.diagnostics
        );
    }
}

#[test]
fn the_product_sample_resolves_as_written() {
    let text =
        std::fs::read_to_string(common::root().join("examples/url-shortener.wb")).expect("sample");
    let compiled = whiteboard::compile(&text);
    insta::assert_json_snapshot!(compiled.model);
}

#[test]
fn stages_replay_additions_changes_and_removals() {
    let text = std::fs::read_to_string(common::root().join("examples/scaling-a-web-app.wb"))
        .expect("example");
    let model = whiteboard::compile(&text).model;
    let summary: Vec<String> = model
        .stages
        .iter()
        .map(|stage| {
            let components: Vec<String> = stage
                .design
                .components()
                .map(|c| format!("{}x{}", c.id, c.instances))
                .collect();
            let flows: Vec<String> = stage
                .design
                .flows()
                .map(|f| format!("{}>{}", f.from, f.to))
                .collect();
            format!(
                "{}: {} | {}",
                stage.name,
                components.join(" "),
                flows.join(" ")
            )
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"));
}

#[test]
fn the_readme_example_checks_cleanly() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    let example = readme
        .split("```wb\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a wb example in the README");
    let compiled = whiteboard::compile(example);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
    assert!(example.lines().count() <= 12);
}
