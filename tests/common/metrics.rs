//! Measures of a drawing, the same for ours and for Graphviz `dot`'s: edge
//! crossings, total edge length, combs, labels far from their flow or
//! nearer another, flows drawn backwards, and area. Issue 16 defines them;
//! `tests/compare_dot.rs` prints them side by side and asserts the bars.

use std::collections::{HashMap, HashSet};

use whiteboard::layout::{Direction, Layout};

pub type Point = (f64, f64);

#[derive(Clone, Copy, Debug)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    fn centre(&self) -> Point {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    fn contains(&self, p: Point) -> bool {
        p.0 >= self.x && p.0 <= self.x + self.w && p.1 >= self.y && p.1 <= self.y + self.h
    }

    fn corners(&self) -> [Point; 4] {
        [
            (self.x, self.y),
            (self.x + self.w, self.y),
            (self.x, self.y + self.h),
            (self.x + self.w, self.y + self.h),
        ]
    }

    fn sides(&self) -> [(Point, Point); 4] {
        let [a, b, c, d] = self.corners();
        [(a, b), (b, d), (d, c), (c, a)]
    }

    /// Shortest distance from the rectangle to a segment (0 if they meet).
    pub fn distance_to_segment(&self, p: Point, q: Point) -> f64 {
        if self.contains(p) || self.contains(q) {
            return 0.0;
        }
        if self
            .sides()
            .iter()
            .any(|(a, b)| segments_cross(p, q, *a, *b))
        {
            return 0.0;
        }
        let from_ends = [p, q].into_iter().map(|e| self.distance_to_point(e));
        let from_corners = self
            .corners()
            .into_iter()
            .map(|c| point_to_segment(c, p, q));
        from_ends.chain(from_corners).fold(f64::INFINITY, f64::min)
    }

    fn distance_to_point(&self, p: Point) -> f64 {
        let dx = (self.x - p.0).max(0.0).max(p.0 - (self.x + self.w));
        let dy = (self.y - p.1).max(0.0).max(p.1 - (self.y + self.h));
        dx.hypot(dy)
    }

    fn distance_to_polyline(&self, points: &[Point]) -> f64 {
        points
            .windows(2)
            .map(|s| self.distance_to_segment(s[0], s[1]))
            .fold(f64::INFINITY, f64::min)
    }
}

fn point_to_segment(c: Point, p: Point, q: Point) -> f64 {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let length = dx * dx + dy * dy;
    let t = if length == 0.0 {
        0.0
    } else {
        (((c.0 - p.0) * dx + (c.1 - p.1) * dy) / length).clamp(0.0, 1.0)
    };
    (c.0 - (p.0 + t * dx)).hypot(c.1 - (p.1 + t * dy))
}

pub fn segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool {
    let orient =
        |p: Point, q: Point, r: Point| (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0);
    orient(a, b, c) * orient(a, b, d) < 0.0 && orient(c, d, a) * orient(c, d, b) < 0.0
}

#[derive(Clone, Debug)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub points: Vec<Point>,
    pub label: Option<Rect>,
}

