//! Suggestions for a call-taker while a description is typed: the likely
//! categories, each with the words that led to it, and the knowledge
//! entries that may answer the call. Pure and deterministic: the same
//! data, learned items and text give the same ranking, with no network.
//!
//! Two sources are combined by one rule, a weighted vote whose scores sum
//! to 1 over the categories:
//!
//! ```text
//! score(c) = (K(c) + w · L(c)) / (k + w)
//! K(c)  share of the matched keyword characters that belong to c
//!       (keywords kept per category in data/taxonomy.toml); k = 1 when
//!       any keyword matched, else 0
//! L(c)  the learner's probability of c (naive Bayes over the character
//!       grams of closed items' descriptions, see learner.rs)
//! w     trust in the learner: n / (n + 200) after n closed items
//! ```
//!
//! So the city's keywords decide until the log has taught something, the
//! log carries more weight as it grows, and a description no keyword knows
//! still gets the learner's opinion. Place completion ([`PlaceIndex`]) is
//! separate: the form asks it for the place field.

mod keywords;
mod knowledge;
mod learner;
mod places;
mod text;

pub use keywords::{Hit, KeywordIndex};
pub use knowledge::{KnowledgeEntry, KnowledgeMatch};
pub use learner::{Guess, HALF_TRUST, Learner};
pub use places::{Level, Matched, PlaceHit, PlaceIndex, pinyin_of};
pub use text::normalise;

use crate::model::{City, Item, Status};
use std::collections::BTreeMap;
use std::fmt;
use time::Date;

/// Why a category was suggested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// One of the category's keywords is in the text.
    Keyword(String),
    /// Characters of the text that `items` closed items of the category held.
    Learned { text: String, items: u32 },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Keyword(k) => write!(f, "keyword: {k}"),
            Reason::Learned { text, items } => write!(f, "learned: {text} ({items} closed items)"),
        }
    }
}

/// One suggested category.
#[derive(Debug, Clone, PartialEq)]
pub struct CategorySuggestion {
    pub code: String,
    pub name: String,
    /// 0..=1; the scores of all categories sum to 1.
    pub score: f64,
    pub reasons: Vec<Reason>,
}

/// Everything suggested for one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestions<'a> {
    pub categories: Vec<CategorySuggestion>,
    pub knowledge: Vec<KnowledgeMatch<'a>>,
    /// How many closed items the learner had seen.
    pub learned_items: usize,
}

/// How many of each to return.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub categories: usize,
    pub knowledge: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            categories: 3,
            knowledge: 3,
        }
    }
}

/// The city's keywords and knowledge base, and what the log taught.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    /// (code, name) in the taxonomy's order.
    categories: Vec<(String, String)>,
    keywords: KeywordIndex,
    knowledge: Vec<KnowledgeEntry>,
    knowledge_index: KeywordIndex,
    learner: Learner,
}

impl Engine {
    pub fn new(city: &City, knowledge: Vec<KnowledgeEntry>) -> Self {
        Engine {
            categories: city
                .categories
                .iter()
                .map(|c| (c.code.clone(), c.name.clone()))
                .collect(),
            keywords: KeywordIndex::new(city.categories.iter().map(|c| &c.keywords)),
            knowledge_index: KeywordIndex::new(knowledge.iter().map(|k| &k.keywords)),
            knowledge,
            learner: Learner::default(),
        }
    }

    pub fn learner(&self) -> &Learner {
        &self.learner
    }

    /// Learns from `item` if it is closed: its description (or title, when
    /// it has none) and the category it closed with. Anything else is
    /// ignored, so every committed item may be handed here.
    pub fn learn(&mut self, item: &Item) {
        if item.status != Status::Closed {
            return;
        }
        let text = if item.description.trim().is_empty() {
            &item.title
        } else {
            &item.description
        };
        self.learner.observe(&item.id.to_string(), text, &item.category);
    }

    /// Learns one (description, category) pair under `id`, for training
    /// runs and tests that have no items.
    pub fn learn_text(&mut self, id: &str, text: &str, category: &str) {
        self.learner.observe(id, text, category);
    }

    /// The suggestions for `text` on `day` (knowledge entries out of their
    /// validity are left out).
    pub fn suggest(&self, text: &str, day: Date, limits: Limits) -> Suggestions<'_> {
        let normalised = normalise(text);
        let categories = self.categories(&normalised, limits.categories);
        let likely: Vec<&str> = categories.iter().map(|c| c.code.as_str()).collect();
        let mut knowledge =
            knowledge::matches(&self.knowledge, &self.knowledge_index, &normalised, &likely, day);
        knowledge.truncate(limits.knowledge);
        Suggestions {
            categories,
            knowledge,
            learned_items: self.learner.items(),
        }
    }

    fn categories(&self, normalised: &str, limit: usize) -> Vec<CategorySuggestion> {
        let mut votes: BTreeMap<&str, (f64, Vec<Reason>)> = BTreeMap::new();
        let hits = self.keywords.find(normalised);
        let matched: usize = hits.iter().map(|h| h.chars).sum();
        for h in &hits {
            if let Some((code, _)) = self.categories.get(h.target) {
                let v = votes.entry(code).or_default();
                v.0 += h.chars as f64 / matched as f64;
                v.1.push(Reason::Keyword(h.keyword.clone()));
            }
        }
        let w = self.learner.trust();
        // Reasons for the learner's first few: enough for any that can reach
        // the top `limit` once the keywords are added.
        let guesses = self.learner.guess(normalised, 2, limit + 5);
        for g in &guesses {
            let Some((code, _)) = self.categories.iter().find(|(c, _)| *c == g.category) else {
                continue; // a category the taxonomy no longer has
            };
            let v = votes.entry(code).or_default();
            v.0 += w * g.probability;
            v.1.extend(g.evidence.iter().map(|(text, items)| Reason::Learned {
                text: text.clone(),
                items: *items,
            }));
        }
        let k = if matched > 0 { 1.0 } else { 0.0 };
        let total = k + if guesses.is_empty() { 0.0 } else { w };
        if total == 0.0 {
            return Vec::new();
        }
        let mut out: Vec<CategorySuggestion> = votes
            .into_iter()
            .filter(|(_, (score, _))| *score > 0.0)
            .filter_map(|(code, (score, reasons))| {
                let name = &self.categories.iter().find(|(c, _)| c == code)?.1;
                Some(CategorySuggestion {
                    code: code.to_owned(),
                    name: name.clone(),
                    score: score / total,
                    reasons,
                })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.code.cmp(&b.code)));
        out.truncate(limit);
        out
    }
}

#[cfg(test)]
mod tests;
