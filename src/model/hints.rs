//! Layout hints a design gives: `align { a b c }` puts components on one
//! rank in that order, `pin: top | bottom | left | right` puts one first or
//! last. A hint that cannot hold is a warning that says why, and is left
//! out; the layout honours the rest.

use std::collections::{HashSet, VecDeque};

use petgraph::Direction as Towards;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::{Design, Value, drawn_upwards};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::ast;

/// `align { … }`, resolved: ids of components in the listed order.
#[derive(Clone, Debug, Serialize)]
pub struct Align {
    pub ids: Vec<String>,
    #[serde(skip)]
    pub span: Span,
}

/// What a `note` is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "on", rename_all = "lowercase")]
pub enum NoteTarget {
    Design,
    Component { id: String },
    Flow { from: String, to: String },
}

/// `note [ID [-> ID]] "text"`: a remark drawn beside what it is about.
#[derive(Clone, Debug, Serialize)]
pub struct Note {
    #[serde(flatten)]
    pub target: NoteTarget,
    pub text: String,
    #[serde(skip)]
    pub span: Span,
}

/// Where `pin:` puts a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pin {
    Top,
    Bottom,
    Left,
    Right,
}

impl Pin {
    pub fn of(design: &Design, node: NodeIndex) -> Option<Pin> {
        let component = design.graph.node_weight(node)?;
        match component.attribute("pin").and_then(Value::as_text)? {
            "top" => Some(Pin::Top),
            "bottom" => Some(Pin::Bottom),
            "left" => Some(Pin::Left),
            "right" => Some(Pin::Right),
            _ => None,
        }
    }
}

/// The values `pin` takes.
pub const PINS: &[&str] = &["top", "bottom", "left", "right"];

/// The `align` blocks that can hold, and a warning for each one that
/// cannot (an unknown id, a component aligned twice, members a chain of
/// flows puts on different ranks) and for each pin that contradicts the
/// flows.
pub fn check(
    design: &Design,
    written: &[&ast::Members],
    drawn_right: bool,
) -> (Vec<Align>, Vec<Diagnostic>) {
    let mut aligns = Vec::new();
    let mut diagnostics = Vec::new();
    let mut aligned: HashSet<String> = HashSet::new();
    for align in written {
        let mut ids: Vec<String> = Vec::new();
        for id in &align.ids {
            if design.node(&id.name).is_none() {
                let ids = design.components().map(|c| c.id.as_str());
                let help = match crate::suggest::nearest(&id.name, ids) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "name declared components; groups cannot be aligned".into(),
                };
                diagnostics.push(ignored(
                    id.span,
                    format!("`{}` is not a component", id.name),
                    &help,
                ));
            } else if aligned.contains(&id.name) || ids.contains(&id.name) {
                diagnostics.push(ignored(
                    id.span,
                    format!("`{}` is already aligned", id.name),
                    "a component stands in one `align` block",
                ));
            } else {
                ids.push(id.name.clone());
            }
        }
        if ids.len() < 2 {
            diagnostics.push(ignored(
                align.span,
                "an `align` block needs two components".to_string(),
                "list the components to put on one rank: `align { ios android web }`",
            ));
            continue;
        }
        if let Some((from, to)) = chained(design, &ids) {
            diagnostics.push(ignored(
                align.span,
                format!("`{from}` reaches `{to}` through flows, so they cannot stand on one rank"),
                "align components that do not call each other, directly or through others",
            ));
            continue;
        }
        aligned.extend(ids.iter().cloned());
        aligns.push(Align {
            ids,
            span: align.span,
        });
    }
    diagnostics.extend(contradicting_pins(design, drawn_right));
    (aligns, diagnostics)
}

fn ignored(span: Span, why: String, help: &str) -> Diagnostic {
    Diagnostic::warning(Code::HintIgnored, format!("layout hint ignored: {why}"))
        .with_label(span, "this hint cannot hold")
        .with_help(help)
}

/// The components next to `node` that the picture draws below it
/// (`Outgoing`) or above it (`Incoming`), flows oriented as the layout
/// ranks them ([`drawn_upwards`]).
fn downwards(design: &Design, node: NodeIndex, towards: Towards) -> Vec<NodeIndex> {
    let upwards = |edge: petgraph::graph::EdgeReference<'_, super::Flow>| {
        drawn_upwards(&design.graph, edge.id())
    };
    let mut next = Vec::new();
    for edge in design.graph.edges_directed(node, Towards::Outgoing) {
        if (towards == Towards::Outgoing) != upwards(edge) {
            next.push(edge.target());
        }
    }
    for edge in design.graph.edges_directed(node, Towards::Incoming) {
        if (towards == Towards::Incoming) != upwards(edge) {
            next.push(edge.source());
        }
    }
    next
}

/// Two members one of which reaches the other along flows downwards.
fn chained(design: &Design, ids: &[String]) -> Option<(String, String)> {
    let members: Vec<NodeIndex> = ids.iter().filter_map(|id| design.node(id)).collect();
    for &start in &members {
        let mut seen = HashSet::from([start]);
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            for next in downwards(design, node, Towards::Outgoing) {
                if members.contains(&next) && next != start {
                    let name = |n: NodeIndex| {
                        design
                            .graph
                            .node_weight(n)
                            .map_or(String::new(), |c| c.id.clone())
                    };
                    return Some((name(start), name(next)));
                }
                if seen.insert(next) {
                    queue.push_back(next);
                }
            }
        }
    }
    None
}

/// A pin to the first rank (`top`, or `left` drawing right) on a component
/// something comes before, or to the last on one something comes after.
fn contradicting_pins(design: &Design, drawn_right: bool) -> Vec<Diagnostic> {
    let (first, last) = if drawn_right {
        (Pin::Left, Pin::Right)
    } else {
        (Pin::Top, Pin::Bottom)
    };
    let mut diagnostics = Vec::new();
    for node in design.graph.node_indices() {
        let Some(component) = design.graph.node_weight(node) else {
            continue;
        };
        let (towards, side) = match Pin::of(design, node) {
            Some(pin) if pin == first => (Towards::Incoming, "before"),
            Some(pin) if pin == last => (Towards::Outgoing, "after"),
            _ => continue,
        };
        let Some(other) = downwards(design, node, towards).into_iter().next() else {
            continue;
        };
        let other = design
            .graph
            .node_weight(other)
            .map_or("", |c| c.id.as_str());
        let span = component
            .attributes
            .0
            .get("pin")
            .map_or(component.id_span, |a| a.span);
        diagnostics.push(ignored(
            span,
            format!("`{other}` comes {side} `{}` along its flows", component.id),
            "pin a component to the first rank only when nothing calls it, to the last only when it calls nothing",
        ));
    }
    diagnostics
}
