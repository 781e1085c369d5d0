//! How a CAP alert's severity × urgency × certainty becomes a priority:
//! rows tried in order, the first whose lists all match (an empty list
//! matches anything) giving the priority, `fallback` when none does.
//! Kept as CAP's own words so the policy file reads like the standard.

use crate::model::Priority;

pub const CAP_SEVERITIES: [&str; 5] = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"];
pub const CAP_URGENCIES: [&str; 5] = ["Immediate", "Expected", "Future", "Past", "Unknown"];
pub const CAP_CERTAINTIES: [&str; 5] = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapRule {
    pub severity: Vec<String>,
    pub urgency: Vec<String>,
    pub certainty: Vec<String>,
    pub priority: Priority,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapPolicy {
    pub rules: Vec<CapRule>,
    pub fallback: Priority,
}

impl CapPolicy {
    pub fn priority(&self, severity: &str, urgency: &str, certainty: &str) -> Priority {
        let fits =
            |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x.eq_ignore_ascii_case(v));
        self.rules
            .iter()
            .find(|r| {
                fits(&r.severity, severity) && fits(&r.urgency, urgency) && fits(&r.certainty, certainty)
            })
            .map_or(self.fallback, |r| r.priority)
    }
}

impl Default for CapPolicy {
    /// The shipped table (also written out in `data/policy.toml`): life
    /// and safety now and likely is P1; a past, unlikely or minor event
    /// waits.
    fn default() -> Self {
        let rule = |sev: &[&str], urg: &[&str], cert: &[&str], priority| CapRule {
            severity: sev.iter().map(|s| (*s).to_owned()).collect(),
            urgency: urg.iter().map(|s| (*s).to_owned()).collect(),
            certainty: cert.iter().map(|s| (*s).to_owned()).collect(),
            priority,
        };
        let now = ["Immediate", "Expected"];
        let sure = ["Observed", "Likely"];
        CapPolicy {
            rules: vec![
                rule(&[], &["Past"], &[], Priority::P4),
                rule(&[], &[], &["Unlikely"], Priority::P4),
                rule(&["Extreme"], &now, &sure, Priority::P1),
                rule(&["Severe"], &["Immediate"], &sure, Priority::P1),
                rule(&["Extreme", "Severe"], &[], &[], Priority::P2),
                rule(&["Moderate"], &now, &sure, Priority::P2),
                rule(&["Moderate"], &[], &[], Priority::P3),
                rule(&["Minor"], &[], &[], Priority::P4),
            ],
            fallback: Priority::P3,
        }
    }
}
