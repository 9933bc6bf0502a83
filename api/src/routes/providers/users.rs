//! Provider users: list, invite, accept (see `accept_invitation`), confirm, change type, revoke,
//! restore, remove, re-invite, leave; and the caller's own membership with the wrapped provider
//! key. Provider Admins manage users; every confirmed provider user reads the list.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post};
use portal_shared::Problem;
use portal_shared::page::Page;
use portal_shared::providers::{
    ConfirmProviderUser, InvitationSent, InviteProviderUsers, MemberPublicKey, ProviderMembership, ProviderUser,
    ProviderUserQuery, UpdateProviderUser,
};
use portal_shared::validation::normalize_email;

use super::handlers::mail_invitation;
use super::{store, user_store};
use crate::AppState;
use crate::auth::AuthUser;
use crate::authz::{self, ProviderNeed};
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::invitations;
use crate::pagination::{self, Cursor, PageRequest};
use crate::routes::accounts::store as accounts;

fn record(
    c: &mut DbConn,
    me: &AuthUser,
    action: &str,
    provider_id: &str,
    target: &str,
    data: Option<serde_json::Value>,
) -> ApiResult<()> {
    let mut event = NewEvent::by_user(action, &me.id).in_provider(provider_id).target("provider_user", target);
    event.data = data;
    Ok(events::record(c, event, &me.client)?)
}

/// Lists a provider's users (any confirmed provider user), by email.
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ProviderUserQuery),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "A page of provider users", body = Page<ProviderUser>),
        (status = 404, description = "No such provider, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers/{id}/users")]
pub async fn list_provider_users(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<String>,
    query: Query<ProviderUserQuery>,
) -> ApiResult<Json<Page<ProviderUser>>> {
    let id = id.into_inner();
    let q = query.into_inner();
    if let Some(status) = q.status.as_deref()
        && !["invited", "accepted", "confirmed", "revoked"].contains(&status)
    {
        return Err(ApiError::field(
            "status",
            "invalid_value",
            "status must be invited, accepted, confirmed or revoked.",
        ));
    }
    let page = PageRequest::from_query(q.limit, q.cursor.as_deref())?;
    let limit = page.limit;
    let rows = state
        .pool
        .run(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::Read)?;
            Ok(user_store::list(c, &id, q.search.as_deref(), q.kind, q.status.as_deref(), &page)?)
        })
        .await?;
    let (rows, next) = pagination::finish(rows, limit, |r| Cursor { key: r.email.clone(), id: r.id.clone() });
    Ok(Json(Page { items: rows.iter().map(user_store::ProviderUserRow::to_user).collect(), next }))
}

/// Invites one or many people (Provider Admins). Each gets a mailed link, bound to their address.
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    request_body = InviteProviderUsers,
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 201, description = "The invited users", body = Vec<ProviderUser>),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or already invited addresses (`invites.<n>.email`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/users")]
pub async fn invite_provider_users(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<String>,
    body: Json<InviteProviderUsers>,
) -> ApiResult<(Json<Vec<ProviderUser>>, StatusCode)> {
    let id = id.into_inner();
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let (rows, tokens, provider_name) = state
        .pool
        .transaction(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::Admin)?;
            let at = now();
            let mut errors = Vec::new();
            for (i, invite) in req.invites.iter().enumerate() {
                if user_store::email_taken(c, &id, &normalize_email(&invite.email))? {
                    errors.push(portal_shared::FieldError::new(
                        format!("invites.{i}.email"),
                        "exists",
                        "This address is already a user of this provider.",
                    ));
                }
            }
            if !errors.is_empty() {
                return Err(ApiError::Invalid(errors));
            }
            let (mut rows, mut tokens) = (Vec::new(), Vec::new());
            for invite in &req.invites {
                let email = normalize_email(&invite.email);
                let pu = store::invite_user(c, &id, &email, invite.kind.as_str(), at)?;
                tokens.push((email.clone(), invitations::create_for_provider_user(c, &pu, &email, Some(&me.id), at)?));
                record(
                    c,
                    &me,
                    "provider_user.invited",
                    &id,
                    &pu,
                    Some(serde_json::json!({ "email": email, "type": invite.kind })),
                )?;
                rows.push(user_store::find(c, &id, &pu)?);
            }
            Ok((rows, tokens, store::by_id(c, &id)?.name))
        })
        .await?;
    let mut users: Vec<ProviderUser> = rows.iter().map(user_store::ProviderUserRow::to_user).collect();
    for (user, (email, token)) in users.iter_mut().zip(&tokens) {
        user.invitation_link = mail_invitation(&state, email, &provider_name, token).await;
    }
    Ok((Json(users), StatusCode::CREATED))
}

