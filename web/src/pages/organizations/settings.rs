//! `/organizations/{id}/settings`: the organization's name and billing email, and the plan and
//! seats of a standalone organization (a client's are set by its provider). Those who administer
//! it (its Owners and Admins, its provider's users) change them; other members read them. A
//! confirmed Owner also finds the danger zone: deleting the organization, with the master
//! password proved in this browser (only its authentication hash is sent).

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use portal_shared::clients::ORGANIZATION_NAME_MAX;
use portal_shared::organizations::{MemberStatus, MemberType, Organization, UpdateOrganization};
use portal_shared::validation::is_email;

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::components::form::{FormAlertView, FormErrors, PasswordField, SubmitButton, TextField, focus};
use crate::components::kdf_progress::KdfProgress;
use crate::components::modal::{Modal, ModalActions};
use crate::components::organization_parts::{PlanSelect, SeatsField, name_problem, plan_label, seats_value};
use crate::format;
use crate::kdf::{self, KeyError};
use crate::pages::organizations::use_organization;
use crate::session::use_session;
use crate::visit_cache;

const NAME_ID: &str = "organization-settings-name";
const BILLING_ID: &str = "organization-settings-billing";
const PLAN_ID: &str = "organization-settings-plan";
const SEATS_ID: &str = "organization-settings-seats";
const ORDER: [(&str, &str); 4] =
    [("name", NAME_ID), ("billing_email", BILLING_ID), ("plan", PLAN_ID), ("seats", SEATS_ID)];
const PASSWORD_ID: &str = "delete-organization-password";

/// The seats as people read them.
fn seats_text(seats: Option<i32>) -> String {
    seats.map_or_else(|| "Unlimited".to_owned(), |s| s.to_string())
}

/// Whether the caller is a confirmed Owner (the only ones who may delete it).
fn confirmed_owner(org: &Organization) -> bool {
    org.access.member_type == Some(MemberType::Owner) && org.access.member_status == Some(MemberStatus::Confirmed)
}

/// The settings section of the organization page.
#[component]
pub fn OrganizationSettings() -> impl IntoView {
    let ctx = use_organization()?;
    let organization = ctx.organization;
    let can_administer = organization.with_untracked(|o| o.access.can_administer);
    let owner = organization.with_untracked(confirmed_owner);

    Some(view! {
        <Title text=move || format!("Settings · {}", organization.with(|o| o.name.clone())) />
        <div class="provider-settings organization-settings" data-testid="organization-settings">
            <section class="settings-section" aria-labelledby="organization-details-title">
                <div class="settings-section-intro">
                    <h2 class="settings-section-title" id="organization-details-title">"Organization details"</h2>
                    <p class="muted">
                        "The name its members see, where invoices go, and what it pays for. Its Owners and Admins can change them."
                    </p>
                </div>
                <div class="card settings-card">
                    {if can_administer {
                        Either::Left(view! { <SettingsForm organization=organization /> })
                    } else {
                        Either::Right(view! { <ReadOnlyDetails organization=organization /> })
                    }}
                </div>
            </section>
            <section class="settings-section" aria-labelledby="organization-facts-title">
                <div class="settings-section-intro">
                    <h2 class="settings-section-title" id="organization-facts-title">"About this organization"</h2>
                    <p class="muted">"For integrations and support requests: the API names the organization by this id."</p>
                </div>
                <div class="card settings-card card-body">
                    <dl class="kv">
                        <div class="kv-row">
                            <dt>"Organization id"</dt>
                            <dd class="kv-text kv-actions">
                                <code data-testid="organization-id">{move || organization.with(|o| o.id.clone())}</code>
                                <CopyButton text=organization.with_untracked(|o| o.id.clone()) what="organization id" />
                            </dd>
                        </div>
                        <div class="kv-row">
                            <dt>"Created"</dt>
                            <dd>{move || organization.with(|o| format::date_time(&o.created_at))}</dd>
                        </div>
                        <div class="kv-row">
                            <dt>"Last changed"</dt>
                            <dd>{move || organization.with(|o| format::date_time(&o.updated_at))}</dd>
                        </div>
                    </dl>
                </div>
            </section>
            {owner.then(|| view! { <DangerZone organization=organization /> })}
        </div>
    })
}

