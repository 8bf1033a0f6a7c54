//! What a new user trips over in the first hour, each with the behaviour an
//! experienced user of such tools expects: output paths, findings on
//! standard output, empty files, habits from other tools.

mod common;

use common::{code, stderr, stdout, wb};

const DESIGN: &str = "examples/url-shortener.wb";

#[test]
fn render_to_a_file_name_writes_that_one_file_in_its_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["diagram.svg", "pic.png", "nested/deeper/pic.PNG"] {
        let target = dir.path().join(name);
        let output = wb(&["render", DESIGN, "-o", &target.to_string_lossy()], b"");
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        assert!(target.is_file(), "{name} is not a file");
        let bytes = std::fs::read(&target).expect("written");
        if name.to_lowercase().ends_with(".png") {
            assert!(bytes.starts_with(b"\x89PNG"), "{name} is not a PNG");
        } else {
            assert!(
                String::from_utf8_lossy(&bytes).starts_with("<svg"),
                "{name}"
            );
        }
        assert_eq!(
            stdout(&output).trim(),
            format!("wrote {}", target.display())
        );
    }
}

#[test]
fn render_into_a_folder_lists_each_file_unless_quiet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_string_lossy().into_owned();
    let output = wb(&["render", DESIGN, "-o", &out], b"");
    let printed = stdout(&output);
    let listed: Vec<&str> = printed.lines().collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(
        listed.iter().all(|line| line.starts_with("wrote ")),
        "{listed:?}"
    );
    let output = wb(&["render", "-q", DESIGN, "-o", &out], b"");
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
}

