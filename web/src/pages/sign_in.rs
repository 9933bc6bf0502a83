//! `/sign-in`: email and master password, then the second step when the account has two-step
//! login. The master password never leaves the browser: prelogin gives the KDF parameters, the
//! keys are derived here, and only the authentication hash is sent.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_query_map;
use portal_shared::PRODUCT_NAME;
use portal_shared::auth::{TokenRequest, TokenResponse};
use portal_shared::client::ClientError;
use portal_shared::crypto::MasterKeys;
use portal_shared::validation::normalize_email;

use crate::api;
use crate::components::error_notice::ErrorSummary;
use crate::components::form::{FormAlertView, FormErrors, PasswordField, SubmitButton, TextField, focus};
use crate::components::icons::ShieldIcon;
use crate::components::kdf_progress::KdfProgress;
use crate::components::product_mark::ProductMark;
use crate::kdf::{self, KeyError};
use crate::session::{Session, Status, auth_link, go_to, safe_next, use_session};

const EMAIL_ID: &str = "sign-in-email";
const PASSWORD_ID: &str = "sign-in-password";
const CODE_ID: &str = "two-step-code";
/// What the server learns about this client in its event log.
pub const DEVICE_NAME: &str = "Web portal";

/// What the form is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Busy {
    Idle,
    Deriving,
    SigningIn,
}

/// Which step is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Credentials,
    SecondStep,
}

/// The sign-in card (or a redirect home when this tab is already signed in).
#[component]
pub fn SignIn() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let next = safe_next(query.with_untracked(|q| q.get("next")));
    // An invitation suggests the address it was sent to.
    let email = query.with_untracked(|q| q.get("email")).filter(|e| looks_like_email(e));
    if session.status_untracked() != Status::SignedOut {
        return Either::Left(view! { <Redirect path=next.unwrap_or_else(|| "/".into()) /> });
    }
    Either::Right(view! { <SignInCard next=next email=email /> })
}

