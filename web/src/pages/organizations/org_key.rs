//! The organization key in this browser: opened the caller's way (their own wrapped copy as a
//! confirmed member, or the copy encrypted with the provider key for the provider's users), used
//! at once and dropped. The overview checks that it opens; confirming members wraps it to theirs.

use portal_shared::crypto::{EncString, SymmetricKey, WrappedKey, context};
use portal_shared::organizations::Organization;

use crate::api;
use crate::session::Session;

/// Whether the caller has a way to the key at all (a wrapped copy, or the provider's).
pub fn reachable(org: &Organization) -> bool {
    org.access.wrapped_org_key.is_some() || org.access.via_provider
}

/// Opens the organization key and runs `f` with it. `Ok(None)` when the session is locked;
/// `Err` says, for people, why the key does not open.
pub async fn with_organization_key<R>(
    session: Session,
    org: &Organization,
    f: impl FnOnce(&SymmetricKey) -> R,
) -> Result<Option<R>, String> {
    if let Some(wrapped) = org.access.wrapped_org_key.as_deref() {
        return session
            .with_keys(|keys| {
                let opened = wrapped.parse::<WrappedKey>().ok().and_then(|w| keys.open_organization_key(&w).ok());
                opened
                    .map(|key| f(&key))
                    .ok_or_else(|| "Your copy of the organization key does not open with your account key.".to_owned())
            })
            .transpose();
    }
    if !org.access.via_provider {
        return Err("Your account holds no copy of this organization's key.".into());
    }
    let (Some(provider), Some(enc)) = (org.provider.as_ref(), org.provider_wrapped_key.as_deref()) else {
        return Err("The server sent no provider copy of the organization key.".into());
    };
    let membership = api::provider_users::membership(provider.id.clone())
        .await
        .map_err(|e| format!("Your provider membership could not be read: {e}."))?;
    session
        .with_keys(|keys| {
            let provider_key = membership
                .wrapped_provider_key
                .as_deref()
                .and_then(|w| w.parse::<WrappedKey>().ok())
                .and_then(|w| keys.open_provider_key(&w).ok())
                .ok_or_else(|| "Your copy of the provider key does not open with your account key.".to_owned())?;
            let org_key = enc
                .parse::<EncString>()
                .ok()
                .and_then(|e| e.decrypt_key(&provider_key, context::ORGANIZATION_KEY).ok())
                .ok_or_else(|| "The organization key does not decrypt with the provider key.".to_owned())?;
            Ok(f(&org_key))
        })
        .transpose()
}
