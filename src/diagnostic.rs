//! Diagnostics shared by every stage: a stable code, a severity, a message, the
//! spans it points at and a help line, rendered with miette.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use crate::span::{LineIndex, Position, Span};

/// Every diagnostic code the front end emits. The strings are stable: scripts,
/// editors and `docs/diagnostics.md` rely on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Io,
    NotUtf8,
    TooLarge,
    TooDeep,
    Syntax,
    UnterminatedString,
    UnterminatedBlock,
    UnknownKind,
    UndefinedComponent,
    DuplicateId,
    DuplicateBlock,
    DuplicateAttribute,
    BadValue,
    SelfFlow,
    GroupCycle,
    MultipleGroups,
    UndefinedFlow,
    MissingReason,
    Misplaced,
    UnknownAttribute,
    UnknownRule,
    UnusedAllow,
    Config,
    /// `wb estimate` on a design without the numbers it needs.
    NoScale,
    /// `//` in a flow label, meant as a comment.
    SlashComment,
    /// A file with nothing to check or draw.
    EmptyDesign,
    /// An `align` or `pin` that cannot hold.
    HintIgnored,
    /// A finding of a checker rule, named by the rule.
    Rule(&'static str),
}

impl Code {
    /// Every front-end and checker code (rule findings are listed by `wb rules`).
    pub const ALL: [Code; 27] = [
        Code::Io,
        Code::NotUtf8,
        Code::TooLarge,
        Code::TooDeep,
        Code::Syntax,
        Code::UnterminatedString,
        Code::UnterminatedBlock,
        Code::UnknownKind,
        Code::UndefinedComponent,
        Code::DuplicateId,
        Code::DuplicateBlock,
        Code::DuplicateAttribute,
        Code::BadValue,
        Code::SelfFlow,
        Code::GroupCycle,
        Code::MultipleGroups,
        Code::UndefinedFlow,
        Code::MissingReason,
        Code::Misplaced,
        Code::UnknownAttribute,
        Code::UnknownRule,
        Code::UnusedAllow,
        Code::Config,
        Code::NoScale,
        Code::SlashComment,
        Code::EmptyDesign,
        Code::HintIgnored,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "wb::io",
            Code::NotUtf8 => "wb::not-utf8",
            Code::TooLarge => "wb::too-large",
            Code::TooDeep => "wb::too-deep",
            Code::Syntax => "wb::syntax",
            Code::UnterminatedString => "wb::unterminated-string",
            Code::UnterminatedBlock => "wb::unterminated-block",
            Code::UnknownKind => "wb::unknown-kind",
            Code::UndefinedComponent => "wb::undefined-component",
            Code::DuplicateId => "wb::duplicate-id",
            Code::DuplicateBlock => "wb::duplicate-block",
            Code::DuplicateAttribute => "wb::duplicate-attribute",
            Code::BadValue => "wb::bad-value",
            Code::SelfFlow => "wb::self-flow",
            Code::GroupCycle => "wb::group-cycle",
            Code::MultipleGroups => "wb::multiple-groups",
            Code::UndefinedFlow => "wb::undefined-flow",
            Code::MissingReason => "wb::missing-reason",
            Code::Misplaced => "wb::misplaced",
            Code::UnknownAttribute => "wb::unknown-attribute",
            Code::UnknownRule => "wb::unknown-rule",
            Code::UnusedAllow => "wb::unused-allow",
            Code::Config => "wb::config",
            Code::NoScale => "wb::no-scale",
            Code::SlashComment => "wb::slash-comment",
            Code::EmptyDesign => "wb::empty-design",
            Code::HintIgnored => "wb::hint-ignored",
            Code::Rule(name) => name,
        }
    }
}

