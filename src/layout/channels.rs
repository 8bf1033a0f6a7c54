//! Tracks in the channel between two rows: every horizontal run of a flow
//! gets a track, runs that overlap get different tracks, and the order of
//! the tracks adds no crossing that the order of the units does not force.
//!
//! Which of two overlapping runs goes above decides whether one's vertical
//! legs cut the other's run. For each pair the cheaper order becomes a
//! constraint; the constraints are put in one order with as few broken as a
//! greedy feedback-arc-set heuristic finds (Eades, Lin and Smyth 1993, as
//! ELK Layered's orthogonal router does), and each run takes the highest
//! track below the runs it must pass under. Runs that do not overlap share
//! tracks, so a channel is as deep as its busiest point.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// A horizontal run in a channel: where it spans, and where its legs go up
/// to the row above and down to the row below. Flows sharing a port share
/// one run (a trunk), with several legs on one side.
#[derive(Clone, Debug, Default)]
pub struct Run {
    pub low: f64,
    pub high: f64,
    pub up: Vec<f64>,
    pub down: Vec<f64>,
}

impl Run {
    pub fn new(up: Vec<f64>, down: Vec<f64>) -> Run {
        let all = up.iter().chain(&down);
        Run {
            low: all.clone().copied().fold(f64::INFINITY, f64::min),
            high: all.copied().fold(f64::NEG_INFINITY, f64::max),
            up,
            down,
        }
    }

    fn overlaps(&self, other: &Run) -> bool {
        self.low <= other.high + CLEARANCE && other.low <= self.high + CLEARANCE
    }

    fn inside(&self, x: f64) -> bool {
        self.low + 0.5 < x && x < self.high - 0.5
    }
}

/// Space kept along a track between two runs on it.
const CLEARANCE: f64 = 4.0;

/// Runs compared pairwise at most for channels this busy; busier ones are
/// packed from left to right.
const PAIRWISE_LIMIT: usize = 1500;

/// What `a` running above `b` costs: two for each crossing (b's legs up cut
/// a's run, a's legs down cut b's run), and one for each leg of one that
/// would run beside a leg of the other between their tracks, closer than
/// [`COMB`] (two lines side by side read as one), or on it (two flows
/// drawn as one line).
fn cost_above(a: &Run, b: &Run) -> usize {
    let beside = a
        .down
        .iter()
        .filter(|x| b.up.iter().any(|y| (*x - y).abs() <= COMB))
        .count();
    2 * crossings_above(a, b) + beside
}

/// Crossings if `a` runs above `b`: b's legs up cut a's run, and a's legs
/// down cut b's run.
fn crossings_above(a: &Run, b: &Run) -> usize {
    b.up.iter().filter(|x| a.inside(**x)).count() + a.down.iter().filter(|x| b.inside(**x)).count()
}

/// Legs closer than this, and not on one line, read as a comb.
const COMB: f64 = 8.5;

/// Tracks of the runs of one channel (0 nearest the row above), and how
/// many tracks there are.
pub fn assign(runs: &[Run]) -> (Vec<usize>, usize) {
    let n = runs.len();
    if n > PAIRWISE_LIMIT {
        return pack(runs);
    }
    // above[i]: runs that should pass above run i, with how many crossings
    // that saves.
    let mut above: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut below: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in i + 1..n {
            let (Some(a), Some(b)) = (runs.get(i), runs.get(j)) else {
                continue;
            };
            if !a.overlaps(b) {
                continue;
            }
            let (a_up, b_up) = (cost_above(a, b), cost_above(b, a));
            match a_up.cmp(&b_up) {
                Ordering::Less => {
                    above[j].push((i, b_up - a_up));
                    below[i].push((j, b_up - a_up));
                }
                Ordering::Greater => {
                    above[i].push((j, a_up - b_up));
                    below[j].push((i, a_up - b_up));
                }
                Ordering::Equal => {}
            }
        }
    }
    let order = feedback_order(&above, &below);
    let mut rank = vec![0usize; n];
    for (r, i) in order.iter().enumerate() {
        rank[*i] = r;
    }
    let mut track = vec![usize::MAX; n];
    let mut placed: Vec<usize> = Vec::with_capacity(n);
    for &i in &order {
        let Some(run) = runs.get(i) else { continue };
        // Below every run it should pass under that is already placed.
        let floor = above[i]
            .iter()
            .filter(|(j, _)| rank[*j] < rank[i])
            .map(|(j, _)| track[*j] + 1)
            .max()
            .unwrap_or(0);
        let mut taken: Vec<usize> = placed
            .iter()
            .filter(|j| runs.get(**j).is_some_and(|other| other.overlaps(run)))
            .map(|j| track[*j])
            .collect();
        taken.sort_unstable();
        let mut t = floor;
        for used in taken {
            if used == t {
                t += 1;
            }
        }
        track[i] = t;
        placed.push(i);
    }
    let count = track.iter().map(|t| t + 1).max().unwrap_or(0);
    (track, count)
}

