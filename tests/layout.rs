//! Layout laws, on every example, the new users' designs and the real graphs
//! (both directions) and on generated designs: no two components overlap,
//! no label sits on a component or another label, no edge passes through a
//! component that is not one of its ends, every group holds its members and
//! nothing else, a label stands on its own flow and no other flow passes
//! nearer it, and the same design gives the same layout.

mod common;

use whiteboard::layout::{self, Direction, Layout};
use whiteboard::model::{Design, Model};

#[derive(Clone, Copy, Debug)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlaps(&self, other: &Rect) -> bool {
        const SLACK: f64 = 0.5;
        self.x + SLACK < other.x + other.w
            && other.x + SLACK < self.x + self.w
            && self.y + SLACK < other.y + other.h
            && other.y + SLACK < self.y + self.h
    }

    fn contains(&self, inner: &Rect) -> bool {
        inner.x >= self.x - 0.01
            && inner.y >= self.y - 0.01
            && inner.x + inner.w <= self.x + self.w + 0.01
            && inner.y + inner.h <= self.y + self.h + 0.01
    }

    /// Whether an axis-parallel segment runs through the inside.
    fn cut_by(&self, a: [f64; 2], b: [f64; 2]) -> bool {
        const INSET: f64 = 1.0;
        let (left, right) = (self.x + INSET, self.x + self.w - INSET);
        let (top, bottom) = (self.y + INSET, self.y + self.h - INSET);
        let (x1, x2) = (a[0].min(b[0]), a[0].max(b[0]));
        let (y1, y2) = (a[1].min(b[1]), a[1].max(b[1]));
        x1 < right && x2 > left && y1 < bottom && y2 > top
    }

    fn contains_point(&self, p: (f64, f64)) -> bool {
        p.0 > self.x && p.0 < self.x + self.w && p.1 > self.y && p.1 < self.y + self.h
    }

    fn distance_to_segment(&self, a: [f64; 2], b: [f64; 2]) -> f64 {
        let clamp = |v: f64, lo: f64, hi: f64| v.max(lo).min(hi);
        // Nearest points between a rectangle and an axis-parallel segment.
        let sx = clamp(self.x + self.w / 2.0, a[0].min(b[0]), a[0].max(b[0]));
        let sy = clamp(self.y + self.h / 2.0, a[1].min(b[1]), a[1].max(b[1]));
        let dx = (self.x - sx).max(0.0).max(sx - (self.x + self.w));
        let dy = (self.y - sy).max(0.0).max(sy - (self.y + self.h));
        (dx * dx + dy * dy).sqrt()
    }
}

/// No note covers a component, a label or another note.
fn notes_keep_clear(
    layout: &Layout,
    nodes: &[(String, Rect)],
    labels: &[(usize, Rect)],
    what: &str,
) {
    let notes: Vec<Rect> = layout
        .notes
        .iter()
        .map(|n| Rect {
            x: n.x,
            y: n.y,
            w: n.width,
            h: n.height,
        })
        .collect();
    for (i, note) in notes.iter().enumerate() {
        for (id, node) in nodes {
            assert!(
                !note.overlaps(node),
                "{what}: note {i} covers component {id}"
            );
        }
        for (edge, label) in labels {
            assert!(
                !note.overlaps(label),
                "{what}: note {i} covers the label of edge {edge}"
            );
        }
        for (j, other) in notes.iter().enumerate().skip(i + 1) {
            assert!(!note.overlaps(other), "{what}: notes {i} and {j} overlap");
        }
    }
}

fn check(design: &Design, layout: &Layout, what: &str) {
    let nodes: Vec<(String, Rect)> = layout
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
        .collect();
    assert_eq!(
        nodes.len(),
        design.components().count(),
        "{what}: every component is placed"
    );
    for (i, (a, ra)) in nodes.iter().enumerate() {
        for (b, rb) in nodes.iter().skip(i + 1) {
            assert!(!ra.overlaps(rb), "{what}: components {a} and {b} overlap");
        }
    }
    let labels: Vec<(usize, Rect)> = layout
        .edges
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            e.label.map(|l| {
                (
                    i,
                    Rect {
                        x: l.x,
                        y: l.y,
                        w: l.width,
                        h: l.height,
                    },
                )
            })
        })
        .collect();
    for (i, (edge, label)) in labels.iter().enumerate() {
        for (id, node) in &nodes {
            assert!(
                !label.overlaps(node),
                "{what}: the label of edge {edge} overlaps component {id}"
            );
        }
        for (other, rect) in labels.iter().skip(i + 1) {
            assert!(
                !label.overlaps(rect),
                "{what}: labels of edges {edge} and {other} overlap"
            );
        }
    }
    notes_keep_clear(layout, &nodes, &labels, what);
    for (index, edge) in layout.edges.iter().enumerate() {
        assert!(edge.points.len() >= 2, "{what}: edge {index} has a route");
        for pair in edge.points.windows(2) {
            let [a, b] = [pair[0], pair[1]];
            assert!(
                a[0] == b[0] || a[1] == b[1],
                "{what}: edge {index} has a diagonal segment"
            );
            for (id, node) in &nodes {
                if *id == edge.from || *id == edge.to {
                    continue;
                }
                assert!(
                    !node.cut_by(a, b),
                    "{what}: edge {} -> {} passes through {id}",
                    edge.from,
                    edge.to
                );
            }
            for (other, label) in &labels {
                if *other != index {
                    assert!(
                        !label.cut_by(a, b),
                        "{what}: edge {} -> {} crosses the label of edge {other}",
                        edge.from,
                        edge.to
                    );
                }
            }
        }
        if let Some(label) = edge.label {
            let rect = Rect {
                x: label.x,
                y: label.y,
                w: label.width,
                h: label.height,
            };
            let distance = |points: &[[f64; 2]]| {
                points
                    .windows(2)
                    .map(|p| rect.distance_to_segment(p[0], p[1]))
                    .fold(f64::INFINITY, f64::min)
            };
            let nearest = distance(&edge.points);
            for other in &layout.edges {
                let theirs = distance(&other.points);
                assert!(
                    theirs >= nearest - 0.01 || std::ptr::eq(other, edge),
                    "{what}: the flow {} -> {} passes nearer the label of {} -> {} ({theirs}) than its own ({nearest})",
                    other.from,
                    other.to,
                    edge.from,
                    edge.to
                );
            }
            assert!(
                nearest <= 0.0,
                "{what}: the label of {} -> {} is {nearest} away from its edge, not on it",
                edge.from,
                edge.to
            );
        }
    }
    for group in &layout.groups {
        let rect = Rect {
            x: group.x,
            y: group.y,
            w: group.width,
            h: group.height,
        };
        let members: Vec<&str> = design
            .components()
            .filter(|c| in_group(design, c.group.as_deref(), &group.id))
            .map(|c| c.id.as_str())
            .collect();
        for (id, node) in &nodes {
            if members.contains(&id.as_str()) {
                assert!(
                    rect.contains(node),
                    "{what}: group {} does not contain its member {id}",
                    group.id
                );
            } else {
                assert!(
                    !rect.overlaps(node),
                    "{what}: group {} overlaps non-member {id}",
                    group.id
                );
            }
        }
    }
    for node in &layout.nodes {
        assert!(
            node.x >= 0.0 && node.y >= 0.0,
            "{what}: {} is off the canvas",
            node.id
        );
        assert!(
            node.x + node.width <= layout.width + 0.01,
            "{what}: {} is off the canvas",
            node.id
        );
        assert!(
            node.y + node.height <= layout.height + 0.01,
            "{what}: {} is off the canvas",
            node.id
        );
    }
}

