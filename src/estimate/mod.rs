//! Stage 3, estimate: back-of-the-envelope numbers from the design itself.
//!
//! The `scale` block gives the design-wide figures — request rates, storage,
//! bandwidth, the cache's hot set — each with its formula
//! ([`figures`]); the reads and writes then follow the flows from the
//! clients to give every component its load ([`load`]), which is set
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

use crate::model::{Design, Kind, Model};

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

/// The estimate of `model`'s design, or `None` when it has no `scale`.
pub fn estimate(model: &Model) -> Option<Estimate> {
    let scale = model.scale.as_ref()?;
    let mut figures = figures::figures(scale);
    let Some(traffic) = &figures.traffic else {
        return Some(Estimate {
            figures,
            loads: Loads::default(),
            components: Vec::new(),
        });
    };
    let loads = load::propagate(&model.design, traffic);
    for node in &loads.assumed_hits {
        if let Some(component) = model.design.graph.node_weight(*node) {
            figures.assumptions.push(format!(
                "hit ratio of `{}` not given: {} assumed (the 80/20 rule)",
                component.id,
                units::percent(load::DEFAULT_HIT)
            ));
        }
    }
    let components = components(&model.design, &loads);
    Some(Estimate {
        figures,
        loads,
        components,
    })
}

fn components(design: &Design, loads: &Loads) -> Vec<ComponentEstimate> {
    design
        .graph
        .node_indices()
        .filter_map(|node| {
            let component = design.graph.node_weight(node)?;
            let load = loads.nodes.get(node.index()).copied().flatten()?;
            if component.kind == Kind::Client {
                return None;
            }
            let capacity = capacity::capacity(component);
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
