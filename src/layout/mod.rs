//! Stage 4, layout: where each component, group, edge and label goes.
//!
//! A layered (Sugiyama-style) layout for compound graphs, made for system
//! designs: ranks follow the tiers of a system (`graph.rs`), labels are units
//! of their own, orders minimise crossings with groups kept whole
//! (`order.rs`), groups are placed as rigid blocks (`place.rs`), and edges are
//! routed orthogonally in the channels between rows (`route.rs`). Sizes come
//! from the embedded font's metrics (`text.rs`). Everything is deterministic:
//! the same design gives the same layout, to the bit.

mod channels;
mod graph;
mod labels;
pub mod notes;
mod order;
mod place;
mod ports;
mod ranks;
mod route;
mod simplex;
mod straighten;
pub mod text;

use std::collections::HashMap;

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::hints::Pin;
use crate::model::{Component, Design, Flow, Kind, Value, is_scrape};
use text::Weight;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Layers run top to bottom: clients at the top, data at the bottom.
    #[default]
    Down,
    /// Layers run left to right.
    Right,
}

impl Direction {
    /// The design's `direction` setting, if it has one.
    pub fn of(design_settings: &crate::model::Attributes) -> Option<Direction> {
        match design_settings.get("direction").and_then(Value::as_text) {
            Some("right") => Some(Direction::Right),
            Some("down") => Some(Direction::Down),
            _ => None,
        }
    }
}

/// Font sizes and paddings shared by layout (to size boxes) and render (to
/// draw into them).
pub mod style {
    pub const TITLE_SIZE: f64 = 13.0;
    pub const TITLE_LINE: f64 = 16.0;
    pub const SUBTITLE_SIZE: f64 = 10.5;
    pub const SUBTITLE_LINE: f64 = 12.0;
    pub const LABEL_SIZE: f64 = 11.0;
    pub const LABEL_LINE: f64 = 14.0;
    pub const GROUP_SIZE: f64 = 11.5;
    pub const PAD_X: f64 = 9.0;
    pub const PAD_Y: f64 = 6.0;
    pub const MIN_WIDTH: f64 = 72.0;
    /// Offset of each shadow box behind a component with several instances.
    pub const STACK: f64 = 2.5;
    /// Labels longer than this many characters wrap.
    pub const LABEL_WRAP: usize = 26;
    pub use super::route::{GROUP_FOOTER, GROUP_HEADER};
}

/// Whether a kind's shape carries a small glyph left of its text.
pub fn has_icon(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Client
            | Kind::Dns
            | Kind::Search
            | Kind::Monitoring
            | Kind::Worker
            | Kind::Coordination
    )
}

/// Extra room a kind's shape needs around its text: (width, height).
pub fn shape_room(kind: Kind) -> (f64, f64) {
    if has_icon(kind) {
        return (20.0, 0.0);
    }
    match kind {
        Kind::Sql | Kind::Nosql | Kind::Warehouse => (0.0, 12.0),
        Kind::Queue | Kind::Stream | Kind::Pubsub => (18.0, 0.0),
        Kind::Cdn => (26.0, 12.0),
        Kind::Blob => (10.0, 6.0),
        Kind::Gateway => (18.0, 0.0),
        _ => (0.0, 0.0),
    }
}

/// The lines a component shows: its title (the label's lines, or the id) and
/// a subtitle with the technology and the number of instances.
pub struct NodeText {
    pub title: Vec<String>,
    pub subtitle: Option<String>,
}

pub fn node_text(component: &Component) -> NodeText {
    let title = component.title().lines().map(str::to_string).collect();
    let technology = component
        .attribute("tech")
        .and_then(Value::as_text)
        .map(str::to_string)
        .or_else(|| component.technology.map(|t| t.name.to_string()));
    let instances = (component.instances > 1).then(|| format!("×{}", component.instances));
    // Counted as the estimate counts them.
    let shards = Some(component.instance_shards())
        .filter(|shards| *shards > 1.0)
        .map(|shards| match &instances {
            Some(each) => format!("{shards} shards {each}"),
            None => format!("{shards} shards"),
        });
    let parts: Vec<String> = technology.into_iter().chain(shards.or(instances)).collect();
    NodeText {
        title,
        subtitle: (!parts.is_empty()).then(|| parts.join(" · ")),
    }
}

/// A component's box: width and height.
pub fn node_size(component: &Component) -> (f64, f64) {
    let text = node_text(component);
    let title_width = text
        .title
        .iter()
        .map(|line| text::width(line, style::TITLE_SIZE, Weight::SemiBold))
        .fold(0.0, f64::max);
    let subtitle_width = text.subtitle.as_deref().map_or(0.0, |s| {
        text::width(s, style::SUBTITLE_SIZE, Weight::Regular)
    });
    let (room_w, room_h) = shape_room(component.kind);
    let stack = if component.instances > 1 {
        2.0 * style::STACK
    } else {
        0.0
    };
    // A cloud's lobes take a share of its width however wide it is, so the
    // CDN's text gets proportionally more room.
    let lobes = if component.kind == Kind::Cdn {
        1.3
    } else {
        1.0
    };
    let width = ((title_width.max(subtitle_width) + 2.0 * style::PAD_X) * lobes + room_w)
        .max(style::MIN_WIDTH)
        + stack;
    let lines = text.title.len().max(1) as f64 * style::TITLE_LINE;
    let sub = if text.subtitle.is_some() {
        style::SUBTITLE_LINE + 2.0
    } else {
        0.0
    };
    let height = lines + sub + 2.0 * style::PAD_Y + room_h + stack;
    (width.ceil(), height.ceil())
}

