//! Client organizations of a provider (`/api/v1/providers/{id}/clients`): create, attach,
//! detach, rename, plan and seats.

use portal_shared::client::{self, ClientError};
use portal_shared::clients::{AttachClient, Client, CreateClient, UpdateClient};

/// `POST /api/v1/providers/{id}/clients`.
pub async fn create(id: String, client: CreateClient) -> Result<Client, ClientError> {
    super::call(&client::CreateProviderClient { id, client }).await
}

/// `POST /api/v1/providers/{id}/clients/attach`.
pub async fn attach(id: String, attach: AttachClient) -> Result<Client, ClientError> {
    super::call(&client::AttachProviderClient { id, attach }).await
}

/// `POST /api/v1/providers/{id}/clients/{org_id}/detach`.
pub async fn detach(id: String, org_id: String) -> Result<(), ClientError> {
    super::call(&client::DetachProviderClient { id, org_id }).await
}

/// `PATCH /api/v1/providers/{id}/clients/{org_id}`.
pub async fn update(id: String, org_id: String, patch: UpdateClient) -> Result<Client, ClientError> {
    super::call(&client::UpdateProviderClient { id, org_id, patch }).await
}
