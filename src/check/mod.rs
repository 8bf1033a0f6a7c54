//! Stage 3, check: the rules of the catalog, run over the resolved model.
//!
//! Each rule lives in its own file under `rules/`, declared with
//! [`declare_rule!`] so that its doc comment — *What it does*, *Why is this
//! bad?*, *Example*, *Use instead*, *References* — is the text `wb explain`
//! prints and `docs/rules.md` is generated from. Rules read the model only:
//! kinds, technologies, instances, attributes, sync and async flows, paths
//! from clients and groups, with a small documented vocabulary (see
//! `model/vocabulary.rs`) where a word from a label is the only evidence.

pub mod config;
mod context;
pub mod rules;
mod suppress;

use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

pub use config::Config;
pub use context::Context;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Model, vocabulary};
use crate::span::Span;

/// A rule's name, default severity and documentation.
pub struct RuleMeta {
    pub name: &'static str,
    pub severity: Severity,
    /// The rule's doc comment, as written (each line keeps its leading space).
    pub doc: &'static str,
}

impl RuleMeta {
    /// The documentation with the doc comment's leading space removed.
    pub fn explanation(&self) -> String {
        let mut text = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            text.push_str(line.strip_prefix(' ').unwrap_or(line));
            text.push('\n');
        }
        text.trim().to_string()
    }

    /// The first sentence of *What it does*, for `wb rules`.
    pub fn summary(&self) -> String {
        let explanation = self.explanation();
        let paragraph: Vec<&str> = explanation
            .lines()
            .skip_while(|line| !line.starts_with("## What it does"))
            .skip(1)
            .skip_while(|line| line.trim().is_empty())
            .take_while(|line| !line.trim().is_empty())
            .map(str::trim)
            .collect();
        let joined = paragraph.join(" ");
        match joined.find(". ") {
            Some(end) => joined.get(..=end).unwrap_or(&joined).to_string(),
            None => joined,
        }
    }
}

/// Declares a rule: its doc comment becomes [`RuleMeta::doc`].
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $rule:ident, $name:literal, $severity:ident) => {
        $(#[doc = $doc])*
        pub struct $rule;

        impl $rule {
            pub const META: $crate::check::RuleMeta = $crate::check::RuleMeta {
                name: $name,
                severity: $crate::diagnostic::Severity::$severity,
                doc: concat!($($doc, "\n"),*),
            };
        }

        impl $crate::check::Described for $rule {
            fn meta() -> &'static $crate::check::RuleMeta {
                &Self::META
            }
        }
    };
}

/// A rule as the checker runs it.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context, findings: &mut Vec<Finding>);
}

/// Implemented by `declare_rule!`: the rule's documentation.
pub trait Described {
    fn meta() -> &'static RuleMeta;
}

/// What each rule file implements: the check itself.
pub trait Check {
    fn check(cx: &Context, findings: &mut Vec<Finding>);
}

impl<T: Described + Check + Sync> Rule for T {
    fn meta(&self) -> &'static RuleMeta {
        T::meta()
    }

    fn check(&self, cx: &Context, findings: &mut Vec<Finding>) {
        <T as Check>::check(cx, findings)
    }
}

/// What a finding is about: where suppressions are looked up and where a
/// diagram draws its badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Design,
    Component(NodeIndex),
    Flow(EdgeIndex),
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// What to do about it, concretely.
    pub suggestion: String,
    pub span: Span,
    pub target: Target,
    /// Components the finding leaves out because an `allow` of its rule
    /// stands on them: a finding that names several (every entry without
    /// a rate limit) is silenced only where each has its own `allow`, and
    /// those `allow`s are used.
    pub excused: Vec<NodeIndex>,
}

impl Finding {
    pub fn new(meta: &RuleMeta, target: Target, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule: meta.name,
            severity: meta.severity,
            message: message.into(),
            suggestion: String::new(),
            span,
            target,
            excused: Vec::new(),
        }
    }

    pub fn excusing(mut self, excused: Vec<NodeIndex>) -> Self {
        self.excused = excused;
        self
    }

    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = suggestion.into();
        self
    }

    pub fn to_diagnostic(&self) -> Diagnostic {
        let what = match self.target {
            Target::Design => "in this design",
            Target::Component(_) => "this component",
            Target::Flow(_) => "this flow",
        };
        Diagnostic::error(Code::Rule(self.rule), self.message.clone())
            .with_severity(self.severity)
            .with_label(self.span, what)
            .with_help(self.suggestion.clone())
    }
}

/// A finding as `--format json` prints it.
#[derive(Serialize)]
pub struct JsonTarget {
    pub component: Option<String>,
    pub flow: Option<[String; 2]>,
}

/// What the checker found in one design.
pub struct Report {
    /// Findings left after suppressions and configuration, in source order.
    pub findings: Vec<Finding>,
    /// Findings an `allow` silences.
    pub suppressed: Vec<Finding>,
    /// Problems with the suppressions themselves: an `allow` of an unknown
    /// rule (error) or one that silences nothing (warning).
    pub diagnostics: Vec<Diagnostic>,
}

/// Every rule, in catalog order.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    rules::ALL
}

pub fn find_rule(name: &str) -> Option<&'static dyn Rule> {
    all_rules()
        .iter()
        .copied()
        .find(|rule| rule.meta().name == name)
}