#[test]
fn flow_and_stage_pick_one_picture() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("redirect.svg");
    let output = wb(
        &[
            "render",
            DESIGN,
            "--flow",
            "redirect",
            "-o",
            &target.to_string_lossy(),
        ],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let svg = std::fs::read_to_string(&target).expect("svg");
    assert!(svg.contains("Redirect"), "not the walkthrough's picture");
    let output = wb(
        &[
            "render",
            DESIGN,
            "--flow",
            "nope",
            "-o",
            &target.to_string_lossy(),
        ],
        b"",
    );
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("\"Redirect\""),
        "{}",
        stderr(&output)
    );
    let staged = "examples/scaling-a-web-app.wb";
    let folder = dir.path().join("stages");
    let output = wb(
        &[
            "render",
            staged,
            "--stage",
            "2",
            "-o",
            &folder.to_string_lossy(),
        ],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let written: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["scaling-a-web-app.stage-2.svg"]);
    let output = wb(
        &[
            "render",
            staged,
            "--stage",
            "99",
            "-o",
            &folder.to_string_lossy(),
        ],
        b"",
    );
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("stages 1 to"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_file_name_takes_one_design_and_agrees_with_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("one.svg").to_string_lossy().into_owned();
    let output = wb(&["render", DESIGN, "examples/chat.wb", "-o", &target], b"");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("names one picture"),
        "{}",
        stderr(&output)
    );
    let output = wb(&["render", DESIGN, "--format", "png", "-o", &target], b"");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("drop one of them"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn findings_go_to_standard_output_and_the_summary_to_standard_error() {
    let output = wb(
        &["check", "tests/fixtures/diagnostics/slash-comment.wb"],
        b"",
    );
    assert!(
        stdout(&output).contains("wb::slash-comment"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("missing-monitoring"));
    assert!(!stderr(&output).contains("wb::slash-comment"));
    assert!(
        stderr(&output).contains("checked 1 file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_empty_file_is_reported_and_draws_nothing() {
    let output = wb(&["check", "-"], b"");
    assert!(
        stdout(&output).contains("wb::empty-design"),
        "{}",
        stdout(&output)
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_string_lossy().into_owned();
    let output = wb(&["render", "-", "-o", &out], b"# nothing yet\n");
    assert_ne!(code(&output), 0);
    assert!(
        stderr(&output).contains("nothing to draw"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

const BEFORE: &str = r#"client  users "Users"
lb      lb    "Load balancer" x2
service api   "API" x3
postgres db   "DB"
users -> lb -> api: GET /
api -> db: read
"#;

const AFTER: &str = r#"client  users "Users"
lb      lb    "Load balancer" x2
service api   "API" x3
postgres db   "DB" { allow single-point-of-failure "a demo database" }
users -> lb -> api: GET /
api -> db: read
"#;

#[test]
fn diff_lists_new_allows_and_calls_what_they_silence_suppressed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, new) = (dir.path().join("old.wb"), dir.path().join("new.wb"));
    std::fs::write(&old, BEFORE).expect("old");
    std::fs::write(&new, AFTER).expect("new");
    let output = wb(
        &["diff", &old.to_string_lossy(), &new.to_string_lossy()],
        b"",
    );
    let text = stdout(&output);
    assert!(
        text.contains("+ allow single-point-of-failure on db"),
        "{text}"
    );
    assert!(text.contains("suppressed by a new `allow`"), "{text}");
    assert!(text.contains("0 resolved, 1 suppressed"), "{text}");
    let output = wb(
        &[
            "diff",
            &new.to_string_lossy(),
            &old.to_string_lossy(),
            "--format",
            "json",
        ],
        b"",
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(
        json["diff"]["allows"]["removed"][0]["rule"],
        "single-point-of-failure"
    );
}

#[test]
fn diff_renders_png_by_the_extension_and_refuses_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, new) = (dir.path().join("old.wb"), dir.path().join("new.wb"));
    std::fs::write(&old, BEFORE).expect("old");
    std::fs::write(&new, AFTER).expect("new");
    let png = dir.path().join("change.png");
    let args = |out: &str| {
        wb(
            &[
                "diff",
                &old.to_string_lossy(),
                &new.to_string_lossy(),
                "--render",
                out,
            ],
            b"",
        )
    };
    let output = args(&png.to_string_lossy());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(std::fs::read(&png).expect("png").starts_with(b"\x89PNG"));
    let output = args(&dir.path().join("change.jpg").to_string_lossy());
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("`.svg` or `.png`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn explain_takes_short_names_and_suggests_the_nearest_rule() {
    for short in ["spof", "SPOF", "dlq", "cdn"] {
        let output = wb(&["explain", short], b"");
        assert_eq!(code(&output), 0, "{short}: {}", stderr(&output));
        assert!(stdout(&output).starts_with("# "), "{short}");
    }
    let output = wb(&["explain", "spof"], b"");
    assert!(stdout(&output).starts_with("# single-point-of-failure"));
    let output = wb(&["explain", "missing-cach"], b"");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("did you mean `missing-cache`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_estimate_without_a_request_rate_points_at_the_scale_block_and_the_ignored_key() {
    let design = "scale {\n  pages: 1B/month\n  object_size: 10KB\n}\nclient users\nservice api x2\nusers -> api: GET /\n";
    let output = wb(&["estimate", "-"], design.as_bytes());
    assert_eq!(code(&output), 2);
    let text = stderr(&output);
    assert!(text.contains("unknown `scale` key `pages`"), "{text}");
    assert!(text.contains("<stdin>:1:1"), "{text}");
    assert!(
        text.contains("`pages` is not a key the estimate reads"),
        "{text}"
    );
}

#[test]
fn a_design_of_entry_rates_is_estimated_from_the_command_line() {
    let design = "worker s \"Scheduler\" { entry: true, rate: 2K/s }\nsqs q { dlq: true }\nworker w x2\npostgres db { replicas: 2 }\ns ~> q: enqueue\nq ~> w: consume\nw -> db: insert\n";
    let output = wb(&["estimate", "-"], design.as_bytes());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).contains("no `scale` block"),
        "{}",
        stdout(&output)
    );
}

const TO_A_GROUP: &str = r#"client  users "Users"
lb      lb    "Load balancer" x2
service api   "API" x3
sqs     jobs  "Jobs" { dlq: true }
group workers "Workers" {
  worker resize "Resizer" x2
  worker thumbs "Thumbnailer" x2
  worker scan   "Virus scan" x2
}
s3 media "Media"
users -> lb -> api: POST /upload
api ~> jobs: enqueue
jobs ~> workers: consume
[resize, thumbs, scan] -> media: write
"#;

#[test]
fn a_flow_to_a_group_reaches_each_member_and_is_drawn_to_the_group_box() {
    let compiled = whiteboard::compile(TO_A_GROUP);
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    let to_members: Vec<&str> = compiled
        .model
        .design
        .flows()
        .filter(|f| f.from == "jobs")
        .map(|f| f.to.as_str())
        .collect();
    assert_eq!(to_members, ["resize", "thumbs", "scan"]);
    let report = whiteboard::check::check(&compiled.model, &whiteboard::check::Config::default());
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.rule != "unreachable-component"),
        "{:?}",
        report.findings
    );
    let scaled = format!("scale {{ qps: 900/s, read_write: 1:2 }}\n{TO_A_GROUP}");
    let estimate =
        whiteboard::estimate::estimate(&whiteboard::compile(&scaled).model).expect("estimate");
    let load = |id: &str| {
        estimate
            .components
            .iter()
            .find(|c| c.id == id)
            .map_or(0.0, |c| c.load.write_avg)
    };
    let jobs = load("jobs");
    assert!(jobs > 0.0);
    for member in ["resize", "thumbs", "scan"] {
        assert!(
            (load(member) - jobs / 3.0).abs() < 1e-6,
            "{member}: {} of {jobs}",
            load(member)
        );
    }
    let output = wb(&["layout", "-"], TO_A_GROUP.as_bytes());
    let layout: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("layout JSON");
    let edges = layout["edges"].as_array().expect("edges");
    let to_group: Vec<&serde_json::Value> = edges.iter().filter(|e| e["from"] == "jobs").collect();
    assert_eq!(to_group.len(), 1, "one line to the group");
    assert_eq!(to_group[0]["to"], "workers");
    let group = layout["groups"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["id"] == "workers"))
        .expect("the group box");
    let end = to_group[0]["points"]
        .as_array()
        .and_then(|p| p.last())
        .expect("an end");
    let (x, y) = (
        end[0].as_f64().unwrap_or(0.0),
        end[1].as_f64().unwrap_or(0.0),
    );
    let (gx, gy) = (
        group["x"].as_f64().unwrap_or(0.0),
        group["y"].as_f64().unwrap_or(0.0),
    );
    let (gw, gh) = (
        group["width"].as_f64().unwrap_or(0.0),
        group["height"].as_f64().unwrap_or(0.0),
    );
    let on_border = ((y - gy).abs() < 0.5 || (y - gy - gh).abs() < 0.5) && x >= gx && x <= gx + gw
        || ((x - gx).abs() < 0.5 || (x - gx - gw).abs() < 0.5) && y >= gy && y <= gy + gh;
    assert!(
        on_border,
        "the line ends at ({x}, {y}), not on the group's border"
    );
}

#[test]
fn a_flow_from_a_group_is_still_an_error_that_says_why() {
    let compiled = whiteboard::compile(
        TO_A_GROUP
            .replace("jobs ~> workers", "workers ~> jobs")
            .as_str(),
    );
    let messages: Vec<&str> = compiled
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("a flow starts at a component")),
        "{messages:?}"
    );
}

