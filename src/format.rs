//! `wb fmt`: writes a parsed file back in canonical layout.
//!
//! The layout is a function of the AST plus three facts read off the source:
//! where blank lines were (runs of them become one), which comments sat at
//! the end of a line, and whether a block was written on one line. Consecutive
//! components and flows are aligned in columns and trailing comments line up,
//! as gofmt does. Values are written back exactly as they were typed, so
//! formatting never changes what a design means.

use crate::span::Span;
use crate::syntax::ast::*;
use crate::syntax::escape;

const INDENT: &str = "  ";

/// Formats a file that parsed without syntax errors.
pub fn format(file: &Body, source: &str) -> String {
    let formatter = Formatter { source };
    let items: Vec<Item> = file.nodes.iter().map(|node| formatter.node(node)).collect();
    let mut out = String::new();
    for line in formatter.layout(items, None).lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

struct Formatter<'s> {
    source: &'s str,
}

/// One comment or entry of a body or attribute block, rendered.
enum Item<'a> {
    Comment(&'a Comment),
    Entry(Entry),
}

struct Entry {
    span: Span,
    /// The entry's lines, without indentation.
    lines: Vec<String>,
    /// For single-line components and flows: the cells aligned in columns
    /// with neighbours of the same `Align`.
    cells: Option<(Align, Vec<String>)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Component,
    Flow,
}

/// A laid-out line before alignment.
struct Line {
    content: Vec<String>,
    cells: Option<(Align, Vec<String>)>,
    trailing: Option<String>,
    blank_before: bool,
}

/// A laid-out block: a comment that stood right after `{`, then the lines.
struct Layout {
    header: Option<String>,
    lines: Vec<String>,
}

impl<'s> Formatter<'s> {
    fn text(&self, span: Span) -> &'s str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// Whether the source has a line break between two offsets.
    fn breaks(&self, from: usize, to: usize) -> bool {
        self.text(Span::new(from, to)).contains(['\n', '\r'])
    }

    fn blank_between(&self, from: usize, to: usize) -> bool {
        self.text(Span::new(from, to)).matches('\n').count() >= 2
    }

    /// Lays out items; `open` is the offset just after the block's `{`.
    fn layout(&self, items: Vec<Item>, open: Option<usize>) -> Layout {
        let mut header = None;
        let mut lines: Vec<Line> = Vec::new();
        let mut previous_end: Option<usize> = None;
        for item in items {
            match item {
                Item::Comment(comment) => {
                    let text = format!("#{}", comment.text);
                    let same_line = previous_end
                        .or(open)
                        .is_some_and(|end| !self.breaks(end, comment.span.start));
                    match lines.last_mut() {
                        Some(last)
                            if same_line && last.trailing.is_none() && !last.cells_is_comment() =>
                        {
                            last.trailing = Some(text)
                        }
                        None if same_line && header.is_none() && open.is_some() => {
                            header = Some(text)
                        }
                        _ => lines.push(Line {
                            blank_before: !lines.is_empty()
                                && previous_end
                                    .is_some_and(|end| self.blank_between(end, comment.span.start)),
                            content: vec![text],
                            cells: None,
                            trailing: None,
                        }),
                    }
                    previous_end = Some(comment.span.end);
                }
                Item::Entry(entry) => {
                    lines.push(Line {
                        blank_before: !lines.is_empty()
                            && previous_end
                                .is_some_and(|end| self.blank_between(end, entry.span.start)),
                        content: entry.lines,
                        cells: entry.cells,
                        trailing: None,
                    });
                    previous_end = Some(entry.span.end);
                }
            }
        }
        align_cells(&mut lines);
        Layout {
            header,
            lines: align_comments(lines),
        }
    }

