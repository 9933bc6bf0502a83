//! `/api/v1/organizations/{id}/groups`: an organization's groups, for those who manage them
//! (administrators, Custom members with "manage groups", API keys).
//!
//! Member and collection ids in bodies are checked against the organization (422 naming each
//! unknown one). Changing a group's collection grants takes the right to change those
//! collections' access ("edit any collection", or "can manage" on each collection changed):
//! nobody grants more than they have.

use std::collections::HashSet;

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post, put};
use portal_shared::Problem;
use portal_shared::collections::{AccessLevel, CollectionGrant};
use portal_shared::groups::{CreateGroup, Group, GroupDetails, GroupMembers, GroupQuery, UpdateGroup};
use portal_shared::page::Page;

use super::store;
use crate::AppState;
use crate::auth::Caller;
use crate::authz::{self, OrgAccess, OrgNeed, Permission};
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::pagination::{self, Cursor, PageRequest};
use crate::routes::collections::access;

/// An organization's groups by name, each with its size and collection grants.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), GroupQuery),
    responses(
        (status = 200, description = "A page of groups", body = Page<Group>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member who may not manage groups", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query (`limit`, `cursor`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/groups")]
pub async fn list_groups(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    query: Query<GroupQuery>,
) -> ApiResult<Json<Page<Group>>> {
    let id = id.into_inner();
    let q = query.into_inner();
    let page = PageRequest::from_query(q.limit, q.cursor.as_deref())?;
    let limit = page.limit;
    let (rows, counts, mut grants) = state
        .pool
        .run(move |c| {
            authz::organization(c, &me, &id, OrgNeed::View(Permission::ManageGroups))?;
            let rows = store::list(c, &id, q.search.as_deref(), &page)?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            Ok((rows, store::member_counts(c, &ids)?, access::grants_of_groups(c, &ids)?))
        })
        .await?;
    let (rows, next) = pagination::finish(rows, limit, |r| Cursor { key: r.name.clone(), id: r.id.clone() });
    let items = rows
        .iter()
        .map(|r| r.to_group(counts.get(&r.id).copied().unwrap_or(0), grants.remove(&r.id).unwrap_or_default()))
        .collect();
    Ok(Json(Page { items, next }))
}

