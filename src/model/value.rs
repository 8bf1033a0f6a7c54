//! Typed attribute values. The syntax stage keeps `500B` as a number and a
//! unit; which unit it is depends on the attribute: `object_size: 500B` is 500
//! bytes, `users: 1B` is a billion. The schema here says what each known
//! attribute expects, and `typed` checks and converts a value against it.

use serde::Serialize;

use crate::syntax::ast::{Quantity, ValueKind};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Value {
    Count { value: f64 },
    Size { bytes: f64 },
    Duration { seconds: f64 },
    Percent { value: f64 },
    Ratio { left: f64, right: f64 },
    Rate { per_second: f64 },
    Multiplier { value: f64 },
    Bool { value: bool },
    Ident { value: String },
    String { value: String },
    List { items: Vec<Value> },
}

impl Value {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Count { value }
            | Value::Percent { value }
            | Value::Multiplier { value }
            | Value::Size { bytes: value }
            | Value::Duration { seconds: value }
            | Value::Rate { per_second: value } => Some(*value),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool { value } => Some(*value),
            _ => None,
        }
    }

    /// The text of an identifier or string value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Ident { value } | Value::String { value } => Some(value),
            _ => None,
        }
    }

    /// Identifier or string items of a list (or the value itself).
    pub fn words(&self) -> Vec<&str> {
        match self {
            Value::List { items } => items.iter().filter_map(Value::as_text).collect(),
            other => other.as_text().into_iter().collect(),
        }
    }
}

/// What an attribute accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expected {
    Count,
    /// A whole number, at least the given minimum.
    Whole(u32),
    Size,
    Duration,
    Percent,
    Ratio,
    Rate,
    /// A rate per second by its name (`qps`): a bare count is per second.
    PerSecond,
    Multiplier,
    Bool,
    /// One of these identifiers.
    OneOf(&'static [&'static str]),
    /// An identifier or a string.
    Text,
    /// A list of identifiers or strings (a single one is accepted too).
    Words,
    /// `true`, `false` or the id of a component (checked by the resolver).
    BoolOrComponent,
    /// Anything; the type is read off the value itself.
    Any,
}

impl Expected {
    /// How values of this type are written, for a diagnostic's help line.
    pub fn hint(self) -> String {
        match self {
            Expected::Count => "counts take K (thousand), M (million), B (billion) or T (trillion)".into(),
            Expected::Whole(_) => "write a whole number such as `3`".into(),
            Expected::Size => "sizes take B, KB, MB, GB, TB or PB (KiB, MiB, GiB, TiB for powers of two)".into(),
            Expected::Duration => "durations take ms, s, min, h, d, w, mo or y".into(),
            Expected::Percent => "write the number followed by `%`".into(),
            Expected::Ratio => "write reads to writes as two numbers: `100:1`".into(),
            Expected::Rate => "a rate is an amount per unit of time: `/s`, `/min`, `/h`, `/day`, `/week`, `/month` or `/year`".into(),
            Expected::PerSecond => "a bare amount is per second (`2M`); another unit of time follows a `/` (`1B/day`)".into(),
            Expected::Multiplier => "write the factor followed by `x`".into(),
            Expected::Bool | Expected::BoolOrComponent => "write `true` or `false`; a bare flag means `true`".into(),
            Expected::OneOf(_) | Expected::Text | Expected::Words | Expected::Any => {
                format!("write {}", self.describe())
            }
        }
    }

    /// The expected type in words, with an example, for diagnostics.
    pub fn describe(self) -> String {
        match self {
            Expected::Count => "a count like `100`, `10K`, `100M` or `2B`".into(),
            Expected::Whole(min) => format!("a whole number of at least {min}"),
            Expected::Size => "a size like `500B`, `2KB`, `10MB`, `1.5TB` or `3PB`".into(),
            Expected::Duration => {
                "a duration like `200ms`, `30s`, `5min`, `24h`, `7d` or `5y`".into()
            }
            Expected::Percent => "a percentage like `90%` or `99.99%`".into(),
            Expected::Ratio => "a ratio like `100:1`".into(),
            Expected::Rate => "a rate like `10/day`, `100/s` or `2K/s`".into(),
            Expected::PerSecond => "queries per second like `2M`, or a rate like `1B/day`".into(),
            Expected::Multiplier => "a multiplier like `3x`".into(),
            Expected::Bool => "`true` or `false`".into(),
            Expected::OneOf(words) => {
                let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
                format!("one of {}", quoted.join(", "))
            }
            Expected::Text => "a name or a quoted string".into(),
            Expected::Words => "a name or a list like `[payments, media]`".into(),
            Expected::BoolOrComponent => "`true`, `false` or the id of a component".into(),
            Expected::Any => "a value".into(),
        }
    }
}

