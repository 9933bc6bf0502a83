//! `/api/v1/organizations`: the caller's own organizations, a standalone organization's
//! creation, and one organization with the caller's way in (as a member, or as a user of the
//! provider that administers it).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post};
use diesel::prelude::*;
use portal_shared::Problem;
use portal_shared::accounts::ProveMasterPassword;
use portal_shared::organizations::{
    CreateOrganization, CustomPermissions, MemberStatus, MemberType, NamedRef, Organization, OrganizationAccess,
    OrganizationQuery, UpdateOrganization,
};
use portal_shared::page::Page;
use portal_shared::validation::normalize_email;

use super::store::{self, MemberFacts};
use crate::AppState;
use crate::auth::{AuthUser, Caller};
use crate::authz::{self, OrgAccess, OrgNeed};
use crate::db::schema::users;
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::pagination::{self, Cursor, PageRequest};
use crate::routes::accounts::store::rfc3339;
use crate::routes::providers::client_store::{self, Counts, OrgRow};

/// Builds the answers for many organizations with two queries (counts, provider names).
fn to_organizations(c: &mut DbConn, rows: Vec<(OrgRow, OrganizationAccess)>) -> ApiResult<Vec<Organization>> {
    let ids: Vec<String> = rows.iter().map(|(r, _)| r.id.clone()).collect();
    let counts = client_store::counts(c, &ids)?;
    let mut provider_ids: Vec<String> = rows.iter().filter_map(|(r, _)| r.provider_id.clone()).collect();
    provider_ids.sort();
    provider_ids.dedup();
    let names: HashMap<String, String> = store::provider_names(c, &provider_ids)?.into_iter().collect();
    Ok(rows
        .into_iter()
        .map(|(row, access)| {
            let n = counts.get(&row.id).copied().unwrap_or(Counts::default());
            let provider = row
                .provider_id
                .as_ref()
                .map(|id| NamedRef { id: id.clone(), name: names.get(id).cloned().unwrap_or_default() });
            Organization {
                id: row.id.clone(),
                name: row.name.clone(),
                billing_email: row.billing_email.clone(),
                plan: portal_shared::clients::Plan::parse(&row.plan).unwrap_or(portal_shared::clients::Plan::Teams),
                seats: row.seats,
                seats_used: n.seats_used,
                awaiting_confirmation: n.awaiting,
                provider,
                // Only the provider's users hold the provider key that opens it.
                provider_wrapped_key: if access.via_provider { row.provider_wrapped_key.clone() } else { None },
                access,
                created_at: rfc3339(row.created_at),
                updated_at: rfc3339(row.updated_at),
            }
        })
        .collect())
}

fn member_access(facts: MemberFacts, via_provider: bool) -> OrganizationAccess {
    let (kind, status, wrapped_org_key) = facts;
    let member_type = MemberType::parse(&kind);
    let member_status = MemberStatus::parse(&status);
    let admin = member_type.zip(member_status).is_some_and(|(k, s)| authz::member_administers(k, s));
    OrganizationAccess {
        member_type,
        member_status,
        wrapped_org_key,
        via_provider,
        can_administer: admin || via_provider,
        // A Custom member's own permissions are in the organization's own answer (GET).
        permissions: if admin || via_provider { CustomPermissions::ALL } else { CustomPermissions::default() },
    }
}

fn access_of(access: &OrgAccess) -> OrganizationAccess {
    OrganizationAccess {
        member_type: access.member.as_ref().map(|m| m.kind),
        member_status: access.member.as_ref().map(|m| m.status),
        wrapped_org_key: access.member.as_ref().and_then(|m| m.wrapped_org_key.clone()),
        via_provider: access.via_provider.is_some(),
        can_administer: access.can_administer(),
        permissions: access.held(),
    }
}

