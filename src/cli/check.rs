//! `wb check FILE…`: parse, resolve and lint each design; report everything.

use std::path::Path;

use serde::Serialize;
use whiteboard::check::{self, Config, Finding};
use whiteboard::diagnostic::{self, Diagnostic, JsonDiagnostic, Severity, Style};
use whiteboard::span::{LineIndex, Position};

use super::input::{Input, report};
use super::sarif;
use super::{Files, Status};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    files: Files,

    /// How to print the results
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Treat warnings as errors for the exit status (`--deny warnings`)
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Option<Deny>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
    /// Source lines with carets and help on standard output, the summary line on standard error
    Human,
    /// One JSON document on standard output
    Json,
    /// SARIF 2.1.0 on standard output, for GitHub code scanning
    Sarif,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Deny {
    Warnings,
}

/// Everything `wb check` learned about one file.
pub(super) struct Checked {
    pub name: String,
    pub text: String,
    /// Input, syntax, model, configuration and suppression problems.
    pub diagnostics: Vec<Diagnostic>,
    pub findings: Vec<Finding>,
    /// Ids of what each finding is about, in the order of `findings`.
    pub targets: Vec<check::JsonTarget>,
    /// The input could not be read or compiled: findings were not looked for.
    pub failed: bool,
}

fn check_file(path: &Path, style: Style) -> Checked {
    let input = match Input::read(path) {
        Ok(input) => input,
        Err(unreadable) => {
            return failed(
                path.display().to_string(),
                unreadable.text,
                vec![*unreadable.diagnostic],
            );
        }
    };
    let config = match load_config(path, style) {
        Ok(config) => config,
        Err(()) => {
            let message = Diagnostic::error(
                diagnostic::Code::Config,
                format!(
                    "`{}` was not checked: its whiteboard.toml is invalid",
                    input.name
                ),
            );
            return failed(input.name, input.text, vec![message]);
        }
    };
    let compiled = whiteboard::compile(&input.text);
    if compiled.has_errors() {
        return failed(input.name, input.text, compiled.diagnostics);
    }
    let report = check::check(&compiled.model, &config);
    let targets = report
        .findings
        .iter()
        .map(|f| check::describe(&compiled.model.design, f.target))
        .collect();
    let mut diagnostics = compiled.diagnostics;
    diagnostics.extend(report.diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    Checked {
        name: input.name,
        text: input.text,
        diagnostics,
        findings: report.findings,
        targets,
        failed,
    }
}

fn failed(name: String, text: String, diagnostics: Vec<Diagnostic>) -> Checked {
    Checked {
        name,
        text,
        diagnostics,
        findings: Vec::new(),
        targets: Vec::new(),
        failed: true,
    }
}

/// The `whiteboard.toml` next to the design or in a parent folder (the
/// current folder's for standard input); its problems are reported here.
pub(super) fn load_config(path: &Path, style: Style) -> Result<Config, ()> {
    let folder = if Input::is_stdin(path) {
        std::env::current_dir().unwrap_or_default()
    } else {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        absolute.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let Some(config_path) = check::config::find(&folder) else {
        return Ok(Config::default());
    };
    let name = config_path.display().to_string();
    let text = match std::fs::read_to_string(&config_path) {
        Ok(text) => text,
        Err(error) => {
            let diagnostic = Diagnostic::error(
                diagnostic::Code::Io,
                format!("cannot read `{name}`: {error}"),
            );
            report(&name, "", &[diagnostic], style);
            return Err(());
        }
    };
    Config::parse(&text).map_err(|diagnostics| report(&name, &text, &diagnostics, style))
}

/// Checks the files; `style` is for standard error (problems with the
/// configuration), `report_style` for the findings on standard output.
pub fn run(args: &Args, style: Style, report_style: Style) -> Status {
    let checked: Vec<Checked> = args
        .files
        .files
        .iter()
        .map(|path| check_file(path, style))
        .collect();
    let deny_warnings = args.deny == Some(Deny::Warnings);
    let mut status = Status::Clean;
    for file in &checked {
        if file.failed {
            status = status.max(Status::Failed);
        }
        let severities = file
            .findings
            .iter()
            .map(|f| f.severity)
            .chain(file.diagnostics.iter().map(|d| d.severity));
        for severity in severities {
            if severity == Severity::Error || (deny_warnings && severity == Severity::Warning) {
                status = status.max(Status::Findings);
            }
        }
    }
    let printed = match args.format {
        Format::Human => {
            print_human(&checked, report_style);
            Ok(())
        }
        Format::Json => {
            serde_json::to_string_pretty(&json_report(&checked)).map(|json| println!("{json}"))
        }
        Format::Sarif => {
            serde_json::to_string_pretty(&sarif::report(&checked)).map(|json| println!("{json}"))
        }
    };
    if let Err(error) = printed {
        eprintln!("wb: cannot write the report: {error}");
        status = Status::Failed;
    }
    status
}

fn print_human(checked: &[Checked], style: Style) {
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for file in checked {
        let mut all: Vec<Diagnostic> = file.diagnostics.clone();
        all.extend(file.findings.iter().map(Finding::to_diagnostic));
        Diagnostic::sort(&mut all);
        for d in &all {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
        }
        print!(
            "{}",
            whiteboard::diagnostic::render(&all, &file.name, &file.text, style)
        );
    }
    eprintln!("{}", summary(checked.len(), errors, warnings, infos));
}

fn summary(files: usize, errors: usize, warnings: usize, infos: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let checked = plural(files, "file");
    if errors + warnings + infos == 0 {
        return format!("wb: checked {checked}: no problems");
    }
    format!(
        "wb: checked {checked}: {}, {}, {} info",
        plural(errors, "error"),
        plural(warnings, "warning"),
        infos
    )
}

#[derive(Serialize)]
struct JsonReport<'a> {
    files: Vec<JsonFile<'a>>,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    diagnostics: Vec<JsonDiagnostic>,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'static str,
    severity: Severity,
    message: &'a str,
    suggestion: &'a str,
    start: Position,
    end: Position,
    #[serde(flatten)]
    target: &'a check::JsonTarget,
}

fn json_report(checked: &[Checked]) -> JsonReport<'_> {
    let mut report = JsonReport {
        files: Vec::new(),
        errors: 0,
        warnings: 0,
        infos: 0,
    };
    for file in checked {
        let index = LineIndex::new(&file.text);
        let severities = file
            .diagnostics
            .iter()
            .map(|d| d.severity)
            .chain(file.findings.iter().map(|f| f.severity));
        for severity in severities {
            match severity {
                Severity::Error => report.errors += 1,
                Severity::Warning => report.warnings += 1,
                Severity::Info => report.infos += 1,
            }
        }
        report.files.push(JsonFile {
            path: &file.name,
            diagnostics: file
                .diagnostics
                .iter()
                .map(|d| diagnostic::to_json(d, &index))
                .collect(),
            findings: file
                .findings
                .iter()
                .zip(&file.targets)
                .map(|(finding, target)| JsonFinding {
                    rule: finding.rule,
                    severity: finding.severity,
                    message: &finding.message,
                    suggestion: &finding.suggestion,
                    start: index.position(finding.span.start),
                    end: index.position(finding.span.end),
                    target,
                })
                .collect(),
        });
    }
    report
}
