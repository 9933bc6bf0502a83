//! Account handlers.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json};
use actix_web::{HttpResponse, get, patch, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};
use portal_shared::Problem;
use portal_shared::accounts::{
    Account, ChangePasswordRequest, EmailChangeRequest, KdfParams, PreloginRequest, PreloginResponse, RegisterRequest,
    UpdateAccount, VerifyEmailRequest,
};
use portal_shared::auth::TokenResponse;
use portal_shared::validation::{Validator, normalize_email};

use super::store::{self, NewUser, PasswordChange};
use crate::AppState;
use crate::auth::sessions::{self, Device};
use crate::auth::{AuthUser, ClientInfo, jwt, password};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent, action};
use crate::invitations;
use crate::mail::Mail;

/// The KDF parameters and salt to derive the master key for an email. Unknown emails get stable,
/// plausible parameters, so this cannot be used to learn who has an account.
#[utoipa::path(
    tag = "accounts",
    request_body = PreloginRequest,
    responses(
        (status = 200, description = "KDF parameters and salt", body = PreloginResponse),
        (status = "4XX", description = "Invalid request", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts/prelogin")]
pub async fn prelogin(state: Data<AppState>, body: Json<PreloginRequest>) -> ApiResult<Json<PreloginResponse>> {
    Validator::new().email("email", &body.email).finish().map_err(ApiError::Invalid)?;
    let email = normalize_email(&body.email);
    let lookup = email.clone();
    let user = state.pool.run(move |c| Ok(store::by_email(c, &lookup)?)).await?;
    Ok(Json(match user {
        Some(user) => PreloginResponse { kdf: user.kdf(), kdf_salt: user.kdf_salt },
        None => PreloginResponse { kdf: KdfParams::DEFAULT, kdf_salt: fake_salt(&state, &email) },
    }))
}

/// A salt for an unknown email: the same every time for that email, indistinguishable from a
/// real random one without the server secret.
fn fake_salt(state: &AppState, email: &str) -> String {
    let secret = state.keys.server_secret();
    match <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_slice()) {
        Ok(mut mac) => {
            mac.update(b"provider-portal/prelogin-salt/");
            mac.update(email.as_bytes());
            STANDARD.encode(&mac.finalize().into_bytes()[..16])
        }
        Err(_) => STANDARD.encode([0u8; 16]),
    }
}

/// Checks KDF parameters against the server's minimum.
pub fn check_kdf(state: &AppState, field: &str, kdf: &KdfParams) -> ApiResult<()> {
    kdf.validate(&state.auth.kdf_minimum).map_err(|errors| {
        ApiError::Invalid(
            errors
                .into_iter()
                .map(|mut e| {
                    e.field = format!("{field}.{}", e.field);
                    e
                })
                .collect(),
        )
    })
}

/// Creates an account. The client derived every key from the master password and sends only the
/// authentication hash and ciphertext.
#[utoipa::path(
    tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "The account", body = Account),
        (status = 409, description = "An account with this email exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or KDF parameters below the server's minimum", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts")]
pub async fn register(
    state: Data<AppState>,
    client: ClientInfo,
    body: Json<RegisterRequest>,
) -> ApiResult<(Json<Account>, StatusCode)> {
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    check_kdf(&state, "kdf", &req.kdf)?;
    let server_hash = hash_off_thread(req.auth_hash.clone()).await?;
    let email = normalize_email(&req.email);
    let account = state
        .pool
        .transaction(move |c| {
            if store::by_email(c, &email)?.is_some() {
                return Err(ApiError::Conflict("An account with this email already exists.".into()));
            }
            let row = store::insert(
                c,
                &NewUser {
                    email: &email,
                    name: &req.name,
                    server_auth_hash: &server_hash,
                    kdf: req.kdf,
                    kdf_salt: &req.kdf_salt,
                    encrypted_user_key: &req.encrypted_user_key,
                    public_key: &req.public_key,
                    encrypted_private_key: &req.encrypted_private_key,
                    is_instance_admin: false,
                },
                now(),
            )?;
            events::record(c, NewEvent::by_user(action::ACCOUNT_REGISTERED, &row.id).target("user", &row.id), &client)?;
            Ok(row.to_account())
        })
        .await?;
    Ok((Json(account), StatusCode::CREATED))
}

/// Runs the server-side Argon2id off the async worker.
pub async fn hash_off_thread(auth_hash: String) -> ApiResult<String> {
    actix_web::web::block(move || password::hash(&auth_hash))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}")))?
        .map_err(ApiError::Internal)
}

/// Verifies an authentication hash off the async worker.
pub async fn verify_off_thread(auth_hash: String, stored: Option<String>) -> ApiResult<bool> {
    actix_web::web::block(move || password::verify(&auth_hash, stored.as_deref()))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}")))
}

/// The signed-in user's profile and encrypted key material.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = Account),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/accounts/me")]
pub async fn get_me(state: Data<AppState>, me: AuthUser) -> ApiResult<Json<Account>> {
    let row = state.pool.run(move |c| Ok(store::by_id(c, &me.id)?)).await?;
    Ok(Json(row.to_account()))
}

