//! Embeds the bundled designs as `wb new` templates: the interview skeleton
//! in `templates/` and every example under `examples/`, so the list can never
//! drift from the files; and the practice prompts in `practice/`.

use std::fmt::Write;
use std::path::Path;

/// Folders of templates: (folder, section, prefix of the template's name).
const SOURCES: &[(&str, &str, &str)] = &[
    ("templates", "Interview", ""),
    ("examples", "Starter", ""),
    ("examples/walkthroughs", "Walkthrough", ""),
    ("examples/patterns", "Pattern", ""),
    ("examples/as-drawn", "AsDrawn", "as-drawn/"),
];

/// The practice prompts in `practice/`, one per walkthrough: (name, text).
fn prompt_table(root: &str) -> String {
    let dir = Path::new(root).join("practice");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
                .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut table = String::from("&[\n");
    for name in names {
        let _ = writeln!(
            table,
            "    (\"{name}\", include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/practice/{name}.toml\"))),"
        );
    }
    table.push(']');
    table
}

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    let mut table = String::from("&[\n");
    for (folder, section, prefix) in SOURCES {
        let dir = Path::new(&root).join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| path.extension().is_some_and(|ext| ext == "wb"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        for path in files {
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let relative = format!("{folder}/{stem}.wb");
            let _ = writeln!(
                table,
                "    Template {{ name: \"{prefix}{stem}\", section: Section::{section}, \
                 text: include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{relative}\")) }},"
            );
        }
    }
    table.push(']');
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_string());
    if let Err(error) = std::fs::write(Path::new(&out).join("templates.rs"), table) {
        println!("cargo:warning=cannot write the template table: {error}");
    }
    let prompts = prompt_table(&root);
    if let Err(error) = std::fs::write(Path::new(&out).join("prompts.rs"), prompts) {
        println!("cargo:warning=cannot write the practice prompts: {error}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
