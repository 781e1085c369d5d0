//! `GET requests` with the spec's filters, `GET requests/{id}` and
//! `GET tokens/{token}`: tickets as Open311 requests, through the key
//! holder's view. A feed's key reads the tickets it brought in itself.

use super::{Fail, document, key_holder, split};
use crate::model::visibility::View;
use crate::model::{Item, ItemId, Kind, Operator, Timestamp};
use crate::open311::{Format, Receipt, RequestStatus, datetime, lifecycle, write};
use crate::server::{ApiError, AppState};
use crate::store::SnapshotFilter;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use time::Duration;

/// The longest window one query may span, and the default window.
pub const MAX_WINDOW: Duration = Duration::days(90);
/// Requests one answer lists at most, newest first.
pub const MAX_LIST: usize = 1000;

/// The filters of `GET requests`.
#[derive(Debug, Default)]
struct Filters {
    api_key: Option<String>,
    ids: Option<Vec<String>>,
    codes: Option<Vec<String>>,
    start: Option<String>,
    end: Option<String>,
    statuses: Option<Vec<RequestStatus>>,
}

fn list_of(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

fn filters(query: Option<&str>, format: Format) -> Result<Filters, Fail> {
    let mut f = Filters::default();
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_ref() {
            "api_key" => f.api_key = Some(value.to_owned()),
            "service_request_id" => f.ids.get_or_insert_with(Vec::new).extend(list_of(value)),
            "service_code" => f.codes.get_or_insert_with(Vec::new).extend(list_of(value)),
            "start_date" => f.start = Some(value.to_owned()),
            "end_date" => f.end = Some(value.to_owned()),
            "status" => {
                for s in list_of(value) {
                    let status = RequestStatus::parse(&s).ok_or_else(|| {
                        Fail::new(format, 400, format!("status {s:?} is neither open nor closed"))
                    })?;
                    f.statuses.get_or_insert_with(Vec::new).push(status);
                }
            }
            _ => {}
        }
    }
    Ok(f)
}

/// `[start, end]`: at most 90 days; the last 90 days when neither is given,
/// 90 days from or to the one given.
fn window(f: &Filters, now: Timestamp, format: Format) -> Result<(Timestamp, Timestamp), Fail> {
    let read = |name: &str, text: &Option<String>| -> Result<Option<Timestamp>, Fail> {
        text.as_deref()
            .map(|t| {
                datetime::parse(t).ok_or_else(|| {
                    Fail::new(
                        format,
                        400,
                        format!("{name} {t:?} is not a W3C datetime like 2026-12-01T08:00:00+08:00"),
                    )
                })
            })
            .transpose()
    };
    let (start, end) = match (read("start_date", &f.start)?, read("end_date", &f.end)?) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s + MAX_WINDOW),
        (None, Some(e)) => (e - MAX_WINDOW, e),
        (None, None) => (now - MAX_WINDOW, now),
    };
    if start > end {
        return Err(Fail::new(format, 400, "start_date is after end_date"));
    }
    if end - start > MAX_WINDOW {
        return Err(Fail::new(
            format,
            400,
            "start_date and end_date may not span more than 90 days",
        ));
    }
    Ok((start, end))
}

/// What the key holder may read: its view's items, and for a feed the
/// tickets it created itself.
fn visible(operator: &Operator, view: &View, item: Item) -> Option<Item> {
    if item.kind != Kind::Ticket {
        return None;
    }
    let own = item.created_by == operator.actor();
    match view.item(item.clone()) {
        Some(seen) => Some(seen),
        None => own.then_some(item),
    }
}

/// The tickets `ids` names, in the order asked (a repeated id is listed
/// again, as one read per id did), read in one trip.
async fn by_ids(state: &AppState, ids: &[String], operator: &Operator) -> Result<Vec<Item>, ApiError> {
    let view = View::of(operator);
    let wanted: Vec<ItemId> = ids
        .iter()
        .take(MAX_LIST)
        .filter_map(|raw| ItemId::parse(raw))
        .collect();
    let found: std::collections::HashMap<ItemId, Item> = state
        .store()
        .items(&wanted)
        .await?
        .into_iter()
        .map(|i| (i.id.clone(), i))
        .collect();
    Ok(wanted
        .iter()
        .filter_map(|id| found.get(id).cloned())
        .filter_map(|i| visible(operator, &view, i))
        .collect())
}

