//! Phase 5, routing: positions across the layers (`b`; y when drawing down)
//! and orthogonal edge routes.
//!
//! A flow leaves its upper component at its port (`ports.rs`), runs straight
//! through the rows between at the position of its units, and turns only in
//! the channels between rows, on a track of its own there (`channels.rs`).
//! Rows hold only units and channels only runs, so no flow passes through a
//! component or a label. Rows are as deep as their deepest unit, with room
//! for the headers and footers of the groups that start and end there, and
//! channels as deep as their tracks need.

use std::collections::HashMap;

use super::channels::{self, Run};
use super::graph::{Layered, UnitKind};
use super::labels;
use super::place::{Placement, label_centre};
use super::ports::Ports;
use crate::model::FlowKind;

/// Above a channel's first track and below its last.
const AROUND_TRACKS: f64 = 5.0;
/// Above the first track of a channel of at most [`CROWDED`] tracks: a
/// flow leaves its box (or its label) on a stub this long before it turns,
/// so a run does not hug the box's edge and read as part of it (or, under a
/// fan-out, as one line that splits), and a short flow still shows between
/// its box and its label.
const ROOMY_ABOVE: f64 = 9.0;
/// Below the last track of such a channel: the flows' last turns stand
/// clear of the labels and boxes they turn towards.
const ROOMY_BELOW: f64 = 8.0;
/// Between two tracks of a crowded channel: more than the 8 pixels at which
/// two parallel lines read as one comb.
const TRACK: f64 = 8.5;
/// Tracks stand this far apart in a channel of at most [`CROWDED`] tracks.
const ROOMY_TRACK: f64 = 12.0;
/// Below the tracks of a channel from a label row down to components: the
/// flows' arrowheads stand there, and the lines through the labels (hidden
/// behind them) need a stretch to show before them.
const ARROW_ROOM: f64 = 8.0;
/// A group's header (its title) and the space below its last row.
pub const GROUP_HEADER: f64 = 20.0;
pub const GROUP_FOOTER: f64 = 10.0;
const MARGIN: f64 = 6.0;

pub struct Geometry {
    /// Top and bottom of each row.
    pub rows: Vec<(f64, f64)>,
    /// Points of each chain, from its upper end to its lower end, in (a, b).
    pub routes: Vec<Vec<(f64, f64)>>,
    /// Label boxes by chain.
    pub labels: Vec<Option<labels::Placed>>,
    /// Across-layer extent (top, bottom) of each group.
    pub group_b: Vec<(f64, f64)>,
    pub depth: f64,
}

pub fn route(
    layered: &Layered,
    placement: &Placement,
    ports: &Ports,
    label_sizes: &dyn Fn(usize) -> (f64, f64),
) -> Geometry {
    let mut lines = placement.lines(layered, ports);
    super::ports::snap_ends(layered, placement, &mut lines);
    let tracks = Tracks::assign(layered, &lines);
    tracks.share_stems(layered, &mut lines);
    let rows = Rows::new(layered, &tracks.count);
    let routes = layered
        .chains
        .iter()
        .enumerate()
        .map(|(c, chain)| {
            let line = lines.get(c).map(Vec::as_slice).unwrap_or_default();
            polyline(layered, &rows, &chain.units, line, &|i| {
                tracks.b(&rows, c, i)
            })
        })
        .collect();
    let labels = layered
        .chains
        .iter()
        .enumerate()
        .map(|(c, chain)| {
            let unit = chain.label?;
            let at = chain.units.iter().position(|u| *u == unit)?;
            let line = lines.get(c)?.get(at)?;
            let layer = layered.units.get(unit)?.layer;
            let placed = placement.unit_a.get(unit).copied().unwrap_or(*line);
            Some(labels::label_box(
                label_centre(layered, unit, placed, *line),
                *line,
                rows.row(layer),
                label_sizes(unit),
            ))
        })
        .collect();
    let group_b = layered
        .groups
        .iter()
        .enumerate()
        .map(|(g, info)| match info.span {
            Some((start, end)) => (
                rows.row(start).0 - rows.headers.get(g).copied().unwrap_or(1) as f64 * GROUP_HEADER,
                rows.row(end).1 + rows.footers.get(g).copied().unwrap_or(1) as f64 * GROUP_FOOTER,
            ),
            None => (0.0, 0.0),
        })
        .collect();
    Geometry {
        rows: rows.extent,
        routes,
        labels,
        group_b,
        depth: rows.depth,
    }
}

