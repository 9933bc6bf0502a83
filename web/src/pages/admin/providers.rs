//! `/admin/providers`: every provider of this server, for instance administrators. Search by
//! name, filter by status, page through with "Load more"; create a provider (which invites its
//! first admin), edit one, disable or enable one.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_shared::page::Page;
use portal_shared::providers::{Provider, ProviderQuery, ProviderStatus};

use super::provider_dialogs::{DisableProviderDialog, EditProviderDialog, NewProviderDialog};
use crate::api;
use crate::components::error_notice::{ErrorNotice, ErrorSummary, first_client_error};
use crate::components::form::focus;
use crate::components::icons::{PlusIcon, SearchIcon};
use crate::components::paged_list::{Flash, FlashRegion, LoadMoreFooter, PagedList, SearchText, count_text};
use crate::components::provider_badges::{ProviderStatusPill, ProviderTile};
use crate::components::require_session::RequireUnlocked;
use crate::format;
use crate::session::use_session;

/// Providers per page.
const PAGE_SIZE: u32 = 25;

/// The providers page, for an unlocked instance administrator.
#[component]
pub fn AdminProvidersPage() -> impl IntoView {
    let session = use_session();
    view! {
        <RequireUnlocked>
            {move || if session.is_instance_admin() {
                Either::Left(view! { <AdminProviders /> })
            } else {
                Either::Right(view! { <NotAnAdmin /> })
            }}
        </RequireUnlocked>
    }
}

/// The dialog shown, if any.
#[derive(Clone)]
enum Dialog {
    New,
    Edit(Provider),
    Disable(Provider),
}

