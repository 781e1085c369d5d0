//! A list to choose one value from: a department to dispatch to, a card, a
//! priority, an emergency service, an incident category. A dispatcher must
//! see names, load and the routing suggestion, not guess codes; typing
//! narrows the list by name, code or pinyin initials (many terminals have no
//! Chinese input method). Pure: no app, no I/O.

use crate::model::suggest::pinyin_of;
use crate::model::{ActionName, ItemId};

/// What choosing an option does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The option's word completes the verb (`dispatch heating`).
    Word(String),
    /// Open the `:` line with the verb typed, to type a value the list
    /// cannot hold (an item id to link to).
    TypeLine,
}

/// What the chosen word is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// A server verb on the targets, through the same path as the `:` line.
    Verb(ActionName),
    /// Raise an incident of the chosen category, with the title typed so far.
    Raise { title: String },
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickOption {
    /// What a person calls it (热力公司, 红牌督办).
    pub label: String,
    /// What the `:` line takes (`heating`, `red`).
    pub code: String,
    /// What else helps to choose: open load, what a priority means.
    pub detail: String,
    /// Why this is the suggestion, when it is.
    pub suggested: Option<String>,
    pub choice: Choice,
    /// Lower-case code and label, pinyin initials and full pinyin.
    keys: [String; 4],
}

impl PickOption {
    pub fn new(label: &str, code: &str, detail: &str) -> Self {
        let (initials, spelled) = pinyin_of(label);
        PickOption {
            label: label.to_owned(),
            code: code.to_owned(),
            detail: detail.to_owned(),
            suggested: None,
            choice: Choice::Word(code.to_owned()),
            keys: [code.to_lowercase(), label.to_lowercase(), initials, spelled],
        }
    }

    pub fn suggest(mut self, why: impl Into<String>) -> Self {
        self.suggested = Some(why.into());
        self
    }

    pub fn type_line(mut self) -> Self {
        self.choice = Choice::TypeLine;
        self
    }

    /// How well `query` (lower case, not empty) matches, best 0; `None`
    /// when it does not. Pinyin only matches from the start: `s` inside
    /// every spelling would match everything.
    fn rank(&self, query: &str) -> Option<u8> {
        let [code, label, initials, spelled] = &self.keys;
        if code.starts_with(query) || label.starts_with(query) {
            Some(0)
        } else if initials.starts_with(query) {
            Some(1)
        } else if spelled.starts_with(query) {
            Some(2)
        } else if code.contains(query) || label.contains(query) {
            Some(3)
        } else {
            None
        }
    }
}

/// The list, its filter and the selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// `dispatch INC-0409 to`: what is being chosen, for whom.
    pub title: String,
    pub then: Then,
    /// The one item it is for, when one: a suggestion that arrives later
    /// (the server's route) is for it only.
    pub item: Option<ItemId>,
    pub filter: String,
    options: Vec<PickOption>,
    /// Positions in `options` that match the filter, best first.
    visible: Vec<usize>,
    /// Position in `visible`.
    selected: usize,
}

impl Picker {
    /// The suggestion, if any, comes first; the rest keep their order.
    pub fn new(title: impl Into<String>, then: Then, mut options: Vec<PickOption>) -> Self {
        options.sort_by_key(|o| o.suggested.is_none());
        let visible = (0..options.len()).collect();
        Picker {
            title: title.into(),
            then,
            item: None,
            filter: String::new(),
            options,
            visible,
            selected: 0,
        }
    }

    pub fn for_item(mut self, id: ItemId) -> Self {
        self.item = Some(id);
        self
    }

    /// Makes `code` the suggestion (the only one) and puts it first; the
    /// filter stays, and so does the selected option if it still shows.
    pub fn suggest(&mut self, code: &str, why: &str) {
        if !self.options.iter().any(|o| o.code == code) {
            return;
        }
        let kept = self.selected().map(|o| o.code.clone());
        for o in &mut self.options {
            o.suggested = (o.code == code).then(|| why.to_owned());
        }
        self.options.sort_by_key(|o| o.suggested.is_none());
        self.refilter();
        if let Some(at) = kept.and_then(|k| self.visible().position(|o| o.code == k)) {
            self.selected = at;
        }
    }

    pub fn type_char(&mut self, c: char) {
        self.filter.push(c);
        self.refilter();
    }

    pub fn delete_back(&mut self) {
        self.filter.pop();
        self.refilter();
    }

