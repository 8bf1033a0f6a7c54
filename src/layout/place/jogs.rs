//! Small jogs and staircases taken out. Placement weighs a flow's
//! straightness against its neighbours' pulls and spacing, so a long flow
//! may shift by a few pixels from one row to the next: each shift draws a
//! kink that reads as a fault (a line that cannot decide where it goes),
//! not as a turn. And it weighs a run across the rows by its length alone,
//! so a flow that steps across in several turns costs it no more than one
//! that turns once: in an empty stretch, nothing chooses between them.
//! Where the rows hold room, a run of the flow's points on one line moves
//! onto the line before or after it instead, when that takes out a turn and
//! passes no box, flow or group border on the way (the order along each
//! row stays the one the crossing search chose). Only the rows are
//! checked: the longer turn left in a channel may cross a flow there.

use super::{GROUP_PADDING, Placement, label_centre, labels_along, margin};
use crate::layout::graph::{Layered, UnitKind};

/// Jogs narrower than this are taken out where there is room: the jogs
/// placement leaves along long flows are mostly 7 to 25 px, each a kink
/// beside the long runs around it.
const SMALL_JOG: f64 = 32.0;

/// Least distance from a moved line to another flow's line on its row:
/// closer, two lines read as one comb.
const LINE_GAP: f64 = 9.0;

/// Least distance from a moved line to a group's border: half the padding
/// placement keeps between a group's border and its members.
const BORDER_CLEAR: f64 = GROUP_PADDING / 2.0;

/// What stands on each layer, sorted along it for lookups in log time:
/// a layer may hold thousands of flows.
struct Rows<'a> {
    layered: &'a Layered,
    placement: &'a Placement,
    /// Each flow's point on each layer: (where its line runs, chain).
    points: Vec<Vec<(f64, usize)>>,
    /// Components and labels on each layer: (centre, reach either side of
    /// it that a line keeps clear of, unit).
    boxes: Vec<Vec<(f64, f64, usize)>>,
    /// The widest reach on each layer.
    widest: Vec<f64>,
    /// The left and right borders of the groups standing on each layer.
    borders: Vec<Vec<f64>>,
}

/// Passes over all flows at most: a move can leave a smaller jog that a
/// later pass takes out (a zigzag of 20 and 15 px becomes one of 5 px).
const PASSES: usize = 3;

/// Moves runs of flow points onto the line above or below them where the
/// jog between is small or the run is a step of a staircase, the move
/// takes out a turn, and the rows have room.
pub(super) fn take_out_jogs(layered: &Layered, placement: &Placement, lines: &mut [Vec<f64>]) {
    let mut rows = Rows::new(layered, placement, lines);
    for _ in 0..PASSES {
        let mut moved = false;
        for (c, chain) in layered.chains.iter().enumerate() {
            if let Some(line) = lines.get_mut(c) {
                moved |= straighten_chain(layered, &mut rows, c, &chain.units, line);
            }
        }
        if !moved {
            break;
        }
    }
}

/// One pass along chain `c`: whether a run moved.
fn straighten_chain(
    layered: &Layered,
    rows: &mut Rows,
    c: usize,
    units: &[usize],
    line: &mut [f64],
) -> bool {
    let reach: Vec<(usize, f64)> = labels_along(layered, units).collect();
    let mut moved = false;
    let mut start = 1;
    while let Some((first, last)) = run_from(line, start) {
        start = last + 1;
        // The nearer line first; the other where the rows block it.
        let free_line = better_lines(line, first, last).into_iter().find(|&target| {
            (first..=last).all(|i| {
                let (Some(&unit), Some(&here)) = (units.get(i), line.get(i)) else {
                    return false;
                };
                let is_label = reach.iter().any(|(at, _)| *at == i);
                rows.free(c, unit, (here, target), is_label)
            })
        });
        if let Some(target) = free_line {
            let here = line.get(first).copied().unwrap_or(target);
            let run = line.get_mut(first..=last).unwrap_or_default();
            for (unit, x) in units.get(first..=last).unwrap_or_default().iter().zip(run) {
                rows.moved(*unit, c, *x, target);
                *x = target;
            }
            for (i, _) in reach.iter().filter(|(i, _)| (first..=last).contains(i)) {
                if let Some(&unit) = units.get(*i) {
                    rows.label_moved(unit, here, target);
                }
            }
            moved = true;
        }
    }
    moved
}

