//! Departments and categories: parsed, then checked against each other
//! (every category routes to a department that exists).

use super::raw::{DepartmentsFile, RawCategory, TaxonomyFile};
use super::{DataError, Source};
use crate::model::{Category, Department};
use std::collections::{HashMap, HashSet};
use time::Duration;

pub fn departments(src: &Source) -> Result<Vec<Department>, DataError> {
    let file: DepartmentsFile = src.parse()?;
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    let mut out = Vec::with_capacity(file.department.len());
    for d in file.department {
        let d = d.into_inner();
        if !is_code(d.code.get_ref()) {
            return Err(src.error(
                d.code.span(),
                format!(
                    "department code {:?} must be lowercase letters, digits and '_'",
                    d.code.get_ref()
                ),
            ));
        }
        if !codes.insert(d.code.get_ref().clone()) {
            return Err(src.error(
                d.code.span(),
                format!("duplicate department code {:?}", d.code.get_ref()),
            ));
        }
        for field in [&d.name, &d.gloss] {
            if field.get_ref().trim().is_empty() {
                return Err(src.error(field.span(), "name and gloss must not be empty"));
            }
        }
        if !names.insert(d.name.get_ref().clone()) {
            return Err(src.error(
                d.name.span(),
                format!("duplicate department name {:?}", d.name.get_ref()),
            ));
        }
        out.push(Department {
            code: d.code.into_inner(),
            name: d.name.into_inner(),
            gloss: d.gloss.into_inner(),
        });
    }
    if out.is_empty() {
        return Err(src.error(0..0, "no [[department]] entries"));
    }
    Ok(out)
}

fn is_code(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A category code: one capital letter and two digits (`C01`).
fn is_category_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 3 && b[0].is_ascii_uppercase() && b[1].is_ascii_digit() && b[2].is_ascii_digit()
}

pub fn categories(src: &Source, departments: &[Department]) -> Result<Vec<Category>, DataError> {
    let file: TaxonomyFile = src.parse()?;
    let known = |code: &str| departments.iter().any(|d| d.code == code);
    let mut codes = HashSet::new();
    let mut keywords = HashMap::new();
    let mut out = Vec::with_capacity(file.category.len());
    for c in file.category {
        let c = c.into_inner();
        let code = c.code.get_ref();
        if !is_category_code(code) {
            return Err(src.error(
                c.code.span(),
                format!("category code {code:?} must be a capital letter and two digits, like C01"),
            ));
        }
        if !codes.insert(code.clone()) {
            return Err(src.error(c.code.span(), format!("duplicate category code {code:?}")));
        }
        if c.name.get_ref().trim().is_empty() {
            return Err(src.error(c.name.span(), "category name must not be empty"));
        }
        for dept in std::iter::once(&c.department).chain(&c.also) {
            if !known(dept.get_ref()) {
                return Err(src.error(
                    dept.span(),
                    format!(
                        "category {code} routes to unknown department {:?} (not in departments.toml)",
                        dept.get_ref()
                    ),
                ));
            }
        }
        check_keywords(src, code, &c.keywords, &mut keywords)?;
        out.push(category(src, c)?);
    }
    if out.is_empty() {
        return Err(src.error(0..0, "no [[category]] entries"));
    }
    Ok(out)
}

fn category(src: &Source, c: RawCategory) -> Result<Category, DataError> {
    let limit = parse_limit(c.limit.get_ref()).ok_or_else(|| {
        src.error(
            c.limit.span(),
            format!(
                "limit {:?} must be a positive number with m, h or d, like 30m, 4h or 2d",
                c.limit.get_ref()
            ),
        )
    })?;
    Ok(Category {
        code: c.code.into_inner(),
        group: c.group,
        group_gloss: c.group_gloss,
        name: c.name.into_inner(),
        gloss: c.gloss,
        kind: c.kind,
        priority: c.priority,
        department: c.department.into_inner(),
        also: c.also.into_iter().map(toml::Spanned::into_inner).collect(),
        emergency: c.emergency,
        limit,
        sensor: c.sensor,
        direct_answer: c.direct_answer,
        keywords: c.keywords.into_iter().map(toml::Spanned::into_inner).collect(),
    })
}

