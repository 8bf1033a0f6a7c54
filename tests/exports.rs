//! Every output form, for every example: the model as JSON, Graphviz DOT
//! (which `dot` must accept), Mermaid (pinned by fixtures), D2 (which D2
//! itself must compile) and PNG (with the text drawn into its pixels).

mod common;

use std::path::{Path, PathBuf};

use resvg::tiny_skia::Pixmap;
use whiteboard::export::{d2, dot, mermaid};
use whiteboard::layout::{self, Direction};
use whiteboard::model::{FlowKind, Model};
use whiteboard::render::{self, png};

/// The examples, the export fixture and the interview template.
fn designs() -> Vec<PathBuf> {
    let mut designs = common::examples();
    designs.push(common::root().join("tests/fixtures/export/awkward-names.wb"));
    designs.push(common::root().join("templates/interview.wb"));
    designs
}

fn model_of(path: &Path) -> Model {
    let text = std::fs::read_to_string(path).expect("readable design");
    let compiled = whiteboard::compile(&text);
    assert!(!compiled.has_errors(), "{}", path.display());
    compiled.model
}

fn direction(model: &Model) -> Direction {
    Direction::of(&model.settings).unwrap_or_default()
}

fn name(path: &Path) -> String {
    path.strip_prefix(common::root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn flows_of(model: &Model, kind: FlowKind) -> usize {
    model
        .design
        .flows()
        .filter(|flow| flow.kind == kind)
        .count()
}

#[test]
fn json_holds_every_component_flow_and_group() {
    for path in designs() {
        let model = model_of(&path);
        let json: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&model).expect("serialises"))
                .expect("valid JSON");
        let count = |key: &str| json[key].as_array().map_or(0, Vec::len);
        assert_eq!(
            count("components"),
            model.design.graph.node_count(),
            "{}",
            name(&path)
        );
        assert_eq!(count("flows"), model.design.graph.edge_count());
        assert_eq!(count("groups"), model.design.groups.len());
        assert_eq!(count("walkthroughs"), model.walkthroughs.len());
        assert_eq!(count("stages"), model.stages.len());
    }
}

/// Mermaid's node definitions, edges by arrow, subgraphs and their ends.
#[derive(Debug, Default, PartialEq)]
struct MermaidShape {
    nodes: usize,
    sync: usize,
    dashed: usize,
    both: usize,
    subgraphs: usize,
    ends: usize,
}

fn mermaid_shape(text: &str) -> MermaidShape {
    let mut shape = MermaidShape::default();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["subgraph", ..] => shape.subgraphs += 1,
            ["end"] => shape.ends += 1,
            [_, arrow, ..] if arrow.starts_with("-->") => shape.sync += 1,
            [_, arrow, ..] if arrow.starts_with("-.->") => shape.dashed += 1,
            [_, arrow, ..] if arrow.starts_with("<-->") => shape.both += 1,
            [
                "flowchart" | "classDef" | "class" | "---" | "title:" | "%%",
                ..,
            ]
            | [] => {}
            _ => shape.nodes += 1,
        }
    }
    shape
}

#[test]
fn mermaid_has_an_edge_per_flow_dashed_when_async_and_a_subgraph_per_group() {
    for path in designs() {
        let model = model_of(&path);
        let text = mermaid::mermaid(&model, direction(&model));
        let expected = MermaidShape {
            nodes: model.design.graph.node_count(),
            sync: flows_of(&model, FlowKind::Sync),
            dashed: flows_of(&model, FlowKind::Async),
            both: flows_of(&model, FlowKind::Both),
            subgraphs: model.design.groups.len(),
            ends: model.design.groups.len(),
        };
        assert_eq!(mermaid_shape(&text), expected, "{}\n{text}", name(&path));
    }
}

#[test]
fn mermaid_of_the_starter_examples_is_pinned() {
    insta::glob!("../examples", "*.wb", |path| {
        let model = model_of(path);
        insta::assert_snapshot!(mermaid::mermaid(&model, direction(&model)));
    });
}

#[test]
fn awkward_names_stay_plain_text_in_mermaid_and_d2() {
    let model = model_of(&common::root().join("tests/fixtures/export/awkward-names.wb"));
    insta::assert_snapshot!(
        "mermaid-awkward-names",
        mermaid::mermaid(&model, direction(&model))
    );
    insta::assert_snapshot!("d2-awkward-names", d2::d2(&model, direction(&model)));
}

#[test]
fn graphviz_accepts_the_dot_of_every_example() {
    if !common::needs_dot() {
        return;
    }
    for path in designs() {
        let model = model_of(&path);
        let source = dot::dot(&model, direction(&model));
        let output = common::pipe(
            std::process::Command::new("dot").arg("-Tsvg"),
            source.as_bytes(),
        );
        let errors = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() && !errors.contains("Error"),
            "{}: dot rejected the export:\n{errors}\n{source}",
            name(&path)
        );
        let svg = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            svg.matches("class=\"node\"").count(),
            model.design.graph.node_count(),
            "{}",
            name(&path)
        );
    }
}

