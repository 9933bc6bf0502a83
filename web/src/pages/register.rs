//! `/register`: a new account. The keys are made in this browser from the master password
//! (which must pass the shared strength estimator); the server receives the authentication hash
//! and ciphertext only. After registering, the page signs in with the same derived keys, so the
//! slow key derivation runs once.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_query_map;
use portal_shared::PRODUCT_NAME;
use portal_shared::accounts::{NAME_MAX, RegisterRequest};
use portal_shared::auth::TokenRequest;
use portal_shared::crypto::RegistrationKeys;
use portal_shared::policies::{MasterPasswordOptions, check_master_password};
use portal_shared::validation::normalize_email;

use crate::api;
use crate::components::form::{FormAlertView, FormErrors, PasswordField, SubmitButton, TextField};
use crate::components::kdf_progress::KdfProgress;
use crate::components::product_mark::ProductMark;
use crate::components::strength_meter::{StrengthMeter, estimate, refusal};
use crate::kdf;
use crate::pages::settings::password::PasswordRequirements;
use crate::pages::sign_in::{DEVICE_NAME, looks_like_email};
use crate::session::{Status, auth_link, go_to, safe_next, sign_in_path, use_session};

const NAME_ID: &str = "register-name";
const EMAIL_ID: &str = "register-email";
const PASSWORD_ID: &str = "register-password";
const CONFIRM_ID: &str = "register-confirm";
const METER_ID: &str = "register-strength";

/// The order in which invalid fields take focus.
const ORDER: [(&str, &str); 4] =
    [("name", NAME_ID), ("email", EMAIL_ID), ("password", PASSWORD_ID), ("confirm", CONFIRM_ID)];

/// What the form is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Busy {
    Idle,
    Deriving,
    Creating,
}

/// The registration page (or a redirect home when this tab is signed in).
#[component]
pub fn Register() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let next = safe_next(query.with_untracked(|q| q.get("next")));
    // An invitation suggests the address it was sent to.
    let email = query.with_untracked(|q| q.get("email")).filter(|e| looks_like_email(e));
    if session.status_untracked() != Status::SignedOut {
        return Either::Left(view! { <Redirect path=next.unwrap_or_else(|| "/".into()) /> });
    }
    Either::Right(view! { <RegisterCard next=next email=email /> })
}

