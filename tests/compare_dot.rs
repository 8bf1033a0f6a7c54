//! Layout quality against Graphviz `dot` on the same graphs and the same
//! boxes (`wb export --to dot` gives each node our box's size), on three
//! sets: the examples with the shared designs, designs generated at about
//! 60, 150 and 300 components, and real graphs
//! (`tests/fixtures/graphs/`: dependency graphs of software). The measures
//! (`common/metrics.rs`): crossings of flows that share no end, total edge
//! length, area, combs, labels far from their flow or nearer another,
//! flows drawn backwards, and the routing cost (crossings of the drawing
//! over those of the same positions joined straight).
//!
//! Each set prints its table (`cargo test --release --test compare_dot --
//! --nocapture`) and asserts the bars of issue 16 (see [`bars`]). It
//! needs `dot` (with the Inter font); `.ci/run` installs both. Without it the test says so and passes,
//! except under CI.

mod common;

use common::metrics::{self, Measures};

/// Issue 16's bars, which every set meets.
mod bars {
    /// Most crossings above dot's in any one design.
    pub const CROSSING_MARGIN: usize = 2;
    /// Total edge length over dot's.
    pub const LENGTH: f64 = 1.3;
    /// Total area over dot's.
    pub const AREA: f64 = 1.2;
    /// Crossings of the drawing over those of the straight drawing.
    pub const ROUTING_COST: f64 = 1.05;
}

struct Row {
    name: String,
    ours: Measures,
    dot: Measures,
    straight: usize,
}

fn row(name: String, model: &whiteboard::model::Model) -> Row {
    let drawing = metrics::our_drawing(model);
    Row {
        name,
        ours: metrics::measure(&drawing),
        dot: metrics::measure(&metrics::dot_drawing(model)),
        straight: metrics::crossings(&metrics::straightened(&drawing)),
    }
}

fn print(set: &str, rows: &[Row]) -> (Measures, Measures, usize) {
    eprintln!("\n{set}");
    eprintln!(
        "{:<34} {:>11} {:>6} {:>6} {:>9} {:>6} {:>8} {:>8}",
        "design", "crossings", "length", "area", "combs", "far", "ambig.", "backward"
    );
    let (mut ours, mut dot, mut straight) = (Measures::default(), Measures::default(), 0);
    for r in rows {
        eprintln!(
            "{:<34} {:>5}/{:<5} {:>6.2} {:>6.2} {:>4}/{:<4} {:>2}/{:<3} {:>3}/{:<4} {:>3}/{:<4}",
            r.name,
            r.ours.crossings,
            r.dot.crossings,
            r.ours.length / r.dot.length.max(1.0),
            r.ours.area / r.dot.area.max(1.0),
            r.ours.combs,
            r.dot.combs,
            r.ours.far_labels,
            r.dot.far_labels,
            r.ours.ambiguous_labels,
            r.dot.ambiguous_labels,
            r.ours.backward,
            r.dot.backward,
        );
        ours += r.ours;
        dot += r.dot;
        straight += r.straight;
    }
    eprintln!(
        "total: crossings {} (dot {}), length {:.2}× dot's, area {:.2}×, combs {} ({}), far labels {} ({}), \
         ambiguous labels {} ({}), backward {} ({}), routing cost {:.3} ({} over {})",
        ours.crossings,
        dot.crossings,
        ours.length / dot.length.max(1.0),
        ours.area / dot.area.max(1.0),
        ours.combs,
        dot.combs,
        ours.far_labels,
        dot.far_labels,
        ours.ambiguous_labels,
        dot.ambiguous_labels,
        ours.backward,
        dot.backward,
        ours.crossings as f64 / straight.max(1) as f64,
        ours.crossings,
        straight,
    );
    (ours, dot, straight)
}

fn assert_bars(set: &str, rows: &[Row]) {
    let (ours, dot, straight) = print(set, rows);
    assert!(
        ours.crossings <= dot.crossings,
        "{set}: crossings {} vs dot {}",
        ours.crossings,
        dot.crossings
    );
    for r in rows {
        assert!(
            r.ours.crossings <= r.dot.crossings + bars::CROSSING_MARGIN,
            "{set}: {} has {} crossings, dot {}",
            r.name,
            r.ours.crossings,
            r.dot.crossings
        );
    }
    let cost = ours.crossings as f64 / straight.max(1) as f64;
    assert!(cost <= bars::ROUTING_COST, "{set}: routing cost {cost:.3}");
    let length = ours.length / dot.length.max(1.0);
    assert!(
        length <= bars::LENGTH,
        "{set}: edge length {length:.3}× dot's"
    );
    let area = ours.area / dot.area.max(1.0);
    assert!(area <= bars::AREA, "{set}: area {area:.3}× dot's");
    assert!(
        ours.combs <= dot.combs,
        "{set}: combs {} vs dot {}",
        ours.combs,
        dot.combs
    );
    assert_eq!(ours.far_labels, 0, "{set}: labels far from their flow");
    assert!(
        ours.ambiguous_labels <= dot.ambiguous_labels,
        "{set}: ambiguous labels {} vs dot {}",
        ours.ambiguous_labels,
        dot.ambiguous_labels
    );
    assert!(
        ours.backward <= dot.backward,
        "{set}: backward flows {} vs dot {}",
        ours.backward,
        dot.backward
    );
}

