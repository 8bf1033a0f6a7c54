//! The `wb` command line: argument parsing and one module per command.

mod check;
mod compare;
mod diff;
mod estimate;
mod export;
mod fmt;
mod input;
mod lsp;
mod new;
mod output;
mod practice;
mod render;
mod rules;
mod sarif;
mod shell;
mod watch;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use whiteboard::diagnostic::Style;

const EXAMPLES: &str = "\
Examples:
  wb check examples/*.wb            report every error and design finding
  wb check --format json design.wb  the same, as JSON for tools
  wb check --format sarif *.wb      SARIF 2.1.0 for GitHub code scanning
  wb rules                          list every rule
  wb explain missing-cache          why a rule exists, with an example and the fix
  wb estimate design.wb             QPS, storage, bandwidth and load, with formulas
  wb render design.wb -o out/       SVG of the design, each walkthrough and stage
  wb render design.wb --format png --scale 2   the same as PNG, at twice the size
  wb fmt design.wb                  rewrite a design in canonical layout
  wb fmt --check examples/*.wb      fail if a design is not formatted
  wb export design.wb --to mermaid  a Mermaid flowchart (also json, dot, d2)
  wb diff old.wb new.wb             what changed: components, flows, findings
  wb watch design.wb --open         a live preview that redraws on every save
  wb new -o design.wb               start from the interview skeleton
  wb new --list                     every template: walkthroughs, patterns, …
  wb practice url-shortener-004 -o mine.wb   an interview problem and a starter file
  wb compare mine.wb url-shortener-004       your answer against the guide's, scored
  cat design.wb | wb check -        read a design from standard input

Exit status: 0 clean, 1 findings at error level (or warnings with --deny warnings),
2 a file could not be read or parsed.

Environment: NO_COLOR turns colors off; WB_THREADS=N lays out and draws large
designs on at most N threads (the pictures are the same on any number).";

#[derive(Parser)]
#[command(
    name = "wb",
    version,
    about = "whiteboard: check, draw, estimate, format and export system designs written as text",
    after_help = EXAMPLES
)]
struct Cli {
    /// When to color diagnostics
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check designs, reporting every error in each file
    Check(check::Args),
    /// Back-of-the-envelope numbers from the design's `scale`: QPS, storage, bandwidth, load per component
    Estimate(estimate::Args),
    /// Draw designs as SVG or PNG: the whole design, each walkthrough and each stage
    Render(render::RenderArgs),
    /// Print where every box, edge and label goes, as JSON
    Layout(render::LayoutArgs),
    /// Rewrite designs in the canonical layout, keeping every comment
    Fmt(fmt::Args),
    /// What changed between two versions of a design: components, flows, findings
    Diff(diff::Args),
    /// Serve a live preview that redraws and re-checks the design on every save
    Watch(watch::Args),
    /// Write a design in another format: JSON, Graphviz DOT, Mermaid or D2
    Export(export::Args),
    /// Start a design from a template: the interview skeleton or a bundled design
    New(new::Args),
    /// State a bundled interview problem and write a starter design for it
    Practice(practice::Args),
    /// Mark a design against a reference answer: what it lacks, its numbers, a score
    Compare(compare::Args),
    /// List every rule with its default severity
    Rules(rules::RulesArgs),
    /// Explain a rule: what it finds, why, an example and the fix, with sources
    Explain(rules::ExplainArgs),
    /// Serve the language server protocol on stdin/stdout, for editors
    Lsp(lsp::Args),
    /// Print a completion script for bash, zsh, fish, elvish or PowerShell
    Completions(shell::CompletionsArgs),
    /// Print the manual page, or write a page per command into a folder
    Man(shell::ManArgs),
}

/// The exit statuses PRODUCT.md fixes for every command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Clean = 0,
    /// `check`: findings at error level; `fmt --check`: a file needs formatting.
    Findings = 1,
    /// A file could not be read or parsed, or an output could not be written.
    Failed = 2,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(status as u8)
    }
}

/// One or more design files; `-` reads standard input.
#[derive(clap::Args)]
struct Files {
    /// Design files (`-` for standard input)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let style_for = |terminal: bool| Style {
        color: match cli.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::env::var_os("NO_COLOR").is_none() && terminal,
        },
        width: 100,
    };
    let style = style_for(std::io::stderr().is_terminal());
    let status = match cli.command {
        // Findings are the report: they go to standard output.
        Command::Check(args) => {
            check::run(&args, style, style_for(std::io::stdout().is_terminal()))
        }
        Command::Estimate(args) => estimate::run(&args, style),
        Command::Render(args) => render::render_command(&args, style),
        Command::Layout(args) => render::layout_command(&args, style),
        Command::Fmt(args) => fmt::run(&args, style),
        Command::Diff(args) => diff::run(&args, style),
        Command::Watch(args) => watch::run(&args, style),
        Command::Export(args) => export::run(&args, style),
        Command::New(args) => new::run(&args),
        Command::Practice(args) => practice::run(&args),
        Command::Compare(args) => compare::run(&args, style),
        Command::Rules(args) => rules::list(&args),
        Command::Explain(args) => rules::explain(&args),
        Command::Lsp(args) => lsp::run(&args),
        Command::Completions(args) => shell::completions(&args),
        Command::Man(args) => shell::man(&args),
    };
    status.into()
}
