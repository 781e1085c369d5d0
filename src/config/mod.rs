//! Settings, with one precedence for every command: a flag, then its
//! `CITYDESK_*` environment variable, then `config.toml`, then the default.
//!
//! clap reads the first two (`#[arg(long, env = "CITYDESK_…")]`), so a
//! runner hands over what it parsed and this module lays the file and the
//! defaults under it, the same way for `console`, `demo`, `tail` and
//! `serve`. Feature modules get resolved values and never read settings
//! themselves.

mod file;
mod paths;
pub mod private;

pub use file::{ConfigError, EXAMPLE, Settings, load, parse, read};
pub use paths::{config_dir, data_dir, db_url, log_file};

use crate::present::i18n::Lang;
use std::path::PathBuf;

/// The server a console or `tail` connects to when nothing says otherwise.
pub const DEFAULT_SERVER: &str = "http://127.0.0.1:7878";
pub const DEFAULT_THEME: &str = "dark";
pub const DEFAULT_KEYMAP: &str = "default";

/// The precedence rule: the flag (or its environment variable, which clap
/// has already read into it), else the file, else the default.
pub fn pick<T>(flag: Option<T>, file: Option<T>, default: impl FnOnce() -> T) -> T {
    flag.or(file).unwrap_or_else(default)
}

/// What the command line gave for the connection and the console's look;
/// `None` (or `false`) where it said nothing.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub server: Option<String>,
    pub token: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub insecure_http: bool,
    pub theme: Option<String>,
    pub keymap: Option<String>,
    pub ascii: bool,
    pub lang: Option<Lang>,
}

/// Every setting decided, for a console or `tail`.
#[derive(Debug, Clone)]
pub struct Resolved<Pane> {
    pub server: String,
    /// `None` when neither flag, environment nor file has one.
    pub token: Option<String>,
    /// A CA file trusted besides the system's roots.
    pub ca_file: Option<PathBuf>,
    /// Whether the token may go over plain HTTP to another machine.
    pub insecure_http: bool,
    pub theme: String,
    pub keymap: String,
    pub ascii: bool,
    /// Hours of reports the map's heat view counts.
    pub heat_hours: u32,
    /// The flag's, else the file's, else the locale's (see [`Lang::choose`]).
    pub lang: Lang,
    /// `None`: the console's default layout.
    pub layout: Option<Vec<Vec<Pane>>>,
    /// Where `config.toml` was looked for (and `keymap.toml` is).
    pub dir: Option<PathBuf>,
}

impl<Pane> Resolved<Pane> {
    /// `config.toml`'s path, to name in messages.
    pub fn file_name(&self) -> String {
        self.dir
            .as_ref()
            .map(|d| d.join("config.toml").display().to_string())
            .unwrap_or_else(|| "config.toml".into())
    }
}

/// Lays `file` under `flags`. The token also comes from `CITYDESK_TOKEN`
/// for commands with no `--token` flag (the console); a blank token is
/// no token.
pub fn resolve<Pane>(flags: Flags, file: Settings<Pane>, dir: Option<PathBuf>) -> Resolved<Pane> {
    let token = nonblank(flags.token)
        .or_else(|| nonblank(std::env::var("CITYDESK_TOKEN").ok()))
        .or(nonblank(file.token));
    Resolved {
        server: pick(flags.server, file.server, || DEFAULT_SERVER.into()),
        token,
        ca_file: flags.ca_file.or(file.ca_file),
        insecure_http: flags.insecure_http || file.insecure_http.unwrap_or(false),
        theme: pick(flags.theme, file.theme, || DEFAULT_THEME.into()),
        keymap: pick(flags.keymap, file.keymap, || DEFAULT_KEYMAP.into()),
        ascii: flags.ascii || file.ascii.unwrap_or(false),
        heat_hours: file.heat_hours.unwrap_or(crate::api::HEAT_HOURS),
        lang: Lang::choose(flags.lang, file.lang, |name| std::env::var(name).ok()),
        layout: file.layout,
        dir,
    }
}

fn nonblank(s: Option<String>) -> Option<String> {
    s.filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Settings<String> {
        Settings {
            server: Some("http://file".into()),
            theme: Some("light".into()),
            ascii: Some(true),
            ..Settings::default()
        }
    }

    #[test]
    fn a_flag_beats_the_file_and_the_file_beats_the_default() {
        let flags = Flags {
            server: Some("http://flag".into()),
            ..Flags::default()
        };
        let r = resolve(flags, file(), None);
        assert_eq!(r.server, "http://flag");
        assert_eq!(r.theme, "light");
        assert_eq!(r.keymap, DEFAULT_KEYMAP);
        assert!(r.ascii, "the file's ascii = true holds without --ascii");
    }

    #[test]
    fn nothing_set_gives_the_defaults() {
        let r = resolve(Flags::default(), Settings::<String>::default(), None);
        assert_eq!(r.server, DEFAULT_SERVER);
        assert_eq!(r.theme, DEFAULT_THEME);
        assert!(!r.ascii);
        assert_eq!(r.file_name(), "config.toml");
    }

    #[test]
    fn several_servers_in_the_file_are_one_comma_separated_string() {
        let path = std::path::Path::new("config.toml");
        let text = "server = \"http://10.0.0.5:7878, http://10.0.0.6:7878/\"\n";
        let file = parse::<String>(path, text).expect("parses");
        let r = resolve(Flags::default(), file, None);
        let urls = crate::client::parse_servers(&r.server).expect("a server list");
        assert_eq!(urls, ["http://10.0.0.5:7878", "http://10.0.0.6:7878"]);
        // The old single form is a list of one.
        let file = parse::<String>(path, "server = \"http://127.0.0.1:7878\"\n").expect("parses");
        let r = resolve(Flags::default(), file, None);
        assert_eq!(
            crate::client::parse_servers(&r.server).expect("one"),
            [DEFAULT_SERVER]
        );
    }

    #[test]
    fn a_blank_token_flag_falls_through() {
        let file = Settings::<String> {
            token: Some("cdk_file".into()),
            ..Settings::default()
        };
        let flags = Flags {
            token: Some("  ".into()),
            ..Flags::default()
        };
        let r = resolve(flags, file, None);
        // CITYDESK_TOKEN may be set where the tests run; either way the
        // blank flag does not win.
        assert!(r.token.is_some_and(|t| !t.trim().is_empty()));
    }

    #[test]
    fn the_language_comes_from_the_file_under_the_flag_and_a_wrong_one_names_its_line() {
        let path = std::path::Path::new("config.toml");
        let file = parse::<String>(path, "ascii = true\nlang = \"zh-CN\"\n").expect("parses");
        assert_eq!(resolve(Flags::default(), file.clone(), None).lang, Lang::ZhCn);
        let flags = Flags {
            lang: Some(Lang::En),
            ..Flags::default()
        };
        assert_eq!(resolve(flags, file, None).lang, Lang::En);
        let err = parse::<String>(path, "ascii = true\nlang = \"fr\"\n").expect_err("refused");
        assert_eq!(err.line, 2, "{err}");
        assert!(err.message.contains("zh-CN"), "{err}");
    }
}