/// The run of points on one line from point `start`, among the points
/// between the chain's ends: its first and last point.
fn run_from(line: &[f64], start: usize) -> Option<(usize, usize)> {
    let end = line.len().checked_sub(2)?;
    let x = *line.get(start).filter(|_| start <= end)?;
    let mut last = start;
    while last < end
        && line
            .get(last + 1)
            .is_some_and(|next| (next - x).abs() < 0.5)
    {
        last += 1;
    }
    Some((start, last))
}

/// The lines next to the run `first..=last` (above or below) that the run
/// may move onto, nearest first: the jog to each is small or the run is a
/// step of a staircase, and the move leaves fewer turns.
fn better_lines(line: &[f64], first: usize, last: usize) -> Vec<f64> {
    let (Some(&here), Some(&before), Some(&after)) = (
        line.get(first),
        first.checked_sub(1).and_then(|i| line.get(i)),
        line.get(last + 1),
    ) else {
        return Vec::new();
    };
    let turns =
        |x: f64| usize::from((x - before).abs() > 0.5) + usize::from((x - after).abs() > 0.5);
    // A step of a staircase: moved onto either neighbour, the flow runs
    // as far across in one turn instead of two, however wide the step.
    let step = (before < here && here < after) || (after < here && here < before);
    // A notch: the flow runs out to one side and comes back. Moved onto
    // either neighbour, it runs across once, and its runs across the
    // channels span no more than before (so it crosses no more flows).
    let notch = here < before.min(after) || here > before.max(after);
    let mut lines: Vec<f64> = [before, after]
        .into_iter()
        .filter(|x| {
            let jog = (x - here).abs();
            jog > 0.5 && (jog < SMALL_JOG || step || notch) && turns(*x) < turns(here)
        })
        .collect();
    lines.sort_by(|a, b| (a - here).abs().total_cmp(&(b - here).abs()));
    lines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    lines
}

impl<'a> Rows<'a> {
    fn new(layered: &'a Layered, placement: &'a Placement, lines: &[Vec<f64>]) -> Rows<'a> {
        let mut points = vec![Vec::new(); layered.layer_count];
        let mut boxes = vec![Vec::new(); layered.layer_count];
        let mut widest = vec![0.0f64; layered.layer_count];
        for (c, (chain, line)) in layered.chains.iter().zip(lines).enumerate() {
            for (unit, x) in chain.units.iter().zip(line) {
                let layer = layered.units.get(*unit).map(|u| u.layer);
                if let Some(list) = layer.and_then(|l| points.get_mut(l)) {
                    list.push((*x, c));
                }
            }
        }
        for (unit, info) in layered.units.iter().enumerate() {
            if !matches!(info.kind, UnitKind::Node(_) | UnitKind::Label { .. }) {
                continue;
            }
            let reach = info.breadth / 2.0 + margin(&info.kind);
            let centre = placement.unit_a.get(unit).copied().unwrap_or(0.0);
            if let (Some(list), Some(wide)) =
                (boxes.get_mut(info.layer), widest.get_mut(info.layer))
            {
                list.push((centre, reach, unit));
                *wide = wide.max(reach);
            }
        }
        let mut borders = vec![Vec::new(); layered.layer_count];
        for (info, (left, width)) in layered.groups.iter().zip(&placement.group_a) {
            let Some((first, last)) = info.span else {
                continue;
            };
            for list in borders.iter_mut().take(last + 1).skip(first) {
                list.extend([*left, left + width]);
            }
        }
        for list in &mut borders {
            list.sort_by(f64::total_cmp);
        }
        for list in &mut points {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        }
        for list in &mut boxes {
            list.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        Rows {
            layered,
            placement,
            points,
            boxes,
            widest,
            borders,
        }
    }

