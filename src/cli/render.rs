//! `wb render FILE… -o DIR` and `wb layout FILE --format json`.

use std::path::{Path, PathBuf};

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
    /// Straight runs and rounded right-angle turns
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

    /// Where to write: a folder (created if missing) for every picture, or a
    /// file ending in `.svg` or `.png` for one picture in that format
    #[arg(short, long, value_name = "DIR|FILE", default_value = ".")]
    output: PathBuf,

    /// Image format [default: svg, or the extension of `-o FILE`]
    #[arg(long, value_enum)]
    format: Option<ImageFormat>,

    /// Draw only this walkthrough (`flow "NAME" { … }`), by name
    #[arg(long, value_name = "NAME", conflicts_with = "stage")]
    flow: Option<String>,

    /// Draw only the design as it stands after stage N (1 is the first)
    #[arg(long, value_name = "N")]
    stage: Option<usize>,

    /// Do not list the files written
    #[arg(short, long)]
    quiet: bool,

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

    /// Leave the design's notes out of the pictures
    #[arg(long)]
    no_notes: bool,

    /// Draw the numbers beside the diagram: requests, storage, bandwidth and
    /// cache from the `scale` block and the estimate (also `numbers: true`
    /// in the `design` block)
    #[arg(long)]
    numbers: bool,
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

/// Where `-o` sends the pictures: into a folder, each under its own name,
/// or one picture into a file.
enum Destination<'a> {
    Folder(&'a Path),
    File(&'a Path),
}

impl RenderArgs {
    fn destination(&self) -> Destination<'_> {
        if image_format_of(&self.output).is_some() {
            Destination::File(&self.output)
        } else {
            Destination::Folder(&self.output)
        }
    }

    /// The format asked for, or named by `-o FILE`'s extension; an error
    /// when the two disagree.
    fn image_format(&self) -> Result<ImageFormat, String> {
        match (self.format, image_format_of(&self.output)) {
            (Some(asked), Some(named)) if asked != named => Err(format!(
                "`-o {}` names a {} file, but `--format {}` was given; drop one of them",
                self.output.display(),
                named.extension(),
                asked.extension()
            )),
            (asked, named) => Ok(asked.or(named).unwrap_or(ImageFormat::Svg)),
        }
    }
}

impl ImageFormat {
    fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

/// Extensions of pictures `wb render` does not write.
const OTHER_PICTURES: &[&str] = &[
    "jpg", "jpeg", "gif", "webp", "pdf", "bmp", "tif", "tiff", "ico",
];

/// The format a file name ends in, if it names an image.
fn image_format_of(path: &Path) -> Option<ImageFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "svg" => Some(ImageFormat::Svg),
        "png" => Some(ImageFormat::Png),
        _ => None,
    }
}

/// The options' mistakes that no design can fix, as one message.
fn check_options(args: &RenderArgs, format: ImageFormat) -> Result<(), String> {
    let extension = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(other) = extension.filter(|e| OTHER_PICTURES.contains(&e.as_str())) {
        return Err(format!(
            "`wb render` writes SVG or PNG, not .{other}: name a `.svg` or `.png` file, or a folder"
        ));
    }
    if args.output.as_os_str() == "-" {
        return Err(
            "`-o -`: pictures go to files; name a `.svg` or `.png` file, or a folder".into(),
        );
    }
    if format == ImageFormat::Svg && args.scale != 1.0 {
        return Err("--scale sizes PNG pictures; add `--format png`".into());
    }
    render::png::check_scale(args.scale).map_err(|error| format!("--scale: {error}"))?;
    if let Destination::File(file) = args.destination()
        && args.files.len() > 1
    {
        return Err(format!(
            "`-o {}` names one picture, but {} designs were given; write them into a folder (`-o out/`)",
            file.display(),
            args.files.len()
        ));
    }
    Ok(())
}

