//! Where an item came from, in words: the console's detail shows these
//! labels and values, and `tail` marks created lines with the source's
//! mark, so a reader can tell a sensor's or another city's item from one a
//! call-taker typed.

use super::cut;
use crate::model::Origin;

/// Extra fields a detail shows at most, the last line saying how many more
/// there are: a CAP alert in four languages carries dozens, and the detail
/// is a pane, not the document (`:raw` shows all).
pub const EXTRA_LINES: usize = 4;
/// Columns of an extra field's name before it is cut with `…`.
pub const EXTRA_KEY_WIDTH: usize = 24;
/// Columns of an extra field's value before it is cut with `…`.
pub const EXTRA_VALUE_WIDTH: usize = 60;

/// Labelled facts about an item's origin, in reading order; absent
/// optional facts are left out rather than shown as "-".
pub fn origin_fields(origin: &Origin) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("from", origin.source.as_str().to_owned()),
        ("foreign id", origin.foreign_id.clone()),
    ];
    if let Some(sender) = &origin.sender {
        fields.push(("sender", sender.clone()));
    }
    if let Some(url) = &origin.url {
        fields.push(("link", url.clone()));
    }
    fields
}

/// The origin's extra fields (Alertmanager annotations, CAP fields), in
/// name order, bounded for a detail pane: at most [`EXTRA_LINES`] lines,
/// each one line with name and value cut with `…`; when more remain, the
/// last line counts them instead.
pub fn origin_extra(origin: &Origin) -> Vec<(String, String)> {
    let total = origin.extra.len();
    let shown = if total > EXTRA_LINES {
        EXTRA_LINES - 1
    } else {
        total
    };
    let mut lines: Vec<(String, String)> = origin
        .extra
        .iter()
        .take(shown)
        .map(|(k, v)| (cut(k, EXTRA_KEY_WIDTH), cut(v, EXTRA_VALUE_WIDTH)))
        .collect();
    if total > shown {
        lines.push((
            "…".to_owned(),
            format!("{} more (:raw shows the document)", total - shown),
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    #[test]
    fn an_origin_reads_source_id_sender_and_link_in_that_order() {
        let mut o = Origin::new(Source::Alertmanager, "fp-1");
        assert_eq!(
            origin_fields(&o),
            [
                ("from", "alertmanager".to_owned()),
                ("foreign id", "fp-1".to_owned())
            ]
        );
        o.sender = Some("citydesk".into());
        o.url = Some("http://prom/graph".into());
        let labels: Vec<&str> = origin_fields(&o).iter().map(|(l, _)| *l).collect();
        assert_eq!(labels, ["from", "foreign id", "sender", "link"]);
    }

    #[test]
    fn extras_are_bounded_cut_and_counted() {
        let mut o = Origin::new(Source::Cap, "x");
        assert!(origin_extra(&o).is_empty());
        o.extra.insert("annotation.runbook".into(), "x".repeat(100));
        o.extra.insert("annotation.summary".into(), "水位\n超警戒".into());
        let two = origin_extra(&o);
        assert_eq!(two.len(), 2, "all shown when they fit");
        assert!(two[0].1.ends_with('…') && two[0].1.chars().count() == EXTRA_VALUE_WIDTH);
        assert_eq!(two[1].1, "水位 超警戒", "one line");
        for i in 0..5 {
            o.extra.insert(format!("cap.{i}"), "v".into());
        }
        let many = origin_extra(&o);
        assert_eq!(many.len(), EXTRA_LINES);
        assert_eq!(many[EXTRA_LINES - 1].1, "4 more (:raw shows the document)");
    }
}
