//! The dialogs of the provider's Clients page: create a client (its organization key is made
//! here and encrypted with the provider key), attach one of the caller's own organizations
//! (its key is opened here and encrypted with the provider key), detach a client, and change a
//! client's name, plan and seats. Only encrypted keys leave the browser (docs/crypto.md).

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::components::A;
use portal_shared::clients::{
    AttachClient, Client, ClientStatus, CreateClient, ORGANIZATION_NAME_MAX, Plan, UpdateClient,
};
use portal_shared::crypto::{EncString, SymmetricKey, UserKeys, WrappedKey, context};
use portal_shared::organizations::{MemberStatus, MemberType, Organization, OrganizationQuery};
use portal_shared::validation::is_email;

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::components::error_notice::ErrorNotice;
use crate::components::form::{FormAlertView, FormErrors, SubmitButton, TextField};
use crate::components::modal::{Modal, ModalActions};
use crate::components::organization_parts::{PlanSelect, SeatBar, SeatsField, name_problem, plan_label, seats_value};
use crate::session::use_session;

const NEW_NAME: &str = "new-client-name";
const NEW_BILLING: &str = "new-client-billing";
const NEW_PLAN: &str = "new-client-plan";
const NEW_SEATS: &str = "new-client-seats";
const NEW_OWNER: &str = "new-client-owner";
const NEW_ORDER: [(&str, &str); 5] = [
    ("name", NEW_NAME),
    ("billing_email", NEW_BILLING),
    ("plan", NEW_PLAN),
    ("seats", NEW_SEATS),
    ("owner_email", NEW_OWNER),
];

const EDIT_NAME: &str = "edit-client-name";
const EDIT_PLAN: &str = "edit-client-plan";
const EDIT_SEATS: &str = "edit-client-seats";
const EDIT_ORDER: [(&str, &str); 3] = [("name", EDIT_NAME), ("plan", EDIT_PLAN), ("seats", EDIT_SEATS)];

/// Opens the caller's copy of the provider key and hands it to `f`; the key is dropped (zeroized)
/// when this returns.
fn with_provider_key<R>(
    keys: &UserKeys,
    wrapped_provider_key: Option<&str>,
    f: impl FnOnce(&SymmetricKey) -> Result<R, String>,
) -> Result<R, String> {
    let wrapped = wrapped_provider_key
        .ok_or("your account holds no copy of the provider key yet (a Provider Admin confirms you first)")?;
    let wrapped: WrappedKey = wrapped.parse().map_err(|_| "your copy of the provider key is not in a known format")?;
    let provider_key = keys
        .open_provider_key(&wrapped)
        .map_err(|_| "your copy of the provider key does not open with your account key")?;
    f(&provider_key)
}

/// Encrypts `org_key` with the provider key and checks that it decrypts back.
fn encrypt_for_provider(provider_key: &SymmetricKey, org_key: &SymmetricKey) -> Result<String, String> {
    let enc = EncString::encrypt_key(provider_key, org_key, context::ORGANIZATION_KEY).map_err(|e| e.to_string())?;
    match enc.decrypt_key(provider_key, context::ORGANIZATION_KEY) {
        Ok(back) if &back == org_key => Ok(enc.to_string()),
        _ => Err("the encrypted organization key did not decrypt back".into()),
    }
}

