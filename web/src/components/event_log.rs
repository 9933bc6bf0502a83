//! An event log, newest first: the provider's (for its Provider Admins) or an organization's (for
//! those who may read it). One component for both: they differ only in the endpoint, the actions
//! the filter offers and the people the actor filter is built from (the API filters actors by
//! user id: the provider's users, or the organization's members). Filters by day range, action
//! and actor; pages with "Load more".

use std::collections::HashMap;

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use portal_shared::client::ClientError;
use portal_shared::events::{Event, EventQuery};
use portal_shared::organizations::{MemberQuery, MemberType};
use portal_shared::page::Page;
use portal_shared::policies::PolicyType;
use portal_shared::providers::{ProviderUserQuery, ProviderUserType};
use wasm_bindgen::JsValue;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::icons::HistoryIcon;
use crate::format;

/// Events per page.
const PAGE_SIZE: u32 = 50;
/// How many people the actor filter offers (the API's largest page).
const ACTOR_LIMIT: u32 = 500;

/// The actions the filter offers, by group: (group, [(value, label)]). A value ending in `.` is a
/// prefix.
type ActionGroups = &'static [(&'static str, &'static [(&'static str, &'static str)])];

/// Whose log is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogOf {
    /// A provider's (`/providers/{id}/events`).
    Provider,
    /// An organization's (`/organizations/{id}/events`).
    Organization,
}

impl LogOf {
    /// The actions its filter offers.
    fn actions(self) -> ActionGroups {
        match self {
            LogOf::Provider => &PROVIDER_ACTIONS,
            LogOf::Organization => &ORGANIZATION_ACTIONS,
        }
    }

    /// `provider` or `organization`, for test ids and element ids.
    fn key(self) -> &'static str {
        match self {
            LogOf::Provider => "provider",
            LogOf::Organization => "organization",
        }
    }

    /// The section's line under its title.
    fn intro(self) -> &'static str {
        match self {
            LogOf::Provider => "Who did what in this provider and its clients, when, and from where. Newest first.",
            LogOf::Organization => {
                "Who did what in this organization (its members, groups, collections, policies and API key), when, and from where. Newest first."
            }
        }
    }

    /// The empty log's line.
    fn empty(self) -> &'static str {
        match self {
            LogOf::Provider => "Changes and sign-ins in this provider appear here as they happen.",
            LogOf::Organization => "Changes in this organization appear here as they happen.",
        }
    }

    /// The title and the line shown on a 403.
    fn forbidden(self) -> (&'static str, &'static str) {
        match self {
            LogOf::Provider => (
                "Only Provider Admins can see the provider's event log",
                "Ask a Provider Admin of this provider if you need to know who changed what.",
            ),
            LogOf::Organization => (
                "Your account cannot see this organization's event log",
                "It needs the \"access event logs\" permission. Ask an Owner or an Admin of this organization.",
            ),
        }
    }

    /// One page of the log.
    async fn page(self, id: String, query: EventQuery) -> Result<Page<Event>, ClientError> {
        match self {
            LogOf::Provider => api::providers::list_provider_events(id, query).await,
            LogOf::Organization => api::organizations::list_events(id, query).await,
        }
    }

    /// The people of the provider or the organization, by the id events name them with as a
    /// target (the provider user's or the member's id). Best effort: without them the filter
    /// offers only "Anyone" and targets show short ids.
    async fn people(self, id: String) -> HashMap<String, Person> {
        match self {
            LogOf::Provider => {
                let query = ProviderUserQuery { limit: Some(ACTOR_LIMIT), ..Default::default() };
                api::providers::list_provider_users(id, query)
                    .await
                    .map(|p| {
                        p.items.into_iter().map(|u| (u.id, Person { email: u.email, user_id: u.user_id })).collect()
                    })
                    .unwrap_or_default()
            }
            LogOf::Organization => {
                let query = MemberQuery { limit: Some(ACTOR_LIMIT), ..Default::default() };
                api::members::list(id, query)
                    .await
                    .map(|p| {
                        p.items.into_iter().map(|m| (m.id, Person { email: m.email, user_id: m.user_id })).collect()
                    })
                    .unwrap_or_default()
            }
        }
    }
}

