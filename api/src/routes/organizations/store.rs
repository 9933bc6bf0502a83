//! Storage of organizations as their members see them: a standalone organization's creation with
//! its first Owner, and the organizations of one account.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::organizations::{CreateOrganization, MemberStatus, MemberType};

use crate::db::DbConn;
use crate::db::schema::{organization_members, organizations, providers};
use crate::pagination::{Cursor, PageRequest, contains_pattern};
use crate::routes::providers::client_store::OrgRow;
use crate::routes::providers::store::lower;

/// The caller's member row as listed next to an organization: (type, status, wrapped key).
pub type MemberFacts = (String, String, Option<String>);

/// Creates a standalone organization whose confirmed Owner is `user` (id, email, name); returns
/// its id.
pub fn create(
    conn: &mut DbConn,
    req: &CreateOrganization,
    billing_email: &str,
    user: (&str, &str, Option<&str>),
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(organizations::table)
        .values((
            organizations::id.eq(&id),
            organizations::name.eq(req.name.trim()),
            organizations::billing_email.eq(billing_email),
            organizations::plan.eq(req.plan.as_str()),
            organizations::seats.eq(req.seats),
            organizations::provider_id.eq(None::<String>),
            organizations::provider_wrapped_key.eq(None::<String>),
            organizations::created_at.eq(now),
            organizations::updated_at.eq(now),
        ))
        .execute(conn)?;
    let (user_id, email, name) = user;
    diesel::insert_into(organization_members::table)
        .values((
            organization_members::id.eq(uuid::Uuid::now_v7().to_string()),
            organization_members::organization_id.eq(&id),
            organization_members::user_id.eq(Some(user_id)),
            organization_members::email.eq(email),
            organization_members::name.eq(name),
            organization_members::type_.eq(MemberType::Owner.as_str()),
            organization_members::status.eq(MemberStatus::Confirmed.as_str()),
            organization_members::revoked_at.eq(None::<NaiveDateTime>),
            organization_members::access_event_logs.eq(false),
            organization_members::access_import_export.eq(false),
            organization_members::access_reports.eq(false),
            organization_members::create_new_collections.eq(false),
            organization_members::edit_any_collection.eq(false),
            organization_members::delete_any_collection.eq(false),
            organization_members::manage_groups.eq(false),
            organization_members::manage_users.eq(false),
            organization_members::manage_policies.eq(false),
            organization_members::wrapped_org_key.eq(Some(&req.wrapped_org_key)),
            organization_members::external_id.eq(None::<String>),
            organization_members::created_at.eq(now),
            organization_members::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A page of the organizations where `user_id` is an unrevoked member (accepted or confirmed;
/// invited members have no account linked yet), by name. `owners_only` keeps those where they
/// are a confirmed Owner.
pub fn list_mine(
    conn: &mut DbConn,
    user_id: &str,
    search: Option<&str>,
    owners_only: bool,
    page: &PageRequest,
) -> QueryResult<Vec<(OrgRow, MemberFacts)>> {
    use organization_members::dsl as m;
    use organizations::dsl as o;
    let mut q = o::organizations
        .inner_join(m::organization_members)
        .filter(m::user_id.eq(user_id))
        .filter(m::revoked_at.is_null())
        .select((OrgRow::as_select(), (m::type_, m::status, m::wrapped_org_key)))
        .into_boxed();
    if owners_only {
        q = q.filter(m::type_.eq("owner")).filter(m::status.eq("confirmed"));
    }
    if let Some(search) = search.filter(|s| !s.trim().is_empty()) {
        q = q.filter(lower(o::name).like(contains_pattern(search)).escape('\\'));
    }
    if let Some(Cursor { key, id }) = page.after.clone() {
        q = q.filter(o::name.gt(key.clone()).or(o::name.eq(key).and(o::id.gt(id))));
    }
    q.order((o::name.asc(), o::id.asc())).limit(page.limit + 1).load(conn)
}

/// The names of the given providers, in one query.
pub fn provider_names(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    providers::table.filter(providers::id.eq_any(ids.to_vec())).select((providers::id, providers::name)).load(conn)
}

/// Changes the billing email.
pub fn set_billing_email(conn: &mut DbConn, org_id: &str, email: &str) -> QueryResult<usize> {
    diesel::update(organizations::table.find(org_id)).set(organizations::billing_email.eq(email)).execute(conn)
}

/// Deletes an organization and, through the schema's cascades, everything inside it: members,
/// groups, collections, items, policies, API keys, invitations. Its events stay in the log.
pub fn delete(conn: &mut DbConn, org_id: &str) -> QueryResult<usize> {
    diesel::delete(organizations::table.find(org_id)).execute(conn)
}
