//! What the clients call: create a user's keys at registration, unlock them at login, and
//! re-encrypt the user key when the master password changes.
//!
//! Login is two steps around one Argon2id run: [`derive_master_keys`] (send
//! [`MasterKeys::auth_hash`] to the server), then [`MasterKeys::unlock`] with the encrypted keys
//! the login answer returns. [`unlock`] does both for a client that already has the encrypted
//! keys (a locked vault).

use zeroize::{Zeroize, ZeroizeOnDrop};

use super::asymmetric::{Fingerprint, PrivateKey, PublicKey, WrappedKey};
use super::context;
use super::kdf::{AuthHash, KdfParams, KdfSalt, MasterKey};
use super::symmetric::{EncString, SymmetricKey};
use super::{CryptoError, random};
use crate::password;

/// A user's unlocked keys, in memory only. Zeroized on drop, redacted in `Debug`.
#[derive(Debug, Clone)]
pub struct UserKeys {
    user_key: SymmetricKey,
    private_key: PrivateKey,
    public_key: PublicKey,
}

/// What [`unlock`] returns: the same as [`UserKeys`].
pub type UnlockedKeys = UserKeys;

impl UserKeys {
    /// The user key: encrypts the private key, folders and the user's own vault items.
    pub fn user_key(&self) -> &SymmetricKey {
        &self.user_key
    }

    /// The X25519 private key: opens the organization and provider keys wrapped to this user.
    pub fn private_key(&self) -> &PrivateKey {
        &self.private_key
    }

    /// The public key, derived from the private key. Compare it with the one the server
    /// publishes for this user: they must be equal.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// The fingerprint of [`Self::public_key`], to read out to an administrator who confirms you.
    pub fn fingerprint(&self) -> Fingerprint {
        self.public_key.fingerprint()
    }

    /// Opens an organization key wrapped to this user (context [`context::ORGANIZATION_KEY`]).
    pub fn open_organization_key(&self, wrapped: &WrappedKey) -> Result<SymmetricKey, CryptoError> {
        wrapped.open(&self.private_key, context::ORGANIZATION_KEY)
    }

    /// Opens a provider key wrapped to this user (context [`context::PROVIDER_KEY`]).
    pub fn open_provider_key(&self, wrapped: &WrappedKey) -> Result<SymmetricKey, CryptoError> {
        wrapped.open(&self.private_key, context::PROVIDER_KEY)
    }

    fn from_parts(user_key: SymmetricKey, private_key: PrivateKey) -> Self {
        let public_key = private_key.public_key();
        Self { user_key, private_key, public_key }
    }
}

/// The two keys derived from the master password: the authentication hash (for the server) and
/// the master encryption key (which opens the user key). Redacted in `Debug`.
#[derive(Debug, Clone)]
pub struct MasterKeys {
    auth_hash: AuthHash,
    encryption_key: SymmetricKey,
}

impl MasterKeys {
    /// Runs Argon2id once and derives both keys; see [`MasterKey::derive`].
    pub fn derive(password: &str, salt: &KdfSalt, params: &KdfParams) -> Result<Self, CryptoError> {
        let master_key = MasterKey::derive(password, salt, params)?;
        Self::from_master_key(&master_key)
    }

    fn from_master_key(master_key: &MasterKey) -> Result<Self, CryptoError> {
        Ok(Self { auth_hash: master_key.auth_hash()?, encryption_key: master_key.encryption_key()? })
    }

    /// The authentication hash to send to the server.
    pub fn auth_hash(&self) -> &AuthHash {
        &self.auth_hash
    }

    /// Decrypts the user key, then the private key. A wrong password ends here with
    /// [`CryptoError::Decrypt`].
    pub fn unlock(
        &self,
        encrypted_user_key: &EncString,
        encrypted_private_key: &EncString,
    ) -> Result<UserKeys, CryptoError> {
        let user_key = encrypted_user_key.decrypt_key(&self.encryption_key, context::USER_KEY)?;
        let private_key = decrypt_private_key(encrypted_private_key, &user_key)?;
        Ok(UserKeys::from_parts(user_key, private_key))
    }
}

/// Runs Argon2id once and derives the authentication hash and the master encryption key.
pub fn derive_master_keys(password: &str, salt: &KdfSalt, params: &KdfParams) -> Result<MasterKeys, CryptoError> {
    MasterKeys::derive(password, salt, params)
}

