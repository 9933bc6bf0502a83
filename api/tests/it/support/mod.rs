//! The test harness: a fresh database per test on either backend, and the app in-process over it.

#![allow(dead_code)]

pub mod accounts;
pub mod db;
pub mod http;
pub mod smtp;

pub use accounts::*;
pub use db::{TestDb, add_member};
pub use http::*;
pub use smtp::SmtpSink;
