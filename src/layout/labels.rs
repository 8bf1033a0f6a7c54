//! Labels on their flows. A flow's label is a unit of its own on the label
//! row nearest the middle of the flow (`graph.rs`), so it has room in the
//! drawing and sits on no component or other label. The flow runs through
//! the unit near one edge and the text stands just beside the line (right of
//! it, or left of it for the left half of flows between the same two
//! components, `ports.rs`): no other flow passes between a label and its
//! own.

/// Where the flow runs in its label's unit, from the unit's left edge.
pub const LABEL_LINE: f64 = 3.0;
/// From the line to the start of the label's text.
pub const LABEL_GAP: f64 = 5.0;
/// Padding around the text inside the label's box.
pub const LABEL_PAD: f64 = 3.0;

/// How much room a label of this size takes along its layer.
pub fn slot(along: f64) -> f64 {
    LABEL_LINE + LABEL_GAP + along + LABEL_PAD
}

/// A label's box in layout space, and the line of its flow.
#[derive(Clone, Copy, Debug)]
pub struct Placed {
    pub a: f64,
    pub b: f64,
    pub along: f64,
    pub across: f64,
    pub line: f64,
}

/// The box of a label of this size for a flow whose line runs at `line`,
/// its text right of the line or left of it, in a row from `top` to
/// `bottom`.
pub fn label_box(
    line: f64,
    text_left: bool,
    (top, bottom): (f64, f64),
    (along, across): (f64, f64),
) -> Placed {
    let width = along + 2.0 * LABEL_PAD;
    let a = if text_left {
        line - (LABEL_GAP - LABEL_PAD) - width
    } else {
        line + LABEL_GAP - LABEL_PAD
    };
    Placed {
        a,
        b: (top + bottom) / 2.0 - across / 2.0,
        along: width,
        across,
        line,
    }
}
