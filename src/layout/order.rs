//! The order of units within each layer: barycenter sweeps down and up from
//! several initial orders (declaration, depth-first from the top and from the
//! bottom, reversed, and for small graphs a fixed set of shuffles), the order
//! with the fewest crossings kept.
//!
//! Groups constrain the order: on every layer a group's units stand together
//! (nested groups inside them), and sibling groups keep one left-to-right
//! order on all layers, so their boxes can be drawn without overlapping. Each
//! sweep sorts a layer level by level: the members of a group by their own
//! keys, then the group as one item among its siblings.
//!
//! Every pass reads one layer and its neighbours at random, so the units are
//! renumbered layer by layer ([`Net`]): a layer's positions and neighbour
//! lists then lie together in memory. At ten thousand components that, not
//! the counting, decides the time.

use super::graph::{GroupInfo, Layered};

const SWEEPS: usize = 24;

/// The layered graph as the ordering reads it. Units are numbered layer by
/// layer, in declaration order within a layer, so the numbering keeps every
/// tie-break of the declaration order.
struct Net<'a> {
    groups: &'a [GroupInfo],
    layer_count: usize,
    /// Only every `stride`-th layer (those of components) is ordered by
    /// the search; the label rows between are derived from them.
    stride: usize,
    /// Layer and innermost group of each unit.
    layer: Vec<usize>,
    group: Vec<Option<usize>>,
    /// Units joined to each unit on the component layer above, and below.
    up: Links,
    down: Links,
    /// Each unit of a label row, with the units above and below it on its
    /// chain.
    between: Vec<(usize, usize, usize)>,
    /// The unit of the layered graph each unit here stands for.
    original: Vec<usize>,
}

/// Neighbour lists of all units in one array (compressed rows).
struct Links {
    start: Vec<usize>,
    to: Vec<usize>,
}

impl Links {
    /// `pairs` as (from, to), kept in their order within each `from`.
    fn new(count: usize, pairs: &[(usize, usize)]) -> Links {
        let mut start = vec![0; count + 1];
        for (from, _) in pairs {
            if let Some(slot) = start.get_mut(from + 1) {
                *slot += 1;
            }
        }
        for i in 1..start.len() {
            let before = start.get(i - 1).copied().unwrap_or(0);
            if let Some(slot) = start.get_mut(i) {
                *slot += before;
            }
        }
        let mut next = start.clone();
        let mut to = vec![0; pairs.len()];
        for (from, target) in pairs {
            if let Some(at) = next.get_mut(*from) {
                if let Some(slot) = to.get_mut(*at) {
                    *slot = *target;
                }
                *at += 1;
            }
        }
        Links { start, to }
    }

