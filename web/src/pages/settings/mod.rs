//! `/settings/account`: profile, email, master password, two-step login, and the lock and keys
//! of this browser. Each section is a module of its own; this one lays them out.

mod email;
pub mod password;
mod profile;
mod security;
mod two_step;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api;
use crate::components::require_session::RequireUnlocked;
use crate::session::use_session;

/// The account settings page, for an unlocked session.
#[component]
pub fn AccountSettingsPage() -> impl IntoView {
    view! {
        <RequireUnlocked>
            <AccountSettings />
        </RequireUnlocked>
    }
}

#[component]
fn AccountSettings() -> impl IntoView {
    let session = use_session();
    // The session's copy of the account may be old (another device changed it): refresh it
    // quietly; the sections show the cached copy meanwhile.
    leptos::task::spawn_local(async move {
        if let Ok(account) = api::accounts::get_me().await {
            session.set_account(account);
        }
    });
    // A link to a section (`#two-step`) scrolls to it once the page is drawn.
    request_animation_frame(|| {
        let Some(window) = web_sys::window() else { return };
        let hash = window.location().hash().unwrap_or_default();
        if let Some(id) = hash.strip_prefix('#').filter(|h| !h.is_empty())
            && let Some(el) = document().get_element_by_id(id)
        {
            el.scroll_into_view();
        }
    });
    let email = move || session.with_account(|a| a.map(|a| a.email.clone()).unwrap_or_default());

    view! {
        <Title text="Account settings" />
        <div class="container settings">
            <header class="page-header">
                <div>
                    <h1 class="page-title">"Account settings"</h1>
                    <p class="muted">"Signed in as " <strong>{email}</strong></p>
                </div>
            </header>
            <SettingsSection id="profile" title="Profile" description="Your name, as administrators and colleagues see it.">
                <profile::ProfileForm />
            </SettingsSection>
            <SettingsSection
                id="email"
                title="Email address"
                description="You sign in with it. A change applies when you open the link we send to the new address."
            >
                <email::EmailForm />
            </SettingsSection>
            <SettingsSection
                id="master-password"
                title="Master password"
                description="It derives the key that encrypts your vault. Changing it signs out your other sessions."
            >
                <password::PasswordForm />
            </SettingsSection>
            <SettingsSection
                id="two-step"
                title="Two-step login"
                description="A code from an authenticator app, asked for at every sign-in after your master password."
            >
                <two_step::TwoStepLogin />
            </SettingsSection>
            <SettingsSection
                id="security"
                title="Lock and keys"
                description="How long this browser keeps your keys unlocked, and the fingerprint that identifies them."
            >
                <security::SecuritySettings />
            </SettingsSection>
        </div>
    }
}

/// A section: its title and explanation on the left, its card on the right.
#[component]
fn SettingsSection(
    id: &'static str,
    title: &'static str,
    description: &'static str,
    children: Children,
) -> impl IntoView {
    let heading_id = format!("{id}-title");
    let heading_id = heading_id.as_str().to_owned();
    view! {
        <section class="settings-section" id=id aria-labelledby=heading_id.clone()>
            <div class="settings-section-intro">
                <h2 class="settings-section-title" id=heading_id.clone()>{title}</h2>
                <p class="muted">{description}</p>
            </div>
            <div class="card settings-card">{children()}</div>
        </section>
    }
}

/// A short success message next to a form's button (announced politely).
#[component]
fn Saved(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="form-success" role="status">
            {move || message.get()}
        </p>
    }
}
