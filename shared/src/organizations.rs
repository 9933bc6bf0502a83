//! Organizations as their members and administrators see them: the caller's own organizations,
//! a standalone organization's creation, and one organization with the caller's way in.

use serde::{Deserialize, Serialize};

use crate::clients::{ORGANIZATION_NAME_MAX, Plan, SEATS_MAX};
use crate::validation::Validator;

/// A member's type in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberType {
    /// Everything, including deleting the organization and acting on other Owners.
    Owner,
    /// Everything except acting on Owners.
    Admin,
    /// Uses the collections they are given.
    User,
    /// A chosen set of permissions.
    Custom,
}

impl MemberType {
    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberType::Owner => "owner",
            MemberType::Admin => "admin",
            MemberType::User => "user",
            MemberType::Custom => "custom",
        }
    }

    /// From the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "owner" => Some(MemberType::Owner),
            "admin" => Some(MemberType::Admin),
            "user" => Some(MemberType::User),
            "custom" => Some(MemberType::Custom),
            _ => None,
        }
    }

    /// How people read it.
    pub fn label(self) -> &'static str {
        match self {
            MemberType::Owner => "Owner",
            MemberType::Admin => "Admin",
            MemberType::User => "User",
            MemberType::Custom => "Custom",
        }
    }
}

/// Where a member is in the invite, accept, confirm lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Invited by email; no account linked yet.
    Invited,
    /// Accepted with an account; waits for an administrator to hand over the organization key.
    Accepted,
    /// Holds the organization key.
    Confirmed,
}

impl MemberStatus {
    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Invited => "invited",
            MemberStatus::Accepted => "accepted",
            MemberStatus::Confirmed => "confirmed",
        }
    }

    /// From the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "invited" => Some(MemberStatus::Invited),
            "accepted" => Some(MemberStatus::Accepted),
            "confirmed" => Some(MemberStatus::Confirmed),
            _ => None,
        }
    }
}

/// How the caller reaches an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationAccess {
    /// The caller's member type, when they are a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_type: Option<MemberType>,
    /// The caller's member status, when they are a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_status: Option<MemberStatus>,
    /// The organization key wrapped to the caller's public key (confirmed members).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapped_org_key: Option<String>,
    /// Whether the caller administers it as a user of its provider (every confirmed provider
    /// user administers every client of the provider).
    pub via_provider: bool,
    /// Whether the caller may administer it (members, groups, collections, policies, settings).
    pub can_administer: bool,
    /// The permissions the caller holds there: all for administrators, a Custom member's own,
    /// none for Users. The portal shows only what these allow; the API decides.
    #[serde(default)]
    pub permissions: CustomPermissions,
}

/// Another resource named in an answer: its id and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// An organization, with the caller's way in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    /// Id.
    pub id: String,
    /// Name (in clear, see docs/crypto.md).
    pub name: String,
    /// Where invoices go.
    pub billing_email: String,
    /// Plan.
    pub plan: Plan,
    /// Seats (`None`: unlimited).
    pub seats: Option<i32>,
    /// Seats taken: invited, accepted and confirmed members that are not revoked.
    pub seats_used: i64,
    /// Members who accepted and wait for confirmation.
    pub awaiting_confirmation: i64,
    /// The provider, for a client organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<NamedRef>,
    /// For the provider's users: the organization key encrypted with the provider key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_wrapped_key: Option<String>,
    /// The caller's way in.
    pub access: OrganizationAccess,
    /// Created.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
}

/// `POST /api/v1/organizations`: a standalone organization; the caller becomes its confirmed
/// Owner. The browser made the organization key and wrapped it to the caller's public key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOrganization {
    /// Name.
    pub name: String,
    /// Where invoices go.
    pub billing_email: String,
    /// Plan.
    pub plan: Plan,
    /// Seats (`None`: unlimited).
    #[serde(default)]
    pub seats: Option<i32>,
    /// The organization key wrapped to the caller's own public key (a wrapped key, context
    /// `organization-key`).
    pub wrapped_org_key: String,
}

