//! Standard intake: one door for every standard (Open311, CAP,
//! Alertmanager). Each source's route parses its document into an
//! [`Intake`] and calls [`submit`], which makes it an item on the log like
//! any other — idempotently by `(source, foreign_id)`, decided inside the
//! writer's transaction — and counts it for `/metrics` and
//! `GET /v1/ingest`.

mod alertmanager;
mod cap;
mod raw;
mod status;

pub use status::{REASONS, Switches, Tally, register_metrics};

/// The intake routes: status, raw documents, and each source's door.
pub fn router() -> utoipa_axum::router::OpenApiRouter<AppState> {
    status::router()
        .merge(raw::router())
        .merge(alertmanager::router())
        .merge(cap::router())
}

use super::routes::create::create_from;
use super::routes::write;
use super::{ApiError, AppState};
use crate::model::operations;
use crate::model::{Action, CreateItem, Ctx, Item, ItemId, Kind, Operator, Origin, Source, Status};
use crate::store::{Foreign, RawDocument};
use axum::http::StatusCode;
use time::format_description::well_known::Rfc3339;

/// Rounds of "read the foreign id, write" before giving up: each lost
/// round means another delivery of the same document committed first.
const TRIES: usize = 16;

/// One document's meaning, as a source's parser made it.
pub struct Intake {
    pub origin: Origin,
    pub action: IntakeAction,
    /// The raw document as received (kept, served by
    /// `GET /v1/items/{id}/raw`), at most the route's body limit.
    pub raw: Option<Raw>,
}

pub struct Raw {
    pub content_type: String,
    pub body: String,
}

// One per document, moved once: its size costs nothing, and the parsers
// build `Open(req)` directly.
#[allow(clippy::large_enum_variant)]
pub enum IntakeAction {
    /// Create the item (or, when `(source, foreign_id)` is known, update
    /// it: new priority, one more firing of an alert; no second item).
    Open(CreateItem),
    /// The source revises what it sent (CAP Update): as `Open`, and on an
    /// open item its changed title, category and place too, while no
    /// person has taken it up (`operations::revision`).
    Update(CreateItem),
    /// The foreign side says it is over (CAP Cancel, Alertmanager
    /// resolved, Open311 status=closed): clear the alert with this note,
    /// unless a person has acted on it (then only the note is added).
    Clear { note: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(ItemId),
    Updated(ItemId),
    /// The same document again: nothing changed but an alert's count.
    Duplicate(ItemId),
    Cleared(ItemId),
    /// A clear of a foreign id never seen.
    Unknown,
}

impl Outcome {
    /// The label `/metrics` and `GET /v1/ingest` use.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Created(_) => "created",
            Outcome::Updated(_) => "updated",
            Outcome::Duplicate(_) => "duplicate",
            Outcome::Cleared(_) => "cleared",
            Outcome::Unknown => "unknown",
        }
    }

    pub fn item(&self) -> Option<&ItemId> {
        match self {
            Outcome::Created(id) | Outcome::Updated(id) | Outcome::Duplicate(id) | Outcome::Cleared(id) => {
                Some(id)
            }
            Outcome::Unknown => None,
        }
    }
}

/// Whether the source is switched on (config `[ingest] open311 = true`…).
pub fn enabled(state: &AppState, source: Source) -> bool {
    state.config().ingest.enabled(source)
}

/// Records a refusal (a bad document) for `/metrics` and `GET /v1/ingest`
/// without touching the log; the document counts as received too. `reason` is one of [`status::REASONS`];
/// anything else is counted as `other`, so the label set stays bounded.
pub fn refused(state: &AppState, source: Source, reason: &str) {
    state.ingest_tally().refused(source, reason, state.now());
}

/// Whether `actor` may post `source`'s documents to `path` now: a feed or
/// an admin, and the source switched on. A refusal is counted.
pub fn admit(state: &AppState, actor: &Operator, source: Source, path: &str) -> Result<(), ApiError> {
    if !actor.role.may_ingest() {
        refused(state, source, "forbidden");
        return Err(ApiError::role_refused(
            actor.role,
            path,
            "documents are posted by feeds (role feed) and admins",
        ));
    }
    if !enabled(state, source) {
        refused(state, source, "switched_off");
        return Err(switched_off(source));
    }
    Ok(())
}

