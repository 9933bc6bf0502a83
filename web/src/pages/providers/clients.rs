//! `/providers/{id}` and `/providers/{id}/clients`: the provider's client organizations. A table
//! with plan, seats used against seats bought, members awaiting confirmation and whether the
//! client has a confirmed Owner; search, sort and "Load more". What the caller can do depends on
//! who they are here (`GET /providers/{id}/membership`): Provider Admins create, attach, detach
//! and edit; Service Users edit; anyone else (an instance administrator) only looks.

use leptos::either::{Either, EitherOf3, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use portal_shared::client::ClientError;
use portal_shared::clients::{Client, ClientQuery, ClientStatus};
use portal_shared::page::Page;
use portal_shared::providers::{ProviderMembership, ProviderUserStatus, ProviderUserType};

use super::client_dialogs::{
    AttachClientDialog, ClientStatusPill, DetachClientDialog, EditClientDialog, NewClientDialog, role_note,
};
use crate::api;
use crate::components::error_notice::{ErrorNotice, first_client_error};
use crate::components::form::focus;
use crate::components::icons::{BuildingIcon, PlusIcon, SearchIcon};
use crate::components::organization_parts::{SeatBar, plan_label};
use crate::components::paged_list::{Flash, FlashRegion, LoadMoreFooter, PagedList, SearchText, count_text};
use crate::components::provider_badges::ProviderTile;
use crate::format;
use crate::pages::providers::use_provider;
use crate::visit_cache;

/// Clients per page.
const PAGE_SIZE: u32 = 25;

/// What the caller may do with this provider's clients.
#[derive(Debug, Clone, PartialEq)]
struct Caller {
    /// A confirmed Provider Admin: create, attach, detach, edit.
    admin: bool,
    /// A confirmed provider user (Admin or Service User): edit.
    member: bool,
    /// Their copy of the provider key.
    wrapped_provider_key: Option<String>,
}

impl Caller {
    fn of(membership: Result<ProviderMembership, ClientError>) -> Result<Self, ClientError> {
        match membership {
            Ok(m) => {
                let confirmed = m.user.status == ProviderUserStatus::Confirmed && !m.user.revoked;
                Ok(Self {
                    admin: confirmed && m.user.kind == ProviderUserType::Admin,
                    member: confirmed,
                    wrapped_provider_key: m.wrapped_provider_key,
                })
            }
            // Not a user of this provider (an instance administrator looking at it).
            Err(e) if e.status() == Some(404) => Ok(Self { admin: false, member: false, wrapped_provider_key: None }),
            Err(e) => Err(e),
        }
    }
}

/// The dialog shown, if any.
#[derive(Clone)]
enum Dialog {
    New,
    Attach,
    Edit(Client),
    Detach(Client),
}

/// The sort orders the API knows, with their labels.
const SORTS: [(&str, &str); 4] =
    [("name", "Name, A to Z"), ("-name", "Name, Z to A"), ("-created", "Newest first"), ("created", "Oldest first")];

/// `/providers/{id}` and `/providers/{id}/clients`.
#[component]
pub fn ProviderClients() -> impl IntoView {
    let Some(ctx) = use_provider() else { return Either::Left(()) };
    let id = Memo::new(move |_| ctx.provider.with(|p| p.id.clone()));
    let caller = LocalResource::new(move || {
        let id = id.get();
        async move {
            let membership =
                visit_cache::cached(format!("membership:{id}"), || api::provider_users::membership(id.clone())).await;
            Caller::of(membership)
        }
    });
    let (retrying, set_retrying) = signal(false);
    let retry = Callback::new(move |()| caller.refetch());

    Either::Right(view! {
        <Title text=move || format!("Clients · {}", ctx.provider.with(|p| p.name.clone())) />
        <section class="section" aria-labelledby="section-clients" data-testid="provider-clients">
            <Transition fallback=move || view! { <ClientsSkeleton /> } set_pending=set_retrying>
                {move || Suspend::new(async move {
                    match caller.await {
                        Ok(c) => Either::Left(view! { <ClientsSection provider_id=id.get_untracked() caller=c /> }),
                        Err(e) => Either::Right(view! {
                            <h2 class="section-title" id="section-clients">"Clients"</h2>
                            <ErrorNotice error=e on_retry=retry pending=retrying />
                        }),
                    }
                })}
            </Transition>
        </section>
    })
}

#[component]
fn ClientsSection(provider_id: String, caller: Caller) -> impl IntoView {
    let Some(ctx) = use_provider() else { return Either::Left(()) };
    let provider_name = Signal::derive(move || ctx.provider.with(|p| p.name.clone()));
    let provider_id = StoredValue::new(provider_id);
    let caller = StoredValue::new(caller);
    let admin = caller.with_value(|c| c.admin);
    let member = caller.with_value(|c| c.member);

    let search = SearchText::new();
    let sort = RwSignal::new("name".to_owned());
    let reload = RwSignal::new(0u32);
    let dialog = RwSignal::new(None::<Dialog>);
    let flash = Flash::new();
    let list = PagedList::<Client>::new();
    // Every row shown, for the figures above the table (`None` while the first page loads).
    let shown = RwSignal::new(None::<(Vec<Client>, bool)>);

    let first_page = LocalResource::new(move || {
        let search = search.term();
        let sort = sort.get();
        let key = format!(
            "clients:{}:{}:{}:{}",
            provider_id.get_value(),
            search.clone().unwrap_or_default(),
            sort,
            reload.get()
        );
        let query = ClientQuery { search, sort: Some(sort), limit: Some(PAGE_SIZE), cursor: None };
        let id = provider_id.get_value();
        // Unlocking draws the page again without a new request.
        async move { visit_cache::cached(key, || api::providers::list_provider_clients(id, query)).await }
    });
    Effect::new(move |_| {
        first_page.track();
        list.reset();
    });
    let (refreshing, set_refreshing) = signal(false);
    let retry = Callback::new(move |()| first_page.refetch());
    let refresh = move || {
        visit_cache::forget_all();
        reload.update(|r| *r += 1);
    };

    let clear_search = Callback::new(move |()| search.clear());
    let filtered = Signal::derive(move || search.term().is_some());

    let load_more = Callback::new(move |cursor: String| {
        list.load_more(cursor, |cursor| {
            let query = ClientQuery {
                search: search.term_untracked(),
                sort: Some(sort.get_untracked()),
                limit: Some(PAGE_SIZE),
                cursor: Some(cursor),
            };
            api::providers::list_provider_clients(provider_id.get_value(), query)
        });
    });

    let close_dialog = Callback::new(move |()| dialog.set(None));
    let open = move |d: Dialog| {
        flash.clear();
        dialog.set(Some(d));
    };
    let on_created = Callback::new(move |(c, invited): (Client, String)| {
        dialog.set(None);
        let message = if c.invitation_link.is_some() {
            format!("{} was created. It shows “Awaiting Owner” until {invited} opens the invitation link.", c.name)
        } else {
            format!("{} was created. {invited} was invited by email to become its Owner.", c.name)
        };
        flash.done(message);
        refresh();
    });
    let on_attached = Callback::new(move |c: Client| {
        dialog.set(None);
        flash.done(format!(
            "{} is now a client of {}. Every user of the provider can administer it.",
            c.name,
            provider_name.get_untracked()
        ));
        refresh();
    });
    let on_detached = Callback::new(move |c: Client| {
        dialog.set(None);
        flash.done(format!(
            "{} was detached. It continues under its own Owners; this provider no longer has access.",
            c.name
        ));
        refresh();
    });
    let on_saved = Callback::new(move |c: Client| {
        dialog.set(None);
        flash.done(format!("{} was saved.", c.name));
        let button = format!("edit-{}", c.id);
        list.replace(c);
        visit_cache::forget_all();
        focus(&button);
    });
    let actions = RowActions {
        edit: member.then(|| Callback::new(move |c| open(Dialog::Edit(c)))),
        detach: admin.then(|| {
            Callback::new(move |c: Client| {
                if c.status == ClientStatus::Pending {
                    flash.note(
                        format!("{} cannot be detached yet", c.name),
                        "A client can only be detached once its Owner has accepted the invitation and been confirmed, \
                         so that it keeps an administrator of its own.",
                    );
                } else {
                    open(Dialog::Detach(c));
                }
            })
        }),
    };
    let on_new = Callback::new(move |()| open(Dialog::New));
    let sort_by = Callback::new(move |s: String| sort.set(s));

    Either::Right(view! {
        <div class="section-header">
            <div>
                <h2 class="section-title" id="section-clients">"Clients"</h2>
                <p class="muted">"The client organizations this provider manages: their plan, seats and Owners."</p>
            </div>
            {admin.then(|| view! {
                <div class="section-actions">
                    <button type="button" class="btn btn-secondary" on:click=move |_| open(Dialog::Attach)>
                        "Attach organization"
                    </button>
                    <button type="button" class="btn btn-primary" on:click=move |_| open(Dialog::New)>
                        <PlusIcon />
                        "New client"
                    </button>
                </div>
            })}
        </div>
        {role_note(admin, member).map(|(title, detail)| view! {
            <div class="notice notice-neutral" data-testid="clients-role-note">
                <div class="notice-body">
                    <p class="notice-title">{title}</p>
                    <p class="notice-detail">{detail}</p>
                </div>
            </div>
        })}
        <ClientsSummary shown=shown />
        <FlashRegion flash=flash />
        <section class="card table-card" aria-labelledby="clients-table-title">
            <h3 class="visually-hidden" id="clients-table-title">"All clients"</h3>
            <div class="toolbar">
                <form class="toolbar-search" role="search" on:submit=move |ev| search.submit(ev)>
                    <label class="visually-hidden" for="client-search">"Search clients by name"</label>
                    <span class="toolbar-search-icon"><SearchIcon /></span>
                    <input
                        id="client-search"
                        type="search"
                        placeholder="Search by name"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || search.text.get()
                        on:input=move |ev| search.input(ev)
                    />
                </form>
                <div class="toolbar-filter">
                    <label for="client-sort">"Sort"</label>
                    <select id="client-sort" on:change=move |ev| sort.set(event_target_value(&ev))>
                        {SORTS
                            .into_iter()
                            .map(|(value, label)| view! {
                                <option value=value selected=move || sort.with(|s| s == value)>{label}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <Show when=move || refreshing.get()>
                    <span class="toolbar-busy" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        <span class="visually-hidden">"Updating the list…"</span>
                    </span>
                </Show>
            </div>
            <Transition fallback=TableSkeleton set_pending=set_refreshing>
                <ErrorBoundary fallback=move |errors| {
                    move || view! {
                        <div class="card-body">
                            <ErrorNotice error=first_client_error(&errors.read()) on_retry=retry pending=refreshing />
                        </div>
                    }
                }>
                    {move || Suspend::new(async move {
                        first_page.await.map(|page| {
                            let list = ClientList { rows: list, load_more, shown };
                            view! {
                                <ClientsTable
                                    first=page
                                    list=list
                                    actions=actions
                                    sort=sort.into()
                                    sort_by=sort_by
                                    filtered=filtered
                                    clear_search=clear_search
                                    on_new=admin.then_some(on_new)
                                />
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
        {move || dialog.get().map(|d| {
            let id = provider_id.get_value();
            let wrapped = caller.with_value(|c| c.wrapped_provider_key.clone());
            match d {
                Dialog::New => EitherOf4::A(view! {
                    <NewClientDialog provider_id=id wrapped_provider_key=wrapped on_close=close_dialog on_created=on_created />
                }),
                Dialog::Attach => EitherOf4::B(view! {
                    <AttachClientDialog
                        provider_id=id
                        provider_name=provider_name.get_untracked()
                        wrapped_provider_key=wrapped
                        on_close=close_dialog
                        on_attached=on_attached
                    />
                }),
                Dialog::Edit(c) => EitherOf4::C(view! {
                    <EditClientDialog provider_id=id client=c on_close=close_dialog on_saved=on_saved />
                }),
                Dialog::Detach(c) => EitherOf4::D(view! {
                    <DetachClientDialog
                        provider_id=id
                        provider_name=provider_name.get_untracked()
                        client=c
                        on_close=close_dialog
                        on_detached=on_detached
                    />
                }),
            }
        })}
    })
}

/// What a row's buttons do (`None`: the caller may not).
#[derive(Clone, Copy)]
struct RowActions {
    edit: Option<Callback<Client>>,
    detach: Option<Callback<Client>>,
}

/// What "Load more" and the row actions changed since the first page was loaded.
#[derive(Clone, Copy)]
struct ClientList {
    rows: PagedList<Client>,
    load_more: Callback<String>,
    shown: RwSignal<Option<(Vec<Client>, bool)>>,
}

/// The figures above the table: over the clients shown.
#[component]
fn ClientsSummary(shown: RwSignal<Option<(Vec<Client>, bool)>>) -> impl IntoView {
    move || {
        shown.with(|s| match s {
            None => EitherOf3::A(view! {
                <div class="stat-grid" aria-hidden="true">
                    {(0..4).map(|_| view! { <div class="stat card"><span class="skeleton skeleton-label"></span></div> }).collect_view()}
                </div>
            }),
            // No clients yet: the empty state below says it; zeros add nothing.
            Some((rows, _)) if rows.is_empty() => EitherOf3::B(()),
            Some((rows, more)) => {
                let count = rows.len();
                let used: i64 = rows.iter().map(|c| c.seats_used).sum();
                let bought: i64 = rows.iter().filter_map(|c| c.seats).map(i64::from).sum();
                let unlimited = rows.iter().filter(|c| c.seats.is_none()).count();
                let awaiting: i64 = rows.iter().map(|c| c.awaiting_confirmation).sum();
                let pending = rows.iter().filter(|c| c.status == ClientStatus::Pending).count();
                let awaiting_class = if awaiting > 0 { "stat-value stat-value-warn" } else { "stat-value" };
                let pending_class = if pending > 0 { "stat-value stat-value-warn" } else { "stat-value" };
                let scope = if *more { "on this page" } else { "in total" };
                let seats_note = match (bought, unlimited) {
                    (0, 0) => "no seats bought".to_owned(),
                    (_, 0) => format!("of {bought} bought"),
                    (0, u) => format!("{u} unlimited {}", if u == 1 { "client" } else { "clients" }),
                    (b, u) => format!("of {b} bought, plus {u} unlimited"),
                };
                EitherOf3::C(view! {
                    <dl class="stat-grid" data-testid="clients-summary">
                        <div class="stat card">
                            <dt>"Clients"</dt>
                            <dd class="stat-value" data-testid="summary-clients">{count}</dd>
                            <dd class="stat-note">{scope}</dd>
                        </div>
                        <div class="stat card">
                            <dt>"Seats used"</dt>
                            <dd class="stat-value" data-testid="summary-seats">{used}</dd>
                            <dd class="stat-note">{seats_note}</dd>
                        </div>
                        <div class="stat card">
                            <dt>"Awaiting confirmation"</dt>
                            <dd class=awaiting_class>{awaiting}</dd>
                            <dd class="stat-note">"members who accepted"</dd>
                        </div>
                        <div class="stat card">
                            <dt>"Owner not confirmed"</dt>
                            <dd class=pending_class>{pending}</dd>
                            <dd class="stat-note">{if pending == 1 { "client waiting" } else { "clients waiting" }}</dd>
                        </div>
                    </dl>
                })
            }
        })
    }
}

/// A sortable column header: a button that flips between the two orders of `key`.
#[component]
fn SortHeader(
    label: &'static str,
    /// The ascending order's name (`name`, `created`).
    key: &'static str,
    /// The order a first click picks.
    first: &'static str,
    sort: Signal<String>,
    sort_by: Callback<String>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let descending = format!("-{key}");
    let state = {
        let descending = descending.clone();
        Signal::derive(move || {
            sort.with(|s| {
                if s == key {
                    Some("ascending")
                } else if *s == descending {
                    Some("descending")
                } else {
                    None
                }
            })
        })
    };
    let next = move || match state.get() {
        Some("ascending") => descending.clone(),
        Some(_) => key.to_owned(),
        None => first.to_owned(),
    };
    view! {
        <th scope="col" class=class aria-sort=move || state.get().unwrap_or("none")>
            <button type="button" class="th-sort" on:click=move |_| sort_by.run(next())>
                {label}
                <span class="th-sort-arrow" aria-hidden="true">
                    {move || match state.get() {
                        Some("ascending") => "↑",
                        Some(_) => "↓",
                        None => "↕",
                    }}
                </span>
            </button>
        </th>
    }
}

/// The table, or the empty state.
#[component]
fn ClientsTable(
    first: Page<Client>,
    list: ClientList,
    actions: RowActions,
    sort: Signal<String>,
    sort_by: Callback<String>,
    filtered: Signal<bool>,
    clear_search: Callback<()>,
    on_new: Option<Callback<()>>,
) -> impl IntoView {
    let ClientList { rows: list, load_more, shown } = list;
    if first.items.is_empty() {
        shown.set(Some((Vec::new(), false)));
        return Either::Left(
            view! { <ClientsEmpty filtered=filtered.get_untracked() clear_search=clear_search on_new=on_new /> },
        );
    }
    let rows = list.rows(first);
    let next = rows.next;
    let rows = rows.items;
    Effect::new(move |_| shown.set(Some((rows.get(), next.with(Option::is_some)))));
    let count = move || count_text(rows.with(Vec::len), "client", "clients", next.with(Option::is_some));
    let has_actions = actions.edit.is_some() || actions.detach.is_some();

    Either::Right(view! {
        <div class="table-scroll">
            <table class="table clients-table" data-testid="clients-table">
                <thead>
                    <tr>
                        <SortHeader label="Name" key="name" first="name" sort=sort sort_by=sort_by />
                        <th scope="col">"Plan"</th>
                        <th scope="col" class="col-seats">"Seats"</th>
                        <th scope="col" class="col-wide">"Awaiting"</th>
                        <th scope="col">"Status"</th>
                        <SortHeader label="Created" key="created" first="-created" sort=sort sort_by=sort_by class="col-wide" />
                        {has_actions.then(|| view! {
                            <th scope="col" class="table-actions-col"><span class="visually-hidden">"Actions"</span></th>
                        })}
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|c| (c.id.clone(), c.updated_at.clone(), c.status == ClientStatus::Pending) let:client>
                        <ClientRow client=client actions=actions />
                    </For>
                </tbody>
            </table>
        </div>
        <LoadMoreFooter count=Signal::derive(count) next=next loading=list.loading error=list.error on_more=load_more />
    })
}

/// One client's row.
#[component]
fn ClientRow(client: Client, actions: RowActions) -> impl IntoView {
    let row = StoredValue::new(client.clone());
    let href = format!("/organizations/{}", client.id);
    let name = StoredValue::new(client.name.clone());
    let pending = client.status == ClientStatus::Pending;
    let awaiting = client.awaiting_confirmation;
    view! {
        <tr data-testid="client-row">
            <td>
                <div class="cell-name">
                    <ProviderTile name=name.get_value() />
                    <div class="cell-name-text">
                        <A href=href attr:class="cell-name-link">{name.get_value()}</A>
                        <span class="cell-sub" title="Billing email">{client.billing_email.clone()}</span>
                    </div>
                </div>
            </td>
            <td class="cell-nowrap" data-testid="client-plan">{plan_label(client.plan)}</td>
            <td class="col-seats"><SeatBar used=client.seats_used seats=client.seats /></td>
            <td class="col-wide">
                {if awaiting > 0 {
                    Either::Left(view! {
                        <span class="count-badge count-badge-warn" data-testid="client-awaiting" title="Members who accepted and wait to be confirmed">
                            {awaiting}
                        </span>
                    })
                } else {
                    Either::Right(view! { <span class="cell-muted" data-testid="client-awaiting">"None"</span> })
                }}
            </td>
            <td><ClientStatusPill status=client.status /></td>
            <td class="cell-muted cell-nowrap col-wide" title=format::date_time(&client.created_at)>
                {format::date(&client.created_at)}
            </td>
            {(actions.edit.is_some() || actions.detach.is_some()).then(|| view! {
                <td class="table-actions">
                    {actions.edit.map(|edit| view! {
                        <button
                            type="button"
                            id=format!("edit-{}", client.id)
                            class="btn btn-ghost btn-sm"
                            on:click=move |_| edit.run(row.get_value())
                        >
                            "Edit"
                            <span class="visually-hidden">" " {name.get_value()}</span>
                        </button>
                    })}
                    {actions.detach.map(|detach| view! {
                        <button
                            type="button"
                            class="btn btn-ghost btn-sm btn-ghost-danger"
                            aria-disabled=pending.then_some("true")
                            title=pending.then_some("Detaching needs a confirmed Owner first")
                            on:click=move |_| detach.run(row.get_value())
                        >
                            "Detach"
                            <span class="visually-hidden">" " {name.get_value()}</span>
                        </button>
                    })}
                </td>
            })}
        </tr>
    }
}

/// No clients at all, or none that match the search.
#[component]
fn ClientsEmpty(filtered: bool, clear_search: Callback<()>, on_new: Option<Callback<()>>) -> impl IntoView {
    if filtered {
        return EitherOf3::A(view! {
            <div class="empty-panel empty-panel-flat" data-testid="clients-empty">
                <p class="empty-inline-title">"No clients match"</p>
                <p class="muted">"Try another part of the name."</p>
                <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| clear_search.run(())>
                    "Clear search"
                </button>
            </div>
        });
    }
    match on_new {
        Some(on_new) => EitherOf3::B(view! {
            <div class="empty-panel empty-panel-flat" data-testid="clients-empty">
                <span class="empty-panel-icon" aria-hidden="true"><BuildingIcon /></span>
                <p class="empty-inline-title">"No clients yet"</p>
                <p class="muted">
                    "Each client is an organization of its own, with its members, vault, collections and policies, "
                    "administered by this provider. Create one and invite its Owner, or attach an organization you own."
                </p>
                <button type="button" class="btn btn-primary btn-sm" on:click=move |_| on_new.run(())>
                    <PlusIcon />
                    "Create your first client"
                </button>
            </div>
        }),
        None => EitherOf3::C(view! {
            <div class="empty-panel empty-panel-flat" data-testid="clients-empty">
                <span class="empty-panel-icon" aria-hidden="true"><BuildingIcon /></span>
                <p class="empty-inline-title">"No clients yet"</p>
                <p class="muted">"A Provider Admin creates clients or attaches existing organizations. They appear here."</p>
            </div>
        }),
    }
}

/// The section's shape while the caller's role loads.
#[component]
fn ClientsSkeleton() -> impl IntoView {
    view! {
        <div class="status-loading stack-lg" role="status">
            <span class="visually-hidden">"Loading clients…"</span>
            <div aria-hidden="true" class="skeleton-rows">
                <span class="skeleton skeleton-heading"></span>
                <span class="skeleton skeleton-label"></span>
            </div>
            <div class="card"><TableSkeleton /></div>
        </div>
    }
}

/// The table's shape while the first page loads.
#[component]
fn TableSkeleton() -> impl IntoView {
    view! {
        <div class="table-skeleton status-loading" role="status">
            <span class="visually-hidden">"Loading clients…"</span>
            <div aria-hidden="true">
                {(0..5)
                    .map(|_| view! {
                        <div class="skeleton-row skeleton-row-item">
                            <span class="skeleton skeleton-tile"></span>
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
