//! A recognisable shape for each kind, drawn into a component's box.

use super::element::Element;

use super::num;
use crate::model::Kind;

/// Shapes are drawn into the box `x, y, w, h` with `fill` and `stroke`.
#[derive(Clone, Copy)]
pub struct Frame {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

fn path(d: String, fill: &str, stroke: &str) -> Element {
    Element::new("path")
        .set("d", d)
        .set("fill", fill)
        .set("stroke", stroke)
}

/// How an outline is stroked.
#[derive(Clone, Copy)]
pub struct Pen<'a> {
    pub fill: &'a str,
    pub stroke: &'a str,
    pub width: f64,
}

/// The outline of a component of `kind`.
pub fn outline(kind: Kind, f: &Frame, pen: Pen) -> Element {
    let Pen {
        fill,
        stroke,
        width,
    } = pen;
    let element = match kind {
        Kind::Sql | Kind::Nosql | Kind::Warehouse => cylinder(kind, f, fill, stroke),
        Kind::Queue | Kind::Stream | Kind::Pubsub => pipe(kind, f, fill, stroke),
        Kind::Cdn => cloud(f, fill, stroke),
        Kind::Gateway => hexagon(f, fill, stroke),
        Kind::Lb => octagon(f, fill, stroke),
        Kind::Blob => bucket(f, fill, stroke),
        Kind::External => rounded(f, fill, stroke).set("stroke-dasharray", "5 4"),
        Kind::Cache => barred(f, fill, stroke),
        _ => rounded(f, fill, stroke),
    };
    // The group's stroke width applies to the parts that do not set their own.
    Element::new("g").set("stroke-width", width).add(element)
}

/// A database: a cylinder (with a second rim for NoSQL, a store of many parts).
fn cylinder(kind: Kind, f: &Frame, fill: &str, stroke: &str) -> Element {
    let Frame { x, y, w, h } = *f;
    let (r, b) = (x + w, y + h);

    let ry = 6.0;
    let d = format!(
        "M{} {}A{} {} 0 0 1 {} {}V{}A{} {} 0 0 1 {} {}ZM{} {}A{} {} 0 0 0 {} {}",
        num(x),
        num(y + ry),
        num(w / 2.0),
        num(ry),
        num(r),
        num(y + ry),
        num(b - ry),
        num(w / 2.0),
        num(ry),
        num(x),
        num(b - ry),
        num(x),
        num(y + ry),
        num(w / 2.0),
        num(ry),
        num(r),
        num(y + ry)
    );
    let body = path(d, fill, stroke);
    if kind == Kind::Nosql {
        // A second rim just under the top: a store of many parts.
        let rim = format!(
            "M{} {}A{} {} 0 0 0 {} {}",
            num(x),
            num(y + ry + 4.0),
            num(w / 2.0),
            num(ry),
            num(r),
            num(y + ry + 4.0)
        );
        Element::new("g")
            .add(body)
            .add(path(rim, "none", stroke).set("stroke-opacity", 0.6))
    } else {
        body
    }
}

/// A queue: a pipe lying on its side (with a second cap for a stream, a log).
/// The depth of a pipe's rounded ends: its open end (the cap on the
/// right) curves in this far again, so the body left for text is shifted
/// this far to the left of the box's middle, by half.
pub const PIPE_END: f64 = 8.0;

fn pipe(kind: Kind, f: &Frame, fill: &str, stroke: &str) -> Element {
    let Frame { x, y, w, h } = *f;
    let (r, b) = (x + w, y + h);

    let rx = PIPE_END;
    let d = format!(
        "M{} {}H{}A{} {} 0 0 1 {} {}H{}A{} {} 0 0 1 {} {}Z",
        num(x + rx),
        num(y),
        num(r - rx),
        num(rx),
        num(h / 2.0),
        num(r - rx),
        num(b),
        num(x + rx),
        num(rx),
        num(h / 2.0),
        num(x + rx),
        num(y)
    );
    let cap = format!(
        "M{} {}A{} {} 0 0 0 {} {}",
        num(r - rx),
        num(y),
        num(rx),
        num(h / 2.0),
        num(r - rx),
        num(b)
    );
    let mut g = Element::new("g")
        .add(path(d, fill, stroke))
        .add(path(cap, "none", stroke));
    if kind == Kind::Stream {
        // A log: a second cap, as if the pipe went on.
        let second = format!(
            "M{} {}A{} {} 0 0 0 {} {}",
            num(r - rx - 5.0),
            num(y),
            num(rx),
            num(h / 2.0),
            num(r - rx - 5.0),
            num(b)
        );
        g = g.add(path(second, "none", stroke).set("stroke-opacity", 0.5));
    }
    g
}

