//! `citydesk check`: every keymap, theme and settings file, shipped and the
//! user's, the message catalogs (and a `.ftl` given), and the district
//! outlines (built in, or a `.geojson` given), checked with the problems
//! listed by file and line.

use super::check_entries::every_problem;
use crate::cli::CheckArgs;
use crate::config::config_dir;
use crate::console::app::panes::PaneKind;
use crate::console::keymap::{DEFAULT, Keymap, VIM};
use crate::console::theme::{BUILTIN, Theme};
use crate::present::i18n::lint::lint_in;
use crate::present::i18n::{CATALOGS, Lang};
use crate::t;
use std::path::{Path, PathBuf};

pub fn run(args: CheckArgs) -> anyhow::Result<()> {
    let lang = super::words_lang(args.lang.get());
    let dir = config_dir();
    let (checked, problems) = check_in(lang, dir.as_deref(), &args.files);
    for file in &checked {
        println!("{}", t!(lang, "check-checked", file = file));
    }
    for p in &problems {
        eprintln!("{p}");
    }
    if problems.is_empty() {
        println!("{}", t!(lang, "check-valid", n = checked.len()));
        Ok(())
    } else {
        anyhow::bail!("{}", t!(lang, "check-problems", n = problems.len()))
    }
}

/// Checks the shipped files, the user's config directory, and `extra`
/// files (each as `kind_of` says). Returns the files checked and every
/// problem in them; no problems means all good.
pub fn check(config_dir: Option<&Path>, extra: &[PathBuf]) -> (Vec<String>, Vec<String>) {
    check_in(Lang::En, config_dir, extra)
}

/// [`check`] with its own messages (the catalogs') in `lang`; what a
/// file's parser says stays in the parser's words.
pub fn check_in(lang: Lang, config_dir: Option<&Path>, extra: &[PathBuf]) -> (Vec<String>, Vec<String>) {
    let mut checked = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in [("keymaps/default.toml", DEFAULT), ("keymaps/vim.toml", VIM)] {
        checked.push(name.to_owned());
        problems.extend(check_as(Kind::Keymap, Path::new(name), text));
    }
    for (name, text) in BUILTIN {
        let file = format!("themes/{name}.toml");
        problems.extend(check_as(Kind::Theme, Path::new(&file), text));
        checked.push(file);
    }
    checked.extend(CATALOGS.iter().map(|(_, name, _)| (*name).to_owned()));
    problems.extend(catalog_problems_in(lang, Path::new("src")));
    checked.push(format!("data/{}", crate::data::outlines::OUTLINES));
    if let Err(e) = crate::data::load_outlines(None) {
        problems.push(e.to_string());
    }
    let mut files: Vec<PathBuf> = extra.to_vec();
    if let Some(dir) = config_dir {
        for name in ["config.toml", "keymap.toml"] {
            let f = dir.join(name);
            if f.exists() {
                files.push(f);
            }
        }
        if let Ok(entries) = std::fs::read_dir(dir.join("themes")) {
            files.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "toml")),
            );
        }
    }
    for file in files {
        checked.push(file.display().to_string());
        match std::fs::read_to_string(&file) {
            Ok(text) => problems.extend(check_file(lang, &file, &text)),
            Err(e) => problems.push(format!("{}: {e}", file.display())),
        }
    }
    (checked, problems)
}

/// The shipped catalogs against each other and, in a source checkout
/// (`src` beside the working directory), against the code: a key one
/// language lacks, placeables that differ, a key no code uses.
pub fn catalog_problems(src: &Path) -> Vec<String> {
    catalog_problems_in(Lang::En, src)
}

fn catalog_problems_in(lang: Lang, src: &Path) -> Vec<String> {
    let catalogs: Vec<(&str, &str)> = CATALOGS.iter().map(|(_, name, text)| (*name, *text)).collect();
    let sources = src.is_dir().then(|| source_text(src));
    lint_in(lang, &catalogs, sources.as_deref())
}

/// Every `.rs` file under `dir`, one after another.
fn source_text(dir: &Path) -> String {
    let mut text = String::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "rs")
                && let Ok(code) = std::fs::read_to_string(&path)
            {
                text.push_str(&code);
            }
        }
    }
    text
}

/// What a file is checked as.
#[derive(Clone, Copy)]
enum Kind {
    Keymap,
    Theme,
    Settings,
}

/// A user file's kind: `config.toml` holds settings; a `.toml` in a
/// `themes` folder or with a `[roles]` section is a theme; anything else a
/// keymap.
fn kind_of(file: &Path, text: &str) -> Kind {
    let in_themes = file
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|d| d == "themes");
    if file.file_name().is_some_and(|f| f == "config.toml") {
        Kind::Settings
    } else if in_themes || text.lines().any(|l| l.trim() == "[roles]") {
        Kind::Theme
    } else {
        Kind::Keymap
    }
}

fn check_file(lang: Lang, file: &Path, text: &str) -> Vec<String> {
    // A translation of its own: checked against the shipped English.
    if file.extension().is_some_and(|x| x == "ftl") {
        let name = file.display().to_string();
        return lint_in(lang, &[(CATALOGS[0].1, CATALOGS[0].2), (&name, text)], None);
    }
    if file.extension().is_some_and(|x| x == "geojson") {
        return crate::data::check_outlines(file, text)
            .err()
            .map(|e| e.to_string())
            .into_iter()
            .collect();
    }
    check_as(kind_of(file, text), file, text)
}

/// Every problem in one file, each as `file:line: message`; the file's own
/// parser is run entry by entry so the first problem hides none of the rest.
fn check_as(kind: Kind, file: &Path, text: &str) -> Vec<String> {
    let name = file.display().to_string();
    let problems = every_problem(text, |t| match kind {
        Kind::Settings => crate::config::parse::<PaneKind>(file, t)
            .err()
            .map(|e| (e.line, e.message))
            .into_iter()
            .collect(),
        Kind::Theme => Theme::parse(&name, t)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.line, e.message))
            .collect(),
        Kind::Keymap => Keymap::parse(&name, t)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.line, e.message))
            .collect(),
    });
    problems
        .into_iter()
        .map(|(line, message)| format!("{name}:{line}: {message}"))
        .collect()
}
