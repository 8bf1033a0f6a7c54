//! The interview rubric: what the reference does that is worth points, and
//! how many each dimension has. Every item is something the reference has
//! (a piece, a property of a piece, a flow, a number) or a finding only the
//! other design has; a dimension's points are shared out over its items, so
//! each lost point names the item behind it.

use serde::Serialize;

use crate::model::Kind;

/// A dimension of the rubric interviewers score a design on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Requirements,
    Completeness,
    Scalability,
    Reliability,
    Data,
    Async,
}

/// A dimension with fewer items than this loses its points more slowly:
/// one finding in a dimension the reference says nothing about costs a
/// share, not all of it.
pub const MIN_BUDGET: f64 = 4.0;

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::Requirements,
        Dimension::Completeness,
        Dimension::Scalability,
        Dimension::Reliability,
        Dimension::Data,
        Dimension::Async,
    ];

    /// Its share of the 100 points: the first two steps of the interview
    /// (what is asked, at what scale; the design that answers it) weigh most.
    pub fn weight(self) -> f64 {
        match self {
            Dimension::Requirements | Dimension::Completeness => 25.0,
            Dimension::Scalability | Dimension::Reliability => 15.0,
            Dimension::Data | Dimension::Async => 10.0,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Dimension::Requirements => "requirements and numbers",
            Dimension::Completeness => "high-level design",
            Dimension::Scalability => "scalability",
            Dimension::Reliability => "reliability",
            Dimension::Data => "data choices",
            Dimension::Async => "asynchronous work",
        }
    }

    /// Besides completeness, what a missing piece of this kind costs in.
    pub fn of_kind(kind: Kind) -> Option<Dimension> {
        match kind {
            Kind::Client | Kind::Service | Kind::Gateway | Kind::External => None,
            Kind::Dns | Kind::Cdn | Kind::Lb | Kind::Cache => Some(Dimension::Scalability),
            Kind::Queue | Kind::Stream | Kind::Pubsub | Kind::Worker => Some(Dimension::Async),
            Kind::Sql | Kind::Nosql | Kind::Blob | Kind::Search | Kind::Warehouse => {
                Some(Dimension::Data)
            }
            Kind::Monitoring | Kind::Coordination => Some(Dimension::Reliability),
        }
    }

    /// The dimension a rule's findings cost in.
    pub fn of_rule(rule: &str) -> Dimension {
        match rule {
            "missing-requirements" => Dimension::Requirements,
            "missing-cache"
            | "missing-cdn"
            | "missing-load-balancer"
            | "capacity-exceeded"
            | "stateful-service-behind-lb"
            | "websocket-without-pubsub"
            | "cache-without-ttl"
            | "bad-shard-key" => Dimension::Scalability,
            "single-point-of-failure"
            | "missing-dead-letter-queue"
            | "missing-idempotency"
            | "missing-monitoring"
            | "missing-rate-limit"
            | "missing-auth"
            | "retry-without-backoff"
            | "sync-cycle"
            | "plaintext-public-flow" => Dimension::Reliability,
            "analytics-on-primary"
            | "blob-in-database"
            | "money-on-eventual-store"
            | "search-on-database"
            | "shared-database"
            | "client-to-database" => Dimension::Data,
            "sync-slow-work"
            | "long-sync-chain"
            | "queue-without-consumer"
            | "queue-without-producer" => Dimension::Async,
            _ => Dimension::Completeness,
        }
    }
}

/// How much a piece of this kind weighs in its dimensions.
pub fn kind_weight(kind: Kind) -> f64 {
    match kind {
        Kind::Dns => 0.5,
        Kind::Client | Kind::Monitoring | Kind::Coordination => 1.0,
        Kind::Lb | Kind::Warehouse => 1.5,
        _ => 2.0,
    }
}

/// Where an item comes from, which decides the report's section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A component of the reference.
    Piece,
    /// A property of a component both designs have (replicas, shards, …).
    Property,
    Flow,
    Number,
    /// Evidence that the design answers this problem: its title and the
    /// problem's own terms.
    Problem,
    /// A use case the reference walks through.
    UseCase,
    /// A finding the other design has and the reference does not.
    Finding,
}

/// One thing the rubric scores.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub dimension: Dimension,
    pub source: Source,
    pub weight: f64,
    pub met: bool,
    pub what: String,
    /// The reference's id of the piece or flow behind the item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A dimension's score and the items that cost it points.
