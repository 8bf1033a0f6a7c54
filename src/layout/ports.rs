//! Where each flow leaves and enters its components: ports spread along the
//! lower side (flows leaving downwards) and the upper side (flows arriving),
//! in the order of the units at their other ends, so that flows leaving one
//! side never cross each other there and arrowheads never pile onto one
//! spot. Ports stand at least [`PORT_GAP`] apart; when a side is too short
//! for one port per flow, neighbouring flows share a port and leave as one
//! trunk that branches further on.
//!
//! Ports are chosen after ordering and before placement, so that placement
//! can line up each flow with its port; after placement they slide along
//! their side towards where their flows go ([`Ports::follow_lines`]).

use std::collections::HashMap;

use super::graph::{Layered, UnitKind};
use super::place::Placement;
use crate::model::FlowKind;

/// The least distance between two ports, and the distance they keep when
/// the side has room. At 16 px, lines leaving or entering one side read as
/// a comb and their arrowheads as one cluster (in blind comparisons readers
/// preferred 28 px in 13 of 14 pictures, and 40 px to 28 in 11 of 12);
/// spread wider, each flow also leaves nearer the direction it goes, and
/// the drawings' flows are shorter.
pub const PORT_GAP: f64 = 12.0;
const PORT_ROOM: f64 = 40.0;
/// Room kept free at each end of a side (rounded corners, stacked copies).
const CORNER: f64 = 8.0;
/// Ports slide no nearer an end of their side than this, off the cut
/// corners of a load balancer and the curved ends of a pipe or cylinder.
const SLIDE_CLEAR: f64 = 16.0;
/// A flow that turns across its channel by less than this draws a stub
/// that reads as a kink: a side's ports do not slide where that makes
/// more of them.
const STUB: f64 = 12.0;

pub struct Ports {
    /// Offset from the centre of a chain's upper component, along the layer.
    pub start: Vec<f64>,
    /// Offset from the centre of a chain's lower component.
    pub end: Vec<f64>,
}

impl Ports {
    /// Where chain `c` runs in its unit at `index`, from the unit's centre:
    /// at its ports in the components at its ends, through the middle of
    /// the units between.
    pub fn line(&self, layered: &Layered, c: usize, index: usize) -> f64 {
        let Some(chain) = layered.chains.get(c) else {
            return 0.0;
        };
        if index == 0 {
            return self.start.get(c).copied().unwrap_or(0.0);
        }
        if index + 1 == chain.units.len() {
            return self.end.get(c).copied().unwrap_or(0.0);
        }
        0.0
    }
}

pub fn assign(layered: &Layered, layers: &[Vec<usize>]) -> Ports {
    let mut position = vec![0usize; layered.units.len()];
    for layer in layers {
        for (i, unit) in layer.iter().enumerate() {
            if let Some(slot) = position.get_mut(*unit) {
                *slot = i;
            }
        }
    }
    let at = |unit: Option<&usize>| unit.and_then(|u| position.get(*u)).copied();
    // Flows at each side of each component: (where the other end goes next,
    // chain).
    let mut lower: Vec<Vec<(usize, usize)>> = vec![Vec::new(); layered.units.len()];
    let mut upper: Vec<Vec<(usize, usize)>> = vec![Vec::new(); layered.units.len()];
    for (c, chain) in layered.chains.iter().enumerate() {
        let n = chain.units.len();
        if let (Some(first), Some(next)) = (chain.units.first(), at(chain.units.get(1)))
            && let Some(list) = lower.get_mut(*first)
        {
            list.push((next, c));
        }
        if let (Some(last), Some(before)) = (
            chain.units.last(),
            at(n.checked_sub(2).and_then(|i| chain.units.get(i))),
        ) && let Some(list) = upper.get_mut(*last)
        {
            list.push((before, c));
        }
    }
    let mut ports = Ports {
        start: vec![0.0; layered.chains.len()],
        end: vec![0.0; layered.chains.len()],
    };
    let kind = |c: usize| layered.chains.get(c).map(|chain| chain.kind);
    for (unit, info) in layered.units.iter().enumerate() {
        if !matches!(info.kind, UnitKind::Node(_)) {
            continue;
        }
        if let Some(flows) = lower.get_mut(unit) {
            spread(info.breadth, flows, &kind, &mut ports.start);
        }
        if let Some(flows) = upper.get_mut(unit) {
            spread(info.breadth, flows, &kind, &mut ports.end);
        }
    }
    ports
}

