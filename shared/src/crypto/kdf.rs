//! The master key (Argon2id over the master password) and what HKDF-SHA256 derives from it: the
//! authentication hash the server sees, and the master encryption key it never sees.

use std::fmt;
use std::str::FromStr;

use argon2::{Algorithm, Argon2, Params, Version};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::encoding::{b64std, exact, from_b64std, serde_as_text};
use super::labels::{AUTH_HASH_INFO, ENCRYPTION_KEY_INFO};
use super::secret::SecretBytes;
use super::symmetric::SymmetricKey;
use super::{CryptoError, FormatError, random};
use crate::FieldError;

/// Argon2id cost parameters of one user, stored by the server and returned by prelogin.
///
/// Argon2id, version 0x13, no secret, no associated data, 32-byte output. `memory_kib` is
/// Argon2's `m` (in KiB), `iterations` its `t`, `parallelism` its `p` (lanes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"memory_kib": 65536, "iterations": 3, "parallelism": 4})))]
pub struct KdfParams {
    /// Memory in KiB (Argon2 `m`). At least 8 × `parallelism`.
    pub memory_kib: u32,
    /// Passes over the memory (Argon2 `t`).
    pub iterations: u32,
    /// Lanes (Argon2 `p`).
    pub parallelism: u32,
}

impl KdfParams {
    /// What new accounts get: 64 MiB, 3 iterations, 4 lanes.
    pub const DEFAULT: Self = Self { memory_kib: 64 * 1024, iterations: 3, parallelism: 4 };

    /// The weakest parameters the server accepts for real accounts (equal to [`Self::DEFAULT`]).
    /// A test configuration of the server may accept less.
    pub const MINIMUM: Self = Self::DEFAULT;

    /// Sanity limits: anything above is refused by the server and by every client, so that a
    /// hostile or broken server cannot make a browser allocate gigabytes or spin for minutes.
    pub const MAXIMUM: Self = Self { memory_kib: 1024 * 1024, iterations: 20, parallelism: 16 };

    /// The smallest parameters Argon2 itself accepts (8 KiB, 1 iteration, 1 lane). Only for
    /// tests; the client refuses nothing above this, see [`KdfParams::validate`].
    pub const ARGON2_FLOOR: Self = Self { memory_kib: 8, iterations: 1, parallelism: 1 };

    /// Parameters from their three values.
    pub const fn new(memory_kib: u32, iterations: u32, parallelism: u32) -> Self {
        Self { memory_kib, iterations, parallelism }
    }

    /// Checks that every value is at least `min`'s and at most [`Self::MAXIMUM`]'s, and that
    /// `memory_kib >= 8 * parallelism` (Argon2's own rule). Field names are `memory_kib`,
    /// `iterations` and `parallelism`; see [`Self::validate_at`] for nested bodies.
    pub fn validate(&self, min: &KdfParams) -> Result<(), Vec<FieldError>> {
        self.validate_at("", min)
    }

    /// Like [`Self::validate`], with field names prefixed by `path` and a dot (`kdf.memory_kib`)
    /// unless `path` is empty.
    pub fn validate_at(&self, path: &str, min: &KdfParams) -> Result<(), Vec<FieldError>> {
        let field = |name: &str| if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
        let max = Self::MAXIMUM;
        let mut errors = Vec::new();
        let mut range = |name: &str, label: &str, value: u32, lo: u32, hi: u32, unit: &str| {
            if value < lo || value > hi {
                errors.push(FieldError::new(
                    field(name),
                    "out_of_range",
                    format!("{label} must be between {lo}{unit} and {hi}{unit}."),
                ));
            }
        };
        range("memory_kib", "KDF memory", self.memory_kib, min.memory_kib.max(8), max.memory_kib, " KiB");
        range("iterations", "KDF iterations", self.iterations, min.iterations.max(1), max.iterations, "");
        range("parallelism", "KDF parallelism", self.parallelism, min.parallelism.max(1), max.parallelism, "");
        let lane_floor = self.parallelism.saturating_mul(8);
        if errors.is_empty() && self.memory_kib < lane_floor {
            errors.push(FieldError::new(
                field("memory_kib"),
                "out_of_range",
                format!("KDF memory must be at least 8 KiB per lane ({lane_floor} KiB)."),
            ));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The Argon2 parameters, after the sanity check every derivation makes (Argon2's floor,
    /// [`Self::MAXIMUM`]).
    fn argon2(&self) -> Result<Argon2<'static>, CryptoError> {
        self.validate(&Self::ARGON2_FLOOR).map_err(CryptoError::KdfParams)?;
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(MasterKey::LEN))
            .map_err(|_| CryptoError::Kdf)?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The per-user random Argon2id salt: 16 bytes, standard base64 with padding on the wire
/// (24 characters). Not secret; the server returns it from prelogin.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KdfSalt([u8; KdfSalt::LEN]);

impl KdfSalt {
    /// The salt's length in bytes.
    pub const LEN: usize = 16;
    const FORMAT: &'static str = "KdfSalt";

    /// A new random salt.
    pub fn generate() -> Result<Self, CryptoError> {
        random::random_array().map(Self)
    }

    /// A salt from its bytes (tests, and implementations that decode it themselves).
    pub const fn from_bytes(bytes: [u8; Self::LEN]) -> Self {
        Self(bytes)
    }

    /// The salt's bytes.
    pub const fn as_bytes(&self) -> &[u8; Self::LEN] {
        &self.0
    }

    /// Standard base64 with padding.
    pub fn to_base64(&self) -> String {
        b64std(&self.0)
    }

    /// Parses standard, padded, canonical base64 of exactly 16 bytes.
    pub fn from_base64(text: &str) -> Result<Self, FormatError> {
        let bytes = from_b64std(text, Self::FORMAT, "salt")?;
        exact(&bytes, Self::FORMAT, "salt").map(Self)
    }
}

impl fmt::Display for KdfSalt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl fmt::Debug for KdfSalt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KdfSalt({})", self.to_base64())
    }
}

impl FromStr for KdfSalt {
    type Err = FormatError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_base64(s)
    }
}

