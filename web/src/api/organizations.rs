//! Organizations (`/api/v1/organizations`): the caller's own, a standalone one's creation, and
//! one organization with the caller's way in.

use portal_shared::client::{self, ClientError};
use portal_shared::organizations::{CreateOrganization, Organization, OrganizationQuery};
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
