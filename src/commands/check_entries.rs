//! Every problem in a TOML file, not only the first. The files' own parsers
//! (keymap, theme, settings) stop at the first value serde cannot take, so a
//! wrong type on line 3 hides an unknown action on line 2. Here the file is
//! checked entry by entry instead: each binding, role or setting is handed to
//! the same parser alone, in a copy of the file where every other entry is
//! blanked out (newlines kept, so each problem keeps its line). Syntax errors
//! come from a recovering TOML parse, all of them, each with its line.

use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// A problem: its line (1-based) and what is wrong.
pub type Problem = (usize, String);

/// Every problem `parse` finds in `text`, checking one entry at a time;
/// sorted by line, each once. `parse` checks a whole document.
pub fn every_problem(text: &str, parse: impl Fn(&str) -> Vec<Problem>) -> Vec<Problem> {
    let whole = parse(text);
    if whole.is_empty() {
        return whole;
    }
    let (text, mut problems) = without_syntax_errors(text);
    let (doc, _) = DeTable::parse_recoverable(&text);
    let units = units(&text, doc.get_ref());
    for (i, unit) in units.iter().enumerate() {
        let others = units
            .iter()
            .enumerate()
            .filter(|(j, u)| *j != i && !(u.header && u.table == unit.table))
            .map(|(_, u)| u.range.clone());
        problems.extend(parse(&blank(&text, others)));
    }
    if problems.is_empty() {
        // A problem no single entry shows (none known today): the whole
        // file's answer still stands.
        problems = whole;
    }
    problems.sort();
    problems.dedup();
    problems
}

/// The syntax errors, each with its line, and the text with their lines
/// blanked. After one error the parser's view of what follows is a guess
/// (an unclosed string swallows the next line), so only the earliest error
/// is taken; its line is blanked and the file parsed again for the next.
fn without_syntax_errors(text: &str) -> (String, Vec<Problem>) {
    let mut text = text.to_owned();
    let mut problems = Vec::new();
    loop {
        let (_, errors) = DeTable::parse_recoverable(&text);
        let Some(first) = errors.iter().min_by_key(|e| e.span().map_or(0, |s| s.start)) else {
            break;
        };
        let line = first.span().map_or(1, |s| line_of(&text, s.start));
        problems.push((line, first.message().to_owned()));
        let next = blank(&text, std::iter::once(line_range(&text, line)));
        if next == text {
            break;
        }
        text = next;
    }
    (text, problems)
}

/// A part of the file checked alone: an entry, or a table's header line
/// (an unknown section name is a problem of its own).
struct Unit {
    range: Range<usize>,
    /// Which top-level key it belongs to.
    table: usize,
    header: bool,
}

/// The units of a document: a top-level key with its value, or a key of a
/// top-level `[table]` with its value, each from the start of its line (so
/// dotted keys like `list.j = …` go whole), and each table's header line.
fn units(text: &str, doc: &DeTable<'_>) -> Vec<Unit> {
    let mut out = Vec::new();
    for (table, (key, value)) in doc.iter().enumerate() {
        let whole = line_start(text, key.span().start)..value.span().end;
        match value.get_ref() {
            DeValue::Table(entries) if !is_inline(text, value.span()) => {
                let mut ranges: Vec<Range<usize>> = entries
                    .iter()
                    .map(|(k, v)| line_start(text, k.span().start)..v.span().end)
                    .collect();
                let header = line_range(text, line_of(text, key.span().start));
                if !ranges.iter().any(|r| overlaps(r, &header)) {
                    out.push(Unit {
                        range: header,
                        table,
                        header: true,
                    });
                }
                out.extend(ranges.drain(..).map(|range| Unit {
                    range,
                    table,
                    header: false,
                }));
            }
            _ => out.push(Unit {
                range: whole,
                table,
                header: false,
            }),
        }
    }
    out
}

fn is_inline(text: &str, span: Range<usize>) -> bool {
    text.get(span).is_some_and(|s| s.starts_with('{'))
}

/// `text` with every character in `ranges` but newlines turned to spaces.
fn blank(text: &str, ranges: impl Iterator<Item = Range<usize>>) -> String {
    let ranges: Vec<Range<usize>> = ranges.collect();
    text.char_indices()
        .map(|(i, c)| {
            if c != '\n' && ranges.iter().any(|r| r.contains(&i)) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1)
}

/// The bytes of line `line` (1-based), without its newline.
fn line_range(text: &str, line: usize) -> Range<usize> {
    let start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let len = text[start..].find('\n').unwrap_or(text.len() - start);
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in parser: a document of `key = "ok"` lines; any other
    /// value is a problem on its line; a serde-like stop at the first.
    fn first_only(text: &str) -> Vec<Problem> {
        let table: Result<toml::Table, _> = toml::from_str(text);
        match table {
            Err(e) => vec![(e.span().map_or(1, |s| line_of(text, s.start)), "syntax".into())],
            Ok(t) => text
                .lines()
                .enumerate()
                .find(|(_, l)| l.contains('=') && !l.contains("\"ok\"") && !l.trim_start().starts_with('['))
                .map(|(i, _)| (i + 1, format!("bad value ({} keys)", t.len())))
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn every_bad_entry_is_found_with_its_line() {
        let text = "a = \"ok\"\nb = 1\nc = \"ok\"\nd = 2\n";
        let lines: Vec<usize> = every_problem(text, first_only).iter().map(|p| p.0).collect();
        assert_eq!(lines, [2, 4]);
    }

    #[test]
    fn entries_of_a_table_are_checked_one_by_one_under_their_header() {
        let text = "[t]\na = 1\nb = \"ok\"\nc = 2\n";
        let lines: Vec<usize> = every_problem(text, first_only).iter().map(|p| p.0).collect();
        assert_eq!(lines, [2, 4]);
    }

    #[test]
    fn a_syntax_error_is_reported_with_its_line_and_hides_nothing_else() {
        let text = "a = 1\nb = \"ok\nc = 2\nd = [\ne = \"ok\"\n";
        let problems = every_problem(text, first_only);
        assert!(problems.iter().any(|p| p.0 == 2), "{problems:?}");
        assert!(problems.iter().any(|p| p.0 == 1), "{problems:?}");
        assert!(problems.iter().any(|p| p.0 == 3), "{problems:?}");
        assert!(problems.iter().any(|p| p.0 == 4), "{problems:?}");
    }

    #[test]
    fn a_good_file_has_no_problems() {
        assert!(every_problem("a = \"ok\"\n", first_only).is_empty());
    }

    #[test]
    fn blanking_keeps_lines_and_other_characters() {
        let text = "甲 = 1\nb = 2\n";
        assert_eq!(
            blank(text, std::iter::once(0..text.find('\n').unwrap_or(0))),
            "     \nb = 2\n"
        );
    }
}
