//! Graphviz DOT: components as nodes with a shape per kind and the size of
//! their boxes in our drawings, groups as clusters, flows as edges with
//! their labels (dashed when asynchronous). Used to compare layouts with
//! `dot` on the same graph and the same boxes.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Item, group_caption, quoted, tree};
use crate::layout::{Direction, label_lines, node_size, node_text, style};
use crate::model::{Component, Design, FlowKind, Kind, Model};

/// A DOT string literal.
fn quote(text: &str) -> String {
    quoted(text, |c| match c {
        '"' => Some("\\\""),
        '\\' => Some("\\\\"),
        '\n' => Some("\\n"),
        '\r' => Some(""),
        _ => None,
    })
}

fn shape(kind: Kind) -> &'static str {
    match kind {
        Kind::Sql | Kind::Nosql | Kind::Warehouse => "cylinder",
        Kind::Queue | Kind::Stream | Kind::Pubsub => "cds",
        Kind::Gateway => "hexagon",
        Kind::Lb => "octagon",
        Kind::Blob => "folder",
        Kind::Cdn => "ellipse",
        _ => "box",
    }
}

pub fn dot(model: &Model, direction: Direction) -> String {
    design(&model.design, model.title.as_deref(), direction)
}

pub fn design(design: &Design, title: Option<&str>, direction: Direction) -> String {
    // Our boxes as laid out: a side with many flows is lengthened to give
    // each a port (`layout::ports`).
    let boxes: Sizes = crate::layout::box_sizes(design, direction).unwrap_or_default();
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
    for item in tree(design) {
        write_item(&item, 1, &boxes, &mut out);
    }
    // `align` hints; dot keeps `rank=same` only among nodes of one cluster.
    for align in &design.aligns {
        let same_cluster = align.ids.windows(2).all(|pair| match pair {
            [a, b] => {
                design.component(a).map(|c| &c.group) == design.component(b).map(|c| &c.group)
            }
            _ => true,
        });
        if same_cluster {
            let ids: Vec<String> = align.ids.iter().map(|id| quote(id)).collect();
            let _ = writeln!(out, "  {{ rank=same; {}; }}", ids.join("; "));
        }
    }
    for flow in design.flows() {
        let mut attributes = Vec::new();
        if let Some(label) = label_lines(flow) {
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

/// The size of each component's box in our drawing, by id.
type Sizes = HashMap<String, (f64, f64)>;

fn write_item(item: &Item<'_>, indent: usize, boxes: &Sizes, out: &mut String) {
    let pad = "  ".repeat(indent);
    match item {
        Item::Component(component) => node(component, boxes, &pad, out),
        Item::Group(group, children) => {
            let _ = writeln!(
                out,
                "{pad}subgraph {} {{",
                quote(&format!("cluster_{}", group.id))
            );
            let _ = writeln!(out, "{pad}  label={};", quote(group_caption(group)));
            for child in children {
                write_item(child, indent + 1, boxes, out);
            }
            let _ = writeln!(out, "{pad}}}");
        }
    }
}

/// A component's lines as an HTML-like label: the subtitle smaller, as we
/// draw it, so the text fits the box it has in our drawings.
fn node_label(component: &Component) -> String {
    let text = node_text(component);
    let escape = |line: &str| {
        line.chars().fold(String::new(), |mut out, c| {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                _ => out.push(c),
            }
            out
        })
    };
    let mut lines: Vec<String> = text.title.iter().map(|line| escape(line)).collect();
    if let Some(subtitle) = &text.subtitle {
        lines.push(format!(
            "<FONT POINT-SIZE=\"{}\">{}</FONT>",
            style::SUBTITLE_SIZE,
            escape(subtitle)
        ));
    }
    format!("<{}>", lines.join("<BR/>"))
}

/// A node with the size of the component's box in our drawings (DOT sizes
/// are in inches of 72 points), so `dot` lays out the same boxes. dot
/// would grow a hexagon or an octagon until the label's rectangle fits
/// inside it; `fixedsize=true` keeps the size, and the label, measured as
/// we draw it, fits. (`fixedsize=shape` would do the same, but with
/// `rankdir=LR` dot then ends the edges at the wrong points.)
fn node(component: &Component, boxes: &Sizes, pad: &str, out: &mut String) {
    let (width, height) = boxes
        .get(&component.id)
        .copied()
        .unwrap_or_else(|| node_size(component));
    let _ = writeln!(
        out,
        "{pad}{} [label={}, shape={}, width={:.3}, height={:.3}, fixedsize=true];",
        quote(&component.id),
        node_label(component),
        shape(component.kind),
        width / 72.0,
        height / 72.0,
    );
}
