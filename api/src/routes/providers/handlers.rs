//! Provider handlers.
//!
//! Who may call what (enforced by [`crate::authz::provider`]):
//! - instance administrators create, list, read, edit, disable and re-enable every provider;
//! - a provider's confirmed users read it; its Provider Admins edit its name and billing email;
//! - the invited first admin accepts the invitation and finishes the setup;
//! - anyone else gets 404.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{get, patch, post};
use portal_shared::Problem;
use portal_shared::organizations::NamedRef;
use portal_shared::page::Page;
use portal_shared::policies::{PolicyOptions, PolicyType};
use portal_shared::providers::{
    AcceptInvitation, CreateProvider, InvitationAccepted, InvitationPreview, PreviewInvitation, Provider,
    ProviderQuery, ProviderSetup, ProviderStatus, UpdateProvider,
};
use portal_shared::validation::normalize_email;

use super::store;
use crate::AppState;
use crate::auth::AuthUser;
use crate::authz::{self, ProviderNeed};
use crate::db::schema::provider_users;
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::invitations;
use crate::pagination::{self, Cursor, PageRequest};

fn event<'a>(action: &'a str, me: &'a AuthUser, provider_id: &'a str, target: (&'a str, &'a str)) -> NewEvent<'a> {
    NewEvent::by_user(action, &me.id).in_provider(provider_id).target(target.0, target.1)
}

/// Sends an invitation mail (or logs its link); returns the link when no relay is configured, for
/// the inviting admin to hand over.
pub async fn mail_invitation(state: &AppState, to: &str, provider_name: &str, token: &str) -> Option<String> {
    let subject = format!("You are invited to {provider_name} on Provider Portal");
    invitations::send(state, to, subject, format!("You are invited to join {provider_name} on Provider Portal."), token)
        .await
}

/// Creates a provider and invites its first Provider Admin by email (instance administrators).
/// The provider stays pending until that admin accepts and finishes the setup.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    request_body = CreateProvider,
    responses(
        (status = 201, description = "The provider, pending", body = Provider),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an instance administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers")]
pub async fn create_provider(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<CreateProvider>,
) -> ApiResult<(Json<Provider>, StatusCode)> {
    if !me.is_instance_admin {
        return Err(ApiError::Forbidden);
    }
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let admin_email = normalize_email(&req.admin_email);
    let billing = req.billing_email.as_deref().map(normalize_email);
    let to = admin_email.clone();
    let (row, token) = state
        .pool
        .transaction(move |c| {
            let at = now();
            let (id, pu) = store::create(c, &req.name, req.kind, billing.as_deref(), &admin_email, at)?;
            let token = invitations::create_for_provider_user(c, &pu, &admin_email, Some(&me.id), at)?;
            events::record(c, event("provider.created", &me, &id, ("provider", &id)), &me.client)?;
            let mut invited = event("provider_user.invited", &me, &id, ("provider_user", &pu));
            invited.data = Some(serde_json::json!({ "email": admin_email, "type": "admin" }));
            events::record(c, invited, &me.client)?;
            Ok((store::by_id(c, &id)?, token))
        })
        .await?;
    let link = mail_invitation(&state, &to, &row.name, &token).await;
    let mut provider = row.to_provider();
    provider.invitation_link = link;
    Ok((Json(provider), StatusCode::CREATED))
}

/// Lists providers: every provider for instance administrators, otherwise the active providers
/// where the caller is a confirmed provider user. Sorted by name.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    params(ProviderQuery),
    responses(
        (status = 200, description = "A page of providers", body = Page<Provider>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers")]
pub async fn list_providers(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<ProviderQuery>,
) -> ApiResult<Json<Page<Provider>>> {
    let q = query.into_inner();
    let page = PageRequest::from_query(q.limit, q.cursor.as_deref())?;
    let limit = page.limit;
    let rows = state
        .pool
        .run(move |c| {
            let only = authz::visible_provider_ids(c, &me)?;
            Ok(store::list(c, only.as_deref(), q.search.as_deref(), q.status, &page)?)
        })
        .await?;
    let (rows, next) =
        pagination::finish(rows, limit, |r: &store::ProviderRow| Cursor { key: r.name.clone(), id: r.id.clone() });
    Ok(Json(Page { items: rows.iter().map(store::ProviderRow::to_provider).collect(), next }))
}

/// One provider: for instance administrators and the provider's confirmed users.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    responses(
        (status = 200, description = "The provider", body = Provider),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers/{id}")]
pub async fn get_provider(state: Data<AppState>, me: AuthUser, id: Path<String>) -> ApiResult<Json<Provider>> {
    let id = id.into_inner();
    let row = state
        .pool
        .run(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::Read)?;
            Ok(store::by_id(c, &id)?)
        })
        .await?;
    Ok(Json(row.to_provider()))
}

/// Edits a provider: name and billing email (its Provider Admins or instance administrators);
/// type (instance administrators only).
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    request_body = UpdateProvider,
    responses(
        (status = 200, description = "The provider", body = Provider),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A Service User, or a Provider Admin changing the type", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/providers/{id}")]
