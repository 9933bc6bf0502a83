//! The audit trail: every change and every sign-in is an event, written in the same transaction
//! as the change it records.

use diesel::prelude::*;

use crate::auth::ClientInfo;
use crate::db::schema::events;
use crate::db::{DbConn, now};

/// Event actions. Names are `<area>.<what happened>`; clients may meet new ones.
pub mod action {
    /// An account was created.
    pub const ACCOUNT_REGISTERED: &str = "account.registered";
    /// A successful sign-in.
    pub const SIGNED_IN: &str = "account.signed_in";
    /// A failed sign-in (wrong password or code) on a known account.
    pub const SIGN_IN_FAILED: &str = "account.sign_in_failed";
    /// A reused refresh token ended a session.
    pub const SESSION_REUSE_DETECTED: &str = "account.session_reuse_detected";
    /// Signed out.
    pub const SIGNED_OUT: &str = "account.signed_out";
    /// Profile changed.
    pub const ACCOUNT_UPDATED: &str = "account.updated";
    /// Master password or KDF changed.
    pub const PASSWORD_CHANGED: &str = "account.password_changed";
    /// Email change asked.
    pub const EMAIL_CHANGE_REQUESTED: &str = "account.email_change_requested";
    /// Email changed.
    pub const EMAIL_CHANGED: &str = "account.email_changed";
    /// Two-step login turned on.
    pub const TWO_STEP_ENABLED: &str = "account.two_step_enabled";
    /// Two-step login turned off.
    pub const TWO_STEP_DISABLED: &str = "account.two_step_disabled";
    /// An API key was exchanged for a token.
    pub const API_KEY_USED: &str = "api_key.token_issued";
}

/// One event to record.
#[derive(Debug, Default, Clone)]
pub struct NewEvent<'a> {
    /// What happened (see [`action`]).
    pub action: &'a str,
    /// The user who did it.
    pub actor_user_id: Option<&'a str>,
    /// The API key that did it.
    pub actor_api_key_id: Option<&'a str>,
    /// The organization it happened in.
    pub organization_id: Option<&'a str>,
    /// The provider it happened in (or whose user acted).
    pub provider_id: Option<&'a str>,
    /// The kind of thing acted on (`user`, `member`, `collection`, ...).
    pub target_type: Option<&'a str>,
    /// Its id.
    pub target_id: Option<&'a str>,
    /// Details (names that may later disappear, old and new values). Never a secret.
    pub data: Option<serde_json::Value>,
}

/// Writes `event` with the client's address and user agent.
pub fn record(conn: &mut DbConn, event: NewEvent<'_>, client: &ClientInfo) -> QueryResult<()> {
    diesel::insert_into(events::table)
        .values((
            events::id.eq(uuid::Uuid::now_v7().to_string()),
            events::action.eq(event.action),
            events::actor_user_id.eq(event.actor_user_id),
            events::actor_api_key_id.eq(event.actor_api_key_id),
            events::organization_id.eq(event.organization_id),
            events::provider_id.eq(event.provider_id),
            events::target_type.eq(event.target_type),
            events::target_id.eq(event.target_id),
            events::ip_address.eq(client.ip.as_deref()),
            events::user_agent.eq(client.user_agent.as_deref()),
            events::device.eq(None::<String>),
            events::data.eq(event.data.map(|d| d.to_string())),
            events::occurred_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}