/// Flows share a stretch of line (a trunk) only when they are solid,
/// one-way, and all leave or all reach the component they share (or share
/// a port there): a dashed stretch drawn twice reads as solid, and a head
/// on a trunk reads as every branch's. A trunk leaves its component
/// through one port, not a row of stubs into one bar.
fn check_trunks(design: &Design, layout: &Layout, what: &str) {
    use whiteboard::model::FlowKind;
    let kind = |e: &layout::EdgePath| design.graph.edge_weight(e.flow).map(|f| f.kind);
    let mut by_end: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, e) in layout.edges.iter().enumerate() {
        by_end.entry(e.from.as_str()).or_default().push(i);
        if e.to != e.from {
            by_end.entry(e.to.as_str()).or_default().push(i);
        }
    }
    for (unit, edges) in &by_end {
        for (n, &i) in edges.iter().enumerate() {
            for &j in edges.iter().skip(n + 1) {
                let (a, b) = (&layout.edges[i], &layout.edges[j]);
                let alike = kind(a) == Some(FlowKind::Sync)
                    && kind(b) == Some(FlowKind::Sync)
                    && (a.from == *unit) == (b.from == *unit);
                // Flows at one port (a side too short for a port each) leave
                // as one line by design.
                let ends =
                    |e: &layout::EdgePath| [e.points.first().copied(), e.points.last().copied()];
                let one_port = ends(a).iter().any(|p| p.is_some() && ends(b).contains(p));
                if alike && a.from == *unit {
                    // A trunk leaves its component through one port.
                    let (Some(ra), Some(rb)) = (first_run(&a.points), first_run(&b.points)) else {
                        continue;
                    };
                    assert!(
                        !share_a_stretch(&ra, &rb) || a.points.first() == b.points.first(),
                        "{what}: {}->{} and {}->{} share a trunk but leave {unit} apart",
                        a.from,
                        a.to,
                        b.from,
                        b.to
                    );
                }
                if alike || one_port {
                    continue;
                }
                assert!(
                    !share_a_stretch(&a.points, &b.points),
                    "{what}: {}->{} and {}->{} share a line at {unit}",
                    a.from,
                    a.to,
                    b.from,
                    b.to
                );
            }
        }
    }
}

/// The first turn of a route: its first segment across the direction it
/// leaves its component in.
fn first_run(points: &[[f64; 2]]) -> Option<[[f64; 2]; 2]> {
    let (p, q) = (points.first()?, points.get(1)?);
    // The coordinate that stays the same along the stem changes along the
    // turn.
    let across = usize::from((p[0] - q[0]).abs() > 0.01);
    let along = 1 - across;
    points
        .windows(2)
        .find(|w| {
            (w[0][across] - w[1][across]).abs() > 0.01 && (w[0][along] - w[1][along]).abs() < 0.01
        })
        .map(|w| [w[0], w[1]])
}

/// Whether two routes have an axis-parallel stretch of more than 2 px in
/// common.
fn share_a_stretch(a: &[[f64; 2]], b: &[[f64; 2]]) -> bool {
    let along = |p: [f64; 2], q: [f64; 2], r: [f64; 2], s: [f64; 2], axis: usize| {
        let other = 1 - axis;
        let flat = |u: [f64; 2], v: [f64; 2]| (u[other] - v[other]).abs() < 0.01;
        if !flat(p, q) || !flat(r, s) || (p[other] - r[other]).abs() > 0.25 {
            return false;
        }
        let (lo1, hi1) = (p[axis].min(q[axis]), p[axis].max(q[axis]));
        let (lo2, hi2) = (r[axis].min(s[axis]), r[axis].max(s[axis]));
        hi1.min(hi2) - lo1.max(lo2) > 2.0
    };
    a.windows(2).any(|x| {
        b.windows(2)
            .any(|y| (0..2).any(|axis| along(x[0], x[1], y[0], y[1], axis)))
    })
}

/// Whether a component whose innermost group is `group` is inside `target`.
fn in_group(design: &Design, group: Option<&str>, target: &str) -> bool {
    let mut at = group;
    for _ in 0..=design.groups.len() {
        match at {
            Some(g) if g == target => return true,
            Some(g) => at = design.group(g).and_then(|info| info.parent.as_deref()),
            None => return false,
        }
    }
    false
}

fn model_of(text: &str) -> Model {
    let compiled = whiteboard::compile(text);
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    compiled.model
}

#[test]
fn every_example_lays_out_cleanly_in_both_directions() {
    for path in common::examples() {
        let model = model_of(&std::fs::read_to_string(&path).expect("example"));
        check_both_directions(&model.design, &path.display().to_string());
        for (i, stage) in model.stages.iter().enumerate() {
            check_both_directions(
                &stage.design,
                &format!("{} stage {}", path.display(), i + 1),
            );
        }
    }
}

/// Checks both directions, and that flows share lines only as trunks
/// should ([`check_trunks`]). (The seeded random graphs of
/// `generated_designs_lay_out_cleanly` still have a few legs of opposite
/// flows on one line where a channel's order constraints conflict.)
fn check_both_directions(design: &Design, what: &str) {
    for direction in [Direction::Down, Direction::Right] {
        let drawn = layout::layout(design, direction).expect("small enough to draw");
        let what = format!("{what} ({direction:?})");
        check(design, &drawn, &what);
        check_trunks(design, &drawn, &what);
    }
}

