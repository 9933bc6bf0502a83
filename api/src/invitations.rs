//! Single-use, expiring tokens sent by mail: email changes now; provider users and organization
//! members (next slices). Only a hash of each token is stored, and each is bound to the email
//! it was sent to.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::auth::sessions::{hash_secret, new_secret};
use crate::db::DbConn;
use crate::db::schema::invitations;
use crate::error::ApiError;

/// Who an invitation is for: each kind fills one target column.
enum Target<'a> {
    /// A user changing their email.
    EmailChange(&'a str),
    /// An invited provider user.
    ProviderUser(&'a str),
    /// An invited organization member.
    Member(&'a str),
}

/// Makes a token for `target` sent to `email`, valid for `valid_for`, replacing the target's
/// earlier unused ones.
fn issue(
    conn: &mut DbConn,
    target: Target<'_>,
    email: &str,
    created_by: Option<&str>,
    valid_for: TimeDelta,
    now: NaiveDateTime,
) -> Result<String, ApiError> {
    let (kind, user, provider_user, member) = match target {
        Target::EmailChange(id) => ("email_change", Some(id), None, None),
        Target::ProviderUser(id) => ("provider_user", None, Some(id), None),
        Target::Member(id) => ("organization_member", None, None, Some(id)),
    };
    let earlier = invitations::table.filter(invitations::kind.eq(kind)).filter(invitations::used_at.is_null());
    match target {
        Target::EmailChange(id) => diesel::delete(earlier.filter(invitations::user_id.eq(id))).execute(conn)?,
        Target::ProviderUser(id) => {
            diesel::delete(earlier.filter(invitations::provider_user_id.eq(id))).execute(conn)?
        }
        Target::Member(id) => {
            diesel::delete(earlier.filter(invitations::organization_member_id.eq(id))).execute(conn)?
        }
    };
    let token = new_secret()?;
    diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(uuid::Uuid::now_v7().to_string()),
            invitations::token_hash.eq(hash_secret(&token)),
            invitations::email.eq(email),
            invitations::kind.eq(kind),
            invitations::user_id.eq(user),
            invitations::provider_user_id.eq(provider_user),
            invitations::organization_member_id.eq(member),
            invitations::created_by.eq(created_by),
            invitations::created_at.eq(now),
            invitations::expires_at.eq(now + valid_for),
        ))
        .execute(conn)?;
    Ok(token)
}

/// How long an email-change link works.
pub const EMAIL_CHANGE_TTL_HOURS: i64 = 24;

/// Makes an email-change token for `user_id` and `new_email`, replacing earlier unused ones.
pub fn create_email_change(
    conn: &mut DbConn,
    user_id: &str,
    new_email: &str,
    now: NaiveDateTime,
) -> Result<String, ApiError> {
    issue(conn, Target::EmailChange(user_id), new_email, Some(user_id), TimeDelta::hours(EMAIL_CHANGE_TTL_HOURS), now)
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
    issue(conn, Target::ProviderUser(provider_user_id), email, created_by, TimeDelta::days(INVITATION_TTL_DAYS), now)
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
    issue(conn, Target::Member(member_id), email, created_by, TimeDelta::days(INVITATION_TTL_DAYS), now)
}

/// Mails an invitation link for `token`: `lead` says who invites to what, the rest (how long it
/// lasts, which address to use) is the same for every invitation. Returns the link when no mail
/// relay is configured, for the inviting administrator to pass on; `None` when it was mailed.
pub async fn send(state: &crate::AppState, to: &str, subject: String, lead: String, token: &str) -> Option<String> {
    let link = format!("{}/invitations/accept?token={token}", state.public_url);
    state
        .mailer
        .send(crate::mail::Mail {
            to: to.to_owned(),
            subject,
            body: format!(
                "{lead}\n\nAccept within {INVITATION_TTL_DAYS} days by opening:\n{link}\n\n\
                 Sign in with this address, or create an account with it."
            ),
            // security: with no relay the inviting administrator is handed the link in the answer;
            // a live invitation token has no place in the server's log as well.
            link: None,
        })
        .await;
    state.mailer.is_log().then_some(link)
}
