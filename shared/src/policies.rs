//! Organization policies: their types, typed options and validation, the rules that combine the
//! policies of several organizations into what binds one person (the strictest of each), and the
//! master password check the client runs at registration and password change (the server never
//! sees the password).

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::organizations::{MemberType, NamedRef};
use crate::validation::Validator;

/// The six policy types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PolicyType {
    /// Members must turn on two-step login; enabling it revokes those without it (never Owners).
    RequireTwoStepLogin,
    /// Minimum length, strength and character classes of members' master passwords.
    MasterPassword,
    /// Rules the password generator follows.
    PasswordGenerator,
    /// Members may belong to no other organization; enabling it revokes those who do (never
    /// Owners).
    SingleOrganization,
    /// Members store items in the organization, not in their individual vault.
    RemoveIndividualVault,
    /// The longest a vault may stay unlocked, and what happens then.
    VaultTimeout,
}

impl PolicyType {
    /// Every type, in the order they are listed.
    pub const ALL: [PolicyType; 6] = [
        PolicyType::RequireTwoStepLogin,
        PolicyType::MasterPassword,
        PolicyType::PasswordGenerator,
        PolicyType::SingleOrganization,
        PolicyType::RemoveIndividualVault,
        PolicyType::VaultTimeout,
    ];

    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::RequireTwoStepLogin => "require_two_step_login",
            PolicyType::MasterPassword => "master_password",
            PolicyType::PasswordGenerator => "password_generator",
            PolicyType::SingleOrganization => "single_organization",
            PolicyType::RemoveIndividualVault => "remove_individual_vault",
            PolicyType::VaultTimeout => "vault_timeout",
        }
    }

    /// From the stored or sent text.
    pub fn parse(s: &str) -> Option<Self> {
        PolicyType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// How people read it.
    pub fn label(self) -> &'static str {
        match self {
            PolicyType::RequireTwoStepLogin => "Require two-step login",
            PolicyType::MasterPassword => "Master password requirements",
            PolicyType::PasswordGenerator => "Password generator",
            PolicyType::SingleOrganization => "Single organization",
            PolicyType::RemoveIndividualVault => "Remove individual vault",
            PolicyType::VaultTimeout => "Vault timeout",
        }
    }

    /// The options of a policy never set.
    pub fn default_options(self) -> PolicyOptions {
        match self {
            PolicyType::RequireTwoStepLogin => PolicyOptions::RequireTwoStepLogin,
            PolicyType::MasterPassword => PolicyOptions::MasterPassword(MasterPasswordOptions::default()),
            PolicyType::PasswordGenerator => PolicyOptions::PasswordGenerator(PasswordGeneratorOptions::default()),
            PolicyType::SingleOrganization => PolicyOptions::SingleOrganization,
            PolicyType::RemoveIndividualVault => PolicyOptions::RemoveIndividualVault,
            PolicyType::VaultTimeout => PolicyOptions::VaultTimeout(VaultTimeoutOptions::default()),
        }
    }

    /// Whether enabling it may revoke members (who then must be confirmed by the caller).
    pub fn revokes_members(self) -> bool {
        matches!(self, PolicyType::RequireTwoStepLogin | PolicyType::SingleOrganization)
    }
}

/// Master password requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct MasterPasswordOptions {
    /// Minimum length in characters, 8-128.
    pub min_length: u32,
    /// Minimum strength score, 0 (anything) to 4 (strong), as estimated by
    /// [`crate::password::estimate`].
    pub min_strength: u8,
    /// At least one upper-case letter.
    pub require_upper: bool,
    /// At least one lower-case letter.
    pub require_lower: bool,
    /// At least one digit.
    pub require_digits: bool,
    /// At least one special character (`!@#$%^&*` and the like).
    pub require_special: bool,
}

impl Default for MasterPasswordOptions {
    fn default() -> Self {
        Self {
            min_length: 8,
            min_strength: 0,
            require_upper: false,
            require_lower: false,
            require_digits: false,
            require_special: false,
        }
    }
}