    fn of(&self, unit: usize) -> &[usize] {
        match (self.start.get(unit), self.start.get(unit + 1)) {
            (Some(&from), Some(&to)) => self.to.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }
}

impl<'a> Net<'a> {
    fn new(layered: &'a Layered) -> Net<'a> {
        let count = layered.units.len();
        let mut original: Vec<usize> = (0..count).collect();
        original.sort_by_key(|u| layered.units.get(*u).map_or(0, |x| x.layer));
        let mut renumbered = vec![0; count];
        for (new, old) in original.iter().enumerate() {
            if let Some(slot) = renumbered.get_mut(*old) {
                *slot = new;
            }
        }
        let number = |old: &usize| renumbered.get(*old).copied().unwrap_or(0);
        let stride = layered.stride.max(1);
        let on_main = |old: &usize| {
            layered
                .units
                .get(*old)
                .is_some_and(|u| u.layer % stride == 0)
        };
        // Links between consecutive units of a chain on component layers,
        // passing over the label rows.
        let mut downward = Vec::new();
        let mut between = Vec::new();
        for chain in &layered.chains {
            let main: Vec<&usize> = chain.units.iter().filter(|u| on_main(u)).collect();
            for pair in main.windows(2) {
                if let [a, b] = pair {
                    downward.push((number(a), number(b)));
                }
            }
            for triple in chain.units.windows(3) {
                if let [a, b, c] = triple
                    && !on_main(b)
                {
                    between.push((number(b), number(a), number(c)));
                }
            }
        }
        let upward: Vec<(usize, usize)> = downward.iter().map(|(a, b)| (*b, *a)).collect();
        let unit = |old: &usize| layered.units.get(*old);
        Net {
            groups: &layered.groups,
            layer_count: layered.layer_count,
            layer: original
                .iter()
                .map(|u| unit(u).map_or(0, |x| x.layer))
                .collect(),
            group: original
                .iter()
                .map(|u| unit(u).and_then(|x| x.group))
                .collect(),
            up: Links::new(count, &upward),
            down: Links::new(count, &downward),
            between,
            original,
            stride,
        }
    }

    fn len(&self) -> usize {
        self.layer.len()
    }

    fn group_of(&self, unit: usize) -> Option<usize> {
        self.group.get(unit).copied().flatten()
    }

    fn parent_of(&self, group: usize) -> Option<usize> {
        self.groups.get(group).and_then(|info| info.parent)
    }

    /// `group` and the groups around it, innermost first.
    fn enclosing(&self, group: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(group, |g| self.parent_of(*g)).take(self.groups.len())
    }
}

pub fn order(layered: &Layered) -> Vec<Vec<usize>> {
    let net = Net::new(layered);
    let mut empty: Vec<Vec<usize>> = vec![Vec::new(); net.layer_count];
    for (unit, layer) in net.layer.iter().enumerate() {
        if let Some(list) = empty.get_mut(*layer) {
            list.push(unit);
        }
    }
    // Like dot, start from more than one initial order and keep the best:
    // sweeps only find a local optimum near where they start. Starts are
    // tried while the sweeps they cost fit the budget: dozens for a few
    // hundred units, one or two for many thousands.
    let units = net.len().max(1) as f64;
    let budget = ((SWEEP_BUDGET / (units * units.sqrt())) as usize).max(SWEEPS);
    if std::env::var("WB_DEBUG").is_ok() { eprintln!("order: {} units, budget {budget} sweeps", net.len()); }
    let mut used = 0;
    let mut scratch = Scratch::new(net.groups.len());
    let mut best: Option<(usize, Vec<Vec<usize>>)> = None;
    for start in 0..FIXED_STARTS + SHUFFLED_STARTS {
        if used >= budget || best.as_ref().is_some_and(|(count, _)| *count == 0) {
            break;
        }
        let keys = initial_keys(&net, start);
        let mut layers = empty.clone();
        let mut position = vec![0.0; net.len()];
        record_positions(&layers, &mut position);
        let values = group_values(&net, &layers);
        for layer in 0..layers.len() {
            sort_layer(
                &net,
                &mut layers,
                layer,
                &keys,
                &position,
                &values,
                false,
                &mut scratch,
            );
        }
        let (count, layers, sweeps) = sweep(&net, layers, &mut scratch);
        used += sweeps;
        if best.as_ref().is_none_or(|(fewest, _)| count < *fewest) {
            best = Some((count, layers));
        }
    }
    let mut layers = best.map(|(_, layers)| layers).unwrap_or(empty);
    if net.stride > 1 {
        label_rows(&net, &mut layers, &mut scratch);
    }
    layers
        .into_iter()
        .map(|layer| {
            layer
                .into_iter()
                .filter_map(|unit| net.original.get(unit).copied())
                .collect()
        })
        .collect()
}

/// The initial orders: walks from the top and the bottom (dot's), the
/// declaration order and its reverse, then pseudo-random shuffles.
const FIXED_STARTS: usize = 6;
const SHUFFLED_STARTS: usize = 64;
/// Sweeps over all starts, times the units to the power 1.5: every start
/// up to a few hundred units, a few starts at a thousand, one from five
/// thousand on (a sweep costs time in proportion to the units, and the
/// search helps less as drawings grow).
const SWEEP_BUDGET: f64 = 15_000_000.0;

/// The keys of initial order number `start`.
fn initial_keys(net: &Net, start: usize) -> Vec<f64> {
    let declaration = || (0..net.len()).map(|u| u as f64);
    match start {
        0 => breadth_first(net, false),
        1 => depth_first(net, &net.down, false),
        2 => declaration().collect(),
        3 => breadth_first(net, true),
        4 => depth_first(net, &net.up, true),
        5 => declaration().map(|k| -k).collect(),
        _ => {
            // Drawn for the declaration numbering, so the layouts of small
            // designs do not depend on how the units are stored.
            let keys = shuffled(net.len(), (start - FIXED_STARTS + 1) as u64);
            net.original
                .iter()
                .map(|old| keys.get(*old).copied().unwrap_or(0.0))
                .collect()
        }
    }
}

/// Keys in a pseudo-random order fixed by `seed` (a linear congruential
/// generator: layouts stay deterministic).
fn shuffled(count: usize, seed: u64) -> Vec<f64> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..count)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64
        })
        .collect()
}

