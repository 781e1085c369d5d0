//! The test matrix's second column: the integration tests of the log,
//! the lifecycle, the stream, the closed loop and the KPIs, the very same
//! files as `tests/it`, run against PostgreSQL (a schema per test, see
//! `tests/it/pg.rs`). Replicas and faults on PostgreSQL are in
//! `tests/it/replicas.rs`.

// Helpers of `tests/it` that only its other modules use.
#![allow(dead_code)]

#[path = "../it/common.rs"]
mod common;
#[path = "../it/pg.rs"]
mod pg;

pub const BACKEND: common::Backend = common::Backend::Postgres;

#[path = "../it/audit.rs"]
mod audit;
#[path = "../it/closed_loop.rs"]
mod closed_loop;
#[path = "../it/concurrency.rs"]
mod concurrency;
#[path = "../it/heat_reports.rs"]
mod heat_reports;
#[path = "../it/idempotency.rs"]
mod idempotency;
#[path = "../it/kpi.rs"]
mod kpi;
#[path = "../it/lifecycle.rs"]
mod lifecycle;
#[path = "../it/lifecycle_rules.rs"]
mod lifecycle_rules;
#[path = "../it/roles.rs"]
mod roles;
#[path = "../it/scope.rs"]
mod scope;
#[path = "../it/sla.rs"]
mod sla;
#[path = "../it/snapshot_stream.rs"]
mod snapshot_stream;
#[path = "../it/storm_detail.rs"]
mod storm_detail;
#[path = "../it/stream.rs"]
mod stream;
