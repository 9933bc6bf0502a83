//! `/organizations/{id}/groups`: the organization's groups, for those who manage them (its Owners
//! and Admins, Custom members with "manage groups", its provider's users). Search, "Load more",
//! each group's size and the collections it reaches with their levels; create and change a group
//! (name, members, collection grants) in one dialog, and delete one after asking.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use portal_shared::client::ClientError;
use portal_shared::collections::{AccessLevel, CollectionGrant};
use portal_shared::groups::{CreateGroup, Group, GroupDetails, GroupQuery, UpdateGroup};
use portal_shared::page::Page;

use super::access_parts::{DeleteDialog, all_collections, all_members, collection_choice, member_choice, plural};
use super::{may_use, use_organization};
use crate::api;
use crate::components::access_level::AccessBadge;
use crate::components::error_notice::{ErrorNotice, first_client_error};
use crate::components::form::{FormAlertView, FormErrors, SubmitButton, TextField};
use crate::components::grant_list::{Candidate, GrantList, GrantRow};
use crate::components::icons::{PlusIcon, SearchIcon, UsersIcon};
use crate::components::modal::{Modal, ModalActions};
use crate::components::paged_list::{Flash, FlashRegion, LoadMoreFooter, PagedList, SearchText, count_text};
use crate::components::row_menu::{MenuItem, RowMenu};

/// Groups per page.
const PAGE_SIZE: u32 = 25;

/// The dialog shown, if any.
#[derive(Clone)]
enum Dialog {
    /// Create (`None`) or change a group.
    Edit(Option<Group>),
    Delete(Group),
}

/// `/organizations/{id}/groups`.
#[component]
pub fn OrganizationGroups() -> impl IntoView {
    let ctx = use_organization()?;
    let organization = ctx.organization;
    let org_name = Memo::new(move |_| organization.with(|o| o.name.clone()));
    let manage = Memo::new(move |_| organization.with(|o| may_use(o, |p| p.manage_groups)));
    Some(view! {
        <Title text=move || format!("Groups · {}", org_name.get()) />
        <section class="section" aria-labelledby="section-groups" data-testid="organization-groups">
            {move || if manage.get() {
                Either::Left(view! { <GroupsSection /> })
            } else {
                Either::Right(view! {
                    <h2 class="section-title" id="section-groups">"Groups"</h2>
                    <div class="notice notice-info" data-testid="groups-not-allowed">
                        <div class="notice-body">
                            <p class="notice-title">"Groups are managed by the organization's administrators"</p>
                            <p class="notice-detail">
                                "Its Owners and Admins, members with the “Manage groups” permission and the users of its provider create groups and choose who is in them."
                            </p>
                        </div>
                    </div>
                })
            }}
        </section>
    })
}

