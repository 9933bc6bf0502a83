//! `/providers/{id}/users`: the provider's users. Everyone who may read the provider sees the
//! list (search, filter by type and status, "Load more"); Provider Admins also invite people,
//! confirm accepted users by their key fingerprint, change types, revoke, restore, remove and
//! re-invite. Everybody who is a provider user can leave the provider from their own row.

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use portal_shared::client::ClientError;
use portal_shared::page::Page;
use portal_shared::providers::{
    ProviderMembership, ProviderUser, ProviderUserQuery, ProviderUserStatus, ProviderUserType, UpdateProviderUser,
};

use super::user_dialogs::{
    Ask, AskDialog, ConfirmUserDialog, InviteDialog, ReinviteLinkDialog, action_summary, display_name,
};
use crate::api;
use crate::components::error_notice::{ErrorNotice, first_client_error};
use crate::components::icons::{PlusIcon, SearchIcon, UsersIcon};
use crate::components::paged_list::{Flash, FlashRegion, LoadMoreFooter, PagedList, SearchText, count_text};
use crate::components::row_menu::{MenuItem, RowMenu as SharedRowMenu};
use crate::components::user_menu::initials;
use crate::format;
use crate::pages::providers::use_provider;
use crate::session::{go_to, use_session};
use crate::visit_cache;

/// Users per page.
const PAGE_SIZE: u32 = 25;

/// The status filter's choices: the API's values and their words.
const STATUSES: [(&str, &str); 4] =
    [("invited", "Invited"), ("accepted", "Needs confirmation"), ("confirmed", "Confirmed"), ("revoked", "Revoked")];

/// A user's status as shown: revoked wins over the lifecycle status.
fn status_of(user: &ProviderUser) -> (&'static str, &'static str) {
    if user.revoked {
        return ("Revoked", "off");
    }
    match user.status {
        ProviderUserStatus::Invited => ("Invited", "info"),
        ProviderUserStatus::Accepted => ("Needs confirmation", "warn"),
        ProviderUserStatus::Confirmed => ("Confirmed", "ok"),
    }
}

/// What the person looking at the page may do here.
#[derive(Clone, Debug, Default, PartialEq)]
struct Access {
    /// Their own provider user, when they are one.
    me: Option<ProviderUser>,
    /// Whether they manage users (a confirmed, unrevoked Provider Admin).
    manage: bool,
    /// Whether the membership is known yet.
    known: bool,
    /// Why it could not be read (not a 404).
    error: Option<ClientError>,
}

impl Access {
    fn of(answer: &Result<ProviderMembership, ClientError>) -> Self {
        match answer {
            Ok(m) => Self {
                manage: m.user.kind == ProviderUserType::Admin
                    && m.user.status == ProviderUserStatus::Confirmed
                    && !m.user.revoked,
                me: Some(m.user.clone()),
                known: true,
                error: None,
            },
            // Not a user of this provider (an instance administrator looking in).
            Err(e) if e.status() == Some(404) => Self { known: true, ..Self::default() },
            Err(e) => Self { known: true, error: Some(e.clone()), ..Self::default() },
        }
    }

    fn is_me(&self, user: &ProviderUser) -> bool {
        self.me.as_ref().is_some_and(|m| m.id == user.id)
    }
}

/// A change to a user, as chosen from their row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    MakeType(ProviderUserType),
    Revoke,
    Restore,
    Remove,
    Reinvite,
    Leave,
}

/// The dialog shown, if any.
#[derive(Clone)]
enum Dialog {
    Invite,
    Confirm(ProviderUser),
    Ask(Ask, ProviderUser),
    Link(ProviderUser, String),
}

/// What a row can ask the page to do.
#[derive(Clone, Copy)]
struct RowActions {
    access: Memo<Access>,
    /// Runs a change at once, or opens its dialog.
    choose: Callback<(Op, ProviderUser)>,
    confirm: Callback<ProviderUser>,
    /// The row whose request is under way.
    busy: RwSignal<Option<String>>,
    /// The row whose menu is open.
    open_menu: RwSignal<Option<String>>,
}