/// The track of every turn: for each chain and each of its links that
/// turns, the run it belongs to, and each channel's tracks.
struct Tracks {
    /// (channel, run) of each link of each chain, if it turns.
    run_of: Vec<Vec<Option<(usize, usize)>>>,
    /// The track of each run of each channel.
    track: Vec<Vec<usize>>,
    /// Tracks in each channel.
    count: Vec<usize>,
}

impl Tracks {
    /// Collects the runs of each channel and gives them tracks. Flows
    /// leaving or reaching the same port share a run. Each other flow
    /// gets a track of its own, unless that leaves a channel more than
    /// [`CROWDED`] tracks deep: there, the flows a component sends or
    /// receives on one side share one run too (see [`Share`]).
    ///
    /// Readers preferred a line per flow in 16 of 16 designs (blind pairs):
    /// on a shared run they could not tell how many flows there were, nor
    /// which branch a label belonged to. A shared run only pays where
    /// tracks pile up (hubs of dependency graphs, the middle of a generated
    /// 300-component design): every track deepens its channel across the
    /// whole drawing and lengthens every flow crossing it.
    fn assign(layered: &Layered, lines: &[Vec<f64>]) -> Tracks {
        let apart = Self::assign_sharing(layered, lines, &[]);
        let crowded: Vec<bool> = apart.count.iter().map(|n| *n > CROWDED).collect();
        if !crowded.contains(&true) {
            return apart;
        }
        Self::assign_sharing(layered, lines, &crowded)
    }

    /// Tracks with the flows of a side sharing runs in the `crowded`
    /// channels.
    fn assign_sharing(layered: &Layered, lines: &[Vec<f64>], crowded: &[bool]) -> Tracks {
        let share = Share::new(layered, lines);
        let mut runs: Vec<Vec<Run>> = vec![Vec::new(); layered.layer_count];
        let mut shared: HashMap<(usize, ShareKey), usize> = HashMap::new();
        let mut run_of: Vec<Vec<Option<(usize, usize)>>> = layered
            .chains
            .iter()
            .map(|c| vec![None; c.units.len()])
            .collect();
        for (c, chain) in layered.chains.iter().enumerate() {
            let line = lines.get(c).map(Vec::as_slice).unwrap_or_default();
            for i in 0..chain.units.len().saturating_sub(1) {
                let (Some(&up), Some(&down)) = (line.get(i), line.get(i + 1)) else {
                    continue;
                };
                let Some(&upper) = chain.units.get(i) else {
                    continue;
                };
                if (up - down).abs() < 0.5 {
                    continue;
                }
                let channel = layered.units.get(upper).map_or(0, |u| u.layer);
                let Some(list) = runs.get_mut(channel) else {
                    continue;
                };
                let key = share
                    .key(
                        layered,
                        c,
                        i,
                        (up, down),
                        crowded.get(channel) == Some(&true),
                    )
                    .map(|k| (channel, k));
                let index = match key.and_then(|key| shared.get(&key).copied()) {
                    Some(index) => {
                        if let Some(run) = list.get_mut(index) {
                            let (mut ups, mut downs) = (run.up.clone(), run.down.clone());
                            ups.push(up);
                            downs.push(down);
                            ups.dedup_by(|a, b| (*a - *b).abs() < 0.5);
                            downs.dedup_by(|a, b| (*a - *b).abs() < 0.5);
                            *run = Run::new(ups, downs);
                        }
                        index
                    }
                    None => {
                        list.push(Run::new(vec![up], vec![down]));
                        if let Some(key) = key {
                            shared.insert(key, list.len() - 1);
                        }
                        list.len() - 1
                    }
                };
                if let Some(slot) = run_of.get_mut(c).and_then(|r| r.get_mut(i)) {
                    *slot = Some((channel, index));
                }
            }
        }
        let (track, count) = runs.iter().map(|list| channels::assign(list)).unzip();
        Tracks {
            run_of,
            track,
            count,
        }
    }

