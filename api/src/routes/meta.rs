//! What the server is, and whether it can serve.

use actix_web::web::{Data, Json};
use actix_web::{HttpResponse, get};
use portal_shared::meta::{Health, Meta};
use portal_shared::{PRODUCT_NAME, Problem};

use crate::db::DbPool;
use crate::error::ApiResult;

/// The server's name, version and storage backend. Needs no authentication.
#[utoipa::path(
    tag = "meta",
    operation_id = "get_meta",
    responses((status = 200, description = "The server's name, version and backend", body = Meta))
)]
#[get("/meta")]
pub async fn get_meta(pool: Data<DbPool>) -> Json<Meta> {
    Json(Meta {
        name: PRODUCT_NAME.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        api_version: "v1".into(),
        backend: pool.backend(),
    })
}

/// Liveness: the process is up and answering. Never touches the database.
#[utoipa::path(
    tag = "meta",
    operation_id = "healthz",
    responses((status = 200, description = "The process is alive", body = Health))
)]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok".into() })
}

/// Readiness: the database answers a query. Load balancers should route only to ready instances.
#[utoipa::path(
    tag = "meta",
    operation_id = "readyz",
    responses(
        (status = 200, description = "The database is reachable", body = Health),
        (status = 503, description = "The database is unreachable", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(pool: Data<DbPool>) -> ApiResult<Json<Health>> {
    pool.ping(std::time::Duration::from_secs(2)).await?;
    Ok(Json(Health { status: "ok".into() }))
}

/// The OpenAPI 3.1 document of this API, serialized once at start.
#[derive(Debug, Clone)]
pub struct OpenApiJson(pub String);

/// The OpenAPI 3.1 document of this API (the same as the committed `openapi.yaml`).
#[utoipa::path(
    tag = "meta",
    operation_id = "get_openapi",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object, content_type = "application/json"))
)]
#[get("/openapi.json")]
pub async fn get_openapi(doc: Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(doc.0.clone())
}