/// Sweeps without improvement after which the search restarts from the best
/// order found (dot's `MinQuit`).
const PATIENCE: usize = 8;

/// Orders the label rows between the component layers: each unit after
/// the positions of its chain's units above and below, which adds no
/// crossing to those of the component layers (groups kept together).
fn label_rows(net: &Net, layers: &mut [Vec<usize>], scratch: &mut Scratch) {
    let mut position = vec![0.0; net.len()];
    record_positions(layers, &mut position);
    let mut keys = vec![f64::NAN; net.len()];
    let widest = layers.iter().map(Vec::len).max().unwrap_or(0) as f64 + 1.0;
    for &(unit, above, below) in &net.between {
        let at = |u: usize| position.get(u).copied().unwrap_or(0.0);
        if let Some(slot) = keys.get_mut(unit) {
            *slot = at(above) * widest + at(below);
        }
    }
    let values = group_values(net, layers);
    for layer in (0..layers.len()).filter(|l| l % net.stride != 0) {
        fill_gaps(layers.get(layer).map(Vec::as_slice).unwrap_or_default(), &position, &mut keys);
        sort_layer(net, layers, layer, &keys, &position, &values, false, scratch);
    }
}

/// Median sweeps, alternately down and up, each followed by
/// transposition; returns the order with the fewest crossings, its count,
/// and how many sweeps it took.
fn sweep(
    net: &Net,
    mut layers: Vec<Vec<usize>>,
    scratch: &mut Scratch,
) -> (usize, Vec<Vec<usize>>, usize) {
    let mut position = vec![0.0; net.len()];
    record_positions(&layers, &mut position);
    let mut best = layers.clone();
    let mut best_crossings = crossings(net, &layers, &position);
    let mut keys = position.clone();
    let mut stale = 0;
    let mut done = 0;
    for sweep in 0..SWEEPS {
        if best_crossings == 0 || stale >= PATIENCE {
            break;
        }
        done += 1;
        let downwards = sweep % 2 == 0;
        // As dot does, every other pair of sweeps lets equal keys trade
        // places in the sort, and the others let transposition swap pairs
        // whose crossings are equal: both walk plateaus a strict rule
        // never leaves.
        let reverse = sweep % 4 < 2;
        let main: Vec<usize> = (0..layers.len()).step_by(net.stride).collect();
        let sequence: Vec<usize> = if downwards {
            main.iter().skip(1).copied().collect()
        } else {
            main.iter().rev().skip(1).copied().collect()
        };
        // Groups keep the overall order they had when the sweep began.
        let values = group_values(net, &layers);
        for layer in sequence {
            let reference = if downwards { &net.up } else { &net.down };
            barycenters(&layers, layer, reference, &position, &mut keys);
            sort_layer(net, &mut layers, layer, &keys, &position, &values, reverse, scratch);
            if let Some(sorted) = layers.get(layer) {
                record_layer(sorted, &mut position);
            }
        }
        transpose(net, &mut layers, &mut position, !reverse);
        let count = crossings(net, &layers, &position);
        if count <= best_crossings {
            if count < best_crossings {
                stale = 0;
            } else {
                stale += 1;
            }
            best_crossings = count;
            best = layers.clone();
        } else {
            stale += 1;
        }
    }
    (best_crossings, best, done)
}

