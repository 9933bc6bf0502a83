//! The server's own secrets, kept in one file in the data directory (created at first start, mode
//! 0600) or given by configuration (`PORTAL_KEYS_FILE`, the same file for every instance behind a
//! load balancer):
//!
//! - the JWT signing keys, newest first: new tokens are signed with the newest, every listed key
//!   still verifies, so rotating logs nobody out;
//! - a secret for encrypting TOTP secrets at rest and for the plausible prelogin answers of
//!   unknown emails.
//!
//! None of these can decrypt a vault: the server holds no key of any user or organization.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// One JWT signing key.
#[derive(Clone, Serialize, Deserialize)]
pub struct SigningKey {
    /// The key id, sent in the token header.
    pub kid: String,
    /// 32 random bytes, base64.
    pub secret: String,
    /// When the key was made.
    pub created_at: NaiveDateTime,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// The file's content.
#[derive(Clone, Serialize, Deserialize)]
pub struct KeyFile {
    /// The format version.
    pub version: u32,
    /// 32 random bytes, base64: encrypts TOTP secrets, derives prelogin answers.
    pub server_secret: String,
    /// Signing keys, newest first.
    pub signing_keys: Vec<SigningKey>,
}

/// The loaded keys, shared by every worker; re-read when a token names an unknown key id (another
/// instance rotated).
#[derive(Clone)]
pub struct ServerKeys {
    inner: Arc<RwLock<Loaded>>,
    path: PathBuf,
}

struct Loaded {
    file: KeyFile,
    server_secret: Zeroizing<[u8; 32]>,
    last_reload: Instant,
}

fn random32() -> anyhow::Result<[u8; 32]> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(bytes)
}

fn new_signing_key() -> anyhow::Result<SigningKey> {
    Ok(SigningKey {
        kid: uuid::Uuid::now_v7().simple().to_string()[..16].to_owned(),
        secret: STANDARD.encode(random32()?),
        created_at: Utc::now().naive_utc(),
    })
}

fn decode32(what: &str, value: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = STANDARD.decode(value).map_err(|e| anyhow::anyhow!("{what} is not base64: {e}"))?;
    bytes.try_into().map_err(|_| anyhow::anyhow!("{what} is not 32 bytes"))
}

fn write_private(path: &Path, file: &KeyFile) -> anyhow::Result<()> {
    let json = serde_json::to_vec_pretty(file)?;
    let tmp = path.with_extension("tmp");
    {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", tmp.display()))?;
        f.write_all(&json)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}

impl ServerKeys {
    /// Loads the key file at `path`, creating it with fresh keys when it does not exist.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Self> {
        if !path.exists() {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let file = KeyFile {
                version: 1,
                server_secret: STANDARD.encode(random32()?),
                signing_keys: vec![new_signing_key()?],
            };
            write_private(path, &file)?;
            tracing::info!(path = %path.display(), "created the server's key file");
        }
        let loaded = Self::read(path)?;
        Ok(Self { inner: Arc::new(RwLock::new(loaded)), path: path.to_owned() })
    }

    /// Keys that live only in memory (tests).
    pub fn ephemeral() -> anyhow::Result<Self> {
        let file =
            KeyFile { version: 1, server_secret: STANDARD.encode(random32()?), signing_keys: vec![new_signing_key()?] };
        let server_secret = Zeroizing::new(decode32("server_secret", &file.server_secret)?);
        Ok(Self {
            inner: Arc::new(RwLock::new(Loaded { file, server_secret, last_reload: Instant::now() })),
            path: PathBuf::new(),
        })
    }

    fn read(path: &Path) -> anyhow::Result<Loaded> {
        let bytes =
            std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read the key file {}: {e}", path.display()))?;
        let file: KeyFile = serde_json::from_slice(&bytes)
            .map_err(|e| anyhow::anyhow!("the key file {} is not valid: {e}", path.display()))?;
        if file.signing_keys.is_empty() {
            anyhow::bail!("the key file {} has no signing key", path.display());
        }
        for key in &file.signing_keys {
            decode32("a signing key", &key.secret)?;
        }
        let server_secret = Zeroizing::new(decode32("server_secret", &file.server_secret)?);
        Ok(Loaded { file, server_secret, last_reload: Instant::now() })
    }

    /// Adds a new signing key in front (new tokens use it) and drops keys older than `keep`,
    /// except the newest two. Writes the file; running instances pick it up when they meet the new
    /// key id.
    pub fn rotate(path: &Path, keep: Duration) -> anyhow::Result<String> {
        let mut loaded = Self::read(path)?;
        let key = new_signing_key()?;
        let kid = key.kid.clone();
        loaded.file.signing_keys.insert(0, key);
        let cutoff = Utc::now().naive_utc() - chrono::Duration::from_std(keep).unwrap_or(chrono::Duration::days(1));
        let mut index = 0;
        loaded.file.signing_keys.retain(|k| {
            index += 1;
            index <= 2 || k.created_at >= cutoff
        });
        write_private(path, &loaded.file)?;
        Ok(kid)
    }

    /// The newest signing key: (kid, secret).
    pub fn current_signing_key(&self) -> anyhow::Result<(String, [u8; 32])> {
        let loaded = self.inner.read().map_err(|_| anyhow::anyhow!("key lock poisoned"))?;
        let key = loaded.file.signing_keys.first().ok_or_else(|| anyhow::anyhow!("no signing key"))?;
        Ok((key.kid.clone(), decode32("a signing key", &key.secret)?))
    }

    /// The signing key with this id, re-reading the file (at most every 10 s) when it is unknown.
    pub fn signing_key(&self, kid: &str) -> Option<[u8; 32]> {
        let find = |loaded: &Loaded| {
            loaded.file.signing_keys.iter().find(|k| k.kid == kid).and_then(|k| decode32("key", &k.secret).ok())
        };
        if let Some(found) = self.inner.read().ok().and_then(|l| find(&l)) {
            return Some(found);
        }
        if self.path.as_os_str().is_empty() {
            return None;
        }
        let mut loaded = self.inner.write().ok()?;
        if loaded.last_reload.elapsed() < Duration::from_secs(10) {
            return None;
        }
        match Self::read(&self.path) {
            Ok(fresh) => *loaded = fresh,
            Err(e) => {
                tracing::warn!(error = %e, "cannot re-read the key file");
                loaded.last_reload = Instant::now();
            }
        }
        find(&loaded)
    }

    /// The server secret (32 bytes).
    pub fn server_secret(&self) -> Zeroizing<[u8; 32]> {
        match self.inner.read() {
            Ok(loaded) => loaded.server_secret.clone(),
            // A poisoned lock only means a panic elsewhere mid-reload; the data is still whole.
            Err(poisoned) => poisoned.into_inner().server_secret.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_keeps_old_keys_verifying() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.json");
        let keys = ServerKeys::load_or_create(&path).unwrap();
        let (old_kid, old_secret) = keys.current_signing_key().unwrap();
        let new_kid = ServerKeys::rotate(&path, Duration::from_secs(3600)).unwrap();
        let reloaded = ServerKeys::load_or_create(&path).unwrap();
        assert_eq!(reloaded.current_signing_key().unwrap().0, new_kid);
        assert_eq!(reloaded.signing_key(&old_kid), Some(old_secret));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