/// The lines of a flow's label: its label, or its protocol in capitals,
/// wrapped at word boundaries.
pub fn label_lines(flow: &Flow) -> Option<Vec<String>> {
    let text = flow.label.clone().or_else(|| {
        flow.attributes
            .get("protocol")
            .and_then(Value::as_text)
            .map(str::to_uppercase)
    })?;
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty()
                && line.chars().count() + 1 + word.chars().count() > style::LABEL_WRAP
            {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    Some(lines)
}

/// The width of a group's title.
pub fn group_title_width(group: &crate::model::Group) -> f64 {
    let caption = group.label.as_deref().unwrap_or(&group.id);
    text::width(caption, style::GROUP_SIZE, Weight::SemiBold).ceil()
}

/// Sizes of things in layout space for one direction.
pub(crate) struct Sizing {
    direction: Direction,
}

impl Sizing {
    fn orient(&self, (width, height): (f64, f64)) -> (f64, f64) {
        match self.direction {
            Direction::Down => (width, height),
            Direction::Right => (height, width),
        }
    }

    /// (along the layer, across layers)
    fn node(&self, component: &Component) -> (f64, f64) {
        self.orient(node_size(component))
    }

    /// The width and height of the label's box, if the flow shows one: its
    /// text, with a little room left and right (where, drawing left to
    /// right, its line enters and leaves it).
    fn flow_label(&self, flow: &Flow) -> Option<(f64, f64)> {
        let lines = label_lines(flow)?;
        let width = lines
            .iter()
            .map(|line| text::width(line, style::LABEL_SIZE, Weight::Regular))
            .fold(0.0, f64::max)
            .ceil();
        Some((
            width + 2.0 * labels::LABEL_PAD,
            lines.len() as f64 * style::LABEL_LINE,
        ))
    }

    fn label_slot(&self, width: f64, height: f64) -> f64 {
        self.orient((width, height)).0
    }

    /// The breadth a group needs for its title, when the title runs along
    /// the layers (drawing down); when layers run left to right, the title
    /// runs across them and takes no breadth.
    fn group_title(&self, group: &crate::model::Group) -> f64 {
        match self.direction {
            Direction::Down => group_title_width(group) + 2.0 * place::GROUP_PADDING,
            Direction::Right => 0.0,
        }
    }

    fn label_depth(&self, width: f64, height: f64) -> f64 {
        self.orient((width, height)).1
    }
}

/// A component's box, in SVG user units (top-left corner and size).
#[derive(Clone, Debug, Serialize)]
pub struct NodeBox {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    #[serde(skip)]
    pub node: NodeIndex,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupBox {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Where the title starts: the leftmost place along the top edge where
    /// no flow crosses it.
    pub title_x: f64,
    /// 0 for a top-level group, 1 inside it, …
    #[serde(skip)]
    pub depth: usize,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct LabelBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Where the flow's line runs through the label, halfway across it
    /// (the label stands on its line).
    pub anchor: [f64; 2],
}

#[derive(Clone, Debug, Serialize)]
pub struct EdgePath {
    pub from: String,
    pub to: String,
    /// From the flow's source to its target.
    pub points: Vec<[f64; 2]>,
    pub label: Option<LabelBox>,
    #[serde(skip)]
    pub flow: EdgeIndex,
}

#[derive(Clone, Debug, Serialize)]
pub struct Layout {
    pub direction: Direction,
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<NodeBox>,
    pub groups: Vec<GroupBox>,
    pub edges: Vec<EdgePath>,
    pub notes: Vec<notes::NoteBox>,
}

impl Layout {
    /// Moves everything by `[dx, dy]`, to make room for notes placed left
    /// of or above the drawing.
    fn shift(&mut self, [dx, dy]: [f64; 2]) {
        if dx == 0.0 && dy == 0.0 {
            return;
        }
        for node in &mut self.nodes {
            node.x += dx;
            node.y += dy;
        }
        for group in &mut self.groups {
            group.x += dx;
            group.y += dy;
            group.title_x += dx;
        }
        for edge in &mut self.edges {
            for point in &mut edge.points {
                point[0] += dx;
                point[1] += dy;
            }
            if let Some(label) = &mut edge.label {
                label.x += dx;
                label.y += dy;
                label.anchor[0] += dx;
                label.anchor[1] += dy;
            }
        }
        for note in &mut self.notes {
            note.shift([dx, dy]);
        }
    }
}

const MARGIN: f64 = 6.0;

/// The most points a drawing may have: components, and a point on every
/// layer a flow or a group passes between its ends. Time and memory grow
/// with them (about 20 s and 1 GB at this limit); ten thousand components
/// of a usual design need under 300,000.
pub const MAX_POINTS: usize = 1_000_000;

/// A design whose drawing would need more than [`MAX_POINTS`] points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge {
    pub points: usize,
    /// The flow that passes the most rows of components between its ends,
    /// and how many.
    pub longest_flow: Option<(EdgeIndex, usize)>,
    /// The group (by its index in the design) that spans the most rows.
    pub tallest_group: Option<(usize, usize)>,
}

impl TooLarge {
    /// An error pointing at the longest flow and the tallest group.
    pub fn diagnostic(&self, design: &Design) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(
            Code::TooLarge,
            format!(
                "drawing this design needs {} layout points, more than the {MAX_POINTS} a drawing may have",
                self.points
            ),
        );
        let rows = |count: usize| {
            if count == 1 {
                "1 row".to_string()
            } else {
                format!("{count} rows")
            }
        };
        // Only what spans several rows adds to the cost.
        if let Some((edge, spanned)) = self.longest_flow.filter(|(_, spanned)| *spanned > 1)
            && let Some(flow) = design.graph.edge_weight(edge)
        {
            diagnostic = diagnostic.with_label(
                flow.span,
                format!("the longest flow spans {}", rows(spanned)),
            );
        }
        if let Some((group, spanned)) = self.tallest_group.filter(|(_, spanned)| *spanned > 1)
            && let Some(group) = design.groups.get(group)
        {
            diagnostic = diagnostic.with_label(
                group.span,
                format!("the tallest group spans {}", rows(spanned)),
            );
        }
        diagnostic.with_help(
            "each row a flow or group passes costs a point: draw long chains of calls in \
             parts (stages, or separate files); `wb check` and `wb export` need no drawing",
        )
    }
}

