//! An organization's members (`/api/v1/organizations/{id}/members`, `/leave`): list, invite,
//! confirm with wrapped organization keys, change, revoke, restore, remove, re-invite, leave.

use portal_shared::client::{self, ClientError};
use portal_shared::organizations::{ConfirmMembers, InviteMembers, Member, MemberQuery, UpdateMember};
use portal_shared::page::Page;
use portal_shared::providers::{InvitationSent, MemberPublicKey};

/// `GET /api/v1/organizations/{id}/members`: one page.
pub async fn list(id: String, query: MemberQuery) -> Result<Page<Member>, ClientError> {
    super::call(&client::ListMembers { id, query }).await
}

/// `POST /api/v1/organizations/{id}/members`: invite one or many.
pub async fn invite(id: String, invites: InviteMembers) -> Result<Vec<Member>, ClientError> {
    super::call(&client::InviteMembers { id, invites }).await
}

/// `GET /api/v1/organizations/{id}/members/{member_id}/public-key`: what the confirming browser wraps to.
pub async fn public_key(id: String, member_id: String) -> Result<MemberPublicKey, ClientError> {
    super::call(&client::GetMemberPublicKey { id, member_id }).await
}

/// `POST /api/v1/organizations/{id}/members/confirm`: all or none.
pub async fn confirm(id: String, confirm: ConfirmMembers) -> Result<Vec<Member>, ClientError> {
    super::call(&client::ConfirmMembers { id, confirm }).await
}

/// `PATCH /api/v1/organizations/{id}/members/{member_id}`.
pub async fn update(id: String, member_id: String, update: UpdateMember) -> Result<Member, ClientError> {
    super::call(&client::UpdateMember { id, member_id, update }).await
}

/// `POST /api/v1/organizations/{id}/members/{member_id}/revoke`.
pub async fn revoke(id: String, member_id: String) -> Result<Member, ClientError> {
    super::call(&client::RevokeMember { id, member_id }).await
}

/// `POST /api/v1/organizations/{id}/members/{member_id}/restore`.
pub async fn restore(id: String, member_id: String) -> Result<Member, ClientError> {
    super::call(&client::RestoreMember { id, member_id }).await
}

/// `DELETE /api/v1/organizations/{id}/members/{member_id}`.
pub async fn remove(id: String, member_id: String) -> Result<(), ClientError> {
    super::call(&client::RemoveMember { id, member_id }).await
}

/// `POST /api/v1/organizations/{id}/members/{member_id}/reinvite`.
pub async fn reinvite(id: String, member_id: String) -> Result<InvitationSent, ClientError> {
    super::call(&client::ReinviteMember { id, member_id }).await
}

/// `POST /api/v1/organizations/{id}/leave`.
pub async fn leave(id: String) -> Result<(), ClientError> {
    super::call(&client::LeaveOrganization { id }).await
}
