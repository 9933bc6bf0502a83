//! The test harness: a fresh database per test on either backend, and the app in-process over it.

#![allow(dead_code)]

pub mod db;
pub mod http;

pub use db::TestDb;
pub use http::*;
