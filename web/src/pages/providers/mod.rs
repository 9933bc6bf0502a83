//! The provider area, `/providers/{id}/…`: the provider's header (name, type, status), its
//! sub-navigation (Clients, Users, Events, Settings) and the page of the chosen section. The
//! provider is loaded once here and shared with the sections through [`ProviderContext`].

pub mod client_dialogs;
pub mod clients;
pub mod events;
pub mod settings;
pub mod setup;
pub mod user_dialogs;
pub mod users;

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::{use_location, use_params_map};
use portal_shared::providers::{Provider, ProviderStatus};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::provider_badges::{ProviderStatusPill, ProviderTile};
use crate::components::require_session::RequireUnlocked;
use crate::format;
use crate::session::use_session;
use crate::visit_cache;

/// The provider being shown, for the sections (a section that changes it updates the header).
#[derive(Clone, Copy)]
pub struct ProviderContext {
    /// The provider, as last read or saved.
    pub provider: RwSignal<Provider>,
}

/// The provider of the area around the calling section.
pub fn use_provider() -> Option<ProviderContext> {
    use_context::<ProviderContext>()
}

/// The provider area, for an unlocked session.
#[component]
pub fn ProviderArea() -> impl IntoView {
    view! {
        <RequireUnlocked>
            <ProviderShell />
        </RequireUnlocked>
    }
}

#[component]
fn ProviderShell() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let provider = LocalResource::new(move || {
        let id = id.get();
        // Unlocking draws the area again without a new request.
        async move { visit_cache::cached(format!("provider:{id}"), || api::providers::get_provider(id.clone())).await }
    });
    let (retrying, set_retrying) = signal(false);
    let retry = Callback::new(move |()| provider.refetch());

    view! {
        <div class="container provider-area">
            <Transition fallback=ProviderSkeleton set_pending=set_retrying>
                {move || Suspend::new(async move {
                    match provider.await {
                        Ok(p) => EitherOf3::A(view! { <LoadedProvider provider=p /> }),
                        Err(e) if e.status() == Some(404) => EitherOf3::B(view! { <ProviderNotFound /> }),
                        Err(e) => EitherOf3::C(view! {
                            <Title text="Provider" />
                            <div class="stack-lg">
                                <h1 class="page-title">"The provider could not be loaded"</h1>
                                <ErrorNotice error=e on_retry=retry pending=retrying />
                            </div>
                        }),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The header, the sub-navigation and the chosen section.
#[component]
fn LoadedProvider(provider: Provider) -> impl IntoView {
    let session = use_session();
    // A message from the page before (the setup), until the person moves on to another section.
    let notice = RwSignal::new(session.take_notice());
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            notice.set(None);
        }
        path
    });
    let id = provider.id.clone();
    let provider = RwSignal::new(provider);
    provide_context(ProviderContext { provider });
    let name = Signal::derive(move || provider.with(|p| p.name.clone()));
    let is_admin = move || session.is_instance_admin();
    let base = format!("/providers/{id}");

    view! {
        <Title text=name />
        <nav class="breadcrumb" aria-label="Breadcrumb">
            {move || if is_admin() {
                Either::Left(view! { <A href="/admin/providers">"Providers"</A> })
            } else {
                Either::Right(view! { <A href="/" exact=true>"Home"</A> })
            }}
            <span class="breadcrumb-sep" aria-hidden="true">"/"</span>
            <span aria-current="page">{name}</span>
        </nav>
        <header class="provider-header">
            <ProviderTile name=name large=true />
            <div class="provider-header-text">
                <div class="provider-title-row">
                    <h1 class="page-title" data-testid="provider-name">{name}</h1>
                    {move || view! { <ProviderStatusPill status=provider.with(|p| p.status) /> }}
                </div>
                <p class="provider-meta">
                    <span data-testid="provider-type">{move || provider.with(|p| p.kind.label())}</span>
                    <span class="sep" aria-hidden="true">"·"</span>
                    <span>
                        "Billing: "
                        {move || provider.with(|p| p.billing_email.clone()).unwrap_or_else(|| "not set".into())}
                    </span>
                    <span class="sep" aria-hidden="true">"·"</span>
                    <span>"Since " {move || provider.with(|p| format::date(&p.created_at))}</span>
                </p>
            </div>
        </header>
        {move || notice.get().map(|n| view! {
            <div class="notice notice-success page-notice" role="status">
                <div class="notice-body"><p class="notice-title">{n}</p></div>
            </div>
        })}
        {move || match provider.with(|p| p.status) {
            ProviderStatus::Disabled => Some(Either::Left(view! {
                <div class="notice notice-warning page-notice" data-testid="provider-disabled">
                    <div class="notice-body">
                        <p class="notice-title">"This provider is disabled"</p>
                        <p class="notice-detail">
                            "Its users cannot reach it or its clients until an instance administrator enables it again. Nothing was deleted."
                        </p>
                    </div>
                </div>
            })),
            ProviderStatus::Pending => Some(Either::Right(view! {
                <div class="notice notice-info page-notice">
                    <div class="notice-body">
                        <p class="notice-title">"Waiting for its first admin"</p>
                        <p class="notice-detail">
                            "The invited Provider Admin has not finished the setup yet. The provider becomes active when they do."
                        </p>
                    </div>
                </div>
            })),
            ProviderStatus::Active => None,
        }}
        <nav class="tabs" aria-label="Provider sections">
            <A href=base.clone() exact=true attr:class="tab">"Clients"</A>
            <A href=format!("{base}/users") attr:class="tab">"Users"</A>
            <A href=format!("{base}/events") attr:class="tab">"Events"</A>
            <A href=format!("{base}/settings") attr:class="tab">"Settings"</A>
        </nav>
        <div class="provider-section">
            <Outlet />
        </div>
    }
}

/// No such provider, or none for this person (a disabled provider is hidden from its users).
#[component]
fn ProviderNotFound() -> impl IntoView {
    view! {
        <Title text="Provider not found" />
        <div class="narrow-block">
            <div class="card empty-state" data-testid="provider-not-found">
                <p class="eyebrow">"Not available"</p>
                <h1 class="empty-state-title">"This provider is not available"</h1>
                <p class="muted">
                    "It does not exist, or your account has no access to it. A provider that an instance administrator "
                    "disabled is hidden from its users until it is enabled again."
                </p>
                <A href="/" attr:class="btn btn-primary">"Go to the home page"</A>
            </div>
        </div>
    }
}

/// The header's shape while the provider loads.
#[component]
fn ProviderSkeleton() -> impl IntoView {
    view! {
        <div class="status-loading" role="status">
            <span class="visually-hidden">"Loading the provider…"</span>
            <div class="provider-header" aria-hidden="true">
                <span class="skeleton skeleton-tile-lg"></span>
                <div class="skeleton-rows provider-header-text">
                    <span class="skeleton skeleton-heading"></span>
                    <span class="skeleton skeleton-label"></span>
                </div>
            </div>
            <div class="tabs" aria-hidden="true">
                <span class="skeleton skeleton-tab"></span>
                <span class="skeleton skeleton-tab"></span>
                <span class="skeleton skeleton-tab"></span>
                <span class="skeleton skeleton-tab"></span>
            </div>
        </div>
    }
}
