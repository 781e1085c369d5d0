//! The knowledge base of standard answers (直接答复): entries a call-taker
//! reads out to answer a caller in the call, matched against the
//! description by their keywords, and offered only while valid.

use super::keywords::KeywordIndex;
use time::Date;

/// One standard answer, as `data/knowledge.toml` writes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct KnowledgeEntry {
    /// `KB001` …: what an answered ticket records.
    pub id: String,
    /// The question as a caller would put it.
    pub question: String,
    pub keywords: Vec<String>,
    /// Category codes the entry answers.
    pub categories: Vec<String>,
    pub answer: String,
    /// Where the facts come from; `example: …` when they are made up.
    pub source: String,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    /// The facts are an illustration, not sourced: the agent must not read
    /// them out as they are.
    pub example: bool,
}

impl KnowledgeEntry {
    /// Whether the entry may be offered on `day` (both ends included).
    pub fn valid_on(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= day) && self.valid_until.is_none_or(|until| day <= until)
    }
}

/// One entry matched against a description.
#[derive(Debug, Clone, PartialEq)]
pub struct KnowledgeMatch<'a> {
    pub entry: &'a KnowledgeEntry,
    pub score: f64,
    /// `keyword: 供暖期`, `category: H01`.
    pub reasons: Vec<String>,
}

/// How much a match on one of the top suggested categories adds.
const CATEGORY_BONUS: f64 = 0.25;

/// The entries valid on `day` whose keywords the `normalised` text holds,
/// best first (ties by id). An entry about one of `likely` categories (the
/// top suggestions) scores higher; keywords alone decide whether it shows.
pub fn matches<'a>(
    entries: &'a [KnowledgeEntry],
    index: &KeywordIndex,
    normalised: &str,
    likely: &[&str],
    day: Date,
) -> Vec<KnowledgeMatch<'a>> {
    let hits = index.find(normalised);
    let mut out: Vec<KnowledgeMatch<'a>> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let mine: Vec<_> = hits.iter().filter(|h| h.target == i).collect();
        if !entry.valid_on(day) {
            continue;
        }
        if mine.is_empty() {
            // A short search (the knowledge view's `/ 供暖`) finds entries
            // whose keywords or question hold it, not only the reverse.
            if let Some(found) = searched(entry, normalised) {
                out.push(found);
            }
            continue;
        }
        let chars: usize = mine.iter().map(|h| h.chars).sum();
        let mut score = chars as f64 / (chars as f64 + 3.0);
        let mut reasons: Vec<String> = mine.iter().map(|h| format!("keyword: {}", h.keyword)).collect();
        if let Some(c) = likely.iter().find(|c| entry.categories.iter().any(|e| e == *c)) {
            score += CATEGORY_BONUS;
            reasons.push(format!("category: {c}"));
        }
        out.push(KnowledgeMatch {
            entry,
            score: score.min(1.0),
            reasons,
        });
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.entry.id.cmp(&b.entry.id))
    });
    out
}

/// Longest text read as a search term rather than a description.
const SEARCH_CHARS: usize = 8;

/// `entry` when the short `term` stands inside one of its keywords or its
/// question.
fn searched<'a>(entry: &'a KnowledgeEntry, term: &str) -> Option<KnowledgeMatch<'a>> {
    let term = term.trim();
    let n = term.chars().count();
    if !(2..=SEARCH_CHARS).contains(&n) {
        return None;
    }
    let hit = entry.keywords.iter().any(|k| k.contains(term)) || entry.question.contains(term);
    hit.then(|| KnowledgeMatch {
        entry,
        score: 0.3,
        reasons: vec![format!("search: {term}")],
    })
}
