//! `citydesk sim`: runs the simulated city against a server, with progress
//! on stderr and the summary on stdout.

use crate::cli::SimArgs;
use crate::client::{Client, Transport};
use crate::config::{self, Flags};
use crate::model::geo::Layout;
use crate::sim::{FIRST_CALL, Ringing, Stats, ring, simulate};
use anyhow::Context;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// The city's map positions (`model::geo::Layout`) from its outlines, or
/// none, said on stderr, when the outlines do not load: reports then carry
/// no coordinates, which the server accepts.
pub fn layout(dir: Option<&std::path::Path>, city: &crate::model::City) -> Option<Arc<Layout>> {
    match crate::data::load_outlines(dir) {
        Ok(outlines) => Some(Arc::new(Layout::new(&outlines, city))),
        Err(e) => {
            eprintln!("citydesk: no map positions: {e}");
            None
        }
    }
}

/// Runs `citydesk sim`: progress on stderr every few seconds, the summary
/// on stdout at the end. Ctrl-C stops it and still prints the summary.
pub async fn run(args: SimArgs) -> anyhow::Result<()> {
    let city = Arc::new(crate::data::load(args.city.dir.as_deref())?);
    let client = client(&args)?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let mut opts = args.options(seed);
    opts.layout = layout(args.city.dir.as_deref(), &city);
    eprintln!(
        "citydesk sim: {} scenario, {} reports/s, seed {seed}, against {}",
        opts.scenario.as_str(),
        opts.rate,
        client.base()
    );
    let stats = Arc::new(Stats::default());
    let stop = CancellationToken::new();
    let ctrl_c = stop.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        ctrl_c.cancel();
    });
    let progress = tokio::spawn(progress(Arc::clone(&stats), stop.clone()));
    if let Some(operator) = args.ring.clone() {
        let ringing = Ringing {
            operator,
            per_hour: args.calls_per_hour,
            seed,
            first: FIRST_CALL,
        };
        tokio::spawn(ring(client.clone(), ringing, stop.clone()));
    }
    let result = simulate(client, city, opts, stats, stop.clone()).await;
    stop.cancel();
    let _ = progress.await;
    let report = result.context("the simulation could not start")?;
    println!("citydesk sim: seed {seed} (pass --seed {seed} to send the same again)\n{report}");
    Ok(())
}

/// The client of the server and token the environment and `config.toml`
/// give (never the command line), as `tail` finds them.
fn client(args: &SimArgs) -> anyhow::Result<Client> {
    let dir = config::config_dir();
    let file = config::read::<toml::Value>(dir.as_deref())?;
    let flags = Flags {
        server: args.server.clone(),
        ca_file: args.transport.ca_file.clone(),
        insecure_http: args.transport.insecure_http,
        ..Flags::default()
    };
    let settings = config::resolve(flags, file, dir);
    let Some(token) = settings.token.clone() else {
        anyhow::bail!(
            "no token: set CITYDESK_TOKEN, or `token = \"…\"` in {} (one that may create and work items)",
            settings.file_name()
        );
    };
    let transport = Transport {
        ca_file: settings.ca_file,
        insecure_http: settings.insecure_http,
    };
    Ok(Client::connect(&settings.server, Some(token), &transport)?)
}

/// One line on stderr every five seconds while the run goes on.
async fn progress(stats: Arc<Stats>, stop: CancellationToken) {
    let start = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    tick.tick().await;
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        let secs = start.elapsed().as_secs_f64();
        let reports = Stats::get(&stats.reports);
        eprintln!(
            "sim: {secs:>6.1} s  {reports} reports ({:.0}/s)  {} actions  {} refused  {} errors",
            reports as f64 / secs,
            Stats::get(&stats.actions),
            Stats::get(&stats.refused),
            Stats::get(&stats.errors),
        );
    }
}
