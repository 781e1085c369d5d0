//! A batch's writes gathered per table and written with one statement per
//! table (`unnest` over arrays), all statements pipelined: a batch of any
//! size costs the same round trip under the `log_head` lock as one commit.
//!
//! Rows are added in commit order; where two commits of a batch write the
//! same key, the table keeps what sequential statements would have left:
//! the last item and facts row, the first caller row (`DO NOTHING`).

use super::super::facts_row;
use super::super::{IdemRecord, Result};
use super::schema::{encode, pg_err, to_i64};
use crate::model::{Event, Item};
use deadpool_postgres::GenericClient;
use futures::future::{BoxFuture, join_all};
use std::collections::{HashMap, HashSet};
use tokio_postgres::Statement;

const EVENTS: &str = "INSERT INTO events (seq, item_id, version, type, actor, at, body, departments) \
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], \
     $8::text[])";

/// [`EVENTS`] for a batch numbered before the lock: `seq` is the head
/// read under the lock plus the event's place in the batch, and the body
/// is the event's JSON with that `seq` put in front of the rest of it
/// (`{"seq":N,` then the tail the writer encoded).
const EVENTS_AFTER_HEAD: &str = "INSERT INTO events (seq, item_id, version, type, actor, at, body, departments) \
     SELECT h.seq + u.n, u.item_id, u.version, u.type, u.actor, u.at, '{\"seq\":' || (h.seq + u.n) || ',' || u.tail, \
     u.departments FROM log_head h, unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], \
     $7::text[], $8::text[]) AS u(n, item_id, version, type, actor, at, tail, departments) WHERE h.id = 1";

const ITEMS: &str = "INSERT INTO items (id, kind, number, status, is_open, version, district, department, fingerprint, updated_at, body) \
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bool[], $6::bigint[], $7::text[], \
     $8::text[], $9::text[], $10::text[], $11::text[]) \
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, is_open = excluded.is_open, \
     version = excluded.version, district = excluded.district, department = excluded.department, \
     fingerprint = excluded.fingerprint, updated_at = excluded.updated_at, body = excluded.body";

const CALLERS: &str = "INSERT INTO item_callers (phone, item_id, created_at, reporter) \
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bool[]) ON CONFLICT DO NOTHING";

const FACTS: &str = "INSERT INTO item_facts (item_id, kind, status, is_open, created_at, closed_at, names_caller, facts) \
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::bigint[], $6::bigint[], $7::bool[], $8::text[]) \
     ON CONFLICT (item_id) DO UPDATE SET status = excluded.status, is_open = excluded.is_open, \
     closed_at = excluded.closed_at, names_caller = excluded.names_caller, facts = excluded.facts \
     WHERE (item_facts.status, item_facts.is_open, item_facts.closed_at, item_facts.names_caller, item_facts.facts) \
     IS DISTINCT FROM (excluded.status, excluded.is_open, excluded.closed_at, excluded.names_caller, excluded.facts)";

const IDEMPOTENCY: &str = "INSERT INTO idempotency \
     (operator, key, request_hash, status, item, first_seq, last_seq, created_at, created_unix) \
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::bigint[], $7::bigint[], \
     $8::text[], $9::bigint[])";

/// [`IDEMPOTENCY`] for a batch numbered before the lock.
const IDEMPOTENCY_AFTER_HEAD: &str = "INSERT INTO idempotency \
     (operator, key, request_hash, status, item, first_seq, last_seq, created_at, created_unix) \
     SELECT u.operator, u.key, u.request_hash, u.status, u.item, h.seq + u.first, h.seq + u.last, u.created_at, \
     u.created_unix FROM log_head h, unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::bigint[], \
     $7::bigint[], $8::text[], $9::bigint[]) AS u(operator, key, request_hash, status, item, first, last, created_at, \
     created_unix) WHERE h.id = 1";

/// The `items` row of one item, as the last commit of the batch left it.
struct ItemRow {
    kind: &'static str,
    number: i64,
    status: &'static str,
    is_open: bool,
    version: i64,
    district: Option<String>,
    department: Option<String>,
    fingerprint: Option<String>,
    updated_at: String,
    body: String,
}

/// The `item_facts` row of one item.
struct FactRow {
    kind: &'static str,
    status: &'static str,
    is_open: bool,
    created_at: i64,
    closed_at: Option<i64>,
    names_caller: bool,
    facts: String,
}

struct IdemRow {
    operator: String,
    key: String,
    request_hash: String,
    status: i32,
    item: String,
    first_seq: i64,
    last_seq: i64,
    created_at: String,
    created_unix: i64,
}

