//! Turns pest's parse tree into the AST. Lines the grammar kept as junk become
//! syntax diagnostics here (see `recovery`), so a file with several broken
//! lines still yields every other statement.

use pest::Parser;
use pest::iterators::{Pair, Pairs};

use super::ast::*;
use super::{MAX_SYNTAX_ERRORS, recovery};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/whiteboard.pest"]
pub(super) struct WhiteboardParser;

pub(super) fn parse_file(
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
    broken: &mut Vec<Span>,
) -> Body {
    match WhiteboardParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let Some(file) = pairs.next() else {
                return Body::default();
            };
            let span = Span::from(file.as_span());
            let mut builder = Builder {
                text,
                diagnostics,
                broken,
                undiagnosed: 0,
            };
            let body = builder.body(file.into_inner(), span, Rule::top_check);
            if builder.undiagnosed > 0
                && let Some(last) = builder.diagnostics.last_mut()
            {
                last.help = Some(format!(
                    "{} more lines could not be read and are not shown; is this a whiteboard design?",
                    builder.undiagnosed
                ));
            }
            body
        }
        Err(error) => {
            // The grammar's junk rules accept any text, so this is a bug in
            // the grammar; still say where parsing stopped rather than panic.
            diagnostics.push(recovery::from_pest_error(&error, text, 0, Rule::top_check));
            Body::default()
        }
    }
}

struct Builder<'t, 'd> {
    text: &'t str,
    diagnostics: &'d mut Vec<Diagnostic>,
    broken: &'d mut Vec<Span>,
    /// Broken lines past `MAX_SYNTAX_ERRORS`, counted but not explained.
    undiagnosed: usize,
}

impl Builder<'_, '_> {
    /// The lines of a file or block body. `check` is the rule that re-parses a
    /// junk line of this body to explain what is wrong with it.
    fn body(&mut self, pairs: Pairs<Rule>, span: Span, check: Rule) -> Body {
        let mut nodes = Vec::new();
        for pair in pairs {
            match pair.as_rule() {
                Rule::comment => nodes.push(Node::Comment(comment(&pair))),
                Rule::top_junk | Rule::inner_junk => self.junk(&pair, check),
                _ => {
                    if let Some(statement) = self.statement(pair) {
                        nodes.push(Node::Statement(statement));
                    }
                }
            }
        }
        Body { nodes, span }
    }

    fn junk(&mut self, pair: &Pair<Rule>, check: Rule) {
        let start = pair.as_span().start();
        self.broken.push(Span::from(pair.as_span()));
        if self.diagnostics.len() >= MAX_SYNTAX_ERRORS {
            self.undiagnosed += 1;
            return;
        }
        self.diagnostics
            .push(recovery::diagnose(pair.as_str(), start, self.text, check));
    }

