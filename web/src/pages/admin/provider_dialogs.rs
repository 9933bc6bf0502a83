//! The dialogs of the providers page: create a provider (and invite its first admin), edit one,
//! and confirm disabling one.

use leptos::prelude::*;
use portal_shared::providers::{CreateProvider, PROVIDER_NAME_MAX, Provider, ProviderType, UpdateProvider};
use portal_shared::validation::is_email;

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::components::form::{FormAlertView, FormErrors, SubmitButton, TextField};
use crate::components::modal::{Modal, ModalActions};
use crate::pages::providers::settings::TypeSelect;

const NEW_NAME: &str = "new-provider-name";
const NEW_TYPE: &str = "new-provider-type";
const NEW_BILLING: &str = "new-provider-billing";
const NEW_ADMIN: &str = "new-provider-admin";
const NEW_ORDER: [(&str, &str); 4] =
    [("name", NEW_NAME), ("type", NEW_TYPE), ("billing_email", NEW_BILLING), ("admin_email", NEW_ADMIN)];

const EDIT_NAME: &str = "edit-provider-name";
const EDIT_TYPE: &str = "edit-provider-type";
const EDIT_BILLING: &str = "edit-provider-billing";
const EDIT_ORDER: [(&str, &str); 3] = [("name", EDIT_NAME), ("type", EDIT_TYPE), ("billing_email", EDIT_BILLING)];

/// Checks a provider name; the message for its field, if wrong.
fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("Enter the provider's name.".into())
    } else if name.chars().count() > PROVIDER_NAME_MAX {
        Some(format!("Use at most {PROVIDER_NAME_MAX} characters."))
    } else {
        None
    }
}

