//! `/organizations/{id}/collections`: the organization's collections. Administrators (and Custom
//! members who edit or delete any collection, or read reports) see all of them; every other member
//! sees the ones they reach, with their effective level. Create, rename and delete (the items
//! stay in the organization), and the access editor: members and groups with a level each, and
//! what each member ends up with once direct and group grants combine (the most permissive wins,
//! by [`AccessLevel::combine`]).

use std::collections::HashMap;

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use portal_shared::client::ClientError;
use portal_shared::collections::{
    AccessLevel, Collection, CollectionAccess, CollectionDetails, CollectionQuery, CreateCollection, GroupGrant,
    MemberGrant, UpdateCollection,
};
use portal_shared::organizations::Organization;
use portal_shared::page::Page;

use super::access_parts::{DeleteDialog, all_groups, all_members, group_choice, member_choice};
use super::groups::{DialogLoading, ListSkeleton};
use super::{may_use, use_organization};
use crate::api;
use crate::components::access_level::AccessBadge;
use crate::components::error_notice::{ErrorNotice, first_client_error};
use crate::components::form::{FormAlertView, FormErrors, SubmitButton, TextField};
use crate::components::grant_list::{Candidate, GrantList, GrantRow};
use crate::components::icons::{LockIcon, PlusIcon, SearchIcon};
use crate::components::modal::{Modal, ModalActions};
use crate::components::paged_list::{Flash, FlashRegion, LoadMoreFooter, PagedList, SearchText, count_text};
use crate::components::row_menu::{MenuItem, RowMenu};

/// Collections per page.
const PAGE_SIZE: u32 = 25;

/// What the caller may do with the collections (the API decides; this hides what it would refuse).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Powers {
    /// Sees every collection, not only those they reach.
    sees_all: bool,
    /// Creates collections.
    create: bool,
    /// Deletes any collection (otherwise only those they manage).
    delete_any: bool,
}

impl Powers {
    fn of(org: &Organization) -> Self {
        Self {
            sees_all: may_use(org, |p| p.edit_any_collection || p.delete_any_collection || p.access_reports),
            create: may_use(org, |p| p.create_new_collections),
            delete_any: may_use(org, |p| p.delete_any_collection),
        }
    }

    fn may_delete(&self, c: &Collection) -> bool {
        self.delete_any || c.level == Some(AccessLevel::CanManage)
    }
}

/// The dialog shown, if any.
#[derive(Clone)]
enum Dialog {
    /// Create (`None`) or rename.
    Name(Option<Collection>),
    Access(Collection),
    Delete(Collection),
}

