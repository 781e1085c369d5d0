//! The console's copy of the open items, kept up to date by folding the
//! stream's events exactly as the server does (`Item::apply`).

use crate::api::{Presence, Snapshot};
use crate::model::{Event, EventBody, Item, ItemId, Timestamp};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

/// Lines kept for the event log pane.
const LOG_KEEP: usize = 500;
/// Closed items kept for the map's heat view: the newest, at most this many.
const REPORTS_KEEP: usize = 200_000;

/// A report as the heat view counts it: when and where it came in, kept
/// after its item closes.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub id: ItemId,
    pub at: Timestamp,
    pub place: crate::model::Place,
}

/// One entry of the live event log pane.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub seq: u64,
    pub at: Timestamp,
    pub item_id: ItemId,
    pub event: &'static str,
    pub actor: String,
}

#[derive(Debug, Clone, Default)]
pub struct Mirror {
    /// Boxed: an `Item` is about 1 KB, and a map sized for 100,000 items
    /// holds 131,072 slots; inline, the empty third would cost 30 MB.
    pub items: HashMap<ItemId, Box<Item>>,
    /// Lower-cased text of every visible field, for the filter; shared with
    /// the console's row list rather than copied into it.
    pub search: HashMap<ItemId, Arc<str>>,
    pub seq: u64,
    pub log: VecDeque<LogLine>,
    /// Who is viewing which item, until when.
    pub presence: HashMap<ItemId, Vec<Presence>>,
    /// Items whose event arrived out of order: re-read them.
    pub stale: Vec<ItemId>,
    /// Bumped whenever an item is added, changed or removed, so what is
    /// derived from the items knows to follow.
    pub generation: u64,
    /// Reports whose items closed while the console watched, in the order
    /// they closed: with the open items, what the heat view counts.
    pub reports: VecDeque<Report>,
}

impl Report {
    /// The address is left out: the map places by grid, street and
    /// district, and 100,000 addresses would be most of the memory.
    fn of(item: &Item) -> Report {
        Report {
            id: item.id.clone(),
            at: item.created_at,
            place: crate::model::Place {
                address: None,
                ..item.place.clone()
            },
        }
    }
}

/// Text the filter searches: everything a row or the detail shows.
pub fn search_text(item: &Item) -> Arc<str> {
    let p = &item.place;
    let parts = [
        item.id.as_str(),
        &item.title,
        &item.category,
        item.status.as_str(),
        item.department.as_deref().unwrap_or(""),
        p.district.as_deref().unwrap_or(""),
        p.street.as_deref().unwrap_or(""),
        p.grid.as_deref().unwrap_or(""),
        p.address.as_deref().unwrap_or(""),
        item.claim.as_ref().map_or("", |c| c.owner.as_str()),
        match item.priority {
            crate::model::Priority::P1 => "p1",
            crate::model::Priority::P2 => "p2",
            crate::model::Priority::P3 => "p3",
            crate::model::Priority::P4 => "p4",
        },
    ];
    let mut s = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for part in parts {
        if part.is_ascii() {
            s.extend(part.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            // Most of it is Chinese, which has no case: skip the table lookup.
            for c in part.chars() {
                if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                    s.push(c);
                } else {
                    s.extend(c.to_lowercase());
                }
            }
        }
        s.push(' ');
    }
    Arc::from(s)
}

impl Mirror {
    pub fn load(&mut self, snap: Snapshot) {
        self.generation += 1;
        self.items.clear();
        self.search.clear();
        self.seq = snap.seq;
        self.items.reserve(snap.items.len());
        self.search.reserve(snap.items.len());
        for view in snap.items {
            self.put(view.item);
        }
    }

    /// The open item `id`, if the mirror has it.
    pub fn item(&self, id: &ItemId) -> Option<&Item> {
        self.items.get(id).map(|i| &**i)
    }

    /// The server's closed reports of the heat window (`GET
    /// /v1/city/reports`), for the items that closed before the console
    /// started: kept beside those it saw close, each once, oldest first.
    pub fn seed_reports(&mut self, reports: Vec<crate::api::ClosedReport>) {
        let known: std::collections::HashSet<ItemId> = self.reports.iter().map(|r| r.id.clone()).collect();
        let fresh = reports
            .into_iter()
            .filter(|r| !known.contains(&r.id) && !self.items.contains_key(&r.id))
            .map(|r| Report {
                id: r.id,
                at: r.at,
                place: r.place,
            });
        self.reports.extend(fresh);
        self.reports.make_contiguous().sort_by_key(|r| r.at);
        while self.reports.len() > REPORTS_KEEP {
            self.reports.pop_front();
        }
        self.generation += 1;
    }

