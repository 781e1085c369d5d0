//! Why the server suggested a category or a knowledge entry, in the
//! reader's language. The wire carries the reasons as short English
//! phrases (`keyword: 暖气`, `learned: 不热 (34 closed items)`), which
//! scripts read; a reader in another language gets them reworded here.

use super::i18n::Lang;
use crate::t;

/// One reason as `lang` reads it; an unknown shape stays as sent.
pub fn suggest_reason(lang: Lang, wire: &str) -> String {
    if lang == Lang::En {
        return wire.to_owned();
    }
    let Some((what, rest)) = wire.split_once(": ") else {
        return wire.to_owned();
    };
    match what {
        "keyword" => t!(lang, "reason-keyword", text = rest),
        "category" => t!(lang, "reason-category", text = rest),
        "search" => t!(lang, "reason-search", text = rest),
        "learned" => match learned(rest) {
            Some((text, n)) => t!(lang, "reason-learned", text = text, n = n),
            None => wire.to_owned(),
        },
        _ => wire.to_owned(),
    }
}

/// `不热 (34 closed items)` → (`不热`, 34).
fn learned(rest: &str) -> Option<(&str, u64)> {
    let (text, count) = rest.rsplit_once(" (")?;
    let n = count.strip_suffix(" closed items)")?.parse().ok()?;
    Some((text, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_in_chinese_and_stay_in_english() {
        assert_eq!(suggest_reason(Lang::ZhCn, "keyword: 暖气"), "关键词：暖气");
        assert_eq!(
            suggest_reason(Lang::ZhCn, "learned: 不热 (34 closed items)"),
            "已办结 34 项中出现：不热"
        );
        assert_eq!(suggest_reason(Lang::En, "keyword: 暖气"), "keyword: 暖气");
        assert_eq!(suggest_reason(Lang::ZhCn, "odd"), "odd");
    }
}
