//! Pairs each component of the reference with the component of the other
//! design that plays its role, never looking at ids: the surest pair first
//! (its best partner far ahead of the second best), counting the
//! neighbours already paired, until no pair is similar enough.

use std::collections::BTreeSet;

use petgraph::Direction;
use petgraph::graph::NodeIndex;

use super::role::{Role, has_akin, kind_affinity};
use crate::model::Design;

/// The least similarity at which two components count as the same piece.
const THRESHOLD: f64 = 0.35;

/// Reference node → the other design's node, and back.
#[derive(Clone, Debug, Default)]
pub struct Matching {
    pub to_mine: Vec<Option<NodeIndex>>,
    pub to_reference: Vec<Option<NodeIndex>>,
}

impl Matching {
    pub fn mine(&self, reference: NodeIndex) -> Option<NodeIndex> {
        self.to_mine.get(reference.index()).copied().flatten()
    }

    pub fn reference(&self, mine: NodeIndex) -> Option<NodeIndex> {
        self.to_reference.get(mine.index()).copied().flatten()
    }
}

/// The two designs and their roles, side by side.
pub struct Pair<'a> {
    pub reference: &'a Design,
    pub reference_roles: &'a [Role],
    pub mine: &'a Design,
    pub mine_roles: &'a [Role],
}

/// Above this many candidate pairs, the pairs are taken in one pass (then
/// a second that prefers agreeing neighbours) instead of the surest first.
const SURE_FIRST_LIMIT: usize = 40_000;

/// How much agreeing neighbours raise a pair's similarity (a share of it,
/// so they rank similar pairs and never make a dissimilar one similar).
const AGREEMENT: f64 = 0.3;

pub fn match_roles(pair: &Pair) -> Matching {
    if pair.reference_roles.len() * pair.mine_roles.len() > SURE_FIRST_LIMIT {
        let first = in_one_pass(pair, None);
        return in_one_pass(pair, Some(&first));
    }
    surest_first(pair, &similarities(pair))
}

fn empty(pair: &Pair) -> Matching {
    Matching {
        to_mine: vec![None; pair.reference_roles.len()],
        to_reference: vec![None; pair.mine_roles.len()],
    }
}

fn pair_up(matching: &mut Matching, r: usize, m: usize) {
    if let Some(slot) = matching.to_mine.get_mut(r) {
        *slot = Some(NodeIndex::new(m));
    }
    if let Some(slot) = matching.to_reference.get_mut(m) {
        *slot = Some(NodeIndex::new(r));
    }
}

/// Every pair's similarity, by reference index then the other design's.
fn similarities(pair: &Pair) -> Vec<Vec<f64>> {
    pair.reference_roles
        .iter()
        .map(|reference| {
            pair.mine_roles
                .iter()
                .map(|mine| similarity(reference, mine))
                .collect()
        })
        .collect()
}

/// Pairs one reference component at a time: the one whose best partner
/// stands out most from its second best, counting neighbours already
/// paired. Twins (two regions drawn alike) are then paired by what sets
/// them apart, and their neighbours follow.
fn surest_first(pair: &Pair, base: &[Vec<f64>]) -> Matching {
    let mut matching = empty(pair);
    loop {
        // (margin, score, reference, mine): the surest pair this round.
        let mut surest: Option<(f64, f64, usize, usize)> = None;
        for (r, row) in base.iter().enumerate() {
            if matching.mine(NodeIndex::new(r)).is_some() {
                continue;
            }
            let (mut best, mut second) = ((0.0, 0), 0.0_f64);
            for (m, similarity) in row.iter().enumerate() {
                if *similarity < THRESHOLD || matching.reference(NodeIndex::new(m)).is_some() {
                    continue;
                }
                let agreeing = agreement(pair, &matching, NodeIndex::new(r), NodeIndex::new(m));
                let score = similarity * (1.0 + AGREEMENT * agreeing);
                if score > best.0 {
                    second = best.0;
                    best = (score, m);
                } else {
                    second = second.max(score);
                }
            }
            if best.0 == 0.0 {
                continue;
            }
            let margin = best.0 - second;
            let surer = surest.is_none_or(|(margin_so_far, score_so_far, _, _)| {
                margin > margin_so_far || (margin == margin_so_far && best.0 > score_so_far)
            });
            if surer {
                surest = Some((margin, best.0, r, best.1));
            }
        }
        let Some((_, _, r, m)) = surest else {
            return matching;
        };
        pair_up(&mut matching, r, m);
    }
}

