//! The `wb` command line: exit statuses, standard input, atomic writes,
//! help on every command.

mod common;

use common::{code, shown, stdout, temp_file, wb};

#[test]
fn the_product_sample_has_no_errors_and_no_warnings_only_hygiene_notes() {
    let output = wb(&["check", "examples/url-shortener.wb"], b"");
    assert_eq!(code(&output), 0, "{}", shown(&output));
    assert!(
        shown(&output).contains("0 errors, 0 warnings, 2 info"),
        "{}",
        shown(&output)
    );
    let output = wb(
        &["check", "--deny", "warnings", "examples/url-shortener.wb"],
        b"",
    );
    assert_eq!(
        code(&output),
        0,
        "info findings do not fail --deny warnings"
    );
}

#[test]
fn findings_at_error_level_exit_1_and_show_rule_and_fix() {
    let output = wb(
        &["check", "-"],
        b"scale { users: 1M }\nclient app\npostgres db { replicas: 2 }\napp -> db: SELECT\n",
    );
    assert_eq!(code(&output), 1, "{}", shown(&output));
    let text = shown(&output);
    assert!(text.contains("client-to-database"), "{text}");
    assert!(text.contains("<stdin>:4:1"), "{text}");
    assert!(text.contains("help: put a service in between"), "{text}");
}

#[test]
fn check_json_lists_findings_with_rule_target_and_position() {
    let output = wb(
        &["check", "--format", "json", "examples/url-shortener.wb"],
        b"",
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let findings = report["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let auth = findings
        .iter()
        .find(|f| f["rule"] == "missing-auth")
        .expect("missing-auth");
    assert_eq!(auth["severity"], "info");
    assert_eq!(auth["component"], "lb");
    assert_eq!(auth["start"]["line"], 18);
    assert!(
        auth["suggestion"]
            .as_str()
            .unwrap_or("")
            .contains("auth: jwt")
    );
}

#[test]
fn whiteboard_toml_next_to_the_design_or_above_it_applies() {
    let folder = tempfile::tempdir().expect("temp dir");
    let nested = folder.path().join("designs/v1");
    std::fs::create_dir_all(&nested).expect("folders");
    std::fs::write(
        folder.path().join("whiteboard.toml"),
        "[rules]\nunlabeled-flow = \"error\"\n",
    )
    .expect("config");
    let design = nested.join("d.wb");
    std::fs::write(&design, "scale { users: 1M }\nclient users\nservice api x2 { auth: none, rate_limit: 10/s }\nusers -> api\n").expect("design");
    let output = wb(&["check", &design.to_string_lossy()], b"");
    assert_eq!(code(&output), 1, "{}", shown(&output));
    assert!(shown(&output).contains("unlabeled-flow"));

    std::fs::write(
        folder.path().join("whiteboard.toml"),
        "[rules]\nunlabeled-flw = \"off\"\n",
    )
    .expect("config");
    let output = wb(&["check", &design.to_string_lossy()], b"");
    assert_eq!(code(&output), 2, "an invalid configuration fails the run");
    assert!(
        shown(&output).contains("did you mean `unlabeled-flow`?"),
        "{}",
        shown(&output)
    );
}

#[test]
fn rules_lists_every_rule_and_explain_prints_its_documentation() {
    let output = wb(&["rules"], b"");
    assert_eq!(code(&output), 0);
    let list = stdout(&output);
    assert_eq!(list.lines().count(), whiteboard::check::all_rules().len());
    assert!(
        list.lines()
            .any(|l| l.starts_with("single-point-of-failure") && l.contains("warning")),
        "{list}"
    );

    let output = wb(&["explain", "missing-cache"], b"");
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    for section in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## References",
        "Guide 004",
    ] {
        assert!(text.contains(section), "{section} missing from:\n{text}");
    }

    let output = wb(&["explain", "missing-cahce"], b"");
    assert_eq!(code(&output), 2);
    assert!(shown(&output).contains("did you mean `missing-cache`?"));
}

#[test]
fn five_mistakes_give_five_diagnostics_with_positions_and_exit_2() {
    let output = wb(
        &["check", "tests/fixtures/diagnostics/five-mistakes.wb"],
        b"",
    );
    assert_eq!(code(&output), 2);
    let text = shown(&output);
    let positions: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split("five-mistakes.wb:").nth(1))
        .collect();
    assert_eq!(
        positions,
        ["5:1]", "6:31]", "8:10]", "11:8]", "12:1]"],
        "{text}"
    );
    assert_eq!(text.matches("  × ").count(), 5, "{text}");
}

#[test]
fn check_reads_standard_input() {
    let output = wb(
        &["check", "-"],
        b"client users\nservice api\nusers -> api: go\n",
    );
    assert_eq!(code(&output), 0, "{}", shown(&output));
    let output = wb(&["check", "-"], b"client users\nusers -> nobody\n");
    assert_eq!(code(&output), 2);
    assert!(
        shown(&output).contains("<stdin>:2:10"),
        "{}",
        shown(&output)
    );
}