    /// Whether chain `c`'s point at `unit` may move from `here` to `x`:
    /// passing no box, flow or group border on its row and standing clear
    /// of them. If `unit` is the flow's label, the label's box goes where
    /// it must to keep the line running through it (`label_centre`) and
    /// must stand clear there too. Passing a flow would swap the order the
    /// crossing search chose; passing a border would take the flow into or
    /// out of a group.
    fn free(&self, c: usize, unit: usize, (here, x): (f64, f64), is_label: bool) -> bool {
        let Some(info) = self.layered.units.get(unit) else {
            return false;
        };
        if is_label && !self.label_fits(c, unit, self.label_centre(unit, x)) {
            return false;
        }
        // Lines behind the point, on the side it leaves, stay as near as
        // they were.
        let lines = if x > here {
            (here, x + LINE_GAP)
        } else {
            (x - LINE_GAP, here)
        };
        self.clear(c, unit, info.layer, (here.min(x), here.max(x)), lines)
    }

    /// Whether the stretch `low..high` of `layer` overlaps no box but
    /// `unit`'s and stands clear of group borders, and no flow but `c`
    /// stands strictly within `lines`.
    fn clear(
        &self,
        c: usize,
        unit: usize,
        layer: usize,
        (low, high): (f64, f64),
        lines: (f64, f64),
    ) -> bool {
        let widest = self.widest.get(layer).copied().unwrap_or(0.0);
        let boxes = self.boxes.get(layer).map(Vec::as_slice).unwrap_or_default();
        let points = self
            .points
            .get(layer)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let borders = self
            .borders
            .get(layer)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let clear_of_boxes = || {
            within(boxes, |b| b.0, low - widest, high + widest)
                .iter()
                .all(|(at, reach, other)| *other == unit || at + reach <= low || at - reach >= high)
        };
        let clear_of_lines = || {
            within(points, |p| p.0, lines.0, lines.1)
                .iter()
                .all(|(_, d)| *d == c)
        };
        let clear_of_borders =
            || within(borders, |b| *b, low - BORDER_CLEAR, high + BORDER_CLEAR).is_empty();
        clear_of_borders() && clear_of_boxes() && clear_of_lines()
    }

    /// Where label `unit`'s box stands with its flow's line at `line`.
    fn label_centre(&self, unit: usize, line: f64) -> f64 {
        let placed = self.placement.unit_a.get(unit).copied().unwrap_or(line);
        label_centre(self.layered, unit, placed, line)
    }

    /// Whether chain `c`'s label `unit`, its middle at `centre`, stands
    /// clear of the other boxes, flows and group borders on its row.
    fn label_fits(&self, c: usize, unit: usize, centre: f64) -> bool {
        let Some(info) = self.layered.units.get(unit) else {
            return false;
        };
        let half = info.breadth / 2.0;
        let (low, high) = (centre - half, centre + half);
        self.clear(
            c,
            unit,
            info.layer,
            (low, high),
            (low - LINE_GAP, high + LINE_GAP),
        )
    }

    /// The layer `unit` stands on.
    fn layer(&self, unit: usize) -> Option<usize> {
        self.layered.units.get(unit).map(|u| u.layer)
    }

    /// Label `unit`'s box moved with its flow's line, from `from` to `to`.
    fn label_moved(&mut self, unit: usize, from: f64, to: f64) {
        let (old, centre) = (self.label_centre(unit, from), self.label_centre(unit, to));
        let Some(list) = self.layer(unit).and_then(|l| self.boxes.get_mut(l)) else {
            return;
        };
        let first = list.partition_point(|b| b.0 < old);
        let found = list.iter().skip(first).position(|b| b.2 == unit);
        if let Some(at) = found.map(|k| first + k) {
            let (_, reach, _) = list.remove(at);
            let place = list.partition_point(|b| b.0 < centre);
            list.insert(place, (centre, reach, unit));
        }
    }

