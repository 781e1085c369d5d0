//! Turning a request into one of our tickets: a foreign request the client
//! imports, or one POSTed to our server. Pure: the caller submits the
//! result through the intake (idempotent by source and foreign id).
//!
//! Texts longer than our limits (title 200, description 4,000, address 200
//! characters) are cut, marked with `…`, rather than refused: a foreign
//! system's ticket is not ours to reject for its length.

use super::catalog;
use super::form::PostRequest;
use super::mapping::Mapping;
use super::types::{RequestStatus, ServiceDefinition, ServiceRequest};
use crate::model::{Caller, Channel, City, CreateItem, Kind, Place};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 4000;
const MAX_ADDRESS: usize = 200;
const MAX_NAME: usize = 64;
const MAX_PHONE: usize = 32;

/// A foreign request, ready to submit: what `citydesk ingest open311`
/// posts to `POST /v1/ingest/open311`, one request each. The server makes
/// the foreign id `feed:service_request_id` with the posting feed's login,
/// so two cities numbering their requests alike do not collide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Import {
    pub service_request_id: String,
    /// The system it came from (its base URL, or the file), for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    pub create: CreateItem,
    /// The foreign side closed it: clear ours with this note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<String>,
    /// The foreign code, when the mapping did not know it (the import lists it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmapped: Option<String>,
    /// `media_url`, kept as the item's link back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What the request carried that has no field of ours.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// What the server did with one [`Import`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReply {
    /// `created`, `updated`, `duplicate`, `cleared` or `unknown` (a closed
    /// request never imported before: nothing to do).
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

/// The ticket a foreign request becomes.
pub fn foreign(sender: Option<&str>, r: &ServiceRequest, mapping: &Mapping) -> Import {
    let mapped = mapping.map(r.service_code.as_deref(), r.service_name.as_deref());
    let mut extra = r.extra.clone();
    let mut keep = |name: &str, value: &Option<String>| {
        if let Some(v) = value {
            extra.insert(name.to_owned(), v.clone());
        }
    };
    keep("service_code", &r.service_code);
    keep("service_name", &r.service_name);
    keep("agency_responsible", &r.agency_responsible);
    keep("status_notes", &r.status_notes);
    keep("address_id", &r.address_id);
    keep("zipcode", &r.zipcode);
    if let Some(t) = r.requested_datetime {
        extra.insert("requested_datetime".into(), super::datetime::format(t));
    }
    let description = r.description.clone().unwrap_or_default();
    let create = CreateItem {
        kind: Kind::Ticket,
        category: mapped.category.to_owned(),
        title: title(r.service_name.as_deref(), &description, &r.service_request_id),
        description: clip(&description, MAX_TEXT),
        priority: None,
        tier: None,
        place: Place {
            address: r.address.as_deref().map(|a| clip(a, MAX_ADDRESS)),
            lat: r.lat,
            lon: r.long,
            ..Place::default()
        },
        fingerprint: None,
        caller: Some(Caller {
            channel: Channel::Web,
            ..Caller::default()
        }),
        raised_from: None,
        call_id: None,
    };
    let closed = (r.status == Some(RequestStatus::Closed)).then(|| match &r.status_notes {
        Some(notes) => clip(&format!("Closed by the reporting system: {notes}"), MAX_TEXT),
        None => "Closed by the reporting system.".to_owned(),
    });
    Import {
        service_request_id: r.service_request_id.clone(),
        sender: sender.map(str::to_owned),
        create,
        closed,
        unmapped: (!mapped.matched).then(|| r.service_code.clone().unwrap_or_default()),
        url: r.media_url.clone(),
        extra,
    }
}

