//! `/organizations/{id}/events`: the organization's event log, for those who may read it (see
//! [`EventLog`]); the person filter is built from its members.

use leptos::prelude::*;

use crate::components::event_log::{EventLog, LogOf};
use crate::pages::organizations::use_organization;

/// `/organizations/{id}/events`.
#[component]
pub fn OrganizationEvents() -> impl IntoView {
    let ctx = use_organization()?;
    let organization = ctx.organization;
    let id = Signal::derive(move || organization.with(|o| o.id.clone()));
    let name = Signal::derive(move || organization.with(|o| o.name.clone()));
    Some(view! { <EventLog of=LogOf::Organization id=id name=name /> })
}
