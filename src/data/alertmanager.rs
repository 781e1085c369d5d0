//! The Alertmanager mapping file (`alertmanager.toml`): labels to category,
//! place and priority ([`AlertMap`]). Read with spans and checked against
//! the city, so a typo is an error naming the file and line when the
//! server starts, not alerts quietly filed under a category no department
//! knows. The format is in the shipped file and docs/intake.md.

use super::{DataError, Source};
use crate::model::{AlertMap, AlertRule, City, LabelNames, Place, Priority};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};
use toml::Spanned;

pub const ALERTMANAGER: &str = "alertmanager.toml";
const EMBEDDED: &str = include_str!("../../data/alertmanager.toml");

/// Longest category name, as the CAP mapping allows.
const MAX_CATEGORY: usize = 64;

type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    default: Text,
    fallback_priority: Option<Text>,
    labels: Option<RawLabels>,
    #[serde(default)]
    priority: BTreeMap<String, Text>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabels {
    category: Option<Text>,
    priority: Option<Text>,
    district: Option<Text>,
    street: Option<Text>,
    grid: Option<Text>,
    address: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    #[serde(rename = "match")]
    when: Spanned<BTreeMap<String, Text>>,
    category: Text,
    priority: Option<Text>,
    district: Option<Text>,
    street: Option<Text>,
    grid: Option<Text>,
    address: Option<Text>,
}

/// The built-in mapping, checked against `city`.
pub fn embedded(city: &City) -> Result<AlertMap, DataError> {
    from_source(&super::embedded_source(ALERTMANAGER, EMBEDDED), city)
}

static DEFAULT: LazyLock<Result<Arc<AlertMap>, DataError>> =
    LazyLock::new(|| embedded(&super::default_city()).map(Arc::new));

/// The built-in mapping, parsed once per process. Like
/// [`super::default_city`], a built-in file that does not load is a broken
/// build (a test loads it), so this panics.
pub fn default_map() -> Arc<AlertMap> {
    match &*DEFAULT {
        Ok(m) => Arc::clone(m),
        Err(e) => panic!("the built-in Alertmanager mapping is invalid: {e}"),
    }
}

/// `alertmanager.toml` from `dir` when it has one, else the built-in file.
pub fn load(dir: Option<&Path>, city: &City) -> Result<AlertMap, DataError> {
    let src = match dir {
        Some(dir) => super::read_source(dir, ALERTMANAGER, EMBEDDED)?,
        None => super::embedded_source(ALERTMANAGER, EMBEDDED),
    };
    from_source(&src, city)
}

/// Parses and checks one mapping file.
pub fn from_source(src: &Source, city: &City) -> Result<AlertMap, DataError> {
    let raw: RawFile = src.parse()?;
    let mut map = AlertMap {
        default_category: category(src, &raw.default, city)?,
        labels: labels(src, raw.labels)?,
        priorities: BTreeMap::new(),
        fallback_priority: Priority::P3,
        rules: Vec::with_capacity(raw.rule.len()),
    };
    if let Some(p) = &raw.fallback_priority {
        map.fallback_priority = super::policy::priority(src, p)?;
    }
    for (value, p) in &raw.priority {
        map.priorities
            .insert(value.trim().to_lowercase(), super::policy::priority(src, p)?);
    }
    for r in raw.rule {
        let r = r.into_inner();
        let span = r.when.span();
        let rule = rule(src, r, city, span.clone())?;
        if map.rules.iter().any(|earlier| earlier.when == rule.when) {
            return Err(src.error(
                span,
                "a rule before this one matches the same labels: this one never applies",
            ));
        }
        map.rules.push(rule);
    }
    Ok(map)
}

fn rule(src: &Source, r: RawRule, city: &City, span: std::ops::Range<usize>) -> Result<AlertRule, DataError> {
    if r.when.get_ref().is_empty() {
        return Err(src.error(span, "a rule's match needs at least one label"));
    }
    let text = |t: Option<Text>| t.map(Spanned::into_inner).filter(|v| !v.trim().is_empty());
    // A fixed place the city does not have would make every alert the
    // rule maps a 422: refused here, at start, instead.
    if let Some(d) = r
        .district
        .as_ref()
        .filter(|d| city.district(d.get_ref().trim()).is_none())
    {
        return Err(src.error(
            d.span(),
            format!("{:?} is not a district of {}", d.get_ref(), city.name),
        ));
    }
    if let Some(g) = r
        .grid
        .as_ref()
        .filter(|g| city.grid(g.get_ref().trim()).is_none())
    {
        return Err(src.error(
            g.span(),
            format!(
                "{:?} is not a grid of {} (grids read like 210702-08-03-07)",
                g.get_ref(),
                city.name
            ),
        ));
    }
    Ok(AlertRule {
        category: category(src, &r.category, city)?,
        priority: r
            .priority
            .as_ref()
            .map(|p| super::policy::priority(src, p))
            .transpose()?,
        when: r
            .when
            .into_inner()
            .into_iter()
            .map(|(k, v)| (k, v.into_inner()))
            .collect(),
        place: Place {
            district: text(r.district),
            street: text(r.street),
            grid: text(r.grid),
            address: text(r.address),
            ..Place::default()
        },
    })
}

