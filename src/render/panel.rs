//! Panels beside the diagram: a walkthrough's numbered steps, the numbers
//! of the estimate. They stand to the right of the drawing, so they never
//! cover a component, a flow or a label; long text wraps to the panel's
//! width.

use super::element::Element;
use super::num;
use super::theme::Palette;
use crate::layout::text::{self, Weight};

/// A titled list of rows, each a short key (a step number, a figure's
/// name) and its text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Panel {
    pub title: String,
    /// A class for the panel's `<g>`, so tools can find it.
    pub class: &'static str,
    pub rows: Vec<(String, String)>,
}

/// Room between the diagram and the panels, and around a panel's text.
pub const GAP: f64 = 24.0;
const WIDTH: f64 = 300.0;
const PAD: f64 = 12.0;
const TITLE_SIZE: f64 = 12.0;
const SIZE: f64 = 11.5;
const LINE: f64 = 16.0;
const ROW_GAP: f64 = 6.0;
const KEY_WIDTH: f64 = 96.0;

/// A panel with its rows' text broken into lines, and the height it takes.
pub struct Laid {
    panel: Panel,
    /// Each row's key, the width the key takes, and its text's lines.
    rows: Vec<(String, f64, Vec<String>)>,
    pub height: f64,
}

pub fn width() -> f64 {
    WIDTH
}

pub fn lay(panel: &Panel) -> Laid {
    let key_width = panel
        .rows
        .iter()
        .map(|(key, _)| text::width(key, SIZE, Weight::SemiBold) + 8.0)
        .fold(0.0, f64::max)
        .min(KEY_WIDTH);
    let rows: Vec<(String, f64, Vec<String>)> = panel
        .rows
        .iter()
        .map(|(key, value)| {
            let room = WIDTH - 2.0 * PAD - key_width;
            (key.clone(), key_width, wrap(value, room))
        })
        .collect();
    let lines: usize = rows.iter().map(|(_, _, lines)| lines.len().max(1)).sum();
    let height = PAD * 2.0
        + LINE
        + ROW_GAP
        + lines as f64 * LINE
        + rows.len().saturating_sub(1) as f64 * ROW_GAP;
    Laid {
        panel: panel.clone(),
        rows,
        height,
    }
}

fn wrap(value: &str, room: f64) -> Vec<String> {
    text::wrap(value, SIZE, room)
}

impl Laid {
    /// The panel drawn with its top left corner at (`x`, `y`).
    pub fn draw(&self, x: f64, y: f64, palette: &Palette) -> Element {
        let mut g = Element::new("g")
            .set("class", format!("panel {}", self.panel.class))
            .set("transform", format!("translate({} {})", num(x), num(y)))
            .add(
                Element::new("rect")
                    .set("width", num(WIDTH))
                    .set("height", num(self.height))
                    .set("rx", 8)
                    .set("fill", palette.background)
                    .set("stroke", palette.group_stroke),
            )
            .add(
                Element::text("text", self.panel.title.as_str())
                    .set("x", num(PAD))
                    .set("y", num(PAD + TITLE_SIZE))
                    .set("font-size", TITLE_SIZE)
                    .set("font-weight", 600)
                    .set("fill", palette.text),
            );
        let mut top = PAD + LINE + ROW_GAP;
        for (key, key_width, lines) in &self.rows {
            let mut row = Element::new("g").set("class", "row").add(
                Element::text("text", key.as_str())
                    .set("x", num(PAD))
                    .set("y", num(top + SIZE))
                    .set("font-size", SIZE)
                    .set("font-weight", 600)
                    .set("fill", palette.text),
            );
            for (i, line) in lines.iter().enumerate() {
                row = row.add(
                    Element::text("text", line.as_str())
                        .set("x", num(PAD + key_width))
                        .set("y", num(top + SIZE + i as f64 * LINE))
                        .set("font-size", SIZE)
                        .set("fill", palette.muted),
                );
            }
            g = g.add(row);
            top += lines.len().max(1) as f64 * LINE + ROW_GAP;
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_within_the_panel_and_a_long_word_stands_alone() {
        let lines = wrap(&"word ".repeat(60), 150.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(text::width(line, SIZE, Weight::Regular) <= 150.0, "{line}");
        }
        assert_eq!(wrap("unbreakablewordthatisverylongindeed x", 20.0).len(), 2);
    }
}
