//! How a provider is shown wherever it appears: its status as a pill, its type as a word, its
//! initials as a tile.

use leptos::prelude::*;
use portal_shared::providers::ProviderStatus;

/// The words for a provider's status.
pub fn status_label(status: ProviderStatus) -> &'static str {
    match status {
        ProviderStatus::Pending => "Pending setup",
        ProviderStatus::Active => "Active",
        ProviderStatus::Disabled => "Disabled",
    }
}

/// A provider's status as a coloured pill.
#[component]
pub fn ProviderStatusPill(
    status: ProviderStatus,
    /// A second copy on the same row (for narrow screens): no test id.
    #[prop(optional)]
    copy: bool,
) -> impl IntoView {
    let tone = match status {
        ProviderStatus::Active => "ok",
        ProviderStatus::Pending => "warn",
        ProviderStatus::Disabled => "off",
    };
    view! {
        <span class=format!("status-pill status-pill-{tone}") data-testid=(!copy).then_some("provider-status")>
            <span class=format!("status-dot status-dot-{tone}") aria-hidden="true"></span>
            {status_label(status)}
        </span>
    }
}

/// The first letters of a provider's first two words, for its tile.
pub fn initials(name: &str) -> String {
    let letters: String =
        name.split_whitespace().filter_map(|w| w.chars().find(|c| c.is_alphanumeric())).take(2).collect();
    if letters.is_empty() { "?".into() } else { letters.to_uppercase() }
}

/// A square tile with the provider's initials (decorative: the name is always next to it).
#[component]
pub fn ProviderTile(#[prop(into)] name: Signal<String>, #[prop(optional)] large: bool) -> impl IntoView {
    view! {
        <span class="provider-tile" class:provider-tile-lg=large aria-hidden="true">
            {move || initials(&name.get())}
        </span>
    }
}
