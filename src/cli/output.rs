//! Writing output files atomically: the new content goes to a temporary file
//! in the same folder, which then replaces the target in one rename, so a
//! failed run never leaves a half-written file behind.

use std::io::Write;
use std::path::Path;

use super::Status;

pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".wb-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temporary.write_all(contents)?;
    temporary.as_file().sync_all()?;
    // Keep the permissions of a file that is being replaced; a new file gets
    // the usual ones (temporary files are created private).
    match std::fs::metadata(path) {
        Ok(metadata) => temporary
            .as_file()
            .set_permissions(metadata.permissions())?,
        Err(_) => set_default_permissions(temporary.as_file())?,
    }
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(unix)]
fn set_default_permissions(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_permissions(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// Writes a new file, refusing to replace one unless `force`; `done` says
/// what to do next.
pub fn create(path: &Path, contents: &[u8], force: bool, done: impl FnOnce() -> String) -> Status {
    if let Err(problem) = creatable(path, force) {
        eprintln!("wb: {problem}");
        return Status::Failed;
    }
    match write_atomic(path, contents) {
        Ok(()) => {
            eprintln!("wb: {}", done());
            Status::Clean
        }
        Err(error) => {
            eprintln!("wb: cannot write `{}`: {error}", path.display());
            Status::Failed
        }
    }
}

/// Why `path` cannot be created as a new file, if it cannot: it is a
/// folder, its folder does not exist, or it exists and `force` is off.
pub fn creatable(path: &Path, force: bool) -> Result<(), String> {
    let shown = path.display();
    if path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/') {
        return Err(format!(
            "`{shown}` is a folder; give a file name, e.g. `{}`",
            path.join("design.wb").display()
        ));
    }
    if let Some(folder) = path
        .parent()
        .filter(|f| !f.as_os_str().is_empty() && !f.is_dir())
    {
        return Err(format!(
            "cannot write `{shown}`: the folder `{}` does not exist",
            folder.display()
        ));
    }
    if path.exists() && !force {
        return Err(format!(
            "`{shown}` exists; choose another name or add --force to replace it"
        ));
    }
    Ok(())
}

/// Prints a JSON document on standard output.
pub fn print_json(value: &serde_json::Value) -> Status {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            println!("{json}");
            Status::Clean
        }
        Err(error) => {
            eprintln!("wb: cannot write JSON: {error}");
            Status::Failed
        }
    }
}

/// A `--render` file name and whether it asks for PNG; an error for a
/// name that ends in neither `.svg` nor `.png`.
pub fn picture(path: Option<&Path>) -> Result<Option<(&Path, bool)>, Status> {
    let Some(path) = path else {
        return Ok(None);
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("png") => Ok(Some((path, true))),
        Some("svg") => Ok(Some((path, false))),
        _ => {
            eprintln!(
                "wb: --render writes SVG or PNG: give a file name ending in `.svg` or `.png`, not `{}`",
                path.display()
            );
            Err(Status::Failed)
        }
    }
}
