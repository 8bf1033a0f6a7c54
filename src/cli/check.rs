//! `wb check FILE…`: parse and resolve each design and report every problem.

use serde::Serialize;
use whiteboard::diagnostic::{self, Diagnostic, JsonDiagnostic, Severity, Style};
use whiteboard::span::LineIndex;

use super::input::{Input, report};
use super::{Files, Status};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    files: Files,

    /// How to print the diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Source lines with carets and help, on standard error
    Human,
    /// One JSON document on standard output
    Json,
}

#[derive(Serialize)]
struct JsonReport {
    files: Vec<JsonFile>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonFile {
    path: String,
    diagnostics: Vec<JsonDiagnostic>,
}

pub fn run(args: &Args, style: Style) -> Status {
    let mut status = Status::Clean;
    let mut report_json = JsonReport {
        files: Vec::new(),
        errors: 0,
        warnings: 0,
    };
    for path in &args.files.files {
        let (name, text, diagnostics) = match Input::read(path) {
            Ok(input) => {
                let compiled = whiteboard::compile(&input.text);
                (input.name, input.text, compiled.diagnostics)
            }
            Err(diagnostic) => (path.display().to_string(), String::new(), vec![diagnostic]),
        };
        if diagnostics.iter().any(Diagnostic::is_error) {
            status = status.max(Status::Failed);
        }
        report_json.errors += diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        report_json.warnings += diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        match args.format {
            Format::Human => report(&name, &text, &diagnostics, style),
            Format::Json => {
                let index = LineIndex::new(&text);
                report_json.files.push(JsonFile {
                    path: name,
                    diagnostics: diagnostics
                        .iter()
                        .map(|d| diagnostic::to_json(d, &index))
                        .collect(),
                });
            }
        }
    }
    match args.format {
        Format::Human => eprintln!(
            "{}",
            summary(
                args.files.files.len(),
                report_json.errors,
                report_json.warnings
            )
        ),
        Format::Json => match serde_json::to_string_pretty(&report_json) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("wb: cannot write JSON: {error}");
                status = Status::Failed;
            }
        },
    }
    status
}

fn summary(files: usize, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let checked = plural(files, "file");
    if errors == 0 && warnings == 0 {
        return format!("wb: checked {checked}: no problems");
    }
    format!(
        "wb: checked {checked}: {}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
