//! The user's X25519 key pair, its fingerprint, and [`WrappedKey`]: a symmetric key encrypted to
//! a public key with HPKE (RFC 9180).
//!
//! ```text
//! public-key  = "x25519" "." base64url-nopad(32 bytes)
//! wrapped-key = "v1" "." "hpke-x25519" "." enc "." ciphertext
//! enc         = base64url-nopad(32-byte X25519 ephemeral public key)
//! ciphertext  = base64url-nopad(48 bytes: the encrypted 32-byte key || 16-byte tag)
//! suite       = DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305; base mode
//! info        = "provider-portal/v1/wrapped-key"
//! aad         = "v1.hpke-x25519" || 0x00 || UTF-8(context)
//! ```

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::rand_core::{TryCryptoRng, TryRng};
use hpke::{Deserializable, HpkeError, OpModeR, OpModeS, Serializable};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::encoding::{b64url, exact, from_b64url, serde_as_text, split_parts};
use super::labels::{FINGERPRINT_PREFIX, WRAPPED_KEY_INFO};
use super::secret::SecretBytes;
use super::symmetric::SymmetricKey;
use super::{CryptoError, FormatError, random};

type Kem = X25519HkdfSha256;

/// An X25519 private key: 32 bytes, clamped (RFC 7748 §5). Zeroized on drop, redacted in `Debug`.
#[derive(Clone)]
pub struct PrivateKey(SecretBytes<{ PrivateKey::LEN }>);

impl PrivateKey {
    /// The key's length in bytes.
    pub const LEN: usize = 32;

    /// A new random private key.
    pub fn generate() -> Result<Self, CryptoError> {
        let mut key = SecretBytes::zeroed();
        random::fill(key.as_mut_array())?;
        clamp(key.as_mut_array());
        Ok(Self(key))
    }

    /// A private key from 32 bytes, clamped (so any 32 bytes are a valid key); the argument's
    /// copy is wiped. For tests, vectors, and decrypting a stored key.
    #[doc(hidden)]
    pub fn from_bytes(mut bytes: [u8; Self::LEN]) -> Self {
        let mut key = SecretBytes::take(&mut bytes);
        clamp(key.as_mut_array());
        Self(key)
    }

    /// The clamped scalar. Handle with care: it is the secret.
    #[doc(hidden)]
    pub fn as_bytes(&self) -> &[u8; Self::LEN] {
        self.0.as_array()
    }

    /// The matching public key, `X25519(private, 9)`.
    pub fn public_key(&self) -> PublicKey {
        let secret = x25519_dalek::StaticSecret::from(*self.0.as_array());
        PublicKey(x25519_dalek::PublicKey::from(&secret).to_bytes())
    }

    fn to_hpke(&self) -> Result<<Kem as hpke::Kem>::PrivateKey, CryptoError> {
        <Kem as hpke::Kem>::PrivateKey::from_bytes(self.0.as_array()).map_err(|_| CryptoError::Decrypt)
    }
}

impl PartialEq for PrivateKey {
    /// Constant-time.
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0)
    }
}

impl Eq for PrivateKey {}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

/// RFC 7748 §5 clamping of an X25519 scalar.
fn clamp(key: &mut [u8; 32]) {
    key[0] &= 248;
    key[31] &= 127;
    key[31] |= 64;
}

/// An X25519 public key, as the text `x25519.<base64url of 32 bytes>` (50 characters).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey([u8; PublicKey::LEN]);

impl PublicKey {
    /// The key's length in bytes.
    pub const LEN: usize = 32;
    /// The algorithm tag of the text form.
    pub const ALGORITHM: &'static str = "x25519";
    const FORMAT: &'static str = "PublicKey";

    /// A public key from its 32 bytes (RFC 7748 u-coordinate, little-endian).
    pub const fn from_bytes(bytes: [u8; Self::LEN]) -> Self {
        Self(bytes)
    }

    /// The key's 32 bytes.
    pub const fn as_bytes(&self) -> &[u8; Self::LEN] {
        &self.0
    }

    /// The fingerprint people compare before confirming a member or provider user.
    pub fn fingerprint(&self) -> Fingerprint {
        let digest = Sha256::new().chain_update(FINGERPRINT_PREFIX.as_bytes()).chain_update(self.0).finalize();
        let mut groups = [0u32; Fingerprint::GROUPS];
        for (group, chunk) in groups.iter_mut().zip(digest.chunks_exact(5)) {
            let value = chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
            // value < 2^40, so the remainder fits a u32 (and is < 100000).
            *group = u32::try_from(value % 100_000).unwrap_or(0);
        }
        Fingerprint(groups)
    }

