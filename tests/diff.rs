//! `wb diff`: the semantic difference between two versions of a design —
//! pinned for every as-drawn design against its walkthrough, with the laws
//! a difference obeys, its JSON, its picture and its use from git.

mod common;

use std::path::Path;

use common::{code, stderr, stdout, wb};
use whiteboard::check::{self, Config};
use whiteboard::diff::{self, Diff};
use whiteboard::model::Model;

fn model(path: &Path) -> Model {
    let text = std::fs::read_to_string(path).expect("readable");
    let compiled = whiteboard::compile(&text);
    assert!(!compiled.has_errors(), "{}", path.display());
    compiled.model
}

fn difference(old: &Model, new: &Model) -> Diff {
    let report = |m: &Model| check::check(m, &Config::default());
    diff::diff(old, &report(old), new, &report(new))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(common::root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_as_drawn_design_against_its_walkthrough() {
    insta::glob!("../examples/as-drawn", "*.wb", |drawn| {
        let name = drawn.file_name().expect("a file name");
        let complete = common::root().join("examples/walkthroughs").join(name);
        let output = wb(&["diff", &relative(drawn), &relative(&complete)], b"");
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        insta::assert_snapshot!(stdout(&output));
    });
}

#[test]
fn a_design_against_itself_has_no_difference() {
    for path in common::examples() {
        let design = model(&path);
        let same = difference(&design, &design);
        assert!(same.is_empty(), "{}", path.display());
        assert!(same.findings.introduced.is_empty() && same.findings.resolved.is_empty());
    }
}

#[test]
fn reversing_the_versions_swaps_additions_and_removals() {
    let drawn = common::root().join("examples/as-drawn");
    for entry in std::fs::read_dir(&drawn).expect("as-drawn").flatten() {
        let old = model(&entry.path());
        let new = model(
            &common::root()
                .join("examples/walkthroughs")
                .join(entry.file_name()),
        );
        let forward = difference(&old, &new);
        let backward = difference(&new, &old);
        let ids = |list: &[diff::ComponentSummary]| {
            let mut ids: Vec<String> = list.iter().map(|c| c.id.clone()).collect();
            ids.sort();
            ids
        };
        assert_eq!(
            ids(&forward.components.added),
            ids(&backward.components.removed)
        );
        assert_eq!(
            ids(&forward.components.removed),
            ids(&backward.components.added)
        );
        assert_eq!(forward.flows.added.len(), backward.flows.removed.len());
        assert_eq!(forward.flows.changed.len(), backward.flows.changed.len());
        assert_eq!(
            forward.findings.introduced.len(),
            backward.findings.resolved.len()
        );
    }
}

fn diff_of(old: &str, new: &str) -> Diff {
    difference(
        &whiteboard::compile(old).model,
        &whiteboard::compile(new).model,
    )
}

#[test]
fn values_are_compared_by_meaning_and_parallel_flows_by_label() {
    let old = "service api x2\nredis c { ttl: 24h }\napi -> c: read\napi -> c: write\n";
    let same = "service api \"API\" x2\nredis c { ttl: 1d }\napi -> c: write\napi -> c: read\n";
    let d = diff_of(old, same);
    let changed: Vec<&str> = d.components.changed.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(changed, ["api"], "only the label changed: {d:?}");
    assert!(
        d.flows.is_empty(),
        "reordered flows are the same flows: {d:?}"
    );

    let relabelled =
        "service api x2\nredis c { ttl: 24h }\napi -> c: read\napi ~> c: write later\n";
    let d = diff_of(old, relabelled);
    assert_eq!(d.flows.changed.len(), 1, "{d:?}");
    let fields: Vec<&str> = d.flows.changed[0]
        .changes
        .iter()
        .map(|c| c.field.as_str())
        .collect();
    assert_eq!(fields, ["kind", "label"]);
}

#[test]
fn json_names_every_kind_of_change() {
    let output = wb(
        &[
            "diff",
            "--format",
            "json",
            "examples/as-drawn/chat-004.wb",
            "examples/walkthroughs/chat-004.wb",
        ],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(json["old"], "examples/as-drawn/chat-004.wb");
    let diff = &json["diff"];
    for part in ["components", "flows", "groups"] {
        for list in ["added", "removed", "changed"] {
            assert!(diff[part][list].is_array(), "{part}.{list}");
        }
    }
    assert!(
        diff["findings"]["resolved"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    let change = &diff["components"]["changed"][0];
    assert!(change["id"].is_string() && change["changes"][0]["field"].is_string());
}

#[test]
fn render_outlines_additions_and_ghosts_removals() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("change.svg");
    let output = wb(
        &[
            "diff",
            "examples/as-drawn/url-shortener-004.wb",
            "examples/walkthroughs/url-shortener-004.wb",
            "--render",
            &out.to_string_lossy(),
        ],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let svg = std::fs::read_to_string(&out).expect("drawn");
    let old = model(&common::root().join("examples/as-drawn/url-shortener-004.wb"));
    let new = model(&common::root().join("examples/walkthroughs/url-shortener-004.wb"));
    let d = difference(&old, &new);
    let count = |class: &str| svg.matches(&format!(" {class}\"")).count();
    assert_eq!(
        count("added"),
        d.components.added.len() + d.flows.added.len()
    );
    assert_eq!(
        count("removed"),
        d.components.removed.len() + d.flows.removed.len()
    );
    assert_eq!(
        count("changed"),
        d.components.changed.len() + d.flows.changed.len()
    );
    // The removed database is drawn, ghosted, where it was.
    let at = svg
        .find("id=\"component-db\"")
        .expect("the removed db is drawn");
    let element = &svg[at..at + svg[at..].find('>').expect("tag end")];
    assert!(element.contains("opacity=\"0.35\""), "{element}");
    assert!(element.contains("stroke-dasharray"), "{element}");
}

#[test]
fn git_difftool_and_textconv_show_the_semantic_difference() {
    if !common::installed("git", "--version") {
        eprintln!("skipped: git is not installed");
        return;
    }
    let folder = tempfile::tempdir().expect("temp dir");
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .args(args)
            .current_dir(folder.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", folder.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .expect("git runs");
        assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
        stdout(&output)
    };
    let design = folder.path().join("design.wb");
    std::fs::write(&design, "client users\nservice api\nusers -> api: call\n").expect("write");
    git(&["init", "-q"]);
    git(&["add", "design.wb"]);
    git(&["commit", "-q", "-m", "one"]);
    std::fs::write(
        &design,
        "client users\nservice api x3\nredis cache { ttl: 1h }\nusers -> api: call\napi -> cache: read\n",
    )
    .expect("edit");
    let wb_path = env!("CARGO_BIN_EXE_wb");
    let difftool = git(&[
        "difftool",
        "--no-prompt",
        "--extcmd",
        &format!("{wb_path} diff"),
        "--",
        "design.wb",
    ]);
    assert!(difftool.contains("+ cache cache"), "{difftool}");
    assert!(
        difftool.contains("~ api  instances `1` → `3`"),
        "{difftool}"
    );

    std::fs::write(
        folder.path().join(".gitattributes"),
        "*.wb diff=whiteboard\n",
    )
    .expect("write");
    git(&[
        "config",
        "diff.whiteboard.textconv",
        &format!("{wb_path} export --to json"),
    ]);
    let textconv = git(&["diff", "--", "design.wb"]);
    assert!(textconv.contains("+      \"instances\": 3,"), "{textconv}");
}