const DIRECTIONS: &[&str] = &["down", "right"];
const EVICTIONS: &[&str] = &["lru", "lfu", "fifo", "random", "ttl", "none"];
const THEMES: &[&str] = &["light", "dark"];
/// What a flow does with the data at its target (`op`).
pub const OPS: &[&str] = &["read", "write", "both"];

/// Where an attribute block stands: each place has its own known attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Design,
    Scale,
    Component,
    Flow,
}

impl Place {
    /// The place in words, for diagnostics.
    pub fn describe(self) -> &'static str {
        match self {
            Place::Design => "a `design` block",
            Place::Scale => "a `scale` block",
            Place::Component => "a component",
            Place::Flow => "a flow",
        }
    }

    /// What a key of this place is called in diagnostics.
    pub fn key_noun(self) -> &'static str {
        match self {
            Place::Scale => "`scale` key",
            _ => "attribute",
        }
    }
}

/// The attributes each place knows, and what they accept. Others are allowed
/// (designs carry their own notes) and typed by their look.
pub fn schema(place: Place) -> &'static [(&'static str, Expected)] {
    match place {
        Place::Design => &[
            ("direction", Expected::OneOf(DIRECTIONS)),
            ("availability", Expected::Percent),
            ("latency", Expected::Duration),
            ("theme", Expected::OneOf(THEMES)),
            ("legend", Expected::Bool),
            ("numbers", Expected::Bool),
        ],
        Place::Scale => &[
            ("users", Expected::Count),
            ("dau", Expected::Count),
            ("mau", Expected::Count),
            ("requests", Expected::Rate),
            ("reads", Expected::Rate),
            ("writes", Expected::Rate),
            ("qps", Expected::PerSecond),
            ("read_qps", Expected::PerSecond),
            ("write_qps", Expected::PerSecond),
            ("read_write", Expected::Ratio),
            ("peak", Expected::Multiplier),
            ("object_size", Expected::Size),
            ("read_size", Expected::Size),
            ("storage", Expected::Size),
            ("retention", Expected::Duration),
            ("replication", Expected::Whole(1)),
        ],
        Place::Component => &[
            ("replicas", Expected::Whole(1)),
            ("standby", Expected::Bool),
            ("stateless", Expected::Bool),
            ("stateful", Expected::Bool),
            ("ttl", Expected::Duration),
            ("eviction", Expected::OneOf(EVICTIONS)),
            ("dlq", Expected::BoolOrComponent),
            ("auth", Expected::Text),
            ("rate_limit", Expected::Rate),
            ("shards", Expected::Whole(1)),
            ("shard_key", Expected::Text),
            ("partitions", Expected::Whole(1)),
            ("retention", Expected::Duration),
            ("tags", Expected::Words),
            ("capacity", Expected::Rate),
            ("hit", Expected::Percent),
            ("share", Expected::Percent),
            ("store", Expected::Bool),
            ("replication", Expected::Whole(1)),
            ("replica_of", Expected::Text),
            ("entry", Expected::Bool),
            ("rate", Expected::Rate),
            ("public", Expected::Bool),
            ("managed", Expected::Bool),
            ("sticky", Expected::Bool),
            ("consistency", Expected::Text),
            ("region", Expected::Text),
            ("tech", Expected::Text),
            ("pin", Expected::OneOf(super::hints::PINS)),
        ],
        Place::Flow => &[
            ("protocol", Expected::Text),
            ("timeout", Expected::Duration),
            ("retries", Expected::Whole(0)),
            ("backoff", Expected::Any),
            ("idempotency_key", Expected::Bool),
            ("share", Expected::Percent),
            ("fanout", Expected::Multiplier),
            ("batch", Expected::Whole(1)),
            ("tags", Expected::Words),
            ("op", Expected::OneOf(OPS)),
            ("rate", Expected::Rate),
        ],
    }
}

pub fn expected(place: Place, key: &str) -> Option<Expected> {
    schema(place)
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, expected)| *expected)
}

