//! Positions across the layers (`b`; y when drawing down) and orthogonal
//! edge routes.
//!
//! An edge leaves its upper component through a port on the lower side
//! (ports spread along the side in the order of where the edges go), runs
//! straight through the rows between at the position of its dummy units, and
//! turns only in the channels between rows. Each channel gives every
//! horizontal segment a track of its own, so segments never overlap, and the
//! channel is as deep as its tracks need. Rows hold only units and channels
//! hold only segments, so no edge passes through a component or a label.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::graph::{Layered, UnitKind};
use super::place::Placement;

/// Depth of a channel without tracks, and between two tracks.
const CHANNEL: f64 = 10.0;
const TRACK: f64 = 5.0;
/// A group's header (its title) and the space below its last row.
pub const GROUP_HEADER: f64 = 20.0;
pub const GROUP_FOOTER: f64 = 10.0;
/// Where an edge's line runs in its label's slot, and how far the text
/// stands from the line (room for a step number on the line).
pub const LABEL_LINE: f64 = 3.0;
pub const LABEL_GAP: f64 = 11.0;
pub const LABEL_PAD: f64 = 3.0;
const MARGIN: f64 = 6.0;

pub struct Geometry {
    /// Top and bottom of each row.
    pub rows: Vec<(f64, f64)>,
    /// Points of each chain, from its upper end to its lower end, in (a, b).
    pub routes: Vec<Vec<(f64, f64)>>,
    /// Label boxes (a, b, along, across) by chain.
    pub labels: Vec<Option<(f64, f64, f64, f64)>>,
    /// Across-layer extent (top, bottom) of each group.
    pub group_b: Vec<(f64, f64)>,
    pub depth: f64,
}

/// Where an edge's line runs through a unit on its way.
fn line_a(layered: &Layered, placement: &Placement, unit: usize) -> f64 {
    let centre = placement.unit_a.get(unit).copied().unwrap_or(0.0);
    match layered.units.get(unit) {
        Some(u) if matches!(u.kind, UnitKind::Label { .. }) => {
            centre - u.breadth / 2.0 + LABEL_LINE
        }
        _ => centre,
    }
}