/// "New provider": name, type, billing email (optional) and the first admin's email.
#[component]
pub fn NewProviderDialog(
    /// Closes the dialog without creating anything.
    on_close: Callback<()>,
    /// Called with the new provider and the invited address.
    on_created: Callback<(Provider, String)>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(ProviderType::Msp);
    let billing = RwSignal::new(String::new());
    let admin = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    // Created, with an invitation link to hand over (the server sends no mail).
    let created = RwSignal::new(None::<(Provider, String)>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let request = CreateProvider {
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            billing_email: Some(billing.get_untracked().trim().to_owned()).filter(|b| !b.is_empty()),
            admin_email: admin.get_untracked().trim().to_owned(),
        };
        if let Some(problem) = name_problem(&request.name) {
            errors.set_field("name", problem);
        }
        if request.billing_email.as_deref().is_some_and(|b| !is_email(b)) {
            errors.set_field("billing_email", "Enter an email address like billing@example.com, or leave it empty.");
        }
        if request.admin_email.is_empty() {
            errors.set_field("admin_email", "Enter the email address of the person who sets up this provider.");
        } else if !is_email(&request.admin_email) {
            errors.set_field("admin_email", "Enter an email address like name@example.com.");
        }
        if errors.focus_first(&NEW_ORDER) {
            return;
        }
        set_busy.set(true);
        let invited = request.admin_email.clone();
        leptos::task::spawn_local(async move {
            let result = api::providers::create_provider(request).await;
            set_busy.set(false);
            match result {
                // Without a mail relay the server hands the link over to be passed on by hand.
                Ok(provider) if provider.invitation_link.is_some() => created.set(Some((provider, invited))),
                Ok(provider) => on_created.run((provider, invited)),
                Err(e) => {
                    errors.show(&e, &["name", "type", "billing_email", "admin_email"]);
                    errors.focus_first(&NEW_ORDER);
                }
            }
        });
    };

    let finish = Callback::new(move |()| {
        if let Some(done) = created.get_untracked() {
            on_created.run(done);
        }
    });
    let title = Signal::derive(move || match created.get() {
        Some((p, _)) => format!("{} was created", p.name),
        None => "New provider".into(),
    });
    let description = Signal::derive(move || {
        let text = match created.get() {
            Some(_) => "This server sends no mail (no SMTP relay is configured), so the invitation was not emailed.",
            None => {
                "The provider starts as pending. Its first admin gets an invitation by email and finishes the setup, \
                 which creates the provider's key in their browser."
            }
        };
        text.to_owned()
    });

    view! {
        <Modal id="new-provider" title=title description=description on_close=Callback::new(move |()| {
            if created.get_untracked().is_some() { finish.run(()) } else { on_close.run(()) }
        }) busy=busy>
            {move || created.get().map(|(provider, invited)| view! {
                <InvitationLink link=provider.invitation_link.clone().unwrap_or_default() invited=invited on_done=finish />
            })}
            <form class="form" novalidate on:submit=submit hidden=move || created.with(Option::is_some)>
                <FormAlertView errors=errors />
                <TextField
                    id=NEW_NAME
                    label="Name"
                    value=name
                    autocomplete="off"
                    placeholder="Acme IT Services"
                    maxlength=PROVIDER_NAME_MAX as u32
                    error=errors.field("name")
                    autofocus=true
                    on_change=Callback::new(move |()| errors.clear_field("name"))
                />
                <TypeSelect id=NEW_TYPE value=kind error=errors.field("type") />
                <TextField
                    id=NEW_ADMIN
                    label="First admin's email"
                    value=admin
                    input_type="email"
                    autocomplete="off"
                    inputmode="email"
                    placeholder="admin@example.com"
                    hint="This person receives the invitation and becomes the provider's first Provider Admin."
                    error=errors.field("admin_email")
                    on_change=Callback::new(move |()| errors.clear_field("admin_email"))
                />
                <TextField
                    id=NEW_BILLING
                    label="Billing email (optional)"
                    value=billing
                    input_type="email"
                    autocomplete="off"
                    inputmode="email"
                    hint="The first admin confirms or changes it during the setup."
                    error=errors.field("billing_email")
                    on_change=Callback::new(move |()| errors.clear_field("billing_email"))
                />
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Create and invite" busy_label="Creating…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// The invitation link of a provider just created, to pass on by hand.
#[component]
fn InvitationLink(link: String, invited: String, on_done: Callback<()>) -> impl IntoView {
    view! {
        <div class="stack" data-testid="invitation-link">
            <p class="small">
                "Send this link to " <strong>{invited}</strong>
                " yourself. It works once, for 7 days, and only for an account with that address."
            </p>
            <div class="link-box">
                <code class="link-text">{link.clone()}</code>
                <CopyButton text=link what="invitation link" />
            </div>
            <div class="modal-actions">
                <button type="button" class="btn btn-primary" autofocus on:click=move |_| on_done.run(())>
                    "Done"
                </button>
            </div>
        </div>
    }
}

/// "Edit provider": name, type and billing email.
#[component]
pub fn EditProviderDialog(
    /// The provider as shown.
    provider: Provider,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called with the saved provider.
    on_saved: Callback<Provider>,
) -> impl IntoView {
    let original = StoredValue::new(provider.clone());
    let name = RwSignal::new(provider.name.clone());
    let kind = RwSignal::new(provider.kind);
    let billing = RwSignal::new(provider.billing_email.clone().unwrap_or_default());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let current = original.get_value();
        let new_name = name.get_untracked().trim().to_owned();
        let new_billing = billing.get_untracked().trim().to_owned();
        if let Some(problem) = name_problem(&new_name) {
            errors.set_field("name", problem);
        }
        if new_billing.is_empty() && current.billing_email.is_some() {
            errors.set_field("billing_email", "Enter a billing email. It can be changed, not removed.");
        } else if !new_billing.is_empty() && !is_email(&new_billing) {
            errors.set_field("billing_email", "Enter an email address like billing@example.com.");
        }
        if errors.focus_first(&EDIT_ORDER) {
            return;
        }
        let patch = UpdateProvider {
            name: (new_name != current.name).then_some(new_name),
            kind: (kind.get_untracked() != current.kind).then(|| kind.get_untracked()),
            billing_email: (!new_billing.is_empty() && Some(&new_billing) != current.billing_email.as_ref())
                .then_some(new_billing),
        };
        if patch == UpdateProvider::default() {
            on_close.run(());
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::providers::update_provider(current.id.clone(), patch).await;
            set_busy.set(false);
            match result {
                Ok(saved) => on_saved.run(saved),
                Err(e) => {
                    errors.show(&e, &["name", "type", "billing_email"]);
                    errors.focus_first(&EDIT_ORDER);
                }
            }
        });
    };

    view! {
        <Modal id="edit-provider" title=format!("Edit {}", provider.name) on_close=on_close busy=busy>
            <form class="form" novalidate on:submit=submit>
                <FormAlertView errors=errors />
                <TextField
                    id=EDIT_NAME
                    label="Name"
                    value=name
                    autocomplete="off"
                    maxlength=PROVIDER_NAME_MAX as u32
                    error=errors.field("name")
                    autofocus=true
                    on_change=Callback::new(move |()| errors.clear_field("name"))
                />
                <TypeSelect id=EDIT_TYPE value=kind error=errors.field("type") />
                <TextField
                    id=EDIT_BILLING
                    label="Billing email"
                    value=billing
                    input_type="email"
                    autocomplete="off"
                    inputmode="email"
                    error=errors.field("billing_email")
                    on_change=Callback::new(move |()| errors.clear_field("billing_email"))
                />
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Save changes" busy_label="Saving…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// "Disable provider?": what it does, and that nothing is deleted.
#[component]
pub fn DisableProviderDialog(
    /// The provider to disable.
    provider: Provider,
    /// Closes the dialog without disabling.
    on_close: Callback<()>,
    /// Called with the disabled provider.
    on_disabled: Callback<Provider>,
) -> impl IntoView {
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let id = StoredValue::new(provider.id.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::providers::disable_provider(id.get_value()).await;
            set_busy.set(false);
            match result {
                Ok(p) => on_disabled.run(p),
                Err(e) => errors.show(&e, &[]),
            }
        });
    };
    view! {
        <Modal id="disable-provider" title=format!("Disable {}?", provider.name) on_close=on_close busy=busy tone="modal-danger">
            <form class="form" novalidate on:submit=submit>
                <ul class="consequences">
                    <li>
                        <strong>"Its users lose access at once"</strong>
                        " to the provider and to all of its client organizations, from every device."
                    </li>
                    <li>
                        <strong>"Nothing is deleted."</strong>
                        " The provider, its users, clients and their vaults stay exactly as they are."
                    </li>
                    <li>
                        <strong>"You can enable it again"</strong>
                        " at any time; its users then get their access back."
                    </li>
                </ul>
                <FormAlertView errors=errors />
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Disable provider" busy_label="Disabling…" busy=busy class="btn btn-danger" />
                </ModalActions>
            </form>
        </Modal>
    }
}
