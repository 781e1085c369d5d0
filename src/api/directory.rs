//! The city parts of `GET /v1/directory`: its districts and streets, its
//! category taxonomy and how many grids and grid workers it has, so a
//! console can offer pickers and show names without its own data files.

use crate::model::{City, Kind, Priority};
use serde::{Deserialize, Serialize};

/// The city the server is configured for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CityInfo {
    pub code: String,
    pub name: String,
    pub gloss: String,
    pub districts: u64,
    pub streets: u64,
    pub grids: u64,
    pub grid_workers: u64,
}

/// A county-level unit and its streets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DistrictInfo {
    pub code: String,
    pub name: String,
    pub gloss: String,
    pub urban: bool,
    pub grids: u64,
    pub streets: Vec<StreetInfo>,
}

/// A street or town: its number is the second part of its grids' ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StreetInfo {
    pub number: u16,
    pub name: String,
    pub gloss: String,
    pub communities: u64,
    pub grids: u64,
    /// The communities' names by number (1 first), so a client can name a
    /// `community:<district>-<street>-<community>` dispatch target.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub community_names: Vec<String>,
}

/// One category of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CategoryInfo {
    pub code: String,
    pub group: String,
    pub name: String,
    pub gloss: String,
    pub kind: Kind,
    pub priority: Priority,
    pub department: String,
}

impl CityInfo {
    pub fn of(city: &City) -> Self {
        CityInfo {
            code: city.code.clone(),
            name: city.name.clone(),
            gloss: city.gloss.clone(),
            districts: city.districts.len() as u64,
            streets: city.street_count() as u64,
            grids: city.grid_count(),
            grid_workers: city.worker_count(),
        }
    }
}

/// The districts of `city`, streets included.
pub fn districts_of(city: &City) -> Vec<DistrictInfo> {
    city.districts
        .iter()
        .map(|d| DistrictInfo {
            code: d.code.clone(),
            name: d.name.clone(),
            gloss: d.gloss.clone(),
            urban: d.urban,
            grids: d.grid_count(),
            streets: d
                .streets
                .iter()
                .map(|s| StreetInfo {
                    number: s.number,
                    name: s.name.clone(),
                    gloss: s.gloss.clone(),
                    communities: s.communities.len() as u64,
                    grids: s.grid_count(),
                    community_names: community_names(&s.communities),
                })
                .collect(),
        })
        .collect()
}

/// The taxonomy of `city`.
pub fn categories_of(city: &City) -> Vec<CategoryInfo> {
    city.categories
        .iter()
        .map(|c| CategoryInfo {
            code: c.code.clone(),
            group: c.group.clone(),
            name: c.name.clone(),
            gloss: c.gloss.clone(),
            kind: c.kind,
            priority: c.priority,
            department: c.department.clone(),
        })
        .collect()
}

/// Names indexed by number − 1; a gap in the numbering stays empty.
fn community_names(communities: &[crate::model::Community]) -> Vec<String> {
    let len = communities
        .iter()
        .map(|c| usize::from(c.number))
        .max()
        .unwrap_or(0);
    let mut names = vec![String::new(); len];
    for c in communities {
        if let Some(slot) = usize::from(c.number)
            .checked_sub(1)
            .and_then(|i| names.get_mut(i))
        {
            *slot = c.name.clone();
        }
    }
    names
}

/// What a console draws the city's map from (`GET /v1/city/map`): the
/// server's own city files as text, parsed by the console with the same
/// checks as the server's (`citydesk check` documents the formats).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CityMap {
    /// `departments.toml`.
    pub departments: String,
    /// `taxonomy.toml`.
    pub taxonomy: String,
    /// `geography.toml`: districts, streets, communities, grids.
    pub geography: String,
    /// `geo/districts.geojson`: the district outlines.
    pub outlines: String,
}

/// Hours of reports the heat view counts unless told otherwise.
pub const HEAT_HOURS: u32 = 6;
/// The most hours `GET /v1/city/reports` looks back (a week).
pub const MAX_REPORT_HOURS: u32 = 168;

/// `GET /v1/city/reports?hours=N`: N from 1 to 168, 6 when left out.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams,
)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportsQuery {
    #[param(minimum = 1, maximum = 168)]
    pub hours: Option<u32>,
}

/// An item reported in the window and closed since, as the heat view
/// counts it: which, when and where (no address, no caller).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ClosedReport {
    #[schema(value_type = String)]
    pub id: crate::model::ItemId,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: crate::model::Timestamp,
    pub place: crate::model::Place,
}
