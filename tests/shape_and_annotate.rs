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
    assert!(
        rows[3].starts_with("4 Shortener API -&gt; Hot URLs"),
        "{rows:?}"
    );
    let whole = render(&[DESIGN]);
    assert!(
        panel_rows(&whole, "steps").is_empty(),
        "the whole design lists no steps"
    );
}

/// The rows of the steps panel of `walkthrough` drawn from `design`.
fn steps_of(design: &str, walkthrough: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("design.wb");
    std::fs::write(&path, design).expect("write design");
    let svg = render(&[&path.to_string_lossy(), "--flow", walkthrough]);
    panel_rows(&svg, "steps")
}

#[test]
fn a_step_retraces_the_flow_its_arrow_writes() {
    // Two flows join the app and the gateway; the step's `<->` is the
    // WebSocket, not the HTTPS call written after it.
    let design = r#"client  app "App"
service ws  "Gateway" x2
app <-> ws: WSS messages
app -> ws: HTTPS calls
flow "Send" {
  app <-> ws
}
"#;
    let rows = steps_of(design, "Send");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("WSS messages"), "{rows:?}");
}

#[test]
fn of_flows_alike_a_step_retraces_the_one_whose_label_it_repeats_else_the_last() {
    let design = r#"service api    "API" x2
service orders "Orders" x2
api -> orders: place order
api -> orders: order status
flow "Track" {
  api -> orders: place order
}
flow "Buy" {
  api -> orders
}
"#;
    let model = whiteboard::compile(design).model;
    let retraced = |walkthrough: &str| {
        let steps = &model
            .walkthroughs
            .iter()
            .find(|w| w.name == walkthrough)
            .expect("declared")
            .steps;
        let flow = model
            .design
            .graph
            .edge_weight(steps[0].flow)
            .expect("a flow");
        flow.label.clone().unwrap_or_default()
    };
    // It followed the last declared, whatever its label said.
    assert_eq!(retraced("Track"), "place order");
    assert_eq!(retraced("Buy"), "order status");
}