/// Every pair similar enough, best first, taken while both are free.
fn in_one_pass(pair: &Pair, previous: Option<&Matching>) -> Matching {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (r, reference) in pair.reference_roles.iter().enumerate() {
        for (m, mine) in pair.mine_roles.iter().enumerate() {
            let similarity = &similarity(reference, mine);
            if *similarity < THRESHOLD {
                continue;
            }
            let agreeing = previous.map_or(0.0, |p| {
                agreement(pair, p, NodeIndex::new(r), NodeIndex::new(m))
            });
            candidates.push((similarity * (1.0 + AGREEMENT * agreeing), r, m));
        }
    }
    // Best first; ties go to declaration order, so the result is stable.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut matching = empty(pair);
    for (_, r, m) in candidates {
        let free_reference = matching.mine(NodeIndex::new(r)).is_none();
        let free_mine = matching.reference(NodeIndex::new(m)).is_none();
        if free_reference && free_mine {
            pair_up(&mut matching, r, m);
        }
    }
    matching
}

/// How alike two roles are, from 0 to 1; 0 when the kinds cannot stand
/// for each other.
pub fn similarity(reference: &Role, mine: &Role) -> f64 {
    let affinity = kind_affinity(reference.kind, mine.kind);
    if affinity == 0.0 {
        return 0.0;
    }
    let words = word_overlap(&reference.words, &mine.words);
    let neighbours = overlap(&reference.neighbours, &mine.neighbours);
    let tags = overlap(&reference.tags, &mine.tags);
    let depth = match (reference.depth, mine.depth) {
        (Some(a), Some(b)) => 1.0 / (1.0 + a.abs_diff(b) as f64),
        (None, None) => 1.0,
        _ => 0.3,
    };
    let technology = match (reference.technology, mine.technology) {
        (Some(a), Some(b)) if a == b => 1.0,
        (Some(_), Some(_)) => 0.0,
        _ => 0.5,
    };
    affinity
        * (0.3 + 0.25 * words + 0.15 * neighbours + 0.1 * depth + 0.1 * tags + 0.1 * technology)
}

/// The Dice coefficient of two sets (shared over average size): 1 when
/// both are empty, one half when only one says nothing.
fn overlap<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a.is_empty() && b.is_empty() {
            1.0
        } else {
            0.5
        };
    }
    let shared = a.intersection(b).count() as f64;
    shared / (a.len() + b.len()) as f64 * 2.0
}

/// The Dice coefficient of two labels' words, counting akin words ("count"
/// and "counter") as shared; one half when either label says nothing.
fn word_overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return overlap(a, b);
    }
    let shared = a.iter().filter(|w| has_akin(b, w)).count() as f64;
    (shared * 2.0 / (a.len() + b.len()) as f64).min(1.0)
}

/// The share of `reference`'s paired neighbours whose partners are
/// neighbours of `mine` the same way round; one half when none is paired.
fn agreement(pair: &Pair, matching: &Matching, reference: NodeIndex, mine: NodeIndex) -> f64 {
    let mut paired = 0usize;
    let mut agreeing = 0usize;
    for direction in [Direction::Outgoing, Direction::Incoming] {
        for neighbour in pair
            .reference
            .graph
            .neighbors_directed(reference, direction)
        {
            if let Some(partner) = matching.mine(neighbour) {
                paired += 1;
                let (from, to) = match direction {
                    Direction::Outgoing => (mine, partner),
                    Direction::Incoming => (partner, mine),
                };
                if pair.mine.graph.find_edge(from, to).is_some() {
                    agreeing += 1;
                }
            }
        }
    }
    if paired == 0 {
        0.5
    } else {
        agreeing as f64 / paired as f64
    }
}
