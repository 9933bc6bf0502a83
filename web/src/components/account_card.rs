//! The "Your account" card of the signed-in home page: email, two-step login (with a call to
//! action when it is off) and the key fingerprint.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::icons::ShieldIcon;
use crate::session::use_session;

/// The signed-in account at a glance.
#[component]
pub fn AccountCard() -> impl IntoView {
    let session = use_session();
    let email = move || session.with_account(|a| a.map(|a| a.email.clone()).unwrap_or_default());
    let two_step = move || session.with_account(|a| a.is_some_and(|a| a.two_step_enabled));
    let fingerprint = move || session.with_keys(|k| k.fingerprint().to_string()).unwrap_or_default();

    view! {
        <section class="card" aria-labelledby="account-card-title" data-testid="account-card">
            <div class="card-header">
                <h2 class="card-title" id="account-card-title">
                    "Your account"
                </h2>
                <A href="/settings/account" attr:class="link-arrow card-header-link">
                    "Settings"
                </A>
            </div>
            <div class="card-body stack">
                <dl class="kv">
                    <div class="kv-row">
                        <dt>"Email"</dt>
                        <dd class="kv-text" data-testid="account-email">{email}</dd>
                    </div>
                    <div class="kv-row">
                        <dt>"Two-step login"</dt>
                        <dd data-testid="two-step-status">
                            {move || {
                                if two_step() {
                                    view! { <span class="status-pill status-pill-ok">"On"</span> }.into_any()
                                } else {
                                    view! { <span class="status-pill status-pill-warn">"Off"</span> }.into_any()
                                }
                            }}
                        </dd>
                    </div>
                </dl>
                <div class="fingerprint-block">
                    <p class="fingerprint-label" id="home-fingerprint-label">"Key fingerprint"</p>
                    <p class="fingerprint" aria-labelledby="home-fingerprint-label" data-testid="fingerprint">
                        {fingerprint}
                    </p>
                    <p class="field-hint">
                        "An administrator who confirms you compares this number with the one they see."
                    </p>
                </div>
                <Show when=move || !two_step()>
                    <div class="callout">
                        <span class="callout-icon">
                            <ShieldIcon />
                        </span>
                        <div class="callout-body">
                            <p class="callout-title">"Turn on two-step login"</p>
                            <p class="muted">
                                "A code from an authenticator app keeps your account safe even if your master password leaks."
                            </p>
                        </div>
                        <A href="/settings/account#two-step" attr:class="btn btn-primary btn-sm">
                            "Set it up"
                        </A>
                    </div>
                </Show>
            </div>
        </section>
    }
}
