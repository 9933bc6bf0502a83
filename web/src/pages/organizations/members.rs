//! `/organizations/{id}/members`: the organization's members, for those who manage them (its
//! Owners and Admins, Custom members with "manage users", its provider's users). Search, filter
//! by type and status, "Load more"; invite many at once, confirm one or every accepted member by
//! their key fingerprint, change a member's type and permissions, revoke, restore, remove and
//! re-invite; anyone leaves from their own row. `?confirm=all` (the organization page's banner)
//! opens the confirmation of every accepted member.

use leptos::either::{Either, EitherOf3, EitherOf5};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use portal_shared::client::ClientError;
use portal_shared::organizations::{Member, MemberQuery, MemberStatus, MemberType};
use portal_shared::page::Page;

use super::member_dialogs::{
    Ask, AskMemberDialog, Caller, ConfirmMembersDialog, ConfirmWho, EditMemberDialog, InviteMembersDialog,
    member_error, member_name, permission_count,
};
use super::use_organization;
use crate::api;
use crate::components::error_notice::{ErrorNotice, first_client_error};
use crate::components::icons::{KeyIcon, PlusIcon, SearchIcon, UsersIcon};
use crate::components::paged_list::{Flash, FlashRegion, LoadMoreFooter, PagedList, SearchText, count_text};
use crate::components::row_menu::{MenuItem, RowMenu};
use crate::components::user_menu::initials;
use crate::format;
use crate::pages::providers::user_dialogs::ReinviteLinkDialog;
use crate::session::{go_to, use_session};
use crate::visit_cache;

/// Members per page.
const PAGE_SIZE: u32 = 25;

/// The status filter's choices: the API's values and their words.
const STATUSES: [(&str, &str); 4] =
    [("invited", "Invited"), ("accepted", "Needs confirmation"), ("confirmed", "Confirmed"), ("revoked", "Revoked")];

/// Every member type, in the filter's order.
const TYPES: [MemberType; 4] = [MemberType::Owner, MemberType::Admin, MemberType::User, MemberType::Custom];

/// A member's status as shown: revoked wins over the lifecycle status.
fn status_of(member: &Member) -> (&'static str, &'static str) {
    if member.revoked {
        return ("Revoked", "off");
    }
    match member.status {
        MemberStatus::Invited => ("Invited", "info"),
        MemberStatus::Accepted => ("Needs confirmation", "warn"),
        MemberStatus::Confirmed => ("Confirmed", "ok"),
    }
}

/// A change chosen from a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
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
    Confirm(ConfirmWho),
    Edit(Member),
    Ask(Ask, Member),
    Link(Member, String),
}

/// What a row can ask the page to do.
#[derive(Clone, Copy)]
struct RowActions {
    caller: Memo<Caller>,
    choose: Callback<(Op, Member)>,
    edit: Callback<Member>,
    confirm: Callback<Member>,
    busy: RwSignal<Option<String>>,
    open_menu: RwSignal<Option<String>>,
}

/// `/organizations/{id}/members`.
#[component]
pub fn OrganizationMembers() -> impl IntoView {
    let ctx = use_organization()?;
    let organization = ctx.organization;
    let session = use_session();
    let caller = Memo::new(move |_| {
        let me = session.with_account(|a| a.map(|a| a.id.clone()));
        organization.with(|o| Caller::of(o, me))
    });
    let org_name = Memo::new(move |_| organization.with(|o| o.name.clone()));
    let manage = Memo::new(move |_| caller.with(|c| c.manage));
    Some(view! {
        <Title text=move || format!("Members · {}", org_name.get()) />
        <section class="section" aria-labelledby="section-members" data-testid="organization-members">
            {move || if manage.get() {
                Either::Left(view! { <MembersSection caller=caller /> })
            } else {
                Either::Right(view! {
                    <h2 class="section-title" id="section-members">"Members"</h2>
                    <div class="notice notice-info" data-testid="members-not-allowed">
                        <div class="notice-body">
                            <p class="notice-title">"Members are managed by the organization's administrators"</p>
                            <p class="notice-detail">
                                "Its Owners and Admins, members with the “Manage members” permission and the users of its provider invite and change members."
                            </p>
                        </div>
                    </div>
                })
            }}
        </section>
    })
}

