//! The city as data: loads `departments.toml`, `taxonomy.toml` and
//! `geography.toml` into a [`City`] and validates them, so a broken file is
//! an error naming the file and line rather than a city that misroutes.
//!
//! The files in the repository's `data/` directory are built into the
//! binary as the defaults (Jinzhou, from the shared research); a directory
//! given with `--city DIR` (or `CITYDESK_CITY`) replaces any of them, file
//! by file. The format is documented in `docs/city-data.md`.

pub mod alertmanager;
pub mod cap;
mod geo;
pub mod knowledge;
pub mod outlines;
pub mod policy;
mod raw;
mod taxonomy;

use crate::model::geo::Outlines;
use crate::model::{City, Policy};
use std::path::Path;
use std::sync::{Arc, LazyLock};

pub const DEPARTMENTS: &str = "departments.toml";
pub const TAXONOMY: &str = "taxonomy.toml";
pub const GEOGRAPHY: &str = "geography.toml";

const EMBEDDED_DEPARTMENTS: &str = include_str!("../../data/departments.toml");
const EMBEDDED_TAXONOMY: &str = include_str!("../../data/taxonomy.toml");
const EMBEDDED_GEOGRAPHY: &str = include_str!("../../data/geography.toml");

/// Errors of the data layer; each names the file it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataError {
    /// The file parsed wrongly or holds a value that does not fit.
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
    /// The file or directory could not be read.
    #[error("{file}: {message}")]
    Read { file: String, message: String },
}

/// One data file's text and the name errors should give it.
pub struct Source {
    pub file: String,
    pub text: String,
}

impl Source {
    /// The error for the value at byte `span` of this file.
    fn error(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> DataError {
        let end = span.start.min(self.text.len());
        let line = self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        DataError::Invalid {
            file: self.file.clone(),
            line,
            message: message.into(),
        }
    }

    /// Parses the whole file as `T`; a syntax or shape error names its line.
    fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, DataError> {
        toml::from_str(&self.text).map_err(|e| {
            let message = e.message().trim().to_owned();
            self.error(e.span().unwrap_or(0..0), message)
        })
    }
}

fn embedded_source(name: &str, text: &str) -> Source {
    Source {
        file: format!("(built-in) data/{name}"),
        text: text.to_owned(),
    }
}

/// The built-in city (Jinzhou).
pub fn embedded() -> Result<City, DataError> {
    from_sources(
        &embedded_source(DEPARTMENTS, EMBEDDED_DEPARTMENTS),
        &embedded_source(TAXONOMY, EMBEDDED_TAXONOMY),
        &embedded_source(GEOGRAPHY, EMBEDDED_GEOGRAPHY),
    )
}

static DEFAULT_CITY: LazyLock<Result<Arc<City>, DataError>> = LazyLock::new(|| embedded().map(Arc::new));

/// The built-in city, parsed once per process. The built-in files are part
/// of the binary and a test loads them, so failing here is a build that
/// should never have shipped: it panics rather than run a city without
/// departments.
pub fn default_city() -> Arc<City> {
    match &*DEFAULT_CITY {
        Ok(city) => Arc::clone(city),
        Err(e) => panic!("the built-in city data is invalid: {e}"),
    }
}

static DEFAULT_POLICY: LazyLock<Result<Policy, DataError>> =
    LazyLock::new(|| policy::from_source(&policy::embedded_source(), &default_city()));

/// The built-in policy (`data/policy.toml`) checked against the built-in
/// city, parsed once per process. Like [`default_city`], a built-in file
/// that does not load is a broken build, so this panics.
pub fn default_policy() -> Policy {
    match &*DEFAULT_POLICY {
        Ok(policy) => policy.clone(),
        Err(e) => panic!("the built-in policy is invalid: {e}"),
    }
}

static DEFAULT_OUTLINES: LazyLock<Result<Arc<Outlines>, DataError>> =
    LazyLock::new(|| load_outlines(None).map(Arc::new));

/// The built-in district outlines, checked against the built-in city and
/// parsed once per process; a broken built-in file panics like
/// [`default_city`].
pub fn default_outlines() -> Arc<Outlines> {
    match &*DEFAULT_OUTLINES {
        Ok(o) => Arc::clone(o),
        Err(e) => panic!("the built-in district outlines are invalid: {e}"),
    }
}

/// The district outlines from `dir` where it has `geo/districts.geojson`,
/// the built-in ones where not, checked against that directory's city.
pub fn load_outlines(dir: Option<&Path>) -> Result<Outlines, DataError> {
    let city = load(dir)?;
    let geography = match dir {
        Some(dir) => read_source(dir, GEOGRAPHY, EMBEDDED_GEOGRAPHY)?,
        None => embedded_source(GEOGRAPHY, EMBEDDED_GEOGRAPHY),
    };
    let bbox = geo::geography(&geography)?.bbox;
    let src = match dir {
        Some(dir) => read_source(dir, outlines::OUTLINES, outlines::EMBEDDED_OUTLINES)?,
        None => embedded_source(outlines::OUTLINES, outlines::EMBEDDED_OUTLINES),
    };
    outlines::outlines(&src, &city, bbox)
}

/// The texts a city's map is drawn from: the three city files and the
/// district outlines, as a server sends them to its consoles
/// (`GET /v1/city/map`), so a console far from the city directory draws
/// the server's city, not the built-in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapSources {
    pub departments: String,
    pub taxonomy: String,
    pub geography: String,
    pub outlines: String,
}

