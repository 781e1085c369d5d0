//! What one client may cost the server: connections, time to send a
//! request, streams, requests per second. The numbers and why they were
//! chosen are in the README ("Limits and timeouts").

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The server's limits; every one can be set on `citydesk serve`.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Connections served at once. One past it waits (in the kernel's
    /// accept backlog) for a slot up to `header_timeout`, then is closed.
    pub max_connections: usize,
    /// Time a client has to send a whole request head, counted from the
    /// connection (or the end of its previous response): slowloris and idle
    /// keep-alive sockets are closed after it.
    pub header_timeout: Duration,
    /// A connection whose client reads nothing of what the server has to
    /// send for this long is closed (with a log line): a stuck stream.
    pub write_stall: Duration,
    /// Bytes the server buffers per connection for a client that does not
    /// read, on top of the kernel's socket buffer.
    pub write_buffer: usize,
    /// Open event streams per operator login.
    pub streams_per_operator: u64,
    /// Requests per token: a sustained rate per second and a burst.
    pub token_rate: Rate,
    /// Presence announcements per operator.
    pub presence_rate: Rate,
}

/// A token bucket's shape: `per_second` sustained, `burst` at once.
/// `per_second` 0 turns the limit off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub per_second: f64,
    pub burst: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
            write_stall: Duration::from_secs(30),
            write_buffer: 64 * 1024,
            streams_per_operator: 8,
            token_rate: Rate {
                per_second: 50.0,
                burst: 200.0,
            },
            presence_rate: Rate {
                per_second: 2.0,
                burst: 10.0,
            },
        }
    }
}

impl Limits {
    /// No limit a simulated city on one token (the demo, the benchmarks,
    /// tests) would run into; the timeouts stay.
    pub fn unlimited() -> Self {
        Limits {
            max_connections: 100_000,
            streams_per_operator: u64::MAX,
            token_rate: Rate::OFF,
            presence_rate: Rate::OFF,
            ..Limits::default()
        }
    }
}

impl Rate {
    pub const OFF: Rate = Rate {
        per_second: 0.0,
        burst: 0.0,
    };
}

/// Token buckets by key (a token's hash, a login).
#[derive(Debug)]
pub struct Buckets {
    rate: Rate,
    // Held only to look up and update one entry, never across an await.
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Keys kept before the full (idle) buckets are forgotten.
const KEEP: usize = 10_000;

impl Buckets {
    pub fn new(rate: Rate) -> Self {
        Buckets {
            rate,
            buckets: Mutex::default(),
        }
    }

    /// Takes one request from `key`'s bucket: `Err(seconds)` to wait
    /// before the next one would be let through.
    pub fn take(&self, key: &str) -> Result<(), u64> {
        self.take_at(key, Instant::now())
    }

    fn take_at(&self, key: &str, now: Instant) -> Result<(), u64> {
        let Rate { per_second, burst } = self.rate;
        if per_second <= 0.0 {
            return Ok(());
        }
        let mut map = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() > KEEP {
            // A bucket refilled to the brim is the same as none.
            map.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * per_second < burst);
        }
        let b = map.entry(key.to_owned()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * per_second).min(burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            return Ok(());
        }
        // Whole seconds, rounded up, as Retry-After takes them.
        let wait = ((1.0 - b.tokens) / per_second).ceil();
        Err(wait.max(1.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_lets_the_burst_through_then_says_when_to_retry() {
        let b = Buckets::new(Rate {
            per_second: 2.0,
            burst: 3.0,
        });
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(b.take_at("a", t0), Ok(()));
        }
        assert_eq!(b.take_at("a", t0), Err(1));
        assert_eq!(b.take_at("b", t0), Ok(()), "another key has its own bucket");
        assert_eq!(b.take_at("a", t0 + Duration::from_millis(600)), Ok(()));
        assert!(b.take_at("a", t0 + Duration::from_millis(600)).is_err());
    }

    #[test]
    fn off_lets_everything_through() {
        let b = Buckets::new(Rate::OFF);
        let t0 = Instant::now();
        assert!((0..1000).all(|_| b.take_at("a", t0).is_ok()));
    }
}
