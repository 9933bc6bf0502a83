//! The frame around every page: the top bar, the main area and the footer with the server's
//! version and backend.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use portal_shared::PRODUCT_NAME;

use crate::components::product_mark::ProductMark;
use crate::components::user_menu::UserMenu;
use crate::server_meta::use_server_meta;
use crate::session::{Status, use_session};

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

/// The product mark and name (a link home), the primary navigation, and either the way in or
/// the signed-in person's menu.
#[component]
fn TopBar() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    // Each page is its own call to action's destination: don't offer it twice there.
    let on_page = move |path: &str| location.pathname.get() == path;

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
                    {move || match session.status() {
                        Status::SignedOut => {
                            Either::Left(
                                view! {
                                    <Show when=move || !on_page("/register")>
                                        <A href="/register" attr:class="nav-link">
                                            "Create account"
                                        </A>
                                    </Show>
                                    <Show when=move || !on_page("/sign-in")>
                                        <A href="/sign-in" attr:class="btn btn-primary btn-sm">
                                            "Sign in"
                                        </A>
                                    </Show>
                                },
                            )
                        }
                        Status::Locked | Status::Unlocked => Either::Right(view! {
                            <Show when=move || session.is_instance_admin()>
                                <A href="/admin/providers" attr:class="nav-link">
                                    "Providers"
                                </A>
                            </Show>
                            <UserMenu />
                        }),
                    }}
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
