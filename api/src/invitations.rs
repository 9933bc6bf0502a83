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
