//! Stage 1, syntax: source text → AST with spans, and every syntax error.
//!
//! The grammar lives in `grammar/whiteboard.pest`. Before pest sees a file it
//! is checked against the input limits, so no input can exhaust the stack or
//! memory of the recursive-descent parser.

pub mod ast;
mod parser;
mod recovery;

pub use parser::escape;

use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;

/// Files larger than this are refused: a design of 10,000 components is about
/// 1.5 MB, so this leaves ample room while keeping memory bounded.
/// The first words of statements other than components and flows.
pub const KEYWORDS: &[&str] = &[
    "design", "scale", "group", "flow", "stage", "allow", "remove", "note", "align",
];

pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// Braces and brackets may nest this deep (a group in a stage in a group…).
pub const MAX_NESTING: usize = 32;

/// At most this many syntax errors are kept for one file; the rest would be
/// noise after a file that is not a design at all.
pub const MAX_SYNTAX_ERRORS: usize = 50;

/// The result of parsing: the tree of every line that could be read, and a
/// diagnostic for every line that could not.
#[derive(Debug)]
pub struct Parsed {
    pub file: ast::Body,
    pub diagnostics: Vec<Diagnostic>,
    /// The lines that could not be read, so later stages can stay quiet about
    /// names that were declared on them.
    pub broken: Vec<Span>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub fn parse(text: &str) -> Parsed {
    let mut diagnostics = Vec::new();
    if let Some(limit) = exceeded_limit(text) {
        diagnostics.push(limit);
        return Parsed {
            file: ast::Body::default(),
            diagnostics,
            broken: vec![Span::new(0, text.len())],
        };
    }
    let mut broken = Vec::new();
    let file = parser::parse_file(text, &mut diagnostics, &mut broken);
    Parsed {
        file,
        diagnostics,
        broken,
    }
}

fn exceeded_limit(text: &str) -> Option<Diagnostic> {
    if text.len() > MAX_SOURCE_BYTES {
        return Some(
            Diagnostic::error(
                Code::TooLarge,
                format!(
                    "the file is {} bytes; designs are limited to {} MiB",
                    text.len(),
                    MAX_SOURCE_BYTES / (1024 * 1024)
                ),
            )
            .with_label(Span::new(0, 0), "file starts here")
            .with_help("split the design into several files"),
        );
    }
    let at = too_deep(text)?;
    Some(
        Diagnostic::error(
            Code::TooDeep,
            format!("blocks nest more than {MAX_NESTING} levels deep"),
        )
        .with_label(Span::new(at, at + 1), "this block is too deep")
        .with_help("flatten the groups; designs rarely need more than three or four levels"),
    )
}

/// Offset of the first `{` or `[` that opens a level deeper than allowed,
/// skipping strings and comments as the grammar does.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if in_comment {
            in_comment = c != '\n' && c != '\r';
        } else if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' | '\r' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '#' => in_comment = true,
                '"' => in_string = true,
                '{' | '[' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(at);
                    }
                }
                '}' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}