/// A provider user or a member, as the log names them.
#[derive(Clone, Debug, PartialEq)]
struct Person {
    email: String,
    /// Their account, once they accepted (what the actor filter sends).
    user_id: Option<String>,
}

/// The actions of the organization log's filter.
const ORGANIZATION_ACTIONS: [(&str, &[(&str, &str)]); 6] = [
    (
        "Members",
        &[
            ("member.", "Any change to members"),
            ("member.invited", "Member invited"),
            ("member.reinvited", "Invitation sent again"),
            ("member.accepted", "Invitation accepted"),
            ("member.confirmed", "Member confirmed"),
            ("member.updated", "Member changed"),
            ("member.revoked", "Access revoked"),
            ("member.restored", "Access restored"),
            ("member.removed", "Member removed"),
            ("member.left", "Member left"),
        ],
    ),
    (
        "Groups",
        &[
            ("group.", "Any change to groups"),
            ("group.created", "Group created"),
            ("group.updated", "Group changed"),
            ("group.deleted", "Group deleted"),
        ],
    ),
    (
        "Collections",
        &[
            ("collection.", "Any change to collections"),
            ("collection.created", "Collection created"),
            ("collection.updated", "Collection changed"),
            ("collection.deleted", "Collection deleted"),
        ],
    ),
    ("Policies", &[("policy.updated", "Policy changed")]),
    (
        "Organization",
        &[
            ("organization.", "Any change to the organization"),
            ("organization.created", "Organization created"),
            ("organization.updated", "Settings changed"),
        ],
    ),
    (
        "API key",
        &[
            ("api_key.", "Anything about the API key"),
            ("api_key.created", "API key created"),
            ("api_key.rotated", "API key rotated"),
            ("api_key.revoked", "API key revoked"),
            ("api_key.token_issued", "API key used"),
        ],
    ),
];

/// The actions of the provider log's filter.
const PROVIDER_ACTIONS: [(&str, &[(&str, &str)]); 3] = [
    (
        "Users",
        &[
            ("provider_user.", "Any change to users"),
            ("provider_user.invited", "User invited"),
            ("provider_user.reinvited", "Invitation sent again"),
            ("provider_user.accepted", "Invitation accepted"),
            ("provider_user.confirmed", "User confirmed"),
            ("provider_user.updated", "User type changed"),
            ("provider_user.revoked", "Access revoked"),
            ("provider_user.restored", "Access restored"),
            ("provider_user.removed", "User removed"),
            ("provider_user.left", "User left"),
        ],
    ),
    (
        "Clients",
        &[
            ("client.", "Any change to clients"),
            ("client.created", "Client created"),
            ("client.attached", "Organization attached"),
            ("client.detached", "Client detached"),
            ("client.updated", "Client updated"),
        ],
    ),
    (
        "Provider",
        &[
            ("provider.", "Any change to the provider"),
            ("provider.created", "Provider created"),
            ("provider.setup_completed", "Setup completed"),
            ("provider.updated", "Provider settings changed"),
            ("provider.disabled", "Provider disabled"),
            ("provider.enabled", "Provider enabled"),
        ],
    ),
];

/// A string field of an event's details.
fn data_str<'a>(event: &'a Event, key: &str) -> Option<&'a str> {
    event.data.as_ref()?.get(key)?.as_str()
}

/// A provider user type or a member type in an event's details, in words.
fn data_type(event: &Event) -> Option<&'static str> {
    let kind = data_str(event, "type")?;
    if event.action.starts_with("member.") {
        MemberType::parse(kind).map(MemberType::label)
    } else {
        ProviderUserType::parse(kind).map(ProviderUserType::label)
    }
}

/// `policy.updated` in words: turned on, turned off or changed, and which.
fn describe_policy(event: &Event) -> String {
    let label = data_str(event, "type").and_then(PolicyType::parse).map_or("a policy", PolicyType::label);
    let enabled = |when: &str| event.data.as_ref().and_then(|d| d.get(when)?.get("enabled")?.as_bool());
    let revoked = event.data.as_ref().and_then(|d| d.get("revoked")?.as_u64()).unwrap_or(0);
    let text = match (enabled("old"), enabled("new")) {
        (Some(false), Some(true)) => format!("Turned on {label}"),
        (Some(true), Some(false)) => format!("Turned off {label}"),
        _ => format!("Changed {label}"),
    };
    match revoked {
        0 => text,
        1 => format!("{text} (1 member revoked)"),
        n => format!("{text} ({n} members revoked)"),
    }
}

