//! `wb export FILE --to FORMAT`: the resolved design for other tools.

use std::path::PathBuf;

use whiteboard::diagnostic::Style;

use super::Status;
use super::input::{Input, report};
use super::output::write_atomic;

#[derive(clap::Args)]
pub struct Args {
    /// The design file (`-` for standard input)
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// The output format
    #[arg(long, value_enum)]
    to: Target,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Target {
    /// The resolved model: components, flows, groups, walkthroughs, stages
    Json,
    /// Graphviz DOT, with groups as clusters (`dot -Tsvg` draws it)
    Dot,
}

pub fn run(args: &Args, style: Style) -> Status {
    let input = match Input::read(&args.file) {
        Ok(input) => input,
        Err(diagnostic) => {
            report(&args.file.display().to_string(), "", &[diagnostic], style);
            return Status::Failed;
        }
    };
    let compiled = whiteboard::compile(&input.text);
    report(&input.name, &input.text, &compiled.diagnostics, style);
    if compiled.has_errors() {
        return Status::Failed;
    }
    let direction = whiteboard::layout::Direction::of(&compiled.model.settings).unwrap_or_default();
    let exported = match args.to {
        Target::Json => serde_json::to_string_pretty(&compiled.model).map(|json| json + "\n"),
        Target::Dot => Ok(whiteboard::export::dot::dot(&compiled.model, direction)),
    };
    let text = match exported {
        Ok(text) => text,
        Err(error) => {
            eprintln!("wb: cannot export `{}`: {error}", input.name);
            return Status::Failed;
        }
    };
    match &args.output {
        None => {
            print!("{text}");
            Status::Clean
        }
        Some(path) => match write_atomic(path, text.as_bytes()) {
            Ok(()) => Status::Clean,
            Err(error) => {
                eprintln!("wb: cannot write `{}`: {error}", path.display());
                Status::Failed
            }
        },
    }
}
