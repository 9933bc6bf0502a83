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
    /// When no mail relay is configured: the first admin's invitation link, shown to the creator
    /// once so they can hand it over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation_link: Option<String>,
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

/// `POST /api/v1/invitations/preview`: what an invitation leads to, before the invited person
/// has an account (the token travels in the body, never in a path that access logs keep).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PreviewInvitation {
    /// The token from the mailed link.
    pub token: String,
}

impl std::fmt::Debug for PreviewInvitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PreviewInvitation { .. }")
    }
}

/// What an invitation leads to: the organization, and the master password it requires, so that
/// the registration page holds a new master password to it before the account exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationPreview {
    /// The organization it invites to (none for a provider's invitation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<crate::organizations::NamedRef>,
    /// That organization's master password requirements, when it sets them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_password: Option<crate::policies::MasterPasswordOptions>,
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
    /// The provider joined, for an invitation to a provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Provider>,
    /// The organization joined, for an invitation to an organization (its members, or the Owner
    /// of a new client).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<crate::organizations::NamedRef>,
    /// Whether the caller must now finish the provider's setup (its first admin).
    pub needs_setup: bool,
}

/// A new invitation was sent. With no mail relay configured, the link is in the answer so that
/// an administrator can pass it on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationSent {
    /// The invitation link (only when no mail relay is configured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation_link: Option<String>,
}

/// A provider user's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProviderUserType {
    /// Provider Admin: manages the provider, its users and clients.
    Admin,
    /// Service User: administers every client organization.
    ServiceUser,
}

impl ProviderUserType {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderUserType::Admin => "admin",
            ProviderUserType::ServiceUser => "service_user",
        }
    }

    /// From the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(ProviderUserType::Admin),
            "service_user" => Some(ProviderUserType::ServiceUser),
            _ => None,
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            ProviderUserType::Admin => "Provider Admin",
            ProviderUserType::ServiceUser => "Service User",
        }
    }
}

/// Where a provider user is in the invite -> accept -> confirm lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProviderUserStatus {
    /// Invited by mail, not accepted yet.
    Invited,
    /// Accepted with an account; waits for an admin to confirm (hand over the provider key).
    Accepted,
    /// Holds the provider key.
    Confirmed,
}

impl ProviderUserStatus {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderUserStatus::Invited => "invited",
            ProviderUserStatus::Accepted => "accepted",
            ProviderUserStatus::Confirmed => "confirmed",
        }
    }

    /// From the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "invited" => Some(ProviderUserStatus::Invited),
            "accepted" => Some(ProviderUserStatus::Accepted),
            "confirmed" => Some(ProviderUserStatus::Confirmed),
            _ => None,
        }
    }
}

/// A provider's user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderUser {
    /// The provider user's id (not the account's).
    pub id: String,
    /// The provider.
    pub provider_id: String,
    /// The account, once accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The invited address.
    pub email: String,
    /// The account's name, once accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Type.
    #[serde(rename = "type")]
    pub kind: ProviderUserType,
    /// Lifecycle status (kept while revoked, so a restore returns to it).
    pub status: ProviderUserStatus,
    /// Revoked: no access at all until restored.
    pub revoked: bool,
    /// When invited (RFC 3339).
    pub created_at: String,
    /// Revision (RFC 3339).
    pub updated_at: String,
    /// When no mail relay is configured: the invitation link, in the answer to the invitation only,
    /// so the inviting admin can hand it over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation_link: Option<String>,
}

/// One invitation of `POST /api/v1/providers/{id}/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProviderUserInvite {
    /// Who.
    pub email: String,
    /// As what.
    #[serde(rename = "type")]
    pub kind: ProviderUserType,
}

/// `POST /api/v1/providers/{id}/users`: invite one or many (at most 100 at once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InviteProviderUsers {
    /// The invitations.
    pub invites: Vec<ProviderUserInvite>,
}

impl InviteProviderUsers {
    /// Checks every invitation (fields are `invites.<n>.email`).
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        if self.invites.is_empty() {
            v.error("invites", "required", "Invite at least one person.");
        } else if self.invites.len() > 100 {
            v.error("invites", "too_long", "Invite at most 100 people at once.");
        }
        let mut seen = std::collections::HashSet::new();
        for (i, invite) in self.invites.iter().enumerate() {
            let field = format!("invites.{i}.email");
            v.email(&field, &invite.email);
            if !seen.insert(crate::validation::normalize_email(&invite.email)) {
                v.error(&field, "duplicate", "This address is listed twice.");
            }
        }
        v.finish()
    }
}

/// `GET /api/v1/providers/{id}/users` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProviderUserQuery {
    /// Part of the email or name, case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Only this type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ProviderUserType>,
    /// Only this status: `invited`, `accepted`, `confirmed` (not revoked), or `revoked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// How many (1-500, default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `PATCH /api/v1/providers/{id}/users/{user_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProviderUser {
    /// The new type.
    #[serde(rename = "type")]
    pub kind: ProviderUserType,
}

/// `POST /api/v1/providers/{id}/users/{user_id}/confirm`: the provider key wrapped to the accepted
/// user's public key by the confirming admin's browser.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmProviderUser {
    /// The provider key wrapped to the user's public key (docs/crypto.md).
    pub wrapped_provider_key: String,
}

impl std::fmt::Debug for ConfirmProviderUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConfirmProviderUser { .. }")
    }
}

impl ConfirmProviderUser {
    /// Checks the format (the server never sees the key inside).
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
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

/// An accepted user's public key and its fingerprint, for the confirming admin to compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberPublicKey {
    /// The account's public key.
    pub public_key: String,
    /// Its fingerprint (docs/crypto.md), to compare with the one the user sees.
    pub fingerprint: String,
}

/// The caller's own membership of a provider, with the wrapped provider key their browser opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderMembership {
    /// The caller's provider user.
    pub user: ProviderUser,
    /// The provider key wrapped to the caller's public key (confirmed users only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapped_provider_key: Option<String>,
}
