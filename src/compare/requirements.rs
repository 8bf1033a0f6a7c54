//! Requirements and numbers: whether the design answers this problem — its
//! title, the use cases the reference walks through, the problem's own
//! words — and its back-of-the-envelope numbers beside the reference's,
//! with a `scale` block, an availability target, and request rates and
//! storage within a factor of three (estimates are orders of magnitude, not
//! answers to the digit).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Side;
use super::role::{has_akin, label_words};
use super::rubric::{Dimension, Item, Source};
use crate::estimate::{Figure, Figures, units};
use crate::model::Model;

/// How far an estimate may be from the reference's and still agree.
const FACTOR: f64 = 3.0;

/// One figure of both estimates.
#[derive(Clone, Debug, Serialize)]
pub struct NumberRow {
    pub figure: &'static str,
    pub mine: Option<f64>,
    pub reference: Option<f64>,
    /// Both values as people say them (`40K/s`, `15 TB`).
    pub mine_text: Option<String>,
    pub reference_text: Option<String>,
}

/// A figure compared: its name, where it is, how to write it, whether it
/// is scored.
type Compared = (
    &'static str,
    fn(&Figures) -> Option<&Figure>,
    fn(f64) -> String,
    bool,
);

const FIGURES: &[Compared] = &[
    (
        "reads at peak",
        |f| f.traffic.as_ref().map(|t| &t.read_peak),
        units::rate,
        true,
    ),
    (
        "writes at peak",
        |f| f.traffic.as_ref().map(|t| &t.write_peak),
        units::rate,
        true,
    ),
    (
        "storage",
        |f| f.storage.as_ref().map(|s| &s.total),
        units::bytes,
        true,
    ),
    (
        "egress at peak",
        |f| f.bandwidth.as_ref().map(|b| &b.egress_peak),
        units::bandwidth,
        false,
    ),
    ("cache", |f| f.cache.as_ref(), units::bytes, false),
];

/// The numbers side by side and the requirements' items; the figures are
/// scored only when `numbers_given` (the problem states its scale).
pub fn compare(mine: &Side, reference: &Side, numbers_given: bool) -> (Vec<NumberRow>, Vec<Item>) {
    let mut items = Vec::new();
    let mut item = |source, weight, met, what: String| {
        items.push(Item {
            dimension: Dimension::Requirements,
            source,
            weight,
            met,
            what,
            reference: None,
        });
    };
    for (source, weight, met, what) in problem(mine.model, reference.model) {
        item(source, weight, met, what);
    }
    if reference.model.scale.is_some() {
        let met = mine.model.scale.as_ref().is_some_and(|s| !s.0.is_empty());
        item(
            Source::Number,
            2.0,
            met,
            "a `scale` block with the problem's numbers".into(),
        );
    }
    if let Some(availability) = reference.model.settings.0.get("availability") {
        let target = |model: &Model| model.settings.get("availability").and_then(|v| v.as_f64());
        // As high as the reference's, or stated when it is not a number.
        let met = match (target(mine.model), availability.value.as_f64()) {
            (Some(ours), Some(theirs)) => ours >= theirs,
            (ours, _) => ours.is_some() || mine.model.settings.0.contains_key("availability"),
        };
        let what = format!("an availability target of {} or better", availability.text);
        item(Source::Number, 1.0, met, what);
    }
    let figures = |side: &Side| {
        side.estimate
            .as_ref()
            .map(|e| e.figures.clone())
            .unwrap_or_default()
    };
    let (ours, theirs) = (figures(mine), figures(reference));
    let mut rows = Vec::new();
    for (figure, read, write, scored) in FIGURES {
        let (m, r) = (read(&ours).map(|f| f.value), read(&theirs).map(|f| f.value));
        if m.unwrap_or(0.0) == 0.0 && r.unwrap_or(0.0) == 0.0 {
            continue;
        }
        // A figure the reference's estimate had to assume a number for
        // (retention, the read:write split, the peak) is no answer to match.
        let stated = read(&theirs).is_some_and(|f| !f.formula.contains("assumed"));
        if let (Some(r), true) = (r.filter(|r| *r > 0.0), *scored && stated && numbers_given) {
            let agrees = m.is_some_and(|m| m > 0.0 && (m / r).max(r / m) <= FACTOR);
            let what = match m {
                Some(m) => format!("{figure}: yours {}, the reference {}", write(m), write(r)),
                None => format!("{figure}: the reference works out {}", write(r)),
            };
            item(Source::Number, 1.0, agrees, what);
        }
        rows.push(NumberRow {
            figure,
            mine: m,
            reference: r,
            mine_text: m.map(write),
            reference_text: r.map(write),
        });
    }
    (rows, items)
}

