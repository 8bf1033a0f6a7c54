//! Completion from where the cursor stands: kinds, technologies and ids
//! where a statement starts, ids after an arrow, attribute keys (with their
//! types) and enumerated values inside braces, rule names after `allow`.

use lsp_types::{CompletionItem, CompletionItemKind};

use super::analysis::Analysis;
use crate::check;
use crate::model::kind::{KIND_ALIASES, Kind, TECHNOLOGIES};
use crate::model::value::{Expected, Place, schema};
use crate::syntax::KEYWORDS;

/// Usual values of `protocol`, which takes any name.
const PROTOCOLS: &[&str] = &[
    "https",
    "http",
    "grpc",
    "wss",
    "websocket",
    "tcp",
    "udp",
    "dns",
    "amqp",
    "mqtt",
];

const ARROWS: &[&str] = &["->", "~>", "<->"];

/// What the cursor is inside.
#[derive(Debug, PartialEq)]
enum Context {
    /// A body of statements (the file, a group, a walkthrough, a stage);
    /// the text of the line before the cursor.
    Statement(String),
    /// An attribute block of this place; the entry before the cursor.
    Attribute(Place, String),
    /// Inside a string or a comment: nothing to complete.
    Text,
}

pub fn complete(analysis: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let before = analysis.text.get(..offset).unwrap_or("");
    match context(before) {
        Context::Attribute(place, entry) => attribute(analysis, place, &entry),
        Context::Statement(line) => statement(analysis, &line),
        Context::Text => Vec::new(),
    }
}

/// Reads the text before the cursor, skipping strings and comments, to
/// find the innermost open brace and what opened it.
fn context(before: &str) -> Context {
    let mut opened: Vec<usize> = Vec::new();
    let mut chars = before.char_indices().peekable();
    let mut in_string = false;
    let mut in_comment = false;
    while let Some((at, c)) = chars.next() {
        in_comment = false;
        match c {
            '"' => in_string = !in_string,
            '\\' if in_string => {
                chars.next();
            }
            '#' if !in_string => {
                while chars.next_if(|(_, c)| *c != '\n').is_some() {}
                in_comment = chars.peek().is_none();
            }
            '\n' => in_string = false,
            '{' if !in_string => opened.push(at),
            '}' if !in_string => {
                opened.pop();
            }
            _ => {}
        }
    }
    if in_string || in_comment {
        return Context::Text;
    }
    let line_of = |at: usize| {
        let start = before
            .get(..at)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        before.get(start..at).unwrap_or("").trim_start().to_string()
    };
    let current_line = line_of(before.len());
    let Some(&brace) = opened.last() else {
        return Context::Statement(current_line);
    };
    let opener = line_of(brace);
    let first = opener.split_whitespace().next().unwrap_or("");
    let place = match first {
        "design" => Some(Place::Design),
        "scale" => Some(Place::Scale),
        "group" | "flow" | "stage" | "align" => None,
        _ if ARROWS.iter().any(|arrow| opener.contains(arrow)) => Some(Place::Flow),
        _ => Some(Place::Component),
    };
    match place {
        Some(place) => {
            let inside = before.get(brace + 1..).unwrap_or("");
            let entry = inside
                .rsplit([',', ';', '\n'])
                .next()
                .unwrap_or("")
                .trim_start();
            Context::Attribute(place, entry.to_string())
        }
        None => Context::Statement(current_line),
    }
}

fn item(label: &str, kind: CompletionItemKind, detail: impl Into<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail.into()),
        ..CompletionItem::default()
    }
}

fn rules() -> Vec<CompletionItem> {
    check::all_rules()
        .iter()
        .map(|rule| {
            item(
                rule.meta().name,
                CompletionItemKind::REFERENCE,
                rule.meta().summary(),
            )
        })
        .collect()
}

fn ids(analysis: &Analysis) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = Vec::new();
    for occurrence in analysis
        .names
        .occurrences
        .iter()
        .filter(|o| o.declares.is_some())
    {
        if items.iter().any(|i| i.label == occurrence.name) {
            continue;
        }
        let detail = match analysis.compiled.model.design.component(&occurrence.name) {
            Some(component) => format!("{} “{}”", component.kind.keyword(), component.title()),
            None => "group".to_string(),
        };
        items.push(item(&occurrence.name, CompletionItemKind::VARIABLE, detail));
    }
    items
}

