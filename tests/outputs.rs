//! The commands that hand designs to other tools and people: `wb render
//! --format png`, `wb export --to mermaid|d2|dot|json`, `wb new`,
//! `wb completions` and `wb man`.

mod common;

use std::path::Path;

use common::{code, stderr, stdout, wb};
use resvg::tiny_skia::Pixmap;

fn svg_width(svg: &str) -> f64 {
    let start = svg.find(" width=\"").map(|at| at + 8).expect("a width");
    svg[start..]
        .split('"')
        .next()
        .and_then(|value| value.parse().ok())
        .expect("a number")
}

#[test]
fn render_png_writes_a_png_per_picture_at_the_scale() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().to_string_lossy().to_string();
    let output = wb(&["render", "examples/url-shortener.wb", "-o", &out], b"");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let output = wb(
        &[
            "render",
            "examples/url-shortener.wb",
            "--format",
            "png",
            "--scale",
            "2",
            "-o",
            &out,
        ],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    for picture in ["url-shortener", "url-shortener.flow-redirect"] {
        let svg =
            std::fs::read_to_string(folder.path().join(format!("{picture}.svg"))).expect("the SVG");
        let png = std::fs::read(folder.path().join(format!("{picture}.png"))).expect("the PNG");
        let pixmap = Pixmap::decode_png(&png).expect("a PNG");
        assert_eq!(f64::from(pixmap.width()), (svg_width(&svg) * 2.0).ceil());
    }
}

#[test]
fn render_scale_is_checked() {
    let output = wb(&["render", "examples/chat.wb", "--scale", "2"], b"");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("--format png"),
        "{}",
        stderr(&output)
    );
    for scale in ["0", "-1", "9", "NaN"] {
        let output = wb(
            &[
                "render",
                "examples/chat.wb",
                "--format",
                "png",
                &format!("--scale={scale}"),
            ],
            b"",
        );
        assert_eq!(code(&output), 2, "--scale {scale}");
        assert!(stderr(&output).contains("at most 8"), "{}", stderr(&output));
    }
}

#[test]
fn export_writes_each_format() {
    let export = |to: &str| {
        let output = wb(&["export", "examples/url-shortener.wb", "--to", to], b"");
        assert_eq!(code(&output), 0, "{to}: {}", stderr(&output));
        stdout(&output)
    };
    let mermaid = export("mermaid");
    assert!(mermaid.starts_with("---\ntitle: \"URL Shortener (TinyURL)\"\n---\nflowchart LR\n"));
    assert!(mermaid.contains("  subgraph us_east_1_[\"us-east-1\"]\n"));
    assert!(mermaid.contains("  api -.->|\"click event\"| clicks\n"));
    let d2 = export("d2");
    assert!(d2.starts_with("direction: right\n"));
    assert!(
        d2.contains(
            "\"us-east-1\".\"api\" -> \"clicks\": \"click event\" {style.stroke-dash: 4}\n"
        )
    );
    assert!(export("dot").starts_with("digraph whiteboard {"));
    assert!(export("json").contains("\"components\""));
}

/// The name `wb new` knows a bundled design by.
fn template_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match path.parent().and_then(Path::file_name) {
        Some(folder) if folder == "as-drawn" => format!("as-drawn/{stem}"),
        _ => stem,
    }
}

#[test]
fn new_offers_every_bundled_design_as_written() {
    let list = stdout(&wb(&["new", "--list"], b""));
    assert!(list.contains("interview "), "{list}");
    for path in common::examples() {
        let name = template_name(&path);
        assert!(
            list.lines()
                .any(|line| line.trim_start().starts_with(&format!("{name} "))),
            "`{name}` is not in the list:\n{list}"
        );
        let output = wb(&["new", &name], b"");
        assert_eq!(code(&output), 0, "{name}: {}", stderr(&output));
        assert_eq!(
            stdout(&output),
            std::fs::read_to_string(&path).expect("example"),
            "{name}"
        );
    }
}

#[test]
fn new_starts_from_the_interview_skeleton_which_checks_cleanly() {
    let folder = tempfile::tempdir().expect("temp dir");
    let design = folder.path().join("design.wb");
    let design_arg = design.to_string_lossy().to_string();
    let output = wb(&["new", "-o", &design_arg], b"");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let written = std::fs::read_to_string(&design).expect("written");
    assert_eq!(
        written,
        std::fs::read_to_string(common::root().join("templates/interview.wb")).expect("template")
    );
    assert!(written.contains("Functional requirements"));
    let output = wb(&["check", "--deny", "warnings", &design_arg], b"");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no problems"),
        "{}",
        stderr(&output)
    );
    let output = wb(&["fmt", "--check", &design_arg], b"");
    assert_eq!(code(&output), 0, "the template is formatted");

    std::fs::write(&design, "client mine\n").expect("edit");
    let output = wb(&["new", "chat", "-o", &design_arg], b"");
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&design).expect("kept"),
        "client mine\n",
        "an existing design is not replaced without --force"
    );
    let output = wb(&["new", "chat", "-o", &design_arg, "--force"], b"");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        std::fs::read_to_string(&design)
            .expect("replaced")
            .contains("Design a Chat System")
    );
}

#[test]
fn new_suggests_the_nearest_template() {
    let output = wb(&["new", "url-shortner-004"], b"");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("did you mean `url-shortener-004`?"),
        "{}",
        stderr(&output)
    );
}

/// The subcommands `wb --help` lists.
fn subcommands() -> Vec<String> {
    let help = stdout(&wb(&["--help"], b""));
    help.lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn completions_cover_every_command_in_each_shell() {
    let commands = subcommands();
    assert!(commands.len() >= 11, "{commands:?}");
    // How each shell's script names a subcommand (a bare name would also
    // match inside other words: `man` in `command`).
    type Entry = fn(&str) -> String;
    let shells: [(&str, Entry); 5] = [
        ("bash", |c| format!("wb,{c})")),
        ("zsh", |c| format!("({c})")),
        ("fish", |c| format!("-a \"{c}\"")),
        ("elvish", |c| format!("cand {c} ")),
        ("powershell", |c| format!("'wb;{c}'")),
    ];
    for (shell, entry) in shells {
        let output = wb(&["completions", shell], b"");
        assert_eq!(code(&output), 0, "{shell}");
        let script = stdout(&output);
        for command in &commands {
            assert!(script.contains(&entry(command)), "{shell}: {command}");
        }
    }
    if common::installed("bash", "--version") {
        let (_folder, path) =
            common::temp_file("wb.bash", &stdout(&wb(&["completions", "bash"], b"")));
        let status = std::process::Command::new("bash")
            .args(["-n", &path])
            .status()
            .expect("bash runs");
        assert!(status.success(), "the bash completion script parses");
    }
}

#[test]
fn man_pages_cover_every_command() {
    let page = stdout(&wb(&["man"], b""));
    assert!(page.contains(".TH wb 1"), "{page}");
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().to_string_lossy().to_string();
    let output = wb(&["man", "-o", &out], b"");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(folder.path().join("wb.1").is_file());
    for command in subcommands() {
        let page = std::fs::read_to_string(folder.path().join(format!("wb-{command}.1")))
            .unwrap_or_else(|_| panic!("no page for `{command}`"));
        assert!(page.contains(&format!(".TH wb-{command} 1")), "{page}");
    }
}
