//! District outlines and the plane geometry that maps a reported point or
//! area to districts: an alert's CAP `polygon` or `circle`, a request's
//! `lat`/`long`. Pure and small on purpose: a district has a few hundred
//! points, so straightforward O(n) tests are fast enough and easy to trust.
//!
//! Coordinates are degrees, longitude first as in GeoJSON. Distances for
//! circles use an equirectangular projection at the circle's latitude,
//! which is exact enough at the scale of a city (tens of kilometres).

/// A position in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lon: f64,
    pub lat: f64,
}

/// One polygon: an outer ring and any holes, each closed (first point
/// repeated last).
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    pub rings: Vec<Vec<Point>>,
}

/// One district's outline: possibly several polygons (exclaves, islands).
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// GB/T 2260 code, the district's code in the city data.
    pub code: String,
    pub name: String,
    pub polygons: Vec<Polygon>,
}

/// A city's district outlines, ordered by code so that lookups that could
/// match two districts (a point on a shared border) always answer the same.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outlines {
    districts: Vec<Outline>,
}

/// A circle on the ground: a CAP `circle`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    pub center: Point,
    pub radius_km: f64,
}

/// A CAP area value that could not be read, with why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error("{0}")]
    Malformed(String),
}

const KM_PER_DEGREE: f64 = 111.195;

impl Outlines {
    pub fn new(mut districts: Vec<Outline>) -> Self {
        districts.sort_by(|a, b| a.code.cmp(&b.code));
        Outlines { districts }
    }

    pub fn districts(&self) -> &[Outline] {
        &self.districts
    }

    pub fn get(&self, code: &str) -> Option<&Outline> {
        self.districts.iter().find(|d| d.code == code)
    }

    /// The district a point lies in (a point on a border counts as inside);
    /// where outlines overlap, the lowest code.
    pub fn district_at(&self, p: Point) -> Option<&Outline> {
        self.districts.iter().find(|d| d.contains(p))
    }

    /// Every district a polygon overlaps, the one holding the polygon's
    /// centroid first (then by code), so the first is the best single place
    /// for the area.
    pub fn overlapping_polygon(&self, area: &Polygon) -> Vec<&Outline> {
        let home = self.district_at(area.area_centroid().1).map(|d| d.code.clone());
        let mut hits: Vec<&Outline> = self
            .districts
            .iter()
            .filter(|d| d.overlaps_polygon(area))
            .collect();
        hits.sort_by_key(|d| (Some(&d.code) != home.as_ref(), d.code.clone()));
        hits
    }

    /// Every district a circle overlaps, the one holding its centre first.
    pub fn overlapping_circle(&self, c: &Circle) -> Vec<&Outline> {
        let home = self.district_at(c.center).map(|d| d.code.clone());
        let mut hits: Vec<&Outline> = self.districts.iter().filter(|d| d.overlaps_circle(c)).collect();
        hits.sort_by_key(|d| (Some(&d.code) != home.as_ref(), d.code.clone()));
        hits
    }
}

impl Polygon {
    /// Inside the outer ring and outside every hole; the boundary is inside.
    pub fn contains(&self, p: Point) -> bool {
        let Some((outer, holes)) = self.rings.split_first() else {
            return false;
        };
        if on_ring(outer, p) {
            return true;
        }
        crossings(outer, p) && !holes.iter().any(|h| crossings(h, p) && !on_ring(h, p))
    }

    /// The outer ring's area in square degrees (unprojected).
    pub fn area(&self) -> f64 {
        self.area_centroid().0.abs()
    }

    /// The outer ring's area centroid (its first point when degenerate).
    pub fn centroid(&self) -> Point {
        self.area_centroid().1
    }

    fn edges(&self) -> impl Iterator<Item = (Point, Point)> + '_ {
        self.rings.iter().flat_map(|r| r.windows(2).map(|w| (w[0], w[1])))
    }

    /// Signed area (shoelace) and centroid of the outer ring.
    fn area_centroid(&self) -> (f64, Point) {
        let ring = self.rings.first().map(Vec::as_slice).unwrap_or(&[]);
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for w in ring.windows(2) {
            let cross = w[0].lon * w[1].lat - w[1].lon * w[0].lat;
            a += cross;
            cx += (w[0].lon + w[1].lon) * cross;
            cy += (w[0].lat + w[1].lat) * cross;
        }
        if a.abs() < f64::EPSILON {
            let first = ring.first().copied().unwrap_or(Point { lon: 0.0, lat: 0.0 });
            return (0.0, first);
        }
        (
            a / 2.0,
            Point {
                lon: cx / (3.0 * a),
                lat: cy / (3.0 * a),
            },
        )
    }
}

impl Outline {
    pub fn contains(&self, p: Point) -> bool {
        self.polygons.iter().any(|poly| poly.contains(p))
    }

    /// A point to label the district with, always inside it: the area
    /// centroid of its largest polygon when that lies inside (most
    /// districts), else the middle of the widest inside stretch of the
    /// horizontal line through it (a concave or crescent outline).
    pub fn centroid(&self) -> Point {
        let Some(main) = self
            .polygons
            .iter()
            .max_by(|a, b| a.area_centroid().0.abs().total_cmp(&b.area_centroid().0.abs()))
        else {
            return Point { lon: 0.0, lat: 0.0 };
        };
        let (_, c) = main.area_centroid();
        if main.contains(c) {
            return c;
        }
        widest_stretch(main, c.lat).unwrap_or(c)
    }