#[test]
fn generated_designs_lay_out_cleanly() {
    for (components, seed) in [(12, 1), (30, 2), (60, 3), (120, 4), (250, 5)] {
        let model = model_of(&common::generate::seeded(components, seed));
        for direction in [Direction::Down, Direction::Right] {
            let what = format!("{components} components, seed {seed} ({direction:?})");
            check(
                &model.design,
                &layout::layout(&model.design, direction).expect("small enough to draw"),
                &what,
            );
        }
    }
}

#[test]
fn generated_architectures_lay_out_cleanly() {
    for (components, seed) in [(50, 11), (180, 12)] {
        let model = model_of(&common::generate::architecture(components, seed));
        check_both_directions(
            &model.design,
            &format!("architecture of {components}, seed {seed}"),
        );
    }
}

#[test]
fn the_same_design_gives_the_same_layout() {
    let text = std::fs::read_to_string(common::root().join("examples/chat.wb")).expect("example");
    let first = serde_json::to_string(
        &layout::layout(&model_of(&text).design, Direction::Down).expect("small enough to draw"),
    )
    .expect("json");
    let second = serde_json::to_string(
        &layout::layout(&model_of(&text).design, Direction::Down).expect("small enough to draw"),
    )
    .expect("json");
    assert_eq!(first, second);
}

#[test]
fn a_small_edit_moves_little() {
    for example in ["examples/url-shortener.wb", "examples/chat.wb"] {
        let text = std::fs::read_to_string(common::root().join(example)).expect("example");
        let before = model_of(&text);
        let edited = model_of(&format!(
            "{text}\nservice extra \"Extra\"\nextra -> {}: new call\n",
            first_service(&before)
        ));
        let direction = Direction::of(&before.settings).unwrap_or_default();
        let a = layout::layout(&before.design, direction).expect("small enough to draw");
        let b = layout::layout(&edited.design, direction).expect("small enough to draw");
        let size = a.width.max(a.height);
        for node in &a.nodes {
            let moved = b
                .nodes
                .iter()
                .find(|n| n.id == node.id)
                .map(|n| (n.x - node.x).abs() + (n.y - node.y).abs());
            let moved = moved.expect("still there");
            assert!(
                moved <= size * 0.15,
                "{example}: {} moved {moved} in a drawing of {size}",
                node.id
            );
        }
    }
}

fn first_service(model: &Model) -> String {
    model
        .design
        .components()
        .find(|c| c.kind == whiteboard::model::Kind::Service)
        .map(|c| c.id.clone())
        .unwrap_or_default()
}

#[test]
fn new_users_designs_and_real_graphs_lay_out_cleanly_in_both_directions() {
    for path in common::shared_designs()
        .into_iter()
        .chain(common::open_cases())
        .chain(common::real_graphs())
    {
        let model = model_of(&std::fs::read_to_string(&path).expect("design"));
        check_both_directions(&model.design, &path.display().to_string());
    }
}

#[test]
fn group_titles_cross_no_flow_in_the_examples() {
    for path in common::examples() {
        let model = model_of(&std::fs::read_to_string(&path).expect("example"));
        let drawn = layout::layout(
            &model.design,
            Direction::of(&model.settings).unwrap_or_default(),
        )
        .expect("small enough to draw");
        for group in &drawn.groups {
            let caption = model
                .design
                .group(&group.id)
                .and_then(|g| g.label.clone())
                .unwrap_or_else(|| group.id.clone());
            let width = layout::text::width(
                &caption,
                layout::style::GROUP_SIZE,
                layout::text::Weight::SemiBold,
            );
            let title = Rect {
                x: group.title_x,
                y: group.y + 4.0,
                w: width,
                h: 14.0,
            };
            assert!(
                title.x + title.w <= group.x + group.width,
                "{}: the title of {} overflows its box",
                path.display(),
                group.id
            );
            for edge in &drawn.edges {
                for pair in edge.points.windows(2) {
                    assert!(
                        !title.cut_by(pair[0], pair[1]),
                        "{}: {} -> {} crosses the title of {}",
                        path.display(),
                        edge.from,
                        edge.to,
                        group.id
                    );
                }
            }
        }
    }
}

/// The points of an SVG path of `M`, `L` and `C` commands, its curves
/// sampled.
fn sampled_path(d: &str) -> Vec<(f64, f64)> {
    let mut points = Vec::new();
    let mut numbers: Vec<f64> = Vec::new();
    let mut command = ' ';
    let flush = |command: char, numbers: &mut Vec<f64>, points: &mut Vec<(f64, f64)>| {
        match (command, numbers.as_slice()) {
            ('M' | 'L', [x, y]) => points.push((*x, *y)),
            ('C', [x1, y1, x2, y2, x, y]) => {
                let start = points.last().copied().unwrap_or((*x1, *y1));
                for step in 1..=24 {
                    let t = f64::from(step) / 24.0;
                    let u = 1.0 - t;
                    let mix = |a: f64, b: f64, c: f64, d: f64| {
                        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
                    };
                    points.push((mix(start.0, *x1, *x2, *x), mix(start.1, *y1, *y2, *y)));
                }
            }
            _ => {}
        }
        numbers.clear();
    };
    let spaced = d
        .replace('M', " M ")
        .replace('L', " L ")
        .replace('C', " C ");
    for token in spaced.split_whitespace() {
        match token {
            "M" | "L" | "C" => {
                flush(command, &mut numbers, &mut points);
                command = token.chars().next().unwrap_or(' ');
            }
            number => numbers.extend(number.parse::<f64>().ok()),
        }
    }
    flush(command, &mut numbers, &mut points);
    points
}

