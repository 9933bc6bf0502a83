//! `/api/v1/organizations/{id}/collections`: an organization's collections and who reaches them.
//!
//! Administrators, API keys and Custom members with "edit any collection" or "delete any
//! collection" see every collection; other members see the ones they reach, with their effective
//! level (direct and through groups, the most permissive wins). Changing a collection and its
//! access takes "edit any collection" or "can manage" on it; deleting one, "delete any
//! collection" or "can manage" on it. A collection a caller cannot see answers 404.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post};
use portal_shared::Problem;
use portal_shared::collections::{
    AccessLevel, Collection, CollectionAccess, CollectionAccessEntry, CollectionDetails, CollectionQuery,
    CreateCollection, GroupGrant, MemberCollection, MemberGrant, UpdateCollection,
};
use portal_shared::organizations::MemberStatus;
use portal_shared::page::Page;

use super::{access, store};
use crate::AppState;
use crate::api_keys::KeyAccess;
use crate::auth::Caller;
use crate::authz::{self, OrgAccess, OrgNeed, Permission};
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::pagination::{self, Cursor, PageRequest};

/// The caller in an organization, with their own effective level on each collection they reach.
struct Viewer {
    access: OrgAccess,
    levels: HashMap<String, AccessLevel>,
}

impl Viewer {
    /// Any relation to the organization will do; what follows is decided per collection.
    fn load(c: &mut DbConn, me: &Caller, org_id: &str, need: OrgNeed) -> ApiResult<Self> {
        let access = authz::organization(c, me, org_id, need)?;
        // Only a confirmed member uses their grants (and a revoked one has no member row here).
        let levels = match &access.member {
            Some(m) if m.status == MemberStatus::Confirmed => access::levels_of_member(c, org_id, &m.id)?,
            _ => HashMap::new(),
        };
        Ok(Self { access, levels })
    }

    /// Sees every collection: those who edit or delete any, and readers of the reports (the member
    /// access report covers every collection).
    fn sees_all(&self) -> bool {
        self.access.holds(Permission::EditAnyCollection)
            || self.access.holds(Permission::DeleteAnyCollection)
            || self.access.holds(Permission::AccessReports)
    }

    fn sees(&self, id: &str) -> bool {
        self.sees_all() || self.levels.contains_key(id)
    }

    fn level(&self, id: &str) -> Option<AccessLevel> {
        self.levels.get(id).copied()
    }

    fn manages(&self, id: &str) -> bool {
        self.level(id) == Some(AccessLevel::CanManage)
    }

    fn writes(&self) -> bool {
        self.access.via_key != Some(KeyAccess::Read)
    }

    /// May change the collection's name and access.
    fn may_edit(&self, id: &str) -> bool {
        self.writes() && (self.access.holds(Permission::EditAnyCollection) || self.manages(id))
    }

    /// May delete the collection.
    fn may_delete(&self, id: &str) -> bool {
        self.writes() && (self.access.holds(Permission::DeleteAnyCollection) || self.manages(id))
    }

    /// May read who reaches the collection.
    fn reads_access(&self, id: &str) -> bool {
        self.access.holds(Permission::EditAnyCollection)
            || self.access.holds(Permission::AccessReports)
            || self.manages(id)
    }

    fn collection(&self, row: &store::CollectionRow) -> Collection {
        row.to_collection(self.level(&row.id), self.may_edit(&row.id))
    }

    /// The collection, if the caller sees it (404 otherwise, as for another organization's).
    fn find(&self, c: &mut DbConn, id: &str) -> ApiResult<store::CollectionRow> {
        let row = store::find(c, &self.access.org_id, id)?;
        if self.sees(&row.id) { Ok(row) } else { Err(ApiError::NotFound) }
    }

