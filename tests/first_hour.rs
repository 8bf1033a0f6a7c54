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
