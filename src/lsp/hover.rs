//! What hovering shows: a component's kind, technology, instances, load at
//! peak and findings; a group's members; a rule's explanation after
//! `allow`; an attribute's type.

use std::fmt::Write;

use super::analysis::Analysis;
use crate::check::{self, Target};
use crate::estimate::units;
use crate::model::{Component, value};

/// The hover text at `offset`, as Markdown.
pub fn hover(analysis: &Analysis, offset: usize) -> Option<String> {
    if let Some(rule) = analysis.names.rule_at(offset) {
        let rule = check::find_rule(rule)?;
        return Some(format!(
            "**{}**\n\n{}",
            rule.meta().name,
            rule.meta().explanation()
        ));
    }
    if let Some(word) = analysis.names.kind_at(offset) {
        return kind_text(word);
    }
    if let Some(key) = analysis.names.key_at(offset) {
        let expected = value::schema(key.place)
            .iter()
            .find(|(name, _)| *name == key.key)
            .map(|(_, expected)| expected.describe());
        return Some(match expected {
            Some(expected) => format!("`{}`: {expected}", key.key),
            None => format!(
                "`{}`: not an attribute whiteboard knows; kept as written",
                key.key
            ),
        });
    }
    let occurrence = analysis.names.at(offset)?;
    let design = &analysis.compiled.model.design;
    if let Some(component) = design.component(&occurrence.name) {
        return Some(component_text(analysis, component));
    }
    let group = design.group(&occurrence.name)?;
    let label = group
        .label
        .as_deref()
        .map_or_else(String::new, |l| format!(" “{l}”"));
    Some(format!(
        "group `{}`{label}: {}",
        group.id,
        group.members.join(", ")
    ))
}

fn component_text(analysis: &Analysis, component: &Component) -> String {
    let mut text = format!("**{}**", component.title());
    let technology = component
        .technology
        .map_or_else(String::new, |t| format!(" ({})", t.name));
    let _ = write!(
        text,
        "\n\n{}{technology}, {}",
        component.kind.keyword(),
        instances(component.instances)
    );
    let design = &analysis.compiled.model.design;
    let node = design.node(&component.id);
    let estimated = analysis
        .estimate
        .iter()
        .flat_map(|e| &e.components)
        .find(|c| Some(c.node) == node);
    if let Some(estimated) = estimated {
        let _ = write!(
            text,
            "\n\nat peak: {} ({} reads, {} writes)",
            units::rate(estimated.load.peak()),
            units::rate(estimated.load.read_peak),
            units::rate(estimated.load.write_peak)
        );
        if let (Some(capacity), Some(used)) = (&estimated.capacity, estimated.utilisation) {
            let _ = write!(
                text,
                " of {} it can serve: {} used",
                units::rate(capacity.total()),
                units::percent(used)
            );
        }
    }
    let findings: Vec<String> = analysis
        .findings()
        .filter(|f| node.is_some_and(|n| f.target == Target::Component(n)))
        .map(|f| format!("- {} `{}`: {}", f.severity.as_str(), f.rule, f.message))
        .collect();
    if !findings.is_empty() {
        let _ = write!(text, "\n\n{}", findings.join("\n"));
    }
    text
}

fn instances(count: u32) -> String {
    if count == 1 {
        "1 instance".into()
    } else {
        format!("{count} instances")
    }
}

/// What a kind or technology word declares, and what one instance of the
/// kind serves by default in the estimate.
fn kind_text(word: &str) -> Option<String> {
    let (kind, technology) = crate::model::kind::resolve(word)?;
    let what = match technology {
        Some(technology) => format!("**{}**: a `{}`", technology.name, kind.keyword()),
        None => format!("**{}**: a kind of component", kind.keyword()),
    };
    let default = crate::estimate::capacity::DEFAULTS
        .iter()
        .find(|d| d.kind == kind)
        .map(|d| {
            format!(
                "\n\none instance serves {} by default ({})",
                units::rate(d.per_second),
                d.source
            )
        });
    Some(what + &default.unwrap_or_default())
}
