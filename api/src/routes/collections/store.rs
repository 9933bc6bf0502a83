//! Storage of an organization's collections.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::collections::{AccessLevel, Collection};

use crate::db::DbConn;
use crate::db::schema::{
    cipher_collections as cc, collection_groups as cg, collection_members as cm, collections as c,
};
use crate::pagination::{Cursor, PageRequest, contains_pattern};
use crate::routes::accounts::store::rfc3339;
use crate::routes::providers::store::lower;

/// A collection as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = c)]
pub struct CollectionRow {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub external_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl CollectionRow {
    /// The API's view, with the caller's own effective level and rights.
    pub fn to_collection(&self, level: Option<AccessLevel>, can_manage: bool) -> Collection {
        Collection {
            id: self.id.clone(),
            organization_id: self.organization_id.clone(),
            name: self.name.clone(),
            external_id: self.external_id.clone(),
            level,
            can_manage,
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
        }
    }
}

/// One collection of `org_id` (NotFound for another organization's).
pub fn find(conn: &mut DbConn, org_id: &str, id: &str) -> QueryResult<CollectionRow> {
    c::table.filter(c::organization_id.eq(org_id)).filter(c::id.eq(id)).select(CollectionRow::as_select()).first(conn)
}

/// A page of collections by name; `only` limits it to the given ids (the ones a member reaches).
pub fn list(
    conn: &mut DbConn,
    org_id: &str,
    search: Option<&str>,
    only: Option<&[String]>,
    page: &PageRequest,
) -> QueryResult<Vec<CollectionRow>> {
    let mut q = c::table.filter(c::organization_id.eq(org_id)).select(CollectionRow::as_select()).into_boxed();
    if let Some(only) = only {
        q = q.filter(c::id.eq_any(only.to_vec()));
    }
    if let Some(search) = search.filter(|s| !s.trim().is_empty()) {
        q = q.filter(lower(c::name).like(contains_pattern(search)).escape('\\'));
    }
    if let Some(Cursor { key, id }) = page.after.clone() {
        q = q.filter(c::name.gt(key.clone()).or(c::name.eq(key).and(c::id.gt(id))));
    }
    q.order((c::name.asc(), c::id.asc())).limit(page.limit + 1).load(conn)
}

/// Adds a collection; returns its id.
pub fn insert(
    conn: &mut DbConn,
    org_id: &str,
    name: &str,
    external_id: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(c::table)
        .values((
            c::id.eq(&id),
            c::organization_id.eq(org_id),
            c::name.eq(name),
            c::external_id.eq(external_id),
            c::created_at.eq(now),
            c::updated_at.eq(now),
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
    diesel::update(c::table.find(id))
        .set((c::name.eq(name), c::external_id.eq(external_id), c::updated_at.eq(now)))
        .execute(conn)
}

/// Deletes a collection with its grants and its item links; the items themselves stay.
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(cc::table.filter(cc::collection_id.eq(id))).execute(conn)?;
    diesel::delete(cm::table.filter(cm::collection_id.eq(id))).execute(conn)?;
    diesel::delete(cg::table.filter(cg::collection_id.eq(id))).execute(conn)?;
    diesel::delete(c::table.find(id)).execute(conn)
}
