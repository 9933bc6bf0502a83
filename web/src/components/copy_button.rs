//! A button that copies a text to the clipboard and says so.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// "Copy", then "Copied" for two seconds (or "Copy failed: select the text" where the browser
/// refuses).
#[component]
pub fn CopyButton(
    /// The text to copy.
    text: String,
    /// What is copied, for screen readers ("recovery code").
    what: &'static str,
) -> impl IntoView {
    let (state, set_state) = signal(None::<bool>);
    let text = StoredValue::new(text);
    let copy = move |_| {
        let Some(window) = web_sys::window() else { return };
        let promise = window.navigator().clipboard().write_text(&text.get_value());
        leptos::task::spawn_local(async move {
            let ok = JsFuture::from(promise).await.is_ok();
            set_state.set(Some(ok));
            set_timeout(move || set_state.set(None), Duration::from_secs(2));
        });
    };
    view! {
        <button type="button" class="btn btn-secondary btn-sm" on:click=copy>
            {move || match state.get() {
                None => "Copy",
                Some(true) => "Copied",
                Some(false) => "Copy failed: select the text",
            }}
            <span class="visually-hidden">" " {what}</span>
        </button>
        <span class="visually-hidden" role="status">
            {move || (state.get() == Some(true)).then(|| format!("{what} copied to the clipboard"))}
        </span>
    }
}
