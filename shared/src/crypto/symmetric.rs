//! Symmetric keys and [`EncString`], the versioned text format of every encrypted value.
//!
//! ```text
//! enc-string = "v1" "." "xc20p" "." nonce "." ciphertext
//! nonce      = base64url-nopad(24 random bytes)             ; 32 characters
//! ciphertext = base64url-nopad(XChaCha20-Poly1305 output)   ; encrypted bytes || 16-byte tag
//! aad        = "v1.xc20p" || 0x00 || UTF-8(context)
//! ```

use std::fmt;
use std::str::FromStr;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::encoding::{b64url, exact, from_b64url, serde_as_text};
use super::secret::SecretBytes;
use super::{CryptoError, FormatError, random};

/// A 256-bit symmetric key: a user key, an organization key, a provider key, or the master
/// encryption key. Zeroized on drop, redacted in `Debug`, compared in constant time.
#[derive(Clone)]
pub struct SymmetricKey(SecretBytes<{ SymmetricKey::LEN }>);

impl SymmetricKey {
    /// The key's length in bytes.
    pub const LEN: usize = 32;

    /// A new random key.
    pub fn generate() -> Result<Self, CryptoError> {
        let mut key = SecretBytes::zeroed();
        random::fill(key.as_mut_array())?;
        Ok(Self(key))
    }

    /// A key from its bytes; the argument's copy is wiped. For tests, vectors and interop.
    #[doc(hidden)]
    pub fn from_bytes(mut bytes: [u8; Self::LEN]) -> Self {
        Self(SecretBytes::take(&mut bytes))
    }

    /// A key from bytes in a buffer the caller owns; the buffer is wiped.
    pub(crate) fn from_bytes_wiping(bytes: &mut [u8; Self::LEN]) -> Self {
        Self(SecretBytes::take(bytes))
    }

    pub(crate) fn from_secret(secret: SecretBytes<{ Self::LEN }>) -> Self {
        Self(secret)
    }

    /// The raw key. Handle with care: it is the secret.
    #[doc(hidden)]
    pub fn as_bytes(&self) -> &[u8; Self::LEN] {
        self.0.as_array()
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.as_array().into())
    }
}

impl PartialEq for SymmetricKey {
    /// Constant-time.
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0)
    }
}

impl Eq for SymmetricKey {}

impl fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SymmetricKey(<redacted>)")
    }
}

/// An encrypted value: XChaCha20-Poly1305 with a random 24-byte nonce, as the text
/// `v1.xc20p.<nonce>.<ciphertext>` (see the module documentation and `docs/crypto.md`).
///
/// Every encryption names a *context* (see [`super::context`]) that is authenticated but not
/// stored: decrypting with another context fails like a wrong key does.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EncString {
    nonce: [u8; EncString::NONCE_LEN],
    /// The encrypted bytes followed by the 16-byte Poly1305 tag.
    ciphertext: Vec<u8>,
}

impl EncString {
    /// The format's version tag.
    pub const VERSION: &'static str = "v1";
    /// The algorithm tag of XChaCha20-Poly1305.
    pub const ALGORITHM: &'static str = "xc20p";
    /// The nonce's length in bytes.
    pub const NONCE_LEN: usize = 24;
    /// The authentication tag's length in bytes.
    pub const TAG_LEN: usize = 16;
    const FORMAT: &'static str = "EncString";

    /// Encrypts `plaintext` with `key` for `context`, under a fresh random nonce.
    pub fn encrypt(key: &SymmetricKey, plaintext: &[u8], context: &str) -> Result<Self, CryptoError> {
        Self::encrypt_with_nonce(key, plaintext, context, random::random_array()?)
    }

    /// [`Self::encrypt`] with the nonce given. Known-answer tests only: a nonce must never be
    /// used twice with one key.
    #[doc(hidden)]
    pub fn encrypt_with_nonce(
        key: &SymmetricKey,
        plaintext: &[u8],
        context: &str,
        nonce: [u8; Self::NONCE_LEN],
    ) -> Result<Self, CryptoError> {
        let aad = Self::aad(context);
        let ciphertext = key
            .cipher()
            .encrypt(&XNonce::from(nonce), Payload { msg: plaintext, aad: &aad })
            .map_err(|_| CryptoError::Encrypt)?;
        Ok(Self { nonce, ciphertext })
    }

