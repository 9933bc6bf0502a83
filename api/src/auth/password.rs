//! The server's hash of the client's authentication hash.
//!
//! The client never sends its master password, only an authentication hash derived from it
//! (docs/crypto.md). The server stores a salted Argon2id hash of that (a PHC string), so a database
//! thief cannot replay what is stored. Verifying an unknown account runs the same work against a
//! fixed dummy hash, so a wrong password and an unknown email take the same time.
//!
//! Argon2id needs its memory (19 MiB here) for every hash. Allocating it per request lets the
//! allocator keep every concurrent peak (hundreds of MiB after a burst of sign-ins), so the
//! buffers come from a small pool, one per core: that also bounds how many hashes run at once.

use std::sync::{Condvar, Mutex, OnceLock};

use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;

/// OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): the input is already a high-entropy
/// 256-bit value; this hash only guards against replay from a stolen database.
const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;
const OUTPUT_LEN: usize = 32;
const SALT_LEN: usize = 16;

/// Parameters of a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stored {
    m: u32,
    t: u32,
    p: u32,
}

/// The pool of Argon2 memory buffers.
struct Pool {
    free: Mutex<(Vec<Vec<Block>>, usize)>,
    returned: Condvar,
    capacity: usize,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| Pool {
        free: Mutex::new((Vec::new(), 0)),
        returned: Condvar::new(),
        capacity: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
    })
}

/// Runs `f` with a buffer of at least `blocks` blocks, waiting while every buffer is in use.
fn with_memory<T>(blocks: usize, f: impl FnOnce(&mut [Block]) -> T) -> anyhow::Result<T> {
    let pool = pool();
    let mut buffer = {
        let mut state = pool.free.lock().map_err(|_| anyhow::anyhow!("argon2 pool poisoned"))?;
        loop {
            if let Some(buffer) = state.0.pop() {
                break buffer;
            }
            if state.1 < pool.capacity {
                state.1 += 1;
                break Vec::new();
            }
            state = pool.returned.wait(state).map_err(|_| anyhow::anyhow!("argon2 pool poisoned"))?;
        }
    };
    if buffer.len() < blocks {
        buffer.resize(blocks, Block::default());
    }
    let result = f(&mut buffer[..blocks]);
    if let Ok(mut state) = pool.free.lock() {
        state.0.push(buffer);
    }
    pool.returned.notify_one();
    Ok(result)
}

fn raw(auth_hash: &[u8], salt: &[u8], stored: Stored) -> anyhow::Result<[u8; OUTPUT_LEN]> {
    let params = Params::new(stored.m, stored.t, stored.p, Some(OUTPUT_LEN))
        .map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    let blocks = params.block_count();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = [0u8; OUTPUT_LEN];
    with_memory(blocks, |memory| argon.hash_password_into_with_memory(auth_hash, salt, &mut out, memory))?
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(out)
}

/// Hashes an authentication hash for storage, as a PHC string
/// (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`).
pub fn hash(auth_hash: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let stored = Stored { m: MEMORY_KIB, t: ITERATIONS, p: LANES };
    let out = raw(auth_hash.as_bytes(), &salt, stored)?;
    Ok(format!(
        "$argon2id$v=19$m={},t={},p={}${}${}",
        stored.m,
        stored.t,
        stored.p,
        STANDARD_NO_PAD.encode(salt),
        STANDARD_NO_PAD.encode(out)
    ))
}

/// Reads a PHC string this module wrote: parameters, salt and hash.
fn parse(phc: &str) -> Option<(Stored, Vec<u8>, Vec<u8>)> {
    let mut parts = phc.split('$');
    let (Some(""), Some("argon2id"), Some("v=19"), Some(params), Some(salt), Some(hash), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let mut stored = Stored { m: 0, t: 0, p: 0 };
    for kv in params.split(',') {
        let (k, v) = kv.split_once('=')?;
        let v: u32 = v.parse().ok()?;
        match k {
            "m" => stored.m = v,
            "t" => stored.t = v,
            "p" => stored.p = v,
            _ => return None,
        }
    }
    Some((stored, STANDARD_NO_PAD.decode(salt).ok()?, STANDARD_NO_PAD.decode(hash).ok()?))
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
    let Some((params, salt, expected)) = parse(stored) else { return false };
    let Ok(actual) = raw(auth_hash.as_bytes(), &salt, params) else { return false };
    let same: bool = subtle::ConstantTimeEq::ct_eq(actual.as_slice(), expected.as_slice()).into();
    same && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("abc").unwrap();
        let b = hash("abc").unwrap();
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert!(!a.contains("abc"));
        assert!(verify("abc", Some(&a)));
        assert!(!verify("abd", Some(&a)));
        assert!(!verify("abc", None));
        assert!(!verify("abc", Some("garbage")));
    }

    /// The format is standard PHC: the argon2 crate's own verifier accepts it.
    #[test]
    fn phc_strings_are_standard() {
        use argon2::password_hash::PasswordVerifier;
        use argon2::password_hash::phc::PasswordHash;
        let a = hash("xyz").unwrap();
        let parsed = PasswordHash::new(&a).unwrap();
        assert!(Argon2::default().verify_password(b"xyz", &parsed).is_ok());
    }

    #[test]
    fn concurrent_hashing_reuses_a_bounded_pool() {
        let handles: Vec<_> = (0..8).map(|i| std::thread::spawn(move || hash(&format!("p{i}")).unwrap())).collect();
        for h in handles {
            assert!(h.join().unwrap().starts_with("$argon2id$"));
        }
        let state = pool().free.lock().unwrap();
        assert!(state.1 <= pool().capacity);
    }
}