/// What happened, as a sentence without its subject; `None` for an action this portal does not know.
fn describe(event: &Event) -> Option<String> {
    let text = match event.action.as_str() {
        "provider_user.invited" => match data_type(event) {
            Some(t) => format!("Invited a user as {t}"),
            None => "Invited a user".into(),
        },
        "provider_user.reinvited" => "Sent a new invitation".into(),
        "provider_user.accepted" => "Accepted the invitation".into(),
        "provider_user.confirmed" => "Confirmed a user".into(),
        "provider_user.updated" => match data_type(event) {
            Some(t) => format!("Changed a user's type to {t}"),
            None => "Changed a user's type".into(),
        },
        "provider_user.revoked" => "Revoked a user's access".into(),
        "provider_user.restored" => "Restored a user's access".into(),
        "provider_user.removed" => "Removed a user".into(),
        "provider_user.left" => "Left the provider".into(),
        "client.created" => "Created a client".into(),
        "client.attached" => "Attached an organization as a client".into(),
        "client.detached" => "Detached a client".into(),
        "client.updated" => "Changed a client".into(),
        "provider.created" => "Created the provider".into(),
        "provider.setup_completed" => "Finished the provider's setup".into(),
        "provider.updated" => "Changed the provider's settings".into(),
        "provider.disabled" => "Disabled the provider".into(),
        "provider.enabled" => "Enabled the provider".into(),
        "member.invited" => match data_type(event) {
            Some(t) => format!("Invited a member as {t}"),
            None => "Invited a member".into(),
        },
        "member.reinvited" => "Sent a new invitation".into(),
        "member.accepted" => "Accepted the invitation".into(),
        "member.confirmed" => "Confirmed a member".into(),
        "member.updated" => "Changed a member".into(),
        "member.revoked" => match data_str(event, "reason").and_then(|r| r.strip_prefix("policy:")) {
            Some(policy) => match PolicyType::parse(policy) {
                Some(kind) => format!("Revoked a member's access ({})", kind.label().to_lowercase()),
                None => "Revoked a member's access".into(),
            },
            None => "Revoked a member's access".into(),
        },
        "member.restored" => "Restored a member's access".into(),
        "member.removed" => "Removed a member".into(),
        "member.left" => "Left the organization".into(),
        "group.created" => "Created a group".into(),
        "group.updated" => "Changed a group".into(),
        "group.deleted" => "Deleted a group".into(),
        "collection.created" => "Created a collection".into(),
        "collection.updated" => "Changed a collection".into(),
        "collection.deleted" => "Deleted a collection".into(),
        "policy.updated" => describe_policy(event),
        "organization.created" => "Created the organization".into(),
        "organization.updated" => "Changed the organization's settings".into(),
        "organization.deleted" => "Deleted the organization".into(),
        "api_key.created" => "Created the API key".into(),
        "api_key.rotated" => "Rotated the API key's secret".into(),
        "api_key.revoked" => "Revoked the API key".into(),
        "api_key.token_issued" => "Signed in with the API key".into(),
        _ => return None,
    };
    Some(text)
}

/// What an event acted on, in words: a person's email, a client's, group's or key's name, a
/// policy, or a short id.
fn target_of(event: &Event, people: &HashMap<String, Person>) -> Option<String> {
    if let Some(person) = event.target_id.as_ref().and_then(|id| people.get(id)) {
        return Some(person.email.clone());
    }
    if let Some(text) = data_str(event, "email").or_else(|| data_str(event, "name")) {
        return Some(text.to_owned());
    }
    match (event.target_type.as_deref(), event.target_id.as_deref()) {
        (Some("provider"), _) => Some("This provider".into()),
        (Some("organization"), _) => Some("This organization".into()),
        (Some("policy"), Some(kind)) => PolicyType::parse(kind).map(|k| k.label().to_owned()),
        (Some(kind), Some(id)) => {
            let short: String = id.chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
            Some(format!("{} …{short}", kind.replace('_', " ")))
        }
        _ => None,
    }
}

