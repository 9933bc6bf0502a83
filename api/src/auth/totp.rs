//! Two-step login with time-based one-time passwords (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits,
//! the parameters every authenticator app assumes), and the encryption of TOTP secrets at rest.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use zeroize::Zeroizing;

/// Seconds per step.
pub const STEP_SECS: u64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;

/// A new random 20-byte secret (160 bits, RFC 4226's recommendation).
pub fn new_secret() -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let mut secret = Zeroizing::new(vec![0u8; 20]);
    getrandom::fill(&mut secret).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(secret)
}

/// RFC 4648 base32 without padding, as authenticator apps expect.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = u64::from_be_bytes([0, 0, 0, buf[0], buf[1], buf[2], buf[3], buf[4]]);
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            let idx = ((n >> (35 - i * 5)) & 31) as usize;
            out.push(char::from(ALPHABET[idx]));
        }
    }
    out
}

/// The `otpauth://` URI that authenticator apps read from a QR code.
pub fn otpauth_uri(secret: &[u8], account: &str, issuer: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => char::from(b).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
}

/// The code for `step` (RFC 4226 dynamic truncation).
pub fn code_at(secret: &[u8], step: u64) -> String {
    let Ok(mut mac) = <Hmac<Sha1> as hmac::KeyInit>::new_from_slice(secret) else { return String::new() };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let bin = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    format!("{:0width$}", bin % 10u32.pow(DIGITS), width = DIGITS as usize)
}

/// The current step.
pub fn current_step() -> u64 {
    jsonwebtoken::get_current_timestamp() / STEP_SECS
}

/// The step whose code `code` is, within one step of `now` (clock drift), if any. Compares in
/// constant time.
pub fn matching_step(secret: &[u8], code: &str, now: u64) -> Option<u64> {
    let code = code.trim().replace(' ', "");
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    [now.saturating_sub(1), now, now + 1]
        .into_iter()
        .find(|step| subtle::ConstantTimeEq::ct_eq(code_at(secret, *step).as_bytes(), code.as_bytes()).into())
}

/// Encrypts a TOTP secret under the server secret: `v1.<nonce>.<ciphertext>` (base64url).
pub fn seal(server_secret: &[u8; 32], secret: &[u8]) -> anyhow::Result<String> {
    let cipher = XChaCha20Poly1305::new(server_secret.into());
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let ct = cipher.encrypt(&XNonce::from(nonce), secret).map_err(|_| anyhow::anyhow!("encryption failed"))?;
    Ok(format!("v1.{}.{}", URL_SAFE_NO_PAD.encode(nonce), URL_SAFE_NO_PAD.encode(ct)))
}

/// Decrypts what [`seal`] made.
pub fn open(server_secret: &[u8; 32], sealed: &str) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let mut parts = sealed.split('.');
    let (Some("v1"), Some(nonce), Some(ct), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        anyhow::bail!("unknown sealed format");
    };
    let nonce: [u8; 24] = URL_SAFE_NO_PAD.decode(nonce)?.try_into().map_err(|_| anyhow::anyhow!("bad nonce"))?;
    let ct = URL_SAFE_NO_PAD.decode(ct)?;
    let cipher = XChaCha20Poly1305::new(server_secret.into());
    let pt = cipher.decrypt(&XNonce::from(nonce), ct.as_slice()).map_err(|_| anyhow::anyhow!("decryption failed"))?;
    Ok(Zeroizing::new(pt))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 seed "12345678901234567890", truncated to 6 digits.
    #[test]
    fn rfc6238_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59u64, "287082"),
            (1111111109, "081804"),
            (1111111111, "050471"),
            (1234567890, "005924"),
            (2000000000, "279037"),
            (20000000000, "353130"),
        ] {
            assert_eq!(code_at(secret, time / STEP_SECS), code, "t={time}");
        }
    }

    #[test]
    fn base32_matches_rfc4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"fooba"), "MZXW6YTB");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
    }

    #[test]
    fn drift_of_one_step_is_accepted() {
        let secret = b"12345678901234567890";
        let now = 1000;
        assert_eq!(matching_step(secret, &code_at(secret, 999), now), Some(999));
        assert_eq!(matching_step(secret, &code_at(secret, 1001), now), Some(1001));
        assert_eq!(matching_step(secret, &code_at(secret, 998), now), None);
        assert_eq!(matching_step(secret, "12345", now), None);
    }

    #[test]
    fn sealed_secrets_round_trip_and_resist_tampering() {
        let key = [7u8; 32];
        let sealed = seal(&key, b"secret").unwrap();
        assert_eq!(open(&key, &sealed).unwrap().as_slice(), b"secret");
        assert!(open(&[8u8; 32], &sealed).is_err());
        let mut bad = sealed.clone();
        bad.push('A');
        assert!(open(&key, &bad).is_err());
    }
}
