//! `wb fmt [--check] FILE…`: canonical layout, written back atomically.

use whiteboard::diagnostic::Style;

use super::input::{Input, report};
use super::output::write_atomic;
use super::{Files, Status};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    files: Files,

    /// Change nothing; list the files that are not formatted and exit 1
    #[arg(long)]
    check: bool,
}

pub fn run(args: &Args, style: Style) -> Status {
    let mut status = Status::Clean;
    for path in &args.files.files {
        let input = match Input::read(path) {
            Ok(input) => input,
            Err(unreadable) => {
                unreadable.report(&path.display().to_string(), style);
                status = status.max(Status::Failed);
                continue;
            }
        };
        let parsed = whiteboard::syntax::parse(&input.text);
        if parsed.has_errors() {
            // A file that does not parse is left exactly as it is.
            report(&input.name, &input.text, &parsed.diagnostics, style);
            status = status.max(Status::Failed);
            continue;
        }
        let formatted = whiteboard::format::format(&parsed.file, &input.text);
        let stdin = Input::is_stdin(path);
        if args.check {
            if formatted != input.text {
                println!("{}", input.name);
                status = status.max(Status::Findings);
            }
        } else if stdin {
            print!("{formatted}");
        } else if formatted != input.text
            && let Err(error) = write_atomic(path, formatted.as_bytes())
        {
            eprintln!("wb: cannot write `{}`: {error}", input.name);
            status = status.max(Status::Failed);
        }
    }
    status
}
