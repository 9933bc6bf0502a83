//! Collections and the access to them: the five levels of `docs/domain.md`, stored as three flags,
//! and the one rule that combines grants (direct and through groups) into a member's effective
//! access.

use serde::{Deserialize, Serialize};

use crate::validation::Validator;

/// How far a member or group may go in a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessLevel {
    /// See the items.
    CanView,
    /// See the items, except their passwords and TOTP secrets.
    CanViewExceptPasswords,
    /// See and change the items.
    CanEdit,
    /// See and change the items, except their passwords and TOTP secrets.
    CanEditExceptPasswords,
    /// Edit the items, the collection and who can reach it.
    CanManage,
}

/// The three stored flags of a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AccessFlags {
    /// The items cannot be changed.
    pub read_only: bool,
    /// Passwords and TOTP secrets are hidden.
    pub hide_passwords: bool,
    /// The collection and its access can be managed (excludes the other two).
    pub manage: bool,
}

impl AccessLevel {
    /// Every level, from the most restricted to the most permissive.
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::CanViewExceptPasswords,
        AccessLevel::CanView,
        AccessLevel::CanEditExceptPasswords,
        AccessLevel::CanEdit,
        AccessLevel::CanManage,
    ];

    /// As stored.
    pub fn flags(self) -> AccessFlags {
        let (read_only, hide_passwords, manage) = match self {
            AccessLevel::CanView => (true, false, false),
            AccessLevel::CanViewExceptPasswords => (true, true, false),
            AccessLevel::CanEdit => (false, false, false),
            AccessLevel::CanEditExceptPasswords => (false, true, false),
            AccessLevel::CanManage => (false, false, true),
        };
        AccessFlags { read_only, hide_passwords, manage }
    }

    /// From the stored flags (`manage` wins over the other two, as the database enforces).
    pub fn from_flags(flags: AccessFlags) -> Self {
        match (flags.manage, flags.read_only, flags.hide_passwords) {
            (true, _, _) => AccessLevel::CanManage,
            (false, true, false) => AccessLevel::CanView,
            (false, true, true) => AccessLevel::CanViewExceptPasswords,
            (false, false, false) => AccessLevel::CanEdit,
            (false, false, true) => AccessLevel::CanEditExceptPasswords,
        }
    }

    /// The effective level of two grants to the same collection: the most permissive wins, flag by
    /// flag (manage if either manages; read-only only if both are; passwords hidden only if both
    /// hide them). So "can view" and "can edit, except passwords" give "can edit". Used by every
    /// place that combines grants: the API, its reports and the portal.
    pub fn combine(self, other: AccessLevel) -> AccessLevel {
        let (a, b) = (self.flags(), other.flags());
        AccessLevel::from_flags(AccessFlags {
            manage: a.manage || b.manage,
            read_only: a.read_only && b.read_only,
            hide_passwords: a.hide_passwords && b.hide_passwords,
        })
    }

    /// The effective level of any number of grants, `None` for none.
    pub fn combine_all(levels: impl IntoIterator<Item = AccessLevel>) -> Option<AccessLevel> {
        levels.into_iter().reduce(AccessLevel::combine)
    }

    /// As shown to people.
    pub fn label(self) -> &'static str {
        match self {
            AccessLevel::CanView => "Can view",
            AccessLevel::CanViewExceptPasswords => "Can view, except passwords",
            AccessLevel::CanEdit => "Can edit",
            AccessLevel::CanEditExceptPasswords => "Can edit, except passwords",
            AccessLevel::CanManage => "Can manage",
        }
    }
}

/// A grant of access to one collection (to a member or a group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CollectionGrant {
    /// The collection's id.
    pub collection_id: String,
    /// How far.
    pub level: AccessLevel,
}

/// The most ids (members, groups, collections) one request may list.
pub const GRANTS_MAX: usize = 1000;
/// The longest collection name, in characters.
pub const COLLECTION_NAME_MAX: usize = 100;

/// Checks a list of ids: none empty, none twice, at most [`GRANTS_MAX`]. Each item is its id and
/// the suffix of its field name after `<list>.<n>` (`""` or `".collection_id"`).
pub(crate) fn check_ids<'a>(v: &mut Validator, list: &str, ids: impl Iterator<Item = (&'a str, String)>) {
    let mut seen = std::collections::HashSet::new();
    let mut count = 0;
    for (i, (id, suffix)) in ids.enumerate() {
        count += 1;
        let field = format!("{list}.{i}{suffix}");
        if id.trim().is_empty() {
            v.error(&field, "required", "An id is required.");
        } else if !seen.insert(id) {
            v.error(&field, "duplicate", "This id is listed twice.");
        }
    }
    if count > GRANTS_MAX {
        v.error(list, "too_long", format!("List at most {GRANTS_MAX}."));
    }
}

/// Checks an optional text of at most `max` characters that, when given, is not blank.
pub(crate) fn check_text_opt(v: &mut Validator, field: &str, value: Option<&str>, max: usize) {
    if let Some(value) = value {
        v.text(field, value, 1, max);
    }
}

/// A collection as a caller sees it, with the caller's own effective access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Collection {
    /// The collection's id.
    pub id: String,
    /// The organization.
    pub organization_id: String,
    /// The name.
    pub name: String,
    /// Its id in an external directory, unique in the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The caller's effective level (direct and through groups, the most permissive wins); absent
    /// when the caller reaches it only as an administrator or an API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<AccessLevel>,
    /// Whether the caller may change its name and access.
    pub can_manage: bool,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// A member's direct grant to a collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberGrant {
    /// The member's id (not the account's).
    pub member_id: String,
    /// How far.
    pub level: AccessLevel,
}

/// A group's grant to a collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupGrant {
    /// The group's id.
    pub group_id: String,
    /// How far.
    pub level: AccessLevel,
}

