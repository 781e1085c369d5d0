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
            let params = crate::api::SuggestParams {
                text: query.clone(),
                limit: Some(10),
                ..Default::default()
            };
            let result = client
                .suggest(&params)
                .await
                .map(Box::new)
                .map_err(|e| e.to_string());
            Some(Msg::Knowledge { query, result })
        }
        Effect::FetchHistory(phone) => {
            let result = client
                .caller_history(&phone)
                .await
                .map(Box::new)
                .map_err(|e| e.to_string());
            Some(Msg::History { phone, result })
        }
        Effect::Suggest(text) => {
            let params = crate::api::SuggestParams {
                text: text.clone(),
                ..Default::default()
            };
            let result = client
                .suggest(&params)
                .await
                .map(Box::new)
                .map_err(|e| e.to_string());
            Some(Msg::Suggested { text, result })
        }
        Effect::FetchDetail(id) => Some(Msg::Detail(
            client.item(&id).await.map(Box::new).map_err(|e| e.to_string()),
        )),
        Effect::FetchItem(id) => client
            .item(&id)
            .await
            .ok()
            .map(|d| Msg::Refreshed(Box::new(d.item.item))),
        Effect::FetchDirectory => Some(Msg::Directory(
            client.directory().await.map(Box::new).map_err(|e| e.to_string()),
        )),
        Effect::FetchStats(window) => {
            let result = client
                .stats(&window)
                .await
                .map(Box::new)
                .map_err(|e| e.to_string());
            Some(Msg::Stats { window, result })
        }
        Effect::Presence(id) => {
            // Presence is a courtesy; a failure is not worth a message.
            let _ = client.presence(&id).await;
            None
        }
        // Handled by the terminal runtime, which owns the screen.
        // Done by the terminal loop itself, not on a task.
        Effect::EditNote { .. } | Effect::KeepDraft(_) | Effect::Quit => None,
    }
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
