//! `wb completions SHELL` and `wb man`: shell integration generated from the
//! command line's own definition, so it always matches the commands.

use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;

use super::output::write_atomic;
use super::{Cli, Status};

#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    shell: Shell,
}

#[derive(clap::Args)]
pub struct ManArgs {
    /// Write `wb.1` and a page per command (`wb-check.1`, …) into this folder
    /// instead of printing `wb.1`
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
}

pub fn completions(args: &CompletionsArgs) -> Status {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "wb", &mut std::io::stdout());
    Status::Clean
}

pub fn man(args: &ManArgs) -> Status {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let pages: Vec<clap::Command> = std::iter::once(command.clone())
        .chain(command.get_subcommands().cloned())
        .collect();
    let Some(folder) = &args.output else {
        return match page(&command) {
            Ok(roff) => {
                print!("{}", String::from_utf8_lossy(&roff));
                Status::Clean
            }
            Err(error) => {
                eprintln!("wb: cannot write the manual: {error}");
                Status::Failed
            }
        };
    };
    if let Err(error) = std::fs::create_dir_all(folder) {
        eprintln!("wb: cannot create `{}`: {error}", folder.display());
        return Status::Failed;
    }
    let mut status = Status::Clean;
    for command in pages {
        let file = folder.join(clap_mangen::Man::new(command.clone()).get_filename());
        if let Err(error) = page(&command).and_then(|roff| write_atomic(&file, &roff)) {
            eprintln!("wb: cannot write `{}`: {error}", file.display());
            status = Status::Failed;
        }
    }
    status
}

fn page(command: &clap::Command) -> std::io::Result<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut roff)?;
    Ok(roff)
}
