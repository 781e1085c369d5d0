//! Tokens' lifetimes: looking a token up with when it stops working,
//! expiry, rotation with a grace period, and the last use.

use super::super::{Result, StoreError, TokenRecord};
use super::read::operator_row;
use super::schema::db_err;
use crate::model::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use time::format_description::well_known::Rfc3339;

fn text(t: Timestamp) -> String {
    crate::model::rfc3339(t)
}

fn parse(at: Option<String>) -> Result<Option<Timestamp>> {
    at.map(|s| {
        Timestamp::parse(&s, &Rfc3339).map_err(|e| StoreError::Corrupt(format!("token time {s:?}: {e}")))
    })
    .transpose()
}

/// The active operator a token (current, or replaced and maybe still in
/// its grace) belongs to, and until when it works.
pub(super) fn lookup(conn: &Connection, hash: &str) -> Result<Option<TokenRecord>> {
    let row = conn
        .prepare_cached(
            "SELECT login, name, role, department, token_hash = ?1,
                    CASE WHEN token_hash = ?1 THEN expires_at ELSE previous_valid_until END
             FROM operators
             WHERE (token_hash = ?1 OR previous_token_hash = ?1) AND revoked_at IS NULL",
        )
        .map_err(db_err)?
        .query_row([hash], |r| {
            Ok((
                operator_row(r)?,
                r.get::<_, bool>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()
        .map_err(db_err)?;
    let Some((operator, current, until)) = row else {
        return Ok(None);
    };
    Ok(Some(TokenRecord {
        operator,
        valid_until: parse(until)?,
        replaced: !current,
    }))
}

/// Sets when an active operator's current token expires (`None`: never).
pub(super) fn set_expiry(conn: &Connection, login: &str, expires_at: Option<Timestamp>) -> Result<bool> {
    let n = conn
        .execute(
            "UPDATE operators SET expires_at = ?2 WHERE login = ?1 AND revoked_at IS NULL",
            params![login, expires_at.map(text)],
        )
        .map_err(db_err)?;
    Ok(n > 0)
}

/// Makes `new_hash` the operator's token; the one it replaces keeps
/// working until `grace_until` (a token replaced earlier stops now).
pub(super) fn rotate(
    conn: &Connection,
    login: &str,
    new_hash: &str,
    expires_at: Option<Timestamp>,
    grace_until: Timestamp,
) -> Result<bool> {
    let n = conn
        .execute(
            "UPDATE operators SET previous_token_hash = token_hash, previous_valid_until = ?3,
                    token_hash = ?2, expires_at = ?4
             WHERE login = ?1 AND revoked_at IS NULL",
            params![login, new_hash, text(grace_until), expires_at.map(text)],
        )
        .map_err(db_err)?;
    Ok(n > 0)
}

/// Records that the operator used a token at `at`.
pub(super) fn record_use(conn: &Connection, login: &str, at: Timestamp) -> Result<()> {
    conn.execute(
        "UPDATE operators SET last_used_at = ?2 WHERE login = ?1",
        params![login, text(at)],
    )
    .map_err(db_err)?;
    Ok(())
}
