//! The demo's telephone: now and then a call rings at an operator's desk,
//! posted the way a PBX would (`POST /v1/calls`), from a number drawn out
//! of the same pool the simulated callers use, so the ringing caller often
//! has a history already.

use super::place::{self, SimRng};
use crate::api::CallRequest;
use crate::client::Client;
use rand::{RngExt, SeedableRng};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The demo's first call comes soon, so a new user sees the phone ring.
pub const FIRST_CALL: Duration = Duration::from_secs(20);

/// Who rings whom, how often.
#[derive(Debug, Clone)]
pub struct Ringing {
    /// The login of the operator whose console rings.
    pub operator: String,
    /// Calls per hour on average (exponentially spaced); 0: never.
    pub per_hour: f64,
    pub seed: u64,
    /// The wait before the first call.
    pub first: Duration,
}

/// The next call: a number and the telephone system's id for it.
pub fn next_call(rng: &mut SimRng, operator: &str, n: u64) -> CallRequest {
    CallRequest {
        phone: place::caller(rng).phone.unwrap_or_default(),
        operator: Some(operator.to_owned()),
        extension: None,
        call_id: Some(format!("sim-{n}")),
    }
}

/// The wait before the next call: exponential with the given mean rate.
pub fn gap(rng: &mut SimRng, per_hour: f64) -> Duration {
    let u: f64 = rng.random_range(f64::EPSILON..1.0);
    Duration::from_secs_f64((-u.ln() * 3600.0 / per_hour).min(86_400.0))
}

/// Rings until `stop`; a refused or failed post is logged and the phone
/// rings again later (a PBX does not give up on one failure).
pub async fn ring(client: Client, ringing: Ringing, stop: CancellationToken) {
    if ringing.per_hour <= 0.0 {
        return;
    }
    let mut rng = SimRng::seed_from_u64(ringing.seed);
    let mut wait = ringing.first;
    for n in 1.. {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(wait) => {}
        }
        let call = next_call(&mut rng, &ringing.operator, n);
        if let Err(e) = client.post_call(&call).await {
            tracing::warn!(error = %e, "the simulated telephone could not post a call");
        }
        wait = gap(&mut rng, ringing.per_hour);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_numbers_the_server_takes_and_come_at_the_asked_rate() {
        let mut rng = SimRng::seed_from_u64(7);
        for n in 0..100 {
            let call = next_call(&mut rng, "wangfang", n);
            assert!(
                crate::model::phone::normalise(&call.phone, crate::model::phone::LOCAL_AREA).is_ok(),
                "{}",
                call.phone
            );
        }
        let total: f64 = (0..2000).map(|_| gap(&mut rng, 60.0).as_secs_f64()).sum();
        let mean = total / 2000.0;
        assert!((50.0..70.0).contains(&mean), "one a minute on average: {mean}");
    }
}