/// A user agent in short: the browser and the system, when they can be told.
fn device(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        Some("Edge")
    } else if ua.contains("Firefox/") {
        Some("Firefox")
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("HeadlessChrome/") {
        Some("Chrome")
    } else if ua.contains("Safari/") {
        Some("Safari")
    } else {
        None
    };
    let system = if ua.contains("Windows") {
        Some("Windows")
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        Some("iOS")
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        Some("macOS")
    } else if ua.contains("Android") {
        Some("Android")
    } else if ua.contains("Linux") {
        Some("Linux")
    } else {
        None
    };
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => s.to_owned(),
        (None, None) => ua.chars().take(40).collect(),
    }
}

/// `YYYY-MM-DD` (a date input's value) as the RFC 3339 UTC time of that local day's start, or of
/// the next day's start when `next_day` (the API's `to` is exclusive).
fn day_start(value: &str, next_day: bool) -> Option<String> {
    let mut parts = value.split('-').map(|p| p.parse::<i32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let year = u32::try_from(y).ok()?;
    let date = js_sys::Date::new_with_year_month_day(year, m - 1, d + i32::from(next_day));
    if date.get_time().is_nan() {
        return None;
    }
    date.to_iso_string().as_string()
}

/// The full local time of an event, for its tooltip.
fn full_time(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let local: String = date.to_string().into();
    format!("{local} ({rfc3339})")
}

/// The filters as chosen.
#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    from: String,
    to: String,
    action: String,
    actor: String,
}

impl Filters {
    fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// The query, or the message for the date fields when they make no range.
    fn query(&self, cursor: Option<String>) -> Result<EventQuery, &'static str> {
        let from = (!self.from.is_empty()).then(|| day_start(&self.from, false)).flatten();
        let to = (!self.to.is_empty()).then(|| day_start(&self.to, true)).flatten();
        if !self.from.is_empty() && !self.to.is_empty() && self.from > self.to {
            return Err("The end date is before the start date.");
        }
        Ok(EventQuery {
            from,
            to,
            actor: Some(self.actor.clone()).filter(|a| !a.is_empty()),
            action: Some(self.action.clone()).filter(|a| !a.is_empty()),
            limit: Some(PAGE_SIZE),
            cursor,
        })
    }
}

/// The rows loaded after the first page ("Load more").
#[derive(Clone, Default)]
struct More {
    items: Vec<Event>,
    next: Option<String>,
    loaded: bool,
}

