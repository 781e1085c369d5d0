//! The typed HTTP client of the v1 API, used by the console, `tail`, the
//! simulator, the benchmark and the tests: one implementation of the wire
//! contract on the calling side.

mod callers;
pub mod live;
mod servers;
mod stream;
mod transport;

pub use servers::{host_port, parse as parse_servers};
pub use stream::{StreamMessage, StreamOn};
pub use transport::{Transport, is_loopback};

use crate::api::{
    ActionReply, ActionRequest, ConflictDetails, Directory, ErrorBody, Health, IDEMPOTENCY_KEY, ItemDetail,
    Me, Snapshot, SnapshotQuery, Stats, paths,
};
use crate::model::{CreateItem, ItemId};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use servers::{Server, Servers};
use std::sync::Arc;

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

/// A connection to a citydesk server as one operator: to one server, or
/// to the first that answers of several sharing one log (see
/// [`Client::connect`]).
#[derive(Clone)]
pub struct Client {
    /// Shared by every clone, with which one is in use.
    servers: Arc<Servers>,
    token: Option<String>,
    http: reqwest::Client,
    /// Sent as `Accept-Language`, so the server's error messages come in
    /// the reader's language (`zh-CN`); `None` sends none.
    language: Option<String>,
}

impl Client {
    /// `base` is the server's URL (`http://127.0.0.1:7878`), or several
    /// (see [`Client::connect`]), reached with the default [`Transport`].
    pub fn new(base: &str, token: Option<String>) -> Result<Self> {
        Self::connect(base, token, &Transport::default())
    }

    /// `base` reached as `transport` says: refuses at once to carry a
    /// token over plain HTTP to another machine unless it allows that.
    ///
    /// `base` may list several servers sharing one log, `URL1,URL2`:
    /// requests go to the one in use (at first the first), and move to the
    /// next that answers when it cannot be reached, as far as sending again
    /// is safe (see [`Client::send`]).
    pub fn connect(base: &str, token: Option<String>, transport: &Transport) -> Result<Self> {
        let mut list = Vec::new();
        for base in servers::parse(base)? {
            let token_allowed = transport::token_allowed(&base, transport);
            if token.is_some() && !token_allowed {
                return Err(transport::plain_http_refused(&base));
            }
            list.push(Server { base, token_allowed });
        }
        let http = transport::http_client(transport)?;
        Ok(Client {
            servers: Arc::new(Servers::new(list)),
            token,
            http,
            language: None,
        })
    }

    /// The same client, asking for error messages in `tag` (`zh-CN`, `en`).
    pub fn with_language(self, tag: &str) -> Self {
        Client {
            language: Some(tag.to_owned()),
            ..self
        }
    }

    /// The language tag the client asks the server's messages in, if any.
    pub fn language(&self) -> Option<&str> {
        self.language.as_deref()
    }

    /// The URL of the server in use.
    pub fn base(&self) -> &str {
        &self.servers.get(self.servers.current()).base
    }

    /// How many servers were given: more than one, and a dropped stream
    /// fails over to another.
    pub fn server_count(&self) -> usize {
        self.servers.len()
    }

    /// The stream on the server at `base` dropped: when that server is
    /// still the one in use, the next one given is, so reconnecting tries
    /// the others before it.
    pub fn move_past(&self, base: &str) {
        if let Some(index) = self.servers.index_of(base) {
            self.servers.move_past(index);
        }
    }

    /// The bearer token this client sends, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The same servers as another operator.
    pub fn with_token(&self, token: impl Into<String>) -> Self {
        Client {
            token: Some(token.into()),
            ..self.clone()
        }
    }

    /// A request to the server at `index`; the token goes only where it is
    /// allowed (checked again here, so a token added later by
    /// [`Client::with_token`] is not sent where it must not go either).
    fn request_to(&self, index: usize, method: Method, path: &str) -> RequestBuilder {
        let server = self.servers.get(index);
        let mut req = self.http.request(method, format!("{}{path}", server.base));
        if let Some(tag) = &self.language {
            req = req.header(reqwest::header::ACCEPT_LANGUAGE, tag);
        }
        match &self.token {
            Some(t) if server.token_allowed => req.bearer_auth(t),
            _ => req,
        }
    }

