//! `citydesk serve`'s arguments.

use super::{CityArg, DbArg};
use clap::Args;
use std::net::SocketAddr;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CITYDESK_LISTEN", default_value = "127.0.0.1:7878")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub db: DbArg,
    /// How many events back a stream may resume; older clients re-read the snapshot.
    #[arg(long, default_value_t = 100_000)]
    pub replay_limit: u64,
    #[command(flatten)]
    pub city: CityArg,
    /// Policy file: stage limits, working calendar, escalation ladder and
    /// routes (see docs/policy.md) [default: the built-in data/policy.toml]
    #[arg(long = "policy", env = "CITYDESK_POLICY", value_name = "FILE")]
    pub policy: Option<std::path::PathBuf>,
    /// Terminate TLS here with this PEM certificate chain (server
    /// certificate first); needs --tls-key. Without it the server speaks
    /// plain HTTP, for loopback or behind a TLS proxy (see README).
    #[arg(long, env = "CITYDESK_TLS_CERT", value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<std::path::PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, env = "CITYDESK_TLS_KEY", value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub limits: super::LimitArgs,
    /// Switch off intake from a standard: open311, cap or alertmanager
    /// (repeat, or a comma list). Every source is on otherwise; each
    /// still needs a feed operator's token to send anything.
    #[arg(
        long = "ingest-off",
        env = "CITYDESK_INGEST_OFF",
        value_name = "SOURCE",
        value_delimiter = ','
    )]
    pub ingest_off: Vec<crate::model::Source>,
    /// When to read the whole database for damage (SQLite's quick_check):
    /// `before` listening, so a damaged file stops the server; `after`,
    /// listening at once and checking meanwhile, damage then turning
    /// health `degraded` and refusing every write; `auto`: before for
    /// files up to 256 MiB (under a second), after for larger ones.
    #[arg(long, env = "CITYDESK_START_CHECK", value_enum, default_value_t = StartCheck::Auto)]
    pub start_check: StartCheck,
    /// Run the policy's clocks N times faster, as `citydesk demo --pace`
    /// does (every limit divided by N, counted around the clock): for
    /// drills, training rooms and tests of the closed loop. 1 is real time.
    #[arg(long, env = "CITYDESK_PACE", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub pace: u32,
    /// How often the SLA ticker looks for clocks that turned yellow or red
    /// (on one replica at a time: the leader).
    #[arg(long, env = "CITYDESK_TICK", default_value = "5s", value_parser = super::duration::parse_positive_duration)]
    pub tick: std::time::Duration,
    /// The name health gives this server (`replica`), which consoles show
    /// in their header: tells apart several servers sharing one log
    /// [default: the host name and the listening port, e.g. box:7878]
    #[arg(long, env = "CITYDESK_REPLICA", value_name = "NAME", value_parser = replica_name)]
    pub replica: Option<String>,
}

/// `--replica`: printable ASCII without spaces, since the name also
/// travels in a header of the stream (see `api::REPLICA_HEADER`).
fn replica_name(text: &str) -> Result<String, String> {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_graphic()) {
        Ok(text.to_owned())
    } else {
        Err("a replica name is printable ASCII without spaces, e.g. north-1 or box:7878".into())
    }
}

/// `serve --start-check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StartCheck {
    Auto,
    Before,
    After,
}

impl StartCheck {
    /// Largest file `auto` checks before listening: quick_check reads
    /// about 600 MB/s here, so the start stays well inside two seconds.
    pub const AUTO_LIMIT: u64 = 256 << 20;

    /// Whether a store of `size` bytes (when it has files) is checked
    /// before the server listens.
    pub fn before(self, size: Option<u64>) -> bool {
        match self {
            StartCheck::Before => true,
            StartCheck::After => false,
            StartCheck::Auto => size.is_none_or(|s| s <= Self::AUTO_LIMIT),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{StartCheck, replica_name};

    #[test]
    fn a_replica_name_is_printable_ascii_without_spaces() {
        assert_eq!(replica_name("north-1").as_deref(), Ok("north-1"));
        for bad in ["", "north 1", "北区"] {
            assert!(replica_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn auto_checks_before_listening_only_up_to_its_limit() {
        let limit = StartCheck::AUTO_LIMIT;
        assert!(StartCheck::Auto.before(Some(limit)));
        assert!(!StartCheck::Auto.before(Some(limit + 1)));
        assert!(
            StartCheck::Auto.before(None),
            "a store without files is checked first"
        );
        assert!(StartCheck::Before.before(Some(u64::MAX)));
        assert!(!StartCheck::After.before(Some(0)));
    }
}