/// Creates a group with its members and collection grants.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    request_body = CreateGroup,
    responses(
        (status = 201, description = "The group", body = GroupDetails),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage groups (or a read-only API key), or granting access to collections the caller cannot manage (`/problems/escalation`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another group has this external id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or ids not of this organization (`members.<n>`, `collections.<n>.collection_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/groups")]
pub async fn create_group(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    body: Json<CreateGroup>,
) -> ApiResult<(Json<GroupDetails>, StatusCode)> {
    let id = id.into_inner();
    let req = body.into_inner();
    let details = state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let access = authz::organization(c, &me, &id, OrgNeed::Change(Permission::ManageGroups))?;
            // After the access check: a caller without one learns nothing, not even that the body is wrong.
            req.validate().map_err(ApiError::Invalid)?;
            check_ids(c, &id, Some(&req.members), Some(&req.collections))?;
            may_grant(c, &access, &[], &req.collections)?;
            let at = now();
            let name = req.name.trim();
            let group = store::insert(c, &id, name, external_id(req.external_id.as_deref()), at)?;
            store::replace_members(c, &group, &req.members)?;
            access::replace_grants_of_group(c, &group, &req.collections, at)?;
            record(c, &me, &access, events::action::GROUP_CREATED, &group, serde_json::json!({ "name": name }))?;
            Ok(store::details(c, &id, &group)?)
        })
        .await?;
    Ok((Json(details), StatusCode::CREATED))
}

/// One group with its members' ids and its collection grants.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("group_id" = String, Path, description = "The group's id")),
    responses(
        (status = 200, description = "The group", body = GroupDetails),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member who may not manage groups", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/groups/{group_id}")]
pub async fn get_group(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
) -> ApiResult<Json<GroupDetails>> {
    let (id, group_id) = path.into_inner();
    let details = state
        .pool
        .run(move |c| {
            authz::organization(c, &me, &id, OrgNeed::View(Permission::ManageGroups))?;
            Ok(store::details(c, &id, &group_id)?)
        })
        .await?;
    Ok(Json(details))
}

/// Renames a group, sets its external id, and replaces its members and/or collection grants when
/// given.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("group_id" = String, Path, description = "The group's id")),
    request_body = UpdateGroup,
    responses(
        (status = 200, description = "The group", body = GroupDetails),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage groups (or a read-only API key), or changing access to collections the caller cannot manage (`/problems/escalation`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another group has this external id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or ids not of this organization (`members.<n>`, `collections.<n>.collection_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/organizations/{id}/groups/{group_id}")]
pub async fn update_group(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
    body: Json<UpdateGroup>,
) -> ApiResult<Json<GroupDetails>> {
    let (id, group_id) = path.into_inner();
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let details = state.pool.transaction(move |c| change(c, &me, &id, &group_id, req)).await?;
    Ok(Json(details))
}

/// Replaces a group's members.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("group_id" = String, Path, description = "The group's id")),
    request_body = GroupMembers,
    responses(
        (status = 200, description = "The group", body = GroupDetails),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage groups, or a read-only API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Ids not of this organization's members (`members.<n>`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/organizations/{id}/groups/{group_id}/members")]
pub async fn replace_group_members(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
    body: Json<GroupMembers>,
) -> ApiResult<Json<GroupDetails>> {
    let (id, group_id) = path.into_inner();
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let patch = UpdateGroup { members: Some(req.members), ..Default::default() };
    let details = state.pool.transaction(move |c| change(c, &me, &id, &group_id, patch)).await?;
    Ok(Json(details))
}

/// Deletes a group: its members stay, the access it gave goes.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("group_id" = String, Path, description = "The group's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage groups, or a read-only API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organizations/{id}/groups/{group_id}")]
pub async fn delete_group(state: Data<AppState>, me: Caller, path: Path<(String, String)>) -> ApiResult<HttpResponse> {
    let (id, group_id) = path.into_inner();
    state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let access = authz::organization(c, &me, &id, OrgNeed::Change(Permission::ManageGroups))?;
            let row = store::find(c, &id, &group_id)?;
            store::delete(c, &row.id)?;
            record(c, &me, &access, events::action::GROUP_DELETED, &row.id, serde_json::json!({ "name": row.name }))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Applies a validated patch to a group in the current transaction.
fn change(c: &mut DbConn, me: &Caller, org_id: &str, group_id: &str, req: UpdateGroup) -> ApiResult<GroupDetails> {
    authz::lock_organization(c, org_id)?;
    let access = authz::organization(c, me, org_id, OrgNeed::Change(Permission::ManageGroups))?;
    let row = store::find(c, org_id, group_id)?;
    check_ids(c, org_id, req.members.as_deref(), req.collections.as_deref())?;
    if let Some(grants) = &req.collections {
        let old = access::grants_of_groups(c, std::slice::from_ref(&row.id))?.remove(&row.id).unwrap_or_default();
        may_grant(c, &access, &old, grants)?;
    }
    let at = now();
    let name = req.name.as_deref().map_or(row.name.as_str(), str::trim);
    let external = match req.external_id.as_deref() {
        Some(given) => external_id(Some(given)),
        None => row.external_id.as_deref(),
    };
    store::update(c, &row.id, name, external, at)?;
    if let Some(members) = &req.members {
        store::replace_members(c, &row.id, members)?;
    }
    if let Some(grants) = &req.collections {
        access::replace_grants_of_group(c, &row.id, grants, at)?;
    }
    let data = serde_json::json!({
        "name": name,
        "previous_name": (name != row.name).then_some(&row.name),
        "members_replaced": req.members.is_some(),
        "collections_replaced": req.collections.is_some(),
    });
    record(c, me, &access, events::action::GROUP_UPDATED, &row.id, data)?;
    Ok(store::details(c, org_id, &row.id)?)
}

/// A given external id, trimmed; blank clears it.
fn external_id(given: Option<&str>) -> Option<&str> {
    given.map(str::trim).filter(|e| !e.is_empty())
}

/// 422 for member or collection ids that are not of this organization: never trust ids.
fn check_ids(
    c: &mut DbConn,
    org_id: &str,
    members: Option<&[String]>,
    collections: Option<&[CollectionGrant]>,
) -> ApiResult<()> {
    let mut errors = Vec::new();
    if let Some(members) = members {
        let known = access::known_members(c, org_id, members)?;
        errors.extend(access::unknown("members", "", members.iter(), &known));
    }
    if let Some(grants) = collections {
        let ids: Vec<String> = grants.iter().map(|g| g.collection_id.clone()).collect();
        let known = access::known_collections(c, org_id, &ids)?;
        errors.extend(access::unknown("collections", ".collection_id", ids.iter(), &known));
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Invalid(errors)) }
}

/// The no-escalation rule for a group's grants: every collection whose grant changes must be one
/// the caller may manage (all of them with "edit any collection").
fn may_grant(c: &mut DbConn, access: &OrgAccess, old: &[CollectionGrant], new: &[CollectionGrant]) -> ApiResult<()> {
    if access.holds(Permission::EditAnyCollection) {
        return Ok(());
    }
    let before: HashSet<(&str, AccessLevel)> = old.iter().map(|g| (g.collection_id.as_str(), g.level)).collect();
    let after: HashSet<(&str, AccessLevel)> = new.iter().map(|g| (g.collection_id.as_str(), g.level)).collect();
    let changed: HashSet<&str> = before.symmetric_difference(&after).map(|(id, _)| *id).collect();
    if changed.is_empty() {
        return Ok(());
    }
    let mine = match &access.member {
        Some(member) => access::levels_of_member(c, &access.org_id, &member.id)?,
        None => Default::default(),
    };
    if changed.iter().all(|id| mine.get(*id) == Some(&AccessLevel::CanManage)) {
        Ok(())
    } else {
        Err(ApiError::ForbiddenBecause(
            "escalation",
            "You can only grant access to collections you can manage yourself.".into(),
        ))
    }
}

fn record(
    c: &mut DbConn,
    me: &Caller,
    access: &OrgAccess,
    action: &str,
    group_id: &str,
    data: serde_json::Value,
) -> ApiResult<()> {
    let event = NewEvent::by(action, me)
        .in_client_or_organization(&access.org_id, access.provider_id.as_deref())
        .target("group", group_id)
        .with_data(data);
    Ok(events::record(c, event, me.client())?)
}
