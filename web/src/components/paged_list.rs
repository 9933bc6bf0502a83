//! What every searchable table of the portal shares: the search box that waits for typing to
//! pause, the rows loaded after the first page ("Load more"), rows changed since they were loaded
//! (drawn with their new version), the footer with the count and the button, and the toast that
//! says what the last change did (a success goes away by itself, anything else stays).
//!
//! The page keeps its own first-page resource (its query, its cache); a new first page calls
//! [`PagedList::reset`].

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use portal_shared::client::ClientError;
use portal_shared::page::Page;

use crate::components::error_notice::{ErrorNotice, ErrorSummary};

/// How long a success message stays.
const FLASH_TIME: Duration = Duration::from_secs(8);
/// How long typing pauses before the search runs.
const SEARCH_DELAY: Duration = Duration::from_millis(300);

/// A row of a paged list: what identifies it when a newer version replaces it.
pub trait ListRow: Clone + PartialEq + Send + Sync + 'static {
    /// The row's id.
    fn row_id(&self) -> &str;
}

impl ListRow for portal_shared::providers::Provider {
    fn row_id(&self) -> &str {
        &self.id
    }
}

impl ListRow for portal_shared::clients::Client {
    fn row_id(&self) -> &str {
        &self.id
    }
}

impl ListRow for portal_shared::providers::ProviderUser {
    fn row_id(&self) -> &str {
        &self.id
    }
}

impl ListRow for portal_shared::organizations::Member {
    fn row_id(&self) -> &str {
        &self.id
    }
}

impl ListRow for portal_shared::groups::Group {
    fn row_id(&self) -> &str {
        &self.id
    }
}

impl ListRow for portal_shared::collections::Collection {
    fn row_id(&self) -> &str {
        &self.id
    }
}

/// The rows after the first page, the rows changed since, and the state of "Load more".
pub struct PagedList<T: Send + Sync + 'static> {
    /// Rows loaded by "Load more".
    more: RwSignal<Vec<T>>,
    /// The cursor after them, once "Load more" ran (`None`: still the first page's).
    more_next: RwSignal<Option<Option<String>>>,
    /// Rows changed since they were loaded, by id.
    changed: RwSignal<Vec<T>>,
    /// Whether "Load more" is under way.
    pub loading: RwSignal<bool>,
    /// Why "Load more" failed.
    pub error: RwSignal<Option<ClientError>>,
}

impl<T: Send + Sync + 'static> Clone for PagedList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for PagedList<T> {}

/// Every loaded row (with its latest version) and the cursor of the next page.
pub struct Rows<T: Send + Sync + 'static> {
    /// The rows, in order.
    pub items: Memo<Vec<T>>,
    /// The next page's cursor, if there is one.
    pub next: Memo<Option<String>>,
}

impl<T: Send + Sync + 'static> Clone for Rows<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Rows<T> {}

impl<T: ListRow> Default for PagedList<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: ListRow> PagedList<T> {
    /// An empty list.
    pub fn new() -> Self {
        Self {
            more: RwSignal::new(Vec::new()),
            more_next: RwSignal::new(None),
            changed: RwSignal::new(Vec::new()),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Starts over (a new first page came).
    pub fn reset(&self) {
        self.more.set(Vec::new());
        self.more_next.set(None);
        self.changed.set(Vec::new());
        self.error.set(None);
    }

    /// Draws `row` with this newer version wherever it is shown.
    pub fn replace(&self, row: T) {
        self.changed.update(|c| {
            c.retain(|x| x.row_id() != row.row_id());
            c.push(row);
        });
    }

    /// Loads the page after `cursor` with `fetch` and appends it; ignored while one loads.
    pub fn load_more<F, Fut>(&self, cursor: String, fetch: F)
    where
        F: FnOnce(String) -> Fut,
        Fut: Future<Output = Result<Page<T>, ClientError>> + 'static,
    {
        if self.loading.get_untracked() {
            return;
        }
        self.loading.set(true);
        self.error.set(None);
        let request = fetch(cursor);
        let list = *self;
        leptos::task::spawn_local(async move {
            let result = request.await;
            list.loading.try_set(false);
            match result {
                Ok(page) => {
                    list.more.try_update(|m| m.extend(page.items));
                    list.more_next.try_set(Some(page.next));
                }
                Err(e) => {
                    list.error.try_set(Some(e));
                }
            }
        });
    }

    /// The rows shown from `first` on: the first page, then "Load more"'s, each in its latest version.
    pub fn rows(&self, first: Page<T>) -> Rows<T> {
        let Self { more, more_next, changed, .. } = *self;
        let first_next = first.next;
        let first_items = StoredValue::new(first.items);
        let items = Memo::new(move |_| {
            let mut rows = first_items.get_value();
            more.with(|m| rows.extend(m.iter().cloned()));
            changed.with(|c| {
                for row in &mut rows {
                    if let Some(newer) = c.iter().find(|x| x.row_id() == row.row_id()) {
                        *row = newer.clone();
                    }
                }
            });
            rows
        });
        let next = Memo::new(move |_| more_next.get().unwrap_or_else(|| first_next.clone()));
        Rows { items, next }
    }
}

/// "Showing the first 25 users" while more pages exist, "3 users" otherwise.
pub fn count_text(n: usize, one: &str, many: &str, more: bool) -> String {
    let plural = if n == 1 { one } else { many };
    if more { format!("Showing the first {n} {plural}") } else { format!("{n} {plural}") }
}

/// Under a table: how many rows are shown, why "Load more" failed, and the button.
#[component]
pub fn LoadMoreFooter(
    /// What the count says.
    #[prop(into)]
    count: Signal<String>,
    /// The next page's cursor.
    next: Memo<Option<String>>,
    /// Whether "Load more" is under way.
    loading: RwSignal<bool>,
    /// Why it failed.
    error: RwSignal<Option<ClientError>>,
    /// Loads the page after the cursor.
    on_more: Callback<String>,
    /// The count's `data-testid`.
    #[prop(optional)]
    count_test_id: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="table-footer">
            <p class="muted" aria-live="polite" data-testid=count_test_id>{count}</p>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || next.get().map(|cursor| view! {
                <button
                    type="button"
                    class="btn btn-secondary btn-sm"
                    aria-disabled=move || loading.get().then_some("true")
                    aria-busy=move || loading.get().then_some("true")
                    on:click=move |_| on_more.run(cursor.clone())
                >
                    <Show when=move || loading.get()>
                        <span class="spinner" aria-hidden="true"></span>
                    </Show>
                    {move || if loading.get() { "Loading…" } else { "Load more" }}
                </button>
            })}
        </div>
    }
}

