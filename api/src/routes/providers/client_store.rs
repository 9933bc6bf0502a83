//! Storage of client organizations as their provider sees them.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::clients::{Client, ClientStatus, Plan};

use super::store::lower;
use crate::db::DbConn;
use crate::db::schema::{organization_members, organizations};
use crate::pagination::{Cursor, PageRequest, contains_pattern};
use crate::routes::accounts::store::rfc3339;

/// An `organizations` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct OrgRow {
    pub id: String,
    pub name: String,
    pub billing_email: String,
    pub plan: String,
    pub seats: Option<i32>,
    pub provider_id: Option<String>,
    pub provider_wrapped_key: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Per organization: seats used, members awaiting confirmation, whether a confirmed Owner exists.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub seats_used: i64,
    pub awaiting: i64,
    pub confirmed_owner: bool,
}

impl OrgRow {
    /// The provider's view, with the counts.
    pub fn to_client(&self, counts: Counts) -> Client {
        Client {
            id: self.id.clone(),
            name: self.name.clone(),
            billing_email: self.billing_email.clone(),
            plan: Plan::parse(&self.plan).unwrap_or(Plan::Teams),
            seats: self.seats,
            seats_used: counts.seats_used,
            awaiting_confirmation: counts.awaiting,
            status: if counts.confirmed_owner { ClientStatus::Active } else { ClientStatus::Pending },
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
            invitation_link: None,
        }
    }
}

/// The format of `created` sort keys in cursors.
const TIME_KEY: &str = "%Y-%m-%dT%H:%M:%S%.6f";

/// A client of `provider_id` (404 for anything else).
pub fn find(conn: &mut DbConn, provider_id: &str, org_id: &str) -> QueryResult<OrgRow> {
    organizations::table
        .filter(organizations::id.eq(org_id))
        .filter(organizations::provider_id.eq(provider_id))
        .select(OrgRow::as_select())
        .first(conn)
}

/// Any organization.
pub fn org(conn: &mut DbConn, org_id: &str) -> QueryResult<Option<OrgRow>> {
    organizations::table.find(org_id).select(OrgRow::as_select()).first(conn).optional()
}

