//! `/api/v1/organizations/{id}/events`: an organization's event log, for those who hold "access
//! event logs" (Owners, Admins, Custom members given it, the provider's users) and for the
//! organization's API key (read or write).

use actix_web::get;
use actix_web::web::{Data, Json, Path, Query};
use portal_shared::Problem;
use portal_shared::events::{Event, EventQuery};
use portal_shared::page::Page;

use crate::AppState;
use crate::auth::Caller;
use crate::authz::{self, OrgNeed, Permission};
use crate::error::ApiResult;
use crate::events;
use crate::pagination::{self, PageRequest};

/// The organization's event log, newest first: everything that happened in it, by its members,
/// its provider's users and its API key. Filter by time range, actor and action (an exact action,
/// or a prefix ending in `.` such as `member.`).
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = String, Path, description = "The organization's id"), EventQuery),
    responses(
        (status = 200, description = "A page of events", body = Page<Event>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A member without \"access event logs\"", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization, or not yours (another organization's API key)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filters or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/events")]
pub async fn list_organization_events(
    state: Data<AppState>,
    me: Caller,
    id: Path<String>,
    query: Query<EventQuery>,
) -> ApiResult<Json<Page<Event>>> {
    let id = id.into_inner();
    let q = query.into_inner();
    let page = PageRequest::from_query(q.limit, q.cursor.as_deref())?;
    let limit = page.limit;
    let rows = state
        .pool
        .run(move |c| {
            authz::organization(c, &me, &id, OrgNeed::View(Permission::AccessEventLogs))?;
            events::read::page(c, events::read::Scope::Organization(&id), &q, &page)
        })
        .await?;
    let (rows, next) = pagination::finish(rows, limit, |(_, cursor)| cursor.clone());
    Ok(Json(Page { items: rows.into_iter().map(|(e, _)| e).collect(), next }))
}