#[component]
fn SignInCard(next: Option<String>, email: Option<String>) -> impl IntoView {
    let session = use_session();
    // Why the person is here (signed out, session ended); gone once they act.
    let notice = RwSignal::new(session.take_notice());
    let register_link = auth_link("/register", next.as_deref(), email.as_deref());
    let prefilled = email.is_some();
    let email = RwSignal::new(email.unwrap_or_default());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let use_recovery = RwSignal::new(false);
    let step = RwSignal::new(Step::Credentials);
    let busy = RwSignal::new(Busy::Idle);
    let errors = FormErrors::new();
    // The master keys between the two steps; dropped (and zeroized) with the page.
    let master = StoredValue::new(None::<MasterKeys>);
    let next = StoredValue::new(next.unwrap_or_else(|| "/".into()));
    let flow = Flow { session, master, busy, step, errors, next, password };

    let submit_credentials = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() != Busy::Idle {
            return;
        }
        errors.clear();
        notice.set(None);
        let address = email.get_untracked().trim().to_owned();
        let pw = password.get_untracked();
        if address.is_empty() {
            errors.set_field("email", "Enter your email address.");
        } else if !looks_like_email(&address) {
            errors.set_field("email", "Enter an email address like name@example.com.");
        }
        if pw.is_empty() {
            errors.set_field("password", "Enter your master password.");
        }
        if errors.focus_first(&[("email", EMAIL_ID), ("password", PASSWORD_ID)]) {
            return;
        }
        // Prelogin is part of preparing the keys: one "Deriving your keys…" state for both.
        busy.set(Busy::Deriving);
        leptos::task::spawn_local(async move {
            let prelogin = match api::accounts::prelogin(address.clone()).await {
                Ok(p) => p,
                Err(e) => {
                    busy.set(Busy::Idle);
                    errors.show(&e, &["email"]);
                    errors.focus_first(&[("email", EMAIL_ID)]);
                    return;
                }
            };
            let derived = kdf::derive_master_keys(&pw, &prelogin.kdf_salt, &prelogin.kdf).await;
            drop(pw);
            let keys = match derived {
                Ok(k) => k,
                Err(e) => {
                    busy.set(Busy::Idle);
                    errors.set_alert(e.message());
                    return;
                }
            };
            busy.set(Busy::SigningIn);
            let request = password_grant(&address, &keys, None, None);
            let answer = api::auth::token(request).await;
            master.set_value(Some(keys));
            flow.handle_answer(answer, false);
        });
    };

    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() != Busy::Idle {
            return;
        }
        errors.clear();
        let recovery = use_recovery.get_untracked();
        let value: String = code.get_untracked().chars().filter(|c| !c.is_whitespace()).collect();
        if recovery && value.is_empty() {
            errors.set_field("code", "Enter your recovery code.");
        } else if !recovery && (value.len() != 6 || !value.chars().all(|c| c.is_ascii_digit())) {
            errors.set_field("code", "Enter the 6-digit code from your authenticator app.");
        }
        if errors.focus_first(&[("code", CODE_ID)]) {
            return;
        }
        let Some(request) = master.with_value(|m| {
            m.as_ref().map(|m| {
                let address = email.get_untracked().trim().to_owned();
                if recovery {
                    password_grant(&address, m, None, Some(value.clone()))
                } else {
                    password_grant(&address, m, Some(value.clone()), None)
                }
            })
        }) else {
            step.set(Step::Credentials);
            return;
        };
        busy.set(Busy::SigningIn);
        leptos::task::spawn_local(async move {
            let answer = api::auth::token(request).await;
            flow.handle_answer(answer, recovery);
        });
    };

    let back = move |_| {
        master.set_value(None);
        code.set(String::new());
        use_recovery.set(false);
        errors.clear();
        step.set(Step::Credentials);
        focus(PASSWORD_ID);
    };
    let toggle_recovery = move |_| {
        use_recovery.update(|r| *r = !*r);
        code.set(String::new());
        errors.clear();
        focus(CODE_ID);
    };
    let is_busy = Signal::derive(move || busy.get() != Busy::Idle);
    let progress_label = Signal::derive(move || match busy.get() {
        Busy::Deriving => "Deriving your keys…",
        _ => "Signing in…",
    });

    view! {
        <Title text="Sign in" />
        <div class="auth-page">
            <div class="card auth-card">
                <Show
                    when=move || step.get() == Step::SecondStep
                    fallback=move || {
                        view! {
                            <div class="auth-header">
                                <ProductMark size=44 />
                                <h1 class="auth-title">{format!("Sign in to {PRODUCT_NAME}")}</h1>
                                <p class="muted">"Use the email address and master password of your account."</p>
                            </div>
                        }
                    }
                >
                    <div class="auth-header">
                        <span class="auth-badge" aria-hidden="true">
                            <ShieldIcon />
                        </span>
                        <h1 class="auth-title">"Two-step login"</h1>
                        <p class="muted">
                            {move || {
                                if use_recovery.get() {
                                    "Enter the recovery code you saved when you turned on two-step login."
                                } else {
                                    "Enter the 6-digit code from your authenticator app."
                                }
                            }}
                        </p>
                    </div>
                </Show>
                {move || {
                    notice
                        .get()
                        .map(|n| {
                            view! {
                                <div class="notice notice-info" role="status">
                                    <div class="notice-body">
                                        <p class="notice-title">{n}</p>
                                    </div>
                                </div>
                            }
                        })
                }}
                <FormAlertView errors=errors />
                <Show
                    when=move || step.get() == Step::SecondStep
                    fallback=move || {
                        view! {
                            <form class="form" novalidate on:submit=submit_credentials>
                                <TextField
                                    id=EMAIL_ID
                                    label="Email"
                                    value=email
                                    input_type="email"
                                    autocomplete="email"
                                    inputmode="email"
                                    placeholder="you@example.com"
                                    error=errors.field("email")
                                    autofocus=!prefilled
                                    on_change=Callback::new(move |()| errors.clear_field("email"))
                                />
                                <PasswordField
                                    id=PASSWORD_ID
                                    label="Master password"
                                    value=password
                                    autocomplete="current-password"
                                    hint="Your master password never leaves this device."
                                    autofocus=prefilled
                                    error=errors.field("password")
                                    on_change=Callback::new(move |()| errors.clear_field("password"))
                                />
                                <Show when=move || is_busy.get()>
                                    <KdfProgress label=progress_label />
                                </Show>
                                <SubmitButton
                                    label="Sign in"
                                    busy_label="Signing in…"
                                    busy=is_busy
                                    class="btn btn-primary btn-block"
                                />
                            </form>
                        }
                    }
                >
                    <form class="form" novalidate on:submit=submit_code>
                        {move || {
                            if use_recovery.get() {
                                Either::Left(view! {
                                    <TextField
                                        id=CODE_ID
                                        label="Recovery code"
                                        value=code
                                        autocomplete="off"
                                        placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"
                                        class="input-code"
                                        hint="Signing in with it turns two-step login off; turn it on again in your account settings."
                                        error=errors.field("code")
                                        autofocus=true
                                        on_change=Callback::new(move |()| errors.clear_field("code"))
                                    />
                                })
                            } else {
                                Either::Right(view! {
                                    <TextField
                                        id=CODE_ID
                                        label="Authentication code"
                                        value=code
                                        autocomplete="one-time-code"
                                        inputmode="numeric"
                                        placeholder="123456"
                                        maxlength=6
                                        class="input-code"
                                        error=errors.field("code")
                                        autofocus=true
                                        on_change=Callback::new(move |()| errors.clear_field("code"))
                                    />
                                })
                            }
                        }}
                        <SubmitButton label="Verify" busy_label="Verifying…" busy=is_busy class="btn btn-primary btn-block" />
                        <div class="form-links">
                            <button type="button" class="link-button" on:click=toggle_recovery>
                                {move || {
                                    if use_recovery.get() {
                                        "Use the authenticator app instead"
                                    } else {
                                        "Use a recovery code instead"
                                    }
                                }}
                            </button>
                            <button type="button" class="link-button" on:click=back>
                                "Start over"
                            </button>
                        </div>
                    </form>
                </Show>
            </div>
            <p class="auth-aside">
                <Show
                    when=move || step.get() == Step::Credentials
                    fallback=|| view! { <A href="/">"← Back to the home page"</A> }
                >
                    "New to " {PRODUCT_NAME} "? " <A href=register_link.clone()>"Create an account"</A>
                </Show>
            </p>
        </div>
    }
}