/// `/organizations/{id}/collections`.
#[component]
pub fn OrganizationCollections() -> impl IntoView {
    let ctx = use_organization()?;
    let organization = ctx.organization;
    let org_name = Memo::new(move |_| organization.with(|o| o.name.clone()));
    let org_id = Memo::new(move |_| organization.with(|o| o.id.clone()));
    let powers = Memo::new(move |_| organization.with(Powers::of));
    let search = SearchText::new();
    let list = PagedList::<Collection>::new();
    let flash = Flash::new();
    let dialog = RwSignal::new(None::<Dialog>);
    let open_menu = RwSignal::new(None::<String>);
    let reload = RwSignal::new(0u32);
    let delete_busy = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<ClientError>);

    let query = move |cursor: Option<String>| CollectionQuery { search: search.term(), limit: Some(PAGE_SIZE), cursor };
    let first_page = LocalResource::new(move || {
        reload.track();
        let q = query(None);
        let id = org_id.get();
        async move { api::collections::list(id, q).await }
    });
    Effect::new(move |_| {
        first_page.track();
        list.reset();
    });
    let (refreshing, set_refreshing) = signal(false);
    let retry = Callback::new(move |()| first_page.refetch());
    let load_more = Callback::new(move |cursor: String| {
        list.load_more(cursor, |cursor| {
            let q = untrack(|| query(Some(cursor)));
            api::collections::list(org_id.get_untracked(), q)
        });
    });
    let open = move |d: Dialog| {
        open_menu.set(None);
        flash.clear();
        delete_error.set(None);
        dialog.set(Some(d));
    };
    let close_dialog = Callback::new(move |()| dialog.set(None));
    let on_named = Callback::new(move |(details, created): (CollectionDetails, bool)| {
        dialog.set(None);
        let name = details.collection.name.clone();
        if created {
            flash.note(
                format!("The collection {name} is created."),
                "Give members or groups access to it from its Manage menu.",
            );
        } else {
            flash.done(format!("The collection is renamed to {name}."));
        }
        reload.update(|r| *r += 1);
    });
    let on_access_saved = Callback::new(move |details: CollectionDetails| {
        dialog.set(None);
        flash.done(format!("Access to {} is saved.", details.collection.name));
        reload.update(|r| *r += 1);
    });
    let delete = move |c: Collection| {
        if delete_busy.get_untracked() {
            return;
        }
        delete_busy.set(true);
        delete_error.set(None);
        leptos::task::spawn_local(async move {
            let result = api::collections::delete(org_id.get_untracked(), c.id.clone()).await;
            delete_busy.try_set(false);
            match result {
                Ok(()) => {
                    dialog.set(None);
                    flash.done(format!("The collection {} is deleted. Its items stay in the organization.", c.name));
                    reload.update(|r| *r += 1);
                }
                Err(e) => {
                    delete_error.set(Some(e));
                }
            }
        });
    };
    let actions = RowActions {
        powers,
        rename: Callback::new(move |c| open(Dialog::Name(Some(c)))),
        access: Callback::new(move |c| open(Dialog::Access(c))),
        delete: Callback::new(move |c| open(Dialog::Delete(c))),
        open_menu,
    };
    let on_create = Callback::new(move |()| open(Dialog::Name(None)));
    let filtered = Signal::derive(move || search.term().is_some());

    Some(view! {
        <Title text=move || format!("Collections · {}", org_name.get()) />
        <section class="section" aria-labelledby="section-collections" data-testid="organization-collections">
            <div class="section-header">
                <div>
                    <h2 class="section-title" id="section-collections">"Collections"</h2>
                    <p class="muted">
                        {move || if powers.with(|p| p.sees_all) {
                            "The shared sets of items in this organization, and who reaches each of them."
                        } else {
                            "The collections shared with you, and what you may do in each."
                        }}
                    </p>
                </div>
                <Show when=move || powers.with(|p| p.create)>
                    <div class="section-actions">
                        <button type="button" class="btn btn-primary" data-testid="new-collection" on:click=move |_| on_create.run(())>
                            <PlusIcon />
                            "New collection"
                        </button>
                    </div>
                </Show>
            </div>
            <FlashRegion flash=flash />
            <div class="card table-card collections-card">
                <div class="toolbar">
                    <form class="toolbar-search" role="search" on:submit=move |ev| search.submit(ev)>
                        <label class="visually-hidden" for="collection-search">"Search collections by name"</label>
                        <span class="toolbar-search-icon"><SearchIcon /></span>
                        <input
                            id="collection-search"
                            type="search"
                            placeholder="Search collections"
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
                                <CollectionsTable
                                    first=page
                                    list=list
                                    load_more=load_more
                                    filtered=filtered
                                    clear=Callback::new(move |()| search.clear())
                                    on_create=on_create
                                    actions=actions
                                />
                            })
                        })}
                    </ErrorBoundary>
                </Transition>
            </div>
            {move || dialog.get().map(|d| match d {
                Dialog::Name(c) => EitherOf3::A(view! {
                    <NameDialog org_id=org_id.get_untracked() collection=c on_close=close_dialog on_saved=on_named />
                }),
                Dialog::Access(c) => EitherOf3::B(view! {
                    <AccessDialog org_id=org_id.get_untracked() collection=c on_close=close_dialog on_saved=on_access_saved />
                }),
                Dialog::Delete(c) => {
                    let target = StoredValue::new(c.clone());
                    EitherOf3::C(view! {
                        <DeleteDialog
                            id="delete-collection"
                            title=format!("Delete the collection {}?", c.name)
                            points=vec![
                                (
                                    "Its items stay in the organization.".into(),
                                    " Items that were only in this collection are then reachable by administrators only.".into(),
                                ),
                                (
                                    "Members and groups lose the access".into(),
                                    " this collection gave them.".into(),
                                ),
                            ]
                            button="Delete collection"
                            busy=delete_busy
                            error=delete_error
                            on_close=close_dialog
                            on_confirm=Callback::new(move |()| delete(target.get_value()))
                        />
                    })
                }
            })}
        </section>
    })
}