/// The caller's organizations: where they are an accepted or confirmed member, by name. With
/// `owner=true`, only those where they are a confirmed Owner (what they can attach to a
/// provider). Client organizations reached only through a provider are listed by the provider.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(OrganizationQuery),
    responses(
        (status = 200, description = "A page of organizations", body = Page<Organization>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations")]
pub async fn list_organizations(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<OrganizationQuery>,
) -> ApiResult<Json<Page<Organization>>> {
    let q = query.into_inner();
    let page = PageRequest::from_query(q.limit, q.cursor.as_deref())?;
    let limit = page.limit;
    let (items, next) = state
        .pool
        .run(move |c| {
            let rows = store::list_mine(c, &me.id, q.search.as_deref(), q.owner.unwrap_or(false), &page)?;
            let (rows, next) =
                pagination::finish(rows, limit, |(r, _)| Cursor { key: r.name.clone(), id: r.id.clone() });
            // The provider rule needs only the caller's providers, loaded once for the page.
            let mine = authz::confirmed_provider_ids(c, &me.id)?;
            let rows = rows
                .into_iter()
                .map(|(row, facts)| {
                    let via = row.provider_id.as_ref().is_some_and(|p| mine.contains(p));
                    (row, member_access(facts, via))
                })
                .collect();
            Ok((to_organizations(c, rows)?, next))
        })
        .await?;
    Ok(Json(Page { items, next }))
}

/// Creates a standalone organization; the caller becomes its confirmed Owner. The browser made
/// the organization key and wrapped it to the caller's own public key.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    request_body = CreateOrganization,
    responses(
        (status = 201, description = "The organization", body = Organization),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations")]
pub async fn create_organization(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<CreateOrganization>,
) -> ApiResult<(Json<Organization>, StatusCode)> {
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let org = state
        .pool
        .transaction(move |c| {
            let name: String = users::table.find(&me.id).select(users::name).first(c)?;
            let name = Some(name.trim()).filter(|n| !n.is_empty());
            let at = now();
            let id = store::create(c, &req, &normalize_email(&req.billing_email), (&me.id, &me.email, name), at)?;
            let event = NewEvent::by_user(events::action::ORGANIZATION_CREATED, &me.id)
                .in_organization(&id)
                .target("organization", &id)
                .with_data(serde_json::json!({ "name": req.name.trim(), "plan": req.plan }));
            events::record(c, event, &me.client)?;
            let access = authz::organization(c, &Caller::User(me.clone()), &id, OrgNeed::Read)?;
            let row = client_store::org(c, &id)?.ok_or(ApiError::NotFound)?;
            to_organizations(c, vec![(row, access_of(&access))])?.into_iter().next().ok_or(ApiError::NotFound)
        })
        .await?;
    Ok((Json(org), StatusCode::CREATED))
}

/// One organization, for its accepted and confirmed members and for every confirmed user of the
/// provider that administers it. Provider users receive the organization key encrypted with the
/// provider key; members, their own wrapped copy.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 200, description = "The organization", body = Organization),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}")]
pub async fn get_organization(state: Data<AppState>, me: Caller, id: Path<String>) -> ApiResult<Json<Organization>> {
    let id = id.into_inner();
    let org = state
        .pool
        .run(move |c| {
            let access = authz::organization(c, &me, &id, OrgNeed::Read)?;
            let row = client_store::org(c, &id)?.ok_or(ApiError::NotFound)?;
            to_organizations(c, vec![(row, access_of(&access))])?.into_iter().next().ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(Json(org))
}

/// The organization as the caller now sees it.
fn reload(c: &mut DbConn, me: &Caller, id: &str) -> ApiResult<Organization> {
    let access = authz::organization(c, me, id, OrgNeed::Read)?;
    let row = client_store::org(c, id)?.ok_or(ApiError::NotFound)?;
    to_organizations(c, vec![(row, access_of(&access))])?.into_iter().next().ok_or(ApiError::NotFound)
}

/// Changes an organization's settings (its Owners and Admins, and every user of its provider):
/// name and billing email; plan and seats for a standalone organization, never below the seats in
/// use. A client's plan and seats are its provider's to set (`/providers/{id}/clients/{org_id}`).
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    request_body = UpdateOrganization,
    responses(
        (status = 200, description = "The organization", body = Organization),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member who cannot administer it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; seats below those in use (`below_used`); plan or seats of a client (`managed_by_provider`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/organizations/{id}")]
pub async fn update_organization(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    body: Json<UpdateOrganization>,
) -> ApiResult<Json<Organization>> {
    let id = id.into_inner();
    let req = body.into_inner();
    let org = state
        .pool
        .transaction(move |c| {
            let access = authz::organization(c, &me, &id, OrgNeed::Admin)?;
            // After the access check: a caller without one learns nothing, not even that the body is wrong.
            req.validate().map_err(ApiError::Invalid)?;
            if access.provider_id.is_some() && req.changes_plan_or_seats() {
                let field = if req.plan.is_some() { "plan" } else { "seats" };
                return Err(ApiError::field(
                    field,
                    "managed_by_provider",
                    "This organization is a client: its provider sets its plan and seats.",
                ));
            }
            let used = client_store::seats_used(c, &id)?;
            if let Some(seats) = req.seats
                && i64::from(seats) < used
            {
                return Err(ApiError::field(
                    "seats",
                    "below_used",
                    format!("{used} seats are in use; revoke or remove members first."),
                ));
            }
            let at = now();
            let seats = if req.unlimited_seats { Some(None) } else { req.seats.map(Some) };
            client_store::update(c, &id, req.name.as_deref(), req.plan, seats, at)?;
            let billing = req.billing_email.as_deref().map(normalize_email);
            if let Some(billing) = billing.as_deref() {
                store::set_billing_email(c, &id, billing)?;
            }
            let data = serde_json::json!({ "name": req.name, "billing_email": billing, "plan": req.plan,
                                           "seats": req.seats, "unlimited_seats": req.unlimited_seats });
            let event = NewEvent::by(events::action::ORGANIZATION_UPDATED, &me)
                .in_client_or_organization(&id, access.provider_id.as_deref())
                .target("organization", &id)
                .with_data(data);
            events::record(c, event, me.client())?;
            reload(c, &me, &id)
        })
        .await?;
    Ok(Json(org))
}

/// Deletes an organization and everything in it (its confirmed Owners only, after proving their
/// master password). A client must be detached from its provider first. Its events stay.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    request_body = ProveMasterPassword,
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a confirmed Owner (provider users included)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/client-of-provider`: detach it from its provider first", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong master password (`auth_hash`, code `incorrect`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organizations/{id}")]
pub async fn delete_organization(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    body: Json<ProveMasterPassword>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    // Who may, before the (slow, deliberate) password check: strangers learn nothing from timing.
    let check_id = id.clone();
    let check_me = me.clone();
    state
        .pool
        .run(move |c| {
            let access = authz::organization(c, &check_me, &check_id, OrgNeed::Read)?;
            owner_of(&access)
        })
        .await?;
    let user_id = me.user_id().ok_or(ApiError::Forbidden)?.to_owned();
    crate::routes::accounts::handlers::prove_master_password(&state, &user_id, &body.auth_hash).await?;
    state
        .pool
        .transaction(move |c| {
            let access = authz::organization(c, &me, &id, OrgNeed::Read)?;
            owner_of(&access)?;
            if access.provider_id.is_some() {
                return Err(ApiError::ConflictBecause(
                    "client-of-provider",
                    "This organization is a client of a provider: detach it from the provider first.".into(),
                ));
            }
            let name: String = {
                use crate::db::schema::organizations as o;
                o::table.find(&id).select(o::name).first(c)?
            };
            store::delete(c, &id)?;
            let event = NewEvent::by(events::action::ORGANIZATION_DELETED, &me)
                .in_organization(&id)
                .target("organization", &id)
                .with_data(serde_json::json!({ "name": name }));
            events::record(c, event, me.client())?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Only a confirmed Owner deletes: not an Admin, not a provider user acting for the provider.
fn owner_of(access: &OrgAccess) -> ApiResult<()> {
    if access.is_confirmed_owner() {
        return Ok(());
    }
    Err(ApiError::ForbiddenBecause("owner-only", "Only the organization's confirmed Owners can delete it.".into()))
}