pub fn render_command(args: &RenderArgs, style: Style) -> Status {
    no_huge_pages();
    let format = match args.image_format() {
        Ok(format) => format,
        Err(message) => {
            eprintln!("wb: {message}");
            return Status::Failed;
        }
    };
    if let Err(message) = check_options(args, format) {
        eprintln!("wb: {message}");
        return Status::Failed;
    }
    let mut status = Status::Clean;
    for path in &args.files {
        let Some((input, mut model)) = load(path, style) else {
            status = status.max(Status::Failed);
            continue;
        };
        if model.is_empty() {
            eprintln!("wb: `{}` has no components: nothing to draw", input.name);
            status = status.max(Status::Failed);
            continue;
        }
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
        if args.no_notes {
            model.design.notes.clear();
            for stage in &mut model.stages {
                stage.design.notes.clear();
            }
        }
        let numbers = args.numbers || model.settings.flag("numbers");
        let estimated = (numbers || args.annotate)
            .then(|| estimate::estimate(&model))
            .flatten();
        let panels: Vec<render::Panel> = if numbers {
            let panel = estimated.as_ref().and_then(render::numbers);
            if panel.is_none() {
                eprintln!(
                    "wb: {}: no numbers to draw: the design has no `scale` block with a request rate, nor an entry with a `rate`",
                    input.name
                );
            }
            panel.into_iter().collect()
        } else {
            Vec::new()
        };
        if args.annotate
            && let Some(estimate) = &estimated
        {
            render::show_loads(&mut model.design, &estimate.loads);
        }
        let which = match which(&model, args) {
            Ok(which) => which,
            Err(message) => {
                eprintln!("wb: {}: {message}", input.name);
                status = status.max(Status::Failed);
                continue;
            }
        };
        let drawn = match pictures(&model, &name, args, annotations, panels, which) {
            Ok(drawn) => drawn,
            Err(diagnostic) => {
                report(&input.name, &input.text, &[diagnostic], style);
                status = status.max(Status::Failed);
                continue;
            }
        };
        for (file, svg) in drawn {
            status = status.max(write_picture(args, format, &file, &svg));
        }
    }
    status
}

/// A render lives for milliseconds and uses tens of megabytes: a huge page
/// the allocator asks for is zeroed whole, and where memory is fragmented
/// (after `dot` ran, say) the kernel compacts it first, which cost more
/// than the fewer page faults saved (twice the system time of a render of
/// 1,000 components). Only for `wb render`, whose process starts nothing:
/// the setting passes to child processes (`wb watch` starts a browser).
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    let (off, unused) = (1 as libc::c_ulong, 0 as libc::c_ulong);
    // SAFETY: PR_SET_THP_DISABLE sets a flag of this process and reads no
    // memory of ours; its arguments are the unsigned longs the kernel reads.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, off, unused, unused, unused);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

/// The pictures `--flow`, `--stage` and `-o FILE` ask for: one walkthrough,
/// one stage, or (for a file) the whole design; all of them otherwise.
fn which(model: &Model, args: &RenderArgs) -> Result<render::Which, String> {
    if let Some(flow) = &args.flow {
        let wanted = whiteboard::model::slug(flow);
        let found = model
            .walkthroughs
            .iter()
            .position(|w| w.name.eq_ignore_ascii_case(flow) || w.slug == wanted);
        return found.map(render::Which::Walkthrough).ok_or_else(|| {
            let names: Vec<String> = model
                .walkthroughs
                .iter()
                .map(|w| format!("\"{}\"", w.name))
                .collect();
            if names.is_empty() {
                format!("no walkthrough named \"{flow}\": the design has none")
            } else {
                format!(
                    "no walkthrough named \"{flow}\"; the design has {}",
                    names.join(", ")
                )
            }
        });
    }
    if let Some(stage) = args.stage {
        let count = model.stages.len();
        return match count {
            _ if (1..=count).contains(&stage) => Ok(render::Which::Stage(stage)),
            0 => Err(format!("no stage {stage}: the design has no stages")),
            _ => Err(format!(
                "no stage {stage}: the design has stages 1 to {count}"
            )),
        };
    }
    Ok(match args.destination() {
        Destination::File(_) => render::Which::Design,
        Destination::Folder(_) => render::Which::All,
    })
}

/// Writes one picture where `-o` says, in `format`, and lists it unless
/// `--quiet`.
fn write_picture(args: &RenderArgs, format: ImageFormat, file: &str, svg: &str) -> Status {
    let target: PathBuf = match args.destination() {
        Destination::File(file) => file.to_path_buf(),
        Destination::Folder(folder) => {
            let stem = file.strip_suffix(".svg").unwrap_or(file);
            folder.join(format!("{stem}.{}", format.extension()))
        }
    };
    let bytes = match format {
        ImageFormat::Svg => svg.as_bytes().to_vec(),
        ImageFormat::Png => match render::png::png(svg, args.scale) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("wb: cannot draw `{}`: {error}", target.display());
                return Status::Failed;
            }
        },
    };
    // The folder is made only for a picture to go in it.
    if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(error) = std::fs::create_dir_all(folder)
    {
        eprintln!("wb: cannot create `{}`: {error}", folder.display());
        return Status::Failed;
    }
    if let Err(error) = write_atomic(&target, &bytes) {
        eprintln!("wb: cannot write `{}`: {error}", target.display());
        return Status::Failed;
    }
    if !args.quiet {
        println!("wrote {}", target.display());
    }
    Status::Clean
}

/// Every picture of a design, with the command's options.
fn pictures(
    model: &Model,
    name: &str,
    args: &RenderArgs,
    annotations: Annotations,
    panels: Vec<render::Panel>,
    which: render::Which,
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
        panels,
        ..render::Options::default()
    };
    render::pictures(
        model,
        name,
        direction_for(model, args.direction),
        &options,
        which,
    )
}