/// Everything registration sends to the server (all but `unlocked`), and the unlocked keys.
#[derive(Debug, Clone)]
pub struct RegistrationKeys {
    /// The Argon2id parameters used (the server stores them and returns them from prelogin).
    pub kdf_params: KdfParams,
    /// The new random Argon2id salt (the server stores it and returns it from prelogin).
    pub kdf_salt: KdfSalt,
    /// The authentication hash (the server stores an Argon2id hash of it).
    pub auth_hash: AuthHash,
    /// The user key encrypted with the master encryption key (context `user-key`).
    pub encrypted_user_key: EncString,
    /// The public key, stored in clear.
    pub public_key: PublicKey,
    /// The private key encrypted with the user key (context `private-key`).
    pub encrypted_private_key: EncString,
    /// The unlocked keys, so the client need not unlock again right after registering.
    pub unlocked: UserKeys,
}

/// Creates a new user's keys: a random salt, the master keys from `password`, a random user key
/// and a random X25519 key pair.
///
/// Refuses a master password that [`crate::password::estimate`] (with `email` as personal
/// input) finds too short or too weak: [`CryptoError::WeakPassword`]. The server cannot check
/// the password, so every client built on this crate enforces the same floor here.
pub fn register_keys(password: &str, email: Option<&str>, params: &KdfParams) -> Result<RegistrationKeys, CryptoError> {
    check_password(password, email)?;
    let mut randomness = RegistrationRandomness {
        salt: random::random_array()?,
        user_key: [0; 32],
        private_key: [0; 32],
        user_key_nonce: random::random_array()?,
        private_key_nonce: random::random_array()?,
    };
    random::fill(&mut randomness.user_key)?;
    random::fill(&mut randomness.private_key)?;
    register_keys_with(password, params, &randomness)
}

/// The random inputs of a registration, for [`register_keys_with`]. Zeroized on drop.
#[doc(hidden)]
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct RegistrationRandomness {
    /// The Argon2id salt.
    pub salt: [u8; 16],
    /// The user key.
    pub user_key: [u8; 32],
    /// The private key before clamping.
    pub private_key: [u8; 32],
    /// The nonce of the encrypted user key.
    pub user_key_nonce: [u8; 24],
    /// The nonce of the encrypted private key.
    pub private_key_nonce: [u8; 24],
}

/// [`register_keys`] with its random inputs given and without the password check. Known-answer
/// tests only.
#[doc(hidden)]
pub fn register_keys_with(
    password: &str,
    params: &KdfParams,
    randomness: &RegistrationRandomness,
) -> Result<RegistrationKeys, CryptoError> {
    let kdf_salt = KdfSalt::from_bytes(randomness.salt);
    let master = MasterKeys::derive(password, &kdf_salt, params)?;
    let user_key = SymmetricKey::from_bytes(randomness.user_key);
    let private_key = PrivateKey::from_bytes(randomness.private_key);
    let encrypted_user_key = EncString::encrypt_with_nonce(
        &master.encryption_key,
        user_key.as_bytes(),
        context::USER_KEY,
        randomness.user_key_nonce,
    )?;
    let encrypted_private_key = EncString::encrypt_with_nonce(
        &user_key,
        private_key.as_bytes(),
        context::PRIVATE_KEY,
        randomness.private_key_nonce,
    )?;
    let unlocked = UserKeys::from_parts(user_key, private_key);
    Ok(RegistrationKeys {
        kdf_params: *params,
        kdf_salt,
        auth_hash: master.auth_hash,
        encrypted_user_key,
        public_key: unlocked.public_key,
        encrypted_private_key,
        unlocked,
    })
}

/// Derives the master keys from `password` and opens the user's keys: Argon2id, then the user
/// key, then the private key. A wrong password gives [`CryptoError::Decrypt`].
///
/// `params` come from the server: check them with [`KdfParams::validate`] against
/// [`KdfParams::MINIMUM`] first where the server may not be trusted to keep them strong (see
/// `docs/crypto.md`). This function refuses only what Argon2 refuses and what exceeds
/// [`KdfParams::MAXIMUM`].
pub fn unlock(
    password: &str,
    salt: &KdfSalt,
    params: &KdfParams,
    encrypted_user_key: &EncString,
    encrypted_private_key: &EncString,
) -> Result<UnlockedKeys, CryptoError> {
    MasterKeys::derive(password, salt, params)?.unlock(encrypted_user_key, encrypted_private_key)
}

