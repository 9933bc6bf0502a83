//! The two-step login section: turn it on (master password → secret and QR code → a code from
//! the app → the recovery code, shown once), or off (master password).

use leptos::either::EitherOf4;
use leptos::prelude::*;
use portal_shared::accounts::TotpEnrollment;

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::components::form::{FormAlertView, FormErrors, PasswordField, SubmitButton, TextField, focus};
use crate::components::kdf_progress::KdfProgress;
use crate::components::qr_code::QrCodeSvg;
use crate::kdf::{self, KeyError};
use crate::session::{Session, use_session};

const PASSWORD_ID: &str = "two-step-password";
const CODE_ID: &str = "totp-code";

/// Where the section is.
#[derive(Clone)]
enum Stage {
    /// On or off, with the button to change it.
    Overview,
    /// Asking for the master password, to turn it on (`true`) or off.
    Prove(bool),
    /// The secret is shown; waiting for a code from the app.
    Enrolling(TotpEnrollment),
    /// On; the recovery code is shown this once.
    Recovery(String),
}

/// The section.
#[component]
pub fn TwoStepLogin() -> impl IntoView {
    let session = use_session();
    let stage = RwSignal::new(Stage::Overview);
    let enabled = move || session.with_account(|a| a.is_some_and(|a| a.two_step_enabled));

    view! {
        <div class="card-body stack" data-testid="two-step">
            <div class="row-between">
                <div class="row">
                    <span class="setting-label">"Status"</span>
                    {move || {
                        if enabled() {
                            view! { <span class="status-pill status-pill-ok" data-testid="two-step-state">"On"</span> }
                                .into_any()
                        } else {
                            view! { <span class="status-pill status-pill-warn" data-testid="two-step-state">"Off"</span> }
                                .into_any()
                        }
                    }}
                </div>
                <Show when=move || matches!(stage.get(), Stage::Overview)>
                    {move || {
                        if enabled() {
                            view! {
                                <button type="button" class="btn btn-secondary" on:click=move |_| {
                                    stage.set(Stage::Prove(false));
                                    focus(PASSWORD_ID);
                                }>"Turn off"</button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <button type="button" class="btn btn-primary" on:click=move |_| {
                                    stage.set(Stage::Prove(true));
                                    focus(PASSWORD_ID);
                                }>"Turn on two-step login"</button>
                            }
                                .into_any()
                        }
                    }}
                </Show>
            </div>
            {move || match stage.get() {
                Stage::Overview => EitherOf4::A(view! {
                    <p class="muted">
                        {move || if enabled() {
                            "Signing in asks for a code from your authenticator app. Keep your recovery code somewhere safe: it is the way in without the app."
                        } else {
                            "Without it, your master password alone opens your account. With it, a stolen password is not enough."
                        }}
                    </p>
                }),
                Stage::Prove(turn_on) => EitherOf4::B(view! { <ProveForm turn_on=turn_on stage=stage /> }),
                Stage::Enrolling(enrollment) => EitherOf4::C(view! { <EnrollForm enrollment=enrollment stage=stage /> }),
                Stage::Recovery(code) => EitherOf4::D(view! { <RecoveryCode code=code stage=stage /> }),
            }}
        </div>
    }
}

