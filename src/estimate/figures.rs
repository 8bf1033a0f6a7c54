//! The design-wide numbers, from the `scale` block alone: request rates,
//! storage, bandwidth and the cache's hot set, each with the formula that
//! produced it, following the guides' back-of-the-envelope chain
//! (guide 002 Part 3, guide 004 note 4).

use serde::Serialize;

use super::units;
use crate::model::{Attributes, Value};

const SECONDS_PER_DAY: f64 = 86_400.0;
const SECONDS_PER_YEAR: f64 = 365.0 * SECONDS_PER_DAY;
/// Guide 004 note 4: "Peak QPS = QPS × 2 (or ×3 for spiky traffic)".
pub const DEFAULT_PEAK: f64 = 2.0;
/// Years of data kept when the design does not say.
const DEFAULT_RETENTION_YEARS: f64 = 5.0;
/// The 80/20 rule: a fifth of a day's reads is the hot set worth caching
/// (guide 004 note 4, "Cache Memory = Daily Requests × 0.2 × Average
/// Response Size").
const HOT_SET: f64 = 0.2;

/// A number and how it was worked out.
#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    pub value: f64,
    pub formula: String,
}

impl Figure {
    fn new(value: f64, formula: impl Into<String>) -> Figure {
        Figure {
            value,
            formula: formula.into(),
        }
    }
}

/// Reads and writes per second across the design.
#[derive(Clone, Debug, Serialize)]
pub struct Traffic {
    pub read_avg: Figure,
    pub write_avg: Figure,
    pub read_peak: Figure,
    pub write_peak: Figure,
    /// The peak multiplier.
    pub peak: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Storage {
    pub per_year: Figure,
    pub total: Figure,
}

/// Bytes per second in (writes) and out (reads).
#[derive(Clone, Debug, Serialize)]
pub struct Bandwidth {
    pub ingress: Figure,
    pub egress: Figure,
    pub ingress_peak: Figure,
    pub egress_peak: Figure,
}

/// Everything the `scale` block alone gives, and what it leaves out.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Figures {
    pub traffic: Option<Traffic>,
    pub storage: Option<Storage>,
    pub bandwidth: Option<Bandwidth>,
    pub cache: Option<Figure>,
    /// Numbers the estimate had to assume, in words.
    pub assumptions: Vec<String>,
    /// Figures that could not be worked out, and what to add for them.
    pub missing: Vec<String>,
}

/// A number from the `scale` block, as written.
struct Given<'a> {
    value: f64,
    text: &'a str,
}

struct Scale<'a>(&'a Attributes);

impl<'a> Scale<'a> {
    fn get(&self, key: &str) -> Option<Given<'a>> {
        let attribute = self.0.0.get(key)?;
        let value = match &attribute.value {
            Value::Ratio { .. } => return None,
            value => value.as_f64()?,
        };
        Some(Given {
            value,
            text: &attribute.text,
        })
    }

    fn ratio(&self) -> Option<(f64, f64, &'a str)> {
        let attribute = self.0.0.get("read_write")?;
        match attribute.value {
            Value::Ratio { left, right } if left + right > 0.0 => {
                Some((left, right, attribute.text.as_str()))
            }
            _ => None,
        }
    }

    /// The users that per-user rates multiply: daily actives first.
    fn users(&self) -> Option<(Given<'a>, &'static str)> {
        [
            ("dau", "daily users"),
            ("users", "users"),
            ("mau", "monthly users"),
        ]
        .into_iter()
        .find_map(|(key, noun)| self.get(key).map(|given| (given, noun)))
    }

    /// A rate across the design: `total_key` as given, or `per_user_key`
    /// times the users (or as given when there are no users).
    fn rate(&self, total_key: &str, per_user_key: &str) -> Option<Figure> {
        if let Some(total) = self.get(total_key) {
            return Some(Figure::new(
                total.value,
                format!("{total_key}: {}", total.text),
            ));
        }
        let rate = self.get(per_user_key)?;
        Some(match self.users() {
            Some((users, noun)) => Figure::new(
                users.value * rate.value,
                format!("{} {noun} × {} each", users.text, rate.text),
            ),
            None => Figure::new(rate.value, format!("{per_user_key}: {}", rate.text)),
        })
    }
}

