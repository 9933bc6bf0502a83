//! Changing an organization's existing members: their type, permissions, groups and access;
//! revoking, restoring and removing them; a new invitation link; leaving. Every change runs
//! under the organization's lock, so the last-Owner rule holds under concurrency.

use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, patch, post};
use portal_shared::Problem;
use portal_shared::organizations::{Member, MemberType, UpdateMember};
use portal_shared::providers::InvitationSent;

use super::member_store;
use super::members::{may_give, may_place};
use crate::AppState;
use crate::auth::{AuthUser, Caller};
use crate::authz::{self, OrgNeed, Permission};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::invitations;
use crate::routes::providers::client_store;

/// Changes a member's type, Custom permissions, groups and direct collection access (those who
/// manage members). Nobody gives more than they hold: only Owners and the provider's users make or
/// unmake Owners, only administrators make Admins, a Custom member gives only their own
/// permissions. The last confirmed Owner stays an Owner.
#[utoipa::path(
    tag = "members",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("member_id" = String, Path, description = "The member's id")),
    request_body = UpdateMember,
    responses(
        (status = 200, description = "The member as changed", body = Member),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cannot manage members, or beyond the caller's rights (`/problems/owner-only`, `/problems/admin-only`, `/problems/escalation`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/last-owner`: the last confirmed Owner stays an Owner", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; groups or collections of another organization (`groups.<n>`, `collections.<n>.collection_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/organizations/{id}/members/{member_id}")]
pub async fn update_member(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
    body: Json<UpdateMember>,
) -> ApiResult<Json<Member>> {
    let (id, member_id) = path.into_inner();
    let req = body.into_inner();
    let member = state
        .pool
        .transaction(move |c| {
            // Lock and check rights before reading the member: the last-Owner rule reads it under
            // the lock, and a caller without rights learns nothing of which ids exist.
            let takes_owner_away = req.kind.is_some_and(|k| k != MemberType::Owner);
            let (access, row) = target(c, &me, &id, &member_id, takes_owner_away)?;
            // After the access check: a caller without one learns nothing, not even that the body is wrong.
            req.validate().map_err(ApiError::Invalid)?;
            let old_kind = MemberType::parse(&row.type_).unwrap_or(MemberType::User);
            let new_kind = req.kind.unwrap_or(old_kind);
            let permissions = req.permissions.unwrap_or_else(|| row.custom_permissions());
            if new_kind != old_kind || req.permissions.is_some() {
                may_give(&access, new_kind, &permissions)?;
            }
            may_place(&access, req.groups.is_some(), req.collections.is_some())?;
            let groups = req.groups.as_deref().unwrap_or_default();
            let grants = req.collections.as_deref().unwrap_or_default();
            let errors = member_store::foreign_places(c, &id, groups, grants, "")?;
            if !errors.is_empty() {
                return Err(ApiError::Invalid(errors));
            }
            let at = now();
            member_store::set_type(c, &row.id, new_kind, permissions, at)?;
            member_store::set_places(c, &row.id, req.groups.as_deref(), req.collections.as_deref(), at)?;
            let event = NewEvent::by(events::action::MEMBER_UPDATED, &me)
                .in_client_or_organization(&id, access.provider_id.as_deref())
                .target("member", &row.id)
                .with_data(serde_json::json!({
                    "email": row.email, "old_type": old_kind, "type": new_kind,
                    "permissions": (new_kind == MemberType::Custom).then_some(permissions),
                    "groups": req.groups, "collections": req.collections,
                }));
            events::record(c, event, me.client())?;
            let row = member_store::find(c, &id, &member_id)?;
            Ok(member_store::to_members(c, std::slice::from_ref(&row))?.remove(0))
        })
        .await?;
    Ok(Json(member))
}

/// Sends a new invitation link to a member who has not accepted yet (those who manage members);
/// earlier links stop working.
#[utoipa::path(
    tag = "members",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("member_id" = String, Path, description = "The member's id")),
    responses(
        (status = 202, description = "A new link was sent (with no mail relay configured, the answer holds the link)", body = InvitationSent),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cannot manage members, or an Owner's invitation by a non-Owner", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already accepted, or revoked", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/members/{member_id}/reinvite")]
pub async fn reinvite_member(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, member_id) = path.into_inner();
    let (email, token, org_name) = state
        .pool
        .transaction(move |c| {
            let (access, row) = target(c, &me, &id, &member_id, false)?;
            if row.status != "invited" || row.revoked_at.is_some() {
                return Err(ApiError::Conflict("Only an invited, unrevoked member gets a new link.".into()));
            }
            let token = invitations::create_for_member(c, &row.id, &row.email, me.user_id(), now())?;
            record(c, &me, &access, events::action::MEMBER_REINVITED, &row)?;
            let org = client_store::org(c, &id)?.ok_or(ApiError::NotFound)?;
            Ok((row.email, token, org.name))
        })
        .await?;
    let subject = format!("You are invited to {org_name} on Provider Portal");
    let lead = format!("You are invited to join the organization {org_name} on Provider Portal.");
    let invitation_link = invitations::send(&state, &email, subject, lead, &token).await;
    Ok(HttpResponse::Accepted().json(InvitationSent { invitation_link }))
}

