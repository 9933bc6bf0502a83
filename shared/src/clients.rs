//! Client organizations: the organizations a provider administers.

use serde::{Deserialize, Serialize};

use crate::validation::Validator;

/// The longest organization name.
pub const ORGANIZATION_NAME_MAX: usize = 100;
/// The most seats an organization can have.
pub const SEATS_MAX: i32 = 100_000;

/// An organization's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    /// Free.
    Free,
    /// Families.
    Families,
    /// Teams.
    Teams,
    /// Enterprise.
    Enterprise,
}

impl Plan {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Families => "families",
            Plan::Teams => "teams",
            Plan::Enterprise => "enterprise",
        }
    }

    /// From the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "free" => Some(Plan::Free),
            "families" => Some(Plan::Families),
            "teams" => Some(Plan::Teams),
            "enterprise" => Some(Plan::Enterprise),
            _ => None,
        }
    }
}

/// Whether a client has an administrator of its own yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClientStatus {
    /// Its Owner is invited or accepted, not confirmed yet.
    Pending,
    /// It has a confirmed Owner.
    Active,
}

/// A client organization as its provider sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Client {
    /// The organization's id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Where invoices go.
    pub billing_email: String,
    /// Plan.
    pub plan: Plan,
    /// Seats bought (`None`: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<i32>,
    /// Seats taken: invited, accepted and confirmed members that are not revoked.
    pub seats_used: i64,
    /// Members who accepted and wait for an administrator to confirm them.
    pub awaiting_confirmation: i64,
    /// Whether it has a confirmed Owner.
    pub status: ClientStatus,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// Revision (RFC 3339).
    pub updated_at: String,
    /// When no mail relay is configured: the Owner's invitation link, in the answer to the
    /// creation only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation_link: Option<String>,
}

fn check_seats(v: &mut Validator, seats: Option<i32>) {
    if let Some(seats) = seats {
        v.range("seats", seats, 1, SEATS_MAX);
    }
}

/// `POST /api/v1/providers/{id}/clients`: a new client organization. The browser made the
/// organization key and encrypted it with the provider key; its Owner is invited by mail.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateClient {
    /// Name.
    pub name: String,
    /// Where invoices go.
    pub billing_email: String,
    /// Plan.
    pub plan: Plan,
    /// Seats (`None`: unlimited).
    #[serde(default)]
    pub seats: Option<i32>,
    /// The customer's own administrator, invited as the Owner.
    pub owner_email: String,
    /// The organization key encrypted with the provider key (an encrypted string, context
    /// `organization-key`).
    pub provider_wrapped_key: String,
}

impl std::fmt::Debug for CreateClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateClient")
            .field("name", &self.name)
            .field("owner_email", &self.owner_email)
            .finish_non_exhaustive()
    }
}

impl CreateClient {
    /// Checks the fields.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        v.text("name", &self.name, 1, ORGANIZATION_NAME_MAX)
            .email("billing_email", &self.billing_email)
            .email("owner_email", &self.owner_email);
        check_seats(&mut v, self.seats);
        check_enc(&mut v, "provider_wrapped_key", &self.provider_wrapped_key);
        v.finish()
    }
}

fn check_enc(v: &mut Validator, field: &str, value: &str) {
    if value.parse::<crate::crypto::EncString>().is_err() {
        v.error(field, "invalid_format", format!("{field} must be an encrypted string (docs/crypto.md)."));
    }
}

/// `POST /api/v1/providers/{id}/clients/attach`: an existing organization becomes a client. Only
/// its confirmed Owner can do it, because only they hold its key to encrypt with the provider key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttachClient {
    /// The organization.
    pub organization_id: String,
    /// Its key encrypted with the provider key.
    pub provider_wrapped_key: String,
}

impl std::fmt::Debug for AttachClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachClient").field("organization_id", &self.organization_id).finish_non_exhaustive()
    }
}

impl AttachClient {
    /// Checks the fields.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        v.text("organization_id", &self.organization_id, 1, 64);
        check_enc(&mut v, "provider_wrapped_key", &self.provider_wrapped_key);
        v.finish()
    }
}

/// `PATCH /api/v1/providers/{id}/clients/{org_id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateClient {
    /// New name.
    #[serde(default)]
    pub name: Option<String>,
    /// New plan.
    #[serde(default)]
    pub plan: Option<Plan>,
    /// New seat count (never below the seats in use); `unlimited_seats: true` removes the limit.
    #[serde(default)]
    pub seats: Option<i32>,
    /// Remove the seat limit.
    #[serde(default)]
    pub unlimited_seats: bool,
}

impl UpdateClient {
    /// Checks the fields given.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        if let Some(name) = &self.name {
            v.text("name", name, 1, ORGANIZATION_NAME_MAX);
        }
        check_seats(&mut v, self.seats);
        if self.unlimited_seats && self.seats.is_some() {
            v.error("seats", "conflicting", "Give seats or unlimited_seats, not both.");
        }
        v.finish()
    }
}

/// `GET /api/v1/providers/{id}/clients` filters and order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ClientQuery {
    /// Part of the name, case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// `name` (default), `-name`, `created` or `-created` (newest first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// How many (1-500, default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}
