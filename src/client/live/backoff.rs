//! How long to wait before trying the server again: a quarter second at
//! first, doubling each time up to ten seconds, so a restart is picked up
//! quickly and a long outage is not hammered.

use std::time::Duration;

const FIRST_DELAY: Duration = Duration::from_millis(250);
const MAX_DELAY: Duration = Duration::from_secs(10);

/// Attempts in a row that failed, and so the next wait.
#[derive(Debug, Default, Clone)]
pub struct Backoff {
    attempt: u32,
}

impl Backoff {
    /// Counts one more failed attempt and says how long to wait now.
    pub fn next_delay(&mut self) -> Duration {
        self.attempt = self.attempt.saturating_add(1);
        FIRST_DELAY
            .saturating_mul(1 << (self.attempt - 1).min(6))
            .min(MAX_DELAY)
    }

    /// Failed attempts since the last success.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// After a success: the next failure waits the shortest time again.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_a_quarter_second_up_to_ten_seconds() {
        let mut b = Backoff::default();
        let waits: Vec<Duration> = (0..8).map(|_| b.next_delay()).collect();
        let expected = [250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000].map(Duration::from_millis);
        assert_eq!(waits, expected);
        assert_eq!(b.attempt(), 8);
        b.reset();
        assert_eq!(b.next_delay(), Duration::from_millis(250));
    }
}