impl std::fmt::Debug for CreateOrganization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateOrganization").field("name", &self.name).finish_non_exhaustive()
    }
}

impl CreateOrganization {
    /// Checks the fields (the key only for its format).
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        v.text("name", &self.name, 1, ORGANIZATION_NAME_MAX).email("billing_email", &self.billing_email);
        if let Some(seats) = self.seats {
            v.range("seats", seats, 1, SEATS_MAX);
        }
        if self.wrapped_org_key.parse::<crate::crypto::WrappedKey>().is_err() {
            v.error("wrapped_org_key", "invalid_format", "wrapped_org_key must be a wrapped key (docs/crypto.md).");
        }
        v.finish()
    }
}

/// `PATCH /api/v1/organizations/{id}`: any field given changes. Plan and seats are for standalone
/// organizations; a client's are set by its provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganization {
    /// New name.
    #[serde(default)]
    pub name: Option<String>,
    /// New billing email.
    #[serde(default)]
    pub billing_email: Option<String>,
    /// New plan (standalone organizations).
    #[serde(default)]
    pub plan: Option<Plan>,
    /// New seat count, never below the seats in use (standalone organizations).
    #[serde(default)]
    pub seats: Option<i32>,
    /// Remove the seat limit (standalone organizations).
    #[serde(default)]
    pub unlimited_seats: bool,
}

impl UpdateOrganization {
    /// Checks the fields given.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        if let Some(name) = &self.name {
            v.text("name", name, 1, ORGANIZATION_NAME_MAX);
        }
        if let Some(billing) = &self.billing_email {
            v.email("billing_email", billing);
        }
        if let Some(seats) = self.seats {
            v.range("seats", seats, 1, SEATS_MAX);
        }
        if self.unlimited_seats && self.seats.is_some() {
            v.error("seats", "conflicting", "Give seats or unlimited_seats, not both.");
        }
        v.finish()
    }

    /// Whether it changes the plan or the seats.
    pub fn changes_plan_or_seats(&self) -> bool {
        self.plan.is_some() || self.seats.is_some() || self.unlimited_seats
    }
}

/// The nine permissions a Custom member can hold (always all false for other types).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CustomPermissions {
    /// Read the organization's event log.
    pub access_event_logs: bool,
    /// Import and export the organization's vault.
    pub access_import_export: bool,
    /// Read the organization's reports.
    pub access_reports: bool,
    /// Create collections.
    pub create_new_collections: bool,
    /// Edit any collection.
    pub edit_any_collection: bool,
    /// Delete any collection.
    pub delete_any_collection: bool,
    /// Manage groups.
    pub manage_groups: bool,
    /// Manage members (only handing out permissions they hold themselves).
    pub manage_users: bool,
    /// Manage policies.
    pub manage_policies: bool,
}

/// The nine permissions as stored, in the order of [`CustomPermissions`]' fields.
pub type PermissionFlags = (bool, bool, bool, bool, bool, bool, bool, bool, bool);

impl From<PermissionFlags> for CustomPermissions {
    fn from(p: PermissionFlags) -> Self {
        CustomPermissions {
            access_event_logs: p.0,
            access_import_export: p.1,
            access_reports: p.2,
            create_new_collections: p.3,
            edit_any_collection: p.4,
            delete_any_collection: p.5,
            manage_groups: p.6,
            manage_users: p.7,
            manage_policies: p.8,
        }
    }
}

impl CustomPermissions {
    /// Every permission (what Owners, Admins and provider users hold).
    pub const ALL: CustomPermissions = CustomPermissions {
        access_event_logs: true,
        access_import_export: true,
        access_reports: true,
        create_new_collections: true,
        edit_any_collection: true,
        delete_any_collection: true,
        manage_groups: true,
        manage_users: true,
        manage_policies: true,
    };