    /// Encrypts a key (`inner`, 32 bytes) with `key`.
    pub fn encrypt_key(key: &SymmetricKey, inner: &SymmetricKey, context: &str) -> Result<Self, CryptoError> {
        Self::encrypt(key, inner.as_bytes(), context)
    }

    /// Decrypts with `key` for `context`; the plaintext is wiped when dropped.
    pub fn decrypt(&self, key: &SymmetricKey, context: &str) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let aad = Self::aad(context);
        key.cipher()
            .decrypt(&XNonce::from(self.nonce), Payload { msg: &self.ciphertext, aad: &aad })
            .map(Zeroizing::new)
            .map_err(|_| CryptoError::Decrypt)
    }

    /// Decrypts a UTF-8 text.
    pub fn decrypt_string(&self, key: &SymmetricKey, context: &str) -> Result<Zeroizing<String>, CryptoError> {
        let mut bytes = self.decrypt(key, context)?;
        let text = String::from_utf8(std::mem::take(&mut *bytes)).map_err(|e| {
            // The bytes are secret even when they are not UTF-8: wipe them before dropping.
            let mut bytes = e.into_bytes();
            zeroize::Zeroize::zeroize(&mut bytes);
            CryptoError::InvalidPlaintext
        })?;
        Ok(Zeroizing::new(text))
    }

    /// Decrypts a key encrypted by [`Self::encrypt_key`].
    pub fn decrypt_key(&self, key: &SymmetricKey, context: &str) -> Result<SymmetricKey, CryptoError> {
        let bytes = self.decrypt(key, context)?;
        let mut array: [u8; SymmetricKey::LEN] =
            bytes.as_slice().try_into().map_err(|_| CryptoError::InvalidPlaintext)?;
        Ok(SymmetricKey::from_bytes_wiping(&mut array))
    }

    /// The nonce.
    pub fn nonce(&self) -> &[u8; Self::NONCE_LEN] {
        &self.nonce
    }

    /// The encrypted bytes followed by the tag.
    pub fn ciphertext(&self) -> &[u8] {
        &self.ciphertext
    }

    /// The associated data: `"v1.xc20p" || 0x00 || UTF-8(context)`.
    pub(crate) fn aad(context: &str) -> Vec<u8> {
        let header = [Self::VERSION, ".", Self::ALGORITHM].concat();
        let mut aad = Vec::with_capacity(header.len() + 1 + context.len());
        aad.extend_from_slice(header.as_bytes());
        aad.push(0);
        aad.extend_from_slice(context.as_bytes());
        aad
    }
}

impl fmt::Display for EncString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}.{}", Self::VERSION, Self::ALGORITHM, b64url(&self.nonce), b64url(&self.ciphertext))
    }
}

impl fmt::Debug for EncString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EncString({}.{}, {} bytes)", Self::VERSION, Self::ALGORITHM, self.ciphertext.len())
    }
}

impl FromStr for EncString {
    type Err = FormatError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let format = Self::FORMAT;
        // Version and algorithm first: a later version may have another number of parts.
        let mut head = text.splitn(3, '.');
        let version = head.next().unwrap_or_default();
        if version != Self::VERSION {
            return Err(FormatError::UnsupportedVersion { format, found: FormatError::sanitize(version) });
        }
        let algorithm = head.next().unwrap_or_default();
        if algorithm != Self::ALGORITHM {
            return Err(FormatError::UnsupportedAlgorithm { format, found: FormatError::sanitize(algorithm) });
        }
        let [_, _, nonce, ciphertext] = super::encoding::split_parts::<4>(text, format)?;
        let nonce = exact(&from_b64url(nonce, format, "nonce")?, format, "nonce")?;
        let ciphertext = from_b64url(ciphertext, format, "ciphertext")?;
        if ciphertext.len() < Self::TAG_LEN {
            return Err(FormatError::Length {
                format,
                part: "ciphertext",
                expected: Self::TAG_LEN,
                at_least: true,
                found: ciphertext.len(),
            });
        }
        Ok(Self { nonce, ciphertext })
    }
}