/// One collection with its grants (empty for callers who may not manage it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollectionDetails {
    /// The collection.
    #[serde(flatten)]
    pub collection: Collection,
    /// The members granted access directly.
    pub members: Vec<MemberGrant>,
    /// The groups granted access.
    pub groups: Vec<GroupGrant>,
}

/// `GET /api/v1/organizations/{id}/collections` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CollectionQuery {
    /// Part of the name, case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// How many (1-500, default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

fn check_grants(v: &mut Validator, members: Option<&[MemberGrant]>, groups: Option<&[GroupGrant]>) {
    if let Some(members) = members {
        check_ids(v, "members", members.iter().map(|g| (g.member_id.as_str(), ".member_id".into())));
    }
    if let Some(groups) = groups {
        check_ids(v, "groups", groups.iter().map(|g| (g.group_id.as_str(), ".group_id".into())));
    }
}

/// `POST /api/v1/organizations/{id}/collections`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateCollection {
    /// The name, 1 to 100 characters (trimmed; need not be unique).
    pub name: String,
    /// Its id in an external directory, unique in the organization.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Members granted access directly (of this organization).
    #[serde(default)]
    pub members: Vec<MemberGrant>,
    /// Groups granted access (of this organization).
    #[serde(default)]
    pub groups: Vec<GroupGrant>,
}

impl CreateCollection {
    /// Checks the fields (`name`, `external_id`, `members.<n>.member_id`, `groups.<n>.group_id`).
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        v.text("name", &self.name, 1, COLLECTION_NAME_MAX);
        check_text_opt(&mut v, "external_id", self.external_id.as_deref(), crate::groups::EXTERNAL_ID_MAX);
        check_grants(&mut v, Some(&self.members), Some(&self.groups));
        v.finish()
    }
}

/// `PATCH /api/v1/organizations/{id}/collections/{collection_id}`: only the fields given change;
/// `members` and `groups` replace the whole set of grants when given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCollection {
    /// New name, 1 to 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New external id; an empty text clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The new direct member grants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<MemberGrant>>,
    /// The new group grants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupGrant>>,
}

impl UpdateCollection {
    /// Checks the fields given.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        if let Some(name) = &self.name {
            v.text("name", name, 1, COLLECTION_NAME_MAX);
        }
        let external_id = self.external_id.as_deref().filter(|e| !e.is_empty());
        check_text_opt(&mut v, "external_id", external_id, crate::groups::EXTERNAL_ID_MAX);
        check_grants(&mut v, self.members.as_deref(), self.groups.as_deref());
        v.finish()
    }
}

/// Where one grant of a member's access comes from: the member directly, or one of their groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessSource {
    /// The group the grant is given to; absent for a direct grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// The group's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The level of this grant.
    pub level: AccessLevel,
}

/// A collection a member reaches: the effective level and every grant it combines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberCollection {
    /// The collection's id.
    pub collection_id: String,
    /// Its name.
    pub name: String,
    /// The effective level: the most permissive of the sources.
    pub level: AccessLevel,
    /// The grants: direct, and through each group.
    pub sources: Vec<AccessSource>,
}

/// A member who reaches a collection: the effective level and every grant it combines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollectionAccessEntry {
    /// The member's id.
    pub member_id: String,
    /// The member's email.
    pub email: String,
    /// The account's name, once accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The effective level: the most permissive of the sources.
    pub level: AccessLevel,
    /// The grants: direct, and through each group.
    pub sources: Vec<AccessSource>,
}

/// Who reaches a collection (revoked members reach nothing and are left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollectionAccess {
    /// The collection's id.
    pub collection_id: String,
    /// The members, by email.
    pub members: Vec<CollectionAccessEntry>,
    /// The groups granted access.
    pub groups: Vec<GroupGrant>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_round_trip() {
        for level in AccessLevel::ALL {
            assert_eq!(AccessLevel::from_flags(level.flags()), level);
            let f = level.flags();
            assert!(!f.manage || !(f.read_only || f.hide_passwords), "manage excludes the others");
        }
    }

    #[test]
    fn most_permissive_wins_flag_by_flag() {
        use AccessLevel::*;
        assert_eq!(CanView.combine(CanEditExceptPasswords), CanEdit);
        assert_eq!(CanViewExceptPasswords.combine(CanView), CanView);
        assert_eq!(CanViewExceptPasswords.combine(CanEditExceptPasswords), CanEditExceptPasswords);
        assert_eq!(CanView.combine(CanManage), CanManage);
        for a in AccessLevel::ALL {
            assert_eq!(a.combine(a), a);
            for b in AccessLevel::ALL {
                assert_eq!(a.combine(b), b.combine(a), "order does not matter");
            }
        }
        assert_eq!(AccessLevel::combine_all([]), None);
        assert_eq!(AccessLevel::combine_all([CanViewExceptPasswords, CanView, CanEditExceptPasswords]), Some(CanEdit));
    }

    #[test]
    fn collections_name_their_bad_fields() {
        let member = |id: &str| MemberGrant { member_id: id.into(), level: AccessLevel::CanView };
        let group = |id: &str| GroupGrant { group_id: id.into(), level: AccessLevel::CanEdit };
        let bad = CreateCollection {
            name: "x".repeat(101),
            external_id: None,
            members: vec![member("m"), member("m")],
            groups: vec![group(" ")],
        };
        let errors = bad.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "members.1.member_id", "groups.0.group_id"]);
        assert!(CreateCollection { name: "Finance".into(), ..Default::default() }.validate().is_ok());
        assert!(UpdateCollection::default().validate().is_ok());
        assert!(UpdateCollection { name: Some(" ".into()), ..Default::default() }.validate().is_err());
    }
}
