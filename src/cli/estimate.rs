//! `wb estimate FILE`: the back-of-the-envelope numbers of a design, as a
//! table with the formula of each, or as JSON.

use std::path::PathBuf;

use serde_json::json;
use whiteboard::diagnostic::{Code, Diagnostic, Style};
use whiteboard::estimate::units::{bandwidth, bytes, count, percent, rate};
use whiteboard::estimate::{self, ComponentEstimate, Estimate, Figure};
use whiteboard::model::Model;
use whiteboard::model::value::Place;

use super::Status;
use super::input::{load, report};

#[derive(clap::Args)]
pub struct Args {
    /// The design file (`-` for standard input)
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Each number with the formula that produced it
    Table,
    /// The numbers in base units (requests/s, bytes, bytes/s)
    Json,
}

pub fn run(args: &Args, style: Style) -> Status {
    let Some((input, model)) = load(&args.file, style) else {
        return Status::Failed;
    };
    let estimate = estimate::estimate(&model);
    let Some(estimate) =
        estimate.filter(|e| e.figures.traffic.is_some() || !e.components.is_empty())
    else {
        let (message, help) = if model.scale.is_none() {
            (
                format!("`{}` has no `scale` block to estimate from", input.name),
                "add the numbers the estimate starts from, e.g. \
                 `scale { dau: 10M, requests: 20/day, read_write: 10:1, object_size: 1KB }`",
            )
        } else {
            (
                format!(
                    "the `scale` block of `{}` gives no request rate",
                    input.name
                ),
                "give `requests: 10/day` (per user, with `dau`), `reads` and `writes`, \
                 or a total such as `qps: 2K/s`",
            )
        };
        let mut diagnostic = Diagnostic::error(Code::NoScale, message).with_help(help);
        if let Some(span) = model.scale_span {
            diagnostic = diagnostic.with_label(span, "no request rate in this block");
        }
        for (key, attribute) in model.scale.iter().flat_map(|scale| &scale.0) {
            if whiteboard::model::value::expected(Place::Scale, key).is_none() {
                diagnostic = diagnostic.with_label(
                    attribute.span,
                    format!("`{key}` is not a key the estimate reads"),
                );
            }
        }
        report(&input.name, &input.text, &[diagnostic], style);
        return Status::Failed;
    };
    match args.format {
        Format::Table => print!("{}", table(&model, &estimate)),
        Format::Json => match serde_json::to_string_pretty(&to_json(&estimate)) {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("wb: cannot write the estimate as JSON: {error}");
                return Status::Failed;
            }
        },
    }
    Status::Clean
}

/// Rows of a section: a name, a value and how it was worked out.
struct Section {
    heading: &'static str,
    rows: Vec<[String; 3]>,
}

/// A row: the figure's name, its value in words, and its formula.
fn row(name: &str, value: String, figure: &Figure) -> [String; 3] {
    [name.to_string(), value, figure.formula.clone()]
}

impl Section {
    /// A section of figures, each value written by `unit`.
    fn of<const N: usize>(
        heading: &'static str,
        unit: fn(f64) -> String,
        figures: [(&str, &Figure); N],
    ) -> Section {
        let rows = figures
            .into_iter()
            .map(|(name, figure)| row(name, unit(figure.value), figure))
            .collect();
        Section { heading, rows }
    }
}

