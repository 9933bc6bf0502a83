//! Storage of user accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::accounts::{Account, KdfParams};

use crate::db::DbConn;
use crate::db::schema::users;

/// A `users` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub is_instance_admin: bool,
    pub disabled_at: Option<NaiveDateTime>,
    pub kdf_algorithm: String,
    pub kdf_memory_kib: i32,
    pub kdf_iterations: i32,
    pub kdf_parallelism: i32,
    pub kdf_salt: String,
    pub auth_hash: String,
    pub encrypted_user_key: String,
    pub public_key: String,
    pub encrypted_private_key: String,
    pub security_stamp: String,
    pub totp_secret_enc: Option<String>,
    pub totp_enabled_at: Option<NaiveDateTime>,
    pub totp_last_step: Option<i64>,
    pub recovery_code_hash: Option<String>,
    pub password_changed_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl UserRow {
    /// The KDF parameters of this account.
    pub fn kdf(&self) -> KdfParams {
        KdfParams {
            memory_kib: u32::try_from(self.kdf_memory_kib).unwrap_or(0),
            iterations: u32::try_from(self.kdf_iterations).unwrap_or(0),
            parallelism: u32::try_from(self.kdf_parallelism).unwrap_or(0),
        }
    }

    /// Whether two-step login is on.
    pub fn two_step_enabled(&self) -> bool {
        self.totp_enabled_at.is_some()
    }

    /// The API's view of the account.
    pub fn to_account(&self) -> Account {
        Account {
            id: self.id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            email_verified: self.email_verified_at.is_some(),
            is_instance_admin: self.is_instance_admin,
            two_step_enabled: self.two_step_enabled(),
            kdf: self.kdf(),
            kdf_salt: self.kdf_salt.clone(),
            encrypted_user_key: self.encrypted_user_key.clone(),
            public_key: self.public_key.clone(),
            encrypted_private_key: self.encrypted_private_key.clone(),
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
        }
    }
}

/// A stored time as RFC 3339 UTC.
pub fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// A new account's row.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub server_auth_hash: &'a str,
    pub kdf: KdfParams,
    pub kdf_salt: &'a str,
    pub encrypted_user_key: &'a str,
    pub public_key: &'a str,
    pub encrypted_private_key: &'a str,
    pub is_instance_admin: bool,
}

fn i32_of(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// Inserts an account; returns its row.
pub fn insert(conn: &mut DbConn, new: &NewUser<'_>, now: NaiveDateTime) -> QueryResult<UserRow> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(users::table)
        .values((
            users::id.eq(&id),
            users::email.eq(new.email),
            users::name.eq(new.name.trim()),
            users::email_verified_at.eq(None::<NaiveDateTime>),
            users::is_instance_admin.eq(new.is_instance_admin),
            users::disabled_at.eq(None::<NaiveDateTime>),
            users::kdf_algorithm.eq("argon2id"),
            users::kdf_memory_kib.eq(i32_of(new.kdf.memory_kib)),
            users::kdf_iterations.eq(i32_of(new.kdf.iterations)),
            users::kdf_parallelism.eq(i32_of(new.kdf.parallelism)),
            users::kdf_salt.eq(new.kdf_salt),
            users::auth_hash.eq(new.server_auth_hash),
            users::encrypted_user_key.eq(new.encrypted_user_key),
            users::public_key.eq(new.public_key),
            users::encrypted_private_key.eq(new.encrypted_private_key),
            users::security_stamp.eq(uuid::Uuid::new_v4().to_string()),
            users::password_changed_at.eq(now),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    by_id(conn, &id)
}

/// The account with this id.
pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<UserRow> {
    users::table.find(id).select(UserRow::as_select()).first(conn)
}

/// The account with this (normalized) email, if any.
pub fn by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<UserRow>> {
    users::table.filter(users::email.eq(email)).select(UserRow::as_select()).first(conn).optional()
}

/// Whether any account exists (first start).
pub fn any(conn: &mut DbConn) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.select(users::id))).get_result(conn)
}

/// Renames.
pub fn set_name(conn: &mut DbConn, id: &str, name: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set((users::name.eq(name.trim()), users::updated_at.eq(now))).execute(conn)
}

/// A new master password: new server hash, KDF, salt and wrapped user key, and a new security
/// stamp (every access token issued before dies).
pub struct PasswordChange<'a> {
    pub server_auth_hash: &'a str,
    pub kdf: KdfParams,
    pub kdf_salt: &'a str,
    pub encrypted_user_key: &'a str,
}

/// Applies a password change; returns the new security stamp.
pub fn set_password(
    conn: &mut DbConn,
    id: &str,
    change: &PasswordChange<'_>,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let stamp = uuid::Uuid::new_v4().to_string();
    diesel::update(users::table.find(id))
        .set((
            users::auth_hash.eq(change.server_auth_hash),
            users::kdf_memory_kib.eq(i32_of(change.kdf.memory_kib)),
            users::kdf_iterations.eq(i32_of(change.kdf.iterations)),
            users::kdf_parallelism.eq(i32_of(change.kdf.parallelism)),
            users::kdf_salt.eq(change.kdf_salt),
            users::encrypted_user_key.eq(change.encrypted_user_key),
            users::security_stamp.eq(&stamp),
            users::password_changed_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(stamp)
}

/// Changes the email (already verified by the mailed token).
pub fn set_email(conn: &mut DbConn, id: &str, email: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::email.eq(email), users::email_verified_at.eq(Some(now)), users::updated_at.eq(now)))
        .execute(conn)
}

/// Stores a pending TOTP secret (sealed), not yet enabled.
pub fn set_pending_totp(conn: &mut DbConn, id: &str, sealed: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::totp_secret_enc.eq(Some(sealed)),
            users::totp_enabled_at.eq(None::<NaiveDateTime>),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Turns TOTP on with its first accepted step and the recovery code's hash.
pub fn enable_totp(
    conn: &mut DbConn,
    id: &str,
    step: i64,
    recovery_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::totp_enabled_at.eq(Some(now)),
            users::totp_last_step.eq(Some(step)),
            users::recovery_code_hash.eq(Some(recovery_hash)),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Records the last accepted step, only if it is newer (replay protection under concurrency).
pub fn advance_totp_step(conn: &mut DbConn, id: &str, step: i64) -> QueryResult<bool> {
    let updated = diesel::update(
        users::table.find(id).filter(users::totp_last_step.is_null().or(users::totp_last_step.lt(step))),
    )
    .set(users::totp_last_step.eq(Some(step)))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Turns TOTP off and forgets its secret and recovery code.
pub fn disable_totp(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::totp_secret_enc.eq(None::<String>),
            users::totp_enabled_at.eq(None::<NaiveDateTime>),
            users::totp_last_step.eq(None::<i64>),
            users::recovery_code_hash.eq(None::<String>),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}
