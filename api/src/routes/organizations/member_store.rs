//! Storage of an organization's members.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::organizations::{
    CustomPermissions, Member, MemberInvite, MemberStatus, MemberType, PermissionFlags,
};

use std::collections::HashMap;

use portal_shared::FieldError;
use portal_shared::collections::{AccessFlags, AccessLevel, CollectionGrant};

use crate::db::DbConn;
use crate::db::schema::{collection_members, collections, group_members, groups, organization_members as m, users};
use crate::pagination::{Cursor, PageRequest, contains_pattern};
use crate::routes::accounts::store::rfc3339;
use crate::routes::providers::store::lower_opt;

/// A member with the account's name.
#[derive(Debug, Clone, Queryable)]
pub struct MemberRow {
    pub id: String,
    pub organization_id: String,
    pub user_id: Option<String>,
    pub email: String,
    pub type_: String,
    pub status: String,
    pub revoked_at: Option<NaiveDateTime>,
    pub permissions: PermissionFlags,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub name: Option<String>,
}

impl MemberRow {
    /// A Custom member's permissions (all false for the other types).
    pub fn custom_permissions(&self) -> CustomPermissions {
        self.permissions.into()
    }

    /// The API's view, without groups and grants (see [`to_members`]).
    pub fn to_member(&self) -> Member {
        Member {
            id: self.id.clone(),
            organization_id: self.organization_id.clone(),
            user_id: self.user_id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            kind: MemberType::parse(&self.type_).unwrap_or(MemberType::User),
            status: MemberStatus::parse(&self.status).unwrap_or(MemberStatus::Invited),
            revoked: self.revoked_at.is_some(),
            permissions: self.custom_permissions(),
            groups: Vec::new(),
            collections: Vec::new(),
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
            invitation_link: None,
        }
    }
}

macro_rules! member_columns {
    () => {
        (
            m::id,
            m::organization_id,
            m::user_id,
            m::email,
            m::type_,
            m::status,
            m::revoked_at,
            (
                m::access_event_logs,
                m::access_import_export,
                m::access_reports,
                m::create_new_collections,
                m::edit_any_collection,
                m::delete_any_collection,
                m::manage_groups,
                m::manage_users,
                m::manage_policies,
            ),
            m::created_at,
            m::updated_at,
            users::name.nullable(),
        )
    };
}

/// One member of `org_id` (404 for another organization's).
pub fn find(conn: &mut DbConn, org_id: &str, id: &str) -> QueryResult<MemberRow> {
    m::table
        .left_join(users::table)
        .filter(m::organization_id.eq(org_id))
        .filter(m::id.eq(id))
        .select(member_columns!())
        .first(conn)
}

/// A page of members by email.
pub fn list(
    conn: &mut DbConn,
    org_id: &str,
    search: Option<&str>,
    kind: Option<MemberType>,
    status: Option<&str>,
    page: &PageRequest,
) -> QueryResult<Vec<MemberRow>> {
    let mut query =
        m::table.left_join(users::table).filter(m::organization_id.eq(org_id)).select(member_columns!()).into_boxed();
    if let Some(search) = search.filter(|s| !s.trim().is_empty()) {
        let pattern = contains_pattern(search);
        query = query.filter(
            m::email
                .like(pattern.clone())
                .escape('\\')
                .or(lower_opt(users::name.nullable()).like(pattern).escape('\\')),
        );
    }
    if let Some(kind) = kind {
        query = query.filter(m::type_.eq(kind.as_str()));
    }
    match status {
        Some("revoked") => query = query.filter(m::revoked_at.is_not_null()),
        Some(s) => query = query.filter(m::status.eq(s.to_owned())).filter(m::revoked_at.is_null()),
        None => {}
    }
    if let Some(Cursor { key, id }) = &page.after {
        query = query.filter(m::email.gt(key.clone()).or(m::email.eq(key.clone()).and(m::id.gt(id.clone()))));
    }
    query.order((m::email.asc(), m::id.asc())).limit(page.limit + 1).load(conn)
}

/// Whether the address is already a member (revoked ones included).
pub fn email_taken(conn: &mut DbConn, org_id: &str, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(m::table.filter(m::organization_id.eq(org_id)).filter(m::email.eq(email))))
        .get_result(conn)
}