/// Keys that place units in the order a depth-first walk along the links `along`
/// meets them, starting from the top layer (or the bottom one) in
/// declaration order: what is connected starts out together (dot's initial
/// order).
fn depth_first(net: &Net, along: &Links, from_bottom: bool) -> Vec<f64> {
    let count = net.len();
    let mut keys = vec![f64::MAX; count];
    let mut next = 0.0;
    // Units are numbered layer by layer: from the top is in number order.
    let mut roots: Vec<usize> = (0..count).collect();
    if from_bottom {
        roots.sort_by_key(|u| std::cmp::Reverse(net.layer.get(*u).copied().unwrap_or(0)));
    }
    for root in roots {
        if keys.get(root).is_none_or(|k| *k != f64::MAX) {
            continue;
        }
        let mut stack = vec![root];
        while let Some(unit) = stack.pop() {
            match keys.get_mut(unit) {
                Some(slot) if *slot == f64::MAX => {
                    *slot = next;
                    next += 1.0;
                }
                _ => continue,
            }
            stack.extend(along.of(unit).iter().rev().copied());
        }
    }
    keys
}

/// Keys in the order a breadth-first walk meets the units, from the
/// sources (units with nothing above) in number order, along the links
/// down and then up; or from the sinks, up and then down (dot's initial
/// orders).
fn breadth_first(net: &Net, from_bottom: bool) -> Vec<f64> {
    let count = net.len();
    let mut keys = vec![f64::MAX; count];
    let mut next = 0.0;
    let (forward, backward) = if from_bottom {
        (&net.up, &net.down)
    } else {
        (&net.down, &net.up)
    };
    let mut queue = std::collections::VecDeque::new();
    for root in 0..count {
        if !backward.of(root).is_empty() || keys.get(root).is_none_or(|k| *k != f64::MAX) {
            continue;
        }
        queue.push_back(root);
        if let Some(slot) = keys.get_mut(root) {
            *slot = f64::MIN;
        }
        while let Some(unit) = queue.pop_front() {
            if let Some(slot) = keys.get_mut(unit) {
                *slot = next;
                next += 1.0;
            }
            for &n in forward.of(unit).iter().chain(backward.of(unit)) {
                if let Some(slot) = keys.get_mut(n)
                    && *slot == f64::MAX
                {
                    *slot = f64::MIN;
                    queue.push_back(n);
                }
            }
        }
    }
    // Units the walks did not reach (fillers) keep their number.
    for (unit, key) in keys.iter_mut().enumerate() {
        if *key == f64::MAX {
            *key = next + unit as f64;
        }
    }
    keys
}

/// Rounds of transposition after each sweep.
const TRANSPOSE_ROUNDS: usize = 4;