/// A rough check before asking the server: something@something.something.
pub fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(' ')
}

/// The password grant with the authentication hash (never the master password).
fn password_grant(email: &str, master: &MasterKeys, code: Option<String>, recovery: Option<String>) -> TokenRequest {
    TokenRequest {
        grant_type: "password".into(),
        username: Some(normalize_email(email)),
        password: Some(master.auth_hash().to_base64()),
        two_step_code: code,
        recovery_code: recovery,
        device_name: Some(DEVICE_NAME.into()),
        ..Default::default()
    }
}

/// The page's state, for what happens after the token endpoint answers.
#[derive(Clone, Copy)]
struct Flow {
    session: Session,
    master: StoredValue<Option<MasterKeys>>,
    busy: RwSignal<Busy>,
    step: RwSignal<Step>,
    errors: FormErrors,
    next: StoredValue<String>,
    password: RwSignal<String>,
}

impl Flow {
    /// Acts on the token endpoint's answer: finish the sign-in, ask for the second step, or say
    /// what is wrong.
    fn handle_answer(self, answer: Result<TokenResponse, ClientError>, used_recovery: bool) {
        let Flow { session, master, busy, step, errors, next, password } = self;
        match answer {
            Ok(tokens) => {
                leptos::task::spawn_local(async move {
                    match finish(session, master, &tokens).await {
                        Ok(()) => {
                            password.set(String::new());
                            if used_recovery {
                                session.set_notice(
                                    "You signed in with your recovery code, so two-step login is now off. Turn it \
                                     on again in your account settings; you will get a new recovery code.",
                                );
                            }
                            go_to(&next.get_value());
                        }
                        Err(message) => {
                            busy.set(Busy::Idle);
                            step.set(Step::Credentials);
                            errors.set_alert(message);
                        }
                    }
                });
            }
            Err(ClientError::Problem(p)) => {
                busy.set(Busy::Idle);
                match p.slug() {
                    "two-step-required" => {
                        step.set(Step::SecondStep);
                        focus(CODE_ID);
                    }
                    "invalid-two-step-code" => {
                        let detail = p.detail.clone().unwrap_or_else(|| "The code is not correct.".into());
                        errors.set_field("code", detail);
                        focus(CODE_ID);
                    }
                    "invalid-grant" => {
                        master.set_value(None);
                        step.set(Step::Credentials);
                        errors.set_alert("The email address or master password is not correct.");
                        focus(PASSWORD_ID);
                    }
                    "too-many-requests" => {
                        let wait = p.detail.clone().unwrap_or_else(|| "Wait a few minutes.".into());
                        errors.set_alert(format!("Too many failed attempts. {wait}"));
                    }
                    _ => {
                        let mut p = p;
                        for e in &mut p.errors {
                            if e.field == "username" {
                                e.field = "email".into();
                            }
                        }
                        errors.show(&ClientError::Problem(p), &["email"]);
                        errors.focus_first(&[("email", EMAIL_ID)]);
                    }
                }
            }
            Err(transport) => {
                busy.set(Busy::Idle);
                errors.show(&transport, &[]);
            }
        }
    }
}

/// With tokens in hand: load the account, open the keys, start the session.
async fn finish(
    session: Session,
    master: StoredValue<Option<MasterKeys>>,
    tokens: &TokenResponse,
) -> Result<(), String> {
    if let Err(e) = session.adopt_tokens(tokens) {
        return Err(e.to_string());
    }
    let account = match api::accounts::get_me().await {
        Ok(a) => a,
        Err(e) => {
            session.abandon();
            return Err(ErrorSummary::of(&e).title);
        }
    };
    let opened = master.with_value(|m| match m {
        Some(m) => kdf::open_keys(m, &account.encrypted_user_key, &account.encrypted_private_key, &account.public_key),
        None => Err(KeyError::Failed),
    });
    master.set_value(None);
    match opened {
        Ok(keys) => {
            session.start(account, keys);
            Ok(())
        }
        Err(e) => {
            session.abandon();
            Err(e.message().into())
        }
    }
}