    /// Sends `method path`, as `shape` completes it, to the server in use;
    /// see [`Client::send_on`].
    pub(super) async fn send(
        &self,
        method: Method,
        path: &str,
        shape: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<Response> {
        self.send_on(method, path, shape).await.map(|(_, resp)| resp)
    }

    /// Sends `method path`, as `shape` completes it, to the server in use,
    /// and when it fails there, to the next ones in turn, as long as sending
    /// again is safe: always when the connection could not be made (nothing
    /// was sent), and after a connection broke under the request only for a
    /// read or a write with an `Idempotency-Key` (a repeat returns the first
    /// answer and appends nothing). A write without a key is never sent
    /// twice. The server that answered, whose index comes back with its
    /// answer, is the one in use from then on.
    pub(super) async fn send_on(
        &self,
        method: Method,
        path: &str,
        shape: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<(usize, Response)> {
        let mut failed = None;
        for index in self.servers.round() {
            let request = shape(self.request_to(index, method.clone(), path)).build()?;
            let repeatable = repeatable(&request);
            match self.http.execute(request).await {
                Ok(resp) => {
                    self.servers.answered(index);
                    return Ok((index, resp));
                }
                Err(e) if e.is_connect() || (repeatable && (e.is_request() || e.is_timeout())) => {
                    failed = Some(e);
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(failed.map_or_else(
            || ClientError::Transport("no server to send to".into()),
            Into::into,
        ))
    }

    /// A read, decoded.
    pub(super) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        decode(self.send(Method::GET, path, |r| r).await?).await
    }

    pub async fn health(&self) -> Result<Health> {
        self.get(paths::HEALTH).await
    }

    pub async fn me(&self) -> Result<Me> {
        self.get(paths::ME).await
    }

    pub async fn snapshot(&self, query: &SnapshotQuery) -> Result<Snapshot> {
        let qs = serde_urlencoded_query(query)?;
        self.get(&format!("{}{qs}", paths::SNAPSHOT)).await
    }

    pub async fn item(&self, id: &ItemId) -> Result<ItemDetail> {
        self.get(&paths::item(id.as_str())).await
    }

    /// A page of the audit log: rows after `after`, at most `limit`.
    pub async fn audit(&self, after: u64, limit: usize) -> Result<crate::api::AuditPage> {
        let path = format!("{}?after={after}&limit={limit}", paths::AUDIT);
        self.get(&path).await
    }

    pub async fn directory(&self) -> Result<Directory> {
        self.get(paths::DIRECTORY).await
    }

    /// Items reported in the last `hours` and closed since (heat view).
    pub async fn city_reports(&self, hours: u32) -> Result<Vec<crate::api::ClosedReport>> {
        self.get(&format!("{}?hours={hours}", paths::CITY_REPORTS)).await
    }

    /// The server's city files, to draw its map.
    pub async fn city_map(&self) -> Result<crate::api::CityMap> {
        self.get(paths::CITY_MAP).await
    }

    /// The KPIs of the items reported `today` or this `week`.
    pub async fn stats(&self, window: &str) -> Result<Stats> {
        let path = format!("{}?window={}", paths::STATS, urlencode(window));
        self.get(&path).await
    }

    /// The KPIs of the items reported in `[from, to)`.
    pub async fn stats_range(
        &self,
        from: crate::model::Timestamp,
        to: crate::model::Timestamp,
    ) -> Result<Stats> {
        let (from, to) = (crate::model::rfc3339(from), crate::model::rfc3339(to));
        let path = format!("{}?from={}&to={}", paths::STATS, urlencode(&from), urlencode(&to));
        self.get(&path).await
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
        self.get(&path).await
    }

    /// Tells everyone streaming that this operator is viewing `id`.
    pub async fn presence(&self, id: &ItemId) -> Result<()> {
        let body = crate::api::PresenceRequest { item_id: id.clone() };
        let resp = self
            .send(Method::POST, paths::PRESENCE, |r| r.json(&body))
            .await?;
        if resp.status().is_success() {
            return Ok(());
        }
        decode::<serde_json::Value>(resp).await.map(|_| ())
    }

    /// Creates an item; with a key, a retry returns the first answer.
    pub async fn create(&self, item: &CreateItem, idempotency_key: Option<&str>) -> Result<ActionReply> {
        let resp = self
            .send(Method::POST, paths::ITEMS, |r| {
                with_key(r.json(item), idempotency_key)
            })
            .await?;
        decode(resp).await
    }

    /// Asks for an action on an item.
    pub async fn act(
        &self,
        id: &ItemId,
        action: &ActionRequest,
        idempotency_key: Option<&str>,
    ) -> Result<ActionReply> {
        let body = action.to_json();
        let path = paths::actions(id.as_str());
        let resp = self
            .send(Method::POST, &path, |r| with_key(r.json(&body), idempotency_key))
            .await?;
        decode(resp).await
    }

    /// The newest document a standard sent about an item, as received. Not
    /// JSON (CAP is XML), so it comes back as text with its content type;
    /// roles that see callers masked get the server's 403.
    pub async fn raw_document(&self, id: &ItemId) -> Result<RawDocument> {
        let path = format!("{}/raw", paths::item(id.as_str()));
        let resp = self.send(Method::GET, &path, |r| r).await?;
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
            .send(method, path, |r| {
                r.header("content-type", "application/json").body(body.clone())
            })
            .await?;
        let status = resp.status();
        Ok((status, resp.text().await?))
    }
}

/// Whether `request` may be sent again after its connection broke under
/// it: a read, or a write the server answers once per key.
fn repeatable(request: &reqwest::Request) -> bool {
    request.method() == Method::GET || request.headers().contains_key(IDEMPOTENCY_KEY)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, key: Option<&str>) -> reqwest::Request {
        let http = transport::http_client(&Transport::default()).expect("http client");
        let req = http.request(method, "http://127.0.0.1:7878/v1/items");
        with_key(req, key).build().expect("request")
    }

    #[test]
    fn a_read_or_a_keyed_write_may_be_sent_again_and_a_write_without_a_key_may_not() {
        assert!(repeatable(&request(Method::GET, None)));
        assert!(repeatable(&request(Method::POST, Some("console-1"))));
        assert!(!repeatable(&request(Method::POST, None)));
    }

    #[test]
    fn a_token_is_refused_before_anything_is_sent_if_any_server_is_plain_http_elsewhere() {
        let token = Some("cdk_x".to_owned());
        assert!(Client::new("http://127.0.0.1:7878,https://10.0.0.6", token.clone()).is_ok());
        let refused = Client::new("http://127.0.0.1:7878,http://10.0.0.6:7878", token);
        assert!(matches!(refused, Err(ClientError::PlainHttp(_))));
    }
}