fn table(model: &Model, estimate: &Estimate) -> String {
    let figures = &estimate.figures;
    let mut sections = Vec::new();
    if let Some(traffic) = &figures.traffic {
        sections.push(Section::of(
            "Requests",
            rate,
            [
                ("reads, average", &traffic.read_avg),
                ("reads, peak", &traffic.read_peak),
                ("writes, average", &traffic.write_avg),
                ("writes, peak", &traffic.write_peak),
            ],
        ));
    }
    if let Some(storage) = &figures.storage {
        sections.push(Section {
            heading: "Storage",
            rows: vec![
                row(
                    "per year",
                    format!("{}/year", bytes(storage.per_year.value)),
                    &storage.per_year,
                ),
                row("in all", bytes(storage.total.value), &storage.total),
            ],
        });
    }
    if let Some(flows) = &figures.bandwidth {
        sections.push(Section::of(
            "Bandwidth",
            bandwidth,
            [
                ("ingress, average", &flows.ingress),
                ("ingress, peak", &flows.ingress_peak),
                ("egress, average", &flows.egress),
                ("egress, peak", &flows.egress_peak),
            ],
        ));
    }
    if let Some(cache) = &figures.cache {
        sections.push(Section {
            heading: "Cache",
            rows: vec![row("hot set", bytes(cache.value), cache)],
        });
    }
    let mut out = format!(
        "{}: back-of-the-envelope estimate\n",
        model.title.as_deref().unwrap_or("design")
    );
    for section in &sections {
        out.push_str(&format!("\n{}\n", section.heading));
        let widths = column_widths(section.rows.iter().map(|r| [&r[0], &r[1]]));
        for [name, value, formula] in &section.rows {
            out.push_str(&format!(
                "  {name:<w0$}  {value:<w1$}  = {formula}\n",
                w0 = widths[0],
                w1 = widths[1]
            ));
        }
    }
    if !estimate.components.is_empty() {
        out.push_str("\nLoad at peak\n");
        let rows: Vec<[String; 5]> = estimate.components.iter().map(component_row).collect();
        let header = ["component", "kind", "load", "capacity", "use"].map(String::from);
        let widths = column_widths(
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| [&r[0], &r[1], &r[2], &r[3], &r[4]]),
        );
        for cells in std::iter::once(&header).chain(&rows) {
            let line: Vec<String> = cells
                .iter()
                .zip(widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            out.push_str(&format!("  {}\n", line.join("  ").trim_end()));
        }
    }
    let notes: Vec<&String> = figures.assumptions.iter().chain(&figures.missing).collect();
    if !notes.is_empty() {
        out.push_str("\nAssumptions and gaps\n");
        for note in notes {
            out.push_str(&format!("  - {note}\n"));
        }
    }
    out
}

/// The width of each column: its longest cell.
fn column_widths<'a, const N: usize>(rows: impl Iterator<Item = [&'a String; N]>) -> [usize; N] {
    let mut widths = [0; N];
    for cells in rows {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    widths
}

fn component_row(component: &ComponentEstimate) -> [String; 5] {
    let capacity = component.capacity.as_ref().map_or_else(
        || "—".to_string(),
        |c| {
            let basis = if c.stated { "" } else { ", default" };
            format!("{} × {}{basis}", count(c.read_units), rate(c.per_instance))
        },
    );
    let usage = match (&component.utilisation, &component.capacity) {
        (Some(utilisation), Some(capacity)) => {
            let mut text = percent(*utilisation);
            if *utilisation > 1.0 {
                let needed = component.instances_needed.map(count).unwrap_or_default();
                if capacity.checked {
                    text.push_str(&format!(" over capacity: needs {needed} instances"));
                } else {
                    text.push_str(&format!(" — needs {needed} instances"));
                }
            }
            text
        }
        _ => String::new(),
    };
    [
        component.id.clone(),
        component.kind.keyword().to_string(),
        rate(component.load.peak()),
        capacity,
        usage,
    ]
}

fn to_json(estimate: &Estimate) -> serde_json::Value {
    let figures = &estimate.figures;
    let value = |figure: &Figure| figure.value;
    json!({
        "qps": figures.traffic.as_ref().map(|t| json!({
            "read_avg": value(&t.read_avg),
            "read_peak": value(&t.read_peak),
            "write_avg": value(&t.write_avg),
            "write_peak": value(&t.write_peak),
        })),
        "storage_bytes": figures.storage.as_ref().map(|s| json!({
            "per_year": value(&s.per_year),
            "total": value(&s.total),
        })),
        "bandwidth_bytes_per_s": figures.bandwidth.as_ref().map(|b| json!({
            "ingress": value(&b.ingress),
            "egress": value(&b.egress),
            "ingress_peak": value(&b.ingress_peak),
            "egress_peak": value(&b.egress_peak),
        })),
        "cache_bytes": figures.cache.as_ref().map(value),
        "components": estimate.components.iter().map(|c| json!({
            "id": c.id,
            "kind": c.kind,
            "rps_avg": c.load.average(),
            "rps_peak": c.load.peak(),
            "capacity": c.capacity.as_ref().map(|capacity| capacity.total()),
            "utilisation": c.utilisation,
            "instances_needed": c.instances_needed,
        })).collect::<Vec<_>>(),
        "figures": figures,
    })
}
