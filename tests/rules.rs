//! The checker: every rule fires on its fixture and stays quiet on a near
//! miss; every rule's documented example fires and its fix does not; the
//! generated docs are current; suppressions and configuration work.

mod common;

use whiteboard::check::{self, Config, all_rules};
use whiteboard::diagnostic::Severity;
use whiteboard::span::LineIndex;

struct Checked {
    findings: Vec<check::Finding>,
    text: String,
    diagnostics: Vec<whiteboard::diagnostic::Diagnostic>,
}

fn check_text(text: &str, config: &Config) -> Checked {
    let compiled = whiteboard::compile(text);
    assert!(
        !compiled.has_errors(),
        "does not compile: {:?}\n{text}",
        compiled.diagnostics
    );
    let report = check::check(&compiled.model, config);
    let mut diagnostics = compiled.diagnostics;
    diagnostics.extend(report.diagnostics);
    Checked {
        findings: report.findings,
        text: text.to_string(),
        diagnostics,
    }
}

/// Findings one per line: position, severity, rule, message and suggestion.
fn describe(checked: &Checked) -> String {
    let index = LineIndex::new(&checked.text);
    let mut out = String::new();
    for finding in &checked.findings {
        let at = index.position(finding.span.start);
        out.push_str(&format!(
            "{}:{} {} {}: {}\n    fix: {}\n",
            at.line,
            at.column,
            finding.severity.as_str(),
            finding.rule,
            finding.message,
            finding.suggestion
        ));
    }
    for diagnostic in &checked.diagnostics {
        out.push_str(&format!(
            "{} {}\n",
            diagnostic.code.as_str(),
            diagnostic.message
        ));
    }
    out
}

fn fires(checked: &Checked, rule: &str) -> bool {
    checked.findings.iter().any(|f| f.rule == rule)
}

#[test]
fn each_rule_fires_on_its_fixture_and_not_on_the_near_miss() {
    let folder = common::root().join("tests/fixtures/rules");
    for rule in all_rules() {
        let name = rule.meta().name;
        let read = |file: &str| {
            std::fs::read_to_string(folder.join(name).join(file))
                .unwrap_or_else(|_| panic!("missing fixture {name}/{file}"))
        };
        let firing = check_text(&read("fires.wb"), &Config::default());
        let near_miss = check_text(&read("near-miss.wb"), &Config::default());
        assert!(
            fires(&firing, name),
            "{name} does not fire on its fixture:\n{}",
            describe(&firing)
        );
        assert!(
            !fires(&near_miss, name),
            "{name} fires on its near miss:\n{}",
            describe(&near_miss)
        );
        insta::assert_snapshot!(
            name,
            format!(
                "fires.wb\n{}\nnear-miss.wb\n{}",
                describe(&firing),
                describe(&near_miss)
            )
        );
    }
}

/// The ```wb blocks under a heading of a rule's documentation.
fn doc_block<'a>(doc: &'a str, heading: &str) -> &'a str {
    doc.split(heading)
        .nth(1)
        .and_then(|rest| rest.split("```wb\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_else(|| panic!("no example under {heading}"))
}

#[test]
fn each_rules_documented_example_fires_and_its_fix_does_not() {
    for rule in all_rules() {
        let meta = rule.meta();
        let doc = meta.explanation();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## References",
        ] {
            assert!(
                doc.contains(section),
                "{} has no section {section}",
                meta.name
            );
        }
        assert!(doc.contains("Guide 00"), "{} cites no guide", meta.name);
        let example = check_text(doc_block(&doc, "## Example"), &Config::default());
        assert!(
            fires(&example, meta.name),
            "the example of {} does not fire:\n{}",
            meta.name,
            describe(&example)
        );
        let fixed = check_text(doc_block(&doc, "## Use instead"), &Config::default());
        assert!(
            !fires(&fixed, meta.name),
            "the fix of {} still fires:\n{}",
            meta.name,
            describe(&fixed)
        );
    }
}