/// The Argon2id output: the root of every key of a user. Never leaves the client, never stored.
pub struct MasterKey(SecretBytes<{ MasterKey::LEN }>);

impl MasterKey {
    /// The master key's length in bytes (Argon2id output length).
    pub const LEN: usize = 32;

    /// Argon2id(password as UTF-8, salt, params), 32 bytes. The password is used exactly as
    /// given: no trimming, no Unicode normalization.
    ///
    /// Refuses parameters below Argon2's own floor or above [`KdfParams::MAXIMUM`]; it does not
    /// compare with [`KdfParams::MINIMUM`] (see `docs/crypto.md`, "Parameters from the server").
    pub fn derive(password: &str, salt: &KdfSalt, params: &KdfParams) -> Result<Self, CryptoError> {
        let argon2 = params.argon2()?;
        let mut key = SecretBytes::zeroed();
        argon2
            .hash_password_into(password.as_bytes(), salt.as_bytes(), key.as_mut_array())
            .map_err(|_| CryptoError::Kdf)?;
        Ok(Self(key))
    }

    /// A master key from its bytes (tests and vectors only).
    #[doc(hidden)]
    pub fn from_bytes(mut bytes: [u8; Self::LEN]) -> Self {
        Self(SecretBytes::take(&mut bytes))
    }

    /// The key's bytes (tests and vectors only).
    #[doc(hidden)]
    pub fn as_bytes(&self) -> &[u8; Self::LEN] {
        self.0.as_array()
    }

    /// HKDF-SHA256(ikm = master key, no salt, info, 32 bytes).
    fn expand(&self, info: &str) -> Result<SecretBytes<32>, CryptoError> {
        let hkdf = Hkdf::<Sha256>::new(None, self.0.as_array());
        let mut out = SecretBytes::zeroed();
        // Cannot fail: 32 bytes is far below HKDF-SHA256's limit of 255 × 32.
        hkdf.expand(info.as_bytes(), out.as_mut_array()).map_err(|_| CryptoError::Kdf)?;
        Ok(out)
    }

    /// The authentication hash: `HKDF-SHA256(master key, info = "provider-portal/v1/auth-hash")`.
    pub fn auth_hash(&self) -> Result<AuthHash, CryptoError> {
        self.expand(AUTH_HASH_INFO).map(AuthHash)
    }

    /// The master encryption key: `HKDF-SHA256(master key, info = "provider-portal/v1/encryption-key")`.
    /// It encrypts the user key and nothing else.
    pub fn encryption_key(&self) -> Result<SymmetricKey, CryptoError> {
        self.expand(ENCRYPTION_KEY_INFO).map(SymmetricKey::from_secret)
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

/// What the client sends instead of the master password: 32 bytes, standard base64 with padding
/// on the wire (44 characters).
///
/// The server never stores it as is: it stores an Argon2id hash of it (its own salt and
/// parameters), because whoever holds it can log in. Zeroized on drop, redacted in `Debug`.
#[derive(Clone)]
pub struct AuthHash(SecretBytes<{ AuthHash::LEN }>);

impl AuthHash {
    /// The authentication hash's length in bytes.
    pub const LEN: usize = 32;
    const FORMAT: &'static str = "AuthHash";

    /// Standard base64 with padding: what goes into the login and registration bodies.
    pub fn to_base64(&self) -> String {
        b64std(self.0.as_array())
    }

    /// Parses standard, padded, canonical base64 of exactly 32 bytes (the server's side).
    pub fn from_base64(text: &str) -> Result<Self, FormatError> {
        let bytes = from_b64std(text, Self::FORMAT, "hash")?;
        let mut array: [u8; Self::LEN] = exact(&bytes, Self::FORMAT, "hash")?;
        Ok(Self(SecretBytes::take(&mut array)))
    }

    /// The raw 32 bytes: what the server feeds to its own Argon2id.
    pub fn as_bytes(&self) -> &[u8; Self::LEN] {
        self.0.as_array()
    }
}

impl PartialEq for AuthHash {
    /// Constant-time.
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0)
    }
}