#[test]
fn dot_lays_out_our_boxes() {
    // The comparison with dot is of layouts, so dot gets each component's
    // box as we draw it, whatever its shape and text; and dot still ends
    // every edge at its target's border, in either direction (with
    // `fixedsize=shape` and `rankdir=LR`, dot drew edges to the centres).
    if !common::needs_dot() {
        return;
    }
    for path in designs() {
        let model = model_of(&path);
        let theirs = common::metrics::dot_drawing(&model);
        let ours = common::metrics::our_drawing(&model);
        for (id, box_) in &ours.nodes {
            let drawn = theirs.nodes.get(id).expect("dot draws every component");
            assert!(
                (drawn.w - box_.w).abs() <= 1.0 && (drawn.h - box_.h).abs() <= 1.0,
                "{}: dot draws {id} {}×{}, we {}×{}",
                name(&path),
                drawn.w,
                drawn.h,
                box_.w,
                box_.h
            );
        }
        for edge in &theirs.edges {
            let (Some(end), Some(target)) = (edge.points.last(), theirs.nodes.get(&edge.to)) else {
                continue;
            };
            let (cx, cy) = (target.x + target.w / 2.0, target.y + target.h / 2.0);
            assert!(
                (end.0 - cx).abs() > target.w / 4.0 || (end.1 - cy).abs() > target.h / 4.0,
                "{}: dot ends {} -> {} at {end:?}, inside {target:?}",
                name(&path),
                edge.from,
                edge.to
            );
        }
    }
}

/// Runs a script of `tests/js` on `(name, source)` pairs and returns its
/// results, one per pair, after checking the tool accepted every source;
/// `None` when the tools are not installed.
fn run_node(script: &str, sources: Vec<(String, String)>) -> Option<Vec<serde_json::Value>> {
    let mut command = common::node_script(script)?;
    let input: Vec<serde_json::Value> = sources
        .iter()
        .map(|(name, source)| serde_json::json!({ "name": name, "source": source }))
        .collect();
    let input = serde_json::to_string(&input).expect("JSON");
    let results: Vec<serde_json::Value> =
        common::json_stdout(&common::pipe(&mut command, input.as_bytes()), script);
    assert_eq!(
        results.len(),
        sources.len(),
        "{script}: a result per source"
    );
    for result in &results {
        assert!(
            result["error"].is_null(),
            "{script} rejected the export of {}: {}",
            result["name"],
            result["error"]
        );
    }
    Some(results)
}

/// Every design's model, and its export by `export`, named by its path.
fn exported(export: fn(&Model, Direction) -> String) -> (Vec<Model>, Vec<(String, String)>) {
    let designs = designs();
    let models: Vec<Model> = designs.iter().map(|path| model_of(path)).collect();
    let sources = designs
        .iter()
        .zip(&models)
        .map(|(path, model)| (name(path), export(model, direction(model))))
        .collect();
    (models, sources)
}

#[test]
fn mermaid_parses_the_mermaid_of_every_example_into_the_same_graph() {
    let (models, sources) = exported(mermaid::mermaid);
    let Some(results) = run_node("mermaid.mjs", sources) else {
        return;
    };
    for (result, model) in results.iter().zip(&models) {
        let name = &result["name"];
        let list = |key: &str| result[key].as_array().cloned().unwrap_or_default();
        let nodes = list("nodes");
        assert_eq!(nodes.len(), model.design.graph.node_count(), "{name}");
        let edges = list("edges");
        assert_eq!(edges.len(), model.design.graph.edge_count(), "{name}");
        let dotted = edges.iter().filter(|e| e["stroke"] == "dotted").count();
        let both = edges
            .iter()
            .filter(|e| e["type"] == "double_arrow_point")
            .count();
        assert_eq!(
            dotted,
            flows_of(model, FlowKind::Async),
            "{name}: async dashed"
        );
        assert_eq!(both, flows_of(model, FlowKind::Both), "{name}: two-way");
        let subgraphs = list("subgraphs");
        assert_eq!(subgraphs.len(), model.design.groups.len(), "{name}");
        let mut sizes: Vec<usize> = subgraphs
            .iter()
            .map(|subgraph| subgraph["nodes"].as_array().map_or(0, Vec::len))
            .collect();
        let mut expected: Vec<usize> = model
            .design
            .groups
            .iter()
            .map(|group| {
                let children = model.design.groups.iter();
                let nested = children
                    .filter(|g| g.parent.as_deref() == Some(group.id.as_str()))
                    .count();
                group.members.len() + nested
            })
            .collect();
        sizes.sort_unstable();
        expected.sort_unstable();
        assert_eq!(sizes, expected, "{name}: members of each subgraph");
    }
}

