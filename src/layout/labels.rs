//! Labels on their flows. A flow's label is a unit of its own on the label
//! row nearest the middle of the flow (`graph.rs`), so it has room in the
//! drawing and sits on no component or other label. The flow runs through
//! the unit near its left edge and the text stands just right of the line:
//! no other flow passes between a label and its own.

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

/// The label's box (along, across, size along, size across) for a flow
/// whose line runs at `line`, in a row from `top` to `bottom`.
pub fn label_box(line: f64, (top, bottom): (f64, f64), (along, across): (f64, f64)) -> (f64, f64, f64, f64) {
    (
        line + LABEL_GAP - LABEL_PAD,
        (top + bottom) / 2.0 - across / 2.0,
        along + 2.0 * LABEL_PAD,
        across,
    )
}