    fn put(&mut self, item: impl Into<Box<Item>>) {
        let item: Box<Item> = item.into();
        self.generation += 1;
        if item.status.is_open() {
            self.search.insert(item.id.clone(), search_text(&item));
            self.items.insert(item.id.clone(), item);
        } else {
            self.search.remove(&item.id);
            // It leaves the queues but still counts in the heat view.
            if self.items.remove(&item.id).is_some() {
                self.reports.push_back(Report::of(&item));
                if self.reports.len() > REPORTS_KEEP {
                    self.reports.pop_front();
                }
            }
        }
    }

    /// Folds one event in; returns the id of the item it changed.
    pub fn apply(&mut self, event: &Event) -> Option<ItemId> {
        if event.seq <= self.seq {
            return None;
        }
        self.seq = event.seq;
        self.log.push_front(LogLine {
            seq: event.seq,
            at: event.at,
            item_id: event.item_id.clone(),
            event: event.body.type_name(),
            actor: event.actor.clone(),
        });
        self.log.truncate(LOG_KEEP);
        if let EventBody::Created(_) = event.body {
            let item = Item::from_created(event)?;
            self.put(item);
            return Some(event.item_id.clone());
        }
        let Some(mut item) = self.items.remove(&event.item_id) else {
            // Not in the mirror: a closed item reopened, or (for a
            // department's console, whose stream carries only its items)
            // one just dispatched to it. Read it rather than miss it.
            self.stale.push(event.item_id.clone());
            return None;
        };
        if event.version <= item.version {
            // Already folded in from our own action's reply.
            self.items.insert(item.id.clone(), item);
            return None;
        }
        if event.version != item.version + 1 {
            // We missed something for this item; re-read it rather than guess.
            self.stale.push(item.id.clone());
            self.items.insert(item.id.clone(), item);
            return None;
        }
        item.apply(event);
        let id = item.id.clone();
        self.put(item);
        Some(id)
    }

    /// Replaces one item with the server's copy.
    pub fn refresh(&mut self, item: Item) {
        self.put(item);
    }

    pub fn note_presence(&mut self, p: Presence) {
        let list = self.presence.entry(p.item_id.clone()).or_default();
        list.retain(|q| q.login != p.login);
        list.push(p);
    }

    /// Who else is viewing `id` at `now`.
    pub fn viewers(&self, id: &ItemId, now: Timestamp, me: &str) -> Vec<&Presence> {
        self.presence
            .get(id)
            .map(|l| l.iter().filter(|p| p.until > now && p.login != me).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_of_an_item_not_in_the_mirror_has_it_read() {
        let id = ItemId::parse("TKT-0009").expect("id");
        let mut mirror = Mirror::default();
        let event = Event {
            seq: 5,
            item_id: id.clone(),
            version: 4,
            actor: "op:d".into(),
            at: time::OffsetDateTime::UNIX_EPOCH,
            body: EventBody::Absorbed {
                from: ItemId::parse("TKT-0002").expect("id"),
                callers: Vec::new(),
            },
        };
        assert_eq!(mirror.apply(&event), None);
        assert_eq!(mirror.stale, vec![id]);
        assert_eq!(mirror.seq, 5);
    }

    fn report(id: &str, minute: i64) -> crate::api::ClosedReport {
        crate::api::ClosedReport {
            id: ItemId::parse(id).expect("id"),
            at: time::OffsetDateTime::UNIX_EPOCH + time::Duration::minutes(minute),
            place: crate::model::Place::default(),
        }
    }

    #[test]
    fn the_servers_closed_reports_join_the_ones_seen_each_once_oldest_first() {
        let mut mirror = Mirror::default();
        mirror.reports.push_back(Report {
            id: ItemId::parse("TKT-0003").expect("id"),
            at: time::OffsetDateTime::UNIX_EPOCH + time::Duration::minutes(30),
            place: crate::model::Place::default(),
        });
        let before = mirror.generation;
        // Newest first, as the server sends them; TKT-0003 the console saw
        // close itself.
        mirror.seed_reports(vec![
            report("TKT-0003", 30),
            report("TKT-0002", 20),
            report("TKT-0001", 10),
        ]);
        let ids: Vec<&str> = mirror.reports.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["TKT-0001", "TKT-0002", "TKT-0003"]);
        assert!(mirror.generation > before, "the heat view is worked out again");
    }
}