impl Ports {
    /// After placement, the ports of each side slide towards where their
    /// flows go next, keeping their order and at least the spacing they
    /// have: a flow whose line below runs off to the right leaves from the
    /// right of the side, not from a slot fixed around the middle. Each
    /// slide shortens the flow's run across the channel (a fan-out's
    /// outer flows leave near the box's ends, as dot's edges leave towards
    /// their heads), but not to a stub: a side whose slide would leave
    /// more ports whose flows turn by less than [`STUB`] keeps its ports.
    /// Leaving sides first, then arriving sides.
    pub fn follow_lines(&mut self, layered: &Layered, placement: &Placement) {
        let unit_a = &placement.unit_a;
        let mut leaving: Vec<Vec<usize>> = vec![Vec::new(); layered.units.len()];
        let mut arriving: Vec<Vec<usize>> = vec![Vec::new(); layered.units.len()];
        for (c, chain) in layered.chains.iter().enumerate() {
            if let Some(list) = chain.units.first().and_then(|u| leaving.get_mut(*u)) {
                list.push(c);
            }
            if let Some(list) = chain.units.last().and_then(|u| arriving.get_mut(*u)) {
                list.push(c);
            }
        }
        for (sides, leaves) in [(leaving, true), (arriving, false)] {
            // A leaving flow slides towards the middle of what comes next
            // (a label's box, through which its line may then run
            // straight); an arriving one towards its line as drawn above.
            let lines = if leaves {
                placement.through_middles(layered, self)
            } else {
                placement.lines(layered, self)
            };
            for (unit, flows) in sides.iter().enumerate() {
                if flows.is_empty() {
                    continue;
                }
                if let Some(info) = layered.units.get(unit)
                    && matches!(info.kind, UnitKind::Node(_))
                {
                    let centre = unit_a.get(unit).copied().unwrap_or(0.0);
                    self.slide(layered, &lines, (centre, info.breadth), flows, leaves);
                }
            }
        }
    }

    /// Slides the ports of one side (a unit's centre and breadth, its
    /// flows) to the least-squares positions of where their flows go, in
    /// order and at least as far apart as the closest two are now, within
    /// the side (isotonic regression by pooling adjacent violators, then
    /// clamped); not if that leaves more ports with a stub.
    fn slide(
        &mut self,
        layered: &Layered,
        lines: &[Vec<f64>],
        (centre, breadth): (f64, f64),
        flows: &[usize],
        leaves: bool,
    ) {
        let (ports, port_of) = self.side_ports(layered, lines, centre, flows, leaves);
        let Some(moved) = slid(&ports, breadth) else {
            return;
        };
        let stubs_after = stubs(&ports, |j| moved.get(j).copied().unwrap_or(0.0));
        if stubs_after > stubs(&ports, |j| ports.get(j).map_or(0.0, |p| p.at)) {
            return;
        }
        let offsets = if leaves {
            &mut self.start
        } else {
            &mut self.end
        };
        for (c, port) in port_of {
            if let (Some(slot), Some(to)) = (offsets.get_mut(c), moved.get(port)) {
                *slot = *to;
            }
        }
    }

