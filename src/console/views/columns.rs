//! The columns of an item pane: which of them show at this width and how
//! wide each is. The free width goes to the title first (in Escalations to
//! the reason the item is there), then to the other columns up to what
//! their visible rows need, so a wide terminal shows whole names instead
//! of leaving columns empty.

use crate::present::i18n::Lang;
use crate::t;
use unicode_width::UnicodeWidthStr;

/// One column of an item row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Mark,
    Status,
    Priority,
    Clock,
    Id,
    Title,
    Why,
    StatusWord,
    District,
    Department,
    Claim,
    Viewers,
}

impl Col {
    /// Columns every row has; the others start with a one-cell gap.
    pub fn is_fixed(self) -> bool {
        FIXED.iter().any(|(c, _)| *c == self)
    }

    /// The label for a column `width` wide (gap included): the short one
    /// when the whole one does not fit (by display width: a Chinese label
    /// is twice as wide as its characters).
    pub fn label_for(self, width: usize, lang: Lang) -> String {
        let long = self.label(lang);
        if long.width() < width {
            return long;
        }
        match self {
            Col::Why => t!(lang, "col-why-short"),
            Col::StatusWord => t!(lang, "col-status-short"),
            Col::District => t!(lang, "col-district-short"),
            Col::Department => t!(lang, "col-department-short"),
            _ => long,
        }
    }

    /// The header row's label. The status and priority marks keep their
    /// one-letter heads in every language, as codes do.
    pub fn label(self, lang: Lang) -> String {
        match self {
            Col::Mark | Col::Viewers => String::new(),
            Col::Status => "S".into(),
            Col::Priority => "P".into(),
            Col::Clock => t!(lang, "col-clock"),
            Col::Id => t!(lang, "col-id"),
            Col::Title => t!(lang, "col-title"),
            Col::Why => t!(lang, "col-why"),
            Col::StatusWord => t!(lang, "col-status"),
            Col::District => t!(lang, "col-district"),
            Col::Department => t!(lang, "col-department"),
            Col::Claim => t!(lang, "col-claim"),
        }
    }
}

/// Columns every row has, with their widths (each with its trailing gap);
/// the id's is set by the widest id shown.
const FIXED: [(Col, usize); 5] = [
    (Col::Mark, 1),
    (Col::Status, 2),
    (Col::Priority, 3),
    (Col::Clock, 10),
    (Col::Id, 0),
];

/// What an optional column needs: at least `min` to be worth showing,
/// `natural` to show its widest visible cell whole. Widths include the
/// column's leading gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Want {
    pub col: Col,
    pub min: usize,
    pub natural: usize,
    /// Shown only with width to spare once every other column has its
    /// natural width (what another column already says another way).
    pub luxury: bool,
}

/// The columns in the order they are drawn, each with its width.
pub type Widths = Vec<(Col, usize)>;

/// Chooses the columns for `width` cells, ids `id_width` wide. `wants` is
/// in priority order: the first gets a place and the free width first. A
/// column whose cells are all empty (`natural == 0`) is left out.
pub fn allocate(width: usize, id_width: usize, wants: &[Want]) -> Widths {
    let fixed_cols: Vec<(Col, usize)> = FIXED
        .iter()
        .map(|&(c, w)| if c == Col::Id { (c, id_width + 1) } else { (c, w) })
        .collect();
    let fixed: usize = fixed_cols.iter().map(|(_, w)| w).sum();
    let avail = width.saturating_sub(fixed);
    let mut shown: Vec<(Want, usize)> = Vec::new();
    let mut used = 0;
    for w in wants.iter().filter(|w| w.natural > 0 && !w.luxury) {
        if used + w.min <= avail {
            shown.push((*w, w.min));
            used += w.min;
        }
    }
    let mut extra = avail - used;
    for (w, got) in shown.iter_mut() {
        let more = extra.min(w.natural.saturating_sub(*got));
        *got += more;
        extra -= more;
    }
    for w in wants.iter().filter(|w| w.natural > 0 && w.luxury) {
        if w.natural <= extra {
            shown.push((*w, w.natural));
            extra -= w.natural;
        }
    }
    // What is left pads the first column, so the row fills the pane.
    if let Some((_, got)) = shown.first_mut() {
        *got += extra;
    }
    let mut out: Widths = fixed_cols;
    for col in DRAW_ORDER {
        if let Some((_, got)) = shown.iter().find(|(w, _)| w.col == col) {
            out.push((col, *got));
        }
    }
    out
}

/// Left to right after the fixed columns.
const DRAW_ORDER: [Col; 7] = [
    Col::Why,
    Col::Title,
    Col::StatusWord,
    Col::District,
    Col::Department,
    Col::Claim,
    Col::Viewers,
];

/// The gap before a cell of `col`: none for the fixed columns (they end in
/// theirs) and the first column after them, one cell for the rest.
pub fn gap(col: Col, widths: &Widths) -> &'static str {
    let first = widths.iter().find(|(c, _)| !c.is_fixed()).map(|(c, _)| *c);
    if col.is_fixed() || first == Some(col) {
        ""
    } else {
        " "
    }
}

/// The width a cell needs, with its leading gap.
pub fn cell(text: &str) -> usize {
    if text.is_empty() { 0 } else { text.width() + 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(col: Col, min: usize, natural: usize) -> Want {
        Want {
            col,
            min,
            natural,
            luxury: false,
        }
    }

    fn width_of(w: &Widths, col: Col) -> Option<usize> {
        w.iter().find(|(c, _)| *c == col).map(|(_, n)| *n)
    }

    #[test]
    fn the_title_takes_the_free_width_first_then_the_others_up_to_their_need() {
        let wants = [
            want(Col::Title, 8, 30),
            want(Col::District, 6, 19),
            want(Col::Department, 8, 13),
        ];
        let w = allocate(25 + 100, 8, &wants);
        assert_eq!(width_of(&w, Col::Title), Some(30 + 100 - 30 - 19 - 13));
        assert_eq!(width_of(&w, Col::District), Some(19));
        assert_eq!(width_of(&w, Col::Department), Some(13));
        let total: usize = w.iter().map(|(_, n)| n).sum();
        assert_eq!(total, 125, "the row fills the pane");
    }

    #[test]
    fn narrow_panes_drop_columns_that_do_not_fit_and_keep_the_title() {
        let wants = [want(Col::Title, 8, 30), want(Col::District, 6, 19)];
        let w = allocate(25 + 13, 8, &wants);
        assert_eq!(width_of(&w, Col::Title), Some(13));
        assert_eq!(width_of(&w, Col::District), None);
    }

    #[test]
    fn a_luxury_column_shows_only_when_the_others_are_whole() {
        let status = Want {
            luxury: true,
            ..want(Col::StatusWord, 5, 11)
        };
        let wants = [want(Col::Title, 8, 30), status];
        assert_eq!(width_of(&allocate(25 + 35, 8, &wants), Col::StatusWord), None);
        let w = allocate(25 + 45, 8, &wants);
        assert_eq!(width_of(&w, Col::StatusWord), Some(11));
        assert_eq!(width_of(&w, Col::Title), Some(34));
    }

    #[test]
    fn empty_columns_are_left_out() {
        let wants = [want(Col::Title, 8, 30), want(Col::Claim, 6, 0)];
        let w = allocate(80, 8, &wants);
        assert_eq!(width_of(&w, Col::Claim), None);
    }
}