/// What a password change sends to the server. The user key itself, the key pair and
/// everything encrypted with them stay as they are.
#[derive(Debug, Clone)]
pub struct PasswordChange {
    /// The authentication hash of the current password, which proves the user knows it.
    pub current_auth_hash: AuthHash,
    /// The new Argon2id parameters.
    pub kdf_params: KdfParams,
    /// A new random salt.
    pub kdf_salt: KdfSalt,
    /// The new authentication hash.
    pub auth_hash: AuthHash,
    /// The same user key, encrypted with the new master encryption key.
    pub encrypted_user_key: EncString,
}

/// Re-encrypts the user key under a master key derived from `new_password` (with a fresh salt
/// and `new_params`). Opens the user key with the current password first, so a wrong current
/// password fails here with [`CryptoError::Decrypt`]; refuses a weak new password like
/// [`register_keys`] does. Runs Argon2id twice.
pub fn change_password(
    current_password: &str,
    current_salt: &KdfSalt,
    current_params: &KdfParams,
    encrypted_user_key: &EncString,
    new_password: &str,
    new_params: &KdfParams,
    email: Option<&str>,
) -> Result<PasswordChange, CryptoError> {
    check_password(new_password, email)?;
    let randomness = PasswordChangeRandomness { salt: random::random_array()?, nonce: random::random_array()? };
    change_password_with(
        current_password,
        current_salt,
        current_params,
        encrypted_user_key,
        new_password,
        new_params,
        &randomness,
    )
}

/// The random inputs of a password change, for [`change_password_with`].
#[doc(hidden)]
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct PasswordChangeRandomness {
    /// The new Argon2id salt.
    pub salt: [u8; 16],
    /// The nonce of the re-encrypted user key.
    pub nonce: [u8; 24],
}

/// [`change_password`] with its random inputs given and without the password check.
/// Known-answer tests only.
#[doc(hidden)]
pub fn change_password_with(
    current_password: &str,
    current_salt: &KdfSalt,
    current_params: &KdfParams,
    encrypted_user_key: &EncString,
    new_password: &str,
    new_params: &KdfParams,
    randomness: &PasswordChangeRandomness,
) -> Result<PasswordChange, CryptoError> {
    let current = MasterKeys::derive(current_password, current_salt, current_params)?;
    let user_key = encrypted_user_key.decrypt_key(&current.encryption_key, context::USER_KEY)?;
    let kdf_salt = KdfSalt::from_bytes(randomness.salt);
    let new = MasterKeys::derive(new_password, &kdf_salt, new_params)?;
    let encrypted_user_key =
        EncString::encrypt_with_nonce(&new.encryption_key, user_key.as_bytes(), context::USER_KEY, randomness.nonce)?;
    Ok(PasswordChange {
        current_auth_hash: current.auth_hash,
        kdf_params: *new_params,
        kdf_salt,
        auth_hash: new.auth_hash,
        encrypted_user_key,
    })
}

/// Encrypts the private key with the user key (context [`context::PRIVATE_KEY`]).
pub fn encrypt_private_key(private_key: &PrivateKey, user_key: &SymmetricKey) -> Result<EncString, CryptoError> {
    EncString::encrypt(user_key, private_key.as_bytes(), context::PRIVATE_KEY)
}

/// Decrypts the private key with the user key. Accepts any 32 bytes and clamps them.
pub fn decrypt_private_key(encrypted: &EncString, user_key: &SymmetricKey) -> Result<PrivateKey, CryptoError> {
    let bytes = encrypted.decrypt(user_key, context::PRIVATE_KEY)?;
    let array: [u8; PrivateKey::LEN] = bytes.as_slice().try_into().map_err(|_| CryptoError::InvalidPlaintext)?;
    Ok(PrivateKey::from_bytes(array))
}