/// The target of a management action, after the caller's rights are checked.
fn target(c: &mut DbConn, me: &AuthUser, provider_id: &str, user_id: &str) -> ApiResult<user_store::ProviderUserRow> {
    // Lock first: the caller's own rights are then read after any concurrent change committed.
    authz::lock_provider(c, provider_id)?;
    authz::provider(c, me, provider_id, ProviderNeed::Admin)?;
    Ok(user_store::find(c, provider_id, user_id)?)
}

/// An accepted user's public key and fingerprint (Provider Admins), to compare with what the user
/// sees before confirming.
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ("user_id" = String, Path, description = "The provider user's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "The public key and its fingerprint", body = MemberPublicKey),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not accepted yet: no account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers/{id}/users/{user_id}/public-key")]
pub async fn get_provider_user_public_key(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(String, String)>,
) -> ApiResult<Json<MemberPublicKey>> {
    let (id, user_id) = path.into_inner();
    let public_key = state
        .pool
        .run(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::Admin)?;
            let row = user_store::find(c, &id, &user_id)?;
            let account = row
                .user_id
                .ok_or_else(|| ApiError::Conflict("This person has not accepted the invitation yet.".into()))?;
            Ok(accounts::by_id(c, &account)?.public_key)
        })
        .await?;
    Ok(Json(public_key_answer(public_key)?))
}

/// An account's stored public key with its fingerprint, for a confirming administrator to compare
/// (provider users and organization members alike).
pub fn public_key_answer(public_key: String) -> ApiResult<MemberPublicKey> {
    let fingerprint = public_key
        .parse::<portal_shared::crypto::PublicKey>()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored public key unreadable: {e}")))?
        .fingerprint()
        .to_string();
    Ok(MemberPublicKey { public_key, fingerprint })
}

/// Confirms an accepted user (Provider Admins): the admin's browser wrapped the provider key to the
/// user's public key after comparing fingerprints. The server checks rights and format only.
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ("user_id" = String, Path, description = "The provider user's id")),
    request_body = ConfirmProviderUser,
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Confirmed", body = ProviderUser),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not accepted, already confirmed, or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a wrapped key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/users/{user_id}/confirm")]
pub async fn confirm_provider_user(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(String, String)>,
    body: Json<ConfirmProviderUser>,
) -> ApiResult<Json<ProviderUser>> {
    let (id, user_id) = path.into_inner();
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let row = state
        .pool
        .transaction(move |c| {
            let row = target(c, &me, &id, &user_id)?;
            if row.status != "accepted" || row.revoked_at.is_some() {
                return Err(ApiError::Conflict("Only accepted, unrevoked users can be confirmed.".into()));
            }
            user_store::confirm(c, &user_id, &req.wrapped_provider_key, now())?;
            record(c, &me, "provider_user.confirmed", &id, &user_id, None)?;
            Ok(user_store::find(c, &id, &user_id)?)
        })
        .await?;
    Ok(Json(row.to_user()))
}

/// Changes a user's type (Provider Admins). The last confirmed Provider Admin cannot be demoted.
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ("user_id" = String, Path, description = "The provider user's id")),
    request_body = UpdateProviderUser,
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Changed", body = ProviderUser),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/last-admin`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/providers/{id}/users/{user_id}")]
pub async fn update_provider_user(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(String, String)>,
    body: Json<UpdateProviderUser>,
) -> ApiResult<Json<ProviderUser>> {
    let (id, user_id) = path.into_inner();
    let kind = body.into_inner().kind;
    let row = state
        .pool
        .transaction(move |c| {
            let row = target(c, &me, &id, &user_id)?;
            if row.type_ != kind.as_str() {
                if kind != portal_shared::providers::ProviderUserType::Admin {
                    authz::ensure_not_last_admin(c, &id, &user_id)?;
                }
                user_store::set_type(c, &user_id, kind, now())?;
                record(c, &me, "provider_user.updated", &id, &user_id, Some(serde_json::json!({ "type": kind })))?;
            }
            Ok(user_store::find(c, &id, &user_id)?)
        })
        .await?;
    Ok(Json(row.to_user()))
}

async fn set_revoked(
    state: Data<AppState>,
    me: AuthUser,
    id: String,
    user_id: String,
    revoked: bool,
) -> ApiResult<Json<ProviderUser>> {
    let row = state
        .pool
        .transaction(move |c| {
            let row = target(c, &me, &id, &user_id)?;
            if row.revoked_at.is_some() != revoked {
                if revoked {
                    authz::ensure_not_last_admin(c, &id, &user_id)?;
                }
                user_store::set_revoked(c, &user_id, revoked, now())?;
                let action = if revoked { "provider_user.revoked" } else { "provider_user.restored" };
                record(c, &me, action, &id, &user_id, None)?;
            }
            Ok(user_store::find(c, &id, &user_id)?)
        })
        .await?;
    Ok(Json(row.to_user()))
}

