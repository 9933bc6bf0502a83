//! The lock screen: the session is signed in but its keys are not in memory. The master password
//! opens them again here, on this device: the account's KDF parameters and encrypted keys come
//! from `GET /accounts/me`, and a wrong password is recognized without asking the server.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;
use portal_shared::accounts::Account;

use crate::components::error_notice::ErrorNotice;
use crate::components::form::{FormAlertView, FormErrors, PasswordField, SubmitButton, focus};
use crate::components::icons::LockIcon;
use crate::components::kdf_progress::KdfProgress;
use crate::kdf::{self, KeyError};
use crate::session::use_session;

const PASSWORD_ID: &str = "unlock-password";

/// The unlock card, in place of a page that needs the keys.
#[component]
pub fn UnlockCard() -> impl IntoView {
    let session = use_session();
    // The account comes from the sign-in, or is loaded by the session after a reload.
    if session.account_untracked().is_none() {
        session.load_account();
    }
    let notice = session.notice_untracked();
    let retry = Callback::new(move |()| session.load_account());
    let retrying = Signal::derive(move || session.account_loading());
    // The form is drawn once the account is there, and not again when it is refreshed.
    let has_account = Memo::new(move |_| session.with_account(|a| a.is_some()));

    view! {
        <Title text="Unlock" />
        <div class="auth-page">
            <div class="card auth-card">
                <div class="auth-header">
                    <span class="auth-badge" aria-hidden="true">
                        <LockIcon />
                    </span>
                    <h1 class="auth-title">"Your vault is locked"</h1>
                    <p class="muted">
                        {move || match session.with_account(|a| a.map(|a| a.email.clone())) {
                            Some(email) => EitherOf3::A(view! { "Signed in as " <strong>{email}</strong> }),
                            None if session.account_error().is_some() => {
                                EitherOf3::B(view! { "Your account could not be loaded." })
                            }
                            None => EitherOf3::C(view! { "Loading your account…" }),
                        }}
                    </p>
                </div>
                {notice
                    .map(|n| {
                        view! {
                            <div class="notice notice-info" role="status">
                                <div class="notice-body">
                                    <p class="notice-title">{n}</p>
                                    <p class="notice-detail">
                                        "Your keys were removed from memory. Enter your master password to continue."
                                    </p>
                                </div>
                            </div>
                        }
                    })}
                {move || match (has_account.get(), session.account_error()) {
                    (true, _) => {
                        session.account_untracked().map(|a| EitherOf3::A(view! { <UnlockForm account=a /> }))
                    }
                    (false, Some(error)) => {
                        Some(EitherOf3::B(view! { <ErrorNotice error=error on_retry=retry pending=retrying /> }))
                    }
                    (false, None) => Some(EitherOf3::C(view! { <UnlockSkeleton /> })),
                }}
            </div>
            <p class="auth-aside">
                "Not you, or done for now? "
                <button type="button" class="link-button" on:click=move |_| session.sign_out()>
                    "Sign out"
                </button>
            </p>
        </div>
    }
}

/// The master password form.
#[component]
fn UnlockForm(account: Account) -> impl IntoView {
    let session = use_session();
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let account = StoredValue::new(account);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let pw = password.get_untracked();
        if pw.is_empty() {
            errors.set_field("master_password", "Enter your master password.");
            focus(PASSWORD_ID);
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let a = account.get_value();
            let result = match kdf::derive_master_keys(&pw, &a.kdf_salt, &a.kdf).await {
                Ok(master) => kdf::open_keys(&master, &a.encrypted_user_key, &a.encrypted_private_key, &a.public_key),
                Err(e) => Err(e),
            };
            drop(pw);
            set_busy.set(false);
            match result {
                Ok(keys) => {
                    password.set(String::new());
                    session.unlock(keys);
                }
                Err(KeyError::WrongPassword) => {
                    errors.set_field("master_password", KeyError::WrongPassword.message());
                    focus(PASSWORD_ID);
                }
                Err(other) => errors.set_alert(other.message()),
            }
        });
    };

    view! {
        <form class="form" novalidate on:submit=submit>
            <FormAlertView errors=errors />
            <PasswordField
                id=PASSWORD_ID
                label="Master password"
                value=password
                autocomplete="current-password"
                error=errors.field("master_password")
                autofocus=true
                on_change=Callback::new(move |()| errors.clear_field("master_password"))
            />
            <Show when=move || busy.get()>
                <KdfProgress label="Unlocking your vault…" />
            </Show>
            <SubmitButton label="Unlock" busy_label="Unlocking…" busy=busy class="btn btn-primary btn-block" />
        </form>
    }
}

/// A placeholder for the form while the account loads.
#[component]
fn UnlockSkeleton() -> impl IntoView {
    view! {
        <div class="status-loading" role="status">
            <span class="visually-hidden">"Loading your account…"</span>
            <div class="skeleton-rows" aria-hidden="true">
                <span class="skeleton skeleton-label"></span>
                <span class="skeleton skeleton-input"></span>
                <span class="skeleton skeleton-button"></span>
            </div>
        </div>
    }
}
