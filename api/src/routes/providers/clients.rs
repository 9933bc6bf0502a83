//! Client organizations of a provider: list (every provider user), create, attach, detach
//! (Provider Admins), rename and change plan and seats (every provider user, never below the
//! seats in use).

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{get, patch, post};
use portal_shared::Problem;
use portal_shared::clients::{AttachClient, Client, ClientQuery, CreateClient, UpdateClient};
use portal_shared::page::Page;
use portal_shared::validation::normalize_email;

use super::client_store::{self, Counts};
use super::store;
use crate::AppState;
use crate::auth::AuthUser;
use crate::authz::{self, ProviderNeed};
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::invitations;
use crate::pagination::{self, PageRequest};

fn record(
    c: &mut DbConn,
    me: &AuthUser,
    action: &str,
    provider_id: &str,
    org_id: &str,
    data: Option<serde_json::Value>,
) -> ApiResult<()> {
    // A provider's action on a client shows in both logs: one row carries both ids.
    let mut event = NewEvent::by_user(action, &me.id)
        .in_provider(provider_id)
        .in_organization(org_id)
        .target("organization", org_id);
    event.data = data;
    Ok(events::record(c, event, &me.client)?)
}

fn one(c: &mut DbConn, provider_id: &str, org_id: &str) -> ApiResult<Client> {
    let row = client_store::find(c, provider_id, org_id)?;
    let counts = client_store::counts(c, std::slice::from_ref(&row.id))?;
    Ok(row.to_client(counts.get(&row.id).copied().unwrap_or_default()))
}

/// A provider's clients with seats used and total, members awaiting confirmation and status.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ClientQuery),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "A page of clients", body = Page<Client>),
        (status = 404, description = "No such provider, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers/{id}/clients")]
pub async fn list_clients(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<String>,
    query: Query<ClientQuery>,
) -> ApiResult<Json<Page<Client>>> {
    let id = id.into_inner();
    let q = query.into_inner();
    let sort = q.sort.clone().unwrap_or_else(|| "name".into());
    if !["name", "-name", "created", "-created"].contains(&sort.as_str()) {
        return Err(ApiError::field("sort", "invalid_value", "sort must be name, -name, created or -created."));
    }
    let page = PageRequest::from_query(q.limit, q.cursor.as_deref())?;
    let limit = page.limit;
    let sort_key = sort.clone();
    let (rows, counts) = state
        .pool
        .run(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::Read)?;
            let rows = client_store::list(c, &id, q.search.as_deref(), &sort, &page)?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            Ok((rows, client_store::counts(c, &ids)?))
        })
        .await?;
    let (rows, next) = pagination::finish(rows, limit, |r| client_store::cursor_of(r, &sort_key));
    let items = rows.iter().map(|r| r.to_client(counts.get(&r.id).copied().unwrap_or(Counts::default()))).collect();
    Ok(Json(Page { items, next }))
}

/// Creates a client organization (Provider Admins) and invites its Owner by mail. The browser made
/// the organization key and sends it encrypted with the provider key.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    request_body = CreateClient,
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 201, description = "The client", body = Client),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/clients")]
pub async fn create_client(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<String>,
    body: Json<CreateClient>,
) -> ApiResult<(Json<Client>, StatusCode)> {
    let id = id.into_inner();
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let owner = normalize_email(&req.owner_email);
    let to = owner.clone();
    let (mut client, token, provider_name) = state
        .pool
        .transaction(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::Admin)?;
            let at = now();
            let (org, member) = client_store::create(c, &id, &req, &normalize_email(&req.billing_email), &owner, at)?;
            let token = invitations::create_for_member(c, &member, &owner, Some(&me.id), at)?;
            record(
                c,
                &me,
                "client.created",
                &id,
                &org,
                Some(serde_json::json!({ "name": req.name.trim(), "owner_email": owner })),
            )?;
            Ok((one(c, &id, &org)?, token, store::by_id(c, &id)?.name))
        })
        .await?;
    let subject = format!("{provider_name} set up {} on Provider Portal for you", client.name);
    let lead = format!(
        "{provider_name} created the organization {} on Provider Portal and invited you as its Owner.",
        client.name
    );
    client.invitation_link = invitations::send(&state, &to, subject, lead, &token).await;
    Ok((Json(client), StatusCode::CREATED))
}