#[derive(Clone, Debug, Serialize)]
pub struct DimensionScore {
    pub dimension: Dimension,
    pub title: &'static str,
    pub score: u32,
    pub max: u32,
    pub lost: Vec<Lost>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Lost {
    pub what: String,
    pub points: f64,
}

/// The share of a dimension's weight of items that are met.
fn share_met(items: &[Item], dimension: Dimension) -> f64 {
    let own = items
        .iter()
        .filter(|i| i.dimension == dimension && i.source != Source::Finding);
    let total: f64 = own.clone().map(|i| i.weight).sum();
    let met: f64 = own.filter(|i| i.met).map(|i| i.weight).sum();
    if total == 0.0 { 1.0 } else { met / total }
}

/// The least share of the credit for its pieces a design that names
/// nothing of the problem keeps.
const FLOOR: f64 = 0.2;

/// How much of the credit for its pieces a design earns: all of it when it
/// shows it answers this problem, a fifth when nothing in it does — an
/// interviewer cannot credit a generic template's tiers to this problem.
fn relevance(items: &[Item]) -> f64 {
    let evidence = items.iter().filter(|i| i.source == Source::Problem);
    let total: f64 = evidence.clone().map(|i| i.weight).sum();
    let met: f64 = evidence.filter(|i| i.met).map(|i| i.weight).sum();
    if total == 0.0 {
        1.0
    } else {
        FLOOR + (1.0 - FLOOR) * met / total
    }
}

/// Each dimension's score: its weight times the share of its items met
/// (times [`relevance`] for all but the requirements). A dimension scores
/// its full weight only when nothing in it is lost, so the total is 100
/// only for a design that lacks nothing.
pub fn score(items: &[Item]) -> (u32, Vec<DimensionScore>) {
    let relevance = relevance(items);
    let completeness = share_met(items, Dimension::Completeness);
    let scores: Vec<DimensionScore> = Dimension::ALL
        .iter()
        .map(|&dimension| {
            let of_dimension = || items.iter().filter(move |i| i.dimension == dimension);
            let budget = of_dimension()
                .filter(|i| i.source != Source::Finding)
                .map(|i| i.weight)
                .sum::<f64>()
                .max(MIN_BUDGET);
            let per_weight = dimension.weight() / budget;
            let unmet = |source: bool| {
                of_dimension().filter(move |i| !i.met && (i.source == Source::Finding) == source)
            };
            // Findings cost at most half the dimension: the reference's
            // own items say what it is about.
            let found: f64 = unmet(true).map(|i| i.weight).sum();
            let finding_share = if found > budget / 2.0 { budget / 2.0 / found } else { 1.0 };
            let mut lost: Vec<Lost> = unmet(false)
                .map(|i| (i, 1.0))
                .chain(unmet(true).map(|i| (i, finding_share)))
                .map(|(i, share)| Lost {
                    what: i.what.clone(),
                    points: tenths(i.weight * share * per_weight),
                })
                .collect();
            let lost_weight = unmet(false).map(|i| i.weight).sum::<f64>() + found.min(budget / 2.0);
            let mut earned = (budget - lost_weight).max(0.0) * per_weight;
            // A dimension judges the pieces a design has: one with less
            // than half of the reference's design earns at most twice that
            // share of it (an empty design, nothing).
            let share = (2.0 * completeness).min(1.0);
            let cap = dimension.weight() * share;
            let structural = !matches!(dimension, Dimension::Requirements | Dimension::Completeness);
            if structural && share < 1.0 && earned > cap {
                lost.push(Lost {
                    what: format!(
                        "at most {}%: yours has {}% of the reference's design",
                        (share * 100.0).round(),
                        (completeness * 100.0).round()
                    ),
                    points: tenths(earned - cap),
                });
                earned = cap;
            }
            if dimension != Dimension::Requirements && relevance < 1.0 && earned > 0.0 {
                lost.push(Lost {
                    what: format!(
                        "scaled to {}%: the design says little about this problem (see requirements)",
                        (relevance * 100.0).round()
                    ),
                    points: tenths(earned * (1.0 - relevance)),
                });
                earned *= relevance;
            }
            let max = dimension.weight() as u32;
            let score = if lost.is_empty() {
                max
            } else {
                (earned.floor() as u32).min(max.saturating_sub(1))
            };
            DimensionScore {
                dimension,
                title: dimension.title(),
                score,
                max,
                lost,
            }
        })
        .collect();
    (scores.iter().map(|s| s.score).sum(), scores)
}

fn tenths(points: f64) -> f64 {
    (points * 10.0).round() / 10.0
}
