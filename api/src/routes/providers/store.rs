//! Storage of providers and their users.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::providers::{Provider, ProviderStatus, ProviderType};

use crate::db::DbConn;
use crate::db::schema::{provider_users, providers};
use crate::pagination::{Cursor, PageRequest, contains_pattern};
use crate::routes::accounts::store::rfc3339;

/// A `providers` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = providers)]
pub struct ProviderRow {
    pub id: String,
    pub name: String,
    pub type_: String,
    pub status: String,
    pub billing_email: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub disabled_at: Option<NaiveDateTime>,
}

impl ProviderRow {
    /// The API's view.
    pub fn to_provider(&self) -> Provider {
        Provider {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: ProviderType::parse(&self.type_).unwrap_or(ProviderType::Msp),
            status: ProviderStatus::parse(&self.status).unwrap_or(ProviderStatus::Pending),
            billing_email: self.billing_email.clone(),
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
            invitation_link: None,
        }
    }
}

diesel::define_sql_function! {
    /// SQL `lower()`, for case-insensitive search on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

diesel::define_sql_function! {
    /// SQL `lower()` of a nullable text (a column of a left-joined table).
    #[sql_name = "lower"]
    fn lower_opt(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

/// One provider.
pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<ProviderRow> {
    providers::table.find(id).select(ProviderRow::as_select()).first(conn)
}

/// A page of providers, by name then id; `only` restricts to these ids (`None`: all).
pub fn list(
    conn: &mut DbConn,
    only: Option<&[String]>,
    search: Option<&str>,
    status: Option<ProviderStatus>,
    page: &PageRequest,
) -> QueryResult<Vec<ProviderRow>> {
    let mut query = providers::table.select(ProviderRow::as_select()).into_boxed();
    if let Some(ids) = only {
        query = query.filter(providers::id.eq_any(ids.to_vec()));
    }
    if let Some(search) = search.filter(|s| !s.trim().is_empty()) {
        query = query.filter(lower(providers::name).like(contains_pattern(search)).escape('\\'));
    }
    if let Some(status) = status {
        query = query.filter(providers::status.eq(status.as_str()));
    }
    if let Some(Cursor { key, id }) = &page.after {
        query = query.filter(
            providers::name.gt(key.clone()).or(providers::name.eq(key.clone()).and(providers::id.gt(id.clone()))),
        );
    }
    query.order((providers::name.asc(), providers::id.asc())).limit(page.limit + 1).load(conn)
}

/// Creates a pending provider and its first admin's invited provider user; returns both ids.
pub fn create(
    conn: &mut DbConn,
    name: &str,
    kind: ProviderType,
    billing_email: Option<&str>,
    admin_email: &str,
    now: NaiveDateTime,
) -> QueryResult<(String, String)> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(providers::table)
        .values((
            providers::id.eq(&id),
            providers::name.eq(name.trim()),
            providers::type_.eq(kind.as_str()),
            providers::status.eq("pending"),
            providers::billing_email.eq(billing_email),
            providers::created_at.eq(now),
            providers::updated_at.eq(now),
            providers::disabled_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    let pu = invite_user(conn, &id, admin_email, "admin", now)?;
    Ok((id, pu))
}

/// Adds an invited provider user.
pub fn invite_user(
    conn: &mut DbConn,
    provider_id: &str,
    email: &str,
    kind: &str,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(provider_users::table)
        .values((
            provider_users::id.eq(&id),
            provider_users::provider_id.eq(provider_id),
            provider_users::user_id.eq(None::<String>),
            provider_users::email.eq(email),
            provider_users::type_.eq(kind),
            provider_users::status.eq("invited"),
            provider_users::revoked_at.eq(None::<NaiveDateTime>),
            provider_users::wrapped_provider_key.eq(None::<String>),
            provider_users::created_at.eq(now),
            provider_users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Changes name, type or billing email (whatever is `Some`).
pub fn update(
    conn: &mut DbConn,
    id: &str,
    name: Option<&str>,
    kind: Option<ProviderType>,
    billing_email: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    if let Some(name) = name {
        diesel::update(providers::table.find(id)).set(providers::name.eq(name.trim())).execute(conn)?;
    }
    if let Some(kind) = kind {
        diesel::update(providers::table.find(id)).set(providers::type_.eq(kind.as_str())).execute(conn)?;
    }
    if let Some(billing) = billing_email {
        diesel::update(providers::table.find(id)).set(providers::billing_email.eq(billing)).execute(conn)?;
    }
    diesel::update(providers::table.find(id)).set(providers::updated_at.eq(now)).execute(conn)
}

/// Disables (or re-enables) a provider. Re-enabling returns it to active when its setup was
/// finished (it has a confirmed provider user), to pending otherwise.
pub fn set_disabled(conn: &mut DbConn, id: &str, disabled: bool, now: NaiveDateTime) -> QueryResult<ProviderStatus> {
    let status = if disabled {
        ProviderStatus::Disabled
    } else {
        let confirmed: i64 = provider_users::table
            .filter(provider_users::provider_id.eq(id))
            .filter(provider_users::status.eq("confirmed"))
            .count()
            .get_result(conn)?;
        if confirmed > 0 { ProviderStatus::Active } else { ProviderStatus::Pending }
    };
    diesel::update(providers::table.find(id))
        .set((
            providers::status.eq(status.as_str()),
            providers::disabled_at.eq(disabled.then_some(now)),
            providers::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(status)
}