#[component]
fn GroupsSection() -> impl IntoView {
    let Some(ctx) = use_organization() else { return Either::Left(()) };
    let organization = ctx.organization;
    let org_id = Memo::new(move |_| organization.with(|o| o.id.clone()));
    let search = SearchText::new();
    let list = PagedList::<Group>::new();
    let flash = Flash::new();
    let dialog = RwSignal::new(None::<Dialog>);
    let open_menu = RwSignal::new(None::<String>);
    let reload = RwSignal::new(0u32);
    let delete_busy = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<ClientError>);

    let query = move |cursor: Option<String>| GroupQuery { search: search.term(), limit: Some(PAGE_SIZE), cursor };
    let first_page = LocalResource::new(move || {
        reload.track();
        let q = query(None);
        let id = org_id.get();
        async move { api::groups::list(id, q).await }
    });
    Effect::new(move |_| {
        first_page.track();
        list.reset();
    });
    // The names of the collections the groups reach (grants carry only ids).
    let collections = LocalResource::new(move || {
        reload.track();
        all_collections(org_id.get())
    });
    let collection_names = Memo::new(move |_| {
        collections
            .get()
            .and_then(Result::ok)
            .map(|c| c.into_iter().map(|c| (c.id, c.name)).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let (refreshing, set_refreshing) = signal(false);
    let retry = Callback::new(move |()| first_page.refetch());
    let load_more = Callback::new(move |cursor: String| {
        list.load_more(cursor, |cursor| {
            let q = untrack(|| query(Some(cursor)));
            api::groups::list(org_id.get_untracked(), q)
        });
    });
    let open = move |d: Dialog| {
        open_menu.set(None);
        flash.clear();
        delete_error.set(None);
        dialog.set(Some(d));
    };
    let close_dialog = Callback::new(move |()| dialog.set(None));
    let on_saved = Callback::new(move |(details, created): (GroupDetails, bool)| {
        dialog.set(None);
        let name = details.group.name.clone();
        flash.done(if created { format!("The group {name} is created.") } else { format!("{name} is saved.") });
        reload.update(|r| *r += 1);
    });
    let delete = move |group: Group| {
        if delete_busy.get_untracked() {
            return;
        }
        delete_busy.set(true);
        delete_error.set(None);
        leptos::task::spawn_local(async move {
            let result = api::groups::delete(org_id.get_untracked(), group.id.clone()).await;
            delete_busy.try_set(false);
            match result {
                Ok(()) => {
                    dialog.set(None);
                    flash.done(format!("The group {} is deleted. Its members keep their other access.", group.name));
                    reload.update(|r| *r += 1);
                }
                Err(e) => {
                    delete_error.set(Some(e));
                }
            }
        });
    };
    let on_edit = Callback::new(move |g: Group| open(Dialog::Edit(Some(g))));
    let on_delete = Callback::new(move |g: Group| open(Dialog::Delete(g)));
    let on_create = Callback::new(move |()| open(Dialog::Edit(None)));
    let filtered = Signal::derive(move || search.term().is_some());

    Either::Right(view! {
        <div class="section-header">
            <div>
                <h2 class="section-title" id="section-groups">"Groups"</h2>
                <p class="muted">"Named sets of members. Give a group access to collections once, instead of to each member."</p>
            </div>
            <div class="section-actions">
                <button type="button" class="btn btn-primary" data-testid="new-group" on:click=move |_| on_create.run(())>
                    <PlusIcon />
                    "New group"
                </button>
            </div>
        </div>
        <FlashRegion flash=flash />
        <div class="card table-card groups-card">
            <div class="toolbar">
                <form class="toolbar-search" role="search" on:submit=move |ev| search.submit(ev)>
                    <label class="visually-hidden" for="group-search">"Search groups by name"</label>
                    <span class="toolbar-search-icon"><SearchIcon /></span>
                    <input
                        id="group-search"
                        type="search"
                        placeholder="Search groups"
                        autocomplete="off"
                        prop:value=move || search.text.get()
                        on:input=move |ev| search.input(ev)
                    />
                </form>
                <Show when=move || refreshing.get()>
                    <span class="toolbar-busy" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        <span class="visually-hidden">"Updating the list…"</span>
                    </span>
                </Show>
            </div>
            <Transition fallback=ListSkeleton set_pending=set_refreshing>
                <ErrorBoundary fallback=move |errors| {
                    move || view! {
                        <div class="card-body">
                            <ErrorNotice error=first_client_error(&errors.read()) on_retry=retry pending=refreshing />
                        </div>
                    }
                }>
                    {move || Suspend::new(async move {
                        first_page.await.map(|page| view! {
                            <GroupsTable
                                first=page
                                list=list
                                load_more=load_more
                                names=collection_names
                                filtered=filtered
                                clear=Callback::new(move |()| search.clear())
                                on_create=on_create
                                on_edit=on_edit
                                on_delete=on_delete
                                open_menu=open_menu
                            />
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
        {move || dialog.get().map(|d| match d {
            Dialog::Edit(group) => Either::Left(view! {
                <GroupDialog org_id=org_id.get_untracked() group=group on_close=close_dialog on_saved=on_saved />
            }),
            Dialog::Delete(group) => {
                let target = StoredValue::new(group.clone());
                let n = group.member_count as usize;
                Either::Right(view! {
                    <DeleteDialog
                        id="delete-group"
                        title=format!("Delete the group {}?", group.name)
                        points=vec![
                            (
                                format!("Its {n} member{} stay", plural(n)),
                                " in the organization, with their direct access and their other groups.".into(),
                            ),
                            (
                                "They lose what this group gave them:".into(),
                                format!(" its access to {} collection{}.", group.collections.len(), plural(group.collections.len())),
                            ),
                            ("No item is deleted.".into(), String::new()),
                        ]
                        button="Delete group"
                        busy=delete_busy
                        error=delete_error
                        on_close=close_dialog
                        on_confirm=Callback::new(move |()| delete(target.get_value()))
                    />
                })
            }
        })}
    })
}

/// The table, or the empty state.
#[component]
fn GroupsTable(
    first: Page<Group>,
    list: PagedList<Group>,
    load_more: Callback<String>,
    names: Memo<Vec<(String, String)>>,
    filtered: Signal<bool>,
    clear: Callback<()>,
    on_create: Callback<()>,
    on_edit: Callback<Group>,
    on_delete: Callback<Group>,
    open_menu: RwSignal<Option<String>>,
) -> impl IntoView {
    if first.items.is_empty() {
        return Either::Left(view! {
            <div class="empty-panel empty-panel-flat" data-testid="groups-empty">
                {if filtered.get_untracked() {
                    Either::Left(view! {
                        <p class="empty-inline-title">"No group matches"</p>
                        <p class="muted">"Try another part of the name."</p>
                        <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| clear.run(())>
                            "Clear search"
                        </button>
                    })
                } else {
                    Either::Right(view! {
                        <span class="empty-panel-icon" aria-hidden="true"><UsersIcon /></span>
                        <p class="empty-inline-title">"No groups yet"</p>
                        <p class="muted">"Group the people who share the same items (Front desk, Accounting) and give the group its collections."</p>
                        <button type="button" class="btn btn-primary btn-sm" on:click=move |_| on_create.run(())>
                            <PlusIcon />
                            "New group"
                        </button>
                    })
                }}
            </div>
        });
    }
    let rows = list.rows(first);
    let next = rows.next;
    let rows = rows.items;
    let count = move || count_text(rows.with(Vec::len), "group", "groups", next.with(Option::is_some));
    Either::Right(view! {
        <div class="table-scroll">
            <table class="table" data-testid="groups-table">
                <thead>
                    <tr>
                        <th scope="col">"Group"</th>
                        <th scope="col" class="col-type">"Members"</th>
                        <th scope="col">"Collections"</th>
                        <th scope="col" class="table-actions-col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|g| (g.id.clone(), g.updated_at.clone()) let:group>
                        <GroupRow group=group names=names on_edit=on_edit on_delete=on_delete open_menu=open_menu />
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
            count_test_id="groups-count"
        />
    })
}

/// One group's row.
#[component]
fn GroupRow(
    group: Group,
    names: Memo<Vec<(String, String)>>,
    on_edit: Callback<Group>,
    on_delete: Callback<Group>,
    open_menu: RwSignal<Option<String>>,
) -> impl IntoView {
    let row = StoredValue::new(group.clone());
    let n = group.member_count as usize;
    let grants = group.collections.clone();
    let reach = move || {
        if grants.is_empty() {
            return EitherOf3::A(view! { <span class="cell-muted">"No collections"</span> });
        }
        let named = names.with(|names| {
            grants
                .iter()
                .map(|g| {
                    let name = names.iter().find(|(id, _)| *id == g.collection_id).map(|(_, n)| n.clone());
                    (name.unwrap_or_else(|| "A collection".into()), g.level)
                })
                .collect::<Vec<_>>()
        });
        if named.is_empty() {
            return EitherOf3::B(());
        }
        EitherOf3::C(view! {
            <ul class="reach-list">
                {named
                    .into_iter()
                    .map(|(name, level)| view! {
                        <li class="reach-item" data-testid="group-collection">
                            <span class="reach-name">{name}</span>
                            <AccessBadge level=level />
                        </li>
                    })
                    .collect_view()}
            </ul>
        })
    };
    let items = vec![
        MenuItem {
            label: "Edit name, members and access…".into(),
            danger: false,
            test_id: "menu-edit-group",
            on_select: Callback::new(move |()| on_edit.run(row.get_value())),
        },
        MenuItem {
            label: "Delete…".into(),
            danger: true,
            test_id: "menu-delete-group",
            on_select: Callback::new(move |()| on_delete.run(row.get_value())),
        },
    ];
    view! {
        <tr data-testid="group-row" data-name=group.name.clone()>
            <td>
                <div class="cell-name">
                    <span class="avatar avatar-row avatar-group" aria-hidden="true"><UsersIcon /></span>
                    <div class="cell-name-text">
                        <button type="button" class="link-button user-cell-name" on:click=move |_| on_edit.run(row.get_value())>
                            {group.name.clone()}
                        </button>
                        {group.external_id.clone().map(|e| view! { <span class="cell-muted user-cell-email">{e}</span> })}
                    </div>
                </div>
            </td>
            <td class="cell-nowrap col-type" data-testid="group-member-count">{format!("{n} member{}", plural(n))}</td>
            <td>{reach}</td>
            <td class="table-actions">
                <RowMenu id=group.id.clone() who=group.name.clone() open_menu=open_menu items=items />
            </td>
        </tr>
    }
}

/// What the group dialog needs before it shows its form.
#[derive(Clone)]
struct GroupChoices {
    members: Vec<Candidate>,
    collections: Vec<Candidate>,
    details: Option<GroupDetails>,
}

async fn load_choices(org_id: String, group_id: Option<String>) -> Result<GroupChoices, ClientError> {
    let members = all_members(org_id.clone()).await?;
    let collections = all_collections(org_id.clone()).await?;
    let details = match group_id {
        Some(id) => Some(api::groups::get(org_id, id).await?),
        None => None,
    };
    Ok(GroupChoices {
        members: members.iter().map(member_choice).collect(),
        collections: collections.iter().map(collection_choice).collect(),
        details,
    })
}

/// "New group" or "Edit …": name, members, collection grants.
#[component]
fn GroupDialog(
    org_id: String,
    group: Option<Group>,
    on_close: Callback<()>,
    on_saved: Callback<(GroupDetails, bool)>,
) -> impl IntoView {
    let title = match &group {
        Some(g) => format!("Edit {}", g.name),
        None => "New group".to_owned(),
    };
    let ids = StoredValue::new((org_id, group.as_ref().map(|g| g.id.clone())));
    let choices = LocalResource::new(move || {
        let (org, group) = ids.get_value();
        load_choices(org, group)
    });
    let (loading, set_loading) = signal(false);
    let busy = RwSignal::new(false);
    let retry = Callback::new(move |()| choices.refetch());
    view! {
        <Modal
            id="group-dialog"
            title=title
            description="Members of the group reach its collections at the level chosen for each.".to_owned()
            on_close=on_close
            busy=busy
        >
            <Transition fallback=DialogLoading set_pending=set_loading>
                {move || Suspend::new(async move {
                    match choices.await {
                        Ok(c) => Either::Left(view! {
                            <GroupForm ids=ids choices=c busy=busy on_close=on_close on_saved=on_saved />
                        }),
                        Err(e) => Either::Right(view! {
                            <ErrorNotice error=e on_retry=retry pending=loading />
                            <div class="modal-actions">
                                <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>"Close"</button>
                            </div>
                        }),
                    }
                })}
            </Transition>
        </Modal>
    }
}

/// The group dialog's form, once its choices are loaded.
#[component]
fn GroupForm(
    ids: StoredValue<(String, Option<String>)>,
    choices: GroupChoices,
    busy: RwSignal<bool>,
    on_close: Callback<()>,
    on_saved: Callback<(GroupDetails, bool)>,
) -> impl IntoView {
    let GroupChoices { members, collections, details } = choices;
    let find = |all: &[Candidate], id: &str| {
        all.iter().find(|c| c.id == id).cloned().unwrap_or_else(|| Candidate {
            id: id.to_owned(),
            name: "Unknown".into(),
            sub: None,
        })
    };
    let name = RwSignal::new(details.as_ref().map(|d| d.group.name.clone()).unwrap_or_default());
    let chosen_members: RwSignal<Vec<GrantRow>> = RwSignal::new(
        details
            .as_ref()
            .map(|d| d.members.iter().map(|id| GrantRow::new(find(&members, id), AccessLevel::CanView)).collect())
            .unwrap_or_default(),
    );
    let chosen_collections: RwSignal<Vec<GrantRow>> = RwSignal::new(
        details
            .as_ref()
            .map(|d| {
                d.group
                    .collections
                    .iter()
                    .map(|g| GrantRow::new(find(&collections, &g.collection_id), g.level))
                    .collect()
            })
            .unwrap_or_default(),
    );
    let errors = FormErrors::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let trimmed = name.get_untracked().trim().to_owned();
        if trimmed.is_empty() {
            errors.set_field("name", "Give the group a name.");
            errors.focus_first(&[("name", "group-name")]);
            return;
        }
        let member_ids: Vec<String> = chosen_members.with_untracked(|r| r.iter().map(|g| g.who.id.clone()).collect());
        let grants: Vec<CollectionGrant> = chosen_collections.with_untracked(|r| {
            r.iter()
                .map(|g| CollectionGrant { collection_id: g.who.id.clone(), level: g.level.get_untracked() })
                .collect()
        });
        busy.set(true);
        leptos::task::spawn_local(async move {
            let (org, group) = ids.get_value();
            let created = group.is_none();
            let result = match group {
                None => {
                    let body =
                        CreateGroup { name: trimmed, external_id: None, members: member_ids, collections: grants };
                    api::groups::create(org, body).await
                }
                Some(group_id) => {
                    let patch = UpdateGroup {
                        name: Some(trimmed),
                        external_id: None,
                        members: Some(member_ids),
                        collections: Some(grants),
                    };
                    api::groups::update(org, group_id, patch).await
                }
            };
            busy.try_set(false);
            match result {
                Ok(d) => on_saved.run((d, created)),
                Err(e) => {
                    errors.show(&e, &["name"]);
                    errors.focus_first(&[("name", "group-name")]);
                }
            }
        });
    };
    let member_choices = Signal::stored(members);
    let collection_choices = Signal::stored(collections);
    let label = if details.is_some() { "Save group" } else { "Create group" };
    view! {
        <form class="form group-form" novalidate on:submit=submit>
            <TextField
                id="group-name"
                label="Name"
                value=name
                maxlength=100
                autofocus=true
                placeholder="Front desk"
                error=errors.field("name")
                on_change=Callback::new(move |()| errors.clear_field("name"))
            />
            <GrantList
                id="group-members"
                legend="Members"
                noun="member"
                rows=chosen_members
                candidates=member_choices
                levels=false
                empty="Nobody is in this group yet."
                hint="Revoked members keep their place and regain the group's access when restored."
            />
            <GrantList
                id="group-collections"
                legend="Collections"
                noun="collection"
                rows=chosen_collections
                candidates=collection_choices
                empty="This group reaches no collection yet."
                hint="When a member also has access directly or through another group, the most permissive level wins."
            />
            <FormAlertView errors=errors />
            <ModalActions on_cancel=on_close busy=busy>
                <SubmitButton label=label busy_label="Saving…" busy=busy />
            </ModalActions>
        </form>
    }
}

/// A dialog's shape while its choices load.
#[component]
pub fn DialogLoading() -> impl IntoView {
    view! {
        <div class="dialog-loading status-loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            <span>"Loading…"</span>
        </div>
    }
}

/// The table's shape while the first page loads.
#[component]
pub fn ListSkeleton() -> impl IntoView {
    view! {
        <div class="table-skeleton status-loading" role="status">
            <span class="visually-hidden">"Loading…"</span>
            <div aria-hidden="true">
                {(0..3)
                    .map(|_| view! {
                        <div class="skeleton-row skeleton-row-item">
                            <span class="skeleton skeleton-avatar"></span>
                            <span class="skeleton skeleton-label"></span>
                            <span class="skeleton skeleton-value"></span>
                        </div>
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
