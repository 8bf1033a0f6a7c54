//! Stage 5, render: a laid-out design as SVG.
//!
//! Text stays text, every component, group and flow is a `<g>` with an id
//! that names it and a `<title>` tooltip, and every string from the design is
//! escaped by the `svg` crate. Walkthroughs number their steps and dim the
//! rest; stages highlight what they add; `--annotate` puts a badge with the
//! findings' messages on what they are about.

mod element;
mod marks;
pub mod panel;
pub mod png;
mod shapes;
pub mod theme;

use std::collections::{BTreeMap, HashMap};

use element::Element;
use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::check::{Finding, Target};
use crate::diagnostic::{Diagnostic, Severity};
use crate::diff::{Mark, Marks};
use crate::estimate::{Loads, units};
use crate::layout::text::{self, Weight};
use crate::layout::{self, Direction, Layout, has_icon, label_lines, node_text, shape_room, style};
use crate::model::{Design, FlowKind, Kind, Model};
use crate::parallel;
pub use panel::Panel;
pub use theme::Theme;

/// Every picture of a design, as (file name, SVG): `NAME.svg` for the whole
/// design, `NAME.flow-SLUG.svg` for each walkthrough (its steps numbered) and
/// `NAME.stage-N.svg` for each stage (what it adds outlined). `options`
/// gives the style; titles and focus are set here. Findings are drawn on
/// the whole design and the walkthroughs (stages are other designs). A
/// design too large to lay out is an error for all of its pictures.
pub fn pictures(
    model: &Model,
    name: &str,
    direction: Direction,
    options: &Options,
    which: Which,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let title = model.title.clone().unwrap_or_else(|| name.to_string());
    let base = Options {
        title: Some(title.clone()),
        focus: Focus::Everything,
        legend: options.legend || model.settings.flag("legend"),
        ..options.clone()
    };
    // A stage's picture has its own layout; the others share the design's.
    let whole = match which {
        Which::Stage(_) => None,
        _ => Some(
            layout::layout(&model.design, direction).map_err(|e| e.diagnostic(&model.design))?,
        ),
    };
    let mut out = Vec::new();
    if let (Some(whole), Which::All | Which::Design) = (&whole, which) {
        out.push((format!("{name}.svg"), svg(&model.design, whole, &base)));
    }
    for (index, walkthrough) in model.walkthroughs.iter().enumerate() {
        let wanted = matches!(which, Which::All) || which == Which::Walkthrough(index);
        let Some(whole) = whole.as_ref().filter(|_| wanted) else {
            continue;
        };
        let steps = walkthrough
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| (step.flow, i + 1))
            .collect();
        let mut panels = base.panels.clone();
        panels.insert(0, step_list(model, walkthrough));
        let focused = Options {
            title: Some(format!("{title} — {}", walkthrough.name)),
            focus: Focus::Steps(steps),
            panels,
            ..base.clone()
        };
        out.push((
            format!("{name}.flow-{}.svg", walkthrough.slug),
            svg(&model.design, whole, &focused),
        ));
    }
    for (index, stage) in model.stages.iter().enumerate() {
        let number = index + 1;
        if !matches!(which, Which::All) && which != Which::Stage(number) {
            continue;
        }
        let stage_layout =
            layout::layout(&stage.design, direction).map_err(|e| e.diagnostic(&stage.design))?;
        let focused = Options {
            title: Some(format!("{title} — stage {number}: {}", stage.name)),
            focus: Focus::Stage(number),
            annotations: Annotations::default(),
            ..base.clone()
        };
        out.push((
            format!("{name}.stage-{number}.svg"),
            svg(&stage.design, &stage_layout, &focused),
        ));
    }
    Ok(out)
}

/// Which pictures of a design to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// The design, each walkthrough and each stage.
    All,
    /// The whole design only.
    Design,
    /// One walkthrough, by its position in the design.
    Walkthrough(usize),
    /// One stage, numbered from 1.
    Stage(usize),
}

/// A note beside its target, tied to it by a dashed leader; or, when it
/// found no room, its numbered marker.
fn note_callout(note: &layout::notes::NoteBox, palette: &theme::Palette) -> Element {
    if let Some(number) = note.footnote {
        let r = note.width / 2.0;
        return Element::new("g")
            .set("class", "note footnote")
            .add(
                Element::new("circle")
                    .set("cx", num(note.x + r))
                    .set("cy", num(note.y + r))
                    .set("r", num(r))
                    .set("fill", palette.note_fill)
                    .set("stroke", palette.note_stroke),
            )
            .add(
                Element::text("text", number.to_string().as_str())
                    .set("x", num(note.x + r))
                    .set("y", num(note.y + r + 3.5))
                    .set("text-anchor", "middle")
                    .set("font-size", 9.5)
                    .set("font-weight", 600)
                    .set("fill", palette.text),
            );
    }
    let [from, to] = note.leader;
    let mut g = Element::new("g")
        .set("class", "note")
        .add(
            Element::new("path")
                .set(
                    "d",
                    format!(
                        "M{} {}L{} {}",
                        num(from[0]),
                        num(from[1]),
                        num(to[0]),
                        num(to[1])
                    ),
                )
                .set("stroke", palette.note_stroke)
                .set("stroke-width", 1)
                .set("stroke-dasharray", "3 2")
                .set("fill", "none"),
        )
        .add(
            Element::new("circle")
                .set("cx", num(to[0]))
                .set("cy", num(to[1]))
                .set("r", 2)
                .set("fill", palette.note_stroke),
        )
        .add(
            Element::new("rect")
                .set("x", num(note.x))
                .set("y", num(note.y))
                .set("width", num(note.width))
                .set("height", num(note.height))
                .set("rx", 4)
                .set("fill", palette.note_fill)
                .set("stroke", palette.note_stroke),
        );
    for (i, line) in note.lines.iter().enumerate() {
        g = g.add(
            Element::text("text", line.as_str())
                .set("x", num(note.x + layout::notes::PAD))
                .set(
                    "y",
                    num(note.y
                        + layout::notes::PAD
                        + layout::notes::SIZE
                        + i as f64 * layout::notes::LINE
                        - 2.0),
                )
                .set("font-size", layout::notes::SIZE)
                .set("fill", palette.text),
        );
    }
    g
}

