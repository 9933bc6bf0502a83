//! The Users and Events sections of the provider area. Their endpoints belong to the
//! next slice of the API: each section already loads its list with real loading, empty and error
//! states, and says plainly that the rest arrives with the next update. While the server does not
//! have an endpoint yet (404 for a provider that exists), the section shows only that notice.
//!
//! Each list shows its first page as plain rows: users with type and status, events with action,
//! actor and time.

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use portal_shared::client::ClientError;
use portal_shared::events::{Event, EventQuery};
use portal_shared::providers::{ProviderUser, ProviderUserQuery, ProviderUserStatus};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::icons::{HistoryIcon, UsersIcon};
use crate::format;
use crate::pages::providers::use_provider;

/// Which list a section shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Users,
    Events,
}

/// How many items a section loads.
const PAGE: u32 = 50;

impl Section {
    fn title(self) -> &'static str {
        match self {
            Section::Users => "Users",
            Section::Events => "Events",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Section::Users => "The Provider Admins and Service Users of this provider.",
            Section::Events => "Who did what in this provider, and when.",
        }
    }

    fn coming(self) -> &'static str {
        match self {
            Section::Users => {
                "Inviting Provider Admins and Service Users, confirming them by their key fingerprint, and changing or revoking their access will be here."
            }
            Section::Events => "Filtering the event log by person, action and time, and exporting it, will be here.",
        }
    }

    fn empty(self) -> (&'static str, &'static str) {
        match self {
            Section::Users => ("No users yet", "People you invite to work in this provider appear here."),
            Section::Events => ("No events yet", "Changes and sign-ins in this provider appear here as they happen."),
        }
    }

    fn forbidden(self) -> &'static str {
        match self {
            Section::Users => "Only Provider Admins can see and manage the provider's users.",
            Section::Events => "Only Provider Admins can see the provider's event log.",
        }
    }

    /// The first page of the section's list, as rows, and whether there are more.
    async fn load(self, id: String) -> Result<(Vec<Row>, bool), ClientError> {
        match self {
            Section::Users => {
                let query = ProviderUserQuery { limit: Some(PAGE), ..Default::default() };
                let page = api::providers::list_provider_users(id, query).await?;
                Ok((page.items.iter().map(user_row).collect(), page.next.is_some()))
            }
            Section::Events => {
                let query = EventQuery { limit: Some(PAGE), ..Default::default() };
                let page = api::providers::list_provider_events(id, query).await?;
                Ok((page.items.iter().map(event_row).collect(), page.next.is_some()))
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

fn user_row(u: &ProviderUser) -> Row {
    let name = u.name.clone().filter(|n| !n.trim().is_empty());
    let kind = u.kind.label();
    let status = if u.revoked {
        ("Revoked", "off")
    } else {
        match u.status {
            ProviderUserStatus::Invited => ("Invited", ""),
            ProviderUserStatus::Accepted => ("Awaiting confirmation", "warn"),
            ProviderUserStatus::Confirmed => ("Confirmed", "ok"),
        }
    };
    Row {
        primary: name.clone().unwrap_or_else(|| u.email.clone()),
        secondary: name.map(|_| u.email.clone()),
        facts: vec![(kind.to_owned(), ""), (status.0.to_owned(), status.1)],
        note: None,
    }
}

fn event_row(e: &Event) -> Row {
    Row {
        primary: humanize(&e.action),
        secondary: e.actor_email.clone(),
        facts: Vec::new(),
        note: Some(format::date_time(&e.occurred_at)),
    }
}

/// `/providers/{id}/users`.
#[component]
pub fn ProviderUsers() -> impl IntoView {
    view! { <SectionFrame section=Section::Users /> }
}

/// `/providers/{id}/events`.
#[component]
pub fn ProviderEvents() -> impl IntoView {
    view! { <SectionFrame section=Section::Events /> }
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
        Section::Users => view! { <UsersIcon /> }.into_any(),
        Section::Events => view! { <HistoryIcon /> }.into_any(),
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
