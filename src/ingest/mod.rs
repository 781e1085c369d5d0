//! Standards in: parsers and mappers that turn a foreign document into
//! model create/update requests. Pure and fuzzable; the server routes and
//! the `ingest` commands are thin shells around them.

pub mod cap;