    /// Best matches first, ties in list order (so the suggestion stays
    /// first among equals); the selection goes to the best match.
    fn refilter(&mut self) {
        let query = self.filter.trim().to_lowercase();
        let mut ranked: Vec<(u8, usize)> = self
            .options
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                if query.is_empty() {
                    Some((0, i))
                } else {
                    o.rank(&query).map(|r| (r, i))
                }
            })
            .collect();
        ranked.sort();
        self.visible = ranked.into_iter().map(|(_, i)| i).collect();
        self.selected = 0;
    }

    /// Moves the selection by `delta` rows, stopping at either end.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.visible.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn to_end(&mut self, last: bool) {
        self.selected = if last {
            self.visible.len().saturating_sub(1)
        } else {
            0
        };
    }

    pub fn selected_index(&self) -> usize {
        self.selected
    }

    pub fn selected(&self) -> Option<&PickOption> {
        self.visible.get(self.selected).map(|&i| &self.options[i])
    }

    /// The options that match the filter, in the order shown.
    pub fn visible(&self) -> impl Iterator<Item = &PickOption> {
        self.visible.iter().map(|&i| &self.options[i])
    }

    pub fn len(&self) -> usize {
        self.options.len()
    }

    pub fn is_empty(&self) -> bool {
        self.options.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn departments() -> Picker {
        let options = vec![
            PickOption::new("供水公司", "water", "3 open"),
            PickOption::new("排水公司", "drainage", "0 open"),
            PickOption::new("热力公司", "heating", "7 open").suggest("taxonomy: H01 供热不热"),
            PickOption::new("环卫处", "sanitation", "1 open"),
        ];
        Picker::new("dispatch TKT-0981 to", Then::Verb(ActionName::Dispatch), options)
    }

    fn shown(p: &Picker) -> Vec<&str> {
        p.visible().map(|o| o.code.as_str()).collect()
    }

    fn typed(p: &mut Picker, text: &str) {
        text.chars().for_each(|c| p.type_char(c));
    }

    #[test]
    fn the_suggestion_comes_first_and_is_selected() {
        let p = departments();
        assert_eq!(shown(&p), ["heating", "water", "drainage", "sanitation"]);
        assert_eq!(p.selected().map(|o| o.code.as_str()), Some("heating"));
    }

    #[test]
    fn typing_filters_by_name_code_and_pinyin() {
        let mut p = departments();
        typed(&mut p, "排水");
        assert_eq!(shown(&p), ["drainage"], "by name");
        p.filter.clear();
        typed(&mut p, "WAT");
        assert_eq!(shown(&p), ["water"], "by code, any case");
        p.filter.clear();
        typed(&mut p, "rlgs");
        assert_eq!(shown(&p), ["heating"], "by pinyin initials");
        p.filter.clear();
        typed(&mut p, "huanwei");
        assert_eq!(shown(&p), ["sanitation"], "by full pinyin");
        p.filter.clear();
        typed(&mut p, "公司");
        assert_eq!(
            shown(&p),
            ["heating", "water", "drainage"],
            "inside a name, suggestion still first"
        );
        typed(&mut p, "x");
        assert!(shown(&p).is_empty());
        assert_eq!(p.selected(), None);
        p.delete_back();
        assert_eq!(shown(&p).len(), 3, "backspace widens again");
    }

    #[test]
    fn better_matches_come_before_mere_containment() {
        let mut p = departments();
        typed(&mut p, "h");
        assert_eq!(
            shown(&p),
            ["heating", "sanitation"],
            "code before initials (环卫处 hwc)"
        );
        p.filter.clear();
        typed(&mut p, "r");
        assert_eq!(
            shown(&p),
            ["heating", "water", "drainage"],
            "initials (热力公司 rlgs) before an r inside a code"
        );
    }

    #[test]
    fn a_later_suggestion_goes_first_and_keeps_the_selection() {
        let mut p = departments();
        p.move_by(1);
        p.suggest("sanitation", "route:garbage: sanitation");
        assert_eq!(shown(&p), ["sanitation", "heating", "water", "drainage"]);
        assert_eq!(
            p.selected().map(|o| o.code.as_str()),
            Some("water"),
            "still water"
        );
        assert!(
            p.visible().filter(|o| o.suggested.is_some()).count() == 1,
            "one suggestion"
        );
        p.suggest("nowhere", "?");
        assert_eq!(shown(&p)[0], "sanitation", "an unknown code changes nothing");
    }

    #[test]
    fn the_selection_stays_within_the_list_while_filtering() {
        let mut p = departments();
        p.move_by(10);
        assert_eq!(p.selected_index(), 3, "stops at the last");
        assert_eq!(p.selected().map(|o| o.code.as_str()), Some("sanitation"));
        typed(&mut p, "g");
        assert_eq!(p.selected_index(), 0, "the best match after typing");
        assert!(p.selected().is_some());
        p.move_by(-5);
        assert_eq!(p.selected_index(), 0, "stops at the first");
        p.to_end(true);
        assert_eq!(p.selected_index(), shown(&p).len() - 1);
        typed(&mut p, "zzz");
        p.move_by(1);
        assert_eq!((p.selected_index(), p.selected()), (0, None));
    }
}
