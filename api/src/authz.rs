//! Who may do what: the one place that decides a caller's relation to a provider (and, through
//! it, to the provider's client organizations). Handlers call these functions and never trust ids
//! from a body.
//!
//! Tenants are walls: a caller with no relation to a provider gets 404 (it does not exist for
//! them); a caller with a relation but too low a role gets 403.

use diesel::prelude::*;
use portal_shared::providers::ProviderStatus;

use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::db::schema::{provider_users, providers};
use crate::error::ApiError;

/// A provider user's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderRole {
    /// Manages the provider, its users, its clients; and everything a Service User can do.
    Admin,
    /// Full administrative access inside every client organization.
    ServiceUser,
}

impl ProviderRole {
    /// From the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(ProviderRole::Admin),
            "service_user" => Some(ProviderRole::ServiceUser),
            _ => None,
        }
    }
}

/// What a request needs of its caller for a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderNeed {
    /// See the provider and its client list: any confirmed provider user, or an instance admin.
    Read,
    /// Manage the provider (its users, settings, clients): a confirmed Provider Admin.
    Admin,
    /// Manage the provider's settings: a confirmed Provider Admin or an instance admin.
    AdminOrInstance,
    /// Instance administration (disable, enable): an instance admin.
    Instance,
}

/// The caller's established relation to a provider.
#[derive(Debug, Clone)]
pub struct ProviderAccess {
    /// The provider.
    pub provider_id: String,
    /// Its status.
    pub status: ProviderStatus,
    /// The caller's provider user row and role, when they are one (not for instance admins
    /// acting as such).
    pub member: Option<(String, ProviderRole)>,
    /// Whether the caller is an instance admin.
    pub instance_admin: bool,
}

/// The confirmed, unrevoked provider user row of `user_id` in `provider_id`: (row id, role).
fn confirmed_member(
    conn: &mut DbConn,
    user_id: &str,
    provider_id: &str,
) -> QueryResult<Option<(String, ProviderRole)>> {
    let row: Option<(String, String)> = provider_users::table
        .filter(provider_users::provider_id.eq(provider_id))
        .filter(provider_users::user_id.eq(user_id))
        .filter(provider_users::status.eq("confirmed"))
        .filter(provider_users::revoked_at.is_null())
        .select((provider_users::id, provider_users::type_))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(id, t)| ProviderRole::parse(&t).map(|r| (id, r))))
}

/// Decides whether `me` may do what `need` says in `provider_id`.
///
/// A disabled provider is invisible to its own users (404) and open to instance admins only. A
/// pending provider is reachable only through its setup, which has its own check.
pub fn provider(
    conn: &mut DbConn,
    me: &AuthUser,
    provider_id: &str,
    need: ProviderNeed,
) -> Result<ProviderAccess, ApiError> {
    let status: Option<String> = providers::table.find(provider_id).select(providers::status).first(conn).optional()?;
    let status = status.and_then(|s| ProviderStatus::parse(&s)).ok_or(ApiError::NotFound)?;
    let member = if status == ProviderStatus::Active { confirmed_member(conn, &me.id, provider_id)? } else { None };
    let access =
        ProviderAccess { provider_id: provider_id.to_owned(), status, member, instance_admin: me.is_instance_admin };
    let role = access.member.as_ref().map(|(_, r)| *r);
    let allowed = match need {
        ProviderNeed::Read => role.is_some() || me.is_instance_admin,
        ProviderNeed::Admin => role == Some(ProviderRole::Admin),
        ProviderNeed::AdminOrInstance => role == Some(ProviderRole::Admin) || me.is_instance_admin,
        ProviderNeed::Instance => me.is_instance_admin,
    };
    if allowed {
        Ok(access)
    } else if role.is_some() || me.is_instance_admin {
        Err(ApiError::Forbidden)
    } else {
        Err(ApiError::NotFound)
    }
}

/// The providers `me` can see: all for instance admins; otherwise the active providers where
/// they are a confirmed, unrevoked provider user. Used to scope lists.
pub fn visible_provider_ids(conn: &mut DbConn, me: &AuthUser) -> QueryResult<Option<Vec<String>>> {
    if me.is_instance_admin {
        return Ok(None);
    }
    provider_users::table
        .inner_join(providers::table)
        .filter(provider_users::user_id.eq(&me.id))
        .filter(provider_users::status.eq("confirmed"))
        .filter(provider_users::revoked_at.is_null())
        .filter(providers::status.eq("active"))
        .select(providers::id)
        .load(conn)
        .map(Some)
}

/// Serializes changes to a provider's users (the last-admin rule) under concurrency.
///
/// backend: PostgreSQL locks the provider row until the transaction ends; SQLite's write
/// transactions (`BEGIN IMMEDIATE`) are already serialized.
pub fn lock_provider(conn: &mut DbConn, provider_id: &str) -> QueryResult<()> {
    match conn {
        DbConn::Pg(pg) => {
            diesel::sql_query("SELECT id FROM providers WHERE id = $1 FOR UPDATE")
                .bind::<diesel::sql_types::Text, _>(provider_id)
                .execute(pg)?;
        }
        DbConn::Sqlite(_) => {}
    }
    Ok(())
}

/// Refuses to remove, revoke or demote the last confirmed, unrevoked Provider Admin.
pub fn ensure_not_last_admin(conn: &mut DbConn, provider_id: &str, provider_user_id: &str) -> Result<(), ApiError> {
    let admins: Vec<String> = provider_users::table
        .filter(provider_users::provider_id.eq(provider_id))
        .filter(provider_users::type_.eq("admin"))
        .filter(provider_users::status.eq("confirmed"))
        .filter(provider_users::revoked_at.is_null())
        .select(provider_users::id)
        .load(conn)?;
    if admins.len() <= 1 && admins.iter().any(|id| id == provider_user_id) {
        return Err(ApiError::ConflictBecause(
            "last-admin",
            "This is the provider's last confirmed Provider Admin: make someone else an admin first.".into(),
        ));
    }
    Ok(())
}
