//! `wb`: the whiteboard command line.

mod cli;

/// Layout and the SVG writer make many small, short-lived allocations;
/// mimalloc serves them in about half the time of the system allocator
/// (see docs/architecture.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    restore_default_sigpipe();
    cli::run()
}

/// Rust ignores SIGPIPE, so printing to a closed pipe (`wb rules | head`)
/// would panic; like other Unix tools, `wb` should end quietly instead.
#[cfg(unix)]
fn restore_default_sigpipe() {
    // SAFETY: called first in `main`, before any other thread exists;
    // setting a signal's disposition to its default has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}