/// The size of each component's box as laid out (the sides lengthened for
/// their flows' ports), by id, without laying the design out unless the
/// layout draws it both ways (a design with scrapes); `None` if it needs
/// more than [`MAX_POINTS`] points.
pub fn box_sizes(design: &Design, direction: Direction) -> Option<HashMap<String, (f64, f64)>> {
    // Which flows are reversed decides which side each leaves from; where
    // the layout chooses between two ways of drawing scrapes, or between
    // rankings (by the drawings), so does this.
    let sizing = Sizing { direction };
    let mut layered = graph::build(
        design,
        &sizing,
        ranks::Choices::FIRST,
        graph::GroupEntry::Early,
    )
    .ok()?;
    let drawn_sizes = || {
        let drawn = layout(design, direction).ok()?;
        let sizes = drawn.nodes.into_iter().map(|n| (n.id, (n.width, n.height)));
        Some(sizes.collect())
    };
    if tries_both_scrapes(design, direction) || layered.stacking_differs {
        return drawn_sizes();
    }
    // Where breaking cycles otherwise may change which flows are reversed,
    // the layout orders each way, and draws both unless the graph is large.
    if layered.fewer_reversals_differ {
        let making = Making {
            design,
            sizing: &sizing,
            scrapes: ranks::Scrapes::Up,
        };
        let (first, fewer) = making.first().ok()?;
        if fewer.is_some() {
            return drawn_sizes();
        }
        layered = first.0;
    } else {
        ports::lengthen_sides(&mut layered);
    }
    let frame = Frame { direction };
    let sizes = layered
        .units
        .iter()
        .filter_map(|unit| {
            let graph::UnitKind::Node(node) = unit.kind else {
                return None;
            };
            let (_, _, width, height) = frame.rect(0.0, 0.0, unit.breadth, unit.depth);
            Some((design.graph.node_weight(node)?.id.clone(), (width, height)))
        })
        .collect();
    Some(sizes)
}

/// Drawings up to this many units try both ways of breaking cycles.
const TRY_REVERSALS_UP_TO: usize = 4_000;

/// The part of a drawing's area that one crossing fewer is worth, when the
/// layout chooses among rankings ([`preferred`]). Ranked with the cycles
/// broken by the search, a multi-region key-value store's drawing crossed
/// 2 flows less than with fewer flows reversed, and took 52% more area,
/// one region standing three rows below the other. Stacked, a Google Maps design drawn left to right, stacked, grew
/// from 2,954 to 4,013 px wide (18% more area) for one crossing less, a
/// strip blind readers preferred dot's drawing to; a search engine's
/// stacked drawing took 17% more area for 13 crossings less; Ticketmaster's
/// took less area and crossed 7 less.
const ROOM_PER_CROSSING: f64 = 0.05;

/// A layered graph and its best orders.
type Ordered = (graph::Layered, order::Orders);

/// What the layered graphs of one design are made with.
struct Making<'a> {
    design: &'a Design,
    sizing: &'a Sizing,
    scrapes: ranks::Scrapes,
}

impl Making<'_> {
    /// The graph with the cycles broken as the depth-first search breaks
    /// them, ordered; and, where breaking them with fewer flows reversed
    /// ranks differently, that graph ordered too, for the drawings to
    /// decide ([`preferred`]): fewer flows reversed is not always fewer
    /// crossings (a module that many import, reversed, draws them all
    /// long), and the order's count cannot tell a ranking that crosses two
    /// flows less from one that also draws a region three rows lower.
    /// Graphs of more than [`DRAW_TIES_UP_TO`] units keep the one whose
    /// order crosses less, and of more than [`TRY_REVERSALS_UP_TO`] the
    /// search's.
    fn first(&self) -> Result<(Ordered, Option<Ordered>), TooLarge> {
        let early = graph::GroupEntry::Early;
        let search = self.build(ranks::Reversals::Search, ranks::Stacking::Off, early)?;
        let search = self.ordered(search);
        let units = search.0.units.len();
        if !search.0.fewer_reversals_differ || units > TRY_REVERSALS_UP_TO {
            return Ok((search, None));
        }
        let Ok(fewer) = self.build(ranks::Reversals::Fewer, ranks::Stacking::Off, early) else {
            return Ok((search, None));
        };
        let fewer = self.ordered(fewer);
        if units <= DRAW_TIES_UP_TO {
            Ok((search, Some(fewer)))
        } else if fewer.1.crossings < search.1.crossings {
            Ok((fewer, None))
        } else {
            Ok((search, None))
        }
    }

    fn build(
        &self,
        reversals: ranks::Reversals,
        stacking: ranks::Stacking,
        entry: graph::GroupEntry,
    ) -> Result<graph::Layered, TooLarge> {
        let choices = ranks::Choices {
            reversals,
            scrapes: self.scrapes,
            stacking,
        };
        graph::build(self.design, self.sizing, choices, entry)
    }

    /// `layered` with its sides lengthened, and its best orders.
    fn ordered(&self, mut layered: graph::Layered) -> Ordered {
        ports::lengthen_sides(&mut layered);
        let others = if layered.units.len() <= DRAW_TIES_UP_TO {
            OTHER_ORDERS_DRAWN
        } else {
            0
        };
        let (design, direction) = (self.design, self.sizing.direction);
        let orders = order::orders(
            &layered,
            |layers| order::hints::honour(design, &layered, direction, layers),
            others + 1,
        );
        (layered, orders)
    }

    /// `best`'s graph with its flows entering their targets' groups late,
    /// ordered, if that crosses less by the count (`counted`, `best`'s
    /// order's). Only its first order is drawn: it is the rarer choice, and
    /// each order drawn costs a placement and a routing.
    fn late_entry(&self, best: &graph::Layered, counted: usize) -> Option<Ordered> {
        if !best.entry_differs || counted == 0 {
            return None;
        }
        let late = self.build(
            best.choices.reversals,
            ranks::Stacking::Off,
            graph::GroupEntry::Late,
        );
        let (layered, mut orders) = self.ordered(late.ok()?);
        orders.others.clear();
        (orders.crossings < counted).then_some((layered, orders))
    }

    /// `best`'s graph with its groups stacked, ordered, if that moves a
    /// component to another row (groups that already stand one below the
    /// other rank the same) and crosses less by the count (`counted`).
    /// Where groups that many flows join stack, a tier's flows run down
    /// into the next rather than sideways across the picture, but a group
    /// whose last row its flows must pass draws them around it, and
    /// stacking trades breadth for depth: the drawings decide.
    fn stacked(&self, best: &graph::Layered, counted: usize) -> Option<Ordered> {
        if !best.stacking_differs {
            return None;
        }
        let stacked = self
            .build(
                best.choices.reversals,
                ranks::Stacking::Tiers,
                graph::GroupEntry::Early,
            )
            .ok()?;
        if same_rows(&stacked, best) {
            return None;
        }
        let stacked = self.ordered(stacked);
        (stacked.1.crossings < counted).then_some(stacked)
    }
}

