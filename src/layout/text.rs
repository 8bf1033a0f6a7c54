//! Text measured with the metrics of the embedded font (Inter, OFL), so boxes
//! fit their labels. The SVG names the same font, and the PNG is drawn with
//! these very faces (`render::png`).

use std::sync::OnceLock;

/// Inter Regular and SemiBold, as shipped in `assets/fonts/`.
pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/Inter-Regular.otf");
pub static SEMIBOLD: &[u8] = include_bytes!("../../assets/fonts/Inter-SemiBold.otf");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    SemiBold,
}

/// Advance widths of one face, in font units, for the characters we meet.
struct Face {
    units_per_em: f64,
    /// Advances of U+0000..U+024F (Latin), looked up directly.
    latin: Vec<u16>,
    /// Advance for anything else (CJK, emoji, …): a conservative average.
    fallback: u16,
    /// Kept to look up characters outside the table.
    data: &'static [u8],
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Face> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let advance = |c: char| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g));
        let fallback = advance('M').unwrap_or(1000);
        let latin = (0u32..0x250)
            .map(|code| char::from_u32(code).and_then(advance).unwrap_or(fallback))
            .collect();
        Some(Face {
            units_per_em: f64::from(face.units_per_em()),
            latin,
            fallback,
            data,
        })
    }

    fn advance(&self, c: char) -> f64 {
        let units = match self.latin.get(c as usize) {
            Some(units) => *units,
            None => ttf_parser::Face::parse(self.data, 0)
                .ok()
                .and_then(|face| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)))
                .unwrap_or(self.fallback),
        };
        f64::from(units)
    }
}

fn face(weight: Weight) -> Option<&'static Face> {
    static FACES: OnceLock<(Option<Face>, Option<Face>)> = OnceLock::new();
    let faces = FACES.get_or_init(|| (Face::load(REGULAR), Face::load(SEMIBOLD)));
    match weight {
        Weight::Regular => faces.0.as_ref(),
        Weight::SemiBold => faces.1.as_ref(),
    }
}

/// The width of one line of `text` at `size` pixels.
pub fn width(text: &str, size: f64, weight: Weight) -> f64 {
    match face(weight) {
        Some(face) => text.chars().map(|c| face.advance(c)).sum::<f64>() * size / face.units_per_em,
        // The font is compiled in; this only guards against a corrupt build.
        None => text.chars().count() as f64 * size * 0.6,
    }
}

/// `text` broken into lines no wider than `room` at this size; a word wider
/// than the room stands on a line of its own.
pub fn wrap(text: &str, size: f64, room: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || width(&candidate, size, Weight::Regular) <= room {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider_and_bold_wider_still() {
        let narrow = width("iiii", 13.0, Weight::Regular);
        let wide = width("MMMM", 13.0, Weight::Regular);
        assert!(narrow > 0.0 && wide > narrow * 2.0, "{narrow} {wide}");
        assert!(
            width("Load balancer", 13.0, Weight::SemiBold)
                > width("Load balancer", 13.0, Weight::Regular)
        );
        let twice = width("Cache", 26.0, Weight::Regular);
        assert!((twice - 2.0 * width("Cache", 13.0, Weight::Regular)).abs() < 1e-9);
    }

    #[test]
    fn characters_outside_latin_still_measure() {
        assert!(width("缓存 🚀", 13.0, Weight::Regular) > 0.0);
    }
}