/// The design's own notes (`note "…"`), and the notes drawn as numbered
/// markers, listed beside the picture.
fn notes_panel(design: &Design, layout: &Layout) -> Option<Panel> {
    let mut rows: Vec<(String, String)> = design
        .notes
        .iter()
        .filter(|note| note.target == crate::model::hints::NoteTarget::Design)
        .map(|note| ("•".to_string(), note.text.clone()))
        .collect();
    rows.extend(layout.notes.iter().filter_map(|note| {
        let number = note.footnote?;
        Some((number.to_string(), note.lines.join(" ")))
    }));
    (!rows.is_empty()).then(|| Panel {
        title: "Notes".into(),
        class: "notes",
        rows,
    })
}

/// The numbers an interviewer asks for, as `wb estimate` gives them:
/// requests, storage, bandwidth, the cache's hot set, and what runs over
/// its capacity. `None` when the estimate has no figures.
pub fn numbers(estimate: &crate::estimate::Estimate) -> Option<Panel> {
    let figures = &estimate.figures;
    let mut rows: Vec<(String, String)> = Vec::new();
    if let Some(traffic) = &figures.traffic {
        let pair = |avg: f64, peak: f64| {
            format!(
                "{} average, {} at peak",
                units::rate(avg),
                units::rate(peak)
            )
        };
        rows.push((
            "Requests".into(),
            pair(
                traffic.read_avg.value + traffic.write_avg.value,
                traffic.read_peak.value + traffic.write_peak.value,
            ),
        ));
        // A design of only reads or only writes lists no zeros.
        if traffic.read_avg.value > 0.0 && traffic.write_avg.value > 0.0 {
            rows.push((
                "Reads".into(),
                pair(traffic.read_avg.value, traffic.read_peak.value),
            ));
            rows.push((
                "Writes".into(),
                pair(traffic.write_avg.value, traffic.write_peak.value),
            ));
        }
    }
    if let Some(storage) = &figures.storage {
        rows.push((
            "Storage".into(),
            format!(
                "{} a year, {} in all",
                units::bytes(storage.per_year.value),
                units::bytes(storage.total.value)
            ),
        ));
    }
    if let Some(bandwidth) = &figures.bandwidth {
        let pair = |avg: f64, peak: f64| {
            format!(
                "{} average, {} at peak",
                units::bandwidth(avg),
                units::bandwidth(peak)
            )
        };
        for (name, average, peak) in [
            (
                "Ingress",
                bandwidth.ingress.value,
                bandwidth.ingress_peak.value,
            ),
            (
                "Egress",
                bandwidth.egress.value,
                bandwidth.egress_peak.value,
            ),
        ] {
            if average > 0.0 {
                rows.push((name.into(), pair(average, peak)));
            }
        }
    }
    if let Some(cache) = figures.cache.as_ref().filter(|c| c.value > 0.0) {
        rows.push((
            "Cache".into(),
            format!("{} hot set", units::bytes(cache.value)),
        ));
    }
    let over: Vec<String> = estimate
        .components
        .iter()
        .filter(|c| c.is_overloaded())
        .map(|c| format!("{} {}", c.id, units::percent(c.utilisation.unwrap_or(0.0))))
        .collect();
    if !rows.is_empty() || !over.is_empty() {
        rows.push((
            "Capacity".into(),
            if over.is_empty() {
                "every component within its capacity".into()
            } else {
                format!("over: {}", over.join(", "))
            },
        ));
    }
    (!rows.is_empty()).then(|| Panel {
        title: "The numbers".into(),
        class: "numbers",
        rows,
    })
}

/// A walkthrough's steps, numbered as on the picture, each with its label
/// (or its flow's).
fn step_list(model: &Model, walkthrough: &crate::model::Walkthrough) -> Panel {
    let rows = walkthrough
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let flow = model.design.graph.edge_weight(step.flow);
            let label = step
                .label
                .as_deref()
                .or_else(|| flow.and_then(|f| f.label.as_deref()));
            let arrow = flow.map_or("->", |f| f.kind.arrow());
            let title = |id: &str| {
                model
                    .design
                    .component(id)
                    .map_or(id, |c| c.title())
                    .to_string()
            };
            let (from, to) = (title(&step.from), title(&step.to));
            let mut text = match label {
                Some(label) => format!("{from} {arrow} {to}: {label}"),
                None => format!("{from} {arrow} {to}"),
            };
            // The note on the flow the step takes, if any.
            let on_flow = flow.map(|f| crate::model::hints::NoteTarget::Flow {
                from: f.from.clone(),
                to: f.drawn_to().to_string(),
            });
            if let Some(note) = model
                .design
                .notes
                .iter()
                .find(|n| Some(&n.target) == on_flow.as_ref())
            {
                text = format!("{text} — {}", note.text);
            }
            ((i + 1).to_string(), text)
        })
        .collect();
    Panel {
        title: format!("Steps: {}", walkthrough.name),
        class: "steps",
        rows,
    }
}

/// Adds each flow's estimated load at peak to its label (`route` →
/// `route` / `39K/s at peak`), for `--annotate`.
pub fn show_loads(design: &mut Design, loads: &Loads) {
    for edge in design.graph.edge_indices() {
        let Some(load) = loads.flows.get(edge.index()).copied().flatten() else {
            continue;
        };
        let Some(flow) = design.graph.edge_weight_mut(edge) else {
            continue;
        };
        let shown = label_lines(flow).map(|lines| lines.join(" "));
        let rate = format!("{} at peak", units::rate(load.peak()));
        flow.label = Some(match shown {
            Some(text) => format!("{text}\n{rate}"),
            None => rate,
        });
    }
}

/// The checker's findings as badges on what they are about.
pub fn badges(findings: &[Finding]) -> Annotations {
    let mut annotations = Annotations::default();
    for finding in findings {
        let badge = Badge {
            severity: finding.severity,
            text: format!("{}: {}", finding.rule, finding.message),
        };
        match finding.target {
            Target::Design => annotations.design.push(badge),
            Target::Component(node) => annotations.components.entry(node).or_default().push(badge),
            Target::Flow(edge) => annotations.flows.entry(edge).or_default().push(badge),
        }
    }
    annotations
}

