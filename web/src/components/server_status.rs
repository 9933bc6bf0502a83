//! The "Server" card: whether the API answers, and its version, API version and backend.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use portal_shared::meta::Meta;

use crate::components::error_notice::{ErrorNotice, first_client_error};
use crate::server_meta::use_server_meta;

/// The server's status card, with loading and error states and a Retry that refetches.
#[component]
pub fn ServerStatusCard() -> impl IntoView {
    let meta = use_server_meta().0;
    let (retrying, set_retrying) = signal(false);
    let retry = Callback::new(move |()| meta.refetch());

    view! {
        <section class="card status-card" aria-labelledby="server-status-title">
            <div class="card-header">
                <h2 class="card-title" id="server-status-title">
                    "Server"
                </h2>
                {move || match (meta.get(), retrying.get()) {
                    (None, _) | (Some(Err(_)), true) => {
                        EitherOf3::A(view! { <StatusPill state="pending" label="Connecting" /> })
                    }
                    (Some(Ok(_)), _) => EitherOf3::B(view! { <StatusPill state="ok" label="Online" /> }),
                    (Some(Err(_)), false) => EitherOf3::C(view! { <StatusPill state="error" label="Unreachable" /> }),
                }}
            </div>
            <div class="card-body">
                <Transition fallback=StatusSkeleton set_pending=set_retrying>
                    <ErrorBoundary fallback=move |errors| {
                        move || {
                            view! {
                                <ErrorNotice
                                    error=first_client_error(&errors.read())
                                    on_retry=retry
                                    pending=retrying
                                />
                            }
                        }
                    }>
                        {move || Suspend::new(async move {
                            meta.await.map(|m| view! { <StatusDetails meta=m /> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </div>
            <div class="card-footer">
                <a class="link-arrow" href="/docs/" rel="external">
                    "API documentation"
                </a>
            </div>
        </section>
    }
}

/// A coloured dot and a word, e.g. "● Online".
#[component]
fn StatusPill(state: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <span class=format!("status-pill status-pill-{state}") data-testid="server-status">
            <span class=format!("status-dot status-dot-{state}") aria-hidden="true"></span>
            {label}
        </span>
    }
}

/// The server's answer, as a list of facts.
#[component]
fn StatusDetails(meta: Meta) -> impl IntoView {
    view! {
        <dl class="kv">
            <div class="kv-row">
                <dt>"Version"</dt>
                <dd data-testid="status-version">{meta.version}</dd>
            </div>
            <div class="kv-row">
                <dt>"API version"</dt>
                <dd>
                    <code>{meta.api_version}</code>
                </dd>
            </div>
            <div class="kv-row">
                <dt>"Backend"</dt>
                <dd>{meta.backend.label()}</dd>
            </div>
        </dl>
    }
}

/// Placeholder rows while the first answer is on its way.
#[component]
fn StatusSkeleton() -> impl IntoView {
    view! {
        <div class="status-loading" role="status">
            <p class="muted">"Connecting to the server…"</p>
            <div class="skeleton-rows" aria-hidden="true">
                <div class="skeleton-row">
                    <span class="skeleton skeleton-label"></span>
                    <span class="skeleton skeleton-value"></span>
                </div>
                <div class="skeleton-row">
                    <span class="skeleton skeleton-label"></span>
                    <span class="skeleton skeleton-value"></span>
                </div>
                <div class="skeleton-row">
                    <span class="skeleton skeleton-label"></span>
                    <span class="skeleton skeleton-value"></span>
                </div>
            </div>
        </div>
    }
}
