//! `citydesk check`: every keymap, theme and settings file, shipped and the
//! user's, checked with the problems listed by file and line.

use crate::cli::CheckArgs;
use crate::config::config_dir;
use crate::console::app::panes::PaneKind;
use crate::console::keymap::{DEFAULT, Keymap, VIM};
use crate::console::theme::{BUILTIN, Theme};
use std::path::{Path, PathBuf};

pub fn run(args: CheckArgs) -> anyhow::Result<()> {
    let dir = config_dir();
    let (checked, problems) = check(dir.as_deref(), &args.files);
    for file in &checked {
        println!("checked {file}");
    }
    for p in &problems {
        eprintln!("{p}");
    }
    if problems.is_empty() {
        println!("all {} files are valid", checked.len());
        Ok(())
    } else {
        anyhow::bail!("{} problem(s) found", problems.len())
    }
}

/// Checks the shipped files, the user's config directory, and `extra`
/// files (a `.toml` under a `themes` folder or named like a theme is
/// checked as a theme, `config.toml` as settings, anything else as a
/// keymap). Returns the problems; empty means all good.
pub fn check(config_dir: Option<&Path>, extra: &[PathBuf]) -> (Vec<String>, Vec<String>) {
    let mut checked = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in [("keymaps/default.toml", DEFAULT), ("keymaps/vim.toml", VIM)] {
        checked.push(name.to_owned());
        if let Err(e) = Keymap::parse(name, text) {
            problems.extend(e.iter().map(ToString::to_string));
        }
    }
    for (name, text) in BUILTIN {
        let file = format!("themes/{name}.toml");
        checked.push(file.clone());
        if let Err(e) = Theme::parse(&file, text) {
            problems.extend(e.iter().map(ToString::to_string));
        }
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
            Ok(text) => problems.extend(check_file(&file, &text)),
            Err(e) => problems.push(format!("{}: {e}", file.display())),
        }
    }
    (checked, problems)
}

fn check_file(file: &Path, text: &str) -> Vec<String> {
    let name = file.display().to_string();
    let is_theme = file
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|d| d == "themes")
        || text.lines().any(|l| l.trim() == "[roles]");
    if file.file_name().is_some_and(|f| f == "config.toml") {
        return crate::config::parse::<PaneKind>(file, text)
            .err()
            .map(|e| e.to_string())
            .into_iter()
            .collect();
    }
    if is_theme {
        return Theme::parse(&name, text)
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect();
    }
    Keymap::parse(&name, text)
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}
