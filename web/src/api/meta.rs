//! What the server says about itself.

use portal_shared::client::{ClientError, GetMeta};
use portal_shared::meta::Meta;

/// `GET /api/v1/meta`: the server's name, version, API version and storage backend.
pub async fn get_meta() -> Result<Meta, ClientError> {
    super::call(&GetMeta).await
}
