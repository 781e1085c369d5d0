//! The command line: `citydesk <command>`.

use crate::model::Role;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;

#[derive(Debug, Parser)]
#[command(
    name = "citydesk",
    version,
    about = "Keyboard console and sync server for a city operations command centre"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the sync server: the event log, the API and the live stream.
    Serve(ServeArgs),
    /// Everything in one command: a server, a simulated city and the console.
    Demo(crate::demo::DemoArgs),
    /// The keyboard console: live queues to triage, assign and escalate.
    Console(ConsoleArgs),
    /// Measure the console with a large mirror (snapshot to first frame, render, filter, memory).
    BenchConsole {
        /// Open items in the mirror.
        #[arg(long, default_value_t = 100_000)]
        items: usize,
    },
    /// Check keymap, theme and settings files (shipped and yours); report every problem.
    Check(CheckArgs),
    /// Manage operators and their tokens (works on the database directly).
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// Measure the server: durable actions/s, stream latency, memory per client.
    Bench(crate::bench::BenchArgs),
    /// Measure the closed loop in process: ticker passes and KPI stats over 100,000 open items.
    BenchLoop(crate::bench::scale::LoopArgs),
    /// Feed a server with a simulated city: reports, and departments working them.
    Sim(crate::sim::SimArgs),
    /// Print the live event log as lines (text or JSON); reconnects and resumes by itself.
    Tail(crate::tail::TailArgs),
    /// Work with policy files: stage limits, working calendar, ladder, routes.
    #[command(subcommand)]
    Policy(PolicyCommand),
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Check a policy file against the city and print the limits it gives.
    Check {
        /// The policy file [default: the built-in data/policy.toml].
        file: Option<std::path::PathBuf>,
        #[command(flatten)]
        city: CityArg,
    },
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DbArg {
    /// Database URL: sqlite:PATH [default: citydesk.db in the platform data directory]
    #[arg(long, env = "CITYDESK_DB")]
    pub db: Option<String>,
}

/// Where the city's data files are.
#[derive(Debug, Clone, Args)]
pub struct CityArg {
    /// Directory with the city's departments.toml, taxonomy.toml and geography.toml;
    /// each file found there replaces the built-in one (see docs/city-data.md)
    /// [default: the built-in city, Jinzhou]
    #[arg(long = "city", env = "CITYDESK_CITY", value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

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
}

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Add an operator and print their new token (only the token) on stdout.
    Add {
        /// Login name, e.g. wangfang.
        login: String,
        /// viewer, agent, dispatcher, supervisor, admin or unit.
        #[arg(long)]
        role: Role,
        /// Display name, e.g. 王芳 [default: the login].
        #[arg(long)]
        name: Option<String>,
        /// For unit operators: the department code they act for (see GET /v1/directory).
        #[arg(long)]
        department: Option<String>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        city: CityArg,
    },
    /// List operators (never their tokens).
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Revoke an operator's token at once.
    Revoke {
        login: String,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Debug, Args)]
pub struct ConsoleArgs {
    /// The sync server [default: from config.toml, else http://127.0.0.1:7878]
    #[arg(long, env = "CITYDESK_SERVER")]
    pub server: Option<String>,
    #[command(flatten)]
    pub look: LookArgs,
}

/// How the console looks and which keys it takes (console and demo).
#[derive(Debug, Clone, Args)]
pub struct LookArgs {
    /// Theme: dark, light, high-contrast, mono (automatic with NO_COLOR), or a file.
    #[arg(long)]
    pub theme: Option<String>,
    /// Keymap: default or vim (keymap.toml in the config directory overrides keys).
    #[arg(long)]
    pub keymap: Option<String>,
    /// Draw with ASCII (+-|) for terminals without box-drawing glyphs.
    #[arg(long)]
    pub ascii: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// More keymap, theme or config.toml files to check.
    pub files: Vec<std::path::PathBuf>,
}