fn rows_of(paths: Vec<std::path::PathBuf>) -> Vec<Row> {
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("design");
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            row(name, &whiteboard::compile(&text).model)
        })
        .collect()
}

#[test]
fn examples_and_shared_designs_against_dot() {
    if !common::needs_dot() {
        return;
    }
    let mut paths = common::examples();
    paths.extend(common::shared_designs());
    assert_bars("examples and shared designs", &rows_of(paths));
}

#[test]
fn real_graphs_against_dot() {
    if !common::needs_dot() {
        return;
    }
    assert_bars("real graphs", &rows_of(common::real_graphs()));
}

#[test]
fn generated_designs_against_dot() {
    if !common::needs_dot() {
        return;
    }
    let rows: Vec<Row> = [(60, 1), (150, 2), (300, 3)]
        .into_iter()
        .map(|(components, seed)| {
            let text = common::generate::architecture(components, seed);
            row(
                format!("architecture of {components}"),
                &whiteboard::compile(&text).model,
            )
        })
        .collect();
    assert_bars("generated designs", &rows);
}

/// The table for any designs, bars not asserted: `WB_COMPARE_DESIGNS`
/// holds their paths, separated by spaces. For measuring designs kept
/// outside the project before a change lands.
#[test]
#[ignore = "prints the table for other designs: WB_COMPARE_DESIGNS='a.wb b.wb' cargo test --release --test compare_dot -- --ignored --nocapture"]
fn other_designs_against_dot() {
    let Ok(designs) = std::env::var("WB_COMPARE_DESIGNS") else {
        panic!("set WB_COMPARE_DESIGNS");
    };
    let paths = designs.split_whitespace().map(Into::into).collect();
    print("other designs", &rows_of(paths));
}

/// Not a measure: draws `dot`'s layout of each design with our renderer
/// (its node positions, sampled curves, label places and cluster boxes on
/// our boxes), beside our own drawing, so that a reader judging the two
/// sees the layouts alone, not two styles. Designs are the paths in
/// `WB_SAME_STYLE_DESIGNS` (separated by spaces); pictures go to the folder
/// `WB_SAME_STYLE`, as `NAME.dot.png` and `NAME.ours.png`.
#[test]
#[ignore = "writes pictures for judging: WB_SAME_STYLE=DIR WB_SAME_STYLE_DESIGNS='a.wb b.wb' cargo test --release --test compare_dot -- --ignored"]
fn dot_layouts_drawn_in_our_style() {
    let (Ok(folder), Ok(designs)) = (
        std::env::var("WB_SAME_STYLE"),
        std::env::var("WB_SAME_STYLE_DESIGNS"),
    ) else {
        panic!("set WB_SAME_STYLE and WB_SAME_STYLE_DESIGNS");
    };
    for path in designs.split_whitespace() {
        let path = std::path::Path::new(path);
        let model = whiteboard::compile(&std::fs::read_to_string(path).expect("design")).model;
        let direction = whiteboard::layout::Direction::of(&model.settings).unwrap_or_default();
        let ours = whiteboard::layout::layout(&model.design, direction).expect("small enough");
        let source = whiteboard::export::dot::design(&model.design, None, direction);
        let dots = same_style::layout(&metrics::dot_json(&source), &ours);
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let missing = ours.edges.len() - dots.edges.len();
        if missing > 0 {
            eprintln!("{name}: {missing} flows to groups are left out of dot's picture");
        }
        let options = whiteboard::render::Options {
            title: model.title.clone(),
            ..Default::default()
        };
        for (which, layout) in [("ours", &ours), ("dot", &dots)] {
            let svg = whiteboard::render::svg(&model.design, layout, &options);
            let png = whiteboard::render::png::png(&svg, 1.0).expect("png");
            std::fs::write(format!("{folder}/{name}.{which}.png"), png).expect("written");
        }
    }
}

