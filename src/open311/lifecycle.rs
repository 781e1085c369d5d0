//! Our lifecycle as GeoReport v2 sees it. Open311 knows only `open` and
//! `closed`; the rest of what a caller wants to know goes into
//! `status_notes`, one sentence per status (docs/open311.md has the table):
//! - `closed`: closed (verified, answered, transferred), rejected, merged
//!   into another ticket (the note names it);
//! - `open`: new, accepted, dispatched, in progress, parked, and resolved
//!   (the department says it is done; the centre has not verified it).
//!
//! Nothing about the caller is ever written: Open311 `GET requests` has no
//! caller fields, and the description is the one the ticket shows units.

use super::types::{RequestStatus, ServiceRequest};
use crate::model::{City, EmergencyService, Item, Outcome, Status};

/// The request an item is, as of its current state.
pub fn request(city: &City, item: &Item) -> ServiceRequest {
    let department = item
        .department
        .as_deref()
        .map(|code| city.department(code).map_or(code, |d| d.name.as_str()).to_owned());
    let category = city.category(&item.category);
    let address = item.place.address.clone().or_else(|| {
        let district = item.place.district.as_deref()?;
        Some(
            city.district(district)
                .map_or(district, |d| d.name.as_str())
                .to_owned(),
        )
    });
    let description = if item.description.trim().is_empty() {
        item.title.clone()
    } else {
        item.description.clone()
    };
    ServiceRequest {
        service_request_id: item.id.to_string(),
        status: Some(status(item.status)),
        status_notes: Some(notes(item, department.as_deref())),
        service_name: Some(category.map_or_else(|| item.category.clone(), |c| c.name.clone())),
        service_code: Some(item.category.clone()),
        description: Some(description),
        agency_responsible: department,
        service_notice: category.map(|c| notice(c.limit)),
        requested_datetime: Some(item.created_at),
        updated_datetime: Some(item.updated_at),
        expected_datetime: if item.status.is_open() {
            item.clock.as_ref().map(|c| c.due_at)
        } else {
            None
        },
        address,
        address_id: None,
        zipcode: None,
        lat: item.place.lat,
        long: item.place.lon,
        media_url: None,
        extra: Default::default(),
    }
}

/// `closed` once nothing more will happen without a reopen.
pub fn status(status: Status) -> RequestStatus {
    if status.is_open() {
        RequestStatus::Open
    } else {
        RequestStatus::Closed
    }
}

/// The sentence that says where the ticket is.
pub fn notes(item: &Item, department: Option<&str>) -> String {
    let dept = department.unwrap_or("the department");
    match item.status {
        Status::New => "Received; waiting to be accepted by the hotline centre.".to_owned(),
        Status::Accepted => "Accepted by the hotline centre; being assigned.".to_owned(),
        Status::Dispatched => format!("Sent to {dept}; waiting for it to sign for the ticket."),
        Status::InProgress => format!("{dept} is handling it."),
        Status::Resolved => format!("{dept} reports it resolved; the centre is verifying."),
        Status::Parked => "On hold; the clock is stopped.".to_owned(),
        Status::Rejected => "Rejected: not a matter the hotline can take.".to_owned(),
        Status::Merged => match &item.merged_into {
            Some(id) => format!("Duplicate request: handled as {id}."),
            None => "Duplicate request.".to_owned(),
        },
        Status::Closed => match &item.outcome {
            Some(Outcome::Verified) => "Resolved and verified.".to_owned(),
            Some(Outcome::Answered) => "Answered by the hotline.".to_owned(),
            Some(Outcome::Transferred { to }) => format!("Transferred to {}.", service_name(*to)),
            Some(Outcome::Cleared) | None => "Closed.".to_owned(),
        },
    }
}

fn service_name(s: EmergencyService) -> &'static str {
    match s {
        EmergencyService::Police => "the police (110)",
        EmergencyService::Fire => "the fire service (119)",
        EmergencyService::Ambulance => "the ambulance service (120)",
        EmergencyService::Traffic => "the traffic police (122)",
    }
}

/// What the centre commits to for a category: its handling limit.
pub fn notice(limit: time::Duration) -> String {
    let hours = limit.whole_hours();
    let span = if limit.whole_minutes() < 60 {
        format!("{} minutes", limit.whole_minutes())
    } else if hours % 24 == 0 && hours >= 48 {
        format!("{} days", hours / 24)
    } else {
        format!("{hours} hours")
    };
    format!("The responsible department is to resolve it within {span} of signing for it.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_closed_rejected_and_merged_are_closed() {
        for s in Status::ALL {
            let closed = matches!(s, Status::Closed | Status::Rejected | Status::Merged);
            assert_eq!(status(s) == RequestStatus::Closed, closed, "{s}");
        }
    }

    #[test]
    fn the_notice_speaks_in_the_unit_that_reads_best() {
        assert!(notice(time::Duration::hours(24)).contains("24 hours"));
        assert!(notice(time::Duration::days(5)).contains("5 days"));
        assert!(notice(time::Duration::minutes(30)).contains("30 minutes"));
    }
}
