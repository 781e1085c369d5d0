//! A source revises an item it brought in (a CAP Update): its changed
//! title, category and place are applied while no person has taken the
//! item up (the intake door sets the new priority then, like any repeat
//! that asks for another); after that the changes, priority included, are
//! only noted, so nothing changes under a handler's feet and the person
//! decides. The source's newest facts (its message id, the expiry) are
//! always kept on the origin.

use super::super::action::CreateItem;
use super::super::event::EventBody;
use super::super::ingest::Origin;
use super::super::item::Item;

/// The events that revise `item` as `req` and `origin` describe it;
/// empty when nothing changed (a repeat of the same message).
pub fn revision(item: &Item, req: &CreateItem, origin: &Origin) -> Vec<EventBody> {
    let title = Some(req.title.trim()).filter(|t| *t != item.title && !t.is_empty());
    let category = Some(req.category.trim()).filter(|c| *c != item.category && !c.is_empty());
    let place = Some(&req.place).filter(|p| **p != item.place);
    let new_facts = item.origin.as_ref() != Some(origin);
    let origin = new_facts.then(|| origin.clone());
    if !item.acted_on() {
        if title.is_none() && category.is_none() && place.is_none() && origin.is_none() {
            return Vec::new();
        }
        return vec![EventBody::Amended {
            title: title.map(str::to_owned),
            category: category.map(str::to_owned),
            place: place.cloned(),
            origin,
        }];
    }
    // Taken up: a new message's changes are said once, not applied.
    if !new_facts {
        return Vec::new();
    }
    let mut out = vec![EventBody::Amended {
        title: None,
        category: None,
        place: None,
        origin,
    }];
    let mut changed = Vec::new();
    if let Some(p) = req.priority.filter(|p| *p != item.priority) {
        changed.push(format!("priority → {p}"));
    }
    if let Some(t) = title {
        changed.push(format!("title → {t}"));
    }
    if let Some(c) = category {
        changed.push(format!("category → {c}"));
    }
    if let Some(p) = place {
        let at = p.address.as_deref().or(p.district.as_deref()).unwrap_or("-");
        changed.push(format!("place → {at}"));
    }
    if !changed.is_empty() {
        out.push(EventBody::Noted {
            text: format!(
                "the source's update was not applied, a person has taken this item up: {}",
                changed.join("; ")
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Source, Status};

    fn alert() -> Item {
        let mut item = crate::model::tests::item_in(Kind::Alert, Status::New);
        item.claim = None;
        item.acted_at = None;
        item.origin = Some(origin("msg-1"));
        item
    }

    fn origin(message: &str) -> Origin {
        let mut o = Origin::new(Source::Cap, "s|id|t");
        o.extra.insert("cap.message".into(), message.into());
        o
    }

    fn update(item: &Item, title: &str) -> CreateItem {
        CreateItem {
            kind: Kind::Alert,
            category: item.category.clone(),
            title: title.into(),
            description: String::new(),
            priority: None,
            tier: None,
            place: item.place.clone(),
            fingerprint: None,
            caller: None,
            raised_from: None,
            call_id: None,
        }
    }

    #[test]
    fn an_untouched_item_takes_the_changed_fields_and_the_new_origin() {
        let item = alert();
        let req = CreateItem {
            category: "地质灾害预警".into(),
            ..update(&item, "EQ 3.4")
        };
        let out = revision(&item, &req, &origin("msg-2"));
        let [
            EventBody::Amended {
                title,
                category,
                place,
                origin,
            },
        ] = out.as_slice()
        else {
            panic!("{out:?}");
        };
        assert_eq!(title.as_deref(), Some("EQ 3.4"));
        assert_eq!(category.as_deref(), Some("地质灾害预警"));
        assert_eq!(*place, None, "unchanged fields stay out");
        assert!(origin.is_some());
    }

    #[test]
    fn the_same_message_again_changes_nothing() {
        let item = alert();
        let same = update(&item, &item.title.clone());
        assert!(revision(&item, &same, &origin("msg-1")).is_empty());
    }

    #[test]
    fn a_taken_up_item_keeps_its_fields_and_is_told_once() {
        let mut item = alert();
        item.acted_at = Some(item.created_at);
        let req = CreateItem {
            priority: Some(crate::model::Priority::P4),
            ..update(&item, "EQ 3.4")
        };
        let out = revision(&item, &req, &origin("msg-2"));
        let Some(EventBody::Noted { text }) = out.get(1) else {
            panic!("{out:?}");
        };
        assert!(text.ends_with("priority → P4; title → EQ 3.4"), "{text}");
        assert!(matches!(
            out.as_slice(),
            [
                EventBody::Amended {
                    title: None,
                    origin: Some(_),
                    ..
                },
                EventBody::Noted { .. }
            ]
        ));
        let mut after = item.clone();
        after.origin = Some(origin("msg-2"));
        assert!(
            revision(&after, &req, &origin("msg-2")).is_empty(),
            "a repeat says nothing"
        );
    }
}