/// Changes the signed-in user's display name.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = UpdateAccount,
    responses(
        (status = 200, description = "The account", body = Account),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/accounts/me")]
pub async fn update_me(state: Data<AppState>, me: AuthUser, body: Json<UpdateAccount>) -> ApiResult<Json<Account>> {
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let row = state
        .pool
        .transaction(move |c| {
            store::set_name(c, &me.id, &req.name, now())?;
            events::record(c, NewEvent::by_user(action::ACCOUNT_UPDATED, &me.id).target("user", &me.id), &me.client)?;
            Ok(store::by_id(c, &me.id)?)
        })
        .await?;
    Ok(Json(row.to_account()))
}

/// Proves the master password of the signed-in user; 422 on `auth_hash` when wrong.
pub async fn prove_master_password(state: &AppState, user_id: &str, auth_hash: &str) -> ApiResult<store::UserRow> {
    let id = user_id.to_owned();
    let row = state.pool.run(move |c| Ok(store::by_id(c, &id)?)).await?;
    if !verify_off_thread(auth_hash.to_owned(), Some(row.auth_hash.clone())).await? {
        return Err(ApiError::field("auth_hash", "incorrect", "The master password is not correct."));
    }
    Ok(row)
}

/// Changes the master password and/or the KDF parameters. The client re-encrypts the same user
/// key under the new master key. Every session ends; the answer holds fresh tokens for this one.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed; new tokens for this device", body = TokenResponse),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current master password, invalid fields, or a new master password that an organization's requirements refuse (`policy_report`, codes `required`, `too_short`, `too_weak`, `needs_upper`, `needs_lower`, `needs_digit`, `needs_special`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts/me/password")]
pub async fn change_password(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<ChangePasswordRequest>,
) -> ApiResult<Json<TokenResponse>> {
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    check_kdf(&state, "new_kdf", &req.new_kdf)?;
    prove_master_password(&state, &me.id, &req.auth_hash).await?;
    let (user_id, report) = (me.id.clone(), req.policy_report);
    state.pool.run(move |c| crate::policies::check_password_report(c, &user_id, report.as_ref())).await?;
    let server_hash = hash_off_thread(req.new_auth_hash.clone()).await?;
    let ttl = state.auth.refresh_ttl_secs;
    let user_id = me.id.clone();
    let (stamp, refresh) = state
        .pool
        .transaction(move |c| {
            let at = now();
            let stamp = store::set_password(
                c,
                &me.id,
                &PasswordChange {
                    server_auth_hash: &server_hash,
                    kdf: req.new_kdf,
                    kdf_salt: &req.new_kdf_salt,
                    encrypted_user_key: &req.new_encrypted_user_key,
                },
                at,
            )?;
            sessions::revoke_all(c, &me.id, at)?;
            let device = Device { name: None, user_agent: me.client.user_agent.clone() };
            let refresh = sessions::mint(c, &me.id, None, &device, ttl, at)?;
            events::record(c, NewEvent::by_user(action::PASSWORD_CHANGED, &me.id).target("user", &me.id), &me.client)?;
            Ok((stamp, refresh))
        })
        .await?;
    let access = jwt::issue(&state.keys, &user_id, jwt::TokenKind::User, Some(stamp), None, state.auth.access_ttl_secs)
        .map_err(ApiError::Internal)?;
    Ok(Json(TokenResponse {
        access_token: access,
        token_type: "Bearer".into(),
        expires_in: state.auth.access_ttl_secs,
        refresh_token: Some(refresh),
        scope: None,
    }))
}

/// Asks to change the email: a verification link goes to the new address and the change applies
/// when it is followed. Always 202 when the master password is right, whether or not the new
/// address is taken (that is only said when the link is followed).
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = EmailChangeRequest,
    responses(
        (status = 202, description = "A verification link was sent to the new address"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong master password or invalid email", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts/me/email")]
pub async fn request_email_change(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<EmailChangeRequest>,
) -> ApiResult<HttpResponse> {
    let req = body.into_inner();
    Validator::new().email("new_email", &req.new_email).finish().map_err(ApiError::Invalid)?;
    let new_email = normalize_email(&req.new_email);
    if new_email == me.email {
        return Err(ApiError::field("new_email", "unchanged", "This is already your email."));
    }
    prove_master_password(&state, &me.id, &req.auth_hash).await?;
    let to = new_email.clone();
    let token = state
        .pool
        .transaction(move |c| {
            let token = invitations::create_email_change(c, &me.id, &new_email, now())?;
            events::record(
                c,
                NewEvent::by_user(action::EMAIL_CHANGE_REQUESTED, &me.id).target("user", &me.id),
                &me.client,
            )?;
            Ok(token)
        })
        .await?;
    let link = format!("{}/verify-email?token={token}", state.public_url.trim_end_matches('/'));
    state
        .mailer
        .send(Mail {
            to,
            subject: "Confirm your new email for Provider Portal".into(),
            body: format!(
                "Someone (hopefully you) asked to use this address for a Provider Portal account.\n\n\
                 Confirm it within 24 hours by opening:\n{link}\n\nIf it was not you, ignore this message."
            ),
            link: Some(link.clone()),
        })
        .await;
    Ok(HttpResponse::Accepted().finish())
}

/// Applies an email change with the token from the mailed link.
#[utoipa::path(
    tag = "accounts",
    request_body = VerifyEmailRequest,
    responses(
        (status = 200, description = "The account with its new email", body = Account),
        (status = 404, description = "Unknown, used or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address now belongs to another account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts/email-verification")]
pub async fn verify_email(
    state: Data<AppState>,
    client: ClientInfo,
    body: Json<VerifyEmailRequest>,
) -> ApiResult<Json<Account>> {
    let token = body.into_inner().token;
    let row = state
        .pool
        .transaction(move |c| {
            let at = now();
            let (user_id, email) = invitations::redeem_email_change(c, &token, at)?.ok_or(ApiError::NotFound)?;
            if store::by_email(c, &email)?.is_some() {
                return Err(ApiError::Conflict("This address now belongs to another account.".into()));
            }
            store::set_email(c, &user_id, &email, at)?;
            events::record(c, NewEvent::by_user(action::EMAIL_CHANGED, &user_id).target("user", &user_id), &client)?;
            Ok(store::by_id(c, &user_id)?)
        })
        .await?;
    Ok(Json(row.to_account()))
}