/// `/providers/{id}/users`.
#[component]
pub fn ProviderUsers() -> impl IntoView {
    let Some(ctx) = use_provider() else { return Either::Left(()) };
    let session = use_session();
    let provider_id = Memo::new(move |_| ctx.provider.with(|p| p.id.clone()));
    let provider_name = Memo::new(move |_| ctx.provider.with(|p| p.name.clone()));

    let membership = LocalResource::new(move || api::provider_users::membership(provider_id.get()));
    let access = Memo::new(move |_| membership.with(|m| m.as_ref().map(Access::of).unwrap_or_default()));

    let search = SearchText::new();
    let kind = RwSignal::new(None::<ProviderUserType>);
    let status = RwSignal::new(None::<&'static str>);
    let dialog = RwSignal::new(None::<Dialog>);
    let ask_error = RwSignal::new(None::<ClientError>);
    let flash = Flash::new();
    let list = PagedList::<ProviderUser>::new();
    let row_busy = RwSignal::new(None::<String>);
    let open_menu = RwSignal::new(None::<String>);

    let query = move |cursor: Option<String>| ProviderUserQuery {
        search: search.term(),
        kind: kind.get(),
        status: status.get().map(str::to_owned),
        limit: Some(PAGE_SIZE),
        cursor,
    };
    let first_page = LocalResource::new(move || {
        let q = query(None);
        let id = provider_id.get();
        async move { api::providers::list_provider_users(id, q).await }
    });
    Effect::new(move |_| {
        first_page.track();
        list.reset();
    });
    let (refreshing, set_refreshing) = signal(false);
    let retry = Callback::new(move |()| first_page.refetch());
    let reload = move || {
        membership.refetch();
        first_page.refetch();
    };

    let clear_filters = Callback::new(move |()| {
        search.clear();
        kind.set(None);
        status.set(None);
    });
    let filtered =
        Signal::derive(move || search.term().is_some() || kind.with(Option::is_some) || status.with(Option::is_some));

    let load_more = Callback::new(move |cursor: String| {
        list.load_more(cursor, |cursor| {
            let q = untrack(|| query(Some(cursor)));
            api::providers::list_provider_users(provider_id.get_untracked(), q)
        });
    });

    // Runs a change: the dialog that asked for it closes, the list reloads, a flash says what happened.
    let run = move |op: Op, user: ProviderUser| {
        if row_busy.get_untracked().is_some() {
            return;
        }
        row_busy.set(Some(user.id.clone()));
        ask_error.set(None);
        flash.clear();
        let id = provider_id.get_untracked();
        let provider = provider_name.get_untracked();
        leptos::task::spawn_local(async move {
            let name = display_name(&user);
            let result: Result<Option<String>, ClientError> = match op {
                Op::MakeType(kind) => {
                    api::provider_users::update(id.clone(), user.id.clone(), UpdateProviderUser { kind })
                        .await
                        .map(|u| Some(format!("{} is now a {}.", display_name(&u), u.kind.label())))
                }
                Op::Revoke => api::provider_users::revoke(id.clone(), user.id.clone())
                    .await
                    .map(|_| Some(format!("{name}'s access is revoked. Restore it at any time."))),
                Op::Restore => api::provider_users::restore(id.clone(), user.id.clone())
                    .await
                    .map(|_| Some(format!("{name}'s access is restored."))),
                Op::Remove => api::provider_users::remove(id.clone(), user.id.clone())
                    .await
                    .map(|()| Some(format!("{name} was removed from {provider}."))),
                Op::Reinvite => api::provider_users::reinvite(id.clone(), user.id.clone()).await.map(|sent| match sent
                    .invitation_link
                {
                    Some(link) => {
                        dialog.set(Some(Dialog::Link(user.clone(), link)));
                        None
                    }
                    None => Some(format!("A new invitation was sent to {}.", user.email)),
                }),
                Op::Leave => api::provider_users::leave(id.clone()).await.map(|()| {
                    visit_cache::forget_all();
                    session.set_notice(format!("You left {provider}."));
                    go_to("/");
                    None
                }),
            };
            row_busy.set(None);
            match result {
                Ok(message) => {
                    if op == Op::Leave {
                        return;
                    }
                    if matches!(dialog.get_untracked(), Some(Dialog::Ask(..))) {
                        dialog.set(None);
                    }
                    if let Some(message) = message {
                        flash.done(message);
                    }
                    reload();
                }
                Err(e) => {
                    if matches!(dialog.get_untracked(), Some(Dialog::Ask(..))) {
                        ask_error.set(Some(e));
                    } else {
                        flash.failed(action_summary(&e));
                    }
                }
            }
        });
    };
    let choose = Callback::new(move |(op, user): (Op, ProviderUser)| {
        open_menu.set(None);
        flash.clear();
        ask_error.set(None);
        let mine = access.with_untracked(|a| a.is_me(&user));
        let ask = match op {
            Op::Revoke => Some(Ask::Revoke),
            Op::Remove => Some(Ask::Remove),
            Op::Leave => Some(Ask::Leave),
            Op::MakeType(ProviderUserType::ServiceUser) if mine => Some(Ask::DemoteSelf),
            _ => None,
        };
        match ask {
            Some(ask) => dialog.set(Some(Dialog::Ask(ask, user))),
            None => run(op, user),
        }
    });
    let confirm_user = Callback::new(move |user: ProviderUser| {
        open_menu.set(None);
        flash.clear();
        dialog.set(Some(Dialog::Confirm(user)));
    });
    let actions = RowActions { access, choose, confirm: confirm_user, busy: row_busy, open_menu };

    let close_dialog = Callback::new(move |()| {
        dialog.set(None);
        ask_error.set(None);
    });
    let on_invited = Callback::new(move |users: Vec<ProviderUser>| {
        dialog.set(None);
        let message = match users.as_slice() {
            [one] if one.invitation_link.is_some() => format!("{} is invited as a {}.", one.email, one.kind.label()),
            [one] => format!("An invitation was sent to {}.", one.email),
            many if many.iter().any(|u| u.invitation_link.is_some()) => format!("{} people are invited.", many.len()),
            many => format!("Invitations were sent to {} people.", many.len()),
        };
        flash.done(message);
        reload();
    });
    let on_confirmed = Callback::new(move |user: ProviderUser| {
        dialog.set(None);
        flash.done(format!(
            "{} is confirmed. They can now open every client vault of {}.",
            display_name(&user),
            provider_name.get_untracked()
        ));
        reload();
    });

    Either::Right(view! {
        <Title text=move || format!("Users · {}", provider_name.get()) />
        <section class="section" aria-labelledby="section-users" data-testid="provider-users">
            <div class="section-header">
                <div>
                    <h2 class="section-title" id="section-users">"Users"</h2>
                    <p class="muted">"The Provider Admins and Service Users who work in this provider and its client organizations."</p>
                </div>
                <Show when=move || access.with(|a| a.manage)>
                    <button
                        type="button"
                        class="btn btn-primary"
                        on:click=move |_| {
                            flash.clear();
                            dialog.set(Some(Dialog::Invite));
                        }
                    >
                        <PlusIcon />
                        "Invite people"
                    </button>
                </Show>
            </div>
            {move || access.get().known.then(|| view! { <AccessNotice access=access.get() /> })}
            <FlashRegion flash=flash />
            <div class="card table-card users-card">
                <div class="toolbar">
                    <form class="toolbar-search" role="search" on:submit=move |ev| search.submit(ev)>
                        <label class="visually-hidden" for="user-search">"Search users by name or email"</label>
                        <span class="toolbar-search-icon"><SearchIcon /></span>
                        <input
                            id="user-search"
                            type="search"
                            placeholder="Search by name or email"
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=move || search.text.get()
                            on:input=move |ev| search.input(ev)
                        />
                    </form>
                    <div class="toolbar-filter">
                        <label for="user-type-filter">"Type"</label>
                        <select
                            id="user-type-filter"
                            on:change=move |ev| kind.set(ProviderUserType::parse(&event_target_value(&ev)))
                        >
                            <option value="" selected=move || kind.get().is_none()>"All"</option>
                            {[ProviderUserType::Admin, ProviderUserType::ServiceUser]
                                .into_iter()
                                .map(|t| view! {
                                    <option value=t.as_str() selected=move || kind.get() == Some(t)>{t.label()}</option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="toolbar-filter">
                        <label for="user-status-filter">"Status"</label>
                        <select
                            id="user-status-filter"
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                status.set(STATUSES.iter().find(|(v, _)| *v == value).map(|(v, _)| *v));
                            }
                        >
                            <option value="" selected=move || status.get().is_none()>"All"</option>
                            {STATUSES
                                .into_iter()
                                .map(|(value, label)| view! {
                                    <option value=value selected=move || status.get() == Some(value)>{label}</option>
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
                <Transition fallback=UsersSkeleton set_pending=set_refreshing>
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
                                    <UsersTable
                                        first=page
                                        list=list
                                        load_more=load_more
                                        actions=actions
                                        filtered=filtered
                                        clear_filters=clear_filters
                                        on_invite=Callback::new(move |()| dialog.set(Some(Dialog::Invite)))
                                    />
                                }
                            })
                        })}
                    </ErrorBoundary>
                </Transition>
            </div>
        </section>
        {move || dialog.get().map(|d| match d {
            Dialog::Invite => EitherOf4::A(view! {
                <InviteDialog
                    provider_id=provider_id.get_untracked()
                    provider_name=provider_name.get_untracked()
                    on_close=close_dialog
                    on_invited=on_invited
                />
            }),
            Dialog::Confirm(user) => EitherOf4::B(view! {
                <ConfirmUserDialog
                    provider_id=provider_id.get_untracked()
                    user=user
                    on_close=close_dialog
                    on_confirmed=on_confirmed
                />
            }),
            Dialog::Ask(ask, user) => {
                let target = StoredValue::new(user.clone());
                let op = match ask {
                    Ask::Revoke => Op::Revoke,
                    Ask::Remove => Op::Remove,
                    Ask::DemoteSelf => Op::MakeType(ProviderUserType::ServiceUser),
                    Ask::Leave => Op::Leave,
                };
                let id = user.id.clone();
                EitherOf4::C(view! {
                    <AskDialog
                        ask=ask
                        user=user
                        provider_name=provider_name.get_untracked()
                        busy=Signal::derive(move || row_busy.with(|b| b.as_deref() == Some(id.as_str())))
                        error=ask_error
                        on_close=close_dialog
                        on_confirm=Callback::new(move |()| run(op, target.get_value()))
                    />
                })
            }
            Dialog::Link(user, link) => EitherOf4::D(view! { <ReinviteLinkDialog name=display_name(&user) email=user.email link=link on_close=close_dialog /> }),
        })}
    })
}

