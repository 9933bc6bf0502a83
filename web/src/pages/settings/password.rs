//! The master password section. The current password opens the user key here; the same user key
//! is re-encrypted under the new one (two key derivations), and the server answers with fresh
//! tokens for this session while it ends every other one.

use leptos::prelude::*;
use portal_shared::accounts::ChangePasswordRequest;
use portal_shared::policies::{MasterPasswordOptions, PasswordReport, check_master_password};

use super::Saved;
use crate::api;
use crate::components::form::{FormAlertView, FormErrors, PasswordField, SubmitButton, focus};
use crate::components::kdf_progress::KdfProgress;
use crate::components::strength_meter::{StrengthMeter, estimate, refusal};
use crate::kdf::{self, KeyError};
use crate::session::use_session;
use portal_shared::client::ClientError;

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
    // The strictest master password requirements of the person's organizations, held here in the
    // client and reported to the server with the change (it never sees the password). Unknown
    // until loaded; the server still refuses a password that misses them.
    let requirements = RwSignal::new(None::<MasterPasswordOptions>);
    leptos::task::spawn_local(async move {
        if let Ok(mine) = api::accounts::my_policies().await {
            requirements.try_set(mine.effective.master_password);
        }
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
        } else if let Some(policy) = requirements.get_untracked()
            && let Some(first) = check_master_password(&policy, &next, strength.score).into_iter().next()
        {
            errors.set_field("new", first.message);
        }
        let report = PasswordReport::of(&next, strength.score);
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
                policy_report: Some(report),
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
                    // The organization's requirements (reported as `policy_report`) are about the new one.
                    if let ClientError::Problem(problem) = &e
                        && let Some(first) = problem.errors.iter().find(|f| f.field == "policy_report")
                    {
                        errors.set_field("new", first.message.clone());
                    } else {
                        errors.show(&e, &["auth_hash"]);
                    }
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
            {move || requirements.get().map(|p| view! { <PasswordRequirements policy=p /> })}
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

/// What the person's organizations require of a master password, in plain words.
#[component]
pub fn PasswordRequirements(policy: MasterPasswordOptions) -> impl IntoView {
    let mut rules = vec![format!("at least {} characters", policy.min_length)];
    if policy.min_strength > 0 {
        rules.push(format!("a strength of at least {} of 4 on the meter", policy.min_strength));
    }
    for (needed, what) in [
        (policy.require_upper, "an upper-case letter"),
        (policy.require_lower, "a lower-case letter"),
        (policy.require_digits, "a digit"),
        (policy.require_special, "a special character"),
    ] {
        if needed {
            rules.push(what.to_owned());
        }
    }
    view! {
        <div class="notice notice-info" data-testid="password-requirements">
            <p>"Your organization requires of a master password:"</p>
            <ul>{rules.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
        </div>
    }
}
