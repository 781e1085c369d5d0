//! Standard intake in the store: the foreign ids that make a repeat
//! delivery find its item, and the raw documents, both written by the
//! writer inside the commit's transaction.

use super::super::{Foreign, RawDocument, Result, StoreError};
use super::schema::db_err;
use crate::model::ItemId;
use rusqlite::{Connection, OptionalExtension, params};

/// The item `(source, foreign_id)` made, if any.
pub(super) fn known(conn: &Connection, source: &str, foreign_id: &str) -> Result<Option<ItemId>> {
    let id: Option<String> = conn
        .prepare_cached("SELECT item_id FROM foreign_ids WHERE source = ?1 AND foreign_id = ?2")
        .map_err(db_err)?
        .query_row([source, foreign_id], |r| r.get(0))
        .optional()
        .map_err(db_err)?;
    id.map(|id| ItemId::parse(&id).ok_or_else(|| StoreError::Corrupt(format!("item id {id:?}"))))
        .transpose()
}

/// Points the foreign id at `item` (a new alert after its first one
/// cleared takes the id over) and keeps the document.
pub(super) fn record(conn: &Connection, foreign: &Foreign, item: &ItemId) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO foreign_ids (source, foreign_id, item_id) VALUES (?1, ?2, ?3) \
         ON CONFLICT (source, foreign_id) DO UPDATE SET item_id = excluded.item_id",
    )
    .map_err(db_err)?
    .execute(params![foreign.source, foreign.foreign_id, item.as_str()])
    .map_err(db_err)?;
    if let Some(raw) = &foreign.raw {
        conn.prepare_cached(
            "INSERT INTO raw_documents (item_id, received_at, source, content_type, body) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(db_err)?
        .execute(params![
            item.as_str(),
            raw.received_at,
            foreign.source,
            raw.content_type,
            raw.body
        ])
        .map_err(db_err)?;
    }
    Ok(())
}

/// The newest document received for `item`.
pub(super) fn raw(conn: &Connection, item: &str) -> Result<Option<RawDocument>> {
    conn.prepare_cached(
        "SELECT received_at, source, content_type, body FROM raw_documents \
         WHERE item_id = ?1 ORDER BY id DESC LIMIT 1",
    )
    .map_err(db_err)?
    .query_row([item], |r| {
        Ok(RawDocument {
            received_at: r.get(0)?,
            source: r.get(1)?,
            content_type: r.get(2)?,
            body: r.get(3)?,
        })
    })
    .optional()
    .map_err(db_err)
}