/// Rows waiting to be written.
#[derive(Default)]
pub(super) struct Rows {
    /// Numbered before the lock: every `seq` is the place in the batch,
    /// to be added to the head (see [`event_tail`]).
    after_head: bool,
    /// Each event, its JSON and its departments' JSON.
    events: Vec<(Event, String, String)>,
    items: HashMap<String, ItemRow>,
    callers: Vec<(String, String, i64, bool)>,
    caller_keys: HashSet<(String, String)>,
    facts: HashMap<String, FactRow>,
    idempotency: Vec<IdemRow>,
}

impl Rows {
    /// Rows of a batch numbered before the lock.
    pub(super) fn after_head() -> Self {
        Rows {
            after_head: true,
            ..Rows::default()
        }
    }

    pub(super) fn event(&mut self, event: Event, json: String, departments: String) {
        self.events.push((event, json, departments));
    }

    pub(super) fn item(&mut self, item: &Item) -> Result<()> {
        let row = ItemRow {
            kind: item.kind.as_str(),
            number: to_i64(item.id.number()),
            status: item.status.as_str(),
            is_open: item.status.is_open(),
            version: to_i64(item.version),
            district: item.place.district.clone(),
            department: item.department.clone(),
            fingerprint: item.fingerprint.clone(),
            updated_at: crate::model::rfc3339(item.updated_at),
            body: encode(item)?,
        };
        self.items.insert(item.id.as_str().to_owned(), row);
        Ok(())
    }

    /// The item under each caller's phone; rows already there stay.
    pub(super) fn callers(&mut self, item: &Item) {
        for (i, caller) in item.callers.iter().enumerate() {
            if let Some(phone) = &caller.phone {
                let key = (phone.clone(), item.id.as_str().to_owned());
                if self.caller_keys.insert(key.clone()) {
                    self.callers
                        .push((key.0, key.1, item.created_at.unix_timestamp(), i == 0));
                }
            }
        }
    }

    /// The item's `item_facts` row: an open item's facts are not kept
    /// (`{}`), as in SQLite (see `sqlite::history::record`).
    pub(super) fn facts(&mut self, item: &Item) -> Result<()> {
        let is_open = item.status.is_open();
        let facts = facts_row::facts(item)?;
        let row = FactRow {
            kind: item.kind.as_str(),
            status: item.status.as_str(),
            is_open,
            created_at: item.created_at.unix_timestamp(),
            closed_at: item.closed_at.map(|t| t.unix_timestamp()),
            names_caller: facts_row::names_caller(item),
            facts,
        };
        self.facts.insert(item.id.as_str().to_owned(), row);
        Ok(())
    }

    /// The first answer under a key: the primary item and the commit's
    /// `seq` range.
    pub(super) fn idempotency(
        &mut self,
        idem: &IdemRecord,
        item: &Item,
        first: u64,
        last: u64,
    ) -> Result<()> {
        let now = time::OffsetDateTime::now_utc();
        self.idempotency.push(IdemRow {
            operator: idem.key.operator.clone(),
            key: idem.key.key.clone(),
            request_hash: idem.request_hash.clone(),
            status: i32::from(idem.status),
            item: encode(item)?,
            first_seq: to_i64(first),
            last_seq: to_i64(last),
            created_at: crate::model::rfc3339(now),
            created_unix: now.unix_timestamp(),
        });
        Ok(())
    }

    /// Writes every waiting row, one statement per table, pipelined on
    /// the connection between `before` and `after` (statements whose
    /// answer the caller takes itself), and with `commit`, the
    /// transaction's COMMIT after them all: the writes and the commit cost
    /// one round trip.
    ///
    /// Every statement is prepared before the first is sent, and each is
    /// sent when first polled, in the order polled: nothing can reach the
    /// connection after the COMMIT. Every answer is awaited, because a
    /// COMMIT after a failed statement ends the transaction as a rollback
    /// without an error of its own.
    pub(super) async fn flush<'a, C: GenericClient>(
        self,
        c: &'a C,
        before: Vec<BoxFuture<'a, Result<u64>>>,
        after: Vec<BoxFuture<'a, Result<u64>>>,
        commit: bool,
    ) -> Result<()> {
        let columns = Columns::of(self);
        let prepared = Prepared::of(c, &columns).await?;
        let mut writes = before;
        writes.extend(columns.writes(c, &prepared));
        writes.extend(after);
        if commit {
            writes.push(Box::pin(async {
                c.batch_execute("COMMIT").await.map_err(pg_err).map(|()| 0)
            }));
        }
        for outcome in join_all(writes).await {
            outcome?;
        }
        Ok(())
    }
}