    /// Flows leaving a component as one trunk leave it through one port:
    /// the one of theirs nearest the middle of where the branches go (the
    /// shortest branches in sum). Each from its own port, they drew a row
    /// of stubs into one bar, and a reader could not tell which stub went
    /// on to which branch; from one stem, the trunk reads as one line that
    /// branches. A flow leaves at its chain's upper end, or at its lower
    /// end when drawn against the layers. The trunk's run only shrinks (the
    /// stem is one of its ports), so no track changes.
    fn share_stems(&self, layered: &Layered, lines: &mut [Vec<f64>]) {
        let mut members: HashMap<(usize, usize), Vec<Tail>> = HashMap::new();
        for (c, runs) in self.run_of.iter().enumerate() {
            let Some(chain) = layered.chains.get(c) else {
                continue;
            };
            let n = chain.units.len();
            let (link, tail, next) = match (chain.reversed, n) {
                (false, _) => (0, 0, 1),
                // A link between neighbouring rows shares runs at its upper
                // end, here the flow's head.
                (true, 0..=2) => continue,
                (true, _) => (n - 2, n - 1, n - 2),
            };
            if let Some(Some(run)) = runs.get(link) {
                members.entry(*run).or_default().push((c, tail, next));
            }
        }
        for chains in members.values().filter(|chains| chains.len() > 1) {
            let points = |pick: fn(&Tail) -> usize| -> Vec<f64> {
                let mut all: Vec<f64> = chains
                    .iter()
                    .filter_map(|m| lines.get(m.0)?.get(pick(m)).copied())
                    .collect();
                all.sort_by(f64::total_cmp);
                all
            };
            let (tails, nexts) = (points(|m| m.1), points(|m| m.2));
            let Some(&middle) = nexts.get(nexts.len() / 2) else {
                continue;
            };
            let Some(stem) = tails
                .into_iter()
                .min_by(|a, b| (a - middle).abs().total_cmp(&(b - middle).abs()))
            else {
                continue;
            };
            for (c, tail, _) in chains {
                if let Some(point) = lines.get_mut(*c).and_then(|line| line.get_mut(*tail)) {
                    *point = stem;
                }
            }
        }
    }

    /// Where link `i` of chain `c` runs across its channel, if it turns.
    fn b(&self, rows: &Rows, c: usize, i: usize) -> Option<f64> {
        let (channel, run) = (*self.run_of.get(c)?.get(i)?)?;
        let track = *self.track.get(channel)?.get(run)?;
        let top = rows.channel_top.get(channel).copied().unwrap_or(0.0);
        let tracks = self.count.get(channel).copied().unwrap_or(0);
        Some(top + around_tracks(tracks).0 + track as f64 * track_gap(tracks))
    }
}

/// Where a flow leaves its trunk's component: (chain, index of the point
/// at its tail, index of the point after it).
type Tail = (usize, usize, usize);

/// What a run may share its track with: the runs of the same port, or all
/// the runs leaving (or reaching) a component on one side.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum ShareKey {
    Port {
        unit: usize,
        at: i64,
    },
    Side {
        unit: usize,
        /// The run is below the unit (the flow's upper end).
        below: bool,
        right: bool,
        /// The flow starts at the unit (its head is at the other end).
        outgoing: bool,
        /// Which stretch of alike ports along the side (see [`Share`]).
        stretch: usize,
    },
}

/// In a crowded channel, solid flows a component sends on one side, from
/// this many on, share one run: a trunk that branches (what dot draws with
/// `concentrate`), rather than a track each. From two on: when every
/// channel shared, with four the channels of a generated 300-component
/// design held 82 tracks rather than 73.
const TRUNK_FROM: usize = 2;

/// Channels deeper than this many tracks, with a track per flow, are
/// crowded (see [`Tracks::assign`]). None of the bundled designs nor the
/// new users' has one; in the generated 300-component design,
/// sharing from four tracks on made flows 1.29× as long as dot's, from six
/// on 1.31×.
const CROWDED: usize = 3;

