//! Last phase, notes: each `note` on a component or a flow becomes a small
//! callout beside what it is about, in free space — never on a component,
//! a label, a group's title, a flow or another note — tied to its target by
//! a short leader. The first free place is taken from rings of candidates
//! around the target, nearest first, inside the drawing if it can and
//! beside it (the drawing grows) if not. A note that finds no room becomes a
//! numbered marker beside its target, its text listed with the picture. Notes on the
//! whole design are not placed here: the picture lists them beside it.

use serde::Serialize;

use super::text::{self, Weight};
use super::{EdgePath, GroupBox, LabelBox, NodeBox, style};
use crate::model::Design;
use crate::model::hints::NoteTarget;

#[derive(Clone, Debug, Serialize)]
pub struct NoteBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// The note's text, broken into lines.
    pub lines: Vec<String>,
    /// From the note's border to the point of its target it is about.
    pub leader: [[f64; 2]; 2],
    /// A note with no room near its target is a numbered marker there, its
    /// text listed beside the picture under this number.
    pub footnote: Option<usize>,
}

pub const SIZE: f64 = 11.0;
pub const LINE: f64 = 14.0;
pub const PAD: f64 = 6.0;
const MAX_TEXT: f64 = 170.0;
/// Room kept around a note.
const CLEAR: f64 = 4.0;
const DISTANCES: [f64; 5] = [10.0, 24.0, 48.0, 96.0, 160.0];
/// Candidates in one ring around a target.
const RING: usize = 8;
/// A footnote marker's size.
pub const MARKER: f64 = 14.0;

#[derive(Clone, Copy, Debug)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    fn grown(&self, by: f64) -> Rect {
        Rect {
            x: self.x - by,
            y: self.y - by,
            w: self.w + 2.0 * by,
            h: self.h + 2.0 * by,
        }
    }

    fn centre(&self) -> [f64; 2] {
        [self.x + self.w / 2.0, self.y + self.h / 2.0]
    }

    /// Whether the segment from `a` to `b` passes through the rectangle.
    fn cut_by(&self, a: [f64; 2], b: [f64; 2]) -> bool {
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        let d = [b[0] - a[0], b[1] - a[1]];
        for (p, q) in [
            (-d[0], a[0] - self.x),
            (d[0], self.x + self.w - a[0]),
            (-d[1], a[1] - self.y),
            (d[1], self.y + self.h - a[1]),
        ] {
            if p.abs() < f64::EPSILON {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        t0 <= t1
    }

    /// The point of the rectangle's border nearest `p`.
    fn nearest(&self, p: [f64; 2]) -> [f64; 2] {
        let x = p[0].clamp(self.x, self.x + self.w);
        let y = p[1].clamp(self.y, self.y + self.h);
        if (x - p[0]).abs() > 0.0 || (y - p[1]).abs() > 0.0 {
            return [x, y];
        }
        // Inside: out through the nearest side.
        let sides = [
            (p[0] - self.x, [self.x, p[1]]),
            (self.x + self.w - p[0], [self.x + self.w, p[1]]),
            (p[1] - self.y, [p[0], self.y]),
            (self.y + self.h - p[1], [p[0], self.y + self.h]),
        ];
        sides
            .iter()
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map_or(p, |(_, point)| *point)
    }
}

/// What a drawing already holds, that a note must keep clear of.
pub struct Occupied<'a> {
    pub nodes: &'a [NodeBox],
    pub groups: &'a [GroupBox],
    pub edges: &'a [EdgePath],
    pub width: f64,
    pub height: f64,
}

