//! What the page shows while keys are derived: a spinner, a sentence and a moving bar. Both
//! animate `transform` only, so the compositor keeps them moving while Argon2id holds the main
//! thread.

use leptos::prelude::*;

/// "Deriving your keys…" with an indeterminate progress bar.
#[component]
pub fn KdfProgress(
    /// The sentence (defaults to "Deriving your keys…").
    #[prop(into, optional)]
    label: MaybeProp<&'static str>,
) -> impl IntoView {
    view! {
        <div class="kdf-progress" role="status" aria-live="polite">
            <div class="kdf-progress-head">
                <span class="spinner" aria-hidden="true"></span>
                <span class="kdf-progress-label">{move || label.get().unwrap_or("Deriving your keys…")}</span>
            </div>
            <div class="progress-track" aria-hidden="true">
                <div class="progress-indeterminate"></div>
            </div>
            <p class="field-hint">
                "Your master password is stretched on this device, so it never has to leave it. This takes a moment."
            </p>
        </div>
    }
}