/// The id of a component's SVG element (`component-api`).
pub fn component_element_id(id: &str) -> String {
    format!("component-{}", slug(id))
}

/// The id of the SVG element of the first flow from `from` to `to`
/// (`flow-api-db`; later ones between the same two get `-2`, `-3`, …, in
/// [`drawn_flow_ids`]).
fn flow_element_id(from: &str, to: &str) -> String {
    format!("flow-{}-{}", slug(from), slug(to))
}

/// The element id of every flow the picture of the whole design draws,
/// numbered in the order of the design's flows from the second between the
/// same components on (`flow-a-b`, `flow-a-b-2`, …). A member's flow of a
/// flow written to a group gets the id of the line drawn to the group.
pub fn drawn_flow_ids(design: &Design) -> HashMap<EdgeIndex, String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut to_groups: HashMap<(&str, &str), String> = HashMap::new();
    let mut ids = HashMap::new();
    for edge in design.graph.edge_indices() {
        let Some(flow) = design.graph.edge_weight(edge).filter(|f| f.drawn) else {
            continue;
        };
        let base = flow_element_id(&flow.from, flow.drawn_to());
        let count = seen.entry(base.clone()).or_insert(0);
        *count += 1;
        let id = if *count == 1 {
            base
        } else {
            format!("{base}-{count}")
        };
        if let Some(group) = &flow.to_group {
            to_groups.insert((&flow.from, group), id.clone());
        }
        ids.insert(edge, id);
    }
    for edge in design.graph.edge_indices() {
        let Some(flow) = design.graph.edge_weight(edge).filter(|f| !f.drawn) else {
            continue;
        };
        let drawn = flow
            .to_group
            .as_deref()
            .and_then(|group| to_groups.get(&(flow.from.as_str(), group)));
        if let Some(id) = drawn {
            ids.insert(edge, id.clone());
        }
    }
    ids
}

/// An element's classes, with the class of its diff mark if it has one.
fn marked(class: String, mark: Option<Mark>) -> String {
    match mark {
        None => class,
        Some(Mark::Added) => class + " added",
        Some(Mark::Changed) => class + " changed",
        Some(Mark::Removed) => class + " removed",
        Some(Mark::Missing) => class + " missing",
    }
}

/// A removed or missing element is drawn faint and dashed, where it used
/// to be or would go.
fn ghost(group: Element, mark: Mark) -> Element {
    if matches!(mark, Mark::Removed | Mark::Missing) {
        group.set("opacity", 0.35).set("stroke-dasharray", "5 4")
    } else {
        group
    }
}

/// A number as SVG wants it: at most one decimal, no trailing zeros.
pub(crate) fn num(value: f64) -> String {
    // In tenths, as integers: float formatting costs more than the rest of
    // the picture's text.
    let tenths = (value * 10.0).round() as i64;
    let (whole, tenth) = (tenths / 10, (tenths % 10).abs());
    match (tenth, tenths < 0 && whole == 0) {
        (0, _) => whole.to_string(),
        (_, true) => format!("-0.{tenth}"),
        _ => format!("{whole}.{tenth}"),
    }
}

/// What a picture emphasises.
#[derive(Clone, Debug, Default)]
pub enum Focus {
    #[default]
    Everything,
    /// A walkthrough: its steps numbered in order, the rest dimmed.
    Steps(Vec<(EdgeIndex, usize)>),
    /// A stage: what it added or changed, outlined.
    Stage(usize),
    /// A change between two versions (`wb diff --render`): additions and
    /// changes outlined, removals ghosted.
    Diff(Marks),
}

/// A finding to draw as a badge.
#[derive(Clone, Debug)]
pub struct Badge {
    pub severity: Severity,
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct Annotations {
    pub components: BTreeMap<NodeIndex, Vec<Badge>>,
    pub flows: BTreeMap<EdgeIndex, Vec<Badge>>,
    pub design: Vec<Badge>,
}

/// How edges are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EdgeStyle {
    /// Straight runs and rounded right-angle turns.
    #[default]
    Orthogonal,
    /// Each turn between two rows is one smooth curve, which stays in the
    /// channel between the rows, as the orthogonal route does.
    Spline,
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub theme: Theme,
    pub edges: EdgeStyle,
    /// A heading above the diagram.
    pub title: Option<String>,
    pub focus: Focus,
    pub annotations: Annotations,
    pub legend: bool,
    /// Panels to the right of the diagram, top to bottom.
    pub panels: Vec<Panel>,
}

const HEADER: f64 = 40.0;
/// Pictures of this many flows and components in all draw their elements
/// on several cores.
const SIDE_BY_SIDE_FROM: usize = 400;
/// Room to the right of the panels.
const MARGIN_RIGHT: f64 = 12.0;
const LEGEND_ROW: f64 = 34.0;

fn slug(text: &str) -> String {
    crate::model::slug(text)
}

/// Where the picture's title starts, its size, and the gap to the design's
/// badge after it.
const TITLE_X: f64 = 16.0;
const TITLE_SIZE: f64 = 16.0;
const TITLE_BADGE_GAP: f64 = 14.0;
const BADGE_RADIUS: f64 = 8.0;

pub fn svg(design: &Design, layout: &Layout, options: &Options) -> String {
    let picture = Picture::new(design, layout, options);
    let mut canvas =
        Element::new("g").set("transform", format!("translate(0 {})", num(picture.header)));
    let mut groups: Vec<_> = layout.groups.iter().collect();
    groups.sort_by_key(|g| g.depth);
    for group in groups {
        canvas = canvas.add(picture.group(group));
    }
    // A large picture's flows and components are drawn, and written out,
    // on several cores.
    let large = layout.edges.len() + layout.nodes.len() >= SIDE_BY_SIDE_FROM;
    let ids = drawn_flow_ids(design);
    let flows: Vec<_> = layout
        .edges
        .iter()
        .map(|edge| (edge, ids.get(&edge.flow).cloned().unwrap_or_default()))
        .collect();
    let flows = parallel::map(&flows, large, |(edge, id)| {
        picture.flow(edge, id.clone()).map(|e| e.render())
    });
    let components = parallel::map(&layout.nodes, large, |node| {
        picture.component(node).map(|e| e.render())
    });
    for written in flows.into_iter().chain(components).flatten() {
        canvas = canvas.add_written(written);
    }
    for note in &layout.notes {
        canvas = canvas.add(note_callout(note, &picture.palette));
    }
    let mut document = picture.document().add(canvas);
    let mut top = picture.header;
    for laid in &picture.panels {
        document = document.add(laid.draw(layout.width + panel::GAP, top, &picture.palette));
        top += laid.height + panel::GAP / 2.0;
    }
    if options.legend {
        document = document.add(legend(
            &picture.kinds,
            layout.height + picture.header,
            picture.width,
            &picture.palette,
            options.theme,
        ));
    }
    document.render() + "\n"
}

