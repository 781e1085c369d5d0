//! The language a person reads, and the words in it. Every label a
//! console, `tail` or the server's error bodies show comes from the
//! message catalogs in `locales/` (Fluent `.ftl` files, one per language)
//! through [`tr`] or the [`t!`](crate::t) macro, with the language passed
//! in: it lives in the caller's state (the console's `App`), never in a
//! global, so a pure `update` and pure views can use it.
//!
//! The catalogs are compiled into the binary, so a missing file cannot
//! stop a console at a call-taker's desk; `citydesk check` and a test
//! compare them (keys, placeholders, keys the code no longer uses).

mod catalog;
pub mod lint;
mod pick;

pub use catalog::{Arg, CATALOGS, DYNAMIC, tr, tr_args};
pub use pick::{Lang, LangError};

/// Looks a message up in `lang`'s catalog: `t!(lang, "key")` or
/// `t!(lang, "key", name = value, …)`, the names as the catalog's
/// `{ $name }` placeables spell them.
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:literal) => {
        $crate::present::i18n::tr($lang, $key)
    };
    ($lang:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::present::i18n::tr_args(
            $lang,
            $key,
            &[$((stringify!($name), $crate::present::i18n::Arg::from($value))),+],
        )
    };
}