/// A category's keywords: each non-empty, made of letters or digits (a
/// keyword with punctuation or spaces in it could never match, since the
/// engine reads those as breaks), and listed once in the whole taxonomy
/// (`seen` maps each keyword to the category that has it), because a
/// keyword two categories share tells the engine nothing.
fn check_keywords(
    src: &Source,
    code: &str,
    list: &[toml::Spanned<String>],
    seen: &mut HashMap<String, String>,
) -> Result<(), DataError> {
    for k in list {
        let word = k.get_ref();
        if word.trim().is_empty() {
            return Err(src.error(k.span(), format!("category {code} has an empty keyword")));
        }
        if !word.chars().all(char::is_alphanumeric) {
            return Err(src.error(
                k.span(),
                format!("keyword {word:?} of {code} holds spaces or punctuation and could never match"),
            ));
        }
        if let Some(other) = seen.insert(word.clone(), code.to_owned()) {
            let whose = if other == code {
                format!("twice in {code}")
            } else {
                format!("in both {other} and {code}")
            };
            return Err(src.error(k.span(), format!("duplicate keyword {word:?}: listed {whose}")));
        }
    }
    Ok(())
}

/// `30m`, `4h`, `2d` (a working day counts as 24 h until calendars exist).
pub fn parse_limit(s: &str) -> Option<Duration> {
    let s = s.trim();
    let unit = s.chars().last()?;
    let n: i64 = s.get(..s.len() - unit.len_utf8())?.parse().ok()?;
    if n <= 0 {
        return None;
    }
    match unit {
        'm' => Some(Duration::minutes(n)),
        'h' => Some(Duration::hours(n)),
        'd' => Some(Duration::days(n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_minutes_hours_and_days() {
        assert_eq!(parse_limit("30m"), Some(Duration::minutes(30)));
        assert_eq!(parse_limit("4h"), Some(Duration::hours(4)));
        assert_eq!(parse_limit("2d"), Some(Duration::days(2)));
        for bad in ["", "h", "0h", "-1d", "3w", "1.5h", "四h"] {
            assert_eq!(parse_limit(bad), None, "{bad}");
        }
    }

    fn load_taxonomy(text: &str) -> Result<Vec<Category>, DataError> {
        let depts = Source {
            file: "d".into(),
            text: include_str!("../../data/departments.toml").into(),
        };
        let src = Source {
            file: "t".into(),
            text: text.into(),
        };
        categories(&src, &departments(&depts)?)
    }

    #[test]
    fn the_shipped_keywords_load_and_every_category_has_some() {
        let cats = load_taxonomy(include_str!("../../data/taxonomy.toml")).expect("valid");
        for c in &cats {
            assert!(!c.keywords.is_empty(), "{} has no keywords", c.code);
        }
    }

    #[test]
    fn empty_duplicate_and_unmatchable_keywords_are_refused() {
        let one = |code: &str, keywords: &str| {
            format!(
                "[[category]]\ncode = \"{code}\"\ngroup = \"g\"\ngroup_gloss = \"g\"\nname = \"n{code}\"\n\
                 gloss = \"g\"\nkind = \"ticket\"\npriority = \"P3\"\ndepartment = \"water\"\n\
                 limit = \"1d\"\nkeywords = [{keywords}]\n"
            )
        };
        let cases = [
            (one("H01", "\"\""), "empty keyword"),
            (one("H01", "\"暖气\", \"暖气\""), "listed twice in H01"),
            (
                format!("{}{}", one("H01", "\"暖气\""), one("H02", "\"暖气\"")),
                "in both H01 and H02",
            ),
            (one("H01", "\"暖 气\""), "could never match"),
        ];
        for (text, want) in cases {
            let err = load_taxonomy(&text).expect_err(want).to_string();
            assert!(err.contains(want), "{err} should say {want}");
        }
        assert!(load_taxonomy(&one("H01", "\"暖气\", \"不热\"")).is_ok());
    }
}
