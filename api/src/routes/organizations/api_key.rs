//! `/api/v1/organizations/{id}/api-key`: the organization's one live API key, for integrations.
//! Managed by its confirmed Owners and its provider's users only: Admins and Custom members
//! cannot, and a key never manages keys (it would outlive its own revocation).

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, post};
use portal_shared::Problem;
use portal_shared::api_keys::{ApiKey, ApiKeyScope, CreateApiKey, IssuedApiKey};

use crate::AppState;
use crate::api_keys::{self, KeyAccess, KeyOwner, KeyRow};
use crate::auth::Caller;
use crate::authz::{self, OrgAccess, OrgNeed};
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::routes::accounts::store::rfc3339;

/// Event actions of API keys.
pub mod action {
    /// An organization's API key was made.
    pub const CREATED: &str = "api_key.created";
    /// Its secret was replaced.
    pub const ROTATED: &str = "api_key.rotated";
    /// It was revoked.
    pub const REVOKED: &str = "api_key.revoked";
}

fn to_api_key(row: &KeyRow) -> ApiKey {
    ApiKey {
        id: row.id.clone(),
        client_id: row.client_id.clone(),
        scope: ApiKeyScope::parse(&row.scope).unwrap_or(ApiKeyScope::Read),
        name: row.name.clone(),
        created_at: rfc3339(row.created_at),
        rotated_at: row.rotated_at.map(rfc3339),
        last_used_at: row.last_used_at.map(rfc3339),
    }
}

/// The caller's access when they may manage the key: a confirmed Owner or a provider user.
fn key_manager(c: &mut DbConn, me: &Caller, org_id: &str) -> ApiResult<OrgAccess> {
    let access = authz::organization(c, me, org_id, OrgNeed::Admin)?;
    if !access.acts_on_owners() {
        return Err(ApiError::ForbiddenBecause(
            "owner-only",
            "Only the organization's Owners (and its provider's users) manage its API key.".into(),
        ));
    }
    Ok(access)
}

fn record(c: &mut DbConn, me: &Caller, access: &OrgAccess, act: &str, row: &KeyRow) -> ApiResult<()> {
    let event = NewEvent::by(act, me)
        .in_client_or_organization(&access.org_id, access.provider_id.as_deref())
        .target("api_key", &row.id)
        .with_data(serde_json::json!({ "name": row.name, "scope": row.scope, "client_id": row.client_id }));
    Ok(events::record(c, event, me.client())?)
}

/// The organization's live API key, without its secret; `null` when it has none.
#[utoipa::path(
    tag = "api key",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 200, description = "The live key, or `null`", body = Option<ApiKey>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a confirmed Owner or a provider user (`/problems/owner-only`), or an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/api-key")]
pub async fn get_api_key(state: Data<AppState>, me: Caller, id: Path<String>) -> ApiResult<Json<Option<ApiKey>>> {
    let id = id.into_inner();
    let row = state
        .pool
        .run(move |c| {
            key_manager(c, &me, &id)?;
            Ok(api_keys::live_for_organization(c, &id)?)
        })
        .await?;
    Ok(Json(row.as_ref().map(to_api_key)))
}

/// Makes the organization's API key (one live key at a time). The answer holds its secret, this
/// once; integrations exchange `client_id` and `client_secret` for a token with the
/// client-credentials grant.
#[utoipa::path(
    tag = "api key",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    request_body = CreateApiKey,
    responses(
        (status = 201, description = "The key and its secret", body = IssuedApiKey),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a confirmed Owner or a provider user (`/problems/owner-only`), or an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/api-key-exists`: revoke or rotate the live key instead", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/api-key")]
pub async fn create_api_key(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    body: Json<CreateApiKey>,
) -> ApiResult<(Json<IssuedApiKey>, StatusCode)> {
    let id = id.into_inner();
    let req = body.into_inner();
    let (row, secret) = state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let access = key_manager(c, &me, &id)?;
            // After the access check: a caller without one learns nothing, not even that the body is wrong.
            req.validate().map_err(ApiError::Invalid)?;
            if api_keys::live_for_organization(c, &id)?.is_some() {
                return Err(ApiError::ConflictBecause(
                    "api-key-exists",
                    "This organization already has an API key: rotate or revoke it instead.".into(),
                ));
            }
            let scope = match req.scope {
                ApiKeyScope::Read => KeyAccess::Read,
                ApiKeyScope::Write => KeyAccess::Write,
            };
            let issued = api_keys::create(c, &KeyOwner::Organization(id.clone()), scope, req.name.trim(), now())?;
            let row = api_keys::live_for_organization(c, &id)?.ok_or(ApiError::NotFound)?;
            record(c, &me, &access, action::CREATED, &row)?;
            Ok((row, issued.client_secret))
        })
        .await?;
    Ok((Json(IssuedApiKey { key: to_api_key(&row), client_secret: secret }), StatusCode::CREATED))
}

/// Replaces the key's secret (the client id stays). The old secret and every token issued under
/// it stop working at once; the answer holds the new secret, this once.
#[utoipa::path(
    tag = "api key",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 200, description = "The key and its new secret", body = IssuedApiKey),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a confirmed Owner or a provider user (`/problems/owner-only`), or an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or it has no API key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/api-key/rotate")]
pub async fn rotate_api_key(state: Data<AppState>, me: Caller, id: Path<String>) -> ApiResult<Json<IssuedApiKey>> {
    let id = id.into_inner();
    let (row, secret) = state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let access = key_manager(c, &me, &id)?;
            let live = api_keys::live_for_organization(c, &id)?.ok_or(ApiError::NotFound)?;
            let issued = api_keys::rotate(c, &live.id, now())?;
            let row = api_keys::live_for_organization(c, &id)?.ok_or(ApiError::NotFound)?;
            record(c, &me, &access, action::ROTATED, &row)?;
            Ok((row, issued.client_secret))
        })
        .await?;
    Ok(Json(IssuedApiKey { key: to_api_key(&row), client_secret: secret }))
}

/// Revokes the key for good: its secret and every token issued under it stop working at once.
#[utoipa::path(
    tag = "api key",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a confirmed Owner or a provider user (`/problems/owner-only`), or an API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or it has no API key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organizations/{id}/api-key")]
pub async fn revoke_api_key(state: Data<AppState>, me: Caller, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let access = key_manager(c, &me, &id)?;
            let live = api_keys::live_for_organization(c, &id)?.ok_or(ApiError::NotFound)?;
            api_keys::revoke(c, &live.id, now())?;
            record(c, &me, &access, action::REVOKED, &live)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
