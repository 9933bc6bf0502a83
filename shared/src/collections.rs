//! Collections and the access to them: the five levels of `docs/domain.md`, stored as three flags,
//! and the one rule that combines grants (direct and through groups) into a member's effective
//! access.

use serde::{Deserialize, Serialize};

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
}