/// The event log of the provider or the organization `id` (named `name` in the page title).
#[component]
pub fn EventLog(
    /// Whose log.
    of: LogOf,
    /// The provider's or the organization's id.
    #[prop(into)]
    id: Signal<String>,
    /// Its name.
    #[prop(into)]
    name: Signal<String>,
) -> impl IntoView {
    let filters = RwSignal::new(Filters::default());
    let range_error = Memo::new(move |_| filters.with(|f| f.query(None).err().map(str::to_owned)));

    // The people: the actor filter's choices, and the names of targets.
    let people = LocalResource::new(move || of.people(id.get()));
    let people_by_id = Memo::new(move |_| people.with(|p| p.clone().unwrap_or_default()));
    let actors = Memo::new(move |_| {
        people_by_id.with(|p| {
            let mut list: Vec<(String, String)> =
                p.values().filter_map(|p| p.user_id.clone().map(|account| (account, p.email.clone()))).collect();
            list.sort_by(|a, b| a.1.cmp(&b.1));
            list
        })
    });

    let first_page = LocalResource::new(move || {
        let id = id.get();
        let query = filters.with(|f| f.query(None));
        async move {
            match query {
                Ok(q) => of.page(id, q).await.map(Some),
                // The dates make no range: nothing is asked, the field says why.
                Err(_) => Ok(None),
            }
        }
    });
    let more = RwSignal::new(More::default());
    let loading_more = RwSignal::new(false);
    let more_error = RwSignal::new(None::<ClientError>);
    Effect::new(move |_| {
        first_page.track();
        more.set(More::default());
        more_error.set(None);
    });
    let (refreshing, set_refreshing) = signal(false);
    let retry = Callback::new(move |()| first_page.refetch());
    let load_more = Callback::new(move |cursor: String| {
        if loading_more.get_untracked() {
            return;
        }
        let Ok(query) = filters.with_untracked(|f| f.query(Some(cursor))) else { return };
        loading_more.set(true);
        more_error.set(None);
        let id = id.get_untracked();
        leptos::task::spawn_local(async move {
            let result = of.page(id, query).await;
            loading_more.set(false);
            match result {
                Ok(page) => more.update(|m| {
                    m.items.extend(page.items);
                    m.next = page.next;
                    m.loaded = true;
                }),
                Err(e) => more_error.set(Some(e)),
            }
        });
    });
    let clear_filters = Callback::new(move |()| filters.set(Filters::default()));
    let set = move |change: fn(&mut Filters, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            filters.update(|f| change(f, value));
        }
    };

    let (forbidden_title, forbidden_detail) = of.forbidden();
    view! {
        <Title text=move || format!("Events · {}", name.get()) />
        <section class="section" aria-labelledby="section-events" data-testid=format!("{}-events", of.key())>
            <div class="section-header">
                <div>
                    <h2 class="section-title" id="section-events">"Events"</h2>
                    <p class="muted">{of.intro()}</p>
                </div>
            </div>
            <div class="card table-card">
                <form class="toolbar event-filters" role="search" aria-label="Filter events" on:submit=|ev| ev.prevent_default()>
                    <div class="toolbar-filter event-filter-dates" class:field-invalid=move || range_error.with(Option::is_some)>
                        <label for="events-from">"From"</label>
                        <input
                            id="events-from"
                            type="date"
                            prop:value=move || filters.with(|f| f.from.clone())
                            aria-invalid=move || range_error.with(Option::is_some).then_some("true")
                            aria-describedby=move || range_error.with(Option::is_some).then_some("events-range-error")
                            on:change=set(|f, v| f.from = v)
                        />
                        <label for="events-to">"To"</label>
                        <input
                            id="events-to"
                            type="date"
                            prop:value=move || filters.with(|f| f.to.clone())
                            aria-invalid=move || range_error.with(Option::is_some).then_some("true")
                            aria-describedby=move || range_error.with(Option::is_some).then_some("events-range-error")
                            on:change=set(|f, v| f.to = v)
                        />
                    </div>
                    <div class="toolbar-filter">
                        <label for="events-action">"Action"</label>
                        <select id="events-action" on:change=set(|f, v| f.action = v)>
                            <option value="" selected=move || filters.with(|f| f.action.is_empty())>"Any action"</option>
                            {of.actions()
                                .iter()
                                .map(|(group, actions)| view! {
                                    <optgroup label=*group>
                                        {actions
                                            .iter()
                                            .map(|(value, label)| {
                                                let value = *value;
                                                view! {
                                                    <option value=value selected=move || filters.with(|f| f.action == value)>
                                                        {*label}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </optgroup>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="toolbar-filter">
                        <label for="events-actor">"By"</label>
                        <select id="events-actor" on:change=set(|f, v| f.actor = v)>
                            <option value="" selected=move || filters.with(|f| f.actor.is_empty())>"Anyone"</option>
                            <For each=move || actors.get() key=|(id, _)| id.clone() let:actor>
                                {
                                    let (id, email) = actor;
                                    let chosen = id.clone();
                                    view! {
                                        <option value=id selected=move || filters.with(|f| f.actor == chosen)>{email}</option>
                                    }
                                }
                            </For>
                        </select>
                    </div>
                    <Show when=move || !filters.with(Filters::is_empty)>
                        <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| clear_filters.run(())>
                            "Clear filters"
                        </button>
                    </Show>
                    <Show when=move || refreshing.get()>
                        <span class="toolbar-busy" role="status">
                            <span class="spinner" aria-hidden="true"></span>
                            <span class="visually-hidden">"Updating the list…"</span>
                        </span>
                    </Show>
                    {move || range_error.get().map(|message| view! {
                        <p class="field-error event-filter-message" id="events-range-error">{message}</p>
                    })}
                </form>
                <Transition fallback=EventsSkeleton set_pending=set_refreshing>
                    {move || Suspend::new(async move {
                        match first_page.await {
                            Ok(Some(page)) => EitherOf3::A(view! {
                                <EventsTable
                                    first=page
                                    people=people_by_id
                                    empty_text=of.empty()
                                    more=more
                                    loading_more=loading_more
                                    more_error=more_error
                                    load_more=load_more
                                    filtered=!filters.with_untracked(Filters::is_empty)
                                    clear_filters=clear_filters
                                />
                            }),
                            Ok(None) => EitherOf3::B(Either::Left(view! {
                                <div class="empty-panel empty-panel-flat">
                                    <p class="empty-inline-title">"Choose an end date on or after the start date"</p>
                                </div>
                            })),
                            Err(e) if e.status() == Some(403) => EitherOf3::B(Either::Right(view! {
                                <div class="empty-panel empty-panel-flat" data-testid="events-forbidden">
                                    <span class="empty-panel-icon" aria-hidden="true"><HistoryIcon /></span>
                                    <p class="empty-inline-title">{forbidden_title}</p>
                                    <p class="muted">{forbidden_detail}</p>
                                </div>
                            })),
                            Err(e) => EitherOf3::C(view! {
                                <div class="card-body">
                                    <ErrorNotice error=e on_retry=retry pending=refreshing />
                                </div>
                            }),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

/// The table, or the empty state.
#[component]
fn EventsTable(
    first: Page<Event>,
    people: Memo<HashMap<String, Person>>,
    empty_text: &'static str,
    more: RwSignal<More>,
    loading_more: RwSignal<bool>,
    more_error: RwSignal<Option<ClientError>>,
    load_more: Callback<String>,
    filtered: bool,
    clear_filters: Callback<()>,
) -> impl IntoView {
    if first.items.is_empty() {
        return Either::Left(if filtered {
            Either::Left(view! {
                <div class="empty-panel empty-panel-flat" data-testid="events-empty">
                    <p class="empty-inline-title">"No events match these filters"</p>
                    <p class="muted">"Try a wider date range, another action or another person."</p>
                    <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| clear_filters.run(())>
                        "Clear filters"
                    </button>
                </div>
            })
        } else {
            Either::Right(view! {
                <div class="empty-panel empty-panel-flat" data-testid="events-empty">
                    <span class="empty-panel-icon" aria-hidden="true"><HistoryIcon /></span>
                    <p class="empty-inline-title">"No events yet"</p>
                    <p class="muted">{empty_text}</p>
                </div>
            })
        });
    }
    let first_next = first.next.clone();
    let first_items = StoredValue::new(first.items);
    let rows = Memo::new(move |_| {
        let mut rows = first_items.get_value();
        more.with(|m| rows.extend(m.items.iter().cloned()));
        rows
    });
    let next = Memo::new(move |_| more.with(|m| if m.loaded { m.next.clone() } else { first_next.clone() }));
    let count = move || {
        let n = rows.with(Vec::len);
        let plural = if n == 1 { "event" } else { "events" };
        if next.with(Option::is_some) { format!("Showing the newest {n} {plural}") } else { format!("{n} {plural}") }
    };
    Either::Right(view! {
        <div class="table-scroll">
            <table class="table events-table" data-testid="events-table">
                <thead>
                    <tr>
                        <th scope="col">"Time"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Target"</th>
                        <th scope="col" class="col-wide">"From"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|e| e.id.clone() let:event>
                        <EventRow event=event people=people />
                    </For>
                </tbody>
            </table>
        </div>
        <div class="table-footer">
            <p class="muted" aria-live="polite">{count}</p>
            {move || more_error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || next.get().map(|cursor| view! {
                <button
                    type="button"
                    class="btn btn-secondary btn-sm"
                    aria-disabled=move || loading_more.get().then_some("true")
                    aria-busy=move || loading_more.get().then_some("true")
                    on:click=move |_| load_more.run(cursor.clone())
                >
                    <Show when=move || loading_more.get()>
                        <span class="spinner" aria-hidden="true"></span>
                    </Show>
                    {move || if loading_more.get() { "Loading…" } else { "Load more" }}
                </button>
            })}
        </div>
    })
}

/// One event's row.
#[component]
fn EventRow(event: Event, people: Memo<HashMap<String, Person>>) -> impl IntoView {
    let actor = match (&event.actor_email, &event.actor_api_key_id) {
        (Some(email), _) => email.clone(),
        (None, Some(_)) => "An API key".into(),
        (None, None) => "The system".into(),
    };
    let what = match describe(&event) {
        Some(text) => Either::Left(text),
        None => Either::Right(view! { <code class="event-action-raw">{event.action.clone()}</code> }),
    };
    let target = {
        let event = event.clone();
        move || people.with(|p| target_of(&event, p)).unwrap_or_else(|| "—".into())
    };
    let source = match (&event.ip_address, &event.user_agent) {
        (None, None) => None,
        (ip, ua) => Some((ip.clone(), ua.as_deref().map(device), ua.clone())),
    };
    view! {
        <tr data-testid="event-row" data-action=event.action.clone()>
            <td class="cell-nowrap event-time">
                <time datetime=event.occurred_at.clone() title=full_time(&event.occurred_at)>
                    {format::date_time(&event.occurred_at)}
                </time>
            </td>
            <td class="cell-email event-actor" title=actor.clone()>{actor.clone()}</td>
            <td class="event-what">{what}</td>
            <td class="cell-muted event-target">{target}</td>
            <td class="cell-muted col-wide event-source">
                {match source {
                    Some((ip, device, ua)) => Either::Left(view! {
                        <span class="event-ip">{ip.unwrap_or_else(|| "—".into())}</span>
                        {device.map(|d| view! { <span class="event-device" title=ua>{d}</span> })}
                    }),
                    None => Either::Right("—"),
                }}
            </td>
        </tr>
    }
}

/// The table's shape while the first page loads.
#[component]
fn EventsSkeleton() -> impl IntoView {
    view! {
        <div class="table-skeleton status-loading" role="status">
            <span class="visually-hidden">"Loading events…"</span>
            <div aria-hidden="true">
                {(0..6)
                    .map(|_| view! {
                        <div class="skeleton-row skeleton-row-item">
                            <span class="skeleton skeleton-value"></span>
                            <span class="skeleton skeleton-label"></span>
                            <span class="skeleton skeleton-value"></span>
                            <span class="skeleton skeleton-value"></span>
                        </div>
                    })
                    .collect_view()}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(action: &str, data: Option<serde_json::Value>) -> Event {
        Event {
            id: "e".into(),
            action: action.into(),
            actor_user_id: None,
            actor_email: None,
            actor_api_key_id: None,
            organization_id: None,
            provider_id: None,
            target_type: Some("provider_user".into()),
            target_id: Some("0190-abcdef12".into()),
            ip_address: None,
            user_agent: None,
            data,
            occurred_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn known_actions_read_as_sentences() {
        assert_eq!(describe(&event("provider_user.revoked", None)).as_deref(), Some("Revoked a user's access"));
        let typed = event("provider_user.updated", Some(serde_json::json!({ "type": "service_user" })));
        assert_eq!(describe(&typed).as_deref(), Some("Changed a user's type to Service User"));
        assert_eq!(describe(&event("vault.item_viewed", None)), None);
    }

    #[test]
    fn targets_fall_back_to_details_then_short_ids() {
        let people = HashMap::new();
        let removed = event("provider_user.removed", Some(serde_json::json!({ "email": "a@x.io" })));
        assert_eq!(target_of(&removed, &people).as_deref(), Some("a@x.io"));
        assert_eq!(
            target_of(&event("provider_user.confirmed", None), &people).as_deref(),
            Some("provider user …abcdef12")
        );
    }

    #[test]
    fn organization_actions_read_as_sentences() {
        let invited = event("member.invited", Some(serde_json::json!({ "email": "a@x.io", "type": "admin" })));
        assert_eq!(describe(&invited).as_deref(), Some("Invited a member as Admin"));
        let on = serde_json::json!({
            "type": "require_two_step_login",
            "old": { "enabled": false }, "new": { "enabled": true }, "revoked": 2,
        });
        assert_eq!(
            describe(&event("policy.updated", Some(on))).as_deref(),
            Some("Turned on Require two-step login (2 members revoked)")
        );
        let mut policy = event("policy.updated", None);
        policy.target_type = Some("policy".into());
        policy.target_id = Some("vault_timeout".into());
        assert_eq!(target_of(&policy, &HashMap::new()).as_deref(), Some("Vault timeout"));
        assert_eq!(describe(&event("api_key.rotated", None)).as_deref(), Some("Rotated the API key's secret"));
    }

    #[test]
    fn devices_are_named_briefly() {
        let ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
        assert_eq!(device(ua), "Chrome on Linux");
        assert_eq!(device("curl/8.5"), "curl/8.5");
    }
}
