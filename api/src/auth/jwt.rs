//! Access tokens: short-lived JWTs signed with HS256 under the server's newest signing key.
//!
//! Verification pins the algorithm (so `alg: none` and algorithm confusion fail), requires
//! `iss`, `aud`, `sub`, `exp`, `iat` and `jti`, and looks the key up by the header's `kid`.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode};
use serde::{Deserialize, Serialize};

use super::keys::ServerKeys;

/// The issuer of every token.
pub const ISSUER: &str = "provider-portal";
/// The audience of access tokens.
pub const AUDIENCE: &str = "provider-portal-api";

/// Who a token speaks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A signed-in person.
    User,
    /// An integration holding an API key.
    ApiKey,
}

/// What an API-key token may reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiScope {
    /// `organization` or `provider`.
    pub owner: String,
    /// The organization's or provider's id.
    pub owner_id: String,
    /// `read` or `write`.
    pub access: String,
    /// A tag of the key's secret when the token was issued: rotating the secret ends the token.
    #[serde(default)]
    pub secret_tag: String,
}

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// The user's id, or the API key's id.
    pub sub: String,
    /// Expiry (seconds since the epoch).
    pub exp: u64,
    /// Issued at.
    pub iat: u64,
    /// The token's unique id.
    pub jti: String,
    /// Who the token speaks for.
    pub typ: TokenKind,
    /// The user's security stamp when the token was issued: a changed stamp (new master password,
    /// sessions revoked) invalidates the token at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sst: Option<String>,
    /// For API keys: what the key may reach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ApiScope>,
}

/// Why a token was refused. The API answers 401 for all of them alike.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Malformed, bad signature, wrong algorithm, audience or issuer, unknown key.
    #[error("invalid token: {0}")]
    Invalid(String),
    /// Past its expiry.
    #[error("expired token")]
    Expired,
}

fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

/// Signs claims for `sub` valid for `ttl_secs`.
pub fn issue(
    keys: &ServerKeys,
    sub: &str,
    typ: TokenKind,
    sst: Option<String>,
    scope: Option<ApiScope>,
    ttl_secs: u64,
) -> anyhow::Result<String> {
    let (kid, secret) = keys.current_signing_key()?;
    let iat = now();
    let claims = Claims {
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        sub: sub.into(),
        exp: iat + ttl_secs,
        iat,
        jti: uuid::Uuid::now_v7().to_string(),
        typ,
        sst,
        scope,
    };
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(kid);
    Ok(encode(&header, &claims, &EncodingKey::from_secret(&secret))?)
}

/// Verifies a token and returns its claims.
pub fn verify(keys: &ServerKeys, token: &str) -> Result<Claims, TokenError> {
    let header = decode_header(token).map_err(|e| TokenError::Invalid(e.to_string()))?;
    if header.alg != Algorithm::HS256 {
        return Err(TokenError::Invalid(format!("algorithm {:?} is not accepted", header.alg)));
    }
    let kid = header.kid.ok_or_else(|| TokenError::Invalid("no key id".into()))?;
    let secret = keys.signing_key(&kid).ok_or_else(|| TokenError::Invalid("unknown key id".into()))?;
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub", "iat"]);
    validation.leeway = 30;
    validation.validate_exp = true;
    decode::<Claims>(token, &DecodingKey::from_secret(&secret), &validation).map(|data| data.claims).map_err(
        |e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
            _ => TokenError::Invalid(e.to_string()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn keys() -> ServerKeys {
        ServerKeys::ephemeral().unwrap()
    }

    #[test]
    fn round_trip() {
        let keys = keys();
        let token = issue(&keys, "u1", TokenKind::User, Some("s".into()), None, 300).unwrap();
        let claims = verify(&keys, &token).unwrap();
        assert_eq!(claims.sub, "u1");
        assert_eq!(claims.aud, AUDIENCE);
        assert_eq!(claims.typ, TokenKind::User);
        assert!(!claims.jti.is_empty());
    }

    #[test]
    fn other_keys_and_alg_none_are_refused() {
        let token = issue(&keys(), "u1", TokenKind::User, None, None, 300).unwrap();
        assert!(verify(&keys(), &token).is_err(), "another server's key");

        let (head, rest) = token.split_once('.').unwrap();
        let (payload, _sig) = rest.split_once('.').unwrap();
        let mut header: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(head).unwrap()).unwrap();
        header["alg"] = "none".into();
        let none = format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(header.to_string()));
        assert!(verify(&keys(), &none).is_err());
    }
}