/// Leaves an organization (any member, for themselves). The last confirmed Owner cannot leave;
/// a revoked member cannot either (their record is the administrators' to decide on). Provider
/// users administer a client through the provider, not as members: there is nothing to leave.
#[utoipa::path(
    tag = "members",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 204, description = "Left"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member, or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/last-owner`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/leave")]
pub async fn leave_organization(state: Data<AppState>, me: AuthUser, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let row = member_store::of_user(c, &id, &me.id)?.ok_or(ApiError::NotFound)?;
            if row.revoked_at.is_some() {
                return Err(ApiError::NotFound);
            }
            let owners = member_store::active_owner_ids(c, &id)?;
            if owners.len() <= 1 && owners.contains(&row.id) {
                return Err(ApiError::ConflictBecause(
                    "last-owner",
                    "You are the organization's last confirmed Owner: make someone else an Owner first.".into(),
                ));
            }
            let provider_id = client_store::org(c, &id)?.and_then(|o| o.provider_id);
            member_store::remove(c, &row.id)?;
            let me = Caller::User(me);
            let event = NewEvent::by(events::action::MEMBER_LEFT, &me)
                .in_client_or_organization(&id, provider_id.as_deref())
                .target("member", &row.id)
                .with_data(serde_json::json!({ "email": row.email }));
            events::record(c, event, me.client())?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The member acted on, after the caller's rights are checked (under the organization's lock):
/// an Admin never acts on an Owner, only administrators act on Admins, a Custom member never on
/// someone holding more than they do, and nobody takes away the last confirmed Owner.
fn target(
    c: &mut crate::db::DbConn,
    me: &Caller,
    org_id: &str,
    member_id: &str,
    takes_owner_away: bool,
) -> ApiResult<(authz::OrgAccess, member_store::MemberRow)> {
    authz::lock_organization(c, org_id)?;
    let access = authz::organization(c, me, org_id, OrgNeed::Change(Permission::ManageUsers))?;
    let row = member_store::find(c, org_id, member_id)?;
    if row.type_ == MemberType::Admin.as_str() && !access.acts_on_admins() {
        return Err(ApiError::ForbiddenBecause(
            "admin-only",
            "Only Owners, Admins and the provider's users can act on Admins.".into(),
        ));
    }
    // A Custom member with "manage users" never acts on someone who holds more than they do.
    if row.type_ == MemberType::Custom.as_str() && !row.custom_permissions().within(&access.held()) {
        return Err(ApiError::ForbiddenBecause(
            "escalation",
            "This member holds permissions that you do not: only an administrator can change them.".into(),
        ));
    }
    if row.type_ == MemberType::Owner.as_str() {
        if !access.acts_on_owners() {
            return Err(ApiError::ForbiddenBecause(
                "owner-only",
                "Only Owners (and the provider's users, for a client) can act on Owners.".into(),
            ));
        }
        let owners = member_store::active_owner_ids(c, org_id)?;
        if takes_owner_away && owners.len() <= 1 && owners.contains(&row.id) {
            return Err(ApiError::ConflictBecause(
                "last-owner",
                "This is the organization's last confirmed Owner: make someone else an Owner first.".into(),
            ));
        }
    }
    Ok((access, row))
}

fn record(
    c: &mut crate::db::DbConn,
    me: &Caller,
    access: &authz::OrgAccess,
    action: &str,
    row: &member_store::MemberRow,
) -> ApiResult<()> {
    let event = NewEvent::by(action, me)
        .in_client_or_organization(&access.org_id, access.provider_id.as_deref())
        .target("member", &row.id)
        .with_data(serde_json::json!({ "email": row.email }));
    Ok(events::record(c, event, me.client())?)
}

/// Revokes a member (administrators): they keep their record, status and places in groups and
/// collections, lose all access at once and free their seat. Never the last confirmed Owner.
#[utoipa::path(
    tag = "members",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("member_id" = String, Path, description = "The member's id")),
    responses(
        (status = 200, description = "Revoked", body = Member),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cannot administer it, or an Admin acting on an Owner (`/problems/owner-only`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/last-owner`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/members/{member_id}/revoke")]
