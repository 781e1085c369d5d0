//! The data files as written: serde shapes that mirror the TOML, with
//! spans on the values that validation may complain about, so an error can
//! name the line.

use crate::model::{DistrictKind, EmergencyService, Kind, Priority};
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentsFile {
    pub department: Vec<Spanned<RawDepartment>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDepartment {
    pub code: Spanned<String>,
    pub name: Spanned<String>,
    pub gloss: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyFile {
    pub category: Vec<Spanned<RawCategory>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub code: Spanned<String>,
    pub group: String,
    pub group_gloss: String,
    pub name: Spanned<String>,
    pub gloss: String,
    pub kind: Kind,
    pub priority: Priority,
    pub department: Spanned<String>,
    #[serde(default)]
    pub also: Vec<Spanned<String>>,
    #[serde(default)]
    pub emergency: Vec<EmergencyService>,
    pub limit: Spanned<String>,
    #[serde(default)]
    pub sensor: bool,
    #[serde(default)]
    pub direct_answer: bool,
    #[serde(default)]
    pub keywords: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeographyFile {
    pub city: RawCity,
    pub grid_workers: Spanned<RawWorkers>,
    pub district: Vec<Spanned<RawDistrict>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCity {
    pub code: String,
    pub name: String,
    pub gloss: String,
    /// `[min_lon, min_lat, max_lon, max_lat]`: district outlines must lie inside.
    #[serde(default)]
    pub bbox: Option<[f64; 4]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorkers {
    #[serde(default = "one")]
    pub per_grid: u16,
    pub surnames: Vec<String>,
    pub given: Vec<String>,
}

fn one() -> u16 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistrict {
    pub code: Spanned<String>,
    pub name: Spanned<String>,
    pub gloss: String,
    pub kind: DistrictKind,
    #[serde(default)]
    pub urban: bool,
    pub weight: u32,
    /// Default communities per street.
    pub communities: u16,
    /// Default grids per street.
    pub grids: u16,
    /// `[longitude, latitude]` of a functional zone, which has no outline
    /// of its own: where the map puts its streets.
    #[serde(default)]
    pub center: Option<Spanned<[f64; 2]>>,
    pub streets: Spanned<Vec<Spanned<RawStreet>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStreet {
    pub name: String,
    pub gloss: String,
    #[serde(default)]
    pub communities: Option<u16>,
    #[serde(default)]
    pub grids: Option<u16>,
    #[serde(default)]
    pub community_names: Vec<String>,
}
