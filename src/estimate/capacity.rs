//! What one instance of a component can serve, and how many instances
//! share the load: the defaults per kind come from the guides' numbers
//! where they give one, and are marked as assumptions where they do not.

use serde::Serialize;

use super::Load;
use crate::model::{Component, Kind, Value};

/// Requests per second one instance of a kind serves, and where the number
/// comes from.
pub struct KindCapacity {
    pub kind: Kind,
    pub per_second: f64,
    pub source: &'static str,
    /// Whether `capacity-exceeded` judges this kind by its default (kinds
    /// outside the design's control, such as third parties, are not).
    pub checked_by_default: bool,
}

/// The default capacities, in the order of the table in `docs/estimates.md`.
pub const DEFAULTS: &[KindCapacity] = &[
    KindCapacity {
        kind: Kind::Service,
        per_second: 1_000.0,
        source: "guide 002 Part 3: \"one modern app server might handle 500–2,000 RPS\"; \
                 its sanity check divides by 1K per server",
        checked_by_default: true,
    },
    KindCapacity {
        kind: Kind::Cache,
        per_second: 100_000.0,
        source: "guide 004 notes 39 and 43: \"A single Redis instance handles 100K+ operations/sec\"",
        checked_by_default: true,
    },
    KindCapacity {
        kind: Kind::Pubsub,
        per_second: 100_000.0,
        source: "assumed: a Redis node's 100K operations/s (guide 004)",
        checked_by_default: true,
    },
    KindCapacity {
        kind: Kind::Sql,
        per_second: 5_000.0,
        source: "assumed: the guides give no number for one primary; 5K/s is where they \
                 reach for replicas and shards",
        checked_by_default: true,
    },
    KindCapacity {
        kind: Kind::Nosql,
        per_second: 10_000.0,
        source: "assumed: a wide-column or key-value node",
        checked_by_default: true,
    },
    KindCapacity {
        kind: Kind::Search,
        per_second: 2_000.0,
        source: "assumed: a search node answering queries",
        checked_by_default: true,
    },
    KindCapacity {
        kind: Kind::Queue,
        per_second: 10_000.0,
        source: "assumed: a self-hosted broker node (managed queues scale themselves)",
        checked_by_default: true,
    },
    KindCapacity {
        kind: Kind::Stream,
        per_second: 100_000.0,
        source: "assumed: a log broker; guide 004 note 10 says Kafka clusters move \
                 \"millions of messages/sec\"",
        checked_by_default: true,
    },
    KindCapacity {
        kind: Kind::Coordination,
        per_second: 10_000.0,
        source: "assumed: a consensus ensemble's writes",
        checked_by_default: true,
    },
];

/// How much load a component can carry.
#[derive(Clone, Debug, Serialize)]
pub struct Capacity {
    /// Requests per second one instance serves.
    pub per_instance: f64,
    /// Instances that serve requests, and those that take writes: all of
    /// them, but for a SQL database one primary per shard.
    pub read_units: f64,
    pub write_units: f64,
    pub shards: f64,
    /// Stated with `capacity:`, or the kind's default.
    pub stated: bool,
    pub checked: bool,
}

impl Capacity {
    /// Requests per second all instances serve together.
    pub fn total(&self) -> f64 {
        self.per_instance * self.read_units
    }

    /// The part of this capacity `load` uses: of all instances for all its
    /// requests, and of the instances that take writes for its writes.
    pub fn used_by(&self, load: &Load) -> Usage {
        Usage {
            all: load.peak() / self.total(),
            writes: load.write_peak / (self.per_instance * self.write_units),
        }
    }
}

/// Peak load over capacity; above 1, more than the instances can serve.
#[derive(Clone, Copy, Debug)]
pub struct Usage {
    pub all: f64,
    pub writes: f64,
}

impl Usage {
    /// The tighter of the two limits.
    pub fn worst(&self) -> f64 {
        self.all.max(self.writes)
    }

    /// The writes are the limit: a SQL database's primaries are full first.
    pub fn write_bound(&self) -> bool {
        self.writes > self.all
    }
}

/// A component's capacity: stated, or its kind's default. Managed services
/// other than databases and caches scale themselves and have none.
pub fn capacity(component: &Component) -> Option<Capacity> {
    let stated = component.attribute("capacity").and_then(Value::as_f64);
    let default = DEFAULTS.iter().find(|d| d.kind == component.kind);
    let scales_itself =
        component.is_managed() && !matches!(component.kind, Kind::Sql | Kind::Cache);
    let (per_instance, checked) = match (stated, default) {
        (Some(stated), _) => (stated, true),
        (None, Some(default)) if !scales_itself => (default.per_second, default.checked_by_default),
        _ => return None,
    };
    let instances = f64::from(component.instances.max(1));
    let shards = component.instance_shards();
    // A SQL database takes each shard's writes on its one primary; the other
    // instances are read replicas.
    let write_units = if component.kind == Kind::Sql {
        shards
    } else {
        shards * instances
    };
    Some(Capacity {
        per_instance,
        read_units: shards * instances,
        write_units,
        shards,
        stated: stated.is_some(),
        checked,
    })
}