/// One picture being drawn: the design, its layout, the options, and what
/// the options' focus makes of each element.
struct Picture<'a> {
    design: &'a Design,
    layout: &'a Layout,
    options: &'a Options,
    palette: theme::Palette,
    /// Room above the diagram for the title.
    header: f64,
    width: f64,
    height: f64,
    /// The kinds in the design, for the legend.
    kinds: Vec<Kind>,
    /// A walkthrough's step numbers on each flow it takes.
    steps: BTreeMap<EdgeIndex, Vec<usize>>,
    /// The components a walkthrough passes.
    walked: Vec<NodeIndex>,
    /// The panels beside the diagram, laid out.
    panels: Vec<panel::Laid>,
    /// Components drawn inside their box in places, by id (see
    /// [`Picture::touching_outlines`]).
    inset: HashMap<&'a str, &'a layout::NodeBox>,
}

impl<'a> Picture<'a> {
    fn new(design: &'a Design, layout: &'a Layout, options: &'a Options) -> Self {
        let header = if options.title.is_some() { HEADER } else { 0.0 };
        let mut kinds: Vec<Kind> = design.components().map(|c| c.kind).collect();
        kinds.sort();
        kinds.dedup();
        let legend_height = if options.legend {
            LEGEND_ROW * (1.0 + (kinds.len() as f64 / 6.0).ceil())
        } else {
            0.0
        };
        // The picture is at least as wide as its title (and the design's badge).
        let title_width = options.title.as_deref().map_or(0.0, |title| {
            let badge_room = if options.annotations.design.is_empty() {
                0.0
            } else {
                TITLE_BADGE_GAP + 2.0 * BADGE_RADIUS
            };
            2.0 * TITLE_X + text::width(title, TITLE_SIZE, Weight::SemiBold) + badge_room
        });
        let panels: Vec<panel::Laid> = options
            .panels
            .iter()
            .chain(&notes_panel(design, layout))
            .map(panel::lay)
            .collect();
        let panels_height: f64 = panels.iter().map(|p| p.height + panel::GAP / 2.0).sum();
        let panels_width = if panels.is_empty() {
            0.0
        } else {
            panel::GAP + panel::width() + MARGIN_RIGHT
        };
        let width = (layout.width + panels_width)
            .max(if options.legend { 560.0 } else { 0.0 })
            .max(title_width.ceil());
        let mut steps: BTreeMap<EdgeIndex, Vec<usize>> = BTreeMap::new();
        if let Focus::Steps(taken) = &options.focus {
            for (edge, number) in taken {
                steps.entry(*edge).or_default().push(*number);
            }
        }
        let walked = steps
            .keys()
            .filter_map(|e| design.graph.edge_endpoints(*e))
            .flat_map(|(a, b)| [a, b])
            .collect();
        let inset = layout
            .nodes
            .iter()
            .filter(|n| {
                let kind = design.graph.node_weight(n.node).map(|c| c.kind);
                kind.is_some_and(shapes::has_inset_outline)
            })
            .map(|n| (n.id.as_str(), n))
            .collect();
        Picture {
            design,
            layout,
            options,
            palette: theme::palette(options.theme),
            header,
            width,
            height: header + (layout.height + legend_height).max(panels_height),
            kinds,
            steps,
            walked,
            panels,
            inset,
        }
    }

    fn dim_component(&self, node: NodeIndex) -> bool {
        matches!(self.options.focus, Focus::Steps(_)) && !self.walked.contains(&node)
    }

    fn dim_flow(&self, edge: EdgeIndex) -> bool {
        matches!(self.options.focus, Focus::Steps(_)) && !self.steps.contains_key(&edge)
    }

    fn new_in_stage(&self, stage: Option<usize>) -> bool {
        matches!(self.options.focus, Focus::Stage(n) if stage == Some(n))
    }

    fn component_mark(&self, node: NodeIndex) -> Option<Mark> {
        match &self.options.focus {
            Focus::Diff(marks) => marks.components.get(&node).copied(),
            _ => None,
        }
    }

    fn flow_mark(&self, edge: EdgeIndex) -> Option<Mark> {
        match &self.options.focus {
            Focus::Diff(marks) => marks.flows.get(&edge).copied(),
            _ => None,
        }
    }

    /// The document with its definitions, background and title.
    fn document(&self) -> Element {
        let palette = &self.palette;
        let mut document = Element::new("svg")
            .set("xmlns", "http://www.w3.org/2000/svg")
            .set(
                "viewBox",
                format!("0 0 {} {}", num(self.width), num(self.height)),
            )
            .set("width", num(self.width))
            .set("height", num(self.height))
            .set("font-family", "Inter, 'Helvetica Neue', Arial, sans-serif")
            .set("class", "whiteboard");
        if let Some(title) = &self.options.title {
            document = document.add(Element::text("title", title.as_str()));
        }
        document = document.add(definitions(palette)).add(
            Element::new("rect")
                .set("width", "100%")
                .set("height", "100%")
                .set("fill", palette.background),
        );
        let Some(title) = &self.options.title else {
            return document;
        };
        document = document.add(
            Element::text("text", title.as_str())
                .set("x", TITLE_X)
                .set("y", 26)
                .set("font-size", TITLE_SIZE)
                .set("font-weight", 600)
                .set("fill", palette.text),
        );
        if !self.options.annotations.design.is_empty() {
            let x = TITLE_X + text::width(title, TITLE_SIZE, Weight::SemiBold) + TITLE_BADGE_GAP;
            let design = &self.options.annotations.design;
            document = document.add(badge(design, x, 21.0, palette, "design"));
        }
        document
    }