/// Words too common in designs to tell one problem from another.
const COMMON: &[&str] = &[
    "add",
    "alert",
    "all",
    "async",
    "balancer",
    "batch",
    "browser",
    "by",
    "call",
    "case",
    "check",
    "client",
    "create",
    "data",
    "delete",
    "design",
    "event",
    "fetch",
    "flow",
    "from",
    "get",
    "grpc",
    "hit",
    "http",
    "https",
    "id",
    "interview",
    "is",
    "it",
    "load",
    "lookup",
    "main",
    "metric",
    "miss",
    "mobile",
    "my",
    "new",
    "path",
    "post",
    "put",
    "query",
    "read",
    "request",
    "response",
    "route",
    "save",
    "send",
    "sync",
    "update",
    "use",
    "user",
    "v1",
    "write",
];

/// The words of a design that say what it is about, each with how often it
/// comes up: title, component and flow labels, walkthrough names; kinds of
/// infrastructure, everyday verbs, numbers and scraps of words left out.
fn vocabulary(model: &Model, common_too: bool) -> BTreeMap<String, usize> {
    let design = &model.design;
    let texts = model
        .title
        .iter()
        .map(String::as_str)
        .chain(design.components().filter_map(|c| c.label.as_deref()))
        .chain(design.flows().filter_map(|f| f.label.as_deref()))
        .chain(model.walkthroughs.iter().map(|w| w.name.as_str()));
    let mut counts = BTreeMap::new();
    for word in texts.flat_map(|text| label_words(Some(text))) {
        if meaningful(&word) && (common_too || !everyday(&word)) {
            *counts.entry(word).or_insert(0) += 1;
        }
    }
    counts
}

fn everyday(word: &str) -> bool {
    COMMON.contains(&word)
}

/// Not a number or a scrap ("1:1", the "B" of "User B").
fn meaningful(word: &str) -> bool {
    word.chars().count() >= 3 && !word.chars().all(|c| c.is_ascii_digit())
}

/// The items that say whether the design answers the reference's problem.
fn problem(mine: &Model, reference: &Model) -> Vec<(Source, f64, bool, String)> {
    let ours = vocabulary(mine, false);
    let mut items = Vec::new();
    if let Some(title) = &reference.title {
        let words = label_words(Some(title));
        let theirs: BTreeSet<&String> = words.iter().filter(|w| !everyday(w)).collect();
        let named = mine
            .title
            .as_deref()
            .map(|t| label_words(Some(t)))
            .unwrap_or_default();
        let met = theirs.is_empty() || theirs.iter().any(|w| named.contains(*w));
        let what = format!("a title that names the problem (the reference: “{title}”)");
        items.push((Source::Problem, 1.0, met, what));
    }
    items.extend(use_cases(mine, reference));
    let theirs = vocabulary(reference, false);
    if !theirs.is_empty() {
        let shared = theirs.keys().filter(|w| has_akin(ours.keys(), w)).count();
        let needed = theirs.len().min(12).div_ceil(4);
        let mut lacking: Vec<(&String, &usize)> = theirs
            .iter()
            .filter(|(w, _)| !has_akin(ours.keys(), w))
            .collect();
        lacking.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let sample: Vec<&str> = lacking.iter().take(5).map(|(w, _)| w.as_str()).collect();
        let what = format!(
            "the problem's own terms in your labels: {shared} of the reference's {} (lacking e.g. {})",
            theirs.len(),
            sample.join(", ")
        );
        items.push((Source::Problem, 2.0, shared >= needed, what));
    }
    items
}

/// One item per walkthrough of the reference: a walkthrough or a flow label
/// of the design has the word that tells that use case from the others
/// ("media" in "Media message", not "message", which "1:1 message" has too).
fn use_cases(mine: &Model, reference: &Model) -> Vec<(Source, f64, bool, String)> {
    let ours = vocabulary(mine, true);
    let names: Vec<BTreeSet<String>> = reference
        .walkthroughs
        .iter()
        .map(|w| {
            label_words(Some(&w.name))
                .into_iter()
                .filter(|w| meaningful(w))
                .collect()
        })
        .collect();
    let in_names = |word: &String| names.iter().filter(|n| n.contains(word)).count();
    reference
        .walkthroughs
        .iter()
        .zip(&names)
        .map(|(walkthrough, words)| {
            let telling: Vec<&String> = words
                .iter()
                .filter(|w| !everyday(w) && in_names(w) == 1)
                .collect();
            let plain: Vec<&String> = words.iter().filter(|w| !everyday(w)).collect();
            let deciding = [telling, plain, words.iter().collect()]
                .into_iter()
                .find(|list| !list.is_empty())
                .unwrap_or_default();
            let met = deciding.is_empty() || deciding.iter().any(|w| has_akin(ours.keys(), w));
            let what = format!(
                "the use case “{}”: a `flow` walkthrough of it, or its words in a flow's label",
                walkthrough.name
            );
            (Source::UseCase, 1.0, met, what)
        })
        .collect()
}
