//! The district outlines file (`geo/districts.geojson`): GeoJSON features
//! with `properties.code` naming a district of the geography. Loaded like
//! the other city files (built in, or from `--city DIR`) and checked so a
//! broken outline is an error naming the feature, not a map that lies:
//! rings closed, points inside the city's bounding box, every district with
//! an outline (functional zones excepted: they lie inside districts).

use super::{DataError, Source};
use crate::model::geo::{Outline, Outlines, Point, Polygon};
use crate::model::{City, DistrictKind};
use serde::Deserialize;
use std::collections::HashSet;

pub const OUTLINES: &str = "geo/districts.geojson";
pub(super) const EMBEDDED_OUTLINES: &str = include_str!("../../data/geo/districts.geojson");

#[derive(Deserialize)]
struct RawCollection {
    #[serde(rename = "type")]
    kind: String,
    features: Vec<RawFeature>,
}

#[derive(Deserialize)]
struct RawFeature {
    properties: RawProperties,
    geometry: RawGeometry,
}

#[derive(Deserialize)]
struct RawProperties {
    code: serde_json::Value,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum RawGeometry {
    Polygon(Vec<Vec<Vec<f64>>>),
    MultiPolygon(Vec<Vec<Vec<Vec<f64>>>>),
}

/// Parses and checks the outlines against the city (district codes and
/// names) and its bounding box, when the geography gives one.
pub fn outlines(src: &Source, city: &City, bbox: Option<[f64; 4]>) -> Result<Outlines, DataError> {
    let raw: RawCollection = serde_json::from_str(&src.text).map_err(|e| DataError::Invalid {
        file: src.file.clone(),
        line: e.line(),
        message: e.to_string(),
    })?;
    if raw.kind != "FeatureCollection" {
        return Err(src.error(0..0, format!("type is {:?}, not \"FeatureCollection\"", raw.kind)));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(raw.features.len());
    for (i, f) in raw.features.into_iter().enumerate() {
        let code = match &f.properties.code {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            other => return Err(src.error(0..0, format!("feature {i}: code {other} is not a district code"))),
        };
        let at = feature_span(src, &code);
        let Some(district) = city.districts.iter().find(|d| d.code == code) else {
            return Err(src.error(
                at,
                format!("feature {i}: no district with code {code} in the geography"),
            ));
        };
        if let Some(name) = &f.properties.name
            && *name != district.name
        {
            return Err(src.error(
                at,
                format!(
                    "feature {i}: code {code} is {} in the geography, not {name}",
                    district.name
                ),
            ));
        }
        if !seen.insert(code.clone()) {
            return Err(src.error(at, format!("feature {i}: a second outline for district {code}")));
        }
        let polygons = match f.geometry {
            RawGeometry::Polygon(p) => vec![p],
            RawGeometry::MultiPolygon(ps) => ps,
        };
        let polygons = polygons
            .into_iter()
            .map(|rings| polygon(rings, bbox))
            .collect::<Result<Vec<_>, String>>()
            .map_err(|m| src.error(at.clone(), format!("district {code}: {m}")))?;
        if polygons.is_empty() {
            return Err(src.error(at, format!("district {code}: no polygon")));
        }
        out.push(Outline {
            code,
            name: district.name.clone(),
            polygons,
        });
    }
    let missing: Vec<_> = city
        .districts
        .iter()
        .filter(|d| d.kind != DistrictKind::Zone && !seen.contains(&d.code))
        .map(|d| format!("{} {}", d.code, d.name))
        .collect();
    if !missing.is_empty() {
        return Err(src.error(0..0, format!("no outline for {}", missing.join(", "))));
    }
    let outlines = Outlines::new(out);
    // A zone is drawn around its centre, inside the district holding it.
    for d in &city.districts {
        if let Some([lon, lat]) = d.center_e5 {
            let at = Point {
                lon: f64::from(lon) / 1e5,
                lat: f64::from(lat) / 1e5,
            };
            if outlines.district_at(at).is_none() {
                return Err(src.error(
                    0..0,
                    format!(
                        "{} {}: its center [{}, {}] lies in no district's outline",
                        d.code, d.name, at.lon, at.lat
                    ),
                ));
            }
        }
    }
    Ok(outlines)
}

/// Where a feature's code first appears, for the error's line number.
fn feature_span(src: &Source, code: &str) -> std::ops::Range<usize> {
    let at = src.text.find(&format!("\"{code}\"")).unwrap_or(0);
    at..at
}

fn polygon(rings: Vec<Vec<Vec<f64>>>, bbox: Option<[f64; 4]>) -> Result<Polygon, String> {
    if rings.is_empty() {
        return Err("a polygon without rings".into());
    }
    let rings = rings
        .into_iter()
        .map(|ring| {
            let points = ring
                .iter()
                .map(|xy| match xy.as_slice() {
                    [lon, lat, ..] if lon.is_finite() && lat.is_finite() => {
                        Ok(Point { lon: *lon, lat: *lat })
                    }
                    _ => Err(format!("{xy:?} is not a [longitude, latitude] pair")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            if points.len() < 4 {
                return Err(format!("a ring of {} points (at least 4 needed)", points.len()));
            }
            if points.first() != points.last() {
                return Err(format!("a ring starting at {:?} is not closed", points[0]));
            }
            if let Some([x0, y0, x1, y1]) = bbox
                && let Some(p) = points
                    .iter()
                    .find(|p| p.lon < x0 || p.lon > x1 || p.lat < y0 || p.lat > y1)
            {
                return Err(format!(
                    "point [{}, {}] lies outside the city's bounding box {:?}",
                    p.lon,
                    p.lat,
                    [x0, y0, x1, y1]
                ));
            }
            Ok(points)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon { rings })
}

#[cfg(test)]
mod tests;
