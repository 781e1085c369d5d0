//! `citydesk serve`.

use crate::cli::ServeArgs;
use crate::server::{ServerConfig, serve, shutdown_signal};
use crate::store::StoreError;
use anyhow::Context;

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    // A broken city or policy file stops the server before it listens.
    let city = crate::data::load(args.city.dir.as_deref())?;
    let policy = crate::data::policy::load(args.policy.as_deref(), &city)?.scaled(args.pace);
    let knowledge = crate::data::knowledge::load(args.city.dir.as_deref(), &city)?;
    let cap_mapping = crate::data::cap::load(args.city.dir.as_deref(), &city)?;
    let alertmanager = crate::data::alertmanager::load(args.city.dir.as_deref(), &city)?;
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(crate::server::tls::load(cert, key)?),
        _ => None,
    };
    let url = crate::config::db_url(args.db.db.as_deref())?;
    let shown = crate::store::shown_url(&url);
    let options = crate::store::Options {
        writer_queue: args.limits.writer_queue,
    };
    let store = crate::store::open_with(&url, options)
        .await
        .with_context(|| format!("opening {shown}"))?;
    let check_first = args.start_check.before(store.size_on_disk());
    start_check(store.as_ref(), &shown, check_first).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, db = %shown, seq = store.head(), "citydesk serving");
    let scheme = if tls.is_some() { "https" } else { "http" };
    eprintln!("citydesk serving on {scheme}://{addr} (database {shown}); Ctrl-C to stop");
    let config = ServerConfig {
        replay_limit: args.replay_limit,
        city: std::sync::Arc::new(city),
        policy,
        knowledge: std::sync::Arc::new(knowledge),
        cap_mapping: std::sync::Arc::new(cap_mapping),
        tls,
        limits: args.limits.limits(),
        metrics_every: args.limits.metrics_every,
        ingest: crate::server::ingest::Switches::all_but(&args.ingest_off),
        check_while_serving: !check_first,
        alertmanager: std::sync::Arc::new(alertmanager),
        map: city_map(args.city.dir.as_deref()),
        tick: args.tick,
        replica: args.replica,
        ..ServerConfig::default()
    };
    serve(store, config, listener, shutdown_signal()).await?;
    tracing::info!("citydesk stopped");
    Ok(())
}

/// A damaged file stops the server here, loudly, when it is checked before
/// listening; checked after, the damage refuses every write from when it
/// is found (health says why). A disk that refuses the write test lets it
/// start degraded, serving reads, until space returns.
async fn start_check(store: &dyn crate::store::Store, url: &str, check_first: bool) -> anyhow::Result<()> {
    if check_first {
        store
            .check_structure()
            .await
            .with_context(|| format!("checking {url} before serving"))?;
    }
    match store.probe_write().await {
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

/// The city's map for consoles (`GET /v1/city/map`), checked as a console
/// will parse it. Outlines that do not load leave the server without a map
/// (said here) rather than stop it: the queues do not need one.
pub fn city_map(dir: Option<&std::path::Path>) -> Option<std::sync::Arc<crate::api::CityMap>> {
    let origin = dir.map(|d| format!("{}/", d.display())).unwrap_or_default();
    let checked = crate::data::map_sources(dir).and_then(|s| s.layout(&origin).map(|_| s));
    match checked {
        Ok(sources) => Some(std::sync::Arc::new(crate::server::city_map(sources))),
        Err(e) => {
            tracing::warn!(error = %e, "no city map for consoles");
            eprintln!("citydesk: WARNING: no city map for consoles: {e}");
            None
        }
    }
}
