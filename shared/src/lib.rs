//! Provider Portal's shared vocabulary: the types that cross the wire between the API (`portal-api`)
//! and its clients (the WASM portal, integrations built on this crate), their validation rules, and
//! the typed description of every endpoint.
//!
//! This crate compiles for the server (x86_64) and the browser (wasm32), so it never depends on
//! actix, diesel or tokio. The `openapi` feature adds `utoipa::ToSchema` derives for the server.

pub mod accounts;
pub mod api_keys;
pub mod auth;
pub mod client;
pub mod clients;
pub mod collections;
pub mod crypto;
pub mod events;
pub mod groups;
pub mod meta;
pub mod organizations;
pub mod page;
pub mod password;
pub mod policies;
pub mod problem;
pub mod providers;
pub mod validation;

pub use problem::{FieldError, Problem};

/// The product's name as shown to people.
pub const PRODUCT_NAME: &str = "Provider Portal";
