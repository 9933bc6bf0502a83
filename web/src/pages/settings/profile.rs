//! The profile section: the display name.

use leptos::prelude::*;
use portal_shared::accounts::NAME_MAX;

use super::Saved;
use crate::api;
use crate::components::form::{FormAlertView, FormErrors, SubmitButton, TextField};
use crate::session::use_session;

const NAME_ID: &str = "profile-name";

/// The name form.
#[component]
pub fn ProfileForm() -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(session.account_untracked().map(|a| a.name).unwrap_or_default());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let saved = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        saved.set(None);
        let value = name.get_untracked().trim().to_owned();
        if value.is_empty() {
            errors.set_field("name", "Enter your name.");
        } else if value.chars().count() > NAME_MAX {
            errors.set_field("name", format!("Use at most {NAME_MAX} characters."));
        }
        if errors.focus_first(&[("name", NAME_ID)]) {
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::accounts::update_me(value).await;
            set_busy.set(false);
            match result {
                Ok(account) => {
                    name.set(account.name.clone());
                    session.set_account(account);
                    saved.set(Some("Saved.".into()));
                }
                Err(e) => {
                    errors.show(&e, &["name"]);
                    errors.focus_first(&[("name", NAME_ID)]);
                }
            }
        });
    };

    view! {
        <form class="form card-body" novalidate on:submit=submit>
            <FormAlertView errors=errors />
            <TextField
                id=NAME_ID
                label="Name"
                value=name
                autocomplete="name"
                maxlength=NAME_MAX as u32
                error=errors.field("name")
                on_change=Callback::new(move |()| {
                    errors.clear_field("name");
                    saved.set(None);
                })
            />
            <div class="form-actions">
                <SubmitButton label="Save name" busy_label="Saving…" busy=busy />
                <Saved message=saved />
            </div>
        </form>
    }
}
