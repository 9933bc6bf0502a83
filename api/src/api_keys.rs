//! API keys for integrations: one per organization or provider, shown once, stored hashed,
//! rotatable and revocable. An integration exchanges the key (client id + secret) for a
//! short-lived access token carrying the key's scope and nothing else.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::sessions::{hash_secret, new_secret};
use crate::db::DbConn;
use crate::db::schema::api_keys;
use crate::error::ApiError;

/// What an API key belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOwner {
    /// An organization.
    Organization(String),
    /// A provider.
    Provider(String),
}

impl KeyOwner {
    /// `organization` or `provider`.
    pub fn kind(&self) -> &'static str {
        match self {
            KeyOwner::Organization(_) => "organization",
            KeyOwner::Provider(_) => "provider",
        }
    }

    /// The owner's id.
    pub fn id(&self) -> &str {
        match self {
            KeyOwner::Organization(id) | KeyOwner::Provider(id) => id,
        }
    }
}

/// Read-only or read-write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAccess {
    /// Reads only.
    Read,
    /// Reads and changes.
    Write,
}

impl KeyAccess {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyAccess::Read => "read",
            KeyAccess::Write => "write",
        }
    }
}

/// A key as made or rotated: the secret is shown this once.
#[derive(Clone)]
pub struct IssuedKey {
    /// The key's row id.
    pub id: String,
    /// The public half.
    pub client_id: String,
    /// The secret half.
    pub client_secret: String,
}

/// A key found by its client id and secret.
#[derive(Debug, Clone)]
pub struct ValidKey {
    /// The key's row id.
    pub id: String,
    /// What it belongs to.
    pub owner: KeyOwner,
    /// What it may do.
    pub access: KeyAccess,
    /// A tag of its current secret (see [`secret_tag`]).
    pub secret_tag: String,
}

/// A short tag of a key's stored secret hash, carried in its tokens: when the secret is rotated
/// the tag changes and every token issued under the old secret is refused.
pub fn secret_tag(secret_hash: &str) -> String {
    secret_hash.chars().take(16).collect()
}

/// Creates a key.
pub fn create(
    conn: &mut DbConn,
    owner: &KeyOwner,
    access: KeyAccess,
    name: &str,
    now: NaiveDateTime,
) -> Result<IssuedKey, ApiError> {
    let id = uuid::Uuid::now_v7().to_string();
    let client_id = format!("{}.{}", owner.kind(), uuid::Uuid::new_v4().simple());
    let secret = new_secret()?;
    let (org, provider) = match owner {
        KeyOwner::Organization(id) => (Some(id.as_str()), None),
        KeyOwner::Provider(id) => (None, Some(id.as_str())),
    };
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::id.eq(&id),
            api_keys::organization_id.eq(org),
            api_keys::provider_id.eq(provider),
            api_keys::client_id.eq(&client_id),
            api_keys::secret_hash.eq(hash_secret(&secret)),
            api_keys::scope.eq(access.as_str()),
            api_keys::name.eq(name),
            api_keys::created_at.eq(now),
            api_keys::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(IssuedKey { id, client_id, client_secret: secret })
}

/// Replaces a key's secret (the client id stays); the old secret stops working at once.
pub fn rotate(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> Result<IssuedKey, ApiError> {
    let client_id: String = api_keys::table
        .find(id)
        .filter(api_keys::revoked_at.is_null())
        .select(api_keys::client_id)
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    let secret = new_secret()?;
    diesel::update(api_keys::table.find(id))
        .set((
            api_keys::secret_hash.eq(hash_secret(&secret)),
            api_keys::rotated_at.eq(Some(now)),
            api_keys::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(IssuedKey { id: id.to_owned(), client_id, client_secret: secret })
}

/// Revokes a key for good.
pub fn revoke(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(api_keys::table.find(id).filter(api_keys::revoked_at.is_null()))
        .set((api_keys::revoked_at.eq(Some(now)), api_keys::updated_at.eq(now)))
        .execute(conn)
}

/// The key with this client id and secret, if it is live; records its use.
pub fn authenticate(
    conn: &mut DbConn,
    client_id: &str,
    secret: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<ValidKey>> {
    type Row = (String, Option<String>, Option<String>, String, String, Option<NaiveDateTime>);
    let row: Option<Row> = api_keys::table
        .filter(api_keys::client_id.eq(client_id))
        .select((
            api_keys::id,
            api_keys::organization_id,
            api_keys::provider_id,
            api_keys::secret_hash,
            api_keys::scope,
            api_keys::revoked_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, org, provider, stored_hash, scope, revoked_at)) = row else { return Ok(None) };
    let matches: bool = subtle::ConstantTimeEq::ct_eq(hash_secret(secret).as_bytes(), stored_hash.as_bytes()).into();
    if !matches || revoked_at.is_some() {
        return Ok(None);
    }
    let owner = match (org, provider) {
        (Some(org), None) => KeyOwner::Organization(org),
        (None, Some(provider)) => KeyOwner::Provider(provider),
        _ => return Ok(None),
    };
    let access = if scope == "write" { KeyAccess::Write } else { KeyAccess::Read };
    diesel::update(api_keys::table.find(&id)).set(api_keys::last_used_at.eq(Some(now))).execute(conn)?;
    Ok(Some(ValidKey { id, owner, access, secret_tag: secret_tag(&stored_hash) }))
}

/// A live key as its administrators see it (never its secret).
#[derive(Debug, Clone, Queryable)]
pub struct KeyRow {
    /// The key's row id.
    pub id: String,
    /// The public half.
    pub client_id: String,
    /// `read` or `write`.
    pub scope: String,
    /// A name for people.
    pub name: String,
    /// When it was made.
    pub created_at: NaiveDateTime,
    /// When its secret was last replaced.
    pub rotated_at: Option<NaiveDateTime>,
    /// When it was last exchanged for a token.
    pub last_used_at: Option<NaiveDateTime>,
}

/// The live (unrevoked) key of an organization, if it has one.
pub fn live_for_organization(conn: &mut DbConn, org_id: &str) -> QueryResult<Option<KeyRow>> {
    api_keys::table
        .filter(api_keys::organization_id.eq(org_id))
        .filter(api_keys::revoked_at.is_null())
        .select((
            api_keys::id,
            api_keys::client_id,
            api_keys::scope,
            api_keys::name,
            api_keys::created_at,
            api_keys::rotated_at,
            api_keys::last_used_at,
        ))
        .order(api_keys::created_at.desc())
        .first(conn)
        .optional()
}