/// Who is looking, when they cannot manage users: what they can do here and why.
#[component]
fn AccessNotice(access: Access) -> impl IntoView {
    if access.manage {
        return None;
    }
    let (title, detail) = match (&access.me, &access.error) {
        (_, Some(_)) => (
            "Your role in this provider could not be checked",
            "The list is shown read-only. Reload the page to try again.",
        ),
        (Some(me), None) if me.kind == ProviderUserType::ServiceUser => (
            "You are a Service User of this provider",
            "You can see who works here. Only Provider Admins invite, confirm, change or remove users.",
        ),
        (Some(_), None) => (
            "You cannot manage users until you are confirmed",
            "A Provider Admin confirms you after comparing your key fingerprint.",
        ),
        (None, None) => (
            "You are looking as an instance administrator",
            "You are not a user of this provider. Its own Provider Admins invite, confirm and change its users.",
        ),
    };
    Some(view! {
        <div class="notice notice-info" data-testid="users-read-only">
            <div class="notice-body">
                <p class="notice-title">{title}</p>
                <p class="notice-detail">{detail}</p>
            </div>
        </div>
    })
}

/// The table, or the empty state.
#[component]
fn UsersTable(
    first: Page<ProviderUser>,
    list: PagedList<ProviderUser>,
    load_more: Callback<String>,
    actions: RowActions,
    filtered: Signal<bool>,
    clear_filters: Callback<()>,
    on_invite: Callback<()>,
) -> impl IntoView {
    if first.items.is_empty() {
        let filtered = filtered.get_untracked();
        return Either::Left(view! {
            <div class="empty-panel empty-panel-flat" data-testid="users-empty">
                {if filtered {
                    Either::Left(view! {
                        <p class="empty-inline-title">"No users match"</p>
                        <p class="muted">"Try another name or address, or show every type and status."</p>
                        <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| clear_filters.run(())>
                            "Clear search and filters"
                        </button>
                    })
                } else {
                    Either::Right(view! {
                        <span class="empty-panel-icon" aria-hidden="true"><UsersIcon /></span>
                        <p class="empty-inline-title">"No users yet"</p>
                        <p class="muted">"People you invite to work in this provider appear here."</p>
                        <Show when=move || actions.access.with(|a| a.manage)>
                            <button type="button" class="btn btn-primary btn-sm" on:click=move |_| on_invite.run(())>
                                <PlusIcon />
                                "Invite people"
                            </button>
                        </Show>
                    })
                }}
            </div>
        });
    }
    let rows = list.rows(first);
    let next = rows.next;
    let rows = rows.items;
    let count = move || {
        let (n, waiting) = rows
            .with(|r| (r.len(), r.iter().filter(|u| u.status == ProviderUserStatus::Accepted && !u.revoked).count()));
        let shown = count_text(n, "user", "users", next.with(Option::is_some));
        if waiting > 0 { format!("{shown} · {waiting} waiting for confirmation") } else { shown }
    };

    Either::Right(view! {
        <div class="table-scroll users-table-scroll">
            <table class="table" data-testid="users-table">
                <thead>
                    <tr>
                        <th scope="col">"User"</th>
                        <th scope="col" class="col-type">"Type"</th>
                        <th scope="col" class="col-status">"Status"</th>
                        <th scope="col" class="col-wide">"Added"</th>
                        <th scope="col" class="table-actions-col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|u| (u.id.clone(), u.updated_at.clone(), u.status, u.revoked, u.kind)
                        let:user
                    >
                        <UserRow user=user actions=actions />
                    </For>
                </tbody>
            </table>
        </div>
        <LoadMoreFooter
            count=Signal::derive(count)
            next=next
            loading=list.loading
            error=list.error
            on_more=load_more
            count_test_id="users-count"
        />
    })
}