pub fn figures(scale: &Attributes) -> Figures {
    let scale = Scale(scale);
    let mut figures = Figures::default();
    let Some((read_avg, write_avg)) = average_traffic(&scale, &mut figures) else {
        figures.missing.push(
            "request rates: give `requests: 10/day` (per user, with `dau`), `reads` and \
             `writes`, or a total such as `qps: 2K/s`"
                .into(),
        );
        return figures;
    };
    let peak = match scale.get("peak") {
        Some(peak) => Figure::new(peak.value, format!("peak {}", peak.text)),
        None => {
            figures.assumptions.push(format!(
                "peak not given: {DEFAULT_PEAK}× the average (guide 004 note 4)"
            ));
            Figure::new(DEFAULT_PEAK, format!("peak {DEFAULT_PEAK}x, assumed"))
        }
    };
    let at_peak = |average: &Figure, noun: &str| {
        Figure::new(
            average.value * peak.value,
            format!("{} {noun} × {}", units::rate(average.value), peak.formula),
        )
    };
    let traffic = Traffic {
        read_peak: at_peak(&read_avg, "reads"),
        write_peak: at_peak(&write_avg, "writes"),
        read_avg,
        write_avg,
        peak: peak.value,
    };
    let object_size = scale.get("object_size");
    let read_size = scale.get("read_size").or_else(|| scale.get("object_size"));
    if scale.get("read_size").is_none()
        && let Some(size) = &object_size
        && traffic.read_avg.value > 0.0
    {
        figures.assumptions.push(format!(
            "read_size not given: a read returns one written object ({}); give `read_size` when reads return less (a page of results) or more",
            size.text
        ));
    }
    match &object_size {
        Some(size) => {
            figures.storage = Some(storage(&scale, &traffic.write_avg, size, &mut figures));
        }
        None => figures.missing.push(
            "storage and ingress: give the size of a written record, `object_size: 500B`".into(),
        ),
    }
    if let (Some(written), Some(read)) = (&object_size, &read_size) {
        let flow = |per_second: &Figure, noun: &str, size: &Given| {
            Figure::new(
                per_second.value * size.value,
                format!("{} {noun} × {}", units::rate(per_second.value), size.text),
            )
        };
        figures.bandwidth = Some(Bandwidth {
            ingress: flow(&traffic.write_avg, "writes", written),
            egress: flow(&traffic.read_avg, "reads", read),
            ingress_peak: flow(&traffic.write_peak, "writes", written),
            egress_peak: flow(&traffic.read_peak, "reads", read),
        });
    }
    if let Some(read) = &read_size {
        let daily_reads = traffic.read_avg.value * SECONDS_PER_DAY;
        figures.cache = Some(Figure::new(
            daily_reads * HOT_SET * read.value,
            format!(
                "{} reads/day × {} (the 80/20 rule) × {}",
                units::count(daily_reads),
                units::percent(HOT_SET),
                read.text
            ),
        ));
    }
    figures.traffic = Some(traffic);
    figures
}

/// Average reads and writes per second, from whichever of `reads`,
/// `writes`, `requests` (or their totals) and `read_write` are given.
fn average_traffic(scale: &Scale, figures: &mut Figures) -> Option<(Figure, Figure)> {
    let reads = scale.rate("read_qps", "reads");
    let writes = scale.rate("write_qps", "writes");
    let requests = scale.rate("qps", "requests");
    let ratio = scale.ratio();
    let rest = |total: &Figure, part: &Figure| {
        Figure::new(
            (total.value - part.value).max(0.0),
            format!("{} − {}", total.formula, part.formula),
        )
    };
    let times = |figure: &Figure, factor: f64, why: String| {
        Figure::new(figure.value * factor, format!("{} × {why}", figure.formula))
    };
    Some(match (reads, writes, requests, ratio) {
        (Some(reads), Some(writes), _, _) => (reads, writes),
        (Some(reads), None, Some(requests), _) => {
            let writes = rest(&requests, &reads);
            (reads, writes)
        }
        (None, Some(writes), Some(requests), _) => (rest(&requests, &writes), writes),
        (Some(reads), None, None, Some((r, w, text))) => {
            let writes = times(
                &reads,
                w / r.max(f64::MIN_POSITIVE),
                format!("{w}/{r} ({text})"),
            );
            (reads, writes)
        }
        (None, Some(writes), None, Some((r, w, text))) => {
            let reads = times(
                &writes,
                r / w.max(f64::MIN_POSITIVE),
                format!("{r}/{w} ({text})"),
            );
            (reads, writes)
        }
        (Some(reads), None, None, None) => {
            figures
                .assumptions
                .push("no writes given: none counted".into());
            (reads, Figure::new(0.0, "none given"))
        }
        (None, Some(writes), None, None) => {
            figures
                .assumptions
                .push("no reads given: none counted".into());
            (Figure::new(0.0, "none given"), writes)
        }
        (None, None, Some(requests), ratio) => {
            let (r, w, text) = ratio.unwrap_or_else(|| {
                figures
                    .assumptions
                    .push("read:write not given: requests split 1:1".into());
                (1.0, 1.0, "1:1, assumed")
            });
            let total = r + w;
            (
                times(&requests, r / total, format!("{r}/{total} ({text})")),
                times(&requests, w / total, format!("{w}/{total} ({text})")),
            )
        }
        (None, None, None, _) => return None,
    })
}

fn storage(scale: &Scale, writes: &Figure, size: &Given, figures: &mut Figures) -> Storage {
    let replication = scale.get("replication");
    let copies = replication.as_ref().map_or(1.0, |r| r.value);
    let mut formula = format!(
        "{} writes/s × 31.5M s/year × {}",
        units::count(writes.value),
        size.text
    );
    if let Some(replication) = &replication {
        formula.push_str(&format!(" × {} copies", replication.text));
    }
    let per_year = Figure::new(
        writes.value * SECONDS_PER_YEAR * size.value * copies,
        formula,
    );
    let total = if let Some(stated) = scale.get("storage") {
        Figure::new(stated.value, format!("storage: {}", stated.text))
    } else {
        let (years, kept) = match scale.get("retention") {
            Some(retention) => (
                retention.value / SECONDS_PER_YEAR,
                format!("{} (retention)", retention.text),
            ),
            None => {
                figures.assumptions.push(format!(
                    "retention not given: {DEFAULT_RETENTION_YEARS} years of data kept"
                ));
                (
                    DEFAULT_RETENTION_YEARS,
                    format!("{DEFAULT_RETENTION_YEARS}y, assumed"),
                )
            }
        };
        Figure::new(
            per_year.value * years,
            format!("{}/year × {kept}", units::bytes(per_year.value)),
        )
    };
    Storage { per_year, total }
}
