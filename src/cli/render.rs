//! `wb render FILE… -o DIR` and `wb layout FILE --format json`.

use std::path::PathBuf;

use whiteboard::check::{self, Config};
use whiteboard::diagnostic::{Diagnostic, Style};
use whiteboard::estimate;
use whiteboard::layout::{self, Direction};
use whiteboard::model::Model;
use whiteboard::render::{self, Annotations, Theme};

use super::Status;
use super::input::{Input, load, report};
use super::output::write_atomic;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum DirectionArg {
    Down,
    Right,
}

impl From<DirectionArg> for Direction {
    fn from(direction: DirectionArg) -> Self {
        match direction {
            DirectionArg::Down => Direction::Down,
            DirectionArg::Right => Direction::Right,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ThemeArg {
    Light,
    Dark,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum EdgesArg {
    /// Straight runs and right-angle turns
    Orthogonal,
    /// Smooth curves through the same channels
    Spline,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ImageFormat {
    /// Scalable vector graphics: text stays text, every part has an id
    Svg,
    /// A bitmap drawn with the embedded font, for slides and chats
    Png,
}

#[derive(clap::Args)]
pub struct RenderArgs {
    /// Design files (`-` for standard input, written as `stdin.svg`)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// The folder to write the pictures to (created if missing)
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    output: PathBuf,

    /// Image format
    #[arg(long, value_enum, default_value_t = ImageFormat::Svg)]
    format: ImageFormat,

    /// Pixels per SVG unit in a PNG (2 for high-density screens)
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0)]
    scale: f32,

    /// Colour theme
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    theme: ThemeArg,

    /// Override the design's `direction`
    #[arg(long, value_enum)]
    direction: Option<DirectionArg>,

    /// Mark components and flows that have findings with a badge and the messages as a
    /// tooltip, and label each flow with its estimated load at peak (with a `scale` block)
    #[arg(long)]
    annotate: bool,

    /// How edges are drawn
    #[arg(long, value_enum, default_value_t = EdgesArg::Orthogonal)]
    edges: EdgesArg,

    /// Add a legend of the kinds and arrows used
    #[arg(long)]
    legend: bool,
}

#[derive(clap::Args)]
pub struct LayoutArgs {
    /// The design file (`-` for standard input)
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Output format
    #[arg(long, value_enum, default_value_t = LayoutFormat::Json)]
    format: LayoutFormat,

    /// Override the design's `direction`
    #[arg(long, value_enum)]
    direction: Option<DirectionArg>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LayoutFormat {
    /// Node and group boxes, edge polylines and label boxes, in SVG user units
    Json,
}

fn direction_for(model: &Model, wanted: Option<DirectionArg>) -> Direction {
    wanted
        .map(Direction::from)
        .or_else(|| Direction::of(&model.settings))
        .unwrap_or_default()
}

pub fn layout_command(args: &LayoutArgs, style: Style) -> Status {
    let Some((input, model)) = load(&args.file, style) else {
        return Status::Failed;
    };
    let computed = match layout::layout(&model.design, direction_for(&model, args.direction)) {
        Ok(computed) => computed,
        Err(too_large) => {
            let diagnostic = too_large.diagnostic(&model.design);
            report(&input.name, &input.text, &[diagnostic], style);
            return Status::Failed;
        }
    };
    match serde_json::to_string_pretty(&computed) {
        Ok(json) => {
            println!("{json}");
            Status::Clean
        }
        Err(error) => {
            eprintln!("wb: cannot write the layout: {error}");
            Status::Failed
        }
    }
}

pub fn render_command(args: &RenderArgs, style: Style) -> Status {
    if args.format == ImageFormat::Svg && args.scale != 1.0 {
        eprintln!("wb: --scale sizes PNG pictures; add `--format png`");
        return Status::Failed;
    }
    // Checked once here rather than for every picture.
    if let Err(error) = render::png::check_scale(args.scale) {
        eprintln!("wb: --scale: {error}");
        return Status::Failed;
    }
    if let Err(error) = std::fs::create_dir_all(&args.output) {
        eprintln!("wb: cannot create `{}`: {error}", args.output.display());
        return Status::Failed;
    }
    let mut status = Status::Clean;
    for path in &args.files {
        let Some((input, mut model)) = load(path, style) else {
            status = status.max(Status::Failed);
            continue;
        };
        let name = if Input::is_stdin(path) {
            "stdin".to_string()
        } else {
            path.file_stem().map_or_else(
                || "design".to_string(),
                |s| s.to_string_lossy().into_owned(),
            )
        };
        // Badges come from the design as written, before loads join the labels.
        let annotations = if args.annotate {
            render::badges(&check::check(&model, &Config::default()).findings)
        } else {
            Annotations::default()
        };
        if args.annotate
            && let Some(estimate) = estimate::estimate(&model)
        {
            render::show_loads(&mut model.design, &estimate.loads);
        }
        let drawn = match pictures(&model, &name, args, annotations) {
            Ok(drawn) => drawn,
            Err(diagnostic) => {
                report(&input.name, &input.text, &[diagnostic], style);
                status = status.max(Status::Failed);
                continue;
            }
        };
        for (file, svg) in drawn {
            let (file, bytes) = match args.format {
                ImageFormat::Svg => (file, svg.into_bytes()),
                ImageFormat::Png => {
                    let file = format!("{}.png", file.strip_suffix(".svg").unwrap_or(&file));
                    match render::png::png(&svg, args.scale) {
                        Ok(bytes) => (file, bytes),
                        Err(error) => {
                            eprintln!("wb: cannot draw `{file}`: {error}");
                            status = status.max(Status::Failed);
                            continue;
                        }
                    }
                }
            };
            let target = args.output.join(file);
            if let Err(error) = write_atomic(&target, &bytes) {
                eprintln!("wb: cannot write `{}`: {error}", target.display());
                status = status.max(Status::Failed);
            }
        }
    }
    status
}

/// Every picture of a design, with the command's options.
fn pictures(
    model: &Model,
    name: &str,
    args: &RenderArgs,
    annotations: Annotations,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let options = render::Options {
        theme: match args.theme {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
        },
        edges: match args.edges {
            EdgesArg::Orthogonal => render::EdgeStyle::Orthogonal,
            EdgesArg::Spline => render::EdgeStyle::Spline,
        },
        legend: args.legend,
        annotations,
        ..render::Options::default()
    };
    render::pictures(model, name, direction_for(model, args.direction), &options)
}
