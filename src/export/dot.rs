//! Graphviz DOT: components as nodes with a shape per kind, groups as
//! clusters, flows as edges with their labels (dashed when asynchronous).
//! Used to compare layouts with `dot` on the same graph.

use std::fmt::Write;

use crate::layout::Direction;
use crate::model::{Design, FlowKind, Kind, Model};

/// A DOT string literal.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn shape(kind: Kind) -> &'static str {
    match kind {
        Kind::Sql | Kind::Nosql | Kind::Warehouse => "cylinder",
        Kind::Queue | Kind::Stream | Kind::Pubsub => "cds",
        Kind::Client => "box",
        Kind::Gateway => "hexagon",
        Kind::Lb => "octagon",
        Kind::Blob => "folder",
        Kind::Cdn => "ellipse",
        Kind::External => "box",
        _ => "box",
    }
}

pub fn dot(model: &Model, direction: Direction) -> String {
    design(&model.design, model.title.as_deref(), direction)
}

pub fn design(design: &Design, title: Option<&str>, direction: Direction) -> String {
    let mut out = String::new();
    let rankdir = match direction {
        Direction::Down => "TB",
        Direction::Right => "LR",
    };
    let _ = writeln!(out, "digraph whiteboard {{");
    if let Some(title) = title {
        let _ = writeln!(out, "  label={};", quote(title));
    }
    let _ = writeln!(out, "  rankdir={rankdir};");
    let _ = writeln!(
        out,
        "  node [fontname=\"Inter\", fontsize=13, style=\"rounded,filled\", fillcolor=\"#f8fafc\"];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Inter\", fontsize=11];");
    // Components by group, nested as clusters.
    let mut written = vec![false; design.graph.node_count()];
    let roots: Vec<&crate::model::Group> = design
        .groups
        .iter()
        .filter(|g| g.parent.is_none())
        .collect();
    for group in roots {
        cluster(design, group, 1, &mut out, &mut written);
    }
    for (index, component) in design
        .graph
        .node_indices()
        .filter_map(|n| design.graph.node_weight(n).map(|c| (n, c)))
    {
        if written.get(index.index()).copied().unwrap_or(true) {
            continue;
        }
        node(component, 1, &mut out);
    }
    for flow in design.flows() {
        let mut attributes = Vec::new();
        if let Some(label) = crate::layout::label_lines(flow) {
            attributes.push(format!("label={}", quote(&label.join("\n"))));
        }
        match flow.kind {
            FlowKind::Async => attributes.push("style=dashed".to_string()),
            FlowKind::Both => attributes.push("dir=both".to_string()),
            FlowKind::Sync => {}
        }
        let _ = writeln!(
            out,
            "  {} -> {}{};",
            quote(&flow.from),
            quote(&flow.to),
            if attributes.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attributes.join(", "))
            }
        );
    }
    out.push_str("}\n");
    out
}

fn node(component: &crate::model::Component, indent: usize, out: &mut String) {
    let text = crate::layout::node_text(component);
    let mut label = text.title.join("\n");
    if let Some(subtitle) = text.subtitle {
        label.push('\n');
        label.push_str(&subtitle);
    }
    let _ = writeln!(
        out,
        "{}{} [label={}, shape={}];",
        "  ".repeat(indent),
        quote(&component.id),
        quote(&label),
        shape(component.kind)
    );
}

fn cluster(
    design: &Design,
    group: &crate::model::Group,
    indent: usize,
    out: &mut String,
    written: &mut [bool],
) {
    if indent > design.groups.len() + 1 {
        return;
    }
    let pad = "  ".repeat(indent);
    let _ = writeln!(
        out,
        "{pad}subgraph {} {{",
        quote(&format!("cluster_{}", group.id))
    );
    let _ = writeln!(
        out,
        "{pad}  label={};",
        quote(group.label.as_deref().unwrap_or(&group.id))
    );
    for member in &group.members {
        if let Some(node_index) = design.node(member)
            && let Some(component) = design.graph.node_weight(node_index)
        {
            node(component, indent + 1, out);
            if let Some(slot) = written.get_mut(node_index.index()) {
                *slot = true;
            }
        }
    }
    for child in design
        .groups
        .iter()
        .filter(|g| g.parent.as_deref() == Some(group.id.as_str()))
    {
        cluster(design, child, indent + 1, out, written);
    }
    let _ = writeln!(out, "{pad}}}");
}
