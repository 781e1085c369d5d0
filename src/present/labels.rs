//! The domain's names in the reader's language: statuses, roles, tiers,
//! supervision cards, emergency services and verbs. Keys are built from
//! the wire names (`status-` + `in_progress`), so the wire never changes
//! and a new variant without words reads as its key, which the catalog
//! check then reports as missing.

use super::i18n::{Lang, tr};
use crate::model::{EmergencyService, Role, Status, Supervision, Tier};

fn named(lang: Lang, prefix: &str, wire: &str) -> String {
    tr(lang, &format!("{prefix}-{wire}"))
}

/// The wire name of a `Debug`-spelt enum (`District` → `district`).
fn lower(value: &impl std::fmt::Debug) -> String {
    format!("{value:?}").to_lowercase()
}

pub fn status(lang: Lang, s: Status) -> String {
    named(lang, "status", s.as_str())
}

pub fn role(lang: Lang, r: Role) -> String {
    named(lang, "role", r.as_str())
}

pub fn tier(lang: Lang, t: Tier) -> String {
    named(lang, "tier", &lower(&t))
}

/// A supervision card; `None` (no card) reads as the plain "supervised".
pub fn card(lang: Lang, s: Supervision) -> String {
    match s {
        Supervision::None => named(lang, "card", "normal"),
        other => named(lang, "card", &lower(&other)),
    }
}

pub fn service(lang: Lang, s: EmergencyService) -> String {
    let number = match s {
        EmergencyService::Police => "110",
        EmergencyService::Fire => "119",
        EmergencyService::Ambulance => "120",
        EmergencyService::Traffic => "122",
    };
    named(lang, "service", number)
}

/// An item kind (`incident`).
pub fn kind(lang: Lang, k: crate::model::Kind) -> String {
    named(lang, "kind", k.as_str())
}

/// An SLA stage by its wire name (`accept`, `resolve`).
pub fn stage(lang: Lang, wire: &str) -> String {
    named(lang, "stage", wire)
}

/// An event by its wire name (`extension_requested`).
pub fn event(lang: Lang, type_name: &str) -> String {
    named(lang, "event", type_name)
}

/// A verb by its `:` spelling (`approve-extension`).
pub fn verb(lang: Lang, command: &str) -> String {
    named(lang, "verb", command)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every status, role, tier and card has words in both languages
    /// (a missing key would read as the key itself).
    #[test]
    fn every_domain_name_has_words_in_both_languages() {
        for lang in Lang::ALL {
            let words: Vec<String> = Status::ALL
                .iter()
                .map(|s| status(lang, *s))
                .chain(Role::ALL.iter().map(|r| role(lang, *r)))
                .chain(
                    [
                        Tier::Grid,
                        Tier::Community,
                        Tier::Street,
                        Tier::District,
                        Tier::City,
                    ]
                    .iter()
                    .map(|t| tier(lang, *t)),
                )
                .chain([Supervision::Normal, Supervision::Yellow, Supervision::Red].map(|c| card(lang, c)))
                .collect();
            for w in words {
                assert!(!w.contains('-') || w.contains(' '), "{lang}: {w} reads as a key");
            }
        }
        assert_eq!(status(Lang::ZhCn, Status::Dispatched), "已派遣");
        assert_eq!(status(Lang::En, Status::InProgress), "in progress");
        assert_eq!(verb(Lang::ZhCn, "approve-extension"), "批准延期");
    }
}