/// What a row can ask the page to do.
#[derive(Clone, Copy)]
struct RowActions {
    powers: Memo<Powers>,
    rename: Callback<Collection>,
    access: Callback<Collection>,
    delete: Callback<Collection>,
    open_menu: RwSignal<Option<String>>,
}

/// The table, or the empty state.
#[component]
fn CollectionsTable(
    first: Page<Collection>,
    list: PagedList<Collection>,
    load_more: Callback<String>,
    filtered: Signal<bool>,
    clear: Callback<()>,
    on_create: Callback<()>,
    actions: RowActions,
) -> impl IntoView {
    if first.items.is_empty() {
        let powers = actions.powers.get_untracked();
        return Either::Left(view! {
            <div class="empty-panel empty-panel-flat" data-testid="collections-empty">
                {if filtered.get_untracked() {
                    EitherOf3::A(view! {
                        <p class="empty-inline-title">"No collection matches"</p>
                        <p class="muted">"Try another part of the name."</p>
                        <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| clear.run(())>
                            "Clear search"
                        </button>
                    })
                } else if powers.create {
                    EitherOf3::B(view! {
                        <span class="empty-panel-icon" aria-hidden="true"><LockIcon /></span>
                        <p class="empty-inline-title">"No collections yet"</p>
                        <p class="muted">"A collection holds the items a team shares (Line-of-business apps, Wi-Fi, Banking). Create one, then choose who reaches it."</p>
                        <button type="button" class="btn btn-primary btn-sm" on:click=move |_| on_create.run(())>
                            <PlusIcon />
                            "New collection"
                        </button>
                    })
                } else {
                    EitherOf3::C(view! {
                        <span class="empty-panel-icon" aria-hidden="true"><LockIcon /></span>
                        <p class="empty-inline-title">"Nothing is shared with you yet"</p>
                        <p class="muted">"An administrator gives you access to collections, directly or through a group."</p>
                    })
                }}
            </div>
        });
    }
    let rows = list.rows(first);
    let next = rows.next;
    let rows = rows.items;
    let count = move || count_text(rows.with(Vec::len), "collection", "collections", next.with(Option::is_some));
    Either::Right(view! {
        <div class="table-scroll">
            <table class="table" data-testid="collections-table">
                <thead>
                    <tr>
                        <th scope="col">"Collection"</th>
                        <th scope="col">"Your access"</th>
                        <th scope="col" class="col-wide">"Created"</th>
                        <th scope="col" class="table-actions-col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|c| (c.id.clone(), c.updated_at.clone()) let:collection>
                        <CollectionRow collection=collection actions=actions />
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
            count_test_id="collections-count"
        />
    })
}

/// One collection's row.
#[component]
fn CollectionRow(collection: Collection, actions: RowActions) -> impl IntoView {
    let row = StoredValue::new(collection.clone());
    let powers = actions.powers.get_untracked();
    let mine = match collection.level {
        Some(level) => Either::Left(view! { <AccessBadge level=level /> }),
        None => Either::Right(view! {
            <span class="cell-muted" title="You reach it as an administrator, not through a grant">"Administrator"</span>
        }),
    };
    let mut items = Vec::new();
    if collection.can_manage {
        items.push(MenuItem {
            label: "Who has access…".into(),
            danger: false,
            test_id: "menu-access",
            on_select: Callback::new(move |()| actions.access.run(row.get_value())),
        });
        items.push(MenuItem {
            label: "Rename…".into(),
            danger: false,
            test_id: "menu-rename",
            on_select: Callback::new(move |()| actions.rename.run(row.get_value())),
        });
    }
    if powers.may_delete(&collection) {
        items.push(MenuItem {
            label: "Delete…".into(),
            danger: true,
            test_id: "menu-delete-collection",
            on_select: Callback::new(move |()| actions.delete.run(row.get_value())),
        });
    }
    let menu = (!items.is_empty()).then(|| {
        view! { <RowMenu id=collection.id.clone() who=collection.name.clone() open_menu=actions.open_menu items=items /> }
    });
    let name = if collection.can_manage {
        Either::Left(view! {
            <button type="button" class="link-button user-cell-name" on:click=move |_| actions.access.run(row.get_value())>
                {collection.name.clone()}
            </button>
        })
    } else {
        Either::Right(view! { <span class="user-cell-name">{collection.name.clone()}</span> })
    };
    view! {
        <tr data-testid="collection-row" data-name=collection.name.clone()>
            <td>
                <div class="cell-name">
                    <span class="avatar avatar-row avatar-collection" aria-hidden="true"><LockIcon /></span>
                    <div class="cell-name-text">
                        {name}
                        {collection.external_id.clone().map(|e| view! { <span class="cell-muted user-cell-email">{e}</span> })}
                    </div>
                </div>
            </td>
            <td class="cell-nowrap" data-testid="collection-level">{mine}</td>
            <td class="cell-muted cell-nowrap col-wide" title=crate::format::date_time(&collection.created_at)>
                {crate::format::date(&collection.created_at)}
            </td>
            <td class="table-actions">{menu}</td>
        </tr>
    }
}

