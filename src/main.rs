//! `wb`: the whiteboard command line.

mod cli;

/// Layout and the SVG writer make many small, short-lived allocations;
/// mimalloc serves them in about half the time of the system allocator
/// (see docs/architecture.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    restore_default_sigpipe();
    no_huge_pages();
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

/// A run of `wb` lives for milliseconds and uses tens of megabytes: a huge
/// page the allocator asks for is zeroed whole, and where memory is
/// fragmented the kernel compacts it first, which costs more than the fewer
/// page faults save (a render of a 1,000-component design spent twice the
/// system time with them).
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; it reads
    // no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}