#[derive(Clone, Debug)]
pub struct Drawing {
    pub direction: Direction,
    pub width: f64,
    pub height: f64,
    pub nodes: HashMap<String, Rect>,
    pub edges: Vec<Edge>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Measures {
    pub crossings: usize,
    pub length: f64,
    pub combs: usize,
    pub far_labels: usize,
    pub ambiguous_labels: usize,
    pub backward: usize,
    pub area: f64,
}

impl std::ops::AddAssign for Measures {
    fn add_assign(&mut self, other: Measures) {
        self.crossings += other.crossings;
        self.length += other.length;
        self.combs += other.combs;
        self.far_labels += other.far_labels;
        self.ambiguous_labels += other.ambiguous_labels;
        self.backward += other.backward;
        self.area += other.area;
    }
}

/// Our drawing, from the layout.
pub fn ours(layout: &Layout) -> Drawing {
    Drawing {
        direction: layout.direction,
        width: layout.width,
        height: layout.height,
        nodes: layout
            .nodes
            .iter()
            .map(|n| {
                (
                    n.id.clone(),
                    Rect {
                        x: n.x,
                        y: n.y,
                        w: n.width,
                        h: n.height,
                    },
                )
            })
            .collect(),
        edges: layout
            .edges
            .iter()
            .map(|e| Edge {
                from: e.from.clone(),
                to: e.to.clone(),
                points: e.points.iter().map(|p| (p[0], p[1])).collect(),
                label: e.label.map(|l| Rect {
                    x: l.x,
                    y: l.y,
                    w: l.width,
                    h: l.height,
                }),
            })
            .collect(),
    }
}

/// The same node positions joined by straight segments through the points
/// where each drawn flow passes the middle of a rank: what routing starts
/// from. Crossings of the drawing over crossings of this is the routing cost.
pub fn straightened(drawing: &Drawing) -> Drawing {
    let across = |p: Point| match drawing.direction {
        Direction::Down => p.1,
        Direction::Right => p.0,
    };
    let mut middles: Vec<f64> = drawing.nodes.values().map(|r| across(r.centre())).collect();
    middles.sort_by(f64::total_cmp);
    middles.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    let edges = drawing
        .edges
        .iter()
        .map(|edge| {
            let mut points = Vec::new();
            if let Some(first) = edge.points.first() {
                points.push(*first);
            }
            for pair in edge.points.windows(2) {
                let (p, q) = (pair[0], pair[1]);
                let (lo, hi) = (across(p).min(across(q)), across(p).max(across(q)));
                let mut hits: Vec<Point> = middles
                    .iter()
                    .filter(|m| **m > lo && **m < hi)
                    .map(|m| {
                        let t = (m - across(p)) / (across(q) - across(p));
                        (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
                    })
                    .collect();
                if across(q) < across(p) {
                    hits.reverse();
                }
                points.extend(hits);
            }
            if let Some(last) = edge.points.last() {
                points.push(*last);
            }
            Edge {
                points,
                label: None,
                ..edge.clone()
            }
        })
        .collect();
    Drawing {
        edges,
        ..drawing.clone()
    }
}

/// A segment of a flow, for the spatial index.
struct Segment {
    edge: usize,
    p: Point,
    q: Point,
}

/// Segments bucketed by the cells of a grid their bounding boxes touch, so
/// that only nearby segments are compared.
fn nearby_pairs(segments: &[Segment], reach: f64, mut visit: impl FnMut(&Segment, &Segment)) {
    const CELL: f64 = 48.0;
    let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, s) in segments.iter().enumerate() {
        let cell = |v: f64| (v / CELL).floor() as i64;
        let (x0, x1) = (
            cell(s.p.0.min(s.q.0) - reach),
            cell(s.p.0.max(s.q.0) + reach),
        );
        let (y0, y1) = (
            cell(s.p.1.min(s.q.1) - reach),
            cell(s.p.1.max(s.q.1) + reach),
        );
        for x in x0..=x1 {
            for y in y0..=y1 {
                cells.entry((x, y)).or_default().push(i);
            }
        }
    }
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for list in cells.values() {
        for (k, &i) in list.iter().enumerate() {
            for &j in &list[k + 1..] {
                let (a, b) = (&segments[i], &segments[j]);
                if a.edge == b.edge || !seen.insert((i.min(j), i.max(j))) {
                    continue;
                }
                visit(a, b);
            }
        }
    }
}

fn segments_of(drawing: &Drawing) -> Vec<Segment> {
    drawing
        .edges
        .iter()
        .enumerate()
        .flat_map(|(edge, e)| {
            e.points.windows(2).filter_map(move |s| {
                let (p, q) = (s[0], s[1]);
                ((p.0 - q.0).hypot(p.1 - q.1) > 1e-6).then_some(Segment { edge, p, q })
            })
        })
        .collect()
}

/// Pairs of flows with no common end whose drawings cross.
pub fn crossings(drawing: &Drawing) -> usize {
    let segments = segments_of(drawing);
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    nearby_pairs(&segments, 0.0, |a, b| {
        let (e, f) = (&drawing.edges[a.edge], &drawing.edges[b.edge]);
        if e.from == f.from || e.from == f.to || e.to == f.from || e.to == f.to {
            return;
        }
        if segments_cross(a.p, a.q, b.p, b.q) {
            pairs.insert((a.edge.min(b.edge), a.edge.max(b.edge)));
        }
    });
    pairs.len()
}

/// Pairs of flows that run side by side, parallel within 3°, 0.5 to 8 apart,
/// over at least 24 (segments that coincide, a shared trunk, do not count).
pub fn combs(drawing: &Drawing) -> usize {
    const ANGLE: f64 = 3.0 * std::f64::consts::PI / 180.0;
    let segments = segments_of(drawing);
    let mut side_by_side: HashMap<(usize, usize), f64> = HashMap::new();
    nearby_pairs(&segments, 8.0, |a, b| {
        let length = (a.q.0 - a.p.0).hypot(a.q.1 - a.p.1);
        let u = ((a.q.0 - a.p.0) / length, (a.q.1 - a.p.1) / length);
        let v = {
            let l = (b.q.0 - b.p.0).hypot(b.q.1 - b.p.1);
            ((b.q.0 - b.p.0) / l, (b.q.1 - b.p.1) / l)
        };
        let sine = (u.0 * v.1 - u.1 * v.0).abs();
        if sine > ANGLE.sin() {
            return;
        }
        let along = |p: Point| (p.0 - a.p.0) * u.0 + (p.1 - a.p.1) * u.1;
        let off = |p: Point| ((p.0 - a.p.0) * -u.1 + (p.1 - a.p.1) * u.0).abs();
        let (ta, tb) = (along(b.p), along(b.q));
        let overlap = length.min(ta.max(tb)) - 0.0f64.max(ta.min(tb));
        if overlap <= 0.0 {
            return;
        }
        let apart = |d: f64| (0.5..=8.0).contains(&d);
        if apart(off(b.p)) && apart(off(b.q)) {
            *side_by_side
                .entry((a.edge.min(b.edge), a.edge.max(b.edge)))
                .or_default() += overlap;
        }
    });
    side_by_side.values().filter(|l| **l >= 24.0).count()
}

pub fn length(drawing: &Drawing) -> f64 {
    drawing
        .edges
        .iter()
        .flat_map(|e| e.points.windows(2))
        .map(|s| (s[1].0 - s[0].0).hypot(s[1].1 - s[0].1))
        .sum()
}

/// (far, ambiguous): labels more than 8 from their own flow, and labels
/// that another flow passes nearer than their own (by more than 1).
pub fn label_faults(drawing: &Drawing) -> (usize, usize) {
    let (mut far, mut ambiguous) = (0, 0);
    for (i, edge) in drawing.edges.iter().enumerate() {
        let Some(label) = edge.label else { continue };
        let own = label.distance_to_polyline(&edge.points);
        far += usize::from(own > 8.0);
        let nearer = drawing
            .edges
            .iter()
            .enumerate()
            .any(|(j, other)| j != i && label.distance_to_polyline(&other.points) < own - 1.0);
        ambiguous += usize::from(nearer);
    }
    (far, ambiguous)
}

/// Flows whose head is drawn against the direction of the drawing.
pub fn backward(drawing: &Drawing) -> usize {
    drawing
        .edges
        .iter()
        .filter(|e| {
            let (Some(tail), Some(head)) = (drawing.nodes.get(&e.from), drawing.nodes.get(&e.to))
            else {
                return false;
            };
            let (t, h) = (tail.centre(), head.centre());
            match drawing.direction {
                Direction::Down => h.1 < t.1 - 1.0,
                Direction::Right => h.0 < t.0 - 1.0,
            }
        })
        .count()
}

pub fn measure(drawing: &Drawing) -> Measures {
    let (far_labels, ambiguous_labels) = label_faults(drawing);
    Measures {
        crossings: crossings(drawing),
        length: length(drawing),
        combs: combs(drawing),
        far_labels,
        ambiguous_labels,
        backward: backward(drawing),
        area: drawing.width * drawing.height,
    }
}

/// Points of cubic Bézier pieces (as `dot` gives them), sampled.
fn bezier(points: &[Point]) -> Vec<Point> {
    let mut out = Vec::new();
    let mut at = 0;
    while let (Some(p0), Some(p1), Some(p2), Some(p3)) = (
        points.get(at),
        points.get(at + 1),
        points.get(at + 2),
        points.get(at + 3),
    ) {
        for step in 0..=8 {
            let t = f64::from(step) / 8.0;
            let u = 1.0 - t;
            let mix = |a: f64, b: f64, c: f64, d: f64| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            out.push((mix(p0.0, p1.0, p2.0, p3.0), mix(p0.1, p1.1, p2.1, p3.1)));
        }
        at += 3;
    }
    out
}

/// The numbers of a `dot` attribute such as `pos` or `bb` ("1.5,2,3").
pub fn numbers(text: &str) -> Vec<f64> {
    text.split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect()
}

/// `dot`'s drawing, from its `-Tjson` output (y flipped to point down).
pub fn from_dot_json(json: &serde_json::Value, direction: Direction) -> Drawing {
    let bb = numbers(json["bb"].as_str().unwrap_or("0,0,0,0"));
    let (width, height) = match bb.as_slice() {
        [x0, y0, x1, y1] => (x1 - x0, y1 - y0),
        _ => (0.0, 0.0),
    };
    let flip = |x: f64, y: f64| (x, height - y);
    let objects = json["objects"].as_array().cloned().unwrap_or_default();
    let names: Vec<String> = objects
        .iter()
        .map(|o| o["name"].as_str().unwrap_or("").to_string())
        .collect();
    let nodes = objects
        .iter()
        .filter(|o| o["nodes"].is_null() && o["pos"].is_string())
        .filter_map(|o| {
            let pos = numbers(o["pos"].as_str()?);
            let w = o["width"].as_str()?.parse::<f64>().ok()? * 72.0;
            let h = o["height"].as_str()?.parse::<f64>().ok()? * 72.0;
            let (x, y) = flip(*pos.first()?, *pos.get(1)?);
            Some((
                o["name"].as_str()?.to_string(),
                Rect {
                    x: x - w / 2.0,
                    y: y - h / 2.0,
                    w,
                    h,
                },
            ))
        })
        .collect();
    let name = |id: &serde_json::Value| {
        id.as_u64()
            .and_then(|i| names.get(i as usize).cloned())
            .unwrap_or_default()
    };
    let edges = json["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|edge| {
            let mut controls = Vec::new();
            let (mut start, mut end) = (None, None);
            for part in edge["pos"].as_str().unwrap_or("").split(' ') {
                let (tag, xy) = match part.split_once(',') {
                    Some(("e", rest)) => (Some('e'), rest),
                    Some(("s", rest)) => (Some('s'), rest),
                    _ => (None, part),
                };
                let v = numbers(xy);
                let (Some(x), Some(y)) = (v.first(), v.get(1)) else {
                    continue;
                };
                let p = flip(*x, *y);
                match tag {
                    Some('e') => end = Some(p),
                    Some('s') => start = Some(p),
                    _ => controls.push(p),
                }
            }
            let mut points: Vec<Point> = start.into_iter().collect();
            points.extend(bezier(&controls));
            points.extend(end);
            let label = edge["lp"].as_str().map(|lp| {
                let c = numbers(lp);
                let (x, y) = flip(
                    c.first().copied().unwrap_or(0.0),
                    c.get(1).copied().unwrap_or(0.0),
                );
                let text = edge["label"].as_str().unwrap_or("");
                let lines: Vec<&str> = text.split("\\n").flat_map(|l| l.split('\n')).collect();
                let w = lines
                    .iter()
                    .map(|l| {
                        whiteboard::layout::text::width(
                            l,
                            11.0,
                            whiteboard::layout::text::Weight::Regular,
                        )
                    })
                    .fold(0.0, f64::max);
                let h = lines.len() as f64 * 14.0;
                Rect {
                    x: x - w / 2.0,
                    y: y - h / 2.0,
                    w,
                    h,
                }
            });
            Edge {
                from: name(&edge["tail"]),
                to: name(&edge["head"]),
                points,
                label,
            }
        })
        .collect();
    Drawing {
        direction,
        width,
        height,
        nodes,
        edges,
    }
}

/// `dot -Tjson`'s answer for a DOT source.
pub fn dot_json(source: &str) -> serde_json::Value {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg("-Tjson")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot starts");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(source.as_bytes());
    }
    let output = child.wait_with_output().expect("dot finishes");
    assert!(
        output.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("dot's JSON")
}

/// `dot`'s drawing of the design's DOT export.
pub fn dot_drawing(model: &whiteboard::model::Model) -> Drawing {
    let direction = Direction::of(&model.settings).unwrap_or_default();
    let json = dot_json(&whiteboard::export::dot::dot(model, direction));
    from_dot_json(&json, direction)
}

/// Our drawing of the design.
pub fn our_drawing(model: &whiteboard::model::Model) -> Drawing {
    let direction = Direction::of(&model.settings).unwrap_or_default();
    ours(&whiteboard::layout::layout(&model.design, direction).expect("small enough to draw"))
}
