//! Generated descriptions for measuring the suggestions: callers' phrases
//! (phrases.toml) dressed as calls come in — an opener, a place from the
//! city, the problem, how long it has lasted, what they want — in varied
//! order, with fillers, typos (homophones, dropped and doubled
//! characters) and any punctuation or none. A seed makes a set
//! reproducible; different seeds give the training log and the held-out
//! evaluation set.

use crate::model::City;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use std::collections::BTreeMap;

const PHRASES: &str = include_str!("phrases.toml");

/// The seed of the held-out evaluation set.
pub const EVAL_SEED: u64 = 20_261_201;
/// The seed of the training log (closed items the learner is fed).
pub const TRAIN_SEED: u64 = 7;

/// Which of each category's phrases a set is built from. Every third
/// phrase is kept out of the training log, so the held-out set measures
/// wording the learner never saw, not new arrangements of wording it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrasing {
    /// The phrases the training log uses.
    Seen,
    /// The phrases it never uses.
    Unseen,
    /// All of them.
    All,
}

impl Phrasing {
    fn keeps(self, index: usize) -> bool {
        match self {
            Phrasing::Seen => !index.is_multiple_of(3),
            Phrasing::Unseen => index.is_multiple_of(3),
            Phrasing::All => true,
        }
    }
}

/// One generated description and the category it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub category: String,
    pub text: String,
}

const OPENERS: &[&str] = &[
    "",
    "",
    "你好，",
    "喂，你好，",
    "我想反映个事，",
    "我要投诉，",
    "麻烦问一下，",
    "那个，",
    "您好我是这的居民，",
    "同志你好，",
    "就是那个，",
    "我跟你说啊，",
];
const SPOTS: &[&str] = &[
    "小区门口",
    "3号楼下",
    "路口",
    "菜市场旁边",
    "学校对面",
    "我家楼下",
    "单元门口",
    "公交站边上",
    "超市后面",
    "",
];
const DURATIONS: &[&str] = &[
    "",
    "",
    "已经三天了",
    "好几天了",
    "昨晚开始的",
    "一直没人管",
    "都一个礼拜了",
    "老人孩子都受不了",
    "打了好几次电话了",
    "今天早上发现的",
];
const ASKS: &[&str] = &[
    "",
    "赶紧派人来看看",
    "希望尽快处理",
    "能不能给解决一下",
    "谁来管管",
    "怎么办啊",
    "麻烦你们记一下",
    "快点吧",
];
const FILLERS: &[&str] = &["啊", "呢", "吧", "那个", "就是", "嗯"];
/// Characters a hurried typist or a pinyin input method swaps for a
/// same-sounding one.
const HOMOPHONES: &[(char, char)] = &[
    ('气', '汽'),
    ('没', '莫'),
    ('坏', '怀'),
    ('吵', '炒'),
    ('停', '亭'),
    ('电', '店'),
    ('水', '谁'),
    ('灯', '登'),
    ('路', '露'),
    ('垃', '拉'),
    ('井', '进'),
    ('盖', '该'),
    ('车', '扯'),
    ('暖', '缓'),
    ('热', '惹'),
    ('修', '休'),
    ('管', '馆'),
    ('楼', '搂'),
    ('费', '废'),
    ('漏', '露'),
    ('臭', '丑'),
    ('烟', '眼'),
    ('树', '数'),
    ('房', '方'),
];

/// The phrase bank, by category code (sorted, so generation is stable).
pub fn phrases() -> anyhow::Result<BTreeMap<String, Vec<String>>> {
    Ok(toml::from_str(PHRASES)?)
}