fn kinds() -> Vec<CompletionItem> {
    let kinds = Kind::ALL
        .iter()
        .map(|kind| item(kind.keyword(), CompletionItemKind::CLASS, "kind"));
    let aliases = KIND_ALIASES.iter().map(|(alias, kind)| {
        item(
            alias,
            CompletionItemKind::CLASS,
            format!("kind: {}", kind.keyword()),
        )
    });
    let technologies = TECHNOLOGIES.iter().map(|t| {
        item(
            t.keyword,
            CompletionItemKind::CLASS,
            format!("{}: a {}", t.name, t.kind.keyword()),
        )
    });
    let keywords = KEYWORDS
        .iter()
        .map(|keyword| item(keyword, CompletionItemKind::KEYWORD, "statement"));
    kinds
        .chain(aliases)
        .chain(technologies)
        .chain(keywords)
        .collect()
}

fn statement(analysis: &Analysis, line: &str) -> Vec<CompletionItem> {
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or("");
    let typing_first = !line.contains(char::is_whitespace);
    if first == "allow" && !typing_first {
        return if words.next().is_none() || !line.ends_with(char::is_whitespace) {
            rules()
        } else {
            Vec::new()
        };
    }
    if ARROWS.iter().any(|arrow| line.contains(arrow)) {
        if line.contains(':') {
            return Vec::new();
        }
        // Not the id the flow comes from: a flow to itself is an error.
        let arrow = ARROWS
            .iter()
            .filter_map(|a| line.rfind(a))
            .max()
            .unwrap_or(0);
        let before = line.get(..arrow).unwrap_or("").trim_end_matches('<');
        let from = before.split_whitespace().last().unwrap_or("");
        let mut items = ids(analysis);
        items.retain(|item| item.label != from);
        return items;
    }
    if typing_first {
        let mut items = kinds();
        items.extend(ids(analysis));
        return items;
    }
    match first {
        "remove" | "note" | "align" => ids(analysis),
        _ => Vec::new(),
    }
}

fn attribute(analysis: &Analysis, place: Place, entry: &str) -> Vec<CompletionItem> {
    if let Some(rest) = entry.strip_prefix("allow") {
        return if rest.trim().contains(char::is_whitespace) {
            Vec::new()
        } else {
            rules()
        };
    }
    let Some((key, _)) = entry.split_once(':') else {
        let mut items: Vec<CompletionItem> = schema(place)
            .iter()
            .map(|(key, expected)| item(key, CompletionItemKind::PROPERTY, expected.describe()))
            .collect();
        if matches!(place, Place::Component | Place::Flow) {
            items.push(item(
                "allow",
                CompletionItemKind::KEYWORD,
                "silence a rule here, with the reason",
            ));
        }
        return items;
    };
    let key = key.trim();
    let expected = schema(place)
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, e)| *e);
    let value = |v: &str| item(v, CompletionItemKind::ENUM_MEMBER, key.to_string());
    match (key, expected) {
        ("protocol", _) => PROTOCOLS.iter().map(|p| value(p)).collect(),
        ("replica_of", _) => ids(analysis),
        (_, Some(Expected::OneOf(words))) => words.iter().map(|w| value(w)).collect(),
        (_, Some(Expected::Bool)) => ["true", "false"].iter().map(|w| value(w)).collect(),
        (_, Some(Expected::BoolOrComponent)) => {
            let mut items: Vec<CompletionItem> =
                ["true", "false"].iter().map(|w| value(w)).collect();
            items.extend(ids(analysis));
            items
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_completes_inside_a_string_or_a_comment() {
        assert_eq!(context("service api \"App ser"), Context::Text);
        assert_eq!(context("lb -> api # route to"), Context::Text);
        assert_eq!(
            context("lb -> api # note\n"),
            Context::Statement(String::new())
        );
    }

    #[test]
    fn the_context_is_the_innermost_open_brace() {
        assert_eq!(
            context("service api \"A\" { ttl: 1h, evi"),
            Context::Attribute(Place::Component, "evi".into())
        );
        assert_eq!(
            context("design \"x { y\" {\n  direction: "),
            Context::Attribute(Place::Design, "direction: ".into())
        );
        assert_eq!(
            context("a -> b: GET /{id} { prot"),
            Context::Attribute(Place::Flow, "prot".into())
        );
        assert_eq!(
            context("group g {\n  servi"),
            Context::Statement("servi".into())
        );
        assert_eq!(
            context("api { x }\n# { not open\nlb -> "),
            Context::Statement("lb -> ".into())
        );
    }
}
