//! The three grants of the token endpoint.
//!
//! The expensive part of a password grant (Argon2id) runs outside any write transaction, so a
//! slow hash never holds SQLite's write lock; the outcome (failure counted, session started,
//! event written) is then written in one transaction.

use portal_shared::auth::{TokenRequest, TokenResponse};
use portal_shared::validation::normalize_email;

use super::handlers::user_access_token;
use crate::AppState;
use crate::api_keys;
use crate::auth::sessions::{self, Device, Presented};
use crate::auth::{ClientInfo, jwt, throttle, totp};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent, action};
use crate::routes::accounts::handlers::verify_off_thread;
use crate::routes::accounts::store;
use crate::routes::accounts::two_step::normalize_recovery;

fn invalid_grant(detail: &str) -> ApiError {
    ApiError::BadRequest { slug: "invalid-grant", detail: detail.into() }
}

const WRONG_CREDENTIALS: &str = "The email or master password is not correct.";

fn required(value: Option<String>, field: &str) -> ApiResult<String> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ApiError::field(field, "required", format!("{field} is required for this grant."))),
    }
}

/// What the checks of a password grant concluded.
enum Outcome {
    /// Signed in.
    Success { user_id: String, stamp: String, used_step: Option<i64>, used_recovery: bool },
    /// Wrong password (or unknown account), wrong code.
    Failure { user_id: Option<String>, slug: &'static str, detail: &'static str },
}

/// `grant_type=password`.
pub async fn password(state: &AppState, client: &ClientInfo, form: TokenRequest) -> ApiResult<TokenResponse> {
    let email = normalize_email(&required(form.username, "username")?);
    let auth_hash = required(form.password, "password")?;
    let keys = throttle::keys(&email, client.ip.as_deref());
    let limits = state.auth.throttle;

    let (lookup, check_keys) = (email.clone(), keys.clone());
    let (user, wait) = state
        .pool
        .run(move |c| Ok((store::by_email(c, &lookup)?, throttle::check(c, &check_keys, limits, now())?)))
        .await?;
    if let Some(secs) = wait {
        return Err(ApiError::TooManyRequests(secs));
    }
    // Same work for unknown accounts (dummy hash): timing tells nothing.
    let password_ok = verify_off_thread(auth_hash, user.as_ref().map(|u| u.auth_hash.clone())).await?;

    let outcome = match user {
        Some(user) if password_ok => {
            if user.disabled_at.is_some() {
                return Err(disabled());
            }
            if user.two_step_enabled() {
                two_step(state, &user, form.two_step_code, form.recovery_code)?
            } else {
                Outcome::Success { user_id: user.id, stamp: user.security_stamp, used_step: None, used_recovery: false }
            }
        }
        Some(user) => Outcome::Failure { user_id: Some(user.id), slug: "invalid-grant", detail: WRONG_CREDENTIALS },
        None => Outcome::Failure { user_id: None, slug: "invalid-grant", detail: WRONG_CREDENTIALS },
    };

    let ttl = state.auth.refresh_ttl_secs;
    let device =
        Device { name: form.device_name.map(|d| d.chars().take(100).collect()), user_agent: client.user_agent.clone() };
    let client = client.clone();
    let written = state
        .pool
        .transaction(move |c| {
            let at = now();
            match outcome {
                Outcome::Failure { user_id, slug, detail } => {
                    throttle::record_failure(c, &keys, limits, at)?;
                    if let Some(id) = &user_id {
                        let event = NewEvent::by_user(action::SIGN_IN_FAILED, id).target("user", id);
                        events::record(c, event, &client)?;
                    }
                    Ok(Err((slug, detail)))
                }
                Outcome::Success { user_id, stamp, used_step, used_recovery } => {
                    if let Some(step) = used_step
                        && !store::advance_totp_step(c, &user_id, step)?
                    {
                        // The same code was just used (a replay, or a double submit).
                        throttle::record_failure(c, &keys, limits, at)?;
                        return Ok(Err((
                            "invalid-two-step-code",
                            "This code was already used; wait for the next one.",
                        )));
                    }
                    if used_recovery {
                        store::disable_totp(c, &user_id, at)?;
                        let event = NewEvent::by_user(action::TWO_STEP_DISABLED, &user_id)
                            .target("user", &user_id)
                            .with_data(serde_json::json!({ "reason": "recovery_code" }));
                        events::record(c, event, &client)?;
                    }
                    throttle::clear_account(c, &email)?;
                    let refresh = sessions::mint(c, &user_id, None, &device, ttl, at)?;
                    let event = NewEvent {
                        action: action::SIGNED_IN,
                        actor_user_id: Some(&user_id),
                        target_type: Some("user"),
                        target_id: Some(&user_id),
                        data: device.name.as_ref().map(|d| serde_json::json!({ "device": d })),
                        ..Default::default()
                    };
                    events::record(c, event, &client)?;
                    Ok(Ok((user_id, stamp, refresh)))
                }
            }
        })
        .await?;
    match written {
        Ok((user_id, stamp, refresh)) => Ok(TokenResponse {
            access_token: user_access_token(state, &user_id, &stamp)?,
            token_type: "Bearer".into(),
            expires_in: state.auth.access_ttl_secs,
            refresh_token: Some(refresh),
            scope: None,
        }),
        Err((slug, detail)) => Err(ApiError::BadRequest { slug, detail: detail.into() }),
    }
}

fn disabled() -> ApiError {
    ApiError::ForbiddenBecause("account-disabled", "This account is disabled; ask your administrator.".into())
}

