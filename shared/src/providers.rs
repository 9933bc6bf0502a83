//! Providers (MSPs, resellers, business units) and their users.

use serde::{Deserialize, Serialize};

use crate::validation::Validator;

/// The longest provider name.
pub const PROVIDER_NAME_MAX: usize = 100;

/// What kind of provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProviderType {
    /// A managed service provider.
    Msp,
    /// A reseller.
    Reseller,
    /// A business unit of a larger company.
    BusinessUnit,
}

impl ProviderType {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderType::Msp => "msp",
            ProviderType::Reseller => "reseller",
            ProviderType::BusinessUnit => "business_unit",
        }
    }

    /// From the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "msp" => Some(ProviderType::Msp),
            "reseller" => Some(ProviderType::Reseller),
            "business_unit" => Some(ProviderType::BusinessUnit),
            _ => None,
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            ProviderType::Msp => "MSP",
            ProviderType::Reseller => "Reseller",
            ProviderType::BusinessUnit => "Business unit",
        }
    }
}

/// Where a provider is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProviderStatus {
    /// Waiting for its first Provider Admin to finish the setup.
    Pending,
    /// In service.
    Active,
    /// Turned off by the instance: its users reach neither it nor its clients; nothing is deleted.
    Disabled,
}

impl ProviderStatus {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderStatus::Pending => "pending",
            ProviderStatus::Active => "active",
            ProviderStatus::Disabled => "disabled",
        }
    }

    /// From the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(ProviderStatus::Pending),
            "active" => Some(ProviderStatus::Active),
            "disabled" => Some(ProviderStatus::Disabled),
            _ => None,
        }
    }
}

/// A provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Provider {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: ProviderType,
    /// Status.
    pub status: ProviderStatus,
    /// Where invoices go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_email: Option<String>,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// Revision (RFC 3339).
    pub updated_at: String,
}

/// `POST /api/v1/providers` (instance administrators): a provider and the invitation of its first
/// Provider Admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateProvider {
    /// Name.
    pub name: String,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: ProviderType,
    /// Where invoices go (the first admin can set it at setup).
    #[serde(default)]
    pub billing_email: Option<String>,
    /// Who is invited as the first Provider Admin.
    pub admin_email: String,
}

impl CreateProvider {
    /// Checks the fields.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        v.text("name", &self.name, 1, PROVIDER_NAME_MAX).email("admin_email", &self.admin_email);
        if let Some(billing) = &self.billing_email {
            v.email("billing_email", billing);
        }
        v.finish()
    }
}

/// `PATCH /api/v1/providers/{id}`: any field given changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProvider {
    /// New name.
    #[serde(default)]
    pub name: Option<String>,
    /// New kind (instance administrators only).
    #[serde(default, rename = "type")]
    pub kind: Option<ProviderType>,
    /// New billing email.
    #[serde(default)]
    pub billing_email: Option<String>,
}

impl UpdateProvider {
    /// Checks the fields given.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        if let Some(name) = &self.name {
            v.text("name", name, 1, PROVIDER_NAME_MAX);
        }
        if let Some(billing) = &self.billing_email {
            v.email("billing_email", billing);
        }
        v.finish()
    }
}

/// `GET /api/v1/providers` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProviderQuery {
    /// Part of the name, case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProviderStatus>,
    /// How many (1-500, default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `POST /api/v1/providers/{id}/setup`: the first Provider Admin finishes the setup. The browser
/// made the provider key and wrapped it to the admin's own public key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProviderSetup {
    /// Where invoices go.
    pub billing_email: String,
    /// The new provider key, wrapped to the caller's public key (a wrapped key, docs/crypto.md).
    pub wrapped_provider_key: String,
}

impl std::fmt::Debug for ProviderSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderSetup").field("billing_email", &self.billing_email).finish_non_exhaustive()
    }
}

impl ProviderSetup {
    /// Checks the fields.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        v.email("billing_email", &self.billing_email);
        if self.wrapped_provider_key.parse::<crate::crypto::WrappedKey>().is_err() {
            v.error(
                "wrapped_provider_key",
                "invalid_format",
                "wrapped_provider_key must be a wrapped key (docs/crypto.md).",
            );
        }
        v.finish()
    }
}

/// `POST /api/v1/invitations/accept`: the token from an invitation mail.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The token from the mailed link.
    pub token: String,
}

impl std::fmt::Debug for AcceptInvitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AcceptInvitation { .. }")
    }
}

/// What an accepted invitation led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationAccepted {
    /// The provider joined.
    pub provider: Provider,
    /// Whether the caller must now finish the provider's setup (its first admin).
    pub needs_setup: bool,
}