#[component]
fn AdminProviders() -> impl IntoView {
    let open_new = use_query_map().with_untracked(|q| q.get("new").is_some());
    if open_new {
        // `?new=1` (from the home page) opens the dialog once, not again on a reload.
        let navigate = use_navigate();
        request_animation_frame(move || {
            navigate("/admin/providers", NavigateOptions { replace: true, ..Default::default() });
        });
    }
    let search = SearchText::new();
    let status = RwSignal::new(None::<ProviderStatus>);
    let reload = RwSignal::new(0u32);
    let dialog = RwSignal::new(open_new.then_some(Dialog::New));
    let flash = Flash::new();
    // Rows loaded by "Load more", and rows changed since they were loaded (edited, disabled, enabled).
    let list = PagedList::<Provider>::new();
    let row_busy = RwSignal::new(None::<String>);

    let first_page = LocalResource::new(move || {
        let query = ProviderQuery { search: search.term(), status: status.get(), limit: Some(PAGE_SIZE), cursor: None };
        reload.track();
        async move { api::providers::list_providers(query).await }
    });
    // A new first page starts the list over.
    Effect::new(move |_| {
        first_page.track();
        list.reset();
    });
    let (refreshing, set_refreshing) = signal(false);
    let retry = Callback::new(move |()| first_page.refetch());

    let clear_filters = Callback::new(move |()| {
        search.clear();
        status.set(None);
    });
    let filtered = Signal::derive(move || search.term().is_some() || status.get().is_some());

    let load_more = Callback::new(move |cursor: String| {
        list.load_more(cursor, |cursor| {
            api::providers::list_providers(ProviderQuery {
                search: search.term_untracked(),
                status: status.get_untracked(),
                limit: Some(PAGE_SIZE),
                cursor: Some(cursor),
            })
        });
    });

    // A changed row is drawn anew: its button (`edit-<id>` or `toggle-<id>`) takes the focus back.
    let replace_row = move |p: Provider, button: &str| {
        let id = format!("{button}-{}", p.id);
        list.replace(p);
        focus(&id);
    };
    let close_dialog = Callback::new(move |()| dialog.set(None));
    let on_created = Callback::new(move |(p, invited): (Provider, String)| {
        dialog.set(None);
        let message = if p.invitation_link.is_some() {
            format!("{} was created. It stays pending until {invited} opens the invitation link.", p.name)
        } else {
            format!("{} was created. An invitation to finish its setup was sent to {invited}.", p.name)
        };
        flash.done(message);
        reload.update(|r| *r += 1);
    });
    let on_saved = Callback::new(move |p: Provider| {
        dialog.set(None);
        flash.done(format!("{} was saved.", p.name));
        replace_row(p, "edit");
    });
    let on_disabled = Callback::new(move |p: Provider| {
        dialog.set(None);
        flash.done(format!("{} is disabled. Its users no longer have access to it or its clients.", p.name));
        replace_row(p, "toggle");
    });
    let enable = Callback::new(move |p: Provider| {
        if row_busy.get_untracked().is_some() {
            return;
        }
        row_busy.set(Some(p.id.clone()));
        flash.clear();
        leptos::task::spawn_local(async move {
            let result = api::providers::enable_provider(p.id.clone()).await;
            row_busy.set(None);
            match result {
                Ok(enabled) => {
                    let what = if enabled.status == ProviderStatus::Pending {
                        "is enabled. It stays pending until its first admin finishes the setup."
                    } else {
                        "is enabled. Its users have their access back."
                    };
                    flash.done(format!("{} {what}", enabled.name));
                    replace_row(enabled, "toggle");
                }
                Err(e) => flash.failed(ErrorSummary::of(&e)),
            }
        });
    });
    let resend = Callback::new(move |p: Provider| {
        if row_busy.get_untracked().is_some() {
            return;
        }
        row_busy.set(Some(p.id.clone()));
        flash.clear();
        leptos::task::spawn_local(async move {
            let result = api::providers::resend_provider_invitation(p.id.clone()).await;
            row_busy.set(None);
            match result {
                Ok(sent) => {
                    let message = match &sent.invitation_link {
                        Some(link) => format!(
                            "A new invitation for {} was made; earlier links stopped working. No mail relay is configured: pass this link on: {link}",
                            sent.name
                        ),
                        None => format!(
                            "A new invitation for {} was sent to its first admin; earlier links stopped working.",
                            sent.name
                        ),
                    };
                    flash.done(message);
                }
                Err(e) => flash.failed(ErrorSummary::of(&e)),
            }
        });
    });
    let actions = RowActions {
        resend,
        edit: Callback::new(move |p| {
            flash.clear();
            dialog.set(Some(Dialog::Edit(p)));
        }),
        disable: Callback::new(move |p| {
            flash.clear();
            dialog.set(Some(Dialog::Disable(p)));
        }),
        enable,
        busy: row_busy,
    };

    view! {
        <Title text="Providers" />
        <div class="container">
            <header class="page-header">
                <div>
                    <p class="eyebrow">"Instance administration"</p>
                    <h1 class="page-title">"Providers"</h1>
                    <p class="muted">"The MSPs, resellers and business units that manage client organizations on this server."</p>
                </div>
                <button
                    type="button"
                    class="btn btn-primary"
                    on:click=move |_| {
                        flash.clear();
                        dialog.set(Some(Dialog::New));
                    }
                >
                    <PlusIcon />
                    "New provider"
                </button>
            </header>
            <FlashRegion flash=flash />
            <section class="card table-card" aria-labelledby="providers-table-title">
                <h2 class="visually-hidden" id="providers-table-title">"All providers"</h2>
                <div class="toolbar">
                    <form class="toolbar-search" role="search" on:submit=move |ev| search.submit(ev)>
                        <label class="visually-hidden" for="provider-search">"Search providers by name"</label>
                        <span class="toolbar-search-icon"><SearchIcon /></span>
                        <input
                            id="provider-search"
                            type="search"
                            placeholder="Search by name"
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=move || search.text.get()
                            on:input=move |ev| search.input(ev)
                        />
                    </form>
                    <div class="toolbar-filter">
                        <label for="provider-status-filter">"Status"</label>
                        <select
                            id="provider-status-filter"
                            on:change=move |ev| status.set(ProviderStatus::parse(&event_target_value(&ev)))
                        >
                            <option value="" selected=move || status.get().is_none()>"All"</option>
                            {[ProviderStatus::Active, ProviderStatus::Pending, ProviderStatus::Disabled]
                                .into_iter()
                                .map(|s| view! {
                                    <option value=s.as_str() selected=move || status.get() == Some(s)>
                                        {crate::components::provider_badges::status_label(s)}
                                    </option>
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
                                view! {
                                    <ProvidersTable
                                        first=page
                                        list=list
                                        load_more=load_more
                                        actions=actions
                                        filtered=filtered
                                        clear_filters=clear_filters
                                        on_new=Callback::new(move |()| dialog.set(Some(Dialog::New)))
                                    />
                                }
                            })
                        })}
                    </ErrorBoundary>
                </Transition>
            </section>
        </div>
        {move || dialog.get().map(|d| match d {
            Dialog::New => EitherOf3::A(view! { <NewProviderDialog on_close=close_dialog on_created=on_created /> }),
            Dialog::Edit(p) => EitherOf3::B(view! { <EditProviderDialog provider=p on_close=close_dialog on_saved=on_saved /> }),
            Dialog::Disable(p) => {
                EitherOf3::C(view! { <DisableProviderDialog provider=p on_close=close_dialog on_disabled=on_disabled /> })
            }
        })}
    }
}

