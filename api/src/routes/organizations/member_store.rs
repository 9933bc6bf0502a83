//! Storage of an organization's members.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::organizations::{CustomPermissions, Member, MemberInvite, MemberStatus, MemberType};

use crate::db::DbConn;
use crate::db::schema::{organization_members as m, users};
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
    pub permissions: (bool, bool, bool, bool, bool, bool, bool, bool, bool),
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub name: Option<String>,
}

impl MemberRow {
    /// The API's view.
    pub fn to_member(&self) -> Member {
        let p = self.permissions;
        Member {
            id: self.id.clone(),
            organization_id: self.organization_id.clone(),
            user_id: self.user_id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            kind: MemberType::parse(&self.type_).unwrap_or(MemberType::User),
            status: MemberStatus::parse(&self.status).unwrap_or(MemberStatus::Invited),
            revoked: self.revoked_at.is_some(),
            permissions: CustomPermissions {
                access_event_logs: p.0,
                access_import_export: p.1,
                access_reports: p.2,
                create_new_collections: p.3,
                edit_any_collection: p.4,
                delete_any_collection: p.5,
                manage_groups: p.6,
                manage_users: p.7,
                manage_policies: p.8,
            },
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