/// Attaches an existing organization as a client (Provider Admins who are also its confirmed
/// Owner, the only people who hold its key).
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id")),
    request_body = AttachClient,
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "The client", body = Client),
        (status = 403, description = "Not a Provider Admin, or not the organization's confirmed Owner", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider or organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organization already has a provider", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/clients/attach")]
pub async fn attach_client(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<String>,
    body: Json<AttachClient>,
) -> ApiResult<Json<Client>> {
    let id = id.into_inner();
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let client = state
        .pool
        .transaction(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::Admin)?;
            let org = client_store::org(c, &req.organization_id)?.ok_or(ApiError::NotFound)?;
            if !client_store::is_confirmed_owner(c, &org.id, &me.id)? {
                // Not their organization: as if it did not exist, unless they belong to it.
                return Err(ApiError::NotFound);
            }
            if org.provider_id.is_some() {
                return Err(ApiError::Conflict("This organization is already a client of a provider.".into()));
            }
            client_store::set_provider(c, &org.id, Some((&id, &req.provider_wrapped_key)), now())?;
            record(c, &me, "client.attached", &id, &org.id, Some(serde_json::json!({ "name": org.name })))?;
            one(c, &id, &org.id)
        })
        .await?;
    Ok(Json(client))
}

/// Detaches a client (Provider Admins). It keeps working under its own Owners, and must have a
/// confirmed Owner first; the provider's access ends at once.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ("org_id" = String, Path, description = "The client organization's id")),
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 204, description = "Detached"),
        (status = 403, description = "Not a Provider Admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/no-confirmed-owner`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/providers/{id}/clients/{org_id}/detach")]
pub async fn detach_client(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(String, String)>,
) -> ApiResult<actix_web::HttpResponse> {
    let (id, org_id) = path.into_inner();
    state
        .pool
        .transaction(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::Admin)?;
            let client = one(c, &id, &org_id)?;
            if client.status != portal_shared::clients::ClientStatus::Active {
                return Err(ApiError::ConflictBecause(
                    "no-confirmed-owner",
                    "A client can only be detached once it has a confirmed Owner of its own.".into(),
                ));
            }
            client_store::set_provider(c, &org_id, None, now())?;
            record(c, &me, "client.detached", &id, &org_id, Some(serde_json::json!({ "name": client.name })))?;
            Ok(())
        })
        .await?;
    Ok(actix_web::HttpResponse::NoContent().finish())
}

/// Renames a client or changes its plan and seats (every provider user). Seats never go below
/// the seats in use.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The provider's id"), ("org_id" = String, Path, description = "The client organization's id")),
    request_body = UpdateClient,
    responses(
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "The client", body = Client),
        (status = 403, description = "Not a user of this provider (an instance administrator)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or seats below those in use (`seats`, code `below_used`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/providers/{id}/clients/{org_id}")]
pub async fn update_client(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(String, String)>,
    body: Json<UpdateClient>,
) -> ApiResult<Json<Client>> {
    let (id, org_id) = path.into_inner();
    let req = body.into_inner();
    req.validate().map_err(ApiError::Invalid)?;
    let client = state
        .pool
        .transaction(move |c| {
            authz::provider(c, &me, &id, ProviderNeed::User)?;
            let current = one(c, &id, &org_id)?;
            if let Some(seats) = req.seats
                && i64::from(seats) < current.seats_used
            {
                return Err(ApiError::field(
                    "seats",
                    "below_used",
                    format!("{} seats are in use; revoke or remove members first.", current.seats_used),
                ));
            }
            let seats = if req.unlimited_seats { Some(None) } else { req.seats.map(Some) };
            client_store::update(c, &org_id, req.name.as_deref(), req.plan, seats, now())?;
            let data = serde_json::json!({ "name": req.name, "plan": req.plan, "seats": req.seats, "unlimited_seats": req.unlimited_seats });
            record(c, &me, "client.updated", &id, &org_id, Some(data))?;
            one(c, &id, &org_id)
        })
        .await?;
    Ok(Json(client))
}
