//! Client-side cryptography: everything that makes the vault zero-knowledge.
//!
//! The server stores and returns what this module produces but can never open it. The exact
//! formats, parameters and derivations, with test vectors, are specified in `docs/crypto.md`;
//! this module is the reference implementation of that document and a test checks that the two
//! agree.
//!
//! The key hierarchy:
//!
//! ```text
//! master password --Argon2id(salt, KdfParams)--> master key
//!   master key --HKDF-SHA256("…/auth-hash")-------> authentication hash (sent to the server)
//!   master key --HKDF-SHA256("…/encryption-key")--> master encryption key (never leaves the client)
//!     master encryption key --EncString--> user key (random, 32 bytes)
//!       user key --EncString--> X25519 private key (public key in clear)
//!         public key <--WrappedKey (HPKE)-- organization keys, provider keys
//!   provider key --EncString--> client organization keys
//! ```
//!
//! - [`kdf`]: [`KdfParams`], [`KdfSalt`], the master key, the authentication hash.
//! - [`symmetric`]: [`SymmetricKey`] and [`EncString`] (XChaCha20-Poly1305).
//! - [`asymmetric`]: [`PrivateKey`], [`PublicKey`], [`Fingerprint`] and [`WrappedKey`] (HPKE).
//! - [`account`]: what the clients call: [`register_keys`], [`unlock`], [`change_password`].
//! - [`context`]: the associated-data labels that bind every ciphertext to its purpose.
//!
//! ```
//! use portal_shared::crypto::{self, context, KdfParams, SymmetricKey, WrappedKey};
//! # fn main() -> Result<(), crypto::CryptoError> {
//! # let params = KdfParams::new(64, 1, 1); // tests only; real accounts use KdfParams::DEFAULT
//! // Registration: send everything but `unlocked` to the server.
//! let reg = crypto::register_keys("glacier-tandem-OVERCOAT-17", Some("ada@example.com"), &params)?;
//!
//! // Login: prelogin gives salt and params; one Argon2id run gives the auth hash and the keys.
//! let master = crypto::derive_master_keys("glacier-tandem-OVERCOAT-17", &reg.kdf_salt, &reg.kdf_params)?;
//! assert_eq!(master.auth_hash(), &reg.auth_hash); // sent to the server as base64
//! let keys = master.unlock(&reg.encrypted_user_key, &reg.encrypted_private_key)?;
//!
//! // Confirming a member: compare fingerprints, then wrap the organization key to them.
//! let org_key = SymmetricKey::generate()?;
//! println!("fingerprint: {}", reg.public_key.fingerprint());
//! let wrapped = WrappedKey::seal(&reg.public_key, &org_key, context::ORGANIZATION_KEY)?;
//! assert_eq!(keys.open_organization_key(&wrapped)?, org_key);
//! # Ok(())
//! # }
//! ```
//!
//! Every function that draws randomness has a deterministic twin (`#[doc(hidden)]`, suffixed
//! `_with_…`) that takes the random bytes as arguments, for known-answer tests only.

pub mod account;
pub mod asymmetric;
mod encoding;
mod error;
pub mod kdf;
#[cfg(feature = "openapi")]
mod openapi;
mod random;
mod secret;
pub mod symmetric;
#[cfg(test)]
mod vectors;

pub use account::{
    MasterKeys, PasswordChange, RegistrationKeys, UnlockedKeys, UserKeys, change_password, decrypt_private_key,
    derive_master_keys, encrypt_private_key, register_keys, unlock,
};
pub use asymmetric::{Fingerprint, PrivateKey, PublicKey, WrappedKey};
pub use error::{CryptoError, FormatError};
pub use kdf::{AuthHash, KdfParams, KdfSalt, MasterKey};
pub use symmetric::{EncString, SymmetricKey};

/// The associated-data labels ("contexts") that bind a ciphertext to its purpose.
///
/// An [`EncString`] or a [`WrappedKey`] made for one context does not decrypt under another, so
/// the server cannot, say, hand a client an encrypted private key where it expects an encrypted
/// user key. The labels are part of the format (`docs/crypto.md`): never change one; add a new one.
pub mod context {
    /// The user key, encrypted with the master encryption key ([`EncString`](super::EncString)).
    pub const USER_KEY: &str = "provider-portal/v1/user-key";
    /// The X25519 private key, encrypted with the user key ([`EncString`](super::EncString)).
    pub const PRIVATE_KEY: &str = "provider-portal/v1/private-key";
    /// An organization key: wrapped to a member's public key ([`WrappedKey`](super::WrappedKey)), or
    /// a client organization's key encrypted with its provider's key ([`EncString`](super::EncString)).
    pub const ORGANIZATION_KEY: &str = "provider-portal/v1/organization-key";
    /// A provider key, wrapped to a provider user's public key ([`WrappedKey`](super::WrappedKey)).
    pub const PROVIDER_KEY: &str = "provider-portal/v1/provider-key";
    /// The encrypted fields of a vault item (name, notes, login, card, identity, custom fields).
    pub const VAULT_ITEM: &str = "provider-portal/v1/vault-item";
    /// A folder name (folders are personal, encrypted with the user key).
    pub const FOLDER: &str = "provider-portal/v1/folder";
}

/// Fixed labels of the key derivations (HKDF `info`, HPKE `info`). Part of the format.
pub mod labels {
    /// HKDF-SHA256 `info` for the authentication hash.
    pub const AUTH_HASH_INFO: &str = "provider-portal/v1/auth-hash";
    /// HKDF-SHA256 `info` for the master encryption key.
    pub const ENCRYPTION_KEY_INFO: &str = "provider-portal/v1/encryption-key";
    /// HPKE `info` of every [`WrappedKey`](super::WrappedKey).
    pub const WRAPPED_KEY_INFO: &str = "provider-portal/v1/wrapped-key";
    /// Domain-separation prefix hashed before the public key to make its fingerprint.
    pub const FINGERPRINT_PREFIX: &str = "provider-portal/v1/fingerprint/x25519";
}