    /// A group's dashed box and its title.
    fn group(&self, group: &crate::layout::GroupBox) -> Element {
        let label = self
            .design
            .group(&group.id)
            .and_then(|g| g.label.clone())
            .unwrap_or_else(|| group.id.clone());
        let fill = self
            .palette
            .group_fill
            .get(group.depth.min(2))
            .copied()
            .unwrap_or(self.palette.background);
        Element::new("g")
            .set("id", format!("group-{}", slug(&group.id)))
            .set("class", "group")
            .add(Element::text("title", label.as_str()))
            .add(
                Element::new("rect")
                    .set("x", num(group.x))
                    .set("y", num(group.y))
                    .set("width", num(group.width))
                    .set("height", num(group.height))
                    .set("rx", 10)
                    .set("fill", fill)
                    .set("stroke", self.palette.group_stroke)
                    .set("stroke-dasharray", "6 4"),
            )
            .add(
                Element::text("text", label.as_str())
                    .set("x", num(group.title_x))
                    .set("y", num(group.y + 15.0))
                    .set("font-size", style::GROUP_SIZE)
                    .set("font-weight", 600)
                    .set("fill", self.palette.muted),
            )
    }

    /// A flow: its line, label, step numbers and badges, in a group with
    /// the element id `id` (see [`drawn_flow_ids`]).
    fn flow(&self, edge: &crate::layout::EdgePath, id: String) -> Option<Element> {
        let palette = &self.palette;
        let flow = self.design.graph.edge_weight(edge.flow)?;
        let mark = self.flow_mark(edge.flow);
        let highlighted = self.steps.contains_key(&edge.flow)
            || self.new_in_stage(flow.stage)
            || matches!(mark, Some(Mark::Added | Mark::Changed));
        let color = match mark {
            Some(Mark::Changed) => palette.warning,
            _ if highlighted => palette.accent,
            _ => palette.edge,
        };
        let arrow = if color == palette.accent {
            "url(#arrow-accent)"
        } else {
            "url(#arrow)"
        };
        let points = self.touching_outlines(edge);
        let mut line = Element::new("path")
            .set("d", path_data(&points, self.options.edges))
            .set("fill", "none")
            .set("stroke", color)
            .set("stroke-width", if highlighted { 2.2 } else { 1.4 })
            .set("marker-end", arrow);
        if flow.kind == FlowKind::Async {
            line = line.set("stroke-dasharray", "6 4");
        }
        if flow.kind == FlowKind::Both {
            line = line.set("marker-start", arrow);
        }
        let tooltip = match &flow.label {
            Some(label) => format!("{} → {}: {}", flow.from, flow.to, label),
            None => format!("{} → {}", flow.from, flow.to),
        };
        let class = if flow.kind == FlowKind::Async {
            "flow async"
        } else {
            "flow"
        };
        let mut g = Element::new("g")
            .set("id", id)
            .set("class", marked(class.to_string(), mark))
            .add(Element::text("title", tooltip.as_str()))
            .add(line);
        if let Some(mark) = mark {
            g = ghost(g, mark);
        }
        if self.dim_flow(edge.flow) {
            g = g.set("opacity", 0.25);
        }
        if let (Some(label), Some(lines)) = (edge.label, label_lines(flow)) {
            let color = if highlighted {
                palette.accent
            } else {
                palette.muted
            };
            g = g.add(flow_label(&label, &lines, color, self.ground(&label)));
        }
        // Marks of a flow without a label stand on its middle.
        let middle = midpoint(&edge.points);
        if let Some(numbers) = self.steps.get(&edge.flow) {
            let (pill, number) = self.step_pill(edge, numbers, middle);
            g = g.add(pill).add(number);
        }
        if let Some(badges) = self.options.annotations.flows.get(&edge.flow) {
            let size = 2.0 * BADGE_RADIUS;
            let (x, y) = match edge.label {
                Some(label) => {
                    let (left, top) = marks::spot(self.layout, (edge.flow, &label), (size, size));
                    (left + BADGE_RADIUS, top + BADGE_RADIUS)
                }
                None => middle,
            };
            g = g.add(badge(badges, x, y, palette, "flow"));
        }
        Some(g)
    }

    /// A flow's points with each end on a component drawn inside its box
    /// (a gateway's pointed ends, a cloud's bumps) moved along its first or
    /// last run onto the outline: the layout ends flows on the box.
    fn touching_outlines(&self, edge: &crate::layout::EdgePath) -> Vec<[f64; 2]> {
        let mut points = edge.points.clone();
        let last = points.len().saturating_sub(1);
        for (id, at, next) in [(&edge.from, 0, 1), (&edge.to, last, last.saturating_sub(1))] {
            let Some(node) = self.inset.get(id.as_str()) else {
                continue;
            };
            let Some(component) = self.design.graph.node_weight(node.node) else {
                continue;
            };
            let (Some(&end), Some(&toward)) = (points.get(at), points.get(next)) else {
                continue;
            };
            let Some(side) = side_of(node, end, toward) else {
                continue;
            };
            let frames = frames(node, component.instances);
            let (along, slot) = match side {
                shapes::Side::Left | shapes::Side::Right => (end[1], 0),
                shapes::Side::Top | shapes::Side::Bottom => (end[0], 1),
            };
            if let (Some(to), Some(point)) = (
                shapes::side_at(component.kind, &frames, side, along),
                points.get_mut(at),
            ) && let Some(coordinate) = point.get_mut(slot)
            {
                *coordinate = to;
            }
        }
        points
    }

