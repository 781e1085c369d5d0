//! The geography file: districts with their streets, expanded into
//! communities with grid counts. Grid numbers are two digits in grid ids,
//! so no level may hold more than 99.

use super::raw::{GeographyFile, RawDistrict, RawStreet, RawWorkers};
use super::{DataError, Source};
use crate::model::{Community, District, Street, WorkerNames};
use std::collections::HashSet;
use toml::Spanned;

/// Most streets per district, communities per street, grids per community:
/// each is two digits in a grid id.
const MAX_PER_LEVEL: u16 = 99;

pub struct Geography {
    pub code: String,
    pub name: String,
    pub gloss: String,
    pub districts: Vec<District>,
    pub workers: WorkerNames,
    /// Where the city lies, for checking its outlines.
    pub bbox: Option<[f64; 4]>,
}

pub fn geography(src: &Source) -> Result<Geography, DataError> {
    let file: GeographyFile = src.parse()?;
    let workers = workers(src, file.grid_workers)?;
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    let mut districts = Vec::with_capacity(file.district.len());
    for d in file.district {
        let d = d.into_inner();
        let code = d.code.get_ref();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(src.error(
                d.code.span(),
                format!("district code {code:?} must be six digits"),
            ));
        }
        if !codes.insert(code.clone()) {
            return Err(src.error(d.code.span(), format!("duplicate district code {code:?}")));
        }
        if !names.insert(d.name.get_ref().clone()) {
            return Err(src.error(
                d.name.span(),
                format!("duplicate district name {:?}", d.name.get_ref()),
            ));
        }
        districts.push(district(src, d)?);
    }
    if districts.is_empty() {
        return Err(src.error(0..0, "no [[district]] entries"));
    }
    if districts.iter().all(|d| d.weight == 0) {
        return Err(src.error(0..0, "every district has weight 0; at least one must be positive"));
    }
    Ok(Geography {
        code: file.city.code,
        name: file.city.name,
        gloss: file.city.gloss,
        districts,
        workers,
        bbox: file.city.bbox,
    })
}

fn workers(src: &Source, raw: Spanned<RawWorkers>) -> Result<WorkerNames, DataError> {
    let span = raw.span();
    let w = raw.into_inner();
    if w.per_grid == 0 || w.surnames.is_empty() || w.given.is_empty() {
        return Err(src.error(
            span,
            "grid_workers needs per_grid of at least 1 and non-empty surnames and given",
        ));
    }
    Ok(WorkerNames {
        per_grid: w.per_grid,
        surnames: w.surnames,
        given: w.given,
    })
}

fn district(src: &Source, d: RawDistrict) -> Result<District, DataError> {
    let streets_span = d.streets.span();
    let raw_streets = d.streets.into_inner();
    if raw_streets.is_empty() || raw_streets.len() > usize::from(MAX_PER_LEVEL) {
        return Err(src.error(
            streets_span,
            format!("a district needs 1 to {MAX_PER_LEVEL} streets"),
        ));
    }
    let center_e5 = d.center.map(|c| center(src, c)).transpose()?;
    let mut streets = Vec::with_capacity(raw_streets.len());
    for (number, s) in (1..).zip(raw_streets) {
        let s_span = s.span();
        streets.push(street(
            src,
            number,
            s.into_inner(),
            (d.communities, d.grids),
            s_span,
        )?);
    }
    Ok(District {
        code: d.code.into_inner(),
        name: d.name.into_inner(),
        gloss: d.gloss,
        kind: d.kind,
        urban: d.urban,
        weight: d.weight,
        center_e5,
        streets,
    })
}

/// A zone's `center`, in range and stored in 1e-5 degrees.
fn center(src: &Source, c: Spanned<[f64; 2]>) -> Result<[i32; 2], DataError> {
    let span = c.span();
    let [lon, lat] = c.into_inner();
    if !((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)) {
        return Err(src.error(
            span,
            format!("center [{lon}, {lat}] is not [longitude, latitude] in degrees"),
        ));
    }
    // In range, so the scaled values fit an i32 (at most 18,000,000).
    #[allow(clippy::cast_possible_truncation)]
    Ok([(lon * 1e5).round() as i32, (lat * 1e5).round() as i32])
}

/// Expands one street: `grids` spread over its communities as evenly as
/// they go, the first communities taking one more.
fn street(
    src: &Source,
    number: u16,
    s: RawStreet,
    defaults: (u16, u16),
    span: std::ops::Range<usize>,
) -> Result<Street, DataError> {
    let named = u16::try_from(s.community_names.len()).unwrap_or(u16::MAX);
    let communities = s.communities.unwrap_or(defaults.0).max(named);
    let grids = s.grids.unwrap_or(defaults.1);
    if s.name.trim().is_empty() {
        return Err(src.error(span, "a street needs a name"));
    }
    if communities == 0 || communities > MAX_PER_LEVEL {
        return Err(src.error(
            span,
            format!(
                "street {} has {communities} communities; it needs 1 to {MAX_PER_LEVEL}",
                s.name
            ),
        ));
    }
    if grids < communities || u32::from(grids) > u32::from(communities) * u32::from(MAX_PER_LEVEL) {
        return Err(src.error(
            span,
            format!(
                "street {} has {grids} grids in {communities} communities; each community needs 1 to {MAX_PER_LEVEL}",
                s.name
            ),
        ));
    }
    let town = s.name.ends_with('镇');
    let (base, extra) = (grids / communities, grids % communities);
    let list = (1..=communities)
        .map(|n| Community {
            number: n,
            name: s
                .community_names
                .get(usize::from(n - 1))
                .cloned()
                .unwrap_or_else(|| {
                    if town {
                        format!("第{n}村")
                    } else {
                        format!("第{n}社区")
                    }
                }),
            grids: base + u16::from(n <= extra),
        })
        .collect();
    Ok(Street {
        number,
        name: s.name,
        gloss: s.gloss,
        communities: list,
    })
}
