//! The bundled examples: each compiles without errors; the walkthroughs and
//! patterns check without warnings, the as-drawn designs show what their
//! guide adds later; every walkthrough of the guides is here; and the
//! resolved model of the product sample is pinned by a snapshot. (Every
//! example's findings are pinned in `rules.rs`.)

mod common;

use std::path::{Path, PathBuf};
use whiteboard::check::{self, Config, Finding};
use whiteboard::diagnostic::Severity;

/// The examples under `examples/FOLDER`.
fn examples_in(folder: &str) -> Vec<PathBuf> {
    let base = common::root().join("examples").join(folder);
    common::examples()
        .into_iter()
        .filter(|path| path.starts_with(&base))
        .collect()
}

fn findings_of(path: &Path) -> (String, Vec<Finding>) {
    let text = std::fs::read_to_string(path).expect("readable");
    let compiled = whiteboard::compile(&text);
    let findings = check::check(&compiled.model, &Config::default()).findings;
    (compiled.model.title.clone().unwrap_or_default(), findings)
}

fn warnings(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.severity <= Severity::Warning)
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect()
}

#[test]
fn there_are_at_least_sixty_designs() {
    assert!(
        common::examples().len() >= 60,
        "{}",
        common::examples().len()
    );
    assert!(examples_in("walkthroughs").len() >= 50);
    assert!(examples_in("as-drawn").len() >= 8);
    assert!(examples_in("patterns").len() >= 6);
}

#[test]
fn walkthroughs_and_patterns_check_without_warnings() {
    for path in examples_in("walkthroughs")
        .into_iter()
        .chain(examples_in("patterns"))
    {
        let (_, findings) = findings_of(&path);
        let warnings = warnings(&findings);
        assert!(warnings.is_empty(), "{}: {warnings:#?}", path.display());
    }
}

#[test]
fn as_drawn_designs_show_what_their_walkthrough_adds() {
    for drawn in examples_in("as-drawn") {
        let name = drawn.file_name().expect("a file");
        let complete = common::root().join("examples/walkthroughs").join(name);
        assert!(complete.exists(), "{} has no walkthrough", drawn.display());
        let (drawn_title, drawn_findings) = findings_of(&drawn);
        let (complete_title, complete_findings) = findings_of(&complete);
        assert!(
            drawn_title.starts_with(&complete_title) && drawn_title != complete_title,
            "{drawn_title} is not the drawing of {complete_title}"
        );
        // The drawing lacks what the text adds: it has warnings the complete
        // design (which has none) answers.
        assert!(
            warnings(&drawn_findings).len() >= 2 + warnings(&complete_findings).len(),
            "{} shows too little: {drawn_findings:?}",
            drawn.display()
        );
    }
}

/// Every walkthrough title of guides 000–004 (in guide order), as the guides
/// write them.
const GUIDE_TITLES: &[&str] = &[
    // 000: the problems of module 8 and the fintech designs of module 9.
    "URL Shortener (TinyURL)",
    "Rate Limiter",
    "Notification Service",
    "Chat System (WhatsApp)",
    "BookMyShow (Seat Booking)",
    "News Feed (Facebook/Instagram)",
    "YouTube / Netflix",
    "Design a Payment Gateway",
    "Design a Banking Ledger (Event Sourcing + CQRS)",
    "Design a Fraud Detection Platform",
    // 001: the real-world examples, the common questions, the trading designs.
    "Design URL Shortener (bit.ly)",
    "Design Pastebin",
    "Design Rate Limiter",
    "Design Notification System",
    "Design News Feed (Twitter/Facebook)",
    "Design YouTube / Video Streaming",
    "Design Instagram",
    "How would you design a system to handle 1 million concurrent users?",
    "How would you design a system with 99.99% availability?",
    "Design Stock Portfolio Tracker",
    "Design Order Execution System",
    "Design Real-time Stock Price Updates",
    // 002: Part 27's 25 problems (the sixth has no title line; see its file).
    "URL Shortener (TinyURL)",
    "Paste Bin",
    "Distributed Rate Limiter",
    "Web Crawler",
    "Twitter / X News Feed",
    "Instagram / Photo Sharing",
    "WhatsApp / Chat",
    "YouTube / Netflix Video",
    "Uber / Lyft",
    "Yelp Proximity Search",
    "Ticketmaster",
    "Dropbox",
    "Typeahead / Autocomplete",
    "News Feed Ranking",
    "Metrics Monitoring (Datadog)",
    "Distributed Cache (Redis Cluster)",
    "E-commerce Checkout",
    "Hotel Booking",
    "Google Docs Collaboration",
    "Stack Overflow",
    "Zoom Video Conferencing",
    "Payment Wallet",
    "Notification Service",
    "Ad Click Aggregator",
    "API Rate Limiter at Scale",
    // 003: the worked examples.
    "Design a URL Shortener (bit.ly)",
    "Design a News Feed (Twitter/Instagram)",
    "Design a Chat App (WhatsApp)",
    // 004: notes 38–45.
    "Design a URL Shortener (TinyURL)",
    "Design a Rate Limiter",
    "Design a Chat System (WhatsApp)",
    "Design a Social Media Feed (Twitter/X)",
    "Design a Video Streaming Platform (YouTube)",
    "Design a Ride-Sharing Service (Uber)",
    "Design a File Storage Service (Dropbox)",
    "Design an E-Commerce Platform (Amazon)",
];

