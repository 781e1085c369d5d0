use super::*;
use time::macros::date;

fn engine() -> Engine {
    Engine::new(&crate::data::default_city(), Vec::new())
}

const DAY: Date = date!(2026 - 12 - 01);

fn top(e: &Engine, text: &str) -> Vec<String> {
    e.suggest(text, DAY, Limits::default())
        .categories
        .into_iter()
        .map(|c| c.code)
        .collect()
}

#[test]
fn a_keyword_match_explains_itself() {
    let e = engine();
    let s = e.suggest("家里暖气不热，室温才12度", DAY, Limits::default());
    let first = &s.categories[0];
    assert_eq!(first.code, "H01");
    assert_eq!(first.name, "供热不热");
    let reasons: Vec<String> = first.reasons.iter().map(ToString::to_string).collect();
    assert!(reasons.contains(&"keyword: 暖气".to_owned()), "{reasons:?}");
    assert!(reasons.contains(&"keyword: 室温".to_owned()), "{reasons:?}");
    let total: f64 = s.categories.iter().map(|c| c.score).sum();
    assert!((total - 1.0).abs() < 1e-9, "scores sum to 1, got {total}");
}

#[test]
fn nothing_matched_suggests_nothing() {
    assert!(top(&engine(), "你好").is_empty());
    assert!(top(&engine(), "").is_empty());
}

#[test]
fn learning_moves_a_suggestion_and_says_so() {
    let mut e = engine();
    // No keyword knows 井盖 on its own; the log teaches which one it is.
    assert!(top(&e, "小区门口井盖没了").is_empty());
    for i in 0..40 {
        e.learn_text(&format!("TKT-{i}"), &format!("{i}号楼前井盖没了"), "C02");
        e.learn_text(&format!("INC-{i}"), &format!("{i}号楼家里没电了"), "H03");
    }
    let s = e.suggest("小区门口井盖没了", DAY, Limits::default());
    assert_eq!(s.categories[0].code, "C02");
    assert_eq!(s.learned_items, 80);
    let reasons: Vec<String> = s.categories[0].reasons.iter().map(ToString::to_string).collect();
    assert!(
        reasons.contains(&"learned: 井盖 (40 closed items)".to_owned()),
        "{reasons:?}"
    );
}

#[test]
fn an_item_closed_again_replaces_what_it_taught() {
    let mut e = engine();
    e.learn_text("TKT-1", "井盖没了", "C01");
    e.learn_text("TKT-1", "井盖没了", "C02");
    assert_eq!(e.learner().items(), 1);
    let s = e.suggest("井盖", DAY, Limits::default());
    assert_eq!(s.categories.len(), 1);
    assert_eq!(s.categories[0].code, "C02");
}

#[test]
fn only_closed_items_teach() {
    let mut e = engine();
    let open = crate::model::tests::item_in(crate::model::Kind::Ticket, Status::Resolved);
    e.learn(&open);
    assert_eq!(e.learner().items(), 0);
    let closed = crate::model::tests::item_in(crate::model::Kind::Ticket, Status::Closed);
    e.learn(&closed);
    assert_eq!(e.learner().items(), 1);
}

#[test]
fn the_order_is_deterministic() {
    let mut a = engine();
    let mut b = engine();
    let texts = [
        ("A", "路灯不亮", "C05"),
        ("B", "楼上噪音", "H05"),
        ("C", "路灯坏了", "C05"),
    ];
    for (id, text, cat) in texts {
        a.learn_text(id, text, cat);
    }
    for (id, text, cat) in texts.iter().rev() {
        b.learn_text(id, text, cat);
    }
    for q in ["路灯", "噪音路灯", "灯", "楼上半夜装修太吵，路灯也不亮"] {
        let sa = a.suggest(q, DAY, Limits::default());
        let sb = b.suggest(q, DAY, Limits::default());
        assert_eq!(sa.categories, sb.categories, "{q}");
    }
    // Equal keyword weight: ties go by code.
    assert_eq!(top(&engine(), "路灯 红灯"), vec!["C05", "C06"]);
}

