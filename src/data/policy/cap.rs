//! The policy file's `[cap]` table: CAP severity × urgency × certainty to
//! priority, as rows tried in order (see `model::policy::cap`).

use super::{Text, priority};
use crate::data::{DataError, Source};
use crate::model::{CAP_CERTAINTIES, CAP_SEVERITIES, CAP_URGENCIES, CapPolicy, CapRule};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCap {
    fallback: Option<Text>,
    #[serde(default)]
    priority: Vec<RawCapRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapRule {
    #[serde(default)]
    severity: Vec<Text>,
    #[serde(default)]
    urgency: Vec<Text>,
    #[serde(default)]
    certainty: Vec<Text>,
    priority: Text,
}

pub(super) fn cap(src: &Source, raw: RawCap) -> Result<CapPolicy, DataError> {
    let mut policy = CapPolicy::default();
    if let Some(f) = &raw.fallback {
        policy.fallback = priority(src, f)?;
    }
    if !raw.priority.is_empty() {
        policy.rules = raw
            .priority
            .iter()
            .map(|r| {
                Ok(CapRule {
                    severity: words(src, &r.severity, &CAP_SEVERITIES, "severity")?,
                    urgency: words(src, &r.urgency, &CAP_URGENCIES, "urgency")?,
                    certainty: words(src, &r.certainty, &CAP_CERTAINTIES, "certainty")?,
                    priority: priority(src, &r.priority)?,
                })
            })
            .collect::<Result<_, DataError>>()?;
    }
    Ok(policy)
}

fn words(src: &Source, list: &[Text], allowed: &[&str], what: &str) -> Result<Vec<String>, DataError> {
    list.iter()
        .map(|w| {
            let v = w.get_ref().trim();
            allowed
                .iter()
                .find(|a| a.eq_ignore_ascii_case(v))
                .map(|a| (*a).to_owned())
                .ok_or_else(|| {
                    src.error(
                        w.span(),
                        format!("cap {what} {v:?} is not one of {}", allowed.join(", ")),
                    )
                })
        })
        .collect()
}
