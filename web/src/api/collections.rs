//! An organization's collections (`/api/v1/organizations/{id}/collections`): list, create, read,
//! change (name, member and group grants), delete, and who reaches one and how.

use portal_shared::client::{self, ClientError};
use portal_shared::collections::{
    Collection, CollectionAccess, CollectionDetails, CollectionQuery, CreateCollection, UpdateCollection,
};
use portal_shared::page::Page;

/// `GET /api/v1/organizations/{id}/collections`: one page of those the caller sees.
pub async fn list(id: String, query: CollectionQuery) -> Result<Page<Collection>, ClientError> {
    super::call(&client::ListCollections { id, query }).await
}

/// `POST /api/v1/organizations/{id}/collections`.
pub async fn create(id: String, collection: CreateCollection) -> Result<CollectionDetails, ClientError> {
    super::call(&client::CreateCollection { id, collection }).await
}

/// `GET /api/v1/organizations/{id}/collections/{collection_id}`: with its grants.
pub async fn get(id: String, collection_id: String) -> Result<CollectionDetails, ClientError> {
    super::call(&client::GetCollection { id, collection_id }).await
}

/// `PATCH /api/v1/organizations/{id}/collections/{collection_id}`.
pub async fn update(
    id: String,
    collection_id: String,
    patch: UpdateCollection,
) -> Result<CollectionDetails, ClientError> {
    super::call(&client::UpdateCollection { id, collection_id, patch }).await
}

/// `DELETE /api/v1/organizations/{id}/collections/{collection_id}`: its items stay.
pub async fn delete(id: String, collection_id: String) -> Result<(), ClientError> {
    super::call(&client::DeleteCollection { id, collection_id }).await
}

/// `GET /api/v1/organizations/{id}/collections/{collection_id}/access`: every member who reaches it.
pub async fn access(id: String, collection_id: String) -> Result<CollectionAccess, ClientError> {
    super::call(&client::GetCollectionAccess { id, collection_id }).await
}