    fn to_hpke(self) -> Result<<Kem as hpke::Kem>::PublicKey, CryptoError> {
        <Kem as hpke::Kem>::PublicKey::from_bytes(&self.0).map_err(|_| CryptoError::InvalidPublicKey)
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", Self::ALGORITHM, b64url(&self.0))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

impl FromStr for PublicKey {
    type Err = FormatError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let format = Self::FORMAT;
        let algorithm = text.split('.').next().unwrap_or_default();
        if algorithm != Self::ALGORITHM {
            return Err(FormatError::UnsupportedAlgorithm { format, found: FormatError::sanitize(algorithm) });
        }
        let [_, key] = split_parts::<2>(text, format)?;
        exact(&from_b64url(key, format, "key")?, format, "key").map(Self)
    }
}

serde_as_text!(PublicKey, to_string, "a public key: x25519.<base64url>");

/// A public-key fingerprint: SHA-256 over `"provider-portal/v1/fingerprint/x25519"` and the 32
/// key bytes; the first 30 digest bytes as six 5-byte big-endian numbers, each modulo 100000,
/// shown as six groups of five digits (`"04719 83310 …"`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u32; Fingerprint::GROUPS]);

impl Fingerprint {
    /// The number of five-digit groups.
    pub const GROUPS: usize = 6;

    /// The groups, each below 100000.
    pub const fn groups(&self) -> [u32; Self::GROUPS] {
        self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, group) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{group:05}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// A symmetric key (organization key, provider key) encrypted to a recipient's public key with
/// HPKE base mode, as the text `v1.hpke-x25519.<enc>.<ciphertext>`; see the module documentation.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WrappedKey {
    enc: [u8; WrappedKey::ENC_LEN],
    ciphertext: [u8; WrappedKey::CIPHERTEXT_LEN],
}

impl WrappedKey {
    /// The format's version tag.
    pub const VERSION: &'static str = "v1";
    /// The algorithm tag: HPKE with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305.
    pub const ALGORITHM: &'static str = "hpke-x25519";
    /// The encapsulated key's length (an X25519 public key).
    pub const ENC_LEN: usize = 32;
    /// The ciphertext's length: a 32-byte key and a 16-byte tag.
    pub const CIPHERTEXT_LEN: usize = SymmetricKey::LEN + 16;
    const FORMAT: &'static str = "WrappedKey";

    /// Encrypts `key` to `recipient` for `context` (see [`super::context`]).
    pub fn seal(recipient: &PublicKey, key: &SymmetricKey, context: &str) -> Result<Self, CryptoError> {
        let ikm = Zeroizing::new(random::random_array::<32>()?);
        Self::seal_with_ikm(recipient, key, context, *ikm)
    }

    /// [`Self::seal`] with the ephemeral key's input keying material given (`ikmE` of RFC 9180:
    /// the ephemeral key pair is `DeriveKeyPair(ikm)`). Known-answer tests only.
    #[doc(hidden)]
    pub fn seal_with_ikm(
        recipient: &PublicKey,
        key: &SymmetricKey,
        context: &str,
        ikm: [u8; 32],
    ) -> Result<Self, CryptoError> {
        let recipient = recipient.to_hpke()?;
        let aad = Self::aad(context);
        let mut rng = GivenIkm { ikm: Zeroizing::new(ikm), used: 0, overdrawn: false };
        let (enc, ciphertext) = hpke::single_shot_seal_with_rng::<ChaCha20Poly1305, HkdfSha256, Kem>(
            &OpModeS::Base,
            &recipient,
            WRAPPED_KEY_INFO.as_bytes(),
            key.as_bytes(),
            &aad,
            &mut rng,
        )
        .map_err(|e| match e {
            HpkeError::EncapError => CryptoError::InvalidPublicKey,
            _ => CryptoError::Encrypt,
        })?;
        // HPKE must have drawn exactly the 32 bytes of ikmE: anything else would mean this hpke
        // version builds its ephemeral key differently from RFC 9180 and from the vectors.
        if rng.overdrawn || rng.used != rng.ikm.len() {
            return Err(CryptoError::Random);
        }
        let enc = exact(&enc.to_bytes(), Self::FORMAT, "enc")?;
        let ciphertext = exact(&ciphertext, Self::FORMAT, "ciphertext")?;
        Ok(Self { enc, ciphertext })
    }

