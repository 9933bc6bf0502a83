//! Organization policies: their storage (one row per organization and type, options as JSON) and
//! their enforcement, called from the paths they guard:
//!
//! - [`check_confirm`]: confirming members of an organization that requires two-step login;
//! - [`check_accept`]: accepting an invitation under the single-organization policy;
//! - [`revocations`]: who enabling a policy revokes (two-step login, single organization).
//!
//! Owners are never bound by the revoking policies (two-step login, single organization): an
//! organization always keeps the people who administer it. Bitwarden exempts Owners and Admins;
//! we exempt Owners only.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::FieldError;
use portal_shared::organizations::{MemberType, NamedRef};
use portal_shared::policies::{
    OrganizationPolicy, Policy, PolicyOptions, PolicyRevocation, PolicyType, RevocationReason,
};

use crate::db::DbConn;
use crate::db::schema::{organization_members as m, organizations, policies, users};
use crate::error::ApiError;
use crate::routes::accounts::store::rfc3339;

/// The event of a policy change.
pub const POLICY_UPDATED: &str = "policy.updated";

/// The statuses of a member who holds a place (an account is linked).
const ACTIVE: [&str; 2] = ["accepted", "confirmed"];

/// A stored policy: id, enabled, options, last change.
type Stored = (String, bool, String, NaiveDateTime);

/// Reads stored options; a row without a valid object (or without its `type`) falls back to the
/// defaults, so that a bad row never hides the policy.
fn parse_options(kind: PolicyType, data: &str) -> PolicyOptions {
    let Ok(serde_json::Value::Object(mut map)) = serde_json::from_str::<serde_json::Value>(data) else {
        return kind.default_options();
    };
    map.insert("type".into(), serde_json::Value::String(kind.as_str().into()));
    serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_else(|_| kind.default_options())
}

fn stored(conn: &mut DbConn, org_id: &str, kind: PolicyType) -> QueryResult<Option<Stored>> {
    policies::table
        .filter(policies::organization_id.eq(org_id))
        .filter(policies::type_.eq(kind.as_str()))
        .select((policies::id, policies::enabled, policies::data, policies::updated_at))
        .first(conn)
        .optional()
}

/// One policy of an organization, with the defaults when it was never set.
pub fn get(conn: &mut DbConn, org_id: &str, kind: PolicyType) -> QueryResult<Policy> {
    Ok(match stored(conn, org_id, kind)? {
        Some((_, enabled, data, at)) => {
            Policy { kind, enabled, options: parse_options(kind, &data), updated_at: Some(rfc3339(at)) }
        }
        None => Policy { kind, enabled: false, options: kind.default_options(), updated_at: None },
    })
}

/// All six policies of an organization, in [`PolicyType::ALL`] order.
pub fn all(conn: &mut DbConn, org_id: &str) -> QueryResult<Vec<Policy>> {
    let rows: Vec<(String, bool, String, NaiveDateTime)> = policies::table
        .filter(policies::organization_id.eq(org_id))
        .select((policies::type_, policies::enabled, policies::data, policies::updated_at))
        .load(conn)?;
    Ok(PolicyType::ALL
        .into_iter()
        .map(|kind| match rows.iter().find(|r| r.0 == kind.as_str()) {
            Some((_, enabled, data, at)) => {
                Policy { kind, enabled: *enabled, options: parse_options(kind, data), updated_at: Some(rfc3339(*at)) }
            }
            None => Policy { kind, enabled: false, options: kind.default_options(), updated_at: None },
        })
        .collect())
}

/// Whether a policy is in force in an organization.
pub fn is_enabled(conn: &mut DbConn, org_id: &str, kind: PolicyType) -> QueryResult<bool> {
    Ok(stored(conn, org_id, kind)?.is_some_and(|s| s.1))
}

