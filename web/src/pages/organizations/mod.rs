//! `/organizations/{id}/…`: one organization, for its members and for the users of the provider
//! that administers it. The header (name, plan, provider), the section tabs of the organization
//! admin area, and the chosen section: the overview, members, groups, collections, policies,
//! events, the API key or the settings. A tab shows only to those who may use it (administrators, or the matching Custom permission). A
//! banner says when accepted members wait for the caller to confirm them. The organization is
//! loaded once here and shared with the sections through [`OrganizationContext`].

pub mod access_parts;
pub mod api_key;
pub mod collections;
pub mod events;
pub mod groups;
pub mod member_dialogs;
pub mod members;
pub mod org_key;
pub mod overview;
pub mod policies;
pub mod settings;

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::use_params_map;
use portal_shared::organizations::{CustomPermissions, Organization};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::organization_parts::plan_label;
use crate::components::provider_badges::ProviderTile;
use crate::components::require_session::RequireUnlocked;
use crate::format;
use crate::visit_cache;

/// The organization being shown, for the sections (a section that changes it updates the header).
#[derive(Clone, Copy)]
pub struct OrganizationContext {
    /// The organization, as last read or saved.
    pub organization: RwSignal<Organization>,
}

/// The organization of the page around the calling section.
pub fn use_organization() -> Option<OrganizationContext> {
    use_context::<OrganizationContext>()
}

/// Whether a set of permissions allows a section.
type Needs = fn(&CustomPermissions) -> bool;

/// Whether the caller may use a section that needs `needs` (administrators hold every permission).
pub(crate) fn may_use(org: &Organization, needs: Needs) -> bool {
    org.access.can_administer || needs(&org.access.permissions)
}

/// The organization page, for an unlocked session.
#[component]
pub fn OrganizationPage() -> impl IntoView {
    view! {
        <RequireUnlocked>
            <OrganizationShell />
        </RequireUnlocked>
    }
}

