//! What the Groups and Collections tabs share: the organization's members, groups and collections
//! as choices for a grant list (one page of up to 500 each, which covers the organizations the
//! portal serves; the API searches beyond that), and the dialog that asks before deleting.

use leptos::prelude::*;
use portal_shared::client::ClientError;
use portal_shared::collections::{Collection, CollectionQuery};
use portal_shared::groups::{Group, GroupQuery};
use portal_shared::organizations::{Member, MemberQuery};

use super::member_dialogs::member_name;
use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::form::SubmitButton;
use crate::components::grant_list::Candidate;
use crate::components::modal::{Modal, ModalActions};

/// How many of each a dialog loads to choose from.
pub const CHOICES_MAX: u32 = 500;

/// Every member (up to [`CHOICES_MAX`]), by name.
pub async fn all_members(org_id: String) -> Result<Vec<Member>, ClientError> {
    let page = api::members::list(org_id, MemberQuery { limit: Some(CHOICES_MAX), ..MemberQuery::default() }).await?;
    Ok(page.items)
}

/// Every group (up to [`CHOICES_MAX`]).
pub async fn all_groups(org_id: String) -> Result<Vec<Group>, ClientError> {
    let page = api::groups::list(org_id, GroupQuery { limit: Some(CHOICES_MAX), ..GroupQuery::default() }).await?;
    Ok(page.items)
}

/// Every collection the caller sees (up to [`CHOICES_MAX`]).
pub async fn all_collections(org_id: String) -> Result<Vec<Collection>, ClientError> {
    let page =
        api::collections::list(org_id, CollectionQuery { limit: Some(CHOICES_MAX), ..CollectionQuery::default() })
            .await?;
    Ok(page.items)
}

/// A member as a choice: their name, and their address under it; a revoked member says so.
pub fn member_choice(m: &Member) -> Candidate {
    let name = member_name(m);
    let mut sub = if name == m.email { None } else { Some(m.email.clone()) };
    if m.revoked {
        sub = Some(format!("{} · revoked", sub.unwrap_or_else(|| m.email.clone())));
    }
    Candidate { id: m.id.clone(), name, sub }
}

/// A group as a choice.
pub fn group_choice(g: &Group) -> Candidate {
    let n = g.member_count;
    Candidate { id: g.id.clone(), name: g.name.clone(), sub: Some(format!("{n} member{}", plural(n as usize))) }
}

/// A collection as a choice.
pub fn collection_choice(c: &Collection) -> Candidate {
    Candidate { id: c.id.clone(), name: c.name.clone(), sub: None }
}

/// `""` for one, `"s"` otherwise.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "Delete …?": what happens, the error of the last attempt in place, and the red button.
#[component]
pub fn DeleteDialog(
    /// The dialog's id.
    id: &'static str,
    /// "Delete the group Sales?"
    title: String,
    /// The consequences: a bold start and the rest of the sentence.
    points: Vec<(String, String)>,
    /// The button's label.
    button: &'static str,
    /// Whether the deletion runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Why the last attempt failed.
    #[prop(into)]
    error: Signal<Option<ClientError>>,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Deletes.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let points =
        points.into_iter().map(|(strong, rest)| view! { <li><strong>{strong}</strong>{rest}</li> }).collect_view();
    view! {
        <Modal id=id title=title on_close=on_close busy=busy tone="modal-danger">
            <form
                class="form"
                novalidate
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    if !busy.get_untracked() {
                        on_confirm.run(());
                    }
                }
            >
                <ul class="consequences">{points}</ul>
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label=button busy_label="Deleting…" busy=busy class="btn btn-danger" />
                </ModalActions>
            </form>
        </Modal>
    }
}
