//! Names from the city data: a department or community code as the people
//! who work with it call it. Codes stay as they are where no name is known,
//! so a reader without the directory still sees something exact.

use std::collections::HashMap;

/// Department and community names by code.
#[derive(Debug, Default, Clone)]
pub struct Departments {
    names: HashMap<String, String>,
}

impl Departments {
    /// From `(code, name)` pairs, such as the directory's `org_names()`.
    pub fn new(names: impl IntoIterator<Item = (String, String)>) -> Self {
        Departments {
            names: names.into_iter().collect(),
        }
    }

    /// The name of `code`, or the code itself when it has none.
    pub fn name<'a>(&'a self, code: &'a str) -> &'a str {
        self.names.get(code).map_or(code, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_read_as_themselves() {
        let d = Departments::new([("water".to_owned(), "供水公司".to_owned())]);
        assert_eq!(d.name("water"), "供水公司");
        assert_eq!(d.name("gas"), "gas");
        assert_eq!(Departments::default().name("water"), "water");
    }
}
