//! Single-use, expiring tokens sent by mail: email changes now; provider users and organization
//! members (next slices). Only a hash of each token is stored, and each is bound to the email
//! it was sent to.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::auth::sessions::{hash_secret, new_secret};
use crate::db::DbConn;
use crate::db::schema::invitations;
use crate::error::ApiError;

/// How long an email-change link works.
pub const EMAIL_CHANGE_TTL_HOURS: i64 = 24;

/// Makes an email-change token for `user_id` and `new_email`, replacing earlier unused ones.
pub fn create_email_change(
    conn: &mut DbConn,
    user_id: &str,
    new_email: &str,
    now: NaiveDateTime,
) -> Result<String, ApiError> {
    diesel::delete(
        invitations::table
            .filter(invitations::kind.eq("email_change"))
            .filter(invitations::user_id.eq(user_id))
            .filter(invitations::used_at.is_null()),
    )
    .execute(conn)?;
    let token = new_secret()?;
    diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(uuid::Uuid::now_v7().to_string()),
            invitations::token_hash.eq(hash_secret(&token)),
            invitations::email.eq(new_email),
            invitations::kind.eq("email_change"),
            invitations::user_id.eq(Some(user_id)),
            invitations::created_by.eq(Some(user_id)),
            invitations::created_at.eq(now),
            invitations::expires_at.eq(now + TimeDelta::hours(EMAIL_CHANGE_TTL_HOURS)),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Spends an email-change token: `(user id, new email)` if it is valid, unused and unexpired.
pub fn redeem_email_change(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
) -> Result<Option<(String, String)>, ApiError> {
    let row: Option<(String, Option<String>, String)> = invitations::table
        .filter(invitations::token_hash.eq(hash_secret(token)))
        .filter(invitations::kind.eq("email_change"))
        .filter(invitations::used_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .select((invitations::id, invitations::user_id, invitations::email))
        .first(conn)
        .optional()?;
    let Some((id, Some(user_id), email)) = row else { return Ok(None) };
    let spent = diesel::update(invitations::table.find(&id).filter(invitations::used_at.is_null()))
        .set(invitations::used_at.eq(Some(now)))
        .execute(conn)?;
    Ok((spent == 1).then_some((user_id, email)))
}

/// How long an invitation to a provider or an organization works.
pub const INVITATION_TTL_DAYS: i64 = 7;

/// Makes an invitation token for an invited provider user, replacing earlier unused ones.
pub fn create_for_provider_user(
    conn: &mut DbConn,
    provider_user_id: &str,
    email: &str,
    created_by: Option<&str>,
    now: NaiveDateTime,
) -> Result<String, ApiError> {
    diesel::delete(
        invitations::table
            .filter(invitations::provider_user_id.eq(provider_user_id))
            .filter(invitations::used_at.is_null()),
    )
    .execute(conn)?;
    let token = new_secret()?;
    diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(uuid::Uuid::now_v7().to_string()),
            invitations::token_hash.eq(hash_secret(&token)),
            invitations::email.eq(email),
            invitations::kind.eq("provider_user"),
            invitations::provider_user_id.eq(Some(provider_user_id)),
            invitations::created_by.eq(created_by),
            invitations::created_at.eq(now),
            invitations::expires_at.eq(now + TimeDelta::days(INVITATION_TTL_DAYS)),
        ))
        .execute(conn)?;
    Ok(token)
}

/// A live invitation found by its token.
#[derive(Debug, Clone, Queryable)]
pub struct Found {
    /// The invitation's id.
    pub id: String,
    /// The address it was sent to.
    pub email: String,
    /// `provider_user` or `organization_member`.
    pub kind: String,
    /// The invited provider user, for `provider_user`.
    pub provider_user_id: Option<String>,
    /// The invited member, for `organization_member`.
    pub organization_member_id: Option<String>,
}

/// The unused, unexpired provider or organization invitation with this token.
pub fn find(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> QueryResult<Option<Found>> {
    invitations::table
        .filter(invitations::token_hash.eq(hash_secret(token)))
        .filter(invitations::kind.eq_any(["provider_user", "organization_member"]))
        .filter(invitations::used_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .select((
            invitations::id,
            invitations::email,
            invitations::kind,
            invitations::provider_user_id,
            invitations::organization_member_id,
        ))
        .first(conn)
        .optional()
}

/// Marks an invitation used; false when a concurrent request used it first.
pub fn spend(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(invitations::table.find(id).filter(invitations::used_at.is_null()))
        .set(invitations::used_at.eq(Some(now)))
        .execute(conn)?;
    Ok(n == 1)
}

/// Makes an invitation token for an invited organization member, replacing earlier unused ones.
pub fn create_for_member(
    conn: &mut DbConn,
    member_id: &str,
    email: &str,
    created_by: Option<&str>,
    now: NaiveDateTime,
) -> Result<String, ApiError> {
    diesel::delete(
        invitations::table
            .filter(invitations::organization_member_id.eq(member_id))
            .filter(invitations::used_at.is_null()),
    )
    .execute(conn)?;
    let token = new_secret()?;
    diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(uuid::Uuid::now_v7().to_string()),
            invitations::token_hash.eq(hash_secret(&token)),
            invitations::email.eq(email),
            invitations::kind.eq("organization_member"),
            invitations::organization_member_id.eq(Some(member_id)),
            invitations::created_by.eq(created_by),
            invitations::created_at.eq(now),
            invitations::expires_at.eq(now + TimeDelta::days(INVITATION_TTL_DAYS)),
        ))
        .execute(conn)?;
    Ok(token)
}
