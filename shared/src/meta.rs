//! What the server says about itself.

use serde::{Deserialize, Serialize};

/// The storage backend a server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// The embedded default: a SQLite file in the data directory.
    Sqlite,
    /// PostgreSQL, for production and for several API instances on one database.
    Postgres,
}

impl Backend {
    /// The backend's name as shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// The server's name, version and storage backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Provider Portal", "version": "0.1.0", "api_version": "v1", "backend": "sqlite"
})))]
pub struct Meta {
    /// The product's name.
    pub name: String,
    /// The server's version (semantic versioning).
    pub version: String,
    /// The API's major version, the path segment after `/api/`.
    pub api_version: String,
    /// The storage backend this server runs on.
    pub backend: Backend,
}

/// The answer of the health endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the check passed.
    pub status: String,
}
