//! `citydesk serve`.

use crate::cli::ServeArgs;
use crate::server::{ServerConfig, serve, shutdown_signal};
use anyhow::Context;

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    // A broken city or policy file stops the server before it listens.
    let city = crate::data::load(args.city.dir.as_deref())?;
    let policy = crate::data::policy::load(args.policy.as_deref(), &city)?;
    let knowledge = crate::data::knowledge::load(args.city.dir.as_deref(), &city)?;
    let url = crate::config::db_url(args.db.db.as_deref())?;
    let options = crate::store::Options {
        writer_queue: args.limits.writer_queue,
    };
    let store = crate::store::open_with(&url, options)
        .await
        .with_context(|| format!("opening {url}"))?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, db = %url, seq = store.head(), "citydesk serving");
    eprintln!("citydesk serving on http://{addr} (database {url}); Ctrl-C to stop");
    let config = ServerConfig {
        replay_limit: args.replay_limit,
        city: std::sync::Arc::new(city),
        policy,
        knowledge: std::sync::Arc::new(knowledge),
        limits: args.limits.limits(),
        metrics_every: args.limits.metrics_every,
        ..ServerConfig::default()
    };
    serve(store, config, listener, shutdown_signal()).await?;
    tracing::info!("citydesk stopped");
    Ok(())
}
