//! Accounts: registration, prelogin, the signed-in user's profile and key material, master
//! password and email changes, two-step login.
//!
//! Everything secret here is either derived on the client and useless without the master
//! password (`auth_hash`), or ciphertext (`encrypted_user_key`, `encrypted_private_key`).

use serde::{Deserialize, Serialize};

pub use crate::crypto::KdfParams;
use crate::validation::Validator;

/// The longest name we store.
pub const NAME_MAX: usize = 100;

/// `POST /api/v1/accounts/prelogin`: what a client needs to derive the master key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreloginRequest {
    /// The account's email.
    pub email: String,
}

/// The KDF parameters and salt of an account. Unknown emails get stable, plausible answers, so
/// this call cannot tell whether an account exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreloginResponse {
    /// Argon2id parameters.
    pub kdf: KdfParams,
    /// The account's random KDF salt, base64.
    pub kdf_salt: String,
}

/// `POST /api/v1/accounts`: create an account. Every key is made and encrypted by the client.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// Email, the sign-in name.
    pub email: String,
    /// Display name.
    pub name: String,
    /// The authentication hash derived from the master password (base64, 32 bytes).
    pub auth_hash: String,
    /// Argon2id parameters the client used.
    pub kdf: KdfParams,
    /// The random KDF salt the client drew, base64 (16 bytes).
    pub kdf_salt: String,
    /// The user key encrypted under the master encryption key (an encrypted string).
    pub encrypted_user_key: String,
    /// The user's public key.
    pub public_key: String,
    /// The private key encrypted under the user key (an encrypted string).
    pub encrypted_private_key: String,
}

impl std::fmt::Debug for RegisterRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisterRequest").field("email", &self.email).field("name", &self.name).finish_non_exhaustive()
    }
}

impl RegisterRequest {
    /// Checks every field's shape (the server also checks the KDF minimums).
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        v.email("email", &self.email).text("name", &self.name, 1, NAME_MAX);
        check_auth_hash(&mut v, "auth_hash", &self.auth_hash);
        check_salt(&mut v, "kdf_salt", &self.kdf_salt);
        check_key_text(&mut v, "encrypted_user_key", &self.encrypted_user_key, KeyText::Encrypted);
        check_key_text(&mut v, "public_key", &self.public_key, KeyText::Public);
        check_key_text(&mut v, "encrypted_private_key", &self.encrypted_private_key, KeyText::Encrypted);
        v.finish()
    }
}

/// The signed-in user: profile and encrypted key material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// The user's id.
    pub id: String,
    /// Email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Whether the email was verified.
    pub email_verified: bool,
    /// Whether the user administers this installation.
    pub is_instance_admin: bool,
    /// Whether two-step login (TOTP) is on.
    pub two_step_enabled: bool,
    /// Argon2id parameters.
    pub kdf: KdfParams,
    /// The KDF salt, base64.
    pub kdf_salt: String,
    /// The user key under the master encryption key.
    pub encrypted_user_key: String,
    /// The public key.
    pub public_key: String,
    /// The private key under the user key.
    pub encrypted_private_key: String,
    /// When the account was made (RFC 3339).
    pub created_at: String,
    /// The account's revision (RFC 3339).
    pub updated_at: String,
}

/// `PATCH /api/v1/accounts/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateAccount {
    /// New display name.
    pub name: String,
}

impl UpdateAccount {
    /// Checks the fields.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        Validator::new().text("name", &self.name, 1, NAME_MAX).finish()
    }
}

/// `POST /api/v1/accounts/me/password`: a new master password and/or new KDF parameters. The
/// client re-encrypts the same user key under the new master key; every other session ends.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The current authentication hash (proves the current master password).
    pub auth_hash: String,
    /// The new authentication hash.
    pub new_auth_hash: String,
    /// The new Argon2id parameters.
    pub new_kdf: KdfParams,
    /// The new KDF salt, base64.
    pub new_kdf_salt: String,
    /// The same user key, encrypted under the new master encryption key.
    pub new_encrypted_user_key: String,
    /// What the client found of the new master password (length, strength, character classes):
    /// required when an organization of the caller sets master password requirements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_report: Option<crate::policies::PasswordReport>,
}

