//! D2: a shape per kind, groups as containers, labels on the connections,
//! asynchronous flows dashed, stacked instances as D2's `multiple`.
//!
//! Every key is quoted, so an id that D2 reserves (`label`, `style`,
//! `shape`, …) or one with a dash stays a plain name; connections name
//! their ends by their path through the containers (`"edge"."api"`).

use std::collections::HashMap;
use std::fmt::Write;

use super::{Item, component_lines, group_caption, quoted, tree};
use crate::layout::Direction;
use crate::layout::label_lines;
use crate::model::{Component, Design, FlowKind, Kind, Model};

pub fn d2(model: &Model, direction: Direction) -> String {
    design(&model.design, model.title.as_deref(), direction)
}

pub fn design(design: &Design, title: Option<&str>, direction: Direction) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "direction: {}",
        match direction {
            Direction::Down => "down",
            Direction::Right => "right",
        }
    );
    if let Some(title) = title {
        // A key no whiteboard id can be (ids have no spaces).
        let _ = writeln!(
            out,
            "\"design title\": {} {{near: top-center; shape: text; style.font-size: 24}}",
            string(title)
        );
    }
    for note in super::note_lines(design) {
        let _ = writeln!(out, "# {note}");
    }
    let mut paths = HashMap::new();
    for item in tree(design) {
        write_item(&item, "", 0, &mut paths, &mut out);
    }
    for flow in design.flows() {
        let (Some(from), Some(to)) = (paths.get(flow.from.as_str()), paths.get(flow.to.as_str()))
        else {
            continue;
        };
        let arrow = match flow.kind {
            FlowKind::Sync | FlowKind::Async => "->",
            FlowKind::Both => "<->",
        };
        let label = label_lines(flow)
            .map(|lines| format!(": {}", string(&lines.join("\n"))))
            .unwrap_or_default();
        let style = if flow.kind == FlowKind::Async {
            " {style.stroke-dash: 4}"
        } else {
            ""
        };
        let _ = writeln!(out, "{from} {arrow} {to}{label}{style}");
    }
    out
}

/// Writes a component or a container, recording each component's path.
fn write_item<'a>(
    item: &Item<'a>,
    parent: &str,
    indent: usize,
    paths: &mut HashMap<&'a str, String>,
    out: &mut String,
) {
    let pad = "  ".repeat(indent);
    match item {
        Item::Component(component) => {
            let key = string(&component.id);
            paths.insert(component.id.as_str(), format!("{parent}{key}"));
            let _ = writeln!(
                out,
                "{pad}{key}: {} {{{}}}",
                string(&component_lines(component).join("\n")),
                properties(component).join("; ")
            );
        }
        Item::Group(group, children) => {
            let key = string(&group.id);
            let _ = writeln!(out, "{pad}{key}: {} {{", string(group_caption(group)));
            let path = format!("{parent}{key}.");
            for child in children {
                write_item(child, &path, indent + 1, paths, out);
            }
            let _ = writeln!(out, "{pad}}}");
        }
    }
}

fn properties(component: &Component) -> Vec<String> {
    let mut properties = vec![format!("shape: {}", shape(component.kind))];
    if component.instances > 1 {
        properties.push("style.multiple: true".to_string());
    }
    if component.kind == Kind::External {
        properties.push("style.stroke-dash: 4".to_string());
    }
    properties
}

fn shape(kind: Kind) -> &'static str {
    match kind {
        Kind::Client => "person",
        Kind::Dns => "oval",
        Kind::Cdn => "cloud",
        Kind::Lb => "parallelogram",
        Kind::Gateway => "hexagon",
        Kind::Cache => "stored_data",
        Kind::Sql | Kind::Nosql | Kind::Search | Kind::Warehouse => "cylinder",
        Kind::Queue | Kind::Stream | Kind::Pubsub => "queue",
        Kind::Blob => "package",
        Kind::Monitoring => "page",
        Kind::Service | Kind::Worker | Kind::Coordination | Kind::External => "rectangle",
    }
}

/// A D2 double-quoted string. `$` is escaped too: D2 substitutes
/// `${variables}` in double-quoted strings.
fn string(value: &str) -> String {
    quoted(value, |c| match c {
        '"' => Some("\\\""),
        '\\' => Some("\\\\"),
        '$' => Some("\\$"),
        '\n' => Some("\\n"),
        '\r' => Some(""),
        _ => None,
    })
}