/// The second step, once the password was right.
fn two_step(
    state: &AppState,
    user: &store::UserRow,
    code: Option<String>,
    recovery: Option<String>,
) -> ApiResult<Outcome> {
    if let Some(recovery) = recovery.filter(|r| !r.trim().is_empty()) {
        let presented = sessions::hash_secret(&normalize_recovery(&recovery));
        let ok = user
            .recovery_code_hash
            .as_deref()
            .is_some_and(|stored| subtle::ConstantTimeEq::ct_eq(stored.as_bytes(), presented.as_bytes()).into());
        return Ok(if ok {
            Outcome::Success {
                user_id: user.id.clone(),
                stamp: user.security_stamp.clone(),
                used_step: None,
                used_recovery: true,
            }
        } else {
            Outcome::Failure {
                user_id: Some(user.id.clone()),
                slug: "invalid-two-step-code",
                detail: "The recovery code is not correct.",
            }
        });
    }
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        return Err(ApiError::Unauthenticated(
            "two-step-required",
            "This account uses two-step login: send the code from the authenticator app as two_step_code (or the recovery code).",
        ));
    };
    let sealed = user
        .totp_secret_enc
        .as_deref()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("two-step on without secret")))?;
    let secret = totp::open(&state.keys.server_secret(), sealed).map_err(ApiError::Internal)?;
    Ok(match totp::matching_step(&secret, &code, totp::current_step()) {
        Some(step) => Outcome::Success {
            user_id: user.id.clone(),
            stamp: user.security_stamp.clone(),
            used_step: Some(i64::try_from(step).unwrap_or(i64::MAX)),
            used_recovery: false,
        },
        None => Outcome::Failure {
            user_id: Some(user.id.clone()),
            slug: "invalid-two-step-code",
            detail: "The code is not correct.",
        },
    })
}

/// `grant_type=refresh_token`.
pub async fn refresh(state: &AppState, form: TokenRequest) -> ApiResult<TokenResponse> {
    let secret = required(form.refresh_token, "refresh_token")?;
    let ttl = state.auth.refresh_ttl_secs;
    let result = state
        .pool
        .transaction(move |c| {
            let at = now();
            match sessions::spend(c, &secret, at)? {
                Presented::Invalid => Ok(Err("The refresh token is not valid; sign in again.")),
                Presented::Reused => {
                    Ok(Err("This session ended because its refresh token was used twice; sign in again."))
                }
                Presented::Valid { user_id, family_id, device } => {
                    let user = store::by_id(c, &user_id)?;
                    if user.disabled_at.is_some() {
                        sessions::revoke_family(c, &family_id, at)?;
                        return Ok(Err("This account is disabled."));
                    }
                    let refresh = sessions::mint(c, &user_id, Some(&family_id), &device, ttl, at)?;
                    Ok(Ok((user_id, user.security_stamp, refresh)))
                }
            }
        })
        .await?;
    let (user_id, stamp, refresh) = result.map_err(invalid_grant)?;
    Ok(TokenResponse {
        access_token: user_access_token(state, &user_id, &stamp)?,
        token_type: "Bearer".into(),
        expires_in: state.auth.access_ttl_secs,
        refresh_token: Some(refresh),
        scope: None,
    })
}

/// `grant_type=client_credentials`: an API key for a scoped token.
pub async fn client_credentials(state: &AppState, client: &ClientInfo, form: TokenRequest) -> ApiResult<TokenResponse> {
    let client_id = required(form.client_id, "client_id")?;
    let secret = required(form.client_secret, "client_secret")?;
    let keys = throttle::keys(&format!("api-key:{client_id}"), client.ip.as_deref());
    let limits = state.auth.throttle;
    let client = client.clone();
    let result = state
        .pool
        .transaction(move |c| {
            let at = now();
            if let Some(secs) = throttle::check(c, &keys, limits, at)? {
                return Ok(Err(Some(secs)));
            }
            match api_keys::authenticate(c, &client_id, &secret, at)? {
                None => {
                    throttle::record_failure(c, &keys, limits, at)?;
                    Ok(Err(None))
                }
                Some(key) => {
                    let (org, provider) = match &key.owner {
                        api_keys::KeyOwner::Organization(id) => (Some(id.as_str()), None),
                        api_keys::KeyOwner::Provider(id) => (None, Some(id.as_str())),
                    };
                    let event = NewEvent {
                        action: action::API_KEY_USED,
                        actor_api_key_id: Some(&key.id),
                        organization_id: org,
                        provider_id: provider,
                        target_type: Some("api_key"),
                        target_id: Some(&key.id),
                        ..Default::default()
                    };
                    events::record(c, event, &client)?;
                    Ok(Ok(key))
                }
            }
        })
        .await?;
    let key = match result {
        Ok(key) => key,
        Err(Some(secs)) => return Err(ApiError::TooManyRequests(secs)),
        Err(None) => return Err(invalid_grant("The client id or secret is not correct, or the key was revoked.")),
    };
    let scope = jwt::ApiScope {
        owner: key.owner.kind().into(),
        owner_id: key.owner.id().into(),
        access: key.access.as_str().into(),
        secret_tag: key.secret_tag.clone(),
    };
    let scope_text = format!("{}:{}:{}", scope.owner, scope.owner_id, scope.access);
    let token = jwt::issue(&state.keys, &key.id, jwt::TokenKind::ApiKey, None, Some(scope), state.auth.access_ttl_secs)
        .map_err(ApiError::Internal)?;
    Ok(TokenResponse {
        access_token: token,
        token_type: "Bearer".into(),
        expires_in: state.auth.access_ttl_secs,
        refresh_token: None,
        scope: Some(scope_text),
    })
}
