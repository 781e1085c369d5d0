//! Colours as semantic roles (`clock_red`, `selection`), never as colour
//! names. Themes are TOML files; a theme may `inherits` another, and a role
//! a theme leaves out falls back to a more general one, so a partial theme
//! never breaks the screen.

use super::keymap::line_of;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;

pub const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// What a style is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Text,
    Muted,
    Title,
    Border,
    BorderFocused,
    Header,
    Selection,
    Marked,
    Flash,
    PriorityP1,
    PriorityP2,
    PriorityP3,
    PriorityP4,
    ClockGreen,
    ClockYellow,
    ClockRed,
    StatusNew,
    StatusActive,
    StatusDone,
    StatusAccepted,
    StatusDispatched,
    StatusWorking,
    StatusResolved,
    StatusParked,
    ColumnHeader,
    Reason,
    Gone,
    Live,
    Offline,
    Error,
    Warning,
    Info,
    Key,
}

impl Role {
    pub const ALL: &[Role] = &[
        Role::Text,
        Role::Muted,
        Role::Title,
        Role::Border,
        Role::BorderFocused,
        Role::Header,
        Role::Selection,
        Role::Marked,
        Role::Flash,
        Role::PriorityP1,
        Role::PriorityP2,
        Role::PriorityP3,
        Role::PriorityP4,
        Role::ClockGreen,
        Role::ClockYellow,
        Role::ClockRed,
        Role::StatusNew,
        Role::StatusActive,
        Role::StatusDone,
        Role::StatusAccepted,
        Role::StatusDispatched,
        Role::StatusWorking,
        Role::StatusResolved,
        Role::StatusParked,
        Role::ColumnHeader,
        Role::Reason,
        Role::Gone,
        Role::Live,
        Role::Offline,
        Role::Error,
        Role::Warning,
        Role::Info,
        Role::Key,
    ];

    /// The more general role to use when a theme does not set this one.
    fn fallback(self) -> Option<Role> {
        Some(match self {
            Role::Text => return None,
            Role::PriorityP1 | Role::ClockRed | Role::Offline => Role::Error,
            Role::PriorityP2 | Role::ClockYellow | Role::Reason | Role::Gone => Role::Warning,
            // A change is news, not a warning: never the warning's yellow.
            Role::Flash => Role::Info,
            Role::StatusAccepted
            | Role::StatusDispatched
            | Role::StatusWorking
            | Role::StatusResolved
            | Role::StatusParked => Role::StatusActive,
            Role::ColumnHeader => Role::Muted,
            Role::ClockGreen | Role::Live | Role::StatusNew => Role::Info,
            Role::BorderFocused | Role::Header | Role::Key => Role::Title,
            Role::PriorityP3
            | Role::StatusActive
            | Role::Title
            | Role::Error
            | Role::Warning
            | Role::Info => Role::Text,
            Role::PriorityP4 | Role::StatusDone | Role::Border => Role::Muted,
            Role::Muted | Role::Selection | Role::Marked => Role::Text,
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underline: bool,
    #[serde(default)]
    reverse: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    inherits: Option<String>,
    #[serde(default)]
    roles: BTreeMap<Role, toml::Spanned<RawStyle>>,
}

/// A problem in a theme file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ThemeError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Resolved styles per role.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Theme {
    styles: BTreeMap<Role, Style>,
}

fn color(s: &str) -> Option<Color> {
    if let Some(hex) = s.strip_prefix('#') {
        let n = u32::from_str_radix(hex, 16).ok().filter(|_| hex.len() == 6)?;
        return Some(Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8));
    }
    if let Some(i) = s.strip_prefix("indexed:") {
        return i.parse().ok().map(Color::Indexed);
    }
    Some(match s {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "white" => Color::Gray,
        "dark-gray" | "bright-black" => Color::DarkGray,
        "bright-red" => Color::LightRed,
        "bright-green" => Color::LightGreen,
        "bright-yellow" => Color::LightYellow,
        "bright-blue" => Color::LightBlue,
        "bright-magenta" => Color::LightMagenta,
        "bright-cyan" => Color::LightCyan,
        "bright-white" => Color::White,
        _ => return None,
    })
}

impl Theme {
    /// A shipped theme by name.
    pub fn builtin(name: &str) -> Result<Theme, Vec<ThemeError>> {
        let text = BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .ok_or_else(|| {
                let names: Vec<_> = BUILTIN.iter().map(|(n, _)| *n).collect();
                vec![ThemeError {
                    file: "config".into(),
                    line: 1,
                    message: format!("no theme {name:?}; shipped themes: {}", names.join(", ")),
                }]
            })?;
        Theme::parse(&format!("themes/{name}.toml"), text)
    }

    /// Parses a theme file (following `inherits` to shipped themes).
    pub fn parse(file: &str, text: &str) -> Result<Theme, Vec<ThemeError>> {
        let err = |line, message: String| ThemeError {
            file: file.into(),
            line,
            message,
        };
        let raw: RawTheme = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            vec![err(line, e.message().replace("unknown variant", "unknown role"))]
        })?;
        let mut theme = match raw.inherits.as_deref() {
            Some(parent) if !file.ends_with(&format!("{parent}.toml")) => Theme::builtin(parent)?,
            _ => Theme::default(),
        };
        let mut errors = Vec::new();
        for (role, spanned) in raw.roles {
            let line = line_of(text, spanned.span().start);
            let r = spanned.into_inner();
            let mut style = Style::default();
            for (which, value) in [("fg", &r.fg), ("bg", &r.bg)] {
                let Some(value) = value else { continue };
                match color(value) {
                    Some(c) if which == "fg" => style = style.fg(c),
                    Some(c) => style = style.bg(c),
                    None => errors.push(err(line, format!("invalid colour {value:?} for {which}"))),
                }
            }
            let mods = [
                (r.bold, Modifier::BOLD),
                (r.dim, Modifier::DIM),
                (r.italic, Modifier::ITALIC),
                (r.underline, Modifier::UNDERLINED),
                (r.reverse, Modifier::REVERSED),
            ];
            for (on, m) in mods {
                if on {
                    style = style.add_modifier(m);
                }
            }
            theme.styles.insert(role, style);
        }
        if errors.is_empty() { Ok(theme) } else { Err(errors) }
    }

    /// The style of `role`, falling back through more general roles.
    pub fn style(&self, role: Role) -> Style {
        let mut r = Some(role);
        while let Some(role) = r {
            if let Some(s) = self.styles.get(&role) {
                return *s;
            }
            r = role.fallback();
        }
        Style::default()
    }

    /// The theme to use: monochrome whenever `NO_COLOR` is set.
    pub fn choose(name: &str, no_color: bool) -> Result<Theme, Vec<ThemeError>> {
        Theme::builtin(if no_color { "mono" } else { name })
    }
}
