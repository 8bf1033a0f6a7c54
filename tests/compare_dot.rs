//! Layout quality against Graphviz `dot` on the same graphs (`wb export
//! --to dot`): edge crossings between edges that share no end, and drawing
//! area, summed over the examples.
//!
//! Issue 4's target, asserted here: no more crossings than dot in total and
//! at most 1.2× its drawing area. The figures are printed.
//! It needs `dot`; `.ci/run` installs Graphviz. Without it the test says so
//! and passes, except under CI, where a missing `dot` is a failure.

mod common;

use std::process::Command;

/// Crossings allowed above dot's total on the examples.
const CROSSING_ALLOWANCE: usize = 0;
/// Our total drawing area over dot's, at most (the target).
const AREA_BOUND: f64 = 1.2;

type Polyline = Vec<(f64, f64)>;

fn segments_cross(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> bool {
    let orient = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| {
        (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
    };
    orient(a, b, c) * orient(a, b, d) < 0.0 && orient(c, d, a) * orient(c, d, b) < 0.0
}

/// Pairs of edges with no common end whose drawings cross.
fn crossings(edges: &[(String, String, Polyline)]) -> usize {
    let mut count = 0;
    for (i, (f1, t1, p1)) in edges.iter().enumerate() {
        for (f2, t2, p2) in edges.iter().skip(i + 1) {
            if f1 == f2 || f1 == t2 || t1 == f2 || t1 == t2 {
                continue;
            }
            let hit = p1.windows(2).any(|s| {
                p2.windows(2)
                    .any(|r| segments_cross(s[0], s[1], r[0], r[1]))
            });
            count += usize::from(hit);
        }
    }
    count
}

fn bezier(points: &[(f64, f64)]) -> Polyline {
    let mut out = Vec::new();
    for chunk in (0..points.len().saturating_sub(3)).step_by(3) {
        let (Some(p0), Some(p1), Some(p2), Some(p3)) = (
            points.get(chunk),
            points.get(chunk + 1),
            points.get(chunk + 2),
            points.get(chunk + 3),
        ) else {
            continue;
        };
        for step in 0..=8 {
            let t = f64::from(step) / 8.0;
            let u = 1.0 - t;
            let x = u * u * u * p0.0
                + 3.0 * u * u * t * p1.0
                + 3.0 * u * t * t * p2.0
                + t * t * t * p3.0;
            let y = u * u * u * p0.1
                + 3.0 * u * u * t * p1.1
                + 3.0 * u * t * t * p2.1
                + t * t * t * p3.1;
            out.push((x, y));
        }
    }
    out
}

fn dot_metrics(model: &whiteboard::model::Model) -> (usize, f64) {
    let direction = whiteboard::layout::Direction::of(&model.settings).unwrap_or_default();
    let source = whiteboard::export::dot::dot(model, direction);
    let output = common::pipe(Command::new("dot").arg("-Tjson"), source.as_bytes());
    let json: serde_json::Value = common::json_stdout(&output, "dot -Tjson");
    let bb: Vec<f64> = json["bb"]
        .as_str()
        .unwrap_or("0,0,0,0")
        .split(',')
        .filter_map(|v| v.parse().ok())
        .collect();
    let area = match bb.as_slice() {
        [x0, y0, x1, y1] => (x1 - x0) * (y1 - y0),
        _ => 0.0,
    };
    let names: Vec<String> = json["objects"]
        .as_array()
        .map(|objects| {
            objects
                .iter()
                .map(|o| o["name"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    let name = |id: &serde_json::Value| {
        id.as_u64()
            .and_then(|i| names.get(i as usize).cloned())
            .unwrap_or_default()
    };
    let edges: Vec<(String, String, Polyline)> = json["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .map(|edge| {
                    let points: Vec<(f64, f64)> = edge["pos"]
                        .as_str()
                        .unwrap_or("")
                        .split(' ')
                        .filter(|p| !p.starts_with("e,") && !p.starts_with("s,"))
                        .filter_map(|p| {
                            let mut xy = p.split(',').filter_map(|v| v.parse::<f64>().ok());
                            Some((xy.next()?, xy.next()?))
                        })
                        .collect();
                    (name(&edge["tail"]), name(&edge["head"]), bezier(&points))
                })
                .collect()
        })
        .unwrap_or_default();
    (crossings(&edges), area)
}

fn our_metrics(model: &whiteboard::model::Model) -> (usize, f64) {
    let direction = whiteboard::layout::Direction::of(&model.settings).unwrap_or_default();
    let layout =
        whiteboard::layout::layout(&model.design, direction).expect("small enough to draw");
    let edges: Vec<(String, String, Polyline)> = layout
        .edges
        .iter()
        .map(|e| {
            (
                e.from.clone(),
                e.to.clone(),
                e.points.iter().map(|p| (p[0], p[1])).collect(),
            )
        })
        .collect();
    (crossings(&edges), layout.width * layout.height)
}

#[test]
fn no_more_crossings_than_dot_and_at_most_a_fifth_more_area() {
    if !common::needs_dot() {
        return;
    }
    let (mut ours, mut theirs) = ((0, 0.0), (0, 0.0));
    for path in common::examples() {
        let compiled = whiteboard::compile(&std::fs::read_to_string(&path).expect("example"));
        let (our_crossings, our_area) = our_metrics(&compiled.model);
        let (dot_crossings, dot_area) = dot_metrics(&compiled.model);
        eprintln!(
            "{}: crossings {our_crossings} (dot {dot_crossings}), area {:.2}× dot's",
            path.display(),
            our_area / dot_area.max(1.0)
        );
        ours = (ours.0 + our_crossings, ours.1 + our_area);
        theirs = (theirs.0 + dot_crossings, theirs.1 + dot_area);
    }
    let ratio = ours.1 / theirs.1.max(1.0);
    eprintln!(
        "total: crossings {} (dot {}), area {ratio:.2}× dot's",
        ours.0, theirs.0
    );
    assert!(
        ours.0 <= theirs.0 + CROSSING_ALLOWANCE,
        "crossings {} vs dot {}",
        ours.0,
        theirs.0
    );
    assert!(ratio <= AREA_BOUND, "area {ratio:.2}× dot's");
}
