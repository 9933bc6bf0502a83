//! Who may do what: the one place that decides a caller's relation to a provider (and, through
//! it, to the provider's client organizations). Handlers call these functions and never trust ids
//! from a body.
//!
//! Tenants are walls: a caller with no relation to a provider gets 404 (it does not exist for
//! them); a caller with a relation but too low a role gets 403.

use diesel::prelude::*;
use portal_shared::organizations::{CustomPermissions, MemberStatus, MemberType, PermissionFlags};
use portal_shared::providers::ProviderStatus;

use crate::api_keys::{KeyAccess, KeyOwner};
use crate::auth::{AuthUser, Caller};
use crate::db::DbConn;
use crate::db::schema::{organization_members, organizations, provider_users, providers};
use crate::error::ApiError;

/// A provider user's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderRole {
    /// Manages the provider, its users, its clients; and everything a Service User can do.
    Admin,
    /// Full administrative access inside every client organization.
    ServiceUser,
}

impl ProviderRole {
    /// From the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(ProviderRole::Admin),
            "service_user" => Some(ProviderRole::ServiceUser),
            _ => None,
        }
    }
}

/// What a request needs of its caller for a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderNeed {
    /// See the provider and its client list: any confirmed provider user, or an instance admin.
    Read,
    /// Work in the provider's clients (rename, plan, seats): any confirmed provider user, not an
    /// instance admin acting as such.
    User,
    /// Manage the provider (its users, settings, clients): a confirmed Provider Admin.
    Admin,
    /// Manage the provider's settings: a confirmed Provider Admin or an instance admin.
    AdminOrInstance,
    /// Instance administration (disable, enable): an instance admin.
    Instance,
}

/// The caller's established relation to a provider.
#[derive(Debug, Clone)]
pub struct ProviderAccess {
    /// The provider.
    pub provider_id: String,
    /// Its status.
    pub status: ProviderStatus,
    /// The caller's provider user row and role, when they are one (not for instance admins
    /// acting as such).
    pub member: Option<(String, ProviderRole)>,
    /// Whether the caller is an instance admin.
    pub instance_admin: bool,
}

/// The confirmed, unrevoked provider user row of `user_id` in `provider_id`: (row id, role).
fn confirmed_member(
    conn: &mut DbConn,
    user_id: &str,
    provider_id: &str,
) -> QueryResult<Option<(String, ProviderRole)>> {
    let row: Option<(String, String)> = provider_users::table
        .filter(provider_users::provider_id.eq(provider_id))
        .filter(provider_users::user_id.eq(user_id))
        .filter(provider_users::status.eq("confirmed"))
        .filter(provider_users::revoked_at.is_null())
        .select((provider_users::id, provider_users::type_))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(id, t)| ProviderRole::parse(&t).map(|r| (id, r))))
}

/// Whether `user_id` accepted the invitation to be the first admin of pending `provider_id`.
fn is_pending_admin(conn: &mut DbConn, user_id: &str, provider_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        provider_users::table
            .filter(provider_users::provider_id.eq(provider_id))
            .filter(provider_users::user_id.eq(user_id))
            .filter(provider_users::type_.eq("admin"))
            .filter(provider_users::revoked_at.is_null()),
    ))
    .get_result(conn)
}

/// Decides whether `me` may do what `need` says in `provider_id`.
///
/// A disabled provider is invisible to its own users (404) and open to instance admins only. A
/// pending provider is reachable only through its setup, which has its own check.
pub fn provider(
    conn: &mut DbConn,
    me: &AuthUser,
    provider_id: &str,
    need: ProviderNeed,
) -> Result<ProviderAccess, ApiError> {
    let status: Option<String> = providers::table.find(provider_id).select(providers::status).first(conn).optional()?;
    let status = status.and_then(|s| ProviderStatus::parse(&s)).ok_or(ApiError::NotFound)?;
    let member = if status == ProviderStatus::Active { confirmed_member(conn, &me.id, provider_id)? } else { None };
    // The first admin of a pending provider sees it (to come back to its setup), nothing more.
    let pending_admin = status == ProviderStatus::Pending && is_pending_admin(conn, &me.id, provider_id)?;
    let access =
        ProviderAccess { provider_id: provider_id.to_owned(), status, member, instance_admin: me.is_instance_admin };
    let role = access.member.as_ref().map(|(_, r)| *r);
    let allowed = match need {
        ProviderNeed::Read => role.is_some() || me.is_instance_admin || pending_admin,
        ProviderNeed::User => role.is_some(),
        ProviderNeed::Admin => role == Some(ProviderRole::Admin),
        ProviderNeed::AdminOrInstance => role == Some(ProviderRole::Admin) || me.is_instance_admin,
        ProviderNeed::Instance => me.is_instance_admin,
    };
    if allowed {
        Ok(access)
    } else if role.is_some() || me.is_instance_admin || pending_admin {
        Err(ApiError::Forbidden)
    } else {
        Err(ApiError::NotFound)
    }
}

