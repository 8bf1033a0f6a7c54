//! `wb diff OLD NEW`: what changed between two versions of a design, as
//! text or JSON, and optionally drawn.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use whiteboard::check;
use whiteboard::diagnostic::Style;
use whiteboard::diff::{self, Changed, Diff, FieldChange, FindingSummary};
use whiteboard::layout::{self, Direction};
use whiteboard::model::Model;
use whiteboard::render::{self, Focus};

use super::Status;
use super::check::load_config;
use super::input::load;
use super::output::{picture, print_json, write_atomic};

#[derive(clap::Args)]
pub struct Args {
    /// The earlier version (`-` for standard input)
    #[arg(value_name = "OLD")]
    old: PathBuf,

    /// The later version
    #[arg(value_name = "NEW")]
    new: PathBuf,

    /// How to print the difference
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,

    /// Also draw NEW with additions and changes outlined and removals
    /// ghosted, as SVG or PNG by the file's extension
    #[arg(long, value_name = "OUT.svg|OUT.png")]
    render: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// A line per change, grouped by components, flows, groups and findings
    Text,
    /// The same as JSON, for tools
    Json,
}

/// A version of the design and the checker's report on it.
struct Version {
    name: String,
    model: Model,
    report: check::Report,
}

fn version(path: &Path, style: Style) -> Option<Version> {
    let (input, model) = load(path, style)?;
    let config = load_config(path, style).ok()?;
    let report = check::check(&model, &config);
    Some(Version {
        name: input.name,
        model,
        report,
    })
}

pub fn run(args: &Args, style: Style) -> Status {
    let picture = match picture(args.render.as_deref()) {
        Ok(picture) => picture,
        Err(status) => return status,
    };
    let (Some(old), Some(new)) = (version(&args.old, style), version(&args.new, style)) else {
        return Status::Failed;
    };
    let difference = diff::diff(&old.model, &old.report, &new.model, &new.report);
    match args.format {
        DiffFormat::Text => print!("{}", text(&old.name, &new.name, &difference)),
        DiffFormat::Json => {
            let json = serde_json::json!({
                "old": old.name,
                "new": new.name,
                "diff": difference,
            });
            if print_json(&json) == Status::Failed {
                return Status::Failed;
            }
        }
    }
    match picture {
        Some((path, png)) => draw(&old, &new, path, png),
        _ => Status::Clean,
    }
}

fn draw(old: &Version, new: &Version, path: &Path, png: bool) -> Status {
    let (design, marks) = diff::merged(&old.model.design, &new.model.design);
    let title = new.model.title.clone().unwrap_or_else(|| new.name.clone());
    let picture = Marked {
        design: &design,
        direction: Direction::of(&new.model.settings).unwrap_or_default(),
        title: format!("{title} — changes since {}", old.name),
        what: "the changes",
    };
    picture.draw(marks, path, png)
}

/// A design merged from two, with marks on what differs, to draw.
pub(super) struct Marked<'a> {
    pub design: &'a whiteboard::model::Design,
    pub direction: Direction,
    pub title: String,
    /// What the picture shows, for the error when it cannot be laid out.
    pub what: &'static str,
}

impl Marked<'_> {
    pub fn draw(self, marks: diff::Marks, path: &Path, png: bool) -> Status {
        // The merged design mixes spans of both files: the error names no place.
        let computed = match layout::layout(self.design, self.direction) {
            Ok(computed) => computed,
            Err(too_large) => {
                let diagnostic = too_large.diagnostic(self.design);
                eprintln!(
                    "wb: cannot draw {} ({}): {diagnostic}",
                    self.what,
                    diagnostic.code.as_str()
                );
                return Status::Failed;
            }
        };
        let options = render::Options {
            title: Some(self.title),
            focus: Focus::Diff(marks),
            ..render::Options::default()
        };
        write_picture(&render::svg(self.design, &computed, &options), path, png)
    }
}

/// Writes a picture as SVG, or converted to PNG.
pub(super) fn write_picture(svg: &str, path: &Path, png: bool) -> Status {
    let bytes = if png {
        match render::png::png(svg, 1.0) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("wb: cannot draw `{}`: {error}", path.display());
                return Status::Failed;
            }
        }
    } else {
        svg.as_bytes().to_vec()
    };
    match write_atomic(path, &bytes) {
        Ok(()) => Status::Clean,
        Err(error) => {
            eprintln!("wb: cannot write `{}`: {error}", path.display());
            Status::Failed
        }
    }
}