/// Whether two layered graphs put every unit on the same layer.
fn same_rows(a: &graph::Layered, b: &graph::Layered) -> bool {
    a.units.len() == b.units.len()
        && a.units
            .iter()
            .zip(&b.units)
            .all(|(u, v)| u.layer == v.layer)
}

/// Orders as good by the crossing count as the first, drawn to keep the
/// best drawing: the count cannot tell a component standing below what
/// calls it from one standing across the picture.
const OTHER_ORDERS_DRAWN: usize = 3;

/// Drawings of more units draw one order: each further one costs as much
/// as placing and routing again.
const DRAW_TIES_UP_TO: usize = 1_500;

/// Designs of up to this many components with scrapes are drawn both
/// ways (see [`layout`]).
const TRY_SCRAPES_UP_TO: usize = 300;

/// Whether [`layout`] draws `design` with its scrapes both ways: not when
/// a component is pinned to the first or last rank, which was checked
/// against the scrapes drawn up (`model::hints`).
fn tries_both_scrapes(design: &Design, direction: Direction) -> bool {
    let kind = |n| design.graph.node_weight(n).map(|c| c.kind);
    let pinned_to_an_end = design.graph.node_indices().any(|node| {
        Pin::of(design, node).is_some_and(|pin| ranks::rank_end(pin, direction).is_some())
    });
    design.graph.node_count() <= TRY_SCRAPES_UP_TO
        && !pinned_to_an_end
        && design
            .graph
            .edge_references()
            .any(|e| is_scrape(kind(e.source()), kind(e.target())))
}

/// Lays out a design, unless it needs more than [`MAX_POINTS`] points.
///
/// A monitoring system that scrapes what it watches is drawn below it
/// (the scrapes running up) in designs of more than 300 components or
/// with a component pinned to the first or last rank. In the others it
/// is drawn above, the scrapes running down as dot draws them, unless
/// below makes the flows much shorter in all ([`BELOW_AT_MOST`]).
/// Neither wins everywhere: in blind pairs of twelve designs, readers
/// preferred below in 7 and above in 5, the shorter picture in 10; but
/// where below was shorter by up to a tenth, they preferred above in 4 of
/// 5, the scrapes rising from the bottom through the rows of everything
/// else.
pub fn layout(design: &Design, direction: Direction) -> Result<Layout, TooLarge> {
    if !tries_both_scrapes(design, direction) {
        return layout_with(design, direction, ranks::Scrapes::Up);
    }
    // The two ways are independent: each on its own core.
    let ways = [ranks::Scrapes::Up, ranks::Scrapes::Down];
    let mut drawn = crate::parallel::map(&ways, true, |scrapes| {
        layout_with(design, direction, *scrapes)
    })
    .into_iter();
    let (Some(below), Some(above)) = (drawn.next(), drawn.next()) else {
        return layout_with(design, direction, ranks::Scrapes::Up);
    };
    let below = below?;
    match above {
        Ok(above) if flow_length(&below) > BELOW_AT_MOST * flow_length(&above) => Ok(above),
        _ => Ok(below),
    }
}

/// A monitoring system is drawn below what it scrapes when its flows'
/// total length so is at most this part of their length drawn above.
const BELOW_AT_MOST: f64 = 0.85;

/// The total length of a layout's flows.
fn flow_length(layout: &Layout) -> f64 {
    layout
        .edges
        .iter()
        .map(|e| path_length(e.points.iter().map(|p| (p[0], p[1]))))
        .sum()
}