/// What a row's buttons do.
#[derive(Clone, Copy)]
struct RowActions {
    edit: Callback<Provider>,
    disable: Callback<Provider>,
    enable: Callback<Provider>,
    /// Invite a pending provider's first admin again.
    resend: Callback<Provider>,
    /// The row whose request is under way.
    busy: RwSignal<Option<String>>,
}

/// The table, or the empty state.
#[component]
fn ProvidersTable(
    first: Page<Provider>,
    list: PagedList<Provider>,
    load_more: Callback<String>,
    actions: RowActions,
    filtered: Signal<bool>,
    clear_filters: Callback<()>,
    on_new: Callback<()>,
) -> impl IntoView {
    if first.items.is_empty() {
        return Either::Left(
            view! { <ProvidersEmpty filtered=filtered.get_untracked() clear_filters=clear_filters on_new=on_new /> },
        );
    }
    // Every loaded row, with its latest version.
    let rows = list.rows(first);
    let next = rows.next;
    let rows = rows.items;
    let count = move || count_text(rows.with(Vec::len), "provider", "providers", next.with(Option::is_some));

    Either::Right(view! {
        <div class="table-scroll">
            <table class="table" data-testid="providers-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col" class="col-type">"Type"</th>
                        <th scope="col" class="col-status">"Status"</th>
                        <th scope="col" class="col-wide">"Billing email"</th>
                        <th scope="col" class="col-wide">"Created"</th>
                        <th scope="col" class="table-actions-col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|p| (p.id.clone(), p.updated_at.clone(), p.status) let:provider>
                        <ProviderRow provider=provider actions=actions />
                    </For>
                </tbody>
            </table>
        </div>
        <LoadMoreFooter count=Signal::derive(count) next=next loading=list.loading error=list.error on_more=load_more />
    })
}

