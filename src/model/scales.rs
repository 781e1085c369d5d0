//! The ranked scales an item is placed on: how urgent it is (priority),
//! which organisational tier holds it, and how hard a supervisor presses
//! (督办). Each is ordered, so rules can compare and climb them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// P1 life or public safety, P2 urgent (utilities, open manholes), P3
/// general, P4 enquiry (domain.md §3.1: no national scale exists).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
pub enum Priority {
    P1,
    P2,
    P3,
    P4,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::P1, Priority::P2, Priority::P3, Priority::P4];
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

/// The organisational tier that holds an item. Escalation climbs one tier at
/// a time (domain.md §1.3).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Grid,
    Community,
    Street,
    District,
    City,
}

impl Tier {
    /// The next tier up, or `None` at the top.
    pub fn up(self) -> Option<Tier> {
        match self {
            Tier::Grid => Some(Tier::Community),
            Tier::Community => Some(Tier::Street),
            Tier::Street => Some(Tier::District),
            Tier::District => Some(Tier::City),
            Tier::City => None,
        }
    }
}

/// 督办: an overlay a supervisor puts on an item; it changes no status.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Default,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Supervision {
    #[default]
    None,
    Normal,
    Yellow,
    Red,
}