    /// The fill beneath a label: its innermost group's, or the page's.
    fn ground(&self, label: &crate::layout::LabelBox) -> &'static str {
        let (x, y) = (label.x + label.width / 2.0, label.y + label.height / 2.0);
        self.layout
            .groups
            .iter()
            .filter(|g| g.x <= x && x <= g.x + g.width && g.y <= y && y <= g.y + g.height)
            .max_by_key(|g| g.depth)
            .and_then(|g| self.palette.group_fill.get(g.depth.min(2)).copied())
            .unwrap_or(self.palette.background)
    }

    /// A walkthrough's step numbers on a flow: a pill on its line by its
    /// label ([`marks::spot`]), or on the line's middle when it has none.
    fn step_pill(
        &self,
        edge: &crate::layout::EdgePath,
        numbers: &[usize],
        middle: (f64, f64),
    ) -> (Element, Element) {
        const HEIGHT: f64 = 16.0;
        let text = numbers
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let width = (7.0 + 6.0 * text.chars().count() as f64).max(16.0);
        let (left, top) = match edge.label {
            Some(label) => marks::spot(self.layout, (edge.flow, &label), (width, HEIGHT)),
            None => (middle.0 - width / 2.0, middle.1 - HEIGHT / 2.0),
        };
        (
            Element::new("rect")
                .set("x", num(left))
                .set("y", num(top))
                .set("width", num(width))
                .set("height", HEIGHT)
                .set("rx", 8)
                .set("fill", self.palette.accent),
            Element::text("text", text.as_str())
                .set("x", num(left + width / 2.0))
                .set("y", num(top + HEIGHT / 2.0 + 3.5))
                .set("text-anchor", "middle")
                .set("font-size", 10)
                .set("font-weight", 700)
                .set("fill", "#ffffff"),
        )
    }

    /// A component: its shape (with shadows for its instances), icon, text
    /// and badges.
    fn component(&self, node: &crate::layout::NodeBox) -> Option<Element> {
        let palette = &self.palette;
        let component = self.design.graph.node_weight(node.node)?;
        let (fill, stroke) = theme::kind_colors(component.kind, self.options.theme);
        let mark = self.component_mark(node.node);
        let highlighted =
            self.new_in_stage(component.stage) || matches!(mark, Some(Mark::Added | Mark::Changed));
        let stroke = match mark {
            Some(Mark::Changed) => palette.warning,
            _ if highlighted => palette.accent,
            _ => stroke,
        };
        let frames = frames(node, component.instances);
        let frame = *frames.first()?;
        let mut g = Element::new("g")
            .set("id", component_element_id(&component.id))
            .set(
                "class",
                marked(format!("component {}", component.kind.keyword()), mark),
            )
            .add(Element::text("title", tooltip(component).as_str()));
        if self.dim_component(node.node) {
            g = g.set("opacity", 0.3);
        }
        if let Some(mark) = mark {
            g = ghost(g, mark);
        }
        for shadow in frames.iter().skip(1).rev() {
            let pen = shapes::Pen {
                fill,
                stroke,
                width: 1.5,
            };
            g = g.add(shapes::outline(component.kind, shadow, pen).set("opacity", 0.7));
        }
        let pen = shapes::Pen {
            fill,
            stroke,
            width: if highlighted { 2.6 } else { 1.5 },
        };
        g = g.add(shapes::outline(component.kind, &frame, pen));
        if let Some(icon) = shapes::icon(component.kind, &frame, stroke) {
            g = g.add(icon);
        }
        g = g.add(node_label(component, &frame, palette));
        if let Some(badges) = self.options.annotations.components.get(&node.node) {
            let (x, y) = (frame.x + frame.w - 2.0, frame.y + 2.0);
            g = g.add(badge(badges, x, y, palette, "component"));
        }
        Some(g)
    }
}

/// A flow's label: its lines centred in its box, on a patch of what lies
/// beneath (`ground`) that hides its own line running through it.
fn flow_label(
    label: &crate::layout::LabelBox,
    lines: &[String],
    color: &str,
    ground: &str,
) -> Element {
    let patch = Element::new("rect")
        .set("x", num(label.x))
        .set("y", num(label.y))
        .set("width", num(label.width))
        .set("height", num(label.height))
        .set("rx", 3)
        .set("fill", ground);
    let x = num(label.x + label.width / 2.0);
    let baseline = |i: usize| num(label.y + style::LABEL_LINE * (i as f64 + 1.0) - 3.5);
    let text = match lines {
        [only] => Element::text("text", only.as_str())
            .set("x", x)
            .set("y", baseline(0)),
        _ => lines.iter().enumerate().fold(
            Element::text("text", "").set("x", x.clone()),
            |text, (i, line)| {
                text.add(
                    Element::text("tspan", line.as_str())
                        .set("x", x.clone())
                        .set("y", baseline(i)),
                )
            },
        ),
    };
    let text = text
        .set("text-anchor", "middle")
        .set("font-size", style::LABEL_SIZE)
        .set("fill", color);
    Element::new("g").add(patch).add(text)
}

fn definitions(palette: &theme::Palette) -> Element {
    let arrow = |id: &str, color: &str| {
        Element::new("marker")
            .set("id", id)
            .set("viewBox", "0 0 10 10")
            .set("refX", 9)
            .set("refY", 5)
            .set("markerWidth", 7)
            .set("markerHeight", 7)
            .set("orient", "auto-start-reverse")
            .add(
                Element::new("path")
                    .set("d", "M0 0L10 5L0 10Z")
                    .set("fill", color),
            )
    };
    Element::new("defs")
        .add(arrow("arrow", palette.edge))
        .add(arrow("arrow-accent", palette.accent))
}

fn tooltip(component: &crate::model::Component) -> String {
    let mut parts = vec![format!(
        "{} ({})",
        component.title().replace('\n', " "),
        component.kind.keyword()
    )];
    if let Some(technology) = component.technology {
        parts.push(technology.name.to_string());
    }
    if component.instances > 1 {
        parts.push(format!("{} instances", component.instances));
    }
    for (key, attribute) in &component.attributes.0 {
        parts.push(format!("{key}: {}", attribute.text));
    }
    parts.join("\n")
}

