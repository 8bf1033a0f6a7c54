//! Quick fixes for findings whose fix is mechanical — `ttl` and `eviction`
//! on a cache, `dlq: true`, a second instance, a label — and, for every
//! finding, an `allow` with its reason left to fill in.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, Range, TextEdit, Uri, WorkspaceEdit};

use super::analysis::Analysis;
use crate::check::{Finding, Target};
use crate::span::Span;
use crate::syntax::ast::{self, Attributes, Body, Node, Statement};

/// The reason an inserted `allow` asks for.
const REASON: &str = "why this is fine here";

/// The fixes of the findings on the lines of `range` (an editor asks for
/// the cursor's place, which need not touch the finding's own span).
pub fn actions(analysis: &Analysis, uri: &Uri, range: Range) -> Vec<CodeAction> {
    let on_lines = |f: &&Finding| {
        let at = analysis.lines.range(&analysis.text, f.span);
        at.start.line <= range.end.line && range.start.line <= at.end.line
    };
    analysis
        .findings()
        .filter(on_lines)
        .flat_map(|finding| fixes(analysis, finding))
        .map(|(title, edit)| CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        })
        .collect()
}

/// The statement a finding is about, in the syntax tree.
enum Statementish<'a> {
    Component(&'a ast::Component),
    Flow(&'a ast::Flow),
    Design,
}

fn fixes(analysis: &Analysis, finding: &Finding) -> Vec<(String, TextEdit)> {
    let Some(target) = statement(analysis, finding.target) else {
        return Vec::new();
    };
    let edit =
        |at: Span, text: String| TextEdit::new(analysis.lines.range(&analysis.text, at), text);
    let mut fixes = Vec::new();
    match (&target, finding.rule) {
        (Statementish::Component(c), "cache-without-ttl") => {
            let (at, text) =
                with_attribute(c.attributes.as_ref(), head_end(c), "ttl: 1h, eviction: lru");
            fixes.push(("Add `ttl: 1h, eviction: lru`".to_string(), edit(at, text)));
        }
        (Statementish::Component(c), "missing-dead-letter-queue") => {
            let (at, text) = with_attribute(c.attributes.as_ref(), head_end(c), "dlq: true");
            fixes.push(("Add `dlq: true`".to_string(), edit(at, text)));
        }
        (Statementish::Component(c), "single-point-of-failure") => {
            let (at, text) = match &c.instances {
                Some(instances) => (instances.span, "x2".to_string()),
                None => (Span::new(head_end(c), head_end(c)), " x2".to_string()),
            };
            fixes.push(("Run two instances (`x2`)".to_string(), edit(at, text)));
        }
        (Statementish::Flow(flow), "unlabeled-flow") => {
            let end = flow.endpoints.last().map_or(flow.span.end, |e| e.span.end);
            fixes.push((
                "Add a label".to_string(),
                edit(Span::new(end, end), ": what it asks for".into()),
            ));
        }
        _ => {}
    }
    let allow = format!("allow {} \"{REASON}\"", finding.rule);
    let title = format!("Allow `{}` here, with the reason", finding.rule);
    let (at, text) = match &target {
        Statementish::Component(c) => with_attribute(c.attributes.as_ref(), head_end(c), &allow),
        Statementish::Flow(f) => with_attribute(f.attributes.as_ref(), flow_head_end(f), &allow),
        Statementish::Design => {
            let end = design_end(&analysis.compiled.parsed.file);
            (
                Span::new(end, end),
                format!("{}{allow}\n", if end == 0 { "" } else { "\n" }),
            )
        }
    };
    fixes.push((title, edit(at, text)));
    fixes
}

fn statement(analysis: &Analysis, target: Target) -> Option<Statementish<'_>> {
    let design = &analysis.compiled.model.design;
    let file = &analysis.compiled.parsed.file;
    match target {
        Target::Design => Some(Statementish::Design),
        Target::Component(node) => {
            let id_span = design.graph.node_weight(node)?.id_span;
            find(
                file,
                &|s| matches!(s, Statement::Component(c) if c.id.span == id_span),
            )
            .and_then(|s| match s {
                Statement::Component(c) => Some(Statementish::Component(c)),
                _ => None,
            })
        }
        Target::Flow(edge) => {
            let at = design.graph.edge_weight(edge)?.span.start;
            let inside = |s: &Statement| matches!(s, Statement::Flow(f) if f.span.start <= at && at < f.span.end.max(at + 1));
            find(file, &inside).and_then(|s| match s {
                Statement::Flow(f) => Some(Statementish::Flow(f)),
                _ => None,
            })
        }
    }
}

fn find<'a>(body: &'a Body, wanted: &dyn Fn(&Statement) -> bool) -> Option<&'a Statement> {
    body.nodes.iter().find_map(|node| {
        let Node::Statement(statement) = node else {
            return None;
        };
        if wanted(statement) {
            return Some(statement);
        }
        match statement {
            Statement::Group(g) => find(&g.body, wanted),
            Statement::Walkthrough(w) => find(&w.body, wanted),
            Statement::Stage(s) => find(&s.body, wanted),
            _ => None,
        }
    })
}

/// Where a component's kind, id, label and instances end.
fn head_end(component: &ast::Component) -> usize {
    [
        Some(component.id.span.end),
        component.label.as_ref().map(|l| l.span.end),
        component.instances.as_ref().map(|i| i.span.end),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(component.span.end)
}

fn flow_head_end(flow: &ast::Flow) -> usize {
    flow.label
        .as_ref()
        .map(|l| l.span.end)
        .or_else(|| flow.endpoints.last().map(|e| e.span.end))
        .unwrap_or(flow.span.end)
}

/// The edit that adds `entry` to an attribute block, or opens one after
/// `head_end`.
fn with_attribute(attributes: Option<&Attributes>, head_end: usize, entry: &str) -> (Span, String) {
    let Some(block) = attributes else {
        return (Span::new(head_end, head_end), format!(" {{ {entry} }}"));
    };
    let last = block
        .entries
        .iter()
        .filter(|e| !matches!(e, ast::AttributeNode::Comment(_)))
        .map(|e| e.span().end)
        .max();
    match last {
        Some(end) => (Span::new(end, end), format!(", {entry}")),
        None => (block.span, format!("{{ {entry} }}")),
    }
}

/// Just after the `design` block, or the start of the file.
fn design_end(file: &Body) -> usize {
    file.nodes
        .iter()
        .find_map(|node| match node {
            Node::Statement(Statement::Design(design)) => Some(design.span.end),
            _ => None,
        })
        .unwrap_or(0)
}
