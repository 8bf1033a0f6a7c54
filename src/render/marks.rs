//! Where the marks on a flow stand: a walkthrough's step numbers and the
//! checker's badge, by the flow's label.

use petgraph::graph::EdgeIndex;

use crate::layout::{Direction, LabelBox, Layout};

/// How far a mark reaches into its label's box: the text starts about
/// 2.5 px inside it (a mark 4 px in covered the tops of the letters).
const OVERLAP: f64 = 1.0;
/// How far below and right of a component's box its instances' shadows
/// reach, which a mark keeps clear of too.
const SHADOW: f64 = 8.0;

/// Where a mark `size` stands by `label`, flow `own`'s (its top-left corner): on the
/// flow's line just before the label (above it, or left of it when layers
/// run left to right), else just after it, else beside it — the first of
/// these that covers no component and no other label. Before the label is
/// the first choice because the label's row holds other flows' labels
/// beside it and the channel before it only lines, but a label close
/// under the box its flow leaves has no room there (the mark sat on the
/// box and the letters).
pub fn spot(
    layout: &Layout,
    (own, label): (EdgeIndex, &LabelBox),
    (width, height): (f64, f64),
) -> (f64, f64) {
    // The anchor is on the line, halfway across the label.
    let [x, y] = label.anchor;
    let before_down = (x - width / 2.0, label.y + OVERLAP - height);
    let after_down = (x - width / 2.0, label.y + label.height - OVERLAP);
    let before_right = (label.x + OVERLAP - width, y - height / 2.0);
    let after_right = (label.x + label.width - OVERLAP, y - height / 2.0);
    let candidates = match layout.direction {
        Direction::Down => [before_down, after_down, before_right, after_right],
        Direction::Right => [before_right, after_right, before_down, after_down],
    };
    candidates
        .into_iter()
        .find(|corner| is_free(layout, own, *corner, (width, height)))
        .unwrap_or(match layout.direction {
            Direction::Down => before_down,
            Direction::Right => before_right,
        })
}

/// Whether a mark with its top-left corner at `corner` stays inside the
/// picture and clear of every component's box and every label but flow
/// `own`'s.
fn is_free(
    layout: &Layout,
    own: EdgeIndex,
    (left, top): (f64, f64),
    (width, height): (f64, f64),
) -> bool {
    let overlaps = |x: f64, y: f64, w: f64, h: f64| {
        left < x + w && x < left + width && top < y + h && y < top + height
    };
    let inside =
        left >= 0.0 && top >= 0.0 && left + width <= layout.width && top + height <= layout.height;
    inside
        && !layout
            .nodes
            .iter()
            .any(|n| overlaps(n.x, n.y, n.width + SHADOW, n.height + SHADOW))
        && !layout
            .edges
            .iter()
            .filter(|e| e.flow != own)
            .filter_map(|e| e.label.as_ref())
            .any(|l| overlaps(l.x, l.y, l.width, l.height))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{EdgePath, NodeBox};
    use petgraph::graph::NodeIndex;

    /// A flow down from a box at `y = 0..box_bottom` whose label's box
    /// starts at `y = 50`.
    fn flow_below(box_bottom: f64) -> (Layout, LabelBox) {
        let label = LabelBox {
            x: 80.0,
            y: 50.0,
            width: 40.0,
            height: 14.0,
            anchor: [100.0, 57.0],
        };
        let node = |y: f64, height: f64| NodeBox {
            id: String::new(),
            x: 60.0,
            y,
            width: 80.0,
            height,
            node: NodeIndex::new(0),
        };
        let layout = Layout {
            direction: Direction::Down,
            width: 300.0,
            height: 300.0,
            nodes: vec![node(0.0, box_bottom), node(120.0, 40.0)],
            groups: Vec::new(),
            edges: vec![EdgePath {
                from: String::new(),
                to: String::new(),
                points: vec![[100.0, box_bottom], [100.0, 120.0]],
                label: Some(label),
                flow: EdgeIndex::new(0),
            }],
            notes: Vec::new(),
        };
        (layout, label)
    }

    #[test]
    fn a_mark_stands_before_the_label_where_it_has_room_and_after_it_where_not() {
        let (roomy, label) = flow_below(10.0);
        let own = EdgeIndex::new(0);
        assert_eq!(spot(&roomy, (own, &label), (16.0, 16.0)), (92.0, 35.0));
        // The box the flow leaves (its shadows too) reaches down to the label.
        let (cramped, label) = flow_below(34.0);
        assert_eq!(spot(&cramped, (own, &label), (16.0, 16.0)), (92.0, 63.0));
    }
}