/// The title lines and subtitle, centred in the part of the box the shape
/// leaves for text.
fn node_label(
    component: &crate::model::Component,
    frame: &shapes::Frame,
    palette: &theme::Palette,
) -> Element {
    let content = node_text(component);
    let (room_w, room_h) = shape_room(component.kind);
    // Text stands clear of an icon on the left, and of a pipe's open end on
    // the right (its rounded left end is half as deep).
    let shift = if has_icon(component.kind) {
        room_w / 2.0
    } else if matches!(component.kind, Kind::Queue | Kind::Stream | Kind::Pubsub) {
        -shapes::PIPE_END / 2.0
    } else {
        0.0
    };
    let cx = frame.x + frame.w / 2.0 + shift;
    let body_top = frame.y
        + room_h / 2.0
        + if matches!(component.kind, Kind::Sql | Kind::Nosql | Kind::Warehouse) {
            3.0
        } else {
            0.0
        };
    let body_height = frame.h - room_h;
    let lines = content.title.len() as f64 * style::TITLE_LINE
        + if content.subtitle.is_some() {
            style::SUBTITLE_LINE + 2.0
        } else {
            0.0
        };
    let mut y = body_top + (body_height - lines) / 2.0 + style::TITLE_LINE - 4.0;
    let mut text = Element::text("text", "")
        .set("x", num(cx))
        .set("text-anchor", "middle")
        .set("fill", palette.text);
    for line in &content.title {
        text = text.add(
            Element::text("tspan", line.as_str())
                .set("x", num(cx))
                .set("y", num(y))
                .set("font-size", style::TITLE_SIZE)
                .set("font-weight", 600),
        );
        y += style::TITLE_LINE;
    }
    if let Some(subtitle) = &content.subtitle {
        text = text.add(
            Element::text("tspan", subtitle.as_str())
                .set("x", num(cx))
                .set("y", num(y + 1.0))
                .set("font-size", style::SUBTITLE_SIZE)
                .set("fill", palette.muted),
        );
    }
    text
}

/// A round badge with the number of findings, coloured by the worst, and
/// their messages as its tooltip.
fn badge(badges: &[Badge], x: f64, y: f64, palette: &theme::Palette, what: &str) -> Element {
    let worst = badges
        .iter()
        .map(|b| b.severity)
        .min()
        .unwrap_or(Severity::Info);
    let color = match worst {
        Severity::Error => palette.error,
        Severity::Warning => palette.warning,
        Severity::Info => palette.info,
    };
    let messages: Vec<&str> = badges.iter().map(|b| b.text.as_str()).collect();
    Element::new("g")
        .set("class", format!("finding {what}"))
        .add(Element::text("title", messages.join("\n").as_str()))
        .add(
            Element::new("circle")
                .set("cx", num(x))
                .set("cy", num(y))
                .set("r", BADGE_RADIUS)
                .set("fill", color)
                .set("stroke", palette.background)
                .set("stroke-width", 1.5),
        )
        .add(
            Element::text("text", badges.len().to_string().as_str())
                .set("x", num(x))
                .set("y", num(y + 3.5))
                .set("text-anchor", "middle")
                .set("font-size", 10)
                .set("font-weight", 700)
                .set("fill", "#ffffff"),
        )
}

/// How far a right-angle turn is rounded: enough that two flows turning
/// one track apart read as two lines, not one line that splits.
const CORNER_RADIUS: f64 = 5.0;

/// A jog across the channel shorter than this is drawn as one gentle curve
/// in either style: two rounded turns so close read as a kink.
const SMALL_JOG: f64 = 8.0;

/// The side of `node`'s box a flow ends on at `end`, its line running on
/// to `toward` straight across that side.
fn side_of(node: &crate::layout::NodeBox, end: [f64; 2], toward: [f64; 2]) -> Option<shapes::Side> {
    let on = |a: f64, b: f64| (a - b).abs() < 0.5;
    let [x, y] = end;
    let level = on(toward[1], y);
    let upright = on(toward[0], x);
    [
        (level && on(x, node.x), shapes::Side::Left),
        (level && on(x, node.x + node.width), shapes::Side::Right),
        (upright && on(y, node.y), shapes::Side::Top),
        (upright && on(y, node.y + node.height), shapes::Side::Bottom),
    ]
    .into_iter()
    .find_map(|(meets, side)| meets.then_some(side))
}

/// The frames a component's outline is drawn in: its own, then its
/// stacked copies' behind it (two when it runs more than one instance).
fn frames(node: &crate::layout::NodeBox, instances: u32) -> Vec<shapes::Frame> {
    let (stack, copies) = if instances > 1 {
        (style::STACK, 2)
    } else {
        (0.0, 0)
    };
    let front = shapes::Frame {
        x: node.x,
        y: node.y,
        w: node.width - 2.0 * stack,
        h: node.height - 2.0 * stack,
    };
    (0..=copies)
        .map(|level| {
            let offset = f64::from(level) * stack;
            shapes::Frame {
                x: front.x + offset,
                y: front.y + offset,
                ..front
            }
        })
        .collect()
}

/// SVG path data for a route: runs joined by rounded turns, or with
/// `Spline` each jog — a run, a turn across the channel and a run — as one
/// cubic curve whose control points are the two turns. The curve stays in
/// the box of the jog's corners, as the runs do.
fn path_data(points: &[[f64; 2]], style: EdgeStyle) -> String {
    let Some(first) = points.first() else {
        return String::new();
    };
    let widest_curve = match style {
        EdgeStyle::Spline => f64::INFINITY,
        EdgeStyle::Orthogonal => SMALL_JOG,
    };
    let mut d = format!("M{}", point(first));
    let mut i = 0;
    while i + 1 < points.len() {
        if let Some(curve) = jog(points, i, widest_curve) {
            d.push_str(&curve);
            i += 3;
            continue;
        }
        match (points.get(i + 1), rounded_turn(points, i + 1)) {
            (Some(corner), Some((before, after))) => d.push_str(&format!(
                "L{}Q{} {}",
                point(&before),
                point(corner),
                point(&after)
            )),
            (Some(next), None) => d.push_str(&format!("L{}", point(next))),
            (None, _) => {}
        }
        i += 1;
    }
    d
}

fn point(p: &[f64; 2]) -> String {
    format!("{} {}", num(p[0]), num(p[1]))
}