pub async fn revoke_member(state: Data<AppState>, me: Caller, path: Path<(String, String)>) -> ApiResult<Json<Member>> {
    let (id, member_id) = path.into_inner();
    let row = state
        .pool
        .transaction(move |c| {
            let (access, row) = target(c, &me, &id, &member_id, true)?;
            if row.revoked_at.is_none() {
                let at = now();
                member_store::set_revoked(c, &row.id, Some(at), at)?;
                record(c, &me, &access, events::action::MEMBER_REVOKED, &row)?;
            }
            let row = member_store::find(c, &id, &member_id)?;
            Ok(member_store::to_members(c, std::slice::from_ref(&row))?.remove(0))
        })
        .await?;
    Ok(Json(row))
}

/// Restores a revoked member to the status they had (administrators), if a seat is free.
#[utoipa::path(
    tag = "members",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("member_id" = String, Path, description = "The member's id")),
    responses(
        (status = 200, description = "Restored", body = Member),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cannot administer it, or an Admin acting on an Owner (`/problems/owner-only`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/seats-exhausted`: no free seat", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/members/{member_id}/restore")]
pub async fn restore_member(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
) -> ApiResult<Json<Member>> {
    let (id, member_id) = path.into_inner();
    let row = state
        .pool
        .transaction(move |c| {
            let (access, row) = target(c, &me, &id, &member_id, false)?;
            if row.revoked_at.is_some() {
                let org = client_store::org(c, &id)?.ok_or(ApiError::NotFound)?;
                let used = client_store::seats_used(c, &id)?;
                if org.seats.is_some_and(|seats| used >= i64::from(seats)) {
                    return Err(ApiError::ConflictBecause(
                        "seats-exhausted",
                        format!("All {used} seats are in use: add seats or revoke someone first."),
                    ));
                }
                member_store::set_revoked(c, &row.id, None, now())?;
                record(c, &me, &access, events::action::MEMBER_RESTORED, &row)?;
            }
            let row = member_store::find(c, &id, &member_id)?;
            Ok(member_store::to_members(c, std::slice::from_ref(&row))?.remove(0))
        })
        .await?;
    Ok(Json(row))
}

/// Removes a member for good (administrators). Never the last confirmed Owner.
#[utoipa::path(
    tag = "members",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("member_id" = String, Path, description = "The member's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cannot administer it, or an Admin acting on an Owner (`/problems/owner-only`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/last-owner`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organizations/{id}/members/{member_id}")]
pub async fn remove_member(state: Data<AppState>, me: Caller, path: Path<(String, String)>) -> ApiResult<HttpResponse> {
    let (id, member_id) = path.into_inner();
    state
        .pool
        .transaction(move |c| {
            let (access, row) = target(c, &me, &id, &member_id, true)?;
            member_store::remove(c, &row.id)?;
            record(c, &me, &access, events::action::MEMBER_REMOVED, &row)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
