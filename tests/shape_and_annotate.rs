//! Shaping and annotating the picture: walkthrough pictures list their
//! steps, the numbers panel shows what `wb estimate` derives, and neither
//! covers the diagram.

mod common;

use common::{code, stderr, wb};
use whiteboard::estimate::units;

const DESIGN: &str = "examples/url-shortener.wb";

/// The texts of the rows of the panel of `class` in an SVG, each row's
/// texts joined by spaces.
fn panel_rows(svg: &str, class: &str) -> Vec<String> {
    let Some(start) = svg.find(&format!("class=\"panel {class}\"")) else {
        return Vec::new();
    };
    let panel = &svg[start..];
    let end = panel.find("</g></g>").map_or(panel.len(), |e| e + 4);
    panel[..end]
        .split("<g class=\"row\">")
        .skip(1)
        .map(|row| {
            row.split("<text")
                .skip(1)
                .filter_map(|t| t.split('>').nth(1).and_then(|rest| rest.split('<').next()))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn render(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("picture.svg");
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    let target_text = target.to_string_lossy().into_owned();
    all.extend_from_slice(&["-o", &target_text]);
    let output = wb(&all, b"");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    std::fs::read_to_string(&target).expect("svg")
}

#[test]
fn a_walkthrough_picture_lists_its_steps_beside_the_diagram() {
    let svg = render(&[DESIGN, "--flow", "Redirect"]);
    let rows = panel_rows(&svg, "steps");
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(
        rows[0].starts_with("1 Web &amp; mobile -&gt; CDN: GET /{code}"),
        "{rows:?}"
    );
    assert!(rows[3].starts_with("4 Shortener API -&gt; Hot URLs"), "{rows:?}");
    let whole = render(&[DESIGN]);
    assert!(
        panel_rows(&whole, "steps").is_empty(),
        "the whole design lists no steps"
    );
}

#[test]
fn the_numbers_panel_shows_the_estimate() {
    let svg = render(&[DESIGN, "--numbers"]);
    let rows = panel_rows(&svg, "numbers");
    let output = wb(&["estimate", "--format", "json", DESIGN], b"");
    let json: serde_json::Value =
        serde_json::from_str(&common::stdout(&output)).expect("estimate JSON");
    let number = |path: &[&str]| {
        path.iter()
            .fold(&json, |value, key| &value[*key])
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    let reads = rows
        .iter()
        .find(|r| r.starts_with("Reads"))
        .expect("reads row");
    let read_avg = number(&["qps", "read_avg"]);
    assert!(
        reads.contains(&units::rate(read_avg)),
        "{reads} vs {read_avg}"
    );
    let storage = rows
        .iter()
        .find(|r| r.starts_with("Storage"))
        .expect("storage row");
    let per_year = number(&["storage_bytes", "per_year"]);
    assert!(
        storage.contains(&units::bytes(per_year)),
        "{storage} vs {per_year}"
    );
    let without = render(&[DESIGN]);
    assert!(panel_rows(&without, "numbers").is_empty());
}