/// The jog starting at point `i` as one cubic curve, if the route turns
/// across a channel there, by less than `widest`; where the route turns
/// again at the jog's end, the curve stops short of it and rounds it.
fn jog(points: &[[f64; 2]], i: usize, widest: f64) -> Option<String> {
    let (a, b, c, e) = (
        points.get(i)?,
        points.get(i + 1)?,
        points.get(i + 2)?,
        points.get(i + 3)?,
    );
    let vertical = |p: &[f64; 2], q: &[f64; 2]| (p[0] - q[0]).abs() < 0.01;
    let turn = vertical(a, b) && !vertical(b, c) && vertical(c, e);
    let turn_right = !vertical(a, b) && vertical(b, c) && !vertical(c, e);
    let across = (c[0] - b[0]).abs().max((c[1] - b[1]).abs());
    if !(turn || turn_right) || across >= widest {
        return None;
    }
    Some(match rounded_turn(points, i + 3) {
        Some((before, after)) => format!(
            "C{} {} {}Q{} {}",
            point(b),
            point(c),
            point(&before),
            point(e),
            point(&after)
        ),
        None => format!("C{} {} {}", point(b), point(c), point(e)),
    })
}

/// Where the rounding of the turn at point `i` starts and ends: on the run
/// in and the run out, at most half of either away from the turn.
fn rounded_turn(points: &[[f64; 2]], i: usize) -> Option<([f64; 2], [f64; 2])> {
    let (before, at, after) = (
        points.get(i.checked_sub(1)?)?,
        points.get(i)?,
        points.get(i + 1)?,
    );
    let run =
        |p: &[f64; 2], q: &[f64; 2]| ((q[0] - p[0]).hypot(q[1] - p[1]), [q[0] - p[0], q[1] - p[1]]);
    let ((into, d_in), (out, d_out)) = (run(before, at), run(at, after));
    let turning = (d_in[0] * d_out[1] - d_in[1] * d_out[0]).abs() > 0.01 * into * out;
    let radius = CORNER_RADIUS.min(into / 2.0).min(out / 2.0);
    if !turning || radius < 0.5 {
        return None;
    }
    let back = radius / into;
    let on = radius / out;
    Some((
        [at[0] - d_in[0] * back, at[1] - d_in[1] * back],
        [at[0] + d_out[0] * on, at[1] + d_out[1] * on],
    ))
}

fn midpoint(points: &[[f64; 2]]) -> (f64, f64) {
    let lengths: Vec<f64> = points
        .windows(2)
        .map(|w| match w {
            [a, b] => ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt(),
            _ => 0.0,
        })
        .collect();
    let total: f64 = lengths.iter().sum();
    let mut walked = 0.0;
    for (segment, length) in points.windows(2).zip(&lengths) {
        if let [a, b] = segment
            && walked + length >= total / 2.0
            && *length > 0.0
        {
            let t = (total / 2.0 - walked) / length;
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t);
        }
        walked += length;
    }
    points.first().map_or((0.0, 0.0), |p| (p[0], p[1]))
}

fn legend(kinds: &[Kind], top: f64, width: f64, palette: &theme::Palette, theme: Theme) -> Element {
    let mut g = Element::new("g")
        .set("class", "legend")
        .set("transform", format!("translate(16 {})", num(top + 8.0)));
    let mut x = 0.0;
    let mut y = 0.0;
    for kind in kinds {
        let (fill, stroke) = theme::kind_colors(*kind, theme);
        let frame = shapes::Frame {
            x,
            y,
            w: 26.0,
            h: 18.0,
        };
        g = g
            .add(shapes::outline(
                *kind,
                &frame,
                shapes::Pen {
                    fill,
                    stroke,
                    width: 1.2,
                },
            ))
            .add(
                Element::text("text", kind.keyword())
                    .set("x", num(x + 32.0))
                    .set("y", num(y + 13.0))
                    .set("font-size", 11)
                    .set("fill", palette.muted),
            );
        x += 40.0 + text::width(kind.keyword(), 11.0, Weight::Regular) + 12.0;
        if x > width - 140.0 {
            x = 0.0;
            y += LEGEND_ROW;
        }
    }
    let y = y + LEGEND_ROW;
    for (i, (name, dash)) in [
        ("synchronous call", None),
        ("asynchronous message", Some("6 4")),
    ]
    .iter()
    .enumerate()
    {
        let left = i as f64 * 190.0;
        let mut line = Element::new("path")
            .set(
                "d",
                format!("M{} {}H{}", num(left), num(y + 9.0), num(left + 34.0)),
            )
            .set("stroke", palette.edge)
            .set("stroke-width", 1.4)
            .set("marker-end", "url(#arrow)");
        if let Some(dash) = dash {
            line = line.set("stroke-dasharray", *dash);
        }
        g = g.add(line).add(
            Element::text("text", name)
                .set("x", num(left + 44.0))
                .set("y", num(y + 13.0))
                .set("font-size", 11)
                .set("fill", palette.muted),
        );
    }
    g
}

#[cfg(test)]
mod tests {
    use super::{EdgeStyle, num, path_data};

    #[test]
    fn turns_are_rounded_and_small_jogs_curve() {
        // Down 40, right 40, down 40: both turns rounded, 5 px either side.
        let l = [[0.0, 0.0], [0.0, 40.0], [40.0, 40.0], [40.0, 80.0]];
        assert_eq!(
            path_data(&l, EdgeStyle::Orthogonal),
            "M0 0L0 35Q0 40 5 40L35 40Q40 40 40 45L40 80"
        );
        // A jog of 4 px: one curve from run to run.
        let jog = [[0.0, 0.0], [0.0, 40.0], [4.0, 40.0], [4.0, 80.0]];
        assert_eq!(
            path_data(&jog, EdgeStyle::Orthogonal),
            "M0 0C0 40 4 40 4 80"
        );
        // A straight route has nothing to round.
        assert_eq!(
            path_data(&[[0.0, 0.0], [0.0, 80.0]], EdgeStyle::Orthogonal),
            "M0 0L0 80"
        );
    }

    #[test]
    fn numbers_to_a_tenth() {
        for (value, text) in [
            (0.0, "0"),
            (12.0, "12"),
            (12.04, "12"),
            (12.05, "12.1"),
            (-0.25, "-0.3"),
            (-3.5, "-3.5"),
            (-0.04, "0"),
            (1234.56, "1234.6"),
        ] {
            assert_eq!(num(value), text, "{value}");
        }
    }
}
