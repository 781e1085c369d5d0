//! Integration tests: a real server on 127.0.0.1:0 with a real SQLite file,
//! driven by the crate's own client.

/// The store these tests run on (`tests/pg` runs a matrix of them on
/// PostgreSQL).
pub const BACKEND: common::Backend = common::Backend::Sqlite;

mod architecture;
mod audit;
mod backup;
mod bad_input;
mod callers;
mod chaos;
mod check_files;
mod city;
mod closed_loop;
mod commands;
mod common;
mod concurrency;
mod console_files;
mod console_fixture;
mod console_flow;
mod console_help;
mod console_keys;
mod console_live;
mod console_safety;
mod console_tmux;
mod console_views;
mod demo;
mod durability;
mod extremes;
mod failover;
mod file_modes;
mod fuzz;
mod idempotency;
mod ingest_alertmanager;
mod ingest_cap;
mod kpi;
mod lifecycle;
mod lifecycle_rules;
mod migrate_store;
mod open311_formats;
mod open311_fuzz;
mod open311_intake;
mod open311_server;
mod openapi;
mod pg;
mod policy;
mod readme_walkthrough;
mod replicas;
mod reset;
mod retention;
mod roles;
mod scope;
mod shipped_rules;
mod sim;
mod sla;
mod snapshot_stream;
mod spawned;
mod staying_up;
mod storage;
mod storm_detail;
mod stream;
mod suggest;
mod tail;
mod tail_restart;
mod tls;
mod tokens;
