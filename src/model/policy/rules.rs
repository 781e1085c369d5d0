//! The rules the server applies on its own, beyond clocks: the escalation
//! ladder, alert storms, duplicate suggestions and auto-dispatch routes.

use super::limits::Limit;
use crate::model::ids::Kind;
use crate::model::scales::Supervision;
use time::Duration;

/// The escalation ladder the server climbs by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ladder {
    /// A breached sign-for clock chases (催办) the department.
    pub chase_on_sign_breach: bool,
    /// Supervision set as a resolve clock stays overdue, in order.
    pub supervision: Vec<LadderStep>,
    /// The return (退单) that escalates a tier and asks a supervisor to
    /// designate the handler; 0 turns it off.
    pub returns_to_designate: u32,
}

/// One rung: once the resolve clock is `overdue` past due, set `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LadderStep {
    pub level: Supervision,
    pub overdue: Limit,
}

/// Many alerts in one grid (or street) within `window` group under one
/// parent item once there are `threshold` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StormRule {
    pub window: Duration,
    pub threshold: u32,
}

/// Tickets and incidents of the same category and place within `window`
/// are suggested as duplicates; coordinates count within `distance_m`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DuplicateRule {
    pub window: Duration,
    pub distance_m: f64,
}

/// One auto-dispatch route: which items it matches and where they go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// How events name the rule (`route:C11@古塔区`).
    pub name: String,
    pub kind: Option<Kind>,
    pub category: Option<String>,
    pub district: Option<String>,
    pub street: Option<String>,
    /// Department codes; the least loaded wins. `community` means the
    /// item's grid's community, `category` the department the taxonomy
    /// gives the item's category.
    pub to: Vec<String>,
    /// Dispatch without a dispatcher; when off the route only suggests.
    pub auto: bool,
    /// How to choose among `to`.
    pub pick: Pick,
}

/// How a route chooses among its departments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pick {
    /// The one with the fewest open items; ties to the first listed.
    #[default]
    LeastLoaded,
    /// The first listed that has not returned the item: a preference
    /// order, such as the grid's community first, then the department.
    First,
}

impl Default for Ladder {
    /// The shipped ladder: chase on a sign-for breach; normal, yellow and red
    /// cards at 0, 1 and 5 working days overdue; designate on the third return.
    fn default() -> Self {
        Ladder {
            chase_on_sign_breach: true,
            supervision: vec![
                LadderStep {
                    level: Supervision::Normal,
                    overdue: Limit::Wall(Duration::ZERO),
                },
                LadderStep {
                    level: Supervision::Yellow,
                    overdue: Limit::WorkingDays(1),
                },
                LadderStep {
                    level: Supervision::Red,
                    overdue: Limit::WorkingDays(5),
                },
            ],
            returns_to_designate: 3,
        }
    }
}

impl Default for StormRule {
    /// The shipped rule: five alerts within ten minutes.
    fn default() -> Self {
        StormRule {
            window: Duration::minutes(10),
            threshold: 5,
        }
    }
}

impl Default for DuplicateRule {
    /// The shipped rule: the same category within a day and 150 m.
    fn default() -> Self {
        DuplicateRule {
            window: Duration::hours(24),
            distance_m: 150.0,
        }
    }
}