/// "New collection" or "Rename …".
#[component]
fn NameDialog(
    org_id: String,
    collection: Option<Collection>,
    on_close: Callback<()>,
    on_saved: Callback<(CollectionDetails, bool)>,
) -> impl IntoView {
    let creating = collection.is_none();
    let name = RwSignal::new(collection.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let (title, description, label) = match &collection {
        Some(c) => (format!("Rename {}", c.name), "Its items and access stay as they are.".to_owned(), "Rename"),
        None => (
            "New collection".to_owned(),
            "Collection names are visible to the server and to integrations; the items in it stay encrypted."
                .to_owned(),
            "Create collection",
        ),
    };
    let ids = StoredValue::new((org_id, collection.map(|c| c.id)));
    let busy = RwSignal::new(false);
    let errors = FormErrors::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let trimmed = name.get_untracked().trim().to_owned();
        if trimmed.is_empty() {
            errors.set_field("name", "Give the collection a name.");
            errors.focus_first(&[("name", "collection-name")]);
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let (org, id) = ids.get_value();
            let result = match id {
                None => {
                    api::collections::create(org, CreateCollection { name: trimmed, ..CreateCollection::default() })
                        .await
                }
                Some(id) => {
                    let patch = UpdateCollection { name: Some(trimmed), ..UpdateCollection::default() };
                    api::collections::update(org, id, patch).await
                }
            };
            busy.try_set(false);
            match result {
                Ok(d) => on_saved.run((d, creating)),
                Err(e) => {
                    errors.show(&e, &["name"]);
                    errors.focus_first(&[("name", "collection-name")]);
                }
            }
        });
    };
    view! {
        <Modal id="collection-name-dialog" title=title description=description on_close=on_close busy=busy>
            <form class="form" novalidate on:submit=submit>
                <TextField
                    id="collection-name"
                    label="Name"
                    value=name
                    maxlength=100
                    autofocus=true
                    placeholder="Banking"
                    error=errors.field("name")
                    on_change=Callback::new(move |()| errors.clear_field("name"))
                />
                <FormAlertView errors=errors />
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label=label busy_label="Saving…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// What the access editor needs: the grants, who reaches the collection now, and the choices.
#[derive(Clone)]
struct AccessData {
    details: CollectionDetails,
    access: CollectionAccess,
    /// Every member (empty when the caller may not list them: then the grants' members only).
    members: Vec<Candidate>,
    /// Each member's groups, and whether they are revoked.
    membership: HashMap<String, (Vec<String>, bool)>,
    /// Every group (empty when the caller may not list them).
    groups: Vec<Candidate>,
}

async fn load_access(org_id: String, collection_id: String) -> Result<AccessData, ClientError> {
    let details = api::collections::get(org_id.clone(), collection_id.clone()).await?;
    let access = api::collections::access(org_id.clone(), collection_id).await?;
    // backend: listing members and groups needs "manage users" / "manage groups"; a member who only
    // manages this collection still edits its grants, with the names the access answer gives.
    let members = all_members(org_id.clone()).await.unwrap_or_default();
    let groups = all_groups(org_id).await.unwrap_or_default();
    let mut membership: HashMap<String, (Vec<String>, bool)> =
        members.iter().map(|m| (m.id.clone(), (m.groups.clone(), m.revoked))).collect();
    let mut member_choices: Vec<Candidate> = members.iter().map(member_choice).collect();
    for entry in &access.members {
        if !membership.contains_key(&entry.member_id) {
            let groups = entry.sources.iter().filter_map(|s| s.group_id.clone()).collect();
            membership.insert(entry.member_id.clone(), (groups, false));
            let name = entry.name.clone().filter(|n| !n.trim().is_empty());
            member_choices.push(Candidate {
                id: entry.member_id.clone(),
                sub: name.is_some().then(|| entry.email.clone()),
                name: name.unwrap_or_else(|| entry.email.clone()),
            });
        }
    }
    let mut group_choices: Vec<Candidate> = groups.iter().map(group_choice).collect();
    for entry in &access.members {
        for s in &entry.sources {
            if let (Some(id), Some(name)) = (&s.group_id, &s.group_name)
                && !group_choices.iter().any(|g| &g.id == id)
            {
                group_choices.push(Candidate { id: id.clone(), name: name.clone(), sub: None });
            }
        }
    }
    Ok(AccessData { details, access, members: member_choices, membership, groups: group_choices })
}

/// "Who has access to …": member and group grants, and each member's effective level.
#[component]
fn AccessDialog(
    org_id: String,
    collection: Collection,
    on_close: Callback<()>,
    on_saved: Callback<CollectionDetails>,
) -> impl IntoView {
    let ids = StoredValue::new((org_id, collection.id.clone()));
    let data = LocalResource::new(move || {
        let (org, id) = ids.get_value();
        load_access(org, id)
    });
    let (loading, set_loading) = signal(false);
    let busy = RwSignal::new(false);
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <Modal
            id="collection-access"
            title=format!("Who has access to {}", collection.name)
            description="Give members and groups a level each. A member reached several ways gets the most permissive one.".to_owned()
            on_close=on_close
            busy=busy
        >
            <Transition fallback=DialogLoading set_pending=set_loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => Either::Left(view! {
                            <AccessForm ids=ids data=d busy=busy on_close=on_close on_saved=on_saved />
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

/// One member's effective access as it will be after saving.
#[derive(Clone, Debug, PartialEq)]
struct Effective {
    name: String,
    sub: Option<String>,
    level: AccessLevel,
    /// "Directly", or the groups' names, with their levels.
    sources: Vec<(String, AccessLevel)>,
    /// The level the server reports now, when it differs.
    was: Option<Option<AccessLevel>>,
}

/// Who reaches the collection with the grants being edited: direct grants and the grants of the
/// groups each member is in, combined by [`AccessLevel::combine_all`]. Revoked members reach nothing.
fn effective_access(members: &[GrantRow], groups: &[GrantRow], data: &AccessData) -> Vec<Effective> {
    let mut who: Vec<String> = members.iter().map(|g| g.who.id.clone()).collect();
    for (id, (in_groups, _)) in &data.membership {
        if groups.iter().any(|g| in_groups.contains(&g.who.id)) && !who.contains(id) {
            who.push(id.clone());
        }
    }
    let mut out: Vec<Effective> = who
        .into_iter()
        .filter(|id| !data.membership.get(id).is_some_and(|(_, revoked)| *revoked))
        .filter_map(|id| {
            let mut sources = Vec::new();
            if let Some(direct) = members.iter().find(|g| g.who.id == id) {
                sources.push(("Directly".to_owned(), direct.level.get()));
            }
            let in_groups = data.membership.get(&id).map(|(g, _)| g.clone()).unwrap_or_default();
            for g in groups.iter().filter(|g| in_groups.contains(&g.who.id)) {
                sources.push((g.who.name.clone(), g.level.get()));
            }
            let level = AccessLevel::combine_all(sources.iter().map(|(_, l)| *l))?;
            let person = data.members.iter().find(|c| c.id == id);
            let now = data.access.members.iter().find(|e| e.member_id == id).map(|e| e.level);
            Some(Effective {
                name: person.map(|p| p.name.clone()).unwrap_or_else(|| "A member".into()),
                sub: person.and_then(|p| p.sub.clone()),
                level,
                sources,
                was: (now != Some(level)).then_some(now),
            })
        })
        .collect();
    out.sort_by_key(|a| a.name.to_lowercase());
    out
}

/// The access editor's form, once everything is loaded.
#[component]
fn AccessForm(
    ids: StoredValue<(String, String)>,
    data: AccessData,
    busy: RwSignal<bool>,
    on_close: Callback<()>,
    on_saved: Callback<CollectionDetails>,
) -> impl IntoView {
    let find = |all: &[Candidate], id: &str, fallback: &str| {
        all.iter().find(|c| c.id == id).cloned().unwrap_or_else(|| Candidate {
            id: id.to_owned(),
            name: fallback.to_owned(),
            sub: None,
        })
    };
    let member_rows: Vec<GrantRow> = data
        .details
        .members
        .iter()
        .map(|g| GrantRow::new(find(&data.members, &g.member_id, "A member"), g.level))
        .collect();
    let group_rows: Vec<GrantRow> = data
        .details
        .groups
        .iter()
        .map(|g| GrantRow::new(find(&data.groups, &g.group_id, "A group"), g.level))
        .collect();
    let members = RwSignal::new(member_rows);
    let groups = RwSignal::new(group_rows);
    let member_choices = Signal::stored(data.members.clone());
    let group_choices = Signal::stored(data.groups.clone());
    let data = StoredValue::new(data);
    let effective =
        Memo::new(move |_| members.with(|m| groups.with(|g| data.with_value(|d| effective_access(m, g, d)))));
    let errors = FormErrors::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let patch = UpdateCollection {
            members: Some(members.with_untracked(|r| {
                r.iter().map(|g| MemberGrant { member_id: g.who.id.clone(), level: g.level.get_untracked() }).collect()
            })),
            groups: Some(groups.with_untracked(|r| {
                r.iter().map(|g| GroupGrant { group_id: g.who.id.clone(), level: g.level.get_untracked() }).collect()
            })),
            ..UpdateCollection::default()
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let (org, id) = ids.get_value();
            let result = api::collections::update(org, id, patch).await;
            busy.try_set(false);
            match result {
                Ok(d) => on_saved.run(d),
                Err(e) => errors.show(&e, &[]),
            }
        });
    };
    view! {
        <form class="form access-form" novalidate on:submit=submit>
            <div class="access-columns">
                <GrantList
                    id="access-members"
                    legend="Members"
                    noun="member"
                    rows=members
                    candidates=member_choices
                    empty="No member has access directly."
                />
                <GrantList
                    id="access-groups"
                    legend="Groups"
                    noun="group"
                    rows=groups
                    candidates=group_choices
                    empty="No group has access."
                />
            </div>
            <section class="effective" aria-labelledby="effective-title" data-testid="effective-access">
                <h3 class="subform-title" id="effective-title">"Effective access after saving"</h3>
                <p class="field-hint">"Direct and group grants combine: the most permissive level wins. Revoked members reach nothing."</p>
                {move || {
                    let rows = effective.get();
                    if rows.is_empty() {
                        return Either::Left(view! { <p class="muted small">"Nobody but the administrators will reach this collection."</p> });
                    }
                    Either::Right(view! {
                        <ul class="effective-list">
                            {rows
                                .into_iter()
                                .map(|e| {
                                    let sources = e
                                        .sources
                                        .iter()
                                        .map(|(from, level)| format!("{from}: {}", level.label()))
                                        .collect::<Vec<_>>()
                                        .join(" · ");
                                    let was = e.was.map(|w| match w {
                                        Some(l) => format!("now {}", l.label().to_lowercase()),
                                        None => "new".to_owned(),
                                    });
                                    view! {
                                        <li class="effective-row" data-testid="effective-row" data-name=e.name.clone()>
                                            <span class="grant-who">
                                                <span class="grant-name">{e.name.clone()}</span>
                                                <span class="cell-sub">{sources}</span>
                                            </span>
                                            <span class="effective-level">
                                                {was.map(|w| view! { <span class="effective-was">{w}</span> })}
                                                <AccessBadge level=e.level />
                                            </span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    })
                }}
            </section>
            <FormAlertView errors=errors />
            <ModalActions on_cancel=on_close busy=busy>
                <SubmitButton label="Save access" busy_label="Saving…" busy=busy />
            </ModalActions>
        </form>
    }
}
