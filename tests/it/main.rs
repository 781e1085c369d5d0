//! Integration tests: a real server on 127.0.0.1:0 with a real SQLite file,
//! driven by the crate's own client.

mod architecture;
mod bad_input;
mod callers;
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
mod console_tmux;
mod console_views;
mod demo;
mod durability;
mod idempotency;
mod kpi;
mod lifecycle;
mod lifecycle_rules;
mod policy;
mod reset;
mod roles;
mod shipped_rules;
mod sim;
mod sla;
mod spawned;
mod stream;
mod suggest;
mod tail;
mod tail_restart;
