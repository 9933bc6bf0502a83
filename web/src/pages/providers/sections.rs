//! The Clients, Users and Events sections of the provider area. Their endpoints belong to the
//! next slice of the API: each section already loads its list with real loading, empty and error
//! states, and says plainly that the rest arrives with the next update. While the server does not
//! have an endpoint yet (404 for a provider that exists), the section shows only that notice.
//!
//! Each list shows its first page as plain rows: clients with plan and seats, users with type and
//! status, events with action, actor and time.

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use portal_shared::client::ClientError;
use portal_shared::clients::{Client, ClientQuery, ClientStatus};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::icons::BuildingIcon;
use crate::pages::providers::use_provider;

/// Which list a section shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Clients,
}

/// How many items a section loads.
const PAGE: u32 = 50;

impl Section {
    fn title(self) -> &'static str {
        match self {
            Section::Clients => "Clients",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Section::Clients => "The client organizations this provider manages, with their plan and seats.",
        }
    }

    fn coming(self) -> &'static str {
        match self {
            Section::Clients => {
                "Creating clients, attaching existing organizations, changing plans and seats, and opening a client's vault will be here."
            }
        }
    }

    fn empty(self) -> (&'static str, &'static str) {
        match self {
            Section::Clients => (
                "No clients yet",
                "Each client is an organization of its own: its members, vault, collections and policies, administered by this provider.",
            ),
        }
    }

    fn forbidden(self) -> &'static str {
        match self {
            Section::Clients => "Your account cannot see this provider's clients.",
        }
    }

    /// The first page of the section's list, as rows, and whether there are more.
    async fn load(self, id: String) -> Result<(Vec<Row>, bool), ClientError> {
        match self {
            Section::Clients => {
                let query = ClientQuery { limit: Some(PAGE), ..Default::default() };
                let page = api::providers::list_provider_clients(id, query).await?;
                Ok((page.items.iter().map(client_row).collect(), page.next.is_some()))
            }
        }
    }
}

/// One item of a list, as shown: what it is, a second line, and its facts as pills.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    primary: String,
    secondary: Option<String>,
    /// (text, tone: `ok`, `warn`, `off` or empty).
    facts: Vec<(String, &'static str)>,
    /// A quiet note at the end of the row (an event's time).
    note: Option<String>,
}

fn client_row(c: &Client) -> Row {
    let plan = humanize(c.plan.as_str());
    let seats = match c.seats {
        Some(total) => format!("{} of {total} seats", c.seats_used),
        None => format!("{} seats used", c.seats_used),
    };
    let mut facts = vec![(plan, ""), (seats, "")];
    if c.awaiting_confirmation > 0 {
        facts.push((format!("{} awaiting confirmation", c.awaiting_confirmation), "warn"));
    }
    if c.status == ClientStatus::Pending {
        facts.push(("Owner not confirmed yet".into(), "warn"));
    }
    Row { primary: c.name.clone(), secondary: Some(c.billing_email.clone()), facts, note: None }
}

/// `/providers/{id}` and `/providers/{id}/clients`.
#[component]
pub fn ProviderClients() -> impl IntoView {
    view! { <SectionFrame section=Section::Clients /> }
}

/// A section: its heading, the notice of what is coming, and its list.
#[component]
fn SectionFrame(section: Section) -> impl IntoView {
    let Some(ctx) = use_provider() else { return Either::Left(()) };
    let id = Memo::new(move |_| ctx.provider.with(|p| p.id.clone()));
    let items = LocalResource::new(move || {
        let id = id.get();
        async move { section.load(id).await }
    });
    let (retrying, set_retrying) = signal(false);
    let retry = Callback::new(move |()| items.refetch());
    let heading_id = format!("section-{}", section.title().to_lowercase());
    let labelled_by = heading_id.clone();

    Either::Right(view! {
        <Title text=move || format!("{} · {}", section.title(), ctx.provider.with(|p| p.name.clone())) />
        <section class="section" aria-labelledby=labelled_by data-testid=format!("provider-{}", section.title().to_lowercase())>
            <div class="section-header">
                <div>
                    <h2 class="section-title" id=heading_id>{section.title()}</h2>
                    <p class="muted">{section.description()}</p>
                </div>
            </div>
            <div class="notice notice-neutral" data-testid="arriving">
                <div class="notice-body">
                    <p class="notice-title">"This part of the provider portal arrives with the next update."</p>
                    <p class="notice-detail">{section.coming()}</p>
                </div>
            </div>
            <Transition fallback=move || view! { <SectionSkeleton /> } set_pending=set_retrying>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok((rows, _)) if rows.is_empty() => EitherOf4::A(view! { <SectionEmpty section=section /> }),
                        Ok((rows, more)) => EitherOf4::B(view! { <SectionList rows=rows more=more /> }),
                        // The endpoint is not on this server yet (the provider itself exists).
                        Err(e) if matches!(e.status(), Some(404 | 405)) => EitherOf4::C(()),
                        Err(e) if e.status() == Some(403) => EitherOf4::D(Either::Left(view! {
                            <div class="notice notice-warning">
                                <div class="notice-body">
                                    <p class="notice-title">{section.forbidden()}</p>
                                    <p class="notice-detail">"Ask a Provider Admin of this provider if you need access."</p>
                                </div>
                            </div>
                        })),
                        Err(e) => EitherOf4::D(Either::Right(view! { <ErrorNotice error=e on_retry=retry pending=retrying /> })),
                    }
                })}
            </Transition>
        </section>
    })
}

/// Nothing in the list yet.
#[component]
fn SectionEmpty(section: Section) -> impl IntoView {
    let (title, detail) = section.empty();
    view! {
        <div class="card empty-panel">
            <span class="empty-panel-icon" aria-hidden="true">{section_icon(section)}</span>
            <p class="empty-inline-title">{title}</p>
            <p class="muted">{detail}</p>
        </div>
    }
}

/// The icon of a section (decorative).
fn section_icon(section: Section) -> AnyView {
    match section {
        Section::Clients => view! { <BuildingIcon /> }.into_any(),
    }
}

/// `service_user` -> `Service user`, `provider_user.confirmed` -> `Provider user confirmed`.
fn humanize(value: &str) -> String {
    let spaced = value.replace(['_', '.'], " ");
    let mut chars = spaced.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The rows as a plain list.
#[component]
fn SectionList(rows: Vec<Row>, more: bool) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|row| {
            view! {
                <li class="plain-row">
                    <div class="plain-row-main">
                        <span class="plain-row-primary">{row.primary}</span>
                        {row.secondary.map(|s| view! { <span class="plain-row-secondary">{s}</span> })}
                    </div>
                    <div class="plain-row-facts">
                        {row
                            .facts
                            .into_iter()
                            .map(|(text, tone)| view! { <span class=format!("status-pill status-pill-{tone}")>{text}</span> })
                            .collect_view()}
                        {row.note.map(|n| view! { <span class="plain-row-note">{n}</span> })}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card">
            <ul class="plain-list">{rows}</ul>
            {more.then(|| view! { <div class="card-footer">{format!("Showing the first {PAGE}.")}</div> })}
        </div>
    }
}

/// Placeholder rows while a list loads.
#[component]
fn SectionSkeleton() -> impl IntoView {
    view! {
        <div class="card card-body status-loading" role="status">
            <span class="visually-hidden">"Loading…"</span>
            <div class="skeleton-rows" aria-hidden="true">
                {(0..4)
                    .map(|_| view! {
                        <div class="skeleton-row">
                            <span class="skeleton skeleton-label"></span>
                            <span class="skeleton skeleton-value"></span>
                        </div>
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
