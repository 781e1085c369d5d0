//! PostgreSQL for tests: the server at `CITYDESK_TEST_POSTGRES` (default
//! the machine's, 127.0.0.1:5432, trust auth), one database
//! `citydesk_test`, and a schema per test database: `search_path` in the
//! URL points a store at it. Schemas of test processes no longer running
//! are dropped by the first test of the next run (and `.ci/run` drops the
//! database after the suite).

use std::path::Path;

const DATABASE: &str = "citydesk_test";

/// The PostgreSQL server tests use, without a database.
pub fn server() -> String {
    std::env::var("CITYDESK_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

async fn connect(db: &str) -> tokio_postgres::Client {
    let url = format!("{}/{db}", server());
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {url} (is it running? .ci/run starts it): {e}"));
    tokio::spawn(connection);
    client
}

static READY: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

/// Creates the test database once per process and drops the schemas that
/// test processes no longer running left behind.
async fn ready() {
    READY
        .get_or_init(|| async {
            let admin = connect("postgres").await;
            // Concurrent first tests may race to create it; either wins.
            let _ = admin.batch_execute(&format!("CREATE DATABASE {DATABASE}")).await;
            let db = connect(DATABASE).await;
            let schemas = db
                .query(
                    "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'cdt\\_%'",
                    &[],
                )
                .await
                .expect("list test schemas");
            for row in schemas {
                let name: String = row.get(0);
                let pid = name.split('_').nth(1).and_then(|p| p.parse::<u32>().ok());
                let alive = pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists());
                if !alive {
                    let _ = db
                        .batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                        .await;
                }
            }
        })
        .await;
}

/// The schema of the test database in `dir`: named after this process and
/// the directory, so a restart over the same directory finds its data.
fn schema(dir: &Path) -> String {
    let base: String = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("cdt_{}_{base}", std::process::id())
}

/// A `postgres://` URL for the test database in `dir`, its schema made.
pub async fn url(dir: &Path) -> String {
    ready().await;
    let schema = schema(dir);
    connect(DATABASE)
        .await
        .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
        .await
        .expect("create schema");
    format!("{}/{DATABASE}?options=-c%20search_path%3D{schema}", server())
}
