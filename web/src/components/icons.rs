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

/// A key.
#[component]
pub fn KeyIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <circle cx="8" cy="15" r="4"></circle>
            <path d="M10.8 12.2L20 3"></path>
            <path d="M16 7l3 3"></path>
            <path d="M14 9l2 2"></path>
        </svg>
    }
}

/// Two people.
#[component]
pub fn UsersIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <circle cx="9" cy="8" r="3.5"></circle>
            <path d="M2.5 20c.6-3.6 3.2-5.5 6.5-5.5s5.9 1.9 6.5 5.5"></path>
            <path d="M15.5 4.7a3.5 3.5 0 0 1 0 6.6"></path>
            <path d="M18 14.8c1.9.7 3.1 2.4 3.5 5.2"></path>
        </svg>
    }
}

/// An office building (client organizations).
#[component]
pub fn BuildingIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <rect x="4" y="3" width="11" height="18" rx="1.5"></rect>
            <path d="M15 9h4a1 1 0 0 1 1 1v11"></path>
            <path d="M8 7h3M8 11h3M8 15h3"></path>
            <path d="M2.5 21h19"></path>
        </svg>
    }
}

/// A list with a clock (an event log).
#[component]
pub fn HistoryIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <path d="M3.5 12a8.5 8.5 0 1 0 2.5-6"></path>
            <path d="M3 4v4h4"></path>
            <path d="M12 7.5V12l3 2"></path>
        </svg>
    }
}

/// A magnifying glass.
#[component]
pub fn SearchIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 20 20" width="16" height="16" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <circle cx="8.5" cy="8.5" r="5.5"></circle>
            <path d="M13 13l4 4"></path>
        </svg>
    }
}

/// A plus sign.
#[component]
pub fn PlusIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 16 16" width="14" height="14" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true">
            <path d="M8 3v10M3 8h10"></path>
        </svg>
    }
}