    /// Decrypts the key with the recipient's private key, for `context`.
    pub fn open(&self, private: &PrivateKey, context: &str) -> Result<SymmetricKey, CryptoError> {
        let private = private.to_hpke()?;
        let enc = <Kem as hpke::Kem>::EncappedKey::from_bytes(&self.enc).map_err(|_| CryptoError::Decrypt)?;
        let aad = Self::aad(context);
        let plaintext = hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, Kem>(
            &OpModeR::Base,
            &private,
            &enc,
            WRAPPED_KEY_INFO.as_bytes(),
            &self.ciphertext,
            &aad,
        )
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Decrypt)?;
        let mut key: [u8; SymmetricKey::LEN] =
            plaintext.as_slice().try_into().map_err(|_| CryptoError::InvalidPlaintext)?;
        Ok(SymmetricKey::from_bytes_wiping(&mut key))
    }

    /// The encapsulated key (the ephemeral X25519 public key).
    pub fn enc(&self) -> &[u8; Self::ENC_LEN] {
        &self.enc
    }

    /// The encrypted key followed by the tag.
    pub fn ciphertext(&self) -> &[u8; Self::CIPHERTEXT_LEN] {
        &self.ciphertext
    }

    /// The HPKE associated data: `"v1.hpke-x25519" || 0x00 || UTF-8(context)`.
    pub(crate) fn aad(context: &str) -> Vec<u8> {
        let mut aad = [Self::VERSION, ".", Self::ALGORITHM].concat().into_bytes();
        aad.push(0);
        aad.extend_from_slice(context.as_bytes());
        aad
    }
}

impl fmt::Display for WrappedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}.{}", Self::VERSION, Self::ALGORITHM, b64url(&self.enc), b64url(&self.ciphertext))
    }
}

impl fmt::Debug for WrappedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WrappedKey({}.{})", Self::VERSION, Self::ALGORITHM)
    }
}

impl FromStr for WrappedKey {
    type Err = FormatError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let format = Self::FORMAT;
        let mut head = text.splitn(3, '.');
        let version = head.next().unwrap_or_default();
        if version != Self::VERSION {
            return Err(FormatError::UnsupportedVersion { format, found: FormatError::sanitize(version) });
        }
        let algorithm = head.next().unwrap_or_default();
        if algorithm != Self::ALGORITHM {
            return Err(FormatError::UnsupportedAlgorithm { format, found: FormatError::sanitize(algorithm) });
        }
        let [_, _, enc, ciphertext] = split_parts::<4>(text, format)?;
        let enc = exact(&from_b64url(enc, format, "enc")?, format, "enc")?;
        let ciphertext = exact(&from_b64url(ciphertext, format, "ciphertext")?, format, "ciphertext")?;
        Ok(Self { enc, ciphertext })
    }
}

serde_as_text!(WrappedKey, to_string, "a wrapped key: v1.hpke-x25519.<enc>.<ciphertext>");

/// The "random" generator HPKE draws its ephemeral key from: it hands out exactly the given
/// 32 bytes of `ikmE`, then zeros while recording that it was overdrawn (which
/// [`WrappedKey::seal_with_ikm`] turns into an error, so nothing sealed with zeros escapes).
struct GivenIkm {
    ikm: Zeroizing<[u8; 32]>,
    used: usize,
    overdrawn: bool,
}

impl TryRng for GivenIkm {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut bytes = [0u8; 4];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u32::from_le_bytes(bytes))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut bytes = [0u8; 8];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        let available = &self.ikm[self.used.min(self.ikm.len())..];
        let n = available.len().min(dst.len());
        let (given, rest) = dst.split_at_mut(n);
        given.copy_from_slice(&available[..n]);
        rest.fill(0);
        self.overdrawn |= !rest.is_empty();
        self.used += n;
        Ok(())
    }
}

