//! Keyword matching: the city's own words for each category (and each
//! knowledge entry), found as substrings of the description. Substrings
//! rather than words because Chinese has no spaces; the longest match wins
//! where two overlap, so 上水井盖 is not also counted as the 井盖 inside it.

use super::text::normalise;

/// One keyword found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Which target (category or entry, by index) the keyword belongs to.
    pub target: usize,
    /// The keyword as the data file writes it.
    pub keyword: String,
    /// Its length in characters: longer keywords say more.
    pub chars: usize,
}

/// Keywords of many targets, normalised once.
#[derive(Debug, Clone, Default)]
pub struct KeywordIndex {
    /// (normalised keyword, target, keyword as written).
    entries: Vec<(String, usize, String)>,
}

impl KeywordIndex {
    /// An index over `targets`, each a list of keywords; a target's index
    /// in the iterator is what its hits carry.
    pub fn new<'a, T, K>(targets: T) -> Self
    where
        T: IntoIterator<Item = K>,
        K: IntoIterator<Item = &'a String>,
    {
        let mut entries = Vec::new();
        for (target, keywords) in targets.into_iter().enumerate() {
            for k in keywords {
                let n = normalise(k);
                if !n.is_empty() {
                    entries.push((n, target, k.clone()));
                }
            }
        }
        KeywordIndex { entries }
    }

    /// The keywords found in `normalised` text, longest match first where
    /// they overlap, in a deterministic order (by target, then keyword).
    pub fn find(&self, normalised: &str) -> Vec<Hit> {
        let mut spans: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, entry)
        for (i, (k, _, _)) in self.entries.iter().enumerate() {
            let mut from = 0;
            while let Some(at) = normalised.get(from..).and_then(|rest| rest.find(k.as_str())) {
                spans.push((from + at, from + at + k.len(), i));
                from += at + k.len();
            }
        }
        let inside = |a: &(usize, usize, usize), b: &(usize, usize, usize)| {
            b.0 <= a.0 && a.1 <= b.1 && (b.1 - b.0) > (a.1 - a.0)
        };
        let mut kept: Vec<usize> = spans
            .iter()
            .filter(|a| !spans.iter().any(|b| inside(a, b)))
            .map(|s| s.2)
            .collect();
        kept.sort_unstable();
        kept.dedup();
        let mut hits: Vec<Hit> = kept
            .into_iter()
            .filter_map(|i| self.entries.get(i))
            .map(|(n, target, k)| Hit {
                target: *target,
                keyword: k.clone(),
                chars: n.chars().count(),
            })
            .collect();
        hits.sort_by(|a, b| a.target.cmp(&b.target).then_with(|| a.keyword.cmp(&b.keyword)));
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(lists: &[&[&str]]) -> KeywordIndex {
        let owned: Vec<Vec<String>> = lists
            .iter()
            .map(|l| l.iter().map(|s| (*s).to_owned()).collect())
            .collect();
        KeywordIndex::new(owned.iter())
    }

    #[test]
    fn the_longest_overlapping_keyword_wins() {
        let idx = index(&[&["上水井盖"], &["井盖"]]);
        let hits = idx.find(&normalise("小区门口上水井盖丢了"));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].target, 0);
        let hits = idx.find(&normalise("井盖丢了"));
        assert_eq!(hits[0].target, 1);
    }

    #[test]
    fn a_keyword_counts_once_however_often_it_appears() {
        let idx = index(&[&["暖气"]]);
        let hits = idx.find("暖气 暖气不热");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].chars, 2);
    }
}
