//! `/api/v1/organizations/{id}/members`: an organization's members, for its administrators (its
//! Owners and Admins, and every user of its provider).
//!
//! Seats: invited, accepted and confirmed members take one; revoked ones do not. Invitations are
//! counted under a lock on the organization, so concurrent invitations never exceed the seats.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{get, post};
use portal_shared::Problem;
use portal_shared::organizations::{ConfirmMembers, InviteMembers, Member, MemberQuery, MemberType};
use portal_shared::page::Page;
use portal_shared::providers::MemberPublicKey;
use portal_shared::validation::normalize_email;

use super::member_store;
use crate::AppState;
use crate::auth::Caller;
use crate::authz::{self, OrgNeed, Permission};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::invitations;
use crate::pagination::{self, Cursor, PageRequest};
use crate::routes::accounts::store as accounts;
use crate::routes::providers::client_store;

/// An organization's members by email: search by email or name, filter by type and status.
#[utoipa::path(
    tag = "members",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), MemberQuery),
    responses(
        (status = 200, description = "A page of members", body = Page<Member>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member who cannot administer the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/members")]
pub async fn list_members(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    query: Query<MemberQuery>,
) -> ApiResult<Json<Page<Member>>> {
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
    let page = state
        .pool
        .run(move |c| {
            authz::organization(c, &me, &id, OrgNeed::View(Permission::ManageUsers))?;
            let rows = member_store::list(c, &id, q.search.as_deref(), q.kind, q.status.as_deref(), &page)?;
            let (rows, next) = pagination::finish(rows, limit, |r| Cursor { key: r.email.clone(), id: r.id.clone() });
            Ok(Page { items: member_store::to_members(c, &rows)?, next })
        })
        .await?;
    Ok(Json(page))
}

/// Invites one or many people (its administrators). Each invitation takes a seat at once and is
/// mailed, bound to its address. Only Owners and the provider's users invite Owners.
#[utoipa::path(
    tag = "members",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    request_body = InviteMembers,
    responses(
        (status = 201, description = "The invited members", body = Vec<Member>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cannot administer the organization, or an Admin inviting an Owner (`/problems/owner-only`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/seats-exhausted`: not enough free seats for these invitations", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or already member addresses (`invites.<n>.email`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/members")]
pub async fn invite_members(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    body: Json<InviteMembers>,
) -> ApiResult<(Json<Vec<Member>>, StatusCode)> {
    let id = id.into_inner();
    let req = body.into_inner();
    let (rows, tokens, org_name) = state
        .pool
        .transaction(move |c| {
            // Lock first: the seats and the caller's rights are then read after any concurrent
            // invitation committed.
            authz::lock_organization(c, &id)?;
            let access = authz::organization(c, &me, &id, OrgNeed::Change(Permission::ManageUsers))?;
            // After the access check: a caller without one learns nothing, not even that the body is wrong.
            req.validate().map_err(ApiError::Invalid)?;
            for invite in &req.invites {
                may_give(&access, invite.kind, &invite.permissions)?;
                may_place(&access, !invite.groups.is_empty(), !invite.collections.is_empty())?;
            }
            let org = client_store::org(c, &id)?.ok_or(ApiError::NotFound)?;
            let mut errors = Vec::new();
            for (i, invite) in req.invites.iter().enumerate() {
                if member_store::email_taken(c, &id, &normalize_email(&invite.email))? {
                    errors.push(portal_shared::FieldError::new(
                        format!("invites.{i}.email"),
                        "exists",
                        "This address is already a member of this organization.",
                    ));
                }
            }
            for (i, invite) in req.invites.iter().enumerate() {
                let prefix = format!("invites.{i}.");
                errors.extend(member_store::foreign_places(c, &id, &invite.groups, &invite.collections, &prefix)?);
            }
            if !errors.is_empty() {
                return Err(ApiError::Invalid(errors));
            }
            if let Some(seats) = org.seats {
                let used = client_store::seats_used(c, &id)?;
                let wanted = i64::try_from(req.invites.len()).unwrap_or(i64::MAX);
                if used + wanted > i64::from(seats) {
                    return Err(ApiError::ConflictBecause(
                        "seats-exhausted",
                        format!(
                            "{used} of {seats} seats are in use; these {wanted} invitations need {} more.",
                            used + wanted - i64::from(seats)
                        ),
                    ));
                }
            }
            let at = now();
            let (mut rows, mut tokens) = (Vec::new(), Vec::new());
            for invite in &req.invites {
                let email = normalize_email(&invite.email);
                let member = member_store::invite(c, &id, &email, invite, at)?;
                member_store::set_places(c, &member, Some(&invite.groups), Some(&invite.collections), at)?;
                tokens.push((email.clone(), invitations::create_for_member(c, &member, &email, me.user_id(), at)?));
                let event = NewEvent::by(events::action::MEMBER_INVITED, &me)
                    .in_client_or_organization(&id, access.provider_id.as_deref())
                    .target("member", &member)
                    .with_data(serde_json::json!({ "email": email, "type": invite.kind }));
                events::record(c, event, me.client())?;
                rows.push(member_store::find(c, &id, &member)?);
            }
            Ok((member_store::to_members(c, &rows)?, tokens, org.name))
        })
        .await?;
    let mut members: Vec<Member> = rows;
    for (member, (email, token)) in members.iter_mut().zip(&tokens) {
        let subject = format!("You are invited to {org_name} on Provider Portal");
        let lead = format!("You are invited to join the organization {org_name} on Provider Portal.");
        member.invitation_link = invitations::send(&state, email, subject, lead, token).await;
    }
    Ok((Json(members), StatusCode::CREATED))
}

/// An accepted member's public key and its fingerprint (administrators), to compare with what the
/// member sees before confirming them.
#[utoipa::path(
    tag = "members",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("member_id" = String, Path, description = "The member's id")),
    responses(
        (status = 200, description = "The public key and its fingerprint", body = MemberPublicKey),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cannot administer the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not accepted yet: no account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/members/{member_id}/public-key")]
pub async fn get_member_public_key(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
) -> ApiResult<Json<MemberPublicKey>> {
    let (id, member_id) = path.into_inner();
    let public_key = state
        .pool
        .run(move |c| {
            authz::organization(c, &me, &id, OrgNeed::View(Permission::ManageUsers))?;
            let row = member_store::find(c, &id, &member_id)?;
            let account = row
                .user_id
                .ok_or_else(|| ApiError::Conflict("This person has not accepted the invitation yet.".into()))?;
            Ok(accounts::by_id(c, &account)?.public_key)
        })
        .await?;
    Ok(Json(crate::routes::providers::users::public_key_answer(public_key)?))
}

/// Confirms one or many accepted members (administrators; only Owners and the provider's users
/// confirm Owners), all or none: each browser-wrapped organization key is stored for its member.
/// The server checks rights, states and formats, never the keys.
#[utoipa::path(
    tag = "members",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    request_body = ConfirmMembers,
    responses(
        (status = 200, description = "The confirmed members", body = Vec<Member>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cannot administer the organization, or an Admin confirming an Owner (`/problems/owner-only`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not wrapped keys, unknown members, members not accepted or revoked, or without two-step login where the organization requires it (`confirmations.<n>.member_id`, code `two_step_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/members/confirm")]
pub async fn confirm_members(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    body: Json<ConfirmMembers>,
) -> ApiResult<Json<Vec<Member>>> {
    let id = id.into_inner();
    let req = body.into_inner();
    let rows = state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let access = authz::organization(c, &me, &id, OrgNeed::Change(Permission::ManageUsers))?;
            // After the access check: a caller without one learns nothing, not even that the body is wrong.
            req.validate().map_err(ApiError::Invalid)?;
            if access.is_key() {
                return Err(ApiError::ForbiddenBecause(
                    "needs-organization-key",
                    "Confirming hands over the organization key: an API key holds no keys, a person must confirm."
                        .into(),
                ));
            }
            let mut targets = Vec::with_capacity(req.confirmations.len());
            let mut errors = Vec::new();
            for (i, confirmation) in req.confirmations.iter().enumerate() {
                let field = format!("confirmations.{i}.member_id");
                match member_store::find(c, &id, &confirmation.member_id) {
                    Ok(row) if row.status == "accepted" && row.revoked_at.is_none() => targets.push(row),
                    Ok(_) => errors.push(portal_shared::FieldError::new(
                        field,
                        "not_accepted",
                        "Only accepted, unrevoked members can be confirmed.",
                    )),
                    Err(diesel::result::Error::NotFound) => {
                        errors.push(portal_shared::FieldError::new(field, "not_found", "No such member here."))
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            if !errors.is_empty() {
                return Err(ApiError::Invalid(errors));
            }
            let accounts: Vec<Option<&str>> = targets.iter().map(|t| t.user_id.as_deref()).collect();
            crate::policies::check_confirm(c, &id, &accounts)?;
            if targets.iter().any(|t| t.type_ == MemberType::Owner.as_str()) && !access.acts_on_owners() {
                return Err(ApiError::ForbiddenBecause(
                    "owner-only",
                    "Only Owners (and the provider's users, for a client) can confirm Owners.".into(),
                ));
            }
            let at = now();
            let mut confirmed = Vec::with_capacity(targets.len());
            for (target, confirmation) in targets.iter().zip(&req.confirmations) {
                member_store::confirm(c, &target.id, &confirmation.wrapped_org_key, at)?;
                let event = NewEvent::by(events::action::MEMBER_CONFIRMED, &me)
                    .in_client_or_organization(&id, access.provider_id.as_deref())
                    .target("member", &target.id)
                    .with_data(serde_json::json!({ "email": target.email }));
                events::record(c, event, me.client())?;
                confirmed.push(member_store::find(c, &id, &target.id)?);
            }
            Ok(member_store::to_members(c, &confirmed)?)
        })
        .await?;
    Ok(Json(rows))
}

/// The no-escalation rule for giving someone a type and permissions: only Owners and the
/// provider's users make Owners; only administrators make Admins; a Custom member with "manage
/// users" and an API key give only permissions they hold themselves.
pub(super) fn may_give(
    access: &authz::OrgAccess,
    kind: MemberType,
    permissions: &portal_shared::organizations::CustomPermissions,
) -> ApiResult<()> {
    match kind {
        MemberType::Owner if !access.acts_on_owners() => Err(ApiError::ForbiddenBecause(
            "owner-only",
            "Only Owners (and the provider's users, for a client) can make someone an Owner.".into(),
        )),
        MemberType::Admin if !access.acts_on_admins() => Err(ApiError::ForbiddenBecause(
            "admin-only",
            "Only Owners, Admins and the provider's users can make someone an Admin.".into(),
        )),
        MemberType::Custom if !permissions.within(&access.held()) => Err(ApiError::ForbiddenBecause(
            "escalation",
            "You can only give permissions that you hold yourself.".into(),
        )),
        _ => Ok(()),
    }
}

/// The same rule for places: putting someone in groups takes "manage groups", giving direct
/// collection access takes "edit any collection" (a Custom member with only "manage users" could
/// otherwise give anyone, themselves included, any access to any collection).
pub(super) fn may_place(access: &authz::OrgAccess, sets_groups: bool, sets_collections: bool) -> ApiResult<()> {
    if sets_groups && !access.holds(Permission::ManageGroups) {
        return Err(ApiError::ForbiddenBecause(
            "escalation",
            "Putting members in groups takes the \"manage groups\" permission.".into(),
        ));
    }
    if sets_collections && !access.holds(Permission::EditAnyCollection) {
        return Err(ApiError::ForbiddenBecause(
            "escalation",
            "Giving collection access takes the \"edit any collection\" permission.".into(),
        ));
    }
    Ok(())
}