#[component]
fn RegisterCard(next: Option<String>, email: Option<String>) -> impl IntoView {
    let session = use_session();
    let sign_in_link = auth_link("/sign-in", next.as_deref(), email.as_deref());
    let next = StoredValue::new(next.unwrap_or_else(|| "/".into()));
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(email.unwrap_or_default());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let busy = RwSignal::new(Busy::Idle);
    let personal = Signal::derive(move || vec![email.get(), name.get()]);
    // Registering from an invitation: the inviting organization's master password requirements
    // apply from the start (the token is in the accept link this page returns to).
    let requirements = RwSignal::new(None::<(String, MasterPasswordOptions)>);
    if let Some(token) = invitation_token(&next.get_value()) {
        leptos::task::spawn_local(async move {
            if let Ok(preview) = api::providers::preview_invitation(token).await
                && let (Some(org), Some(policy)) = (preview.organization, preview.master_password)
            {
                requirements.try_set(Some((org.name, policy)));
            }
        });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() != Busy::Idle {
            return;
        }
        errors.clear();
        let the_name = name.get_untracked().trim().to_owned();
        let address = email.get_untracked().trim().to_owned();
        let pw = password.get_untracked();
        if the_name.is_empty() {
            errors.set_field("name", "Enter your name.");
        } else if the_name.chars().count() > NAME_MAX {
            errors.set_field("name", format!("Use at most {NAME_MAX} characters."));
        }
        if address.is_empty() {
            errors.set_field("email", "Enter your email address.");
        } else if !looks_like_email(&address) {
            errors.set_field("email", "Enter an email address like name@example.com.");
        }
        let strength = estimate(&pw, &[address.clone(), the_name.clone()]);
        if pw.is_empty() {
            errors.set_field("password", "Choose a master password.");
        } else if !strength.is_acceptable() {
            errors.set_field("password", refusal(&strength));
        } else if let Some((_, policy)) = requirements.get_untracked()
            && let Some(first) = check_master_password(&policy, &pw, strength.score).into_iter().next()
        {
            errors.set_field("password", first.message);
        }
        if confirm.get_untracked() != pw {
            errors.set_field("confirm", "The two master passwords are not the same.");
        }
        if errors.focus_first(&ORDER) {
            return;
        }
        busy.set(Busy::Deriving);
        leptos::task::spawn_local(async move {
            let made = kdf::register_keys(&pw, &normalize_email(&address)).await;
            drop(pw);
            let keys = match made {
                Ok(k) => k,
                Err(e) => {
                    busy.set(Busy::Idle);
                    errors.set_alert(e.message());
                    return;
                }
            };
            busy.set(Busy::Creating);
            let request = registration(&the_name, &address, &keys);
            let account = match api::accounts::register(request).await {
                Ok(a) => a,
                Err(e) => {
                    busy.set(Busy::Idle);
                    if e.status() == Some(409) {
                        errors
                            .set_field("email", "An account with this email address already exists. Sign in instead.");
                    } else {
                        errors.show(&e, &["name", "email"]);
                    }
                    errors.focus_first(&ORDER);
                    return;
                }
            };
            let auth_hash = keys.auth_hash.to_base64();
            let signed_in = api::auth::token(TokenRequest {
                grant_type: "password".into(),
                username: Some(account.email.clone()),
                password: Some(auth_hash),
                device_name: Some(DEVICE_NAME.into()),
                ..Default::default()
            })
            .await;
            let started = signed_in.and_then(|tokens| session.adopt_tokens(&tokens));
            match started {
                Ok(()) => {
                    password.set(String::new());
                    confirm.set(String::new());
                    session.start(account, keys.unlocked);
                    let next = next.get_value();
                    // The notice is for the home page; a page to return to speaks for itself.
                    if next == "/" {
                        session.set_notice("Welcome! Your account is ready and your vault is unlocked.");
                    }
                    go_to(&next);
                }
                Err(_) => {
                    session.set_notice("Your account was created. Sign in to continue.");
                    go_to(&sign_in_path(&next.get_value()));
                }
            }
        });
    };
    let is_busy = Signal::derive(move || busy.get() != Busy::Idle);
    let progress_label = Signal::derive(move || match busy.get() {
        Busy::Creating => "Creating your account…",
        _ => "Deriving your keys…",
    });

    view! {
        <Title text="Create an account" />
        <div class="auth-page">
            <div class="card auth-card auth-card-wide">
                <div class="auth-header">
                    <ProductMark size=44 />
                    <h1 class="auth-title">"Create your account"</h1>
                    <p class="muted">{format!("Your {PRODUCT_NAME} vault is encrypted with a key only your master password opens.")}</p>
                </div>
                <FormAlertView errors=errors />
                <form class="form" novalidate on:submit=submit>
                    <TextField
                        id=NAME_ID
                        label="Name"
                        value=name
                        autocomplete="name"
                        maxlength=NAME_MAX as u32
                        error=errors.field("name")
                        autofocus=true
                        on_change=Callback::new(move |()| errors.clear_field("name"))
                    />
                    <TextField
                        id=EMAIL_ID
                        label="Email"
                        value=email
                        input_type="email"
                        autocomplete="email"
                        inputmode="email"
                        placeholder="you@example.com"
                        hint="You sign in with it. Administrators who invite you use it too."
                        error=errors.field("email")
                        on_change=Callback::new(move |()| errors.clear_field("email"))
                    />
                    <PasswordField
                        id=PASSWORD_ID
                        label="Master password"
                        value=password
                        autocomplete="new-password"
                        error=errors.field("password")
                        described_by=METER_ID
                        on_change=Callback::new(move |()| errors.clear_field("password"))
                    >
                        <StrengthMeter id=METER_ID password=password personal=personal />
                    </PasswordField>
                    {move || requirements.get().map(|(_, policy)| view! { <PasswordRequirements policy=policy /> })}
                    <PasswordField
                        id=CONFIRM_ID
                        label="Confirm master password"
                        value=confirm
                        autocomplete="new-password"
                        error=errors.field("confirm")
                        on_change=Callback::new(move |()| errors.clear_field("confirm"))
                    />
                    <div class="notice notice-warning" id="register-recovery-hint">
                        <div class="notice-body">
                            <p class="notice-title">"Your master password cannot be recovered."</p>
                            <p class="notice-detail">
                                "It never leaves this device, so nobody, not even your administrator, can reset it or read your vault without it. "
                                "A passphrase of four or more unrelated words is strong and easy to remember."
                            </p>
                        </div>
                    </div>
                    <Show when=move || is_busy.get()>
                        <KdfProgress label=progress_label />
                    </Show>
                    <SubmitButton
                        label="Create account"
                        busy_label="Creating account…"
                        busy=is_busy
                        class="btn btn-primary btn-block"
                    />
                </form>
            </div>
            <p class="auth-aside">"Already have an account? " <A href=sign_in_link.clone()>"Sign in"</A></p>
        </div>
    }
}

/// The registration request: everything but the unlocked keys.
fn registration(name: &str, email: &str, keys: &RegistrationKeys) -> RegisterRequest {
    RegisterRequest {
        email: email.to_owned(),
        name: name.to_owned(),
        auth_hash: keys.auth_hash.to_base64(),
        kdf: keys.kdf_params,
        kdf_salt: keys.kdf_salt.to_base64(),
        encrypted_user_key: keys.encrypted_user_key.to_string(),
        public_key: keys.public_key.to_string(),
        encrypted_private_key: keys.encrypted_private_key.to_string(),
    }
}

/// The invitation token of an accept link (`/invitations/accept?token=...`), when `next` is one.
fn invitation_token(next: &str) -> Option<String> {
    let query = next.strip_prefix("/invitations/accept?")?;
    query.split('&').find_map(|pair| pair.strip_prefix("token=")).filter(|t| !t.is_empty()).map(str::to_owned)
}
