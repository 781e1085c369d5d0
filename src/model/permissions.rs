//! Which role may ask for which action: derived from the verb table
//! (`verbs/table.rs`), and written out again below as a test so a change to
//! it is a visible diff.
//!
//! The lifecycle (`lifecycle.rs`) then decides whether the item's state
//! allows it; both must say yes.

use super::action::ActionName;
use super::role::Role;
use super::verbs::Verb;

/// May `role` ask for `action` at all? Each verb's row lists its roles.
pub fn permits(role: Role, action: ActionName) -> bool {
    Verb::of(action).permits(role)
}

/// May `role` report new items? A feed only through its ingest route,
/// which the server's extractors enforce.
pub fn may_create(role: Role) -> bool {
    matches!(
        role,
        Role::Agent | Role::Dispatcher | Role::Supervisor | Role::Admin | Role::Feed
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use ActionName as A;

    /// The whole table, written out so a change to it is a visible diff.
    /// Columns: viewer agent dispatcher supervisor admin unit.
    const TABLE: &[(ActionName, [u8; 6])] = &[
        (A::Accept, [0, 1, 1, 1, 1, 0]),
        (A::Reject, [0, 1, 1, 1, 1, 0]),
        (A::Dispatch, [0, 0, 1, 1, 1, 0]),
        (A::Sign, [0, 0, 1, 1, 1, 1]),
        (A::Return, [0, 0, 1, 1, 1, 1]),
        (A::Resolve, [0, 0, 1, 1, 1, 1]),
        (A::Verify, [0, 1, 1, 1, 1, 0]),
        (A::Reopen, [0, 0, 0, 1, 1, 0]),
        (A::Escalate, [0, 0, 1, 1, 1, 0]),
        (A::Supervise, [0, 0, 0, 1, 1, 0]),
        (A::SetPriority, [0, 1, 1, 1, 1, 0]),
        (A::Park, [0, 0, 1, 1, 1, 0]),
        (A::Resume, [0, 0, 1, 1, 1, 0]),
        (A::Claim, [0, 1, 1, 1, 1, 0]),
        (A::Release, [0, 1, 1, 1, 1, 0]),
        (A::Merge, [0, 1, 1, 1, 1, 0]),
        (A::Link, [0, 1, 1, 1, 1, 0]),
        (A::Note, [0, 1, 1, 1, 1, 1]),
        (A::Answer, [0, 1, 1, 1, 1, 0]),
        (A::Transfer, [0, 1, 1, 1, 1, 0]),
        (A::Clear, [0, 1, 1, 1, 1, 0]),
        (A::RequestExtension, [0, 0, 1, 1, 1, 1]),
        (A::ApproveExtension, [0, 0, 1, 1, 1, 0]),
        (A::DenyExtension, [0, 0, 1, 1, 1, 0]),
        (A::Callback, [0, 1, 1, 1, 1, 0]),
    ];

    #[test]
    fn permission_table_matches_every_role_and_action() {
        assert_eq!(TABLE.len(), ActionName::ALL.len());
        for (action, row) in TABLE {
            for (role, allowed) in Role::ALL.iter().zip(row) {
                assert_eq!(permits(*role, *action), *allowed == 1, "{role} {action}");
            }
        }
    }

    #[test]
    fn the_telephone_system_may_take_no_action() {
        for action in ActionName::ALL {
            assert!(!permits(Role::Telephony, action), "{action}");
        }
        assert!(!may_create(Role::Telephony));
    }

    #[test]
    fn only_desk_roles_and_feeds_create_items() {
        let creators: Vec<_> = Role::ALL.into_iter().filter(|r| may_create(*r)).collect();
        assert_eq!(
            creators,
            [
                Role::Agent,
                Role::Dispatcher,
                Role::Supervisor,
                Role::Admin,
                Role::Feed
            ]
        );
    }

    #[test]
    fn a_feed_may_only_re_rate_clear_and_note_what_it_brought() {
        let allowed: Vec<_> = ActionName::ALL
            .into_iter()
            .filter(|a| permits(Role::Feed, *a))
            .collect();
        assert_eq!(allowed, [A::SetPriority, A::Note, A::Clear]);
    }
}