/// The short names people use for rules (`wb explain spof`).
pub const SHORT_NAMES: &[(&str, &str)] = &[
    ("spof", "single-point-of-failure"),
    ("dlq", "missing-dead-letter-queue"),
    ("cdn", "missing-cdn"),
    ("cache", "missing-cache"),
    ("lb", "missing-load-balancer"),
    ("auth", "missing-auth"),
    ("rate-limit", "missing-rate-limit"),
    ("ratelimit", "missing-rate-limit"),
    ("monitoring", "missing-monitoring"),
    ("idempotency", "missing-idempotency"),
    ("ttl", "cache-without-ttl"),
    ("capacity", "capacity-exceeded"),
    ("backoff", "retry-without-backoff"),
    ("cycle", "sync-cycle"),
];

/// A rule by its name or one of its [`SHORT_NAMES`], in any case.
pub fn find_rule_loosely(name: &str) -> Option<&'static dyn Rule> {
    let name = name.trim().to_ascii_lowercase().replace('_', "-");
    let full = SHORT_NAMES
        .iter()
        .find(|(short, _)| *short == name)
        .map_or(name.as_str(), |(_, full)| full);
    find_rule(full)
}

/// Runs every enabled rule over the final design of `model`.
pub fn check(model: &Model, config: &Config) -> Report {
    let cx = Context::new(model);
    let mut findings = Vec::new();
    for rule in all_rules() {
        let Some(severity) = config.severity(rule.meta()) else {
            continue;
        };
        let start = findings.len();
        rule.check(&cx, &mut findings);
        for finding in findings.get_mut(start..).into_iter().flatten() {
            finding.severity = severity;
        }
    }
    let (mut findings, suppressed, diagnostics) = suppress::apply(model, &cx, findings, config);
    findings.sort_by_key(|f| (f.span.start, f.rule));
    Report {
        findings,
        suppressed,
        diagnostics,
    }
}

/// The component or flow a finding is about, by id, for JSON output.
pub fn describe(design: &crate::model::Design, target: Target) -> JsonTarget {
    match target {
        Target::Design => JsonTarget {
            component: None,
            flow: None,
        },
        Target::Component(node) => JsonTarget {
            component: design.graph.node_weight(node).map(|c| c.id.clone()),
            flow: None,
        },
        Target::Flow(edge) => JsonTarget {
            component: None,
            flow: design
                .graph
                .edge_weight(edge)
                .map(|f| [f.from.clone(), f.to.clone()]),
        },
    }
}

/// The rule catalog as Markdown: `docs/rules.md` and `wb rules --format markdown`.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated by `wb rules --format markdown` from the rules' doc comments in src/check/rules/. Do not edit by hand. -->\n\n\
         `wb check` runs every rule below over a design. Each finding names its rule, a severity and what to do.\n\
         Silence one where it does not apply with `allow RULE \"reason\"` on the component, the flow or the whole\n\
         design, and change severities or turn rules off for a project in `whiteboard.toml`:\n\n\
         ```toml\n[rules]\nmissing-cdn = \"off\"\nunlabeled-flow = \"error\"\n```\n\n\
         | rule | default | finds |\n|---|---|---|\n",
    );
    for rule in all_rules() {
        let meta = rule.meta();
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} |\n",
            meta.name,
            meta.severity.as_str(),
            meta.summary().replace('|', "\\|")
        ));
    }
    out.push_str(&format!(
        "\n## Vocabulary\n\nWhere a design gives no kind, attribute or tag to go by, rules look for these words in ids, labels,\n\
         technology names and tags. A word of five letters or more also matches longer words that start with it.\n\n\
         | list | words |\n|---|---|\n{}",
        vocabulary_table()
    ));
    for rule in all_rules() {
        let meta = rule.meta();
        let body = meta
            .explanation()
            .replace("\n## ", "\n### ")
            .replace("```wb", "```");
        let body = body
            .strip_prefix("## ")
            .map(|rest| format!("### {rest}"))
            .unwrap_or(body);
        out.push_str(&format!(
            "\n## {}\n\nDefault severity: **{}**.\n\n{}\n",
            meta.name,
            meta.severity.as_str(),
            body
        ));
    }
    out
}

fn vocabulary_table() -> String {
    let lists: [(&str, &[&str]); 20] = [
        ("slow work", vocabulary::SLOW_WORK),
        ("messages to people", vocabulary::MESSAGING),
        ("WebSockets", vocabulary::WEBSOCKET),
        ("long polls", vocabulary::LONG_POLL),
        (
            "long polls, as phrases in labels",
            vocabulary::LONG_POLL_PHRASES,
        ),
        ("real-time protocols", vocabulary::REAL_TIME_PROTOCOLS),
        ("media", vocabulary::MEDIA),
        ("metadata", vocabulary::METADATA),
        ("reads", vocabulary::READ),
        ("writes", vocabulary::WRITE),
        ("consuming", vocabulary::CONSUME),
        ("money", vocabulary::MONEY),
        ("critical writes", vocabulary::CRITICAL_WRITE),
        ("search", vocabulary::SEARCH),
        ("suggestions", vocabulary::SUGGEST),
        (
            "suggestions computed ahead",
            vocabulary::PRECOMPUTED_PREFIXES,
        ),
        ("the staff's clients (the estimate)", vocabulary::OPERATORS),
        ("analytics", vocabulary::ANALYTICS),
        ("short-lived state", vocabulary::EPHEMERAL),
        ("cache misses", vocabulary::MISS),
    ];
    let mut table = String::new();
    for (name, words) in lists {
        table.push_str(&format!("| {name} | {} |\n", words.join(", ")));
    }
    table.push_str(&format!(
        "| bad shard keys | {} |\n",
        vocabulary::BAD_SHARD_KEYS.join(", ")
    ));
    table.push_str(&format!(
        "| managed services | {} |\n",
        vocabulary::MANAGED.join(", ")
    ));
    table
}