/// One user's row.
#[component]
fn UserRow(user: ProviderUser, actions: RowActions) -> impl IntoView {
    let row = StoredValue::new(user.clone());
    let name = user.name.clone().filter(|n| !n.trim().is_empty());
    let (status_text, tone) = status_of(&user);
    let mine = Signal::derive(move || actions.access.with(|a| a.is_me(&row.get_value())));
    let busy = {
        let id = user.id.clone();
        Signal::derive(move || actions.busy.with(|b| b.as_deref() == Some(id.as_str())))
    };
    let can_confirm = user.status == ProviderUserStatus::Accepted && !user.revoked;
    let label = display_name(&user);
    view! {
        <tr data-testid="user-row" data-email=user.email.clone()>
            <td>
                <div class="cell-name">
                    <span class="avatar avatar-row" aria-hidden="true">
                        {initials(name.as_deref().unwrap_or_default(), &user.email)}
                    </span>
                    <div class="cell-name-text">
                        <span class="user-cell-name">
                            {name.clone().unwrap_or_else(|| user.email.clone())}
                            <Show when=move || mine.get()>
                                <span class="you-badge">"You"</span>
                            </Show>
                        </span>
                        {name.is_some().then(|| view! { <span class="cell-muted user-cell-email">{user.email.clone()}</span> })}
                    </div>
                </div>
            </td>
            <td class="cell-nowrap col-type" data-testid="user-type">{user.kind.label()}</td>
            <td class="col-status">
                <span class=format!("status-pill status-pill-{tone}") data-testid="user-status">
                    <span class=format!("status-dot status-dot-{tone}") aria-hidden="true"></span>
                    {status_text}
                </span>
            </td>
            <td class="cell-muted cell-nowrap col-wide" title=format::date_time(&user.created_at)>
                {format::date(&user.created_at)}
            </td>
            <td class="table-actions">
                <Show when=move || busy.get()>
                    <span class="spinner row-spinner" role="status">
                        <span class="visually-hidden">"Working…"</span>
                    </span>
                </Show>
                <Show when=move || can_confirm && actions.access.with(|a| a.manage)>
                    <button
                        type="button"
                        class="btn btn-primary btn-sm"
                        on:click=move |_| actions.confirm.run(row.get_value())
                    >
                        "Confirm"
                        <span class="visually-hidden">" " {label.clone()}</span>
                    </button>
                </Show>
                {move || {
                    let access = actions.access.get();
                    if access.manage {
                        Some(EitherOf4::A(view! { <RowMenu user=row.get_value() actions=actions mine=mine.get() /> }))
                    } else if mine.get() {
                        Some(EitherOf4::B(view! {
                            <button
                                type="button"
                                class="btn btn-ghost btn-sm btn-ghost-danger"
                                on:click=move |_| actions.choose.run((Op::Leave, row.get_value()))
                            >
                                "Leave provider"
                            </button>
                        }))
                    } else {
                        None::<EitherOf4<_, _, (), ()>>
                    }
                }}
            </td>
        </tr>
    }
}

