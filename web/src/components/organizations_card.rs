//! The "Organizations" card of the signed-in home: the organizations this person belongs to
//! (each a way into its page), and "New organization", which creates a standalone organization
//! whose key is made in this browser and wrapped to the person's own public key.

use std::time::Duration;

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_shared::clients::{ORGANIZATION_NAME_MAX, Plan};
use portal_shared::crypto::{SymmetricKey, WrappedKey, context};
use portal_shared::organizations::{CreateOrganization, Organization, OrganizationQuery};
use portal_shared::page::Page;
use portal_shared::validation::is_email;

use crate::api;
use crate::components::error_notice::{ErrorNotice, first_client_error};
use crate::components::form::{FormAlertView, FormErrors, SubmitButton, TextField};
use crate::components::icons::PlusIcon;
use crate::components::modal::{Modal, ModalActions};
use crate::components::organization_parts::{
    MemberPills, PlanSelect, SeatsField, name_problem, plan_label, seats_value,
};
use crate::components::provider_badges::ProviderTile;
use crate::components::providers_card::ListSkeleton;
use crate::session::use_session;
use crate::visit_cache;

/// How many organizations the home page lists.
const SHOWN: u32 = 50;
/// How long the success message stays.
const NOTICE_TIME: Duration = Duration::from_secs(10);

const NAME_ID: &str = "new-organization-name";
const BILLING_ID: &str = "new-organization-billing";
const PLAN_ID: &str = "new-organization-plan";
const SEATS_ID: &str = "new-organization-seats";
const ORDER: [(&str, &str); 4] =
    [("name", NAME_ID), ("billing_email", BILLING_ID), ("plan", PLAN_ID), ("seats", SEATS_ID)];

