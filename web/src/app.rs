//! The root component: page title, shared server metadata, the session and the route table.

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;
use portal_shared::PRODUCT_NAME;

use crate::components::shell::Shell;
use crate::pages::admin::providers::AdminProvidersPage;
use crate::pages::home::Home;
use crate::pages::invitation::AcceptInvitationPage;
use crate::pages::not_found::NotFound;
use crate::pages::organizations::OrganizationPage;
use crate::pages::organizations::api_key::OrganizationApiKey;
use crate::pages::organizations::collections::OrganizationCollections;
use crate::pages::organizations::events::OrganizationEvents;
use crate::pages::organizations::groups::OrganizationGroups;
use crate::pages::organizations::members::OrganizationMembers;
use crate::pages::organizations::overview::OrganizationOverviewSection;
use crate::pages::organizations::policies::OrganizationPolicies;
use crate::pages::organizations::settings::OrganizationSettings;
use crate::pages::providers::ProviderArea;
use crate::pages::providers::clients::ProviderClients;
use crate::pages::providers::events::ProviderEvents;
use crate::pages::providers::settings::ProviderSettings;
use crate::pages::providers::setup::ProviderSetupPage;
use crate::pages::providers::users::ProviderUsers;
use crate::pages::register::Register;
use crate::pages::settings::AccountSettingsPage;
use crate::pages::sign_in::SignIn;
use crate::pages::verify_email::VerifyEmail;
use crate::server_meta::provide_server_meta;
use crate::session::provide_session;

/// The portal: the shell around whichever page the URL names.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_server_meta();

    view! {
        // Pages set their own `<Title text=..>`; an empty text is the home page.
        <Title formatter=|text: String| {
            if text.is_empty() { PRODUCT_NAME.to_string() } else { format!("{text} · {PRODUCT_NAME}") }
        } />
        <Router>
            <Portal />
        </Router>
    }
}

/// Everything inside the router: the session (which navigates) and the pages.
#[component]
fn Portal() -> impl IntoView {
    provide_session();
    crate::visit_cache::forget_on_navigation();
    view! {
        <Shell>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Home />
                <Route path=path!("/sign-in") view=SignIn />
                <Route path=path!("/register") view=Register />
                <Route path=path!("/verify-email") view=VerifyEmail />
                <Route path=path!("/settings/account") view=AccountSettingsPage />
                <Route path=path!("/invitations/accept") view=AcceptInvitationPage />
                <Route path=path!("/admin/providers") view=AdminProvidersPage />
                // Before the provider area: a pending provider has no area yet, only its setup.
                <Route path=path!("/providers/:id/setup") view=ProviderSetupPage />
                <ParentRoute path=path!("/providers/:id") view=ProviderArea>
                    <Route path=path!("") view=ProviderClients />
                    <Route path=path!("clients") view=ProviderClients />
                    <Route path=path!("users") view=ProviderUsers />
                    <Route path=path!("events") view=ProviderEvents />
                    <Route path=path!("settings") view=ProviderSettings />
                </ParentRoute>
                <ParentRoute path=path!("/organizations/:id") view=OrganizationPage>
                    <Route path=path!("") view=OrganizationOverviewSection />
                    <Route path=path!("members") view=OrganizationMembers />
                    <Route path=path!("policies") view=OrganizationPolicies />
                    <Route path=path!("events") view=OrganizationEvents />
                    <Route path=path!("api-key") view=OrganizationApiKey />
                    <Route path=path!("groups") view=OrganizationGroups />
                    <Route path=path!("collections") view=OrganizationCollections />
                    <Route path=path!("settings") view=OrganizationSettings />
                </ParentRoute>
            </Routes>
        </Shell>
    }
}
