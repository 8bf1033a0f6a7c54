//! `wb fmt` laws: formatting is idempotent, keeps every comment, and never
//! changes what a design means (its exported model and its diagnostics).

mod common;

use proptest::prelude::*;
use whiteboard::compile;
use whiteboard::format::format;

/// The meaning of a design: its model as JSON and its diagnostics' codes and
/// messages (spans move when layout changes, so they are left out).
fn meaning(text: &str) -> (String, Vec<String>) {
    let compiled = compile(text);
    let model = serde_json::to_string(&compiled.model).expect("model serializes");
    let diagnostics = compiled
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code.as_str(), d.message))
        .collect();
    (model, diagnostics)
}

fn comments(text: &str) -> Vec<String> {
    let parsed = whiteboard::syntax::parse(text);
    let mut found = Vec::new();
    collect_comments(&parsed.file, &mut found);
    found
}

fn collect_comments(body: &whiteboard::syntax::ast::Body, found: &mut Vec<String>) {
    use whiteboard::syntax::ast::{AttributeNode, Node, Statement};
    let attributes = |attrs: Option<&whiteboard::syntax::ast::Attributes>,
                      found: &mut Vec<String>| {
        for entry in attrs.map(|a| a.entries.as_slice()).unwrap_or_default() {
            if let AttributeNode::Comment(c) = entry {
                found.push(c.text.clone());
            }
        }
    };
    for node in &body.nodes {
        match node {
            Node::Comment(c) => found.push(c.text.clone()),
            Node::Statement(statement) => match statement {
                Statement::Design(d) => attributes(d.attributes.as_ref(), found),
                Statement::Scale(s) => attributes(Some(&s.attributes), found),
                Statement::Component(c) => attributes(c.attributes.as_ref(), found),
                Statement::Flow(f) => attributes(f.attributes.as_ref(), found),
                Statement::Group(g) => collect_comments(&g.body, found),
                Statement::Walkthrough(w) => collect_comments(&w.body, found),
                Statement::Stage(s) => collect_comments(&s.body, found),
                _ => {}
            },
        }
    }
}

fn check_laws(text: &str) -> Result<(), TestCaseError> {
    let parsed = whiteboard::syntax::parse(text);
    prop_assume!(!parsed.has_errors());
    let once = format(&parsed.file, text);
    let reparsed = whiteboard::syntax::parse(&once);
    prop_assert!(
        !reparsed.has_errors(),
        "formatted output does not parse:\n{once}"
    );
    let twice = format(&reparsed.file, &once);
    prop_assert_eq!(&once, &twice, "not idempotent");
    prop_assert_eq!(
        meaning(text),
        meaning(&once),
        "meaning changed:\n{}\n---\n{}",
        text,
        once
    );
    let mut before = comments(text);
    let mut after = comments(&once);
    before.sort();
    after.sort();
    prop_assert_eq!(before, after, "comments changed");
    Ok(())
}

#[test]
fn laws_hold_on_every_example_and_fixture() {
    let mut files = common::examples();
    for entry in std::fs::read_dir(common::root().join("tests/fixtures/diagnostics"))
        .expect("fixtures")
        .flatten()
    {
        files.push(entry.path());
    }
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if whiteboard::syntax::parse(&text).has_errors() {
            continue;
        }
        if let Err(error) = check_laws(&text) {
            panic!("{}: {error}", path.display());
        }
    }
}

// ---- generated designs

const KINDS: &[&str] = &[
    "client", "service", "redis", "postgres", "kafka", "lb", "worker", "s3",
];
const IDS: &[&str] = &[
    "users", "api", "cache", "db", "events", "lb", "jobs", "media", "a-b", "x_1",
];
const ATTRIBUTES: &[&str] = &[
    "stateless",
    "replicas: 2",
    "ttl: 24h",
    "eviction: lru",
    "tags: [media,static]",
    "dlq: true",
    "capacity: 2K/s",
    "hit: 90%",
    "shard_key: user_id",
    "note: \"a, b\"",
    "size: 2MB",
];
const FLOW_ATTRIBUTES: &[&str] = &[
    "protocol: https",
    "timeout: 200ms",
    "retries: 3",
    "share: 20%",
];
const LABELS: &[&str] = &[
    "",
    ": read",
    ": \"GET /{id}\"",
    ": GET /users/{id}/feed",
    ": cache miss, then db",
    ": \"quote \\\" inside\"",
];
const SPACE: &[&str] = &[" ", "  ", "\t", "   "];

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(options)
}