    /// Whether any part of the area lies in the district: an edge crosses,
    /// or one holds a vertex of the other.
    pub fn overlaps_polygon(&self, area: &Polygon) -> bool {
        let vertex_in = |poly: &Polygon, other: &Polygon| {
            other
                .rings
                .first()
                .is_some_and(|r| r.iter().any(|p| poly.contains(*p)))
        };
        self.polygons.iter().any(|d| {
            vertex_in(d, area)
                || vertex_in(area, d)
                || d.edges()
                    .any(|(a, b)| area.edges().any(|(c, e)| segments_cross(a, b, c, e)))
        })
    }

    /// Whether the circle reaches the district: its centre is inside, or
    /// an edge passes within the radius.
    pub fn overlaps_circle(&self, c: &Circle) -> bool {
        self.contains(c.center)
            || self
                .polygons
                .iter()
                .flat_map(Polygon::edges)
                .any(|(a, b)| distance_km(c.center, a, b) <= c.radius_km)
    }
}

/// Even-odd rule: does a ray to the east cross the ring an odd number of times?
fn crossings(ring: &[Point], p: Point) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.lat > p.lat) != (b.lat > p.lat) {
            let x = a.lon + (p.lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon);
            if p.lon < x {
                inside = !inside;
            }
        }
    }
    inside
}

fn on_ring(ring: &[Point], p: Point) -> bool {
    ring.windows(2).any(|w| on_segment(w[0], w[1], p))
}

fn on_segment(a: Point, b: Point, p: Point) -> bool {
    const EPS: f64 = 1e-12;
    let cross = (b.lon - a.lon) * (p.lat - a.lat) - (b.lat - a.lat) * (p.lon - a.lon);
    cross.abs() <= EPS
        && p.lon >= a.lon.min(b.lon) - EPS
        && p.lon <= a.lon.max(b.lon) + EPS
        && p.lat >= a.lat.min(b.lat) - EPS
        && p.lat <= a.lat.max(b.lat) + EPS
}

fn orient(a: Point, b: Point, c: Point) -> f64 {
    (b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon)
}

fn segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool {
    let (d1, d2) = (orient(c, d, a), orient(c, d, b));
    let (d3, d4) = (orient(a, b, c), orient(a, b, d));
    ((d1 > 0.0) != (d2 > 0.0) && (d3 > 0.0) != (d4 > 0.0))
        || on_segment(c, d, a)
        || on_segment(c, d, b)
        || on_segment(a, b, c)
        || on_segment(a, b, d)
}

/// Distance in km from `p` to the segment `a`–`b`, projected around `p`.
fn distance_km(p: Point, a: Point, b: Point) -> f64 {
    let k = p.lat.to_radians().cos();
    let xy = |q: Point| {
        (
            (q.lon - p.lon) * k * KM_PER_DEGREE,
            (q.lat - p.lat) * KM_PER_DEGREE,
        )
    };
    let ((ax, ay), (bx, by)) = (xy(a), xy(b));
    let (dx, dy) = (bx - ax, by - ay);
    let len = dx * dx + dy * dy;
    let t = if len == 0.0 {
        0.0
    } else {
        (-(ax * dx + ay * dy) / len).clamp(0.0, 1.0)
    };
    let (x, y) = (ax + t * dx, ay + t * dy);
    (x * x + y * y).sqrt()
}

/// The midpoint of the widest stretch of latitude `lat` inside `poly`.
fn widest_stretch(poly: &Polygon, lat: f64) -> Option<Point> {
    let mut xs: Vec<f64> = poly
        .edges()
        .filter(|(a, b)| (a.lat > lat) != (b.lat > lat))
        .map(|(a, b)| a.lon + (lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.chunks_exact(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .map(|w| Point {
            lon: (w[0] + w[1]) / 2.0,
            lat,
        })
}

/// Reads a CAP `polygon`: space-separated `lat,lon` pairs, at least four,
/// closed. An unclosed ring is closed rather than refused: feeds in the
/// wild drop the repeated point, and the intent is not in doubt.
pub fn parse_cap_polygon(text: &str) -> Result<Polygon, ShapeError> {
    let mut ring = text
        .split_whitespace()
        .map(parse_pair)
        .collect::<Result<Vec<_>, _>>()?;
    if ring.first() != ring.last()
        && let Some(first) = ring.first().copied()
    {
        ring.push(first);
    }
    if ring.len() < 4 {
        return Err(ShapeError::Malformed(format!(
            "a polygon needs at least 4 \"lat,lon\" pairs (3 corners and the first again), found {}",
            text.split_whitespace().count()
        )));
    }
    Ok(Polygon { rings: vec![ring] })
}

/// Reads a CAP `circle`: `lat,lon radius` with the radius in kilometres.
pub fn parse_cap_circle(text: &str) -> Result<Circle, ShapeError> {
    let mut parts = text.split_whitespace();
    let (Some(center), Some(radius), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ShapeError::Malformed(format!(
            "a circle is \"lat,lon radius_km\", found {text:?}"
        )));
    };
    let center = parse_pair(center)?;
    let radius_km: f64 = radius
        .parse()
        .ok()
        .filter(|r: &f64| r.is_finite() && *r >= 0.0)
        .ok_or_else(|| ShapeError::Malformed(format!("radius {radius:?} is not a number of km ≥ 0")))?;
    Ok(Circle { center, radius_km })
}

fn parse_pair(pair: &str) -> Result<Point, ShapeError> {
    let bad = || ShapeError::Malformed(format!("{pair:?} is not a \"lat,lon\" pair in degrees"));
    let (lat, lon) = pair.split_once(',').ok_or_else(bad)?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    if !(lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon))
    {
        return Err(ShapeError::Malformed(format!(
            "{pair:?} is out of range (latitude -90..90, longitude -180..180)"
        )));
    }
    Ok(Point { lon, lat })
}

mod layout;
pub use layout::{Layout, Projection};

#[cfg(test)]
mod tests;