/// Converts a value as written to the type `expected`, or says why not.
pub fn typed(kind: &ValueKind, expected: Expected) -> Result<Value, String> {
    let mismatch = || Err(expected.describe());
    match (expected, kind) {
        (Expected::Any, kind) => infer(kind),
        (Expected::Count, ValueKind::Quantity(q)) => count(q).map(|value| Value::Count { value }),
        (Expected::Whole(min), ValueKind::Quantity(q)) => match count(q) {
            Ok(value)
                if value.fract() == 0.0
                    && value >= f64::from(min)
                    && value <= f64::from(u32::MAX) =>
            {
                Ok(Value::Count { value })
            }
            _ => mismatch(),
        },
        (Expected::Size, ValueKind::Quantity(q)) => {
            scaled(q, size_unit, expected).map(|bytes| Value::Size { bytes })
        }
        (Expected::Duration, ValueKind::Quantity(q)) => {
            scaled(q, duration_unit, expected).map(|seconds| Value::Duration { seconds })
        }
        (Expected::Percent, ValueKind::Quantity(q)) if q.unit.as_deref() == Some("%") => {
            if (0.0..=100.0).contains(&q.number) {
                Ok(Value::Percent { value: q.number })
            } else {
                Err("a percentage between 0% and 100%".into())
            }
        }
        (Expected::Multiplier, ValueKind::Quantity(q)) if q.unit.as_deref() == Some("x") => {
            finite(q.number).map(|value| Value::Multiplier { value })
        }
        (Expected::Ratio, ValueKind::Ratio(left, right)) if *right > 0.0 && left.is_finite() => {
            Ok(Value::Ratio {
                left: *left,
                right: *right,
            })
        }
        (Expected::Rate | Expected::PerSecond, ValueKind::Rate(amount, per)) => rate(amount, per),
        (Expected::PerSecond, ValueKind::Quantity(q)) => count(q)
            .map(|per_second| Value::Rate { per_second })
            .map_err(|_| expected.describe()),
        (Expected::Bool | Expected::BoolOrComponent, ValueKind::Ident(word)) if is_bool(word) => {
            Ok(Value::Bool {
                value: word == "true",
            })
        }
        (Expected::BoolOrComponent, ValueKind::Ident(word)) => Ok(Value::Ident {
            value: word.clone(),
        }),
        (Expected::OneOf(words), ValueKind::Ident(word)) if words.contains(&word.as_str()) => {
            Ok(Value::Ident {
                value: word.clone(),
            })
        }
        (Expected::Text | Expected::Words, ValueKind::Ident(word)) => Ok(Value::Ident {
            value: word.clone(),
        }),
        (Expected::Text | Expected::Words, ValueKind::Str(text)) => Ok(Value::String {
            value: text.clone(),
        }),
        (Expected::Words, ValueKind::List(items)) => {
            let items = items
                .iter()
                .map(|item| typed(&item.kind, Expected::Text))
                .collect::<Result<_, _>>()
                .map_err(|_| expected.describe())?;
            Ok(Value::List { items })
        }
        _ => mismatch(),
    }
}

/// The type of a value of an attribute the schema does not know, read off
/// its look: `24h` is a duration, `2GB` a size, `3x` a multiplier. A lone `B`
/// is read as bytes.
fn infer(kind: &ValueKind) -> Result<Value, String> {
    match kind {
        ValueKind::Quantity(q) => match q.unit.as_deref() {
            Some("%") => typed(kind, Expected::Percent),
            Some("x") => typed(kind, Expected::Multiplier),
            Some(unit) if size_unit(unit).is_some() => typed(kind, Expected::Size),
            Some(unit) if duration_unit(unit).is_some() => typed(kind, Expected::Duration),
            _ => count(q).map(|value| Value::Count { value }).map_err(|_| {
                format!(
                    "a value with a known unit; `{}` is not one",
                    q.unit.as_deref().unwrap_or("")
                )
            }),
        },
        ValueKind::Ratio(..) => typed(kind, Expected::Ratio),
        ValueKind::Rate(..) => typed(kind, Expected::Rate),
        ValueKind::Ident(word) if is_bool(word) => Ok(Value::Bool {
            value: word == "true",
        }),
        ValueKind::Ident(word) => Ok(Value::Ident {
            value: word.clone(),
        }),
        ValueKind::Str(text) => Ok(Value::String {
            value: text.clone(),
        }),
        ValueKind::List(items) => Ok(Value::List {
            items: items
                .iter()
                .map(|item| infer(&item.kind))
                .collect::<Result<_, _>>()?,
        }),
    }
}

