//! The frame around every page: the top bar, the main area and the footer with the server's
//! version and backend.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use portal_shared::PRODUCT_NAME;

use crate::components::product_mark::ProductMark;
use crate::server_meta::use_server_meta;

/// The top bar, the page (`children`) and the footer.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    view! {
        <div class="app">
            <TopBar />
            <main class="app-main" id="main">
                {children()}
            </main>
            <SiteFooter />
        </div>
    }
}

/// The product mark and name (a link home) and the primary navigation.
#[component]
fn TopBar() -> impl IntoView {
    let location = use_location();
    // The sign-in page is the call to action's destination: don't offer it twice there.
    let on_sign_in = move || location.pathname.get() == "/sign-in";

    view! {
        <header class="topbar">
            <div class="container topbar-inner">
                <A href="/" exact=true attr:class="brand">
                    <ProductMark size=28 />
                    <span class="brand-name">{PRODUCT_NAME}</span>
                </A>
                <nav class="topbar-nav" aria-label="Main">
                    // A server page, not a client route: rel=external keeps the router out of it.
                    <a class="nav-link" href="/docs/" rel="external">
                        "API docs"
                    </a>
                    <Show when=move || !on_sign_in()>
                        <A href="/sign-in" attr:class="btn btn-primary btn-sm">
                            "Sign in"
                        </A>
                    </Show>
                </nav>
            </div>
        </header>
    }
}

/// The product name with the server's version and storage backend, once known.
#[component]
fn SiteFooter() -> impl IntoView {
    let meta = use_server_meta().0;

    view! {
        <footer class="site-footer">
            <div class="container site-footer-inner">
                <p class="site-footer-version">
                    <span class="site-footer-product">{PRODUCT_NAME}</span>
                    {move || match meta.get() {
                        None => EitherOf3::A(view! { <span class="muted">" · connecting…"</span> }),
                        Some(Ok(m)) => {
                            EitherOf3::B(
                                view! {
                                    " "
                                    <span data-testid="server-version">{m.version}</span>
                                    <span class="sep" aria-hidden="true">" · "</span>
                                    <span data-testid="server-backend">{m.backend.label()}</span>
                                },
                            )
                        }
                        Some(Err(_)) => EitherOf3::C(view! { <span class="muted">" · server unreachable"</span> }),
                    }}
                </p>
                <p class="site-footer-note">"Zero-knowledge: vaults are encrypted and decrypted in your browser."</p>
            </div>
        </footer>
    }
}
