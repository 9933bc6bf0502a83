//! Provider Portal's server: the REST API under `/api/v1`, the OpenAPI document and its docs UI,
//! health probes, and the built web portal, over SQLite or PostgreSQL.
//!
//! [`build_app`] is the one app factory: `portal serve` and the tests both use it.

pub mod admin;
pub mod api_keys;
pub mod auth;
pub mod authz;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod events;
pub mod extractors;
pub mod invitations;
pub mod mail;
pub mod pagination;
pub mod policies;
pub mod routes;
pub mod telemetry;
pub mod web_assets;

use actix_web::App;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, DefaultHeaders, from_fn};
use actix_web::web::{self, Data};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::db::DbPool;
use crate::routes::fallback::{RouteTable, fallback};
use crate::web_assets::WebAssets;

/// What every request can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: DbPool,
    /// Where the web portal's files come from.
    pub web: WebAssets,
    /// The largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The server's signing keys and secret.
    pub keys: auth::ServerKeys,
    /// Authentication settings.
    pub auth: auth::AuthSettings,
    /// Outgoing mail.
    pub mailer: mail::Mailer,
    /// The address people use to reach the server (for links in mail), without a trailing slash.
    pub public_url: String,
}

/// The default largest JSON body: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

impl AppState {
    /// State with the default settings over `pool`, with keys that live in memory only (tests).
    #[expect(clippy::expect_used, reason = "the OS random source failing is not recoverable")]
    pub fn new(pool: DbPool) -> Self {
        Self {
            pool,
            web: WebAssets::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            keys: auth::ServerKeys::ephemeral().expect("random keys"),
            auth: auth::AuthSettings::default(),
            mailer: mail::Mailer::Log,
            public_url: "http://127.0.0.1:8080".into(),
        }
    }
}

/// The routes, and the OpenAPI document they make.
fn routed() -> (
    App<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse,
            Error = actix_web::Error,
            InitError = (),
        >,
    >,
    utoipa::openapi::OpenApi,
) {
    App::new()
        .into_utoipa_app()
        .openapi(routes::ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure_api))
        .configure(routes::configure_root)
        .split_for_parts()
}

/// The complete OpenAPI document of this server (what `/api/v1/openapi.json` serves).
pub fn openapi() -> utoipa::openapi::OpenApi {
    routed().1
}

/// The OpenAPI document as YAML, as committed in `openapi.yaml`.
pub fn openapi_yaml() -> anyhow::Result<String> {
    Ok(openapi().to_yaml()?)
}

#[cfg(test)]
pub(crate) fn routes_openapi_for_tests() -> utoipa::openapi::OpenApi {
    openapi()
}

/// The application: API, docs, probes and portal, with logging, request ids and security headers.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, api) = routed();
    let route_table = RouteTable::from_openapi(&api);
    let doc = routes::meta::OpenApiJson(api.to_json().unwrap_or_else(|_| "{}".into()));
    app.service(SwaggerUi::new("/docs/{_:.*}").config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")))
        .app_data(Data::new(doc))
        .app_data(Data::new(state.pool.clone()))
        .app_data(Data::new(state.web.clone()))
        .app_data(Data::new(route_table))
        .app_data(Data::new(state.clone()))
        .app_data(extractors::json_config(state.max_body_bytes))
        .app_data(web::FormConfig::default().limit(state.max_body_bytes))
        .app_data(extractors::path_config())
        .app_data(extractors::query_config())
        .default_service(web::to(fallback))
        .wrap(Compress::default())
        .wrap(
            DefaultHeaders::new()
                .add(("x-content-type-options", "nosniff"))
                .add(("referrer-policy", "no-referrer"))
                .add(("x-frame-options", "DENY")),
        )
        .wrap(from_fn(telemetry::request_context))
}
