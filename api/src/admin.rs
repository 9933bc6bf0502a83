//! Instance administration from the command line: creating instance administrators (the keys are
//! derived and encrypted here with the client-side code of `portal-shared`, as a browser would),
//! and the demo installation `just run` starts with.

use portal_shared::crypto::{self, KdfParams};
use portal_shared::validation::{Validator, normalize_email};

use crate::db::{DbPool, now};
use crate::routes::accounts::store::{self, NewUser};

/// Creates an instance administrator with this master password. Fails if the email is taken.
pub fn create_instance_admin(
    pool: &DbPool,
    email: &str,
    name: &str,
    master_password: &str,
    kdf: KdfParams,
) -> anyhow::Result<String> {
    Validator::new()
        .email("email", email)
        .text("name", name, 1, portal_shared::accounts::NAME_MAX)
        .finish()
        .map_err(|errors| anyhow::anyhow!(errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join(" ")))?;
    let email = normalize_email(email);
    let keys = crypto::register_keys(master_password, Some(&email), &kdf).map_err(|e| anyhow::anyhow!("{e}"))?;
    let server_hash = crate::auth::password::hash(&keys.auth_hash.to_base64())?;
    let (kdf_salt, encrypted_user_key, public_key, encrypted_private_key) = (
        keys.kdf_salt.to_base64(),
        keys.encrypted_user_key.to_string(),
        keys.public_key.to_string(),
        keys.encrypted_private_key.to_string(),
    );
    let mut conn = pool.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let row = conn.write_transaction(|c| -> anyhow::Result<store::UserRow> {
        if store::by_email(c, &email)?.is_some() {
            anyhow::bail!("an account with the email {email} already exists");
        }
        Ok(store::insert(
            c,
            &NewUser {
                email: &email,
                name,
                server_auth_hash: &server_hash,
                kdf,
                kdf_salt: &kdf_salt,
                encrypted_user_key: &encrypted_user_key,
                public_key: &public_key,
                encrypted_private_key: &encrypted_private_key,
                is_instance_admin: true,
            },
            now(),
        )?)
    })?;
    Ok(row.id)
}

/// The demo administrator's sign-in, when it was just created.
pub struct DemoSignIn {
    /// The email.
    pub email: String,
    /// The generated master password.
    pub master_password: String,
}

/// On an installation without any account, creates the demo instance administrator with a
/// generated master password.
pub fn seed_demo(pool: &DbPool) -> anyhow::Result<Option<DemoSignIn>> {
    let mut conn = pool.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    if store::any(&mut conn)? {
        return Ok(None);
    }
    drop(conn);
    let email = "admin@portal.local".to_owned();
    let master_password = generated_password()?;
    create_instance_admin(pool, &email, "Demo Administrator", &master_password, KdfParams::DEFAULT)?;
    Ok(Some(DemoSignIn { email, master_password }))
}

/// Four random words and a number: strong, and easy to type from a terminal.
fn generated_password() -> anyhow::Result<String> {
    const WORDS: &[&str] = &[
        "amber", "anchor", "arctic", "atlas", "banjo", "beacon", "birch", "bison", "cactus", "canyon", "cedar",
        "cobalt", "comet", "coral", "delta", "dune", "ember", "falcon", "fern", "fjord", "glacier", "granite",
        "harbor", "hazel", "heron", "island", "jade", "juniper", "kayak", "kestrel", "lagoon", "lantern", "lemon",
        "lilac", "lotus", "maple", "meadow", "mesa", "nectar", "nimbus", "oasis", "olive", "orbit", "otter", "pebble",
        "pepper", "pine", "plaza", "quartz", "quill", "raven", "reef", "ridge", "saffron", "sierra", "sonnet",
        "spruce", "summit", "tango", "thistle", "tundra", "velvet", "willow", "zephyr",
    ];
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    // 64 words: each byte's low six bits pick one uniformly.
    let words: Vec<&str> = bytes[..4].iter().map(|b| WORDS[usize::from(b & 63)]).collect();
    let number = u16::from_be_bytes([bytes[4], bytes[5]]) % 100;
    Ok(format!("{}-{number:02}", words.join("-")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_passwords_are_strong_enough() {
        let pw = super::generated_password().unwrap();
        assert_eq!(pw.split('-').count(), 5);
        assert!(pw.len() >= 20, "{pw}");
    }
}
