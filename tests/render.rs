//! `wb render`: every example renders; the files for each flow and stage
//! are written; the SVG is clean, escaped and deterministic; findings appear
//! as badges only where they are.

mod common;

use common::{code, stderr, wb};

fn render_to(folder: &std::path::Path, args: &[&str]) -> std::process::Output {
    let out = folder.to_string_lossy().to_string();
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", &out]);
    wb(&all, b"")
}

/// The SVG with text content pulled onto its element's line.
fn read_svg(path: &std::path::Path) -> String {
    std::fs::read_to_string(path)
        .expect("svg")
        .replace(">\n", ">")
        .replace("\n<", "<")
}

fn files(folder: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("output folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_example_renders_with_a_picture_per_flow_and_stage() {
    let folder = tempfile::tempdir().expect("temp dir");
    let examples: Vec<String> = common::examples()
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut args: Vec<&str> = examples.iter().map(String::as_str).collect();
    args.push("--annotate");
    let output = render_to(folder.path(), &args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let written = files(folder.path());
    for expected in [
        "url-shortener.svg",
        "url-shortener.flow-redirect.svg",
        "chat.flow-send-1-1-message.svg",
        "scaling-a-web-app.stage-1.svg",
        "scaling-a-web-app.stage-4.svg",
        "payments.flow-compensate-a-failed-order.svg",
    ] {
        assert!(
            written.contains(&expected.to_string()),
            "{expected} missing from {written:?}"
        );
    }
    assert!(
        written.iter().all(|name| !name.starts_with(".wb-")),
        "temporary files left: {written:?}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(folder.path().join("chat.svg"))
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o644,
            "new pictures are readable like any file"
        );
    }
    for name in &written {
        let svg = std::fs::read_to_string(folder.path().join(name)).expect("svg");
        assert!(svg.starts_with("<svg"), "{name}");
        assert!(svg.trim_end().ends_with("</svg>"), "{name}");
    }
}

#[test]
fn rendering_is_byte_identical_across_runs() {
    let first = tempfile::tempdir().expect("temp dir");
    let second = tempfile::tempdir().expect("temp dir");
    render_to(
        first.path(),
        &["examples/chat.wb", "examples/scaling-a-web-app.wb"],
    );
    render_to(
        second.path(),
        &["examples/chat.wb", "examples/scaling-a-web-app.wb"],
    );
    for name in files(first.path()) {
        let a = std::fs::read(first.path().join(&name)).expect("first");
        let b = std::fs::read(second.path().join(&name)).expect("second");
        assert!(a == b, "{name} differs between runs");
    }
}

#[test]
fn the_svg_names_components_flows_and_groups_and_keeps_text_as_text() {
    let folder = tempfile::tempdir().expect("temp dir");
    render_to(folder.path(), &["examples/url-shortener.wb"]);
    let svg = read_svg(&folder.path().join("url-shortener.svg"));
    for id in [
        "component-users",
        "component-urls",
        "flow-users-edge",
        "flow-api-clicks",
        "group-us-east-1",
    ] {
        assert!(svg.contains(&format!("id=\"{id}\"")), "no element {id}");
    }
    assert!(svg.contains(">Shortener API<"), "labels are text");
    assert!(
        svg.contains("<title>URL store (sql)"),
        "components carry a tooltip"
    );
    assert!(
        svg.contains("stroke-dasharray=\"6 4\""),
        "async flows are dashed"
    );
    // The structure, element by element, without coordinates.
    let skeleton: String = svg
        .split('<')
        .filter_map(|tag| tag.split([' ', '>', '/']).next())
        .filter(|name| !name.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    insta::assert_snapshot!(skeleton);
}

#[test]
fn user_strings_stay_text() {
    let design = "design \"<b>bold</b> & co\"\nclient users \"<script>alert(1)</script>\"\nservice api \"a\\\"quote\" x2\nusers -> api: <img src=x onerror=alert(1)>\n";
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("evil.wb");
    std::fs::write(&path, design).expect("write");
    let output = render_to(folder.path(), &[&path.to_string_lossy()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let svg = read_svg(&folder.path().join("evil.svg"));
    assert!(!svg.contains("<script"), "a label became markup");
    assert!(!svg.contains("<img"), "a label became markup");
    assert!(!svg.contains("<b>"), "a title became markup");
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(svg.contains("a&quot;quote") || svg.contains("a\"quote"));
}

#[test]
fn annotate_marks_exactly_what_has_findings() {
    let folder = tempfile::tempdir().expect("temp dir");
    let design = "scale { users: 1M }\nclient users \"Users\"\nalb lb \"LB\" { auth: jwt, rate_limit: 10/s }\nservice api \"API\" x2\npostgres db \"DB\"\nprometheus m \"Metrics\"\nusers -> lb: GET /items { protocol: https }\nlb -> api: route\napi -> db: write items\napi -> m: metrics\n";
    let path = folder.path().join("d.wb");
    std::fs::write(&path, design).expect("write");
    render_to(folder.path(), &[&path.to_string_lossy(), "--annotate"]);
    let svg = read_svg(&folder.path().join("d.svg"));
    let component = |id: &str| {
        svg.split(&format!("id=\"component-{id}\""))
            .nth(1)
            .and_then(|rest| rest.split("id=\"component-").next())
            .unwrap_or("")
            .to_string()
    };
    assert!(
        component("db").contains("class=\"finding component\""),
        "the single database has a badge"
    );
    assert!(
        component("db").contains("single-point-of-failure"),
        "its tooltip carries the message"
    );
    assert!(
        !component("api").contains("class=\"finding"),
        "api has no finding and no badge"
    );

    let plain = tempfile::tempdir().expect("temp dir");
    render_to(plain.path(), &[&path.to_string_lossy()]);
    let svg = read_svg(&plain.path().join("d.svg"));
    assert!(
        !svg.contains("class=\"finding"),
        "no badges without --annotate"
    );
}

#[test]
fn walkthrough_pictures_number_their_steps_and_dim_the_rest() {
    let folder = tempfile::tempdir().expect("temp dir");
    render_to(folder.path(), &["examples/url-shortener.wb"]);
    let svg = read_svg(&folder.path().join("url-shortener.flow-redirect.svg"));
    for step in 1..=4 {
        assert!(
            svg.contains(&format!(">{step}</text>")),
            "step {step} is numbered"
        );
    }
    assert!(
        svg.contains("id=\"flow-api-clicks\" opacity=\"0.25\""),
        "flows off the walkthrough are dimmed"
    );
    assert!(
        svg.contains("id=\"flow-users-edge\">"),
        "flows of the walkthrough are not dimmed"
    );
}

#[test]
fn layout_json_lists_boxes_and_routes() {
    let output = wb(
        &["layout", "examples/url-shortener.wb", "--format", "json"],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let layout: serde_json::Value = serde_json::from_str(&common::stdout(&output)).expect("JSON");
    assert_eq!(layout["nodes"].as_array().map(Vec::len), Some(9));
    assert_eq!(layout["groups"][0]["id"], "us-east-1");
    let edge = &layout["edges"][0];
    assert_eq!(edge["from"], "users");
    assert!(edge["points"].as_array().is_some_and(|p| p.len() >= 2));
    assert!(edge["label"]["width"].as_f64().is_some_and(|w| w > 0.0));
    let right = wb(
        &["layout", "examples/url-shortener.wb", "--direction", "down"],
        b"",
    );
    assert_ne!(
        common::stdout(&right),
        common::stdout(&output),
        "--direction overrides the design"
    );
}

#[test]
fn dark_theme_and_legend() {
    let folder = tempfile::tempdir().expect("temp dir");
    render_to(
        folder.path(),
        &["examples/url-shortener.wb", "--theme", "dark", "--legend"],
    );
    let svg = read_svg(&folder.path().join("url-shortener.svg"));
    assert!(svg.contains("fill=\"#0f172a\""), "dark background");
    assert!(svg.contains("class=\"legend\""), "a legend");
    for entry in ["client", "cache", "stream", "asynchronous message"] {
        assert!(svg.contains(&format!(">{entry}<")), "legend lists {entry}");
    }
}

#[test]
fn spline_edges_curve_through_the_same_channels() {
    let folder = tempfile::tempdir().expect("temp dir");
    render_to(folder.path(), &["examples/chat.wb", "--edges", "spline"]);
    let curved = read_svg(&folder.path().join("chat.svg"));
    let plain = tempfile::tempdir().expect("temp dir");
    render_to(plain.path(), &["examples/chat.wb"]);
    let straight = read_svg(&plain.path().join("chat.svg"));
    let curves = |svg: &str| {
        svg.split(" d=\"")
            .skip(1)
            .filter(|d| d.split('"').next().unwrap_or("").contains('C'))
            .count()
    };
    assert!(curves(&curved) > 5, "spline edges have curves");
    let cylinders = curves(&straight);
    assert!(
        curves(&curved) > cylinders,
        "orthogonal edges have none (only shapes do)"
    );
}

#[test]
fn a_picture_is_as_wide_as_its_title() {
    let title = "A design whose title is far wider than its single small component";
    let design = format!("design \"{title}\"\nclient users \"Users\"\n");
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("wide.wb");
    std::fs::write(&path, design).expect("write");
    let output = render_to(folder.path(), &[&path.to_string_lossy()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let svg = read_svg(&folder.path().join("wide.svg"));
    let width: f64 = svg
        .split("width=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|w| w.parse().ok())
        .expect("a width");
    // 16 px SemiBold Inter is wider than 7 px a character.
    let needed = 7.0 * title.chars().count() as f64;
    assert!(width > needed, "width {width} cuts the title ({needed})");
}

#[test]
fn every_flow_is_named_by_the_element_that_draws_it() {
    // Two flows between the same components, and a flow written to a
    // group, whose members' flows are drawn as one line to the group.
    let design = "service api \"API\"\npostgres db \"DB\"\nqueue jobs \"Jobs\"\nworker a \"A\"\nworker b \"B\"\ngroup pool { a b }\napi -> db: read\napi -> db: write\napi -> jobs: enqueue\njobs -> pool: consume\n";
    let model = whiteboard::compile(design).model;
    let drawn = whiteboard::layout::layout(&model.design, whiteboard::layout::Direction::Down)
        .expect("small enough to draw");
    let svg = whiteboard::render::svg(&model.design, &drawn, &Default::default());
    let named = whiteboard::render::drawn_flow_ids(&model.design);
    let ids: Vec<String> = model
        .design
        .graph
        .edge_indices()
        .filter_map(|edge| named.get(&edge).cloned())
        .collect();
    assert_eq!(
        ids,
        [
            "flow-api-db",
            "flow-api-db-2",
            "flow-api-jobs",
            "flow-jobs-pool",
            "flow-jobs-pool"
        ]
    );
    for id in &ids {
        assert!(svg.contains(&format!("id=\"{id}\"")), "no element {id}");
    }
}
