//! The command line: `citydesk <command>`.
//!
//! Every clap type lives here, one file per subcommand named like it
//! (`cli/serve.rs` holds `ServeArgs`), with the arguments several share in
//! `shared.rs`; the runner of each is `commands/<subcommand>.rs`. Value
//! enums a feature module works with (`sim::Scenario`, `tail::Queue`) stay
//! in that module and are imported here, so imports go one way:
//! `commands` → `cli` → features, never back.

mod audit;
mod backup;
mod bench;
mod bench_callers;
mod bench_console;
mod bench_loop;
mod bench_suggest;
mod call;
mod check;
mod console;
mod demo;
mod duration;
mod ingest;
mod lifetime;
mod migrate_store;
mod operator;
mod policy;
mod serve;
mod serve_limits;
mod shared;
mod sim;
mod suggest;
mod tail;
mod transport;

pub use audit::AuditArgs;
pub use backup::{BackupArgs, VerifyArgs};
pub use bench::{BenchArgs, Scenario as BenchScenario};
pub use bench_callers::CallersBenchArgs;
pub use bench_console::BenchConsoleArgs;
pub use bench_loop::LoopArgs;
pub use bench_suggest::SuggestBenchArgs;
pub use call::CallArgs;
pub use check::CheckArgs;
pub use console::ConsoleArgs;
pub use demo::DemoArgs;
pub use ingest::{CapArgs, IngestCommand, Open311Args};
pub use migrate_store::MigrateStoreArgs;
pub use operator::OperatorCommand;
pub use policy::PolicyCommand;
pub use serve::ServeArgs;
pub use serve_limits::LimitArgs;
pub use shared::{CityArg, DbArg, LangArg, LookArgs};
pub use sim::SimArgs;
pub use suggest::SuggestArgs;
pub use tail::TailArgs;
pub use transport::TransportArgs;

use clap::{Parser, Subcommand};

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
    Demo(DemoArgs),
    /// The keyboard console: live queues to triage, assign and escalate.
    Console(ConsoleArgs),
    /// Measure the console with a large mirror (snapshot to first frame, render, filter, memory).
    BenchConsole(BenchConsoleArgs),
    /// Check keymap, theme and settings files (shipped and yours); report every problem.
    Check(CheckArgs),
    /// Manage operators and their tokens (works on the database directly).
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// Measure the server: durable actions/s, stream latency, memory per client.
    Bench(BenchArgs),
    /// Measure the closed loop in process: ticker passes and KPI stats over 100,000 open items.
    BenchLoop(LoopArgs),
    /// Measure a caller's history (GET /v1/callers/{phone}) over loopback at 1,000,000 items.
    BenchCallers(CallersBenchArgs),
    /// Feed a server with a simulated city: reports, and departments working them.
    Sim(SimArgs),
    /// Print the audit log (admins only): first uses of tokens, refused requests, role changes, revocations, caller-history reads.
    Audit(AuditArgs),
    /// Print the live event log as lines (text or JSON); reconnects and resumes by itself.
    Tail(TailArgs),
    /// Ring an operator's console with a call, as a telephone system would (screen pop).
    Call(CallArgs),
    /// Feed items in from standards: CAP 1.2 alerts, Open311 requests.
    #[command(subcommand)]
    Ingest(IngestCommand),
    /// Suggest categories and knowledge entries for a description (locally, or from a server).
    Suggest(SuggestArgs),
    /// Measure the suggestions: top-1/top-3 accuracy on a held-out set, time per keystroke.
    BenchSuggest(SuggestBenchArgs),
    /// Work with policy files: stage limits, working calendar, ladder, routes.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Copy the database to a new file while the server runs, and verify the copy.
    Backup(BackupArgs),
    /// Check a database file or backup: integrity, seq continuity, a checksum over its events.
    Verify(VerifyArgs),
    /// Copy a whole SQLite log into an empty PostgreSQL database and verify it (stop the servers first).
    MigrateStore(MigrateStoreArgs),
}
