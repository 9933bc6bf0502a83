//! Running the key derivation (Argon2id, 64 MiB: a few hundred milliseconds of WebAssembly)
//! without a frozen-looking page.
//!
//! The derivation runs on the main thread: `UserKeys` can only be made by the shared crate's
//! `unlock`, `register_keys` and `MasterKeys::unlock`, which run Argon2id themselves, so a Web
//! Worker could not hand the keys back. Instead every caller first shows its "Deriving your
//! keys…" state and awaits [`next_paint`], so that state is on screen before the work starts;
//! the progress bar and spinner animate `transform` only, which the browser's compositor keeps
//! moving while the main thread is busy.

use portal_shared::crypto::{
    self, CryptoError, EncString, KdfParams, KdfSalt, MasterKeys, PasswordChange, RegistrationKeys, UserKeys,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;

/// Resolves after the browser has painted the current DOM: a `requestAnimationFrame` callback
/// runs just before the next paint, and a zero timeout set from it runs just after.
pub async fn next_paint() {
    let Some(window) = web_sys::window() else { return };
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        let resolve_now = resolve.clone();
        let after_frame = Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0);
            }
        });
        if window.request_animation_frame(after_frame.unchecked_ref()).is_err() {
            // No frames (a hidden tab): do not wait for one.
            let _ = resolve_now.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Why derived keys cannot be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// The master password does not open the keys.
    WrongPassword,
    /// The new master password is too weak (the form should have said so already).
    WeakPassword,
    /// The server's KDF parameters are weaker than this portal accepts, or absurd.
    UnsafeParams,
    /// The server's key material does not parse, or the public key does not match.
    BadKeyMaterial,
    /// The browser could not run the derivation (memory, randomness).
    Failed,
}

impl KeyError {
    /// A sentence for the person.
    pub fn message(&self) -> &'static str {
        match self {
            KeyError::WrongPassword => "The master password is not correct.",
            KeyError::WeakPassword => "The new master password is too weak.",
            KeyError::UnsafeParams => {
                "The server asked for key-derivation settings weaker than this portal accepts. Your password was not \
                 used. Ask your administrator to check the server."
            }
            KeyError::BadKeyMaterial => {
                "The keys the server returned for your account do not match. Your password was not used further. Ask \
                 your administrator to check the server."
            }
            KeyError::Failed => {
                "Your browser could not derive the keys (it may be short of memory). Reload and try again."
            }
        }
    }
}

impl From<CryptoError> for KeyError {
    fn from(err: CryptoError) -> Self {
        match err {
            CryptoError::Decrypt => KeyError::WrongPassword,
            CryptoError::WeakPassword(_) => KeyError::WeakPassword,
            CryptoError::KdfParams(_) => KeyError::UnsafeParams,
            CryptoError::Format(_) | CryptoError::InvalidPlaintext | CryptoError::InvalidPublicKey => {
                KeyError::BadKeyMaterial
            }
            CryptoError::Encrypt | CryptoError::Kdf | CryptoError::Random => KeyError::Failed,
        }
    }
}

/// Refuses KDF parameters from the server that are below the minimum for real accounts (a hostile
/// server could otherwise obtain a cheap-to-crack authentication hash) or above the maximum.
pub fn check_server_params(params: &KdfParams) -> Result<(), KeyError> {
    params.validate(&KdfParams::MINIMUM).map_err(|_| KeyError::UnsafeParams)
}

/// Parses a salt the server sent.
pub fn parse_salt(text: &str) -> Result<KdfSalt, KeyError> {
    KdfSalt::from_base64(text).map_err(|_| KeyError::BadKeyMaterial)
}

/// Derives the master keys (one Argon2id run) after the next paint, with the server's parameters
/// checked first.
pub async fn derive_master_keys(password: &str, salt: &str, params: &KdfParams) -> Result<MasterKeys, KeyError> {
    check_server_params(params)?;
    let salt = parse_salt(salt)?;
    next_paint().await;
    Ok(crypto::derive_master_keys(password, &salt, params)?)
}

/// Opens the user's keys with master keys just derived, and checks that the public key they
/// imply is the one the server publishes for the account.
pub fn open_keys(
    master: &MasterKeys,
    encrypted_user_key: &str,
    encrypted_private_key: &str,
    public_key: &str,
) -> Result<UserKeys, KeyError> {
    let user_key: EncString = encrypted_user_key.parse().map_err(|_| KeyError::BadKeyMaterial)?;
    let private_key: EncString = encrypted_private_key.parse().map_err(|_| KeyError::BadKeyMaterial)?;
    let keys = master.unlock(&user_key, &private_key)?;
    if keys.public_key().to_string() != public_key {
        return Err(KeyError::BadKeyMaterial);
    }
    Ok(keys)
}

/// Makes a new account's keys (one Argon2id run with the default parameters) after the next paint.
pub async fn register_keys(password: &str, email: &str) -> Result<RegistrationKeys, KeyError> {
    next_paint().await;
    Ok(crypto::register_keys(password, Some(email), &KdfParams::DEFAULT)?)
}

/// Re-encrypts the user key under a new master password (two Argon2id runs) after the next paint.
/// The new password gets the default parameters, or the current ones where those are stronger.
pub async fn change_password(
    current: &str,
    salt: &str,
    params: &KdfParams,
    encrypted_user_key: &str,
    new_password: &str,
    email: &str,
) -> Result<PasswordChange, KeyError> {
    check_server_params(params)?;
    let salt = parse_salt(salt)?;
    let encrypted_user_key: EncString = encrypted_user_key.parse().map_err(|_| KeyError::BadKeyMaterial)?;
    let new_params = KdfParams::new(
        params.memory_kib.max(KdfParams::DEFAULT.memory_kib),
        params.iterations.max(KdfParams::DEFAULT.iterations),
        params.parallelism.max(KdfParams::DEFAULT.parallelism),
    );
    next_paint().await;
    Ok(crypto::change_password(current, &salt, params, &encrypted_user_key, new_password, &new_params, Some(email))?)
}

/// Proves the master password for an account action (email change, two-step login): derives the
/// master keys, checks here that they open the account's keys (so a wrong password is caught
/// without a server round trip), and returns the authentication hash as base64.
pub async fn prove_master_password(
    password: &str,
    account: &portal_shared::accounts::Account,
) -> Result<String, KeyError> {
    let master = derive_master_keys(password, &account.kdf_salt, &account.kdf).await?;
    // The opened keys are only a check: dropped (and zeroized) right away.
    open_keys(&master, &account.encrypted_user_key, &account.encrypted_private_key, &account.public_key)?;
    Ok(master.auth_hash().to_base64())
}
