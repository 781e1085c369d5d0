//! The city map's words, from the catalogs.

use crate::present::i18n::Lang;
use crate::t;

/// The map pane's title counts: `12 open · 3 red`.
pub fn map_counts(lang: Lang, open: u32, red: u32, sep: &str) -> String {
    if red > 0 {
        format!(
            "{} {sep} {} ",
            t!(lang, "map-open", n = open),
            t!(lang, "pane-red", n = red)
        )
    } else {
        format!("{} ", t!(lang, "map-open", n = open))
    }
}

/// The heat view's title: what is counted.
pub fn map_heat_title(lang: Lang, hours: u32, reports: u32) -> String {
    format!("{} ", t!(lang, "map-heat-title", n = reports, hours = hours))
}

/// A district's label on the map: its name and counts (`古塔区 40/3`,
/// open/red), or in the heat view its reports. Numbers only: no words.
pub fn map_label(name: &str, open: u32, red: u32, heat: bool) -> String {
    match (heat, red) {
        (true, _) | (false, 0) => format!("{name} {open}"),
        (false, _) => format!("{name} {open}/{red}"),
    }
}

/// The zoom, when not fitted: `zoom 3`.
pub fn map_zoom(lang: Lang, zoom: i32) -> String {
    format!("{} ", t!(lang, "map-zoom", n = zoom))
}

/// Said in the title when the map draws with ASCII (no braille).
pub fn map_ascii(lang: Lang) -> String {
    format!("{} ", t!(lang, "map-ascii"))
}

/// The side list's heading over the items under the cursor.
pub fn map_here(lang: Lang, n: usize) -> String {
    t!(lang, "map-here", n = n)
}

/// The side list's column heads when nothing is under the cursor: the
/// district column, then right-aligned count columns of `width` cells.
pub fn map_districts(lang: Lang, heat: bool) -> (String, Vec<String>) {
    let district = t!(lang, "map-col-district");
    if heat {
        (district, vec![t!(lang, "map-col-reports")])
    } else {
        (district, vec![t!(lang, "map-col-open"), t!(lang, "map-col-red")])
    }
}

/// The legend under the side list.
pub fn map_legend(lang: Lang, incident: &str, alert: &str, ticket: &str) -> String {
    t!(
        lang,
        "map-legend",
        incident = incident,
        alert = alert,
        ticket = ticket
    )
}

/// The legend under the side list in the heat view.
pub fn map_heat_legend(lang: Lang) -> String {
    t!(lang, "map-heat-legend")
}

/// When the console has no positions for the city.
pub fn map_none(lang: Lang) -> String {
    t!(lang, "map-none")
}
