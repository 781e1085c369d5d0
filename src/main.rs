//! Wiring only: parse the command line, start logging, run one command.

use citydesk::cli::{Cli, Command};
use citydesk::commands;
use clap::Parser;

/// Every command runs on mimalloc: the server allocates per request and per
/// event, and glibc's allocator cost it a fifth of its CPU under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_env("CITYDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    // The console owns the screen: its logs (and the demo's server's) go to
    // a file, never over the panes.
    if matches!(cli.command, Command::Console(_) | Command::Demo(_)) {
        match citydesk::config::log_file() {
            Some(file) => logs
                .with_ansi(false)
                .with_writer(std::sync::Mutex::new(file))
                .init(),
            None => logs.with_writer(std::io::sink).init(),
        }
    } else {
        logs.with_writer(std::io::stderr).init();
    }
    let result = commands::run(cli.command).await;
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("citydesk: {e:#}");
            // `tail` documents its exit codes for scripts; others fail with 1.
            let code = e
                .downcast_ref::<citydesk::tail::TailError>()
                .map_or(1, citydesk::tail::TailError::exit_code);
            std::process::ExitCode::from(code)
        }
    }
}