#[component]
fn OrganizationShell() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let organization = LocalResource::new(move || {
        let id = id.get();
        // Unlocking draws the page again without a new request.
        async move { visit_cache::cached(format!("organization:{id}"), || api::organizations::get(id.clone())).await }
    });
    let (retrying, set_retrying) = signal(false);
    let retry = Callback::new(move |()| organization.refetch());

    view! {
        <div class="container organization-area">
            <Transition fallback=OrganizationSkeleton set_pending=set_retrying>
                {move || Suspend::new(async move {
                    match organization.await {
                        Ok(org) => EitherOf3::A(view! { <LoadedOrganization org=org /> }),
                        Err(e) if e.status() == Some(404) => EitherOf3::B(view! { <OrganizationNotFound /> }),
                        Err(e) => EitherOf3::C(view! {
                            <Title text="Organization" />
                            <div class="stack-lg">
                                <h1 class="page-title">"The organization could not be loaded"</h1>
                                <ErrorNotice error=e on_retry=retry pending=retrying />
                            </div>
                        }),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The header, the tabs and the chosen section.
#[component]
fn LoadedOrganization(org: Organization) -> impl IntoView {
    let base = format!("/organizations/{}", org.id);
    // Through the provider: the way back is the provider's clients.
    let back = match (org.provider.clone(), org.access.via_provider) {
        (Some(p), true) => Either::Left(view! {
            <A href=format!("/providers/{}/clients", p.id)>{p.name.clone()}</A>
            <span class="breadcrumb-sep" aria-hidden="true">"/"</span>
            <A href=format!("/providers/{}/clients", p.id)>"Clients"</A>
        }),
        _ => Either::Right(view! { <A href="/" exact=true>"Home"</A> }),
    };
    let members_href = format!("{base}/members");
    let events_href = format!("{base}/events");
    let api_key_href = format!("{base}/api-key");
    let groups_href = format!("{base}/groups");
    let organization = RwSignal::new(org);
    provide_context(OrganizationContext { organization });
    let name = Signal::derive(move || organization.with(|o| o.name.clone()));
    view! {
        <Title text=name />
        <nav class="breadcrumb" aria-label="Breadcrumb">
            {back}
            <span class="breadcrumb-sep" aria-hidden="true">"/"</span>
            <span aria-current="page">{name}</span>
        </nav>
        <header class="provider-header">
            <ProviderTile name=name large=true />
            <div class="provider-header-text">
                <div class="provider-title-row">
                    <h1 class="page-title" data-testid="organization-name">{name}</h1>
                    {move || organization.with(|o| o.provider.is_some()).then(|| view! {
                        <span class="status-pill status-pill-accent">"Client organization"</span>
                    })}
                </div>
                <p class="provider-meta">
                    <span data-testid="organization-plan">
                        {move || format!("{} plan", plan_label(organization.with(|o| o.plan)))}
                    </span>
                    {move || organization.with(|o| o.provider.clone()).map(|p| view! {
                        <span class="sep" aria-hidden="true">"·"</span>
                        <span>"Managed by " {p.name}</span>
                    })}
                    <span class="sep" aria-hidden="true">"·"</span>
                    <span>"Since " {move || organization.with(|o| format::date(&o.created_at))}</span>
                </p>
            </div>
        </header>
        <AwaitingBanner organization=organization base=base.clone() />
        <nav class="tabs" aria-label="Organization sections">
            <A href=base.clone() exact=true attr:class="tab">"Overview"</A>
            {move || organization.with(|o| may_use(o, |p| p.manage_users)).then(|| view! {
                <A href=members_href.clone() attr:class="tab" attr:data-testid="tab-members">"Members"</A>
            })}
            {move || organization.with(|o| may_use(o, |p| p.manage_groups)).then(|| view! {
                <A href=groups_href.clone() attr:class="tab" attr:data-testid="tab-groups">"Groups"</A>
            })}
            <A href=format!("{base}/collections") attr:class="tab" attr:data-testid="tab-collections">"Collections"</A>
            <A href=format!("{base}/policies") attr:class="tab" attr:data-testid="tab-policies">"Policies"</A>
            {move || organization.with(|o| may_use(o, |p| p.access_event_logs)).then(|| view! {
                <A href=events_href.clone() attr:class="tab" attr:data-testid="tab-events">"Events"</A>
            })}
            {move || organization.with(api_key::may_manage).then(|| view! {
                <A href=api_key_href.clone() attr:class="tab" attr:data-testid="tab-api-key">"API key"</A>
            })}
            <A href=format!("{base}/settings") attr:class="tab">"Settings"</A>
        </nav>
        <div class="organization-section">
            <Outlet />
        </div>
    }
}

/// "N members await confirmation", for those who can confirm them (they manage members and hold
/// a way to the organization key), with the way to do it.
#[component]
fn AwaitingBanner(organization: RwSignal<Organization>, base: String) -> impl IntoView {
    let shown = Memo::new(move |_| {
        organization.with(|o| {
            let n = o.awaiting_confirmation;
            (n > 0 && may_use(o, |p| p.manage_users) && org_key::reachable(o)).then_some(n)
        })
    });
    let href = format!("{base}/members?confirm=all");
    move || {
        shown.get().map(|n| {
            let text = if n == 1 {
                "1 member awaits confirmation".to_owned()
            } else {
                format!("{n} members await confirmation")
            };
            view! {
                <div class="notice notice-warning awaiting-banner" data-testid="awaiting-banner">
                    <div class="notice-body">
                        <p class="notice-title">{text}</p>
                        <p class="notice-detail">
                            "They accepted their invitation. Compare each one's key fingerprint with them, then hand them the organization key."
                        </p>
                    </div>
                    <A href=href.clone() attr:class="btn btn-primary btn-sm">"Review and confirm"</A>
                </div>
            }
        })
    }
}

/// No such organization, or none for this person.
#[component]
fn OrganizationNotFound() -> impl IntoView {
    view! {
        <Title text="Organization not found" />
        <div class="narrow-block">
            <div class="card empty-state" data-testid="organization-not-found">
                <p class="eyebrow">"Not available"</p>
                <h1 class="empty-state-title">"This organization is not available to you"</h1>
                <p class="muted">
                    "It does not exist, or your account has no access to it: you are not one of its members, and not a "
                    "user of the provider that administers it. A client that was detached from its provider is no longer "
                    "visible to that provider's users."
                </p>
                <A href="/" attr:class="btn btn-primary">"Go to the home page"</A>
            </div>
        </div>
    }
}

/// The header's shape while the organization loads.
#[component]
fn OrganizationSkeleton() -> impl IntoView {
    view! {
        <div class="status-loading" role="status">
            <span class="visually-hidden">"Loading the organization…"</span>
            <div class="provider-header" aria-hidden="true">
                <span class="skeleton skeleton-tile-lg"></span>
                <div class="skeleton-rows provider-header-text">
                    <span class="skeleton skeleton-heading"></span>
                    <span class="skeleton skeleton-label"></span>
                </div>
            </div>
            <div class="tabs" aria-hidden="true">
                {(0..7).map(|_| view! { <span class="skeleton skeleton-tab"></span> }).collect_view()}
            </div>
        </div>
    }
}