/// The "Manage" menu of a row: the changes that apply to this user.
#[component]
fn RowMenu(user: ProviderUser, actions: RowActions, mine: bool) -> impl IntoView {
    let status = user.status;
    let revoked = user.revoked;
    let other_type = match user.kind {
        ProviderUserType::Admin => ProviderUserType::ServiceUser,
        ProviderUserType::ServiceUser => ProviderUserType::Admin,
    };
    let type_label = if mine && other_type == ProviderUserType::ServiceUser {
        "Make me a Service User".to_owned()
    } else {
        format!("Make {}", other_type.label())
    };
    let mut choices = Vec::new();
    if status == ProviderUserStatus::Invited && !revoked {
        choices.push(("Send a new invitation".into(), Op::Reinvite, false, "menu-reinvite"));
    }
    choices.push((type_label, Op::MakeType(other_type), false, "menu-type"));
    if revoked {
        choices.push(("Restore access".into(), Op::Restore, false, "menu-restore"));
    }
    if mine {
        choices.push(("Leave provider…".into(), Op::Leave, true, "menu-leave"));
    } else {
        if !revoked {
            choices.push(("Revoke access…".into(), Op::Revoke, true, "menu-revoke"));
        }
        choices.push(("Remove…".into(), Op::Remove, true, "menu-remove"));
    }
    let row = StoredValue::new(user.clone());
    let items = choices
        .into_iter()
        .map(|(label, op, danger, test_id)| MenuItem {
            label,
            danger,
            test_id,
            on_select: Callback::new(move |()| actions.choose.run((op, row.get_value()))),
        })
        .collect();
    view! { <SharedRowMenu id=user.id.clone() who=display_name(&user) open_menu=actions.open_menu items=items /> }
}

/// The table's shape while the first page loads.
#[component]
fn UsersSkeleton() -> impl IntoView {
    view! {
        <div class="table-skeleton status-loading" role="status">
            <span class="visually-hidden">"Loading users…"</span>
            <div aria-hidden="true">
                {(0..4)
                    .map(|_| view! {
                        <div class="skeleton-row skeleton-row-item">
                            <span class="skeleton skeleton-avatar"></span>
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