/// A CDN's cloud in its box (0 to 1 each way): where it starts, then five
/// cubic curves (two control points and an end each), back to the start.
/// Its lobes fill the box's sides and its bumps the top, so that a flow
/// ending on the box meets the outline near the box's edge wherever its
/// port stands (only the corners are open).
const CLOUD: [(f64, f64); 16] = [
    (0.14, 0.96),
    (-0.03, 0.96),
    (-0.04, 0.3),
    (0.13, 0.28),
    (0.13, -0.02),
    (0.44, -0.05),
    (0.5, 0.1),
    (0.58, -0.04),
    (0.9, -0.02),
    (0.87, 0.28),
    (1.04, 0.3),
    (1.03, 0.96),
    (0.86, 0.96),
    (0.6, 0.96),
    (0.4, 0.96),
    (0.14, 0.96),
];

/// A CDN: a cloud.
fn cloud(f: &Frame, fill: &str, stroke: &str) -> Element {
    let p = |(fx, fy): (f64, f64)| format!("{} {}", num(f.x + fx * f.w), num(f.y + fy * f.h));
    let mut d = format!("M{}", p(CLOUD[0]));
    for curve in CLOUD[1..].chunks(3) {
        let points: Vec<String> = curve.iter().copied().map(p).collect();
        d.push_str(&format!("C{}", points.join(" ")));
    }
    d.push('Z');
    path(d, fill, stroke)
}

/// The cloud's outline in frame `f` as a polygon: each curve sampled.
fn cloud_polygon(f: &Frame) -> Vec<(f64, f64)> {
    const SAMPLES: u32 = 12;
    let mut polygon = vec![CLOUD[0]];
    let mut from = CLOUD[0];
    for curve in CLOUD[1..].chunks(3) {
        let &[c1, c2, to] = curve else { continue };
        for step in 1..=SAMPLES {
            let t = f64::from(step) / f64::from(SAMPLES);
            let u = 1.0 - t;
            let at = |a: f64, b: f64, c: f64, d: f64| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            polygon.push((at(from.0, c1.0, c2.0, to.0), at(from.1, c1.1, c2.1, to.1)));
        }
        from = to;
    }
    polygon
        .into_iter()
        .map(|(fx, fy)| (f.x + fx * f.w, f.y + fy * f.h))
        .collect()
}

/// How far a gateway's pointed ends reach beyond its slanted corners.
fn hexagon_cut(w: f64) -> f64 {
    10.0_f64.min(w / 4.0)
}

/// Whether a component of `kind` is drawn inside its box in places a flow
/// ends (a gateway's pointed ends, a cloud's bumps), so that a flow ending
/// on the box would stop short of the outline.
pub fn has_inset_outline(kind: Kind) -> bool {
    const ANY: Frame = Frame {
        x: 0.0,
        y: 0.0,
        w: 1.0,
        h: 1.0,
    };
    inset_polygon(kind, &ANY).is_some()
}

/// The outline of a component of `kind` in frame `f` as a polygon, for the
/// shapes that [`has_inset_outline`].
fn inset_polygon(kind: Kind, f: &Frame) -> Option<Vec<(f64, f64)>> {
    let Frame { x, y, w, h } = *f;
    match kind {
        Kind::Cdn => Some(cloud_polygon(f)),
        Kind::Gateway => {
            let cut = hexagon_cut(w);
            let middle = y + h / 2.0;
            Some(vec![
                (x + cut, y),
                (x + w - cut, y),
                (x + w, middle),
                (x + w - cut, y + h),
                (x + cut, y + h),
                (x, middle),
            ])
        }
        _ => None,
    }
}

/// A side of a component's box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
    Top,
    Bottom,
}

/// Where the outlines of a component of `kind` drawn in `frames` (the
/// component and its stacked copies) meet a flow ending on `side` of its
/// box at `at` (a height on the left or right side, an x on the top or
/// bottom): the outermost crossing on that side, x for the left and right,
/// y for the top and bottom. `None` for shapes that fill their box, whose
/// edge is the outline, and where the flow's line misses the outline.
pub fn side_at(kind: Kind, frames: &[Frame], side: Side, at: f64) -> Option<f64> {
    let across = matches!(side, Side::Left | Side::Right);
    let crossings = frames
        .iter()
        .filter_map(|f| inset_polygon(kind, f))
        .flat_map(|polygon| {
            let edges: Vec<((f64, f64), (f64, f64))> = polygon
                .iter()
                .copied()
                .zip(polygon.iter().copied().cycle().skip(1))
                .collect();
            edges.into_iter().filter_map(move |(a, b)| {
                // Along the line the flow runs on: y for a side, x for the
                // top or bottom.
                let split = |p: (f64, f64)| if across { (p.1, p.0) } else { (p.0, p.1) };
                let ((a_along, a_other), (b_along, b_other)) = (split(a), split(b));
                let low = a_along.min(b_along);
                let high = a_along.max(b_along);
                (low <= at && at <= high && high - low > f64::EPSILON)
                    .then(|| a_other + (at - a_along) / (b_along - a_along) * (b_other - a_other))
            })
        });
    match side {
        Side::Left | Side::Top => crossings.reduce(f64::min),
        Side::Right | Side::Bottom => crossings.reduce(f64::max),
    }
}

