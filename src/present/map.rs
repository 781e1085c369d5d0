//! The city map's words, in one place so they can move into catalogs.

/// The map pane's title counts: `12 open · 3 red`.
pub fn map_counts(open: u32, red: u32, sep: &str) -> String {
    if red > 0 {
        format!("{open} open {sep} {red} red ")
    } else {
        format!("{open} open ")
    }
}

/// The heat view's title: what is counted.
pub fn map_heat_title(hours: u32, reports: u32) -> String {
    format!("heat: {reports} reports in {hours}h ")
}

/// A district's label on the map: its name and counts (`古塔区 40/3`,
/// open/red), or in the heat view its reports.
pub fn map_label(name: &str, open: u32, red: u32, heat: bool) -> String {
    match (heat, red) {
        (true, _) | (false, 0) => format!("{name} {open}"),
        (false, _) => format!("{name} {open}/{red}"),
    }
}

/// The zoom, when not fitted: `zoom 3`.
pub fn map_zoom(zoom: i32) -> String {
    format!("zoom {zoom} ")
}

/// Said in the title when the map draws with ASCII (no braille).
pub const MAP_ASCII: &str = "ascii ";

/// The side list's heading over the items under the cursor.
pub fn map_here(n: usize) -> String {
    match n {
        1 => "1 item here".to_owned(),
        n => format!("{n} items here"),
    }
}

/// The side list's heading when nothing is under the cursor.
pub const MAP_DISTRICTS: &str = "District      open  red";
pub const MAP_HEAT_DISTRICTS: &str = "District   reports";

/// The legend under the side list.
pub fn map_legend(incident: &str, alert: &str, ticket: &str) -> String {
    format!("{incident} incident {alert} alert {ticket} ticket")
}

/// The legend under the side list in the heat view.
pub const MAP_HEAT_LEGEND: &str = ". : + * # few to most reports";

/// When the console has no positions for the city.
pub const MAP_NONE: &str = "No map: the city's outlines did not load.";