    /// One collection with its grants when the caller may read them.
    fn details(&self, c: &mut DbConn, row: &store::CollectionRow) -> ApiResult<CollectionDetails> {
        let (members, groups) = if self.reads_access(&row.id) {
            let ids = std::slice::from_ref(&row.id);
            let members = access::member_grants(c, ids)?.into_iter().map(|(_, g)| g).collect();
            let groups = access::group_grants(c, ids)?.into_iter().map(|(_, g)| g).collect();
            (members, groups)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(CollectionDetails { collection: self.collection(row), members, groups })
    }
}

/// An organization's collections by name, with the caller's effective level on each.
#[utoipa::path(
    tag = "collections",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), CollectionQuery),
    responses(
        (status = 200, description = "A page of collections: all of them for administrators, API keys and holders of \"edit any\" or \"delete any collection\"; the ones they reach for other members", body = Page<Collection>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query (`limit`, `cursor`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/collections")]
pub async fn list_collections(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    query: Query<CollectionQuery>,
) -> ApiResult<Json<Page<Collection>>> {
    let id = id.into_inner();
    let q = query.into_inner();
    let page = PageRequest::from_query(q.limit, q.cursor.as_deref())?;
    let limit = page.limit;
    let (viewer, rows) = state
        .pool
        .run(move |c| {
            let viewer = Viewer::load(c, &me, &id, OrgNeed::Read)?;
            let only: Option<Vec<String>> = (!viewer.sees_all()).then(|| viewer.levels.keys().cloned().collect());
            let rows = store::list(c, &id, q.search.as_deref(), only.as_deref(), &page)?;
            Ok((viewer, rows))
        })
        .await?;
    let (rows, next) = pagination::finish(rows, limit, |r| Cursor { key: r.name.clone(), id: r.id.clone() });
    Ok(Json(Page { items: rows.iter().map(|r| viewer.collection(r)).collect(), next }))
}

/// Creates a collection with its member and group grants. A Custom member without "edit any
/// collection" gets "can manage" on it themselves, so that they can go on managing it.
#[utoipa::path(
    tag = "collections",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    request_body = CreateCollection,
    responses(
        (status = 201, description = "The collection", body = CollectionDetails),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not create collections, or a read-only API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another collection has this external id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or ids not of this organization (`members.<n>.member_id`, `groups.<n>.group_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/collections")]
pub async fn create_collection(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    body: Json<CreateCollection>,
) -> ApiResult<(Json<CollectionDetails>, StatusCode)> {
    let id = id.into_inner();
    let mut req = body.into_inner();
    let details = state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let access = authz::organization(c, &me, &id, OrgNeed::Change(Permission::CreateNewCollections))?;
            // After the access check: a caller without one learns nothing, not even that the body is wrong.
            req.validate().map_err(ApiError::Invalid)?;
            check_ids(c, &id, Some(&req.members), Some(&req.groups))?;
            if let Some(member) = access.member.as_ref().filter(|_| !access.holds(Permission::EditAnyCollection)) {
                req.members.retain(|g| g.member_id != member.id);
                req.members.push(MemberGrant { member_id: member.id.clone(), level: AccessLevel::CanManage });
            }
            let at = now();
            let name = req.name.trim();
            let collection = store::insert(c, &id, name, external_id(req.external_id.as_deref()), at)?;
            access::replace_member_grants(c, &collection, &req.members, at)?;
            access::replace_group_grants(c, &collection, &req.groups, at)?;
            let data = serde_json::json!({ "name": name });
            record(c, &me, &access, events::action::COLLECTION_CREATED, &collection, data)?;
            let viewer = Viewer::load(c, &me, &id, OrgNeed::Read)?;
            let row = store::find(c, &id, &collection)?;
            viewer.details(c, &row)
        })
        .await?;
    Ok((Json(details), StatusCode::CREATED))
}

/// One collection, with its grants for those who may read them.
#[utoipa::path(
    tag = "collections",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("collection_id" = String, Path, description = "The collection's id")),
    responses(
        (status = 200, description = "The collection; `members` and `groups` are empty unless the caller may manage it or read reports", body = CollectionDetails),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such collection, or not one the caller reaches", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/collections/{collection_id}")]
pub async fn get_collection(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
) -> ApiResult<Json<CollectionDetails>> {
    let (id, collection_id) = path.into_inner();
    let details = state
        .pool
        .run(move |c| {
            let viewer = Viewer::load(c, &me, &id, OrgNeed::Read)?;
            let row = viewer.find(c, &collection_id)?;
            viewer.details(c, &row)
        })
        .await?;
    Ok(Json(details))
}

/// Renames a collection, sets its external id, and replaces its member and/or group grants when
/// given ("edit any collection", or "can manage" on it).
#[utoipa::path(
    tag = "collections",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("collection_id" = String, Path, description = "The collection's id")),
    request_body = UpdateCollection,
    responses(
        (status = 200, description = "The collection", body = CollectionDetails),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage this collection, or a read-only API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such collection, or not one the caller reaches", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another collection has this external id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or ids not of this organization (`members.<n>.member_id`, `groups.<n>.group_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/organizations/{id}/collections/{collection_id}")]
pub async fn update_collection(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
    body: Json<UpdateCollection>,
) -> ApiResult<Json<CollectionDetails>> {
    let (id, collection_id) = path.into_inner();
    let req = body.into_inner();
    let details = state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let viewer = Viewer::load(c, &me, &id, OrgNeed::Read)?;
            // After the access check: a caller without one learns nothing, not even that the body is wrong.
            req.validate().map_err(ApiError::Invalid)?;
            let row = viewer.find(c, &collection_id)?;
            if !viewer.may_edit(&row.id) {
                return Err(ApiError::Forbidden);
            }
            check_ids(c, &id, req.members.as_deref(), req.groups.as_deref())?;
            let at = now();
            let name = req.name.as_deref().map_or(row.name.as_str(), str::trim);
            let external = match req.external_id.as_deref() {
                Some(given) => external_id(Some(given)),
                None => row.external_id.as_deref(),
            };
            store::update(c, &row.id, name, external, at)?;
            if let Some(members) = &req.members {
                access::replace_member_grants(c, &row.id, members, at)?;
            }
            if let Some(groups) = &req.groups {
                access::replace_group_grants(c, &row.id, groups, at)?;
            }
            let data = serde_json::json!({
                "name": name,
                "previous_name": (name != row.name).then_some(&row.name),
                "members_replaced": req.members.is_some(),
                "groups_replaced": req.groups.is_some(),
            });
            record(c, &me, &viewer.access, events::action::COLLECTION_UPDATED, &row.id, data)?;
            // The caller's own level may have changed with the grants.
            let viewer = Viewer::load(c, &me, &id, OrgNeed::Read)?;
            let row = store::find(c, &id, &row.id)?;
            viewer.details(c, &row)
        })
        .await?;
    Ok(Json(details))
}

/// Deletes a collection ("delete any collection", or "can manage" on it): its grants and item
/// links go with it, the items stay in the organization.
#[utoipa::path(
    tag = "collections",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("collection_id" = String, Path, description = "The collection's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not delete this collection, or a read-only API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such collection, or not one the caller reaches", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organizations/{id}/collections/{collection_id}")]
pub async fn delete_collection(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, collection_id) = path.into_inner();
    state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let viewer = Viewer::load(c, &me, &id, OrgNeed::Read)?;
            let row = viewer.find(c, &collection_id)?;
            if !viewer.may_delete(&row.id) {
                return Err(ApiError::Forbidden);
            }
            store::delete(c, &row.id)?;
            let data = serde_json::json!({ "name": row.name });
            record(c, &me, &viewer.access, events::action::COLLECTION_DELETED, &row.id, data)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who reaches a collection: each unrevoked member with their effective level and its sources
/// (direct, and each group), and the groups granted access. For the access editors and the
/// member access report.
#[utoipa::path(
    tag = "collections",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("collection_id" = String, Path, description = "The collection's id")),
    responses(
        (status = 200, description = "Who reaches it", body = CollectionAccess),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither \"edit any collection\", \"access reports\" nor \"can manage\" on it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such collection, or not one the caller reaches", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/collections/{collection_id}/access")]
pub async fn get_collection_access(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
) -> ApiResult<Json<CollectionAccess>> {
    let (id, collection_id) = path.into_inner();
    let answer = state
        .pool
        .run(move |c| {
            let viewer = Viewer::load(c, &me, &id, OrgNeed::Read)?;
            let row = viewer.find(c, &collection_id)?;
            if !viewer.reads_access(&row.id) {
                return Err(ApiError::Forbidden);
            }
            let members = access::reachers_of_collection(c, &row.id)?
                .into_iter()
                .filter_map(|r| {
                    let level = AccessLevel::combine_all(r.sources.iter().map(|s| s.level))?;
                    Some(CollectionAccessEntry {
                        member_id: r.member_id,
                        email: r.email,
                        name: r.name,
                        level,
                        sources: r.sources,
                    })
                })
                .collect();
            let groups: Vec<GroupGrant> =
                access::group_grants(c, std::slice::from_ref(&row.id))?.into_iter().map(|(_, g)| g).collect();
            Ok(CollectionAccess { collection_id: row.id, members, groups })
        })
        .await?;
    Ok(Json(answer))
}

/// The collections a member reaches, by name, with the effective level and its sources (direct,
/// and each group). A revoked member reaches nothing. For the member themselves, administrators,
/// and holders of "manage users" or "access reports".
#[utoipa::path(
    tag = "collections",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("member_id" = String, Path, description = "The member's id")),
    responses(
        (status = 200, description = "The collections the member reaches", body = Vec<MemberCollection>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another member's, without \"manage users\" or \"access reports\"", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/members/{member_id}/collections")]
pub async fn list_member_collections(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
) -> ApiResult<Json<Vec<MemberCollection>>> {
    let (id, member_id) = path.into_inner();
    let list = state
        .pool
        .run(move |c| {
            let access = authz::organization(c, &me, &id, OrgNeed::Read)?;
            let own = access.member.as_ref().is_some_and(|m| m.id == member_id);
            if !(own || access.holds(Permission::ManageUsers) || access.holds(Permission::AccessReports)) {
                return Err(ApiError::Forbidden);
            }
            if access::known_members(c, &id, std::slice::from_ref(&member_id))?.is_empty() {
                return Err(ApiError::NotFound);
            }
            let mut list: Vec<MemberCollection> = access::sources_of_member(c, &id, &member_id)?
                .into_iter()
                .filter_map(|(collection_id, (name, sources))| {
                    let level = AccessLevel::combine_all(sources.iter().map(|s| s.level))?;
                    Some(MemberCollection { collection_id, name, level, sources })
                })
                .collect();
            list.sort_by(|a, b| (&a.name, &a.collection_id).cmp(&(&b.name, &b.collection_id)));
            Ok(list)
        })
        .await?;
    Ok(Json(list))
}

/// A given external id, trimmed; blank clears it.
fn external_id(given: Option<&str>) -> Option<&str> {
    given.map(str::trim).filter(|e| !e.is_empty())
}

/// 422 for member or group ids that are not of this organization: never trust ids.
fn check_ids(
    c: &mut DbConn,
    org_id: &str,
    members: Option<&[MemberGrant]>,
    groups: Option<&[GroupGrant]>,
) -> ApiResult<()> {
    let mut errors = Vec::new();
    if let Some(members) = members {
        let ids: Vec<String> = members.iter().map(|g| g.member_id.clone()).collect();
        let known = access::known_members(c, org_id, &ids)?;
        errors.extend(access::unknown("members", ".member_id", ids.iter(), &known));
    }
    if let Some(groups) = groups {
        let ids: Vec<String> = groups.iter().map(|g| g.group_id.clone()).collect();
        let known = access::known_groups(c, org_id, &ids)?;
        errors.extend(access::unknown("groups", ".group_id", ids.iter(), &known));
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Invalid(errors)) }
}

fn record(
    c: &mut DbConn,
    me: &Caller,
    access: &OrgAccess,
    action: &str,
    collection_id: &str,
    data: serde_json::Value,
) -> ApiResult<()> {
    let event = NewEvent::by(action, me)
        .in_client_or_organization(&access.org_id, access.provider_id.as_deref())
        .target("collection", collection_id)
        .with_data(data);
    Ok(events::record(c, event, me.client())?)
}