/// A gateway: a hexagon.
fn hexagon(f: &Frame, fill: &str, stroke: &str) -> Element {
    let Frame { x, y, w, h } = *f;
    let (r, b) = (x + w, y + h);

    let cut = hexagon_cut(w);
    let d = format!(
        "M{} {}H{}L{} {}L{} {}H{}L{} {}Z",
        num(x + cut),
        num(y),
        num(r - cut),
        num(r),
        num(y + h / 2.0),
        num(r - cut),
        num(b),
        num(x + cut),
        num(x),
        num(y + h / 2.0)
    );
    path(d, fill, stroke)
}

/// A load balancer: an octagon.
fn octagon(f: &Frame, fill: &str, stroke: &str) -> Element {
    let Frame { x, y, w, h } = *f;
    let (r, b) = (x + w, y + h);

    let c = 7.0;
    let d = format!(
        "M{} {}H{}L{} {}V{}L{} {}H{}L{} {}V{}Z",
        num(x + c),
        num(y),
        num(r - c),
        num(r),
        num(y + c),
        num(b - c),
        num(r - c),
        num(b),
        num(x + c),
        num(x),
        num(b - c),
        num(y + c)
    );
    path(d, fill, stroke)
}

/// Object storage: a bucket.
fn bucket(f: &Frame, fill: &str, stroke: &str) -> Element {
    let Frame { x, y, w, h } = *f;
    let (r, b) = (x + w, y + h);

    let inset = 6.0;
    let d = format!(
        "M{} {}H{}L{} {}H{}Z",
        num(x),
        num(y + 4.0),
        num(r),
        num(r - inset),
        num(b),
        num(x + inset)
    );
    let rim = format!(
        "M{} {}A{} 4 0 0 0 {} {}",
        num(x),
        num(y + 4.0),
        num(w / 2.0),
        num(r),
        num(y + 4.0)
    );
    Element::new("g")
        .add(path(d, fill, stroke))
        .add(path(rim, "none", stroke))
}

/// A cache: a box with a bar down its left side.
fn barred(f: &Frame, fill: &str, stroke: &str) -> Element {
    let Frame { x, y, h, .. } = *f;
    let bar = Element::new("rect")
        .set("x", num(x))
        .set("y", num(y))
        .set("width", 5)
        .set("height", num(h))
        .set("rx", 2)
        .set("fill", stroke);
    Element::new("g").add(rounded(f, fill, stroke)).add(bar)
}

fn rounded(f: &Frame, fill: &str, stroke: &str) -> Element {
    Element::new("rect")
        .set("x", num(f.x))
        .set("y", num(f.y))
        .set("width", num(f.w))
        .set("height", num(f.h))
        .set("rx", 8)
        .set("fill", fill)
        .set("stroke", stroke)
}

