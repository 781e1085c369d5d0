//! Place completion: district, street and community names as the agent
//! types them, in characters or in pinyin. Many terminals have no Chinese
//! input method, so `thq` (the initials of 太和区) and `taihe` (its
//! spelling) complete as well as 太和; the caller's earlier places come
//! first. Pinyin is worked out once, when the index is built.

use crate::model::City;
use pinyin::ToPinyin;

/// How deep in the geography a place is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    District,
    Street,
    Community,
}

/// How a query matched a place, best first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Matched {
    /// The name (or the path) starts with the query.
    Name,
    /// The pinyin initials start with it (`thq`).
    Initials,
    /// The full pinyin starts with it (`taihe`).
    Pinyin,
    /// The name holds it somewhere.
    Inside,
}

/// One completion.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct PlaceHit {
    /// `太和区/新民街道/第1社区`: what the form's place field takes.
    pub path: String,
    pub name: String,
    pub level: Level,
    pub matched: Matched,
    /// One of the caller's earlier places.
    pub earlier: bool,
}

#[derive(Debug, Clone)]
struct Entry {
    path: String,
    name: String,
    level: Level,
    initials: String,
    spelled: String,
}

/// Every named place of a city, with its pinyin.
#[derive(Debug, Clone, Default)]
pub struct PlaceIndex {
    entries: Vec<Entry>,
}

/// Initials and full spelling of a name; characters without a reading
/// (digits, letters) stand for themselves.
pub fn pinyin_of(name: &str) -> (String, String) {
    let (mut initials, mut spelled) = (String::new(), String::new());
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                initials.push_str(p.first_letter());
                spelled.push_str(p.plain());
            }
            None => {
                let c = c.to_ascii_lowercase();
                initials.push(c);
                spelled.push(c);
            }
        }
    }
    (initials, spelled)
}

impl PlaceIndex {
    /// Every district, street and community of `city`.
    pub fn new(city: &City) -> Self {
        let mut places = Vec::new();
        for d in &city.districts {
            places.push((Level::District, d.name.clone(), d.name.clone()));
            for s in &d.streets {
                let street = format!("{}/{}", d.name, s.name);
                places.push((Level::Street, street.clone(), s.name.clone()));
                for c in &s.communities {
                    places.push((Level::Community, format!("{street}/{}", c.name), c.name.clone()));
                }
            }
        }
        PlaceIndex::from_places(places)
    }

    /// An index of `(level, path, name)` places in the order given, for a
    /// caller that holds the geography in another shape (the console holds
    /// the server's directory, not a `City`).
    pub fn from_places(places: impl IntoIterator<Item = (Level, String, String)>) -> Self {
        let entries = places
            .into_iter()
            .map(|(level, path, name)| {
                let (initials, spelled) = pinyin_of(&name);
                Entry {
                    path,
                    name,
                    level,
                    initials,
                    spelled,
                }
            })
            .collect();
        PlaceIndex { entries }
    }

    /// Up to `limit` places matching `query`: the caller's `earlier` places
    /// first (in the order given), then districts before streets before
    /// communities, better matches before worse, then the city's order.
    /// An empty query lists the earlier places only.
    pub fn complete(&self, query: &str, earlier: &[String], limit: usize) -> Vec<PlaceHit> {
        let q = query.trim().to_lowercase();
        let rank_earlier = |path: &str| earlier.iter().position(|e| e == path).unwrap_or(usize::MAX);
        let mut hits: Vec<(usize, Level, Matched, usize, &Entry)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let how = if q.is_empty() {
                    (rank_earlier(&e.path) != usize::MAX).then_some(Matched::Name)?
                } else {
                    matches(e, &q)?
                };
                Some((rank_earlier(&e.path), e.level, how, i, e))
            })
            .collect();
        hits.sort_by_key(|h| (h.0, h.1, h.2, h.3));
        hits.into_iter()
            .take(limit)
            .map(|(earlier, level, matched, _, e)| PlaceHit {
                path: e.path.clone(),
                name: e.name.clone(),
                level,
                matched,
                earlier: earlier != usize::MAX,
            })
            .collect()
    }
}

fn matches(e: &Entry, q: &str) -> Option<Matched> {
    if e.name.starts_with(q) || (q.contains('/') && e.path.starts_with(q)) {
        Some(Matched::Name)
    } else if q.is_ascii() && e.initials.starts_with(q) {
        Some(Matched::Initials)
    } else if q.is_ascii() && e.spelled.starts_with(q) {
        Some(Matched::Pinyin)
    } else if e.name.contains(q) {
        Some(Matched::Inside)
    } else {
        None
    }
}