/// A message about the last change.
#[derive(Clone, Debug, PartialEq)]
pub enum Toast {
    /// It worked (goes away by itself).
    Done(String),
    /// Something to know: a title and what it means.
    Note(String, String),
    /// It failed.
    Failed(ErrorSummary),
}

/// The toast of a page; a success goes away after a while, anything else stays until dismissed.
#[derive(Clone, Copy)]
pub struct Flash {
    toast: RwSignal<Option<Toast>>,
}

impl Default for Flash {
    fn default() -> Self {
        Self::new()
    }
}

impl Flash {
    /// No message yet; the timer is set up here.
    pub fn new() -> Self {
        let toast = RwSignal::new(None::<Toast>);
        let ticket = StoredValue::new(0u32);
        Effect::new(move |_| {
            let done = toast.with(|t| matches!(t, Some(Toast::Done(_))));
            let mine = ticket.get_value().wrapping_add(1);
            ticket.set_value(mine);
            if done {
                set_timeout(
                    // The page may be gone by then: try_ leaves disposed values alone.
                    move || {
                        if ticket.try_get_value() == Some(mine) {
                            toast.try_set(None);
                        }
                    },
                    FLASH_TIME,
                );
            }
        });
        Self { toast }
    }

    /// Says that something worked.
    pub fn done(&self, message: impl Into<String>) {
        self.toast.set(Some(Toast::Done(message.into())));
    }

    /// Says something to know.
    pub fn note(&self, title: impl Into<String>, detail: impl Into<String>) {
        self.toast.set(Some(Toast::Note(title.into(), detail.into())));
    }

    /// Says that something failed.
    pub fn failed(&self, summary: ErrorSummary) {
        self.toast.set(Some(Toast::Failed(summary)));
    }

    /// Takes the message away.
    pub fn clear(&self) {
        self.toast.set(None);
    }
}

/// Where a page's toast shows (at the bottom of the window).
#[component]
pub fn FlashRegion(flash: Flash) -> impl IntoView {
    view! {
        <div class="toast-region" aria-live="polite">
            {move || flash.toast.get().map(|t| {
                let (tone, title, detail) = match t {
                    Toast::Done(message) => ("toast-success", message, None),
                    Toast::Note(title, detail) => ("toast-info", title, Some(detail)),
                    Toast::Failed(summary) => ("toast-error", summary.title, summary.detail),
                };
                view! {
                    <div class=format!("toast {tone}") data-testid="flash">
                        <div class="toast-body">
                            <p class="toast-title">{title}</p>
                            {detail.map(|d| view! { <p class="toast-detail">{d}</p> })}
                        </div>
                        <button type="button" class="toast-close" on:click=move |_| flash.clear()>
                            <span aria-hidden="true">"×"</span>
                            <span class="visually-hidden">"Dismiss"</span>
                        </button>
                    </div>
                }
            })}
        </div>
    }
}

/// A search box's text and the query it runs: the query follows the text once typing pauses,
/// or at once on Enter.
#[derive(Clone, Copy)]
pub struct SearchText {
    /// What the box shows.
    pub text: RwSignal<String>,
    /// What the list is searched for.
    pub query: RwSignal<String>,
    typing: StoredValue<u32>,
}

impl Default for SearchText {
    fn default() -> Self {
        Self::new()
    }
}

impl SearchText {
    /// Empty.
    pub fn new() -> Self {
        Self { text: RwSignal::new(String::new()), query: RwSignal::new(String::new()), typing: StoredValue::new(0) }
    }

    /// The box's `input` handler.
    pub fn input(&self, ev: leptos::ev::Event) {
        let value = event_target_value(&ev);
        self.text.set(value.clone());
        let ticket = self.typing.get_value().wrapping_add(1);
        self.typing.set_value(ticket);
        let Self { query, typing, .. } = *self;
        set_timeout(
            move || {
                if typing.try_get_value() == Some(ticket) {
                    query.try_set(value);
                }
            },
            SEARCH_DELAY,
        );
    }

    /// The form's `submit` handler: search now.
    pub fn submit(&self, ev: leptos::ev::SubmitEvent) {
        ev.prevent_default();
        self.typing.update_value(|t| *t = t.wrapping_add(1));
        self.query.set(self.text.get_untracked());
    }

    /// Empties the box and the query.
    pub fn clear(&self) {
        self.text.set(String::new());
        self.query.set(String::new());
    }

    /// The query as sent: trimmed, `None` when empty (tracked).
    pub fn term(&self) -> Option<String> {
        Some(self.query.get().trim().to_owned()).filter(|s| !s.is_empty())
    }

    /// The query as sent, untracked.
    pub fn term_untracked(&self) -> Option<String> {
        Some(self.query.get_untracked().trim().to_owned()).filter(|s| !s.is_empty())
    }
}
