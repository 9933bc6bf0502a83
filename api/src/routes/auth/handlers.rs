//! The token endpoint (OAuth2-shaped) and sign-out.

use actix_web::http::header;
use actix_web::web::{Bytes, Data, Json};
use actix_web::{HttpRequest, HttpResponse, post};
use portal_shared::Problem;
use portal_shared::auth::{LogoutRequest, TokenRequest, TokenResponse};

use super::grants;
use crate::AppState;
use crate::auth::sessions;
use crate::auth::{ClientInfo, jwt};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent, action};

/// Issues tokens. Accepts `application/x-www-form-urlencoded` (OAuth2) or JSON.
///
/// - `password`: `username` (email) and `password` (the **authentication hash** derived from the
///   master password, never the master password); with two-step login also `two_step_code` or
///   `recovery_code`. A wrong password and an unknown email get the same answer. Too many
///   failures per account or per address answer 429 with `Retry-After`.
/// - `refresh_token`: a single-use refresh token; the answer holds its successor. Presenting a
///   spent one ends that whole session (it was copied).
/// - `client_credentials`: an API key's `client_id` and `client_secret`; the token carries the
///   key's scope (one organization or provider, read or write) and no refresh token.
#[utoipa::path(
    tag = "auth",
    request_body(content(
        (TokenRequest = "application/x-www-form-urlencoded"),
        (TokenRequest = "application/json"),
    )),
    responses(
        (status = 200, description = "Tokens", body = TokenResponse),
        (status = 400, description = "`/problems/invalid-grant`: wrong credentials, or an invalid, expired or reused refresh token; `/problems/invalid-two-step-code`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`/problems/two-step-required`: the account has two-step login; send `two_step_code` or `recovery_code`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`/problems/account-disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither form nor JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing fields or unknown grant type", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/token")]
pub async fn token(
    state: Data<AppState>,
    req: HttpRequest,
    client: ClientInfo,
    body: Bytes,
) -> ApiResult<Json<TokenResponse>> {
    if body.len() > state.max_body_bytes {
        return Err(ApiError::PayloadTooLarge(state.max_body_bytes));
    }
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let form: TokenRequest = match mime.as_str() {
        "application/x-www-form-urlencoded" => serde_urlencoded_from(&body)?,
        "application/json" => serde_json::from_slice(&body).map_err(|e| {
            if e.is_data() {
                ApiError::field("body", "invalid_type", e.to_string())
            } else {
                ApiError::BadRequest { slug: "malformed-json", detail: format!("The body is not valid JSON ({e}).") }
            }
        })?,
        _ => return Err(ApiError::UnsupportedMediaType),
    };
    let response = match form.grant_type.as_str() {
        "password" => grants::password(&state, &client, form).await?,
        "refresh_token" => grants::refresh(&state, form).await?,
        "client_credentials" => grants::client_credentials(&state, &client, form).await?,
        "" => return Err(ApiError::field("grant_type", "required", "grant_type is required.")),
        _ => {
            return Err(ApiError::field(
                "grant_type",
                "unsupported",
                "grant_type must be password, refresh_token or client_credentials.",
            ));
        }
    };
    Ok(Json(response))
}

fn serde_urlencoded_from(body: &[u8]) -> ApiResult<TokenRequest> {
    serde_urlencoded::from_bytes(body)
        .map_err(|e| ApiError::field("body", "invalid_format", format!("The form body could not be read: {e}.")))
}

/// Signs out: ends the session the refresh token belongs to. Always 204, so it cannot be used to
/// probe tokens.
#[utoipa::path(
    tag = "auth",
    request_body = LogoutRequest,
    responses(
        (status = 204, description = "Signed out"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(state: Data<AppState>, client: ClientInfo, body: Json<LogoutRequest>) -> ApiResult<HttpResponse> {
    let secret = body.into_inner().refresh_token;
    if secret.is_empty() {
        return Err(ApiError::field("refresh_token", "required", "refresh_token is required."));
    }
    state
        .pool
        .transaction(move |c| {
            if let Some((family, user_id)) = sessions::family_of(c, &secret)?
                && sessions::revoke_family(c, &family, now())? > 0
            {
                events::record(c, NewEvent::by_user(action::SIGNED_OUT, &user_id).target("user", &user_id), &client)?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Issues an access token for a user session.
pub fn user_access_token(state: &AppState, user_id: &str, stamp: &str) -> ApiResult<String> {
    jwt::issue(&state.keys, user_id, jwt::TokenKind::User, Some(stamp.to_owned()), None, state.auth.access_ttl_secs)
        .map_err(ApiError::Internal)
}