/// Places every note on a component or a flow; the drawing grows where a
/// note found room only outside it.
pub fn place(design: &Design, occupied: &Occupied) -> Placed {
    let mut room = Room::of(occupied);
    let mut boxes = Vec::new();
    let mut footnotes = 0;
    for note in &design.notes {
        let Some(target) = target_rect(&note.target, occupied) else {
            continue;
        };
        let lines = wrap(&note.text);
        let w = lines
            .iter()
            .map(|l| text::width(l, SIZE, Weight::Regular))
            .fold(0.0, f64::max)
            + 2.0 * PAD;
        let h = lines.len() as f64 * LINE + 2.0 * PAD;
        let (rect, footnote) = match room.spot(&target, w, h) {
            Some(rect) => (rect, None),
            None => {
                footnotes += 1;
                (room.marker(&target), Some(footnotes))
            }
        };
        room.take(rect);
        boxes.push(NoteBox {
            x: rect.x,
            y: rect.y,
            width: rect.w,
            height: rect.h,
            lines,
            leader: [rect.nearest(target.centre()), target.nearest(rect.centre())],
            footnote,
        });
    }
    Placed {
        notes: boxes,
        shift: [-room.left, -room.top],
        width: room.width - room.left,
        height: room.height - room.top,
    }
}

/// The drawing as the notes find it: what is taken, the flows' segments,
/// and the extent, which grows as notes land beside the drawing.
struct Room {
    taken: Vec<Rect>,
    segments: Vec<([f64; 2], [f64; 2])>,
    width: f64,
    height: f64,
    left: f64,
    top: f64,
}

impl Room {
    fn of(occupied: &Occupied) -> Room {
        let nodes = occupied.nodes.iter().map(|n| Rect {
            x: n.x,
            y: n.y,
            w: n.width,
            h: n.height,
        });
        let labels = occupied
            .edges
            .iter()
            .filter_map(|e| e.label)
            .map(label_rect);
        let titles = occupied.groups.iter().map(|g| Rect {
            x: g.x,
            y: g.y,
            w: g.width,
            h: style::GROUP_HEADER,
        });
        Room {
            taken: nodes.chain(labels).chain(titles).collect(),
            segments: occupied
                .edges
                .iter()
                .flat_map(|e| e.points.windows(2))
                .filter_map(|pair| Some((*pair.first()?, *pair.get(1)?)))
                .collect(),
            width: occupied.width,
            height: occupied.height,
            left: 0.0,
            top: 0.0,
        }
    }

    /// Whether a note at `r` keeps clear of everything taken, its leader
    /// to `target` too; `inside` asks for room within the drawing.
    fn free(&self, r: &Rect, target: &Rect, inside: bool) -> bool {
        let clear = r.grown(CLEAR);
        let leader = (r.nearest(target.centre()), target.nearest(r.centre()));
        let within =
            r.x >= 0.0 && r.y >= 0.0 && r.x + r.w <= self.width && r.y + r.h <= self.height;
        (within || !inside)
            && !self.taken.iter().any(|t| t.overlaps(&clear))
            && !self.segments.iter().any(|(a, b)| clear.cut_by(*a, *b))
            && !self
                .taken
                .iter()
                .any(|t| t.grown(-1.0).cut_by(leader.0, leader.1) && !t.overlaps(target))
            && !self.segments.iter().any(|(a, b)| crosses(leader, (*a, *b)))
    }

    /// Room inside the drawing first; else the nearest room beside it,
    /// which widens or lengthens the drawing.
    fn spot(&self, target: &Rect, w: f64, h: f64) -> Option<Rect> {
        let around = candidates(target, w, h);
        around
            .iter()
            .find(|r| self.free(r, target, true))
            .or_else(|| around.iter().find(|r| self.free(r, target, false)))
            .copied()
    }

    /// A footnote's marker: it stays close, or it reads as another's;
    /// failing a spot clear of flows too, one that covers no box.
    fn marker(&self, target: &Rect) -> Rect {
        let markers = candidates(target, MARKER, MARKER);
        let near = || markers.iter().take(2 * RING);
        let uncovered = |r: &&Rect| !self.taken.iter().any(|t| t.overlaps(r));
        near()
            .find(|r| self.free(r, target, true))
            .or_else(|| near().find(|r| self.free(r, target, false)))
            .or_else(|| markers.iter().find(uncovered))
            .copied()
            .unwrap_or(Rect {
                x: target.x + target.w - MARKER / 2.0,
                y: (target.y - MARKER / 2.0).max(0.0),
                w: MARKER,
                h: MARKER,
            })
    }

