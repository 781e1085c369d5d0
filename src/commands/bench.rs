//! `citydesk bench`: starts a server child, runs the scenarios asked for,
//! and prints the figures beside their targets.

use crate::bench::{Report, Server, scenarios};
use crate::cli::BenchArgs;
use anyhow::bail;

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    check_fd_limit(&args)?;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    if args.scenario == crate::cli::BenchScenario::Replicas {
        return replicas(&args, cores).await;
    }
    eprintln!("citydesk bench: starting a server…");
    let server = Server::start().await?;
    let mut report = Report::default();
    // Ctrl-C still stops the server and removes its files.
    let outcome = tokio::select! {
        r = scenarios(&server, &args, &mut report) => r,
        _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted")),
    };
    server.stop().await;
    outcome?;
    println!("citydesk bench: `citydesk serve` child process, SQLite WAL + synchronous=FULL, loopback HTTP");
    println!(
        "machine: {cores} CPU cores shared by the server and the bench client (same tokio runtime as the CLI); \
         duration {:?} per timed run; stream clients: {}\n",
        args.duration,
        if args.decode_streams {
            "typed client, every event decoded"
        } else {
            "raw SSE, ids only"
        }
    );
    print!("{}", report.render());
    Ok(())
}

/// `--scenario replicas`: its servers are replicas on PostgreSQL, each
/// started (and stopped) by the run itself.
async fn replicas(args: &BenchArgs, cores: usize) -> anyhow::Result<()> {
    let mut report = Report::default();
    tokio::select! {
        r = crate::bench::replicas(&args.postgres, args, &mut report) => r?,
        _ = tokio::signal::ctrl_c() => anyhow::bail!("interrupted"),
    }
    println!(
        "citydesk bench: `citydesk serve` replicas on PostgreSQL ({}), loopback HTTP",
        crate::store::shown_url(&args.postgres)
    );
    println!(
        "machine: {cores} CPU cores shared by PostgreSQL, the replicas and the bench client;          duration {:?} per timed run\n",
        args.duration
    );
    print!("{}", report.render());
    Ok(())
}

/// Every stream is a socket on both sides; the server child inherits this
/// process's limit, so one check covers both.
fn check_fd_limit(args: &BenchArgs) -> anyhow::Result<()> {
    let clients = [
        args.stream_clients,
        args.latency_clients,
        args.idle_clients as usize,
    ];
    let needed = clients.iter().max().copied().unwrap_or(0) + usize::from(args.workers) + 256;
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let soft = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|v| v.parse::<usize>().ok());
    match soft {
        Some(soft) if soft < needed => bail!(
            "the open-files limit is {soft}, the bench needs about {needed}: run `ulimit -n {}` first",
            needed.next_power_of_two()
        ),
        _ => Ok(()),
    }
}
