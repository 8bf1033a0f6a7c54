//! `wb compare MINE REFERENCE`: a design marked against a reference answer,
//! a file or a bundled walkthrough, as text or JSON, and optionally drawn.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use whiteboard::check::{self, Report};
use whiteboard::compare::{self, Comparison, Side};
use whiteboard::diagnostic::Style;
use whiteboard::layout::Direction;
use whiteboard::model::Model;
use whiteboard::suggest;

use super::Status;
use super::check::load_config;
use super::diff::Marked;
use super::input::{load, report};
use super::new;
use super::output::{picture, print_json};

#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  wb compare mine.wb url-shortener-004              against a bundled walkthrough
  wb compare mine.wb theirs.wb                      against any design
  wb compare mine.wb url-shortener-004 --format json
  wb compare mine.wb url-shortener-004 --render cmp.svg   missing pieces drawn ghosted")]
pub struct Args {
    /// Your design (`-` for standard input)
    #[arg(value_name = "MINE")]
    mine: PathBuf,

    /// The reference answer: a design file, or a bundled walkthrough's name
    /// (`wb practice --list`)
    #[arg(value_name = "REFERENCE")]
    reference: String,

    /// How to print the comparison
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    format: CompareFormat,

    /// Also draw MINE with the reference's missing pieces ghosted in, as
    /// SVG or PNG by the file's extension
    #[arg(long, value_name = "OUT.svg|OUT.png")]
    render: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CompareFormat {
    /// The score by dimension, then what is missing, added and different
    Text,
    /// The same as JSON: score, dimensions, missing, extra, numbers, findings
    Json,
}

/// A design, its name and the checker's report on it.
struct Checked {
    name: String,
    model: Model,
    report: Report,
    /// A bundled problem that leaves the numbers to the candidate.
    own_numbers: bool,
}

fn mine(path: &Path, style: Style) -> Option<Checked> {
    let (input, model) = load(path, style)?;
    let config = load_config(path, style).ok()?;
    let report = check::check(&model, &config);
    Some(Checked {
        name: input.name,
        model,
        report,
        own_numbers: false,
    })
}

/// The reference: a file when one has that name, else a bundled design.
fn reference(name: &str, style: Style) -> Option<Checked> {
    let path = Path::new(name);
    if path.exists() || name == "-" {
        return mine(path, style);
    }
    let Some(template) = new::find(name) else {
        let names = new::TEMPLATES.iter().map(|t| t.name);
        match suggest::nearest(name, names) {
            Some(near) => {
                eprintln!("wb: no file or bundled design `{name}`; did you mean `{near}`?")
            }
            None => eprintln!(
                "wb: no file or bundled design `{name}`; `wb practice --list` lists the problems"
            ),
        }
        return None;
    };
    let compiled = whiteboard::compile(template.text);
    if compiled.has_errors() {
        report(template.name, template.text, &compiled.diagnostics, style);
        return None;
    }
    let report = check::check(&compiled.model, &check::config::Config::default());
    Some(Checked {
        name: template.name.to_string(),
        model: compiled.model,
        report,
        own_numbers: super::practice::own_numbers(template.name),
    })
}

pub fn run(args: &Args, style: Style) -> Status {
    let picture = match picture(args.render.as_deref()) {
        Ok(picture) => picture,
        Err(status) => return status,
    };
    let (Some(ours), Some(theirs)) = (mine(&args.mine, style), reference(&args.reference, style))
    else {
        return Status::Failed;
    };
    let reference = Side::new(&theirs.model, &theirs.report);
    let reference = if theirs.own_numbers {
        reference.with_own_numbers()
    } else {
        reference
    };
    let comparison = compare::compare(&Side::new(&ours.model, &ours.report), &reference);
    match args.format {
        CompareFormat::Text => print!("{}", text(&ours, &theirs, &comparison)),
        CompareFormat::Json => {
            let mut json = serde_json::json!({ "mine": ours.name, "reference": theirs.name });
            if let (Some(fields), Ok(serde_json::Value::Object(report))) =
                (json.as_object_mut(), serde_json::to_value(&comparison))
            {
                fields.extend(report);
            }
            if print_json(&json) == Status::Failed {
                return Status::Failed;
            }
        }
    }
    match picture {
        Some((path, png)) => draw(&ours, &theirs, &comparison, path, png),
        _ => Status::Clean,
    }
}

fn draw(
    ours: &Checked,
    theirs: &Checked,
    comparison: &Comparison,
    path: &Path,
    png: bool,
) -> Status {
    let (design, marks) = compare::ghost::with_missing(
        &ours.model.design,
        &theirs.model.design,
        &comparison.matching,
    );
    let title = ours
        .model
        .title
        .clone()
        .unwrap_or_else(|| ours.name.clone());
    let picture = Marked {
        design: &design,
        direction: Direction::of(&ours.model.settings).unwrap_or_default(),
        title: format!(
            "{title} — compared with {}: {}/100, missing pieces ghosted",
            theirs.name, comparison.score
        ),
        what: "the comparison",
    };
    let status = picture.draw(marks, path, png);
    if status == Status::Clean {
        eprintln!("wb: wrote {}", path.display());
    }
    status
}

/// The comparison as text: the score by dimension with every lost point,
/// then what is missing, the flows, what yours adds, the numbers, the
/// findings and the pairs.
fn text(ours: &Checked, theirs: &Checked, comparison: &Comparison) -> String {
    let title = theirs
        .model
        .title
        .as_deref()
        .map_or_else(String::new, |t| format!(" (“{t}”)"));
    let mut out = format!("wb compare {} with {}{title}\n", ours.name, theirs.name);
    let _ = writeln!(out, "\nScore {}/100", comparison.score);
    for dimension in &comparison.dimensions {
        let _ = writeln!(
            out,
            "  {:<26} {:>2}/{}",
            dimension.title, dimension.score, dimension.max
        );
        for lost in &dimension.lost {
            let _ = writeln!(out, "      −{:<4} {}", lost.points, lost.what);
        }
    }
    let section = |out: &mut String, heading: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{heading}");
            for line in lines {
                let _ = writeln!(out, "  {line}");
            }
        }
    };
    let mut seen = std::collections::BTreeSet::new();
    let missing: Vec<String> = comparison
        .missing
        .iter()
        .filter(|i| seen.insert(i.what.clone()))
        .map(|i| format!("- {}", i.what))
        .collect();
    section(&mut out, "What the reference has and yours lacks", missing);
    let flows = comparison
        .missing_flows
        .iter()
        .map(|i| format!("- {}", i.what))
        .collect();
    section(&mut out, "The reference's flows yours lacks", flows);
    let extra = comparison
        .extra
        .iter()
        .map(|e| format!("+ `{}`: {}", e.id, e.what))
        .collect();
    section(&mut out, "What yours adds", extra);
    if !comparison.numbers.is_empty() {
        let shown = |t: &Option<String>| t.clone().unwrap_or_else(|| "—".into());
        let width = comparison
            .numbers
            .iter()
            .map(|row| shown(&row.mine_text).chars().count())
            .max()
            .unwrap_or(0)
            .max("yours".len());
        let _ = writeln!(out, "\n{:<20}  {:<width$}  reference", "Numbers", "yours");
        for row in &comparison.numbers {
            let (mine, reference) = (shown(&row.mine_text), shown(&row.reference_text));
            let _ = writeln!(out, "  {:<18}  {mine:<width$}  {reference}", row.figure);
        }
        if theirs.own_numbers {
            out.push_str(
                "  (the problem gives no numbers: the reference's are its own, not scored)\n",
            );
        }
    }
    let findings = comparison
        .findings
        .iter()
        .map(|i| format!("- {}", i.what))
        .collect();
    section(
        &mut out,
        "Findings yours has and the reference does not",
        findings,
    );
    let pairs: Vec<String> = comparison
        .matched
        .iter()
        .map(|p| format!("{} = “{}”", p.mine, p.reference_title))
        .collect();
    if !pairs.is_empty() {
        let _ = writeln!(out, "\nPaired (yours = reference): {}", pairs.join(", "));
    }
    out
}