#[test]
fn check_json_lists_every_diagnostic_with_positions() {
    let output = wb(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/diagnostics/five-mistakes.wb",
        ],
        b"",
    );
    assert_eq!(code(&output), 2);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["errors"], 5);
    let first = &report["files"][0]["diagnostics"][0];
    assert_eq!(first["code"], "wb::unknown-kind");
    assert_eq!(first["start"]["line"], 5);
    assert_eq!(first["start"]["column"], 1);
    assert_eq!(first["help"], "did you mean `service`?");
}

#[test]
fn a_missing_file_is_an_io_error_with_exit_2() {
    let output = wb(&["check", "no/such/design.wb"], b"");
    assert_eq!(code(&output), 2);
    assert!(shown(&output).contains("wb::io"), "{}", shown(&output));
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let output = wb(&["check", "no/such/design.wb", "examples/chat.wb"], b"");
    assert_eq!(code(&output), 2);
    assert!(
        shown(&output).contains("checked 2 files: 1 error"),
        "{}",
        shown(&output)
    );
}

#[test]
fn too_large_input_is_refused_with_a_clear_error() {
    let line = "client users \"a component\"\n";
    let (_folder, file) = temp_file("huge.wb", &line.repeat(50 * 1024 * 1024 / line.len()));
    let output = wb(&["check", &file], b"");
    assert_eq!(code(&output), 2);
    assert!(
        shown(&output).contains("wb::too-large"),
        "{}",
        shown(&output)
    );
}

#[test]
fn a_design_too_large_to_draw_is_checked_but_not_drawn() {
    let design = common::root().join("tests/fixtures/fuzz/crashes/flows-across-a-thousand-rows.wb");
    let design = design.to_string_lossy();
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().to_string_lossy();
    let output = wb(&["render", &design, "-o", &out], b"");
    assert_eq!(code(&output), 2);
    assert!(
        shown(&output).contains("wb::too-large") && shown(&output).contains("the longest flow"),
        "{}",
        shown(&output)
    );
    assert_eq!(
        std::fs::read_dir(folder.path())
            .expect("output folder")
            .count(),
        0
    );
    let output = wb(&["layout", &design], b"");
    assert_eq!(code(&output), 2);
    assert!(stdout(&output).is_empty());
    let output = wb(&["check", &design, "--format", "json"], b"");
    assert!(code(&output) < 2, "{}", shown(&output));
}

#[test]
fn every_command_has_help() {
    for command in [
        &["--help"][..],
        &["check", "--help"],
        &["fmt", "--help"],
        &["export", "--help"],
        &["rules", "--help"],
        &["explain", "--help"],
        &["render", "--help"],
        &["layout", "--help"],
        &["estimate", "--help"],
        &["new", "--help"],
        &["diff", "--help"],
        &["watch", "--help"],
        &["completions", "--help"],
        &["man", "--help"],
    ] {
        let output = wb(command, b"");
        assert_eq!(code(&output), 0, "{command:?}");
        assert!(
            stdout(&output).contains("Usage: wb"),
            "{command:?}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn fmt_rewrites_in_place_and_check_mode_reports_without_writing() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("design.wb");
    let messy =
        "client   users\nservice api   \"API\"   x2{stateless}\nusers->api:go   # a comment\n";
    std::fs::write(&path, messy).expect("write");
    let file = path.to_string_lossy().to_string();

    let output = wb(&["fmt", "--check", &file], b"");
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("design.wb"));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), messy);

    let output = wb(&["fmt", &file], b"");
    assert_eq!(code(&output), 0, "{}", shown(&output));
    let formatted = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        formatted,
        "client  users\nservice api   \"API\" x2 { stateless }\nusers -> api: go  # a comment\n"
    );
    assert_eq!(code(&wb(&["fmt", "--check", &file], b"")), 0);
    let leftovers: Vec<_> = std::fs::read_dir(folder.path())
        .expect("list")
        .flatten()
        .collect();
    assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
}

#[test]
fn fmt_leaves_a_file_that_does_not_parse_untouched() {
    let broken = "client   users\nusers =>   api\n";
    let (_folder, file) = temp_file("broken.wb", broken);
    let output = wb(&["fmt", &file], b"");
    assert_eq!(code(&output), 2);
    assert!(shown(&output).contains("wb::syntax"));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), broken);
}

#[test]
fn fmt_reads_standard_input_and_writes_standard_output() {
    let output = wb(&["fmt", "-"], b"client   users   # who\n");
    assert_eq!(code(&output), 0);
    assert_eq!(stdout(&output), "client users  # who\n");
}