impl std::fmt::Debug for ChangePasswordRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChangePasswordRequest { .. }")
    }
}

impl ChangePasswordRequest {
    /// Checks the fields' shapes.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut v = Validator::new();
        check_auth_hash(&mut v, "auth_hash", &self.auth_hash);
        check_auth_hash(&mut v, "new_auth_hash", &self.new_auth_hash);
        check_salt(&mut v, "new_kdf_salt", &self.new_kdf_salt);
        check_key_text(&mut v, "new_encrypted_user_key", &self.new_encrypted_user_key, KeyText::Encrypted);
        v.finish()
    }
}

/// `POST /api/v1/accounts/me/email`: ask to change the email; a link goes to the new address.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmailChangeRequest {
    /// The new email.
    pub new_email: String,
    /// The current authentication hash.
    pub auth_hash: String,
}

impl std::fmt::Debug for EmailChangeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailChangeRequest").field("new_email", &self.new_email).finish_non_exhaustive()
    }
}

/// `POST /api/v1/accounts/email-verification`: apply a change with the mailed token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailRequest {
    /// The token from the mailed link.
    pub token: String,
}

impl std::fmt::Debug for VerifyEmailRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VerifyEmailRequest { .. }")
    }
}

/// A request that proves the master password and nothing else.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProveMasterPassword {
    /// The current authentication hash.
    pub auth_hash: String,
}

impl std::fmt::Debug for ProveMasterPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProveMasterPassword { .. }")
    }
}

/// A TOTP enrolment in progress: the secret to put in an authenticator app.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpEnrollment {
    /// The secret, base32 (for typing into an app).
    pub secret: String,
    /// The `otpauth://` URI (for a QR code).
    pub otpauth_uri: String,
}

impl std::fmt::Debug for TotpEnrollment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpEnrollment { .. }")
    }
}

/// `POST /api/v1/accounts/me/two-step/totp/confirm`: a code from the app, proving it works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TotpConfirm {
    /// The 6-digit code the app shows now.
    pub code: String,
}

/// Two-step login is on; the recovery code is shown this once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpEnabled {
    /// A one-time code that signs in without the app (and turns two-step login off). Keep it safe.
    pub recovery_code: String,
}

impl std::fmt::Debug for TotpEnabled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpEnabled { .. }")
    }
}

fn check_auth_hash(v: &mut Validator, field: &str, value: &str) {
    if value.is_empty() {
        v.error(field, "required", "The authentication hash is required.");
    } else if value.parse::<crate::crypto::AuthHash>().is_err() {
        v.error(field, "invalid_format", "The authentication hash must be 32 bytes in base64.");
    }
}

fn check_salt(v: &mut Validator, field: &str, value: &str) {
    if value.is_empty() {
        v.error(field, "required", "The KDF salt is required.");
    } else if crate::crypto::KdfSalt::from_base64(value).is_err() {
        v.error(field, "invalid_format", "The KDF salt must be 16 bytes in base64.");
    }
}

/// Which key text a field holds.
#[derive(Clone, Copy)]
enum KeyText {
    Encrypted,
    Public,
}

fn check_key_text(v: &mut Validator, field: &str, value: &str, kind: KeyText) {
    let ok = match kind {
        KeyText::Encrypted => value.parse::<crate::crypto::EncString>().is_ok(),
        KeyText::Public => value.parse::<crate::crypto::PublicKey>().is_ok(),
    };
    if value.is_empty() {
        v.error(field, "required", format!("{field} is required."));
    } else if !ok {
        let what = match kind {
            KeyText::Encrypted => "an encrypted string (docs/crypto.md)",
            KeyText::Public => "a public key (docs/crypto.md)",
        };
        v.error(field, "invalid_format", format!("{field} must be {what}."));
    }
}