impl TryCryptoRng for GivenIkm {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::context;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
    }

    fn array<const N: usize>(text: &str) -> [u8; N] {
        hex(text).try_into().unwrap()
    }

    /// RFC 9180 A.2.1 (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base mode),
    /// sequence number 0, through the same hpke calls and the same ikmE-feeding generator that
    /// `WrappedKey` uses: proves that the suite and the ephemeral key derivation are RFC 9180's.
    #[test]
    fn rfc9180_a21_vector() {
        let ikm_e: [u8; 32] = array("909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b");
        let sk_rm: [u8; 32] = array("8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb");
        let pk_rm: [u8; 32] = array("4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a");
        let info = hex("4f6465206f6e2061204772656369616e2055726e");
        let aad = hex("436f756e742d30");
        let pt = hex("4265617574792069732074727574682c20747275746820626561757479");
        let enc = hex("1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a");
        let ct = hex("1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28");

        assert_eq!(PrivateKey::from_bytes(sk_rm).public_key().as_bytes(), &pk_rm);
        let recipient = PublicKey::from_bytes(pk_rm).to_hpke().unwrap();
        let mut rng = GivenIkm { ikm: Zeroizing::new(ikm_e), used: 0, overdrawn: false };
        let (got_enc, got_ct) = hpke::single_shot_seal_with_rng::<ChaCha20Poly1305, HkdfSha256, Kem>(
            &OpModeS::Base,
            &recipient,
            &info,
            &pt,
            &aad,
            &mut rng,
        )
        .unwrap();
        assert_eq!(got_enc.to_bytes().as_slice(), enc.as_slice());
        assert_eq!(got_ct, ct);
        assert_eq!((rng.used, rng.overdrawn), (32, false));

        let private = PrivateKey::from_bytes(sk_rm).to_hpke().unwrap();
        let opened = hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, Kem>(
            &OpModeR::Base,
            &private,
            &got_enc,
            &info,
            &ct,
            &aad,
        )
        .unwrap();
        assert_eq!(opened, pt);
    }

    #[test]
    fn clamping() {
        let key = PrivateKey::from_bytes([0xff; 32]);
        assert_eq!(key.as_bytes()[0], 0xf8);
        assert_eq!(key.as_bytes()[31], 0x7f);
        assert_eq!(PrivateKey::from_bytes([0; 32]).as_bytes()[31], 0x40);
        // Clamping is idempotent and does not change the public key.
        let seed = [0x5a; 32];
        assert_eq!(PrivateKey::from_bytes(*PrivateKey::from_bytes(seed).as_bytes()), PrivateKey::from_bytes(seed));
        let generated = PrivateKey::generate().unwrap();
        assert_eq!(generated.as_bytes()[0] & 7, 0);
        assert_eq!(generated.as_bytes()[31] & 0xc0, 0x40);
    }

    #[test]
    fn wrap_and_open() {
        let private = PrivateKey::generate().unwrap();
        let public = private.public_key();
        let org_key = SymmetricKey::generate().unwrap();
        let wrapped = WrappedKey::seal(&public, &org_key, context::ORGANIZATION_KEY).unwrap();
        let text = wrapped.to_string();
        assert!(text.starts_with("v1.hpke-x25519."));
        assert_eq!(text.len(), "v1.hpke-x25519.".len() + 43 + 1 + 64);
        let parsed: WrappedKey = text.parse().unwrap();
        assert_eq!(parsed.open(&private, context::ORGANIZATION_KEY).unwrap(), org_key);
        // Fresh ephemeral key every time.
        let again = WrappedKey::seal(&public, &org_key, context::ORGANIZATION_KEY).unwrap();
        assert_ne!(again.enc(), wrapped.enc());
    }

    #[test]
    fn wrong_private_key_or_context_fails() {
        let private = PrivateKey::generate().unwrap();
        let key = SymmetricKey::generate().unwrap();
        let wrapped = WrappedKey::seal(&private.public_key(), &key, context::PROVIDER_KEY).unwrap();
        let other = PrivateKey::generate().unwrap();
        assert_eq!(wrapped.open(&other, context::PROVIDER_KEY), Err(CryptoError::Decrypt));
        assert_eq!(wrapped.open(&private, context::ORGANIZATION_KEY), Err(CryptoError::Decrypt));
    }

    #[test]
    fn every_flipped_bit_fails() {
        let private = PrivateKey::from_bytes([3; 32]);
        let key = SymmetricKey::from_bytes([4; 32]);
        let wrapped = WrappedKey::seal_with_ikm(&private.public_key(), &key, context::PROVIDER_KEY, [5; 32]).unwrap();
        for i in 0..WrappedKey::CIPHERTEXT_LEN * 8 {
            let mut bad = wrapped.clone();
            bad.ciphertext[i / 8] ^= 1 << (i % 8);
            assert_eq!(bad.open(&private, context::PROVIDER_KEY), Err(CryptoError::Decrypt), "bit {i}");
        }
        for i in 0..WrappedKey::ENC_LEN * 8 {
            let mut bad = wrapped.clone();
            bad.enc[i / 8] ^= 1 << (i % 8);
            // Bit 255 of an X25519 u-coordinate is ignored (RFC 7748 §5): flipping it decodes to
            // the same point, but the enc bytes also enter HPKE's key schedule, so it still fails.
            assert_eq!(bad.open(&private, context::PROVIDER_KEY), Err(CryptoError::Decrypt), "enc bit {i}");
        }
    }

    #[test]
    fn low_order_public_key_is_refused() {
        let key = SymmetricKey::from_bytes([4; 32]);
        let zero = PublicKey::from_bytes([0; 32]);
        assert_eq!(WrappedKey::seal(&zero, &key, context::PROVIDER_KEY), Err(CryptoError::InvalidPublicKey));
        let mut one = [0u8; 32];
        one[0] = 1;
        let one = PublicKey::from_bytes(one);
        assert_eq!(WrappedKey::seal(&one, &key, context::PROVIDER_KEY), Err(CryptoError::InvalidPublicKey));
    }

    #[test]
    fn given_ikm_refuses_to_be_overdrawn() {
        let mut rng = GivenIkm { ikm: Zeroizing::new([7; 32]), used: 0, overdrawn: false };
        let mut out = [1u8; 40];
        rng.try_fill_bytes(&mut out).unwrap();
        assert_eq!(&out[..32], &[7; 32]);
        assert_eq!(&out[32..], &[0; 8]);
        assert!(rng.overdrawn);
    }

    #[test]
    fn public_key_text() {
        let public = PrivateKey::from_bytes([1; 32]).public_key();
        let text = public.to_string();
        assert!(text.starts_with("x25519."));
        assert_eq!(text.len(), 50);
        assert_eq!(text.parse::<PublicKey>().unwrap(), public);
        assert_eq!(serde_json::from_str::<PublicKey>(&serde_json::to_string(&public).unwrap()).unwrap(), public);
        let fmt = "PublicKey";
        assert_eq!(
            "ed25519.AAAA".parse::<PublicKey>(),
            Err(FormatError::UnsupportedAlgorithm { format: fmt, found: "ed25519".into() })
        );
        assert_eq!(
            format!("{text}.x").parse::<PublicKey>(),
            Err(FormatError::PartCount { format: fmt, expected: 2, found: 3 })
        );
        assert_eq!(
            "x25519.AAAA".parse::<PublicKey>(),
            Err(FormatError::Length { format: fmt, part: "key", expected: 32, at_least: false, found: 3 })
        );
        assert_eq!("x25519.+/+/".parse::<PublicKey>(), Err(FormatError::Base64 { format: fmt, part: "key" }));
    }

    #[test]
    fn wrapped_key_bad_formats() {
        let wrapped = WrappedKey::seal_with_ikm(
            &PrivateKey::from_bytes([1; 32]).public_key(),
            &SymmetricKey::from_bytes([2; 32]),
            "",
            [3; 32],
        )
        .unwrap()
        .to_string();
        let [_, _, enc, ct] = split_parts::<4>(&wrapped, "t").unwrap();
        let fmt = "WrappedKey";
        let cases = [
            (format!("v2.hpke-x25519.{enc}.{ct}"), FormatError::UnsupportedVersion { format: fmt, found: "v2".into() }),
            (
                format!("v1.hpke-p256.{enc}.{ct}"),
                FormatError::UnsupportedAlgorithm { format: fmt, found: "hpke-p256".into() },
            ),
            (format!("v1.hpke-x25519.{enc}"), FormatError::PartCount { format: fmt, expected: 4, found: 3 }),
            (format!("v1.hpke-x25519.{enc}.{ct}A"), FormatError::Base64 { format: fmt, part: "ciphertext" }),
            (
                format!("v1.hpke-x25519.{enc}.{}", &ct[..ct.len() - 4]),
                FormatError::Length { format: fmt, part: "ciphertext", expected: 48, at_least: false, found: 45 },
            ),
            (
                format!("v1.hpke-x25519.AAAA.{ct}"),
                FormatError::Length { format: fmt, part: "enc", expected: 32, at_least: false, found: 3 },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<WrappedKey>(), Err(expected), "{text:?}");
        }
        assert_eq!(wrapped.parse::<WrappedKey>().unwrap().to_string(), wrapped);
    }

    #[test]
    fn fingerprint_shape() {
        let fp = PrivateKey::from_bytes([9; 32]).public_key().fingerprint();
        let text = fp.to_string();
        assert_eq!(text.len(), 6 * 5 + 5);
        assert!(text.split(' ').all(|g| g.len() == 5 && g.bytes().all(|b| b.is_ascii_digit())));
        assert!(fp.groups().iter().all(|&g| g < 100_000));
        assert_ne!(fp, PrivateKey::from_bytes([10; 32]).public_key().fingerprint());
    }

    #[test]
    fn secrets_are_redacted() {
        assert_eq!(format!("{:?}", PrivateKey::from_bytes([1; 32])), "PrivateKey(<redacted>)");
    }
}