/// Lays out `design` with its scrapes drawn up or down (`scrapes`).
fn layout_with(
    design: &Design,
    direction: Direction,
    scrapes: ranks::Scrapes,
) -> Result<Layout, TooLarge> {
    let sizing = Sizing { direction };
    let making = Making {
        design,
        sizing: &sizing,
        scrapes,
    };
    let lead = match direction {
        Direction::Down => 0.0,
        Direction::Right => style::GROUP_HEADER - place::GROUP_PADDING + 4.0,
    };
    let Drawing {
        layered,
        drawn: Drawn {
            placement,
            geometry,
        },
        ..
    } = chosen_drawing(&making, lead)?;
    let frame = Frame { direction };
    let mut edges = edges(design, &layered, &geometry, &frame);
    let mut groups = groups(design, &layered, &placement, &geometry, &frame);
    end_at_groups(design, &mut edges, &groups);
    for group in &mut groups {
        group.title_x = title_place(design, group, &edges);
    }
    let (width, height) = match direction {
        Direction::Down => (placement.width + 2.0 * MARGIN, geometry.depth),
        Direction::Right => (geometry.depth, placement.width + 2.0 * MARGIN),
    };
    let nodes = nodes(design, &layered, &placement, &geometry, &frame);
    let occupied = notes::Occupied {
        nodes: &nodes,
        groups: &groups,
        edges: &edges,
        width,
        height,
    };
    let placed = notes::place(design, &occupied);
    let mut layout = Layout {
        direction,
        width: placed.width.ceil(),
        height: placed.height.ceil(),
        nodes,
        groups,
        edges,
        notes: placed.notes,
    };
    layout.shift(placed.shift);
    Ok(layout)
}

/// The drawing of `making`'s design chosen among its rankings: cycles
/// broken by the search or with fewer flows reversed, then flows entering
/// their targets' groups early or late, then groups side by side or
/// stacked. Each alternative is drawn only where its order crosses less by
/// the count, or the count cannot tell ([`Making::first`]).
fn chosen_drawing(making: &Making, lead: f64) -> Result<Drawing, TooLarge> {
    let draw = |(layered, orders): Ordered| {
        let counted = orders.crossings;
        let drawn = Drawn::best(&layered, orders, making.sizing, lead);
        Drawing {
            layered,
            drawn,
            counted,
        }
    };
    let (first, fewer) = making.first()?;
    let mut best = draw(first);
    if let Some(fewer) = fewer.map(draw)
        && preferred(&fewer, &best)
    {
        best = fewer;
    }
    if best.layered.units.len() > TRY_REVERSALS_UP_TO {
        return Ok(best);
    }
    let late = making.late_entry(&best.layered, best.counted);
    if let Some(late) = late.map(draw)
        && preferred(&late, &best)
    {
        best = late;
    }
    let stacked = making.stacked(&best.layered, best.counted);
    if let Some(stacked) = stacked.map(draw)
        && preferred(&stacked, &best)
    {
        best = stacked;
    }
    Ok(best)
}

/// A layered graph drawn, and the crossings its order counted.
struct Drawing {
    layered: graph::Layered,
    drawn: Drawn,
    counted: usize,
}

/// Whether `candidate` reads better than `incumbent`: the one whose flows
/// cross less as drawn, unless it takes more than [`ROOM_PER_CROSSING`]
/// more area per crossing saved; on equal crossings, the smaller.
fn preferred(candidate: &Drawing, incumbent: &Drawing) -> bool {
    let crossings = |d: &Drawing| drawn_crossings(&d.layered, &d.drawn);
    let area = |d: &Drawing| d.drawn.area();
    let worth = |fewer: &Drawing, more: &Drawing, saved: usize| {
        area(fewer) <= area(more) * (1.0 + ROOM_PER_CROSSING * saved as f64)
    };
    let (ours, theirs) = (crossings(candidate), crossings(incumbent));
    match ours.cmp(&theirs) {
        std::cmp::Ordering::Less => worth(candidate, incumbent, theirs - ours),
        std::cmp::Ordering::Equal => area(candidate) < area(incumbent),
        std::cmp::Ordering::Greater => !worth(incumbent, candidate, ours - theirs),
    }
}

/// The crossings of a drawing as [`Drawn::best`] counts them: of flows
/// with flows, and of flows with other groups' boxes.
fn drawn_crossings(layered: &graph::Layered, drawn: &Drawn) -> usize {
    route_crossings(layered, &drawn.geometry.routes) + through_groups(layered, drawn)
}

/// One order placed and routed.
struct Drawn {
    placement: place::Placement,
    geometry: route::Geometry,
}

impl Drawn {
    /// The area the drawing takes, before notes are placed around it.
    fn area(&self) -> f64 {
        self.placement.width * self.geometry.depth
    }

    /// The drawing of `orders` whose flows cross least as drawn, then run
    /// shortest (the first on a tie).
    fn best(layered: &graph::Layered, orders: order::Orders, sizing: &Sizing, lead: f64) -> Drawn {
        let first = Drawn::new(layered, orders.first, sizing, lead);
        if orders.others.is_empty() {
            return first;
        }
        let score = |drawn: &Drawn| {
            let routes = &drawn.geometry.routes;
            let length: f64 = routes.iter().map(|r| path_length(r.iter().copied())).sum();
            (drawn_crossings(layered, drawn), length)
        };
        let start = (score(&first), first);
        orders
            .others
            .into_iter()
            .map(|layers| Drawn::new(layered, layers, sizing, lead))
            .map(|drawn| (score(&drawn), drawn))
            .fold(
                start,
                |best, other| if other.0 < best.0 { other } else { best },
            )
            .1
    }

    fn new(
        layered: &graph::Layered,
        mut layers: order::Layers,
        sizing: &Sizing,
        lead: f64,
    ) -> Drawn {
        let mut ports = ports::assign(layered, &layers);
        let mut placement = place::place(layered, &layers, &ports, lead);
        if straighten::straighten(layered, &mut layers, &placement, &ports) {
            ports = ports::assign(layered, &layers);
            placement = place::place(layered, &layers, &ports, lead);
        }
        ports.follow_lines(layered, &placement);
        let label_sizes = |unit: usize| match layered.units.get(unit).map(|u| &u.kind) {
            Some(graph::UnitKind::Label { width, height }) => sizing.orient((*width, *height)),
            _ => (0.0, 0.0),
        };
        let geometry = route::route(layered, &placement, &ports, &label_sizes);
        Drawn {
            placement,
            geometry,
        }
    }
}