/// The counts of many organizations in one query.
pub fn counts(conn: &mut DbConn, org_ids: &[String]) -> QueryResult<HashMap<String, Counts>> {
    let rows: Vec<(String, String, String, i64)> = organization_members::table
        .filter(organization_members::organization_id.eq_any(org_ids.to_vec()))
        .filter(organization_members::revoked_at.is_null())
        .group_by((organization_members::organization_id, organization_members::status, organization_members::type_))
        .select((
            organization_members::organization_id,
            organization_members::status,
            organization_members::type_,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let mut out: HashMap<String, Counts> = HashMap::new();
    for (org, status, kind, n) in rows {
        let c = out.entry(org).or_default();
        c.seats_used += n;
        if status == "accepted" {
            c.awaiting += n;
        }
        if status == "confirmed" && kind == "owner" {
            c.confirmed_owner = true;
        }
    }
    Ok(out)
}

/// The seats in use in one organization.
pub fn seats_used(conn: &mut DbConn, org_id: &str) -> QueryResult<i64> {
    let id = org_id.to_owned();
    Ok(counts(conn, std::slice::from_ref(&id))?.get(&id).map_or(0, |n| n.seats_used))
}

/// A page of a provider's clients in the requested order.
pub fn list(
    conn: &mut DbConn,
    provider_id: &str,
    search: Option<&str>,
    sort: &str,
    page: &PageRequest,
) -> QueryResult<Vec<OrgRow>> {
    use organizations::dsl as o;
    let mut q = o::organizations.filter(o::provider_id.eq(provider_id)).select(OrgRow::as_select()).into_boxed();
    if let Some(search) = search.filter(|s| !s.trim().is_empty()) {
        q = q.filter(lower(o::name).like(contains_pattern(search)).escape('\\'));
    }
    let after = page.after.clone();
    let time = |key: &str| NaiveDateTime::parse_from_str(key, TIME_KEY).ok();
    q = match (sort, after) {
        ("-name", Some(Cursor { key, id })) => q.filter(o::name.lt(key.clone()).or(o::name.eq(key).and(o::id.lt(id)))),
        ("created", Some(Cursor { key, id })) => match time(&key) {
            Some(t) => q.filter(o::created_at.gt(t).or(o::created_at.eq(t).and(o::id.gt(id)))),
            None => q.filter(o::id.ne(o::id)),
        },
        ("-created", Some(Cursor { key, id })) => match time(&key) {
            Some(t) => q.filter(o::created_at.lt(t).or(o::created_at.eq(t).and(o::id.lt(id)))),
            None => q.filter(o::id.ne(o::id)),
        },
        (_, Some(Cursor { key, id })) => q.filter(o::name.gt(key.clone()).or(o::name.eq(key).and(o::id.gt(id)))),
        (_, None) => q,
    };
    q = match sort {
        "-name" => q.order((o::name.desc(), o::id.desc())),
        "created" => q.order((o::created_at.asc(), o::id.asc())),
        "-created" => q.order((o::created_at.desc(), o::id.desc())),
        _ => q.order((o::name.asc(), o::id.asc())),
    };
    q.limit(page.limit + 1).load(conn)
}

/// The cursor of a row in the given order.
pub fn cursor_of(row: &OrgRow, sort: &str) -> Cursor {
    let key = match sort {
        "created" | "-created" => row.created_at.format(TIME_KEY).to_string(),
        _ => row.name.clone(),
    };
    Cursor { key, id: row.id.clone() }
}

/// Creates a client organization and its invited Owner; returns (organization id, member id).
pub fn create(
    conn: &mut DbConn,
    provider_id: &str,
    req: &portal_shared::clients::CreateClient,
    billing_email: &str,
    owner_email: &str,
    now: NaiveDateTime,
) -> QueryResult<(String, String)> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(organizations::table)
        .values((
            organizations::id.eq(&id),
            organizations::name.eq(req.name.trim()),
            organizations::billing_email.eq(billing_email),
            organizations::plan.eq(req.plan.as_str()),
            organizations::seats.eq(req.seats),
            organizations::provider_id.eq(Some(provider_id)),
            organizations::provider_wrapped_key.eq(Some(&req.provider_wrapped_key)),
            organizations::created_at.eq(now),
            organizations::updated_at.eq(now),
        ))
        .execute(conn)?;
    let member = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(organization_members::table)
        .values((
            organization_members::id.eq(&member),
            organization_members::organization_id.eq(&id),
            organization_members::user_id.eq(None::<String>),
            organization_members::email.eq(owner_email),
            organization_members::name.eq(None::<String>),
            organization_members::type_.eq("owner"),
            organization_members::status.eq("invited"),
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
            organization_members::wrapped_org_key.eq(None::<String>),
            organization_members::external_id.eq(None::<String>),
            organization_members::created_at.eq(now),
            organization_members::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok((id, member))
}

/// Whether `user_id` is a confirmed, unrevoked Owner of `org_id`.
pub fn is_confirmed_owner(conn: &mut DbConn, org_id: &str, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        organization_members::table
            .filter(organization_members::organization_id.eq(org_id))
            .filter(organization_members::user_id.eq(user_id))
            .filter(organization_members::type_.eq("owner"))
            .filter(organization_members::status.eq("confirmed"))
            .filter(organization_members::revoked_at.is_null()),
    ))
    .get_result(conn)
}

/// Sets or clears the provider of an organization.
pub fn set_provider(
    conn: &mut DbConn,
    org_id: &str,
    provider: Option<(&str, &str)>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(organizations::table.find(org_id))
        .set((
            organizations::provider_id.eq(provider.map(|p| p.0)),
            organizations::provider_wrapped_key.eq(provider.map(|p| p.1)),
            organizations::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Changes name, plan and seats.
pub fn update(
    conn: &mut DbConn,
    org_id: &str,
    name: Option<&str>,
    plan: Option<Plan>,
    seats: Option<Option<i32>>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    if let Some(name) = name {
        diesel::update(organizations::table.find(org_id)).set(organizations::name.eq(name.trim())).execute(conn)?;
    }
    if let Some(plan) = plan {
        diesel::update(organizations::table.find(org_id)).set(organizations::plan.eq(plan.as_str())).execute(conn)?;
    }
    if let Some(seats) = seats {
        diesel::update(organizations::table.find(org_id)).set(organizations::seats.eq(seats)).execute(conn)?;
    }
    diesel::update(organizations::table.find(org_id)).set(organizations::updated_at.eq(now)).execute(conn)
}