    fn statement(&mut self, pair: Pair<Rule>) -> Option<Statement> {
        let span = Span::from(pair.as_span());
        Some(match pair.as_rule() {
            Rule::design_stmt => {
                let mut title = None;
                let mut attributes = None;
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::string => title = Some(string(&inner)),
                        Rule::attr_block => attributes = Some(self.attributes(inner)),
                        _ => {}
                    }
                }
                Statement::Design(Design {
                    title,
                    attributes,
                    span,
                })
            }
            Rule::scale_stmt => {
                let block = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::attr_block)?;
                Statement::Scale(Scale {
                    attributes: self.attributes(block),
                    span,
                })
            }
            Rule::component => Statement::Component(self.component(pair, span)?),
            Rule::flow_stmt => Statement::Flow(self.flow(pair, span)?),
            Rule::note_stmt => {
                let mut ids = Vec::new();
                let mut arrow_kind = None;
                let mut text = None;
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::ident => ids.push(ident(&inner)),
                        Rule::arrow => arrow_kind = Some(arrow(&inner)),
                        Rule::string => text = Some(string(&inner)),
                        _ => {}
                    }
                }
                let mut ids = ids.into_iter();
                let target = ids.next();
                let flow_to = arrow_kind.zip(ids.next());
                Statement::Note(Note {
                    target,
                    flow_to,
                    text,
                    span,
                })
            }
            Rule::align_stmt => Statement::Align(id_list(pair, span)),
            Rule::members => Statement::Members(id_list(pair, span)),
            Rule::group_stmt => {
                let mut id = None;
                let mut label = None;
                let mut body = Body::default();
                let mut open = span;
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::ident => id = Some(ident(&inner)),
                        Rule::string => label = Some(string(&inner)),
                        Rule::lbrace => open = Span::from(inner.as_span()),
                        Rule::group_body => {
                            body = self.body(
                                inner.into_inner(),
                                Span::new(open.start, span.end),
                                Rule::group_check,
                            )
                        }
                        _ => {}
                    }
                }
                Statement::Group(Group {
                    id,
                    label,
                    body,
                    span,
                })
            }
            Rule::walkthrough_stmt => {
                let (name, body) = self.named_block(pair, span, Rule::walk_check)?;
                Statement::Walkthrough(Walkthrough { name, body, span })
            }
            Rule::stage_stmt => {
                let (name, body) = self.named_block(pair, span, Rule::stage_check)?;
                Statement::Stage(Stage { name, body, span })
            }
            Rule::allow => Statement::Allow(allow(pair, span)?),
            Rule::remove_stmt => {
                let mut ids = Vec::new();
                let mut arrow_kind = None;
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::ident => ids.push(ident(&inner)),
                        Rule::arrow => arrow_kind = Some(arrow(&inner)),
                        _ => {}
                    }
                }
                let mut ids = ids.into_iter();
                let target = ids.next()?;
                let flow_to = match (arrow_kind, ids.next()) {
                    (Some(arrow), Some(to)) => Some((arrow, to)),
                    _ => None,
                };
                Statement::Remove(Remove {
                    target,
                    flow_to,
                    span,
                })
            }
            _ => return None,
        })
    }

    fn named_block(&mut self, pair: Pair<Rule>, span: Span, check: Rule) -> Option<(Str, Body)> {
        let mut name = None;
        let mut body = Body::default();
        let mut open = span;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::string => name = Some(string(&inner)),
                Rule::lbrace => open = Span::from(inner.as_span()),
                Rule::walk_body | Rule::stage_body => {
                    body = self.body(inner.into_inner(), Span::new(open.start, span.end), check)
                }
                _ => {}
            }
        }
        Some((name?, body))
    }

    fn component(&mut self, pair: Pair<Rule>, span: Span) -> Option<Component> {
        let mut idents = Vec::new();
        let mut label = None;
        let mut instances = None;
        let mut attributes = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => idents.push(ident(&inner)),
                Rule::string => label = Some(string(&inner)),
                Rule::instances => {
                    instances = Some(Instances {
                        count: inner.as_str().get(1..).and_then(|n| n.parse().ok()),
                        span: Span::from(inner.as_span()),
                    })
                }
                Rule::attr_block => attributes = Some(self.attributes(inner)),
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        Some(Component {
            kind: idents.next()?,
            id: idents.next()?,
            label,
            instances,
            attributes,
            span,
        })
    }

    fn flow(&mut self, pair: Pair<Rule>, span: Span) -> Option<Flow> {
        let mut endpoints = Vec::new();
        let mut arrows = Vec::new();
        let mut label = None;
        let mut attributes = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::endpoint => endpoints.push(endpoint(inner)?),
                Rule::arrow => arrows.push(arrow(&inner)),
                Rule::label => label = flow_label(inner),
                Rule::attr_block => attributes = Some(self.attributes(inner)),
                _ => {}
            }
        }
        if let Some(slashes) = label.as_ref().and_then(slash_comment) {
            self.diagnostics.push(slashes);
        }
        Some(Flow {
            endpoints,
            arrows,
            label,
            attributes,
            span,
        })
    }

    fn attributes(&mut self, pair: Pair<Rule>) -> Attributes {
        let span = Span::from(pair.as_span());
        let mut entries = Vec::new();
        for inner in pair.into_inner() {
            let inner_span = Span::from(inner.as_span());
            match inner.as_rule() {
                Rule::comment => entries.push(AttributeNode::Comment(comment(&inner))),
                Rule::attr_junk => self.junk(&inner, Rule::attr_check),
                Rule::allow => {
                    if let Some(allow) = allow(inner, inner_span) {
                        entries.push(AttributeNode::Allow(allow));
                    }
                }
                Rule::attribute => {
                    let mut parts = inner.into_inner();
                    let Some(key) = parts.next() else { continue };
                    let value = parts.find(|p| p.as_rule() == Rule::value).and_then(value);
                    entries.push(AttributeNode::Attribute(Attribute {
                        key: ident(&key),
                        value,
                        span: inner_span,
                    }));
                }
                _ => {}
            }
        }
        Attributes { entries, span }
    }
}

fn ident(pair: &Pair<Rule>) -> Ident {
    Ident {
        name: pair.as_str().to_string(),
        span: Span::from(pair.as_span()),
    }
}

fn comment(pair: &Pair<Rule>) -> Comment {
    let text = pair.as_str();
    Comment {
        text: text
            .strip_prefix('#')
            .unwrap_or(text)
            .trim_end()
            .to_string(),
        span: Span::from(pair.as_span()),
    }
}

fn string(pair: &Pair<Rule>) -> Str {
    let raw = pair.as_str();
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    Str {
        value: unescape(inner),
        span: Span::from(pair.as_span()),
    }
}