fn comment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z ]{0,12}".prop_map(|c| format!("  # {c}"))
    ]
}

fn attribute_block(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(pick(pool), 0..4),
        any::<bool>(),
        comment(),
    )
        .prop_map(|(attrs, multiline, note)| {
            if attrs.is_empty() {
                return String::new();
            }
            let mut unique = attrs;
            unique.sort_unstable();
            unique.dedup_by_key(|a| a.split(':').next().map(str::to_string));
            if multiline {
                let mut block = format!(" {{{note}\n");
                for attr in unique {
                    block.push_str(&format!("    {attr}\n"));
                }
                block.push('}');
                block
            } else {
                format!(" {{ {} }}", unique.join(","))
            }
        })
}

fn component() -> impl Strategy<Value = String> {
    (
        pick(KINDS),
        pick(IDS),
        prop::option::of("[A-Za-z &]{1,10}"),
        prop::option::of(1u32..5),
        attribute_block(ATTRIBUTES),
        pick(SPACE),
        comment(),
    )
        .prop_map(|(kind, id, label, count, attrs, space, note)| {
            let mut line = format!("{kind}{space}{id}");
            if let Some(label) = label {
                line.push_str(&format!("{space}\"{label}\""));
            }
            if let Some(count) = count {
                line.push_str(&format!(" x{count}"));
            }
            format!("{line}{attrs}{note}")
        })
}

fn flow() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            prop_oneof![
                pick(IDS).prop_map(str::to_string),
                (pick(IDS), pick(IDS)).prop_map(|(a, b)| format!("[{a},{b}]"))
            ],
            2..4,
        ),
        prop::collection::vec(pick(&["->", "~>", "<->"]), 3),
        pick(LABELS),
        attribute_block(FLOW_ATTRIBUTES),
        pick(SPACE),
        comment(),
    )
        .prop_map(|(ends, arrows, label, attrs, space, note)| {
            let mut line = ends.first().cloned().unwrap_or_default();
            for (end, arrow) in ends.iter().skip(1).zip(arrows) {
                line.push_str(&format!("{space}{arrow}{space}{end}"));
            }
            format!("{line}{label}{attrs}{note}")
        })
}

fn statement() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => component(),
        4 => flow(),
        1 => "[a-z ]{0,20}".prop_map(|c| format!("# {c}")),
        1 => Just(String::new()),
        1 => (pick(IDS), pick(IDS)).prop_map(|(a, b)| format!("group \"Zone {a}\" {{ {a} {b} }}")),
        1 => (component(), flow()).prop_map(|(c, f)| format!("group g {{  # inside\n{c}\n\n  {f}\n}}")),
        1 => (flow(), flow()).prop_map(|(a, b)| format!("flow \"Walk\" {{\n{a}\n{b}\n}}")),
        1 => (component(), flow()).prop_map(|(c, f)| format!("stage \"Grow\" {{\n  {c}\n  remove api\n  {f}\n}}")),
        1 => Just("design \"T\" {\n  direction: right # way\n  allow missing-cache \"small\"\n}".to_string()),
        1 => Just("scale { users: 1M, requests: 10/day, read_write: 10:1, peak: 3x }".to_string()),
        1 => (pick(IDS), pick(IDS), pick(SPACE)).prop_map(|(a, b, space)| format!("align {{{space}{a},{space}{b} }}")),
        1 => (pick(IDS), pick(IDS), pick(&["", "\"a note\"", "\"why: 2K/s\""])).prop_map(|(a, b, text)| {
            match text {
                "" => format!("note {a} -> {b} \"on the flow\""),
                text => format!("note {a}   {text}"),
            }
        }),
        1 => Just("note \"the design's own note\"".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn laws_hold_on_generated_designs(lines in prop::collection::vec(statement(), 0..25)) {
        check_laws(&lines.join("\n"))?;
    }
}