/// The part of an event's JSON after its `seq` (`{"seq":N,`), or `None`
/// if the JSON does not start so.
pub(super) fn event_tail(json: &str, seq: u64) -> Option<&str> {
    json.strip_prefix("{\"seq\":")?
        .strip_prefix(seq.to_string().as_str())?
        .strip_prefix(',')
}

/// The JSON of the event at `seq` whose JSON after its `seq` is `tail`:
/// what [`EVENTS_AFTER_HEAD`] stores.
pub(super) fn event_json(seq: u64, tail: &str) -> String {
    format!("{{\"seq\":{seq},{tail}")
}

/// The statements of the tables that have rows.
#[derive(Default)]
struct Prepared {
    events: Option<Statement>,
    items: Option<Statement>,
    callers: Option<Statement>,
    facts: Option<Statement>,
    idempotency: Option<Statement>,
}

impl Prepared {
    async fn of<C: GenericClient>(c: &C, columns: &Columns) -> Result<Self> {
        let prepare = |sql: &'static str, any: bool| async move {
            match any {
                true => c.prepare_cached(sql).await.map(Some).map_err(pg_err),
                false => Ok(None),
            }
        };
        let (events, idempotency) = match columns.after_head {
            true => (EVENTS_AFTER_HEAD, IDEMPOTENCY_AFTER_HEAD),
            false => (EVENTS, IDEMPOTENCY),
        };
        Ok(Prepared {
            events: prepare(events, !columns.events.seq.is_empty()).await?,
            items: prepare(ITEMS, !columns.items.id.is_empty()).await?,
            callers: prepare(CALLERS, !columns.callers.0.is_empty()).await?,
            facts: prepare(FACTS, !columns.facts.item_id.is_empty()).await?,
            idempotency: prepare(idempotency, !columns.idempotency.operator.is_empty()).await?,
        })
    }
}

/// The rows as one array per column, the shape `unnest` reads.
#[derive(Default)]
struct Columns {
    after_head: bool,
    events: EventColumns,
    items: ItemColumns,
    callers: (Vec<String>, Vec<String>, Vec<i64>, Vec<bool>),
    facts: FactColumns,
    idempotency: IdemColumns,
}

#[derive(Default)]
struct EventColumns {
    seq: Vec<i64>,
    item_id: Vec<String>,
    version: Vec<i64>,
    kind: Vec<&'static str>,
    actor: Vec<String>,
    at: Vec<String>,
    body: Vec<String>,
    departments: Vec<String>,
}

#[derive(Default)]
struct ItemColumns {
    id: Vec<String>,
    kind: Vec<&'static str>,
    number: Vec<i64>,
    status: Vec<&'static str>,
    is_open: Vec<bool>,
    version: Vec<i64>,
    district: Vec<Option<String>>,
    department: Vec<Option<String>>,
    fingerprint: Vec<Option<String>>,
    updated_at: Vec<String>,
    body: Vec<String>,
}

#[derive(Default)]
struct FactColumns {
    item_id: Vec<String>,
    kind: Vec<&'static str>,
    status: Vec<&'static str>,
    is_open: Vec<bool>,
    created_at: Vec<i64>,
    closed_at: Vec<Option<i64>>,
    names_caller: Vec<bool>,
    facts: Vec<String>,
}

#[derive(Default)]
struct IdemColumns {
    operator: Vec<String>,
    key: Vec<String>,
    request_hash: Vec<String>,
    status: Vec<i32>,
    item: Vec<String>,
    first_seq: Vec<i64>,
    last_seq: Vec<i64>,
    created_at: Vec<String>,
    created_unix: Vec<i64>,
}

