//! Provider users (`/api/v1/providers/{id}/users`, `/membership`, `/leave`): invite, confirm with
//! the wrapped provider key, change type, revoke, restore, remove, re-invite, leave.

use portal_shared::client::{self, ClientError};
use portal_shared::providers::{
    ConfirmProviderUser, InvitationSent, InviteProviderUsers, MemberPublicKey, ProviderMembership, ProviderUser,
    UpdateProviderUser,
};

/// `POST /api/v1/providers/{id}/users`: invite one or many.
pub async fn invite(id: String, invites: InviteProviderUsers) -> Result<Vec<ProviderUser>, ClientError> {
    super::call(&client::InviteProviderUsers { id, invites }).await
}

/// `GET /api/v1/providers/{id}/users/{user_id}/public-key`: what the confirming browser wraps to.
pub async fn public_key(id: String, user_id: String) -> Result<MemberPublicKey, ClientError> {
    super::call(&client::GetProviderUserPublicKey { id, user_id }).await
}

/// `POST /api/v1/providers/{id}/users/{user_id}/confirm`.
pub async fn confirm(id: String, user_id: String, confirm: ConfirmProviderUser) -> Result<ProviderUser, ClientError> {
    super::call(&client::ConfirmProviderUser { id, user_id, confirm }).await
}

/// `PATCH /api/v1/providers/{id}/users/{user_id}`: change the type.
pub async fn update(id: String, user_id: String, patch: UpdateProviderUser) -> Result<ProviderUser, ClientError> {
    super::call(&client::UpdateProviderUser { id, user_id, patch }).await
}

/// `POST /api/v1/providers/{id}/users/{user_id}/revoke`.
pub async fn revoke(id: String, user_id: String) -> Result<ProviderUser, ClientError> {
    super::call(&client::RevokeProviderUser { id, user_id }).await
}

/// `POST /api/v1/providers/{id}/users/{user_id}/restore`.
pub async fn restore(id: String, user_id: String) -> Result<ProviderUser, ClientError> {
    super::call(&client::RestoreProviderUser { id, user_id }).await
}

/// `DELETE /api/v1/providers/{id}/users/{user_id}`.
pub async fn remove(id: String, user_id: String) -> Result<(), ClientError> {
    super::call(&client::RemoveProviderUser { id, user_id }).await
}

/// `POST /api/v1/providers/{id}/users/{user_id}/reinvite`.
pub async fn reinvite(id: String, user_id: String) -> Result<InvitationSent, ClientError> {
    super::call(&client::ReinviteProviderUser { id, user_id }).await
}

/// `POST /api/v1/providers/{id}/leave`.
pub async fn leave(id: String) -> Result<(), ClientError> {
    super::call(&client::LeaveProvider { id }).await
}

/// `GET /api/v1/providers/{id}/membership`: the caller's own provider user and wrapped key.
pub async fn membership(id: String) -> Result<ProviderMembership, ClientError> {
    super::call(&client::GetProviderMembership { id }).await
}