fn is_bool(word: &str) -> bool {
    word == "true" || word == "false"
}

fn finite(value: f64) -> Result<f64, String> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err("a number small enough to compute with".into())
    }
}

fn count(q: &Quantity) -> Result<f64, String> {
    let factor = match q.unit.as_deref() {
        None => 1.0,
        Some("K" | "k") => 1e3,
        Some("M") => 1e6,
        Some("B") => 1e9,
        Some("T") => 1e12,
        _ => return Err(Expected::Count.describe()),
    };
    finite(q.number * factor)
}

fn scaled(q: &Quantity, unit: fn(&str) -> Option<f64>, expected: Expected) -> Result<f64, String> {
    let factor = q
        .unit
        .as_deref()
        .and_then(unit)
        .ok_or_else(|| expected.describe())?;
    finite(q.number * factor)
}

fn size_unit(unit: &str) -> Option<f64> {
    Some(match unit {
        "B" => 1.0,
        "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "TB" => 1e12,
        "PB" => 1e15,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        "TiB" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    })
}

/// Seconds in one of a duration unit. A month is 30 days, a year 365.
pub fn duration_unit(unit: &str) -> Option<f64> {
    Some(match unit {
        "ms" => 0.001,
        "s" | "sec" | "second" | "seconds" => 1.0,
        "m" | "min" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86_400.0,
        "w" | "week" | "weeks" => 604_800.0,
        "mo" | "month" | "months" => 2_592_000.0,
        "y" | "yr" | "year" | "years" => 31_536_000.0,
        _ => return None,
    })
}

fn rate(amount: &Quantity, per: &str) -> Result<Value, String> {
    let describe = || Expected::Rate.describe();
    let amount = count(amount).map_err(|_| describe())?;
    let seconds = duration_unit(per).ok_or_else(describe)?;
    finite(amount / seconds).map(|per_second| Value::Rate { per_second })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quantity(number: f64, unit: &str) -> ValueKind {
        ValueKind::Quantity(Quantity {
            number,
            unit: Some(unit.to_string()).filter(|u| !u.is_empty()),
        })
    }

    #[test]
    fn queries_per_second_take_a_bare_count_per_second() {
        assert_eq!(
            typed(&quantity(2.0, "M"), Expected::PerSecond),
            Ok(Value::Rate { per_second: 2e6 })
        );
        let per_day = ValueKind::Rate(
            Quantity {
                number: 86.4,
                unit: Some("K".into()),
            },
            "day".into(),
        );
        assert_eq!(
            typed(&per_day, Expected::PerSecond),
            Ok(Value::Rate { per_second: 1.0 })
        );
        assert!(typed(&quantity(2.0, "M"), Expected::Rate).is_err());
        assert!(typed(&quantity(2.0, "MB"), Expected::PerSecond).is_err());
    }

    #[test]
    fn the_same_suffix_means_what_the_attribute_expects() {
        assert_eq!(
            typed(&quantity(500.0, "B"), Expected::Size),
            Ok(Value::Size { bytes: 500.0 })
        );
        assert_eq!(
            typed(&quantity(1.0, "B"), Expected::Count),
            Ok(Value::Count { value: 1e9 })
        );
    }

    #[test]
    fn rates_are_per_second() {
        let rate = ValueKind::Rate(
            Quantity {
                number: 86_400.0,
                unit: None,
            },
            "day".into(),
        );
        assert_eq!(
            typed(&rate, Expected::Rate),
            Ok(Value::Rate { per_second: 1.0 })
        );
        let rate = ValueKind::Rate(
            Quantity {
                number: 2.0,
                unit: Some("K".into()),
            },
            "s".into(),
        );
        assert_eq!(
            typed(&rate, Expected::Rate),
            Ok(Value::Rate { per_second: 2000.0 })
        );
    }

    #[test]
    fn mismatches_name_the_expected_type() {
        let error = typed(&ValueKind::Ident("fast".into()), Expected::Size).unwrap_err();
        assert!(error.starts_with("a size"), "{error}");
        let error = typed(&quantity(1.5, ""), Expected::Whole(1)).unwrap_err();
        assert!(error.starts_with("a whole number"), "{error}");
        assert!(typed(&quantity(120.0, "%"), Expected::Percent).is_err());
    }
}
