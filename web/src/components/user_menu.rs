//! The signed-in person's menu in the top bar: who is signed in, Account settings, Lock now and
//! Sign out. A disclosure (a button that shows a list), closed by Escape, a click elsewhere or
//! a choice.

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use crate::components::icons::ChevronDownIcon;
use crate::session::{Status, use_session};

/// The initials of a name (at most two letters), for the avatar.
pub fn initials(name: &str, email: &str) -> String {
    let from_name: String = name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    let text = if from_name.is_empty() { email.chars().take(1).collect() } else { from_name };
    text.to_uppercase()
}

/// The avatar button and its menu.
#[component]
pub fn UserMenu() -> impl IntoView {
    let session = use_session();
    let (open, set_open) = signal(false);
    let root = NodeRef::<html::Div>::new();
    let button = NodeRef::<html::Button>::new();
    let location = use_location();

    // A click outside closes the menu; so does moving to another page.
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        if !open.get_untracked() {
            return;
        }
        let inside = match (root.get_untracked(), ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok())) {
            (Some(root), Some(target)) => root.contains(Some(&target)),
            _ => false,
        };
        if !inside {
            set_open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    Effect::new(move |_| {
        location.pathname.track();
        set_open.set(false);
    });

    let close_and_focus = move || {
        set_open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let name = move || session.with_account(|a| a.map(|a| a.name.clone()).unwrap_or_default());
    let email = move || session.with_account(|a| a.map(|a| a.email.clone()).unwrap_or_default());

    view! {
        <div
            class="user-menu"
            node_ref=root
            on:keydown=move |ev| {
                if ev.key() == "Escape" && open.get_untracked() {
                    ev.prevent_default();
                    close_and_focus();
                }
            }
        >
            <button
                type="button"
                class="user-menu-button"
                node_ref=button
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="user-menu-panel"
                data-testid="user-menu"
                on:click=move |_| set_open.update(|o| *o = !*o)
            >
                <span class="avatar" aria-hidden="true">
                    {move || initials(&name(), &email())}
                </span>
                <span class="user-menu-name">
                    {move || {
                        let n = name();
                        if n.is_empty() { "Account".to_owned() } else { n }
                    }}
                </span>
                <Show when=move || session.status() == Status::Locked>
                    <span class="status-pill status-pill-locked">"Locked"</span>
                </Show>
                <ChevronDownIcon />
                <span class="visually-hidden">" account menu"</span>
            </button>
            <div class="user-menu-panel" id="user-menu-panel" hidden=move || !open.get()>
                <div class="user-menu-who">
                    <p class="user-menu-who-name">{name}</p>
                    <p class="user-menu-who-email">{email}</p>
                </div>
                <ul class="user-menu-list">
                    <li>
                        <A href="/settings/account" attr:class="user-menu-item">
                            "Account settings"
                        </A>
                    </li>
                    // Also in the top bar; here too for narrow screens, where the bar hides its links.
                    <Show when=move || session.is_instance_admin()>
                        <li>
                            <A href="/admin/providers" attr:class="user-menu-item">
                                "Manage providers"
                            </A>
                        </li>
                    </Show>
                    <Show when=move || session.status() == Status::Unlocked>
                        <li>
                            <button
                                type="button"
                                class="user-menu-item"
                                on:click=move |_| {
                                    close_and_focus();
                                    session.lock(None);
                                }
                            >
                                "Lock now"
                            </button>
                        </li>
                    </Show>
                    <li class="user-menu-sep">
                        <button type="button" class="user-menu-item" on:click=move |_| session.sign_out()>
                            "Sign out"
                        </button>
                    </li>
                </ul>
            </div>
        </div>
    }
}
