//! `citydesk serve`.

use crate::cli::ServeArgs;
use crate::server::{ServerConfig, serve, shutdown_signal};
use crate::store::StoreError;
use anyhow::Context;

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    // A broken city or policy file stops the server before it listens.
    let city = crate::data::load(args.city.dir.as_deref())?;
    let policy = crate::data::policy::load(args.policy.as_deref(), &city)?;
    let knowledge = crate::data::knowledge::load(args.city.dir.as_deref(), &city)?;
    let alertmanager = crate::data::alertmanager::load(args.city.dir.as_deref(), &city)?;
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(crate::server::tls::load(cert, key)?),
        _ => None,
    };
    let url = crate::config::db_url(args.db.db.as_deref())?;
    let options = crate::store::Options {
        writer_queue: args.limits.writer_queue,
    };
    let store = crate::store::open_with(&url, options)
        .await
        .with_context(|| format!("opening {url}"))?;
    start_check(store.as_ref(), &url).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, db = %url, seq = store.head(), "citydesk serving");
    let scheme = if tls.is_some() { "https" } else { "http" };
    eprintln!("citydesk serving on {scheme}://{addr} (database {url}); Ctrl-C to stop");
    let config = ServerConfig {
        replay_limit: args.replay_limit,
        city: std::sync::Arc::new(city),
        policy,
        knowledge: std::sync::Arc::new(knowledge),
        tls,
        limits: args.limits.limits(),
        metrics_every: args.limits.metrics_every,
        ingest: crate::server::ingest::Switches::all_but(&args.ingest_off),
        alertmanager: std::sync::Arc::new(alertmanager),
        ..ServerConfig::default()
    };
    serve(store, config, listener, shutdown_signal()).await?;
    tracing::info!("citydesk stopped");
    Ok(())
}

/// A damaged file stops the server here, loudly; a disk that refuses the
/// write test lets it start degraded, serving reads, until space returns.
async fn start_check(store: &dyn crate::store::Store, url: &str) -> anyhow::Result<()> {
    match store.check_on_start().await {
        Ok(()) => Ok(()),
        Err(StoreError::Unavailable(why)) => {
            tracing::error!(%why, db = %url, "write test failed at start: serving reads only until it recovers");
            eprintln!(
                "citydesk: WARNING: {url}: storage unavailable: {why}; writes will answer 503 until it recovers"
            );
            Ok(())
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!("checking {url} before serving"))),
    }
}