/// The master password, before turning two-step login on or off.
#[component]
fn ProveForm(turn_on: bool, stage: RwSignal<Stage>) -> impl IntoView {
    let session = use_session();
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let pw = password.get_untracked();
        let Some(account) = session.account_untracked() else { return };
        if pw.is_empty() {
            errors.set_field("auth_hash", "Enter your master password.");
            focus(PASSWORD_ID);
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let proof = kdf::prove_master_password(&pw, &account).await;
            drop(pw);
            let auth_hash = match proof {
                Ok(h) => h,
                Err(e) => {
                    set_busy.set(false);
                    if e == KeyError::WrongPassword {
                        errors.set_field("auth_hash", e.message());
                        focus(PASSWORD_ID);
                    } else {
                        errors.set_alert(e.message());
                    }
                    return;
                }
            };
            if turn_on {
                match api::accounts::start_totp(auth_hash).await {
                    Ok(enrollment) => {
                        stage.set(Stage::Enrolling(enrollment));
                        focus(CODE_ID);
                    }
                    Err(e) => {
                        set_busy.set(false);
                        if e.status() == Some(409) {
                            // Already on (another device): show the real state.
                            refresh_account(session).await;
                        }
                        errors.show(&e, &["auth_hash"]);
                    }
                }
            } else {
                match api::accounts::disable_totp(auth_hash).await {
                    Ok(()) => {
                        refresh_account(session).await;
                        stage.set(Stage::Overview);
                    }
                    Err(e) => {
                        set_busy.set(false);
                        errors.show(&e, &["auth_hash"]);
                    }
                }
            }
        });
    };

    view! {
        <form class="form subform" novalidate on:submit=submit>
            <p class="subform-title">
                {if turn_on {
                    "Confirm with your master password to set up an authenticator app."
                } else {
                    "Confirm with your master password to turn two-step login off."
                }}
            </p>
            <FormAlertView errors=errors />
            <PasswordField
                id=PASSWORD_ID
                label="Master password"
                value=password
                autocomplete="current-password"
                error=errors.field("auth_hash")
                autofocus=true
                on_change=Callback::new(move |()| errors.clear_field("auth_hash"))
            />
            <Show when=move || busy.get()>
                <KdfProgress label="Checking your master password…" />
            </Show>
            <div class="form-actions">
                <SubmitButton
                    label=if turn_on { "Continue" } else { "Turn off two-step login" }
                    busy_label="Checking…"
                    busy=busy
                    class=if turn_on { "btn btn-primary" } else { "btn btn-danger" }
                />
                <button type="button" class="btn btn-secondary" on:click=move |_| stage.set(Stage::Overview)>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

/// The secret as a QR code and as text, and the code that proves the app has it.
#[component]
fn EnrollForm(enrollment: TotpEnrollment, stage: RwSignal<Stage>) -> impl IntoView {
    let session = use_session();
    let code = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let grouped = group(&enrollment.secret);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let value: String = code.get_untracked().chars().filter(|c| !c.is_whitespace()).collect();
        if value.len() != 6 || !value.chars().all(|c| c.is_ascii_digit()) {
            errors.set_field("code", "Enter the 6-digit code your app shows now.");
            focus(CODE_ID);
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            match api::accounts::confirm_totp(value).await {
                Ok(enabled) => {
                    refresh_account(session).await;
                    stage.set(Stage::Recovery(enabled.recovery_code));
                }
                Err(e) => {
                    set_busy.set(false);
                    errors.show(&e, &["code"]);
                    focus(CODE_ID);
                }
            }
        });
    };

    view! {
        <div class="subform enroll">
            <ol class="steps">
                <li>
                    <p class="step-title">"Scan this QR code with your authenticator app"</p>
                    <p class="muted">"For example Microsoft Authenticator, Google Authenticator, 1Password or Authy."</p>
                    <div class="enroll-secret">
                        <div class="qr-frame">
                            <QrCodeSvg data=enrollment.otpauth_uri.clone() label="QR code of your two-step login key" />
                        </div>
                        <div class="enroll-manual">
                            <p class="fingerprint-label" id="totp-secret-label">"Can't scan it? Enter this key:"</p>
                            <p
                                class="secret-text"
                                aria-labelledby="totp-secret-label"
                                data-testid="totp-secret"
                                data-secret=enrollment.secret.clone()
                            >
                                {grouped}
                            </p>
                            <CopyButton text=enrollment.secret.clone() what="key" />
                        </div>
                    </div>
                </li>
                <li>
                    <p class="step-title">"Enter the 6-digit code the app shows"</p>
                    <form class="form" novalidate on:submit=submit>
                        <FormAlertView errors=errors />
                        <TextField
                            id=CODE_ID
                            label="Code from the app"
                            value=code
                            autocomplete="one-time-code"
                            inputmode="numeric"
                            placeholder="123456"
                            maxlength=6
                            class="input-code"
                            error=errors.field("code")
                            on_change=Callback::new(move |()| errors.clear_field("code"))
                        />
                        <div class="form-actions">
                            <SubmitButton label="Turn on" busy_label="Checking…" busy=busy />
                            <button type="button" class="btn btn-secondary" on:click=move |_| stage.set(Stage::Overview)>
                                "Cancel"
                            </button>
                        </div>
                    </form>
                </li>
            </ol>
        </div>
    }
}

/// The recovery code, shown once.
#[component]
fn RecoveryCode(code: String, stage: RwSignal<Stage>) -> impl IntoView {
    view! {
        <div class="subform">
            <div class="notice notice-success" role="status">
                <div class="notice-body">
                    <p class="notice-title">"Two-step login is on."</p>
                    <p class="notice-detail">"From your next sign-in, you will be asked for a code from your app."</p>
                </div>
            </div>
            <div class="recovery">
                <p class="fingerprint-label" id="recovery-label">"Your recovery code"</p>
                <p class="recovery-code" aria-labelledby="recovery-label" data-testid="recovery-code">{code.clone()}</p>
                <CopyButton text=code what="recovery code" />
            </div>
            <p class="muted">
                "Save it now, somewhere other than this device (a printed copy, or another password manager). It is shown only "
                "this once. It signs you in without your app, and then turns two-step login off."
            </p>
            <div class="form-actions">
                <button type="button" class="btn btn-primary" on:click=move |_| stage.set(Stage::Overview)>
                    "I have saved it"
                </button>
            </div>
        </div>
    }
}

/// The secret in groups of four, for reading and typing.
fn group(secret: &str) -> String {
    secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// Reloads the account into the session (two-step status changed).
async fn refresh_account(session: Session) {
    if let Ok(account) = api::accounts::get_me().await {
        session.set_account(account);
    }
}