/// The length of a line through `points`.
fn path_length(points: impl IntoIterator<Item = (f64, f64)>) -> f64 {
    let mut points = points.into_iter();
    let Some(mut last) = points.next() else {
        return 0.0;
    };
    points
        .map(|point| {
            let run = (point.0 - last.0).hypot(point.1 - last.1);
            last = point;
            run
        })
        .sum()
}

/// Pairs of routes without a shared end that cross. Routes are taken in
/// the order of their boxes' left edges, and each is checked only against
/// those whose box begins before its own ends.
fn route_crossings(layered: &graph::Layered, routes: &[Vec<(f64, f64)>]) -> usize {
    let ends = |chain: &graph::Chain| (chain.units.first().copied(), chain.units.last().copied());
    let mut boxed: Vec<_> = layered
        .chains
        .iter()
        .zip(routes)
        .filter_map(|(chain, route)| Some((bounds(route)?, ends(chain), route.as_slice())))
        .collect();
    boxed.sort_by(|a, b| a.0[0].total_cmp(&b.0[0]));
    let mut count = 0;
    for (i, (p, (top, bottom), one)) in boxed.iter().enumerate() {
        for (q, (a, b), other) in boxed.iter().skip(i + 1) {
            if q[0] > p[2] {
                break;
            }
            let shared = [a, b].iter().any(|end| *end == top || *end == bottom);
            let apart = q[1] > p[3] || p[1] > q[3];
            if !shared && !apart && routes_cross(one, other) {
                count += 1;
            }
        }
    }
    count
}

/// Flows drawn through the box of a group that holds neither of their
/// ends: a reader takes such a flow for one of the group's own. The order's
/// count (`order/count.rs`) weighs each as two crossings; among orders
/// that count alike, each adds one to the drawing's crossings (weighed
/// as two, on the new users' designs, the drawings kept traded two
/// crossings for one such flow, and read worse).
fn through_groups(layered: &graph::Layered, drawn: &Drawn) -> usize {
    let boxes: Vec<(usize, [f64; 4])> = layered
        .groups
        .iter()
        .enumerate()
        .filter(|(_, info)| info.span.is_some())
        .filter_map(|(g, _)| {
            let (left, breadth) = drawn.placement.group_a.get(g).copied()?;
            let (top, bottom) = drawn.geometry.group_b.get(g).copied()?;
            Some((g, [left, top, left + breadth, bottom]))
        })
        .collect();
    let groups_of = |unit: Option<&usize>| {
        let group = unit
            .and_then(|u| layered.units.get(*u))
            .and_then(|u| u.group);
        graph::ancestors(&layered.groups, group)
    };
    layered
        .chains
        .iter()
        .zip(&drawn.geometry.routes)
        .map(|(chain, route)| {
            let mut ends = groups_of(chain.units.first());
            ends.extend(groups_of(chain.units.last()));
            boxes
                .iter()
                .filter(|(g, area)| !ends.contains(g) && passes_through(route, *area))
                .count()
        })
        .sum()
}

/// Whether a route runs inside a box (by more than its border's width).
fn passes_through(route: &[(f64, f64)], [a0, b0, a1, b1]: [f64; 4]) -> bool {
    const BORDER: f64 = 2.0;
    let (a0, b0, a1, b1) = (a0 + BORDER, b0 + BORDER, a1 - BORDER, b1 - BORDER);
    route.windows(2).any(|w| match w {
        [(pa, pb), (qa, qb)] => {
            // Routes run along and across the layers only.
            pa.max(*qa) > a0 && pa.min(*qa) < a1 && pb.max(*qb) > b0 && pb.min(*qb) < b1
        }
        _ => false,
    })
}

/// The smallest box around some points: (least a, least b, most a, most b).
fn bounds(points: &[(f64, f64)]) -> Option<[f64; 4]> {
    let (&(a, b), rest) = points.split_first()?;
    Some(rest.iter().fold([a, b, a, b], |[a0, b0, a1, b1], &(a, b)| {
        [a0.min(a), b0.min(b), a1.max(a), b1.max(b)]
    }))
}

fn routes_cross(one: &[(f64, f64)], other: &[(f64, f64)]) -> bool {
    let segment = |w: &[(f64, f64)]| match w {
        [(a0, b0), (a1, b1)] => Some(([*a0, *b0], [*a1, *b1])),
        _ => None,
    };
    one.windows(2).filter_map(segment).any(|p| {
        other
            .windows(2)
            .filter_map(segment)
            .any(|q| notes::crosses(p, q))
    })
}

/// From layout space (along a layer, across layers) to the picture's
/// (x, y), with a margin around everything.
struct Frame {
    direction: Direction,
}

impl Frame {
    fn point(&self, a: f64, b: f64) -> (f64, f64) {
        match self.direction {
            Direction::Down => (a + MARGIN, b),
            Direction::Right => (b, a + MARGIN),
        }
    }

    /// (x, y, width, height) of a box at (a, b) of this size.
    fn rect(&self, a: f64, b: f64, along: f64, across: f64) -> (f64, f64, f64, f64) {
        let (x, y) = self.point(a, b);
        match self.direction {
            Direction::Down => (x, y, along, across),
            Direction::Right => (x, y, across, along),
        }
    }
}