/// The providers `me` can see: all for instance admins; otherwise the active providers where
/// they are a confirmed, unrevoked provider user, and the pending ones whose setup is theirs to
/// finish. Used to scope lists.
pub fn visible_provider_ids(conn: &mut DbConn, me: &AuthUser) -> QueryResult<Option<Vec<String>>> {
    if me.is_instance_admin {
        return Ok(None);
    }
    provider_users::table
        .inner_join(providers::table)
        .filter(provider_users::user_id.eq(&me.id))
        .filter(provider_users::revoked_at.is_null())
        .filter(
            (provider_users::status.eq("confirmed").and(providers::status.eq("active")))
                .or(provider_users::type_.eq("admin").and(providers::status.eq("pending"))),
        )
        .select(providers::id)
        .load(conn)
        .map(Some)
}

/// The active providers where `user_id` is a confirmed, unrevoked provider user: those whose
/// clients they administer.
pub fn confirmed_provider_ids(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    provider_users::table
        .inner_join(providers::table)
        .filter(provider_users::user_id.eq(user_id))
        .filter(provider_users::status.eq("confirmed"))
        .filter(provider_users::revoked_at.is_null())
        .filter(providers::status.eq("active"))
        .select(providers::id)
        .load(conn)
}

/// Serializes changes to a provider's users (the last-admin rule) under concurrency.
///
/// backend: PostgreSQL locks the provider row until the transaction ends; SQLite's write
/// transactions (`BEGIN IMMEDIATE`) are already serialized.
pub fn lock_provider(conn: &mut DbConn, provider_id: &str) -> QueryResult<()> {
    match conn {
        DbConn::Pg(pg) => {
            diesel::sql_query("SELECT id FROM providers WHERE id = $1 FOR UPDATE")
                .bind::<diesel::sql_types::Text, _>(provider_id)
                .execute(pg)?;
        }
        DbConn::Sqlite(_) => {}
    }
    Ok(())
}

/// Refuses to remove, revoke or demote the last confirmed, unrevoked Provider Admin.
pub fn ensure_not_last_admin(conn: &mut DbConn, provider_id: &str, provider_user_id: &str) -> Result<(), ApiError> {
    let admins: Vec<String> = provider_users::table
        .filter(provider_users::provider_id.eq(provider_id))
        .filter(provider_users::type_.eq("admin"))
        .filter(provider_users::status.eq("confirmed"))
        .filter(provider_users::revoked_at.is_null())
        .select(provider_users::id)
        .load(conn)?;
    if admins.len() <= 1 && admins.iter().any(|id| id == provider_user_id) {
        return Err(ApiError::ConflictBecause(
            "last-admin",
            "This is the provider's last confirmed Provider Admin: make someone else an admin first.".into(),
        ));
    }
    Ok(())
}

/// One of the nine permissions a Custom member may hold (see `docs/domain.md`). Owners, Admins
/// and the provider's users hold them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read the event log.
    AccessEventLogs,
    /// Import and export the vault.
    AccessImportExport,
    /// Read the reports.
    AccessReports,
    /// Create collections.
    CreateNewCollections,
    /// Edit any collection and its access.
    EditAnyCollection,
    /// Delete any collection.
    DeleteAnyCollection,
    /// Manage groups.
    ManageGroups,
    /// Manage members.
    ManageUsers,
    /// Manage policies.
    ManagePolicies,
}

impl Permission {
    /// Whether a Custom member with these permissions holds this one.
    pub fn held_in(self, p: &CustomPermissions) -> bool {
        match self {
            Permission::AccessEventLogs => p.access_event_logs,
            Permission::AccessImportExport => p.access_import_export,
            Permission::AccessReports => p.access_reports,
            Permission::CreateNewCollections => p.create_new_collections,
            Permission::EditAnyCollection => p.edit_any_collection,
            Permission::DeleteAnyCollection => p.delete_any_collection,
            Permission::ManageGroups => p.manage_groups,
            Permission::ManageUsers => p.manage_users,
            Permission::ManagePolicies => p.manage_policies,
        }
    }