    fn node<'a>(&self, node: &'a Node) -> Item<'a> {
        match node {
            Node::Comment(comment) => Item::Comment(comment),
            Node::Statement(statement) => Item::Entry(self.statement(statement)),
        }
    }

    fn statement(&self, statement: &Statement) -> Entry {
        let span = statement.span();
        let simple = |line: String| Entry {
            span,
            lines: vec![line],
            cells: None,
        };
        match statement {
            Statement::Design(design) => {
                let mut head = "design".to_string();
                if let Some(title) = &design.title {
                    head.push(' ');
                    head.push_str(&escape(&title.value));
                }
                self.with_attributes(span, head, design.attributes.as_ref())
            }
            Statement::Scale(scale) => {
                self.with_attributes(span, "scale".into(), Some(&scale.attributes))
            }
            Statement::Component(component) => self.component(component),
            Statement::Flow(flow) => self.flow(flow),
            Statement::Group(group) => {
                let mut head = "group".to_string();
                if let Some(id) = &group.id {
                    head.push(' ');
                    head.push_str(&id.name);
                }
                if let Some(label) = &group.label {
                    head.push(' ');
                    head.push_str(&escape(&label.value));
                }
                self.block(span, head, &group.body)
            }
            Statement::Members(members) => simple(
                members
                    .ids
                    .iter()
                    .map(|id| id.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Statement::Walkthrough(walkthrough) => self.block(
                span,
                format!("flow {}", escape(&walkthrough.name.value)),
                &walkthrough.body,
            ),
            Statement::Stage(stage) => self.block(
                span,
                format!("stage {}", escape(&stage.name.value)),
                &stage.body,
            ),
            Statement::Allow(allow) => simple(format_allow(allow)),
            Statement::Note(note) => simple(format_note(note)),
            Statement::Align(align) => simple(format!(
                "align {{ {} }}",
                align
                    .ids
                    .iter()
                    .map(|id| id.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
            Statement::Remove(remove) => simple(match &remove.flow_to {
                Some((arrow, to)) => format!(
                    "remove {} {} {}",
                    remove.target.name,
                    arrow.kind.as_str(),
                    to.name
                ),
                None => format!("remove {}", remove.target.name),
            }),
        }
    }

    fn component(&self, component: &Component) -> Entry {
        let mut cells = vec![
            component.kind.name.clone(),
            component.id.name.clone(),
            component
                .label
                .as_ref()
                .map(|l| escape(&l.value))
                .unwrap_or_default(),
            component
                .instances
                .as_ref()
                .map(|i| self.text(i.span).to_string())
                .unwrap_or_default(),
        ];
        self.finish_cells(
            component.span,
            Align::Component,
            &mut cells,
            component.attributes.as_ref(),
        )
    }

    fn flow(&self, flow: &Flow) -> Entry {
        let mut rest = String::new();
        for (arrow, endpoint) in flow.arrows.iter().zip(flow.endpoints.iter().skip(1)) {
            if !rest.is_empty() {
                rest.push(' ');
            }
            rest.push_str(arrow.kind.as_str());
            rest.push(' ');
            rest.push_str(&format_endpoint(endpoint));
        }
        if let Some(label) = &flow.label {
            rest.push_str(": ");
            if label.quoted {
                rest.push_str(&escape(&label.text));
            } else {
                rest.push_str(&label.text);
            }
        }
        let first = flow
            .endpoints
            .first()
            .map(format_endpoint)
            .unwrap_or_default();
        // Only the first endpoint is a column: aligned arrows read as a table,
        // while labels and attributes stay next to their flow. A fan-out in
        // front would push every arrow of the run far right, so it stands alone.
        let align = !flow.endpoints.first().is_some_and(|e| e.bracketed);
        let mut line = vec![first, rest];
        let entry = self.finish_cells(flow.span, Align::Flow, &mut line, flow.attributes.as_ref());
        match entry.cells {
            Some((align_kind, cells)) if align => {
                let (first, rest) = cells
                    .split_first()
                    .map_or((String::new(), Vec::new()), |(f, r)| {
                        (f.clone(), r.to_vec())
                    });
                Entry {
                    cells: Some((align_kind, vec![first, join_cells(&rest)])),
                    ..entry
                }
            }
            _ => Entry {
                cells: None,
                ..entry
            },
        }
    }

    /// Adds the attribute block: as a last cell when it fits on the line, or
    /// below the head when it spans lines.
    fn finish_cells(
        &self,
        span: Span,
        align: Align,
        cells: &mut Vec<String>,
        attributes: Option<&Attributes>,
    ) -> Entry {
        match attributes.map(|a| self.attributes(a)) {
            None => Entry {
                span,
                lines: vec![join_cells(cells)],
                cells: Some((align, cells.clone())),
            },
            Some(AttributeLayout::Inline(inline)) => {
                cells.push(inline);
                Entry {
                    span,
                    lines: vec![join_cells(cells)],
                    cells: Some((align, cells.clone())),
                }
            }
            Some(AttributeLayout::Block(layout)) => Entry {
                span,
                lines: open_block(join_cells(cells), layout),
                cells: None,
            },
        }
    }

    fn with_attributes(&self, span: Span, head: String, attributes: Option<&Attributes>) -> Entry {
        let lines = match attributes.map(|a| self.attributes(a)) {
            None => vec![head],
            Some(AttributeLayout::Inline(inline)) => vec![format!("{head} {inline}")],
            Some(AttributeLayout::Block(layout)) => open_block(head, layout),
        };
        Entry {
            span,
            lines,
            cells: None,
        }
    }

    fn attributes(&self, attributes: &Attributes) -> AttributeLayout {
        let has_comment = attributes
            .entries
            .iter()
            .any(|entry| matches!(entry, AttributeNode::Comment(_)));
        if !has_comment && !self.breaks(attributes.span.start, attributes.span.end) {
            let entries: Vec<String> = attributes
                .entries
                .iter()
                .filter_map(format_attribute_entry)
                .collect();
            return AttributeLayout::Inline(if entries.is_empty() {
                "{}".into()
            } else {
                format!("{{ {} }}", entries.join(", "))
            });
        }
        let items = attributes
            .entries
            .iter()
            .map(|entry| match entry {
                AttributeNode::Comment(comment) => Item::Comment(comment),
                other => Item::Entry(Entry {
                    span: other.span(),
                    lines: format_attribute_entry(other).into_iter().collect(),
                    cells: None,
                }),
            })
            .collect();
        AttributeLayout::Block(self.layout(items, Some(attributes.span.start + 1)))
    }

    /// A block with a body of statements: on one line when it was written
    /// so and holds a single statement, otherwise one statement per line.
    fn block(&self, span: Span, head: String, body: &Body) -> Entry {
        let items: Vec<Item> = body.nodes.iter().map(|node| self.node(node)).collect();
        let single = match items.as_slice() {
            [Item::Entry(entry)] => {
                entry.lines.len() == 1 && !self.breaks(body.span.start, body.span.end)
            }
            _ => false,
        };
        if let ([Item::Entry(entry)], true) = (items.as_slice(), single) {
            let line = entry.lines.first().cloned().unwrap_or_default();
            return Entry {
                span,
                lines: vec![format!("{head} {{ {line} }}")],
                cells: None,
            };
        }
        let open = body.span.start + 1;
        Entry {
            span,
            lines: open_block(head, self.layout(items, Some(open))),
            cells: None,
        }
    }
}

enum AttributeLayout {
    Inline(String),
    Block(Layout),
}

impl Line {
    /// A standalone comment line never takes a trailing comment.
    fn cells_is_comment(&self) -> bool {
        self.cells.is_none()
            && self.content.len() == 1
            && self.content.first().is_some_and(|c| c.starts_with('#'))
    }
}

/// `head {`, the indented lines, `}`; empty blocks stay `head {}`.
fn open_block(head: String, layout: Layout) -> Vec<String> {
    if layout.lines.is_empty() && layout.header.is_none() {
        return vec![format!("{head} {{}}")];
    }
    let mut lines = vec![match layout.header {
        Some(comment) => format!("{head} {{  {comment}"),
        None => format!("{head} {{"),
    }];
    lines.extend(layout.lines.into_iter().map(|line| {
        if line.is_empty() {
            line
        } else {
            format!("{INDENT}{line}")
        }
    }));
    lines.push("}".into());
    lines
}

fn join_cells(cells: &[String]) -> String {
    cells
        .iter()
        .filter(|cell| !cell.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Pads the cells of consecutive single-line components (or flows) so their
/// columns line up. Blank lines and comment lines end a run.
fn align_cells(lines: &mut [Line]) {
    let mut start = 0;
    while start < lines.len() {
        let Some(align) = lines
            .get(start)
            .and_then(|l| l.cells.as_ref())
            .map(|(a, _)| *a)
        else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while lines
            .get(end)
            .is_some_and(|l| !l.blank_before && l.cells.as_ref().is_some_and(|(a, _)| *a == align))
        {
            end += 1;
        }
        let run = lines.get_mut(start..end).unwrap_or_default();
        let columns = run
            .iter()
            .filter_map(|l| l.cells.as_ref())
            .map(|(_, c)| c.len())
            .max()
            .unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|column| {
                run.iter()
                    .filter_map(|l| l.cells.as_ref().and_then(|(_, c)| c.get(column)))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for line in run.iter_mut() {
            let Some((_, cells)) = &line.cells else {
                continue;
            };
            let mut text = String::new();
            for (cell, width) in cells.iter().zip(&widths) {
                if *width == 0 {
                    continue;
                }
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(cell);
                text.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
            }
            line.content = vec![text.trim_end().to_string()];
        }
        start = end;
    }
}

/// Lines up trailing comments of consecutive single-line entries two spaces
/// after the longest of them, and flattens the lines.
fn align_comments(lines: Vec<Line>) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<Line> = Vec::new();
    let flush = |run: &mut Vec<Line>, out: &mut Vec<String>| {
        let width = run
            .iter()
            .filter(|l| l.trailing.is_some() && l.content.len() == 1)
            .filter_map(|l| l.content.first())
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0);
        for line in run.drain(..) {
            let count = line.content.len();
            for (i, content) in line.content.into_iter().enumerate() {
                let trailing = line.trailing.as_ref().filter(|_| i + 1 == count);
                out.push(match trailing {
                    Some(comment) if count == 1 => {
                        let pad = width.saturating_sub(content.chars().count()) + 2;
                        format!("{content}{}{comment}", " ".repeat(pad))
                    }
                    Some(comment) => format!("{content}  {comment}"),
                    None => content,
                });
            }
        }
    };
    for line in lines {
        let single = line.content.len() == 1 && !line.cells_is_comment();
        if line.blank_before || !single {
            flush(&mut run, &mut out);
        }
        if line.blank_before {
            out.push(String::new());
        }
        if single {
            run.push(line);
        } else {
            run.push(line);
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn format_endpoint(endpoint: &Endpoint) -> String {
    let ids: Vec<&str> = endpoint.ids.iter().map(|id| id.name.as_str()).collect();
    if endpoint.bracketed {
        format!("[{}]", ids.join(", "))
    } else {
        ids.join(", ")
    }
}

fn format_allow(allow: &Allow) -> String {
    match &allow.reason {
        Some(reason) => format!("allow {} {}", allow.rule.name, escape(&reason.value)),
        None => format!("allow {}", allow.rule.name),
    }
}

fn format_attribute_entry(entry: &AttributeNode) -> Option<String> {
    match entry {
        AttributeNode::Comment(_) => None,
        AttributeNode::Allow(allow) => Some(format_allow(allow)),
        AttributeNode::Attribute(attribute) => Some(match &attribute.value {
            Some(value) => format!("{}: {}", attribute.key.name, format_value(value)),
            None => attribute.key.name.clone(),
        }),
    }
}

fn format_value(value: &Value) -> String {
    match &value.kind {
        ValueKind::List(items) => {
            let items: Vec<String> = items.iter().map(format_value).collect();
            format!("[{}]", items.join(", "))
        }
        _ => value.text.clone(),
    }
}

fn format_note(note: &crate::syntax::ast::Note) -> String {
    let text = note
        .text
        .as_ref()
        .map_or_else(String::new, |t| escape(&t.value));
    match (&note.target, &note.flow_to) {
        (Some(from), Some((arrow, to))) => {
            format!(
                "note {} {} {} {text}",
                from.name,
                arrow.kind.as_str(),
                to.name
            )
        }
        (Some(target), None) => format!("note {} {text}", target.name),
        _ => format!("note {text}"),
    }
}
