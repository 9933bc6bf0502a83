//! Storage of provider users.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::providers::{ProviderUser, ProviderUserStatus, ProviderUserType};

use super::store::lower_opt;
use crate::db::DbConn;
use crate::db::schema::{provider_users, users};
use crate::pagination::{Cursor, PageRequest, contains_pattern};
use crate::routes::accounts::store::rfc3339;

/// A provider user with the account's name.
#[derive(Debug, Clone, Queryable)]
pub struct ProviderUserRow {
    pub id: String,
    pub provider_id: String,
    pub user_id: Option<String>,
    pub email: String,
    pub type_: String,
    pub status: String,
    pub revoked_at: Option<NaiveDateTime>,
    pub wrapped_provider_key: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub name: Option<String>,
}

impl ProviderUserRow {
    /// The API's view.
    pub fn to_user(&self) -> ProviderUser {
        ProviderUser {
            id: self.id.clone(),
            provider_id: self.provider_id.clone(),
            user_id: self.user_id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            kind: ProviderUserType::parse(&self.type_).unwrap_or(ProviderUserType::ServiceUser),
            status: ProviderUserStatus::parse(&self.status).unwrap_or(ProviderUserStatus::Invited),
            revoked: self.revoked_at.is_some(),
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
            invitation_link: None,
        }
    }

    /// Whether this is a confirmed, unrevoked admin.
    pub fn is_active_admin(&self) -> bool {
        self.type_ == "admin" && self.status == "confirmed" && self.revoked_at.is_none()
    }
}

type Columns = (
    provider_users::id,
    provider_users::provider_id,
    provider_users::user_id,
    provider_users::email,
    provider_users::type_,
    provider_users::status,
    provider_users::revoked_at,
    provider_users::wrapped_provider_key,
    provider_users::created_at,
    provider_users::updated_at,
    diesel::dsl::Nullable<users::name>,
);

fn columns() -> Columns {
    (
        provider_users::id,
        provider_users::provider_id,
        provider_users::user_id,
        provider_users::email,
        provider_users::type_,
        provider_users::status,
        provider_users::revoked_at,
        provider_users::wrapped_provider_key,
        provider_users::created_at,
        provider_users::updated_at,
        users::name.nullable(),
    )
}

/// One provider user of `provider_id` (404 for another provider's).
pub fn find(conn: &mut DbConn, provider_id: &str, id: &str) -> QueryResult<ProviderUserRow> {
    provider_users::table
        .left_join(users::table)
        .filter(provider_users::provider_id.eq(provider_id))
        .filter(provider_users::id.eq(id))
        .select(columns())
        .first(conn)
}

/// The caller's own row in a provider.
pub fn of_user(conn: &mut DbConn, provider_id: &str, user_id: &str) -> QueryResult<Option<ProviderUserRow>> {
    provider_users::table
        .left_join(users::table)
        .filter(provider_users::provider_id.eq(provider_id))
        .filter(provider_users::user_id.eq(user_id))
        .select(columns())
        .first(conn)
        .optional()
}

/// Whether the address is already a provider user of `provider_id`.
pub fn email_taken(conn: &mut DbConn, provider_id: &str, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        provider_users::table
            .filter(provider_users::provider_id.eq(provider_id))
            .filter(provider_users::email.eq(email)),
    ))
    .get_result(conn)
}

/// A page of a provider's users by email then id.
pub fn list(
    conn: &mut DbConn,
    provider_id: &str,
    search: Option<&str>,
    kind: Option<ProviderUserType>,
    status: Option<&str>,
    page: &PageRequest,
) -> QueryResult<Vec<ProviderUserRow>> {
    let mut query = provider_users::table
        .left_join(users::table)
        .filter(provider_users::provider_id.eq(provider_id))
        .select(columns())
        .into_boxed();
    if let Some(search) = search.filter(|s| !s.trim().is_empty()) {
        let pattern = contains_pattern(search);
        query = query.filter(
            provider_users::email
                .like(pattern.clone())
                .escape('\\')
                .or(lower_opt(users::name.nullable()).like(pattern).escape('\\')),
        );
    }
    if let Some(kind) = kind {
        query = query.filter(provider_users::type_.eq(kind.as_str()));
    }
    match status {
        Some("revoked") => query = query.filter(provider_users::revoked_at.is_not_null()),
        Some(s) => {
            query = query.filter(provider_users::status.eq(s.to_owned())).filter(provider_users::revoked_at.is_null())
        }
        None => {}
    }
    if let Some(Cursor { key, id }) = &page.after {
        query = query.filter(
            provider_users::email
                .gt(key.clone())
                .or(provider_users::email.eq(key.clone()).and(provider_users::id.gt(id.clone()))),
        );
    }
    query.order((provider_users::email.asc(), provider_users::id.asc())).limit(page.limit + 1).load(conn)
}

/// Sets the type.
pub fn set_type(conn: &mut DbConn, id: &str, kind: ProviderUserType, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(provider_users::table.find(id))
        .set((provider_users::type_.eq(kind.as_str()), provider_users::updated_at.eq(now)))
        .execute(conn)
}

/// Confirms with the wrapped provider key.
pub fn confirm(conn: &mut DbConn, id: &str, wrapped: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(provider_users::table.find(id).filter(provider_users::status.eq("accepted")))
        .set((
            provider_users::status.eq("confirmed"),
            provider_users::wrapped_provider_key.eq(Some(wrapped)),
            provider_users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Revokes (`true`) or restores (`false`); the status is kept either way.
pub fn set_revoked(conn: &mut DbConn, id: &str, revoked: bool, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(provider_users::table.find(id))
        .set((provider_users::revoked_at.eq(revoked.then_some(now)), provider_users::updated_at.eq(now)))
        .execute(conn)
}

/// Removes for good (its invitations go with it).
pub fn remove(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(provider_users::table.find(id)).execute(conn)
}