pub fn route(
    layered: &Layered,
    placement: &Placement,
    label_sizes: &dyn Fn(usize) -> (f64, f64),
) -> Geometry {
    let layer_count = layered.layer_count;
    let a_of = |unit: usize| placement.unit_a.get(unit).copied().unwrap_or(0.0);

    // Ports: edges leaving a component spread along its lower side in the
    // order of where they go next; edges arriving along its upper side.
    let mut lower_ports: Vec<Vec<(f64, usize)>> = vec![Vec::new(); layered.units.len()];
    let mut upper_ports: Vec<Vec<(f64, usize)>> = vec![Vec::new(); layered.units.len()];
    for (c, chain) in layered.chains.iter().enumerate() {
        if let (Some(first), Some(second)) = (chain.units.first(), chain.units.get(1))
            && let Some(list) = lower_ports.get_mut(*first)
        {
            list.push((line_a(layered, placement, *second), c));
        }
        let n = chain.units.len();
        if let (Some(last), Some(before)) = (
            chain.units.last(),
            n.checked_sub(2).and_then(|i| chain.units.get(i)),
        ) && let Some(list) = upper_ports.get_mut(*last)
        {
            list.push((line_a(layered, placement, *before), c));
        }
    }
    let mut start_a = vec![0.0; layered.chains.len()];
    let mut end_a = vec![0.0; layered.chains.len()];
    let spread = |unit: usize, ports: &mut Vec<(f64, usize)>, out: &mut [f64]| {
        ports.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let breadth = layered.units.get(unit).map_or(0.0, |u| u.breadth);
        let usable = (breadth * 0.7).min(ports.len() as f64 * 18.0);
        let count = ports.len() as f64;
        for (i, (_, chain)) in ports.iter().enumerate() {
            let a = a_of(unit) - usable / 2.0 + usable * (i as f64 + 1.0) / (count + 1.0);
            if let Some(slot) = out.get_mut(*chain) {
                *slot = a;
            }
        }
    };
    for (unit, ports) in lower_ports.iter_mut().enumerate() {
        spread(unit, ports, &mut start_a);
    }
    for (unit, ports) in upper_ports.iter_mut().enumerate() {
        spread(unit, ports, &mut end_a);
    }

    // The line position at each unit of each chain.
    let lines: Vec<Vec<f64>> = layered
        .chains
        .iter()
        .enumerate()
        .map(|(c, chain)| {
            let n = chain.units.len();
            chain
                .units
                .iter()
                .enumerate()
                .map(|(i, unit)| {
                    if i == 0 {
                        start_a.get(c).copied().unwrap_or(0.0)
                    } else if i + 1 == n {
                        end_a.get(c).copied().unwrap_or(0.0)
                    } else {
                        line_a(layered, placement, *unit)
                    }
                })
                .collect()
        })
        .collect();

    // Runs that would jog by less than half a unit go straight instead.
    let lines: Vec<Vec<f64>> = lines
        .into_iter()
        .map(|mut line| {
            for i in 1..line.len() {
                if let (Some(&previous), Some(current)) = (line.get(i - 1), line.get(i).copied())
                    && (current - previous).abs() < 0.5
                    && let Some(slot) = line.get_mut(i)
                {
                    *slot = previous;
                }
            }
            line
        })
        .collect();

    // Tracks: in each channel, horizontal segments that overlap get
    // different tracks (first fit, left to right).
    let mut segments: Vec<Vec<Segment>> = vec![Vec::new(); layer_count];
    for (c, chain) in layered.chains.iter().enumerate() {
        for i in 0..chain.units.len().saturating_sub(1) {
            let (Some(&a1), Some(&a2)) = (
                lines.get(c).and_then(|l| l.get(i)),
                lines.get(c).and_then(|l| l.get(i + 1)),
            ) else {
                continue;
            };
            if (a1 - a2).abs() < 0.5 {
                continue;
            }
            let layer = chain
                .units
                .get(i)
                .and_then(|u| layered.units.get(*u))
                .map_or(0, |u| u.layer);
            if let Some(list) = segments.get_mut(layer) {
                list.push(Segment {
                    low: a1.min(a2),
                    high: a1.max(a2),
                    chain: c,
                    index: i,
                    start: a1,
                });
            }
        }
    }
    let mut track_of: Vec<Vec<usize>> = layered
        .chains
        .iter()
        .map(|c| vec![0; c.units.len()])
        .collect();
    let mut tracks = vec![0usize; layer_count];
    for (layer, list) in segments.iter().enumerate() {
        let assigned = assign_tracks(list);
        for (segment, track) in list.iter().zip(&assigned) {
            if let Some(slot) = track_of
                .get_mut(segment.chain)
                .and_then(|t| t.get_mut(segment.index))
            {
                *slot = *track;
            }
        }
        if let Some(slot) = tracks.get_mut(layer) {
            *slot = assigned.iter().max().map_or(0, |t| t + 1);
        }
    }

    // Rows: as deep as their deepest unit, with room above and below for
    // the headers and footers of groups that start or end there.
    let mut row_depth = vec![0.0f64; layer_count];
    for unit in &layered.units {
        if let Some(d) = row_depth.get_mut(unit.layer) {
            *d = d.max(unit.depth);
        }
    }
    let mut header_levels = vec![0usize; layered.groups.len()];
    let mut footer_levels = vec![0usize; layered.groups.len()];
    let mut by_depth: Vec<usize> = (0..layered.groups.len()).collect();
    by_depth.sort_by_key(|g| std::cmp::Reverse(layered.groups.get(*g).map_or(0, |i| i.depth)));
    for g in by_depth {
        let Some(info) = layered.groups.get(g) else {
            continue;
        };
        let Some((start, end)) = info.span else {
            continue;
        };
        let nested = |levels: &[usize], edge: usize, pick: fn((usize, usize)) -> usize| {
            info.children
                .iter()
                .filter(|c| layered.groups.get(**c).and_then(|i| i.span).map(pick) == Some(edge))
                .map(|c| levels.get(*c).copied().unwrap_or(0))
                .max()
                .unwrap_or(0)
        };
        let header = 1 + nested(&header_levels, start, |s| s.0);
        let footer = 1 + nested(&footer_levels, end, |s| s.1);
        if let Some(slot) = header_levels.get_mut(g) {
            *slot = header;
        }
        if let Some(slot) = footer_levels.get_mut(g) {
            *slot = footer;
        }
    }
    let mut top_pad = vec![0.0f64; layer_count];
    let mut bottom_pad = vec![0.0f64; layer_count];
    for (g, info) in layered.groups.iter().enumerate() {
        let Some((start, end)) = info.span else {
            continue;
        };
        if let Some(pad) = top_pad.get_mut(start) {
            *pad = pad.max(header_levels.get(g).copied().unwrap_or(0) as f64 * GROUP_HEADER);
        }
        if let Some(pad) = bottom_pad.get_mut(end) {
            *pad = pad.max(footer_levels.get(g).copied().unwrap_or(0) as f64 * GROUP_FOOTER);
        }
    }
    let mut rows = Vec::with_capacity(layer_count);
    let mut channel_top = vec![0.0; layer_count];
    let mut b = MARGIN;
    for layer in 0..layer_count {
        b += top_pad.get(layer).copied().unwrap_or(0.0);
        let top = b;
        b += row_depth.get(layer).copied().unwrap_or(0.0);
        rows.push((top, b));
        b += bottom_pad.get(layer).copied().unwrap_or(0.0);
        if let Some(slot) = channel_top.get_mut(layer) {
            *slot = b;
        }
        if layer + 1 < layer_count {
            b += channel_depth(tracks.get(layer).copied().unwrap_or(0));
        }
    }
    let depth = b + MARGIN;
    let row = |layer: usize| rows.get(layer).copied().unwrap_or((0.0, 0.0));
    let track_b = |layer: usize, track: usize| {
        let top = channel_top.get(layer).copied().unwrap_or(0.0);
        let count = tracks.get(layer).copied().unwrap_or(1).max(1);
        let used = (count - 1) as f64 * TRACK;
        top + (channel_depth(count) - used) / 2.0 + track as f64 * TRACK
    };

    // Routes.
    let mut routes = Vec::with_capacity(layered.chains.len());
    let mut labels = Vec::with_capacity(layered.chains.len());
    for (c, chain) in layered.chains.iter().enumerate() {
        let line = lines.get(c).map(Vec::as_slice).unwrap_or_default();
        let mut points: Vec<(f64, f64)> = Vec::new();
        let n = chain.units.len();
        for (i, unit) in chain.units.iter().enumerate() {
            let Some(u) = layered.units.get(*unit) else {
                continue;
            };
            let a = line.get(i).copied().unwrap_or(0.0);
            let (top, bottom) = row(u.layer);
            let middle = (top + bottom) / 2.0;
            let (enter, leave) = match u.kind {
                // A component is entered and left at its own edges, which may
                // lie inside a deeper row.
                UnitKind::Node(_) => (middle - u.depth / 2.0, middle + u.depth / 2.0),
                _ => (top, bottom),
            };
            if i > 0 {
                points.push((a, enter));
            }
            if i + 1 < n {
                points.push((a, leave));
                let next = line.get(i + 1).copied().unwrap_or(a);
                if (next - a).abs() >= 0.5 {
                    let track = track_of.get(c).and_then(|t| t.get(i)).copied().unwrap_or(0);
                    let y = track_b(u.layer, track);
                    points.push((a, y));
                    points.push((next, y));
                }
            }
        }
        routes.push(simplify(points));
        labels.push(chain.label.and_then(|unit| {
            let u = layered.units.get(unit)?;
            let (along, across) = label_sizes(unit);
            let line = line_a(layered, placement, unit);
            let (top, bottom) = row(u.layer);
            Some((
                line + LABEL_GAP - LABEL_PAD,
                (top + bottom) / 2.0 - across / 2.0,
                along + 2.0 * LABEL_PAD,
                across,
            ))
        }));
    }

    let group_b = layered
        .groups
        .iter()
        .enumerate()
        .map(|(g, info)| match info.span {
            Some((start, end)) => (
                row(start).0 - header_levels.get(g).copied().unwrap_or(1) as f64 * GROUP_HEADER,
                row(end).1 + footer_levels.get(g).copied().unwrap_or(1) as f64 * GROUP_FOOTER,
            ),
            None => (0.0, 0.0),
        })
        .collect();

    Geometry {
        rows,
        routes,
        labels,
        group_b,
        depth,
    }
}