/// `dot`'s layout as one of ours, for [`dot_layouts_drawn_in_our_style`].
mod same_style {
    use whiteboard::layout::{EdgePath, GroupBox, LabelBox, Layout, NodeBox};

    /// Room around the drawing, as ours leaves.
    const MARGIN: f64 = 16.0;

    /// `ours` with every box, group, flow and label where `dot` put it.
    pub fn layout(json: &serde_json::Value, ours: &Layout) -> Layout {
        let drawing = super::metrics::from_dot_json(json, ours.direction);
        let at = |(x, y): (f64, f64)| [x + MARGIN, y + MARGIN];
        let mut layout = ours.clone();
        layout.width = drawing.width + 2.0 * MARGIN;
        layout.height = drawing.height + 2.0 * MARGIN;
        layout.notes.clear();
        for node in &mut layout.nodes {
            if let Some(rect) = drawing.nodes.get(&node.id) {
                [node.x, node.y] = at((rect.x, rect.y));
            }
        }
        let mut unused: Vec<_> = drawing.edges.iter().collect();
        layout.edges = ours
            .edges
            .iter()
            .filter_map(|edge| {
                let i = unused
                    .iter()
                    .position(|d| d.from == edge.from && d.to == edge.to)?;
                let drawn = unused.remove(i);
                let mut points: Vec<[f64; 2]> = drawn.points.iter().map(|&p| at(p)).collect();
                // dot ends a flow on its own shape (an octagon's cut corner,
                // an ellipse), which can lie inside our box and hide the
                // arrowhead: each end is cut back to the edge of our box.
                let boxes = &layout.nodes;
                if let Some(node) = boxes.iter().find(|n| n.id == edge.from) {
                    outside(&mut points, node);
                }
                points.reverse();
                if let Some(node) = boxes.iter().find(|n| n.id == edge.to) {
                    outside(&mut points, node);
                }
                points.reverse();
                let label = edge.label.zip(drawn.label).map(|(ours, rect)| {
                    let [x, y] = at((rect.x + rect.w / 2.0, rect.y + rect.h / 2.0));
                    LabelBox {
                        x: x - ours.width / 2.0,
                        y: y - ours.height / 2.0,
                        anchor: [x, y],
                        ..ours
                    }
                });
                Some(EdgePath {
                    points,
                    label,
                    ..edge.clone()
                })
            })
            .collect();
        layout.groups = ours
            .groups
            .iter()
            .filter_map(|group| cluster(json, group, drawing.height, &at))
            .collect();
        layout
    }

    /// Drops the points at the front of `points` that lie inside `node`'s
    /// box, starting the line where it leaves the box.
    fn outside(points: &mut Vec<[f64; 2]>, node: &NodeBox) {
        let inside = |[x, y]: [f64; 2]| {
            x > node.x && x < node.x + node.width && y > node.y && y < node.y + node.height
        };
        let Some(first_out) = points.iter().position(|&p| !inside(p)) else {
            return;
        };
        if first_out == 0 {
            return;
        }
        let (Some(&[ax, ay]), Some(&[bx, by])) = (points.get(first_out - 1), points.get(first_out))
        else {
            return;
        };
        // Halve the step from inside to outside until it is on the edge.
        let (mut t_in, mut t_out) = (0.0, 1.0);
        for _ in 0..30 {
            let t = (t_in + t_out) / 2.0;
            if inside([ax + t * (bx - ax), ay + t * (by - ay)]) {
                t_in = t;
            } else {
                t_out = t;
            }
        }
        let edge = [ax + t_out * (bx - ax), ay + t_out * (by - ay)];
        points.splice(0..first_out, [edge]);
    }

    /// The group's box as `dot` drew its cluster.
    fn cluster(
        json: &serde_json::Value,
        group: &GroupBox,
        height: f64,
        at: &impl Fn((f64, f64)) -> [f64; 2],
    ) -> Option<GroupBox> {
        let name = format!("cluster_{}", group.id);
        let object = json["objects"]
            .as_array()?
            .iter()
            .find(|o| o["name"].as_str() == Some(name.as_str()))?;
        let bb = super::metrics::numbers(object["bb"].as_str()?);
        let [x0, y0, x1, y1] = bb.as_slice() else {
            return None;
        };
        let [x, y] = at((*x0, height - y1));
        Some(GroupBox {
            x,
            y,
            width: x1 - x0,
            height: y1 - y0,
            title_x: x + (group.title_x - group.x),
            ..group.clone()
        })
    }
}