/// In a crowded channel, flows a component receives on one side share one
/// run from this many on: a bar that several senders join reads as joining
/// them to each other, and its arrowheads hang on short stubs; from four
/// on, a hub's dozens of arrivals would otherwise stack dozens of tracks.
const ARRIVALS_FROM: usize = 4;

/// How many flows leave and reach each component on each side, alike, in
/// each stretch of neighbouring ports: a port of another kind of flow
/// between two alike ones (a dashed flow, a straight one, one arriving
/// among flows leaving) splits them, since a trunk over that port would
/// cross its flow.
struct Share {
    count: HashMap<ShareKey, usize>,
    /// The stretch of each chain's end: (chain, upper end) → stretch.
    stretch: HashMap<(usize, bool), usize>,
}

/// A port along one side of a component: where, whose (chain, upper end),
/// and the trunk it may join.
type SidePort = (f64, (usize, bool), Option<ShareKey>);

impl Share {
    fn new(layered: &Layered, lines: &[Vec<f64>]) -> Share {
        let mut sides: HashMap<(usize, bool), Vec<SidePort>> = HashMap::new();
        for (c, chain) in layered.chains.iter().enumerate() {
            let line = lines.get(c).map(Vec::as_slice).unwrap_or_default();
            let n = chain.units.len();
            let turning = |i: usize| match (line.get(i), line.get(i + 1)) {
                (Some(up), Some(down)) => ((up - down).abs() >= 0.5).then_some((*up, *down)),
                _ => None,
            };
            let (Some(&first), Some(&last)) = (chain.units.first(), chain.units.last()) else {
                continue;
            };
            let upper = turning(0).and_then(|ends| Self::side(layered, c, 0, ends));
            // A link between neighbouring rows belongs to its upper end.
            let lower = (n >= 3)
                .then(|| turning(n - 2).and_then(|ends| Self::side(layered, c, n - 2, ends)))
                .flatten();
            for (unit, below, at, key) in [
                (first, true, line.first(), upper),
                (last, false, line.last(), lower),
            ] {
                let at = at.copied().unwrap_or(0.0);
                sides
                    .entry((unit, below))
                    .or_default()
                    .push((at, (c, below), key));
            }
        }
        let mut count = HashMap::new();
        let mut stretch = HashMap::new();
        for ports in sides.values_mut() {
            ports.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut at = 0;
            let mut previous: Option<Option<ShareKey>> = None;
            for (_, end, key) in ports.iter() {
                if previous.is_some_and(|p| p != *key) {
                    at += 1;
                }
                previous = Some(*key);
                stretch.insert(*end, at);
                if let Some(key) = key {
                    *count.entry(Self::within(*key, at)).or_insert(0) += 1;
                }
            }
        }
        Share { count, stretch }
    }

    /// The fewest flows that share a run on this side.
    fn least(side: ShareKey) -> usize {
        match side {
            ShareKey::Side {
                outgoing: false, ..
            } => ARRIVALS_FROM,
            _ => TRUNK_FROM,
        }
    }

    /// `key` in stretch `at`.
    fn within(mut key: ShareKey, at: usize) -> ShareKey {
        if let ShareKey::Side { stretch, .. } = &mut key {
            *stretch = at;
        }
        key
    }

    /// The side key of link `i` of chain `c`, if it leaves or reaches a
    /// component and may share a trunk: only solid one-way flows do. Where
    /// dashed flows overlapped, their dashes did not line up and the
    /// stretch read as solid; a two-way flow's head on a trunk reads as
    /// every branch's.
    fn side(layered: &Layered, c: usize, i: usize, (up, down): (f64, f64)) -> Option<ShareKey> {
        let chain = layered.chains.get(c)?;
        if chain.kind != FlowKind::Sync {
            return None;
        }
        if i == 0 {
            return Some(ShareKey::Side {
                unit: *chain.units.first()?,
                below: true,
                right: down > up,
                outgoing: !chain.reversed,
                stretch: 0,
            });
        }
        (i + 2 == chain.units.len()).then(|| ShareKey::Side {
            unit: chain.units.last().copied().unwrap_or(0),
            below: false,
            right: up > down,
            outgoing: chain.reversed,
            stretch: 0,
        })
    }