    fn take(&mut self, rect: Rect) {
        self.width = self.width.max(rect.x + rect.w + CLEAR);
        self.height = self.height.max(rect.y + rect.h + CLEAR);
        self.left = self.left.min(rect.x - CLEAR);
        self.top = self.top.min(rect.y - CLEAR);
        self.taken.push(rect);
    }
}

/// The notes, and what they make of the drawing: notes left of or above
/// it shift everything by `shift`, and the drawing's new size.
pub struct Placed {
    pub notes: Vec<NoteBox>,
    pub shift: [f64; 2],
    pub width: f64,
    pub height: f64,
}

/// Whether two segments cross at a point inside both (touching ends do
/// not count).
pub(super) fn crosses(p: ([f64; 2], [f64; 2]), q: ([f64; 2], [f64; 2])) -> bool {
    let orient = |a: [f64; 2], b: [f64; 2], c: [f64; 2]| {
        (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    };
    let (d1, d2) = (orient(q.0, q.1, p.0), orient(q.0, q.1, p.1));
    let (d3, d4) = (orient(p.0, p.1, q.0), orient(p.0, p.1, q.1));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

fn label_rect(label: LabelBox) -> Rect {
    Rect {
        x: label.x,
        y: label.y,
        w: label.width,
        h: label.height,
    }
}

/// The box a note points at: a component's, or a flow's label (a small box
/// at the middle of its line when it has none).
fn target_rect(target: &NoteTarget, occupied: &Occupied) -> Option<Rect> {
    match target {
        NoteTarget::Design => None,
        NoteTarget::Component { id } => occupied.nodes.iter().find(|n| &n.id == id).map(|n| Rect {
            x: n.x,
            y: n.y,
            w: n.width,
            h: n.height,
        }),
        NoteTarget::Flow { from, to } => {
            let edge = occupied
                .edges
                .iter()
                .find(|e| &e.from == from && &e.to == to)?;
            if let Some(label) = edge.label {
                return Some(label_rect(label));
            }
            let middle = edge.points.get(edge.points.len() / 2)?;
            Some(Rect {
                x: middle[0] - 2.0,
                y: middle[1] - 2.0,
                w: 4.0,
                h: 4.0,
            })
        }
    }
}

/// Places for a `w` × `h` note around `target`, nearest first: right,
/// left, below, above and the corners, at growing distances.
fn candidates(target: &Rect, w: f64, h: f64) -> Vec<Rect> {
    let [cx, cy] = target.centre();
    let mut all = Vec::new();
    for d in DISTANCES {
        let right = target.x + target.w + d;
        let left = target.x - d - w;
        let below = target.y + target.h + d;
        let above = target.y - d - h;
        for (x, y) in [
            (right, cy - h / 2.0),
            (left, cy - h / 2.0),
            (cx - w / 2.0, below),
            (cx - w / 2.0, above),
            (right, above),
            (right, below),
            (left, above),
            (left, below),
        ] {
            all.push(Rect { x, y, w, h });
        }
    }
    all
}

/// The note's text in lines no wider than [`MAX_TEXT`].
fn wrap(note: &str) -> Vec<String> {
    // A line break written in the note (`\n`) starts a new line.
    let lines: Vec<String> = note
        .lines()
        .flat_map(|paragraph| text::wrap(paragraph, SIZE, MAX_TEXT))
        .collect();
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

impl NoteBox {
    pub fn shift(&mut self, [dx, dy]: [f64; 2]) {
        self.x += dx;
        self.y += dy;
        for point in &mut self.leader {
            point[0] += dx;
            point[1] += dy;
        }
    }
}
