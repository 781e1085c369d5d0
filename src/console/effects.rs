//! The only I/O of the console besides the terminal: each `Effect` runs on
//! a task and its result comes back as a `Msg`.

use super::msg::{ActFailure, Effect, Msg};
use crate::client::{Client, ClientError};
use crate::present::i18n::Lang;
use crate::t;
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
                .map_err(|e| failure(lang_of(client), e));
            Some(Msg::Acted { id, label, result })
        }
        Effect::Create { request, label } => {
            let key = format!("console-{}", hex::encode(rand::random::<[u8; 12]>()));
            let result = client
                .create(&request, Some(&key))
                .await
                .map(|r| Box::new(r.item.item))
                .map_err(|e| failure(lang_of(client), e));
            Some(Msg::Created { label, result })
        }
        Effect::SearchKnowledge(query) => {
            let result = suggest(client, &query, Some(10)).await;
            Some(Msg::Knowledge { query, result })
        }
        Effect::FetchHistory(phone) => {
            let result = boxed(client, client.caller_history(&phone).await);
            Some(Msg::History { phone, result })
        }
        Effect::Suggest(text) => {
            let result = suggest(client, &text, None).await;
            Some(Msg::Suggested { text, result })
        }
        Effect::FetchDetail(id) => Some(Msg::Detail(boxed(client, client.item(&id).await))),
        Effect::FetchRaw(id) => {
            let result = boxed(client, client.raw_document(&id).await);
            Some(Msg::Raw { id, result })
        }
        Effect::FetchItem(id) => client
            .item(&id)
            .await
            .ok()
            .map(|d| Msg::Refreshed(Box::new(d.item.item))),
        Effect::FetchDirectory => Some(Msg::Directory(boxed(client, client.directory().await))),
        Effect::FetchReports(hours) => Some(Msg::Reports(
            client
                .city_reports(hours)
                .await
                .map_err(|e| said(lang_of(client), &e)),
        )),
        Effect::FetchStats(window) => {
            let result = boxed(client, client.stats(&window).await);
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

/// The language `client` asks the server's messages in.
fn lang_of(client: &Client) -> Lang {
    client.language().map(Lang::from_accept).unwrap_or_default()
}

/// A client error as a person reads it in `lang`: in English as it
/// displays; in Chinese the server's (already translated) message and
/// its code without the HTTP status words, and this layer's own framing
/// from the catalogs.
pub fn said(lang: Lang, e: &ClientError) -> String {
    match (lang, e) {
        (Lang::En, e) => e.to_string(),
        (_, ClientError::Api { body, .. }) => t!(
            lang,
            "client-api-error",
            message = body.error.message.as_str(),
            code = body.error.code.as_str()
        ),
        (_, ClientError::Transport(e)) => t!(lang, "client-unreachable", error = e),
        (_, ClientError::Decode(e)) => t!(lang, "client-decode", error = e),
        (_, ClientError::BadUrl(url)) => t!(lang, "client-bad-url", url = url),
        (_, e) => e.to_string(),
    }
}

/// An answer as a message carries it: boxed, or the error's text.
fn boxed<T>(client: &Client, r: crate::client::Result<T>) -> Result<Box<T>, String> {
    r.map(Box::new).map_err(|e| said(lang_of(client), &e))
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
    boxed(client, client.suggest(&params).await)
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
fn failure(lang: Lang, e: ClientError) -> ActFailure {
    let conflict = e.conflict();
    let who = conflict.as_ref().and_then(|c| c.changed_by.as_ref());
    let message = match (&e, who, lang) {
        (ClientError::Api { body, .. }, Some(who), Lang::En) => {
            format!(
                "{} ({} {} it first)",
                body.error.message, who.actor, who.event_type
            )
        }
        // The translated conflict message already says who moved it.
        (ClientError::Api { body, .. }, _, _) => body.error.message.clone(),
        (other, _, _) => said(lang, other),
    };
    ActFailure {
        code: e.code().map(str::to_owned),
        message,
        current: conflict.map(|c| Box::new(c.current.item)),
    }
}