/// A small glyph at the left of the box for kinds that carry one.
pub fn icon(kind: Kind, f: &Frame, stroke: &str) -> Option<Element> {
    if !crate::layout::has_icon(kind) {
        return None;
    }
    let cx = f.x + 14.0;
    let cy = f.y + f.h / 2.0;
    let line = |d: String| {
        path(d, "none", stroke)
            .set("stroke-width", 1.3)
            .set("stroke-linecap", "round")
    };
    let circle = |x: f64, y: f64, r: f64| {
        Element::new("circle")
            .set("cx", num(x))
            .set("cy", num(y))
            .set("r", num(r))
            .set("fill", "none")
            .set("stroke", stroke)
            .set("stroke-width", 1.3)
    };
    let g = Element::new("g").set("class", "icon");
    Some(match kind {
        Kind::Client => g.add(circle(cx, cy - 4.0, 3.2)).add(line(format!(
            "M{} {}Q{} {} {} {}",
            num(cx - 5.5),
            num(cy + 6.5),
            num(cx),
            num(cy - 3.0),
            num(cx + 5.5),
            num(cy + 6.5)
        ))),
        Kind::Dns => g
            .add(circle(cx, cy, 6.0))
            .add(line(format!(
                "M{} {}H{}",
                num(cx - 6.0),
                num(cy),
                num(cx + 6.0)
            )))
            .add(line(format!(
                "M{} {}Q{} {} {} {}Q{} {} {} {}",
                num(cx),
                num(cy - 6.0),
                num(cx + 4.0),
                num(cy),
                num(cx),
                num(cy + 6.0),
                num(cx - 4.0),
                num(cy),
                num(cx),
                num(cy - 6.0)
            ))),
        Kind::Search => g.add(circle(cx - 1.5, cy - 1.5, 4.5)).add(line(format!(
            "M{} {}L{} {}",
            num(cx + 1.8),
            num(cy + 1.8),
            num(cx + 5.5),
            num(cy + 5.5)
        ))),
        Kind::Monitoring => g.add(line(format!(
            "M{} {}L{} {}L{} {}L{} {}L{} {}",
            num(cx - 6.0),
            num(cy + 4.0),
            num(cx - 2.0),
            num(cy - 1.0),
            num(cx + 1.0),
            num(cy + 2.0),
            num(cx + 4.0),
            num(cy - 5.0),
            num(cx + 6.5),
            num(cy - 2.0)
        ))),
        Kind::Worker => {
            let mut g = g.add(circle(cx, cy, 3.2));
            for i in 0..6 {
                let angle = i as f64 * std::f64::consts::PI / 3.0;
                let (s, c) = angle.sin_cos();
                g = g.add(line(format!(
                    "M{} {}L{} {}",
                    num(cx + c * 4.5),
                    num(cy + s * 4.5),
                    num(cx + c * 7.0),
                    num(cy + s * 7.0)
                )));
            }
            g
        }
        Kind::Coordination => g
            .add(circle(cx, cy - 4.0, 2.2))
            .add(circle(cx - 4.5, cy + 3.5, 2.2))
            .add(circle(cx + 4.5, cy + 3.5, 2.2)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GATEWAY: Frame = Frame {
        x: 0.0,
        y: 0.0,
        w: 100.0,
        h: 40.0,
    };

    #[test]
    fn a_gateways_pointed_ends_slant_in_from_their_tips() {
        let right = |y| side_at(Kind::Gateway, &[GATEWAY], Side::Right, y);
        let left = |y| side_at(Kind::Gateway, &[GATEWAY], Side::Left, y);
        assert_eq!(right(20.0), Some(100.0), "the tip");
        assert_eq!(right(10.0), Some(95.0), "halfway to a corner");
        assert_eq!(left(40.0), Some(10.0), "a corner, the full cut in");
        assert_eq!(right(45.0), None, "below the outline");
        let top = side_at(Kind::Gateway, &[GATEWAY], Side::Top, 50.0);
        assert_eq!(top, Some(0.0), "the flat top is the box's edge");
    }

    #[test]
    fn a_stacked_gateways_outline_is_its_outermost_copys() {
        let behind = Frame {
            x: 6.0,
            y: 6.0,
            ..GATEWAY
        };
        let right = side_at(Kind::Gateway, &[GATEWAY, behind], Side::Right, 26.0);
        assert_eq!(right, Some(106.0), "the copy behind reaches further right");
        let left = side_at(Kind::Gateway, &[GATEWAY, behind], Side::Left, 20.0);
        assert_eq!(left, Some(0.0), "the front copy reaches further left");
    }

    #[test]
    fn a_clouds_outline_stands_inside_its_box_on_every_side() {
        let left = side_at(Kind::Cdn, &[GATEWAY], Side::Left, 20.0).expect("crosses");
        assert!((1.0..8.0).contains(&left), "the left bump, {left}");
        let right = side_at(Kind::Cdn, &[GATEWAY], Side::Right, 28.0).expect("crosses");
        assert!((92.0..100.0).contains(&right), "the right bump, {right}");
        let top = side_at(Kind::Cdn, &[GATEWAY], Side::Top, 50.0).expect("crosses");
        assert!((2.0..10.0).contains(&top), "the top bump, {top}");
        let bottom = side_at(Kind::Cdn, &[GATEWAY], Side::Bottom, 50.0);
        assert_eq!(bottom, Some(38.4), "the flat bottom, 0.96 of the height");
    }

    #[test]
    fn other_shapes_meet_their_box_at_its_edge() {
        assert_eq!(side_at(Kind::Service, &[GATEWAY], Side::Right, 10.0), None);
        assert_eq!(side_at(Kind::Lb, &[GATEWAY], Side::Top, 10.0), None);
    }
}
