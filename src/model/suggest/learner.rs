//! What the event log teaches: a naive Bayes model over the character
//! grams of closed items' descriptions, labelled with the category each
//! item had when it closed (after any re-categorisation). It learns from
//! closed items only, because only then is the category settled; an item
//! that closes again (reopened, re-categorised) replaces what it taught.
//!
//! Naive Bayes because it learns in one pass, updates one item at a time,
//! answers in microseconds and can say why: the grams that weigh most for a
//! category are its reasons ("learned: 暖气 (34 closed items)").

use super::text::{Gram, gram_text, grams, is_pair, normalise};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// A stable 64-bit hash (SipHash with fixed keys: the same in every run).
fn hash(s: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Smoothing for grams a category has never seen.
const ALPHA: f64 = 0.5;
/// Items after which the learner is trusted half as much as the keywords.
pub const HALF_TRUST: f64 = 200.0;

/// One category as the learner sees a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    pub category: String,
    /// Posterior probability, 0..=1, over the categories that share a
    /// gram with the text.
    pub probability: f64,
    /// The grams of the text that speak most for it, with how many closed
    /// items of the category contain each.
    pub evidence: Vec<(String, u32)>,
}

/// See the module docs.
#[derive(Debug, Clone, Default)]
pub struct Learner {
    codes: Vec<String>,
    index: HashMap<String, u16>,
    /// Closed items per category.
    docs: Vec<u32>,
    /// Grams counted per category (each item counts a gram once).
    totals: Vec<u64>,
    /// Per gram: (category, items containing it), sparse.
    counts: HashMap<Gram, Vec<(u16, u32)>>,
    /// What each item taught, by a hash of its id: its category and a
    /// hash of its text, so a second close of the same item replaces
    /// rather than adds. Hashes rather than the texts keep this at a few
    /// dozen bytes per item (a million closed items are tens of MB).
    seen: HashMap<u64, (u16, u64)>,
}

impl Learner {
    /// How many closed items it has learned from.
    pub fn items(&self) -> usize {
        self.seen.len()
    }

    /// How much the combined score trusts it: 0 with no items, ½ at
    /// [`HALF_TRUST`] items, towards 1 beyond.
    pub fn trust(&self) -> f64 {
        let n = self.items() as f64;
        n / (n + HALF_TRUST)
    }

    /// Learns that item `id`, described by `text`, closed as `category`.
    /// The same item closing again with another category moves what it
    /// taught there. (A description is fixed once an item is created; were
    /// it to change, the old text's counts would stay, as its text is not
    /// kept.)
    pub fn observe(&mut self, id: &str, text: &str, category: &str) {
        let text = normalise(text);
        let cat = self.category_index(category);
        let (key, text_hash) = (hash(id), hash(&text));
        if let Some(&(old_cat, old_hash)) = self.seen.get(&key) {
            if old_cat == cat && old_hash == text_hash {
                return;
            }
            if old_hash == text_hash {
                self.count(old_cat, &text, -1);
            }
        }
        self.count(cat, &text, 1);
        self.seen.insert(key, (cat, text_hash));
    }

    fn category_index(&mut self, code: &str) -> u16 {
        if let Some(i) = self.index.get(code) {
            return *i;
        }
        let i = u16::try_from(self.codes.len()).unwrap_or(u16::MAX);
        self.codes.push(code.to_owned());
        self.index.insert(code.to_owned(), i);
        self.docs.push(0);
        self.totals.push(0);
        i
    }

    fn count(&mut self, cat: u16, text: &str, delta: i64) {
        let c = usize::from(cat);
        let grams = grams(text);
        let add = |n: u32| u32::try_from((i64::from(n) + delta).max(0)).unwrap_or(u32::MAX);
        if let Some(d) = self.docs.get_mut(c) {
            *d = add(*d);
        }
        if let Some(t) = self.totals.get_mut(c) {
            *t = u64::try_from((*t as i64 + delta * grams.len() as i64).max(0)).unwrap_or(0);
        }
        for g in grams {
            let row = self.counts.entry(g).or_default();
            match row.iter_mut().find(|(k, _)| *k == cat) {
                Some((_, n)) => *n = add(*n),
                None if delta > 0 => row.push((cat, 1)),
                None => {}
            }
        }
    }

