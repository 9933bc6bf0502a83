//! The editable list of a dialog that gives access: the rows chosen so far (a member, a group or a
//! collection, with an access level each when levels apply, and a Remove button), and under them a
//! search box over the candidates not chosen yet, whose matches are added with a click or Enter.
//! Used by the group dialog (members, collections) and the collection access editor (members,
//! groups).

use leptos::prelude::*;
use portal_shared::collections::AccessLevel;

use crate::components::access_level::AccessLevelPicker;

/// Something that can be chosen: its id, its name and a second line (an email, a type).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Its id.
    pub id: String,
    /// What people read.
    pub name: String,
    /// A second line, when there is one.
    pub sub: Option<String>,
}

/// One chosen row: the candidate and its level.
#[derive(Clone, Debug)]
pub struct GrantRow {
    /// Who or what.
    pub who: Candidate,
    /// How far (ignored by lists without levels).
    pub level: RwSignal<AccessLevel>,
}

impl GrantRow {
    /// A row for `who` at `level`.
    pub fn new(who: Candidate, level: AccessLevel) -> Self {
        Self { who, level: RwSignal::new(level) }
    }
}

/// How many matches the search shows at once.
const MATCHES_SHOWN: usize = 6;

/// The chosen rows and the search that adds more.
#[component]
pub fn GrantList(
    /// Ids derive from it (`group-members`).
    id: &'static str,
    /// The legend ("Members").
    legend: &'static str,
    /// What one row is, for the search box ("member", "collection").
    noun: &'static str,
    /// The chosen rows.
    rows: RwSignal<Vec<GrantRow>>,
    /// Everything that may be chosen.
    #[prop(into)]
    candidates: Signal<Vec<Candidate>>,
    /// Whether each row has an access level.
    #[prop(default = true)]
    levels: bool,
    /// The level a new row starts with.
    #[prop(default = AccessLevel::CanView)]
    new_level: AccessLevel,
    /// What shows when nothing is chosen.
    empty: &'static str,
    /// A line under the legend.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let matches = Memo::new(move |_| {
        let term = search.with(|s| s.trim().to_lowercase());
        let chosen: Vec<String> = rows.with(|r| r.iter().map(|g| g.who.id.clone()).collect());
        candidates.with(|all| {
            let open: Vec<Candidate> = all
                .iter()
                .filter(|c| !chosen.contains(&c.id))
                .filter(|c| {
                    term.is_empty()
                        || c.name.to_lowercase().contains(&term)
                        || c.sub.as_deref().is_some_and(|s| s.to_lowercase().contains(&term))
                })
                .cloned()
                .collect();
            open
        })
    });
    // The rows' level signals belong to the list, not to the search results that add them (those
    // are redrawn, and disposed, as soon as the search box empties).
    let owner = StoredValue::new(Owner::current());
    let add = move |c: Candidate| {
        let row = match owner.get_value() {
            Some(owner) => owner.with(|| GrantRow::new(c, new_level)),
            None => GrantRow::new(c, new_level),
        };
        rows.update(|r| r.push(row));
        search.set(String::new());
    };
    let search_id = format!("{id}-search");
    let search_label = format!("Find a {noun} to add");
    view! {
        <fieldset class="fieldset grant-list" id=id data-testid=id>
            <legend class="field-label">{legend}</legend>
            {hint.map(|h| view! { <p class="field-hint">{h}</p> })}
            {move || {
                let current = rows.get();
                if current.is_empty() {
                    return view! { <p class="grant-empty muted">{empty}</p> }.into_any();
                }
                view! {
                    <ul class="grant-rows">
                        {current
                            .into_iter()
                            .map(|row| {
                                let GrantRow { who, level } = row;
                                let remove_id = who.id.clone();
                                let picker_id = format!("{id}-level-{}", who.id);
                                let picker_label = format!("Access of {}", who.name);
                                let name = who.name.clone();
                                view! {
                                    <li class="grant-row" data-testid="grant-row" data-name=who.name.clone()>
                                        <span class="grant-who">
                                            <span class="grant-name">{who.name.clone()}</span>
                                            {who.sub.clone().map(|s| view! { <span class="cell-sub">{s}</span> })}
                                        </span>
                                        {levels.then(|| view! {
                                            <AccessLevelPicker id=picker_id level=level label=picker_label explain=false />
                                        })}
                                        <button
                                            type="button"
                                            class="btn btn-ghost btn-sm btn-ghost-danger"
                                            on:click=move |_| rows.update(|r| r.retain(|g| g.who.id != remove_id))
                                        >
                                            "Remove"
                                            <span class="visually-hidden">" " {name}</span>
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <div class="grant-add">
                <label class="visually-hidden" for=search_id.clone()>{search_label.clone()}</label>
                <input
                    id=search_id
                    type="search"
                    class="grant-search"
                    placeholder=format!("Add a {noun}: type to search")
                    autocomplete="off"
                    bind:value=search
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        // Enter adds the first match instead of submitting the dialog.
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            if let Some(first) = matches.with_untracked(|m| m.first().cloned()) {
                                add(first);
                            }
                        }
                    }
                />
                {move || {
                    let found = matches.get();
                    let typed = search.with(|s| !s.trim().is_empty());
                    if found.is_empty() {
                        let text = if typed {
                            format!("No {noun} matches.")
                        } else if candidates.with(Vec::is_empty) {
                            format!("There is no {noun} to add yet.")
                        } else {
                            format!("Every {noun} is already listed.")
                        };
                        return view! { <p class="grant-none muted small">{text}</p> }.into_any();
                    }
                    let more = found.len().saturating_sub(MATCHES_SHOWN);
                    view! {
                        <ul class="grant-matches" aria-label=format!("Matching {noun}s")>
                            {found
                                .into_iter()
                                .take(MATCHES_SHOWN)
                                .map(|c| {
                                    let chosen = c.clone();
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="grant-match"
                                                data-testid="grant-match"
                                                on:click=move |_| add(chosen.clone())
                                            >
                                                <span class="grant-match-plus" aria-hidden="true">"+"</span>
                                                <span class="visually-hidden">"Add "</span>
                                                <span class="grant-name">{c.name.clone()}</span>
                                                {c.sub.clone().map(|s| view! { <span class="cell-sub">{s}</span> })}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        {(more > 0).then(|| view! {
                            <p class="grant-none muted small">{format!("{more} more: type to narrow the list.")}</p>
                        })}
                    }
                    .into_any()
                }}
            </div>
        </fieldset>
    }
}