/// Name, billing email, and (standalone only) plan and seats, for those who administer it.
#[component]
fn SettingsForm(organization: RwSignal<Organization>) -> impl IntoView {
    let initial = organization.get_untracked();
    let name = RwSignal::new(initial.name.clone());
    let billing = RwSignal::new(initial.billing_email.clone());
    let plan = RwSignal::new(initial.plan);
    let seats = RwSignal::new(initial.seats.map(|s| s.to_string()).unwrap_or_default());
    let unlimited = RwSignal::new(initial.seats.is_none());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let saved = RwSignal::new(None::<String>);
    let provider = Memo::new(move |_| organization.with(|o| o.provider.as_ref().map(|p| p.name.clone())));
    let seats_hint = Signal::derive(move || {
        let used = organization.with(|o| o.seats_used);
        let plural = if used == 1 { "seat is" } else { "seats are" };
        format!("{used} {plural} in use (invited, accepted and confirmed members). Seats cannot go below that.")
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        saved.set(None);
        let current = organization.get_untracked();
        let standalone = current.provider.is_none();
        let new_name = name.get_untracked().trim().to_owned();
        let new_billing = billing.get_untracked().trim().to_owned();
        if let Some(problem) = name_problem(&new_name) {
            errors.set_field("name", problem);
        }
        if new_billing.is_empty() {
            errors.set_field("billing_email", "Enter a billing email. It can be changed, not removed.");
        } else if !is_email(&new_billing) {
            errors.set_field("billing_email", "Enter an email address like billing@example.com.");
        }
        let seat_count =
            if standalone { seats_value(unlimited.get_untracked(), &seats.get_untracked()) } else { Ok(current.seats) };
        if let Err(problem) = &seat_count {
            errors.set_field("seats", problem.clone());
        }
        if errors.focus_first(&ORDER) {
            return;
        }
        let new_seats = seat_count.ok().flatten();
        let patch = UpdateOrganization {
            name: (new_name != current.name).then_some(new_name),
            billing_email: (!new_billing.eq_ignore_ascii_case(&current.billing_email)).then_some(new_billing),
            plan: (standalone && plan.get_untracked() != current.plan).then(|| plan.get_untracked()),
            seats: if standalone { new_seats.filter(|s| Some(*s) != current.seats) } else { None },
            unlimited_seats: standalone && new_seats.is_none() && current.seats.is_some(),
        };
        if patch == UpdateOrganization::default() {
            saved.set(Some("Nothing to save: no changes.".into()));
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::organizations::update(current.id.clone(), patch).await;
            set_busy.set(false);
            match result {
                Ok(updated) => {
                    name.set(updated.name.clone());
                    billing.set(updated.billing_email.clone());
                    plan.set(updated.plan);
                    seats.set(updated.seats.map(|s| s.to_string()).unwrap_or_default());
                    unlimited.set(updated.seats.is_none());
                    organization.set(updated);
                    visit_cache::forget_all();
                    saved.set(Some("Saved.".into()));
                }
                Err(e) => {
                    errors.show(&e, &["name", "billing_email", "plan", "seats"]);
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

    view! {
        <form class="form card-body" novalidate on:submit=submit data-testid="organization-settings-form">
            <FormAlertView errors=errors />
            <fieldset class="fieldset">
                <legend class="visually-hidden">"Organization details"</legend>
                <TextField
                    id=NAME_ID
                    label="Name"
                    value=name
                    autocomplete="organization"
                    maxlength=ORGANIZATION_NAME_MAX as u32
                    error=errors.field("name")
                    on_change=clear("name")
                />
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
                {move || match provider.get() {
                    None => Either::Left(view! {
                        <div class="form-row">
                            <PlanSelect id=PLAN_ID value=plan error=errors.field("plan") />
                            <SeatsField
                                id=SEATS_ID
                                seats=seats
                                unlimited=unlimited
                                error=errors.field("seats")
                                on_change=clear("seats")
                            />
                        </div>
                        <p class="field-hint" data-testid="organization-seats-hint">{seats_hint}</p>
                    }),
                    Some(provider) => Either::Right(view! { <ManagedPlan organization=organization provider=provider /> }),
                }}
            </fieldset>
            <div class="form-actions">
                <SubmitButton label="Save changes" busy_label="Saving…" busy=busy />
                <p class="form-success" role="status" data-testid="organization-settings-saved">{move || saved.get()}</p>
            </div>
        </form>
    }
}

/// A client's plan and seats, as its provider set them.
#[component]
fn ManagedPlan(organization: RwSignal<Organization>, provider: String) -> impl IntoView {
    let set_by = format!("Set by {provider}.");
    view! {
        <div class="form-row" data-testid="organization-plan-managed">
            <div class="field">
                <span class="field-label">"Plan"</span>
                <p class="field-static">{move || plan_label(organization.with(|o| o.plan))}</p>
                <p class="field-hint">{set_by.clone()}</p>
            </div>
            <div class="field">
                <span class="field-label">"Seats"</span>
                <p class="field-static">{move || seats_text(organization.with(|o| o.seats))}</p>
                <p class="field-hint">{set_by}</p>
            </div>
        </div>
    }
}

/// The details, read-only, for members who do not administer the organization.
#[component]
fn ReadOnlyDetails(organization: RwSignal<Organization>) -> impl IntoView {
    let plan_note =
        move || organization.with(|o| o.provider.as_ref().map(|p| format!(" (set by {})", p.name))).unwrap_or_default();
    view! {
        <div class="card-body stack">
            <div class="notice notice-info" role="status" data-testid="organization-settings-read-only">
                <div class="notice-body">
                    <p class="notice-title">"Only its Owners and Admins can change these settings"</p>
                    <p class="notice-detail">
                        "Your account can see them but not change them. Ask an Owner or an Admin of this organization to make the change."
                    </p>
                </div>
            </div>
            <dl class="kv">
                <div class="kv-row">
                    <dt>"Name"</dt>
                    <dd class="kv-text">{move || organization.with(|o| o.name.clone())}</dd>
                </div>
                <div class="kv-row">
                    <dt>"Billing email"</dt>
                    <dd class="kv-text">{move || organization.with(|o| o.billing_email.clone())}</dd>
                </div>
                <div class="kv-row">
                    <dt>"Plan"</dt>
                    <dd>{move || plan_label(organization.with(|o| o.plan))} {plan_note}</dd>
                </div>
                <div class="kv-row">
                    <dt>"Seats"</dt>
                    <dd>{move || seats_text(organization.with(|o| o.seats))}</dd>
                </div>
            </dl>
        </div>
    }
}

/// Deleting the organization, for a confirmed Owner; a client must be detached first.
#[component]
fn DangerZone(organization: RwSignal<Organization>) -> impl IntoView {
    let dialog = RwSignal::new(false);
    let client_of = Memo::new(move |_| organization.with(|o| o.provider.as_ref().map(|p| p.name.clone())));
    view! {
        <section class="settings-section" aria-labelledby="organization-danger-title" data-testid="organization-danger">
            <div class="settings-section-intro">
                <h2 class="settings-section-title org-danger-title" id="organization-danger-title">"Danger zone"</h2>
                <p class="muted">"Only its confirmed Owners can delete it."</p>
            </div>
            <div class="card settings-card org-danger-card">
                <div class="card-body row-between">
                    <div class="org-danger-text">
                        <p class="explain-title">"Delete organization"</p>
                        <p class="muted" id="delete-organization-why">
                            {move || match client_of.get() {
                                Some(provider) => format!(
                                    "It is a client of {provider}: {provider} must detach it first. Then you can delete it here."
                                ),
                                None => "Deletes it and everything inside for good: vault items, collections, groups, members and policies.".to_owned(),
                            }}
                        </p>
                    </div>
                    <button
                        type="button"
                        class="btn btn-danger"
                        aria-disabled=move || client_of.with(Option::is_some).then_some("true")
                        aria-describedby="delete-organization-why"
                        on:click=move |_| {
                            if client_of.with_untracked(Option::is_none) {
                                dialog.set(true);
                            }
                        }
                    >
                        "Delete organization"
                    </button>
                </div>
            </div>
            <Show when=move || dialog.get()>
                <DeleteOrganizationDialog
                    organization=organization.get_untracked()
                    on_close=Callback::new(move |()| dialog.set(false))
                />
            </Show>
        </section>
    }
}

/// "Delete <name>?": what goes, and the master password that proves it is the Owner.
#[component]
fn DeleteOrganizationDialog(organization: Organization, on_close: Callback<()>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let target = StoredValue::new((organization.id.clone(), organization.name.clone()));

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
        let navigate = navigate.clone();
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
            let (id, name) = target.get_value();
            match api::organizations::delete(id, auth_hash).await {
                Ok(()) => {
                    visit_cache::forget_all();
                    session.set_notice(format!("{name} was deleted."));
                    navigate("/", Default::default());
                }
                Err(e) => {
                    set_busy.set(false);
                    errors.show(&e, &["auth_hash"]);
                    if errors.focus_first(&[("auth_hash", PASSWORD_ID)]) {
                        password.set(String::new());
                    }
                }
            }
        });
    };

    view! {
        <Modal
            id="delete-organization"
            title=format!("Delete {}?", organization.name)
            on_close=on_close
            busy=busy
            tone="modal-danger"
        >
            <form class="form" novalidate on:submit=submit>
                <ul class="consequences">
                    <li>
                        <strong>"Everything inside is deleted for good:"</strong>
                        " its vault items, collections, groups, members, policies and its key. There is no undo."
                    </li>
                    <li>
                        <strong>"Its members lose access at once,"</strong>
                        " on every device. Its event log is kept."
                    </li>
                </ul>
                <FormAlertView errors=errors />
                <PasswordField
                    id=PASSWORD_ID
                    label="Master password"
                    value=password
                    autocomplete="current-password"
                    hint="Checked in this browser; only a hash derived from it is sent."
                    error=errors.field("auth_hash")
                    autofocus=true
                    on_change=Callback::new(move |()| errors.clear_field("auth_hash"))
                />
                <Show when=move || busy.get()>
                    <KdfProgress label="Checking your master password…" />
                </Show>
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Delete organization" busy_label="Deleting…" busy=busy class="btn btn-danger" />
                </ModalActions>
            </form>
        </Modal>
    }
}
