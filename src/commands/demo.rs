//! `citydesk demo`: the whole thing in one command — a server in process on
//! a free loopback port over a fresh SQLite file, the simulated city feeding
//! it, the desk telephone ringing now and then (a telephony operator posts
//! calls to the console's operator), and the console logged in as a
//! supervisor. Quitting the console stops everything; nothing runs on
//! afterwards.

use crate::cli::DemoArgs;
use crate::client::Client;
use crate::model::{Operator, Role};
use crate::server::{ServerConfig, hash_token, new_token, serve};
use crate::sim::{FIRST_CALL, Ringing, SimOptions, Stats, ring, simulate};
use anyhow::Context;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// Where the demo keeps its database: a directory it was given, or a
/// temporary one removed on exit.
enum DataDir {
    Kept(std::path::PathBuf),
    Temporary(tempfile::TempDir),
}

impl DataDir {
    fn path(&self) -> &std::path::Path {
        match self {
            DataDir::Kept(p) => p,
            DataDir::Temporary(t) => t.path(),
        }
    }
}

async fn operator(
    store: &dyn crate::store::Store,
    login: &str,
    name: &str,
    role: Role,
) -> anyhow::Result<String> {
    let token = new_token();
    let op = Operator {
        login: login.into(),
        name: name.into(),
        role,
        department: None,
    };
    store.add_operator(&op, &hash_token(&token)).await?;
    Ok(token)
}

pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let data = match &args.data {
        Some(dir) => DataDir::Kept(dir.clone()),
        None => DataDir::Temporary(tempfile::Builder::new().prefix("citydesk-demo-").tempdir()?),
    };
    let city = Arc::new(crate::data::load(args.city.dir.as_deref())?);
    let knowledge = Arc::new(crate::data::knowledge::load(args.city.dir.as_deref(), &city)?);
    let cap_mapping = Arc::new(crate::data::cap::load(args.city.dir.as_deref(), &city)?);
    let alertmanager = Arc::new(crate::data::alertmanager::load(args.city.dir.as_deref(), &city)?);
    let policy = crate::data::policy::load(None, &city)?.scaled(args.pace);
    let url = format!("sqlite:{}", data.path().join("citydesk.db").display());
    let store = crate::store::open(&url)
        .await
        .with_context(|| format!("opening {url}"))?;
    // Fresh logins each run, so a kept --data directory can be reused.
    let run = time::OffsetDateTime::now_utc().unix_timestamp();
    let desk_login = format!("wangfang-{run}");
    let desk_token = operator(store.as_ref(), &desk_login, "王芳", Role::Supervisor).await?;
    let sim_token = operator(
        store.as_ref(),
        &format!("city-{run}"),
        "模拟城市",
        Role::Supervisor,
    )
    .await?;
    let pbx_token = operator(store.as_ref(), &format!("pbx-{run}"), "电话系统", Role::Telephony).await?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let stop = CancellationToken::new();
    let config = ServerConfig {
        city: Arc::clone(&city),
        policy,
        knowledge,
        cap_mapping,
        alertmanager,
        map: super::serve::city_map(args.city.dir.as_deref()),
        ..ServerConfig::default()
    };
    let server_stop = stop.clone();
    let server = tokio::spawn(serve(store, config, listener, async move {
        server_stop.cancelled().await
    }));

    let sim_client = Client::new(&base, Some(sim_token))?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let phone = tokio::spawn(ring(
        Client::new(&base, Some(pbx_token))?,
        Ringing {
            operator: desk_login,
            per_hour: args.calls_per_hour,
            seed,
            first: FIRST_CALL,
        },
        stop.child_token(),
    ));
    let lang = super::words_lang(args.look.lang.get());
    let layout = super::sim::layout(args.city.dir.as_deref(), &city, lang);
    let opts = SimOptions {
        scenario: args.scenario,
        seed,
        rate: args.rate,
        duration: None,
        items: None,
        speed: args.speed,
        concurrency: 16,
        intake_only: false,
        layout: layout.clone(),
    };
    let sim = tokio::spawn(simulate(
        sim_client,
        city,
        opts,
        Arc::new(Stats::default()),
        stop.child_token(),
    ));

    let console = match super::console::settings(
        Some(base),
        Some(desk_token.clone()),
        args.look,
        Default::default(),
    ) {
        Ok(settings) => {
            let mut opts = super::console::options(settings, desk_token);
            // The demo's city, as its simulator places reports (the server
            // sends the same one).
            opts.map = layout;
            super::console::with_server_map(&mut opts).await;
            crate::console::run(opts).await
        }
        Err(e) => Err(e),
    };

    // Stop the city first, then the server, and wait for both.
    stop.cancel();
    let _ = sim.await;
    let _ = phone.await;
    server.await.context("server task")?.context("server")?;
    if let DataDir::Kept(dir) = &data {
        let path = dir.display().to_string();
        eprintln!("{}", crate::t!(lang, "demo-data-kept", path = path));
    }
    console
}
