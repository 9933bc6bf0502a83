//! `/`: what this instance is, the way in, and whether its server answers.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::server_status::ServerStatusCard;

/// The landing page of a self-hosted instance.
#[component]
pub fn Home() -> impl IntoView {
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
                    <a class="btn btn-secondary btn-lg" href="/docs/" rel="external">
                        "API documentation"
                    </a>
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
                        " Self-hosted on SQLite or PostgreSQL, with a documented REST API for your integrations."
                    </li>
                </ul>
            </section>
            <aside class="home-aside" aria-label="Server status">
                <ServerStatusCard />
            </aside>
        </div>
    }
}
