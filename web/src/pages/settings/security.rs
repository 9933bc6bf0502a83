//! The lock-and-keys section: the idle-lock time (a preference of this browser), Lock now, and
//! the public key's fingerprint.

use leptos::prelude::*;
use portal_shared::policies::VaultTimeoutAction;

use crate::session::{IDLE_LOCK_CHOICES, use_session};

/// The idle lock and the fingerprint.
#[component]
pub fn SecuritySettings() -> impl IntoView {
    let session = use_session();
    let fingerprint = move || session.with_keys(|k| k.fingerprint().to_string()).unwrap_or_default();
    let label = |m: u32| match m {
        60 => "1 hour".to_owned(),
        240 => "4 hours".to_owned(),
        1 => "1 minute".to_owned(),
        m => format!("{m} minutes"),
    };

    view! {
        <div class="card-body stack">
            <div class="field">
                <label for="idle-lock">"Lock after inactivity"</label>
                <div class="inline-controls">
                    <select
                        id="idle-lock"
                        aria-describedby="idle-lock-hint"
                        on:change=move |ev| {
                            if let Ok(m) = event_target_value(&ev).parse::<u32>() {
                                session.set_idle_minutes(m);
                            }
                        }
                    >
                        {IDLE_LOCK_CHOICES
                            .iter()
                            .map(|&m| {
                                // Longer than an organization allows: shown, not chosen.
                                let over = move || session.vault_timeout().is_some_and(|t| m > t.minutes);
                                view! {
                                    <option
                                        value=m.to_string()
                                        selected=move || session.idle_minutes() == m
                                        disabled=over
                                    >
                                        {label(m)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <button type="button" class="btn btn-secondary" on:click=move |_| session.lock(None)>
                        "Lock now"
                    </button>
                </div>
                {move || {
                    session
                        .vault_timeout()
                        .map(|t| {
                            let then = match t.action {
                                VaultTimeoutAction::Lock => "locks",
                                VaultTimeoutAction::LogOut => "signs you out",
                            };
                            view! {
                                <p class="notice notice-info" data-testid="vault-timeout-policy">
                                    {format!(
                                        "Your organization's policy: after at most {} of inactivity this browser {then}.",
                                        label(t.minutes),
                                    )}
                                </p>
                            }
                        })
                }}
                <p class="field-hint" id="idle-lock-hint">
                    "After this long without keyboard, mouse or touch input, this browser removes your keys from memory. "
                    "Unlocking needs only your master password. Saved in this browser."
                </p>
            </div>
            <div class="fingerprint-block">
                <p class="fingerprint-label" id="settings-fingerprint-label">"Your key fingerprint"</p>
                <p class="fingerprint" aria-labelledby="settings-fingerprint-label" data-testid="settings-fingerprint">
                    {fingerprint}
                </p>
                <p class="field-hint">
                    "When an administrator confirms you in an organization, they read out the fingerprint they see. "
                    "It must match this one exactly; if it does not, do not let them continue."
                </p>
            </div>
        </div>
    }
}
