//! Sending: plays the generated scripts against a server through the
//! public API, each report at its time and each item's steps in order.
//! Items run concurrently; a semaphore bounds the requests in flight so a
//! high rate queues here rather than swamping the server.

use super::generator::Generator;
use super::scenario::Scenario;
use super::script::{Act, Script, Source};
use super::stats::{Report, Stats};
use crate::api::ActionRequest;
use crate::client::{Client, ClientError};
use crate::model::{Action, ActionName, City, EventBody, Item, ItemId, Status};
use reqwest::StatusCode;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Re-reads after a stale version before giving an item up.
const CONFLICT_RETRIES: u32 = 3;

/// Tickets whose ids are kept for later duplicates to merge into.
const MAX_REMEMBERED: usize = 200_000;

/// How a run goes.
#[derive(Debug, Clone)]
pub struct SimOptions {
    pub scenario: Scenario,
    pub seed: u64,
    /// Reports per second.
    pub rate: f64,
    /// Stop sending after this long (lifecycles in progress stop too).
    pub duration: Option<Duration>,
    /// Stop after this many reports, then let their lifecycles finish.
    pub items: Option<u64>,
    /// The city's waits (lifecycles, repeat callers and firings) pass this
    /// many times faster than real time; the report rate stays `rate`.
    pub speed: f64,
    /// Most requests in flight at once.
    pub concurrency: usize,
    /// Send reports only; nobody works them.
    pub intake_only: bool,
    /// Where the city's grids are: reports carry their grid's coordinates.
    pub layout: Option<std::sync::Arc<crate::model::geo::Layout>>,
}

/// Errors that stop a run before it starts.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(
        "operator {login} is a {role} and may not create items; use an agent, dispatcher or supervisor token"
    )]
    MayNotCreate { login: String, role: String },
}

/// What every item task shares.
struct Shared {
    client: Client,
    stats: Arc<Stats>,
    allowed: HashSet<ActionName>,
    /// Server ids of created items by script ordinal, for merges.
    /// Locked only to insert or read, never across an await.
    ids: Mutex<HashMap<u64, ItemId>>,
    permits: Semaphore,
    stop: CancellationToken,
    /// Per run, so rerunning a seed creates new items instead of replaying.
    run_id: u64,
    intake_only: bool,
}

