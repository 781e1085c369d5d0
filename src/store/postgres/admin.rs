//! Operators, tokens, the audit log and callers' reads: small writes that
//! do not touch the log, each its own transaction on a pooled connection.

use super::super::{Result, StoreError, TokenRecord};
use super::read::{exec, operator_row, row, rows};
use super::schema::{is_unique_violation, pg_err, to_i64, to_u64};
use crate::model::audit::{AuditEntry, AuditKind, NewAudit};
use crate::model::{CallerRead, Operator, Role, Timestamp};
use deadpool_postgres::GenericClient;
use time::format_description::well_known::Rfc3339;

fn now_text() -> String {
    crate::model::rfc3339(time::OffsetDateTime::now_utc())
}

fn parse_time(at: Option<String>) -> Result<Option<Timestamp>> {
    at.map(|s| Timestamp::parse(&s, &Rfc3339).map_err(|e| StoreError::Corrupt(format!("time {s:?}: {e}"))))
        .transpose()
}

pub(super) async fn add_operator<C: GenericClient>(c: &C, op: &Operator, hash: &str) -> Result<()> {
    let stmt = c
        .prepare_cached(
            "INSERT INTO operators (login, name, role, department, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .await
        .map_err(pg_err)?;
    match c
        .execute(
            &stmt,
            &[
                &op.login,
                &op.name,
                &op.role.as_str(),
                &op.department,
                &hash,
                &now_text(),
            ],
        )
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Err(StoreError::Duplicate(format!("operator {}", op.login))),
        Err(e) => Err(pg_err(e)),
    }
}

/// The active operator a token (current, or replaced and maybe still in
/// its grace) belongs to, and until when it works.
pub(super) async fn token<C: GenericClient>(c: &C, hash: &str) -> Result<Option<TokenRecord>> {
    let Some(r) = row(
        c,
        "SELECT login, name, role, department, token_hash = $1, \
         CASE WHEN token_hash = $1 THEN expires_at ELSE previous_valid_until END \
         FROM operators WHERE (token_hash = $1 OR previous_token_hash = $1) AND revoked_at IS NULL",
        &[&hash],
    )
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(TokenRecord {
        operator: operator_row(&r)?,
        valid_until: parse_time(r.get(5))?,
        replaced: !r.get::<_, bool>(4),
    }))
}

pub(super) async fn set_expiry<C: GenericClient>(c: &C, login: &str, at: Option<Timestamp>) -> Result<bool> {
    let n = exec(
        c,
        "UPDATE operators SET expires_at = $2 WHERE login = $1 AND revoked_at IS NULL",
        &[&login, &at.map(crate::model::rfc3339)],
    )
    .await?;
    Ok(n > 0)
}

pub(super) async fn rotate<C: GenericClient>(
    c: &C,
    login: &str,
    new_hash: &str,
    expires_at: Option<Timestamp>,
    grace_until: Timestamp,
) -> Result<bool> {
    let n = exec(
        c,
        "UPDATE operators SET previous_token_hash = token_hash, previous_valid_until = $3, \
         token_hash = $2, expires_at = $4 WHERE login = $1 AND revoked_at IS NULL",
        &[
            &login,
            &new_hash,
            &crate::model::rfc3339(grace_until),
            &expires_at.map(crate::model::rfc3339),
        ],
    )
    .await?;
    Ok(n > 0)
}

pub(super) async fn record_use<C: GenericClient>(c: &C, login: &str, at: Timestamp) -> Result<()> {
    exec(
        c,
        "UPDATE operators SET last_used_at = $2 WHERE login = $1",
        &[&login, &crate::model::rfc3339(at)],
    )
    .await?;
    Ok(())
}

pub(super) async fn revoke<C: GenericClient>(c: &C, login: &str) -> Result<bool> {
    let n = exec(
        c,
        "UPDATE operators SET revoked_at = $2 WHERE login = $1 AND revoked_at IS NULL",
        &[&login, &now_text()],
    )
    .await?;
    if n > 0 {
        // In the same transaction: no revocation goes unrecorded.
        append(c, &NewAudit::revoked(login)).await?;
    }
    Ok(n > 0)
}

pub(super) async fn set_role<C: GenericClient>(
    c: &C,
    login: &str,
    role: Role,
    department: Option<&str>,
    by: &str,
) -> Result<bool> {
    let Some(before) = super::read::active_operator(c, login).await? else {
        return Ok(false);
    };
    exec(
        c,
        "UPDATE operators SET role = $2, department = $3 WHERE login = $1 AND revoked_at IS NULL",
        &[&login, &role.as_str(), &department],
    )
    .await?;
    let entry = NewAudit::role_changed(
        login,
        (before.role, before.department.as_deref()),
        (role, department),
        by,
    );
    append(c, &entry).await?;
    Ok(true)
}