#[test]
fn pinyin_initials_and_spelling_complete_places() {
    let places = PlaceIndex::new(&crate::data::default_city());
    let first = |q: &str| places.complete(q, &[], 5).first().map(|h| h.path.clone());
    assert_eq!(first("thq").as_deref(), Some("太和区"));
    assert_eq!(first("taihe").as_deref(), Some("太和区"));
    assert_eq!(first("太和").as_deref(), Some("太和区"));
    let hit = &places.complete("thq", &[], 1)[0];
    assert_eq!((hit.level, hit.matched), (Level::District, Matched::Initials));
    assert_eq!(first("xmjd").as_deref(), Some("太和区/新民街道"));
    assert_eq!(pinyin_of("太和区"), ("thq".to_owned(), "taihequ".to_owned()));
    let small = PlaceIndex::from_places([(Level::District, "凌河区".to_owned(), "凌河区".to_owned())]);
    assert_eq!(small.complete("lhq", &[], 3)[0].path, "凌河区");
}

#[test]
fn the_callers_earlier_places_come_first() {
    let places = PlaceIndex::new(&crate::data::default_city());
    let earlier = vec!["太和区/新民街道/第2社区".to_owned()];
    let hits = places.complete("第2", &earlier, 3);
    assert_eq!(hits[0].path, "太和区/新民街道/第2社区");
    assert!(hits[0].earlier);
    assert!(!hits[1].earlier);
    let only = places.complete("", &earlier, 9);
    assert_eq!(only.len(), 1, "an empty query lists the earlier places");
}

fn entry(id: &str, from: Option<Date>, until: Option<Date>) -> KnowledgeEntry {
    KnowledgeEntry {
        id: id.into(),
        question: "什么时候供暖".into(),
        keywords: vec!["供暖时间".into()],
        categories: vec!["H01".into()],
        answer: "…".into(),
        source: "example: test".into(),
        valid_from: from,
        valid_until: until,
        example: true,
    }
}

#[test]
fn knowledge_is_offered_only_while_valid() {
    let season = entry("KB1", Some(date!(2026 - 11 - 01)), Some(date!(2027 - 03 - 31)));
    let always = entry("KB2", None, None);
    let e = Engine::new(&crate::data::default_city(), vec![season, always]);
    let ids = |day| -> Vec<String> {
        e.suggest("请问今年供暖时间", day, Limits::default())
            .knowledge
            .iter()
            .map(|k| k.entry.id.clone())
            .collect()
    };
    assert_eq!(ids(date!(2026 - 11 - 01)), vec!["KB1", "KB2"]);
    assert_eq!(ids(date!(2027 - 03 - 31)), vec!["KB1", "KB2"]);
    assert_eq!(ids(date!(2027 - 04 - 01)), vec!["KB2"]);
    assert_eq!(ids(date!(2026 - 10 - 31)), vec!["KB2"]);
    let s = e.suggest("请问今年供暖时间", DAY, Limits::default());
    assert!(s.knowledge[0].reasons.contains(&"keyword: 供暖时间".to_owned()));
    assert!(s.knowledge[0].reasons.contains(&"category: H01".to_owned()));
}

#[test]
fn a_short_search_finds_entries_whose_keywords_or_question_hold_it() {
    let e = Engine::new(&crate::data::default_city(), vec![entry("KB1", None, None)]);
    let found = e.suggest("供暖", DAY, Limits::default());
    let ids: Vec<&str> = found.knowledge.iter().map(|k| k.entry.id.as_str()).collect();
    assert_eq!(ids, ["KB1"]);
    assert_eq!(found.knowledge[0].reasons, ["search: 供暖"]);
    let long = e.suggest("我家楼下那个小区今天停水了", DAY, Limits::default());
    assert!(
        long.knowledge.is_empty(),
        "a description is not read as a search term"
    );
}

#[test]
fn every_suggested_category_gives_a_reason() {
    let mut e = engine();
    let log = [
        ("路灯不亮了", "C05"),
        ("楼上太吵", "H05"),
        ("门口井盖没了", "C02"),
        ("家里没电了", "H03"),
    ];
    for (i, (text, cat)) in log.iter().enumerate() {
        e.learn_text(&i.to_string(), text, cat);
    }
    for q in ["门口灯不亮", "晚上太吵没电", "井盖", "暖气不热楼上吵"] {
        for c in e
            .suggest(
                q,
                DAY,
                Limits {
                    categories: 10,
                    knowledge: 0,
                },
            )
            .categories
        {
            assert!(!c.reasons.is_empty(), "{q}: {} has no reason", c.code);
        }
    }
}