    /// What link `i` of chain `c` (from `up` to `down`) shares its run
    /// with: only its port's runs, or, where `sides`, its side's.
    fn key(
        &self,
        layered: &Layered,
        c: usize,
        i: usize,
        (up, down): (f64, f64),
        sides: bool,
    ) -> Option<ShareKey> {
        if sides
            && let Some(side) = Self::side(layered, c, i, (up, down))
            && let Some(&at) = self.stretch.get(&(c, i == 0))
            && let side = Self::within(side, at)
            && self.count.get(&side).copied().unwrap_or(0) >= Self::least(side)
        {
            return Some(side);
        }
        let chain = layered.chains.get(c)?;
        Some(if i == 0 {
            ShareKey::Port {
                unit: *chain.units.first()?,
                at: (up * 2.0).round() as i64,
            }
        } else {
            ShareKey::Port {
                unit: *chain.units.last()?,
                at: (down * 2.0).round() as i64,
            }
        })
    }
}

/// The room above a channel's first track and below its last: more in a
/// channel of a few tracks than in a crowded one, where every track
/// deepens the whole drawing (as in [`track_gap`]).
fn around_tracks(tracks: usize) -> (f64, f64) {
    if tracks == 0 || tracks > CROWDED {
        (AROUND_TRACKS, AROUND_TRACKS)
    } else {
        (ROOMY_ABOVE, ROOMY_BELOW)
    }
}

/// A channel holds its tracks `track_gap` apart, with room above and below.
fn channel_depth(tracks: usize) -> f64 {
    let (above, below) = around_tracks(tracks);
    above + below + tracks.saturating_sub(1) as f64 * track_gap(tracks)
}

/// How far apart a channel's tracks stand: a few are spaced so that the
/// runs of a fan-out read as separate lines; a crowded channel packs them
/// (each track deepens the channel across the whole drawing).
fn track_gap(tracks: usize) -> f64 {
    if tracks <= CROWDED {
        ROOMY_TRACK
    } else {
        TRACK
    }
}

/// Positions across the layers: rows, the channels between them, and how
/// many group headers and footers stand above and below each group.
struct Rows {
    extent: Vec<(f64, f64)>,
    channel_top: Vec<f64>,
    channel_bottom: Vec<f64>,
    headers: Vec<usize>,
    footers: Vec<usize>,
    depth: f64,
}

impl Rows {
    fn new(layered: &Layered, tracks: &[usize]) -> Rows {
        let layer_count = layered.layer_count;
        let mut row_depth = vec![0.0f64; layer_count];
        for unit in &layered.units {
            if let Some(d) = row_depth.get_mut(unit.layer) {
                *d = d.max(unit.depth);
            }
        }
        let (headers, footers) = header_levels(layered);
        let mut top_pad = vec![0.0f64; layer_count];
        let mut bottom_pad = vec![0.0f64; layer_count];
        for (g, info) in layered.groups.iter().enumerate() {
            let Some((start, end)) = info.span else {
                continue;
            };
            if let Some(pad) = top_pad.get_mut(start) {
                *pad = pad.max(headers.get(g).copied().unwrap_or(0) as f64 * GROUP_HEADER);
            }
            if let Some(pad) = bottom_pad.get_mut(end) {
                *pad = pad.max(footers.get(g).copied().unwrap_or(0) as f64 * GROUP_FOOTER);
            }
        }
        let mut extent = Vec::with_capacity(layer_count);
        let mut channel_top = vec![0.0; layer_count];
        let mut channel_bottom = vec![0.0; layer_count];
        let mut b = MARGIN;
        for layer in 0..layer_count {
            b += top_pad.get(layer).copied().unwrap_or(0.0);
            let top = b;
            b += row_depth.get(layer).copied().unwrap_or(0.0);
            extent.push((top, b));
            b += bottom_pad.get(layer).copied().unwrap_or(0.0);
            if let Some(slot) = channel_top.get_mut(layer) {
                *slot = b;
            }
            if layer + 1 < layer_count {
                b += channel_depth(tracks.get(layer).copied().unwrap_or(0));
                if layered.stride == 2 && layer % 2 == 1 {
                    // A label row: the next is a row of components.
                    b += ARROW_ROOM;
                }
            }
            if let Some(slot) = channel_bottom.get_mut(layer) {
                *slot = b;
            }
        }
        Rows {
            extent,
            channel_top,
            channel_bottom,
            headers,
            footers,
            depth: b + MARGIN,
        }
    }

