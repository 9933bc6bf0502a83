//! Throttling of failed sign-ins, per account and per client address, kept in the database so
//! that several API instances on one PostgreSQL share it.
//!
//! Keys are hashed (`email:<sha256>`, `ip:<sha256>`) so the table holds no address or email in
//! clear. Only failures are recorded; a success clears the account's failures.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::db::schema::login_attempts;

/// How many failures a window allows, and how long the window is.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleLimits {
    /// Failures per account.
    pub per_account: i64,
    /// Failures per client address.
    pub per_address: i64,
    /// The sliding window, in seconds.
    pub window_secs: i64,
}

impl Default for ThrottleLimits {
    fn default() -> Self {
        Self { per_account: 10, per_address: 50, window_secs: 15 * 60 }
    }
}

fn key(kind: &str, value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    format!("{kind}:{}", digest.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>())
}

/// The throttle keys of one attempt.
pub fn keys(email: &str, address: Option<&str>) -> Vec<String> {
    let mut keys = vec![key("email", email)];
    if let Some(addr) = address {
        keys.push(key("ip", addr));
    }
    keys
}

/// `Some(seconds to wait)` when any key is over its limit.
pub fn check(
    conn: &mut DbConn,
    keys: &[String],
    limits: ThrottleLimits,
    now: NaiveDateTime,
) -> QueryResult<Option<u64>> {
    let since = now - TimeDelta::seconds(limits.window_secs);
    let mut wait: Option<u64> = None;
    for k in keys {
        let limit = if k.starts_with("email:") { limits.per_account } else { limits.per_address };
        let rows: Vec<NaiveDateTime> = login_attempts::table
            .filter(login_attempts::key.eq(k))
            .filter(login_attempts::attempted_at.gt(since))
            .order(login_attempts::attempted_at.desc())
            .select(login_attempts::attempted_at)
            .limit(limit)
            .load(conn)?;
        if rows.len() as i64 >= limit {
            // Free again when the oldest failure that counts leaves the window.
            let oldest = rows.last().copied().unwrap_or(now);
            let secs = (oldest + TimeDelta::seconds(limits.window_secs) - now).num_seconds().max(1) as u64;
            wait = Some(wait.map_or(secs, |w| w.max(secs)));
        }
    }
    Ok(wait)
}

/// Records one failure under every key, and forgets failures older than the window.
pub fn record_failure(
    conn: &mut DbConn,
    keys: &[String],
    limits: ThrottleLimits,
    now: NaiveDateTime,
) -> QueryResult<()> {
    for k in keys {
        diesel::insert_into(login_attempts::table)
            .values((
                login_attempts::id.eq(uuid::Uuid::now_v7().to_string()),
                login_attempts::key.eq(k),
                login_attempts::attempted_at.eq(now),
            ))
            .execute(conn)?;
    }
    let expired = now - TimeDelta::seconds(limits.window_secs);
    diesel::delete(login_attempts::table.filter(login_attempts::attempted_at.lt(expired))).execute(conn)?;
    Ok(())
}

/// Clears the account's failures after a successful sign-in.
pub fn clear_account(conn: &mut DbConn, email: &str) -> QueryResult<()> {
    diesel::delete(login_attempts::table.filter(login_attempts::key.eq(key("email", email)))).execute(conn)?;
    Ok(())
}