impl Columns {
    fn of(rows: Rows) -> Self {
        let mut c = Columns {
            after_head: rows.after_head,
            ..Columns::default()
        };
        for (event, json, departments) in rows.events {
            let json = match rows.after_head {
                // Checked by the writer before it chose this way.
                true => event_tail(&json, event.seq).map_or(json.clone(), str::to_owned),
                false => json,
            };
            let e = &mut c.events;
            e.seq.push(to_i64(event.seq));
            e.kind.push(event.body.type_name());
            e.version.push(to_i64(event.version));
            e.at.push(crate::model::rfc3339(event.at));
            e.item_id.push(event.item_id.as_str().to_owned());
            e.actor.push(event.actor);
            e.body.push(json);
            e.departments.push(departments);
        }
        for (id, r) in rows.items {
            let i = &mut c.items;
            i.id.push(id);
            i.kind.push(r.kind);
            i.number.push(r.number);
            i.status.push(r.status);
            i.is_open.push(r.is_open);
            i.version.push(r.version);
            i.district.push(r.district);
            i.department.push(r.department);
            i.fingerprint.push(r.fingerprint);
            i.updated_at.push(r.updated_at);
            i.body.push(r.body);
        }
        for (phone, item_id, created_at, reporter) in rows.callers {
            c.callers.0.push(phone);
            c.callers.1.push(item_id);
            c.callers.2.push(created_at);
            c.callers.3.push(reporter);
        }
        for (id, r) in rows.facts {
            let f = &mut c.facts;
            f.item_id.push(id);
            f.kind.push(r.kind);
            f.status.push(r.status);
            f.is_open.push(r.is_open);
            f.created_at.push(r.created_at);
            f.closed_at.push(r.closed_at);
            f.names_caller.push(r.names_caller);
            f.facts.push(r.facts);
        }
        for r in rows.idempotency {
            let k = &mut c.idempotency;
            k.operator.push(r.operator);
            k.key.push(r.key);
            k.request_hash.push(r.request_hash);
            k.status.push(r.status);
            k.item.push(r.item);
            k.first_seq.push(r.first_seq);
            k.last_seq.push(r.last_seq);
            k.created_at.push(r.created_at);
            k.created_unix.push(r.created_unix);
        }
        c
    }

    /// One statement per table that has rows, each sent when first polled.
    fn writes<'a, C: GenericClient>(&'a self, c: &'a C, p: &'a Prepared) -> Vec<BoxFuture<'a, Result<u64>>> {
        let mut writes: Vec<BoxFuture<'a, Result<u64>>> = Vec::new();
        if let Some(stmt) = &p.events {
            writes.push(Box::pin(self.events.write(c, stmt)));
        }
        if let Some(stmt) = &p.items {
            writes.push(Box::pin(self.items.write(c, stmt)));
        }
        if let Some(stmt) = &p.callers {
            let k = &self.callers;
            writes.push(Box::pin(async move {
                c.execute(stmt, &[&k.0, &k.1, &k.2, &k.3]).await.map_err(pg_err)
            }));
        }
        if let Some(stmt) = &p.facts {
            writes.push(Box::pin(self.facts.write(c, stmt)));
        }
        if let Some(stmt) = &p.idempotency {
            writes.push(Box::pin(self.idempotency.write(c, stmt)));
        }
        writes
    }
}

impl EventColumns {
    async fn write<C: GenericClient>(&self, c: &C, stmt: &Statement) -> Result<u64> {
        let e = self;
        c.execute(
            stmt,
            &[
                &e.seq,
                &e.item_id,
                &e.version,
                &e.kind,
                &e.actor,
                &e.at,
                &e.body,
                &e.departments,
            ],
        )
        .await
        .map_err(pg_err)
    }
}

impl ItemColumns {
    async fn write<C: GenericClient>(&self, c: &C, stmt: &Statement) -> Result<u64> {
        let i = self;
        c.execute(
            stmt,
            &[
                &i.id,
                &i.kind,
                &i.number,
                &i.status,
                &i.is_open,
                &i.version,
                &i.district,
                &i.department,
                &i.fingerprint,
                &i.updated_at,
                &i.body,
            ],
        )
        .await
        .map_err(pg_err)
    }
}

impl FactColumns {
    async fn write<C: GenericClient>(&self, c: &C, stmt: &Statement) -> Result<u64> {
        let f = self;
        c.execute(
            stmt,
            &[
                &f.item_id,
                &f.kind,
                &f.status,
                &f.is_open,
                &f.created_at,
                &f.closed_at,
                &f.names_caller,
                &f.facts,
            ],
        )
        .await
        .map_err(pg_err)
    }
}

impl IdemColumns {
    async fn write<C: GenericClient>(&self, c: &C, stmt: &Statement) -> Result<u64> {
        let d = self;
        c.execute(
            stmt,
            &[
                &d.operator,
                &d.key,
                &d.request_hash,
                &d.status,
                &d.item,
                &d.first_seq,
                &d.last_seq,
                &d.created_at,
                &d.created_unix,
            ],
        )
        .await
        .map_err(pg_err)
    }
}