    fn row(&self, layer: usize) -> (f64, f64) {
        self.extent.get(layer).copied().unwrap_or((0.0, 0.0))
    }

    /// Top and bottom of the channel below a layer.
    fn channel(&self, layer: usize) -> (f64, f64) {
        (
            self.channel_top.get(layer).copied().unwrap_or(0.0),
            self.channel_bottom.get(layer).copied().unwrap_or(0.0),
        )
    }
}

/// How many headers stand above each group's first row and footers below
/// its last: one of its own, and those of nested groups starting or ending
/// on the same row.
fn header_levels(layered: &Layered) -> (Vec<usize>, Vec<usize>) {
    let mut headers = vec![0usize; layered.groups.len()];
    let mut footers = vec![0usize; layered.groups.len()];
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
        let header = 1 + nested(&headers, start, |s| s.0);
        let footer = 1 + nested(&footers, end, |s| s.1);
        headers[g] = header;
        footers[g] = footer;
    }
    (headers, footers)
}

/// The points of one chain: through each unit's row at its line, turning
/// on its track in the channel after a unit where the line moves.
fn polyline(
    layered: &Layered,
    rows: &Rows,
    units: &[usize],
    line: &[f64],
    turn_at: &dyn Fn(usize) -> Option<f64>,
) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64, bool)> = Vec::new();
    let n = units.len();
    for (i, unit) in units.iter().enumerate() {
        let Some(u) = layered.units.get(*unit) else {
            continue;
        };
        let a = line.get(i).copied().unwrap_or(0.0);
        let (top, bottom) = rows.row(u.layer);
        // A component is entered and left at its own edges, which may lie
        // inside a deeper row.
        let (enter, leave) = match u.kind {
            UnitKind::Node(_) => {
                let middle = (top + bottom) / 2.0;
                (middle - u.depth / 2.0, middle + u.depth / 2.0)
            }
            _ => (top, bottom),
        };
        if i > 0 {
            points.push((a, enter, false));
        }
        if i + 1 < n {
            points.push((a, leave, false));
            if let Some(b) = turn_at(i) {
                // The turn, with where the flow enters and leaves the channel:
                // a curve drawn between those two points stays in the
                // channel (`--edges spline`).
                let next = line.get(i + 1).copied().unwrap_or(a);
                let (top, bottom) = rows.channel(u.layer);
                points.push((a, top, true));
                points.push((a, b, false));
                points.push((next, b, false));
                points.push((next, bottom, true));
            }
        }
    }
    simplify(points)
}

/// Drops repeated points and points in the middle of a straight run,
/// except those marked to keep.
fn simplify(points: Vec<(f64, f64, bool)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64, bool)> = Vec::with_capacity(points.len());
    let same = |p: (f64, f64, bool), q: (f64, f64, bool)| {
        (p.0 - q.0).abs() < 0.01 && (p.1 - q.1).abs() < 0.01
    };
    for point in points {
        if let Some(last) = out.last_mut()
            && same(*last, point)
        {
            last.2 |= point.2;
            continue;
        }
        if out.len() >= 2
            && let (Some(a), Some(b)) = (out.get(out.len() - 2).copied(), out.last().copied())
        {
            let vertical = (a.0 - b.0).abs() < 0.01 && (b.0 - point.0).abs() < 0.01;
            let horizontal = (a.1 - b.1).abs() < 0.01 && (b.1 - point.1).abs() < 0.01;
            if (vertical || horizontal) && !b.2 {
                out.pop();
            }
        }
        out.push(point);
    }
    out.into_iter().map(|(a, b, _)| (a, b)).collect()
}
