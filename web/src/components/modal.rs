//! A modal dialog on the browser's own `<dialog>`: `showModal()` makes the rest of the page
//! inert, keeps keyboard focus inside and closes on Escape; focus goes back to the control that
//! opened it. The dialog exists only while it is shown, so its form starts fresh every time.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A modal dialog: a title, an optional description, and `children` (usually a form with
/// [`ModalActions`]). Mount it while it should be open; `on_close` is called when the person
/// dismisses it (Escape), and the owner then unmounts it.
#[component]
pub fn Modal(
    /// The dialog's id (the title's and description's ids derive from it).
    id: &'static str,
    /// The title, read out when the dialog opens.
    #[prop(into)]
    title: Signal<String>,
    /// A sentence under the title.
    #[prop(optional, into)]
    description: Option<Signal<String>>,
    /// Called when the person dismisses the dialog.
    on_close: Callback<()>,
    /// While true, Escape does not close the dialog (a request is under way).
    #[prop(optional, into)]
    busy: Signal<bool>,
    /// `modal-danger` for a destructive confirmation.
    #[prop(optional)]
    tone: &'static str,
    /// The content.
    children: Children,
) -> impl IntoView {
    // The browser gives focus back only when a dialog closes, not when it is removed: do it here.
    let opener =
        StoredValue::new_local(document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()));
    on_cleanup(move || {
        let Some(Some(el)) = opener.try_get_value() else { return };
        // After the dialog has left the page (while it is open, the rest of the page is inert).
        request_animation_frame(move || {
            if el.is_connected() {
                let _ = el.focus();
            }
        });
    });
    let node = NodeRef::<html::Dialog>::new();
    node.on_load(|dialog| {
        // Already open (a re-mount in the same frame) throws; nothing to do then.
        let _ = dialog.show_modal();
    });
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let description_id = description.is_some().then(|| format!("{id}-description"));
    let described_by = description_id.clone();
    view! {
        <dialog
            node_ref=node
            id=id
            class=format!("modal {tone}")
            aria-labelledby=labelled_by
            aria-describedby=described_by
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                if !busy.get_untracked() {
                    on_close.run(());
                }
            }
        >
            <div class="modal-header">
                <h2 class="modal-title" id=title_id>
                    {move || title.get()}
                </h2>
                {description.map(|d| view! { <p class="modal-description muted" id=description_id>{move || d.get()}</p> })}
            </div>
            {children()}
        </dialog>
    }
}

/// The row of buttons at the bottom of a dialog: Cancel (which closes it) and the children
/// (the submit button).
#[component]
pub fn ModalActions(
    /// Called by Cancel.
    on_cancel: Callback<()>,
    /// While true, Cancel is inert.
    #[prop(optional, into)]
    busy: Signal<bool>,
    /// The label of the cancel button.
    #[prop(default = "Cancel")]
    cancel_label: &'static str,
    /// The main action.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="modal-actions">
            <button
                type="button"
                class="btn btn-secondary"
                aria-disabled=move || busy.get().then_some("true")
                on:click=move |_| {
                    if !busy.get_untracked() {
                        on_cancel.run(());
                    }
                }
            >
                {cancel_label}
            </button>
            {children()}
        </div>
    }
}