/// Password generator rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PasswordGeneratorOptions {
    /// Minimum length of generated passwords, 5-128.
    pub min_length: u32,
    /// Always use upper-case letters.
    pub use_upper: bool,
    /// Always use lower-case letters.
    pub use_lower: bool,
    /// Always use digits.
    pub use_digits: bool,
    /// Always use special characters.
    pub use_special: bool,
    /// Minimum number of digits, 0-9.
    pub min_digits: u32,
    /// Minimum number of special characters, 0-9.
    pub min_special: u32,
    /// Minimum number of words of generated passphrases, 3-20.
    pub passphrase_min_words: u32,
    /// Capitalize passphrase words.
    pub passphrase_capitalize: bool,
    /// Include a number in passphrases.
    pub passphrase_include_number: bool,
}

impl Default for PasswordGeneratorOptions {
    fn default() -> Self {
        Self {
            min_length: 5,
            use_upper: false,
            use_lower: false,
            use_digits: false,
            use_special: false,
            min_digits: 0,
            min_special: 0,
            passphrase_min_words: 3,
            passphrase_capitalize: false,
            passphrase_include_number: false,
        }
    }
}

/// What a client does when the vault timeout runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VaultTimeoutAction {
    /// Lock the vault (the master password opens it again).
    Lock,
    /// Sign out (the stricter one).
    LogOut,
}

/// The vault timeout maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct VaultTimeoutOptions {
    /// The longest a vault stays unlocked without use, in minutes, 1-10080 (a week).
    pub minutes: u32,
    /// What happens then.
    pub action: VaultTimeoutAction,
}

impl Default for VaultTimeoutOptions {
    fn default() -> Self {
        Self { minutes: 60, action: VaultTimeoutAction::Lock }
    }
}

/// A policy's options, tagged with its type (`{"type": "vault_timeout", "minutes": 30, ...}`);
/// the policies without options carry only their type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PolicyOptions {
    /// No options.
    RequireTwoStepLogin,
    /// Master password requirements.
    MasterPassword(MasterPasswordOptions),
    /// Password generator rules.
    PasswordGenerator(PasswordGeneratorOptions),
    /// No options.
    SingleOrganization,
    /// No options.
    RemoveIndividualVault,
    /// Vault timeout maximum.
    VaultTimeout(VaultTimeoutOptions),
}

impl PolicyOptions {
    /// The policy type these options belong to.
    pub fn kind(&self) -> PolicyType {
        match self {
            PolicyOptions::RequireTwoStepLogin => PolicyType::RequireTwoStepLogin,
            PolicyOptions::MasterPassword(_) => PolicyType::MasterPassword,
            PolicyOptions::PasswordGenerator(_) => PolicyType::PasswordGenerator,
            PolicyOptions::SingleOrganization => PolicyType::SingleOrganization,
            PolicyOptions::RemoveIndividualVault => PolicyType::RemoveIndividualVault,
            PolicyOptions::VaultTimeout(_) => PolicyType::VaultTimeout,
        }
    }

    /// Checks the options' ranges; fields are named `options.<name>`.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut v = Validator::new();
        match self {
            PolicyOptions::MasterPassword(o) => {
                v.range("options.min_length", o.min_length, 8, 128).range("options.min_strength", o.min_strength, 0, 4);
            }
            PolicyOptions::PasswordGenerator(o) => {
                v.range("options.min_length", o.min_length, 5, 128)
                    .range("options.min_digits", o.min_digits, 0, 9)
                    .range("options.min_special", o.min_special, 0, 9)
                    .range("options.passphrase_min_words", o.passphrase_min_words, 3, 20);
                if v.is_valid() && o.min_digits + o.min_special > o.min_length {
                    v.error(
                        "options.min_length",
                        "too_small",
                        "The minimum length must leave room for the minimum digits and special characters.",
                    );
                }
            }
            PolicyOptions::VaultTimeout(o) => {
                v.range("options.minutes", o.minutes, 1, 10_080);
            }
            PolicyOptions::RequireTwoStepLogin
            | PolicyOptions::SingleOrganization
            | PolicyOptions::RemoveIndividualVault => {}
        }
        v.finish()
    }
}