/// `count` samples from the `phrasing` phrases, categories drawn evenly,
/// reproducible from `seed`.
pub fn generate(city: &City, seed: u64, count: usize, phrasing: Phrasing) -> anyhow::Result<Vec<Sample>> {
    let bank = phrases()?;
    let kept: Vec<(&String, Vec<String>)> = bank
        .iter()
        .map(|(code, says)| {
            let says = says.iter().enumerate().filter(|(i, _)| phrasing.keeps(*i));
            (code, says.map(|(_, s)| s.clone()).collect())
        })
        .collect();
    let cats: Vec<(&String, &Vec<String>)> = kept.iter().map(|(c, s)| (*c, s)).collect();
    let places = place_names(city);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let (code, says) = cats[rng.random_range(0..cats.len())];
        let text = describe(&mut rng, says, &places);
        out.push(Sample {
            category: code.clone(),
            text,
        });
    }
    Ok(out)
}

fn place_names(city: &City) -> Vec<String> {
    city.districts
        .iter()
        .flat_map(|d| d.streets.iter().map(move |s| format!("{}{}", d.name, s.name)))
        .collect()
}

fn pick<'a, T>(rng: &mut Xoshiro256PlusPlus, list: &'a [T]) -> &'a T {
    &list[rng.random_range(0..list.len())]
}

fn describe(rng: &mut Xoshiro256PlusPlus, says: &[String], places: &[String]) -> String {
    let mut problem = pick(rng, says).clone();
    if rng.random_bool(0.2) {
        let other = pick(rng, says);
        if *other != problem {
            problem = format!("{problem}，而且{other}");
        }
    }
    if rng.random_bool(0.3) {
        let filler = pick(rng, FILLERS);
        let chars: Vec<char> = problem.chars().collect();
        let at = rng.random_range(0..=chars.len());
        problem = chars[..at].iter().collect::<String>() + filler + &chars[at..].iter().collect::<String>();
    }
    let place = match rng.random_range(0..4) {
        0 => String::new(),
        1 => pick(rng, SPOTS).to_string(),
        _ => format!("{}{}", pick(rng, places), pick(rng, SPOTS)),
    };
    let mut parts: Vec<String> = vec![place, problem, pick(rng, DURATIONS).to_string()];
    if rng.random_bool(0.4) {
        parts.swap(0, 1); // the problem first, the place after
    }
    parts.insert(0, pick(rng, OPENERS).to_string());
    parts.push(pick(rng, ASKS).to_string());
    let sep = *pick(rng, &["，", ",", " ", "", "。"]);
    let text = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.trim_end_matches('，').to_owned())
        .collect::<Vec<_>>()
        .join(sep);
    typos(rng, &text)
}

/// Homophones (15 % of texts get one or two), a dropped character (10 %)
/// and a doubled one (5 %).
fn typos(rng: &mut Xoshiro256PlusPlus, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if rng.random_bool(0.15) {
        for _ in 0..rng.random_range(1..=2) {
            let spots: Vec<usize> = (0..chars.len())
                .filter(|i| HOMOPHONES.iter().any(|(a, _)| *a == chars[*i]))
                .collect();
            if spots.is_empty() {
                break;
            }
            let i = *pick(rng, &spots);
            if let Some((_, b)) = HOMOPHONES.iter().find(|(a, _)| *a == chars[i]) {
                chars[i] = *b;
            }
        }
    }
    if rng.random_bool(0.10) && chars.len() > 4 {
        let i = rng.random_range(0..chars.len());
        chars.remove(i);
    }
    if rng.random_bool(0.05) && !chars.is_empty() {
        let i = rng.random_range(0..chars.len());
        chars.insert(i, chars[i]);
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_phrases_and_sets_are_reproducible() {
        let city = crate::data::default_city();
        let bank = phrases().expect("phrases");
        for c in &city.categories {
            assert!(bank.get(&c.code).is_some_and(|p| !p.is_empty()), "{}", c.code);
        }
        let a = generate(&city, 1, 50, Phrasing::All).expect("gen");
        assert_eq!(a, generate(&city, 1, 50, Phrasing::All).expect("gen"));
        assert_ne!(a, generate(&city, 2, 50, Phrasing::All).expect("gen"));
    }
}