#[test]
fn a_replica_must_copy_another_store_of_its_kind() {
    for (design, says) in [
        ("postgres db \"DB\" { replica_of: db }\n", "itself"),
        (
            "postgres a \"A\" { replica_of: b }\npostgres b \"B\" { replica_of: a }\n",
            "is a replica itself",
        ),
        (
            "service api \"API\"\nredis c \"C\" { replica_of: api }\n",
            "only databases and caches",
        ),
        (
            "postgres p \"P\"\nredis c \"C\" { replica_of: p }\n",
            "`c` is a `cache` and `p` a `sql`",
        ),
        // Two streams are of one kind: what is wrong is that a stream has
        // no read replicas.
        (
            "kafka log \"Log\"\nkafka followers \"F\" { replica_of: log }\n",
            "only databases and caches have read replicas, and `log` is a `stream`",
        ),
    ] {
        let compiled = whiteboard::compile(design);
        assert!(
            compiled
                .diagnostics
                .iter()
                .any(|d| d.message.starts_with("`replica_of`:") && d.message.contains(says)),
            "{design}: {:?}",
            compiled.diagnostics
        );
    }
}

#[test]
fn other_picture_formats_and_control_characters_are_refused_or_defused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("picture.jpg");
    let output = wb(&["render", DESIGN, "-o", &target.to_string_lossy()], b"");
    assert_eq!(code(&output), 2);
    assert!(!target.exists(), "no folder named picture.jpg");
    let output = wb(
        &["check", "-"],
        b"client users \"U\"\n\x1b]0;title\x07 oops\n",
    );
    let shown = common::shown(&output);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
}
