//! Positions for every place code of the city, and the projection that
//! puts degrees on terminal cells.
//!
//! The city data has outlines for districts but no coordinates for
//! streets, communities or grids, so they are derived here, always the
//! same for the same data: a district's streets are spread over a disc
//! around its label point (its centroid, which lies inside it) on a
//! sunflower spiral, each street's communities on a smaller spiral around
//! it, each community's grids on a smaller one still. A point that would
//! fall outside the district is pulled towards its parent until it lies
//! inside, so every derived position is inside its district. A functional
//! zone has no outline: its streets spread around the `center` the
//! geography gives it, inside the district that contains that point.
//! These positions are schematic — they say which district and roughly
//! which part of it, not a street's real location.

use super::{Outline, Outlines, Point};
use crate::model::{City, Place};
use std::collections::HashMap;

/// The golden angle: successive spiral points never line up.
const GOLDEN: f64 = 2.399_963_229_728_653;
/// How far a zone's streets spread from its centre, in degrees of latitude.
const ZONE_RADIUS: f64 = 0.02;

/// One district's derived positions.
#[derive(Debug, Clone, PartialEq)]
struct Anchor {
    code: String,
    name: String,
    label: Point,
    /// Streets by number: name and position.
    streets: Vec<(u16, String, Point)>,
}

/// Where each district, street, community and grid of a city is drawn.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    outlines: Outlines,
    anchors: Vec<Anchor>,
    grids: HashMap<String, Point>,
    /// District name → index in `anchors` (items carry the name).
    by_name: HashMap<String, usize>,
}

impl Layout {
    /// Derives every position from the outlines and the geography.
    pub fn new(outlines: &Outlines, city: &City) -> Layout {
        let mut layout = Layout {
            outlines: outlines.clone(),
            ..Layout::default()
        };
        for d in &city.districts {
            let (home, label, radius) = match (outlines.get(&d.code), d.center_e5) {
                (Some(o), _) => (o, o.centroid(), disc_radius(o)),
                (None, Some([lon, lat])) => {
                    let at = Point {
                        lon: f64::from(lon) / 1e5,
                        lat: f64::from(lat) / 1e5,
                    };
                    let Some(host) = outlines.district_at(at) else {
                        continue;
                    };
                    (host, at, ZONE_RADIUS)
                }
                _ => continue,
            };
            let n = d.streets.len().max(1);
            let street_r = radius / (n as f64).sqrt() * 0.5;
            let mut streets = Vec::with_capacity(d.streets.len());
            for (i, s) in d.streets.iter().enumerate() {
                let sp = inside(home, label, spiral(label, radius, i, n));
                streets.push((s.number, s.name.clone(), sp));
                let m = s.communities.len().max(1);
                let comm_r = street_r / (m as f64).sqrt() * 0.6;
                for (j, c) in s.communities.iter().enumerate() {
                    let cp = inside(home, sp, spiral(sp, street_r, j, m));
                    let g = usize::from(c.grids.max(1));
                    for k in 0..c.grids {
                        let gp = inside(home, cp, spiral(cp, comm_r, usize::from(k), g));
                        let id = format!("{}-{:02}-{:02}-{:02}", d.code, s.number, c.number, k + 1);
                        layout.grids.insert(id, gp);
                    }
                }
            }
            layout.by_name.insert(d.name.clone(), layout.anchors.len());
            layout.anchors.push(Anchor {
                code: d.code.clone(),
                name: d.name.clone(),
                label,
                streets,
            });
        }
        layout
    }

    pub fn outlines(&self) -> &Outlines {
        &self.outlines
    }

    /// Every district with a position: code, name and label point.
    pub fn districts(&self) -> impl Iterator<Item = (&str, &str, Point)> {
        self.anchors
            .iter()
            .map(|a| (a.code.as_str(), a.name.as_str(), a.label))
    }

    /// The streets of district `code`, with their positions.
    pub fn streets(&self, code: &str) -> &[(u16, String, Point)] {
        self.anchors
            .iter()
            .find(|a| a.code == code)
            .map_or(&[], |a| a.streets.as_slice())
    }

    /// Every grid's position, by grid id.
    pub fn grids(&self) -> &HashMap<String, Point> {
        &self.grids
    }

    /// A district's index in [`Layout::districts`] from its name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// A district's code from its name, as items carry it.
    pub fn code_of(&self, name: &str) -> Option<&str> {
        self.by_name.get(name).map(|&i| self.anchors[i].code.as_str())
    }

    /// Where an item is: its own coordinates when it has them, else its
    /// grid's position, else its street's, else its district's label.
    pub fn place(&self, place: &Place) -> Option<Point> {
        if let (Some(lat), Some(lon)) = (place.lat, place.lon) {
            return Some(Point { lon, lat });
        }
        if let Some(p) = place.grid.as_ref().and_then(|g| self.grids.get(g)) {
            return Some(*p);
        }
        let anchor = &self.anchors[*self.by_name.get(place.district.as_deref()?)?];
        place
            .street
            .as_ref()
            .and_then(|s| anchor.streets.iter().find(|(_, name, _)| name == s))
            .map(|(_, _, p)| *p)
            .or(Some(anchor.label))
    }