/// The map's sources from `dir`, file by file over the built-in ones, as
/// [`load`] and [`load_outlines`] read them (unchecked: see
/// [`MapSources::layout`]).
pub fn map_sources(dir: Option<&Path>) -> Result<MapSources, DataError> {
    let read = |name: &str, builtin: &str| match dir {
        Some(dir) => read_source(dir, name, builtin),
        None => Ok(embedded_source(name, builtin)),
    };
    Ok(MapSources {
        departments: read(DEPARTMENTS, EMBEDDED_DEPARTMENTS)?.text,
        taxonomy: read(TAXONOMY, EMBEDDED_TAXONOMY)?.text,
        geography: read(GEOGRAPHY, EMBEDDED_GEOGRAPHY)?.text,
        outlines: read(outlines::OUTLINES, outlines::EMBEDDED_OUTLINES)?.text,
    })
}

impl MapSources {
    /// The city's map positions; errors name each file under `origin`
    /// (`(server) geography.toml:12: …`).
    pub fn layout(&self, origin: &str) -> Result<crate::model::geo::Layout, DataError> {
        let source = |name: &str, text: &str| Source {
            file: format!("{origin}{name}"),
            text: text.to_owned(),
        };
        let geography = source(GEOGRAPHY, &self.geography);
        let city = from_sources(
            &source(DEPARTMENTS, &self.departments),
            &source(TAXONOMY, &self.taxonomy),
            &geography,
        )?;
        let bbox = geo::geography(&geography)?.bbox;
        let outlines = outlines::outlines(&source(outlines::OUTLINES, &self.outlines), &city, bbox)?;
        Ok(crate::model::geo::Layout::new(&outlines, &city))
    }
}

/// Checks an outlines file of one's own (`citydesk check FILE.geojson`)
/// against the built-in city.
pub fn check_outlines(file: &Path, text: &str) -> Result<Outlines, DataError> {
    let bbox = geo::geography(&embedded_source(GEOGRAPHY, EMBEDDED_GEOGRAPHY))?.bbox;
    let src = Source {
        file: file.display().to_string(),
        text: text.to_owned(),
    };
    outlines::outlines(&src, &default_city(), bbox)
}

/// `dir/name` when it exists, else the built-in text.
fn read_source(dir: &Path, name: &str, builtin: &str) -> Result<Source, DataError> {
    let path = dir.join(name);
    if !path.exists() {
        return Ok(embedded_source(name, builtin));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| DataError::Read {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(Source {
        file: path.display().to_string(),
        text,
    })
}

/// The city from `dir` where it has a file, the built-in one where not.
/// Without a directory, the built-in city.
pub fn load(dir: Option<&Path>) -> Result<City, DataError> {
    let Some(dir) = dir else {
        return embedded();
    };
    if !dir.is_dir() {
        return Err(DataError::Read {
            file: dir.display().to_string(),
            message: "not a directory".into(),
        });
    }
    let read = |name: &str, builtin: &str| read_source(dir, name, builtin);
    from_sources(
        &read(DEPARTMENTS, EMBEDDED_DEPARTMENTS)?,
        &read(TAXONOMY, EMBEDDED_TAXONOMY)?,
        &read(GEOGRAPHY, EMBEDDED_GEOGRAPHY)?,
    )
}

/// Parses and cross-checks the three files.
pub fn from_sources(departments: &Source, taxonomy: &Source, geography: &Source) -> Result<City, DataError> {
    let departments = taxonomy::departments(departments)?;
    let categories = taxonomy::categories(taxonomy, &departments)?;
    let geo = geo::geography(geography)?;
    Ok(City {
        code: geo.code,
        name: geo.name,
        gloss: geo.gloss,
        departments,
        categories,
        districts: geo.districts,
        workers: geo.workers,
    })
}
