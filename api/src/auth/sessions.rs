//! Refresh sessions: random single-use refresh tokens stored as SHA-256 hashes, rotated on every
//! use. Each sign-in starts a family; presenting a token that was already used (a stolen copy, or
//! a replay) revokes the whole family.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::db::schema::refresh_tokens;
use crate::error::ApiError;

/// A hash of a presented secret, for lookup.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    URL_SAFE_NO_PAD.encode(digest)
}

/// A new random 32-byte secret, base64url.
pub fn new_secret() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Where a session was started from.
#[derive(Debug, Clone, Default)]
pub struct Device {
    /// The client's name for itself.
    pub name: Option<String>,
    /// Its user agent.
    pub user_agent: Option<String>,
}

/// Starts a family (`family = None`) or continues one; returns the new refresh token.
pub fn mint(
    conn: &mut DbConn,
    user_id: &str,
    family: Option<&str>,
    device: &Device,
    ttl_secs: i64,
    now: NaiveDateTime,
) -> Result<String, ApiError> {
    let secret = new_secret()?;
    let id = uuid::Uuid::now_v7().to_string();
    let family = family.map(str::to_owned).unwrap_or_else(|| id.clone());
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(&id),
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::family_id.eq(&family),
            refresh_tokens::token_hash.eq(hash_secret(&secret)),
            refresh_tokens::device.eq(device.name.as_deref()),
            refresh_tokens::user_agent.eq(device.user_agent.as_deref()),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(now + TimeDelta::seconds(ttl_secs)),
        ))
        .execute(conn)?;
    Ok(secret)
}

/// What a presented refresh token turned out to be.
pub enum Presented {
    /// Valid: the token is now spent; continue the family for this user.
    Valid {
        /// The user.
        user_id: String,
        /// The family to continue.
        family_id: String,
        /// The device recorded at sign-in.
        device: Device,
    },
    /// Unknown, expired or revoked.
    Invalid,
    /// Already used: the family has been revoked.
    Reused,
}

/// id, user, family, device, user agent, expiry, used, revoked.
type SessionRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// Spends a refresh token (within the caller's transaction).
pub fn spend(conn: &mut DbConn, secret: &str, now: NaiveDateTime) -> Result<Presented, ApiError> {
    let row: Option<SessionRow> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash_secret(secret)))
        .select((
            refresh_tokens::id,
            refresh_tokens::user_id,
            refresh_tokens::family_id,
            refresh_tokens::device,
            refresh_tokens::user_agent,
            refresh_tokens::expires_at,
            refresh_tokens::used_at,
            refresh_tokens::revoked_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, user_id, family_id, device, user_agent, expires_at, used_at, revoked_at)) = row else {
        return Ok(Presented::Invalid);
    };
    if revoked_at.is_some() || expires_at <= now {
        return Ok(Presented::Invalid);
    }
    if used_at.is_some() {
        revoke_family(conn, &family_id, now)?;
        return Ok(Presented::Reused);
    }
    // Guarded update: of two concurrent uses of one token, exactly one wins.
    let spent = diesel::update(
        refresh_tokens::table.filter(refresh_tokens::id.eq(&id)).filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(conn)?;
    if spent == 0 {
        revoke_family(conn, &family_id, now)?;
        return Ok(Presented::Reused);
    }
    Ok(Presented::Valid { user_id, family_id, device: Device { name: device, user_agent } })
}

/// Ends one session.
pub fn revoke_family(conn: &mut DbConn, family_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
}

/// Ends every session of a user.
pub fn revoke_all(conn: &mut DbConn, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
}

/// The family of a refresh token (for sign-out), if the token is known.
pub fn family_of(conn: &mut DbConn, secret: &str) -> QueryResult<Option<(String, String)>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash_secret(secret)))
        .select((refresh_tokens::family_id, refresh_tokens::user_id))
        .first(conn)
        .optional()
}