pub(super) async fn append<C: GenericClient>(c: &C, entry: &NewAudit) -> Result<()> {
    exec(
        c,
        "INSERT INTO audit (at, kind, login, route, status, detail, once) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT DO NOTHING",
        &[
            &now_text(),
            &entry.kind.as_str(),
            &entry.login,
            &entry.route,
            &entry.status.map(i32::from),
            &entry.detail,
            &entry.once,
        ],
    )
    .await?;
    Ok(())
}

pub(super) async fn audit_page<C: GenericClient>(c: &C, after: u64, limit: usize) -> Result<Vec<AuditEntry>> {
    let found = rows(
        c,
        "SELECT id, at, kind, login, route, status, detail FROM audit WHERE id > $1 ORDER BY id LIMIT $2",
        &[&to_i64(after), &to_i64(limit as u64)],
    )
    .await?;
    found
        .iter()
        .map(|r| {
            let id: i64 = r.get(0);
            let corrupt = |what: &str| StoreError::Corrupt(format!("audit row {id}: {what}"));
            Ok(AuditEntry {
                id: to_u64(id),
                at: Timestamp::parse(r.get(1), &Rfc3339).map_err(|_| corrupt("bad time"))?,
                kind: AuditKind::parse(r.get(2)).ok_or_else(|| corrupt("unknown kind"))?,
                login: r.get(3),
                route: r.get(4),
                status: r.get::<_, Option<i32>>(5).and_then(|s| u16::try_from(s).ok()),
                detail: r.get(6),
            })
        })
        .collect()
}

pub(super) async fn record_caller_read<C: GenericClient>(c: &C, read: &CallerRead) -> Result<()> {
    exec(
        c,
        "INSERT INTO caller_reads (at, login, role, phone) VALUES ($1, $2, $3, $4)",
        &[
            &crate::model::rfc3339(read.at),
            &read.login,
            &read.role.as_str(),
            &read.phone,
        ],
    )
    .await?;
    let entry = NewAudit::caller_read(read);
    append(c, &entry).await
}

pub(super) async fn caller_reads<C: GenericClient>(
    c: &C,
    phone: Option<&str>,
    limit: usize,
) -> Result<Vec<CallerRead>> {
    let found = rows(
        c,
        "SELECT at, login, role, phone FROM caller_reads WHERE ($1::text IS NULL OR phone = $1) \
         ORDER BY id DESC LIMIT $2",
        &[&phone, &to_i64(limit as u64)],
    )
    .await?;
    found
        .iter()
        .map(|r| {
            Ok(CallerRead {
                at: Timestamp::parse(r.get(0), &Rfc3339).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                login: r.get(1),
                role: r.get::<_, &str>(2).parse().map_err(StoreError::Corrupt)?,
                phone: r.get(3),
            })
        })
        .collect()
}

pub(super) async fn operator_by_extension<C: GenericClient>(
    c: &C,
    extension: &str,
) -> Result<Option<Operator>> {
    row(
        c,
        "SELECT login, name, role, department FROM operators WHERE extension = $1 AND revoked_at IS NULL",
        &[&extension],
    )
    .await?
    .map(|r| operator_row(&r))
    .transpose()
}

pub(super) async fn set_extension<C: GenericClient>(
    c: &C,
    login: &str,
    extension: Option<&str>,
) -> Result<bool> {
    let stmt = c
        .prepare_cached("UPDATE operators SET extension = $2 WHERE login = $1 AND revoked_at IS NULL")
        .await
        .map_err(pg_err)?;
    match c.execute(&stmt, &[&login, &extension]).await {
        Ok(n) => Ok(n > 0),
        Err(e) if is_unique_violation(&e) => Err(StoreError::Duplicate(format!(
            "extension {}",
            extension.unwrap_or_default()
        ))),
        Err(e) => Err(pg_err(e)),
    }
}

/// Takes or renews the lease `name` for `holder` for `ttl`; true when
/// `holder` has it now.
pub(super) async fn lease<C: GenericClient>(
    c: &C,
    name: &str,
    holder: &str,
    ttl: std::time::Duration,
) -> Result<bool> {
    let held = row(
        c,
        "INSERT INTO leases (name, holder, until) VALUES ($1, $2, now() + make_interval(secs => $3)) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until \
         WHERE leases.holder = excluded.holder OR leases.until < now() \
         RETURNING holder",
        &[&name, &holder, &ttl.as_secs_f64()],
    )
    .await?;
    Ok(held.is_some())
}

/// Gives the lease up (a replica stopping cleanly), so another takes it
/// at once instead of when it expires.
pub(super) async fn release<C: GenericClient>(c: &C, name: &str, holder: &str) -> Result<()> {
    exec(
        c,
        "DELETE FROM leases WHERE name = $1 AND holder = $2",
        &[&name, &holder],
    )
    .await?;
    Ok(())
}