#[test]
fn spline_curves_cross_no_label_and_no_component() {
    use whiteboard::render::{self, EdgeStyle, Options};
    let mut curves = 0;
    for path in common::examples()
        .into_iter()
        .chain(common::shared_designs())
    {
        let model = model_of(&std::fs::read_to_string(&path).expect("design"));
        let drawn = layout::layout(
            &model.design,
            Direction::of(&model.settings).unwrap_or_default(),
        )
        .expect("small enough to draw");
        let options = Options {
            edges: EdgeStyle::Spline,
            ..Options::default()
        };
        let svg = render::svg(&model.design, &drawn, &options);
        // The first path of each flow's group is its line.
        let paths: Vec<&str> = svg
            .split("class=\"flow")
            .skip(1)
            .filter_map(|flow| flow.split("<path d=\"").nth(1))
            .filter_map(|rest| rest.split('"').next())
            .collect();
        curves += paths.iter().filter(|d| d.contains('C')).count();
        // (the flow whose label it is, the box): a flow runs through its
        // own label, drawn over it.
        let boxes: Vec<(Option<usize>, Option<&str>, Rect)> = drawn
            .edges
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.label.map(|l| (i, l)))
            .map(|(i, l)| {
                let rect = Rect {
                    x: l.x,
                    y: l.y,
                    w: l.width,
                    h: l.height,
                };
                (Some(i), None, rect)
            })
            .chain(drawn.nodes.iter().map(|n| {
                let rect = Rect {
                    x: n.x,
                    y: n.y,
                    w: n.width,
                    h: n.height,
                };
                (None, Some(n.id.as_str()), rect)
            }))
            .collect();
        assert_eq!(paths.len(), drawn.edges.len(), "a path for each flow");
        for (flow, d) in paths.into_iter().enumerate() {
            let points = sampled_path(d);
            let ends = drawn
                .edges
                .get(flow)
                .map(|e| [e.from.as_str(), e.to.as_str()]);
            let (start, end) = (points.first().copied(), points.last().copied());
            // Within a gateway's cut or a cloud's open corner of the
            // flow's start or end.
            let at_an_end = |p: (f64, f64)| {
                [start, end]
                    .into_iter()
                    .flatten()
                    .any(|q| (p.0 - q.0).hypot(p.1 - q.1) <= 30.0)
            };
            for pair in points.windows(2) {
                for (owner, node, rect) in &boxes {
                    if *owner == Some(flow) {
                        continue;
                    }
                    // A flow's end meets the outline of its component
                    // inside the box (a gateway's pointed ends, a cloud's
                    // bumps).
                    let own_end = node.is_some_and(|id| ends.is_some_and(|e| e.contains(&id)));
                    let inner = Rect {
                        x: rect.x + 1.0,
                        y: rect.y + 1.0,
                        w: rect.w - 2.0,
                        h: rect.h - 2.0,
                    };
                    let inside =
                        |p: (f64, f64)| inner.contains_point(p) && !(own_end && at_an_end(p));
                    assert!(
                        !inside(pair[0]) && !inside(pair[1]),
                        "{}: a curve passes through a label or component at {:?}",
                        path.display(),
                        pair[0]
                    );
                }
            }
        }
    }
    assert!(curves > 100, "only {curves} curved flows were drawn");
}

#[test]
fn a_component_without_flows_stands_within_its_groups_rows() {
    // The data group's rows end two rows above the bottom of the drawing
    // (the long chain beside it): its unused cache stands on its last row,
    // not on the drawing's, so the group's box does not reach down for it.
    let model = model_of(
        "client u \"Users\"\n\
         service a \"A\"\nservice b \"B\"\nservice c \"C\"\nservice d \"D\"\n\
         group data \"Data\" {\n  service api \"API\"\n  postgres db \"DB\"\n  redis spare \"Spare cache\"\n}\n\
         u -> a\na -> b\nb -> c\nc -> d\nu -> api\napi -> db\n",
    );
    let drawn = layout::layout(&model.design, Direction::Down).expect("small enough to draw");
    let node = |id: &str| drawn.nodes.iter().find(|n| n.id == id).expect("drawn");
    let (db, spare, d) = (node("db"), node("spare"), node("d"));
    assert!(
        (spare.y + spare.height / 2.0 - (db.y + db.height / 2.0)).abs() < 1.0,
        "the spare cache stands on the data group's last row"
    );
    assert!(
        spare.y + spare.height < d.y,
        "not on the drawing's last row"
    );
}

#[test]
fn a_label_of_a_flow_between_groups_stands_off_the_group_it_leaves() {
    // Every member of the left group calls into the right one; whichever
    // side of its group a caller stands on, its label stands on the right
    // group's side of the left one (between them, or in the group its flow
    // enters), and its flow does not cross back over its own group. B is
    // aligned with the callers, so the groups stand side by side (the four
    // flows would otherwise stack Right below Left).
    let model = model_of(
        "client u \"Users\"\n\
         group left \"Left\" {\n  service s \"S\"\n  service a1 \"A1\"\n  service a2 \"A2\"\n  service a3 \"A3\"\n  service a4 \"A4\"\n  postgres t \"T\"\n}\n\
         group right \"Right\" {\n  service b \"B\"\n  postgres c \"C\"\n}\n\
         u -> s\ns -> a1\ns -> a2\ns -> a3\ns -> a4\na1 -> t\na2 -> t\na3 -> t\na4 -> t\nu -> b\nb -> c\n\
         a1 -> c: sync one\na2 -> c: sync two\na3 -> c: sync three\na4 -> c: sync four\n\
         align { a1 b }\n",
    );
    let drawn = layout::layout(&model.design, Direction::Down).expect("small enough to draw");
    let group = |id: &str| drawn.groups.iter().find(|g| g.id == id).expect("drawn");
    let (left, right) = (group("left"), group("right"));
    let (west, east) = if left.x < right.x {
        (left, right)
    } else {
        (right, left)
    };
    for edge in drawn.edges.iter().filter(|e| e.to == "c" && e.from != "b") {
        let label = edge.label.expect("labelled");
        let off_left = if left.x < right.x {
            label.x >= left.x + left.width
        } else {
            label.x + label.width <= left.x
        };
        assert!(
            off_left && label.x + label.width <= east.x + east.width && label.x >= west.x,
            "the label of {} -> c stands off the left group, towards the right one",
            edge.from
        );
    }
}

/// How much further across a drawn flow runs than its ends stand apart.
fn detour(drawn: &Layout, from: &str, to: &str) -> f64 {
    let edge = drawn
        .edges
        .iter()
        .find(|e| e.from == from && e.to == to)
        .expect("the flow is drawn");
    let run: f64 = edge
        .points
        .windows(2)
        .map(|w| (w[1][0] - w[0][0]).abs())
        .sum();
    let (first, last) = (edge.points[0], edge.points[edge.points.len() - 1]);
    run - (last[0] - first[0]).abs()
}

/// The layout of the design in `file` (relative to the project's root).
fn drawn_file(file: &str, direction: Direction) -> Layout {
    let path = common::root().join(file);
    let text = std::fs::read_to_string(&path).expect("design readable");
    let model = model_of(&text);
    layout::layout(&model.design, direction).expect("small enough to draw")
}

fn walkthrough(name: &str) -> Layout {
    drawn_file(&format!("examples/walkthroughs/{name}.wb"), Direction::Down)
}

