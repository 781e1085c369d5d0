//! Which language: `--lang`, then `lang = …` in config.toml, then the
//! POSIX locale variables, then English. A `zh_*` locale gives Chinese,
//! any other English (the only two catalogs shipped).

use serde::Deserialize;
use std::str::FromStr;

/// A language with a catalog. English is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(try_from = "String")]
pub enum Lang {
    #[default]
    En,
    ZhCn,
}

/// A language no catalog is shipped for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}; expected en or zh-CN")]
pub struct LangError(pub String);

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The BCP 47 tag: what `--lang`, config.toml and Accept-Language say.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// From a tag or a POSIX locale name (`zh-CN`, `zh_CN.UTF-8`, `en_US`,
    /// `C`); `None` for a language without a catalog.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let base = tag.split(['.', '@']).next().unwrap_or_default();
        let primary = base.split(['_', '-']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "zh" => Some(Lang::ZhCn),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// What the locale variables say, the way POSIX reads them: the first
    /// of LC_ALL, LC_MESSAGES and LANG that is set wins; Chinese for a
    /// `zh_*` locale, English for any other.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| var(name).filter(|v| !v.trim().is_empty()))
            .next()
            .and_then(|v| Lang::from_tag(&v))
            .filter(|l| *l == Lang::ZhCn)
            .unwrap_or_default()
    }

    /// The precedence: the flag, then the file, then the locale.
    pub fn choose(flag: Option<Lang>, file: Option<Lang>, var: impl Fn(&str) -> Option<String>) -> Lang {
        flag.or(file).unwrap_or_else(|| Lang::from_locale(var))
    }

    /// The language an `Accept-Language` header prefers among ours: the
    /// highest `q` wins, the first listed among equals; English when none
    /// of ours is listed.
    pub fn from_accept(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default().trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let Some(lang) = Lang::from_tag(tag).filter(|_| q > 0.0) else {
                continue;
            };
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

impl FromStr for Lang {
    type Err = LangError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_tag(s.trim())
            .filter(|_| !matches!(s.trim().to_ascii_lowercase().as_str(), "c" | "posix"))
            .ok_or_else(|| LangError(s.to_owned()))
    }
}

impl TryFrom<String> for Lang {
    type Error = LangError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn a_chinese_locale_gives_chinese_and_any_other_english() {
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::ZhCn);
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_TW.UTF-8")])), Lang::ZhCn);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[("LANG", "de_DE.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    }

    #[test]
    fn lc_all_wins_over_lc_messages_over_lang() {
        let all = [
            ("LC_ALL", "en_US.UTF-8"),
            ("LC_MESSAGES", "zh_CN"),
            ("LANG", "zh_CN"),
        ];
        assert_eq!(Lang::from_locale(env(&all)), Lang::En);
        let messages = [("LC_ALL", ""), ("LC_MESSAGES", "zh_CN.UTF-8"), ("LANG", "C")];
        assert_eq!(Lang::from_locale(env(&messages)), Lang::ZhCn);
    }

    #[test]
    fn the_flag_beats_the_file_and_the_file_beats_the_locale() {
        let zh = [("LANG", "zh_CN.UTF-8")];
        assert_eq!(Lang::choose(Some(Lang::En), Some(Lang::ZhCn), env(&zh)), Lang::En);
        assert_eq!(Lang::choose(None, Some(Lang::En), env(&zh)), Lang::En);
        assert_eq!(Lang::choose(None, None, env(&zh)), Lang::ZhCn);
    }

    #[test]
    fn tags_parse_and_unknown_ones_are_refused() {
        assert_eq!("zh-CN".parse::<Lang>(), Ok(Lang::ZhCn));
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
        assert!(
            "C".parse::<Lang>().is_err(),
            "C is a locale, not a language to ask for"
        );
        assert_eq!(Lang::ZhCn.to_string(), "zh-CN");
    }

    #[test]
    fn accept_language_takes_the_highest_quality_of_ours() {
        assert_eq!(Lang::from_accept("zh-CN,zh;q=0.9,en;q=0.8"), Lang::ZhCn);
        assert_eq!(Lang::from_accept("en-US, zh-CN;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept("fr, zh;q=0.3"), Lang::ZhCn);
        assert_eq!(Lang::from_accept("fr, de"), Lang::En);
        assert_eq!(Lang::from_accept("zh-CN;q=0"), Lang::En);
        assert_eq!(Lang::from_accept(""), Lang::En);
    }
}