/// Revokes a user (Provider Admins): no access at all, the record stays. Not the last admin.
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ("user_id" = String, Path, description = "The provider user's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Revoked", body = ProviderUser),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/last-admin`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/users/{user_id}/revoke")]
pub async fn revoke_provider_user(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(String, String)>,
) -> ApiResult<Json<ProviderUser>> {
    let (id, user_id) = path.into_inner();
    set_revoked(state, me, id, user_id, true).await
}

/// Restores a revoked user to the status they had (Provider Admins).
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ("user_id" = String, Path, description = "The provider user's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Restored", body = ProviderUser),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider user", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/users/{user_id}/restore")]
pub async fn restore_provider_user(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(String, String)>,
) -> ApiResult<Json<ProviderUser>> {
    let (id, user_id) = path.into_inner();
    set_revoked(state, me, id, user_id, false).await
}

/// Removes a user for good (Provider Admins). Not the last admin.
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ("user_id" = String, Path, description = "The provider user's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 204, description = "Removed"),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/last-admin`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/providers/{id}/users/{user_id}")]
pub async fn remove_provider_user(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, user_id) = path.into_inner();
    state
        .pool
        .transaction(move |c| {
            let row = target(c, &me, &id, &user_id)?;
            authz::ensure_not_last_admin(c, &id, &user_id)?;
            user_store::remove(c, &user_id)?;
            record(c, &me, "provider_user.removed", &id, &user_id, Some(serde_json::json!({ "email": row.email })))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends a new invitation link to a user who has not accepted yet (Provider Admins); earlier links
/// stop working.
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ("user_id" = String, Path, description = "The provider user's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 202, description = "A new link was sent (with no mail relay configured, the answer holds the link)", body = InvitationSent),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already accepted", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/users/{user_id}/reinvite")]
pub async fn reinvite_provider_user(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, user_id) = path.into_inner();
    let (email, token, name) = state
        .pool
        .transaction(move |c| {
            let row = target(c, &me, &id, &user_id)?;
            if row.status != "invited" {
                return Err(ApiError::Conflict("This person already accepted.".into()));
            }
            let token = invitations::create_for_provider_user(c, &user_id, &row.email, Some(&me.id), now())?;
            record(c, &me, "provider_user.reinvited", &id, &user_id, None)?;
            Ok((row.email, token, store::by_id(c, &id)?.name))
        })
        .await?;
    let invitation_link = mail_invitation(&state, &email, &name, &token).await;
    Ok(HttpResponse::Accepted().json(InvitationSent { invitation_link }))
}

/// Leaves a provider (any of its users). The last confirmed Provider Admin cannot leave.
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 204, description = "Left"),
        (status = 404, description = "Not a user of this provider, revoked, or the provider is disabled", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/last-admin`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/leave")]
pub async fn leave_provider(state: Data<AppState>, me: AuthUser, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state
        .pool
        .transaction(move |c| {
            authz::lock_provider(c, &id)?;
            let row = user_store::of_user(c, &id, &me.id)?.ok_or(ApiError::NotFound)?;
            // Revoked users keep their record for the admins to decide on, and a disabled
            // provider is out of reach: neither can be left.
            let provider = store::by_id(c, &id)?;
            if row.revoked_at.is_some() || provider.status == "disabled" {
                return Err(ApiError::NotFound);
            }
            authz::ensure_not_last_admin(c, &id, &row.id)?;
            user_store::remove(c, &row.id)?;
            record(c, &me, "provider_user.left", &id, &row.id, Some(serde_json::json!({ "email": row.email })))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's own membership of a provider, with the provider key wrapped to their public key
/// (what their browser opens to reach client vaults).
#[utoipa::path(
    tag = "provider users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "The membership", body = ProviderMembership),
        (status = 404, description = "Not a user of this provider, revoked, or the provider is disabled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers/{id}/membership")]
pub async fn get_provider_membership(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<String>,
) -> ApiResult<Json<ProviderMembership>> {
    let id = id.into_inner();
    let row = state
        .pool
        .run(move |c| {
            let provider = store::by_id(c, &id).map_err(|_| ApiError::NotFound)?;
            let row = user_store::of_user(c, &id, &me.id)?.ok_or(ApiError::NotFound)?;
            if provider.status == "disabled" || row.revoked_at.is_some() {
                return Err(ApiError::NotFound);
            }
            Ok(row)
        })
        .await?;
    Ok(Json(ProviderMembership { user: row.to_user(), wrapped_provider_key: row.wrapped_provider_key.clone() }))
}