fn nodes(
    design: &Design,
    layered: &graph::Layered,
    placement: &place::Placement,
    geometry: &route::Geometry,
    frame: &Frame,
) -> Vec<NodeBox> {
    layered
        .units
        .iter()
        .enumerate()
        .filter_map(|(i, unit)| {
            let graph::UnitKind::Node(node) = unit.kind else {
                return None;
            };
            let component = design.graph.node_weight(node)?;
            let a = placement.unit_a.get(i).copied().unwrap_or(0.0) - unit.breadth / 2.0;
            let (top, bottom) = geometry.rows.get(unit.layer).copied().unwrap_or((0.0, 0.0));
            let b = (top + bottom) / 2.0 - unit.depth / 2.0;
            let (x, y, width, height) = frame.rect(a, b, unit.breadth, unit.depth);
            Some(NodeBox {
                id: component.id.clone(),
                x,
                y,
                width,
                height,
                node,
            })
        })
        .collect()
}

fn groups(
    design: &Design,
    layered: &graph::Layered,
    placement: &place::Placement,
    geometry: &route::Geometry,
    frame: &Frame,
) -> Vec<GroupBox> {
    design
        .groups
        .iter()
        .enumerate()
        .filter_map(|(g, group)| {
            let info = layered.groups.get(g)?;
            info.span?;
            let (left, breadth) = placement.group_a.get(g).copied()?;
            let (top, bottom) = geometry.group_b.get(g).copied()?;
            let (x, y, width, height) = frame.rect(left, top, breadth, bottom - top);
            Some(GroupBox {
                id: group.id.clone(),
                x,
                y,
                width,
                height,
                title_x: x + TITLE_INSET,
                depth: info.depth,
            })
        })
        .collect()
}

fn edges(
    design: &Design,
    layered: &graph::Layered,
    geometry: &route::Geometry,
    frame: &Frame,
) -> Vec<EdgePath> {
    layered
        .chains
        .iter()
        .enumerate()
        .filter_map(|(c, chain)| {
            let flow = design.graph.edge_weight(chain.edge)?;
            let mut points: Vec<[f64; 2]> = geometry
                .routes
                .get(c)?
                .iter()
                .map(|(a, b)| {
                    let (x, y) = frame.point(*a, *b);
                    [x, y]
                })
                .collect();
            if chain.reversed {
                points.reverse();
            }
            let label = geometry.labels.get(c).copied().flatten().map(|label| {
                let (x, y, width, height) = frame.rect(label.a, label.b, label.along, label.across);
                let (anchor_x, anchor_y) = frame.point(label.line, label.b + label.across / 2.0);
                LabelBox {
                    x,
                    y,
                    width,
                    height,
                    anchor: [anchor_x, anchor_y],
                }
            });
            Some(EdgePath {
                from: flow.from.clone(),
                to: flow.to.clone(),
                points,
                label,
                flow: chain.edge,
            })
        })
        .collect()
}

/// A flow written to a group ends where it enters the group's box.
fn end_at_groups(design: &Design, edges: &mut [EdgePath], groups: &[GroupBox]) {
    for edge in edges {
        let Some(group) = design
            .graph
            .edge_weight(edge.flow)
            .and_then(|flow| flow.to_group.as_deref())
            .and_then(|id| groups.iter().find(|g| g.id == id))
        else {
            continue;
        };
        let inside = |p: &[f64; 2]| {
            p[0] > group.x
                && p[0] < group.x + group.width
                && p[1] > group.y
                && p[1] < group.y + group.height
        };
        let Some(entry) = edge.points.iter().position(inside).filter(|at| *at > 0) else {
            continue;
        };
        let (Some(outside), Some(within)) = (edge.points.get(entry - 1), edge.points.get(entry))
        else {
            continue;
        };
        let border = entry_point(*outside, *within, group);
        edge.points.truncate(entry);
        edge.points.push(border);
        edge.to = group.id.clone();
    }
}

/// Where the segment from `outside` to `inside` crosses the box's border.
fn entry_point(outside: [f64; 2], inside: [f64; 2], group: &GroupBox) -> [f64; 2] {
    let [dx, dy] = [inside[0] - outside[0], inside[1] - outside[1]];
    let mut t: f64 = 0.0;
    for (start, delta, low, high) in [
        (outside[0], dx, group.x, group.x + group.width),
        (outside[1], dy, group.y, group.y + group.height),
    ] {
        if delta.abs() > f64::EPSILON {
            let enter = if delta > 0.0 {
                (low - start) / delta
            } else {
                (high - start) / delta
            };
            t = t.max(enter);
        }
    }
    let t = t.clamp(0.0, 1.0);
    [outside[0] + dx * t, outside[1] + dy * t]
}

/// Where a group's title starts along its top edge.
const TITLE_INSET: f64 = 10.0;
/// The least inset, for a title that fits nowhere else (its text stands
/// below the rounded corner).
const TITLE_INSET_LEAST: f64 = 3.0;
/// How far a title keeps from a flow entering beside it: an arrow 4 px
/// away reads as pointing at the title (new users saw arrows "land on the
/// group's title"), so two arrowheads' width where it fits so.
const TITLE_CLEAR: f64 = 10.0;
/// The least clearance, where the title fits only so.
const TITLE_CLEAR_LEAST: f64 = 4.0;

