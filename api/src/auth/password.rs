//! The server's hash of the client's authentication hash.
//!
//! The client never sends its master password, only an authentication hash derived from it
//! (docs/crypto.md). The server stores a salted Argon2id hash of that (a PHC string), so a database
//! thief cannot replay what is stored. Verifying an unknown account runs the same work against a
//! fixed dummy hash, so a wrong password and an unknown email take the same time.

use std::sync::OnceLock;

use argon2::password_hash::PasswordVerifier;
use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};

/// Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): the input is already a
/// high-entropy 256-bit value, this hash only guards against replay from a stolen database.
fn hasher() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, Some(32)).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes an authentication hash for storage.
pub fn hash(auth_hash: &str) -> anyhow::Result<String> {
    let hashed = hasher()?.hash_password(auth_hash.as_bytes()).map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(hashed.to_string())
}

/// Whether `auth_hash` matches the stored PHC string. `None` (unknown account) does the same work
/// against a dummy hash and answers false.
pub fn verify(auth_hash: &str, stored: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("dummy-authentication-hash-for-timing").unwrap_or_default());
    let (stored, real) = match stored {
        Some(s) => (s, true),
        None => (dummy.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    let Ok(argon) = hasher() else { return false };
    argon.verify_password(auth_hash.as_bytes(), &parsed).is_ok() && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("abc").unwrap();
        let b = hash("abc").unwrap();
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$"));
        assert!(!a.contains("abc"));
        assert!(verify("abc", Some(&a)));
        assert!(!verify("abd", Some(&a)));
        assert!(!verify("abc", None));
        assert!(!verify("abc", Some("garbage")));
    }
}