    /// What an organization's API key may reach: members, groups, collections, policies and the
    /// event log. Never the vault, its keys, reports, import/export or the settings.
    pub fn open_to_api_keys(self) -> bool {
        !matches!(self, Permission::AccessImportExport | Permission::AccessReports)
    }
}

/// What a request needs of its caller in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgNeed {
    /// See the organization: an accepted or confirmed member, an administrator, or an API key.
    Read,
    /// Administer its settings: a confirmed Owner or Admin, or any confirmed user of its
    /// provider. API keys never.
    Admin,
    /// Read what `Permission` governs: administrators, Custom members holding it, API keys.
    View(Permission),
    /// Change what `Permission` governs: as `View`, but an API key must be a write key.
    Change(Permission),
}

/// The caller's own member row in an organization.
#[derive(Debug, Clone)]
pub struct OrgMember {
    /// The member row's id.
    pub id: String,
    /// Owner, Admin, User or Custom.
    pub kind: MemberType,
    /// Invited, accepted or confirmed.
    pub status: MemberStatus,
    /// The organization key wrapped to the member's public key (confirmed members).
    pub wrapped_org_key: Option<String>,
    /// A Custom member's permissions (all false for the other types).
    pub permissions: CustomPermissions,
}

/// The caller's established relation to an organization.
#[derive(Debug, Clone)]
pub struct OrgAccess {
    /// The organization.
    pub org_id: String,
    /// Its provider, for a client organization.
    pub provider_id: Option<String>,
    /// The caller's unrevoked member row, when they are a member.
    pub member: Option<OrgMember>,
    /// The caller's role in the organization's provider, when they administer it through the
    /// provider (see [`client_admin_role`]).
    pub via_provider: Option<ProviderRole>,
    /// The organization's own API key, when an integration calls.
    pub via_key: Option<KeyAccess>,
}

/// Whether a member of this type and status administers their organization.
pub fn member_administers(kind: MemberType, status: MemberStatus) -> bool {
    status == MemberStatus::Confirmed && matches!(kind, MemberType::Owner | MemberType::Admin)
}

impl OrgAccess {
    /// Whether the caller administers the organization, as a member or through its provider.
    pub fn can_administer(&self) -> bool {
        self.via_provider.is_some() || self.member.as_ref().is_some_and(|m| member_administers(m.kind, m.status))
    }

    /// Whether the caller holds `permission`: administrators hold all; a confirmed Custom member
    /// those given to them; an API key those open to keys.
    pub fn holds(&self, permission: Permission) -> bool {
        if self.can_administer() {
            return true;
        }
        if self.via_key.is_some() {
            return permission.open_to_api_keys();
        }
        self.member.as_ref().is_some_and(|m| {
            m.status == MemberStatus::Confirmed && m.kind == MemberType::Custom && permission.held_in(&m.permissions)
        })
    }

    /// The permissions the caller holds (and so may hand to others): all for administrators; for
    /// an API key those open to keys (never import/export or reports); only their own for a
    /// confirmed Custom member.
    pub fn held(&self) -> CustomPermissions {
        if self.can_administer() {
            return CustomPermissions::ALL;
        }
        if self.via_key.is_some() {
            return CustomPermissions { access_import_export: false, access_reports: false, ..CustomPermissions::ALL };
        }
        match &self.member {
            Some(m) if m.kind == MemberType::Custom && m.status == MemberStatus::Confirmed => m.permissions,
            _ => CustomPermissions::default(),
        }
    }

    /// Whether the caller is a confirmed Owner (what deleting the organization takes).
    pub fn is_confirmed_owner(&self) -> bool {
        self.member.as_ref().is_some_and(|m| m.kind == MemberType::Owner && m.status == MemberStatus::Confirmed)
    }

    /// Whether the caller may act on Owners and on Admins' rights: a confirmed Owner, or a user
    /// of the provider. Admins, Custom members and API keys never act on Owners.
    pub fn acts_on_owners(&self) -> bool {
        self.via_provider.is_some() || self.is_confirmed_owner()
    }

    /// Whether the caller may make someone an Admin or change an Admin: administrators only. A
    /// Custom member with "manage users" and an API key hold less than an Admin, and nobody hands
    /// out more than they hold.
    pub fn acts_on_admins(&self) -> bool {
        self.can_administer()
    }

