//! A table row's "Manage" menu: a disclosure button and its list of changes, closed by Escape, a
//! click elsewhere or a choice; the arrow keys move between the choices. One menu is open at a
//! time: the page keeps the open row's id.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::form::focus;
use crate::components::icons::ChevronDownIcon;

/// One choice of a row menu.
pub struct MenuItem {
    /// What it says.
    pub label: String,
    /// Whether it takes something away (drawn in red).
    pub danger: bool,
    /// Its `data-testid`.
    pub test_id: &'static str,
    /// What it does (the menu closes first).
    pub on_select: Callback<()>,
}

/// The "Manage" button of a row and its choices.
#[component]
pub fn RowMenu(
    /// The row's id (the menu's ids derive from it).
    id: String,
    /// Whom the row is about, for screen readers ("Manage Alex").
    who: String,
    /// The id of the row whose menu is open.
    open_menu: RwSignal<Option<String>>,
    /// The choices.
    items: Vec<MenuItem>,
) -> impl IntoView {
    let panel_id = format!("row-menu-{id}");
    let open = {
        let id = id.clone();
        Signal::derive(move || open_menu.with(|o| o.as_deref() == Some(id.as_str())))
    };
    let root = NodeRef::<html::Div>::new();
    let button = NodeRef::<html::Button>::new();
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        if !open.get_untracked() {
            return;
        }
        let inside = match (root.get_untracked(), ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok())) {
            (Some(root), Some(target)) => root.contains(Some(&target)),
            _ => false,
        };
        if !inside {
            open_menu.set(None);
        }
    });
    on_cleanup(move || outside.remove());
    let close_and_focus = move || {
        open_menu.set(None);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let item_prefix = format!("{panel_id}-");
    let toggle = {
        let first_item = format!("{item_prefix}0");
        move |_| {
            if open.get_untracked() {
                open_menu.set(None);
            } else {
                open_menu.set(Some(id.clone()));
                // Focus the first choice, so the arrow keys and Enter work at once.
                focus(&first_item);
            }
        }
    };
    let count = items.len();
    let on_keydown = {
        let item_prefix = item_prefix.clone();
        move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                close_and_focus();
            }
            "ArrowDown" | "ArrowUp" if open.get_untracked() && count > 0 => {
                ev.prevent_default();
                let at = document()
                    .active_element()
                    .and_then(|a| a.id().strip_prefix(item_prefix.as_str()).and_then(|i| i.parse::<usize>().ok()));
                let next = match (ev.key().as_str(), at) {
                    ("ArrowDown", Some(i)) => (i + 1) % count,
                    ("ArrowUp", Some(0) | None) => count - 1,
                    ("ArrowUp", Some(i)) => i - 1,
                    _ => 0,
                };
                focus(&format!("{item_prefix}{next}"));
            }
            _ => {}
        }
    };
    let choices = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let MenuItem { label, danger, test_id, on_select } = item;
            view! {
                <li>
                    <button
                        type="button"
                        id=format!("{item_prefix}{index}")
                        class="row-menu-item"
                        class:row-menu-item-danger=danger
                        data-testid=test_id
                        on:click=move |_| {
                            open_menu.set(None);
                            on_select.run(());
                        }
                    >
                        {label}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="row-menu" node_ref=root on:keydown=on_keydown>
            <button
                type="button"
                class="btn btn-secondary btn-sm row-menu-button"
                node_ref=button
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=panel_id.clone()
                on:click=toggle
            >
                "Manage"
                <span class="visually-hidden">" " {who}</span>
                <ChevronDownIcon />
            </button>
            <div class="row-menu-panel" id=panel_id hidden=move || !open.get()>
                <ul class="row-menu-list">{choices}</ul>
            </div>
        </div>
    }
}
