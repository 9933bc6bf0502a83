//! An organization's API key as its administrators see it: never its secret, except once, in the
//! answer that creates or rotates it.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::validation::Validator;

/// What an API key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyScope {
    /// Read members, groups, collections, policies and the event log.
    Read,
    /// Read, and change members, groups, collections and policies.
    Write,
}

impl ApiKeyScope {
    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKeyScope::Read => "read",
            ApiKeyScope::Write => "write",
        }
    }

    /// From the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "read" => Some(ApiKeyScope::Read),
            "write" => Some(ApiKeyScope::Write),
            _ => None,
        }
    }
}

/// A live API key, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    /// The key's id.
    pub id: String,
    /// The public half, sent as `client_id` to the client-credentials grant.
    pub client_id: String,
    /// What it may do.
    pub scope: ApiKeyScope,
    /// A name for people (the integration it serves).
    pub name: String,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// When its secret was last replaced (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotated_at: Option<String>,
    /// When it was last exchanged for a token (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
}

/// A key with its secret: the one time the secret is shown.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedApiKey {
    /// The key.
    pub key: ApiKey,
    /// The secret half, sent as `client_secret`. Shown once; store it now.
    pub client_secret: String,
}

impl std::fmt::Debug for IssuedApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedApiKey").field("key", &self.key).finish_non_exhaustive()
    }
}

/// Creates an organization's API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    /// What it may do.
    pub scope: ApiKeyScope,
    /// A name for people, 1-100 characters.
    pub name: String,
}

impl CreateApiKey {
    /// Checks the fields.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        Validator::new().text("name", &self.name, 1, 100).finish()
    }
}
