//! PNG: the SVG rasterised by resvg, with the embedded Inter the layout
//! measured text with, so a PNG looks the same on every machine and needs
//! neither a browser nor a system font.

use std::fmt;
use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use crate::layout::text::{REGULAR, SEMIBOLD};

/// The largest scale `--scale` accepts.
pub const MAX_SCALE: f32 = 8.0;

/// The most pixels one PNG may have (about 256 MB of RGBA while drawing):
/// a design of thousands of components is better read as SVG.
pub const MAX_PIXELS: u64 = 64_000_000;

/// Why a picture could not become a PNG.
#[derive(Debug)]
pub enum PngError {
    /// The scale is not a number in (0, [`MAX_SCALE`]].
    Scale(f32),
    /// The picture would have more than [`MAX_PIXELS`] pixels.
    TooLarge {
        width: u64,
        height: u64,
    },
    /// resvg could not read the SVG (a bug of the renderer, if it happens).
    Svg(String),
    Encode(String),
}

impl fmt::Display for PngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PngError::Scale(scale) => write!(
                f,
                "the scale must be more than 0 and at most {MAX_SCALE}, not {scale}"
            ),
            PngError::TooLarge { width, height } => write!(
                f,
                "the picture would be {width}×{height} pixels, more than the {} million a PNG may have; \
                 use a smaller --scale or SVG",
                MAX_PIXELS / 1_000_000
            ),
            PngError::Svg(message) => write!(f, "cannot read the drawing: {message}"),
            PngError::Encode(message) => write!(f, "cannot encode the PNG: {message}"),
        }
    }
}

impl std::error::Error for PngError {}

/// The embedded faces, loaded once; no system font is consulted.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = fontdb::Database::new();
            database.load_font_data(REGULAR.to_vec());
            database.load_font_data(SEMIBOLD.to_vec());
            database.set_sans_serif_family("Inter");
            Arc::new(database)
        })
        .clone()
}

/// Accepts a scale in (0, [`MAX_SCALE`]].
pub fn check_scale(scale: f32) -> Result<(), PngError> {
    if scale > 0.0 && scale <= MAX_SCALE {
        Ok(())
    } else {
        Err(PngError::Scale(scale))
    }
}

/// Rasterises an SVG drawn by [`super::svg`] at `scale` (2 for screens with
/// twice the pixels).
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    check_scale(scale)?;
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "Inter".to_string(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let width = (f64::from(size.width()) * f64::from(scale)).ceil().max(1.0) as u64;
    let height = (f64::from(size.height()) * f64::from(scale))
        .ceil()
        .max(1.0) as u64;
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(PngError::TooLarge { width, height });
    }
    let too_large = || PngError::TooLarge { width, height };
    let mut pixmap = Pixmap::new(
        u32::try_from(width).map_err(|_| too_large())?,
        u32::try_from(height).map_err(|_| too_large())?,
    )
    .ok_or_else(too_large)?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}