#[component]
fn MembersSection(caller: Memo<Caller>) -> impl IntoView {
    let Some(ctx) = use_organization() else { return Either::Left(()) };
    let organization = ctx.organization;
    let session = use_session();
    let org_id = Memo::new(move |_| organization.with(|o| o.id.clone()));
    let org_name = Memo::new(move |_| organization.with(|o| o.name.clone()));
    let awaiting = Memo::new(move |_| organization.with(|o| o.awaiting_confirmation));

    let search = SearchText::new();
    let kind = RwSignal::new(None::<MemberType>);
    let status = RwSignal::new(None::<&'static str>);
    let dialog = RwSignal::new(None::<Dialog>);
    let ask_error = RwSignal::new(None::<ClientError>);
    let flash = Flash::new();
    let list = PagedList::<Member>::new();
    let row_busy = RwSignal::new(None::<String>);
    let open_menu = RwSignal::new(None::<String>);
    let reload = RwSignal::new(0u32);

    // The organization page's banner links here with `?confirm=all`: open that, once.
    let query_map = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if query_map.with(|q| q.get("confirm").as_deref() == Some("all")) {
            dialog.set(Some(Dialog::Confirm(ConfirmWho::AllAccepted)));
            let path = location.pathname.get_untracked();
            navigate(&path, NavigateOptions { replace: true, ..Default::default() });
        }
    });

    let query = move |cursor: Option<String>| MemberQuery {
        search: search.term(),
        kind: kind.get(),
        status: status.get().map(str::to_owned),
        limit: Some(PAGE_SIZE),
        cursor,
    };
    let first_page = LocalResource::new(move || {
        reload.track();
        let q = query(None);
        let id = org_id.get();
        async move { api::members::list(id, q).await }
    });
    Effect::new(move |_| {
        first_page.track();
        list.reset();
    });
    let (refreshing, set_refreshing) = signal(false);
    let retry = Callback::new(move |()| first_page.refetch());
    // After a change: the list, and the organization's figures (seats, members awaiting confirmation).
    let refresh = move || {
        visit_cache::forget_all();
        reload.update(|r| *r += 1);
        let id = org_id.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(org) = api::organizations::get(id).await {
                organization.try_set(org);
            }
        });
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
            api::members::list(org_id.get_untracked(), q)
        });
    });

    let run = move |op: Op, member: Member| {
        if row_busy.get_untracked().is_some() {
            return;
        }
        row_busy.set(Some(member.id.clone()));
        ask_error.set(None);
        flash.clear();
        let id = org_id.get_untracked();
        let org = org_name.get_untracked();
        leptos::task::spawn_local(async move {
            let name = member_name(&member);
            let result: Result<Option<String>, ClientError> = match op {
                Op::Revoke => api::members::revoke(id.clone(), member.id.clone())
                    .await
                    .map(|_| Some(format!("{name}'s access is revoked. Restore it at any time."))),
                Op::Restore => api::members::restore(id.clone(), member.id.clone())
                    .await
                    .map(|_| Some(format!("{name}'s access is restored."))),
                Op::Remove => api::members::remove(id.clone(), member.id.clone())
                    .await
                    .map(|()| Some(format!("{name} was removed from {org}."))),
                Op::Reinvite => {
                    api::members::reinvite(id.clone(), member.id.clone()).await.map(|sent| match sent.invitation_link {
                        Some(link) => {
                            dialog.set(Some(Dialog::Link(member.clone(), link)));
                            None
                        }
                        None => Some(format!("A new invitation was sent to {}.", member.email)),
                    })
                }
                Op::Leave => api::members::leave(id.clone()).await.map(|()| {
                    visit_cache::forget_all();
                    session.set_notice(format!("You left {org}."));
                    go_to("/");
                    None
                }),
            };
            row_busy.try_set(None);
            match result {
                Ok(_) if op == Op::Leave => {}
                Ok(message) => {
                    if matches!(dialog.get_untracked(), Some(Dialog::Ask(..))) {
                        dialog.set(None);
                    }
                    if let Some(message) = message {
                        flash.done(message);
                    }
                    refresh();
                }
                Err(e) => {
                    if matches!(dialog.get_untracked(), Some(Dialog::Ask(..))) {
                        ask_error.set(Some(e));
                    } else {
                        flash.failed(member_error(&e));
                    }
                }
            }
        });
    };
    let choose = Callback::new(move |(op, member): (Op, Member)| {
        flash.clear();
        ask_error.set(None);
        let ask = match op {
            Op::Revoke => Some(Ask::Revoke),
            Op::Remove => Some(Ask::Remove),
            Op::Leave => Some(Ask::Leave),
            Op::Restore | Op::Reinvite => None,
        };
        match ask {
            Some(ask) => dialog.set(Some(Dialog::Ask(ask, member))),
            None => run(op, member),
        }
    });
    let open = move |d: Dialog| {
        open_menu.set(None);
        flash.clear();
        dialog.set(Some(d));
    };
    let actions = RowActions {
        caller,
        choose,
        edit: Callback::new(move |m| open(Dialog::Edit(m))),
        confirm: Callback::new(move |m| open(Dialog::Confirm(ConfirmWho::One(Box::new(m))))),
        busy: row_busy,
        open_menu,
    };

    let close_dialog = Callback::new(move |()| {
        dialog.set(None);
        ask_error.set(None);
    });
    let on_invited = Callback::new(move |members: Vec<Member>| {
        dialog.set(None);
        flash.done(match members.as_slice() {
            [one] if one.invitation_link.is_some() => format!("{} is invited as {}.", one.email, one.kind.label()),
            [one] => format!("An invitation was sent to {}.", one.email),
            many if many.iter().any(|m| m.invitation_link.is_some()) => format!("{} people are invited.", many.len()),
            many => format!("Invitations were sent to {} people.", many.len()),
        });
        refresh();
    });
    let on_confirmed = Callback::new(move |members: Vec<Member>| {
        dialog.set(None);
        flash.done(match members.as_slice() {
            [one] => format!("{} is confirmed and can now open the items shared with them.", member_name(one)),
            many => format!("{} members are confirmed and can now open the items shared with them.", many.len()),
        });
        refresh();
    });
    let on_saved = Callback::new(move |m: Member| {
        dialog.set(None);
        flash.done(format!("{} is now {}.", member_name(&m), type_phrase(&m)));
        list.replace(m);
        refresh();
    });
    let can_confirm = Signal::derive(move || caller.with(|c| c.has_key) && awaiting.get() > 0);

    Either::Right(view! {
        <div class="section-header">
            <div>
                <h2 class="section-title" id="section-members">"Members"</h2>
                <p class="muted">"Who belongs to this organization, as what, and who still waits for their key."</p>
            </div>
            <div class="section-actions">
                <Show when=move || can_confirm.get()>
                    <button
                        type="button"
                        class="btn btn-secondary"
                        data-testid="confirm-all"
                        on:click=move |_| open(Dialog::Confirm(ConfirmWho::AllAccepted))
                    >
                        <KeyIcon />
                        {move || match awaiting.get() {
                            1 => "Confirm 1 member".to_owned(),
                            n => format!("Confirm {n} members"),
                        }}
                    </button>
                </Show>
                <button type="button" class="btn btn-primary" data-testid="invite-members" on:click=move |_| open(Dialog::Invite)>
                    <PlusIcon />
                    "Invite members"
                </button>
            </div>
        </div>
        {move || (!caller.with(|c| c.has_key)).then(|| view! {
            <div class="notice notice-info" data-testid="members-no-key">
                <div class="notice-body">
                    <p class="notice-title">"You cannot confirm members yet"</p>
                    <p class="notice-detail">
                        "Confirming hands over the organization key, and your account holds no copy of it until an administrator confirms you."
                    </p>
                </div>
            </div>
        })}
        <FlashRegion flash=flash />
        <div class="card table-card members-card">
            <div class="toolbar">
                <form class="toolbar-search" role="search" on:submit=move |ev| search.submit(ev)>
                    <label class="visually-hidden" for="member-search">"Search members by name or email"</label>
                    <span class="toolbar-search-icon"><SearchIcon /></span>
                    <input
                        id="member-search"
                        type="search"
                        placeholder="Search by name or email"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || search.text.get()
                        on:input=move |ev| search.input(ev)
                    />
                </form>
                <div class="toolbar-filter">
                    <label for="member-type-filter">"Type"</label>
                    <select id="member-type-filter" on:change=move |ev| kind.set(MemberType::parse(&event_target_value(&ev)))>
                        <option value="" selected=move || kind.get().is_none()>"All"</option>
                        {TYPES
                            .into_iter()
                            .map(|t| view! { <option value=t.as_str() selected=move || kind.get() == Some(t)>{t.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="toolbar-filter">
                    <label for="member-status-filter">"Status"</label>
                    <select
                        id="member-status-filter"
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
            <Transition fallback=MembersSkeleton set_pending=set_refreshing>
                <ErrorBoundary fallback=move |errors| {
                    move || view! {
                        <div class="card-body">
                            <ErrorNotice error=first_client_error(&errors.read()) on_retry=retry pending=refreshing />
                        </div>
                    }
                }>
                    {move || Suspend::new(async move {
                        first_page.await.map(|page| view! {
                            <MembersTable
                                first=page
                                list=list
                                load_more=load_more
                                actions=actions
                                filtered=filtered
                                clear_filters=clear_filters
                                on_invite=Callback::new(move |()| open(Dialog::Invite))
                            />
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
        {move || dialog.get().map(|d| match d {
            Dialog::Invite => EitherOf5::A(view! {
                <InviteMembersDialog
                    organization=organization.get_untracked()
                    caller=caller.get_untracked()
                    on_close=close_dialog
                    on_invited=on_invited
                />
            }),
            Dialog::Confirm(who) => EitherOf5::B(view! {
                <ConfirmMembersDialog
                    organization=organization.get_untracked()
                    who=who
                    caller=caller.get_untracked()
                    on_close=close_dialog
                    on_confirmed=on_confirmed
                />
            }),
            Dialog::Edit(member) => EitherOf5::C(view! {
                <EditMemberDialog
                    organization_id=org_id.get_untracked()
                    member=member
                    caller=caller.get_untracked()
                    on_close=close_dialog
                    on_saved=on_saved
                />
            }),
            Dialog::Ask(ask, member) => {
                let target = StoredValue::new(member.clone());
                let op = match ask {
                    Ask::Revoke => Op::Revoke,
                    Ask::Remove => Op::Remove,
                    Ask::Leave => Op::Leave,
                };
                let id = member.id.clone();
                EitherOf5::D(view! {
                    <AskMemberDialog
                        ask=ask
                        member=member
                        organization_name=org_name.get_untracked()
                        busy=Signal::derive(move || row_busy.with(|b| b.as_deref() == Some(id.as_str())))
                        error=ask_error
                        on_close=close_dialog
                        on_confirm=Callback::new(move |()| run(op, target.get_value()))
                    />
                })
            }
            Dialog::Link(member, link) => EitherOf5::E(view! {
                <ReinviteLinkDialog name=member_name(&member) email=member.email link=link on_close=close_dialog />
            }),
        })}
    })
}

/// "an Admin", "a Custom member with 3 permissions".
fn type_phrase(m: &Member) -> String {
    match m.kind {
        MemberType::Owner => "an Owner".into(),
        MemberType::Admin => "an Admin".into(),
        MemberType::User => "a User".into(),
        MemberType::Custom => {
            let n = permission_count(&m.permissions);
            format!("a Custom member with {n} permission{}", if n == 1 { "" } else { "s" })
        }
    }
}

/// The table, or the empty state.
#[component]
fn MembersTable(
    first: Page<Member>,
    list: PagedList<Member>,
    load_more: Callback<String>,
    actions: RowActions,
    filtered: Signal<bool>,
    clear_filters: Callback<()>,
    on_invite: Callback<()>,
) -> impl IntoView {
    if first.items.is_empty() {
        return Either::Left(view! {
            <div class="empty-panel empty-panel-flat" data-testid="members-empty">
                {if filtered.get_untracked() {
                    Either::Left(view! {
                        <p class="empty-inline-title">"No members match"</p>
                        <p class="muted">"Try another name or address, or show every type and status."</p>
                        <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| clear_filters.run(())>
                            "Clear search and filters"
                        </button>
                    })
                } else {
                    Either::Right(view! {
                        <span class="empty-panel-icon" aria-hidden="true"><UsersIcon /></span>
                        <p class="empty-inline-title">"No members yet"</p>
                        <p class="muted">"Invite the people who share this organization's items. Each one takes a seat."</p>
                        <button type="button" class="btn btn-primary btn-sm" on:click=move |_| on_invite.run(())>
                            <PlusIcon />
                            "Invite members"
                        </button>
                    })
                }}
            </div>
        });
    }
    let rows = list.rows(first);
    let next = rows.next;
    let rows = rows.items;
    let count = move || {
        let (n, waiting) =
            rows.with(|r| (r.len(), r.iter().filter(|m| m.status == MemberStatus::Accepted && !m.revoked).count()));
        let shown = count_text(n, "member", "members", next.with(Option::is_some));
        if waiting > 0 { format!("{shown} · {waiting} waiting for confirmation") } else { shown }
    };
    Either::Right(view! {
        <div class="table-scroll">
            <table class="table" data-testid="members-table">
                <thead>
                    <tr>
                        <th scope="col">"Member"</th>
                        <th scope="col" class="col-type">"Type"</th>
                        <th scope="col" class="col-status">"Status"</th>
                        <th scope="col" class="col-wide">"Invited"</th>
                        <th scope="col" class="table-actions-col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|m| (m.id.clone(), m.updated_at.clone(), m.status, m.revoked, m.kind)
                        let:member
                    >
                        <MemberRow member=member actions=actions />
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
            count_test_id="members-count"
        />
    })
}

/// One member's row.
#[component]
fn MemberRow(member: Member, actions: RowActions) -> impl IntoView {
    let row = StoredValue::new(member.clone());
    let name = member.name.clone().filter(|n| !n.trim().is_empty());
    let (status_text, tone) = status_of(&member);
    let mine = Signal::derive(move || actions.caller.with(|c| c.is_me(&row.get_value())));
    let busy = {
        let id = member.id.clone();
        Signal::derive(move || actions.busy.with(|b| b.as_deref() == Some(id.as_str())))
    };
    let label = member_name(&member);
    let type_note = (member.kind == MemberType::Custom).then(|| {
        let n = permission_count(&member.permissions);
        format!("{n} permission{}", if n == 1 { "" } else { "s" })
    });
    view! {
        <tr data-testid="member-row" data-email=member.email.clone()>
            <td>
                <div class="cell-name">
                    <span class="avatar avatar-row" aria-hidden="true">
                        {initials(name.as_deref().unwrap_or_default(), &member.email)}
                    </span>
                    <div class="cell-name-text">
                        <span class="user-cell-name">
                            {name.clone().unwrap_or_else(|| member.email.clone())}
                            <Show when=move || mine.get()>
                                <span class="you-badge">"You"</span>
                            </Show>
                        </span>
                        {name.is_some().then(|| view! { <span class="cell-muted user-cell-email">{member.email.clone()}</span> })}
                    </div>
                </div>
            </td>
            <td class="cell-nowrap col-type member-type-cell" data-testid="member-type">
                {member.kind.label()}
                {type_note.map(|n| view! { <span class="cell-sub">{n}</span> })}
            </td>
            <td class="col-status">
                <span class=format!("status-pill status-pill-{tone}") data-testid="member-status">
                    <span class=format!("status-dot status-dot-{tone}") aria-hidden="true"></span>
                    {status_text}
                </span>
            </td>
            <td class="cell-muted cell-nowrap col-wide" title=format::date_time(&member.created_at)>
                {format::date(&member.created_at)}
            </td>
            <td class="table-actions">
                <Show when=move || busy.get()>
                    <span class="spinner row-spinner" role="status">
                        <span class="visually-hidden">"Working…"</span>
                    </span>
                </Show>
                <Show when=move || actions.caller.with(|c| c.may_confirm(&row.get_value()))>
                    <button
                        type="button"
                        class="btn btn-primary btn-sm"
                        data-testid="confirm-member"
                        on:click=move |_| actions.confirm.run(row.get_value())
                    >
                        "Confirm"
                        <span class="visually-hidden">" " {label.clone()}</span>
                    </button>
                </Show>
                {move || {
                    let caller = actions.caller.get();
                    let member = row.get_value();
                    let me = caller.is_me(&member);
                    if caller.may_act_on(&member) || me {
                        EitherOf3::A(view! { <MemberMenu member=member actions=actions mine=me manage=caller.may_act_on(&row.get_value()) /> })
                    } else if member.kind == MemberType::Owner {
                        EitherOf3::B(view! {
                            <span class="cell-muted small" title="Only Owners and the provider's users change Owners">"Owner"</span>
                        })
                    } else {
                        EitherOf3::C(())
                    }
                }}
            </td>
        </tr>
    }
}

/// The "Manage" menu of a member's row: the changes that apply.
#[component]
fn MemberMenu(member: Member, actions: RowActions, mine: bool, manage: bool) -> impl IntoView {
    let row = StoredValue::new(member.clone());
    let mut items = Vec::new();
    let mut push = |label: &str, danger: bool, test_id: &'static str, on_select: Callback<()>| {
        items.push(MenuItem { label: label.to_owned(), danger, test_id, on_select });
    };
    let op = move |op: Op| Callback::new(move |()| actions.choose.run((op, row.get_value())));
    if manage {
        push(
            "Change type and permissions…",
            false,
            "menu-edit",
            Callback::new(move |()| actions.edit.run(row.get_value())),
        );
        if member.status == MemberStatus::Invited && !member.revoked {
            push("Send a new invitation", false, "menu-reinvite", op(Op::Reinvite));
        }
        if member.revoked {
            push("Restore access", false, "menu-restore", op(Op::Restore));
        }
    }
    if mine {
        push("Leave organization…", true, "menu-leave", op(Op::Leave));
    } else if manage {
        if !member.revoked {
            push("Revoke access…", true, "menu-revoke", op(Op::Revoke));
        }
        push("Remove…", true, "menu-remove", op(Op::Remove));
    }
    view! { <RowMenu id=member.id.clone() who=member_name(&member) open_menu=actions.open_menu items=items /> }
}

/// The table's shape while the first page loads.
#[component]
fn MembersSkeleton() -> impl IntoView {
    view! {
        <div class="table-skeleton status-loading" role="status">
            <span class="visually-hidden">"Loading members…"</span>
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
