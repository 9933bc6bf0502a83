//! The few line icons the portal draws (inline SVG, `currentColor`, decorative).

use leptos::prelude::*;

/// A padlock.
#[component]
pub fn LockIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <rect x="4.5" y="10.5" width="15" height="10" rx="2"></rect>
            <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3"></path>
            <path d="M12 14.5v2.5"></path>
        </svg>
    }
}

/// A shield with a check mark.
#[component]
pub fn ShieldIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <path d="M12 3l7.5 3v5.5c0 4.5-3.2 8.3-7.5 9.5-4.3-1.2-7.5-5-7.5-9.5V6z"></path>
            <path d="M8.8 12.2l2.2 2.2 4.3-4.4"></path>
        </svg>
    }
}

/// A small downward chevron.
#[component]
pub fn ChevronDownIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 16 16" width="14" height="14" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <path d="M4 6l4 4 4-4"></path>
        </svg>
    }
}

/// A mail envelope.
#[component]
pub fn MailIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <rect x="3" y="5.5" width="18" height="13" rx="2"></rect>
            <path d="M3.5 7l8.5 6 8.5-6"></path>
        </svg>
    }
}