/// A horizontal run of a chain in the channel below a row, from `start` to
/// the other end of `low..high`.
#[derive(Clone, Copy)]
struct Segment {
    low: f64,
    high: f64,
    chain: usize,
    /// The chain's unit the run leaves from.
    index: usize,
    start: f64,
}

impl Segment {
    fn end(&self) -> f64 {
        if (self.start - self.low).abs() < 0.01 {
            self.high
        } else {
            self.low
        }
    }
}

/// Segments compared pairwise at most for channels this busy; busier ones
/// are packed from left to right.
const PAIRWISE_LIMIT: usize = 400;

/// Tracks for the horizontal segments of one channel (0 is nearest the row
/// above). Two segments that overlap get different tracks. Which goes above
/// decides whether each one's vertical legs cut the other's run; segments are
/// ranked by how many others they are better above, and each is placed just
/// below the overlapping segments ranked before it.
fn assign_tracks(segments: &[Segment]) -> Vec<usize> {
    let n = segments.len();
    if n > PAIRWISE_LIMIT {
        return pack_tracks(segments);
    }
    let overlaps = |i: usize, j: usize| match (segments.get(i), segments.get(j)) {
        (Some(a), Some(b)) => {
            a.low <= b.high + TRACK_CLEARANCE && b.low <= a.high + TRACK_CLEARANCE
        }
        _ => false,
    };
    // Crossings if `a` runs above `b`: b's leg down from its start cuts
    // a's run, and a's leg down to its end cuts b's run.
    let cost = |a: &Segment, b: &Segment| {
        let inside = |x: f64, s: &Segment| s.low < x && x < s.high;
        usize::from(inside(b.start, a)) + usize::from(inside(a.end(), b))
    };
    let mut score = vec![0i64; n];
    for i in 0..n {
        for j in i + 1..n {
            if !overlaps(i, j) {
                continue;
            }
            let (Some(a), Some(b)) = (segments.get(i), segments.get(j)) else {
                continue;
            };
            let (above, below) = (cost(a, b), cost(b, a));
            if above < below {
                score[i] += 1;
                score[j] -= 1;
            } else if below < above {
                score[j] += 1;
                score[i] -= 1;
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| score[*b].cmp(&score[*a]).then(a.cmp(b)));
    let mut track = vec![usize::MAX; n];
    let mut placed: Vec<usize> = Vec::with_capacity(n);
    for &i in &order {
        let mut t = 0;
        for &j in &placed {
            if overlaps(i, j) {
                t = t.max(track.get(j).copied().unwrap_or(0) + 1);
            }
        }
        if let Some(slot) = track.get_mut(i) {
            *slot = t;
        }
        placed.push(i);
    }
    track
}

/// Space kept along a track between two segments on it.
const TRACK_CLEARANCE: f64 = 4.0;

/// Tracks for a busy channel, in one sweep from left to right: each segment
/// takes the lowest track free where it starts, so the channel has no more
/// tracks than segments overlap at one point, in O(n log n).
fn pack_tracks(segments: &[Segment]) -> Vec<usize> {
    let mut by_start: Vec<usize> = (0..segments.len()).collect();
    let low = |i: &usize| segments.get(*i).map_or(0.0, |s| s.low);
    by_start.sort_by(|a, b| low(a).total_cmp(&low(b)).then(a.cmp(b)));
    let mut busy: BinaryHeap<Busy> = BinaryHeap::new();
    let mut free: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    let mut track = vec![0; segments.len()];
    let mut tracks = 0;
    for i in by_start {
        let Some(segment) = segments.get(i) else {
            continue;
        };
        while let Some(done) = busy.peek()
            && done.until + TRACK_CLEARANCE < segment.low
        {
            free.push(Reverse(done.track));
            busy.pop();
        }
        let t = match free.pop() {
            Some(Reverse(t)) => t,
            None => {
                tracks += 1;
                tracks - 1
            }
        };
        if let Some(slot) = track.get_mut(i) {
            *slot = t;
        }
        busy.push(Busy {
            until: segment.high,
            track: t,
        });
    }
    track
}

/// A track taken up to `until`; the heap yields the one that frees first.
struct Busy {
    until: f64,
    track: usize,
}

impl Ord for Busy {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .until
            .total_cmp(&self.until)
            .then(other.track.cmp(&self.track))
    }
}

impl PartialOrd for Busy {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Busy {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Busy {}

/// A channel holds its tracks `TRACK` apart, with room above and below.
fn channel_depth(tracks: usize) -> f64 {
    CHANNEL + tracks.saturating_sub(1) as f64 * TRACK
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for point in points {
        if out
            .last()
            .is_some_and(|last| (last.0 - point.0).abs() < 0.01 && (last.1 - point.1).abs() < 0.01)
        {
            continue;
        }
        if out.len() >= 2
            && let (Some(a), Some(b)) = (out.get(out.len() - 2).copied(), out.last().copied())
        {
            let vertical = (a.0 - b.0).abs() < 0.01 && (b.0 - point.0).abs() < 0.01;
            let horizontal = (a.1 - b.1).abs() < 0.01 && (b.1 - point.1).abs() < 0.01;
            if vertical || horizontal {
                out.pop();
            }
        }
        out.push(point);
    }
    out
}