#[test]
fn every_walkthrough_title_of_the_guides_is_a_design_title() {
    let titles: Vec<String> = examples_in("walkthroughs")
        .iter()
        .map(|path| findings_of(path).0)
        .collect();
    for wanted in GUIDE_TITLES {
        assert!(
            titles.iter().any(|title| title.contains(wanted)),
            "no design is titled {wanted:?}"
        );
    }
}

#[test]
fn each_walkthrough_cites_its_guide_and_has_numbers_and_a_walkthrough() {
    for path in examples_in("walkthroughs") {
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(
            text.starts_with("# Guide 00"),
            "{} does not open by citing its guide",
            path.display()
        );
        let model = whiteboard::compile(&text).model;
        assert!(model.scale.is_some(), "{} has no scale", path.display());
        assert!(
            !model.walkthroughs.is_empty(),
            "{} has no flow",
            path.display()
        );
        assert!(
            model.design.flows().all(|f| f.label.is_some()),
            "{} has an unlabeled flow",
            path.display()
        );
    }
}

#[test]
fn every_example_compiles_cleanly() {
    let examples = common::examples();
    assert!(examples.len() >= 4);
    for path in examples {
        let text = std::fs::read_to_string(&path).expect("readable");
        let compiled = whiteboard::compile(&text);
        assert!(
            compiled.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            compiled.diagnostics
        );
    }
}

#[test]
fn the_product_sample_resolves_as_written() {
    let text =
        std::fs::read_to_string(common::root().join("examples/url-shortener.wb")).expect("sample");
    let compiled = whiteboard::compile(&text);
    insta::assert_json_snapshot!(compiled.model);
}

#[test]
fn stages_replay_additions_changes_and_removals() {
    let text = std::fs::read_to_string(common::root().join("examples/scaling-a-web-app.wb"))
        .expect("example");
    let model = whiteboard::compile(&text).model;
    let summary: Vec<String> = model
        .stages
        .iter()
        .map(|stage| {
            let components: Vec<String> = stage
                .design
                .components()
                .map(|c| format!("{}x{}", c.id, c.instances))
                .collect();
            let flows: Vec<String> = stage
                .design
                .flows()
                .map(|f| format!("{}>{}", f.from, f.to))
                .collect();
            format!(
                "{}: {} | {}",
                stage.name,
                components.join(" "),
                flows.join(" ")
            )
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"));
}

#[test]
fn the_readme_example_checks_cleanly() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    let example = readme
        .split("```wb\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a wb example in the README");
    let compiled = whiteboard::compile(example);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
    // The headline design is a good one: the review has only notes on it.
    let report = whiteboard::check::check(&compiled.model, &whiteboard::check::Config::default());
    let warned: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.severity != whiteboard::diagnostic::Severity::Info)
        .map(|f| f.message.as_str())
        .collect();
    assert!(warned.is_empty(), "{warned:?}");
    assert!(example.lines().count() <= 12);
}
