//! The "Providers" card of the signed-in home: the providers this person works in (every
//! provider, for an instance administrator), each a way into its provider area.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use portal_shared::page::Page;
use portal_shared::providers::{Provider, ProviderQuery, ProviderStatus};

use crate::api;
use crate::components::error_notice::{ErrorNotice, first_client_error};
use crate::components::provider_badges::{ProviderStatusPill, ProviderTile};
use crate::session::use_session;
use crate::visit_cache;

/// How many providers the home page lists before "View all".
const SHOWN: u32 = 8;

/// The providers card, with its loading, empty and error states.
#[component]
pub fn ProvidersCard() -> impl IntoView {
    let session = use_session();
    let is_admin = Memo::new(move |_| session.is_instance_admin());
    let account_id = Memo::new(move |_| session.with_account(|a| a.map(|a| a.id.clone())).unwrap_or_default());
    let providers = LocalResource::new(move || {
        let limit = if is_admin.get() { SHOWN } else { 100 };
        let key = format!("home-providers:{}", account_id.get());
        async move {
            let query = ProviderQuery { limit: Some(limit), ..Default::default() };
            visit_cache::cached(key, || api::providers::list_providers(query)).await
        }
    });
    let (retrying, set_retrying) = signal(false);
    let retry = Callback::new(move |()| providers.refetch());

    view! {
        <section class="card" aria-labelledby="providers-card-title" data-testid="providers-card">
            <div class="card-header">
                <h2 class="card-title" id="providers-card-title">
                    {move || if is_admin.get() { "Providers on this server" } else { "Your providers" }}
                </h2>
                <Show when=move || is_admin.get()>
                    <A href="/admin/providers" attr:class="link-arrow card-header-link">
                        "Manage providers"
                    </A>
                </Show>
            </div>
            <Transition fallback=ListSkeleton set_pending=set_retrying>
                <ErrorBoundary fallback=move |errors| {
                    move || {
                        view! {
                            <div class="card-body">
                                <ErrorNotice error=first_client_error(&errors.read()) on_retry=retry pending=retrying />
                            </div>
                        }
                    }
                }>
                    {move || Suspend::new(async move {
                        providers.await.map(|page| view! { <ProviderLinks page=page is_admin=is_admin.get_untracked() /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The list, or what to do when it is empty.
#[component]
fn ProviderLinks(page: Page<Provider>, is_admin: bool) -> impl IntoView {
    if page.items.is_empty() {
        return Either::Left(if is_admin {
            Either::Left(view! {
                <div class="card-body empty-inline">
                    <p class="empty-inline-title">"No providers yet"</p>
                    <p class="muted">
                        "Create a provider for each MSP, reseller or business unit that manages client organizations here. "
                        "Its first admin is invited by email and finishes the setup."
                    </p>
                    <A href="/admin/providers?new=1" attr:class="btn btn-primary btn-sm">
                        "New provider"
                    </A>
                </div>
            })
        } else {
            Either::Right(view! {
                <div class="card-body empty-inline">
                    <p class="empty-inline-title">"You are not part of a provider yet"</p>
                    <p class="muted">
                        "When a provider invites you, open the link in the invitation email. The providers you work in will be listed here."
                    </p>
                </div>
            })
        });
    }
    let more = page.next.is_some() && is_admin;
    let rows = page
        .items
        .into_iter()
        .map(|p| {
            // A pending provider shown to a non-instance-admin is one whose setup is theirs to finish.
            let href = if p.status == ProviderStatus::Pending && !is_admin {
                format!("/providers/{}/setup", p.id)
            } else {
                format!("/providers/{}", p.id)
            };
            let name = p.name.clone();
            view! {
                <li>
                    <A href=href attr:class="provider-link">
                        <ProviderTile name=name.clone() />
                        <span class="provider-link-text">
                            <span class="provider-link-name">{name}</span>
                            <span class="provider-link-meta">{p.kind.label()}</span>
                        </span>
                        <ProviderStatusPill status=p.status />
                    </A>
                </li>
            }
        })
        .collect_view();
    Either::Right(view! {
        <ul class="provider-links" data-testid="provider-links">
            {rows}
        </ul>
        {more.then(|| view! {
            <div class="card-footer">
                <A href="/admin/providers" attr:class="link-arrow">"View all providers"</A>
            </div>
        })}
    })
}

/// Placeholder rows while the list loads.
#[component]
pub fn ListSkeleton() -> impl IntoView {
    view! {
        <div class="card-body status-loading" role="status">
            <span class="visually-hidden">"Loading…"</span>
            <div class="skeleton-rows" aria-hidden="true">
                {(0..3)
                    .map(|_| {
                        view! {
                            <div class="skeleton-row skeleton-row-item">
                                <span class="skeleton skeleton-tile"></span>
                                <span class="skeleton skeleton-label"></span>
                                <span class="skeleton skeleton-value"></span>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
