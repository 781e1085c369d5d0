//! The per-keystroke figure as the form sees it: `GET /v1/suggest` over
//! loopback from a server whose store holds the learned log as closed
//! tickets, loaded the way `serve` loads it.

use super::corpus::Sample;
use crate::api::SuggestParams;
use crate::client::Client;
use crate::model::Change;
use crate::model::{Created, EventBody, ItemId, Kind, NewEvent, Operator, Place, Priority, Role, Tier};
use crate::server::{AppState, ServerConfig, hash_token, new_token};
use crate::store::{Commit, Committed};
use anyhow::{Context, bail};
use std::sync::Arc;
use std::time::{Duration, Instant};

const BATCH: usize = 2000;

/// What the HTTP run measured.
pub struct HttpFigures {
    /// Writing the log to a fresh store.
    pub fill: Duration,
    /// `AppState::load`: the board and the learner over every item.
    pub load: Duration,
    pub learned: usize,
    /// One GET per keystroke.
    pub times: Vec<Duration>,
}

pub async fn run(log: &[Sample], typed: &[String]) -> anyhow::Result<HttpFigures> {
    let dir = tempfile::tempdir().context("temporary directory")?;
    let url = format!("sqlite:{}", dir.path().join("suggest.db").display());
    let store = crate::store::open(&url).await?;
    let started = Instant::now();
    for (n, chunk) in log.chunks(BATCH).enumerate() {
        let changes = chunk
            .iter()
            .enumerate()
            .map(|(i, s)| closed_ticket(n * BATCH + i + 1, s))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let commit = Commit::new(changes, None);
        if !matches!(store.commit(commit).await?, Committed::Applied(_)) {
            bail!("the store refused a batch of the log");
        }
    }
    let fill = started.elapsed();
    let started = Instant::now();
    let state = AppState::load(Arc::clone(&store), ServerConfig::default()).await?;
    let load = started.elapsed();
    let learned = state.suggest().learner().items();
    let token = new_token();
    let op = Operator {
        login: "bench".into(),
        name: "bench".into(),
        role: Role::Agent,
        department: None,
    };
    store.add_operator(&op, &hash_token(&token)).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = crate::server::router(state);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::new(&format!("http://{addr}"), Some(token))?;
    let ask = |text: &str| SuggestParams {
        text: text.to_owned(),
        on: Some("2026-12-01".into()),
        limit: None,
    };
    // One unmeasured request opens the connection.
    client.suggest(&ask("暖气")).await?;
    let mut times = Vec::with_capacity(typed.len());
    for text in typed {
        let t = Instant::now();
        let body = client.suggest(&ask(text)).await?;
        times.push(t.elapsed());
        std::hint::black_box(body);
    }
    server.abort();
    Ok(HttpFigures {
        fill,
        load,
        learned,
        times,
    })
}

/// Ticket `n`, described by the sample and answered (closed) at once.
fn closed_ticket(n: usize, s: &Sample) -> anyhow::Result<Change> {
    let at = time::macros::datetime!(2026-11-20 08:00 UTC);
    let created = Created {
        kind: Kind::Ticket,
        category: s.category.clone(),
        title: format!("bench {n}"),
        description: s.text.clone(),
        priority: Priority::P3,
        tier: Tier::Grid,
        place: Place::default(),
        fingerprint: None,
        caller: None,
        due_at: None,
        warn_at: None,
        raised_from: None,
        call_id: None,
        origin: None,
    };
    let event = NewEvent {
        item_id: ItemId::new(Kind::Ticket, u64::try_from(n)?),
        version: 1,
        actor: "op:bench".into(),
        at,
        body: EventBody::Created(Box::new(created)),
    };
    let item =
        crate::model::Item::from_created(&event.clone().with_seq(0)).context("created event did not fold")?;
    let change = Change {
        item,
        expected_version: 0,
        events: vec![event],
    };
    let answered = EventBody::Answered {
        answer: "bench".into(),
        entry: None,
    };
    Ok(change.then(vec![answered], "op:bench", at))
}