/// The span of a text's first line (empty for an empty text), for
/// diagnostics about the whole file.
pub fn whole_first_line(text: &str) -> Span {
    Span::new(0, text.find(['\n', '\r']).unwrap_or(text.len()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The first label is the primary location.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic::error(code, message).with_severity(Severity::Warning)
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: Some(text.into()),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|label| label.span)
    }

    /// Start position first, so a file's diagnostics read top to bottom.
    pub fn sort(diagnostics: &mut [Diagnostic]) {
        diagnostics.sort_by_key(|d| (d.primary_span().map(|s| s.start), d.code));
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// A diagnostic together with the file it belongs to, as miette wants it.
struct InFile<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a IndexedSource<'a>,
}

/// A file's text for miette, which reads each span by scanning the text from
/// its start; with thousands of findings in a large design that is quadratic.
/// This cuts a window of whole lines around the span first, using the line
/// index, and lets miette read the window.
struct IndexedSource<'a> {
    name: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> IndexedSource<'a> {
    fn new(name: &'a str, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        IndexedSource {
            name,
            text,
            line_starts,
        }
    }

    /// The 0-based line that holds byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let first_line = self
            .line_of(span.offset())
            .saturating_sub(context_lines_before);
        let last_line = self.line_of(span.offset() + span.len());
        let window_start = self.line_starts.get(first_line).copied().unwrap_or(0);
        let window_end = self
            .line_starts
            .get(last_line + context_lines_after + 1)
            .copied()
            .unwrap_or(self.text.len());
        let window = self
            .text
            .get(window_start..window_end)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - window_start).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            SourceSpan::new(
                (contents.span().offset() + window_start).into(),
                contents.span().len(),
            ),
            contents.line() + first_line,
            contents.column(),
            contents.line_count(),
        )))
    }
}

impl fmt::Debug for InFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for InFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.diagnostic, f)
    }
}

impl std::error::Error for InFile<'_> {}

impl miette::Diagnostic for InFile<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.diagnostic.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.diagnostic.labels.iter().enumerate().map(
            |(i, label)| {
                let span: miette::SourceSpan = label.span.into();
                if i == 0 {
                    LabeledSpan::new_primary_with_span(label.text.clone(), span)
                } else {
                    LabeledSpan::new_with_span(label.text.clone(), span)
                }
            },
        )))
    }
}

/// How diagnostics are drawn for a terminal or a snapshot.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// No color, fixed width: the form tests snapshot.
    pub const PLAIN: Style = Style {
        color: false,
        width: 100,
    };
}

/// Renders diagnostics of one file as miette draws them: message, code,
/// `[file:line:column]`, the source line with a caret, and the help line.
pub fn render(diagnostics: &[Diagnostic], name: &str, text: &str, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // By default lines wrap where Unicode allows, inside `60K/s` too.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    // Control characters of the file would speak to the terminal (escape
    // sequences); each shows as `?`, which keeps every byte offset.
    let shown: String = text
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => c,
            c if c.is_ascii_control() => '?',
            c => c,
        })
        .collect();
    let source = IndexedSource::new(name, &shown);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let in_file = InFile {
            diagnostic,
            source: &source,
        };
        if handler.render_report(&mut out, &in_file).is_err() {
            out.push_str(&format!("{}: {}\n", diagnostic.code.as_str(), diagnostic));
        }
        out.push('\n');
    }
    out
}

/// A diagnostic as `--format json` prints it: positions instead of offsets.
#[derive(Clone, Debug, Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub start: Option<Position>,
    pub end: Option<Position>,
    pub labels: Vec<String>,
    pub help: Option<String>,
}

pub fn to_json(diagnostic: &Diagnostic, index: &LineIndex) -> JsonDiagnostic {
    let span = diagnostic.primary_span();
    JsonDiagnostic {
        code: diagnostic.code.as_str(),
        severity: diagnostic.severity,
        message: diagnostic.message.clone(),
        start: span.map(|s| index.position(s.start)),
        end: span.map(|s| index.position(s.end)),
        labels: diagnostic
            .labels
            .iter()
            .filter_map(|label| label.text.clone())
            .collect(),
        help: diagnostic.help.clone(),
    }
}