/// The top edge of component `id` in `drawn`.
fn top_of(drawn: &Layout, id: &str) -> f64 {
    let node = drawn.nodes.iter().find(|n| n.id == id);
    node.map(|n| n.y).expect("drawn")
}

#[test]
fn a_flow_goes_straight_rather_than_around_the_drawing() {
    // The order alone sends the trip service's WebSocket push to the
    // gateway around the left of everything (crossing one flow less), 454
    // px further across than its ends stand apart; straightened, it runs
    // up beside the matching service.
    let around = detour(&walkthrough("ride-sharing-004"), "gw", "trip");
    assert!(
        around < 200.0,
        "the WebSocket push runs {around} px out of its way"
    );
}

#[test]
fn a_flow_runs_between_its_ends_where_that_crosses_nothing_more() {
    // The order puts the ride API's "read surge" right of the metrics box,
    // 135 px out of its way to the surge multipliers below-left; the gap
    // left of the metrics box lies between its ends and is crossed by no
    // more flows.
    let around = detour(&walkthrough("uber-lyft-002"), "rides", "multipliers");
    assert!(around < 20.0, "read surge runs {around} px out of its way");
}

#[test]
fn a_flow_that_rounds_the_end_of_a_fan_out_for_nothing_goes_through_it() {
    // The order puts the fetchers' "store raw page" left of "HTTP GET"'s
    // target, so it rounds the whole fan-out, 96 px out of its way to the
    // page store below; the gap beside it crosses nothing more.
    let around = detour(&walkthrough("web-crawler-002"), "fetchers", "pages");
    assert!(
        around < 20.0,
        "store raw page runs {around} px out of its way"
    );
}

#[test]
fn a_long_flow_does_not_jog_a_few_pixels_where_its_rows_have_room() {
    // Placement left "update file metadata" running between its ends' ports,
    // a few pixels from each: two kinks. The nearer port's line passes
    // too close to the change events beside it; the other's has room, so
    // the flow turns once, under its source, and runs straight down.
    let drawn = walkthrough("file-storage-004");
    let edge = edge_of(&drawn, "sync", "meta");
    assert_eq!(runs_across(edge, 0), 1, "one turn, from {:?}", edge.points);
}

#[test]
fn a_long_flow_does_not_step_down_a_staircase_of_turns() {
    // Placement weighs a long flow's runs across the rows by their length
    // alone, so four steps of 35 to 180 px cost as much as one turn: the
    // monitoring box's read of the availability service stepped down the
    // empty middle of the picture, turning eight times.
    let drawn = drawn_file("tests/fixtures/open-cases/hotel-search.wb", Direction::Down);
    let edge = edge_of(&drawn, "metrics", "avail");
    let turns = runs_across(edge, 0);
    assert!(turns <= 3, "{turns} runs across, from {:?}", edge.points);
}

#[test]
fn of_orders_that_cross_equally_the_shorter_drawing_is_kept() {
    // The first order the search found with no crossing stood the
    // inventory service at the far right, under nothing it is called by:
    // the order service's "reserve" ran 280 px, and "stock" ran back
    // across to the product database. Other starts found orders as good
    // by the count; drawn, one puts inventory under the order service.
    let drawn = drawn_file("examples/as-drawn/e-commerce-004.wb", Direction::Down);
    let reserve = length_of(edge_of(&drawn, "order", "inventory"));
    assert!(reserve < 150.0, "reserve runs {reserve} px");
    let total: f64 = drawn.edges.iter().map(length_of).sum();
    assert!(total < 2_200.0, "the flows run {total} px in all");
}

/// The length of a drawn flow.
fn length_of(edge: &layout::EdgePath) -> f64 {
    edge.points
        .windows(2)
        .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
        .sum()
}

/// The drawn flow from `from` to `to`.
fn edge_of<'a>(drawn: &'a Layout, from: &str, to: &str) -> &'a layout::EdgePath {
    let edge = drawn.edges.iter().find(|e| e.from == from && e.to == to);
    edge.expect("drawn")
}

/// How many of a flow's segments run across the layers: change
/// coordinate `axis` (x when the layers run down, y when they run right).
fn runs_across(edge: &layout::EdgePath, axis: usize) -> usize {
    edge.points
        .windows(2)
        .filter(|w| (w[1][axis] - w[0][axis]).abs() > 0.5)
        .count()
}

#[test]
fn a_label_moves_with_its_flow_when_a_jog_is_taken_out() {
    // Drawn left to right, a label is as broad as a line of text, so its
    // flow had to run through the middle of where placement put it: the
    // query side's read of the read view jogged 5 px up to the label and
    // then turned again towards its target. The label now moves with the
    // line where its row has room, and stays on it.
    let drawn = drawn_file("examples/patterns/cqrs.wb", Direction::Right);
    let edge = edge_of(&drawn, "queries", "view");
    assert_eq!(
        runs_across(edge, 1),
        1,
        "one run across, from {:?}",
        edge.points
    );
    let label = edge.label.as_ref().expect("labelled");
    let through = edge.points.windows(2).any(|w| {
        let (low, high) = (w[0][0].min(w[1][0]), w[0][0].max(w[1][0]));
        (w[0][1] - w[1][1]).abs() < 0.5
            && low <= label.x
            && high >= label.x + label.width
            && (label.y..=label.y + label.height).contains(&w[0][1])
    });
    assert!(
        through,
        "the line runs through {label:?}: {:?}",
        edge.points
    );
}

#[test]
fn a_monitoring_system_stands_where_its_scrapes_run_shortest() {
    // Drawn below what it watches, the ad exchange's metrics box sends its
    // five scrapes up the left edge and along the bottom, 1.2 times as much
    // flow in all; drawn above, as dot draws it, they fan out down to the
    // bid path and the event pipeline.
    let drawn = drawn_file("tests/fixtures/designs/ad-serving-rtb.wb", Direction::Down);
    let y = |id: &str| top_of(&drawn, id);
    for watched in ["adserver", "auction", "pacing", "tracker", "events"] {
        assert!(
            y("mon") < y(watched),
            "the metrics box stands below {watched}"
        );
    }
}

