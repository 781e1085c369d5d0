//! Arguments more than one subcommand takes: where the database is, where
//! the city's data files are, how the console looks. One definition each,
//! so a flag keeps one name, one env var and one help line everywhere.

use clap::Args;

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DbArg {
    /// Database URL: sqlite:PATH, or postgres://USER@HOST:PORT/DB for several replicas
    /// sharing one log [default: citydesk.db in the platform data directory]
    #[arg(long, env = "CITYDESK_DB")]
    pub db: Option<String>,
}

/// Where the city's data files are.
#[derive(Debug, Clone, Args)]
pub struct CityArg {
    /// Directory with the city's departments.toml, taxonomy.toml and geography.toml
    /// (and for serve knowledge.toml, alertmanager.toml); each file found there
    /// replaces the built-in one (see docs/city-data.md)
    /// [default: the built-in city, Jinzhou]
    #[arg(long = "city", env = "CITYDESK_CITY", value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

/// The language of the words for people (console, demo, tail, sim, check,
/// policy check).
#[derive(Debug, Clone, Default, Args)]
pub struct LangArg {
    /// Language: en or zh-CN [default: `lang` in config.toml, else from
    /// LC_ALL, LC_MESSAGES or LANG (a zh_* locale gives Chinese), else en]
    #[arg(long, env = "CITYDESK_LANG", value_name = "LANG")]
    lang: Option<LangValue>,
}

impl LangArg {
    /// The language asked for, if any.
    pub fn get(&self) -> Option<crate::present::i18n::Lang> {
        self.lang.and_then(|v| v.0)
    }
}

/// `--lang`'s value; an empty `CITYDESK_LANG=` asks for nothing, as an
/// unset one does, rather than stopping the command.
#[derive(Debug, Clone, Copy)]
struct LangValue(Option<crate::present::i18n::Lang>);

impl std::str::FromStr for LangValue {
    type Err = crate::present::i18n::LangError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().is_empty() {
            return Ok(LangValue(None));
        }
        s.parse().map(|l| LangValue(Some(l)))
    }
}

/// How the console looks and which keys it takes (console and demo).
#[derive(Debug, Clone, Args)]
pub struct LookArgs {
    /// Theme: dark, light, high-contrast, mono (automatic with NO_COLOR), or a file.
    #[arg(long)]
    pub theme: Option<String>,
    /// Keymap: default or vim (keymap.toml in the config directory overrides keys).
    #[arg(long)]
    pub keymap: Option<String>,
    /// Draw with ASCII (+-|) for terminals without box-drawing glyphs.
    #[arg(long)]
    pub ascii: bool,
    #[command(flatten)]
    pub lang: LangArg,
}