    /// The categories for `normalised` text, most probable first (ties by
    /// code), the first `explain` of them with up to `evidence` grams each;
    /// empty when it has learned nothing or knows none of its grams.
    pub fn guess(&self, normalised: &str, evidence: usize, explain: usize) -> Vec<Guess> {
        let total: u64 = self.docs.iter().map(|d| u64::from(*d)).sum();
        let text: Vec<Gram> = grams(normalised)
            .into_iter()
            .filter(|g| self.counts.contains_key(g))
            .collect();
        if total == 0 || text.is_empty() {
            return Vec::new();
        }
        let vocab = self.counts.len() as f64;
        let mut ll: Vec<f64> = (0..self.codes.len())
            .map(|c| {
                let docs = f64::from(self.docs[c]);
                let denom = self.totals[c] as f64 + ALPHA * vocab;
                (docs / total as f64).ln() + text.len() as f64 * (ALPHA / denom).ln()
            })
            .collect();
        // Categories that share a gram with the text.
        let mut shared = vec![false; self.codes.len()];
        for g in &text {
            for (c, n) in self.counts.get(g).into_iter().flatten() {
                if let Some(l) = ll.get_mut(usize::from(*c)) {
                    *l += ((f64::from(*n) + ALPHA) / ALPHA).ln();
                }
                if let Some(s) = shared.get_mut(usize::from(*c)) {
                    *s |= *n > 0;
                }
            }
        }
        let best = ll
            .iter()
            .zip(&shared)
            .filter(|(_, s)| **s)
            .map(|(l, _)| *l)
            .fold(f64::NEG_INFINITY, f64::max);
        let weights: Vec<f64> = ll
            .iter()
            .zip(&self.docs)
            .map(|(l, d)| if *d > 0 { (l - best).exp() } else { 0.0 })
            .collect();
        // Only categories that share a gram with the text take part: the
        // rest would be there by smoothing alone, with nothing to explain.
        let mut out: Vec<Guess> = weights
            .iter()
            .enumerate()
            .filter(|(c, w)| **w > 0.0 && shared.get(*c) == Some(&true))
            .map(|(c, w)| Guess {
                category: self.codes[c].clone(),
                probability: *w,
                evidence: Vec::new(),
            })
            .collect();
        let sum: f64 = out.iter().map(|g| g.probability).sum();
        out.iter_mut().for_each(|g| g.probability /= sum);
        out.sort_by(|a, b| {
            b.probability
                .total_cmp(&a.probability)
                .then_with(|| a.category.cmp(&b.category))
        });
        for g in out.iter_mut().take(explain) {
            if let Some(c) = self.index.get(&g.category) {
                g.evidence = self.evidence(usize::from(*c), &text, evidence);
            }
        }
        out
    }

    /// The grams of the text most typical of category `c`: those most of
    /// whose items are of `c` before the rest (so a common character does
    /// not explain anything while a telling one exists), pairs before single
    /// characters, then by how many of its items hold them.
    fn evidence(&self, c: usize, text: &[Gram], n: usize) -> Vec<(String, u32)> {
        let mut scored: Vec<(bool, bool, u32, u64, Gram)> = text
            .iter()
            .filter_map(|g| {
                let row = self.counts.get(g)?;
                let here = row.iter().find(|(k, _)| usize::from(*k) == c)?.1;
                let all: u32 = row.iter().map(|(_, n)| *n).sum();
                // Share of this gram's items that are of the category, per mille.
                let share = u64::from(here) * 1000 / u64::from(all.max(1));
                (here > 0).then_some((share >= 500, is_pair(*g), here, share, *g))
            })
            .collect();
        scored.sort_by(|a, b| {
            (b.0, b.1, b.2, b.3)
                .cmp(&(a.0, a.1, a.2, a.3))
                .then(a.4.cmp(&b.4))
        });
        scored
            .into_iter()
            .take(n)
            .map(|(_, _, here, _, g)| (gram_text(g), here))
            .collect()
    }
}
