//! Stage 3, estimate: back-of-the-envelope numbers from the design itself.
//!
//! The `scale` block gives the design-wide figures — request rates, storage,
//! bandwidth, the cache's hot set — each with its formula
//! ([`figures`]); the reads and writes then follow the flows from the
//! entries to give every component its load ([`load`]), which is set
//! against what its instances can serve ([`capacity`]). The checker's
//! `capacity-exceeded` rule and `wb render --annotate` read the result;
//! `docs/estimates.md` explains every formula.

pub mod capacity;
pub mod figures;
pub mod load;
pub mod units;

use petgraph::graph::NodeIndex;
use serde::Serialize;

pub use capacity::{Capacity, Usage};
pub use figures::{Figure, Figures};
pub use load::{Load, Loads};

use crate::model::{Design, Kind, Model, Op, Semantics};

/// The estimate of a design with a `scale` block.
#[derive(Clone, Debug)]
pub struct Estimate {
    pub figures: Figures,
    pub loads: Loads,
    /// Every component the clients' load reaches, in declaration order.
    pub components: Vec<ComponentEstimate>,
}

/// The load on one component and what it can carry.
#[derive(Clone, Debug, Serialize)]
pub struct ComponentEstimate {
    #[serde(skip)]
    pub node: NodeIndex,
    pub id: String,
    pub kind: Kind,
    pub load: Load,
    pub capacity: Option<Capacity>,
    /// Peak load over capacity: above 1, the component is overloaded.
    pub utilisation: Option<f64>,
    /// Instances of the stated or default capacity the peak load needs.
    pub instances_needed: Option<f64>,
}

impl ComponentEstimate {
    pub fn is_overloaded(&self) -> bool {
        self.utilisation.is_some_and(|u| u > 1.0)
    }
}

/// The estimate of `model`'s design, or `None` when it has neither a
/// `scale` block nor an entry or flow with a `rate`.
pub fn estimate(model: &Model) -> Option<Estimate> {
    estimate_with(model, &Semantics::of(&model.design))
}

/// The estimate, given the meaning of the design's flows and components
/// (the checker works it out once for itself and the estimate).
pub fn estimate_with(model: &Model, semantics: &Semantics) -> Option<Estimate> {
    let design = &model.design;
    let rated = semantics
        .components
        .iter()
        .any(|c| c.entry.value && c.rate.is_some())
        || semantics.flows.iter().any(|f| f.rate.is_some());
    let mut figures = match &model.scale {
        Some(scale) => figures::figures(scale),
        None if rated => Figures {
            assumptions: vec![format!(
                "no `scale` block: the load is the stated `rate`s, at a peak of {}× the average",
                figures::DEFAULT_PEAK
            )],
            ..Figures::default()
        },
        None => return None,
    };
    let (entries, inferred) = load::entries(design, semantics);
    if rated && figures.traffic.is_none() {
        figures.missing.clear();
    }
    if figures.traffic.is_none() && !rated {
        return Some(Estimate {
            figures,
            loads: Loads::default(),
            components: Vec::new(),
        });
    }
    let names: Vec<String> = entries
        .iter()
        .filter_map(|node| design.graph.node_weight(*node))
        .map(|c| format!("`{}`", c.id))
        .collect();
    if inferred {
        figures.assumptions.push(if names.is_empty() {
            "no client and no `entry: true`: nothing originates load, so no component has one"
                .into()
        } else {
            format!(
                "no client and no `entry: true`: the load starts at {}, which no flow reaches",
                names.join(", ")
            )
        });
    }
    let peak = figures
        .traffic
        .as_ref()
        .map_or(figures::DEFAULT_PEAK, |t| t.peak);
    let origins = load::origins(design, semantics, &entries, figures.traffic.as_ref(), peak);
    for (node, op) in &origins.stand_ins {
        if let Some(component) = design.graph.node_weight(*node) {
            let what = if *op == Op::Read { "reads" } else { "writes" };
            figures.assumptions.push(format!(
                "no entry sends {what}: `{}`, which no flow reaches, sends them (mark it `entry: true`)",
                component.id
            ));
        }
    }
    for node in &origins.minor_senders {
        if let Some(meaning) = semantics.component(*node) {
            let taken_for = if meaning.staff.value {
                let why = meaning.staff.source.explain().unwrap_or_default();
                format!("a client of the staff ({why})")
            } else {
                "a job that starts work on its own".to_string()
            };
            figures.assumptions.push(format!(
                "`{}` is taken for {taken_for}: it sends {} of the requests, the users' clients the rest; give it a `share` or a `rate`",
                meaning.id,
                units::percent(load::MINOR_SHARE)
            ));
        }
    }
    if let Some(traffic) = figures.traffic.as_ref() {
        for op in &origins.unsent {
            let (what, verb, peak) = if *op == Op::Read {
                ("reads", "read", traffic.read_peak.value)
            } else {
                ("writes", "write", traffic.write_peak.value)
            };
            figures.assumptions.push(format!(
                "no flow from an entry {verb}s: the {} of {what} at peak are left out of the loads; say `op: {verb}` on the flow that carries them, or draw it",
                units::rate(peak)
            ));
        }
    }
    let loads = load::propagate(design, semantics, &origins);
    for node in &loads.assumed_hits {
        if let Some(component) = design.graph.node_weight(*node) {
            figures.assumptions.push(format!(
                "hit ratio of `{}` not given: {} assumed (the 80/20 rule)",
                component.id,
                units::percent(load::DEFAULT_HIT)
            ));
        }
    }
    for node in &loads.assumed_dead_letters {
        if let Some(component) = design.graph.node_weight(*node) {
            figures.assumptions.push(format!(
                "share of the failures sent to the dead-letter queue `{}` not given: {} of what its senders handle assumed",
                component.id,
                units::percent(load::DEAD_LETTER_SHARE)
            ));
        }
    }
    let starts: Vec<NodeIndex> = origins
        .loads
        .iter()
        .filter(|(_, load)| load.peak() > 0.0)
        .map(|(node, _)| *node)
        .collect();
    let components = components(design, &loads, &starts);
    Some(Estimate {
        figures,
        loads,
        components,
    })
}

/// The load on each component; where load starts (an entry, a stand-in)
/// what it sends is not work it serves, so it is not set against a
/// capacity.
fn components(design: &Design, loads: &Loads, origins: &[NodeIndex]) -> Vec<ComponentEstimate> {
    design
        .graph
        .node_indices()
        .filter_map(|node| {
            let component = design.graph.node_weight(node)?;
            let load = loads.nodes.get(node.index()).copied().flatten()?;
            if component.kind == Kind::Client {
                return None;
            }
            let capacity = capacity::capacity(component).filter(|_| !origins.contains(&node));
            let utilisation = capacity.as_ref().map(|c| c.used_by(&load).worst());
            let instances_needed = capacity
                .as_ref()
                .map(|c| (load.peak() / c.per_instance).ceil());
            Some(ComponentEstimate {
                node,
                id: component.id.clone(),
                kind: component.kind,
                load,
                capacity,
                utilisation,
                instances_needed,
            })
        })
        .collect()
}
