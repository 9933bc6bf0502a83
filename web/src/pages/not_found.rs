//! The page for a client route that does not exist.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// "Page not found", with the path that was asked for and a way home.
#[component]
pub fn NotFound() -> impl IntoView {
    let location = use_location();
    view! {
        <Title text="Page not found" />
        <div class="container narrow">
            <div class="card empty-state">
                <p class="eyebrow">"Error 404"</p>
                <h1 class="empty-state-title">"Page not found"</h1>
                <p class="muted">
                    "There is no page at " <code class="path">{move || location.pathname.get()}</code>
                    " on this server."
                </p>
                <A href="/" attr:class="btn btn-primary">
                    "Go to the home page"
                </A>
            </div>
        </div>
    }
}
