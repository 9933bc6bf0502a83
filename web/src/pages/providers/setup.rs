//! `/providers/{id}/setup`: the invited first Provider Admin finishes a pending provider's setup.
//! The provider key is made here, in the browser, and wrapped to this admin's own public key
//! (docs/crypto.md, sections 8 and 11.3): the server stores only that wrapped copy.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_shared::client::ClientError;
use portal_shared::crypto::{WrappedKey, context};
use portal_shared::providers::{Provider, ProviderSetup};
use portal_shared::validation::is_email;

use crate::api;
use crate::components::form::{FormAlertView, FormErrors, SubmitButton, TextField};
use crate::components::icons::{KeyIcon, LockIcon, UsersIcon};
use crate::components::require_session::RequireUnlocked;
use crate::session::{go_to, use_session};

const BILLING_ID: &str = "setup-billing-email";
/// Where the provider of an accepted invitation waits for its setup (this tab only; a name and
/// an id, nothing secret), so the setup page can name it after a reload.
const PENDING_KEY: &str = "provider-portal.pending-setup";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Remembers the provider whose invitation was just accepted, for its setup page.
pub fn remember_pending_setup(provider: &Provider) {
    if let (Some(storage), Ok(json)) = (session_storage(), serde_json::to_string(provider)) {
        let _ = storage.set_item(PENDING_KEY, &json);
    }
}

/// The remembered provider, if it is `id`.
fn pending_setup(id: &str) -> Option<Provider> {
    let json = session_storage()?.get_item(PENDING_KEY).ok().flatten()?;
    serde_json::from_str::<Provider>(&json).ok().filter(|p| p.id == id)
}

fn forget_pending_setup() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(PENDING_KEY);
    }
}

/// The setup page, for an unlocked session (the keys are needed to wrap the provider key).
#[component]
pub fn ProviderSetupPage() -> impl IntoView {
    view! {
        <RequireUnlocked>
            <ProviderSetupForm />
        </RequireUnlocked>
    }
}

