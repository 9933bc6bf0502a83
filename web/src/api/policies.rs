//! An organization's policies (`/api/v1/organizations/{id}/policies`): the six, the members that
//! enabling one would revoke, and turning one on or off with its options.

use portal_shared::client::{self, ClientError};
use portal_shared::policies::{Policy, PolicyPreview, PolicyType, UpdatePolicy};

/// `GET /api/v1/organizations/{id}/policies`.
pub async fn list(id: String) -> Result<Vec<Policy>, ClientError> {
    super::call(&client::ListPolicies { id }).await
}

/// `GET /api/v1/organizations/{id}/policies/{type}/preview`.
pub async fn preview(id: String, kind: PolicyType) -> Result<PolicyPreview, ClientError> {
    super::call(&client::PreviewPolicy { id, kind }).await
}

/// `PUT /api/v1/organizations/{id}/policies/{type}`: `revocations-needed` (409) until
/// `confirm_revocations` when enabling it revokes members.
pub async fn update(id: String, kind: PolicyType, update: UpdatePolicy) -> Result<Policy, ClientError> {
    super::call(&client::UpdatePolicy { id, kind, update }).await
}