    /// The corners (south-west, north-east) of all outlines.
    pub fn bounds(&self) -> Option<(Point, Point)> {
        let mut points = self
            .outlines
            .districts()
            .iter()
            .flat_map(|d| &d.polygons)
            .flat_map(|p| p.rings.first())
            .flatten();
        let first = *points.next()?;
        Some(points.fold((first, first), |(lo, hi), p| {
            (
                Point {
                    lon: lo.lon.min(p.lon),
                    lat: lo.lat.min(p.lat),
                },
                Point {
                    lon: hi.lon.max(p.lon),
                    lat: hi.lat.max(p.lat),
                },
            )
        }))
    }
}

/// A disc about the size of the district's largest polygon, a little
/// smaller so most spiral points land inside without being pulled.
fn disc_radius(o: &Outline) -> f64 {
    let lat = o.centroid().lat.to_radians().cos();
    let area = o.polygons.iter().map(|p| p.area()).fold(0.0, f64::max) * lat;
    (area / std::f64::consts::PI).sqrt() * 0.7
}

/// Point `i` of `n` on a sunflower spiral of radius `r` (degrees of
/// latitude) around `c`: evenly spread, the first nearest the centre.
fn spiral(c: Point, r: f64, i: usize, n: usize) -> Point {
    let rho = r * ((i as f64 + 0.5) / n as f64).sqrt();
    let theta = i as f64 * GOLDEN;
    Point {
        lon: c.lon + rho * theta.cos() / c.lat.to_radians().cos(),
        lat: c.lat + rho * theta.sin(),
    }
}

/// `p` if it lies in the district, else the first point on the way back to
/// `parent` that does (the parent itself lies inside).
fn inside(o: &Outline, parent: Point, p: Point) -> Point {
    for t in [1.0, 0.8, 0.6, 0.4, 0.2] {
        let q = Point {
            lon: parent.lon + (p.lon - parent.lon) * t,
            lat: parent.lat + (p.lat - parent.lat) * t,
        };
        if o.contains(q) {
            return q;
        }
    }
    parent
}

/// Degrees to terminal cells: equirectangular around `center`, with a
/// cell twice as tall as it is wide, so a district keeps its shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub center: Point,
    /// Degrees of longitude per column.
    pub per_col: f64,
    pub cols: u16,
    pub rows: u16,
}

impl Projection {
    /// The projection that shows all of `sw`–`ne` in `cols` × `rows`.
    pub fn fit(sw: Point, ne: Point, cols: u16, rows: u16) -> Projection {
        let center = Point {
            lon: (sw.lon + ne.lon) / 2.0,
            lat: (sw.lat + ne.lat) / 2.0,
        };
        let k = 2.0 * center.lat.to_radians().cos();
        let per_col = ((ne.lon - sw.lon) / f64::from(cols.max(1)))
            .max((ne.lat - sw.lat) / k / f64::from(rows.max(1)))
            .max(1e-6);
        Projection {
            center,
            // A little margin so the outermost outline is not on the border.
            per_col: per_col * 1.04,
            cols,
            rows,
        }
    }

    /// Degrees of latitude per row.
    pub fn per_row(&self) -> f64 {
        self.per_col * 2.0 * self.center.lat.to_radians().cos()
    }

    /// Fractional column and row of `p` (0,0 the top-left corner).
    pub fn xy(&self, p: Point) -> (f64, f64) {
        (
            (p.lon - self.center.lon) / self.per_col + f64::from(self.cols) / 2.0,
            f64::from(self.rows) / 2.0 - (p.lat - self.center.lat) / self.per_row(),
        )
    }

    /// The cell `p` falls in, if it is on screen.
    pub fn cell(&self, p: Point) -> Option<(u16, u16)> {
        self.cell_of()(p)
    }

    /// [`Projection::cell`] for many points: the cosine worked out once
    /// (a frame of the map projects every open item).
    pub fn cell_of(&self) -> impl Fn(Point) -> Option<(u16, u16)> + use<> {
        let (lon0, lat0) = (self.center.lon, self.center.lat);
        let (per_col, per_row) = (self.per_col, self.per_row());
        let (w, h) = (f64::from(self.cols), f64::from(self.rows));
        move |p| {
            let x = (p.lon - lon0) / per_col + w / 2.0;
            let y = h / 2.0 - (p.lat - lat0) / per_row;
            let on = x >= 0.0 && y >= 0.0 && x < w && y < h;
            // In range, checked just above.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            on.then_some((x as u16, y as u16))
        }
    }

    /// The middle of cell (`col`, `row`).
    pub fn point(&self, col: u16, row: u16) -> Point {
        Point {
            lon: self.center.lon + (f64::from(col) + 0.5 - f64::from(self.cols) / 2.0) * self.per_col,
            lat: self.center.lat - (f64::from(row) + 0.5 - f64::from(self.rows) / 2.0) * self.per_row(),
        }
    }

    /// Longitude and latitude spans on screen, as a canvas's bounds.
    pub fn bounds(&self) -> ([f64; 2], [f64; 2]) {
        let (w, h) = (
            f64::from(self.cols) / 2.0 * self.per_col,
            f64::from(self.rows) / 2.0 * self.per_row(),
        );
        (
            [self.center.lon - w, self.center.lon + w],
            [self.center.lat - h, self.center.lat + h],
        )
    }
}

#[cfg(test)]
mod tests;