/// One policy of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Policy {
    /// Its type.
    #[serde(rename = "type")]
    pub kind: PolicyType,
    /// Whether it is in force.
    pub enabled: bool,
    /// Its options (the defaults for a policy never set).
    pub options: PolicyOptions,
    /// When it was last changed (RFC 3339); absent for a policy never set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// Turns a policy on or off, with its options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdatePolicy {
    /// Whether it is in force.
    pub enabled: bool,
    /// Its options, tagged with the same type as the path; absent keeps the current ones (or the
    /// defaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<PolicyOptions>,
    /// Required (`true`) when enabling it revokes members: the caller saw the list (from the
    /// preview, or the 409 answer) and agrees.
    #[serde(default)]
    pub confirm_revocations: bool,
}

impl UpdatePolicy {
    /// Checks the options against the policy type of the path.
    pub fn validate(&self, kind: PolicyType) -> Result<(), Vec<FieldError>> {
        match &self.options {
            Some(o) if o.kind() != kind => Err(vec![FieldError::new(
                "options.type",
                "mismatch",
                format!("These options are for {}, not {}.", o.kind().as_str(), kind.as_str()),
            )]),
            Some(o) => o.validate(),
            None => Ok(()),
        }
    }
}

/// Why enabling a policy revokes a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RevocationReason {
    /// The member's account has no two-step login.
    TwoStepLoginMissing,
    /// The member belongs to another organization.
    OtherOrganization,
}

/// A member that enabling a policy would revoke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyRevocation {
    /// The member's id.
    pub member_id: String,
    /// Their email.
    pub email: String,
    /// Their account's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Their type (never Owner).
    #[serde(rename = "type")]
    pub kind: MemberType,
    /// Why.
    pub reason: RevocationReason,
}

/// The members that enabling a policy would revoke (empty for a policy that revokes nobody).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyPreview {
    /// The policy.
    #[serde(rename = "type")]
    pub kind: PolicyType,
    /// Who would be revoked, by email.
    pub revocations: Vec<PolicyRevocation>,
}

/// The 409 `/problems/revocations-needed` answer: a problem that also lists who enabling the
/// policy would revoke. Send the change again with `confirm_revocations: true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevocationsNeeded {
    /// The problem (`type`, `title`, `status`, `detail`, `request_id`).
    #[serde(flatten)]
    pub problem: crate::Problem,
    /// Who would be revoked.
    pub revocations: Vec<PolicyRevocation>,
}

/// An enabled policy of one of the caller's organizations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationPolicy {
    /// The organization.
    pub organization: NamedRef,
    /// The policy (enabled).
    pub policy: Policy,
}

/// What binds one person: the strictest of the enabled policies of all their organizations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EffectivePolicies {
    /// Some organization requires two-step login.
    pub require_two_step_login: bool,
    /// Some organization forbids belonging to another.
    pub single_organization: bool,
    /// Some organization removes the individual vault.
    pub remove_individual_vault: bool,
    /// The strictest master password requirements, if any organization sets them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_password: Option<MasterPasswordOptions>,
    /// The strictest generator rules, if any organization sets them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_generator: Option<PasswordGeneratorOptions>,
    /// The smallest vault timeout (and log out over lock), if any organization sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault_timeout: Option<VaultTimeoutOptions>,
}

impl EffectivePolicies {
    /// Combines enabled policies' options: booleans are true if any is, minimums take the largest,
    /// requirements add up, the vault timeout takes the smallest and log out over lock.
    pub fn combine<'a>(options: impl IntoIterator<Item = &'a PolicyOptions>) -> Self {
        let mut out = EffectivePolicies::default();
        for o in options {
            match o {
                PolicyOptions::RequireTwoStepLogin => out.require_two_step_login = true,
                PolicyOptions::SingleOrganization => out.single_organization = true,
                PolicyOptions::RemoveIndividualVault => out.remove_individual_vault = true,
                PolicyOptions::MasterPassword(m) => {
                    out.master_password = Some(match out.master_password {
                        None => *m,
                        Some(a) => MasterPasswordOptions {
                            min_length: a.min_length.max(m.min_length),
                            min_strength: a.min_strength.max(m.min_strength),
                            require_upper: a.require_upper || m.require_upper,
                            require_lower: a.require_lower || m.require_lower,
                            require_digits: a.require_digits || m.require_digits,
                            require_special: a.require_special || m.require_special,
                        },
                    });
                }
                PolicyOptions::PasswordGenerator(g) => {
                    out.password_generator = Some(match out.password_generator {
                        None => *g,
                        Some(a) => PasswordGeneratorOptions {
                            min_length: a.min_length.max(g.min_length),
                            use_upper: a.use_upper || g.use_upper,
                            use_lower: a.use_lower || g.use_lower,
                            use_digits: a.use_digits || g.use_digits,
                            use_special: a.use_special || g.use_special,
                            min_digits: a.min_digits.max(g.min_digits),
                            min_special: a.min_special.max(g.min_special),
                            passphrase_min_words: a.passphrase_min_words.max(g.passphrase_min_words),
                            passphrase_capitalize: a.passphrase_capitalize || g.passphrase_capitalize,
                            passphrase_include_number: a.passphrase_include_number || g.passphrase_include_number,
                        },
                    });
                }
                PolicyOptions::VaultTimeout(t) => {
                    out.vault_timeout = Some(match out.vault_timeout {
                        None => *t,
                        Some(a) => VaultTimeoutOptions {
                            minutes: a.minutes.min(t.minutes),
                            action: if a.action == VaultTimeoutAction::LogOut || t.action == VaultTimeoutAction::LogOut
                            {
                                VaultTimeoutAction::LogOut
                            } else {
                                VaultTimeoutAction::Lock
                            },
                        },
                    });
                }
            }
        }
        out
    }
}