#[test]
fn the_rule_names_are_the_catalog() {
    let names: Vec<&str> = all_rules().iter().map(|r| r.meta().name).collect();
    let product = [
        "single-point-of-failure",
        "missing-load-balancer",
        "stateful-service-behind-lb",
        "missing-cache",
        "cache-without-ttl",
        "cache-without-store",
        "missing-cdn",
        "unlabeled-flow",
        "orphan-component",
        "unreachable-component",
        "client-to-database",
        "sync-slow-work",
        "long-sync-chain",
        "sync-cycle",
        "queue-without-consumer",
        "queue-without-producer",
        "missing-dead-letter-queue",
        "shared-database",
        "blob-in-database",
        "search-on-database",
        "analytics-on-primary",
        "money-on-eventual-store",
        "bad-shard-key",
        "missing-rate-limit",
        "missing-auth",
        "plaintext-public-flow",
        "missing-idempotency",
        "retry-without-backoff",
        "missing-monitoring",
        "websocket-without-pubsub",
        "overengineered",
        "missing-requirements",
        "capacity-exceeded",
    ];
    assert_eq!(names, product);
}

#[test]
fn docs_rules_md_is_generated_from_the_rules() {
    let path = common::root().join("docs/rules.md");
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == check::rules_markdown(),
        "docs/rules.md is out of date: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn a_design_with_every_problem_the_guides_warn_about_gets_them_all() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/checker/every-problem.wb"))
            .expect("fixture");
    let checked = check_text(&text, &Config::default());
    // `missing-requirements` wants no `scale` block and `overengineered` a
    // small one: the design without its scale line shows the first.
    let without_scale: String = text
        .lines()
        .filter(|line| !line.starts_with("scale"))
        .map(|l| format!("{l}\n"))
        .collect();
    let unscaled = check_text(&without_scale, &Config::default());
    let mut missing = Vec::new();
    for rule in all_rules() {
        if !fires(&checked, rule.meta().name) && !fires(&unscaled, rule.meta().name) {
            missing.push(rule.meta().name);
        }
    }
    assert!(
        missing.is_empty(),
        "not found: {missing:?}\n{}",
        describe(&checked)
    );
    insta::assert_snapshot!(describe(&checked));
}

#[test]
fn a_design_written_as_the_guides_recommend_reports_nothing_above_info() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/checker/recommended.wb"))
            .expect("fixture");
    let checked = check_text(&text, &Config::default());
    let loud: Vec<&check::Finding> = checked
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    assert!(loud.is_empty(), "{}", describe(&checked));
    assert!(checked.diagnostics.is_empty(), "{}", describe(&checked));
}

#[test]
fn a_two_way_flow_finds_the_same_written_either_way() {
    // `notify <-> desktop` hid the missing balancer, authentication and
    // rate limit that `desktop <-> notify` finds.
    let findings = |flow: &str| {
        let text = format!(
            "client desktop \"Desktop\"\nservice notify \"Notify\" x4\n{flow}: long poll\n"
        );
        let mut rules: Vec<&str> = check_text(&text, &Config::default())
            .findings
            .iter()
            .map(|f| f.rule)
            .collect();
        rules.sort_unstable();
        rules
    };
    let written_from_the_client = findings("desktop <-> notify");
    assert!(written_from_the_client.contains(&"missing-load-balancer"));
    assert_eq!(findings("notify <-> desktop"), written_from_the_client);
}

#[test]
fn allow_silences_a_rule_on_a_component_a_flow_or_the_design() {
    let base = "client users \"Users\"\nservice api \"API\" x2\nusers -> api\n";
    assert!(fires(
        &check_text(base, &Config::default()),
        "unlabeled-flow"
    ));
    let on_flow =
        "client users\nservice api x2\nusers -> api { allow unlabeled-flow \"obvious\" }\n";
    let checked = check_text(on_flow, &Config::default());
    assert!(!fires(&checked, "unlabeled-flow"));
    assert!(checked.diagnostics.is_empty(), "{}", describe(&checked));
    let on_design = format!("allow unlabeled-flow \"a sketch\"\n{base}");
    assert!(!fires(
        &check_text(&on_design, &Config::default()),
        "unlabeled-flow"
    ));
    let on_component = "client users\nservice api { allow single-point-of-failure \"a prototype\" }\nusers -> api: go\n";
    assert!(!fires(
        &check_text(on_component, &Config::default()),
        "single-point-of-failure"
    ));
}

