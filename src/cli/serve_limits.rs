//! `citydesk serve`'s limits: what one client may cost the server. The
//! defaults are `server::Limits::default()`; the README's "Limits and
//! timeouts" says why each is what it is.

use super::duration::parse_duration;
use crate::server::{Limits, Rate};
use clap::Args;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Connections served at once; one more waits up to --header-timeout
    /// for a slot, then is closed.
    #[arg(long, env = "CITYDESK_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Time a client has to send a request's head (also how long an idle
    /// keep-alive connection stays open).
    #[arg(long, env = "CITYDESK_HEADER_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub header_timeout: Duration,
    /// A client that reads nothing the server sends for this long is
    /// disconnected (a stuck stream).
    #[arg(long, env = "CITYDESK_WRITE_STALL", default_value = "30s", value_parser = parse_duration)]
    pub write_stall: Duration,
    /// Open event streams per operator.
    #[arg(long, env = "CITYDESK_STREAMS_PER_OPERATOR", default_value_t = 8)]
    pub streams_per_operator: u64,
    /// Requests per second per token, sustained (0: no limit); bursts of
    /// four seconds' worth pass.
    #[arg(long, env = "CITYDESK_TOKEN_RATE", default_value_t = 50.0)]
    pub token_rate: f64,
    /// Presence announcements per second per operator (0: no limit);
    /// bursts of five seconds' worth pass.
    #[arg(long, env = "CITYDESK_PRESENCE_RATE", default_value_t = 2.0)]
    pub presence_rate: f64,
    /// Writes waiting for the database before more are answered 503 with
    /// Retry-After (512 share one transaction).
    #[arg(long, env = "CITYDESK_WRITER_QUEUE", default_value_t = 512)]
    pub writer_queue: usize,
    /// How old the KPI figures on /metrics may be (0s: a pass over the
    /// board on every scrape).
    #[arg(long, env = "CITYDESK_METRICS_EVERY", default_value = "5s", value_parser = parse_duration)]
    pub metrics_every: Duration,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            max_connections: self.max_connections.max(1),
            header_timeout: self.header_timeout,
            write_stall: self.write_stall,
            streams_per_operator: self.streams_per_operator,
            token_rate: rate(self.token_rate, 4.0),
            presence_rate: rate(self.presence_rate, 5.0),
            ..Limits::default()
        }
    }
}

fn rate(per_second: f64, burst_secs: f64) -> Rate {
    if per_second.is_nan() || per_second <= 0.0 {
        return Rate::OFF;
    }
    Rate {
        per_second,
        burst: (per_second * burst_secs).max(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        limits: LimitArgs,
    }

    #[test]
    fn the_flags_defaults_are_the_servers() {
        let cli = Cli::try_parse_from(["serve"]).expect("defaults parse");
        assert_eq!(cli.limits.limits(), Limits::default());
        assert_eq!(
            cli.limits.writer_queue,
            crate::store::Options::default().writer_queue
        );
    }
}
