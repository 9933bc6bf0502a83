//! An organization's API key (`/api/v1/organizations/{id}/api-key`): read it (never its secret),
//! create it, rotate its secret, revoke it. Confirmed Owners and the provider's users only.

use portal_shared::api_keys::{ApiKey, CreateApiKey, IssuedApiKey};
use portal_shared::client::{self, ClientError};

/// `GET /api/v1/organizations/{id}/api-key`: the live key, or `None`.
pub async fn get(id: String) -> Result<Option<ApiKey>, ClientError> {
    super::call(&client::GetOrganizationApiKey { id }).await
}

/// `POST /api/v1/organizations/{id}/api-key`: the answer holds the secret, once.
pub async fn create(id: String, key: CreateApiKey) -> Result<IssuedApiKey, ClientError> {
    super::call(&client::CreateOrganizationApiKey { id, key }).await
}

/// `POST /api/v1/organizations/{id}/api-key/rotate`: a new secret, once; the old one stops working.
pub async fn rotate(id: String) -> Result<IssuedApiKey, ClientError> {
    super::call(&client::RotateOrganizationApiKey { id }).await
}

/// `DELETE /api/v1/organizations/{id}/api-key`.
pub async fn revoke(id: String) -> Result<(), ClientError> {
    super::call(&client::RevokeOrganizationApiKey { id }).await
}