/// The organizations card, with its loading, empty and error states.
#[component]
pub fn OrganizationsCard() -> impl IntoView {
    let session = use_session();
    let open_new = use_query_map().with_untracked(|q| q.get("new-organization").is_some());
    if open_new {
        // `?new-organization=1` (from the attach dialog) opens the dialog once, not on a reload.
        let navigate = use_navigate();
        request_animation_frame(move || navigate("/", NavigateOptions { replace: true, ..Default::default() }));
    }
    let account_id = Memo::new(move |_| session.with_account(|a| a.map(|a| a.id.clone())).unwrap_or_default());
    let reload = RwSignal::new(0u32);
    let organizations = LocalResource::new(move || {
        let key = format!("home-organizations:{}:{}", account_id.get(), reload.get());
        async move {
            let query = OrganizationQuery { limit: Some(SHOWN), ..Default::default() };
            visit_cache::cached(key, || api::organizations::list(query)).await
        }
    });
    let (retrying, set_retrying) = signal(false);
    let retry = Callback::new(move |()| organizations.refetch());
    let dialog = RwSignal::new(open_new);
    let notice = RwSignal::new(None::<String>);
    let notice_ticket = StoredValue::new(0u32);
    let on_created = Callback::new(move |org: Organization| {
        dialog.set(false);
        notice.set(Some(format!(
            "{} was created. You are its Owner; its key is stored encrypted to your account key only.",
            org.name
        )));
        let ticket = notice_ticket.get_value().wrapping_add(1);
        notice_ticket.set_value(ticket);
        set_timeout(
            move || {
                // The card may be gone by then (the person went on to another page).
                if notice_ticket.try_get_value() == Some(ticket) {
                    notice.set(None);
                }
            },
            NOTICE_TIME,
        );
        reload.update(|r| *r += 1);
    });
    let open = Callback::new(move |()| {
        notice.set(None);
        dialog.set(true);
    });

    view! {
        <section class="card" aria-labelledby="orgs-title" data-testid="organizations-card">
            <div class="card-header">
                <h2 class="card-title" id="orgs-title">"Organizations"</h2>
                <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| open.run(())>
                    <PlusIcon />
                    "New organization"
                </button>
            </div>
            {move || notice.get().map(|n| view! {
                <div class="card-body card-notice">
                    <div class="notice notice-success" role="status" data-testid="organizations-notice">
                        <div class="notice-body"><p class="notice-title">{n}</p></div>
                    </div>
                </div>
            })}
            <Transition fallback=ListSkeleton set_pending=set_retrying>
                <ErrorBoundary fallback=move |errors| {
                    move || view! {
                        <div class="card-body">
                            <ErrorNotice error=first_client_error(&errors.read()) on_retry=retry pending=retrying />
                        </div>
                    }
                }>
                    {move || Suspend::new(async move {
                        organizations.await.map(|page| view! { <OrganizationLinks page=page on_new=open /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
        <Show when=move || dialog.get()>
            <NewOrganizationDialog on_close=Callback::new(move |()| dialog.set(false)) on_created=on_created />
        </Show>
    }
}

/// The list, or what to do when it is empty.
#[component]
fn OrganizationLinks(page: Page<Organization>, on_new: Callback<()>) -> impl IntoView {
    if page.items.is_empty() {
        return Either::Left(view! {
            <div class="card-body empty-inline" data-testid="organizations-empty">
                <p class="empty-inline-title">"No organizations yet"</p>
                <p class="muted">
                    "An organization shares passwords among its members, with collections, groups and policies. "
                    "Create one of your own, or accept an invitation to join one. A provider's clients are in its provider area."
                </p>
                <button type="button" class="btn btn-primary btn-sm" on:click=move |_| on_new.run(())>
                    <PlusIcon />
                    "Create an organization"
                </button>
            </div>
        });
    }
    let more = page.next.is_some();
    let rows = page
        .items
        .into_iter()
        .map(|o| {
            let meta = match &o.provider {
                Some(p) => format!("{} plan · managed by {}", plan_label(o.plan), p.name),
                None => format!("{} plan", plan_label(o.plan)),
            };
            view! {
                <li>
                    <A href=format!("/organizations/{}", o.id) attr:class="provider-link">
                        <ProviderTile name=o.name.clone() />
                        <span class="provider-link-text">
                            <span class="provider-link-name">{o.name.clone()}</span>
                            <span class="provider-link-meta">{meta}</span>
                        </span>
                        <span class="pill-row"><MemberPills access=o.access.clone() /></span>
                    </A>
                </li>
            }
        })
        .collect_view();
    Either::Right(view! {
        <ul class="provider-links" data-testid="organization-links">{rows}</ul>
        {more.then(|| view! {
            <div class="card-footer muted small">{format!("Showing your first {SHOWN} organizations.")}</div>
        })}
    })
}

/// "New organization": name, billing email, plan and seats.
#[component]
fn NewOrganizationDialog(on_close: Callback<()>, on_created: Callback<Organization>) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let billing = RwSignal::new(session.account_untracked().map(|a| a.email).unwrap_or_default());
    let plan = RwSignal::new(Plan::Teams);
    let seats = RwSignal::new("5".to_owned());
    let unlimited = RwSignal::new(false);
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let name_value = name.get_untracked().trim().to_owned();
        let billing_email = billing.get_untracked().trim().to_owned();
        if let Some(problem) = name_problem(&name_value) {
            errors.set_field("name", problem);
        }
        if billing_email.is_empty() {
            errors.set_field("billing_email", "Enter the address where invoices go.");
        } else if !is_email(&billing_email) {
            errors.set_field("billing_email", "Enter an email address like billing@example.com.");
        }
        let seat_count = seats_value(unlimited.get_untracked(), &seats.get_untracked());
        if let Err(problem) = &seat_count {
            errors.set_field("seats", problem.clone());
        }
        if errors.focus_first(&ORDER) {
            return;
        }
        // The organization key: made here, wrapped to this person's own public key, checked by
        // opening it again, and dropped (zeroized) when this block ends.
        let wrapped = session.with_keys(|keys| {
            let key = SymmetricKey::generate().map_err(|e| e.to_string())?;
            let wrapped =
                WrappedKey::seal(keys.public_key(), &key, context::ORGANIZATION_KEY).map_err(|e| e.to_string())?;
            match keys.open_organization_key(&wrapped) {
                Ok(opened) if opened == key => Ok(wrapped.to_string()),
                _ => Err("the new key did not open with your own key".to_owned()),
            }
        });
        let wrapped_org_key = match wrapped {
            Some(Ok(w)) => w,
            Some(Err(reason)) => {
                errors.set_alert(format!("The organization key could not be made in this browser: {reason}."));
                return;
            }
            None => return,
        };
        let request = CreateOrganization {
            name: name_value,
            billing_email,
            plan: plan.get_untracked(),
            seats: seat_count.ok().flatten(),
            wrapped_org_key,
        };
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::organizations::create(request).await;
            set_busy.set(false);
            match result {
                Ok(org) => {
                    visit_cache::forget_all();
                    on_created.run(org);
                }
                Err(e) => {
                    errors.show(&e, &["name", "billing_email", "plan", "seats"]);
                    errors.focus_first(&ORDER);
                }
            }
        });
    };

    view! {
        <Modal
            id="new-organization"
            title="New organization"
            description="An organization of your own, with you as its Owner. Its key is made in this browser and stored only encrypted to your account key. You can later attach it to a provider as a client."
            on_close=on_close
            busy=busy
        >
            <form class="form" novalidate on:submit=submit>
                <FormAlertView errors=errors />
                <TextField
                    id=NAME_ID
                    label="Name"
                    value=name
                    autocomplete="organization"
                    placeholder="Acme Ltd"
                    maxlength=ORGANIZATION_NAME_MAX as u32
                    error=errors.field("name")
                    autofocus=true
                    on_change=Callback::new(move |()| errors.clear_field("name"))
                />
                <TextField
                    id=BILLING_ID
                    label="Billing email"
                    value=billing
                    input_type="email"
                    autocomplete="email"
                    inputmode="email"
                    error=errors.field("billing_email")
                    on_change=Callback::new(move |()| errors.clear_field("billing_email"))
                />
                <div class="form-row">
                    <PlanSelect id=PLAN_ID value=plan error=errors.field("plan") />
                    <SeatsField
                        id=SEATS_ID
                        seats=seats
                        unlimited=unlimited
                        error=errors.field("seats")
                        on_change=Callback::new(move |()| errors.clear_field("seats"))
                    />
                </div>
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Create organization" busy_label="Creating…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}
