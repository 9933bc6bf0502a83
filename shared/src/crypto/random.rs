//! Randomness: the operating system's generator natively, `crypto.getRandomValues` in the
//! browser (getrandom's `wasm_js` backend).

use super::CryptoError;

/// `N` random bytes from the platform's cryptographically secure generator.
pub(crate) fn random_array<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| CryptoError::Random)?;
    Ok(bytes)
}

/// Fills `bytes` (typically key material already in its final, zeroize-on-drop home).
pub(crate) fn fill(bytes: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::fill(bytes).map_err(|_| CryptoError::Random)
}
