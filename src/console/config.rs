//! The console's settings file, `config.toml` in the platform config
//! directory. Created with every setting commented out on first run, so a
//! newcomer can see what there is to set.

use super::app::panes::PaneKind;
use super::keymap::line_of;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const EXAMPLE: &str = r#"# citydesk console settings. Command-line flags and CITYDESK_* environment
# variables win over what is set here.

# The sync server to connect to.
# server = "http://127.0.0.1:7878"

# Your operator token (from `citydesk operator add`). CITYDESK_TOKEN wins.
# Keep this file private if you set it here.
# token = "cdk_…"

# Keymap: "default" or "vim". A keymap.toml beside this file overrides
# single keys; see keymaps/default.toml for the format.
# keymap = "default"

# Theme: "dark", "light", "high-contrast" or "mono" (automatic with NO_COLOR),
# or the path of a theme file.
# theme = "dark"

# Draw borders with + - | for terminals without box-drawing glyphs.
# ascii = false

# Panes in the grid, row by row: incidents, escalations, alerts, tickets,
# mine, directory, log. Panes not in the grid are reached with Tab.
# layout = [["incidents", "escalations"], ["alerts", "tickets"]]
"#;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: Option<String>,
    pub token: Option<String>,
    pub keymap: Option<String>,
    pub theme: Option<String>,
    pub ascii: Option<bool>,
    pub layout: Option<Vec<Vec<PaneKind>>>,
}

/// A broken settings file, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "citydesk").map(|d| d.config_dir().to_path_buf())
}

pub fn parse(file: &Path, text: &str) -> Result<Settings, ConfigError> {
    let settings: Settings = toml::from_str(text).map_err(|e| ConfigError {
        file: file.display().to_string(),
        line: e.span().map_or(1, |s| line_of(text, s.start)),
        message: e.message().to_owned(),
    })?;
    if let Some(layout) = &settings.layout
        && (layout.is_empty() || layout.iter().any(Vec::is_empty))
    {
        return Err(ConfigError {
            file: file.display().to_string(),
            line: 1,
            message: "layout rows must not be empty".into(),
        });
    }
    Ok(settings)
}

/// Reads `config.toml`, writing the commented example first if there is
/// none. A missing config directory is not an error: defaults apply.
pub fn load(dir: Option<&Path>) -> Result<Settings, ConfigError> {
    let Some(dir) = dir else {
        return Ok(Settings::default());
    };
    let file = dir.join("config.toml");
    if !file.exists() {
        // Best effort: a read-only home still gets a working console.
        let _ = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&file, EXAMPLE));
        return Ok(Settings::default());
    }
    let text = std::fs::read_to_string(&file).map_err(|e| ConfigError {
        file: file.display().to_string(),
        line: 1,
        message: e.to_string(),
    })?;
    parse(&file, &text)
}
