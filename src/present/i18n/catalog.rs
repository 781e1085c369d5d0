//! The shipped catalogs, parsed once into Fluent bundles. A message
//! missing from a catalog reads as English, then as its key, so a gap
//! shows as words a reader can report rather than a blank.

use super::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Each language's catalog: its file name (for messages) and its text.
pub const CATALOGS: [(Lang, &str, &str); 2] = [
    (
        Lang::En,
        "locales/en.ftl",
        include_str!("../../../locales/en.ftl"),
    ),
    (
        Lang::ZhCn,
        "locales/zh-CN.ftl",
        include_str!("../../../locales/zh-CN.ftl"),
    ),
];

/// Keys the code builds from a name (`status-` + a status's wire name),
/// so no literal names them: every key under these prefixes counts as
/// used.
pub const DYNAMIC: &[&str] = &[
    "status-",
    "role-",
    "pane-",
    "tier-",
    "card-",
    "service-",
    "verb-",
    "event-",
    "kind-",
    "stage-",
    "level-",
    "satisfaction-",
    "clock-",
    "origin-",
    "error-",
    "cmd-",
    "kpi-short-",
    "kpi-stage-",
    "confirm-",
    "card-pick-",
    "priority-pick-",
    "form-field-",
    "channel-",
    "param-",
    "usage-",
    "sim-source-",
];

/// A value for a placeable: text or a number (numbers choose plural forms).
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                // Counts and seconds on a screen: far below f64's exact range.
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_arg!(usize, u32, u64, i32, i64);

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| CATALOGS.map(|(lang, _, text)| bundle(lang, text)))
}

/// A bundle of one catalog. A catalog that does not parse keeps the
/// messages that do (`citydesk check` and the catalog test report the
/// rest); the binary ships only catalogs that pass that test.
fn bundle(lang: Lang, text: &str) -> Bundle {
    let id = lang.tag().parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // Terminals draw Unicode isolation marks as stray cells.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(partial, _)| partial);
    // Duplicate keys are reported by the check; the first one stays.
    let _ = bundle.add_resource(resource);
    bundle
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::ZhCn => 1,
    }
}

fn format(lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let bundle = &bundles()[index(lang)];
    let pattern = bundle.get_message(key)?.value()?;
    let mut errors = Vec::new();
    let text: Cow<'_, str> = bundle.format_pattern(pattern, args, &mut errors);
    Some(text.into_owned())
}

/// The message `key` in `lang`, else in English, else the key itself.
pub fn tr(lang: Lang, key: &str) -> String {
    tr_with(lang, key, None)
}

/// [`tr`] with values for the message's placeables.
pub fn tr_args(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let mut fluent = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let value = match value {
            Arg::Text(s) => FluentValue::from(s.clone()),
            Arg::Number(n) => FluentValue::from(*n),
        };
        fluent.set(*name, value);
    }
    tr_with(lang, key, Some(&fluent))
}

fn tr_with(lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> String {
    format(lang, key, args)
        .or_else(|| format(Lang::En, key, args))
        .unwrap_or_else(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_reads_in_each_language() {
        assert_eq!(tr(Lang::En, "pane-incidents"), "Incidents");
        assert_eq!(tr(Lang::ZhCn, "pane-incidents"), "突发事件");
    }

    #[test]
    fn plural_forms_follow_the_count() {
        assert_eq!(crate::t!(Lang::En, "n-callers", n = 1_usize), "1 caller");
        assert_eq!(crate::t!(Lang::En, "n-callers", n = 3_usize), "3 callers");
        assert_eq!(crate::t!(Lang::ZhCn, "n-callers", n = 3_usize), "3 位来电人");
    }

    #[test]
    fn an_unknown_key_reads_as_itself() {
        assert_eq!(tr(Lang::ZhCn, "no-such-key"), "no-such-key");
    }
}