#[test]
fn d2_compiles_the_d2_of_every_example() {
    let (models, sources) = exported(d2::d2);
    let Some(results) = run_node("d2.mjs", sources) else {
        return;
    };
    for (result, model) in results.iter().zip(&models) {
        let count = |key: &str| result[key].as_array().map_or(0, Vec::len);
        let title = usize::from(model.title.is_some());
        assert_eq!(
            count("shapes"),
            model.design.graph.node_count() + model.design.groups.len() + title,
            "{}: a shape per component, group and title",
            result["name"]
        );
        assert_eq!(
            count("connections"),
            model.design.graph.edge_count(),
            "{}",
            result["name"]
        );
    }
    let awkward = results
        .iter()
        .find(|r| r["name"] == "tests/fixtures/export/awkward-names.wb")
        .expect("the fixture");
    let labels: Vec<&str> = awkward["shapes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|shape| shape["label"].as_str())
        .collect();
    assert!(labels.contains(&"Shape $db #1\nPostgreSQL"), "{labels:?}");
    assert!(labels.contains(&"The \"end\" user"), "{labels:?}");
}

#[test]
fn every_example_becomes_a_png_of_its_svg_size() {
    for path in designs() {
        let model = model_of(&path);
        let pictures = render::pictures(
            &model,
            "design",
            direction(&model),
            &render::Options::default(),
            render::Which::Design,
        )
        .expect("small enough to draw");
        let (_, svg) = pictures.first().expect("the whole design");
        let bytes = png::png(svg, 1.0).expect("rasterises");
        let pixmap = Pixmap::decode_png(&bytes).expect("a PNG");
        let width: f64 = svg_attribute(svg, "width");
        let height: f64 = svg_attribute(svg, "height");
        assert_eq!(
            (pixmap.width(), pixmap.height()),
            (width.ceil() as u32, height.ceil() as u32),
            "{}",
            name(&path)
        );
    }
}

fn svg_attribute(svg: &str, attribute: &str) -> f64 {
    let start = svg
        .find(&format!(" {attribute}=\""))
        .map(|at| at + attribute.len() + 3)
        .expect("attribute");
    svg[start..]
        .split('"')
        .next()
        .and_then(|value| value.parse().ok())
        .expect("a number")
}

/// How many pixels inside `area` (in SVG units, times `scale`) differ
/// between two pictures of the same size.
fn differing(a: &Pixmap, b: &Pixmap, area: [f64; 4], scale: f64) -> usize {
    let [x, y, w, h] = area.map(|v| v * scale);
    let mut count = 0;
    for py in (y.ceil() as u32)..((y + h).floor() as u32) {
        for px in (x.ceil() as u32)..((x + w).floor() as u32) {
            if a.pixel(px, py) != b.pixel(px, py) {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn text_is_drawn_into_the_png_with_the_embedded_font() {
    let model = model_of(&common::root().join("examples/url-shortener.wb"));
    let computed = layout::layout(&model.design, direction(&model)).expect("small enough to draw");
    let options = render::Options::default();
    let svg = render::svg(&model.design, &computed, &options);
    let without_text: String = {
        // The same picture with every text element emptied.
        let mut out = String::new();
        let mut rest = svg.as_str();
        while let Some(open) = rest.find("<text") {
            let Some(close) = rest[open..].find("</text>") else {
                break;
            };
            out.push_str(&rest[..open]);
            rest = &rest[open + close + "</text>".len()..];
        }
        out.push_str(rest);
        out
    };
    let labels: Vec<[f64; 4]> = computed
        .edges
        .iter()
        .filter_map(|edge| edge.label)
        .map(|label| [label.x, label.y, label.width, label.height])
        .collect();
    assert!(labels.len() >= 5, "the sample's flows have labels");
    for scale in [1.0_f32, 2.0] {
        let drawn = Pixmap::decode_png(&png::png(&svg, scale).expect("png")).expect("decodes");
        let blank =
            Pixmap::decode_png(&png::png(&without_text, scale).expect("png")).expect("decodes");
        let expected_width = (svg_attribute(&svg, "width") * f64::from(scale)).ceil();
        assert_eq!(f64::from(drawn.width()), expected_width);
        for label in &labels {
            let inked = differing(&drawn, &blank, *label, f64::from(scale));
            let area = label[2] * label[3] * f64::from(scale * scale);
            assert!(
                inked as f64 > area * 0.05,
                "label at {label:?}, scale {scale}: only {inked} of {area} pixels are text"
            );
        }
    }
}

#[test]
fn png_limits_are_errors_not_crashes() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"></svg>"#;
    assert!(matches!(
        png::png(svg, 1.0),
        Err(png::PngError::TooLarge { .. })
    ));
    for scale in [0.0, -1.0, f32::NAN, 100.0] {
        assert!(matches!(png::png(svg, scale), Err(png::PngError::Scale(_))));
    }
}
