//! Who reads what: the one view of items and events each reader gets.
//!
//! Every read path (the snapshot, an item and its history, action replies
//! and conflicts, the stream, a caller's history, and any export to come)
//! goes through [`View`], so scoping and masking cannot differ between them:
//!
//! - desk roles (agent, dispatcher, supervisor, admin) read every item,
//!   callers in full;
//! - a `viewer` (wall screens, auditors) reads every item, callers masked;
//! - a `unit` (a department's own system) reads only items dispatched to
//!   its department now or before, callers masked. "Before" is kept on the
//!   item itself ([`Item::dispatched_to`]), so deciding costs no history
//!   read. An item the unit may not read does not exist for it: 404, never
//!   403, so a unit cannot probe for other departments' work;
//! - the telephone system reads nothing.

use super::event::Event;
use super::item::Item;
use super::privacy::Sight;
use super::role::{Operator, Role};

/// Which items a reader may see.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    All,
    /// Items ever dispatched to this department.
    Department(String),
    /// Nothing (the telephone system, a unit without a department).
    Nothing,
}

/// What one reader sees: the key of everything shared between readers
/// (the stream's rendered frames among them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct View {
    pub sight: Sight,
    pub scope: Scope,
}

impl View {
    /// The view of `operator`.
    pub fn of(operator: &Operator) -> View {
        let scope = match (operator.role, &operator.department) {
            (Role::Unit, Some(d)) => Scope::Department(d.clone()),
            (Role::Unit, None) | (Role::Telephony | Role::Feed, _) => Scope::Nothing,
            _ => Scope::All,
        };
        View {
            sight: operator.role.sight(),
            scope,
        }
    }

    /// Whether an item that went to `departments` (every department it was
    /// ever dispatched to) is in this view.
    pub fn sees<S: AsRef<str>>(&self, departments: &[S]) -> bool {
        match &self.scope {
            Scope::All => true,
            Scope::Department(d) => departments.iter().any(|x| x.as_ref() == d),
            Scope::Nothing => false,
        }
    }

    /// Whether `item` is in this view.
    pub fn sees_item(&self, item: &Item) -> bool {
        match &self.scope {
            Scope::All => true,
            Scope::Department(d) => item.went_to(d),
            Scope::Nothing => false,
        }
    }

    /// The item as this reader sees it, or `None`: it does not exist for
    /// them.
    pub fn item(&self, mut item: Item) -> Option<Item> {
        if !self.sees_item(&item) {
            return None;
        }
        super::privacy::redact_callers(&mut item.callers, self.sight);
        Some(item)
    }

    /// An event of an item this reader sees, as they see it. Whether the
    /// item is seen is the caller's question ([`View::sees_item`],
    /// [`View::sees`]): an event alone does not say where its item went.
    pub fn event(&self, mut event: Event) -> Event {
        event.redact(self.sight);
        event
    }
}

/// The item as `operator` may read it, or `None` (answer 404).
pub fn view_for(operator: &Operator, item: Item) -> Option<Item> {
    View::of(operator).item(item)
}

impl Item {
    /// Whether the item was ever dispatched to `department`. Items stored
    /// before [`Item::dispatched_to`] was kept still name their current
    /// department and those that returned them.
    pub fn went_to(&self, department: &str) -> bool {
        self.dispatched_to.iter().any(|d| d == department)
            || self.department.as_deref() == Some(department)
            || self.returned_by.iter().any(|d| d == department)
    }

    /// Every department the item was ever dispatched to (see
    /// [`Item::went_to`]).
    pub fn departments_ever(&self) -> Vec<String> {
        let mut all = self.dispatched_to.clone();
        for d in self.department.iter().chain(&self.returned_by) {
            if !all.contains(d) {
                all.push(d.clone());
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::place::Caller;

    fn operator(role: Role, department: Option<&str>) -> Operator {
        Operator {
            login: "x".into(),
            name: "x".into(),
            role,
            department: department.map(str::to_owned),
        }
    }

    fn item(dispatched_to: &[&str], department: Option<&str>) -> Item {
        let mut item: Item = serde_json::from_value(serde_json::json!({
            "id": "TKT-0001", "kind": "ticket", "version": 3, "status": "dispatched",
            "category": "C01", "title": "停水", "priority": "P2", "tier": "district",
            "supervision": "none", "place": {}, "counters": {"returns": 0, "rework": 0, "reopens": 0}, "created_by": "op:a",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }))
        .expect("item");
        item.dispatched_to = dispatched_to.iter().map(|d| (*d).to_owned()).collect();
        item.department = department.map(str::to_owned);
        item.callers = vec![Caller {
            name: Some("王芳".into()),
            phone: Some("13800001234".into()),
            ..Caller::default()
        }];
        item
    }

    #[test]
    fn a_unit_reads_items_sent_to_its_department_now_or_before_and_nothing_else() {
        let water = operator(Role::Unit, Some("water"));
        assert!(view_for(&water, item(&["water"], Some("water"))).is_some());
        assert!(view_for(&water, item(&["water", "gas"], Some("gas"))).is_some());
        assert!(view_for(&water, item(&["gas"], Some("gas"))).is_none());
        assert!(view_for(&water, item(&[], None)).is_none());
        assert!(view_for(&operator(Role::Unit, None), item(&["water"], None)).is_none());
    }

    #[test]
    fn desk_roles_read_everything_in_full_and_viewers_everything_masked() {
        for role in [Role::Agent, Role::Dispatcher, Role::Supervisor, Role::Admin] {
            let seen = view_for(&operator(role, None), item(&[], None)).expect("seen");
            assert_eq!(seen.callers[0].phone.as_deref(), Some("13800001234"), "{role}");
        }
        let seen = view_for(&operator(Role::Viewer, None), item(&[], None)).expect("seen");
        assert_eq!(seen.callers[0].phone.as_deref(), Some("138****1234"));
        assert_eq!(seen.callers[0].name.as_deref(), Some("王*"));
        let unit = view_for(&operator(Role::Unit, Some("water")), item(&["water"], None)).expect("seen");
        assert_eq!(unit.callers[0].phone.as_deref(), Some("138****1234"));
    }

    #[test]
    fn the_telephone_system_reads_nothing() {
        assert!(view_for(&operator(Role::Telephony, None), item(&["water"], None)).is_none());
    }
}
