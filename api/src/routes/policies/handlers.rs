//! Policy handlers: read and change an organization's policies (holders of "manage policies":
//! Owners, Admins, Custom members given it, the provider's users, and the organization's API key,
//! which must be a write key to change them), preview who enabling one revokes, and the policies
//! in force for the signed-in user.

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, get, put};
use portal_shared::Problem;
use portal_shared::policies::{
    EffectivePolicies, MyPolicies, Policy, PolicyPreview, PolicyRevocation, PolicyType, RevocationsNeeded, UpdatePolicy,
};
use portal_shared::problem::PROBLEM_CONTENT_TYPE;

use crate::AppState;
use crate::auth::{AuthUser, Caller};
use crate::authz::{self, OrgNeed, Permission};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::policies;
use crate::routes::organizations::member_store;
use crate::telemetry::current_request_id;

/// The policy type of a path; an unknown one does not exist.
fn policy_type(s: &str) -> ApiResult<PolicyType> {
    PolicyType::parse(s).ok_or(ApiError::NotFound)
}

/// All six policies of an organization, with whether each is in force and its options (the
/// defaults for those never set).
#[utoipa::path(
    tag = "policies",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 200, description = "The six policies", body = Vec<Policy>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member without \"manage policies\"", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/policies")]
pub async fn list_policies(state: Data<AppState>, me: Caller, id: Path<String>) -> ApiResult<Json<Vec<Policy>>> {
    let id = id.into_inner();
    let list = state
        .pool
        .run(move |c| {
            authz::organization(c, &me, &id, OrgNeed::View(Permission::ManagePolicies))?;
            Ok(policies::all(c, &id)?)
        })
        .await?;
    Ok(Json(list))
}

/// Who enabling this policy would revoke now (two-step login: members without it; single
/// organization: members of another organization; never Owners), so that the portal can warn
/// before the change. Empty for the other policies.
#[utoipa::path(
    tag = "policies",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("type" = PolicyType, Path, description = "The policy type")),
    responses(
        (status = 200, description = "The members it would revoke", body = PolicyPreview),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member without \"manage policies\"", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization or policy type", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/policies/{type}/preview")]
pub async fn preview_policy(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
) -> ApiResult<Json<PolicyPreview>> {
    let (id, kind) = path.into_inner();
    let preview = state
        .pool
        .run(move |c| {
            authz::organization(c, &me, &id, OrgNeed::View(Permission::ManagePolicies))?;
            let kind = policy_type(&kind)?;
            Ok(PolicyPreview { kind, revocations: policies::revocations(c, &id, kind)? })
        })
        .await?;
    Ok(Json(preview))
}

/// What a change comes to: done, or waiting for the caller to agree to the revocations.
enum Outcome {
    Done(Policy),
    NeedsConfirmation(Vec<PolicyRevocation>),
}

/// The 409 that lists who would be revoked.
fn revocations_needed(revocations: Vec<PolicyRevocation>) -> HttpResponse {
    let n = revocations.len();
    let body = RevocationsNeeded {
        problem: Problem {
            kind: "/problems/revocations-needed".into(),
            title: "The request conflicts with the current state".into(),
            status: 409,
            detail: Some(format!(
                "Enabling this policy revokes {n} member{}: send it again with \"confirm_revocations\": true.",
                if n == 1 { "" } else { "s" }
            )),
            errors: Vec::new(),
            request_id: current_request_id(),
        },
        revocations,
    };
    HttpResponse::Conflict()
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_CONTENT_TYPE)))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .body(serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec()))
}

/// Turns a policy on or off and sets its options. Enabling two-step login or single organization
/// revokes the members it excludes (never Owners): when there are any, the change needs
/// `"confirm_revocations": true`, otherwise it answers 409 with the list. Each revocation is a
/// `member.revoked` event; the change is a `policy.updated` event with the old and new values.
#[utoipa::path(
    tag = "policies",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), ("type" = PolicyType, Path, description = "The policy type")),
    request_body = UpdatePolicy,
    responses(
        (status = 200, description = "The policy", body = Policy),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member without \"manage policies\", or a read-only API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization or policy type", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/revocations-needed`: enabling it revokes the members listed; send `confirm_revocations: true`", body = RevocationsNeeded, content_type = "application/problem+json"),
        (status = 422, description = "Invalid options (`options.<field>`), or options of another type (`options.type`, `mismatch`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/organizations/{id}/policies/{type}")]
pub async fn update_policy(
    state: Data<AppState>,
    me: Caller,
    path: Path<(String, String)>,
    body: Json<UpdatePolicy>,
) -> ApiResult<HttpResponse> {
    let (id, kind) = path.into_inner();
    let req = body.into_inner();
    let outcome = state
        .pool
        .transaction(move |c| {
            authz::lock_organization(c, &id)?;
            let access = authz::organization(c, &me, &id, OrgNeed::Change(Permission::ManagePolicies))?;
            let kind = policy_type(&kind)?;
            req.validate(kind).map_err(ApiError::Invalid)?;
            let old = policies::get(c, &id, kind)?;
            let options = req.options.unwrap_or(old.options);
            let revoked = if req.enabled { policies::revocations(c, &id, kind)? } else { Vec::new() };
            if !revoked.is_empty() && !req.confirm_revocations {
                return Ok(Outcome::NeedsConfirmation(revoked));
            }
            let at = now();
            policies::save(c, &id, req.enabled, &options, at)?;
            let reason = format!("policy:{}", kind.as_str());
            for member in &revoked {
                member_store::set_revoked(c, &member.member_id, Some(at), at)?;
                let event = NewEvent::by(events::action::MEMBER_REVOKED, &me)
                    .in_client_or_organization(&id, access.provider_id.as_deref())
                    .target("member", &member.member_id)
                    .with_data(serde_json::json!({ "email": member.email, "reason": reason }));
                events::record(c, event, me.client())?;
            }
            let data = serde_json::json!({
                "type": kind,
                "old": { "enabled": old.enabled, "options": old.options },
                "new": { "enabled": req.enabled, "options": options },
                "revoked": revoked.len(),
            });
            let event = NewEvent::by(policies::POLICY_UPDATED, &me)
                .in_client_or_organization(&id, access.provider_id.as_deref())
                .target("policy", kind.as_str())
                .with_data(data);
            events::record(c, event, me.client())?;
            Ok(Outcome::Done(policies::get(c, &id, kind)?))
        })
        .await?;
    Ok(match outcome {
        Outcome::Done(policy) => HttpResponse::Ok().json(policy),
        Outcome::NeedsConfirmation(list) => revocations_needed(list),
    })
}

/// The policies in force for the signed-in user: the enabled policies of every organization where
/// they are an accepted or confirmed, unrevoked member, and their combination (the strictest
/// master password requirements and generator rules, the smallest vault timeout, and each switch
/// on if any organization turns it on) for the client to enforce.
#[utoipa::path(
    tag = "policies",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The policies and their combination", body = MyPolicies),
        (status = 401, description = "Not signed in (API keys included: they are no person)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/accounts/me/policies")]
pub async fn list_my_policies(state: Data<AppState>, me: AuthUser) -> ApiResult<Json<MyPolicies>> {
    let items = state.pool.run(move |c| Ok(policies::mine(c, &me.id)?)).await?;
    let effective = EffectivePolicies::combine(items.iter().map(|p| &p.policy.options));
    Ok(Json(MyPolicies { items, effective }))
}
