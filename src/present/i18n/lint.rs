//! What `citydesk check` says about the catalogs: a key one language has
//! and another lacks, placeables that differ between languages (a
//! translation that drops `{ $n }` loses a number), keys no code uses any
//! more, and text that does not parse. Each as `file:line: message`.

use super::catalog::DYNAMIC;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};

/// One catalog's messages: key → (line, placeables).
type Keys = BTreeMap<String, (usize, BTreeSet<String>)>;

/// Problems in `catalogs` (`(file, text)`, the first the reference),
/// and, when `sources` (the code's text) is given, keys it never names.
pub fn lint(catalogs: &[(&str, &str)], sources: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    let parsed: Vec<(&str, Keys)> = catalogs
        .iter()
        .map(|(file, text)| (*file, keys(file, text, &mut problems)))
        .collect();
    for (i, (file, own)) in parsed.iter().enumerate() {
        for (other_file, other) in parsed.iter().skip(i + 1) {
            compare(file, own, other_file, other, &mut problems);
        }
    }
    if let (Some(src), Some((file, reference))) = (sources, parsed.first()) {
        for (key, (line, _)) in reference {
            let used = src.contains(&format!("\"{key}\"")) || DYNAMIC.iter().any(|p| key.starts_with(p));
            if !used {
                problems.push(format!("{file}:{line}: {key} is not used by the code"));
            }
        }
    }
    problems
}

fn compare(a_file: &str, a: &Keys, b_file: &str, b: &Keys, problems: &mut Vec<String>) {
    for (key, (line, vars)) in a {
        match b.get(key) {
            None => problems.push(format!("{a_file}:{line}: {key} is missing from {b_file}")),
            Some((b_line, b_vars)) if b_vars != vars => problems.push(format!(
                "{b_file}:{b_line}: {key} has placeables {} where {a_file}:{line} has {}",
                list(b_vars),
                list(vars)
            )),
            Some(_) => {}
        }
    }
    for (key, (line, _)) in b {
        if !a.contains_key(key) {
            problems.push(format!("{b_file}:{line}: {key} is missing from {a_file}"));
        }
    }
}

fn list(vars: &BTreeSet<String>) -> String {
    if vars.is_empty() {
        return "none".into();
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

fn keys(file: &str, text: &str, problems: &mut Vec<String>) -> Keys {
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
            problems.push(format!("{file}:{line}: {key} is defined twice"));
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
    fn text_that_does_not_parse_is_reported_with_its_line() {
        let problems = lint(&[("en.ftl", "ok = fine\n= broken\n")], None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("en.ftl:2: "), "{problems:?}");
    }
}