/// An order of the runs that breaks few of the weighted "passes above"
/// constraints: sinks to the back, sources to the front, otherwise the run
/// whose constraints most favour it going first (Eades, Lin and Smyth).
fn feedback_order(above: &[Vec<(usize, usize)>], below: &[Vec<(usize, usize)>]) -> Vec<usize> {
    let n = above.len();
    let mut removed = vec![false; n];
    let mut weight_in: Vec<i64> = above
        .iter()
        .map(|list| list.iter().map(|(_, w)| *w as i64).sum())
        .collect();
    let mut weight_out: Vec<i64> = below
        .iter()
        .map(|list| list.iter().map(|(_, w)| *w as i64).sum())
        .collect();
    let mut degree_in: Vec<usize> = above.iter().map(Vec::len).collect();
    let mut degree_out: Vec<usize> = below.iter().map(Vec::len).collect();
    let (mut front, mut back) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let remove = |v: usize,
                  removed: &mut [bool],
                  weight_in: &mut [i64],
                  weight_out: &mut [i64],
                  degree_in: &mut [usize],
                  degree_out: &mut [usize]| {
        removed[v] = true;
        for &(w, weight) in &below[v] {
            weight_in[w] -= weight as i64;
            degree_in[w] -= 1;
        }
        for &(w, weight) in &above[v] {
            weight_out[w] -= weight as i64;
            degree_out[w] -= 1;
        }
    };
    for _ in 0..n {
        let alive = || (0..n).filter(|v| !removed[*v]);
        let pick = if let Some(v) = alive().find(|v| degree_out[*v] == 0) {
            back.push(v);
            v
        } else if let Some(v) = alive().find(|v| degree_in[*v] == 0) {
            front.push(v);
            v
        } else if let Some(v) =
            alive().max_by_key(|v| (weight_out[*v] - weight_in[*v], Reverse(*v)))
        {
            front.push(v);
            v
        } else {
            break;
        };
        remove(
            pick,
            &mut removed,
            &mut weight_in,
            &mut weight_out,
            &mut degree_in,
            &mut degree_out,
        );
    }
    back.reverse();
    front.extend(back);
    front
}

/// Tracks for a busy channel, in one sweep from left to right: each run
/// takes the lowest track free where it starts, so the channel has no more
/// tracks than runs overlap at one point, in O(n log n).
fn pack(runs: &[Run]) -> (Vec<usize>, usize) {
    let mut by_start: Vec<usize> = (0..runs.len()).collect();
    let low = |i: &usize| runs.get(*i).map_or(0.0, |s| s.low);
    by_start.sort_by(|a, b| low(a).total_cmp(&low(b)).then(a.cmp(b)));
    let mut busy: BinaryHeap<Busy> = BinaryHeap::new();
    let mut free: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    let mut track = vec![0; runs.len()];
    let mut tracks = 0;
    for i in by_start {
        let Some(run) = runs.get(i) else {
            continue;
        };
        while let Some(done) = busy.peek()
            && done.until + CLEARANCE < run.low
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
        track[i] = t;
        busy.push(Busy {
            until: run.high,
            track: t,
        });
    }
    (track, tracks)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Crossings of a channel's runs drawn on their tracks.
    fn crossings(runs: &[Run], track: &[usize]) -> usize {
        let mut total = 0;
        for i in 0..runs.len() {
            for j in 0..runs.len() {
                if i != j && track[i] < track[j] {
                    total += crossings_above(&runs[i], &runs[j]);
                }
            }
        }
        total
    }

    /// Pairs of runs whose straight lines (from each leg up to each leg
    /// down) must cross: the crossings the order of the units forces.
    fn forced(runs: &[Run]) -> usize {
        let mut total = 0;
        for i in 0..runs.len() {
            for j in i + 1..runs.len() {
                for a_up in &runs[i].up {
                    for a_down in &runs[i].down {
                        for b_up in &runs[j].up {
                            for b_down in &runs[j].down {
                                let inverted = (a_up - b_up) * (a_down - b_down) < 0.0;
                                total += usize::from(inverted);
                            }
                        }
                    }
                }
            }
        }
        total
    }

    #[test]
    fn runs_one_way_stack_without_crossing() {
        // Four flows each moving right by 60, starting 20 apart: every
        // pair overlaps, none is forced to cross.
        let runs: Vec<Run> = (0..4)
            .map(|i| Run::new(vec![f64::from(i) * 20.0], vec![f64::from(i) * 20.0 + 60.0]))
            .collect();
        let (track, count) = assign(&runs);
        assert_eq!(forced(&runs), 0);
        assert_eq!(crossings(&runs, &track), 0);
        assert_eq!(count, 4);
    }

    #[test]
    fn runs_apart_share_a_track() {
        let runs = vec![
            Run::new(vec![0.0], vec![40.0]),
            Run::new(vec![100.0], vec![60.0]),
        ];
        assert_eq!(assign(&runs).1, 1);
    }

    #[test]
    fn a_trunk_branches_on_one_track() {
        let runs = vec![
            Run::new(vec![50.0], vec![0.0, 30.0, 80.0, 120.0]),
            Run::new(vec![10.0], vec![100.0]),
        ];
        let (track, _) = assign(&runs);
        // The run from 10 goes above the trunk: its leg down cuts the
        // trunk once, the trunk's leg up cuts it once; below, three legs
        // would cut.
        let cheaper = crossings_above(&runs[0], &runs[1]).min(crossings_above(&runs[1], &runs[0]));
        assert_eq!(cheaper, 2);
        assert_eq!(crossings(&runs, &track), cheaper);
    }
}
