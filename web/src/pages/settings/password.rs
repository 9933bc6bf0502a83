//! The master password section. The current password opens the user key here; the same user key
//! is re-encrypted under the new one (two key derivations), and the server answers with fresh
//! tokens for this session while it ends every other one.

use leptos::prelude::*;
use portal_shared::accounts::ChangePasswordRequest;

use super::Saved;
use crate::api;
use crate::components::form::{FormAlertView, FormErrors, PasswordField, SubmitButton, focus};
use crate::components::kdf_progress::KdfProgress;
use crate::components::strength_meter::{StrengthMeter, estimate, refusal};
use crate::kdf::{self, KeyError};
use crate::session::use_session;

const CURRENT_ID: &str = "current-password";
const NEW_ID: &str = "new-password";
const CONFIRM_ID: &str = "confirm-password";
const METER_ID: &str = "new-password-strength";
const ORDER: [(&str, &str); 3] = [("auth_hash", CURRENT_ID), ("new", NEW_ID), ("confirm", CONFIRM_ID)];

/// The change form.
#[component]
pub fn PasswordForm() -> impl IntoView {
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let saved = RwSignal::new(None::<String>);
    let personal = Signal::derive(move || {
        session.with_account(|a| a.map(|a| vec![a.email.clone(), a.name.clone()]).unwrap_or_default())
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        saved.set(None);
        let Some(account) = session.account_untracked() else { return };
        let (cur, next) = (current.get_untracked(), new.get_untracked());
        if cur.is_empty() {
            errors.set_field("auth_hash", "Enter your current master password.");
        }
        let strength = estimate(&next, &[account.email.clone(), account.name.clone()]);
        if next.is_empty() {
            errors.set_field("new", "Choose a new master password.");
        } else if !strength.is_acceptable() {
            errors.set_field("new", refusal(&strength));
        } else if next == cur {
            errors.set_field("new", "The new master password is the same as the current one.");
        }
        if confirm.get_untracked() != next {
            errors.set_field("confirm", "The two new master passwords are not the same.");
        }
        if errors.focus_first(&ORDER) {
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let change = kdf::change_password(
                &cur,
                &account.kdf_salt,
                &account.kdf,
                &account.encrypted_user_key,
                &next,
                &account.email,
            )
            .await;
            drop((cur, next));
            let change = match change {
                Ok(c) => c,
                Err(KeyError::WrongPassword) => {
                    set_busy.set(false);
                    errors.set_field("auth_hash", "The current master password is not correct.");
                    focus(CURRENT_ID);
                    return;
                }
                Err(e) => {
                    set_busy.set(false);
                    errors.set_alert(e.message());
                    return;
                }
            };
            let request = ChangePasswordRequest {
                auth_hash: change.current_auth_hash.to_base64(),
                new_auth_hash: change.auth_hash.to_base64(),
                new_kdf: change.kdf_params,
                new_kdf_salt: change.kdf_salt.to_base64(),
                new_encrypted_user_key: change.encrypted_user_key.to_string(),
            };
            drop(change);
            let result = api::accounts::change_password(request).await;
            let outcome = match result {
                Ok(tokens) => session.replace_tokens(&tokens),
                Err(e) => Err(e),
            };
            match outcome {
                Ok(()) => {
                    // The salt and the encrypted user key changed: the lock screen needs the new ones.
                    if let Ok(account) = api::accounts::get_me().await {
                        session.set_account(account);
                    }
                    set_busy.set(false);
                    current.set(String::new());
                    new.set(String::new());
                    confirm.set(String::new());
                    saved.set(Some("Your master password was changed. Your other sessions were signed out.".into()));
                }
                Err(e) => {
                    set_busy.set(false);
                    errors.show(&e, &["auth_hash"]);
                    errors.focus_first(&ORDER);
                }
            }
        });
    };

    view! {
        <form class="form card-body" novalidate on:submit=submit>
            <FormAlertView errors=errors />
            // For password managers: whose password this is.
            <input
                type="email"
                class="visually-hidden"
                autocomplete="username"
                tabindex="-1"
                aria-hidden="true"
                readonly
                prop:value=move || session.with_account(|a| a.map(|a| a.email.clone()).unwrap_or_default())
            />
            <PasswordField
                id=CURRENT_ID
                label="Current master password"
                value=current
                autocomplete="current-password"
                error=errors.field("auth_hash")
                on_change=Callback::new(move |()| errors.clear_field("auth_hash"))
            />
            <PasswordField
                id=NEW_ID
                label="New master password"
                value=new
                autocomplete="new-password"
                error=errors.field("new")
                described_by=METER_ID
                on_change=Callback::new(move |()| {
                    errors.clear_field("new");
                    saved.set(None);
                })
            >
                <StrengthMeter id=METER_ID password=new personal=personal />
            </PasswordField>
            <PasswordField
                id=CONFIRM_ID
                label="Confirm new master password"
                value=confirm
                autocomplete="new-password"
                error=errors.field("confirm")
                on_change=Callback::new(move |()| errors.clear_field("confirm"))
            />
            <p class="field-hint">
                "Your master password cannot be recovered: if you forget the new one, nobody can open your vault."
            </p>
            <Show when=move || busy.get()>
                <KdfProgress label="Re-encrypting your keys…" />
            </Show>
            <div class="form-actions">
                <SubmitButton label="Change master password" busy_label="Changing…" busy=busy />
                <Saved message=saved />
            </div>
        </form>
    }
}