pub async fn update_provider(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<String>,
    body: Json<UpdateProvider>,
) -> ApiResult<Json<Provider>> {
    let id = id.into_inner();
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let row = state
        .pool
        .transaction(move |c| {
            let access = authz::provider(c, &me, &id, ProviderNeed::AdminOrInstance)?;
            if req.kind.is_some() && !access.instance_admin {
                return Err(ApiError::Forbidden);
            }
            let billing = req.billing_email.as_deref().map(normalize_email);
            store::update(c, &id, req.name.as_deref(), req.kind, billing.as_deref(), now())?;
            let mut ev = event("provider.updated", &me, &id, ("provider", &id));
            ev.data = Some(serde_json::json!({ "name": req.name, "type": req.kind, "billing_email": billing }));
            events::record(c, ev, &me.client)?;
            Ok(store::by_id(c, &id)?)
        })
        .await?;
    Ok(Json(row.to_provider()))
}

async fn set_disabled(state: Data<AppState>, me: AuthUser, id: String, disabled: bool) -> ApiResult<Json<Provider>> {
    let row = state
        .pool
        .transaction(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::Instance)?;
            let current = store::by_id(c, &id)?;
            let is_disabled = current.status == ProviderStatus::Disabled.as_str();
            if is_disabled == disabled {
                return Ok(current);
            }
            store::set_disabled(c, &id, disabled, now())?;
            let action = if disabled { "provider.disabled" } else { "provider.enabled" };
            events::record(c, event(action, &me, &id, ("provider", &id)), &me.client)?;
            Ok(store::by_id(c, &id)?)
        })
        .await?;
    Ok(Json(row.to_provider()))
}

/// Disables a provider (instance administrators): its users lose access to it and to its
/// clients at once; nothing is deleted. Idempotent.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "The provider, disabled", body = Provider),
        (status = 403, description = "Not an instance administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/disable")]
pub async fn disable_provider(state: Data<AppState>, me: AuthUser, id: Path<String>) -> ApiResult<Json<Provider>> {
    set_disabled(state, me, id.into_inner(), true).await
}

/// Re-enables a disabled provider (instance administrators): active again if its setup was
/// finished, pending otherwise. Idempotent.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "The provider", body = Provider),
        (status = 403, description = "Not an instance administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/enable")]
pub async fn enable_provider(state: Data<AppState>, me: AuthUser, id: Path<String>) -> ApiResult<Json<Provider>> {
    set_disabled(state, me, id.into_inner(), false).await
}

