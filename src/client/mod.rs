//! The typed HTTP client of the v1 API, used by the console, `tail`, the
//! simulator, the benchmark and the tests: one implementation of the wire
//! contract on the calling side.

mod callers;
pub mod live;
mod stream;
mod transport;

pub use stream::StreamMessage;
pub use transport::{Transport, is_loopback};

use crate::api::{
    ActionReply, ActionRequest, ConflictDetails, Directory, ErrorBody, Health, IDEMPOTENCY_KEY, ItemDetail,
    Me, Snapshot, SnapshotQuery, Stats, paths,
};
use crate::model::{CreateItem, ItemId};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;

/// A document as a standard sent it (`GET /v1/items/{id}/raw`); bytes
/// that are not UTF-8 are replaced, since it is shown, not parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument {
    pub content_type: String,
    pub source: String,
    pub body: String,
}

/// Errors of the client layer.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error body.
    #[error("{status}: {} ({})", body.error.message, body.error.code)]
    Api {
        status: StatusCode,
        body: Box<ErrorBody>,
    },
    /// The server could not be reached or the connection broke.
    #[error("cannot reach the server: {0}")]
    Transport(String),
    /// The server answered something that is not the v1 contract.
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
    #[error("invalid server URL {0:?}")]
    BadUrl(String),
    /// The CA file could not be read or holds no certificate.
    #[error("{0}")]
    Tls(String),
    /// A token would have gone over plain HTTP to another machine.
    #[error("{0}")]
    PlainHttp(String),
}