fn check_password(password: &str, email: Option<&str>) -> Result<(), CryptoError> {
    let strength = password::estimate(password, email.as_slice());
    if strength.is_acceptable() { Ok(()) } else { Err(CryptoError::WeakPassword(strength)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small parameters: the tests check logic, not cost.
    const FAST: KdfParams = KdfParams::new(64, 1, 1);
    const PASSWORD: &str = "glacier-tandem-OVERCOAT-17";

    #[test]
    fn register_then_unlock() {
        let reg = register_keys(PASSWORD, Some("ada@example.com"), &FAST).unwrap();
        let keys =
            unlock(PASSWORD, &reg.kdf_salt, &reg.kdf_params, &reg.encrypted_user_key, &reg.encrypted_private_key)
                .unwrap();
        assert_eq!(keys.user_key(), reg.unlocked.user_key());
        assert_eq!(keys.private_key(), reg.unlocked.private_key());
        assert_eq!(keys.public_key(), &reg.public_key);
        assert_eq!(keys.fingerprint(), reg.public_key.fingerprint());
        // Login in two steps gives the same auth hash and keys.
        let master = derive_master_keys(PASSWORD, &reg.kdf_salt, &reg.kdf_params).unwrap();
        assert_eq!(master.auth_hash(), &reg.auth_hash);
        let again = master.unlock(&reg.encrypted_user_key, &reg.encrypted_private_key).unwrap();
        assert_eq!(again.user_key(), reg.unlocked.user_key());
    }

    #[test]
    fn wrong_password_fails_to_unlock() {
        let reg = register_keys(PASSWORD, None, &FAST).unwrap();
        let result = unlock(
            "glacier-tandem-OVERCOAT-18",
            &reg.kdf_salt,
            &reg.kdf_params,
            &reg.encrypted_user_key,
            &reg.encrypted_private_key,
        );
        assert_eq!(result.unwrap_err(), CryptoError::Decrypt);
        // Other parameters or salt: another master key.
        let other = KdfParams::new(64, 2, 1);
        let result = unlock(PASSWORD, &reg.kdf_salt, &other, &reg.encrypted_user_key, &reg.encrypted_private_key);
        assert_eq!(result.unwrap_err(), CryptoError::Decrypt);
    }

    #[test]
    fn swapped_ciphertexts_fail() {
        let reg = register_keys(PASSWORD, None, &FAST).unwrap();
        // The server hands back the private key where the user key belongs, and the reverse.
        let result =
            unlock(PASSWORD, &reg.kdf_salt, &reg.kdf_params, &reg.encrypted_private_key, &reg.encrypted_user_key);
        assert_eq!(result.unwrap_err(), CryptoError::Decrypt);
    }

    #[test]
    fn registrations_differ() {
        let a = register_keys(PASSWORD, None, &FAST).unwrap();
        let b = register_keys(PASSWORD, None, &FAST).unwrap();
        assert_ne!(a.kdf_salt, b.kdf_salt);
        assert_ne!(a.auth_hash, b.auth_hash);
        assert_ne!(a.public_key, b.public_key);
        assert_ne!(a.unlocked.user_key(), b.unlocked.user_key());
    }

    #[test]
    fn weak_passwords_are_refused() {
        for weak in ["password", "correcthorse", "Password123!", "ada.lovelace-1815"] {
            let err = register_keys(weak, Some("ada.lovelace@example.com"), &FAST).unwrap_err();
            assert!(matches!(err, CryptoError::WeakPassword(_)), "{weak}: {err:?}");
        }
    }

    #[test]
    fn change_password_keeps_the_user_key() {
        let reg = register_keys(PASSWORD, None, &FAST).unwrap();
        let new_password = "saffron quiver MOSAIC 2041";
        let new_params = KdfParams::new(128, 1, 2);
        let change = change_password(
            PASSWORD,
            &reg.kdf_salt,
            &reg.kdf_params,
            &reg.encrypted_user_key,
            new_password,
            &new_params,
            None,
        )
        .unwrap();
        assert_eq!(change.current_auth_hash, reg.auth_hash);
        assert_ne!(change.auth_hash, reg.auth_hash);
        assert_ne!(change.kdf_salt, reg.kdf_salt);
        assert_eq!(change.kdf_params, new_params);
        let keys = unlock(
            new_password,
            &change.kdf_salt,
            &change.kdf_params,
            &change.encrypted_user_key,
            &reg.encrypted_private_key,
        )
        .unwrap();
        assert_eq!(keys.user_key(), reg.unlocked.user_key());
        assert_eq!(keys.public_key(), &reg.public_key);
        // The old password no longer opens the new encrypted user key.
        let old = unlock(
            PASSWORD,
            &change.kdf_salt,
            &change.kdf_params,
            &change.encrypted_user_key,
            &reg.encrypted_private_key,
        );
        assert_eq!(old.unwrap_err(), CryptoError::Decrypt);
    }

    #[test]
    fn change_password_needs_the_current_password() {
        let reg = register_keys(PASSWORD, None, &FAST).unwrap();
        let result = change_password(
            "not-the-password-at-all",
            &reg.kdf_salt,
            &reg.kdf_params,
            &reg.encrypted_user_key,
            "saffron quiver MOSAIC 2041",
            &FAST,
            None,
        );
        assert_eq!(result.unwrap_err(), CryptoError::Decrypt);
        let weak =
            change_password(PASSWORD, &reg.kdf_salt, &reg.kdf_params, &reg.encrypted_user_key, "short", &FAST, None);
        assert!(matches!(weak.unwrap_err(), CryptoError::WeakPassword(_)));
    }

    #[test]
    fn organization_and_provider_keys() {
        let member = register_keys(PASSWORD, None, &FAST).unwrap();
        let org_key = SymmetricKey::generate().unwrap();
        let wrapped = WrappedKey::seal(&member.public_key, &org_key, context::ORGANIZATION_KEY).unwrap();
        assert_eq!(member.unlocked.open_organization_key(&wrapped).unwrap(), org_key);
        assert_eq!(member.unlocked.open_provider_key(&wrapped).unwrap_err(), CryptoError::Decrypt);

        // A provider key reaches a client organization's key through an EncString.
        let provider_key = SymmetricKey::generate().unwrap();
        let wrapped_provider = WrappedKey::seal(&member.public_key, &provider_key, context::PROVIDER_KEY).unwrap();
        let client_org_key = EncString::encrypt_key(&provider_key, &org_key, context::ORGANIZATION_KEY).unwrap();
        let opened_provider_key = member.unlocked.open_provider_key(&wrapped_provider).unwrap();
        assert_eq!(client_org_key.decrypt_key(&opened_provider_key, context::ORGANIZATION_KEY).unwrap(), org_key);
    }

    #[test]
    fn private_key_helpers_round_trip() {
        let user_key = SymmetricKey::generate().unwrap();
        let private = PrivateKey::generate().unwrap();
        let enc = encrypt_private_key(&private, &user_key).unwrap();
        assert_eq!(decrypt_private_key(&enc, &user_key).unwrap(), private);
        let not_a_key = EncString::encrypt(&user_key, &[1; 16], context::PRIVATE_KEY).unwrap();
        assert_eq!(decrypt_private_key(&not_a_key, &user_key).unwrap_err(), CryptoError::InvalidPlaintext);
    }

    #[test]
    fn debug_output_has_no_secrets() {
        let reg = register_keys_with(
            PASSWORD,
            &FAST,
            &RegistrationRandomness {
                salt: [1; 16],
                user_key: [0xAA; 32],
                private_key: [0xBB; 32],
                user_key_nonce: [2; 24],
                private_key_nonce: [3; 24],
            },
        )
        .unwrap();
        let debug = format!("{reg:?}");
        assert!(debug.contains("<redacted>"));
        for secret in [reg.unlocked.user_key().as_bytes().to_vec(), reg.unlocked.private_key().as_bytes().to_vec()] {
            let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
            assert!(!debug.to_lowercase().contains(&hex));
            assert!(!debug.contains(&format!("{secret:?}")));
        }
        assert!(!debug.contains(&reg.auth_hash.to_base64()));
        assert!(!debug.contains("170, 170"), "{debug}");
    }

    #[test]
    fn out_of_range_params_are_refused_before_any_work() {
        let salt = KdfSalt::from_bytes([0; 16]);
        let huge = KdfParams::new(4 * 1024 * 1024, 3, 4);
        assert!(matches!(derive_master_keys(PASSWORD, &salt, &huge), Err(CryptoError::KdfParams(_))));
        let zero = KdfParams::new(64, 0, 1);
        assert!(matches!(derive_master_keys(PASSWORD, &salt, &zero), Err(CryptoError::KdfParams(_))));
        let lanes = KdfParams::new(16, 1, 4);
        assert!(matches!(derive_master_keys(PASSWORD, &salt, &lanes), Err(CryptoError::KdfParams(_))));
    }
}
