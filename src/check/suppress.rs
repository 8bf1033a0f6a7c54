//! `allow RULE "reason"`: a finding is dropped when an `allow` of its rule
//! stands on its component, on its flow, or on the whole design; a finding
//! that names several components leaves out those with their own `allow`
//! (`Finding::excused`), which count as used. An `allow`
//! of a rule that does not exist is an error; one that silences nothing is a
//! warning, so stale suppressions do not pile up.

use std::collections::HashSet;

use super::{Config, Context, Finding, Target, all_rules};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Allow, Model};
use crate::suggest;
use petgraph::graph::{EdgeIndex, NodeIndex};

/// The findings no `allow` silences, those it does, and the problems of
/// the `allow`s themselves.
pub fn apply(
    model: &Model,
    cx: &Context,
    findings: Vec<Finding>,
    config: &Config,
) -> (Vec<Finding>, Vec<Finding>, Vec<Diagnostic>) {
    let mut used: HashSet<usize> = HashSet::new();
    for finding in &findings {
        for node in &finding.excused {
            let allows = cx.component(*node).map_or(&[][..], |c| c.allows.as_slice());
            used.extend(
                allows
                    .iter()
                    .filter(|allow| allow.rule == finding.rule)
                    .map(|allow| allow.span.start),
            );
        }
    }
    let (kept, silenced): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(|finding| {
            let local: &[Allow] = match finding.target {
                Target::Design => &[],
                Target::Component(node) => cx.component(node).map_or(&[], |c| c.allows.as_slice()),
                Target::Flow(edge) => cx.flow(edge).map_or(&[], |f| f.allows.as_slice()),
            };
            let silencing = local
                .iter()
                .chain(&model.allows)
                .find(|allow| allow.rule == finding.rule);
            match silencing {
                Some(allow) => {
                    used.insert(allow.span.start);
                    false
                }
                None => true,
            }
        });

    let names: Vec<&str> = all_rules().iter().map(|r| r.meta().name).collect();
    let every_allow = (model.allows.iter().map(|allow| (allow, Target::Design)))
        .chain(cx.components().flat_map(|(node, c)| {
            c.allows
                .iter()
                .map(move |allow| (allow, Target::Component(node)))
        }))
        .chain(cx.flows().flat_map(|(edge, f, _, _)| {
            f.allows
                .iter()
                .map(move |allow| (allow, Target::Flow(edge)))
        }));
    let mut reported: HashSet<usize> = HashSet::new();
    let mut diagnostics = Vec::new();
    for (allow, place) in every_allow {
        // A fan-out's flows share one `allow`: report it once.
        if !reported.insert(allow.span.start) {
            continue;
        }
        if !names.contains(&allow.rule.as_str()) {
            let help = match suggest::nearest(&allow.rule, names.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "`wb rules` lists every rule".to_string(),
            };
            diagnostics.push(
                Diagnostic::error(Code::UnknownRule, format!("`{}` is not a rule", allow.rule))
                    .with_label(allow.span, "this suppression names no rule")
                    .with_help(help),
            );
        } else if config.is_enabled(&allow.rule) && !used.contains(&allow.span.start) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::UnusedAllow,
                    format!("`allow {}` silences nothing here", allow.rule),
                )
                .with_label(allow.span, "no finding of this rule here")
                .with_help(unused_help(cx, &kept, &allow.rule, place)),
            );
        }
    }
    (kept, silenced, diagnostics)
}

/// What to do with an `allow` that silences nothing: move it to where a
/// finding of its rule stands next door (an `allow` on a client's flow,
/// for a finding about the client's reads that stands on the client; or on
/// a component, for a finding on one of its flows); else say where the
/// rule's findings stand (`missing-cdn` reports the client that reads
/// media, not the store it reads); else remove it.
fn unused_help(cx: &Context, kept: &[Finding], rule: &str, place: Target) -> String {
    let touches = |edge: EdgeIndex, node: NodeIndex| {
        cx.graph()
            .edge_endpoints(edge)
            .is_some_and(|(from, to)| from == node || to == node)
    };
    let nearby = kept
        .iter()
        .filter(|f| f.rule == rule)
        .find(|f| match (place, f.target) {
            (Target::Flow(edge), Target::Component(node))
            | (Target::Component(node), Target::Flow(edge)) => touches(edge, node),
            _ => false,
        });
    let Some(finding) = nearby else {
        return match kept.iter().find(|f| f.rule == rule).map(|f| f.target) {
            Some(Target::Design) => {
                "this rule's finding stands on the whole design: an `allow` in the `design` block silences it".into()
            }
            Some(elsewhere) => format!(
                "this rule's findings stand elsewhere: an `allow` in {} (or in the `design` block) silences them",
                where_it_stands(cx, elsewhere)
            ),
            None => {
                "remove the suppression; the design no longer has the problem it excused".into()
            }
        };
    };
    format!(
        "this rule's finding stands next door: an `allow` in {} silences it",
        where_it_stands(cx, finding.target)
    )
}

/// Where a finding stands, as a place to write an `allow`.
fn where_it_stands(cx: &Context, target: Target) -> String {
    match target {
        Target::Component(node) => {
            let id = cx.component(node).map_or("", |c| c.id.as_str());
            format!("the attribute block of `{id}`")
        }
        Target::Flow(edge) => {
            let written = cx
                .flow(edge)
                .map(|f| format!("{} {} {}", f.from, f.kind.arrow(), f.to));
            format!(
                "the attribute block of the flow `{}`",
                written.unwrap_or_default()
            )
        }
        Target::Design => "the `design` block".to_string(),
    }
}