#[test]
fn a_monitoring_system_pinned_to_the_bottom_stays_there_whatever_its_scrapes() {
    // Unpinned, the metrics box stands on the top rank, its scrapes running
    // down to the three tiers it watches (shorter in all than running up
    // from below them); pinned to the bottom, it stands there.
    let design = |pin: &str| {
        format!(
            "client web\nlb lb\nservice api\nservice b\npostgres db\n\
             monitoring mon \"Metrics\"{pin}\n\
             web -> lb: GET\nlb -> api: route\napi -> b: call\nb -> db: read\n\
             mon -> [lb, api, b]: scrape\n"
        )
    };
    let y = |text: &str, id: &str| {
        let drawn = layout::layout(&model_of(text).design, Direction::Down).expect("drawn");
        top_of(&drawn, id)
    };
    let free = design("");
    assert!(
        y(&free, "mon") < y(&free, "lb"),
        "unpinned, the metrics box stands above"
    );
    let pinned = design(" { pin: bottom }");
    assert!(
        y(&pinned, "mon") > y(&pinned, "b"),
        "pinned, it stands at the bottom"
    );
}

#[test]
fn a_short_side_is_lengthened_to_give_each_flow_a_port() {
    // Drawn left to right, the API server's right side is its height: too
    // short for a port for each of its five flows, which then ran along one
    // line. The box grows instead, to hold them 24 px apart: at 12 px five
    // flows read as one bunch.
    let drawn = drawn_file(
        "examples/walkthroughs/url-shortener-000.wb",
        Direction::Right,
    );
    let mut starts: Vec<[f64; 2]> = drawn
        .edges
        .iter()
        .filter(|e| e.from == "api")
        .filter_map(|e| e.points.first().copied())
        .collect();
    assert_eq!(starts.len(), 5, "the API server sends five flows");
    starts.sort_by(|a, b| a[1].total_cmp(&b[1]));
    starts.dedup();
    assert_eq!(starts.len(), 5, "the flows share ports: {starts:?}");
    for pair in starts.windows(2) {
        assert!(
            pair[1][1] - pair[0][1] >= 23.5,
            "ports closer than 24 px: {starts:?}"
        );
    }
}

#[test]
fn a_long_flow_labels_the_quieter_of_its_middle_rows() {
    // The gateway's flow to the store passes the message service's row; of
    // the two label rows beside that row, the lower one already holds the
    // message service's four labels, so this label stands in the upper.
    let model = model_of(
        "service gw \"Gateway\"\nservice svc \"Messages\"\n\
         service a \"A\"\nservice b \"B\"\nservice c \"C\"\npostgres db \"Store\"\n\
         gw -> svc: send\ngw -> db: register connection\n\
         svc -> a: publish\nsvc -> b: metrics\nsvc -> c: offline\nsvc -> db: store message\n",
    );
    let drawn = layout::layout(&model.design, Direction::Down).expect("small enough to draw");
    let messages = drawn.nodes.iter().find(|n| n.id == "svc").expect("drawn");
    let edge = drawn
        .edges
        .iter()
        .find(|e| e.from == "gw" && e.to == "db")
        .expect("drawn");
    let label = edge.label.expect("labelled");
    assert!(
        label.y + label.height <= messages.y,
        "the label ({label:?}) stands above the message service ({}..)",
        messages.y
    );
}

/// A source narrower than its three targets side by side.
fn fan_out_of_three() -> Layout {
    let model = model_of(
        "service s \"A source service with quite a long name\"\n\
         service a \"A target with a long name\"\nservice b \"B target with a long name\"\n\
         service c \"C target with a long name\"\n\
         s -> a\ns -> b\ns -> c\n",
    );
    layout::layout(&model.design, Direction::Down).expect("small enough to draw")
}

#[test]
fn a_fan_out_leaves_its_box_on_a_stub_and_turns_clear_of_its_targets() {
    // A few tracks: each flow runs straight out of its box for 9 px before
    // it turns, and its last turn stands 8 px above the box it enters.
    let drawn = fan_out_of_three();
    let mut turned = 0;
    for edge in &drawn.edges {
        let [first, .., last] = edge.points.as_slice() else {
            continue;
        };
        if edge.points.len() < 4 {
            continue;
        }
        turned += 1;
        let (out, into) = (edge.points[1], edge.points[edge.points.len() - 2]);
        assert!(
            out[1] - first[1] >= 9.0 - 1e-6,
            "{} leaves on {:?}",
            edge.to,
            edge.points
        );
        assert!(
            last[1] - into[1] >= 8.0 - 1e-6,
            "{} enters from {:?}",
            edge.to,
            edge.points
        );
    }
    assert!(turned >= 2, "the outer flows turn: {:?}", drawn.edges);
}

#[test]
fn a_fan_out_leaves_its_box_towards_where_it_goes() {
    // The targets are wider than the source, so the outer two stand beyond
    // its sides: their flows leave near the source's ends (16 px clear of
    // them), not from ports spaced evenly around its middle.
    let drawn = fan_out_of_three();
    let source = drawn.nodes.iter().find(|n| n.id == "s").expect("drawn");
    let start = |to: &str| {
        let edge = drawn.edges.iter().find(|e| e.to == to).expect("drawn");
        edge.points[0][0]
    };
    assert!(
        start("a") <= source.x + 17.0,
        "the flow to the left target leaves at {} (box from {})",
        start("a"),
        source.x
    );
    assert!(
        start("c") >= source.x + source.width - 17.0,
        "the flow to the right target leaves at {} (box to {})",
        start("c"),
        source.x + source.width
    );
}

#[test]
fn a_return_reaches_its_target_beside_the_fan_it_sends_not_inside_it() {
    // The hub registers with the store, sends to a service that looks the
    // store up, and reads another; the store delivers back to the hub.
    // Drawn up the picture, the delivery arrives at the hub's lower side at
    // one end of the flows leaving it, not between them.
    let model = model_of(
        "service hub\nservice a\nservice b\nredis store\n\
         hub -> store: register\nstore ~> hub: deliver\nhub -> a: send\n\
         a -> store: look up\nhub -> b: read\n",
    );
    let drawn = layout::layout(&model.design, Direction::Down).expect("small enough to draw");
    let leaves = |to: &str| {
        let edge = drawn.edges.iter().find(|e| e.from == "hub" && e.to == to);
        edge.map(|e| e.points[0][0]).expect("drawn")
    };
    let delivery = drawn
        .edges
        .iter()
        .find(|e| e.from == "store")
        .expect("drawn");
    let arrives = delivery.points.last().expect("a route")[0];
    let calls = [leaves("store"), leaves("a"), leaves("b")];
    let (low, high) = calls
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), x| (l.min(*x), h.max(*x)));
    assert!(
        arrives < low || arrives > high,
        "the delivery arrives at {arrives}, the calls leave from {calls:?}"
    );
}

