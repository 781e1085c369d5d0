//! `citydesk operator add|list|role|revoke`: works on the database directly, so
//! the first operator can be made before any server runs.

use crate::cli::OperatorCommand;
use crate::model::{Operator, Role};
use crate::server::{hash_token, new_token};
use anyhow::{Context, bail};

pub async fn run(cmd: OperatorCommand) -> anyhow::Result<()> {
    match cmd {
        OperatorCommand::Add {
            login,
            role,
            name,
            department,
            extension,
            db,
            city,
        } => {
            let city = crate::data::load(city.dir.as_deref())?;
            let operator = operator(&city, login, role, name, department)?;
            add(db.db.as_deref(), operator, extension.as_deref()).await
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

async fn add(db: Option<&str>, operator: Operator, extension: Option<&str>) -> anyhow::Result<()> {
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
    println!("{token}");
    Ok(())
}

async fn list(db: Option<&str>) -> anyhow::Result<()> {
    let store = open(db).await?;
    for r in store.operators().await? {
        let op = &r.operator;
        let state = if r.revoked { "revoked" } else { "active" };
        let dept = op.department.as_deref().unwrap_or("-");
        println!(
            "{:<20} {:<11} {:<16} {:<8} {}",
            op.login, op.role, dept, state, op.name
        );
    }
    Ok(())
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