    /// The ports of one side in order, with where their flows go next
    /// (from the unit's centre), and the port of each flow.
    fn side_ports(
        &self,
        layered: &Layered,
        lines: &[Vec<f64>],
        centre: f64,
        flows: &[usize],
        leaves: bool,
    ) -> (Vec<SidePort>, Vec<(usize, usize)>) {
        let offsets = if leaves { &self.start } else { &self.end };
        let mut by_offset: Vec<(f64, f64, usize)> = flows
            .iter()
            .filter_map(|&c| {
                let chain = layered.chains.get(c)?;
                let next = if leaves {
                    1
                } else {
                    chain.units.len().checked_sub(2)?
                };
                let goes = lines.get(c)?.get(next)? - centre;
                Some((*offsets.get(c)?, goes, c))
            })
            .collect();
        by_offset.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut ports: Vec<SidePort> = Vec::new();
        let mut port_of = Vec::with_capacity(by_offset.len());
        for (at, goes, c) in by_offset {
            match ports.last_mut() {
                Some(port) if (port.at - at).abs() < 0.5 => {
                    port.goes += goes;
                    port.flows += 1.0;
                }
                _ => ports.push(SidePort {
                    at,
                    goes,
                    flows: 1.0,
                }),
            }
            port_of.push((c, ports.len() - 1));
        }
        (ports, port_of)
    }
}

/// Takes out the kinks left next to boxes once the lines are drawn: a flow
/// whose port stands less than [`STUB`] from the line it runs on next
/// starts or ends on that line instead, where its side has room (no port
/// passed or nearer than [`PORT_GAP`], [`SLIDE_CLEAR`] from the side's
/// ends) and the port is the flow's own (a shared port keeps its trunk).
/// Taking out the small jogs along the lines (`place/jogs.rs`) can leave
/// such a kink where a run moves onto the line of one end and the other
/// end's port stands a few pixels off it. `lines` are the flows' lines,
/// each from its port in the upper component to its port in the lower.
pub fn snap_ends(layered: &Layered, placement: &Placement, lines: &mut [Vec<f64>]) {
    let mut sides = Sides::new(layered, lines);
    for (c, (chain, line)) in layered.chains.iter().zip(lines.iter_mut()).enumerate() {
        let n = line.len();
        let ends = [
            (true, chain.units.first(), 0, 1),
            (
                false,
                chain.units.last(),
                n.saturating_sub(1),
                n.saturating_sub(2),
            ),
        ];
        for (leaves, unit, end, next) in ends {
            let (Some(&unit), Some(&next)) = (unit, line.get(next)) else {
                continue;
            };
            let Some(at) = line.get_mut(end) else {
                continue;
            };
            let jog = next - *at;
            if jog.abs() <= 0.5 || jog.abs() >= STUB {
                continue;
            }
            let centre = placement.unit_a.get(unit).copied().unwrap_or(0.0);
            let breadth = layered.units.get(unit).map_or(0.0, |u| u.breadth);
            if sides.room(unit, leaves, c, (*at, next), (centre, breadth)) {
                *at = next;
                sides.moved(unit, leaves, c, next);
                // A flow between neighbouring layers runs straight now.
                if n == 2 {
                    break;
                }
            }
        }
    }
}

/// The ports of every side, as (where, chain), for [`snap_ends`].
struct Sides {
    leaving: HashMap<usize, Vec<(f64, usize)>>,
    arriving: HashMap<usize, Vec<(f64, usize)>>,
}

impl Sides {
    fn new(layered: &Layered, lines: &[Vec<f64>]) -> Sides {
        let mut sides = Sides {
            leaving: HashMap::new(),
            arriving: HashMap::new(),
        };
        for (c, (chain, line)) in layered.chains.iter().zip(lines).enumerate() {
            if let (Some(&first), Some(&at)) = (chain.units.first(), line.first()) {
                sides.leaving.entry(first).or_default().push((at, c));
            }
            if let (Some(&last), Some(&at)) = (chain.units.last(), line.last()) {
                sides.arriving.entry(last).or_default().push((at, c));
            }
        }
        sides
    }