#[test]
fn a_mutual_pair_is_broken_where_fewer_flows_run_backwards() {
    // Context and connection import each other; pool and the two popen
    // modules, drawn below context, import connection too. Reversing
    // connection -> context leaves them all forwards; the depth-first
    // search, entering at connection, reversed three of them instead.
    let drawn = drawn_file(
        "tests/fixtures/graphs/python-multiprocessing.wb",
        Direction::Down,
    );
    let y = |id: &str| top_of(&drawn, id);
    assert!(
        y("multiprocessing_connection") > y("multiprocessing_context"),
        "connection stands below context"
    );
}

#[test]
fn a_client_that_only_receives_stands_below_its_caller() {
    // A webhook's endpoints are a client that calls nothing: drawn on top
    // like the clients that start exchanges, their one flow ran up the
    // whole picture. A client that calls out stays on top.
    let model = model_of(
        "client users \"Users\"\nservice api \"API\"\nworker sender \"Sender\"\n\
         client endpoints \"Endpoints\"\nusers -> api: register hook\n\
         api ~> sender: deliver\nsender -> endpoints: POST payload\n\
         api -> users: push\n",
    );
    let drawn = layout::layout(&model.design, Direction::Down).expect("small enough to draw");
    assert!(
        top_of(&drawn, "endpoints") > top_of(&drawn, "sender"),
        "endpoints below the sender: {:?}",
        drawn.nodes
    );
    assert!(
        top_of(&drawn, "users") < top_of(&drawn, "api"),
        "users on top"
    );
}

#[test]
fn a_two_way_flow_written_into_a_client_that_calls_out_is_drawn_from_the_client() {
    // `notify <-> desktop`: the desktop client also calls the balancer.
    // Read as written, the long poll made the desktop a callee: the search
    // for cycles, starting at the browser, reached it through the service
    // and turned its call to the balancer, which ran backwards.
    let model = model_of(
        "client web \"Web\"\nclient desktop \"Desktop\"\nlb lb \"LB\"\nservice api \"API\"\n\
         service notify \"Notify\"\nweb -> lb: HTTPS\ndesktop -> lb: HTTPS\nlb -> api: list files\n\
         api ~> notify: file changed\nnotify <-> desktop: long poll\n",
    );
    let drawn = layout::layout(&model.design, Direction::Down).expect("small enough to draw");
    let y = |id: &str| top_of(&drawn, id);
    assert!(
        y("desktop") < y("lb") && y("lb") < y("api") && y("api") < y("notify"),
        "desktop on top, then the balancer, the API and the service: {:?}",
        drawn.nodes
    );
}

#[test]
fn a_flow_leaving_a_group_runs_on_the_side_of_its_target() {
    // When the API tier spanned three rows, the label of Location ingest's
    // "position event" had to stand beside the group's box; the crossing
    // search left it on the far side, and a unit outside every group could
    // move only next to another such unit, never to the end of its layer,
    // where the stream it feeds stands: the flow ran 750 px round the box.
    let drawn = drawn_file("tests/fixtures/designs/order-tracking.wb", Direction::Down);
    let around = detour(&drawn, "location", "loc_stream");
    assert!(
        around < 40.0,
        "position event runs {around} px out of its way"
    );
}

#[test]
fn a_flow_into_a_group_runs_beside_its_members_not_around_the_box() {
    // The gateway's "GET /titles/search" goes to the Catalog service, a
    // row below the Home-page service in the Discovery group. Kept outside
    // every group until its last row, it ran down the far side of the
    // group's box and back in (a new user: "big detours around the edges").
    let drawn = drawn_file("tests/fixtures/designs/netflix.wb", Direction::Down);
    let around = detour(&drawn, "zuul", "catalog");
    assert!(
        around < 60.0,
        "GET /titles/search runs {around} px out of its way"
    );
}

#[test]
fn services_stand_above_the_event_stream_they_publish_to() {
    // Menu, Orders and Dispatch publish to Order events, in the Async
    // group, and Dispatch consumes it too. The depth-first search reached
    // the stream first and turned Dispatch's publish; counted that way,
    // two flows ran from Async to Services, and Async was stacked above,
    // all three publishes drawn up into it.
    let drawn = drawn_file("tests/fixtures/designs/uber-eats.wb", Direction::Down);
    let stream = top_of(&drawn, "order_events");
    for publisher in ["menu", "orders", "dispatch"] {
        assert!(
            top_of(&drawn, publisher) < stream,
            "{publisher} stands above the stream it publishes to"
        );
    }
}

#[test]
fn a_group_that_many_flows_enter_stands_below_the_group_they_leave() {
    // Nine flows run from Core services into Data. Ranked on their lengths
    // and the groups' spans alone, Data began on Core's last row (the
    // waiting room's), the two boxes stood side by side, and the flows'
    // labels filled one row beside both: 2,808 px wide, 1.9 times dot's
    // flow length. Stacked, Data stands below Core.
    let drawn = drawn_file("tests/fixtures/open-cases/ticketmaster.wb", Direction::Down);
    let group = |id: &str| drawn.groups.iter().find(|g| g.id == id).expect("drawn");
    let (core, data) = (group("core"), group("data"));
    assert!(
        data.y >= core.y + core.height,
        "Data ({}) starts below Core's box ({} to {})",
        data.y,
        core.y,
        core.y + core.height
    );
}

#[test]
fn a_group_stays_on_one_row_when_only_outside_flows_pull_its_members_apart() {
    // Location ingest feeds a stream that the ETA service consumes. Ranked
    // on the flows alone, the chain pulled ETA two rows below the rest of
    // the API tier, and the tier's box reached over three rows.
    let drawn = drawn_file("tests/fixtures/designs/order-tracking.wb", Direction::Down);
    let tops: Vec<f64> = ["orders", "tracking", "location", "eta"]
        .iter()
        .map(|id| top_of(&drawn, id))
        .collect();
    assert!(
        tops.iter().all(|y| (y - tops[0]).abs() < 1.0),
        "the API tier on one row: {tops:?}"
    );
}

#[test]
fn two_groups_on_one_cycle_stand_side_by_side() {
    // us nodes -> us log -> us replicator -> eu nodes -> eu log -> eu
    // replicator -> us nodes: broken at one cross-region flow, the eu
    // region hung below the us one. Ranked as blocks, both regions keep
    // their rows and the two replication flows run up.
    let drawn = drawn_file(
        "tests/fixtures/open-cases/multi-region-kv-store.wb",
        Direction::Down,
    );
    for (us, eu) in [
        ("us_lb", "eu_lb"),
        ("us_nodes", "eu_nodes"),
        ("us_repl", "eu_repl"),
    ] {
        assert_eq!(top_of(&drawn, us), top_of(&drawn, eu), "{us} beside {eu}");
    }
}

