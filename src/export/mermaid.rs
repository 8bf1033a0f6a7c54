//! Mermaid flowcharts: a node shape per kind, groups as subgraphs, labels on
//! the edges, asynchronous flows dashed (`-.->`), two-way flows `<-->`.
//!
//! Only the classic shape syntax is used (`[( … )]`, `{{ … }}`, …), which
//! every Mermaid renderer in use understands, GitHub's included. Ids are
//! made safe for Mermaid (`end` and dashes break its parser); every text is
//! quoted, with Mermaid's entity codes for the characters that end a quote
//! or start markup.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::{Item, component_lines, group_caption, quoted, tree};
use crate::layout::Direction;
use crate::layout::label_lines;
use crate::model::{Design, FlowKind, Kind, Model};

pub fn mermaid(model: &Model, direction: Direction) -> String {
    design(&model.design, model.title.as_deref(), direction)
}

pub fn design(design: &Design, title: Option<&str>, direction: Direction) -> String {
    let mut out = String::new();
    if let Some(title) = title {
        let _ = writeln!(out, "---\ntitle: {}\n---", yaml_string(title));
    }
    let _ = writeln!(
        out,
        "flowchart {}",
        match direction {
            Direction::Down => "TB",
            Direction::Right => "LR",
        }
    );
    let ids = Ids::of(design);
    for note in super::note_lines(design) {
        let _ = writeln!(out, "  %% {note}");
    }
    for item in tree(design) {
        write_item(&item, 1, &ids, &mut out);
    }
    for flow in design.flows() {
        let arrow = match flow.kind {
            FlowKind::Sync => "-->",
            FlowKind::Async => "-.->",
            FlowKind::Both => "<-->",
        };
        let label = label_lines(flow)
            .map(|lines| format!("|{}|", text(&lines.join("\n"))))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {arrow}{label} {}",
            ids.get(&flow.from),
            ids.get(&flow.to)
        );
    }
    let external: Vec<&str> = design
        .components()
        .filter(|component| component.kind == Kind::External)
        .map(|component| ids.get(&component.id))
        .collect();
    if !external.is_empty() {
        let _ = writeln!(out, "  classDef external stroke-dasharray: 5 4");
        let _ = writeln!(out, "  class {} external", external.join(","));
    }
    out
}

fn write_item(item: &Item<'_>, indent: usize, ids: &Ids, out: &mut String) {
    let pad = "  ".repeat(indent);
    match item {
        Item::Component(component) => {
            let (open, close) = shape(component.kind);
            let _ = writeln!(
                out,
                "{pad}{}{open}{}{close}",
                ids.get(&component.id),
                text(&component_lines(component).join("\n"))
            );
        }
        Item::Group(group, children) => {
            let _ = writeln!(
                out,
                "{pad}subgraph {}[{}]",
                ids.get(&group.id),
                text(group_caption(group))
            );
            for child in children {
                write_item(child, indent + 1, ids, out);
            }
            let _ = writeln!(out, "{pad}end");
        }
    }
}

/// The brackets of each kind's node shape.
fn shape(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Client => ("([", "])"),
        Kind::Dns => ("[/", "/]"),
        Kind::Cdn => ("((", "))"),
        Kind::Lb => ("[[", "]]"),
        Kind::Gateway => ("{{", "}}"),
        Kind::Cache => ("(", ")"),
        Kind::Sql | Kind::Nosql | Kind::Search | Kind::Warehouse => ("[(", ")]"),
        Kind::Queue | Kind::Stream | Kind::Pubsub => (">", "]"),
        Kind::Blob => ("[\\", "/]"),
        Kind::Service | Kind::Worker | Kind::Monitoring | Kind::Coordination | Kind::External => {
            ("[", "]")
        }
    }
}

/// A quoted Mermaid text: quotes, markup and the characters that end an
/// edge label become entity codes, line breaks `<br>`.
fn text(value: &str) -> String {
    quoted(value, |c| match c {
        '"' => Some("#quot;"),
        '#' => Some("#35;"),
        '<' => Some("#lt;"),
        '>' => Some("#gt;"),
        '&' => Some("#amp;"),
        '|' => Some("#124;"),
        '`' => Some("#96;"),
        '\n' => Some("<br>"),
        '\r' => Some(""),
        _ => None,
    })
}

/// A YAML double-quoted scalar, for the front matter's title.
fn yaml_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_string())
}

/// Words Mermaid reads as syntax wherever they stand.
const RESERVED: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "style",
    "class",
    "classdef",
    "click",
    "call",
    "href",
    "linkstyle",
    "direction",
    "default",
];

/// Mermaid ids for components and groups: the whiteboard id where Mermaid
/// reads it as a plain name, otherwise a safe spelling that no other id has.
struct Ids(HashMap<String, String>);

impl Ids {
    fn of(design: &Design) -> Ids {
        let names: Vec<&str> = design
            .components()
            .map(|component| component.id.as_str())
            .chain(design.groups.iter().map(|group| group.id.as_str()))
            .collect();
        let mut taken: HashSet<String> = names
            .iter()
            .filter(|name| is_plain(name))
            .map(|name| name.to_string())
            .collect();
        let mut ids = HashMap::new();
        for name in names {
            if is_plain(name) {
                ids.insert(name.to_string(), name.to_string());
                continue;
            }
            let base: String = name
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let base = format!("{base}_");
            let mut candidate = base.clone();
            let mut counter = 2;
            while taken.contains(&candidate) {
                candidate = format!("{base}{counter}");
                counter += 1;
            }
            taken.insert(candidate.clone());
            ids.insert(name.to_string(), candidate);
        }
        Ids(ids)
    }

    fn get<'a>(&'a self, name: &'a str) -> &'a str {
        self.0.get(name).map_or(name, String::as_str)
    }
}

fn is_plain(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_end_its_quote_or_open_markup() {
        assert_eq!(
            text("say \"hi\" <b> | #1 & `x`\nnext"),
            "\"say #quot;hi#quot; #lt;b#gt; #124; #35;1 #amp; #96;x#96;<br>next\""
        );
    }

    #[test]
    fn reserved_and_dashed_ids_get_safe_unique_spellings() {
        let compiled = crate::compile(
            "service end \"End\"\nservice end_ \"Taken\"\nservice a-b \"Dash\"\nend -> end_: x\nend_ -> a-b: y\n",
        );
        let ids = Ids::of(&compiled.model.design);
        assert_eq!(ids.get("end"), "end_2");
        assert_eq!(ids.get("end_"), "end_");
        assert_eq!(ids.get("a-b"), "a_b_");
    }
}
