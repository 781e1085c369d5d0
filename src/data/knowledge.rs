//! The knowledge base (`knowledge.toml`): standard answers for 直接答复,
//! parsed and checked against the city (every category it names exists),
//! so a typo in the file is an error naming the line, not an entry that
//! never shows. The format is documented in `docs/knowledge.md`.

use super::{DataError, Source};
use crate::model::City;
use crate::model::suggest::KnowledgeEntry;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;
use toml::Spanned;

pub const KNOWLEDGE: &str = "knowledge.toml";
const EMBEDDED: &str = include_str!("../../data/knowledge.toml");

/// What an entry's source must start with when its facts are made up.
pub const EXAMPLE_PREFIX: &str = "example:";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnowledgeFile {
    entry: Vec<Spanned<RawEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    question: Spanned<String>,
    keywords: Spanned<Vec<Spanned<String>>>,
    categories: Vec<Spanned<String>>,
    answer: Spanned<String>,
    source: Spanned<String>,
    valid_from: Option<Spanned<toml::value::Datetime>>,
    valid_until: Option<Spanned<toml::value::Datetime>>,
    example: Spanned<bool>,
}

/// The built-in knowledge base, checked against `city`.
pub fn embedded(city: &City) -> Result<Vec<KnowledgeEntry>, DataError> {
    from_source(&super::embedded_source(KNOWLEDGE, EMBEDDED), city)
}

static DEFAULT: std::sync::LazyLock<Result<std::sync::Arc<Vec<KnowledgeEntry>>, DataError>> =
    std::sync::LazyLock::new(|| embedded(&super::default_city()).map(std::sync::Arc::new));

/// The built-in knowledge base, parsed once per process. Like
/// [`super::default_city`], a built-in file that does not load is a broken
/// build (a test loads it), so this panics.
pub fn default_knowledge() -> std::sync::Arc<Vec<KnowledgeEntry>> {
    match &*DEFAULT {
        Ok(k) => std::sync::Arc::clone(k),
        Err(e) => panic!("the built-in knowledge base is invalid: {e}"),
    }
}

