//! The server's metadata (`GET /api/v1/meta`), fetched once for the whole app and shared through
//! context: the footer and the home page's status card read the same resource, so a retry on one
//! updates both.

use leptos::prelude::*;
use portal_shared::client::ClientError;
use portal_shared::meta::Meta;

use crate::api;

/// The shared server metadata resource.
#[derive(Clone, Copy)]
pub struct ServerMeta(pub LocalResource<Result<Meta, ClientError>>);

/// Starts loading the server's metadata and makes it available to every component below.
pub fn provide_server_meta() {
    provide_context(ServerMeta(LocalResource::new(api::meta::get_meta)));
}

/// The server metadata resource provided by [`provide_server_meta`].
pub fn use_server_meta() -> ServerMeta {
    // A missing context is a wiring bug in `App`; fall back to a private fetch rather than panic.
    use_context::<ServerMeta>().unwrap_or_else(|| ServerMeta(LocalResource::new(api::meta::get_meta)))
}
