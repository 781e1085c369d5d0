//! The tables a log is made of, column by column, as both backends hold
//! them: one list the SQLite reader, the PostgreSQL writer and both
//! sides' counts follow, so a table added to one and not the list is
//! caught by the test that compares the list with the PostgreSQL schema.
//!
//! `leases` and `probe` are left out on purpose: they are a running
//! server's state, not the log's.

/// A column's type on PostgreSQL, and how SQLite's value becomes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// `INTEGER`.
    Int,
    /// `BIGINT`.
    BigInt,
    Text,
    /// `BOOLEAN`; SQLite stores 0 or 1.
    Bool,
    /// `BIGINT` Unix seconds that SQLite does not store: computed from the
    /// RFC 3339 time in the column named (PostgreSQL's retention selects
    /// by it).
    UnixOf(&'static str),
}

/// One value on its way, typed as its PostgreSQL column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Int(Option<i32>),
    BigInt(Option<i64>),
    Text(Option<String>),
    Bool(bool),
}

#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    /// Columns in the order rows carry them.
    pub columns: &'static [(&'static str, Column)],
    /// A `BIGSERIAL` id whose sequence must move past the copied rows.
    pub serial: Option<&'static str>,
}

use Column::{BigInt, Bool, Int, Text, UnixOf};

/// Every table of the log, in the order they are copied (the log first).
pub const TABLES: &[Table] = &[
    Table {
        name: "events",
        columns: &[
            ("seq", BigInt),
            ("item_id", Text),
            ("version", BigInt),
            ("type", Text),
            ("actor", Text),
            ("at", Text),
            ("body", Text),
        ],
        serial: None,
    },
    Table {
        name: "items",
        columns: &[
            ("id", Text),
            ("kind", Text),
            ("number", BigInt),
            ("status", Text),
            ("is_open", Bool),
            ("version", BigInt),
            ("district", Text),
            ("department", Text),
            ("fingerprint", Text),
            ("updated_at", Text),
            ("body", Text),
        ],
        serial: None,
    },
    Table {
        name: "idempotency",
        columns: &[
            ("operator", Text),
            ("key", Text),
            ("request_hash", Text),
            ("status", Int),
            ("item", Text),
            ("first_seq", BigInt),
            ("last_seq", BigInt),
            ("created_at", Text),
            ("created_unix", UnixOf("created_at")),
        ],
        serial: None,
    },
    Table {
        name: "operators",
        columns: &[
            ("login", Text),
            ("name", Text),
            ("role", Text),
            ("department", Text),
            ("token_hash", Text),
            ("created_at", Text),
            ("revoked_at", Text),
            ("extension", Text),
            ("expires_at", Text),
            ("previous_token_hash", Text),
            ("previous_valid_until", Text),
            ("last_used_at", Text),
        ],
        serial: None,
    },
    Table {
        name: "item_callers",
        columns: &[
            ("phone", Text),
            ("item_id", Text),
            ("created_at", BigInt),
            ("reporter", Bool),
        ],
        serial: None,
    },
    Table {
        name: "caller_reads",
        columns: &[
            ("id", BigInt),
            ("at", Text),
            ("login", Text),
            ("role", Text),
            ("phone", Text),
        ],
        serial: Some("id"),
    },
    Table {
        name: "audit",
        columns: &[
            ("id", BigInt),
            ("at", Text),
            ("kind", Text),
            ("login", Text),
            ("route", Text),
            ("status", Int),
            ("detail", Text),
            ("once", Text),
        ],
        serial: Some("id"),
    },
    Table {
        name: "item_facts",
        columns: &[
            ("item_id", Text),
            ("kind", Text),
            ("status", Text),
            ("is_open", Bool),
            ("created_at", BigInt),
            ("closed_at", BigInt),
            ("names_caller", Bool),
            ("facts", Text),
        ],
        serial: None,
    },
    Table {
        name: "foreign_ids",
        columns: &[("source", Text), ("foreign_id", Text), ("item_id", Text)],
        serial: None,
    },
    Table {
        name: "raw_documents",
        columns: &[
            ("id", BigInt),
            ("item_id", Text),
            ("received_at", Text),
            ("source", Text),
            ("content_type", Text),
            ("body", Text),
        ],
        serial: Some("id"),
    },
];

/// The item-number sequence of each kind, as `items.kind` names it: set
/// to the highest number copied, so the next create gets the next one.
pub const NUMBER_SEQUENCES: &[(&str, &str)] = &[
    ("incident", "SELECT setval('item_number_incident', $1)"),
    ("alert", "SELECT setval('item_number_alert', $1)"),
    ("ticket", "SELECT setval('item_number_ticket', $1)"),
];

#[cfg(test)]
mod tests {
    use super::TABLES;

    /// Tables a running server keeps for itself, not part of the log.
    const NOT_COPIED: &[&str] = &["log_head", "leases", "probe"];

    /// `(table, columns)` of every `CREATE TABLE` in the PostgreSQL schema.
    fn schema_tables() -> Vec<(String, Vec<String>)> {
        let sql = include_str!("../../../migrations/postgres/0001_init.sql");
        let mut out = Vec::new();
        let mut lines = sql.lines();
        while let Some(line) = lines.next() {
            let Some(rest) = line.strip_prefix("CREATE TABLE ") else {
                continue;
            };
            let name = rest.split_whitespace().next().unwrap_or_default().to_owned();
            let columns = lines
                .by_ref()
                .take_while(|l| !l.starts_with(')'))
                .map(str::trim)
                .filter(|l| !l.starts_with("--") && !l.starts_with("PRIMARY") && !l.starts_with("UNIQUE"))
                .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
                .collect();
            out.push((name, columns));
        }
        out
    }

    #[test]
    fn every_table_and_column_of_the_postgres_schema_is_copied_in_its_order() {
        let schema: Vec<(String, Vec<String>)> = schema_tables()
            .into_iter()
            .filter(|(name, _)| !NOT_COPIED.contains(&name.as_str()))
            .collect();
        let listed: Vec<(String, Vec<String>)> = TABLES
            .iter()
            .map(|t| {
                let columns = t.columns.iter().map(|(c, _)| (*c).to_owned()).collect();
                (t.name.to_owned(), columns)
            })
            .collect();
        assert_eq!(listed, schema);
    }
}
