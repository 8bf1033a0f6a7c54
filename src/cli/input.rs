//! Reading a design from a file or standard input, within the size limit.

use std::io::Read;
use std::path::Path;

use whiteboard::diagnostic::{Code, Diagnostic, Style};
use whiteboard::span::Span;
use whiteboard::syntax::MAX_SOURCE_BYTES;

/// A design that cannot be read, with as much of its text as shows where.
pub struct Unreadable {
    pub diagnostic: Box<Diagnostic>,
    pub text: String,
}

impl From<Diagnostic> for Unreadable {
    fn from(diagnostic: Diagnostic) -> Self {
        Unreadable {
            diagnostic: Box::new(diagnostic),
            text: String::new(),
        }
    }
}

impl Unreadable {
    /// Prints the problem to standard error, with its line when known.
    pub fn report(self, name: &str, style: Style) {
        report(name, &self.text, &[*self.diagnostic], style);
    }
}

fn plural(bytes: usize) -> String {
    if bytes == 1 {
        "the byte".into()
    } else {
        format!("{bytes} bytes")
    }
}

/// A design's text and the name diagnostics call it by.
pub struct Input {
    pub name: String,
    pub text: String,
}

impl Input {
    pub fn is_stdin(path: &Path) -> bool {
        path.as_os_str() == "-"
    }

    pub fn read(path: &Path) -> Result<Input, Unreadable> {
        let name = if Input::is_stdin(path) {
            "<stdin>".to_string()
        } else {
            path.display().to_string()
        };
        let cannot_read = |error: std::io::Error| {
            Diagnostic::error(Code::Io, format!("cannot read `{name}`: {error}"))
                .with_help("check the path and that the file is readable")
        };
        let mut bytes = Vec::new();
        let limit = MAX_SOURCE_BYTES as u64 + 1;
        if Input::is_stdin(path) {
            std::io::stdin()
                .take(limit)
                .read_to_end(&mut bytes)
                .map_err(cannot_read)?;
        } else {
            let file = std::fs::File::open(path).map_err(cannot_read)?;
            let metadata = file.metadata().map_err(cannot_read)?;
            if metadata.is_dir() {
                return Err(
                    Diagnostic::error(Code::Io, format!("`{name}` is a directory"))
                        .with_help(format!("name the design files in it, e.g. `{name}/*.wb`"))
                        .into(),
                );
            }
            file.take(limit)
                .read_to_end(&mut bytes)
                .map_err(cannot_read)?;
        }
        if bytes.len() > MAX_SOURCE_BYTES {
            return Err(Diagnostic::error(
                Code::TooLarge,
                format!(
                    "`{name}` is larger than {} MiB, the limit for one design",
                    MAX_SOURCE_BYTES / (1024 * 1024)
                ),
            )
            .with_help("split the design into several files")
            .into());
        }
        let text = String::from_utf8(bytes).map_err(|error| {
            let at = error.utf8_error().valid_up_to();
            let bad = error.utf8_error().error_len().unwrap_or(1);
            // The text as far as it reads, each bad byte shown as U+FFFD, so
            // that the diagnostic shows the line and column.
            let shown = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let utf16 = error.as_bytes().starts_with(&[0xFF, 0xFE]) || error.as_bytes().starts_with(&[0xFE, 0xFF]);
            let width = shown.get(at..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
            Unreadable {
                diagnostic: Box::new(Diagnostic::error(
                    Code::NotUtf8,
                    format!("`{name}` is not UTF-8 text"),
                )
                .with_label(
                    Span::new(at, at + width),
                    format!("{} here is not UTF-8 (byte offset {at})", plural(bad)),
                )
                .with_help(if utf16 {
                    "the file is UTF-16 text; save it as UTF-8"
                } else {
                    "designs are UTF-8 text files; is this the right file, or was it saved in another encoding?"
                })),
                text: shown,
            }
        })?;
        Ok(Input { name, text })
    }
}

/// Prints diagnostics of one input to standard error.
pub fn report(input_name: &str, text: &str, diagnostics: &[Diagnostic], style: Style) {
    eprint!(
        "{}",
        whiteboard::diagnostic::render(diagnostics, input_name, text, style)
    );
}

/// Reads and compiles a design, reports its diagnostics (warnings too) and
/// gives up when one is an error.
pub fn load(path: &Path, style: Style) -> Option<(Input, whiteboard::model::Model)> {
    let input = match Input::read(path) {
        Ok(input) => input,
        Err(unreadable) => {
            unreadable.report(&path.display().to_string(), style);
            return None;
        }
    };
    let compiled = whiteboard::compile(&input.text);
    report(&input.name, &input.text, &compiled.diagnostics, style);
    if compiled.has_errors() {
        return None;
    }
    Some((input, compiled.model))
}