serde_as_text!(EncString, to_string, "an EncString: v1.xc20p.<nonce>.<ciphertext>");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::context;

    fn key(byte: u8) -> SymmetricKey {
        SymmetricKey::from_bytes([byte; 32])
    }

    #[test]
    fn round_trips_through_text() {
        let k = key(7);
        let enc = EncString::encrypt(&k, b"hunter2", context::VAULT_ITEM).unwrap();
        let text = enc.to_string();
        assert!(text.starts_with("v1.xc20p."));
        let parsed: EncString = text.parse().unwrap();
        assert_eq!(parsed, enc);
        assert_eq!(parsed.decrypt(&k, context::VAULT_ITEM).unwrap().as_slice(), b"hunter2");
        assert_eq!(parsed.decrypt_string(&k, context::VAULT_ITEM).unwrap().as_str(), "hunter2");
    }

    #[test]
    fn empty_plaintext_round_trips() {
        let k = key(1);
        let enc = EncString::encrypt(&k, b"", context::FOLDER).unwrap();
        assert_eq!(enc.ciphertext().len(), EncString::TAG_LEN);
        let back: EncString = enc.to_string().parse().unwrap();
        assert!(back.decrypt(&k, context::FOLDER).unwrap().is_empty());
    }

    #[test]
    fn fresh_nonce_every_time() {
        let k = key(2);
        let a = EncString::encrypt(&k, b"same", context::VAULT_ITEM).unwrap();
        let b = EncString::encrypt(&k, b"same", context::VAULT_ITEM).unwrap();
        assert_ne!(a.nonce(), b.nonce());
        assert_ne!(a.to_string(), b.to_string());
    }

    #[test]
    fn every_flipped_bit_fails_authentication() {
        let k = key(3);
        let enc = EncString::encrypt_with_nonce(&k, b"secret", context::VAULT_ITEM, [9; 24]).unwrap();
        for i in 0..enc.ciphertext.len() * 8 {
            let mut bad = enc.clone();
            bad.ciphertext[i / 8] ^= 1 << (i % 8);
            assert_eq!(bad.decrypt(&k, context::VAULT_ITEM), Err(CryptoError::Decrypt), "bit {i}");
        }
        for i in 0..EncString::NONCE_LEN * 8 {
            let mut bad = enc.clone();
            bad.nonce[i / 8] ^= 1 << (i % 8);
            assert_eq!(bad.decrypt(&k, context::VAULT_ITEM), Err(CryptoError::Decrypt), "nonce bit {i}");
        }
    }

    #[test]
    fn wrong_key_or_context_fails() {
        let enc = EncString::encrypt(&key(4), b"secret", context::USER_KEY).unwrap();
        assert_eq!(enc.decrypt(&key(5), context::USER_KEY), Err(CryptoError::Decrypt));
        assert_eq!(enc.decrypt(&key(4), context::PRIVATE_KEY), Err(CryptoError::Decrypt));
        assert_eq!(enc.decrypt(&key(4), ""), Err(CryptoError::Decrypt));
    }

    #[test]
    fn truncated_ciphertext_fails() {
        let k = key(6);
        let mut enc = EncString::encrypt(&k, b"secret", context::VAULT_ITEM).unwrap();
        enc.ciphertext.pop();
        assert_eq!(enc.decrypt(&k, context::VAULT_ITEM), Err(CryptoError::Decrypt));
    }

    #[test]
    fn key_round_trip_and_wrong_length() {
        let k = key(8);
        let inner = SymmetricKey::from_bytes([0xAB; 32]);
        let enc = EncString::encrypt_key(&k, &inner, context::ORGANIZATION_KEY).unwrap();
        assert_eq!(enc.decrypt_key(&k, context::ORGANIZATION_KEY).unwrap(), inner);
        let short = EncString::encrypt(&k, &[1; 31], context::ORGANIZATION_KEY).unwrap();
        assert_eq!(short.decrypt_key(&k, context::ORGANIZATION_KEY), Err(CryptoError::InvalidPlaintext));
    }

    #[test]
    fn invalid_utf8_is_a_typed_error() {
        let k = key(9);
        let enc = EncString::encrypt(&k, &[0xff, 0xfe], context::VAULT_ITEM).unwrap();
        assert_eq!(enc.decrypt_string(&k, context::VAULT_ITEM), Err(CryptoError::InvalidPlaintext));
    }

    #[test]
    fn bad_formats_give_typed_errors() {
        let good = EncString::encrypt_with_nonce(&key(1), b"x", "", [0; 24]).unwrap().to_string();
        let [_, _, nonce, ct] = super::super::encoding::split_parts::<4>(&good, "t").unwrap();
        let fmt = "EncString";
        let cases: Vec<(String, FormatError)> = vec![
            (String::new(), FormatError::UnsupportedVersion { format: fmt, found: String::new() }),
            (format!("v2.xc20p.{nonce}.{ct}"), FormatError::UnsupportedVersion { format: fmt, found: "v2".into() }),
            (format!("V1.xc20p.{nonce}.{ct}"), FormatError::UnsupportedVersion { format: fmt, found: "V1".into() }),
            (
                format!("v1.aes256gcm.{nonce}.{ct}"),
                FormatError::UnsupportedAlgorithm { format: fmt, found: "aes256gcm".into() },
            ),
            ("v1".into(), FormatError::UnsupportedAlgorithm { format: fmt, found: String::new() }),
            (format!("v1.xc20p.{nonce}"), FormatError::PartCount { format: fmt, expected: 4, found: 3 }),
            (format!("v1.xc20p.{nonce}.{ct}.x"), FormatError::PartCount { format: fmt, expected: 4, found: 5 }),
            (format!("v1.xc20p.{nonce}=.{ct}"), FormatError::Base64 { format: fmt, part: "nonce" }),
            (format!("v1.xc20p.{nonce}.{ct}="), FormatError::Base64 { format: fmt, part: "ciphertext" }),
            (
                format!("v1.xc20p.{nonce}.{}", ct.replace('-', "+").replace('_', "/") + "+"),
                FormatError::Base64 { format: fmt, part: "ciphertext" },
            ),
            (format!("v1.xc20p. {nonce}.{ct}"), FormatError::Base64 { format: fmt, part: "nonce" }),
            (
                format!("v1.xc20p.AAAA.{ct}"),
                FormatError::Length { format: fmt, part: "nonce", expected: 24, at_least: false, found: 3 },
            ),
            (
                format!("v1.xc20p.{nonce}.AAAA"),
                FormatError::Length { format: fmt, part: "ciphertext", expected: 16, at_least: true, found: 3 },
            ),
            (
                format!("v1.xc20p.{nonce}."),
                FormatError::Length { format: fmt, part: "ciphertext", expected: 16, at_least: true, found: 0 },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<EncString>(), Err(expected), "{text:?}");
        }
    }

    #[test]
    fn non_canonical_base64_is_refused() {
        // 17 bytes end in a group of 2 bytes: 3 characters, the last one carrying 2 unused bits.
        let enc = EncString::encrypt_with_nonce(&key(1), b"x", "", [0; 24]).unwrap();
        let text = enc.to_string();
        let last = text.chars().last().unwrap();
        let pos = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".find(last).unwrap();
        assert_eq!(pos % 4, 0, "canonical encoding leaves the low bits zero");
        let tweaked = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".as_bytes()[pos + 1] as char;
        let bad = format!("{}{tweaked}", &text[..text.len() - 1]);
        assert!(matches!(bad.parse::<EncString>(), Err(FormatError::Base64 { part: "ciphertext", .. })));
    }

    #[test]
    fn serde_uses_the_text() {
        let enc = EncString::encrypt_with_nonce(&key(1), b"x", "", [0; 24]).unwrap();
        let json = serde_json::to_string(&enc).unwrap();
        assert_eq!(json, format!("\"{enc}\""));
        assert_eq!(serde_json::from_str::<EncString>(&json).unwrap(), enc);
        let err = serde_json::from_str::<EncString>("\"v9.x.y.z\"").unwrap_err().to_string();
        assert!(err.contains("unsupported version"), "{err}");
    }

    #[test]
    fn debug_shows_no_key() {
        assert_eq!(format!("{:?}", key(1)), "SymmetricKey(<redacted>)");
    }
}