/// The leftmost place along a group's top edge where its title crosses no
/// flow (flows enter the group through its header), closer to the corner
/// if only there it fits; where it crosses fewest if there is none.
fn title_place(design: &Design, group: &GroupBox, edges: &[EdgePath]) -> f64 {
    let Some(info) = design.group(&group.id) else {
        return group.x + TITLE_INSET;
    };
    let width = group_title_width(info);
    let (top, bottom) = (group.y, group.y + style::GROUP_HEADER);
    let (left, right) = (group.x, group.x + group.width);
    let mut crossings: Vec<f64> = edges
        .iter()
        .flat_map(|edge| edge.points.windows(2))
        .filter_map(|pair| {
            let [p, q] = [pair.first()?, pair.get(1)?];
            let vertical = (p[0] - q[0]).abs() < 0.01;
            let spans = p[1].min(q[1]) < bottom && p[1].max(q[1]) > top;
            (vertical && spans && p[0] > left && p[0] < right).then_some(p[0])
        })
        .collect();
    crossings.sort_by(f64::total_cmp);
    // The flows a title starting at `start` crosses or passes within `clear`.
    let crossed = |start: f64, clear: f64| {
        crossings
            .iter()
            .filter(|x| **x > start - clear && **x < start + width + clear)
            .count()
    };
    // From the left corner, then just past each flow.
    let starts = |clear: f64| {
        std::iter::once(left + TITLE_INSET).chain(crossings.iter().map(move |x| x + clear + 1.0))
    };
    let fits =
        |start: f64, clear: f64| start + width <= right - TITLE_INSET && crossed(start, clear) == 0;
    let along = |clear: f64| starts(clear).find(|start| fits(*start, clear));
    let corner = |clear: f64| Some(left + TITLE_INSET_LEAST).filter(|s| fits(*s, clear));
    // Where it crosses a flow wherever it stands: where it crosses fewest.
    let least_crossed = || {
        starts(TITLE_CLEAR_LEAST)
            .filter(|start| start + width <= right - TITLE_INSET_LEAST)
            .min_by_key(|start| crossed(*start, TITLE_CLEAR_LEAST))
    };
    along(TITLE_CLEAR)
        .or_else(|| along(TITLE_CLEAR_LEAST))
        .or_else(|| corner(TITLE_CLEAR))
        .or_else(|| corner(TITLE_CLEAR_LEAST))
        .or_else(least_crossed)
        .unwrap_or(left + TITLE_INSET)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sharded_sql_database_shows_its_shards_and_other_stores_their_nodes() {
        let compiled = crate::compile(
            "postgres db \"DB\" x2 { shards: 16 }\ncassandra events \"Events\" x12 { shards: 64 }\n",
        );
        let subtitle = |id: &str| {
            let component = compiled.model.design.component(id).expect("declared");
            node_text(component).subtitle
        };
        assert_eq!(subtitle("db").as_deref(), Some("PostgreSQL · 16 shards ×2"));
        assert_eq!(subtitle("events").as_deref(), Some("Cassandra · ×12"));
    }

    #[test]
    fn a_group_title_keeps_clear_of_an_arrow_entering_beside_it() {
        let compiled = crate::compile("group web \"Web\" {\n  service api \"API\"\n}\n");
        let group = GroupBox {
            id: "web".into(),
            x: 0.0,
            y: 0.0,
            width: 300.0,
            height: 100.0,
            title_x: 0.0,
            depth: 0,
        };
        let arrow_at = |x: f64| EdgePath {
            from: "users".into(),
            to: "api".into(),
            points: vec![[x, -40.0], [x, 40.0]],
            label: None,
            flow: EdgeIndex::new(0),
        };
        let title = group_title_width(compiled.model.design.group("web").expect("group"));
        let start = title_place(&compiled.model.design, &group, &[arrow_at(20.0)]);
        assert!(
            start >= 30.0,
            "the title starts {start} px along, 20 px is the arrow"
        );
        // In a box with room only 4 px from the arrow, it stands there.
        let narrow = GroupBox {
            width: 20.0 + 5.0 + title + TITLE_INSET + 1.0,
            ..group.clone()
        };
        let start = title_place(&compiled.model.design, &narrow, &[arrow_at(20.0)]);
        assert_eq!(start, 25.0);
        // Where every place crosses a flow, it stands where it crosses fewest.
        let crowded = GroupBox {
            width: title + 30.0,
            ..group
        };
        let arrows = [15.0, 17.0, title + 25.0].map(arrow_at);
        let start = title_place(&compiled.model.design, &crowded, &arrows);
        assert_eq!(start, 20.0, "past the two arrows on the left, over one");
    }

    #[test]
    fn a_path_is_as_long_as_its_segments() {
        assert_eq!(path_length([(0.0, 0.0), (3.0, 4.0), (3.0, 10.0)]), 11.0);
        assert_eq!(path_length([(5.0, 5.0)]), 0.0);
        assert_eq!(path_length([]), 0.0);
    }

    #[test]
    fn routes_cross_inside_their_segments_only() {
        let down = [(0.0, 0.0), (10.0, 10.0)];
        assert!(routes_cross(&down, &[(0.0, 10.0), (10.0, 0.0)]));
        assert!(!routes_cross(&down, &[(0.0, 5.0), (0.0, 20.0)]), "apart");
        assert!(
            !routes_cross(&down, &[(10.0, 10.0), (20.0, 0.0)]),
            "touching ends"
        );
    }

    /// Crossings of two flows drawn as `one` and `other`.
    fn crossings_drawn(design: &str, one: &[(f64, f64)], other: &[(f64, f64)]) -> usize {
        let layered = graph::of_text(design);
        route_crossings(&layered, &[one.to_vec(), other.to_vec()])
    }

    #[test]
    fn flows_that_share_an_end_do_not_count_as_crossing() {
        let (one, other) = ([(0.0, 0.0), (10.0, 10.0)], [(0.0, 10.0), (10.0, 0.0)]);
        let apart = "service a\nservice b\nservice c\nservice d\na -> c\nb -> d\n";
        assert_eq!(crossings_drawn(apart, &one, &other), 1);
        let shared = "service a\nservice c\nservice d\na -> c\na -> d\n";
        assert_eq!(crossings_drawn(shared, &one, &other), 0);
    }
}