/// Runs the simulation until its limit or `stop`; returns what it sent.
pub async fn simulate(
    client: Client,
    city: Arc<City>,
    opts: SimOptions,
    stats: Arc<Stats>,
    stop: CancellationToken,
) -> Result<Report, SimError> {
    let me = client.me().await?;
    // Every role that may accept may create; viewers and units may neither.
    if !me.actions.contains(&ActionName::Accept) {
        return Err(SimError::MayNotCreate {
            login: me.operator.login,
            role: me.operator.role.to_string(),
        });
    }
    let shared = Arc::new(Shared {
        client,
        stats: Arc::clone(&stats),
        allowed: me.actions.into_iter().collect(),
        ids: Mutex::new(HashMap::new()),
        permits: Semaphore::new(opts.concurrency.max(1)),
        stop: stop.child_token(),
        run_id: rand::random(),
        intake_only: opts.intake_only,
    });
    let intake = Arc::new(Semaphore::new(opts.concurrency.max(1)));
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    let generator = Generator::new(city, opts.scenario, opts.rate, opts.speed, opts.seed)
        .with_layout(opts.layout.clone());
    for script in generator {
        if opts.items.is_some_and(|n| script.ordinal >= n)
            || opts.duration.is_some_and(|d| start.elapsed() >= d)
        {
            break;
        }
        let due = start + Duration::from_millis(script.at_ms);
        tokio::select! {
            () = stop.cancelled() => break,
            () = tokio::time::sleep_until(due) => {}
        }
        // Back-pressure: a report waits here, not in a queue of tasks,
        // when the server cannot keep up, so the rate reported is the rate
        // achieved and stopping is prompt.
        let intake = tokio::select! {
            () = stop.cancelled() => break,
            permit = Arc::clone(&intake).acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        tasks.spawn(run_script(Arc::clone(&shared), script, intake));
        while tasks.try_join_next().is_some() {}
    }
    if opts.items.is_none() {
        // Time is up: items stay where they are, like a city at shift end.
        shared.stop.cancel();
    }
    tokio::select! {
        () = stop.cancelled() => shared.stop.cancel(),
        () = async { while tasks.join_next().await.is_some() {} } => {}
    }
    while tasks.join_next().await.is_some() {}
    Ok(stats.report(start.elapsed()))
}

/// Sends one report, then its item's steps, each after its wait.
async fn run_script(shared: Arc<Shared>, script: Script, intake: OwnedSemaphorePermit) {
    let created = create(&shared, &script).await;
    drop(intake);
    let Some((mut item, repeat)) = created else {
        return;
    };
    let id = item.id.clone();
    // A repeat firing counts on an open alert that another script works.
    if shared.intake_only || repeat {
        return;
    }
    for step in script.steps {
        let wait = Duration::from_millis(step.after_ms);
        tokio::select! {
            () = shared.stop.cancelled() => return,
            () = tokio::time::sleep(wait) => {}
        }
        let name = step.act.name();
        if !shared.allowed.contains(&name) {
            shared.stats.skipped.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        let merge = matches!(step.act, Act::MergeInto(_));
        let routing = matches!(step.act, Act::Route(_));
        let Some(action) = resolve_act(&shared, step.act) else {
            shared.stats.skipped.fetch_add(1, Ordering::Relaxed);
            continue;
        };
        if routing && done_by_server(&item, &action) {
            shared.stats.automatic.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        let version = item.version;
        match act(&shared, &id, version, &action).await {
            Ok(now) => item = now,
            // The first call's ticket closed before this caller got through:
            // the call-taker tells them instead of merging.
            Err(Stop::Refused(_)) if merge => {
                let answer = Action::Answer {
                    answer: "原工单已办结，已向市民说明处理结果".into(),
                    entry: None,
                };
                if let Err(Stop::Refused(why)) = act(&shared, &id, version, &answer).await {
                    shared.stats.refusal(why);
                }
                return;
            }
            Err(Stop::Refused(why)) => {
                shared.stats.refusal(why);
                return;
            }
            Err(Stop::Failed) => return,
        }
    }
}

/// The server's routes already dispatched the item: nothing left for the
/// dispatcher's routing step.
fn done_by_server(item: &Item, action: &Action) -> bool {
    matches!(action, Action::Dispatch { .. }) && item.status != Status::Accepted && item.department.is_some()
}

/// Why an item's script ends early.
enum Stop {
    /// The server refused: the item had moved on (someone else acted).
    Refused(String),
    /// Transport or server error, already counted.
    Failed,
}

/// The item created (or the open alert bumped), its version, and whether
/// it was a repeat of an open alert.
async fn create(shared: &Shared, script: &Script) -> Option<(Item, bool)> {
    let key = format!("sim-{:016x}-{}", shared.run_id, script.ordinal);
    let _permit = shared.permits.acquire().await.ok()?;
    match shared.client.create(&script.create, Some(&key)).await {
        Ok(reply) => {
            let item = reply.item.item;
            // A fingerprint of an open alert comes back as that alert, bumped.
            let repeat = matches!(
                reply.events.first().map(|e| &e.body),
                Some(EventBody::Recurred { .. })
            );
            shared
                .stats
                .report_sent(script.create.kind, script.source, &script.create.category, repeat);
            // Only callers' tickets are merge targets (of later duplicates).
            if script.source == Source::Caller
                && let Ok(mut ids) = shared.ids.lock()
            {
                if ids.len() >= MAX_REMEMBERED {
                    // Duplicates follow within minutes; forget the oldest half.
                    let keep_after = script.ordinal.saturating_sub(MAX_REMEMBERED as u64 / 2);
                    ids.retain(|ordinal, _| *ordinal > keep_after);
                }
                ids.insert(script.ordinal, item.id.clone());
            }
            Some((item, repeat))
        }
        Err(e) => {
            shared.stats.error(format!("create: {e}"));
            None
        }
    }
}

fn resolve_act(shared: &Shared, act: Act) -> Option<Action> {
    match act {
        Act::Do(action) => Some(action),
        Act::MergeInto(ordinal) => {
            let ids = shared.ids.lock().ok()?;
            ids.get(&ordinal).map(|into| Action::Merge { into: into.clone() })
        }
        Act::Route(department) => Some(Action::Dispatch { department }),
    }
}

/// Sends one action; on a stale version (a sensor firing again, a person
/// at a console) re-reads the item and tries again, a few times. The item's new version, or why its script should stop.
async fn act(shared: &Shared, id: &ItemId, version: u64, action: &Action) -> Result<Item, Stop> {
    let mut version = version;
    let mut retries = 0;
    loop {
        let request = ActionRequest::new(action.clone(), version);
        let result = {
            let _permit = shared.permits.acquire().await.map_err(|_| Stop::Failed)?;
            shared.client.act(id, &request, None).await
        };
        let e = match result {
            Ok(reply) => {
                shared.stats.action_done(action.name());
                return Ok(reply.item.item);
            }
            Err(e) => e,
        };
        if e.status() == Some(StatusCode::CONFLICT)
            && e.code() == Some("conflict")
            && retries < CONFLICT_RETRIES
        {
            retries += 1;
            shared.stats.conflicts.fetch_add(1, Ordering::Relaxed);
            match shared.client.item(id).await {
                Ok(detail) => version = detail.item.item.version,
                Err(e) => return Err(failed(shared, action, id, &e)),
            }
            continue;
        }
        if e.status().is_some_and(|s| s.is_client_error()) {
            return Err(Stop::Refused(format!("{} {id}: {e}", action.name())));
        }
        return Err(failed(shared, action, id, &e));
    }
}

fn failed(shared: &Shared, action: &Action, id: &ItemId, e: &ClientError) -> Stop {
    shared.stats.error(format!("{} {id}: {e}", action.name()));
    Stop::Failed
}
