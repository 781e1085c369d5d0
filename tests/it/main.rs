//! Integration tests: a real server on 127.0.0.1:0 with a real SQLite file,
//! driven by the crate's own client.

mod architecture;
mod bad_input;
mod city;
mod common;
mod concurrency;
mod durability;
mod idempotency;
mod lifecycle;
mod roles;
mod stream;