/// Makes `intake` an item (or updates, counts or clears the one its foreign
/// id made), as `actor`.
pub async fn submit(state: &AppState, actor: &Operator, intake: Intake) -> Result<Outcome, ApiError> {
    let source = intake.origin.source;
    admit(state, actor, source, "/v1/ingest")?;
    let answer = apply(state, actor, intake).await;
    match &answer {
        Ok(outcome) => state.ingest_tally().accepted(source, outcome, state.now()),
        Err(e) if e.status().is_client_error() => refused(state, source, "invalid"),
        Err(_) => refused(state, source, "unavailable"),
    }
    // Counted once the fate is known, so `received` never runs ahead of
    // `accepted + duplicate + refused` on a scrape.
    answer
}

/// The refusal of a switched-off source: 404, saying so and how it was
/// switched off, so a feed's operator knows it is not their document.
pub fn switched_off(source: Source) -> ApiError {
    ApiError::NotFound(format!(
        "intake from {source} is switched off on this server (citydesk serve --ingest-off {source})"
    ))
}

async fn apply(state: &AppState, actor: &Operator, intake: Intake) -> Result<Outcome, ApiError> {
    let Intake { origin, action, raw } = intake;
    let foreign = Foreign {
        source: origin.source.as_str().to_owned(),
        foreign_id: origin.foreign_id.clone(),
        take_over: false,
        raw: raw.map(|r| RawDocument {
            received_at: state.now().format(&Rfc3339).unwrap_or_default(),
            source: origin.source.as_str().to_owned(),
            content_type: r.content_type,
            body: r.body,
        }),
    };
    for _ in 0..TRIES {
        let known = match state
            .store()
            .foreign_item(&foreign.source, &foreign.foreign_id)
            .await?
        {
            Some(id) => state.store().item(&id).await?,
            None => None,
        };
        let revised = match (&action, &known) {
            (IntakeAction::Update(req), Some(item)) if item.status.is_open() => {
                operations::revision(item, req, &origin)
            }
            _ => Vec::new(),
        };
        let tried = match (&action, known) {
            // A closed item's own message again (a poller restarted, a
            // publisher re-sending): a repeat, not a new alert.
            (IntakeAction::Open(_) | IntakeAction::Update(_), Some(item))
                if !item.status.is_open()
                    && item.origin.as_ref().is_some_and(|o| o.same_message(&origin)) =>
            {
                return Ok(Outcome::Duplicate(item.id));
            }
            (IntakeAction::Open(req) | IntakeAction::Update(req), None) => {
                create(state, actor, req, &origin, foreign.clone()).await
            }
            // Taken up: the person decides, priority too (the revision
            // noted what the source changed); a firing is still counted.
            (IntakeAction::Update(req), Some(item)) if item.status.is_open() && item.acted_on() => {
                let req = CreateItem {
                    priority: None,
                    ..req.clone()
                };
                update(state, actor, &req, item, &foreign, revised).await
            }
            (IntakeAction::Update(req), Some(item)) if !revised.is_empty() => {
                update(state, actor, req, item, &foreign, revised).await
            }
            // An alert that fires again after it cleared is a new alert;
            // one still open counts a firing, inside the writer's
            // transaction (the fingerprint dedup), so concurrent repeats
            // never race each other. A message it already took in sets no
            // priority: a later Update or a person's choice wins.
            (IntakeAction::Open(req) | IntakeAction::Update(req), Some(item))
                if item.kind == Kind::Alert
                    && (!reprioritises(req, &item)
                        || item.origin.as_ref().is_some_and(|o| o.same_message(&origin))) =>
            {
                let take_over = Foreign {
                    take_over: true,
                    ..foreign.clone()
                };
                create(state, actor, req, &origin, take_over).await
            }
            (IntakeAction::Open(req) | IntakeAction::Update(req), Some(item)) => {
                update(state, actor, req, item, &foreign, Vec::new()).await
            }
            (IntakeAction::Clear { .. }, None) => return Ok(Outcome::Unknown),
            (IntakeAction::Clear { note }, Some(item)) => clear(state, actor, note, item, &foreign).await,
        };
        match tried {
            // Another delivery of the same document won the race: read again.
            Err(ApiError::Conflict { .. }) => {}
            other => return other,
        }
    }
    Err(ApiError::Busy { retry_after: 1 })
}

/// Whether `req` asks an open item for another priority.
fn reprioritises(req: &CreateItem, item: &Item) -> bool {
    item.status.is_open() && req.priority.is_some_and(|p| p != item.priority)
}