impl ClientError {
    /// The API error code, when the server gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Api { body, .. } => Some(&body.error.code),
            _ => None,
        }
    }

    /// The details of a `conflict`: the item as it is now and who moved it.
    pub fn conflict(&self) -> Option<ConflictDetails> {
        match self {
            ClientError::Api { body, .. } => body.error.conflict(),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(e: reqwest::Error) -> Self {
        if e.is_decode() {
            ClientError::Decode(e.to_string())
        } else {
            ClientError::Transport(transport::chain(&e))
        }
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// A connection to one citydesk server as one operator.
#[derive(Clone)]
pub struct Client {
    base: String,
    token: Option<String>,
    http: reqwest::Client,
    /// Whether a token may go to `base` (see [`Transport::insecure_http`]);
    /// checked when connecting, and again for every request so a token
    /// added later by [`Client::with_token`] is not sent either.
    token_allowed: bool,
}

impl Client {
    /// `base` is the server's URL (`http://127.0.0.1:7878`), reached with
    /// the default [`Transport`].
    pub fn new(base: &str, token: Option<String>) -> Result<Self> {
        Self::connect(base, token, &Transport::default())
    }

    /// `base` reached as `transport` says: refuses at once to carry a
    /// token over plain HTTP to another machine unless it allows that.
    pub fn connect(base: &str, token: Option<String>, transport: &Transport) -> Result<Self> {
        let base = base.trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ClientError::BadUrl(base));
        }
        let token_allowed = transport::token_allowed(&base, transport);
        if token.is_some() && !token_allowed {
            return Err(transport::plain_http_refused(&base));
        }
        let http = transport::http_client(transport)?;
        Ok(Client {
            base,
            token,
            http,
            token_allowed,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The bearer token this client sends, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The same server as another operator.
    pub fn with_token(&self, token: impl Into<String>) -> Self {
        Client {
            token: Some(token.into()),
            ..self.clone()
        }
    }

    pub(super) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let req = self.http.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(t) if self.token_allowed => req.bearer_auth(t),
            _ => req,
        }
    }

    pub async fn health(&self) -> Result<Health> {
        decode(self.request(Method::GET, paths::HEALTH).send().await?).await
    }

    pub async fn me(&self) -> Result<Me> {
        decode(self.request(Method::GET, paths::ME).send().await?).await
    }

    pub async fn snapshot(&self, query: &SnapshotQuery) -> Result<Snapshot> {
        let qs = serde_urlencoded_query(query)?;
        decode(
            self.request(Method::GET, &format!("{}{qs}", paths::SNAPSHOT))
                .send()
                .await?,
        )
        .await
    }

    pub async fn item(&self, id: &ItemId) -> Result<ItemDetail> {
        decode(
            self.request(Method::GET, &paths::item(id.as_str()))
                .send()
                .await?,
        )
        .await
    }

    /// A page of the audit log: rows after `after`, at most `limit`.
    pub async fn audit(&self, after: u64, limit: usize) -> Result<crate::api::AuditPage> {
        let path = format!("{}?after={after}&limit={limit}", paths::AUDIT);
        decode(self.request(Method::GET, &path).send().await?).await
    }

    pub async fn directory(&self) -> Result<Directory> {
        decode(self.request(Method::GET, paths::DIRECTORY).send().await?).await
    }

    /// The KPIs of the items reported `today` or this `week`.
    pub async fn stats(&self, window: &str) -> Result<Stats> {
        let path = format!("{}?window={}", paths::STATS, urlencode(window));
        decode(self.request(Method::GET, &path).send().await?).await
    }

    /// The KPIs of the items reported in `[from, to)`.
    pub async fn stats_range(
        &self,
        from: crate::model::Timestamp,
        to: crate::model::Timestamp,
    ) -> Result<Stats> {
        let (from, to) = (crate::model::rfc3339(from), crate::model::rfc3339(to));
        let path = format!("{}?from={}&to={}", paths::STATS, urlencode(&from), urlencode(&to));
        decode(self.request(Method::GET, &path).send().await?).await
    }

    /// Category suggestions and knowledge entries for a description.
    pub async fn suggest(&self, params: &crate::api::SuggestParams) -> Result<crate::api::SuggestResponse> {
        let mut path = format!("{}?text={}", paths::SUGGEST, urlencode(&params.text));
        if let Some(on) = &params.on {
            path.push_str(&format!("&on={}", urlencode(on)));
        }
        if let Some(n) = params.limit {
            path.push_str(&format!("&limit={n}"));
        }
        decode(self.request(Method::GET, &path).send().await?).await
    }

    /// Tells everyone streaming that this operator is viewing `id`.
    pub async fn presence(&self, id: &ItemId) -> Result<()> {
        let body = crate::api::PresenceRequest { item_id: id.clone() };
        let resp = self
            .request(Method::POST, paths::PRESENCE)
            .json(&body)
            .send()
            .await?;
        if resp.status().is_success() {
            return Ok(());
        }
        decode::<serde_json::Value>(resp).await.map(|_| ())
    }

    /// Creates an item; with a key, a retry returns the first answer.
    pub async fn create(&self, item: &CreateItem, idempotency_key: Option<&str>) -> Result<ActionReply> {
        let req = self.request(Method::POST, paths::ITEMS).json(item);
        decode(with_key(req, idempotency_key).send().await?).await
    }

    /// Asks for an action on an item.
    pub async fn act(
        &self,
        id: &ItemId,
        action: &ActionRequest,
        idempotency_key: Option<&str>,
    ) -> Result<ActionReply> {
        let req = self
            .request(Method::POST, &paths::actions(id.as_str()))
            .json(&action.to_json());
        decode(with_key(req, idempotency_key).send().await?).await
    }

    /// The newest document a standard sent about an item, as received. Not
    /// JSON (CAP is XML), so it comes back as text with its content type;
    /// roles that see callers masked get the server's 403.
    pub async fn raw_document(&self, id: &ItemId) -> Result<RawDocument> {
        let path = format!("{}/raw", paths::item(id.as_str()));
        let resp = self.request(Method::GET, &path).send().await?;
        let status = resp.status();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let content_type = header("content-type");
        let source = header("x-citydesk-source");
        let bytes = resp.bytes().await?;
        if !status.is_success() {
            return Err(refusal(status, &bytes));
        }
        Ok(RawDocument {
            content_type,
            source,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    /// Sends raw bytes to a path, for callers (tests, tools) that need to
    /// send what the typed calls never would.
    pub async fn send_raw(&self, method: Method, path: &str, body: Vec<u8>) -> Result<(StatusCode, String)> {
        let resp = self
            .request(method, path)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await?;
        let status = resp.status();
        Ok((status, resp.text().await?))
    }
}

fn with_key(req: RequestBuilder, key: Option<&str>) -> RequestBuilder {
    match key {
        Some(k) => req.header(IDEMPOTENCY_KEY, k),
        None => req,
    }
}

fn serde_urlencoded_query(query: &SnapshotQuery) -> Result<String> {
    let value = serde_json::to_value(query).map_err(|e| ClientError::Decode(e.to_string()))?;
    let pairs: Vec<String> = value
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| format!("{k}={}", urlencode(s))))
                .collect()
        })
        .unwrap_or_default();
    Ok(if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    })
}

pub(super) fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Success bodies decode as `T`; error bodies as [`ErrorBody`].
pub(super) async fn decode<T: DeserializeOwned>(resp: Response) -> Result<T> {
    let status = resp.status();
    let bytes = resp.bytes().await?;
    if status.is_success() {
        return serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode(e.to_string()));
    }
    Err(refusal(status, &bytes))
}

/// An error answer as the client's error: the v1 error body when there is
/// one, else the status and whatever text came.
fn refusal(status: StatusCode, bytes: &[u8]) -> ClientError {
    match serde_json::from_slice::<ErrorBody>(bytes) {
        Ok(body) => ClientError::Api {
            status,
            body: Box::new(body),
        },
        Err(_) => ClientError::Decode(format!("{status}: {}", String::from_utf8_lossy(bytes))),
    }
}
