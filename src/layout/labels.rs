//! Labels on their flows. A flow's label is a unit of its own on a label
//! row near the middle of the flow, the quieter of those nearest
//! (`graph.rs`, `label_rows`), so it has room in the drawing and sits on no
//! component or other label. The flow runs through
//! the unit (through its middle, or straight on where it can: see
//! `Placement::lines`) and the label stands on the line, over it: a reader
//! cannot take it for another flow's, as they did labels standing beside
//! their lines wherever flows ran side by side.

/// Room before and after the text inside the label's box.
pub const LABEL_PAD: f64 = 3.0;

/// A label's box in layout space, and the line of its flow.
#[derive(Clone, Copy, Debug)]
pub struct Placed {
    pub a: f64,
    pub b: f64,
    pub along: f64,
    pub across: f64,
    pub line: f64,
}

/// The box of a label of this size centred at `centre` along its layer, in
/// a row from `top` to `bottom`, on a flow whose line runs at `line`.
pub fn label_box(
    centre: f64,
    line: f64,
    (top, bottom): (f64, f64),
    (along, across): (f64, f64),
) -> Placed {
    Placed {
        a: centre - along / 2.0,
        b: (top + bottom) / 2.0 - across / 2.0,
        along,
        across,
        line,
    }
}