#[test]
fn a_step_to_a_group_retraces_the_flow_its_arrow_writes() {
    // A call and an event stream both go from the API to the workers'
    // group; the step's `~>` is the stream, whether it names the group or
    // one of its members.
    let design = r#"client  app "App"
service api "API" x2
group workers "Workers" {
  worker resize "Resizer" x2
  worker thumbs "Thumbnailer" x2
}
app -> api: upload
api -> workers: HTTPS status poll
api ~> workers: image uploaded
flow "To the group" {
  app -> api ~> workers
}
flow "To a member" {
  app -> api ~> resize
}
"#;
    for walkthrough in ["To the group", "To a member"] {
        let rows = steps_of(design, walkthrough);
        assert_eq!(rows.len(), 2, "{walkthrough}: {rows:?}");
        assert!(
            rows[1].contains("image uploaded"),
            "{walkthrough}: {rows:?}"
        );
    }
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

const HINTED: &str = r#"client  web     "Web"
client  ios     "iOS"
client  android "Android"
lb      lb      "Load balancer" x2
service api     "API" x3
postgres db     "DB" { replicas: 2 }
monitoring mon  "Metrics" { pin: right }
worker  cron    "Nightly job" { pin: top }
align { ios android web }
web -> lb: GET /
ios -> lb: GET /
android -> lb: GET /
lb -> api: route
api -> db: read
cron -> db: cleanup
mon -> api: scrape
"#;

/// Each component's (x, y) centre in the layout of `design`.
fn centres(design: &str, direction: &str) -> std::collections::HashMap<String, (f64, f64)> {
    let output = wb(
        &["layout", "-", "--direction", direction],
        design.as_bytes(),
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let layout: serde_json::Value =
        serde_json::from_str(&common::stdout(&output)).expect("layout JSON");
    layout["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            let at = |key: &str| n[key].as_f64().unwrap_or(f64::NAN);
            (
                n["id"].as_str().unwrap_or("").to_string(),
                (at("x") + at("width") / 2.0, at("y") + at("height") / 2.0),
            )
        })
        .collect()
}

#[test]
fn align_puts_its_members_on_one_rank_in_the_listed_order_both_ways() {
    for direction in ["down", "right"] {
        let at = centres(HINTED, direction);
        let (ios, android, web) = (at["ios"], at["android"], at["web"]);
        if direction == "down" {
            assert!((ios.1 - android.1).abs() < 1.0 && (android.1 - web.1).abs() < 1.0);
            assert!(
                ios.0 < android.0 && android.0 < web.0,
                "{ios:?} {android:?} {web:?}"
            );
        } else {
            assert!((ios.0 - android.0).abs() < 1.0 && (android.0 - web.0).abs() < 1.0);
            assert!(
                ios.1 < android.1 && android.1 < web.1,
                "{ios:?} {android:?} {web:?}"
            );
        }
    }
}

#[test]
fn pin_puts_a_component_on_the_first_rank_or_last_in_its_rank() {
    let at = centres(HINTED, "down");
    let top = at.values().map(|c| c.1).fold(f64::INFINITY, f64::min);
    assert!(
        (at["cron"].1 - top).abs() < 30.0,
        "the pinned job is not on the top rank"
    );
    let mon = at["mon"];
    let same_rank_right = at
        .iter()
        .filter(|(id, c)| id.as_str() != "mon" && (c.1 - mon.1).abs() < 1.0)
        .all(|(_, c)| c.0 < mon.0);
    assert!(same_rank_right, "metrics is not last in its rank: {at:?}");
}

#[test]
fn hints_that_cannot_hold_warn_at_their_line_and_the_rest_is_drawn() {
    let design = format!("{HINTED}align {{ api db }}\nalign {{ lb nope }}\n");
    let output = wb(&["check", "--format", "json", "-"], design.as_bytes());
    let report: serde_json::Value =
        serde_json::from_str(&common::stdout(&output)).expect("report JSON");
    let hints: Vec<&serde_json::Value> = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "wb::hint-ignored")
        .collect();
    let lines: Vec<i64> = hints
        .iter()
        .filter_map(|d| d["start"]["line"].as_i64())
        .collect();
    assert!(lines.contains(&17) && lines.contains(&18), "{hints:?}");
    let at = centres(&design, "down");
    assert!(
        (at["ios"].1 - at["web"].1).abs() < 1.0,
        "the valid hint still holds"
    );
}

#[test]
fn fmt_keeps_hints_and_dot_writes_rank_same() {
    let output = wb(&["fmt", "-"], HINTED.as_bytes());
    let formatted = common::stdout(&output);
    assert!(
        formatted.contains("align { ios android web }"),
        "{formatted}"
    );
    assert!(formatted.contains("pin: top"), "{formatted}");
    let again = wb(&["fmt", "-"], formatted.as_bytes());
    assert_eq!(
        common::stdout(&again),
        formatted,
        "fmt is idempotent with hints"
    );
    let output = wb(&["export", "-", "--to", "dot"], HINTED.as_bytes());
    assert!(
        common::stdout(&output).contains("{ rank=same; \"ios\"; \"android\"; \"web\"; }"),
        "{}",
        common::stdout(&output)
    );
}

const NOTED: &str = r#"client  users "Users"
lb      lb    "Load balancer" x2
service api   "API" x3
redis   hot   "Hot keys" x3 { ttl: 1h, eviction: lru }
postgres db   "DB" { replicas: 2 }
users -> lb -> api: GET /items
api -> hot: lookup
api -> db: read on miss
note api "Stateless: sessions live in Redis"
note api -> db "only on a cache miss"
note "Why Postgres: 2K writes/s, joins for reports"
"#;

/// The SVG of `design` (read from standard input) with `extra` options.
fn render_text(design: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir
        .path()
        .join("picture.svg")
        .to_string_lossy()
        .into_owned();
    let mut args = vec!["render", "-", "-o", target.as_str()];
    args.extend_from_slice(extra);
    let output = wb(&args, design.as_bytes());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    std::fs::read_to_string(&target).expect("svg")
}

