//! `wb lsp`: the language server, on standard input and output.

use super::Status;

#[derive(clap::Args)]
#[command(after_help = "\
Editors start it themselves; editors/README.md shows the setup for VS Code,
Neovim and Helix. It speaks the Language Server Protocol on standard input
and output, and logs nothing.")]
pub struct Args {
    /// Accepted for editors that pass it; standard input and output are
    /// the only transport
    #[arg(long)]
    stdio: bool,
}

pub fn run(_args: &Args) -> Status {
    match whiteboard::lsp::serve_stdio() {
        Ok(()) => Status::Clean,
        Err(error) => {
            eprintln!("wb: the language server stopped: {error}");
            Status::Failed
        }
    }
}
