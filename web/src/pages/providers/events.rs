//! `/providers/{id}/events`: the provider's event log, for its Provider Admins (see
//! [`EventLog`]).

use leptos::prelude::*;

use crate::components::event_log::{EventLog, LogOf};
use crate::pages::providers::use_provider;

/// `/providers/{id}/events`.
#[component]
pub fn ProviderEvents() -> impl IntoView {
    let ctx = use_provider()?;
    let id = Signal::derive(move || ctx.provider.with(|p| p.id.clone()));
    let name = Signal::derive(move || ctx.provider.with(|p| p.name.clone()));
    Some(view! { <EventLog of=LogOf::Provider id=id name=name /> })
}