/// Writes a policy (a row per organization and type, made on first change).
pub fn save(
    conn: &mut DbConn,
    org_id: &str,
    enabled: bool,
    options: &PolicyOptions,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    let kind = options.kind();
    let data = serde_json::to_string(options).map_err(|e| ApiError::Internal(e.into()))?;
    match stored(conn, org_id, kind)? {
        Some((id, ..)) => {
            diesel::update(policies::table.find(id))
                .set((policies::enabled.eq(enabled), policies::data.eq(&data), policies::updated_at.eq(now)))
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(policies::table)
                .values((
                    policies::id.eq(uuid::Uuid::now_v7().to_string()),
                    policies::organization_id.eq(org_id),
                    policies::type_.eq(kind.as_str()),
                    policies::enabled.eq(enabled),
                    policies::data.eq(&data),
                    policies::created_at.eq(now),
                    policies::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

type Candidate = (String, Option<String>, String, String, Option<String>, Option<NaiveDateTime>);

/// The accepted or confirmed, unrevoked, non-Owner members of an organization with their account:
/// (member id, user id, email, type, name, two-step login enabled at).
fn bound_members(conn: &mut DbConn, org_id: &str) -> QueryResult<Vec<Candidate>> {
    m::table
        .inner_join(users::table)
        .filter(m::organization_id.eq(org_id))
        .filter(m::status.eq_any(ACTIVE))
        .filter(m::revoked_at.is_null())
        .filter(m::type_.ne(MemberType::Owner.as_str()))
        .select((m::id, m::user_id, m::email, m::type_, users::name.nullable(), users::totp_enabled_at))
        .order((m::email.asc(), m::id.asc()))
        .load(conn)
}

/// The users among `user_ids` who are accepted or confirmed, unrevoked members of an
/// organization other than `org_id`.
fn in_other_organizations(conn: &mut DbConn, org_id: &str, user_ids: &[String]) -> QueryResult<HashSet<String>> {
    if user_ids.is_empty() {
        return Ok(HashSet::new());
    }
    let found: Vec<Option<String>> = m::table
        .filter(m::organization_id.ne(org_id))
        .filter(m::user_id.eq_any(user_ids.to_vec()))
        .filter(m::status.eq_any(ACTIVE))
        .filter(m::revoked_at.is_null())
        .select(m::user_id)
        .load(conn)?;
    Ok(found.into_iter().flatten().collect())
}

/// Who enabling `kind` in `org_id` would revoke, by email: for two-step login, the members
/// without it; for single organization, those who belong to another organization. Never Owners,
/// never invited (no account yet) or already revoked members. Empty for the other policies.
pub fn revocations(conn: &mut DbConn, org_id: &str, kind: PolicyType) -> QueryResult<Vec<PolicyRevocation>> {
    let reason = match kind {
        PolicyType::RequireTwoStepLogin => RevocationReason::TwoStepLoginMissing,
        PolicyType::SingleOrganization => RevocationReason::OtherOrganization,
        _ => return Ok(Vec::new()),
    };
    let members = bound_members(conn, org_id)?;
    let elsewhere = if reason == RevocationReason::OtherOrganization {
        let ids: Vec<String> = members.iter().filter_map(|c| c.1.clone()).collect();
        in_other_organizations(conn, org_id, &ids)?
    } else {
        HashSet::new()
    };
    Ok(members
        .into_iter()
        .filter(|(_, user_id, .., totp)| match reason {
            RevocationReason::TwoStepLoginMissing => totp.is_none(),
            RevocationReason::OtherOrganization => user_id.as_ref().is_some_and(|u| elsewhere.contains(u)),
        })
        .map(|(member_id, _, email, kind, name, _)| PolicyRevocation {
            member_id,
            email,
            name: name.filter(|n| !n.trim().is_empty()),
            kind: MemberType::parse(&kind).unwrap_or(MemberType::User),
            reason,
        })
        .collect())
}

/// Refuses to confirm members without two-step login in an organization that requires it.
///
/// `user_ids` are the accounts of the members to confirm, in the order of the request's
/// `confirmations` (a `None` is skipped): the 422 names `confirmations.<n>.member_id` with code
/// `two_step_required` for each one refused. Owners are exempt. Call it inside the confirming
/// transaction, after the organization is locked.
pub fn check_confirm(conn: &mut DbConn, org_id: &str, user_ids: &[Option<&str>]) -> Result<(), ApiError> {
    if !is_enabled(conn, org_id, PolicyType::RequireTwoStepLogin)? {
        return Ok(());
    }
    let wanted: Vec<String> = user_ids.iter().flatten().map(|u| (*u).to_owned()).collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let lacking: HashSet<String> = m::table
        .inner_join(users::table)
        .filter(m::organization_id.eq(org_id))
        .filter(m::user_id.eq_any(wanted))
        .filter(m::type_.ne(MemberType::Owner.as_str()))
        .filter(users::totp_enabled_at.is_null())
        .select(users::id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let errors: Vec<FieldError> = user_ids
        .iter()
        .enumerate()
        .filter(|(_, u)| u.is_some_and(|u| lacking.contains(u)))
        .map(|(i, _)| {
            FieldError::new(
                format!("confirmations.{i}.member_id"),
                "two_step_required",
                "This organization requires two-step login: the member must turn it on before being confirmed.",
            )
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Invalid(errors)) }
}

/// Refuses an invitation to `org_id` for `user_id` when the single-organization policy forbids
/// it: an organization where they are an accepted or confirmed, unrevoked member (not its Owner)
/// has it enabled, or `org_id` has it enabled (for a member invited as other than Owner) and they
/// belong to another organization. 409 `/problems/single-organization`.
pub fn check_accept(conn: &mut DbConn, user_id: &str, org_id: &str) -> Result<(), ApiError> {
    let memberships: Vec<(String, String, String)> = m::table
        .inner_join(organizations::table)
        .filter(m::user_id.eq(user_id))
        .filter(m::organization_id.ne(org_id))
        .filter(m::status.eq_any(ACTIVE))
        .filter(m::revoked_at.is_null())
        .select((organizations::id, organizations::name, m::type_))
        .load(conn)?;
    for (other, name, kind) in &memberships {
        if kind != MemberType::Owner.as_str() && is_enabled(conn, other, PolicyType::SingleOrganization)? {
            return Err(ApiError::ConflictBecause(
                "single-organization",
                format!("{name} does not allow its members to join another organization."),
            ));
        }
    }
    if memberships.is_empty() || !is_enabled(conn, org_id, PolicyType::SingleOrganization)? {
        return Ok(());
    }
    // The invitation is bound to the account's address: the invited row is found by it.
    let email: String = users::table.find(user_id).select(users::email).first(conn)?;
    let invited_as: Option<String> = m::table
        .filter(m::organization_id.eq(org_id))
        .filter(m::email.eq(&email))
        .select(m::type_)
        .first(conn)
        .optional()?;
    if invited_as.as_deref() == Some(MemberType::Owner.as_str()) {
        return Ok(());
    }
    Err(ApiError::ConflictBecause(
        "single-organization",
        "This organization does not allow its members to belong to another organization: leave the others first."
            .into(),
    ))
}

/// The enabled policies of every organization where `user_id` is an accepted or confirmed,
/// unrevoked member, by organization name then policy type.
pub fn mine(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<OrganizationPolicy>> {
    let orgs: Vec<(String, String)> = m::table
        .inner_join(organizations::table)
        .filter(m::user_id.eq(user_id))
        .filter(m::status.eq_any(ACTIVE))
        .filter(m::revoked_at.is_null())
        .select((organizations::id, organizations::name))
        .order((organizations::name.asc(), organizations::id.asc()))
        .load(conn)?;
    if orgs.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = orgs.iter().map(|o| o.0.clone()).collect();
    let rows: Vec<(String, String, String, NaiveDateTime)> = policies::table
        .filter(policies::organization_id.eq_any(ids))
        .filter(policies::enabled.eq(true))
        .select((policies::organization_id, policies::type_, policies::data, policies::updated_at))
        .load(conn)?;
    let mut out = Vec::new();
    for (id, name) in orgs {
        for kind in PolicyType::ALL {
            if let Some((_, _, data, at)) = rows.iter().find(|r| r.0 == id && r.1 == kind.as_str()) {
                out.push(OrganizationPolicy {
                    organization: NamedRef { id: id.clone(), name: name.clone() },
                    policy: Policy {
                        kind,
                        enabled: true,
                        options: parse_options(kind, data),
                        updated_at: Some(rfc3339(*at)),
                    },
                });
            }
        }
    }
    Ok(out)
}

/// Holds a new master password to the strictest master password requirements of the caller's
/// organizations, through the client's report (the server never sees the password): without
/// requirements anything goes; with them, the report is required and must meet them.
pub fn check_password_report(
    conn: &mut DbConn,
    user_id: &str,
    report: Option<&portal_shared::policies::PasswordReport>,
) -> Result<(), ApiError> {
    let mine = mine(conn, user_id)?;
    let effective = portal_shared::policies::EffectivePolicies::combine(mine.iter().map(|p| &p.policy.options));
    let Some(required) = effective.master_password else { return Ok(()) };
    let Some(report) = report else {
        return Err(ApiError::field(
            "policy_report",
            "required",
            "Your organization sets master password requirements: the client must report how the new password meets them.",
        ));
    };
    let errors = required.check(report, "policy_report");
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Invalid(errors)) }
}
