//! The only I/O of the console besides the terminal: each `Effect` runs on
//! a task and its result comes back as a `Msg`.

use super::msg::{ActFailure, Effect, Msg};
use crate::client::{Client, ClientError};
use tokio::sync::mpsc;

/// Performs one effect and returns the message it produces, if any.
pub async fn perform(effect: Effect, client: &Client) -> Option<Msg> {
    match effect {
        Effect::Act { id, request, label } => {
            let key = format!("console-{}", hex::encode(rand::random::<[u8; 12]>()));
            let result = client
                .act(&id, &request, Some(&key))
                .await
                .map(|r| Box::new(r.item.item))
                .map_err(failure);
            Some(Msg::Acted { id, label, result })
        }
        Effect::Create { request, label } => {
            let key = format!("console-{}", hex::encode(rand::random::<[u8; 12]>()));
            let result = client
                .create(&request, Some(&key))
                .await
                .map(|r| Box::new(r.item.item))
                .map_err(failure);
            Some(Msg::Created { label, result })
        }
        Effect::SearchKnowledge(query) => {
            let result = suggest(client, &query, Some(10)).await;
            Some(Msg::Knowledge { query, result })
        }
        Effect::FetchHistory(phone) => {
            let result = boxed(client.caller_history(&phone).await);
            Some(Msg::History { phone, result })
        }
        Effect::Suggest(text) => {
            let result = suggest(client, &text, None).await;
            Some(Msg::Suggested { text, result })
        }
        Effect::FetchDetail(id) => Some(Msg::Detail(boxed(client.item(&id).await))),
        Effect::FetchRaw(id) => {
            let result = boxed(client.raw_document(&id).await);
            Some(Msg::Raw { id, result })
        }
        Effect::FetchItem(id) => client
            .item(&id)
            .await
            .ok()
            .map(|d| Msg::Refreshed(Box::new(d.item.item))),
        Effect::FetchDirectory => Some(Msg::Directory(boxed(client.directory().await))),
        Effect::FetchReports(hours) => Some(Msg::Reports(
            client.city_reports(hours).await.map_err(|e| e.to_string()),
        )),
        Effect::FetchStats(window) => {
            let result = boxed(client.stats(&window).await);
            Some(Msg::Stats { window, result })
        }
        Effect::Presence(id) => {
            // Presence is a courtesy; a failure is not worth a message.
            let _ = client.presence(&id).await;
            None
        }
        // Done by the terminal loop itself, which owns the screen.
        Effect::EditNote { .. } | Effect::KeepDraft(_) | Effect::Quit => None,
    }
}

/// An answer as a message carries it: boxed, or the error's text.
fn boxed<T>(r: crate::client::Result<T>) -> Result<Box<T>, String> {
    r.map(Box::new).map_err(|e| e.to_string())
}

/// Suggestions (and knowledge entries) for `text`; the form and the
/// knowledge view ask the same endpoint.
async fn suggest(
    client: &Client,
    text: &str,
    limit: Option<usize>,
) -> Result<Box<crate::api::SuggestResponse>, String> {
    let params = crate::api::SuggestParams {
        text: text.to_owned(),
        limit,
        ..Default::default()
    };
    boxed(client.suggest(&params).await)
}

/// Runs `effect` on its own task, posting the result to `tx`.
pub fn spawn(effect: Effect, client: Client, tx: mpsc::Sender<Msg>) {
    tokio::spawn(async move {
        if let Some(msg) = perform(effect, &client).await {
            let _ = tx.send(msg).await;
        }
    });
}

/// What the console shows of a refusal; a conflict carries the item as it
/// is now so the row can be refreshed in place, and says who moved it.
fn failure(e: ClientError) -> ActFailure {
    let conflict = e.conflict();
    let who = conflict.as_ref().and_then(|c| c.changed_by.as_ref());
    let message = match (&e, who) {
        (ClientError::Api { body, .. }, Some(who)) => {
            format!(
                "{} ({} {} it first)",
                body.error.message, who.actor, who.event_type
            )
        }
        (ClientError::Api { body, .. }, None) => body.error.message.clone(),
        (other, _) => other.to_string(),
    };
    ActFailure {
        code: e.code().map(str::to_owned),
        message,
        current: conflict.map(|c| Box::new(c.current.item)),
    }
}
