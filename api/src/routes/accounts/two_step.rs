//! Two-step login with an authenticator app (TOTP): enrol, confirm, turn off.

use actix_web::web::{Data, Json};
use actix_web::{HttpResponse, post};
use portal_shared::Problem;
use portal_shared::accounts::{ProveMasterPassword, TotpConfirm, TotpEnabled, TotpEnrollment};

use super::handlers::prove_master_password;
use super::store;
use crate::AppState;
use crate::auth::sessions::hash_secret;
use crate::auth::{AuthUser, totp};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent, action};

/// Starts enrolment: a new secret for the authenticator app (as text and as an `otpauth://` URI
/// for a QR code). Two-step login is on only after `confirm` proves the app works.
#[utoipa::path(
    tag = "two-step login",
    security(("bearer" = [])),
    request_body = ProveMasterPassword,
    responses(
        (status = 200, description = "The secret to enter in the app", body = TotpEnrollment),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Two-step login is already on", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong master password", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts/me/two-step/totp")]
pub async fn start_totp(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<ProveMasterPassword>,
) -> ApiResult<Json<TotpEnrollment>> {
    let row = prove_master_password(&state, &me.id, &body.auth_hash).await?;
    if row.two_step_enabled() {
        return Err(ApiError::Conflict("Two-step login is already on; turn it off first to use another app.".into()));
    }
    let secret = totp::new_secret().map_err(ApiError::Internal)?;
    let sealed = totp::seal(&state.keys.server_secret(), &secret).map_err(ApiError::Internal)?;
    let id = me.id.clone();
    state.pool.transaction(move |c| Ok(store::set_pending_totp(c, &id, &sealed, now())?)).await?;
    Ok(Json(TotpEnrollment {
        secret: totp::base32(&secret),
        otpauth_uri: totp::otpauth_uri(&secret, &row.email, portal_shared::PRODUCT_NAME),
    }))
}

/// Confirms enrolment with a code from the app; turns two-step login on and returns the recovery
/// code, shown this once.
#[utoipa::path(
    tag = "two-step login",
    security(("bearer" = [])),
    request_body = TotpConfirm,
    responses(
        (status = 200, description = "Two-step login is on", body = TotpEnabled),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No enrolment in progress, or already on", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong code", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts/me/two-step/totp/confirm")]
pub async fn confirm_totp(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<TotpConfirm>,
) -> ApiResult<Json<TotpEnabled>> {
    let code = body.into_inner().code;
    let id = me.id.clone();
    let row = state.pool.run(move |c| Ok(store::by_id(c, &id)?)).await?;
    if row.two_step_enabled() {
        return Err(ApiError::Conflict("Two-step login is already on.".into()));
    }
    let sealed = row.totp_secret_enc.ok_or_else(|| ApiError::Conflict("Start the enrolment first.".into()))?;
    let secret = totp::open(&state.keys.server_secret(), &sealed).map_err(ApiError::Internal)?;
    let step = totp::matching_step(&secret, &code, totp::current_step())
        .ok_or_else(|| ApiError::field("code", "incorrect", "This code is not valid now; check the app's clock."))?;
    let recovery = recovery_code()?;
    let recovery_hash = hash_secret(&normalize_recovery(&recovery));
    state
        .pool
        .transaction(move |c| {
            store::enable_totp(c, &me.id, i64::try_from(step).unwrap_or(i64::MAX), &recovery_hash, now())?;
            events::record(c, NewEvent::by_user(action::TWO_STEP_ENABLED, &me.id).target("user", &me.id), &me.client)?;
            Ok(())
        })
        .await?;
    Ok(Json(TotpEnabled { recovery_code: recovery }))
}

/// Turns two-step login off (needs the master password).
#[utoipa::path(
    tag = "two-step login",
    security(("bearer" = [])),
    request_body = ProveMasterPassword,
    responses(
        (status = 204, description = "Two-step login is off"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong master password", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts/me/two-step/totp/disable")]
pub async fn disable_totp(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<ProveMasterPassword>,
) -> ApiResult<HttpResponse> {
    prove_master_password(&state, &me.id, &body.auth_hash).await?;
    state
        .pool
        .transaction(move |c| {
            store::disable_totp(c, &me.id, now())?;
            events::record(c, NewEvent::by_user(action::TWO_STEP_DISABLED, &me.id).target("user", &me.id), &me.client)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A recovery code: 25 characters from an unambiguous alphabet, in groups of five.
fn recovery_code() -> ApiResult<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut raw = [0u8; 25];
    getrandom::fill(&mut raw).map_err(|e| ApiError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
    let mut out = String::new();
    // 256 is a multiple of 32: every character is equally likely.
    for (i, b) in raw.into_iter().enumerate() {
        if i > 0 && i % 5 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
    }
    Ok(out)
}

/// Recovery codes compare without dashes, spaces or case.
pub fn normalize_recovery(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}
