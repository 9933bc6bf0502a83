//! The API's integration tests: the app in-process over a real database, SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod accounts;
mod api_keys;
mod cli;
mod clients;
mod collections;
mod errors;
mod groups;
mod member_edits;
mod members;
mod meta;
mod migrations;
mod openapi;
mod org_api_key;
mod org_events;
mod org_permission_matrix;
mod organizations;
mod permission_matrix;
mod policies;
mod portal;
mod provider_users;
mod providers;
mod tokens;
mod two_step;
mod zero_knowledge;
