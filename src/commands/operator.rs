//! `citydesk operator add|rotate|list|role|revoke`: works on the database
//! directly, so the first operator can be made before any server runs.

use crate::cli::OperatorCommand;
use crate::model::{Operator, Role};
use crate::server::{hash_token, new_token};
use anyhow::{Context, bail};
use std::time::Duration;
use time::OffsetDateTime;

pub async fn run(cmd: OperatorCommand) -> anyhow::Result<()> {
    match cmd {
        OperatorCommand::Add {
            login,
            role,
            name,
            department,
            extension,
            expires,
            db,
            city,
        } => {
            let city = crate::data::load(city.dir.as_deref())?;
            let operator = operator(&city, login, role, name, department)?;
            let expires_at = expires.map(from_now).transpose()?;
            add(db.db.as_deref(), operator, extension.as_deref(), expires_at).await
        }
        OperatorCommand::Rotate {
            login,
            grace,
            expires,
            db,
        } => {
            let expires_at = expires.map(from_now).transpose()?;
            rotate(db.db.as_deref(), &login, from_now(grace)?, expires_at).await
        }
        OperatorCommand::List { db } => list(db.db.as_deref()).await,
        OperatorCommand::Role {
            login,
            role,
            department,
            db,
            city,
        } => {
            let city = crate::data::load(city.dir.as_deref())?;
            // The same checks as `add`, on the new role and department.
            let changed = operator(&city, login, role, None, department)?;
            set_role(db.db.as_deref(), &changed).await
        }
        OperatorCommand::Revoke { login, db } => revoke(db.db.as_deref(), &login).await,
    }
}

async fn open(db: Option<&str>) -> anyhow::Result<std::sync::Arc<dyn crate::store::Store>> {
    let url = crate::config::db_url(db)?;
    crate::store::open(&url)
        .await
        .with_context(|| format!("opening {url}"))
}

fn valid_login(login: &str) -> bool {
    !login.is_empty()
        && login.len() <= 64
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The operator the flags describe, checked.
fn operator(
    city: &crate::model::City,
    login: String,
    role: Role,
    name: Option<String>,
    department: Option<String>,
) -> anyhow::Result<Operator> {
    if !valid_login(&login) {
        bail!("login {login:?} must be 1-64 letters, digits, '-', '_' or '.'");
    }
    let department = match (role, department) {
        (Role::Unit, None) => bail!("a unit operator needs --department CODE (see GET /v1/directory)"),
        // A community's own system (community:210702-08-03) takes the
        // grid alerts routed to it.
        (Role::Unit, Some(d)) => Some(city.org(&d).with_context(|| {
            format!("unknown department {d:?}: a code from GET /v1/directory, or community:<district>-<street>-<community>")
        })?),
        (_, Some(_)) => bail!("--department is only for unit operators"),
        (_, None) => None,
    };
    Ok(Operator {
        name: name.unwrap_or_else(|| login.clone()),
        login,
        role,
        department,
    })
}

/// The time `d` from now; lifetimes are bounded, so this only fails on a
/// clock far in the future.
fn from_now(d: Duration) -> anyhow::Result<OffsetDateTime> {
    let d = time::Duration::try_from(d).context("duration out of range")?;
    OffsetDateTime::now_utc()
        .checked_add(d)
        .context("that date is out of range")
}

async fn add(
    db: Option<&str>,
    operator: Operator,
    extension: Option<&str>,
    expires_at: Option<OffsetDateTime>,
) -> anyhow::Result<()> {
    if extension.is_some_and(|e| e.is_empty() || e.len() > 32) {
        bail!("--extension must be 1-32 characters");
    }
    let store = open(db).await?;
    // Checked first, so a taken extension leaves no operator behind.
    if let Some(e) = extension
        && let Some(other) = store.operator_by_extension(e).await?
    {
        bail!("extension {e} is {}'s", other.login);
    }
    let token = new_token();
    store.add_operator(&operator, &hash_token(&token)).await?;
    if let Some(extension) = extension {
        store.set_extension(&operator.login, Some(extension)).await?;
    }
    if expires_at.is_some() {
        store.set_token_expiry(&operator.login, expires_at).await?;
    }
    println!("{token}");
    Ok(())
}

async fn rotate(
    db: Option<&str>,
    login: &str,
    grace_until: OffsetDateTime,
    expires_at: Option<OffsetDateTime>,
) -> anyhow::Result<()> {
    let store = open(db).await?;
    let token = new_token();
    if !store
        .rotate_token(login, &hash_token(&token), expires_at, grace_until)
        .await?
    {
        bail!("no active operator {login:?}");
    }
    eprintln!(
        "rotated {login}: the old token works until {}",
        crate::model::rfc3339(grace_until)
    );
    println!("{token}");
    Ok(())
}

async fn list(db: Option<&str>) -> anyhow::Result<()> {
    let store = open(db).await?;
    let now = OffsetDateTime::now_utc();
    println!(
        "{:<20} {:<11} {:<16} {:<8} {:<17} {:<17} NAME",
        "LOGIN", "ROLE", "DEPARTMENT", "STATE", "EXPIRES", "LAST-USED"
    );
    for r in store.operators().await? {
        let op = &r.operator;
        let expires = r.expires_at.as_deref().and_then(parse_time);
        let state = match (r.revoked, expires) {
            (true, _) => "revoked",
            (false, Some(at)) if at <= now => "expired",
            _ => "active",
        };
        let dept = op.department.as_deref().unwrap_or("-");
        let expires = expires.map_or_else(|| "never".to_owned(), minute);
        let used = r
            .last_used_at
            .as_deref()
            .and_then(parse_time)
            .map_or_else(|| "never".to_owned(), minute);
        println!(
            "{:<20} {:<11} {:<16} {:<8} {:<17} {:<17} {}",
            op.login, op.role, dept, state, expires, used, op.name
        );
    }
    Ok(())
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

/// A time to the minute, UTC, in one word: `2026-11-30T23:10Z`.
fn minute(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

async fn set_role(db: Option<&str>, changed: &Operator) -> anyhow::Result<()> {
    let store = open(db).await?;
    let by = format!("citydesk operator role ({})", local_user());
    let department = changed.department.as_deref();
    if !store
        .set_role(&changed.login, changed.role, department, &by)
        .await?
    {
        bail!("no active operator {:?}", changed.login);
    }
    eprintln!("{} is now {}", changed.login, changed.role);
    Ok(())
}

/// Who ran the command, for the audit log: the login of the machine.
fn local_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown user".into())
}

async fn revoke(db: Option<&str>, login: &str) -> anyhow::Result<()> {
    let store = open(db).await?;
    if !store.revoke_operator(login).await? {
        bail!("no active operator {login:?}");
    }
    eprintln!("revoked {login}");
    Ok(())
}