    /// Whether every permission given here is also given in `held`: nobody hands out more than
    /// they hold.
    pub fn within(&self, held: &CustomPermissions) -> bool {
        let pairs = [
            (self.access_event_logs, held.access_event_logs),
            (self.access_import_export, held.access_import_export),
            (self.access_reports, held.access_reports),
            (self.create_new_collections, held.create_new_collections),
            (self.edit_any_collection, held.edit_any_collection),
            (self.delete_any_collection, held.delete_any_collection),
            (self.manage_groups, held.manage_groups),
            (self.manage_users, held.manage_users),
            (self.manage_policies, held.manage_policies),
        ];
        pairs.iter().all(|&(given, has)| !given || has)
    }

    /// Whether any permission is given.
    pub fn any(&self) -> bool {
        self.access_event_logs
            || self.access_import_export
            || self.access_reports
            || self.create_new_collections
            || self.edit_any_collection
            || self.delete_any_collection
            || self.manage_groups
            || self.manage_users
            || self.manage_policies
    }
}

/// A member of an organization, as its administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// The member's id (not the account's).
    pub id: String,
    /// The organization.
    pub organization_id: String,
    /// The account, once the invitation is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The invited address.
    pub email: String,
    /// The account's name, once accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Owner, Admin, User or Custom.
    #[serde(rename = "type")]
    pub kind: MemberType,
    /// Where it is in the lifecycle.
    pub status: MemberStatus,
    /// Revoked: keeps its record and its place, loses all access, frees its seat.
    pub revoked: bool,
    /// A Custom member's permissions.
    pub permissions: CustomPermissions,
    /// The ids of the groups they are in.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Their direct collection grants (groups may give more: see the member's collections).
    #[serde(default)]
    pub collections: Vec<crate::collections::CollectionGrant>,
    /// Invited.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
    /// The invitation link, only in the answer to an invitation when no mail relay is configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation_link: Option<String>,
}

/// One invitation to an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberInvite {
    /// Who.
    pub email: String,
    /// As what.
    #[serde(rename = "type")]
    pub kind: MemberType,
    /// For a Custom member: what they may do.
    #[serde(default)]
    pub permissions: CustomPermissions,
    /// The groups to put them in (ids of this organization's groups).
    #[serde(default)]
    pub groups: Vec<String>,
    /// Direct collection access.
    #[serde(default)]
    pub collections: Vec<crate::collections::CollectionGrant>,
}

/// `PATCH /api/v1/organizations/{id}/members/{member_id}`: change a member. What is left out
/// stays; `groups` and `collections`, when given, replace the member's whole set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMember {
    /// The new type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<MemberType>,
    /// A Custom member's permissions (required when making someone Custom).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<CustomPermissions>,
    /// The groups they are in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// Their direct collection access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections: Option<Vec<crate::collections::CollectionGrant>>,
}

impl UpdateMember {
    /// Checks the shape (fields `type`, `permissions`, `groups.<n>`, `collections.<n>.collection_id`).
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        if self.kind.is_none() && self.permissions.is_none() && self.groups.is_none() && self.collections.is_none() {
            v.error("type", "required", "Say what to change.");
        }
        if let (Some(kind), Some(p)) = (self.kind, self.permissions.as_ref())
            && kind != MemberType::Custom
            && p.any()
        {
            v.error("permissions", "not_custom", "Only Custom members hold individual permissions.");
        }
        if let Some(groups) = &self.groups {
            check_ids(&mut v, "groups", groups.iter().map(String::as_str));
        }
        if let Some(collections) = &self.collections {
            check_ids(&mut v, "collections", collections.iter().map(|c| c.collection_id.as_str()));
        }
        v.finish()
    }
}

/// At most 500 ids, none listed twice.
fn check_ids<'a>(v: &mut Validator, field: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = std::collections::HashSet::new();
    for (i, id) in ids.enumerate() {
        if i >= 500 {
            v.error(field, "too_long", "At most 500 at once.");
            break;
        }
        if id.trim().is_empty() {
            v.error(&format!("{field}.{i}"), "required", "An id is required.");
        } else if !seen.insert(id) {
            v.error(&format!("{field}.{i}"), "duplicate", "Listed twice.");
        }
    }
}