#[test]
fn an_allow_on_one_of_the_entries_a_finding_names_excuses_that_entry_only() {
    // Two public entries without a rate limit make one finding naming
    // both. An `allow` on the first silenced it for the second too, and
    // the same `allow` on the second was then reported as silencing nothing.
    let design = |media: &str, relay: &str| {
        format!(
            "client users\nservice media x4 {{ auth: token{media} }}\n\
             service relay x4 {{ auth: token{relay} }}\n\
             users -> media: stream\nusers -> relay: relayed stream\n"
        )
    };
    let allow = ", allow missing-rate-limit \"limited per meeting token\"";
    let rate_limit_findings = |text: &str| {
        let checked = check_text(text, &Config::default());
        let messages: Vec<String> = checked
            .findings
            .iter()
            .filter(|f| f.rule == "missing-rate-limit")
            .map(|f| f.message.clone())
            .collect();
        (messages, checked.diagnostics.len())
    };
    let (one_allowed, problems) = rate_limit_findings(&design(allow, ""));
    assert_eq!(one_allowed.len(), 1, "{one_allowed:?}");
    let message = one_allowed.first().map(String::as_str).unwrap_or_default();
    assert!(
        message.contains("`relay`") && !message.contains("`media`"),
        "{message}"
    );
    assert_eq!(problems, 0);
    let (both_allowed, problems) = rate_limit_findings(&design(allow, allow));
    assert!(both_allowed.is_empty(), "{both_allowed:?}");
    assert_eq!(problems, 0, "neither allow is unused");
}

#[test]
fn a_suppression_that_silences_nothing_warns_and_an_unknown_rule_is_an_error() {
    let text = "scale { users: 1M }\nclient users\nservice api x2 { allow missing-cache \"no db\" }\n\
                users -> api: go { allow unlabled-flow \"typo\" }\n";
    let checked = check_text(text, &Config::default());
    let codes: Vec<(&str, Severity)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.severity))
        .collect();
    assert!(
        codes.contains(&("wb::unused-allow", Severity::Warning)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("wb::unknown-rule", Severity::Error)),
        "{codes:?}"
    );
    let unknown = checked
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "wb::unknown-rule");
    assert_eq!(
        unknown.and_then(|d| d.help.clone()).as_deref(),
        Some("did you mean `unlabeled-flow`?")
    );
}

#[test]
fn configuration_changes_severities_and_turns_rules_off() {
    let text = "client users\nservice api x2\nusers -> api\n";
    let config =
        Config::parse("[rules]\nunlabeled-flow = \"error\"\nmissing-requirements = \"off\"\n")
            .expect("valid");
    let checked = check_text(text, &config);
    let unlabeled = checked
        .findings
        .iter()
        .find(|f| f.rule == "unlabeled-flow")
        .map(|f| f.severity);
    assert_eq!(unlabeled, Some(Severity::Error));
    assert!(!fires(&checked, "missing-requirements"));
}

#[test]
fn findings_of_the_examples_are_pinned() {
    let mut all = String::new();
    for path in common::examples() {
        let text = std::fs::read_to_string(&path).expect("example");
        let relative = path
            .strip_prefix(common::root())
            .unwrap_or(&path)
            .display()
            .to_string();
        all.push_str(&format!(
            "== {}\n{}",
            relative.replace('\\', "/"),
            describe(&check_text(&text, &Config::default()))
        ));
    }
    insta::assert_snapshot!(all);
}
