//! The two base64 alphabets of the formats, decoded strictly: one text, one value.
//!
//! - Inside the dotted formats: base64url (RFC 4648 §5) without padding.
//! - Standalone values (the KDF salt, the authentication hash): standard base64 (RFC 4648 §4)
//!   with padding.
//!
//! Both decoders reject padding where there should be none (and the reverse), characters of the
//! other alphabet, whitespace, and non-canonical encodings (non-zero trailing bits).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use super::FormatError;

/// base64url without padding.
pub(crate) fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Standard base64 with padding.
pub(crate) fn b64std(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes a base64url (no padding) part of `format`.
pub(crate) fn from_b64url(text: &str, format: &'static str, part: &'static str) -> Result<Vec<u8>, FormatError> {
    URL_SAFE_NO_PAD.decode(text).map_err(|_| FormatError::Base64 { format, part })
}

/// Decodes a standard base64 (padded) value of `format`.
pub(crate) fn from_b64std(text: &str, format: &'static str, part: &'static str) -> Result<Vec<u8>, FormatError> {
    STANDARD.decode(text).map_err(|_| FormatError::Base64 { format, part })
}

/// Turns decoded bytes into a fixed-size array, or a typed length error.
pub(crate) fn exact<const N: usize>(
    bytes: &[u8],
    format: &'static str,
    part: &'static str,
) -> Result<[u8; N], FormatError> {
    bytes.try_into().map_err(|_| FormatError::Length { format, part, expected: N, at_least: false, found: bytes.len() })
}

/// Splits `text` on `.` into exactly `N` parts.
pub(crate) fn split_parts<'a, const N: usize>(
    text: &'a str,
    format: &'static str,
) -> Result<[&'a str; N], FormatError> {
    let parts: Vec<&str> = text.split('.').collect();
    let found = parts.len();
    parts.try_into().map_err(|_| FormatError::PartCount { format, expected: N, found })
}

/// Serde for the text formats: serialize with `$to_text`, deserialize with `FromStr`.
macro_rules! serde_as_text {
    ($ty:ty, $to_text:ident, $expecting:literal) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.$to_text())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                text.parse().map_err(|e: $crate::crypto::FormatError| {
                    ::serde::de::Error::custom(format!("{} ({})", e, $expecting))
                })
            }
        }
    };
}
pub(crate) use serde_as_text;