#[test]
fn notes_are_drawn_beside_their_targets_and_can_be_left_out() {
    let svg = render_text(NOTED, &[]);
    assert_eq!(svg.matches("class=\"note").count(), 2, "two callouts");
    assert!(svg.contains("Stateless: sessions live in Redis"));
    let rows = panel_rows(&svg, "notes");
    assert!(rows.iter().any(|r| r.contains("Why Postgres")), "{rows:?}");
    let output = wb(&["layout", "-"], NOTED.as_bytes());
    let layout: serde_json::Value = serde_json::from_str(&common::stdout(&output)).expect("json");
    assert_eq!(layout["notes"].as_array().map(Vec::len), Some(2));
    let bare = render_text(NOTED, &["--no-notes"]);
    assert!(
        !bare.contains("class=\"note"),
        "--no-notes draws no callout"
    );
    assert!(panel_rows(&bare, "notes").is_empty());
    let exported = wb(&["export", "-", "--to", "json"], NOTED.as_bytes());
    let json: serde_json::Value = serde_json::from_str(&common::stdout(&exported)).expect("json");
    assert_eq!(json["notes"][1]["on"], "flow");
    assert_eq!(json["notes"][1]["from"], "api");
    for (to, comment) in [("mermaid", "%% note on api:"), ("d2", "# note on api:")] {
        let output = wb(&["export", "-", "--to", to], NOTED.as_bytes());
        assert!(common::stdout(&output).contains(comment), "{to}");
    }
    let formatted = common::stdout(&wb(&["fmt", "-"], NOTED.as_bytes()));
    assert!(
        formatted.contains("note api -> db \"only on a cache miss\""),
        "{formatted}"
    );
    assert_eq!(
        common::stdout(&wb(&["fmt", "-"], formatted.as_bytes())),
        formatted
    );
}

#[test]
fn a_note_on_something_that_does_not_exist_is_an_error() {
    let output = wb(
        &["check", "-"],
        b"service api\nnote apj \"x\"\nnote api -> db \"y\"\n",
    );
    let shown = common::shown(&output);
    assert!(shown.contains("did you mean `api`?"), "{shown}");
    assert!(shown.contains("no flow `api -> db` to note"), "{shown}");
}

#[test]
fn a_step_shows_the_note_on_its_flow() {
    let design = format!("{NOTED}flow \"Read\" {{\n  users -> lb -> api -> db\n}}\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("read.svg").to_string_lossy().into_owned();
    let output = wb(
        &["render", "-", "--flow", "Read", "-o", &target],
        design.as_bytes(),
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let svg = std::fs::read_to_string(&target).expect("svg");
    let rows = panel_rows(&svg, "steps");
    assert!(
        rows.iter().any(|r| r.contains("only on a cache miss")),
        "{rows:?}"
    );
}

#[test]
fn notes_may_stand_in_groups_and_stages_and_need_text() {
    let design = "group g \"G\" {\n  service app \"App\" x2\n  note app \"inside the group\"\n}\nstage \"Grow\" {\n  postgres db \"DB\" { replicas: 2 }\n  note db \"added here\"\n  app -> db: read\n}\n";
    let compiled = whiteboard::compile(design);
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    assert_eq!(compiled.model.design.notes.len(), 2);
    let output = wb(
        &["check", "-"],
        b"service api x2\nnote api\nnote api \"  \"\n",
    );
    let shown = common::shown(&output);
    assert_eq!(shown.matches("a note needs its text").count(), 2, "{shown}");
}

#[test]
fn walkthroughs_and_notes_follow_a_flow_to_a_group() {
    let design = "sqs jobs \"Jobs\" { dlq: true }\ngroup workers \"Workers\" {\n  worker a \"A\" x2\n  worker b \"B\" x2\n}\njobs ~> workers: job\nnote jobs ~> workers \"each job to one worker\"\nflow \"Work\" {\n  jobs ~> workers\n}\nflow \"To B\" {\n  jobs ~> b\n}\n";
    let compiled = whiteboard::compile(design);
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("to-b.svg").to_string_lossy().into_owned();
    let output = wb(
        &["render", "-", "--flow", "To B", "-o", &target],
        design.as_bytes(),
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let svg = std::fs::read_to_string(&target).expect("svg");
    let line = svg
        .split("<g class=\"flow\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or("");
    assert!(
        !line.contains("opacity"),
        "the step to a member is drawn on the group's line: {line}"
    );
}