async fn create(
    state: &AppState,
    actor: &Operator,
    req: &CreateItem,
    origin: &Origin,
    foreign: Foreign,
) -> Result<Outcome, ApiError> {
    let (status, reply) = create_from(state, actor, req, None, Some((origin.clone(), foreign))).await?;
    let id = reply.item.item.id;
    Ok(if status == StatusCode::CREATED {
        Outcome::Created(id)
    } else {
        // The fingerprint dedup counted a firing on an open alert.
        Outcome::Duplicate(id)
    })
}

/// A known document again: one more firing of an open alert, a new
/// priority when the source changed it, and a source's `revision` of its
/// fields (events by the source's operator).
async fn update(
    state: &AppState,
    actor: &Operator,
    req: &CreateItem,
    item: Item,
    foreign: &Foreign,
    revision: Vec<crate::model::EventBody>,
) -> Result<Outcome, ApiError> {
    let id = item.id.clone();
    if !item.status.is_open() {
        return Ok(Outcome::Duplicate(id));
    }
    let ctx = ctx(state, actor);
    let reprioritised = req.priority.filter(|p| *p != item.priority);
    let mut changes = vec![if item.kind == Kind::Alert {
        operations::recur(item, &ctx)
    } else {
        crate::model::Change {
            expected_version: item.version,
            item,
            events: Vec::new(),
        }
    }];
    if let Some(priority) = reprioritised {
        changes = then_act(state, changes, &Action::SetPriority { priority }, &ctx)?;
    }
    let revised = !revision.is_empty();
    if revised {
        let first = changes.remove(0);
        changes.insert(0, first.then(revision, &actor.actor(), ctx.now));
    }
    if changes.iter().all(|c| c.events.is_empty()) {
        return Ok(Outcome::Duplicate(id));
    }
    commit(state, changes, foreign).await?;
    Ok(if reprioritised.is_some() || revised {
        Outcome::Updated(id)
    } else {
        Outcome::Duplicate(id)
    })
}

/// The source says it is over: an alert nobody has taken up clears; on
/// anything else a person is at work, so only the note is added.
async fn clear(
    state: &AppState,
    actor: &Operator,
    note: &str,
    item: Item,
    foreign: &Foreign,
) -> Result<Outcome, ApiError> {
    let id = item.id.clone();
    if !item.status.is_open() {
        return Ok(Outcome::Duplicate(id));
    }
    let ctx = ctx(state, actor);
    let untouched = item.kind == Kind::Alert && item.status == Status::New && item.claim.is_none();
    let start = crate::model::Change {
        expected_version: item.version,
        item,
        events: Vec::new(),
    };
    let mut changes = vec![start];
    if !note.trim().is_empty() {
        changes = then_act(
            state,
            changes,
            &Action::Note {
                text: note.to_owned(),
            },
            &ctx,
        )?;
    }
    if untouched {
        changes = then_act(state, changes, &Action::Clear {}, &ctx)?;
    }
    if changes.iter().all(|c| c.events.is_empty()) {
        return Ok(Outcome::Duplicate(id));
    }
    commit(state, changes, foreign).await?;
    Ok(if untouched {
        Outcome::Cleared(id)
    } else {
        Outcome::Updated(id)
    })
}

/// `action` on the first change's item as it stands after that change;
/// the events are added to the same change, so one commit holds them all.
fn then_act(
    state: &AppState,
    mut changes: Vec<crate::model::Change>,
    action: &Action,
    ctx: &Ctx<'_>,
) -> Result<Vec<crate::model::Change>, ApiError> {
    let first = changes.remove(0);
    let around = state.board().around(&state.config().policy);
    let mut acted = operations::act(first.item.clone(), action, None, ctx, &around)?;
    let mut next = acted.remove(0);
    // `act` folded onto the item as the first change left it, so its
    // events' versions follow that change's own.
    let mut events = first.events;
    events.append(&mut next.events);
    next.events = events;
    next.expected_version = first.expected_version;
    changes.insert(0, next);
    Ok(changes)
}

async fn commit(
    state: &AppState,
    changes: Vec<crate::model::Change>,
    foreign: &Foreign,
) -> Result<(), ApiError> {
    write::commit_foreign(
        state,
        changes,
        None,
        StatusCode::OK,
        None,
        Some(foreign.clone()),
        None,
    )
    .await
    .map(|_| ())
}

fn ctx<'a>(state: &'a AppState, actor: &'a Operator) -> Ctx<'a> {
    Ctx {
        actor,
        now: state.now(),
        policy: &state.config().policy,
        city: &state.config().city,
        override_claim: false,
    }
}
