//! Authentication: the server's keys, access tokens, refresh sessions, the server-side hash of
//! authentication hashes, two-step login, throttling, and the extractors handlers use to learn
//! who is calling.

pub mod extract;
pub mod jwt;
pub mod keys;
pub mod password;
pub mod sessions;
pub mod throttle;
pub mod totp;

pub use extract::{AuthUser, Caller, ClientInfo, KeyCaller};
pub use keys::ServerKeys;

use portal_shared::crypto::KdfParams;

/// Authentication settings.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Access token lifetime, seconds.
    pub access_ttl_secs: u64,
    /// Refresh session lifetime (since the last use), seconds.
    pub refresh_ttl_secs: i64,
    /// The weakest KDF parameters accepted at registration and password change.
    pub kdf_minimum: KdfParams,
    /// Failed sign-in limits.
    pub throttle: throttle::ThrottleLimits,
    /// Whether to believe `X-Forwarded-For` / `Forwarded` for the client address (only behind a
    /// proxy that sets them).
    pub trust_proxy: bool,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            access_ttl_secs: 15 * 60,
            refresh_ttl_secs: 30 * 24 * 3600,
            kdf_minimum: KdfParams::MINIMUM,
            throttle: throttle::ThrottleLimits::default(),
            trust_proxy: false,
        }
    }
}
