//! A verb's usage and the errors of its words in the reader's language.
//! The typed words themselves (`pass`, `yellow`, `110`) are what the
//! operator types, so they stay; the placeholders (`<reason>`) and the
//! sentences around them come from the catalogs.

use super::i18n::{Lang, tr};
use crate::model::verbs::{BadWord, EMERGENCY, Param, ParamKind, Verb, WordsError};
use crate::t;

/// A parameter's placeholder word (`reason` → `原因`).
fn label(lang: Lang, p: &Param) -> String {
    tr(lang, &format!("param-{}", p.label.replace([' ', '|'], "-")))
}

fn usage_of(lang: Lang, p: &Param) -> String {
    let shown = match p.kind {
        ParamKind::Flag => p.name.to_owned(),
        ParamKind::LinkTarget => format!("<{}>|{}", label(lang, p), EMERGENCY.join("|")),
        k if !k.choices().is_empty() => k.choices().join("|"),
        _ => format!("<{}>", label(lang, p)),
    };
    match (p.required, p.kind) {
        (true, _) => shown,
        (false, ParamKind::Flag) => format!("[{shown}]"),
        (false, _) => format!("[{}]", shown.trim_start_matches('<').trim_end_matches('>')),
    }
}

/// What follows the verb (`<department>`), as [`Verb::usage`] in `lang`.
pub fn usage(lang: Lang, verb: &Verb) -> String {
    if lang == Lang::En {
        return verb.usage();
    }
    let words: Vec<String> = verb.params.iter().map(|p| usage_of(lang, p)).collect();
    words.join(" ")
}

/// A [`WordsError`] as a sentence in `lang`.
pub fn words_error(lang: Lang, e: &WordsError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    let (command, usage_en) = match e {
        WordsError::Missing { command, usage, .. }
        | WordsError::LeftOver { command, usage, .. }
        | WordsError::Word { command, usage, .. }
        | WordsError::Shape { command, usage, .. } => (*command, usage.as_str()),
    };
    let verb = Verb::find(command);
    let usage = verb.map_or_else(|| usage_en.to_owned(), |v| usage(lang, v));
    match e {
        WordsError::Missing { label: l, .. } => {
            let what = verb
                .and_then(|v| v.params.iter().find(|p| p.label == *l))
                .map_or_else(|| (*l).to_owned(), |p| label(lang, p));
            t!(
                lang,
                "words-missing",
                command = command,
                what = what,
                usage = usage
            )
        }
        WordsError::LeftOver { rest, .. } if usage.is_empty() => {
            t!(
                lang,
                "words-left-over-nothing",
                command = command,
                rest = rest.as_str()
            )
        }
        WordsError::LeftOver { rest, .. } => t!(
            lang,
            "words-left-over",
            command = command,
            usage = usage,
            rest = rest.as_str()
        ),
        WordsError::Word { why, .. } => t!(
            lang,
            "words-bad",
            why = bad_word(lang, why),
            command = command,
            usage = usage
        ),
        WordsError::Shape { detail, .. } => t!(
            lang,
            "words-shape",
            command = command,
            usage = usage,
            detail = detail.as_str()
        ),
    }
}

fn bad_word(lang: Lang, why: &BadWord) -> String {
    match why {
        BadWord::NotPassFail(w) => t!(lang, "words-not-pass-fail", word = w),
        BadWord::NotOneOf { word, choices } => {
            t!(
                lang,
                "words-not-one-of",
                word = word,
                choices = choices.join(", ")
            )
        }
        BadWord::NotItemId(w) => t!(lang, "words-not-item-id", word = w),
        BadWord::Limit(_) => t!(lang, "words-bad-limit"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActionName;
    use crate::model::verbs::parse_words;

    #[test]
    fn a_missing_word_reads_in_chinese_with_chinese_placeholders() {
        let e = parse_words(Verb::of(ActionName::Reject), "").expect_err("no reason");
        let zh = words_error(Lang::ZhCn, &e);
        assert_eq!(zh, ":reject 还需要 <原因>：:reject <原因>");
        assert_eq!(words_error(Lang::En, &e), e.to_string());
        let bad = parse_words(Verb::of(ActionName::Supervise), "purple").expect_err("no card");
        let zh = words_error(Lang::ZhCn, &bad);
        assert!(
            zh.starts_with("\"purple\" 不是 none, normal, yellow, red 之一"),
            "{zh}"
        );
    }
}
