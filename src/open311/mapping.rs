//! Which of our categories another system's `service_code` becomes when
//! its requests are imported. A TOML file:
//!
//! ```toml
//! # Requests whose code is not listed become this category.
//! default = "H12"
//!
//! [codes]      # foreign service_code (as text, leading zeros kept) = our category
//! "001" = "H05"
//! "SR-HEAT" = "H01"
//!
//! [names]      # optional: by foreign service_name, case-insensitive, when no code matched
//! "Noise complaint" = "H05"
//! ```
//!
//! Every category named must exist in the city's taxonomy; the file is
//! refused otherwise, before anything is imported.

use super::Open311Error;
use crate::model::City;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub default: String,
    #[serde(default)]
    pub codes: BTreeMap<String, String>,
    #[serde(default)]
    pub names: BTreeMap<String, String>,
}

/// Where a foreign request lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped<'m> {
    pub category: &'m str,
    /// False when the default was used: the import lists these codes.
    pub matched: bool,
}

impl Mapping {
    /// A mapping that sends everything to `default`.
    pub fn only_default(default: &str) -> Mapping {
        Mapping {
            default: default.to_owned(),
            codes: BTreeMap::new(),
            names: BTreeMap::new(),
        }
    }

    /// Reads a mapping file and checks it against the city.
    pub fn parse(text: &str, city: &City) -> Result<Mapping, Open311Error> {
        let mapping: Mapping = toml::from_str(text).map_err(|e| Open311Error::Mapping(e.to_string()))?;
        let unknown: Vec<&str> = std::iter::once(&mapping.default)
            .chain(mapping.codes.values())
            .chain(mapping.names.values())
            .filter(|code| city.category(code).is_none())
            .map(String::as_str)
            .collect();
        if let Some(first) = unknown.first() {
            return Err(Open311Error::Mapping(format!(
                "category {first:?} is not in the taxonomy ({} unknown in all)",
                unknown.len()
            )));
        }
        Ok(mapping)
    }

    /// The category for a foreign code (exact, then trimmed) or, failing
    /// that, for its service name; else the default.
    pub fn map(&self, code: Option<&str>, name: Option<&str>) -> Mapped<'_> {
        let by_code = code.and_then(|c| self.codes.get(c).or_else(|| self.codes.get(c.trim())));
        let by_name = || {
            let name = name?.trim();
            self.names
                .iter()
                .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
                .map(|(_, c)| c)
        };
        match by_code.or_else(by_name) {
            Some(category) => Mapped {
                category,
                matched: true,
            },
            None => Mapped {
                category: &self.default,
                matched: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> Mapping {
        Mapping {
            default: "H12".into(),
            codes: [("006".to_owned(), "H05".to_owned())].into(),
            names: [("Noise complaint".to_owned(), "H05".to_owned())].into(),
        }
    }

    #[test]
    fn codes_match_as_text_so_leading_zeros_matter() {
        let m = mapping();
        assert_eq!(
            m.map(Some("006"), None),
            Mapped {
                category: "H05",
                matched: true
            }
        );
        assert_eq!(
            m.map(Some("6"), None),
            Mapped {
                category: "H12",
                matched: false
            }
        );
    }

    #[test]
    fn a_name_matches_when_no_code_does() {
        let m = mapping();
        assert_eq!(m.map(Some("X"), Some(" noise COMPLAINT ")).category, "H05");
        assert!(!m.map(None, Some("other")).matched);
    }
}
