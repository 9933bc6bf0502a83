//! Storage of an organization's groups and their members.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::collections::CollectionGrant;
use portal_shared::groups::{Group, GroupDetails};

use crate::db::DbConn;
use crate::db::schema::{group_members as gm, groups as g};
use crate::pagination::{Cursor, PageRequest, contains_pattern};
use crate::routes::accounts::store::rfc3339;
use crate::routes::providers::store::lower;

/// A group as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = g)]
pub struct GroupRow {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub external_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl GroupRow {
    /// The API's view, with its size and grants.
    pub fn to_group(&self, member_count: i64, collections: Vec<CollectionGrant>) -> Group {
        Group {
            id: self.id.clone(),
            organization_id: self.organization_id.clone(),
            name: self.name.clone(),
            external_id: self.external_id.clone(),
            member_count: u32::try_from(member_count).unwrap_or(u32::MAX),
            collections,
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
        }
    }
}

/// One group of `org_id` (NotFound for another organization's).
pub fn find(conn: &mut DbConn, org_id: &str, id: &str) -> QueryResult<GroupRow> {
    g::table.filter(g::organization_id.eq(org_id)).filter(g::id.eq(id)).select(GroupRow::as_select()).first(conn)
}

/// A page of groups by name.
pub fn list(conn: &mut DbConn, org_id: &str, search: Option<&str>, page: &PageRequest) -> QueryResult<Vec<GroupRow>> {
    let mut q = g::table.filter(g::organization_id.eq(org_id)).select(GroupRow::as_select()).into_boxed();
    if let Some(search) = search.filter(|s| !s.trim().is_empty()) {
        q = q.filter(lower(g::name).like(contains_pattern(search)).escape('\\'));
    }
    if let Some(Cursor { key, id }) = page.after.clone() {
        q = q.filter(g::name.gt(key.clone()).or(g::name.eq(key).and(g::id.gt(id))));
    }
    q.order((g::name.asc(), g::id.asc())).limit(page.limit + 1).load(conn)
}

/// Adds a group; returns its id.
pub fn insert(
    conn: &mut DbConn,
    org_id: &str,
    name: &str,
    external_id: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(g::table)
        .values((
            g::id.eq(&id),
            g::organization_id.eq(org_id),
            g::name.eq(name),
            g::external_id.eq(external_id),
            g::created_at.eq(now),
            g::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Sets the name and external id, and bumps the revision.
pub fn update(
    conn: &mut DbConn,
    id: &str,
    name: &str,
    external_id: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(g::table.find(id))
        .set((g::name.eq(name), g::external_id.eq(external_id), g::updated_at.eq(now)))
        .execute(conn)
}

/// Deletes a group; its member links and grants go with it, its members stay.
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(gm::table.filter(gm::group_id.eq(id))).execute(conn)?;
    diesel::delete(crate::db::schema::collection_groups::table)
        .filter(crate::db::schema::collection_groups::group_id.eq(id))
        .execute(conn)?;
    diesel::delete(g::table.find(id)).execute(conn)
}

/// How many members each of the given groups has, in one query.
pub fn member_counts(conn: &mut DbConn, group_ids: &[String]) -> QueryResult<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = gm::table
        .filter(gm::group_id.eq_any(group_ids))
        .group_by(gm::group_id)
        .select((gm::group_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The member ids of one group.
pub fn member_ids(conn: &mut DbConn, group_id: &str) -> QueryResult<Vec<String>> {
    gm::table.filter(gm::group_id.eq(group_id)).select(gm::member_id).order(gm::member_id).load(conn)
}

/// Replaces a group's members.
pub fn replace_members(conn: &mut DbConn, group_id: &str, member_ids: &[String]) -> QueryResult<()> {
    diesel::delete(gm::table.filter(gm::group_id.eq(group_id))).execute(conn)?;
    for member_id in member_ids {
        diesel::insert_into(gm::table)
            .values((gm::group_id.eq(group_id), gm::member_id.eq(member_id)))
            .execute(conn)?;
    }
    Ok(())
}

/// One group with its members and grants.
pub fn details(conn: &mut DbConn, org_id: &str, id: &str) -> QueryResult<GroupDetails> {
    let row = find(conn, org_id, id)?;
    let members = member_ids(conn, id)?;
    let mut grants = crate::routes::collections::access::grants_of_groups(conn, std::slice::from_ref(&row.id))?;
    let group =
        row.to_group(i64::try_from(members.len()).unwrap_or(i64::MAX), grants.remove(&row.id).unwrap_or_default());
    Ok(GroupDetails { group, members })
}
