//! The email section: ask for a change (proved with the master password); the mailed link
//! applies it on `/verify-email`.

use leptos::prelude::*;
use portal_shared::validation::normalize_email;

use crate::api;
use crate::components::form::{FormAlertView, FormErrors, PasswordField, SubmitButton, TextField, focus};
use crate::components::kdf_progress::KdfProgress;
use crate::kdf::{self, KeyError};
use crate::pages::sign_in::looks_like_email;
use crate::session::use_session;

const EMAIL_ID: &str = "new-email";
const PASSWORD_ID: &str = "email-password";
const ORDER: [(&str, &str); 2] = [("new_email", EMAIL_ID), ("auth_hash", PASSWORD_ID)];

/// The email change form.
#[component]
pub fn EmailForm() -> impl IntoView {
    let session = use_session();
    let new_email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let sent_to = RwSignal::new(None::<String>);
    let current = move || session.with_account(|a| a.map(|a| a.email.clone()).unwrap_or_default());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        sent_to.set(None);
        let address = new_email.get_untracked().trim().to_owned();
        let pw = password.get_untracked();
        let Some(account) = session.account_untracked() else { return };
        if address.is_empty() {
            errors.set_field("new_email", "Enter the new email address.");
        } else if !looks_like_email(&address) {
            errors.set_field("new_email", "Enter an email address like name@example.com.");
        } else if normalize_email(&address) == account.email {
            errors.set_field("new_email", "This is already your email address.");
        }
        if pw.is_empty() {
            errors.set_field("auth_hash", "Enter your master password to confirm the change.");
        }
        if errors.focus_first(&ORDER) {
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let proof = kdf::prove_master_password(&pw, &account).await;
            drop(pw);
            let auth_hash = match proof {
                Ok(h) => h,
                Err(KeyError::WrongPassword) => {
                    set_busy.set(false);
                    errors.set_field("auth_hash", KeyError::WrongPassword.message());
                    focus(PASSWORD_ID);
                    return;
                }
                Err(e) => {
                    set_busy.set(false);
                    errors.set_alert(e.message());
                    return;
                }
            };
            let result = api::accounts::request_email_change(address.clone(), auth_hash).await;
            set_busy.set(false);
            match result {
                Ok(()) => {
                    password.set(String::new());
                    new_email.set(String::new());
                    sent_to.set(Some(normalize_email(&address)));
                }
                Err(e) => {
                    errors.show(&e, &["new_email", "auth_hash"]);
                    errors.focus_first(&ORDER);
                }
            }
        });
    };

    view! {
        <form class="form card-body" novalidate on:submit=submit>
            <dl class="kv">
                <div class="kv-row">
                    <dt>"Current address"</dt>
                    <dd class="kv-text" data-testid="current-email">{current}</dd>
                </div>
            </dl>
            {move || {
                sent_to
                    .get()
                    .map(|to| {
                        view! {
                            <div class="notice notice-success" role="status">
                                <div class="notice-body">
                                    <p class="notice-title">"Check your inbox"</p>
                                    <p class="notice-detail">
                                        "We sent a link to " <strong>{to}</strong>
                                        ". Your address changes when you open it (within 24 hours)."
                                    </p>
                                </div>
                            </div>
                        }
                    })
            }}
            <FormAlertView errors=errors />
            <TextField
                id=EMAIL_ID
                label="New email address"
                value=new_email
                input_type="email"
                autocomplete="email"
                inputmode="email"
                placeholder="you@example.com"
                error=errors.field("new_email")
                on_change=Callback::new(move |()| errors.clear_field("new_email"))
            />
            <PasswordField
                id=PASSWORD_ID
                label="Master password"
                value=password
                autocomplete="current-password"
                error=errors.field("auth_hash")
                on_change=Callback::new(move |()| errors.clear_field("auth_hash"))
            />
            <Show when=move || busy.get()>
                <KdfProgress label="Checking your master password…" />
            </Show>
            <div class="form-actions">
                <SubmitButton label="Send confirmation link" busy_label="Sending…" busy=busy />
            </div>
        </form>
    }
}
