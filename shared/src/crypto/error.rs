//! The errors of the crypto module: typed, never a panic, and never carrying secret material.

use std::fmt;

use crate::FieldError;

/// Why a text did not parse as one of the crypto formats ([`EncString`](super::EncString),
/// [`WrappedKey`](super::WrappedKey), [`PublicKey`](super::PublicKey), [`KdfSalt`](super::KdfSalt),
/// [`AuthHash`](super::AuthHash)).
///
/// `format` names the format that was expected. Values found in the input are never echoed back
/// beyond a short, sanitized prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The text has the wrong number of `.`-separated parts.
    PartCount {
        /// The format that was expected.
        format: &'static str,
        /// How many parts the format has.
        expected: usize,
        /// How many the text had.
        found: usize,
    },
    /// The version tag (the first part) is not one this code knows.
    UnsupportedVersion {
        /// The format that was expected.
        format: &'static str,
        /// The tag found (at most 16 printable ASCII characters of it).
        found: String,
    },
    /// The algorithm tag is not one this code knows.
    UnsupportedAlgorithm {
        /// The format that was expected.
        format: &'static str,
        /// The tag found (at most 16 printable ASCII characters of it).
        found: String,
    },
    /// A part is not valid (canonical) base64 of the required alphabet and padding.
    Base64 {
        /// The format that was expected.
        format: &'static str,
        /// The name of the part (`nonce`, `ciphertext`, ...).
        part: &'static str,
    },
    /// A part decoded to the wrong number of bytes.
    Length {
        /// The format that was expected.
        format: &'static str,
        /// The name of the part.
        part: &'static str,
        /// The accepted length in bytes, or the minimum if `at_least`.
        expected: usize,
        /// Whether `expected` is a minimum rather than an exact length.
        at_least: bool,
        /// The decoded length.
        found: usize,
    },
}

impl FormatError {
    /// Keeps at most 16 printable ASCII characters of an unknown tag, for the error message.
    pub(crate) fn sanitize(tag: &str) -> String {
        tag.chars().filter(|c| c.is_ascii_graphic()).take(16).collect()
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PartCount { format, expected, found } => {
                write!(f, "{format}: expected {expected} dot-separated parts, found {found}")
            }
            Self::UnsupportedVersion { format, found } => write!(f, "{format}: unsupported version {found:?}"),
            Self::UnsupportedAlgorithm { format, found } => write!(f, "{format}: unsupported algorithm {found:?}"),
            Self::Base64 { format, part } => write!(f, "{format}: the {part} is not valid base64"),
            Self::Length { format, part, expected, at_least, found } => {
                let bound = if *at_least { "at least " } else { "" };
                write!(f, "{format}: the {part} must be {bound}{expected} bytes, found {found}")
            }
        }
    }
}

impl std::error::Error for FormatError {}

/// Everything that can go wrong in the crypto module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// A text is not a well-formed value of the expected format.
    Format(FormatError),
    /// Decryption failed: wrong key, wrong context, or a modified ciphertext. Deliberately
    /// opaque; for an unlock this usually means a wrong master password.
    Decrypt,
    /// Encryption failed (a plaintext beyond the AEAD's limit of 256 GiB).
    Encrypt,
    /// The decrypted bytes are not what was expected (a key of the wrong length, text that is
    /// not UTF-8): the ciphertext was made by a broken client.
    InvalidPlaintext,
    /// The public key cannot be encrypted to (a low-order X25519 point).
    InvalidPublicKey,
    /// The KDF parameters are outside the accepted range.
    KdfParams(Vec<FieldError>),
    /// Argon2id failed (it could not allocate its memory, typically).
    Kdf,
    /// The operating system or the browser gave no random bytes.
    Random,
    /// The new master password is too short or too weak (see [`crate::password`]).
    WeakPassword(crate::password::Strength),
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Format(e) => e.fmt(f),
            Self::Decrypt => f.write_str("decryption failed (wrong key or modified data)"),
            Self::Encrypt => f.write_str("encryption failed"),
            Self::InvalidPlaintext => f.write_str("the decrypted data has an unexpected shape"),
            Self::InvalidPublicKey => f.write_str("the public key is not usable for encryption"),
            Self::KdfParams(errors) => {
                f.write_str("invalid KDF parameters")?;
                for e in errors {
                    write!(f, "; {}: {}", e.field, e.message)?;
                }
                Ok(())
            }
            Self::Kdf => f.write_str("the key derivation (Argon2id) failed"),
            Self::Random => f.write_str("no secure random numbers are available"),
            Self::WeakPassword(_) => f.write_str("the master password is too weak"),
        }
    }
}

impl std::error::Error for CryptoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Format(e) => Some(e),
            _ => None,
        }
    }
}

impl From<FormatError> for CryptoError {
    fn from(e: FormatError) -> Self {
        Self::Format(e)
    }
}