/// One provider's row.
#[component]
fn ProviderRow(provider: Provider, actions: RowActions) -> impl IntoView {
    let row = StoredValue::new(provider.clone());
    let busy = {
        let id = provider.id.clone();
        Signal::derive(move || actions.busy.with(|b| b.as_deref() == Some(id.as_str())))
    };
    let disabled = provider.status == ProviderStatus::Disabled;
    let href = format!("/providers/{}", provider.id);
    let name = StoredValue::new(provider.name.clone());
    view! {
        <tr data-testid="provider-row">
            <td>
                <div class="cell-name">
                    <ProviderTile name=name.get_value() />
                    <div class="cell-name-text">
                        <A href=href attr:class="cell-name-link">{name.get_value()}</A>
                        <span class="only-narrow">
                            <ProviderStatusPill status=provider.status copy=true />
                        </span>
                    </div>
                </div>
            </td>
            <td class="cell-nowrap col-type">{provider.kind.label()}</td>
            <td class="col-status"><ProviderStatusPill status=provider.status /></td>
            <td class="cell-muted cell-email col-wide" title=provider.billing_email.clone()>
                {provider.billing_email.clone().unwrap_or_else(|| "—".into())}
            </td>
            <td class="cell-muted cell-nowrap col-wide" title=format::date_time(&provider.created_at)>
                {format::date(&provider.created_at)}
            </td>
            <td class="table-actions">
                <button
                    type="button"
                    id=format!("edit-{}", provider.id)
                    class="btn btn-ghost btn-sm"
                    on:click=move |_| actions.edit.run(row.get_value())
                >
                    "Edit"
                    <span class="visually-hidden">" " {name.get_value()}</span>
                </button>
                {(provider.status == ProviderStatus::Pending).then(|| view! {
                    <button
                        type="button"
                        id=format!("resend-{}", provider.id)
                        class="btn btn-ghost btn-sm"
                        aria-disabled=move || busy.get().then_some("true")
                        aria-busy=move || busy.get().then_some("true")
                        on:click=move |_| actions.resend.run(row.get_value())
                    >
                        {move || if busy.get() { "Sending…" } else { "Resend invitation" }}
                        <span class="visually-hidden">" " {name.get_value()}</span>
                    </button>
                })}
                {if disabled {
                    Either::Left(view! {
                        <button
                            type="button"
                            id=format!("toggle-{}", provider.id)
                            class="btn btn-ghost btn-sm"
                            aria-disabled=move || busy.get().then_some("true")
                            aria-busy=move || busy.get().then_some("true")
                            on:click=move |_| actions.enable.run(row.get_value())
                        >
                            {move || if busy.get() { "Enabling…" } else { "Enable" }}
                            <span class="visually-hidden">" " {name.get_value()}</span>
                        </button>
                    })
                } else {
                    Either::Right(view! {
                        <button
                            type="button"
                            id=format!("toggle-{}", provider.id)
                            class="btn btn-ghost btn-sm btn-ghost-danger"
                            on:click=move |_| actions.disable.run(row.get_value())
                        >
                            "Disable"
                            <span class="visually-hidden">" " {name.get_value()}</span>
                        </button>
                    })
                }}
            </td>
        </tr>
    }
}

/// No providers at all, or none that match the filters.
#[component]
fn ProvidersEmpty(filtered: bool, clear_filters: Callback<()>, on_new: Callback<()>) -> impl IntoView {
    if filtered {
        return Either::Left(view! {
            <div class="empty-panel empty-panel-flat" data-testid="providers-empty">
                <p class="empty-inline-title">"No providers match"</p>
                <p class="muted">"Try another name, or show every status."</p>
                <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| clear_filters.run(())>
                    "Clear search and filter"
                </button>
            </div>
        });
    }
    Either::Right(view! {
        <div class="empty-panel empty-panel-flat" data-testid="providers-empty">
            <p class="empty-inline-title">"No providers yet"</p>
            <p class="muted">
                "Create a provider for each MSP, reseller or business unit that manages client organizations on this server. "
                "Its first admin is invited by email and finishes the setup."
            </p>
            <button type="button" class="btn btn-primary btn-sm" on:click=move |_| on_new.run(())>
                <PlusIcon />
                "New provider"
            </button>
        </div>
    })
}

/// The table's shape while the first page loads.
#[component]
fn TableSkeleton() -> impl IntoView {
    view! {
        <div class="table-skeleton status-loading" role="status">
            <span class="visually-hidden">"Loading providers…"</span>
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

/// What someone who is not an instance administrator sees here.
#[component]
fn NotAnAdmin() -> impl IntoView {
    view! {
        <Title text="Providers" />
        <div class="container narrow">
            <div class="card empty-state">
                <p class="eyebrow">"Instance administration"</p>
                <h1 class="empty-state-title">"Only instance administrators can manage providers"</h1>
                <p class="muted">"Your account is not an administrator of this server. The providers you work in are on your home page."</p>
                <A href="/" attr:class="btn btn-primary">"Go to the home page"</A>
            </div>
        </div>
    }
}