/// The policies in force for the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyPolicies {
    /// Each enabled policy of each organization where the user is an accepted or confirmed,
    /// unrevoked member, by organization name then type.
    pub items: Vec<OrganizationPolicy>,
    /// The strictest values of all of them, to enforce in the client.
    pub effective: EffectivePolicies,
}

/// What a client reports about a new master password so that the server can hold it to the
/// organizations' requirements without seeing it: its length, its strength score and which
/// character classes it has. Nothing here helps guess the password beyond what the policy
/// itself demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordReport {
    /// Length in characters.
    pub length: u32,
    /// [`crate::password::estimate`]'s score, 0-4.
    pub score: u8,
    /// Has an upper-case letter.
    pub has_upper: bool,
    /// Has a lower-case letter.
    pub has_lower: bool,
    /// Has a digit.
    pub has_digit: bool,
    /// Has a special character.
    pub has_special: bool,
}

impl PasswordReport {
    /// The report of `password` with its strength score (computed in the client).
    pub fn of(password: &str, score: u8) -> Self {
        Self {
            length: u32::try_from(password.chars().count()).unwrap_or(u32::MAX),
            score,
            has_upper: password.chars().any(char::is_uppercase),
            has_lower: password.chars().any(char::is_lowercase),
            has_digit: password.chars().any(|c| c.is_ascii_digit()),
            has_special: password.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace()),
        }
    }
}

impl MasterPasswordOptions {
    /// What `report` lacks of these requirements, as errors on `field`. The one check used by the
    /// client (on the password) and by the server (on the client's report).
    pub fn check(&self, report: &PasswordReport, field: &str) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if report.length < self.min_length {
            errors.push(FieldError::new(
                field,
                "too_short",
                format!("Your organization requires at least {} characters.", self.min_length),
            ));
        }
        if report.score < self.min_strength {
            errors.push(FieldError::new(
                field,
                "too_weak",
                format!("Your organization requires a strength score of at least {} of 4.", self.min_strength),
            ));
        }
        let classes = [
            (self.require_upper, report.has_upper, "needs_upper", "an upper-case letter"),
            (self.require_lower, report.has_lower, "needs_lower", "a lower-case letter"),
            (self.require_digits, report.has_digit, "needs_digit", "a digit"),
            (self.require_special, report.has_special, "needs_special", "a special character"),
        ];
        for (required, has, code, what) in classes {
            if required && !has {
                errors.push(FieldError::new(field, code, format!("Your organization requires {what}.")));
            }
        }
        errors
    }
}