#[test]
fn export_json_writes_the_resolved_model() {
    let output = wb(
        &["export", "examples/url-shortener.wb", "--to", "json"],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", shown(&output));
    let model: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(model["title"], "URL Shortener (TinyURL)");
    assert_eq!(model["components"].as_array().map(Vec::len), Some(9));
    assert_eq!(
        model["groups"][0]["members"],
        serde_json::json!(["lb", "api", "hot", "urls"])
    );
}

#[test]
fn export_to_a_file_is_atomic_and_refuses_broken_designs() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("model.json");
    let out_arg = out.to_string_lossy().to_string();
    let output = wb(
        &["export", "examples/chat.wb", "--to", "json", "-o", &out_arg],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", shown(&output));
    let first = std::fs::read_to_string(&out).expect("written");
    assert!(first.contains("\"chat\""));

    let output = wb(
        &["export", "-", "--to", "json", "-o", &out_arg],
        b"client a\na -> b\n",
    );
    assert_eq!(code(&output), 2);
    assert_eq!(
        std::fs::read_to_string(&out).expect("still there"),
        first,
        "a failed export changed the output"
    );
}

#[test]
fn estimate_prints_each_number_with_its_formula() {
    let output = wb(&["estimate", "examples/url-shortener.wb"], b"");
    assert_eq!(code(&output), 0, "{}", shown(&output));
    let text = stdout(&output);
    for expected in [
        "reads, average   11.5K/s  = 100M users × 10/day each × 100/101 (100:1)",
        "per year  1.81 TB/year  = 115 writes/s × 31.5M s/year × 500B",
        "hot set  99 GB",
        "Load at peak",
        "hit ratio of `hot` not given: 80% assumed",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in\n{text}");
    }
}

#[test]
fn estimate_json_follows_the_documented_schema() {
    let output = wb(
        &["estimate", "--format", "json", "examples/url-shortener.wb"],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", shown(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    for key in ["read_avg", "read_peak", "write_avg", "write_peak"] {
        assert!(json["qps"][key].is_f64(), "qps.{key}: {json}");
    }
    assert!(json["storage_bytes"]["per_year"].is_f64());
    assert!(json["storage_bytes"]["total"].is_f64());
    assert!(json["bandwidth_bytes_per_s"]["ingress"].is_f64());
    assert!(json["bandwidth_bytes_per_s"]["egress"].is_f64());
    assert!(json["cache_bytes"].is_f64());
    let api = json["components"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["id"] == "api"))
        .expect("api");
    for key in ["rps_peak", "capacity", "utilisation"] {
        assert!(api[key].is_f64(), "api.{key}: {api}");
    }
}

#[test]
fn estimate_without_numbers_is_a_clear_error() {
    let output = wb(
        &["estimate", "-"],
        b"client users\nservice api x2\nusers -> api: GET\n",
    );
    assert_eq!(code(&output), 2);
    assert!(
        shown(&output).contains("wb::no-scale"),
        "{}",
        shown(&output)
    );
    assert!(
        shown(&output).contains("has no `scale` block"),
        "{}",
        shown(&output)
    );
    let output = wb(&["estimate", "-"], b"scale { dau: 1M }\nclient users\n");
    assert_eq!(code(&output), 2);
    assert!(
        shown(&output).contains("gives no request rate"),
        "{}",
        shown(&output)
    );
}

#[test]
fn render_annotate_labels_flows_with_their_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_string_lossy().into_owned();
    let output = wb(
        &[
            "render",
            "--annotate",
            "examples/url-shortener.wb",
            "-o",
            &out,
        ],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", shown(&output));
    let svg = std::fs::read_to_string(dir.path().join("url-shortener.svg")).expect("svg");
    assert!(
        svg.contains("34.4K/s at peak"),
        "no load on the client's flow"
    );
    let output = wb(&["render", "examples/url-shortener.wb", "-o", &out], b"");
    assert_eq!(code(&output), 0);
    let svg = std::fs::read_to_string(dir.path().join("url-shortener.svg")).expect("svg");
    assert!(
        !svg.contains("at peak"),
        "loads are shown only with --annotate"
    );
}

#[test]
fn a_large_design_is_drawn_the_same_on_one_thread_and_on_several() {
    let (folder, path) = temp_file(
        "large.wb",
        &in_regions(&common::generate::architecture(300, 1)),
    );
    let drawn = |threads: &str| {
        let picture = folder.path().join(format!("on-{threads}.svg"));
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_wb"));
        command
            .args(["render", "-q", &path, "-o"])
            .arg(&picture)
            .env("WB_THREADS", threads);
        let output = common::pipe(&mut command, b"");
        assert_eq!(code(&output), 0, "{}", common::stderr(&output));
        std::fs::read_to_string(&picture).expect("the picture is written")
    };
    let one = drawn("1");
    assert!(one.contains("<svg"));
    assert!(
        one == drawn("2") && one == drawn("3"),
        "the pictures differ"
    );
}

/// The generated design with its zones in pairs, each pair in a region:
/// groups nested two deep.
fn in_regions(design: &str) -> String {
    let mut out = String::new();
    let mut zone = None;
    let mut open = false;
    for line in design.lines() {
        if let Some(rest) = line.strip_prefix("group zone") {
            let number: usize = rest
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            zone = Some(number);
            if number % 2 == 0 {
                out.push_str(&format!("group region{number} \"Region {number}\" {{\n"));
                open = true;
            }
        }
        out.push_str(line);
        out.push('\n');
        if line == "}" && zone.is_some_and(|n| n % 2 == 1) && open {
            out.push_str("}\n");
            open = false;
        }
    }
    if open {
        out.push_str("}\n");
    }
    out
}