    fn side(&mut self, unit: usize, leaves: bool) -> &mut Vec<(f64, usize)> {
        let map = if leaves {
            &mut self.leaving
        } else {
            &mut self.arriving
        };
        map.entry(unit).or_default()
    }

    /// Whether chain `c`'s port may move `from` `to` on its side of a unit
    /// (its centre and breadth).
    fn room(
        &mut self,
        unit: usize,
        leaves: bool,
        c: usize,
        (from, to): (f64, f64),
        (centre, breadth): (f64, f64),
    ) -> bool {
        let half = (breadth / 2.0 - SLIDE_CLEAR).max(0.0);
        let (low, high) = (from.min(to), from.max(to));
        (to - centre).abs() <= half.max((from - centre).abs())
            && self.side(unit, leaves).iter().all(|&(at, other)| {
                other == c
                    || ((at - from).abs() >= 0.5
                        && (at - to).abs() >= PORT_GAP
                        && !(low..=high).contains(&at))
            })
    }

    fn moved(&mut self, unit: usize, leaves: bool, c: usize, to: f64) {
        for port in self.side(unit, leaves).iter_mut() {
            if port.1 == c {
                port.0 = to;
            }
        }
    }
}

/// A port of one side: where it stands and the sum of where its flows go
/// next (from the unit's centre), and how many flows it has.
struct SidePort {
    at: f64,
    goes: f64,
    flows: f64,
}

/// Where the ports of a side of this breadth go: in order, at least the
/// smallest gap between them now apart, 16 px clear of the ends (or where
/// they are, if nearer), nearest (least squares) to where their flows go.
fn slid(ports: &[SidePort], breadth: f64) -> Option<Vec<f64>> {
    let gap = ports
        .windows(2)
        .map(|w| w[1].at - w[0].at)
        .fold(f64::INFINITY, f64::min);
    let gap = if gap.is_finite() { gap } else { 0.0 };
    let half = (breadth - 2.0 * SLIDE_CLEAR).max(0.0) / 2.0;
    let last = ports.len().saturating_sub(1) as f64;
    let (first, end) = (ports.first()?.at, ports.last()?.at);
    let (low, high) = (
        (-half).min(first),
        (half - last * gap).max(end - last * gap),
    );
    if low.is_nan() || high.is_nan() || low > high {
        return None;
    }
    let wanted: Vec<(f64, f64)> = ports
        .iter()
        .enumerate()
        .map(|(j, port)| (port.goes / port.flows - j as f64 * gap, port.flows))
        .collect();
    Some(
        pooled(&wanted)
            .into_iter()
            .enumerate()
            .map(|(j, q)| ((q.clamp(low, high) + j as f64 * gap) * 2.0).round() / 2.0)
            .collect(),
    )
}

/// Ports whose flows, on average, turn by less than [`STUB`] with the
/// ports at `at`.
fn stubs(ports: &[SidePort], at: impl Fn(usize) -> f64) -> usize {
    ports
        .iter()
        .enumerate()
        .filter(|(j, port)| {
            let jog = (port.goes / port.flows - at(*j)).abs();
            jog > 0.5 && jog < STUB
        })
        .count()
}

/// The nondecreasing sequence nearest (weighted least squares) to the given
/// (value, weight) pairs: neighbours that are out of order pool into their
/// weighted mean (pool adjacent violators).
fn pooled(values: &[(f64, f64)]) -> Vec<f64> {
    // Blocks of (mean, weight, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for &(value, weight) in values {
        blocks.push((value, weight, 1));
        while blocks.len() > 1 {
            let (Some(&(b_mean, b_weight, b_len)), Some(&(a_mean, a_weight, a_len))) =
                (blocks.last(), blocks.get(blocks.len() - 2))
            else {
                break;
            };
            if a_mean <= b_mean {
                break;
            }
            let weight = a_weight + b_weight;
            let mean = (a_mean * a_weight + b_mean * b_weight) / weight;
            blocks.truncate(blocks.len() - 2);
            blocks.push((mean, weight, a_len + b_len));
        }
    }
    blocks
        .into_iter()
        .flat_map(|(mean, _, len)| std::iter::repeat_n(mean, len))
        .collect()
}