/// `knowledge.toml` from `dir` when it has one, else the built-in file.
pub fn load(dir: Option<&Path>, city: &City) -> Result<Vec<KnowledgeEntry>, DataError> {
    let path = dir.map(|d| d.join(KNOWLEDGE)).filter(|p| p.exists());
    let Some(path) = path else {
        return embedded(city);
    };
    let text = std::fs::read_to_string(&path).map_err(|e| DataError::Read {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    let file = path.display().to_string();
    from_source(&Source { file, text }, city)
}

/// Parses and checks one knowledge file.
pub fn from_source(src: &Source, city: &City) -> Result<Vec<KnowledgeEntry>, DataError> {
    let file: KnowledgeFile = src.parse()?;
    let mut ids = HashSet::new();
    let mut out = Vec::with_capacity(file.entry.len());
    for e in file.entry {
        let span = e.span();
        let e = e.into_inner();
        if !ids.insert(e.id.get_ref().clone()) {
            return Err(src.error(e.id.span(), format!("duplicate entry id {:?}", e.id.get_ref())));
        }
        out.push(entry(src, e, city, span)?);
    }
    if out.is_empty() {
        return Err(src.error(0..0, "no [[entry]] entries"));
    }
    Ok(out)
}

fn entry(
    src: &Source,
    e: RawEntry,
    city: &City,
    span: std::ops::Range<usize>,
) -> Result<KnowledgeEntry, DataError> {
    let id = e.id.get_ref().clone();
    for field in [&e.id, &e.question, &e.answer, &e.source] {
        if field.get_ref().trim().is_empty() {
            return Err(src.error(
                field.span(),
                format!("entry {id}: id, question, answer and source must not be empty"),
            ));
        }
    }
    keywords(src, &id, &e.keywords)?;
    if e.categories.is_empty() {
        return Err(src.error(span, format!("entry {id} names no category")));
    }
    for c in &e.categories {
        if !city.categories.iter().any(|k| k.code == *c.get_ref()) {
            return Err(src.error(
                c.span(),
                format!("entry {id}: unknown category {:?}", c.get_ref()),
            ));
        }
    }
    let sourced = !e.source.get_ref().trim_start().starts_with(EXAMPLE_PREFIX);
    if *e.example.get_ref() == sourced {
        return Err(src.error(
            e.example.span(),
            format!("entry {id}: example = true exactly when the source starts with {EXAMPLE_PREFIX:?}"),
        ));
    }
    let from = date(src, &id, e.valid_from.as_ref())?;
    let until = date(src, &id, e.valid_until.as_ref())?;
    if let (Some(f), Some(u)) = (from, until)
        && f > u
    {
        return Err(src.error(
            span,
            format!("entry {id}: valid_from {f} is after valid_until {u}"),
        ));
    }
    Ok(KnowledgeEntry {
        id,
        question: e.question.into_inner(),
        keywords: e
            .keywords
            .into_inner()
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        categories: e.categories.into_iter().map(Spanned::into_inner).collect(),
        answer: e.answer.into_inner(),
        source: e.source.into_inner(),
        valid_from: from,
        valid_until: until,
        example: e.example.into_inner(),
    })
}

/// Keywords: at least one, none empty or with punctuation (they could
/// never match), none twice.
fn keywords(src: &Source, id: &str, list: &Spanned<Vec<Spanned<String>>>) -> Result<(), DataError> {
    if list.get_ref().is_empty() {
        return Err(src.error(list.span(), format!("entry {id} has no keywords")));
    }
    let mut seen = HashSet::new();
    for k in list.get_ref() {
        let word = k.get_ref();
        if word.trim().is_empty() || !word.chars().all(char::is_alphanumeric) {
            return Err(src.error(
                k.span(),
                format!("entry {id}: keyword {word:?} is empty or holds spaces or punctuation"),
            ));
        }
        if !seen.insert(word) {
            return Err(src.error(k.span(), format!("entry {id}: duplicate keyword {word:?}")));
        }
    }
    Ok(())
}

/// A TOML local date (`2026-11-01`) as a calendar date.
fn date(
    src: &Source,
    id: &str,
    value: Option<&Spanned<toml::value::Datetime>>,
) -> Result<Option<time::Date>, DataError> {
    let Some(v) = value else { return Ok(None) };
    let bad = || {
        src.error(
            v.span(),
            format!("entry {id}: validity must be a plain date like 2026-11-01"),
        )
    };
    let dt = v.get_ref();
    if dt.time.is_some() {
        return Err(bad());
    }
    let d = dt.date.ok_or_else(bad)?;
    let month = time::Month::try_from(d.month).map_err(|_| bad())?;
    time::Date::from_calendar_date(i32::from(d.year), month, d.day)
        .map(Some)
        .map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<Vec<KnowledgeEntry>, DataError> {
        let src = Source {
            file: "k.toml".into(),
            text: text.into(),
        };
        from_source(&src, &crate::data::default_city())
    }

    const GOOD: &str = r#"
[[entry]]
id = "KB1"
question = "q"
keywords = ["供暖时间"]
categories = ["H01"]
answer = "a"
source = "example: made up"
valid_from = 2026-11-01
valid_until = 2027-03-31
example = true
"#;

    #[test]
    fn the_shipped_knowledge_base_loads_with_thirty_entries_or_more() {
        let entries = embedded(&crate::data::default_city()).expect("valid");
        assert!(entries.len() >= 30, "{}", entries.len());
        assert!(entries.iter().any(|e| !e.example), "some entries are sourced");
    }

    #[test]
    fn a_good_entry_loads_with_its_dates() {
        let e = check(GOOD).expect("valid");
        assert_eq!(e[0].valid_until, Some(time::macros::date!(2027 - 03 - 31)));
    }

    #[test]
    fn each_mistake_is_named_with_its_line() {
        let cases = [
            (GOOD.replace("H01", "H99"), "unknown category \"H99\"", 6),
            (
                GOOD.replace("\"供暖时间\"", "\"供暖时间\", \"供暖时间\""),
                "duplicate keyword",
                5,
            ),
            (GOOD.replace("\"供暖时间\"", "\"\""), "is empty", 5),
            (
                GOOD.replace("example = true", "example = false"),
                "example = true exactly",
                11,
            ),
            (GOOD.replace("2026-11-01", "2027-11-01"), "is after", 2),
            (format!("{GOOD}{GOOD}"), "duplicate entry id", 14),
        ];
        for (text, want, line) in cases {
            match check(&text) {
                Err(DataError::Invalid { line: l, message, .. }) => {
                    assert!(message.contains(want), "{message} should say {want}");
                    assert_eq!(l, line, "{message}");
                }
                other => panic!("{want}: {other:?}"),
            }
        }
    }
}
