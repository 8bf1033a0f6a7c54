//! The document's outline — components, groups, flows, walkthroughs and
//! stages, nested as written — and the ranges an editor can fold.

use lsp_types::{DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind};

use super::analysis::Analysis;
use crate::span::Span;
use crate::syntax::ast::{Body, Node, Statement};

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
fn symbol(
    analysis: &Analysis,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: analysis.lines.range(&analysis.text, span),
        selection_range: analysis.lines.range(&analysis.text, selection),
        children: (!children.is_empty()).then_some(children),
    }
}

pub fn symbols(analysis: &Analysis) -> Vec<DocumentSymbol> {
    body_symbols(analysis, &analysis.compiled.parsed.file)
}

fn body_symbols(analysis: &Analysis, body: &Body) -> Vec<DocumentSymbol> {
    let statements = body.nodes.iter().filter_map(|node| match node {
        Node::Statement(statement) => Some(statement),
        Node::Comment(_) => None,
    });
    statements
        .filter_map(|statement| statement_symbol(analysis, statement))
        .collect()
}

fn statement_symbol(analysis: &Analysis, statement: &Statement) -> Option<DocumentSymbol> {
    let of = |name: String, detail: Option<String>, kind, span, selection, children| {
        Some(symbol(
            analysis, name, detail, kind, span, selection, children,
        ))
    };
    match statement {
        Statement::Component(c) => of(
            c.id.name.clone(),
            Some(match &c.label {
                Some(label) => format!("{} “{}”", c.kind.name, label.value),
                None => c.kind.name.clone(),
            }),
            SymbolKind::CLASS,
            c.span,
            c.id.span,
            Vec::new(),
        ),
        Statement::Flow(flow) => {
            let ends: Vec<String> = flow
                .endpoints
                .iter()
                .map(|e| {
                    e.ids
                        .iter()
                        .map(|id| id.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect();
            let selection = flow.endpoints.first().map_or(flow.span, |e| e.span);
            of(
                ends.join(" → "),
                flow.label.as_ref().map(|l| l.text.clone()),
                SymbolKind::EVENT,
                flow.span,
                selection,
                Vec::new(),
            )
        }
        Statement::Group(group) => {
            let name = group
                .id
                .as_ref()
                .map_or_else(|| "group".to_string(), |id| id.name.clone());
            let selection = group.id.as_ref().map_or(group.span, |id| id.span);
            let label = group.label.as_ref().map(|l| l.value.clone());
            let children = body_symbols(analysis, &group.body);
            of(
                name,
                label,
                SymbolKind::NAMESPACE,
                group.span,
                selection,
                children,
            )
        }
        Statement::Walkthrough(w) => {
            let children = body_symbols(analysis, &w.body);
            let detail = Some("walkthrough".to_string());
            of(
                w.name.value.clone(),
                detail,
                SymbolKind::FUNCTION,
                w.span,
                w.name.span,
                children,
            )
        }
        Statement::Stage(stage) => {
            let children = body_symbols(analysis, &stage.body);
            let detail = Some("stage".to_string());
            of(
                stage.name.value.clone(),
                detail,
                SymbolKind::MODULE,
                stage.span,
                stage.name.span,
                children,
            )
        }
        Statement::Design(design) => {
            let name = design
                .title
                .as_ref()
                .map_or_else(|| "design".to_string(), |t| t.value.clone());
            let selection = design.title.as_ref().map_or(design.span, |t| t.span);
            of(
                name,
                Some("design".into()),
                SymbolKind::FILE,
                design.span,
                selection,
                Vec::new(),
            )
        }
        Statement::Scale(scale) => of(
            "scale".into(),
            None,
            SymbolKind::CONSTANT,
            scale.span,
            scale.span,
            Vec::new(),
        ),
        _ => None,
    }
}

/// Every block that spans lines, and every run of two or more comment
/// lines.
pub fn folding(analysis: &Analysis) -> Vec<FoldingRange> {
    let mut ranges = Vec::new();
    fold_body(analysis, &analysis.compiled.parsed.file, &mut ranges);
    ranges
}

fn fold(
    analysis: &Analysis,
    span: Span,
    kind: Option<FoldingRangeKind>,
    ranges: &mut Vec<FoldingRange>,
) {
    let range = analysis.lines.range(&analysis.text, span);
    if range.end.line > range.start.line {
        ranges.push(FoldingRange {
            start_line: range.start.line,
            start_character: None,
            end_line: range.end.line,
            end_character: None,
            kind,
            collapsed_text: None,
        });
    }
}

fn fold_body(analysis: &Analysis, body: &Body, ranges: &mut Vec<FoldingRange>) {
    let mut comments: Option<Span> = None;
    for node in &body.nodes {
        match node {
            Node::Comment(comment) => {
                comments = Some(comments.map_or(comment.span, |run| run.to(comment.span)));
                continue;
            }
            Node::Statement(statement) => {
                if let Some(run) = comments.take() {
                    fold(analysis, run, Some(FoldingRangeKind::Comment), ranges);
                }
                fold_statement(analysis, statement, ranges);
            }
        }
    }
    if let Some(run) = comments {
        fold(analysis, run, Some(FoldingRangeKind::Comment), ranges);
    }
}

fn fold_statement(analysis: &Analysis, statement: &Statement, ranges: &mut Vec<FoldingRange>) {
    let region = Some(FoldingRangeKind::Region);
    match statement {
        Statement::Group(group) => {
            fold(analysis, group.span, region, ranges);
            fold_body(analysis, &group.body, ranges);
        }
        Statement::Walkthrough(w) => {
            fold(analysis, w.span, region, ranges);
            fold_body(analysis, &w.body, ranges);
        }
        Statement::Stage(stage) => {
            fold(analysis, stage.span, region, ranges);
            fold_body(analysis, &stage.body, ranges);
        }
        other => fold(analysis, other.span(), region, ranges),
    }
}