/// Checks a new master password against requirements, in the client (the server never sees the
/// password). `strength_score` is [`crate::password::estimate`]'s score (0-4). Errors name the
/// field `master_password`.
pub fn check_master_password(policy: &MasterPasswordOptions, password: &str, strength_score: u8) -> Vec<FieldError> {
    policy.check(&PasswordReport::of(password, strength_score), "master_password")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_round_trip_and_default() {
        for t in PolicyType::ALL {
            assert_eq!(PolicyType::parse(t.as_str()), Some(t));
            assert_eq!(t.default_options().kind(), t);
            assert!(t.default_options().validate().is_ok(), "{t:?}");
        }
        assert_eq!(PolicyType::parse("nope"), None);
    }

    #[test]
    fn options_are_tagged_and_validated() {
        let o: PolicyOptions = serde_json::from_value(serde_json::json!({ "type": "vault_timeout", "minutes": 0 }))
            .unwrap_or(PolicyOptions::SingleOrganization);
        assert_eq!(o.validate().err().unwrap_or_default()[0].field, "options.minutes");
        let o: Result<PolicyOptions, _> =
            serde_json::from_value(serde_json::json!({ "type": "master_password", "bogus": 1 }));
        assert!(o.is_err());
        let m = PolicyOptions::MasterPassword(MasterPasswordOptions {
            min_length: 7,
            min_strength: 5,
            ..Default::default()
        });
        let fields: Vec<String> = m.validate().err().unwrap_or_default().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["options.min_length", "options.min_strength"]);
        let g = PolicyOptions::PasswordGenerator(PasswordGeneratorOptions {
            min_length: 8,
            min_digits: 5,
            min_special: 5,
            ..Default::default()
        });
        assert_eq!(g.validate().err().unwrap_or_default()[0].code, "too_small");
        let update = UpdatePolicy {
            enabled: true,
            options: Some(PolicyType::MasterPassword.default_options()),
            confirm_revocations: false,
        };
        assert_eq!(update.validate(PolicyType::VaultTimeout).err().unwrap_or_default()[0].code, "mismatch");
    }

    #[test]
    fn combining_takes_the_strictest() {
        let a = PolicyOptions::MasterPassword(MasterPasswordOptions {
            min_length: 12,
            require_upper: true,
            ..Default::default()
        });
        let b = PolicyOptions::MasterPassword(MasterPasswordOptions {
            min_length: 10,
            min_strength: 3,
            require_digits: true,
            ..Default::default()
        });
        let t1 = PolicyOptions::VaultTimeout(VaultTimeoutOptions { minutes: 30, action: VaultTimeoutAction::Lock });
        let t2 = PolicyOptions::VaultTimeout(VaultTimeoutOptions { minutes: 120, action: VaultTimeoutAction::LogOut });
        let g1 = PolicyOptions::PasswordGenerator(PasswordGeneratorOptions {
            min_length: 20,
            min_digits: 2,
            ..Default::default()
        });
        let g2 = PolicyOptions::PasswordGenerator(PasswordGeneratorOptions {
            min_length: 14,
            use_special: true,
            min_special: 3,
            ..Default::default()
        });
        let e = EffectivePolicies::combine(&[a, b, t1, t2, g1, g2, PolicyOptions::RemoveIndividualVault]);
        assert_eq!(
            e.master_password,
            Some(MasterPasswordOptions {
                min_length: 12,
                min_strength: 3,
                require_upper: true,
                require_digits: true,
                ..Default::default()
            })
        );
        assert_eq!(e.vault_timeout, Some(VaultTimeoutOptions { minutes: 30, action: VaultTimeoutAction::LogOut }));
        let g = e.password_generator.unwrap_or_default();
        assert_eq!((g.min_length, g.min_digits, g.min_special, g.use_special), (20, 2, 3, true));
        assert!(e.remove_individual_vault && !e.require_two_step_login && !e.single_organization);
        assert_eq!(EffectivePolicies::combine(&[]), EffectivePolicies::default());
    }

    #[test]
    fn master_passwords_are_checked_against_the_requirements() {
        let policy = MasterPasswordOptions {
            min_length: 12,
            min_strength: 3,
            require_upper: true,
            require_lower: true,
            require_digits: true,
            require_special: true,
        };
        let codes = |p: &str, s: u8| -> Vec<String> {
            check_master_password(&policy, p, s).into_iter().map(|e| e.code).collect()
        };
        assert_eq!(codes("short", 1), ["too_short", "too_weak", "needs_upper", "needs_digit", "needs_special"]);
        assert!(codes("Umbrella-Tractor-8842", 4).is_empty());
        assert_eq!(codes("UMBRELLA-TRACTOR-8842", 4), ["needs_lower"]);
        assert!(check_master_password(&MasterPasswordOptions::default(), "eightchr", 0).is_empty());
    }
}