/// `POST /api/v1/organizations/{id}/members`: invite one or many (at most 100 at once). Each
/// invitation takes a seat at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InviteMembers {
    /// The invitations.
    pub invites: Vec<MemberInvite>,
}

impl InviteMembers {
    /// Checks every invitation (fields are `invites.<n>.email` and `invites.<n>.permissions`).
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
            if invite.kind != MemberType::Custom && invite.permissions.any() {
                v.error(
                    &format!("invites.{i}.permissions"),
                    "not_custom",
                    "Only Custom members hold individual permissions.",
                );
            }
            check_ids(&mut v, &format!("invites.{i}.groups"), invite.groups.iter().map(String::as_str));
            check_ids(
                &mut v,
                &format!("invites.{i}.collections"),
                invite.collections.iter().map(|c| c.collection_id.as_str()),
            );
        }
        v.finish()
    }
}

/// One member to confirm: the organization key wrapped to their public key by the confirming
/// administrator's browser, after comparing fingerprints.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberConfirmation {
    /// The member's id.
    pub member_id: String,
    /// The organization key wrapped to the member's public key (context `organization-key`).
    pub wrapped_org_key: String,
}

impl std::fmt::Debug for MemberConfirmation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemberConfirmation").field("member_id", &self.member_id).finish_non_exhaustive()
    }
}

/// `POST /api/v1/organizations/{id}/members/confirm`: confirm one or many (at most 100), all or
/// none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmMembers {
    /// The confirmations.
    pub confirmations: Vec<MemberConfirmation>,
}

impl ConfirmMembers {
    /// Checks the format of every key (fields are `confirmations.<n>.*`); never the key inside.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        if self.confirmations.is_empty() {
            v.error("confirmations", "required", "Confirm at least one member.");
        } else if self.confirmations.len() > 100 {
            v.error("confirmations", "too_long", "Confirm at most 100 members at once.");
        }
        let mut seen = std::collections::HashSet::new();
        for (i, c) in self.confirmations.iter().enumerate() {
            if !seen.insert(c.member_id.as_str()) {
                v.error(&format!("confirmations.{i}.member_id"), "duplicate", "This member is listed twice.");
            }
            if c.wrapped_org_key.parse::<crate::crypto::WrappedKey>().is_err() {
                v.error(
                    &format!("confirmations.{i}.wrapped_org_key"),
                    "invalid_format",
                    "wrapped_org_key must be a wrapped key (docs/crypto.md).",
                );
            }
        }
        v.finish()
    }
}

/// `GET /api/v1/organizations/{id}/members` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MemberQuery {
    /// Part of the email or name, case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Only this type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<MemberType>,
    /// `invited`, `accepted`, `confirmed` (not revoked) or `revoked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// How many (1-500, default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `GET /api/v1/organizations` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OrganizationQuery {
    /// Part of the name, case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Only organizations where the caller is an Owner (what can be attached to a provider).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<bool>,
    /// How many (1-500, default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_types_round_trip() {
        for t in [MemberType::Owner, MemberType::Admin, MemberType::User, MemberType::Custom] {
            assert_eq!(MemberType::parse(t.as_str()), Some(t));
        }
        for s in [MemberStatus::Invited, MemberStatus::Accepted, MemberStatus::Confirmed] {
            assert_eq!(MemberStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(MemberType::parse("root"), None);
    }

    #[test]
    fn create_organization_checks_the_key_format() {
        let req = CreateOrganization {
            name: " ".into(),
            billing_email: "nope".into(),
            plan: Plan::Teams,
            seats: Some(0),
            wrapped_org_key: "plain".into(),
        };
        let fields: Vec<String> = req.validate().err().unwrap_or_default().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "billing_email", "seats", "wrapped_org_key"]);
    }
}