async fn in_window(
    state: &AppState,
    (start, end): (Timestamp, Timestamp),
    operator: &Operator,
) -> Result<Vec<Item>, ApiError> {
    let view = View::of(operator);
    let filter = SnapshotFilter {
        kind: Some(Kind::Ticket),
        ..SnapshotFilter::default()
    };
    let (_, open) = state.store().snapshot(&filter).await?;
    let mut items: Vec<Item> = open
        .into_iter()
        .filter(|i| i.created_at >= start && i.created_at <= end)
        .filter_map(|i| visible(operator, &view, i))
        .collect();
    let mut closed = state
        .store()
        .closed_facts(start, end + Duration::seconds(1))
        .await?;
    closed.retain(|f| f.kind == Kind::Ticket);
    closed.sort_by_key(|f| std::cmp::Reverse(f.created_at));
    // The newest closed tickets in one read, not one per ticket.
    let ids: Vec<ItemId> = closed.into_iter().take(MAX_LIST).map(|f| f.id).collect();
    items.extend(
        state
            .store()
            .items(&ids)
            .await?
            .into_iter()
            .filter_map(|i| visible(operator, &view, i)),
    );
    Ok(items)
}

pub async fn list(
    state: &AppState,
    headers: &HeaderMap,
    query: Option<&str>,
    format: Format,
) -> Result<Response, Fail> {
    let f = filters(query, format)?;
    let operator = key_holder(state, headers, f.api_key.as_deref(), format).await?;
    // The spec: a list of ids overrides every other filter.
    let mut items = match &f.ids {
        Some(ids) => by_ids(state, ids, &operator).await,
        None => {
            let window = window(&f, state.now(), format)?;
            in_window(state, window, &operator).await
        }
    }
    .map_err(|e| Fail::api(format, e))?;
    if f.ids.is_none() {
        if let Some(codes) = &f.codes {
            items.retain(|i| codes.contains(&i.category));
        }
        if let Some(statuses) = &f.statuses {
            items.retain(|i| statuses.contains(&lifecycle::status(i.status)));
        }
    }
    items.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    items.truncate(MAX_LIST);
    let city = &state.config().city;
    let requests: Vec<_> = items.iter().map(|i| lifecycle::request(city, i)).collect();
    Ok(document(format, write::requests(format, &requests)))
}

/// The one ticket `raw` names, if the key holder may read it.
async fn one_item(state: &AppState, raw: &str, operator: &Operator, format: Format) -> Result<Item, Fail> {
    let not_found = || Fail::new(format, 404, format!("service_request_id {raw:?} not found"));
    let id = ItemId::parse(raw).ok_or_else(not_found)?;
    let item = state
        .store()
        .item(&id)
        .await
        .map_err(|e| Fail::api(format, e.into()))?;
    item.and_then(|i| visible(operator, &View::of(operator), i))
        .ok_or_else(not_found)
}

/// `GET requests/{id}.{format}`: a list of one, as the spec shows.
pub async fn one(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, Fail> {
    let (raw, format) = split(&file)?;
    let f = filters(query.as_deref(), format)?;
    let operator = key_holder(&state, &headers, f.api_key.as_deref(), format).await?;
    let item = one_item(&state, raw, &operator, format).await?;
    let request = lifecycle::request(&state.config().city, &item);
    Ok(document(format, write::requests(format, &[request])))
}

/// `GET tokens/{token}.{format}`. Our requests are tickets the moment they
/// are posted, so the token a POST answers is the ticket's id; this only
/// confirms it.
pub async fn token(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, Fail> {
    let (raw, format) = split(&file)?;
    let f = filters(query.as_deref(), format)?;
    let operator = key_holder(&state, &headers, f.api_key.as_deref(), format).await?;
    let item = one_item(&state, raw, &operator, format)
        .await
        .map_err(|_| Fail::new(format, 404, format!("token {raw:?} not found")))?;
    let receipt = Receipt {
        service_request_id: Some(item.id.to_string()),
        token: Some(item.id.to_string()),
        ..Receipt::default()
    };
    Ok(document(format, write::receipts(format, &[receipt], false)))
}