fn value(value: &Option<String>) -> String {
    value
        .as_deref()
        .map_or_else(|| "(none)".to_string(), |v| format!("`{v}`"))
}

fn fields(changes: &[FieldChange]) -> String {
    changes
        .iter()
        .map(|c| format!("{} {} → {}", c.field, value(&c.old), value(&c.new)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn labelled(label: &Option<String>) -> String {
    label
        .as_deref()
        .map_or_else(String::new, |l| format!(": {l}"))
}

fn finding_line(sign: char, finding: &FindingSummary) -> String {
    format!(
        "  {sign} {} {} on {}: {}\n",
        finding.severity.as_str(),
        finding.rule,
        finding.target,
        finding.message
    )
}

fn changed_lines(out: &mut String, items: &[Changed]) {
    for item in items {
        let _ = writeln!(out, "  ~ {}  {}", item.id, fields(&item.changes));
    }
}

/// The difference as text: a section per part that changed, `+` added,
/// `-` removed, `~` changed; then a one-line summary.
pub fn text(old: &str, new: &str, difference: &Diff) -> String {
    let mut out = format!("wb diff {old} → {new}\n");
    if let Some(title) = &difference.title {
        let _ = writeln!(out, "\nTitle\n  ~ {}", fields(std::slice::from_ref(title)));
    }
    let components = &difference.components;
    if !components.is_empty() {
        out.push_str("\nComponents\n");
        for (sign, list) in [('+', &components.added), ('-', &components.removed)] {
            for c in list {
                let label = c
                    .label
                    .as_deref()
                    .map_or_else(String::new, |l| format!(" \"{l}\""));
                let _ = writeln!(out, "  {sign} {} {}{label}", c.kind, c.id);
            }
        }
        changed_lines(&mut out, &components.changed);
    }
    let flows = &difference.flows;
    if !flows.is_empty() {
        out.push_str("\nFlows\n");
        for (sign, list) in [('+', &flows.added), ('-', &flows.removed)] {
            for f in list {
                let _ = writeln!(
                    out,
                    "  {sign} {} {} {}{}",
                    f.from,
                    f.kind.arrow(),
                    f.to,
                    labelled(&f.label)
                );
            }
        }
        for f in &flows.changed {
            let _ = writeln!(out, "  ~ {} -> {}  {}", f.from, f.to, fields(&f.changes));
        }
    }
    let groups = &difference.groups;
    if !groups.is_empty() {
        out.push_str("\nGroups\n");
        for (sign, list) in [('+', &groups.added), ('-', &groups.removed)] {
            for id in list {
                let _ = writeln!(out, "  {sign} {id}");
            }
        }
        changed_lines(&mut out, &groups.changed);
    }
    let allows = &difference.allows;
    if !allows.is_empty() {
        out.push_str("\nSuppressions\n");
        for (sign, allow) in allows
            .added
            .iter()
            .map(|a| ('+', a))
            .chain(allows.removed.iter().map(|a| ('-', a)))
        {
            let _ = writeln!(
                out,
                "  {sign} allow {} on {}: \"{}\"",
                allow.rule, allow.target, allow.reason
            );
        }
    }
    let findings = &difference.findings;
    if !findings.introduced.is_empty()
        || !findings.resolved.is_empty()
        || !findings.suppressed.is_empty()
    {
        out.push_str("\nFindings\n");
        for finding in &findings.introduced {
            out.push_str(&finding_line('+', finding));
        }
        for finding in &findings.resolved {
            out.push_str(&finding_line('-', finding));
        }
        for finding in &findings.suppressed {
            let _ = writeln!(
                out,
                "  ~ {} {} on {}: suppressed by a new `allow`, still there: {}",
                finding.severity.as_str(),
                finding.rule,
                finding.target,
                finding.message
            );
        }
    }
    let count = |n: usize, what: &str| format!("{n} {what}");
    let _ = writeln!(
        out,
        "\n{}",
        if difference.is_empty() {
            "no change to the design".to_string()
        } else {
            [
                count(components.added.len(), "components added"),
                count(components.removed.len(), "removed"),
                count(components.changed.len(), "changed"),
                count(flows.added.len(), "flows added"),
                count(flows.removed.len(), "removed"),
                count(flows.changed.len(), "changed"),
                count(findings.introduced.len(), "findings introduced"),
                count(findings.resolved.len(), "resolved"),
                count(findings.suppressed.len(), "suppressed"),
                count(difference.allows.added.len(), "allows added"),
                count(difference.allows.removed.len(), "removed"),
            ]
            .join(", ")
        }
    );
    out
}
