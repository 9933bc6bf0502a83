//! The audit trail: every change and every sign-in is an event, written in the same transaction
//! as the change it records.

use diesel::prelude::*;

use crate::auth::{Caller, ClientInfo};
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
    /// A standalone organization was created.
    pub const ORGANIZATION_CREATED: &str = "organization.created";
    /// An organization's settings changed.
    pub const ORGANIZATION_UPDATED: &str = "organization.updated";
    /// An organization was deleted with everything in it.
    pub const ORGANIZATION_DELETED: &str = "organization.deleted";
    /// Someone was invited to an organization.
    pub const MEMBER_INVITED: &str = "member.invited";
    /// A member was handed the organization key.
    pub const MEMBER_CONFIRMED: &str = "member.confirmed";
    /// A member lost all access, keeping their record.
    pub const MEMBER_REVOKED: &str = "member.revoked";
    /// A revoked member got their access back.
    pub const MEMBER_RESTORED: &str = "member.restored";
    /// A member was removed for good.
    pub const MEMBER_REMOVED: &str = "member.removed";
    /// A member's type, permissions, groups or access changed.
    pub const MEMBER_UPDATED: &str = "member.updated";
    /// A member who had not accepted was sent a new link.
    pub const MEMBER_REINVITED: &str = "member.reinvited";
    /// A member left the organization.
    pub const MEMBER_LEFT: &str = "member.left";
    /// A member accepted an invitation to an organization.
    pub const MEMBER_ACCEPTED: &str = "member.accepted";
    /// A group was created.
    pub const GROUP_CREATED: &str = "group.created";
    /// A group's name, members or collection grants changed.
    pub const GROUP_UPDATED: &str = "group.updated";
    /// A group was deleted (its members stay).
    pub const GROUP_DELETED: &str = "group.deleted";
    /// A collection was created.
    pub const COLLECTION_CREATED: &str = "collection.created";
    /// A collection's name or access changed.
    pub const COLLECTION_UPDATED: &str = "collection.updated";
    /// A collection was deleted (its items stay).
    pub const COLLECTION_DELETED: &str = "collection.deleted";
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

impl<'a> NewEvent<'a> {
    /// An event done by a signed-in user.
    pub fn by_user(action: &'a str, user_id: &'a str) -> Self {
        Self { action, actor_user_id: Some(user_id), ..Default::default() }
    }

    /// An event done by whoever calls: a person or an integration's API key.
    pub fn by(action: &'a str, caller: &'a Caller) -> Self {
        Self { action, actor_user_id: caller.user_id(), actor_api_key_id: caller.key_id(), ..Default::default() }
    }

    /// What was acted on.
    pub fn target(mut self, kind: &'a str, id: &'a str) -> Self {
        self.target_type = Some(kind);
        self.target_id = Some(id);
        self
    }

    /// The provider it happened in.
    pub fn in_provider(mut self, id: &'a str) -> Self {
        self.provider_id = Some(id);
        self
    }

    /// The organization it happened in, and its provider for a client: what a provider does in a
    /// client shows in both logs.
    pub fn in_client_or_organization(mut self, id: &'a str, provider_id: Option<&'a str>) -> Self {
        self.organization_id = Some(id);
        self.provider_id = provider_id.or(self.provider_id);
        self
    }

    /// The organization it happened in.
    pub fn in_organization(mut self, id: &'a str) -> Self {
        self.organization_id = Some(id);
        self
    }

    /// Details.
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }
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

/// Reading the trail.
pub mod read {
    use chrono::{DateTime, NaiveDateTime};
    use diesel::prelude::*;
    use portal_shared::events::{Event, EventQuery};

    use crate::db::DbConn;
    use crate::db::schema::{events, users};
    use crate::error::ApiError;
    use crate::pagination::{Cursor, PageRequest};
    use crate::routes::accounts::store::rfc3339;

    const TIME_KEY: &str = "%Y-%m-%dT%H:%M:%S%.6f";

    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        NaiveDateTime,
        Option<String>,
    );

    fn time(field: &str, value: &str) -> Result<NaiveDateTime, ApiError> {
        DateTime::parse_from_rfc3339(value).map(|t| t.naive_utc()).map_err(|_| {
            ApiError::field(
                field,
                "invalid_format",
                format!("{field} must be an RFC 3339 time like 2026-11-26T09:00:00Z."),
            )
        })
    }

    /// Which log: a provider's or an organization's.
    pub enum Scope<'a> {
        /// Everything that happened in the provider (including in its clients, by its users).
        Provider(&'a str),
        /// Everything that happened in the organization.
        Organization(&'a str),
    }

    /// A page of events, newest first, with the filters of `q`.
    pub fn page(
        conn: &mut DbConn,
        scope: Scope<'_>,
        q: &EventQuery,
        page: &PageRequest,
    ) -> Result<Vec<(Event, Cursor)>, ApiError> {
        let mut query = events::table
            .left_join(users::table.on(users::id.nullable().eq(events::actor_user_id)))
            .select((
                events::id,
                events::action,
                events::actor_user_id,
                events::actor_api_key_id,
                events::organization_id,
                events::provider_id,
                events::target_type,
                events::target_id,
                events::ip_address,
                events::user_agent,
                events::data,
                events::occurred_at,
                users::email.nullable(),
            ))
            .into_boxed();
        query = match scope {
            Scope::Provider(id) => query.filter(events::provider_id.eq(id.to_owned())),
            Scope::Organization(id) => query.filter(events::organization_id.eq(id.to_owned())),
        };
        if let Some(from) = q.from.as_deref() {
            query = query.filter(events::occurred_at.ge(time("from", from)?));
        }
        if let Some(to) = q.to.as_deref() {
            query = query.filter(events::occurred_at.lt(time("to", to)?));
        }
        if let Some(actor) = q.actor.as_deref() {
            query = query.filter(events::actor_user_id.eq(actor.to_owned()));
        }
        if let Some(action) = q.action.as_deref().filter(|a| !a.is_empty()) {
            query = if action.ends_with('.') {
                query.filter(
                    events::action
                        .like(crate::pagination::contains_pattern(action).trim_start_matches('%').to_owned())
                        .escape('\\'),
                )
            } else {
                query.filter(events::action.eq(action.to_owned()))
            };
        }
        if let Some(Cursor { key, id }) = &page.after {
            let t = NaiveDateTime::parse_from_str(key, TIME_KEY)
                .map_err(|_| ApiError::field("cursor", "invalid_format", "The cursor is not one this server made."))?;
            query =
                query.filter(events::occurred_at.lt(t).or(events::occurred_at.eq(t).and(events::id.lt(id.clone()))));
        }
        let rows: Vec<Row> =
            query.order((events::occurred_at.desc(), events::id.desc())).limit(page.limit + 1).load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let cursor = Cursor { key: r.11.format(TIME_KEY).to_string(), id: r.0.clone() };
                let event = Event {
                    id: r.0,
                    action: r.1,
                    actor_user_id: r.2,
                    actor_api_key_id: r.3,
                    organization_id: r.4,
                    provider_id: r.5,
                    target_type: r.6,
                    target_id: r.7,
                    ip_address: r.8,
                    user_agent: r.9,
                    data: r.10.and_then(|d| serde_json::from_str(&d).ok()),
                    occurred_at: rfc3339(r.11),
                    actor_email: r.12,
                };
                (event, cursor)
            })
            .collect())
    }
}