#[test]
fn a_dead_letter_queue_without_flows_stands_beside_the_queue_that_names_it() {
    // At the bottom of its group's rows, "Failed jobs" stood beside the
    // workers, a row away from the queue that names it.
    let model = model_of(
        r#"client  users   "Users"
service api     "API" x2
group "Execution" {
  sqs    jobs    "Jobs" { dlq: failed }
  sqs    failed  "Failed jobs"
  worker workers "Workers" x4
}
postgres db "Results"
users -> api: POST /jobs
api ~> jobs: enqueue
jobs ~> workers: consume
workers -> db: write result
"#,
    );
    let drawn = layout::layout(&model.design, Direction::Down).expect("small enough to draw");
    assert_eq!(top_of(&drawn, "failed"), top_of(&drawn, "jobs"));
}

#[test]
fn stacked_groups_are_kept_only_where_the_crossings_they_save_pay_for_the_room() {
    // Left to right, the navigation group stands beside the offline
    // pipelines (their columns overlap), not after them.
    let drawn = drawn_file("tests/fixtures/open-cases/google-maps.wb", Direction::Right);
    let group = |id: &str| drawn.groups.iter().find(|g| g.id == id).expect("drawn");
    let (nav, offline) = (group("nav"), group("offline"));
    assert!(
        nav.x < offline.x + offline.width,
        "navigation from {} after the pipelines end at {}",
        nav.x,
        offline.x + offline.width
    );
}

#[test]
fn a_third_party_calling_the_front_door_stands_above_it() {
    // GitHub sends the push webhook to the load balancer and the runners
    // clone from it. The search for cycles, starting at the developer,
    // reached GitHub through the runners and turned the webhook.
    let drawn = drawn_file("tests/fixtures/open-cases/cicd.wb", Direction::Down);
    assert!(
        top_of(&drawn, "github") < top_of(&drawn, "lb"),
        "GitHub above the balancer it calls: {:?}",
        drawn.nodes
    );
}

#[test]
fn a_flow_enters_its_targets_group_late_where_that_crosses_less() {
    // The nightly rebuild, beside the services, reads the last replica.
    // Inside the database cluster's box from its first row, its read had
    // to stand right of the Redis cluster, crossing every flow from the
    // services into the caches: 6 crossings, dot's 3.
    let drawn = drawn_file(
        "tests/fixtures/open-cases/yelp-proximity.wb",
        Direction::Down,
    );
    let crossings = common::metrics::crossings(&common::metrics::ours(&drawn));
    assert!(crossings <= 3, "{crossings} crossings");
}

#[test]
fn flows_between_components_outside_a_group_do_not_run_through_its_box() {
    // The control plane (the ring's membership store, the anti-entropy
    // job, the metrics server) serves both regions. Counted as flows
    // only, the order put it beside one region, and four flows to the
    // other region ran through the first one's box; counted as crossing
    // the boxes they pass, it stands between the two regions.
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/open-cases/multi-region-kv-store.wb"),
    )
    .expect("design readable");
    let model = model_of(&text);
    let design = &model.design;
    let drawn = layout::layout(design, Direction::Down).expect("small enough to draw");
    let group_of = |id: &str| design.component(id).and_then(|c| c.group.as_deref());
    for edge in &drawn.edges {
        for group in &drawn.groups {
            let ends_in = [&edge.from, &edge.to]
                .iter()
                .any(|end| in_group(design, group_of(end), &group.id));
            // Flows run along and across the rows: a segment enters the
            // box (2 px in from its border) where both its extents overlap.
            let (left, right) = (group.x + 2.0, group.x + group.width - 2.0);
            let (top, bottom) = (group.y + 2.0, group.y + group.height - 2.0);
            let passes = edge.points.windows(2).any(|w| {
                w[0][0].max(w[1][0]) > left
                    && w[0][0].min(w[1][0]) < right
                    && w[0][1].max(w[1][1]) > top
                    && w[0][1].min(w[1][1]) < bottom
            });
            assert!(
                ends_in || !passes,
                "{} -> {} runs through {}",
                edge.from,
                edge.to,
                group.id
            );
        }
    }
}

#[test]
fn a_monitoring_system_stands_above_what_it_scrapes_unless_below_is_much_shorter() {
    // Drawn below the pipeline it watches, the self-monitoring box makes
    // the flows a tenth shorter in all, and its six scrapes rise from the
    // bottom through every row; readers preferred it above.
    let drawn = drawn_file(
        "tests/fixtures/open-cases/log-ingestion.wb",
        Direction::Down,
    );
    let y = |id: &str| top_of(&drawn, id);
    for watched in [
        "intake",
        "pipeline",
        "indexer",
        "archiver",
        "raw",
        "processed",
    ] {
        assert!(
            y("selfmon") < y(watched),
            "the monitoring box above {watched}"
        );
    }
}

#[test]
fn a_monitoring_system_drawn_above_what_it_scrapes_stands_no_higher_than_the_clients() {
    // Ranked on its scrapes alone, the message queue's Prometheus took a
    // column of its own left of the producers and consumers: the first
    // thing a reader of a left-to-right picture met was the monitoring.
    let drawn = drawn_file("tests/fixtures/designs/message-queue.wb", Direction::Right);
    let left_of = |id: &str| drawn.nodes.iter().find(|n| n.id == id).map(|n| n.x);
    let clients = ["producers", "consumers"].map(left_of);
    let first_client = clients.into_iter().flatten().fold(f64::INFINITY, f64::min);
    let monitoring = left_of("mon").expect("drawn");
    assert!(
        monitoring >= first_client,
        "monitoring at x {monitoring}, the first client at x {first_client}"
    );
}

#[test]
fn a_group_moves_past_several_others_where_that_crosses_less() {
    // Left to right, the meeting hosts stood at the bottom, their call to
    // the API balancer climbing through the media region: the control
    // plane had to pass two groups to stand beside them, and each single
    // swap of neighbours crossed more. Moved as a block, 1 crossing (dot's
    // 1; swaps alone, 4).
    let drawn = drawn_file("tests/fixtures/designs/zoom.wb", Direction::Right);
    let crossings = common::metrics::crossings(&common::metrics::ours(&drawn));
    assert!(crossings <= 1, "{crossings} crossings");
}