    /// Whether an integration calls with the organization's API key.
    pub fn is_key(&self) -> bool {
        self.via_key.is_some()
    }
}

/// The rule every later slice relies on: every confirmed, unrevoked user of an active provider
/// administers every client organization of that provider, as its Owner would. Returns the
/// caller's provider role when the rule applies to `provider_id` (the organization's provider).
pub fn client_admin_role(
    conn: &mut DbConn,
    user_id: &str,
    provider_id: Option<&str>,
) -> QueryResult<Option<ProviderRole>> {
    let Some(provider_id) = provider_id else { return Ok(None) };
    let active: bool = diesel::select(diesel::dsl::exists(
        providers::table.filter(providers::id.eq(provider_id)).filter(providers::status.eq("active")),
    ))
    .get_result(conn)?;
    if !active {
        return Ok(None);
    }
    Ok(confirmed_member(conn, user_id, provider_id)?.map(|(_, role)| role))
}

type MemberSelf = (String, String, String, Option<String>, PermissionFlags);

/// Decides whether `caller` may do what `need` says in `org_id`: 404 when they have no relation
/// to it (revoked members, users of other providers, other organizations' keys), 403 when they
/// have one without the rights.
pub fn organization(conn: &mut DbConn, caller: &Caller, org_id: &str, need: OrgNeed) -> Result<OrgAccess, ApiError> {
    let provider_id: Option<Option<String>> =
        organizations::table.find(org_id).select(organizations::provider_id).first(conn).optional()?;
    let provider_id = provider_id.ok_or(ApiError::NotFound)?;
    let access = match caller {
        Caller::Key(key) => {
            if key.owner != KeyOwner::Organization(org_id.to_owned()) {
                return Err(ApiError::NotFound);
            }
            OrgAccess {
                org_id: org_id.to_owned(),
                provider_id,
                member: None,
                via_provider: None,
                via_key: Some(key.access),
            }
        }
        Caller::User(me) => {
            let row: Option<MemberSelf> = organization_members::table
                .filter(organization_members::organization_id.eq(org_id))
                .filter(organization_members::user_id.eq(&me.id))
                .filter(organization_members::revoked_at.is_null())
                .select((
                    organization_members::id,
                    organization_members::type_,
                    organization_members::status,
                    organization_members::wrapped_org_key,
                    (
                        organization_members::access_event_logs,
                        organization_members::access_import_export,
                        organization_members::access_reports,
                        organization_members::create_new_collections,
                        organization_members::edit_any_collection,
                        organization_members::delete_any_collection,
                        organization_members::manage_groups,
                        organization_members::manage_users,
                        organization_members::manage_policies,
                    ),
                ))
                .first(conn)
                .optional()?;
            let member = row.and_then(|(id, kind, status, wrapped_org_key, p)| {
                Some(OrgMember {
                    id,
                    kind: MemberType::parse(&kind)?,
                    status: MemberStatus::parse(&status)?,
                    wrapped_org_key,
                    permissions: p.into(),
                })
            });
            let via_provider = client_admin_role(conn, &me.id, provider_id.as_deref())?;
            OrgAccess { org_id: org_id.to_owned(), provider_id, member, via_provider, via_key: None }
        }
    };
    let allowed = match need {
        OrgNeed::Read => access.can_administer() || access.member.is_some() || access.via_key.is_some(),
        OrgNeed::Admin => access.can_administer(),
        OrgNeed::View(p) => access.holds(p),
        OrgNeed::Change(p) => access.holds(p) && access.via_key != Some(KeyAccess::Read),
    };
    if allowed {
        Ok(access)
    } else if access.member.is_some() || access.via_key.is_some() {
        Err(ApiError::Forbidden)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Serializes changes to an organization's members (seats, the last-Owner rule) under
/// concurrency.
///
/// backend: PostgreSQL locks the organization row until the transaction ends; SQLite's write
/// transactions (`BEGIN IMMEDIATE`) are already serialized.
pub fn lock_organization(conn: &mut DbConn, org_id: &str) -> QueryResult<()> {
    match conn {
        DbConn::Pg(pg) => {
            diesel::sql_query("SELECT id FROM organizations WHERE id = $1 FOR UPDATE")
                .bind::<diesel::sql_types::Text, _>(org_id)
                .execute(pg)?;
        }
        DbConn::Sqlite(_) => {}
    }
    Ok(())
}
