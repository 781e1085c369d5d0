//! Items the bench works on, each with the version its next action must
//! expect, as a console tracks it from each reply.

use crate::api::{ActionReply, ActionRequest};
use crate::client::{Client, ClientError};
use crate::model::{Action, CreateItem, ItemId, Kind, Place};
use futures::StreamExt;

/// Creates going on at once while setting up.
const CREATE_AT_ONCE: usize = 16;

/// One item and what the bench knows of it.
#[derive(Debug, Clone)]
pub struct Slot {
    pub id: ItemId,
    pub version: u64,
    pub claimed: bool,
}

impl Slot {
    /// Takes in the item as a reply shows it.
    pub fn update(&mut self, reply: &ActionReply) {
        self.version = reply.item.item.version;
        self.claimed = reply.item.item.claim.is_some();
    }
}

/// Reports `n` hotline tickets.
pub async fn create(client: &Client, n: usize) -> anyhow::Result<Vec<Slot>> {
    let replies: Vec<_> = futures::stream::iter(0..n)
        .map(|i| {
            let item = CreateItem {
                kind: Kind::Ticket,
                category: "H01".into(),
                title: format!("bench ticket {i}"),
                description: String::new(),
                priority: None,
                tier: None,
                place: Place::default(),
                fingerprint: None,
                caller: None,
                raised_from: None,
                call_id: None,
            };
            async move { client.create(&item, None).await }
        })
        .buffer_unordered(CREATE_AT_ONCE)
        .collect()
        .await;
    replies
        .into_iter()
        .map(|r| {
            let reply = r?;
            let item = &reply.item.item;
            Ok(Slot {
                id: item.id.clone(),
                version: item.version,
                claimed: item.claim.is_some(),
            })
        })
        .collect()
}

/// Claim when free, release when held: every call appends one event and
/// leaves the item as it found it every second time.
pub fn claim_or_release(slot: &Slot) -> ActionRequest {
    let action = if slot.claimed {
        Action::Release {}
    } else {
        Action::Claim {}
    };
    ActionRequest::new(action, slot.version)
}

/// After a refused or lost action: re-read the item, as a console would.
pub async fn resync(client: &Client, slot: &mut Slot) {
    if let Ok(detail) = client.item(&slot.id).await {
        slot.version = detail.item.item.version;
        slot.claimed = detail.item.item.claim.is_some();
    }
}

/// A short name for an error, to count errors by kind.
pub fn error_label(e: &ClientError) -> String {
    match e {
        ClientError::Api { status, body } => format!("{} {}", status.as_u16(), body.error.code),
        ClientError::Transport(_) => "transport".into(),
        ClientError::Decode(_) => "decode".into(),
        ClientError::BadUrl(_) => "bad url".into(),
        ClientError::Tls(_) => "tls".into(),
        ClientError::PlainHttp(_) => "plain http".into(),
    }
}