/// The ticket a POSTed request becomes: the category is the service code;
/// the caller's name and phone are kept as any caller's (masked for units
/// and viewers like every ticket's); a request from a device is the app
/// channel, any other the web. The answers to the service's questions are
/// appended to the description as lines a person reads.
pub fn posted(
    post: &PostRequest,
    definition: &ServiceDefinition,
    city: &City,
    outlines: &crate::model::geo::Outlines,
) -> CreateItem {
    let service_name = city.category(&post.service_code).map(|c| c.name.clone());
    let mut description = post.description.clone().unwrap_or_default();
    let answers = catalog::describe_answers(definition, &post.attributes);
    if !answers.is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&answers.join("\n"));
    }
    let name = [post.first_name.as_deref(), post.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let address = match (&post.address_string, &post.address_id) {
        (Some(a), _) => Some(a.clone()),
        (None, Some(id)) => Some(format!("address id {id}")),
        (None, None) => None,
    };
    CreateItem {
        kind: Kind::Ticket,
        category: post.service_code.clone(),
        title: title(service_name.as_deref(), &description, "Open311"),
        description: clip(&description, MAX_TEXT),
        priority: None,
        tier: None,
        place: Place {
            district: district_of(post, city, outlines),
            address: address.map(|a| clip(&a, MAX_ADDRESS)),
            lat: post.lat,
            lon: post.long,
            ..Place::default()
        },
        fingerprint: None,
        caller: Some(Caller {
            name: (!name.is_empty()).then(|| clip(&name, MAX_NAME)),
            phone: post.phone.as_deref().map(|p| clip(p, MAX_PHONE)),
            channel: if post.device_id.is_some() {
                Channel::App
            } else {
                Channel::Web
            },
            confidential: false,
        }),
        raised_from: None,
        call_id: None,
    }
}

/// The district a request is in, so routing and the district column work
/// for it as for a call: the outline its `lat`/`long` fall in, else the
/// district its `address_string` starts with (`古塔区 解放路 3 号`); none
/// when neither says (a dispatcher places it).
fn district_of(post: &PostRequest, city: &City, outlines: &crate::model::geo::Outlines) -> Option<String> {
    if let (Some(lat), Some(lon)) = (post.lat, post.long)
        && let Some(d) = outlines.district_at(crate::model::geo::Point { lon, lat })
    {
        return Some(d.name.clone());
    }
    let address = post.address_string.as_deref()?.trim_start();
    city.districts
        .iter()
        .find(|d| address.starts_with(d.name.as_str()))
        .map(|d| d.name.clone())
}

/// `供热不热: 3楼暖气不热` — the service, then the first line of what the
/// reporter wrote; the service alone, or the id, when there is no text.
fn title(service: Option<&str>, description: &str, id: &str) -> String {
    let first = description.lines().map(str::trim).find(|l| !l.is_empty());
    let title = match (service, first) {
        (Some(s), Some(line)) => format!("{s}: {line}"),
        (None, Some(line)) => line.to_owned(),
        (Some(s), None) => s.to_owned(),
        (None, None) => format!("Open311 request {id}"),
    };
    clip(&title, MAX_TITLE)
}

/// At most `max` characters, the last one `…` when cut.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some(_) => {
            let keep: String = text.chars().take(max.saturating_sub(1)).collect();
            format!("{keep}…")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_to_the_limit_with_a_mark() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "ab…");
        assert_eq!(clip(&"热".repeat(300), MAX_TITLE).chars().count(), MAX_TITLE);
    }

    #[test]
    fn the_title_is_the_service_and_the_first_line() {
        assert_eq!(
            title(Some("供热不热"), "\n 3楼不热 \nmore", "1"),
            "供热不热: 3楼不热"
        );
        assert_eq!(title(None, "", "SR-1"), "Open311 request SR-1");
    }

    #[test]
    fn a_closed_foreign_request_carries_its_notes_and_unmapped_code() {
        let r = ServiceRequest {
            service_request_id: "638344".into(),
            status: Some(RequestStatus::Closed),
            status_notes: Some("Duplicate request.".into()),
            service_code: Some("006".into()),
            ..ServiceRequest::default()
        };
        let import = foreign(Some("sf"), &r, &Mapping::only_default("H12"));
        assert_eq!(import.service_request_id, "638344");
        assert_eq!(import.create.category, "H12");
        assert_eq!(import.unmapped.as_deref(), Some("006"));
        assert!(import.closed.expect("closed").contains("Duplicate request."));
    }
}