/// Offsets for the flows of one side, in the order of their other ends.
fn spread(
    breadth: f64,
    flows: &mut [(usize, usize)],
    kind: &dyn Fn(usize) -> Option<FlowKind>,
    out: &mut [f64],
) {
    flows.sort_unstable();
    let count = flows.len();
    if count == 0 {
        return;
    }
    let usable = (breadth - 2.0 * CORNER).max(0.0);
    // As many ports as fit at least PORT_GAP apart, PORT_ROOM apart if
    // there is room.
    let fit = (usable / PORT_GAP).floor() as usize + 1;
    let ports = count.min(fit).max(1);
    let gap = if ports > 1 {
        (usable / (ports - 1) as f64).min(PORT_ROOM)
    } else {
        0.0
    };
    let kinds: Vec<Option<FlowKind>> = flows.iter().map(|(_, c)| kind(*c)).collect();
    let port_of = shared_ports(&kinds, ports);
    for (i, (_, chain)) in flows.iter().enumerate() {
        let port = port_of.get(i).copied().unwrap_or(0);
        let offset = (port as f64 - (ports - 1) as f64 / 2.0) * gap;
        if let Some(slot) = out.get_mut(*chain) {
            *slot = offset.round();
        }
    }
}

/// Sides with more flows share ports in even runs.
const ALIKE_UP_TO: usize = 64;

/// The port of each flow of a side when `ports` must hold them all: runs
/// of neighbours share a port. Where a side has few flows, the runs are
/// chosen so that flows drawn alike share (a dashed flow sharing a solid
/// one's port would run along its line, dashes over the solid stretch);
/// busier sides are cut into even runs.
fn shared_ports(kinds: &[Option<FlowKind>], ports: usize) -> Vec<usize> {
    let count = kinds.len();
    if count > ALIKE_UP_TO || ports >= count {
        return (0..count).map(|i| i * ports / count.max(1)).collect();
    }
    // Runs as ranges of flows; neighbouring runs merge, alike ones first,
    // then the smallest pair, until there are as many as ports.
    let mut runs: Vec<(usize, usize)> = (0..count).map(|i| (i, i + 1)).collect();
    let alike = |(from, to): (usize, usize)| {
        kinds
            .get(from..to)
            .is_some_and(|k| k.windows(2).all(|w| w[0] == w[1]))
    };
    while runs.len() > ports.max(1) {
        let best = runs
            .windows(2)
            .enumerate()
            .min_by_key(|(j, pair)| {
                let merged = (pair[0].0, pair[1].1);
                (!alike(merged), merged.1 - merged.0, *j)
            })
            .map(|(j, _)| j);
        let Some(j) = best else { break };
        if let (Some(&(from, _)), Some(&(_, to))) = (runs.get(j), runs.get(j + 1)) {
            runs.splice(j..j + 2, [(from, to)]);
        }
    }
    let mut port_of = vec![0; count];
    for (port, (from, to)) in runs.iter().enumerate() {
        for slot in port_of.get_mut(*from..*to).unwrap_or_default() {
            *slot = port;
        }
    }
    port_of
}

/// Sides are lengthened for this many flows at most: a busier side is as
/// long as six flows need, and its flows stand closer (at least
/// [`PORT_GAP`] apart, so up to eleven a port each, then sharing).
const OWN_PORTS_UP_TO: usize = 6;

