//! `/`: for visitors, what this instance is and the way in; for the signed-in, their home (a
//! greeting, their account and the server's status); for a locked session, the unlock card.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::account_card::AccountCard;
use crate::components::organizations_card::OrganizationsCard;
use crate::components::providers_card::ProvidersCard;
use crate::components::server_status::ServerStatusCard;
use crate::components::unlock_card::UnlockCard;
use crate::session::{Status, use_session};

/// The home page, by session state.
#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    move || match session.status() {
        Status::SignedOut => EitherOf3::A(view! { <Landing /> }),
        Status::Locked => EitherOf3::B(view! { <UnlockCard /> }),
        Status::Unlocked => EitherOf3::C(view! { <SignedInHome /> }),
    }
}

/// The landing page of a self-hosted instance.
#[component]
fn Landing() -> impl IntoView {
    view! {
        <Title text="" />
        <div class="container home">
            <section class="hero" aria-labelledby="home-title">
                <p class="eyebrow">"Self-hosted · Zero-knowledge"</p>
                <h1 class="hero-title" id="home-title">
                    "Every client's password vault, managed from one place."
                </h1>
                <p class="lead">
                    "Provider Portal lets managed service providers run the password vaults of all their clients "
                    "from a single console. Vaults are encrypted in the browser, so this server stores only "
                    "ciphertext and never sees a password."
                </p>
                <div class="hero-actions">
                    <A href="/sign-in" attr:class="btn btn-primary btn-lg">
                        "Sign in"
                    </A>
                    <A href="/register" attr:class="btn btn-secondary btn-lg">
                        "Create an account"
                    </A>
                </div>
                <ul class="feature-list">
                    <li>
                        <strong>"Zero-knowledge."</strong>
                        " Keys are derived from your master password on your device; the server never receives it."
                    </li>
                    <li>
                        <strong>"One console, many clients."</strong>
                        " Each client is an organization of its own, with members, groups and collections."
                    </li>
                    <li>
                        <strong>"Yours to run."</strong>
                        " Self-hosted on SQLite or PostgreSQL, with a documented "
                        <a href="/docs/" rel="external">
                            "REST API"
                        </a>
                        " for your integrations."
                    </li>
                </ul>
            </section>
            <aside class="home-aside" aria-label="Server status">
                <ServerStatusCard />
            </aside>
        </div>
    }
}

/// "Good morning" by the browser's clock.
fn greeting() -> &'static str {
    match js_sys::Date::new_0().get_hours() {
        5..=11 => "Good morning",
        12..=17 => "Good afternoon",
        _ => "Good evening",
    }
}

/// The signed-in home.
#[component]
fn SignedInHome() -> impl IntoView {
    let session = use_session();
    let notice = session.take_notice();
    let first_name = move || {
        session
            .with_account(|a| a.and_then(|a| a.name.split_whitespace().next().map(str::to_owned)).unwrap_or_default())
    };
    view! {
        <Title text="Home" />
        <div class="container">
            <header class="page-header">
                <div>
                    <h1 class="page-title" data-testid="greeting">
                        {move || format!("{}, {}", greeting(), first_name())}
                    </h1>
                    <p class="muted">"Your vault is unlocked on this device."</p>
                </div>
            </header>
            {notice
                .map(|n| {
                    view! {
                        <div class="notice notice-info page-notice" role="status">
                            <div class="notice-body">
                                <p class="notice-title">{n}</p>
                            </div>
                        </div>
                    }
                })}
            <div class="dashboard">
                <div class="stack-lg">
                    <ProvidersCard />
                    <AccountCard />
                    <OrganizationsCard />
                </div>
                <aside class="dashboard-aside" aria-label="Server status">
                    <ServerStatusCard />
                </aside>
            </div>
        </div>
    }
}