/// "New client": name, billing email, plan, seats and the Owner's email.
#[component]
pub fn NewClientDialog(
    /// The provider.
    provider_id: String,
    /// The caller's provider key, wrapped to their public key.
    wrapped_provider_key: Option<String>,
    /// Closes the dialog without creating anything.
    on_close: Callback<()>,
    /// Called with the new client and the invited Owner's address.
    on_created: Callback<(Client, String)>,
) -> impl IntoView {
    let session = use_session();
    let provider_id = StoredValue::new(provider_id);
    let wrapped_provider_key = StoredValue::new(wrapped_provider_key);
    let name = RwSignal::new(String::new());
    let billing = RwSignal::new(String::new());
    let plan = RwSignal::new(Plan::Teams);
    let seats = RwSignal::new("10".to_owned());
    let unlimited = RwSignal::new(false);
    let owner = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    // Created, with an invitation link to hand over (the server sends no mail).
    let created = RwSignal::new(None::<(Client, String)>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let name_value = name.get_untracked().trim().to_owned();
        let billing_email = billing.get_untracked().trim().to_owned();
        let owner_email = owner.get_untracked().trim().to_owned();
        if let Some(problem) = name_problem(&name_value) {
            errors.set_field("name", problem);
        }
        if billing_email.is_empty() {
            errors.set_field("billing_email", "Enter the address where this client's invoices go.");
        } else if !is_email(&billing_email) {
            errors.set_field("billing_email", "Enter an email address like billing@example.com.");
        }
        let seat_count = seats_value(unlimited.get_untracked(), &seats.get_untracked());
        if let Err(problem) = &seat_count {
            errors.set_field("seats", problem.clone());
        }
        if owner_email.is_empty() {
            errors.set_field("owner_email", "Enter the email address of the client's own administrator.");
        } else if !is_email(&owner_email) {
            errors.set_field("owner_email", "Enter an email address like name@example.com.");
        }
        if errors.focus_first(&NEW_ORDER) {
            return;
        }
        // The organization key: made here, encrypted with the provider key, checked, dropped.
        let wrapped = session.with_keys(|keys| {
            let wrapped_provider = wrapped_provider_key.get_value();
            with_provider_key(keys, wrapped_provider.as_deref(), |provider_key| {
                let org_key = SymmetricKey::generate().map_err(|e| e.to_string())?;
                encrypt_for_provider(provider_key, &org_key)
            })
        });
        let provider_wrapped_key = match wrapped {
            Some(Ok(w)) => w,
            Some(Err(reason)) => {
                errors.set_alert(format!("The client's key could not be made in this browser: {reason}."));
                return;
            }
            // Locked meanwhile: the page gives way to the unlock card.
            None => return,
        };
        let request = CreateClient {
            name: name_value,
            billing_email,
            plan: plan.get_untracked(),
            seats: seat_count.ok().flatten(),
            owner_email: owner_email.clone(),
            provider_wrapped_key,
        };
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::clients::create(provider_id.get_value(), request).await;
            set_busy.set(false);
            match result {
                Ok(client) if client.invitation_link.is_some() => created.set(Some((client, owner_email))),
                Ok(client) => on_created.run((client, owner_email)),
                Err(e) => {
                    errors.show(&e, &["name", "billing_email", "plan", "seats", "owner_email"]);
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
        Some((c, _)) => format!("{} was created", c.name),
        None => "New client".into(),
    });
    let description = Signal::derive(move || {
        let text = match created.get() {
            Some(_) => {
                "This server sends no mail (no SMTP relay is configured), so the Owner's invitation was not emailed."
            }
            None => {
                "A new organization administered by this provider. Its key is made in your browser and stored only \
                 encrypted with the provider key; its Owner is invited by email."
            }
        };
        text.to_owned()
    });

    view! {
        <Modal id="new-client" title=title description=description on_close=Callback::new(move |()| {
            if created.get_untracked().is_some() { finish.run(()) } else { on_close.run(()) }
        }) busy=busy>
            {move || created.get().map(|(client, invited)| view! {
                <div class="stack" data-testid="invitation-link">
                    <p class="small">
                        "Send this link to " <strong>{invited}</strong>
                        " yourself. It makes them the Owner of " {client.name.clone()}
                        ". It works once, for 7 days, and only for an account with that address."
                    </p>
                    <div class="link-box">
                        <code class="link-text">{client.invitation_link.clone().unwrap_or_default()}</code>
                        <CopyButton text=client.invitation_link.clone().unwrap_or_default() what="invitation link" />
                    </div>
                    <div class="modal-actions">
                        <button type="button" class="btn btn-primary" autofocus on:click=move |_| finish.run(())>
                            "Done"
                        </button>
                    </div>
                </div>
            })}
            <form class="form" novalidate on:submit=submit hidden=move || created.with(Option::is_some)>
                <FormAlertView errors=errors />
                <TextField
                    id=NEW_NAME
                    label="Name"
                    value=name
                    autocomplete="off"
                    placeholder="Contoso Dental"
                    maxlength=ORGANIZATION_NAME_MAX as u32
                    error=errors.field("name")
                    autofocus=true
                    on_change=Callback::new(move |()| errors.clear_field("name"))
                />
                <TextField
                    id=NEW_OWNER
                    label="Owner's email"
                    value=owner
                    input_type="email"
                    autocomplete="off"
                    inputmode="email"
                    placeholder="it@customer.example"
                    hint="The customer's own administrator. They are invited as the Owner, so the client always has an administrator of its own."
                    error=errors.field("owner_email")
                    on_change=Callback::new(move |()| errors.clear_field("owner_email"))
                />
                <TextField
                    id=NEW_BILLING
                    label="Billing email"
                    value=billing
                    input_type="email"
                    autocomplete="off"
                    inputmode="email"
                    placeholder="billing@customer.example"
                    error=errors.field("billing_email")
                    on_change=Callback::new(move |()| errors.clear_field("billing_email"))
                />
                <div class="form-row">
                    <PlanSelect id=NEW_PLAN value=plan error=errors.field("plan") />
                    <SeatsField
                        id=NEW_SEATS
                        seats=seats
                        unlimited=unlimited
                        error=errors.field("seats")
                        on_change=Callback::new(move |()| errors.clear_field("seats"))
                    />
                </div>
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Create and invite Owner" busy_label="Creating…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// "Attach an organization": one of the caller's own organizations (confirmed Owner, no
/// provider yet) becomes a client.
#[component]
pub fn AttachClientDialog(
    /// The provider.
    provider_id: String,
    /// The provider's name.
    provider_name: String,
    /// The caller's provider key, wrapped to their public key.
    wrapped_provider_key: Option<String>,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called with the attached client.
    on_attached: Callback<Client>,
) -> impl IntoView {
    let session = use_session();
    let provider_id = StoredValue::new(provider_id);
    let wrapped_provider_key = StoredValue::new(wrapped_provider_key);
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let chosen = RwSignal::new(None::<String>);
    let candidates = LocalResource::new(move || async move {
        let query = OrganizationQuery { owner: Some(true), limit: Some(100), ..Default::default() };
        api::organizations::list(query).await.map(|page| {
            page.items
                .into_iter()
                .filter(|o| {
                    o.provider.is_none()
                        && o.access.member_type == Some(MemberType::Owner)
                        && o.access.member_status == Some(MemberStatus::Confirmed)
                })
                .collect::<Vec<Organization>>()
        })
    });
    let (retrying, set_retrying) = signal(false);
    let retry = Callback::new(move |()| candidates.refetch());
    let found = StoredValue::new(Vec::<Organization>::new());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let Some(org) =
            chosen.get_untracked().and_then(|id| found.with_value(|f| f.iter().find(|o| o.id == id).cloned()))
        else {
            errors.set_alert("Choose the organization to attach.");
            return;
        };
        let wrapped = session.with_keys(|keys| {
            let wrapped_org: WrappedKey = org
                .access
                .wrapped_org_key
                .as_deref()
                .ok_or("your account holds no copy of this organization's key")?
                .parse()
                .map_err(|_| "your copy of the organization key is not in a known format".to_owned())?;
            let org_key = keys
                .open_organization_key(&wrapped_org)
                .map_err(|_| "your copy of the organization key does not open with your account key".to_owned())?;
            let wrapped_provider = wrapped_provider_key.get_value();
            with_provider_key(keys, wrapped_provider.as_deref(), |provider_key| {
                encrypt_for_provider(provider_key, &org_key)
            })
        });
        let provider_wrapped_key = match wrapped {
            Some(Ok(w)) => w,
            Some(Err(reason)) => {
                errors.set_alert(format!("The organization's key could not be prepared in this browser: {reason}."));
                return;
            }
            None => return,
        };
        set_busy.set(true);
        let request = AttachClient { organization_id: org.id.clone(), provider_wrapped_key };
        leptos::task::spawn_local(async move {
            let result = api::clients::attach(provider_id.get_value(), request).await;
            set_busy.set(false);
            match result {
                Ok(client) => on_attached.run(client),
                Err(e) => errors.show(&e, &[]),
            }
        });
    };

    let description = format!(
        "Choose one of your own organizations. Your browser encrypts its key with the provider key, so every user of \
         {provider_name} can administer it. Its members keep their access."
    );
    view! {
        <Modal id="attach-client" title="Attach an organization" description=description on_close=on_close busy=busy>
            <form class="form" novalidate on:submit=submit>
                <Transition fallback=|| view! {
                    <div class="status-loading" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        <span class="muted small">" Loading your organizations…"</span>
                    </div>
                } set_pending=set_retrying>
                    {move || Suspend::new(async move {
                        match candidates.await {
                            Ok(orgs) if orgs.is_empty() => EitherOf3::A(view! {
                                <div class="empty-panel empty-panel-flat attach-empty" data-testid="attach-empty">
                                    <p class="empty-inline-title">"No organization of yours can be attached"</p>
                                    <p class="muted">
                                        "Only an organization where you are the confirmed Owner and that has no provider yet can be attached. "
                                        "Create an organization of your own on the home page first, or create a new client here instead."
                                    </p>
                                    <A href="/?new-organization=1" attr:class="btn btn-secondary btn-sm">"Create an organization"</A>
                                </div>
                            }),
                            Ok(orgs) => {
                                found.set_value(orgs.clone());
                                if orgs.len() == 1 {
                                    chosen.set(Some(orgs[0].id.clone()));
                                }
                                EitherOf3::B(view! { <OrganizationChoices orgs=orgs chosen=chosen /> })
                            }
                            Err(e) => EitherOf3::C(view! { <ErrorNotice error=e on_retry=retry pending=retrying /> }),
                        }
                    })}
                </Transition>
                <FormAlertView errors=errors />
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Attach as client" busy_label="Attaching…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// The organizations that can be attached, as radio choices.
#[component]
fn OrganizationChoices(orgs: Vec<Organization>, chosen: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <fieldset class="choice-list">
            <legend class="field-label">"Your organizations"</legend>
            {orgs
                .into_iter()
                .map(|o| {
                    let id = o.id.clone();
                    let value = o.id.clone();
                    let input_id = format!("attach-{}", o.id);
                    let input_for = input_id.clone();
                    view! {
                        <label class="choice" for=input_for>
                            <input
                                type="radio"
                                name="attach-organization"
                                id=input_id
                                value=value
                                prop:checked=move || chosen.with(|c| c.as_deref() == Some(id.as_str()))
                                on:change=move |ev| chosen.set(Some(event_target_value(&ev)))
                            />
                            <span class="choice-text">
                                <span class="choice-title">{o.name.clone()}</span>
                                <span class="choice-meta">{format!("{} plan · {}", plan_label(o.plan), o.billing_email)}</span>
                            </span>
                            <SeatBar used=o.seats_used seats=o.seats />
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// "Detach <client>?": what it means, and that it needs a confirmed Owner first.
#[component]
pub fn DetachClientDialog(
    /// The provider.
    provider_id: String,
    /// The provider's name.
    provider_name: String,
    /// The client to detach.
    client: Client,
    /// Closes the dialog without detaching.
    on_close: Callback<()>,
    /// Called with the detached client.
    on_detached: Callback<Client>,
) -> impl IntoView {
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let pending = client.status == ClientStatus::Pending;
    let target = StoredValue::new(client.clone());
    let provider_id = StoredValue::new(provider_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let client = target.get_value();
            let result = api::clients::detach(provider_id.get_value(), client.id.clone()).await;
            set_busy.set(false);
            match result {
                Ok(()) => on_detached.run(client),
                Err(e) => errors.show(&e, &[]),
            }
        });
    };
    view! {
        <Modal id="detach-client" title=format!("Detach {}?", client.name) on_close=on_close busy=busy tone="modal-danger">
            <form class="form" novalidate on:submit=submit>
                <ul class="consequences">
                    <li>
                        <strong>{format!("{provider_name} and all its users lose access at once")}</strong>
                        " to this organization: its vault, members, collections and settings. Its key encrypted with the provider key is deleted."
                    </li>
                    <li>
                        <strong>"The organization keeps working"</strong>
                        " under its own Owners. Its members, vault items and collections stay exactly as they are."
                    </li>
                    <li>
                        <strong>"It needs a confirmed Owner first,"</strong>
                        " so that someone can still administer it. To manage it again, its Owner attaches it again."
                    </li>
                </ul>
                {pending.then(|| view! {
                    <div class="notice notice-warning" role="status">
                        <div class="notice-body">
                            <p class="notice-title">"Its Owner has not been confirmed yet"</p>
                            <p class="notice-detail">"The server refuses to detach it until its Owner has accepted the invitation and been confirmed."</p>
                        </div>
                    </div>
                })}
                <FormAlertView errors=errors />
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Detach client" busy_label="Detaching…" busy=busy class="btn btn-danger" />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// "Edit <client>": name, plan and seats (never below the seats in use).
#[component]
pub fn EditClientDialog(
    /// The provider.
    provider_id: String,
    /// The client as shown.
    client: Client,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called with the saved client.
    on_saved: Callback<Client>,
) -> impl IntoView {
    let original = StoredValue::new(client.clone());
    let provider_id = StoredValue::new(provider_id);
    let name = RwSignal::new(client.name.clone());
    let plan = RwSignal::new(client.plan);
    let seats = RwSignal::new(client.seats.map(|s| s.to_string()).unwrap_or_default());
    let unlimited = RwSignal::new(client.seats.is_none());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let used = client.seats_used;
    let hint = Signal::derive(move || {
        let plural = if used == 1 { "seat is" } else { "seats are" };
        format!("{used} {plural} in use (invited, accepted and confirmed members). Seats cannot go below that.")
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let current = original.get_value();
        let new_name = name.get_untracked().trim().to_owned();
        if let Some(problem) = name_problem(&new_name) {
            errors.set_field("name", problem);
        }
        let seat_count = seats_value(unlimited.get_untracked(), &seats.get_untracked());
        if let Err(problem) = &seat_count {
            errors.set_field("seats", problem.clone());
        }
        if errors.focus_first(&EDIT_ORDER) {
            return;
        }
        let new_seats = seat_count.ok().flatten();
        let patch = UpdateClient {
            name: (new_name != current.name).then_some(new_name),
            plan: (plan.get_untracked() != current.plan).then(|| plan.get_untracked()),
            seats: new_seats.filter(|s| Some(*s) != current.seats),
            unlimited_seats: new_seats.is_none() && current.seats.is_some(),
        };
        if patch == UpdateClient::default() {
            on_close.run(());
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::clients::update(provider_id.get_value(), current.id.clone(), patch).await;
            set_busy.set(false);
            match result {
                Ok(saved) => on_saved.run(saved),
                Err(e) => {
                    errors.show(&e, &["name", "plan", "seats"]);
                    errors.focus_first(&EDIT_ORDER);
                }
            }
        });
    };

    view! {
        <Modal id="edit-client" title=format!("Edit {}", client.name) on_close=on_close busy=busy>
            <form class="form" novalidate on:submit=submit>
                <FormAlertView errors=errors />
                <TextField
                    id=EDIT_NAME
                    label="Name"
                    value=name
                    autocomplete="off"
                    maxlength=ORGANIZATION_NAME_MAX as u32
                    error=errors.field("name")
                    autofocus=true
                    on_change=Callback::new(move |()| errors.clear_field("name"))
                />
                <div class="form-row">
                    <PlanSelect id=EDIT_PLAN value=plan error=errors.field("plan") />
                    <SeatsField
                        id=EDIT_SEATS
                        seats=seats
                        unlimited=unlimited
                        error=errors.field("seats")
                        on_change=Callback::new(move |()| errors.clear_field("seats"))
                    />
                </div>
                <p class="field-hint">{hint}</p>
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Save changes" busy_label="Saving…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// Why a Service User or a viewer sees no create, attach or detach buttons.
pub fn role_note(admin: bool, member: bool) -> Option<(&'static str, &'static str)> {
    match (admin, member) {
        (true, _) => None,
        (false, true) => Some((
            "You work here as a Service User",
            "You can open every client and change its name, plan and seats. Creating, attaching and detaching \
             clients is for Provider Admins.",
        )),
        (false, false) => Some((
            "You are viewing this provider's clients",
            "You are not a user of this provider, so this list is read-only. Its Provider Admins manage its clients.",
        )),
    }
}

/// A client's status as a pill.
#[component]
pub fn ClientStatusPill(status: ClientStatus) -> impl IntoView {
    match status {
        ClientStatus::Active => Either::Left(view! {
            <span class="status-pill status-pill-ok" data-testid="client-status">
                <span class="status-dot status-dot-ok" aria-hidden="true"></span>
                "Active"
            </span>
        }),
        ClientStatus::Pending => Either::Right(view! {
            <span class="status-pill status-pill-warn" data-testid="client-status" title="The client's Owner has not accepted and been confirmed yet">
                <span class="status-dot status-dot-warn" aria-hidden="true"></span>
                "Awaiting Owner"
            </span>
        }),
    }
}