    /// Chain `c`'s point at `unit` moved from `from` to `to`.
    fn moved(&mut self, unit: usize, c: usize, from: f64, to: f64) {
        let Some(list) = self.layer(unit).and_then(|l| self.points.get_mut(l)) else {
            return;
        };
        let key = |p: &(f64, usize)| p.0.total_cmp(&from).then(p.1.cmp(&c));
        if let Ok(at) = list.binary_search_by(key) {
            list.remove(at);
            let place = list.partition_point(|p| p.0.total_cmp(&to).then(p.1.cmp(&c)).is_lt());
            list.insert(place, (to, c));
        }
    }
}

/// The items of `sorted` (by `key`) whose key lies strictly between `low`
/// and `high`.
fn within<T>(sorted: &[T], key: impl Fn(&T) -> f64, low: f64, high: f64) -> &[T] {
    let start = sorted.partition_point(|item| key(item) <= low);
    let end = sorted.partition_point(|item| key(item) < high);
    sorted.get(start..end.max(start)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_finds_the_items_strictly_between_two_values() {
        let sorted = [1.0, 3.0, 3.0, 5.0, 9.0];
        assert_eq!(within(&sorted, |x| *x, 1.0, 5.0), &[3.0, 3.0]);
        assert_eq!(within(&sorted, |x| *x, 0.0, 10.0), &sorted);
        assert!(within(&sorted, |x| *x, 5.0, 9.0).is_empty());
        assert!(
            within(&sorted, |x| *x, 9.0, 1.0).is_empty(),
            "an empty range"
        );
    }

    #[test]
    fn runs_are_the_points_on_one_line_between_the_ends() {
        let line = [0.0, 10.0, 10.2, 30.0, 30.0, 50.0];
        assert_eq!(run_from(&line, 1), Some((1, 2)));
        assert_eq!(run_from(&line, 3), Some((3, 4)));
        assert_eq!(run_from(&line, 5), None, "the last point is an end");
    }

    #[test]
    fn a_run_moves_onto_the_nearer_free_line_that_takes_out_a_turn() {
        // 296 lies 16 px from the port above and 16 px from the one below:
        // onto either, the flow turns once instead of twice.
        let line = [280.0, 296.0, 296.0, 280.0];
        assert_eq!(better_lines(&line, 1, 2), [280.0]);
        let line = [318.0, 296.0, 296.0, 280.0];
        assert_eq!(
            better_lines(&line, 1, 2),
            [280.0, 318.0],
            "the nearer first, the other where the rows block it"
        );
    }

    #[test]
    fn a_run_stays_where_moving_it_only_moves_the_turn() {
        // Straight on into the next run: moving would only move the jog.
        assert!(better_lines(&[280.0, 296.0, 296.0, 296.0, 296.0], 1, 2).is_empty());
    }

    #[test]
    fn a_notch_moves_onto_a_neighbour_however_wide() {
        // Out 60 px to the right and back 40: the flow back-tracks.
        let line = [240.0, 300.0, 300.0, 260.0];
        assert_eq!(better_lines(&line, 1, 2), [260.0, 240.0]);
        assert_eq!(better_lines(&[240.0, 280.0, 240.0], 1, 1), [240.0]);
    }

    #[test]
    fn a_step_of_a_staircase_moves_onto_a_neighbour_however_wide() {
        // 40 px across, then 60 more: one turn of 100 px instead of two.
        let line = [240.0, 280.0, 280.0, 340.0];
        assert_eq!(better_lines(&line, 1, 2), [240.0, 340.0]);
    }
}
