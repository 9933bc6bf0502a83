//! `/providers/{id}/settings`: the provider's name and billing email (its Provider Admins and
//! instance administrators), and its type (instance administrators only). A Service User may read
//! them; the API refuses their changes with 403, and the form then turns read-only and says why.

use leptos::prelude::*;
use leptos_meta::Title;
use portal_shared::providers::{PROVIDER_NAME_MAX, ProviderType, UpdateProvider};
use portal_shared::validation::is_email;

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::components::form::{FormAlertView, FormErrors, SubmitButton, TextField};
use crate::format;
use crate::pages::providers::use_provider;
use crate::session::use_session;
use crate::visit_cache;

const NAME_ID: &str = "provider-settings-name";
const BILLING_ID: &str = "provider-settings-billing";
const TYPE_ID: &str = "provider-settings-type";
const ORDER: [(&str, &str); 3] = [("name", NAME_ID), ("type", TYPE_ID), ("billing_email", BILLING_ID)];

/// The provider types, in the order offered.
pub const PROVIDER_TYPES: [ProviderType; 3] = [ProviderType::Msp, ProviderType::Reseller, ProviderType::BusinessUnit];

/// The settings page of the provider area.
#[component]
pub fn ProviderSettings() -> impl IntoView {
    let ctx = use_provider()?;
    let session = use_session();
    let provider = ctx.provider;
    let initial = provider.get_untracked();
    let name = RwSignal::new(initial.name.clone());
    let billing = RwSignal::new(initial.billing_email.clone().unwrap_or_default());
    let kind = RwSignal::new(initial.kind);
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let saved = RwSignal::new(None::<String>);
    // Set when the API said this account may not change the settings.
    let read_only = RwSignal::new(false);
    let can_change_type = Memo::new(move |_| session.is_instance_admin());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || read_only.get_untracked() {
            return;
        }
        errors.clear();
        saved.set(None);
        let current = provider.get_untracked();
        let new_name = name.get_untracked().trim().to_owned();
        let new_billing = billing.get_untracked().trim().to_owned();
        if new_name.is_empty() {
            errors.set_field("name", "Enter the provider's name.");
        } else if new_name.chars().count() > PROVIDER_NAME_MAX {
            errors.set_field("name", format!("Use at most {PROVIDER_NAME_MAX} characters."));
        }
        if new_billing.is_empty() && current.billing_email.is_some() {
            errors.set_field("billing_email", "Enter a billing email. It can be changed, not removed.");
        } else if !new_billing.is_empty() && !is_email(&new_billing) {
            errors.set_field("billing_email", "Enter an email address like billing@example.com.");
        }
        if errors.focus_first(&ORDER) {
            return;
        }
        let patch = UpdateProvider {
            name: (new_name != current.name).then_some(new_name),
            kind: (can_change_type.get_untracked() && kind.get_untracked() != current.kind)
                .then(|| kind.get_untracked()),
            billing_email: (!new_billing.is_empty() && Some(&new_billing) != current.billing_email.as_ref())
                .then_some(new_billing),
        };
        if patch == UpdateProvider::default() {
            saved.set(Some("Nothing to save: no changes.".into()));
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::providers::update_provider(current.id.clone(), patch).await;
            set_busy.set(false);
            match result {
                Ok(updated) => {
                    name.set(updated.name.clone());
                    billing.set(updated.billing_email.clone().unwrap_or_default());
                    kind.set(updated.kind);
                    provider.set(updated);
                    visit_cache::forget_all();
                    saved.set(Some("Saved.".into()));
                }
                Err(e) if e.status() == Some(403) => read_only.set(true),
                Err(e) => {
                    errors.show(&e, &["name", "type", "billing_email"]);
                    errors.focus_first(&ORDER);
                }
            }
        });
    };
    let clear = move |field: &'static str| {
        Callback::new(move |()| {
            errors.clear_field(field);
            saved.set(None);
        })
    };

    Some(view! {
        <Title text=move || format!("Settings · {}", provider.with(|p| p.name.clone())) />
        <div class="provider-settings">
            <section class="settings-section" aria-labelledby="provider-details-title">
                <div class="settings-section-intro">
                    <h2 class="settings-section-title" id="provider-details-title">"Provider details"</h2>
                    <p class="muted">
                        "The name clients and colleagues see, and where invoices go. Provider Admins can change them."
                    </p>
                </div>
                <div class="card settings-card">
                    <form class="form card-body" novalidate on:submit=submit data-testid="provider-settings-form">
                        <Show when=move || read_only.get()>
                            <div class="notice notice-warning" role="alert" data-testid="settings-forbidden">
                                <div class="notice-body">
                                    <p class="notice-title">"Only Provider Admins can change these settings"</p>
                                    <p class="notice-detail">
                                        "Your account can see them but not change them. Ask a Provider Admin of this provider to make the change."
                                    </p>
                                </div>
                            </div>
                        </Show>
                        <FormAlertView errors=errors />
                        <fieldset class="fieldset" disabled=move || read_only.get()>
                            <legend class="visually-hidden">"Provider details"</legend>
                            <TextField
                                id=NAME_ID
                                label="Name"
                                value=name
                                autocomplete="organization"
                                maxlength=PROVIDER_NAME_MAX as u32
                                error=errors.field("name")
                                on_change=clear("name")
                            />
                            <Show
                                when=move || can_change_type.get()
                                fallback=move || view! {
                                    <div class="field">
                                        <span class="field-label">"Type"</span>
                                        <p class="field-static">{move || provider.with(|p| p.kind.label())}</p>
                                        <p class="field-hint">"Set by the instance administrator."</p>
                                    </div>
                                }
                            >
                                <TypeSelect id=TYPE_ID value=kind error=errors.field("type") on_change=clear("type") />
                            </Show>
                            <TextField
                                id=BILLING_ID
                                label="Billing email"
                                value=billing
                                input_type="email"
                                autocomplete="email"
                                inputmode="email"
                                hint="Invoices and billing notices go here."
                                error=errors.field("billing_email")
                                on_change=clear("billing_email")
                            />
                        </fieldset>
                        <Show when=move || !read_only.get()>
                            <div class="form-actions">
                                <SubmitButton label="Save changes" busy_label="Saving…" busy=busy />
                                <p class="form-success" role="status">{move || saved.get()}</p>
                            </div>
                        </Show>
                    </form>
                </div>
            </section>
            <section class="settings-section" aria-labelledby="provider-facts-title">
                <div class="settings-section-intro">
                    <h2 class="settings-section-title" id="provider-facts-title">"About this provider"</h2>
                    <p class="muted">"For integrations and support requests: the API names the provider by this id."</p>
                </div>
                <div class="card settings-card card-body">
                    <dl class="kv">
                        <div class="kv-row">
                            <dt>"Provider id"</dt>
                            <dd class="kv-text kv-actions">
                                <code data-testid="provider-id">{move || provider.with(|p| p.id.clone())}</code>
                                <CopyButton text=provider.with_untracked(|p| p.id.clone()) what="provider id" />
                            </dd>
                        </div>
                        <div class="kv-row">
                            <dt>"Created"</dt>
                            <dd>{move || provider.with(|p| format::date_time(&p.created_at))}</dd>
                        </div>
                        <div class="kv-row">
                            <dt>"Last changed"</dt>
                            <dd>{move || provider.with(|p| format::date_time(&p.updated_at))}</dd>
                        </div>
                    </dl>
                </div>
            </section>
        </div>
    })
}

/// A labelled select of the provider types.
#[component]
pub fn TypeSelect(
    /// The select's id.
    id: &'static str,
    /// The chosen type.
    value: RwSignal<ProviderType>,
    /// The error to show.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// Called when the choice changes.
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id>"Type"</label>
            <select
                id=id
                name=id
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                on:change=move |ev| {
                    if let Some(kind) = ProviderType::parse(&event_target_value(&ev)) {
                        value.set(kind);
                    }
                    if let Some(cb) = on_change {
                        cb.run(());
                    }
                }
            >
                {PROVIDER_TYPES
                    .into_iter()
                    .map(|t| view! { <option value=t.as_str() selected=move || value.get() == t>{t.label()}</option> })
                    .collect_view()}
            </select>
            <crate::components::form::FieldMessage id=error_id error=error />
        </div>
    }
}
