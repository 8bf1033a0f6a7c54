//! whiteboard: a compiler for a text language of system designs.
//!
//! The pipeline is the architecture; each module is one stage and data flows
//! one way: [`syntax`] (text → AST) → [`model`] (AST → typed graph) →
//! [`estimate`] (loads and capacities) → [`check`] (rules → findings) →
//! [`layout`] (boxes and routes) → [`render`] (SVG, PNG). The formatter ([`format`]) works on the AST alone; [`export`]
//! writes the model for other tools (DOT, Mermaid, D2). [`compile`] runs the front end and
//! gathers every diagnostic of a file.

pub mod check;
pub mod compare;
pub mod diagnostic;
pub mod diff;
pub mod estimate;
pub mod export;
pub mod format;
pub mod layout;
pub mod lsp;
pub mod model;
mod parallel;
pub mod render;
pub mod span;
pub mod suggest;
pub mod syntax;

use std::collections::HashSet;

use diagnostic::{Code, Diagnostic};

/// A file run through the front end.
pub struct Compiled {
    pub parsed: syntax::Parsed,
    pub model: model::Model,
    /// Syntax and model diagnostics, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and resolves one design. Every line that parses is resolved even
/// when others do not, so one run reports all the errors of a file; names used
/// on a broken line are not reported again as undefined.
pub fn compile(text: &str) -> Compiled {
    let parsed = syntax::parse(text);
    let (model, model_diagnostics) = model::resolve(&parsed.file);
    let broken_words: HashSet<&str> = parsed
        .broken
        .iter()
        .filter_map(|span| text.get(span.start..span.end))
        .flat_map(words)
        .collect();
    let mut diagnostics = parsed.diagnostics.clone();
    diagnostics.extend(model_diagnostics.into_iter().filter(|d| {
        let cascades = matches!(d.code, Code::UndefinedComponent | Code::UndefinedFlow);
        // A component's name, or a walkthrough step's `a -> b`: every name
        // in it on a broken line (the flow whose label did not parse).
        let names = d
            .primary_span()
            .and_then(|span| text.get(span.start..span.end));
        let on_a_broken_line = names.is_some_and(|names| {
            let mut names = words(names).peekable();
            names.peek().is_some() && names.all(|name| broken_words.contains(name))
        });
        !(cascades && on_a_broken_line)
    }));
    if !diagnostics.iter().any(Diagnostic::is_error) && model.is_empty() {
        diagnostics.push(empty_design(text));
    }
    Diagnostic::sort(&mut diagnostics);
    Compiled {
        parsed,
        model,
        diagnostics,
    }
}

/// The names and words of a line.
fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|word| !word.is_empty())
}

/// A file that declares no component: nothing to check or draw.
fn empty_design(text: &str) -> Diagnostic {
    let blank = text.trim().is_empty();
    Diagnostic::warning(
        Code::EmptyDesign,
        if blank {
            "the file is empty"
        } else {
            "the design declares no components"
        },
    )
    .with_label(diagnostic::whole_first_line(text), "nothing to check or draw")
    .with_help(
        "declare components and flows (`service api \"API\"`, `users -> api: GET /`), or start from the interview skeleton: `wb new -o design.wb`",
    )
}
