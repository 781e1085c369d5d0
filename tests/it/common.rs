//! `TestServer`: a server on a free loopback port over a fresh database,
//! with one operator of each role.

use citydesk::api::ActionRequest;
use citydesk::client::Client;
use citydesk::model::{Action, CreateItem, Item, ItemId, Kind, Operator, Place, Priority, Role};
use citydesk::server::{ServerConfig, hash_token, new_token, serve};
use citydesk::store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;

/// Which store the tests of a binary run on: `tests/it` on SQLite, the
/// matrix `tests/pg` on PostgreSQL, the same test code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database URL for a test database kept in `dir` (SQLite: a file
/// there; PostgreSQL: a schema named after it).
pub async fn db_url(dir: &std::path::Path) -> String {
    match crate::BACKEND {
        Backend::Sqlite => format!("sqlite:{}", dir.join("test.db").display()),
        Backend::Postgres => crate::pg::url(dir).await,
    }
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub store: Arc<dyn Store>,
    pub dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(ServerConfig::default()).await
    }

    pub async fn start_with(config: ServerConfig) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        Self::start_in(dir, config).await
    }

    /// Starts over the database in `dir` (which may already hold data).
    pub async fn start_in(dir: tempfile::TempDir, config: ServerConfig) -> Self {
        Self::start_at(dir, config, "127.0.0.1:0".parse().expect("addr")).await
    }

    /// Starts over the database in `dir` on `addr` (a restart where the
    /// clients already follow).
    pub async fn start_at(dir: tempfile::TempDir, config: ServerConfig, addr: SocketAddr) -> Self {
        let url = db_url(dir.path()).await;
        let store = citydesk::store::open(&url).await.expect("open store");
        let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(Arc::clone(&store), config, listener, async {
            let _ = stopped.await;
        }));
        TestServer {
            addr,
            store,
            dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// An operator of `role` (units act for the water company) and a client
    /// holding their token.
    pub async fn client(&self, login: &str, role: Role) -> Client {
        let department = (role == Role::Unit).then(|| "water".to_owned());
        self.client_for(login, role, department).await
    }

    pub async fn client_for(&self, login: &str, role: Role, department: Option<String>) -> Client {
        let token = new_token();
        let op = Operator {
            login: login.into(),
            name: login.into(),
            role,
            department,
        };
        self.store
            .add_operator(&op, &hash_token(&token))
            .await
            .expect("add operator");
        Client::new(&self.url(), Some(token)).expect("client")
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("join").expect("serve");
        }
        let dir = tempfile::tempdir().expect("tempdir");
        std::mem::replace(&mut self.dir, dir)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub fn ticket(title: &str) -> CreateItem {
    CreateItem {
        kind: Kind::Ticket,
        category: "H01".into(),
        title: title.into(),
        description: String::new(),
        priority: Some(Priority::P2),
        tier: None,
        place: Place {
            district: Some("太和区".into()),
            ..Place::default()
        },
        fingerprint: None,
        caller: None,
        raised_from: None,
        call_id: None,
    }
}

pub fn of_kind(kind: Kind, title: &str) -> CreateItem {
    CreateItem {
        kind,
        ..ticket(title)
    }
}

/// Creates a ticket and returns it.
pub async fn new_ticket(client: &Client, title: &str) -> Item {
    client
        .create(&ticket(title), None)
        .await
        .expect("create")
        .item
        .item
}

/// Acts at the item's current version and returns the item after.
pub async fn act(client: &Client, item: &Item, action: Action) -> Item {
    try_act(client, item, action).await.expect("action")
}

pub async fn try_act(
    client: &Client,
    item: &Item,
    action: Action,
) -> Result<Item, citydesk::client::ClientError> {
    let reply = client
        .act(&item.id, &ActionRequest::new(action, item.version), None)
        .await?;
    Ok(reply.item.item)
}

pub async fn fetch(client: &Client, id: &ItemId) -> Item {
    client.item(id).await.expect("item").item.item
}

/// A plain HTTP client for raw requests. reqwest is built without a
/// default TLS provider; the product's client installs one, and so must a
/// test that may run first in its process.
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