/// Ports stand this far apart on a side lengthened for its flows. At
/// [`PORT_GAP`], five or six flows leaving a box read as one bunch and their
/// arrowheads as one cluster; at this gap blind readers preferred the
/// drawings in 7 of 12 pairs, 5 ties, none against (the cost they named:
/// some boxes taller or wider than their text needs).
const OWN_PORT_GAP: f64 = 24.0;

/// Lengthens each component's sides to hold a port for each of its flows,
/// [`OWN_PORT_GAP`] apart, up to [`OWN_PORTS_UP_TO`] a side. On a short
/// side (a box's height, when layers run left to right) flows had to share
/// ports and ran along one line. Runs before placement, which spaces the
/// components by their breadth.
pub fn lengthen_sides(layered: &mut Layered) {
    let mut flows: HashMap<(usize, bool), usize> = HashMap::new();
    for chain in &layered.chains {
        if let (Some(first), Some(last)) = (chain.units.first(), chain.units.last()) {
            *flows.entry((*first, true)).or_insert(0) += 1;
            *flows.entry((*last, false)).or_insert(0) += 1;
        }
    }
    for ((unit, _), count) in flows {
        if let Some(unit) = layered.units.get_mut(unit)
            && matches!(unit.kind, UnitKind::Node(_))
        {
            let ports = count.clamp(1, OWN_PORTS_UP_TO);
            let side = (ports - 1) as f64 * OWN_PORT_GAP + 2.0 * CORNER;
            unit.breadth = unit.breadth.max(side);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::graph;

    /// A calls B and C on the layer below; every component centred at 100.
    fn fan(starts: [f64; 2]) -> Vec<Vec<f64>> {
        let layered = graph::of_text("service a\nservice b\nservice c\na -> b\na -> c\n");
        let placement = Placement {
            unit_a: vec![100.0; layered.units.len()],
            group_a: Vec::new(),
            width: 200.0,
        };
        let mut lines = vec![vec![starts[0], 106.0], vec![starts[1], 60.0]];
        snap_ends(&layered, &placement, &mut lines);
        lines
    }

    #[test]
    fn a_port_a_few_pixels_off_its_line_moves_onto_it_where_its_side_has_room() {
        assert_eq!(fan([100.0, 60.0]), [[106.0, 106.0], [60.0, 60.0]]);
        // The other port of A's lower side stands too near 106: B's moves.
        assert_eq!(fan([100.0, 112.0])[0], [100.0, 100.0]);
        // A shared port keeps its trunk.
        assert_eq!(fan([100.0, 100.0]), [[100.0, 100.0], [100.0, 60.0]]);
    }

    #[test]
    fn flows_drawn_alike_share_a_port_before_others() {
        let (s, a) = (Some(FlowKind::Sync), Some(FlowKind::Async));
        // Even runs would pair the dashed flow with a solid one.
        assert_eq!(shared_ports(&[s, a, s, s], 3), vec![0, 1, 2, 2]);
        assert_eq!(shared_ports(&[a, s, s, a], 3), vec![0, 1, 1, 2]);
        // Where no neighbours are alike, the smallest runs merge.
        assert_eq!(shared_ports(&[s, a, s, a], 2), vec![0, 0, 1, 1]);
    }

    #[test]
    fn pooling_gives_the_nearest_nondecreasing_sequence() {
        assert_eq!(
            pooled(&[(1.0, 1.0), (3.0, 1.0), (2.0, 1.0)]),
            vec![1.0, 2.5, 2.5]
        );
        assert_eq!(pooled(&[(5.0, 3.0), (1.0, 1.0)]), vec![4.0, 4.0]);
        assert_eq!(pooled(&[(0.0, 1.0), (1.0, 1.0)]), vec![0.0, 1.0]);
        assert!(pooled(&[]).is_empty());
    }

    #[test]
    fn a_port_each_when_there_is_room() {
        let kinds = vec![Some(FlowKind::Sync); 4];
        assert_eq!(shared_ports(&kinds, 4), vec![0, 1, 2, 3]);
    }
}
