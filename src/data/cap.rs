//! The CAP mapping file (`cap.toml`): CAP event codes, event words and CAP
//! categories to our categories. The shipped `data/cap.toml` is built in;
//! a `cap.toml` in the `--city DIR` directory replaces it, like the other
//! city files. A broken file is an error naming the file and line, so a
//! typo stops the server rather than filing every alert under the default.

use super::{DataError, Source};
use crate::model::City;
use crate::model::ingest::{CapMapping, CodeRule, EventRule};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

pub const CAP: &str = "cap.toml";
const EMBEDDED_MAPPING: &str = include_str!("../../data/cap.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    default: Spanned<String>,
    #[serde(default)]
    event_code: Vec<RawCode>,
    #[serde(default)]
    event: Vec<RawEvent>,
    #[serde(default)]
    category: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    name: Spanned<String>,
    value: Spanned<String>,
    category: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    contains: Spanned<String>,
    category: Spanned<String>,
}

/// The CAP categories a `[category]` key may name (CAP 1.2 §3.2.2).
const CAP_CATEGORIES: &[&str] = &[
    "Geo",
    "Met",
    "Safety",
    "Security",
    "Rescue",
    "Fire",
    "Health",
    "Env",
    "Transport",
    "Infra",
    "CBRNE",
    "Other",
];

/// The built-in mapping, checked against `city`.
pub fn embedded(city: &City) -> Result<CapMapping, DataError> {
    from_source(&super::embedded_source(CAP, EMBEDDED_MAPPING), city)
}

static DEFAULT: std::sync::LazyLock<Result<std::sync::Arc<CapMapping>, DataError>> =
    std::sync::LazyLock::new(|| embedded(&super::default_city()).map(std::sync::Arc::new));

/// The built-in mapping, parsed once per process. Like
/// [`super::default_city`], a built-in file that does not load is a broken
/// build (a test loads it), so this panics.
pub fn default_mapping() -> std::sync::Arc<CapMapping> {
    match &*DEFAULT {
        Ok(m) => std::sync::Arc::clone(m),
        Err(e) => panic!("the built-in CAP mapping is invalid: {e}"),
    }
}

/// `cap.toml` from `dir` when it has one, else the built-in file.
pub fn load(dir: Option<&Path>, city: &City) -> Result<CapMapping, DataError> {
    let Some(dir) = dir else {
        return embedded(city);
    };
    from_source(&super::read_source(dir, CAP, EMBEDDED_MAPPING)?, city)
}

/// Parses and checks one mapping file: every category is 1 to 64
/// characters, and one written like a taxonomy code (`C99`: a capital
/// letter and digits) must be in the taxonomy — a free name (`气象预警`) is
/// any other text.
pub fn from_source(src: &Source, city: &City) -> Result<CapMapping, DataError> {
    let raw: RawMapping = src.parse()?;
    let category = |s: &Spanned<String>| check_category(src, s, city);
    let nonempty = |s: &Spanned<String>, what: &str| {
        if s.get_ref().trim().is_empty() {
            Err(src.error(s.span(), format!("{what} is empty")))
        } else {
            Ok(s.get_ref().clone())
        }
    };
    let mut event_code = Vec::with_capacity(raw.event_code.len());
    for r in &raw.event_code {
        event_code.push(CodeRule {
            name: nonempty(&r.name, "name")?,
            value: nonempty(&r.value, "value")?,
            category: category(&r.category)?,
        });
    }
    let mut event = Vec::with_capacity(raw.event.len());
    for r in &raw.event {
        event.push(EventRule {
            contains: nonempty(&r.contains, "contains")?,
            category: category(&r.category)?,
        });
    }
    let mut categories = BTreeMap::new();
    for (key, value) in &raw.category {
        if !CAP_CATEGORIES.contains(&key.as_str()) {
            return Err(src.error(
                value.span(),
                format!(
                    "[category] {key:?} is not a CAP category (one of {})",
                    CAP_CATEGORIES.join(", ")
                ),
            ));
        }
        categories.insert(key.clone(), category(value)?);
    }
    Ok(CapMapping {
        default: category(&raw.default)?,
        event_code,
        event,
        category: categories,
    })
}

fn check_category(src: &Source, value: &Spanned<String>, city: &City) -> Result<String, DataError> {
    let text = value.get_ref().trim();
    let n = text.chars().count();
    if n == 0 || n > 64 {
        return Err(src.error(
            value.span(),
            format!("category {text:?} must be 1 to 64 characters"),
        ));
    }
    if looks_like_code(text) && city.category(text).is_none() {
        return Err(src.error(
            value.span(),
            format!(
                "category {text:?} is not in the taxonomy (a free category name must not look like a code)"
            ),
        ));
    }
    Ok(text.to_owned())
}

/// `C25`, `G06`: a capital ASCII letter then only digits.
fn looks_like_code(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && text.len() > 1
        && chars.all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            file: "city/cap.toml".into(),
            text: text.into(),
        }
    }

    fn city() -> std::sync::Arc<City> {
        crate::data::default_city()
    }

    #[test]
    fn the_built_in_mapping_loads() {
        let checked = embedded(&city()).expect("built-in mapping");
        assert_eq!(checked.default, "预警信息");
        assert_eq!(checked.category["Fire"], "C25");
    }

    #[test]
    fn an_unknown_taxonomy_code_names_its_line() {
        let text = "default = \"预警信息\"\n\n[[event]]\ncontains = \"fire\"\ncategory = \"C99\"\n";
        let err = from_source(&source(text), &city()).expect_err("C99");
        assert_eq!(
            err.to_string(),
            "city/cap.toml:5: category \"C99\" is not in the taxonomy (a free category name must not look like a code)"
        );
    }

    #[test]
    fn syntax_unknown_keys_and_bad_cap_categories_name_their_line() {
        let cases = [
            ("default = \"x\"\n[[event]]\ncontains = \"a\"\ncategory = \n", 4),
            (
                "default = \"x\"\n[[event]]\ncontain = \"a\"\ncategory = \"x\"\n",
                3,
            ),
            ("default = \"x\"\n[category]\nWeather = \"x\"\n", 3),
            ("default = \"\"\n", 1),
        ];
        for (text, line) in cases {
            let err = from_source(&source(text), &city()).expect_err(text);
            assert!(
                err.to_string().starts_with(&format!("city/cap.toml:{line}: ")),
                "{text:?}: {err}"
            );
        }
    }
}
