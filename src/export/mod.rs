//! Handing a design to other tools. JSON is the model itself (serde); this
//! module writes the formats that need translating: Graphviz DOT, Mermaid
//! flowcharts and D2. Each nests components in their groups the same way,
//! through [`tree`].

pub mod d2;
pub mod dot;
pub mod mermaid;

use std::collections::HashMap;

use crate::layout::node_text;
use crate::model::{Component, Design, Group};
use crate::syntax::MAX_NESTING;

/// A design's components in their groups, outermost first.
pub enum Item<'a> {
    Component(&'a Component),
    Group(&'a Group, Vec<Item<'a>>),
}

/// Components and groups as nested items, in declaration order: each
/// group's own members, then its nested groups; components in no group
/// after the groups.
pub fn tree(design: &Design) -> Vec<Item<'_>> {
    let mut children: HashMap<&str, Vec<&Group>> = HashMap::new();
    for group in &design.groups {
        if let Some(parent) = &group.parent {
            children.entry(parent.as_str()).or_default().push(group);
        }
    }
    let mut items: Vec<Item<'_>> = design
        .groups
        .iter()
        .filter(|group| group.parent.is_none())
        .map(|group| group_item(design, &children, group, 0))
        .collect();
    items.extend(
        design
            .components()
            .filter(|component| component.group.is_none())
            .map(Item::Component),
    );
    items
}

fn group_item<'a>(
    design: &'a Design,
    children: &HashMap<&str, Vec<&'a Group>>,
    group: &'a Group,
    depth: usize,
) -> Item<'a> {
    let mut items: Vec<Item<'a>> = group
        .members
        .iter()
        .filter_map(|member| design.component(member))
        .map(Item::Component)
        .collect();
    // The model rejects group cycles and deep nesting; the bound keeps a
    // malformed model from recursing without end all the same.
    if depth <= MAX_NESTING {
        items.extend(
            children
                .get(group.id.as_str())
                .into_iter()
                .flatten()
                .map(|child| group_item(design, children, child, depth + 1)),
        );
    }
    Item::Group(group, items)
}

/// A component's text as drawn: its title, then technology and instances.
pub fn component_lines(component: &Component) -> Vec<String> {
    let text = node_text(component);
    text.title.into_iter().chain(text.subtitle).collect()
}

/// `text` in double quotes, with each character that `escape` names
/// replaced by what it gives.
fn quoted(text: &str, escape: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match escape(c) {
            Some(replacement) => out.push_str(replacement),
            None => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A group's caption: its label, or its id.
pub fn group_caption(group: &Group) -> &str {
    group.label.as_deref().unwrap_or(&group.id)
}

/// Each note as one line of text (`note on api: …`), for the exports that
/// carry them as comments.
pub fn note_lines(design: &crate::model::Design) -> Vec<String> {
    use crate::model::hints::NoteTarget;
    design
        .notes
        .iter()
        .map(|note| {
            let text = note.text.split_whitespace().collect::<Vec<_>>().join(" ");
            match &note.target {
                NoteTarget::Design => format!("note: {text}"),
                NoteTarget::Component { id } => format!("note on {id}: {text}"),
                NoteTarget::Flow { from, to } => format!("note on {from} -> {to}: {text}"),
            }
        })
        .collect()
}
