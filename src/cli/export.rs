//! `wb export FILE --to FORMAT`: the resolved design for other tools.

use std::path::PathBuf;
use whiteboard::model::Semantics;

use whiteboard::diagnostic::Style;

use super::Status;
use super::input::load;
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
    /// A Mermaid flowchart, with groups as subgraphs and async flows dashed
    Mermaid,
    /// D2, with groups as containers and async flows dashed
    D2,
}

/// The model with what each flow does and each component holds, and where
/// each of those meanings comes from (stated or inferred).
#[derive(serde::Serialize)]
struct WithSemantics<'m> {
    #[serde(flatten)]
    model: &'m whiteboard::model::Model,
    semantics: Semantics,
}

pub fn run(args: &Args, style: Style) -> Status {
    let Some((input, model)) = load(&args.file, style) else {
        return Status::Failed;
    };
    let direction = whiteboard::layout::Direction::of(&model.settings).unwrap_or_default();
    let exported = match args.to {
        Target::Json => serde_json::to_string_pretty(&WithSemantics {
            semantics: Semantics::of(&model.design),
            model: &model,
        })
        .map(|json| json + "\n"),
        Target::Dot => Ok(whiteboard::export::dot::dot(&model, direction)),
        Target::Mermaid => Ok(whiteboard::export::mermaid::mermaid(&model, direction)),
        Target::D2 => Ok(whiteboard::export::d2::d2(&model, direction)),
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