/// Why the setup stopped, when it is not a field's fault.
#[derive(Clone)]
enum Blocked {
    /// The setup was finished already (perhaps by this very person, a moment ago).
    AlreadyDone,
    /// Not this person's to finish, or no such provider.
    NotYours(&'static str),
}

#[component]
fn ProviderSetupForm() -> impl IntoView {
    let session = use_session();
    let id = use_params_map().with_untracked(|p| p.get("id")).unwrap_or_default();
    let pending = pending_setup(&id);
    let name = pending.as_ref().map(|p| p.name.clone());
    let id = StoredValue::new(id);
    let billing = RwSignal::new(
        pending
            .as_ref()
            .and_then(|p| p.billing_email.clone())
            .or_else(|| session.account_untracked().map(|a| a.email))
            .unwrap_or_default(),
    );
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let blocked = RwSignal::new(None::<Blocked>);
    let title = match &name {
        Some(n) => format!("Set up {n}"),
        None => "Set up your provider".to_owned(),
    };
    let who = name.clone().unwrap_or_else(|| "this provider".into());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let billing_email = billing.get_untracked().trim().to_owned();
        if billing_email.is_empty() {
            errors.set_field("billing_email", "Enter the address where invoices should go.");
        } else if !is_email(&billing_email) {
            errors.set_field("billing_email", "Enter an email address like billing@example.com.");
        }
        if errors.focus_first(&[("billing_email", BILLING_ID)]) {
            return;
        }
        // The provider key: made here, wrapped to this person's own public key, checked by
        // opening it again, and dropped (zeroized) when this block ends.
        let wrapped = session.with_keys(|keys| {
            let key = portal_shared::crypto::SymmetricKey::generate().map_err(|e| e.to_string())?;
            let wrapped =
                WrappedKey::seal(keys.public_key(), &key, context::PROVIDER_KEY).map_err(|e| e.to_string())?;
            match keys.open_provider_key(&wrapped) {
                Ok(opened) if opened == key => Ok(wrapped.to_string()),
                _ => Err("the new key did not open with your own key".to_owned()),
            }
        });
        let wrapped_provider_key = match wrapped {
            Some(Ok(w)) => w,
            Some(Err(reason)) => {
                errors.set_alert(format!("The provider key could not be made in this browser: {reason}."));
                return;
            }
            // Locked meanwhile: the page gives way to the unlock card.
            None => return,
        };
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let provider_id = id.get_value();
            let result = api::providers::setup_provider(
                provider_id.clone(),
                ProviderSetup { billing_email, wrapped_provider_key },
            )
            .await;
            set_busy.set(false);
            match result {
                Ok(provider) => {
                    forget_pending_setup();
                    session.set_notice(format!(
                        "{} is set up. Its provider key is stored encrypted to your key only.",
                        provider.name
                    ));
                    go_to(&format!("/providers/{}", provider.id));
                }
                Err(e) => match e.status() {
                    Some(409) => {
                        forget_pending_setup();
                        blocked.set(Some(Blocked::AlreadyDone));
                    }
                    Some(403) => blocked.set(Some(Blocked::NotYours(
                        "Only the person invited as this provider's first admin can finish its setup.",
                    ))),
                    Some(404) => blocked.set(Some(Blocked::NotYours(
                        "This provider was not found, or its invitation has not been accepted with this account. Open the link in the invitation email again.",
                    ))),
                    _ => show_error(errors, &e),
                },
            }
        });
    };

    view! {
        <Title text=title.clone() />
        <div class="container setup">
            <header class="page-header">
                <div>
                    <p class="eyebrow">"Provider setup"</p>
                    <h1 class="page-title">{title}</h1>
                    <p class="muted">"You were invited as the first Provider Admin. One step is left: creating the provider's key."</p>
                </div>
            </header>
            <section class="card" aria-labelledby="setup-how">
                <div class="card-header">
                    <h2 class="card-title" id="setup-how">"What happens when you finish"</h2>
                </div>
                <div class="card-body">
                    <ul class="explain-list">
                        <li>
                            <span class="explain-icon"><KeyIcon /></span>
                            <div>
                                <p class="explain-title">"A provider key is created in this browser"</p>
                                <p class="muted">
                                    {format!("A random key that will protect the keys of every client organization of {who}.")}
                                </p>
                            </div>
                        </li>
                        <li>
                            <span class="explain-icon"><LockIcon /></span>
                            <div>
                                <p class="explain-title">"It is only ever stored encrypted"</p>
                                <p class="muted">
                                    "It is encrypted to your own account key, which only your master password opens. "
                                    "The server keeps that encrypted copy and never sees the key itself."
                                </p>
                            </div>
                        </li>
                        <li>
                            <span class="explain-icon"><UsersIcon /></span>
                            <div>
                                <p class="explain-title">"You hand it to your colleagues"</p>
                                <p class="muted">
                                    "When you confirm a Provider Admin or Service User, your browser encrypts the provider key to their account key."
                                </p>
                            </div>
                        </li>
                    </ul>
                </div>
                <div class="card-footer card-footer-form">
                    {move || match blocked.get() {
                        None => Either::Left(view! {
                            <form class="form form-narrow" novalidate on:submit=submit>
                                <FormAlertView errors=errors />
                                <TextField
                                    id=BILLING_ID
                                    label="Billing email"
                                    value=billing
                                    input_type="email"
                                    autocomplete="email"
                                    inputmode="email"
                                    hint="Invoices and billing notices for this provider go here. You can change it later in the provider's settings."
                                    error=errors.field("billing_email")
                                    autofocus=true
                                    on_change=Callback::new(move |()| errors.clear_field("billing_email"))
                                />
                                <div class="form-actions">
                                    <SubmitButton label="Create the provider key and finish" busy_label="Finishing the setup…" busy=busy />
                                </div>
                            </form>
                        }),
                        Some(b) => Either::Right(view! { <BlockedNotice blocked=b id=id.get_value() /> }),
                    }}
                </div>
            </section>
        </div>
    }
}

/// A failed call: field errors by the field, the rest as the form's alert.
fn show_error(errors: FormErrors, e: &ClientError) {
    errors.show(e, &["billing_email"]);
    errors.focus_first(&[("billing_email", BILLING_ID)]);
}

/// Why the setup cannot go on here, and where to go instead.
#[component]
fn BlockedNotice(blocked: Blocked, id: String) -> impl IntoView {
    match blocked {
        Blocked::AlreadyDone => Either::Left(view! {
            <div class="notice notice-info" role="status">
                <div class="notice-body">
                    <p class="notice-title">"This provider is already set up"</p>
                    <p class="notice-detail">"Its key exists; nothing more to do here."</p>
                    <div class="notice-actions">
                        <A href=format!("/providers/{id}") attr:class="btn btn-primary btn-sm">"Open the provider"</A>
                    </div>
                </div>
            </div>
        }),
        Blocked::NotYours(reason) => Either::Right(view! {
            <div class="notice notice-error" role="alert">
                <div class="notice-body">
                    <p class="notice-title">"The setup cannot be finished with this account"</p>
                    <p class="notice-detail">{reason}</p>
                    <div class="notice-actions">
                        <A href="/" attr:class="btn btn-secondary btn-sm">"Go to the home page"</A>
                    </div>
                </div>
            </div>
        }),
    }
}
