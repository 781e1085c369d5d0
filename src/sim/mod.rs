//! `citydesk sim`: a simulated city feeding a server through the public
//! API, as a real intake would — callers, grid workers and sensors report;
//! the same token plays the dispatcher and the departments, who accept,
//! dispatch (sometimes wrongly), sign for, resolve, return, escalate and
//! let some items run late.
//!
//! Generation is pure ([`Generator`]: the same seed gives the same scripts)
//! and sending is separate ([`simulate`]), so the plan can be tested
//! without a server and the sender measured without randomness in the way.
//!
//! [`ring`] is the city's telephone: it posts calls to an operator's desk
//! now and then, as a PBX would, so the demo's phone rings.

mod fate;
mod generator;
mod place;
mod ring;
mod scenario;
mod script;
mod send;
mod stats;
mod texts;

pub use generator::Generator;
pub use ring::{FIRST_CALL, Ringing, ring};
pub use scenario::{Mix, Scenario};
pub use script::{Act, Script, Source, Step};
pub use send::{SimError, SimOptions, simulate};
pub use stats::{Report, Stats, listed};
