//! Organizations (`/api/v1/organizations`): the caller's own, a standalone one's creation, one
//! organization with the caller's way in, its settings, its deletion by an Owner, and its event log.

use portal_shared::accounts::ProveMasterPassword;
use portal_shared::client::{self, ClientError};
use portal_shared::events::{Event, EventQuery};
use portal_shared::organizations::{CreateOrganization, Organization, OrganizationQuery, UpdateOrganization};
use portal_shared::page::Page;

/// `GET /api/v1/organizations`.
pub async fn list(query: OrganizationQuery) -> Result<Page<Organization>, ClientError> {
    super::call(&client::ListOrganizations { query }).await
}

/// `POST /api/v1/organizations`.
pub async fn create(request: CreateOrganization) -> Result<Organization, ClientError> {
    super::call(&client::CreateOrganization(request)).await
}

/// `GET /api/v1/organizations/{id}`.
pub async fn get(id: String) -> Result<Organization, ClientError> {
    super::call(&client::GetOrganization { id }).await
}

/// `PATCH /api/v1/organizations/{id}`: name, billing email; plan and seats of a standalone one.
pub async fn update(id: String, patch: UpdateOrganization) -> Result<Organization, ClientError> {
    super::call(&client::UpdateOrganization { id, patch }).await
}

/// `DELETE /api/v1/organizations/{id}`: its confirmed Owner deletes it, with the master password's
/// authentication hash (never the password).
pub async fn delete(id: String, auth_hash: String) -> Result<(), ClientError> {
    super::call(&client::DeleteOrganization { id, proof: ProveMasterPassword { auth_hash } }).await
}

/// `GET /api/v1/organizations/{id}/events`: one page of the organization's event log, newest first.
pub async fn list_events(id: String, query: EventQuery) -> Result<Page<Event>, ClientError> {
    super::call(&client::ListOrganizationEvents { id, query }).await
}