impl Eq for AuthHash {}

impl fmt::Debug for AuthHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthHash(<redacted>)")
    }
}

impl FromStr for AuthHash {
    type Err = FormatError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_base64(s)
    }
}

serde_as_text!(KdfSalt, to_base64, "16 bytes, standard base64 with padding");
serde_as_text!(AuthHash, to_base64, "32 bytes, standard base64 with padding");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_at_least_the_issue_floor() {
        let d = KdfParams::DEFAULT;
        assert!(d.memory_kib >= 64 * 1024 && d.iterations >= 3 && d.parallelism >= 4);
        assert_eq!(KdfParams::MINIMUM, d);
        assert_eq!(KdfParams::default(), d);
        assert_eq!(d.validate(&KdfParams::MINIMUM), Ok(()));
        assert_eq!(KdfParams::MAXIMUM.validate(&KdfParams::MINIMUM), Ok(()));
    }

    #[test]
    fn params_json_shape() {
        let json = serde_json::to_value(KdfParams::DEFAULT).unwrap();
        assert_eq!(json, serde_json::json!({"memory_kib": 65536, "iterations": 3, "parallelism": 4}));
        let back: KdfParams = serde_json::from_value(json).unwrap();
        assert_eq!(back, KdfParams::DEFAULT);
    }

    #[test]
    fn validation_names_each_field() {
        let fields = |p: KdfParams, min: &KdfParams| -> Vec<String> {
            p.validate_at("kdf", min).unwrap_err().into_iter().map(|e| e.field).collect()
        };
        let weak = KdfParams::new(64, 1, 1);
        assert_eq!(fields(weak, &KdfParams::MINIMUM), ["kdf.memory_kib", "kdf.iterations", "kdf.parallelism"]);
        assert_eq!(weak.validate(&KdfParams::ARGON2_FLOOR), Ok(()));
        let huge = KdfParams::new(2 * 1024 * 1024, 21, 17);
        assert_eq!(fields(huge, &KdfParams::MINIMUM), ["kdf.memory_kib", "kdf.iterations", "kdf.parallelism"]);
        let lanes = KdfParams::new(16, 1, 4);
        let errors = lanes.validate(&KdfParams::ARGON2_FLOOR).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("memory_kib", "out_of_range"));
        assert_eq!(KdfParams::new(0, 0, 0).validate(&KdfParams::new(0, 0, 0)).unwrap_err().len(), 3);
    }

    #[test]
    fn salt_text_is_strict() {
        let salt = KdfSalt::from_bytes(*b"\xfb\xff\xbf0123456789abc");
        let text = salt.to_base64();
        assert_eq!(text.len(), 24);
        assert_eq!(text.parse::<KdfSalt>(), Ok(salt));
        assert_eq!(serde_json::to_string(&salt).unwrap(), format!("\"{text}\""));
        let fmt = "KdfSalt";
        let b64 = FormatError::Base64 { format: fmt, part: "salt" };
        assert_eq!(text.trim_end_matches('=').parse::<KdfSalt>(), Err(b64.clone()));
        assert_eq!(text.replace('+', "-").replace('/', "_").parse::<KdfSalt>(), Err(b64.clone()));
        assert_eq!(format!(" {text}").parse::<KdfSalt>(), Err(b64));
        assert_eq!(
            "AAAA".parse::<KdfSalt>(),
            Err(FormatError::Length { format: fmt, part: "salt", expected: 16, at_least: false, found: 3 })
        );
        assert_ne!(KdfSalt::generate().unwrap(), KdfSalt::generate().unwrap());
    }

    #[test]
    fn auth_hash_text_and_secrecy() {
        let master = MasterKey::from_bytes([7; 32]);
        let hash = master.auth_hash().unwrap();
        let text = hash.to_base64();
        assert_eq!(text.len(), 44);
        assert_eq!(AuthHash::from_base64(&text).unwrap(), hash);
        assert_eq!(serde_json::from_str::<AuthHash>(&serde_json::to_string(&hash).unwrap()).unwrap(), hash);
        assert!(AuthHash::from_base64("AAAA").is_err());
        assert_eq!(format!("{hash:?}"), "AuthHash(<redacted>)");
        assert_eq!(format!("{master:?}"), "MasterKey(<redacted>)");
        // The two derived keys differ from each other and from the master key.
        let enc = master.encryption_key().unwrap();
        assert_ne!(hash.as_bytes(), enc.as_bytes());
        assert_ne!(hash.as_bytes(), master.as_bytes());
    }

    #[test]
    fn password_bytes_are_used_as_given() {
        let salt = KdfSalt::from_bytes([1; 16]);
        let p = KdfParams::new(64, 1, 1);
        let derive = |pw: &str| MasterKey::derive(pw, &salt, &p).unwrap().as_bytes().to_vec();
        // No trimming, no normalization: NFC and NFD "é" are different passwords.
        assert_ne!(derive("pass"), derive("pass "));
        assert_ne!(derive("caf\u{e9}"), derive("cafe\u{301}"));
    }
}