/// Adds an invited member; returns its id.
pub fn invite(
    conn: &mut DbConn,
    org_id: &str,
    email: &str,
    invite: &MemberInvite,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    // Only Custom members hold permissions; validation refuses them elsewhere, this makes sure.
    let p = if invite.kind == MemberType::Custom { invite.permissions } else { CustomPermissions::default() };
    diesel::insert_into(m::table)
        .values((
            m::id.eq(&id),
            m::organization_id.eq(org_id),
            m::user_id.eq(None::<String>),
            m::email.eq(email),
            m::name.eq(None::<String>),
            m::type_.eq(invite.kind.as_str()),
            m::status.eq(MemberStatus::Invited.as_str()),
            m::revoked_at.eq(None::<NaiveDateTime>),
            m::access_event_logs.eq(p.access_event_logs),
            m::access_import_export.eq(p.access_import_export),
            m::access_reports.eq(p.access_reports),
            m::create_new_collections.eq(p.create_new_collections),
            m::edit_any_collection.eq(p.edit_any_collection),
            m::delete_any_collection.eq(p.delete_any_collection),
            m::manage_groups.eq(p.manage_groups),
            m::manage_users.eq(p.manage_users),
            m::manage_policies.eq(p.manage_policies),
            m::wrapped_org_key.eq(None::<String>),
            m::external_id.eq(None::<String>),
            m::created_at.eq(now),
            m::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Confirms an accepted member with the organization key wrapped to their public key.
pub fn confirm(conn: &mut DbConn, id: &str, wrapped_org_key: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(m::table.find(id))
        .set((
            m::status.eq(MemberStatus::Confirmed.as_str()),
            m::wrapped_org_key.eq(Some(wrapped_org_key)),
            m::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Revokes (`Some(now)`) or restores (`None`) a member: the record, its status and its places
/// stay either way.
pub fn set_revoked(
    conn: &mut DbConn,
    id: &str,
    revoked_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(m::table.find(id)).set((m::revoked_at.eq(revoked_at), m::updated_at.eq(now))).execute(conn)
}

/// Removes a member for good (its group and collection places go with it).
pub fn remove(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(m::table.find(id)).execute(conn)
}

/// The confirmed, unrevoked Owners of an organization.
pub fn active_owner_ids(conn: &mut DbConn, org_id: &str) -> QueryResult<Vec<String>> {
    m::table
        .filter(m::organization_id.eq(org_id))
        .filter(m::type_.eq(MemberType::Owner.as_str()))
        .filter(m::status.eq(MemberStatus::Confirmed.as_str()))
        .filter(m::revoked_at.is_null())
        .select(m::id)
        .load(conn)
}

/// Members as the API shows them, with their groups and direct collection grants (two queries
/// for the whole page, not two per member).
pub fn to_members(conn: &mut DbConn, rows: &[MemberRow]) -> QueryResult<Vec<Member>> {
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let mut in_groups: HashMap<String, Vec<String>> = HashMap::new();
    for (member, group) in group_members::table
        .filter(group_members::member_id.eq_any(&ids))
        .select((group_members::member_id, group_members::group_id))
        .order((group_members::member_id, group_members::group_id))
        .load::<(String, String)>(conn)?
    {
        in_groups.entry(member).or_default().push(group);
    }
    let mut grants: HashMap<String, Vec<CollectionGrant>> = HashMap::new();
    for (member, collection_id, read_only, hide_passwords, manage) in collection_members::table
        .filter(collection_members::member_id.eq_any(&ids))
        .select((
            collection_members::member_id,
            collection_members::collection_id,
            collection_members::read_only,
            collection_members::hide_passwords,
            collection_members::manage,
        ))
        .order((collection_members::member_id, collection_members::collection_id))
        .load::<(String, String, bool, bool, bool)>(conn)?
    {
        let level = AccessLevel::from_flags(AccessFlags { read_only, hide_passwords, manage });
        grants.entry(member).or_default().push(CollectionGrant { collection_id, level });
    }
    Ok(rows
        .iter()
        .map(|row| {
            let mut member = row.to_member();
            member.groups = in_groups.remove(&row.id).unwrap_or_default();
            member.collections = grants.remove(&row.id).unwrap_or_default();
            member
        })
        .collect())
}

/// Field errors for group and collection ids that are not this organization's (`<prefix>groups.<n>`,
/// `<prefix>collections.<n>.collection_id`): ids from a body are never trusted.
pub fn foreign_places(
    conn: &mut DbConn,
    org_id: &str,
    group_ids: &[String],
    grants: &[CollectionGrant],
    prefix: &str,
) -> QueryResult<Vec<FieldError>> {
    let mut errors = Vec::new();
    if !group_ids.is_empty() {
        let known: Vec<String> = groups::table
            .filter(groups::organization_id.eq(org_id))
            .filter(groups::id.eq_any(group_ids))
            .select(groups::id)
            .load(conn)?;
        for (i, id) in group_ids.iter().enumerate() {
            if !known.contains(id) {
                errors.push(FieldError::new(format!("{prefix}groups.{i}"), "not_found", "No such group here."));
            }
        }
    }
    if !grants.is_empty() {
        let ids: Vec<&str> = grants.iter().map(|g| g.collection_id.as_str()).collect();
        let known: Vec<String> = collections::table
            .filter(collections::organization_id.eq(org_id))
            .filter(collections::id.eq_any(&ids))
            .select(collections::id)
            .load(conn)?;
        for (i, grant) in grants.iter().enumerate() {
            if !known.contains(&grant.collection_id) {
                errors.push(FieldError::new(
                    format!("{prefix}collections.{i}.collection_id"),
                    "not_found",
                    "No such collection here.",
                ));
            }
        }
    }
    Ok(errors)
}

/// Replaces a member's groups and/or direct collection grants (`None` leaves them).
pub fn set_places(
    conn: &mut DbConn,
    member_id: &str,
    group_ids: Option<&[String]>,
    grants: Option<&[CollectionGrant]>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if let Some(group_ids) = group_ids {
        diesel::delete(group_members::table.filter(group_members::member_id.eq(member_id))).execute(conn)?;
        let rows: Vec<_> =
            group_ids.iter().map(|g| (group_members::group_id.eq(g), group_members::member_id.eq(member_id))).collect();
        if !rows.is_empty() {
            // backend: MultiConnection has no multi-row insert; each backend does it in one statement.
            match conn {
                DbConn::Pg(pg) => diesel::insert_into(group_members::table).values(rows).execute(pg)?,
                DbConn::Sqlite(lite) => diesel::insert_into(group_members::table).values(rows).execute(lite)?,
            };
        }
        // A change of membership is a change of the group.
        diesel::update(groups::table.filter(groups::id.eq_any(group_ids)))
            .set(groups::updated_at.eq(now))
            .execute(conn)?;
    }
    if let Some(grants) = grants {
        diesel::delete(collection_members::table.filter(collection_members::member_id.eq(member_id))).execute(conn)?;
        let rows: Vec<_> = grants
            .iter()
            .map(|g| {
                let f = g.level.flags();
                (
                    collection_members::collection_id.eq(&g.collection_id),
                    collection_members::member_id.eq(member_id),
                    collection_members::read_only.eq(f.read_only),
                    collection_members::hide_passwords.eq(f.hide_passwords),
                    collection_members::manage.eq(f.manage),
                    collection_members::created_at.eq(now),
                    collection_members::updated_at.eq(now),
                )
            })
            .collect();
        if !rows.is_empty() {
            // backend: as above.
            match conn {
                DbConn::Pg(pg) => diesel::insert_into(collection_members::table).values(rows).execute(pg)?,
                DbConn::Sqlite(lite) => diesel::insert_into(collection_members::table).values(rows).execute(lite)?,
            };
        }
    }
    Ok(())
}

/// Sets a member's type and permissions (permissions only stay for a Custom member).
pub fn set_type(
    conn: &mut DbConn,
    id: &str,
    kind: MemberType,
    permissions: CustomPermissions,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let p = if kind == MemberType::Custom { permissions } else { CustomPermissions::default() };
    diesel::update(m::table.find(id))
        .set((
            m::type_.eq(kind.as_str()),
            m::access_event_logs.eq(p.access_event_logs),
            m::access_import_export.eq(p.access_import_export),
            m::access_reports.eq(p.access_reports),
            m::create_new_collections.eq(p.create_new_collections),
            m::edit_any_collection.eq(p.edit_any_collection),
            m::delete_any_collection.eq(p.delete_any_collection),
            m::manage_groups.eq(p.manage_groups),
            m::manage_users.eq(p.manage_users),
            m::manage_policies.eq(p.manage_policies),
            m::updated_at.eq(now),
        ))
        .execute(conn)
}

/// The caller's own member row in an organization (revoked ones included), if any.
pub fn of_user(conn: &mut DbConn, org_id: &str, user_id: &str) -> QueryResult<Option<MemberRow>> {
    m::table
        .left_join(users::table)
        .filter(m::organization_id.eq(org_id))
        .filter(m::user_id.eq(user_id))
        .select(member_columns!())
        .first(conn)
        .optional()
}