/// `\"`, `\\`, `\n` and `\t` are escapes; any other backslash stays as written.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The inverse of `unescape`, for writing a string back.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn allow(pair: Pair<Rule>, span: Span) -> Option<Allow> {
    let mut rule = None;
    let mut reason = None;
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::ident => rule = Some(ident(&inner)),
            Rule::string => reason = Some(string(&inner)),
            _ => {}
        }
    }
    Some(Allow {
        rule: rule?,
        reason,
        span,
    })
}

fn arrow(pair: &Pair<Rule>) -> Arrow {
    let kind = match pair.as_str() {
        "~>" => ArrowKind::Async,
        "<->" => ArrowKind::Both,
        _ => ArrowKind::Sync,
    };
    Arrow {
        kind,
        span: Span::from(pair.as_span()),
    }
}

fn endpoint(pair: Pair<Rule>) -> Option<Endpoint> {
    let span = Span::from(pair.as_span());
    let inner = pair.into_inner().next()?;
    Some(match inner.as_rule() {
        Rule::fanout => Endpoint {
            ids: inner
                .into_inner()
                .filter(|p| p.as_rule() == Rule::ident)
                .map(|p| ident(&p))
                .collect(),
            bracketed: true,
            span,
        },
        _ => Endpoint {
            ids: vec![ident(&inner)],
            bracketed: false,
            span,
        },
    })
}

/// `api -> db: read  // primary only` keeps `// primary only` in the label:
/// a warning that comments start with `#`.
fn slash_comment(label: &FlowLabel) -> Option<Diagnostic> {
    if label.quoted {
        return None;
    }
    let at = label
        .text
        .match_indices("//")
        .map(|(at, _)| at)
        .find(|at| {
            label
                .text
                .get(..*at)
                .is_some_and(|before| before.is_empty() || before.ends_with(' '))
        })?;
    let start = label.span.start + at;
    Some(
        Diagnostic::warning(Code::SlashComment, "`//` does not start a comment")
            .with_label(
                Span::new(start, label.span.end),
                format!("this stays in the label: \"{}\"", label.text),
            )
            .with_help("comments start with `#`: `api -> db: read  # primary only`; quote a label that must contain `//`"),
    )
}

/// The ids of a member list or an `align` block.
fn id_list(pair: Pair<Rule>, span: Span) -> Members {
    Members {
        ids: pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::ident)
            .map(|p| ident(&p))
            .collect(),
        span,
    }
}

fn flow_label(pair: Pair<Rule>) -> Option<FlowLabel> {
    let inner = pair.into_inner().next()?;
    if inner.as_rule() == Rule::string {
        let s = string(&inner);
        return Some(FlowLabel {
            text: s.value,
            quoted: true,
            span: s.span,
        });
    }
    let raw = inner.as_str();
    let text = raw.trim_end();
    let start = inner.as_span().start();
    Some(FlowLabel {
        text: text.to_string(),
        quoted: false,
        span: Span::new(start, start + text.len()),
    })
}

fn value(pair: Pair<Rule>) -> Option<Value> {
    let inner = pair.into_inner().next()?;
    scalar_or_list(inner)
}

fn scalar_or_list(pair: Pair<Rule>) -> Option<Value> {
    let span = Span::from(pair.as_span());
    let text = pair.as_str().to_string();
    let kind = match pair.as_rule() {
        Rule::list => ValueKind::List(
            pair.into_inner()
                .filter(|p| !matches!(p.as_rule(), Rule::lbracket | Rule::rbracket | Rule::comma))
                .filter_map(scalar_or_list)
                .collect(),
        ),
        Rule::string => ValueKind::Str(string(&pair).value),
        Rule::ident => ValueKind::Ident(text.clone()),
        Rule::quantity => ValueKind::Quantity(quantity(pair)),
        Rule::ratio => {
            let mut numbers = pair.into_inner().map(|p| number(p.as_str()));
            ValueKind::Ratio(numbers.next()?, numbers.next()?)
        }
        Rule::rate => {
            let mut parts = pair.into_inner();
            let amount = quantity(parts.next()?);
            let per = parts.next()?.as_str().to_string();
            ValueKind::Rate(amount, per)
        }
        _ => return None,
    };
    Some(Value { kind, text, span })
}

fn quantity(pair: Pair<Rule>) -> Quantity {
    let mut number_value = 0.0;
    let mut unit = None;
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::number => number_value = number(inner.as_str()),
            Rule::unit => unit = Some(inner.as_str().to_string()),
            _ => {}
        }
    }
    Quantity {
        number: number_value,
        unit,
    }
}

fn number(text: &str) -> f64 {
    text.replace('_', "").parse().unwrap_or(f64::INFINITY)
}

/// Parses `text` with one `*_check` rule; used by `recovery` to explain junk.
pub(super) fn check(rule: Rule, text: &str) -> Result<(), Box<pest::error::Error<Rule>>> {
    WhiteboardParser::parse(rule, text)
        .map(|_| ())
        .map_err(Box::new)
}
