//! Where an item came from, in words: the console's detail shows these
//! labels and values, and `tail` marks created lines with the source's
//! mark, so a reader can tell a sensor's or another city's item from one a
//! call-taker typed.

use crate::model::Origin;

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
}
