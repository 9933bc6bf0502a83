//! Groups: named sets of an organization's members, through which access to collections is
//! granted. Names are in clear on purpose (integrations and server-side access reports).

use serde::{Deserialize, Serialize};

use crate::collections::{CollectionGrant, check_ids, check_text_opt};
use crate::validation::Validator;

/// The longest group name, in characters.
pub const GROUP_NAME_MAX: usize = 100;
/// The longest external id (a directory's id for the group), in characters.
pub const EXTERNAL_ID_MAX: usize = 300;

/// A group as listed: its size and its collection grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    /// The group's id.
    pub id: String,
    /// The organization.
    pub organization_id: String,
    /// The name.
    pub name: String,
    /// Its id in an external directory, unique in the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// How many members it has (revoked ones keep their place and are counted).
    pub member_count: u32,
    /// The collections it reaches, and how far.
    pub collections: Vec<CollectionGrant>,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it or its members or grants last changed (RFC 3339).
    pub updated_at: String,
}

/// One group with its members' ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupDetails {
    /// The group.
    #[serde(flatten)]
    pub group: Group,
    /// Its members' ids (member ids, not account ids).
    pub members: Vec<String>,
}

/// `GET /api/v1/organizations/{id}/groups` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct GroupQuery {
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

/// `POST /api/v1/organizations/{id}/groups`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateGroup {
    /// The name, 1 to 100 characters (trimmed; need not be unique).
    pub name: String,
    /// Its id in an external directory, unique in the organization.
    #[serde(default)]
    pub external_id: Option<String>,
    /// The members' ids (of this organization).
    #[serde(default)]
    pub members: Vec<String>,
    /// The collections it reaches (of this organization).
    #[serde(default)]
    pub collections: Vec<CollectionGrant>,
}

impl CreateGroup {
    /// Checks the fields (`name`, `external_id`, `members.<n>`, `collections.<n>.collection_id`).
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        v.text("name", &self.name, 1, GROUP_NAME_MAX);
        check_text_opt(&mut v, "external_id", self.external_id.as_deref(), EXTERNAL_ID_MAX);
        check_ids(&mut v, "members", self.members.iter().map(|m| (m.as_str(), String::new())));
        check_ids(
            &mut v,
            "collections",
            self.collections.iter().map(|g| (g.collection_id.as_str(), ".collection_id".into())),
        );
        v.finish()
    }
}

/// `PATCH /api/v1/organizations/{id}/groups/{group_id}`: only the fields given change; `members`
/// and `collections` replace the whole set when given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateGroup {
    /// New name, 1 to 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New external id; an empty text clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The new member set (ids of this organization's members).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<String>>,
    /// The new collection grants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections: Option<Vec<CollectionGrant>>,
}

impl UpdateGroup {
    /// Checks the fields given.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        if let Some(name) = &self.name {
            v.text("name", name, 1, GROUP_NAME_MAX);
        }
        check_text_opt(&mut v, "external_id", self.external_id.as_deref().filter(|e| !e.is_empty()), EXTERNAL_ID_MAX);
        if let Some(members) = &self.members {
            check_ids(&mut v, "members", members.iter().map(|m| (m.as_str(), String::new())));
        }
        if let Some(grants) = &self.collections {
            check_ids(
                &mut v,
                "collections",
                grants.iter().map(|g| (g.collection_id.as_str(), ".collection_id".into())),
            );
        }
        v.finish()
    }
}

/// `PUT /api/v1/organizations/{id}/groups/{group_id}/members`: the group's new member set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupMembers {
    /// The members' ids (of this organization); empty empties the group.
    pub members: Vec<String>,
}

impl GroupMembers {
    /// Checks the ids (`members.<n>`).
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        check_ids(&mut v, "members", self.members.iter().map(|m| (m.as_str(), String::new())));
        v.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collections::AccessLevel;

    #[test]
    fn groups_name_their_bad_fields() {
        let grant = |id: &str| CollectionGrant { collection_id: id.into(), level: AccessLevel::CanView };
        let bad = CreateGroup {
            name: "  ".into(),
            external_id: Some("x".repeat(301)),
            members: vec!["a".into(), "".into(), "a".into()],
            collections: vec![grant("c"), grant("c")],
        };
        let errors = bad.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "external_id", "members.1", "members.2", "collections.1.collection_id"]);
        assert!(CreateGroup { name: " Sales ".into(), ..Default::default() }.validate().is_ok());
        assert!(UpdateGroup { external_id: Some(String::new()), ..Default::default() }.validate().is_ok());
        assert!(UpdateGroup { name: Some("x".repeat(101)), ..Default::default() }.validate().is_err());
        assert!(GroupMembers { members: vec!["m".into(), "m".into()] }.validate().is_err());
    }
}