fn labels(src: &Source, raw: Option<RawLabels>) -> Result<LabelNames, DataError> {
    let d = LabelNames::default();
    let Some(raw) = raw else { return Ok(d) };
    let name = |t: Option<Text>, default: String| -> Result<String, DataError> {
        match t {
            None => Ok(default),
            Some(t) if t.get_ref().trim().is_empty() => {
                Err(src.error(t.span(), "a label name cannot be empty"))
            }
            Some(t) => Ok(t.into_inner().trim().to_owned()),
        }
    };
    Ok(LabelNames {
        category: name(raw.category, d.category)?,
        priority: name(raw.priority, d.priority)?,
        district: name(raw.district, d.district)?,
        street: name(raw.street, d.street)?,
        grid: name(raw.grid, d.grid)?,
        address: name(raw.address, d.address)?,
    })
}

/// A taxonomy code the city knows, or a free name; a code-shaped name the
/// taxonomy lacks is a typo, refused.
fn category(src: &Source, text: &Text, city: &City) -> Result<String, DataError> {
    let v = text.get_ref().trim();
    if v.is_empty() || v.chars().count() > MAX_CATEGORY {
        return Err(src.error(
            text.span(),
            format!("category {v:?} must be 1 to {MAX_CATEGORY} characters"),
        ));
    }
    if looks_like_code(v) && city.category(v).is_none() {
        return Err(src.error(
            text.span(),
            format!("unknown category {v:?} (not in taxonomy.toml); a free name makes alerts routed by hand"),
        ));
    }
    Ok(v.to_owned())
}

/// A letter and digits, like the taxonomy's `C14`.
fn looks_like_code(v: &str) -> bool {
    let mut chars = v.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && v.len() >= 2 && chars.all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<AlertMap, DataError> {
        let src = Source {
            file: "am.toml".into(),
            text: text.into(),
        };
        from_source(&src, &super::super::default_city())
    }

    fn line_of(e: DataError) -> usize {
        match e {
            DataError::Invalid { line, .. } => line,
            other => panic!("not an Invalid: {other}"),
        }
    }

    #[test]
    fn the_shipped_file_loads_and_maps_its_sensors() {
        let map = default_map();
        assert_eq!(map.default_category, "传感器告警");
        let labels: BTreeMap<String, String> = [("alertname", "GasLeak"), ("severity", "info")]
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let got = map.map(&labels);
        assert_eq!((got.category.as_str(), got.priority), ("G06", Priority::P1));
    }

    #[test]
    fn an_unknown_code_names_its_line() {
        let e = check("default = \"x\"\n\n[[rule]]\nmatch = { alertname = \"A\" }\ncategory = \"C99\"\n")
            .expect_err("C99 is not in the taxonomy");
        assert!(e.to_string().starts_with("am.toml:5:"), "{e}");
        assert!(e.to_string().contains("C99"), "{e}");
    }

    #[test]
    fn a_bad_priority_and_an_unknown_key_name_their_lines() {
        let e = check("default = \"x\"\n[priority]\ncritical = \"P9\"\n").expect_err("P9");
        assert_eq!(line_of(e), 3);
        let e =
            check("default = \"x\"\n[[rule]]\nmatch = { a = \"b\" }\ncategory = \"x\"\ncolour = \"red\"\n")
                .expect_err("unknown key");
        assert!(e.to_string().contains("colour"), "{e}");
    }

    #[test]
    fn a_rule_shadowed_by_an_earlier_one_is_refused() {
        let text = "default = \"x\"\n[[rule]]\nmatch = { a = \"b\" }\ncategory = \"x\"\n\n[[rule]]\nmatch = { a = \"b\" }\ncategory = \"y\"\n";
        let e = check(text).expect_err("shadowed");
        assert_eq!(line_of(e), 7);
    }

    #[test]
    fn a_rules_fixed_grid_must_be_the_citys() {
        let rule = "default = \"x\"\n[[rule]]\nmatch = { a = \"b\" }\ncategory = \"x\"\ngrid = \"G-7\"\n";
        assert_eq!(line_of(check(rule).expect_err("not a grid")), 5);
        assert!(check(&rule.replace("G-7", "210702-08-03-07")).is_ok());
    }

    #[test]
    fn an_empty_match_and_an_empty_default_are_refused() {
        assert!(check("default = \"x\"\n[[rule]]\nmatch = {}\ncategory = \"x\"\n").is_err());
        assert!(check("default = \" \"\n").is_err());
    }
}
