//! An organization's groups (`/api/v1/organizations/{id}/groups`): list, create, read, change
//! (name, members, collection grants) and delete.

use portal_shared::client::{self, ClientError};
use portal_shared::groups::{CreateGroup, Group, GroupDetails, GroupQuery, UpdateGroup};
use portal_shared::page::Page;

/// `GET /api/v1/organizations/{id}/groups`: one page.
pub async fn list(id: String, query: GroupQuery) -> Result<Page<Group>, ClientError> {
    super::call(&client::ListGroups { id, query }).await
}

/// `POST /api/v1/organizations/{id}/groups`.
pub async fn create(id: String, group: CreateGroup) -> Result<GroupDetails, ClientError> {
    super::call(&client::CreateGroup { id, group }).await
}

/// `GET /api/v1/organizations/{id}/groups/{group_id}`: with its members' ids.
pub async fn get(id: String, group_id: String) -> Result<GroupDetails, ClientError> {
    super::call(&client::GetGroup { id, group_id }).await
}

/// `PATCH /api/v1/organizations/{id}/groups/{group_id}`.
pub async fn update(id: String, group_id: String, patch: UpdateGroup) -> Result<GroupDetails, ClientError> {
    super::call(&client::UpdateGroup { id, group_id, patch }).await
}

/// `DELETE /api/v1/organizations/{id}/groups/{group_id}`.
pub async fn delete(id: String, group_id: String) -> Result<(), ClientError> {
    super::call(&client::DeleteGroup { id, group_id }).await
}
