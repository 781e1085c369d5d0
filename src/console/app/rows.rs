//! The rows of the item panes: every item once in urgency order, and each
//! pane's view as positions into it (cheap to rebuild per keystroke).

use crate::model::ItemId;

/// One item in urgency order, with what the filter pass needs.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: ItemId,
    /// Bit n set: the item belongs in `PaneKind::ALL[n]`.
    pub(super) panes: u8,
    pub(super) red: bool,
    pub(super) search: std::sync::Arc<str>,
}

/// The rows of one pane: ids, in urgency order.
#[derive(Clone, Copy)]
pub struct Rows<'a> {
    pub(super) order: &'a [Row],
    pub(super) at: &'a [u32],
}

impl<'a> Rows<'a> {
    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&'a ItemId> {
        self.at
            .get(i)
            .and_then(|&a| self.order.get(a as usize))
            .map(|r| &r.id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a ItemId> + 'a {
        let order = self.order;
        self.at
            .iter()
            .filter_map(move |&a| order.get(a as usize))
            .map(|r| &r.id)
    }

    pub fn position(&self, id: &ItemId) -> Option<usize> {
        self.iter().position(|r| r == id)
    }

    pub fn first(&self) -> Option<&'a ItemId> {
        self.get(0)
    }

    pub fn to_vec(&self) -> Vec<ItemId> {
        self.iter().cloned().collect()
    }
}