/// Sends a pending provider's first admin a new invitation (instance administrators), for a lost
/// or expired mail; earlier links stop working. Once they accepted, they finish the setup from
/// their home page instead.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "The provider; `invitation_link` is set when no mail relay is configured", body = Provider),
        (status = 403, description = "Not an instance administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/not-pending`: set up already, or the first admin already accepted", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/invitation")]
pub async fn resend_provider_invitation(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<String>,
) -> ApiResult<Json<Provider>> {
    let id = id.into_inner();
    let (row, email, token) = state
        .pool
        .transaction(move |c| {
            use diesel::prelude::*;
            authz::provider(c, &me, &id, ProviderNeed::Instance)?;
            let provider = store::by_id(c, &id)?;
            let first: Option<(String, String)> = provider_users::table
                .filter(provider_users::provider_id.eq(&id))
                .filter(provider_users::type_.eq("admin"))
                .filter(provider_users::status.eq("invited"))
                .select((provider_users::id, provider_users::email))
                .first(c)
                .optional()?;
            let (pu, email) = match (provider.status.as_str(), first) {
                ("pending", Some(first)) => first,
                _ => {
                    return Err(ApiError::ConflictBecause(
                        "not-pending",
                        "This provider's first admin already accepted; they finish the setup from their home page."
                            .into(),
                    ));
                }
            };
            let token = invitations::create_for_provider_user(c, &pu, &email, Some(&me.id), now())?;
            let mut ev = event("provider_user.reinvited", &me, &id, ("provider_user", &pu));
            ev.data = Some(serde_json::json!({ "email": email }));
            events::record(c, ev, &me.client)?;
            Ok((provider, email, token))
        })
        .await?;
    let mut provider = row.to_provider();
    provider.invitation_link = mail_invitation(&state, &email, &provider.name, &token).await;
    Ok(Json(provider))
}

/// What an invitation leads to, for the invited person before they have an account: the
/// organization and the master password it requires (its master password policy), so that the
/// registration page holds the new master password to it. Anyone with the token may ask; without
/// it there is nothing to learn (404 for unknown, used or expired tokens).
#[utoipa::path(
    tag = "providers",
    request_body = PreviewInvitation,
    responses(
        (status = 200, description = "Where the invitation leads", body = InvitationPreview),
        (status = 404, description = "Unknown, used or expired invitation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations/preview")]
pub async fn preview_invitation(
    state: Data<AppState>,
    body: Json<PreviewInvitation>,
) -> ApiResult<Json<InvitationPreview>> {
    let token = body.into_inner().token;
    let preview = state
        .pool
        .run(move |c| {
            let found = invitations::find(c, &token, now())?.ok_or(ApiError::NotFound)?;
            let Some(member_id) = found.organization_member_id else {
                return Ok(InvitationPreview { organization: None, master_password: None });
            };
            use diesel::prelude::*;

            use crate::db::schema::{organization_members as m, organizations as o};
            let (id, name): (String, String) =
                m::table.inner_join(o::table).filter(m::id.eq(&member_id)).select((o::id, o::name)).first(c)?;
            let policy = crate::policies::get(c, &id, PolicyType::MasterPassword)?;
            let master_password = match (policy.enabled, policy.options) {
                (true, PolicyOptions::MasterPassword(options)) => Some(options),
                _ => None,
            };
            Ok(InvitationPreview { organization: Some(NamedRef { id, name }), master_password })
        })
        .await?;
    Ok(Json(preview))
}

/// Accepts an invitation with the token from its mail: to a provider (its users) or to an
/// organization (its members, and the Owner of a new client). The signed-in account's email must
/// be the invited one. For a provider's first admin, the answer says that the setup comes next;
/// an organization's member then waits for an administrator to confirm them.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    request_body = AcceptInvitation,
    responses(
        (status = 200, description = "Accepted", body = InvitationAccepted),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`/problems/invitation-email-mismatch`: the invitation was sent to another address", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown, used or expired invitation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/already-member`: the account is already a member of that organization; `/problems/single-organization`: an organization of the account, or this one, forbids belonging to another", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations/accept")]
pub async fn accept_invitation(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<AcceptInvitation>,
) -> ApiResult<Json<InvitationAccepted>> {
    let token = body.into_inner().token;
    let accepted = state
        .pool
        .transaction(move |c| {
            let at = now();
            let found = invitations::find(c, &token, at)?.ok_or(ApiError::NotFound)?;
            if found.email != me.email {
                return Err(ApiError::ForbiddenBecause(
                    "invitation-email-mismatch",
                    "This invitation was sent to another address; sign in with that address.".into(),
                ));
            }
            match (found.kind.as_str(), &found.provider_user_id, &found.organization_member_id) {
                ("provider_user", Some(pu_id), _) => accept_provider_user(c, &me, &found.id, pu_id, at),
                ("organization_member", _, Some(member_id)) => accept_member(c, &me, &found.id, member_id, at),
                _ => Err(ApiError::NotFound),
            }
        })
        .await?;
    Ok(Json(accepted))
}

/// Accepts an invitation to a provider: the provider user is linked to the caller's account.
fn accept_provider_user(
    c: &mut DbConn,
    me: &AuthUser,
    invitation_id: &str,
    pu_id: &str,
    at: chrono::NaiveDateTime,
) -> ApiResult<InvitationAccepted> {
    use diesel::prelude::*;
    let (provider_id, kind): (String, String) = provider_users::table
        .find(pu_id)
        .filter(provider_users::status.eq("invited"))
        .select((provider_users::provider_id, provider_users::type_))
        .first(c)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    let provider = store::by_id(c, &provider_id)?;
    if provider.status == ProviderStatus::Disabled.as_str() {
        return Err(ApiError::NotFound);
    }
    if !invitations::spend(c, invitation_id, at)? {
        return Err(ApiError::NotFound);
    }
    diesel::update(provider_users::table.find(pu_id))
        .set((
            provider_users::user_id.eq(Some(&me.id)),
            provider_users::status.eq("accepted"),
            provider_users::updated_at.eq(at),
        ))
        .execute(c)?;
    events::record(c, event("provider_user.accepted", me, &provider_id, ("provider_user", pu_id)), &me.client)?;
    let needs_setup = provider.status == ProviderStatus::Pending.as_str() && kind == "admin";
    Ok(InvitationAccepted { provider: Some(provider.to_provider()), organization: None, needs_setup })
}

/// Accepts an invitation to an organization (a member, or the Owner of a new client): the member
/// is linked to the caller's account and waits for an administrator to confirm them.
fn accept_member(
    c: &mut DbConn,
    me: &AuthUser,
    invitation_id: &str,
    member_id: &str,
    at: chrono::NaiveDateTime,
) -> ApiResult<InvitationAccepted> {
    use crate::db::schema::{organization_members as m, organizations as o};
    use diesel::prelude::*;
    let (org_id, org_name, provider_id): (String, String, Option<String>) = m::table
        .inner_join(o::table)
        .filter(m::id.eq(member_id))
        .filter(m::status.eq("invited"))
        .filter(m::revoked_at.is_null())
        .select((o::id, o::name, o::provider_id))
        .first(c)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    let already: bool = diesel::select(diesel::dsl::exists(
        m::table.filter(m::organization_id.eq(&org_id)).filter(m::user_id.eq(&me.id)),
    ))
    .get_result(c)?;
    if already {
        return Err(ApiError::ConflictBecause(
            "already-member",
            "Your account is already a member of this organization.".into(),
        ));
    }
    crate::policies::check_accept(c, &me.id, &org_id)?;
    if !invitations::spend(c, invitation_id, at)? {
        return Err(ApiError::NotFound);
    }
    diesel::update(m::table.find(member_id))
        .set((m::user_id.eq(Some(&me.id)), m::status.eq("accepted"), m::updated_at.eq(at)))
        .execute(c)?;
    let ev = NewEvent::by_user(events::action::MEMBER_ACCEPTED, &me.id)
        .in_client_or_organization(&org_id, provider_id.as_deref())
        .target("member", member_id);
    events::record(c, ev, &me.client)?;
    Ok(InvitationAccepted {
        provider: None,
        organization: Some(portal_shared::organizations::NamedRef { id: org_id, name: org_name }),
        needs_setup: false,
    })
}

/// The accepted, invited admin of a pending provider, if `me` is one.
fn pending_admin(c: &mut DbConn, me: &AuthUser, provider_id: &str) -> Result<String, ApiError> {
    use diesel::prelude::*;
    let provider = store::by_id(c, provider_id).map_err(|_| ApiError::NotFound)?;
    let pu: Option<(String, String)> = provider_users::table
        .filter(provider_users::provider_id.eq(provider_id))
        .filter(provider_users::user_id.eq(&me.id))
        .filter(provider_users::revoked_at.is_null())
        .select((provider_users::id, provider_users::type_))
        .first(c)
        .optional()?;
    match (provider.status.as_str(), pu) {
        ("pending", Some((id, kind))) if kind == "admin" => Ok(id),
        ("pending", Some(_)) => Err(ApiError::Forbidden),
        (_, Some(_)) => Err(ApiError::Conflict("This provider's setup is already finished.".into())),
        _ => Err(ApiError::NotFound),
    }
}

/// Finishes a pending provider's setup: its first admin (who accepted the invitation) sends the
/// billing email and the new provider key wrapped to their own public key. The provider becomes
/// active and the admin confirmed.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    request_body = ProviderSetup,
    responses(
        (status = 200, description = "The provider, active", body = Provider),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the invited admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already set up", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/setup")]
pub async fn setup_provider(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<String>,
    body: Json<ProviderSetup>,
) -> ApiResult<Json<Provider>> {
    let id = id.into_inner();
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let row = state
        .pool
        .transaction(move |c| {
            use crate::db::schema::providers;
            use diesel::prelude::*;
            let pu = pending_admin(c, &me, &id)?;
            let at = now();
            diesel::update(provider_users::table.find(&pu))
                .set((
                    provider_users::status.eq("confirmed"),
                    provider_users::wrapped_provider_key.eq(Some(&req.wrapped_provider_key)),
                    provider_users::updated_at.eq(at),
                ))
                .execute(c)?;
            diesel::update(providers::table.find(&id))
                .set((
                    providers::status.eq("active"),
                    providers::billing_email.eq(Some(normalize_email(&req.billing_email))),
                    providers::updated_at.eq(at),
                ))
                .execute(c)?;
            events::record(c, event("provider.setup_completed", &me, &id, ("provider", &id)), &me.client)?;
            events::record(c, event("provider_user.confirmed", &me, &id, ("provider_user", &pu)), &me.client)?;
            Ok(store::by_id(c, &id)?)
        })
        .await?;
    Ok(Json(row.to_provider()))
}

/// The provider's event log (Provider Admins), newest first: everything its users did in the
/// provider and in its clients. Filter by time range, actor and action.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), portal_shared::events::EventQuery),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "A page of events", body = Page<portal_shared::events::Event>),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers/{id}/events")]
pub async fn list_provider_events(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<String>,
    query: Query<portal_shared::events::EventQuery>,
) -> ApiResult<Json<Page<portal_shared::events::Event>>> {
    let id = id.into_inner();
    let q = query.into_inner();
    let page = PageRequest::from_query(q.limit, q.cursor.as_deref())?;
    let limit = page.limit;
    let rows = state
        .pool
        .run(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::Admin)?;
            events::read::page(c, events::read::Scope::Provider(&id), &q, &page)
        })
        .await?;
    let (rows, next) = pagination::finish(rows, limit, |(_, cursor)| cursor.clone());
    Ok(Json(Page { items: rows.into_iter().map(|(e, _)| e).collect(), next }))
}
