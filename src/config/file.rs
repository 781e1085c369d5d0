//! The settings file, `config.toml` in the platform config directory.
//! Created with every setting commented out on the console's first run, so
//! a newcomer can see what there is to set.
//!
//! The pane names of `layout` are the console's; the file is generic over
//! them (`Settings<PaneKind>`) so this module needs nothing from the
//! console, and a wrong name still fails here with its line.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::path::Path;

pub const EXAMPLE: &str = r#"# citydesk console settings. Command-line flags and CITYDESK_* environment
# variables win over what is set here.

# The sync server to connect to. Several servers sharing one log go in the
# same string, comma-separated: tried in order, and the console and tail
# move to the next that answers when the one in use dies.
# server = "http://127.0.0.1:7878"
# server = "http://10.0.0.5:7878,http://10.0.0.6:7878"

# Your operator token (from `citydesk operator add`). CITYDESK_TOKEN wins.
# Keep this file private if you set it here.
# token = "cdk_…"

# A PEM file of CA certificates to trust besides the system's, for an
# https:// server with the city's own or a self-signed certificate.
# ca_file = "/etc/citydesk/ca.pem"

# Allow sending the token over plain http:// to another machine. Off, the
# console, tail and sim refuse to (loopback is always allowed); turn it on
# only on a network you trust.
# insecure_http = false

# Keymap: "default" or "vim". A keymap.toml beside this file overrides
# single keys; see keymaps/default.toml for the format.
# keymap = "default"

# Theme: "dark", "light", "high-contrast" or "mono" (automatic with NO_COLOR),
# or the path of a theme file.
# theme = "dark"

# Draw borders with + - | for terminals without box-drawing glyphs.
# ascii = false

# Hours of reports the map's heat view (H) counts, 1 to 168.
# heat_hours = 6

# Language of the console and tail: "en" or "zh-CN". Unset, the locale
# decides (LC_ALL, LC_MESSAGES, LANG: zh_* gives Chinese, others English).
# lang = "zh-CN"

# Panes in the grid, row by row: incidents, escalations, alerts, tickets,
# mine, directory, log. Panes not in the grid are reached with Tab.
# layout = [["incidents", "escalations"], ["alerts", "tickets"]]
"#;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings<Pane> {
    pub server: Option<String>,
    pub token: Option<String>,
    pub ca_file: Option<std::path::PathBuf>,
    pub insecure_http: Option<bool>,
    pub keymap: Option<String>,
    pub theme: Option<String>,
    pub ascii: Option<bool>,
    pub heat_hours: Option<u32>,
    pub lang: Option<crate::present::i18n::Lang>,
    pub layout: Option<Vec<Vec<Pane>>>,
}

impl<Pane> Default for Settings<Pane> {
    fn default() -> Self {
        Settings {
            server: None,
            token: None,
            ca_file: None,
            insecure_http: None,
            keymap: None,
            theme: None,
            ascii: None,
            heat_hours: None,
            lang: None,
            layout: None,
        }
    }
}

/// A broken settings file, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The line of a byte offset, for error messages.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub fn parse<Pane: DeserializeOwned>(file: &Path, text: &str) -> Result<Settings<Pane>, ConfigError> {
    let settings: Settings<Pane> = toml::from_str(text).map_err(|e| ConfigError {
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
    if let Some(hours) = settings.heat_hours
        && !(1..=crate::api::MAX_REPORT_HOURS).contains(&hours)
    {
        let at = text.find("heat_hours").unwrap_or(0);
        return Err(ConfigError {
            file: file.display().to_string(),
            line: line_of(text, at),
            message: format!(
                "heat_hours must be 1 to {}, not {hours}",
                crate::api::MAX_REPORT_HOURS
            ),
        });
    }
    Ok(settings)
}

/// Reads `config.toml`, writing the commented example first if there is
/// none. A missing config directory is not an error: defaults apply.
pub fn load<Pane: DeserializeOwned>(dir: Option<&Path>) -> Result<Settings<Pane>, ConfigError> {
    if let Some(dir) = dir
        && !dir.join("config.toml").exists()
    {
        // Best effort: a read-only home still gets a working console.
        // Owner-only: the file is where a token goes.
        let _ = super::private::create_dir(dir)
            .and_then(|()| super::private::write_new(&dir.join("config.toml"), EXAMPLE));
    }
    read(dir)
}

/// Reads `config.toml` if there is one, and writes nothing: for commands
/// that only take a setting or two from it (`tail`).
pub fn read<Pane: DeserializeOwned>(dir: Option<&Path>) -> Result<Settings<Pane>, ConfigError> {
    let Some(file) = dir.map(|d| d.join("config.toml")).filter(|f| f.exists()) else {
        return Ok(Settings::default());
    };
    let text = std::fs::read_to_string(&file).map_err(|e| ConfigError {
        file: file.display().to_string(),
        line: 1,
        message: e.to_string(),
    })?;
    parse(&file, &text)
}
