//! How an Alertmanager alert's labels become an item: its category, place
//! and priority, as the mapping file (`data/alertmanager.toml`, read by
//! `data::alertmanager`) says. Pure, so the webhook route and the tests
//! share one reading. An alert no rule maps goes to the default category
//! and its `alertname` is handed back, so the server can show which names
//! still want a rule instead of inventing a category nobody routes.

use super::{Place, Priority};
use std::collections::BTreeMap;

/// The mapping file, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertMap {
    /// Where an alert no rule maps goes.
    pub default_category: String,
    pub labels: LabelNames,
    /// Values of the priority label, lower-cased, to priorities.
    pub priorities: BTreeMap<String, Priority>,
    /// When the priority label is missing or its value is not listed.
    pub fallback_priority: Priority,
    /// Tried in order; the first whose labels all match decides.
    pub rules: Vec<AlertRule>,
}

/// Which label carries each fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelNames {
    /// An alert may name its own category (a taxonomy code) with this one.
    pub category: String,
    pub priority: String,
    pub district: String,
    pub street: String,
    pub grid: String,
    pub address: String,
}

impl Default for LabelNames {
    fn default() -> Self {
        LabelNames {
            category: "category".into(),
            priority: "severity".into(),
            district: "district".into(),
            street: "street".into(),
            grid: "grid".into(),
            address: "address".into(),
        }
    }
}

/// One `[[rule]]`: when every label of `when` has exactly that value, the
/// alert is `category`; `priority` and the place facts, when given, stand
/// in for labels the alert does not carry.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRule {
    pub when: BTreeMap<String, String>,
    pub category: String,
    /// Overrides the priority label: the rule knows the alert better.
    pub priority: Option<Priority>,
    /// Used where the alert's own labels say nothing.
    pub place: Place,
}

/// What the labels mean.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedLabels {
    pub category: String,
    pub priority: Priority,
    pub place: Place,
    /// The `alertname` (or `(no alertname)`) when no rule and no category
    /// label decided, and the default category was taken.
    pub unmapped: Option<String>,
}

/// What an alert without an `alertname` label is listed as when unmapped.
pub const NO_ALERTNAME: &str = "(no alertname)";

impl AlertMap {
    pub fn map(&self, labels: &BTreeMap<String, String>) -> MappedLabels {
        let label = |name: &str| labels.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let rule = self
            .rules
            .iter()
            .find(|r| r.when.iter().all(|(k, v)| labels.get(k) == Some(v)));
        let own_category = label(&self.labels.category).map(str::to_owned);
        let (category, unmapped) = match (rule, own_category) {
            (Some(r), _) => (r.category.clone(), None),
            (None, Some(c)) => (c, None),
            (None, None) => (
                self.default_category.clone(),
                Some(label("alertname").unwrap_or(NO_ALERTNAME).to_owned()),
            ),
        };
        let by_label =
            label(&self.labels.priority).and_then(|v| self.priorities.get(&v.to_lowercase()).copied());
        let priority = rule
            .and_then(|r| r.priority)
            .or(by_label)
            .unwrap_or(self.fallback_priority);
        let fixed = rule.map(|r| r.place.clone()).unwrap_or_default();
        let pick = |name: &str, fixed: Option<String>| label(name).map(str::to_owned).or(fixed);
        let place = Place {
            district: pick(&self.labels.district, fixed.district),
            street: pick(&self.labels.street, fixed.street),
            grid: pick(&self.labels.grid, fixed.grid),
            address: pick(&self.labels.address, fixed.address),
            ..Place::default()
        };
        MappedLabels {
            category,
            priority,
            place,
            unmapped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect()
    }

    fn map() -> AlertMap {
        AlertMap {
            default_category: "传感器告警".into(),
            labels: LabelNames::default(),
            priorities: [("critical", Priority::P1), ("warning", Priority::P3)]
                .into_iter()
                .map(|(k, p)| (k.to_owned(), p))
                .collect(),
            fallback_priority: Priority::P3,
            rules: vec![
                AlertRule {
                    when: labels(&[("alertname", "ManholeCoverOpen"), ("cover", "water")]),
                    category: "C01".into(),
                    priority: Some(Priority::P2),
                    place: Place::default(),
                },
                AlertRule {
                    when: labels(&[("alertname", "ManholeCoverOpen")]),
                    category: "C02".into(),
                    priority: None,
                    place: Place {
                        grid: Some("G-17".into()),
                        ..Place::default()
                    },
                },
            ],
        }
    }

    #[test]
    fn the_first_rule_whose_labels_all_match_decides_the_category() {
        let m = map();
        let water = m.map(&labels(&[("alertname", "ManholeCoverOpen"), ("cover", "water")]));
        assert_eq!((water.category.as_str(), water.unmapped), ("C01", None));
        let other = m.map(&labels(&[("alertname", "ManholeCoverOpen"), ("cover", "power")]));
        assert_eq!(other.category, "C02");
    }

    #[test]
    fn an_unmapped_alertname_goes_to_the_default_and_is_named() {
        let m = map();
        let got = m.map(&labels(&[
            ("alertname", "WaterLevelHigh"),
            ("severity", "critical"),
        ]));
        assert_eq!(got.category, "传感器告警");
        assert_eq!(got.unmapped.as_deref(), Some("WaterLevelHigh"));
        assert_eq!(got.priority, Priority::P1);
        let nameless = m.map(&BTreeMap::new());
        assert_eq!(nameless.unmapped.as_deref(), Some(NO_ALERTNAME));
    }

    #[test]
    fn a_category_label_is_taken_when_no_rule_matches() {
        let got = map().map(&labels(&[("alertname", "X"), ("category", "G06")]));
        assert_eq!((got.category.as_str(), got.unmapped), ("G06", None));
    }

    #[test]
    fn a_rules_priority_beats_severity_and_unknown_severities_fall_back() {
        let m = map();
        let got = m.map(&labels(&[
            ("alertname", "ManholeCoverOpen"),
            ("cover", "water"),
            ("severity", "critical"),
        ]));
        assert_eq!(got.priority, Priority::P2);
        let odd = m.map(&labels(&[("alertname", "X"), ("severity", "CRITICAL")]));
        assert_eq!(odd.priority, Priority::P1, "values are read case-insensitively");
        let unknown = m.map(&labels(&[("alertname", "X"), ("severity", "bad")]));
        assert_eq!(unknown.priority, Priority::P3);
    }

    #[test]
    fn place_labels_win_over_a_rules_fixed_place() {
        let m = map();
        let fixed = m.map(&labels(&[
            ("alertname", "ManholeCoverOpen"),
            ("district", "凌河区"),
        ]));
        assert_eq!(fixed.place.grid.as_deref(), Some("G-17"));
        assert_eq!(fixed.place.district.as_deref(), Some("凌河区"));
        let own = m.map(&labels(&[("alertname", "ManholeCoverOpen"), ("grid", "G-3")]));
        assert_eq!(own.place.grid.as_deref(), Some("G-3"));
    }
}