/// Swaps neighbouring units of the same group wherever that lowers the
/// crossings with the layers above and below (the dot paper's transpose).
#[inline(never)]
fn transpose(net: &Net, layers: &mut [Vec<usize>], position: &mut [f64], equal_swaps: bool) {
    // Crossings among the edges of `u` and `v` with `u` left of `v`, and
    // with `v` left of `u`: a pair of edges ending apart crosses in one order.
    let crossings_both_ways = |u: usize, v: usize, position: &[f64]| -> (usize, usize) {
        let mut counts = (0, 0);
        for side in [&net.up, &net.down] {
            let (from_u, from_v) = (side.of(u), side.of(v));
            let (left, right) =
                if from_u.len().saturating_mul(from_v.len()) <= PAIRS_COUNTED_ONE_BY_ONE {
                    crossings_pair_by_pair(from_u, from_v, position)
                } else {
                    crossings_sorted(from_u, from_v, position)
                };
            counts.0 += left;
            counts.1 += right;
        }
        counts
    };
    // A pair compared without a swap gives the same answer until its units
    // or their neighbours move, so later rounds compare only what moved
    // (most rounds swap a few pairs in a thousand). `moved` says when a
    // unit or one of its neighbours last moved, `kept` when a unit was last
    // compared with the one to its right, and which one that was.
    let mut clock = 1;
    let mut moved = vec![clock; net.len()];
    let mut kept = vec![(usize::MAX, 0); net.len()];
    for _ in 0..TRANSPOSE_ROUNDS {
        let mut improved = false;
        for layer in layers.iter_mut().step_by(net.stride) {
            for i in 0..layer.len().saturating_sub(1) {
                let (Some(&u), Some(&v)) = (layer.get(i), layer.get(i + 1)) else {
                    continue;
                };
                if net.group_of(u) != net.group_of(v) {
                    continue;
                }
                let unchanged = |since: usize| {
                    moved
                        .get(u)
                        .zip(moved.get(v))
                        .is_some_and(|(a, b)| *a <= since && *b <= since)
                };
                if let Some(&(right, since)) = kept.get(u)
                    && right == v
                    && unchanged(since)
                {
                    continue;
                }
                let (as_is, swapped) = crossings_both_ways(u, v, position);
                if swapped < as_is || (equal_swaps && swapped == as_is && as_is > 0) {
                    layer.swap(i, i + 1);
                    position.swap(u, v);
                    improved |= swapped < as_is;
                    clock += 1;
                    for unit in [u, v] {
                        let linked = net.up.of(unit).iter().chain(net.down.of(unit));
                        for touched in std::iter::once(&unit).chain(linked) {
                            if let Some(slot) = moved.get_mut(*touched) {
                                *slot = clock;
                            }
                        }
                    }
                } else if let Some(slot) = kept.get_mut(u) {
                    *slot = (v, clock);
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Above this many pairs of edges, two units' crossings are counted by
/// sorting (a hub with thousands of flows next to another would otherwise
/// cost millions of steps each time).
const PAIRS_COUNTED_ONE_BY_ONE: usize = 256;

/// For edges from `u`'s neighbours `from_u` and `v`'s `from_v` on one side:
/// how many pairs cross with `u` left of `v`, and with `v` left of `u`.
fn crossings_pair_by_pair(from_u: &[usize], from_v: &[usize], position: &[f64]) -> (usize, usize) {
    let mut counts = (0, 0);
    for a in from_u {
        let pa = position.get(*a).copied().unwrap_or(0.0);
        for b in from_v {
            let pb = position.get(*b).copied().unwrap_or(0.0);
            if pb < pa {
                counts.0 += 1;
            } else if pa < pb {
                counts.1 += 1;
            }
        }
    }
    counts
}

/// [`crossings_pair_by_pair`] in O(d log d): both sides sorted, then merged.
fn crossings_sorted(from_u: &[usize], from_v: &[usize], position: &[f64]) -> (usize, usize) {
    let sorted = |units: &[usize]| {
        let mut at: Vec<f64> = units
            .iter()
            .map(|n| position.get(*n).copied().unwrap_or(0.0))
            .collect();
        at.sort_by(f64::total_cmp);
        at
    };
    let (at_u, at_v) = (sorted(from_u), sorted(from_v));
    let (mut below, mut not_above) = (0, 0);
    let mut counts = (0, 0);
    for pa in at_u {
        while at_v.get(below).is_some_and(|pb| *pb < pa) {
            below += 1;
        }
        not_above = not_above.max(below);
        while at_v.get(not_above).is_some_and(|pb| *pb <= pa) {
            not_above += 1;
        }
        counts.0 += below;
        counts.1 += at_v.len() - not_above;
    }
    counts
}

fn record_positions(layers: &[Vec<usize>], position: &mut [f64]) {
    for layer in layers {
        record_layer(layer, position);
    }
}

fn record_layer(layer: &[usize], position: &mut [f64]) {
    for (i, unit) in layer.iter().enumerate() {
        if let Some(slot) = position.get_mut(*unit) {
            *slot = i as f64;
        }
    }
}

/// Sets the key of each unit of `layer`: the mean position of its
/// neighbours on the reference side, or its own position when it has none.
#[inline(never)]
fn barycenters(
    layers: &[Vec<usize>],
    layer: usize,
    reference: &Links,
    position: &[f64],
    keys: &mut [f64],
) {
    let units = layers.get(layer).map(Vec::as_slice).unwrap_or_default();
    for unit in units {
        let linked = reference.of(*unit);
        let key = if linked.is_empty() {
            f64::NAN
        } else {
            median(linked.iter().map(|n| position.get(*n).copied().unwrap_or(0.0)))
        };
        if let Some(slot) = keys.get_mut(*unit) {
            *slot = key;
        }
    }
    fill_gaps(units, position, keys);
}

/// Keys for the units that have none (NaN): each stays between the units it
/// stands between (dot keeps such units in place).
fn fill_gaps(units: &[usize], position: &[f64], keys: &mut [f64]) {
    let key_of = |u: &usize, keys: &[f64]| keys.get(*u).copied().unwrap_or(f64::NAN);
    let mut next_keys = vec![f64::NAN; units.len()];
    let mut next = f64::NAN;
    for (i, unit) in units.iter().enumerate().rev() {
        if let Some(slot) = next_keys.get_mut(i) {
            *slot = next;
        }
        let key = key_of(unit, keys);
        if !key.is_nan() {
            next = key;
        }
    }
    let mut previous = f64::NAN;
    for (unit, next) in units.iter().zip(next_keys) {
        let key = key_of(unit, keys);
        if !key.is_nan() {
            previous = key;
            continue;
        }
        let value = match (previous.is_nan(), next.is_nan()) {
            (false, false) => (previous + next) / 2.0,
            (false, true) => previous,
            (true, false) => next,
            (true, true) => position.get(*unit).copied().unwrap_or(0.0),
        };
        if let Some(slot) = keys.get_mut(*unit) {
            *slot = value;
        }
        previous = value;
    }
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => values[n / 2],
        2 => (values[0] + values[1]) / 2.0,
        _ => {
            // dot's weighted median: lean towards the side packed tighter.
            let (left, right) = (values[n / 2 - 1], values[n / 2]);
            let span_left = left - values[0];
            let span_right = values[n - 1] - right;
            if span_left + span_right > 0.0 {
                (left * span_right + right * span_left) / (span_left + span_right)
            } else {
                (left + right) / 2.0
            }
        }
    }
}

/// Where each group stands overall: the mean relative position (0 to 1) of
/// its units over all layers. Sibling groups keep this order on every layer.
#[inline(never)]
fn group_values(net: &Net, layers: &[Vec<usize>]) -> Vec<f64> {
    let mut sum = vec![0.0; net.groups.len()];
    let mut count = vec![0usize; net.groups.len()];
    for layer in layers {
        let span = (layer.len().max(2) - 1) as f64;
        for (i, unit) in layer.iter().enumerate() {
            for g in net.enclosing(net.group_of(*unit)) {
                if let (Some(s), Some(c)) = (sum.get_mut(g), count.get_mut(g)) {
                    *s += i as f64 / span;
                    *c += 1;
                }
            }
        }
    }
    sum.iter()
        .zip(&count)
        .enumerate()
        .map(|(g, (s, c))| if *c == 0 { g as f64 } else { s / *c as f64 })
        .collect()
}

/// Per-group lists for sorting one layer, kept between layers so that a
/// layer costs what is on it rather than the number of groups; `touched`
/// says which entries to clear.
struct Scratch {
    /// The units of each group on the layer (directly in it).
    members: Vec<Vec<usize>>,
    /// The child groups present on the layer (through any descendant).
    children: Vec<Vec<usize>>,
    present: Vec<bool>,
    touched: Vec<usize>,
}

impl Scratch {
    fn new(groups: usize) -> Scratch {
        Scratch {
            members: vec![Vec::new(); groups],
            children: vec![Vec::new(); groups],
            present: vec![false; groups],
            touched: Vec::new(),
        }
    }

    /// Fills the lists for the units of one layer; returns the units in no
    /// group and the outermost groups present, both in number order.
    fn fill(&mut self, net: &Net, units: &[usize]) -> (Vec<usize>, Vec<usize>) {
        for g in self.touched.drain(..) {
            if let Some(list) = self.members.get_mut(g) {
                list.clear();
            }
            if let Some(list) = self.children.get_mut(g) {
                list.clear();
            }
            if let Some(flag) = self.present.get_mut(g) {
                *flag = false;
            }
        }
        let mut root = Vec::new();
        for unit in units {
            let Some(g) = net.group_of(*unit) else {
                root.push(*unit);
                continue;
            };
            if let Some(list) = self.members.get_mut(g) {
                list.push(*unit);
            }
            for group in net.enclosing(Some(g)) {
                match self.present.get_mut(group) {
                    Some(flag) if !*flag => {
                        *flag = true;
                        self.touched.push(group);
                    }
                    _ => break,
                }
            }
        }
        // Children in number order, as the groups were declared.
        self.touched.sort_unstable();
        let mut top = Vec::new();
        for &g in &self.touched {
            match net.parent_of(g) {
                Some(parent) => {
                    if let Some(list) = self.children.get_mut(parent) {
                        list.push(g);
                    }
                }
                None => top.push(g),
            }
        }
        (root, top)
    }
}

/// An item of one level of a layer: a unit, or a whole child group.
#[derive(Clone, Copy)]
enum Item {
    Unit(usize),
    Group(usize),
}

/// Sorts one layer: recursively, each group's items by key, sibling groups
/// in their overall order. Equal keys keep the units' current `position`,
/// so a sweep does not undo what the previous one learned.
fn sort_layer(
    net: &Net,
    layers: &mut [Vec<usize>],
    layer: usize,
    keys: &[f64],
    position: &[f64],
    group_values: &[f64],
    reverse: bool,
    scratch: &mut Scratch,
) {
    let Some(current) = layers.get(layer) else {
        return;
    };
    let (root, top) = scratch.fill(net, current);
    let mut out = Vec::with_capacity(current.len());
    let level = Level {
        net,
        keys,
        position,
        group_values,
        reverse,
        scratch,
    };
    level.emit(&root, &top, &mut out, 0);
    if let Some(slot) = layers.get_mut(layer) {
        *slot = out;
    }
}

struct Level<'a> {
    net: &'a Net<'a>,
    keys: &'a [f64],
    position: &'a [f64],
    group_values: &'a [f64],
    /// Equal keys trade places instead of keeping their order.
    reverse: bool,
    scratch: &'a Scratch,
}

impl Level<'_> {
    /// The key of a group on this layer: the mean key of its units here.
    fn group_key(&self, group: usize) -> f64 {
        let mut sum = 0.0;
        let mut count = 0usize;
        let mut stack = vec![group];
        while let Some(g) = stack.pop() {
            for unit in self.members(g) {
                sum += self.keys.get(*unit).copied().unwrap_or(0.0);
                count += 1;
            }
            stack.extend(self.children(g).iter().copied());
        }
        if count == 0 { 0.0 } else { sum / count as f64 }
    }

    fn members(&self, group: usize) -> &[usize] {
        self.scratch
            .members
            .get(group)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn children(&self, group: usize) -> &[usize] {
        self.scratch
            .children
            .get(group)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn emit(&self, units: &[usize], groups: &[usize], out: &mut Vec<usize>, depth: usize) {
        let mut items: Vec<(f64, usize, Item)> = units
            .iter()
            .map(|u| {
                (
                    self.keys.get(*u).copied().unwrap_or(0.0),
                    self.position.get(*u).map_or(*u, |p| *p as usize),
                    Item::Unit(*u),
                )
            })
            .collect();
        // Sibling groups take their keys on this layer in their overall order.
        let mut group_keys: Vec<f64> = groups.iter().map(|g| self.group_key(*g)).collect();
        group_keys.sort_by(f64::total_cmp);
        let mut ordered_groups = groups.to_vec();
        ordered_groups.sort_by(|a, b| {
            let va = self.group_values.get(*a).copied().unwrap_or(0.0);
            let vb = self.group_values.get(*b).copied().unwrap_or(0.0);
            va.total_cmp(&vb).then(a.cmp(b))
        });
        // Ties between groups keep the overall order too (rank, after all
        // units with the same key).
        for (rank, (g, key)) in ordered_groups.iter().zip(group_keys).enumerate() {
            items.push((key, self.net.len() + rank, Item::Group(*g)));
        }
        // Groups keep their order on ties whatever `reverse` says.
        items.sort_by(|a, b| {
            let both_units = matches!((a.2, b.2), (Item::Unit(_), Item::Unit(_)));
            let ties = if self.reverse && both_units {
                b.1.cmp(&a.1)
            } else {
                a.1.cmp(&b.1)
            };
            a.0.total_cmp(&b.0).then(ties)
        });
        for (_, _, item) in items {
            match item {
                Item::Unit(u) => out.push(u),
                Item::Group(g) if depth <= self.net.groups.len() => {
                    self.emit(self.members(g), self.children(g), out, depth + 1);
                }
                Item::Group(_) => {}
            }
        }
    }
}

/// Crossings between all pairs of adjacent layers, counted as inversions
/// with a Fenwick tree.
fn crossings(net: &Net, layers: &[Vec<usize>], position: &[f64]) -> usize {
    let mut total = 0;
    let mut lower_ends = Vec::new();
    for (layer, units) in layers.iter().enumerate().step_by(net.stride) {
        let width = layers.get(layer + net.stride).map_or(0, Vec::len) + 1;
        let mut tree = vec![0usize; width + 1];
        let mut seen = 0;
        // Edges by their upper end's position, then their lower end's.
        for unit in units {
            lower_ends.clear();
            lower_ends.extend(
                net.down
                    .of(*unit)
                    .iter()
                    .map(|n| position.get(*n).copied().unwrap_or(0.0) as usize),
            );
            lower_ends.sort_unstable();
            for lower in &lower_ends {
                // Edges seen so far that end to the right of this one cross it.
                let mut at = lower + 1;
                let mut not_greater = 0;
                while at > 0 {
                    not_greater += tree.get(at).copied().unwrap_or(0);
                    at &= at - 1;
                }
                total += seen - not_greater;
                seen += 1;
                let mut at = lower + 1;
                while at <= width {
                    if let Some(slot) = tree.get_mut(at) {
                        *slot += 1;
                    }
                    at += at & at.wrapping_neg();
                }
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorted_counting_agrees_with_counting_pair_by_pair(
            // Few distinct positions, so that equal ones (shared neighbours) occur.
            position in prop::collection::vec(0u8..12, 1..40),
            from_u in prop::collection::vec(0usize..40, 0..30),
            from_v in prop::collection::vec(0usize..40, 0..30),
        ) {
            let position: Vec<f64> = position.into_iter().map(f64::from).collect();
            prop_assert_eq!(
                crossings_sorted(&from_u, &from_v, &position),
                crossings_pair_by_pair(&from_u, &from_v, &position)
            );
        }
    }
}
