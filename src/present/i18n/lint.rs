//! What `citydesk check` says about the catalogs: a key one language has
//! and another lacks, placeables that differ between languages (a
//! translation that drops `{ $n }` loses a number), keys no code uses any
//! more, and text that does not parse. Each as `file:line: message`.

use super::Lang;
use super::catalog::DYNAMIC;
use crate::t;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};

/// One catalog's messages: key → (line, placeables).
type Keys = BTreeMap<String, (usize, BTreeSet<String>)>;

/// Problems in `catalogs` (`(file, text)`, the first the reference),
/// and, when `sources` (the code's text) is given, keys it never names.
pub fn lint(catalogs: &[(&str, &str)], sources: Option<&str>) -> Vec<String> {
    lint_in(Lang::En, catalogs, sources)
}

/// [`lint`] with the messages in `lang`.
pub fn lint_in(lang: Lang, catalogs: &[(&str, &str)], sources: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    let parsed: Vec<(&str, Keys)> = catalogs
        .iter()
        .map(|(file, text)| (*file, keys(lang, file, text, &mut problems)))
        .collect();
    for (i, (file, own)) in parsed.iter().enumerate() {
        for (other_file, other) in parsed.iter().skip(i + 1) {
            compare(lang, (file, own), (other_file, other), &mut problems);
        }
    }
    if let (Some(src), Some((file, reference))) = (sources, parsed.first()) {
        for (key, (line, _)) in reference {
            let used = src.contains(&format!("\"{key}\"")) || DYNAMIC.iter().any(|p| key.starts_with(p));
            if !used {
                problems.push(t!(
                    lang,
                    "lint-unused",
                    file = *file,
                    line = line.to_string(),
                    key = key.as_str()
                ));
            }
        }
    }
    problems
}

fn compare(lang: Lang, (a_file, a): (&str, &Keys), (b_file, b): (&str, &Keys), problems: &mut Vec<String>) {
    let missing = |file: &str, line: usize, key: &str, from: &str| {
        t!(
            lang,
            "lint-missing",
            file = file,
            line = line.to_string(),
            key = key,
            other = from
        )
    };
    for (key, (line, vars)) in a {
        match b.get(key) {
            None => problems.push(missing(a_file, *line, key, b_file)),
            Some((b_line, b_vars)) if b_vars != vars => problems.push(t!(
                lang,
                "lint-placeables",
                file = b_file,
                line = b_line.to_string(),
                key = key.as_str(),
                has = list(lang, b_vars),
                other = format!("{a_file}:{line}"),
                expected = list(lang, vars)
            )),
            Some(_) => {}
        }
    }
    for (key, (line, _)) in b {
        if !a.contains_key(key) {
            problems.push(missing(b_file, *line, key, a_file));
        }
    }
}

fn list(lang: Lang, vars: &BTreeSet<String>) -> String {
    if vars.is_empty() {
        return t!(lang, "lint-none");
    }
    vars.iter()
        .map(|v| format!("${v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line a message starts on: the line that begins with its key.
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

fn keys(lang: Lang, file: &str, text: &str, problems: &mut Vec<String>) -> Keys {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                problems.push(format!("{file}:{}: {}", line_of(text, e.pos.start), e.kind));
            }
            r
        }
    };
    let mut out = Keys::new();
    for entry in resource.body {
        let Entry::Message(m) = entry else {
            continue;
        };
        let key = m.id.name.to_owned();
        let line = key_line(text, &key);
        let mut vars = BTreeSet::new();
        if let Some(p) = &m.value {
            pattern_vars(p, &mut vars);
        }
        if out.insert(key.clone(), (line, vars)).is_some() {
            problems.push(t!(
                lang,
                "lint-twice",
                file = file,
                line = line.to_string(),
                key = key.as_str()
            ));
        }
    }
    out
}

fn pattern_vars(p: &Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(e: &InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_a_changed_placeable_and_an_unused_key_are_named_by_line() {
        let en = "# c\nhello = Hello { $who }\ngone = Gone\nboth = { $n } items\n";
        let zh = "hello = 你好\nboth = { $n } 项\nextra = 多余\n";
        let problems = lint(
            &[("en.ftl", en), ("zh.ftl", zh)],
            Some("t!(lang, \"hello\") t!(lang, \"both\")"),
        );
        assert!(
            problems.contains(&"en.ftl:3: gone is missing from zh.ftl".to_owned()),
            "{problems:?}"
        );
        assert!(
            problems.contains(&"zh.ftl:3: extra is missing from en.ftl".to_owned()),
            "{problems:?}"
        );
        assert!(
            problems.contains(&"zh.ftl:1: hello has placeables none where en.ftl:2 has $who".to_owned()),
            "{problems:?}"
        );
        assert!(
            problems.contains(&"en.ftl:3: gone is not used by the code".to_owned()),
            "{problems:?}"
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn the_problems_read_in_chinese_in_the_same_shape() {
        let problems = lint_in(
            Lang::ZhCn,
            &[("en.ftl", "a = A { $n }\nb = B\n"), ("zh.ftl", "a = 甲\n")],
            None,
        );
        assert!(
            problems.contains(&"en.ftl:2: 键 b 在 zh.ftl 中缺失".to_owned()),
            "{problems:?}"
        );
        assert!(
            problems.contains(&"zh.ftl:1: 键 a 的占位符为 无，而 en.ftl:1 为 $n".to_owned()),
            "{problems:?}"
        );
    }

    #[test]
    fn text_that_does_not_parse_is_reported_with_its_line() {
        let problems = lint(&[("en.ftl", "ok = fine\n= broken\n")], None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("en.ftl:2: "), "{problems:?}");
    }
}
