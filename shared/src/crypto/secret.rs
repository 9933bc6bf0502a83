//! A fixed-size secret on the heap: zeroized on drop, never printed, compared in constant time.
//!
//! Keeping secrets behind a `Box` means moving a key moves a pointer, not the key bytes, so fewer
//! stray copies are left on the stack.

use std::fmt;

use zeroize::Zeroize;

/// `N` secret bytes. Zeroized when dropped; `Debug` prints `<redacted>`.
pub(crate) struct SecretBytes<const N: usize>(Box<[u8; N]>);

impl<const N: usize> SecretBytes<N> {
    /// All-zero bytes, to be filled in place.
    pub(crate) fn zeroed() -> Self {
        Self(Box::new([0u8; N]))
    }

    /// Takes over `bytes` and wipes the caller's copy.
    pub(crate) fn take(bytes: &mut [u8; N]) -> Self {
        let mut secret = Self::zeroed();
        secret.0.copy_from_slice(bytes);
        bytes.zeroize();
        secret
    }

    pub(crate) fn as_array(&self) -> &[u8; N] {
        &self.0
    }

    pub(crate) fn as_mut_array(&mut self) -> &mut [u8; N] {
        &mut self.0
    }

    /// Constant-time equality (no early exit on the first differing byte).
    pub(crate) fn ct_eq(&self, other: &Self) -> bool {
        let diff = self.0.iter().zip(other.0.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b));
        // black_box keeps the optimizer from turning the fold back into an early-exit comparison.
        std::hint::black_box(diff) == 0
    }
}

impl<const N: usize> Clone for SecretBytes<N> {
    fn clone(&self) -> Self {
        let mut copy = Self::zeroed();
        copy.0.copy_from_slice(&self.0[..]);
        copy
    }
}

impl<const N: usize> Drop for SecretBytes<N> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<const N: usize> fmt::Debug for SecretBytes<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
