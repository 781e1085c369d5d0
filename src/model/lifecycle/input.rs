//! Limits on what a request may carry: lengths of every text, coordinates
//! on the globe, districts and grids the city has. A value past a limit is
//! refused whole rather than cut, so nothing is stored that the sender did
//! not see. README "Input limits" lists the same numbers.

use super::Refusal;
use crate::model::{Caller, City, Place};

// The numbers live in a module of their own, which imports nothing, so
// the API document's schemas (model::schema) can read them too.
pub use crate::model::limits::*;

/// Characters that print as nothing or reorder what follows: zero-width
/// spaces and joiners, bidi embeddings, overrides and isolates, the byte
/// order mark. A title of only these looks blank in every list.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// A required text: something visible in it, and no longer than `max`.
pub fn required(value: &str, field: &str, max: usize) -> Result<(), Refusal> {
    if value.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(Refusal::Invalid(format!("{field} must not be empty")));
    }
    at_most(value, field, max)
}

/// Any text: no longer than `max` characters.
pub fn at_most(value: &str, field: &str, max: usize) -> Result<(), Refusal> {
    if value.chars().count() > max {
        return Err(Refusal::Invalid(format!(
            "{field} is longer than {max} characters"
        )));
    }
    Ok(())
}

fn optional(value: Option<&str>, field: &str, max: usize) -> Result<(), Refusal> {
    value.map_or(Ok(()), |v| at_most(v, field, max))
}

/// A place: parts of bounded length, coordinates on the globe, and a
/// district and grid the city knows (when the city lists its districts).
pub fn place(p: &Place, city: &City) -> Result<(), Refusal> {
    optional(p.district.as_deref(), "place.district", MAX_PLACE_PART)?;
    optional(p.street.as_deref(), "place.street", MAX_PLACE_PART)?;
    optional(p.grid.as_deref(), "place.grid", MAX_PLACE_PART)?;
    optional(p.address.as_deref(), "place.address", MAX_ADDRESS)?;
    coordinate(p.lat, "place.lat", MAX_LATITUDE)?;
    coordinate(p.lon, "place.lon", MAX_LONGITUDE)?;
    if city.districts.is_empty() {
        return Ok(());
    }
    if let Some(d) = p.district.as_deref().filter(|d| !d.trim().is_empty())
        && city.district(d).is_none()
    {
        return Err(Refusal::Invalid(format!(
            "place.district: {d:?} is not a district of {}",
            city.name
        )));
    }
    if let Some(g) = p.grid.as_deref().filter(|g| !g.trim().is_empty())
        && city.grid(g.trim()).is_none()
    {
        return Err(Refusal::Invalid(format!(
            "place.grid: {g:?} is not a grid of {} (grids read like 210702-08-03-07)",
            city.name
        )));
    }
    Ok(())
}

fn coordinate(value: Option<f64>, field: &str, bound: f64) -> Result<(), Refusal> {
    match value {
        Some(v) if !v.is_finite() || v.abs() > bound => Err(Refusal::Invalid(format!(
            "{field} must be between -{bound} and {bound}"
        ))),
        _ => Ok(()),
    }
}

/// A caller's name and number as sent, before the number is normalised.
pub fn caller(c: &Caller) -> Result<(), Refusal> {
    optional(c.name.as_deref(), "caller.name", MAX_CALLER_NAME)?;
    optional(c.phone.as_deref(), "caller.phone", MAX_PHONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_only_titles_are_blank() {
        for title in ["\u{200B}\u{200D}", "\u{202E}\u{2066} ", "\u{7}\u{1b}", "\u{FEFF}"] {
            assert!(required(title, "title", MAX_TITLE).is_err(), "{title:?}");
        }
        assert!(required("\u{202E}停水", "title", MAX_TITLE).is_ok());
    }

    #[test]
    fn coordinates_stay_on_the_globe() {
        let city = City::default();
        let at = |lat, lon| Place {
            lat: Some(lat),
            lon: Some(lon),
            ..Place::default()
        };
        assert!(place(&at(41.1, 121.1), &city).is_ok());
        for (lat, lon) in [(91.0, 0.0), (0.0, -180.5), (f64::NAN, 0.0), (0.0, f64::INFINITY)] {
            assert!(place(&at(lat, lon), &city).is_err(), "{lat} {lon}");
        }
    }
}
