//! The dialogs of the provider's Users page: invite people, confirm an accepted user by their key
//! fingerprint (the provider key is wrapped to their public key here, in the browser), ask before
//! a change that takes access away, and hand over an invitation link when no mail is sent.

use leptos::either::Either;
use leptos::prelude::*;
use portal_shared::client::ClientError;
use portal_shared::crypto::{PublicKey, WrappedKey, context};
use portal_shared::providers::{
    ConfirmProviderUser, InviteProviderUsers, ProviderUser, ProviderUserInvite, ProviderUserType,
};
use portal_shared::validation::{is_email, normalize_email};

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::components::error_notice::{ErrorNotice, ErrorSummary};
use crate::components::form::{FieldMessage, FormAlertView, FormErrors, SubmitButton};
use crate::components::icons::KeyIcon;
use crate::components::modal::{Modal, ModalActions};
use crate::session::{Session, use_session};

const EMAILS_ID: &str = "invite-emails";
const TYPE_ID: &str = "invite-type";
/// The most addresses one invitation accepts (the API's limit).
const INVITE_MAX: usize = 100;

/// A user as people name them: their name, or their email when they have none.
pub fn display_name(user: &ProviderUser) -> String {
    user.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| user.email.clone())
}

/// The addresses in a pasted list: split on commas, semicolons, spaces and new lines.
pub fn split_emails(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|s| s.trim().trim_start_matches('<').trim_end_matches('>').to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// What is wrong with a list of addresses, for the field; `None` when it is fine.
pub fn emails_problem(emails: &[String]) -> Option<String> {
    if emails.is_empty() {
        return Some("Enter at least one email address.".into());
    }
    if emails.len() > INVITE_MAX {
        return Some(format!("Invite at most {INVITE_MAX} people at once (this list has {}).", emails.len()));
    }
    let invalid: Vec<&str> = emails.iter().filter(|e| !is_email(e)).map(String::as_str).collect();
    if !invalid.is_empty() {
        return Some(format!("Not an email address: {}.", invalid.join(", ")));
    }
    let mut seen = std::collections::HashSet::new();
    let twice: Vec<&str> = emails.iter().filter(|e| !seen.insert(normalize_email(e))).map(String::as_str).collect();
    if !twice.is_empty() {
        return Some(format!("Listed twice: {}.", twice.join(", ")));
    }
    None
}

/// The server's field errors (`invites.<n>.email`, `invites`) as one message for the list field.
pub fn server_emails_problem(err: &ClientError, emails: &[String]) -> Option<String> {
    let ClientError::Problem(problem) = err else { return None };
    let messages: Vec<String> = problem
        .errors
        .iter()
        .filter_map(|e| {
            if e.field == "invites" {
                return Some(e.message.clone());
            }
            let index: usize = e.field.strip_prefix("invites.")?.strip_suffix(".email")?.parse().ok()?;
            let email = emails.get(index).map(String::as_str).unwrap_or("An address");
            Some(format!("{email}: {}", e.message))
        })
        .collect();
    (!messages.is_empty()).then(|| messages.join(" "))
}

/// "Invite people": one or many addresses and the type they get.
#[component]
pub fn InviteDialog(
    /// The provider's id.
    provider_id: String,
    /// The provider's name, for the title.
    provider_name: String,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called with the invited users (after their links were handed over, if any).
    on_invited: Callback<Vec<ProviderUser>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(ProviderUserType::ServiceUser);
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    // Invited, with links to pass on by hand (the server sends no mail).
    let invited = RwSignal::new(None::<Vec<ProviderUser>>);
    let provider_id = StoredValue::new(provider_id);
    let count = Memo::new(move |_| text.with(|t| split_emails(t).len()));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let emails = split_emails(&text.get_untracked());
        if let Some(problem) = emails_problem(&emails) {
            errors.set_field("emails", problem);
            errors.focus_first(&[("emails", EMAILS_ID)]);
            return;
        }
        let kind = kind.get_untracked();
        let request = InviteProviderUsers {
            invites: emails.iter().map(|email| ProviderUserInvite { email: email.clone(), kind }).collect(),
        };
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::provider_users::invite(provider_id.get_value(), request).await;
            set_busy.set(false);
            match result {
                Ok(users) if users.iter().any(|u| u.invitation_link.is_some()) => invited.set(Some(users)),
                Ok(users) => on_invited.run(users),
                Err(e) => match server_emails_problem(&e, &emails) {
                    Some(problem) => {
                        errors.set_field("emails", problem);
                        errors.focus_first(&[("emails", EMAILS_ID)]);
                    }
                    None => errors.show(&e, &[]),
                },
            }
        });
    };
    let finish = Callback::new(move |()| match invited.get_untracked() {
        Some(users) => on_invited.run(users),
        None => on_close.run(()),
    });
    let title = Signal::derive(move || match invited.with(|i| i.as_ref().map(Vec::len)) {
        Some(1) => "1 person invited".to_owned(),
        Some(n) => format!("{n} people invited"),
        None => "Invite people".to_owned(),
    });
    let description = Signal::derive(move || {
        if invited.with(Option::is_some) {
            "This server sends no mail (no SMTP relay is configured). Pass each link on yourself: it works once, \
             for 7 days, and only for an account with that address."
                .to_owned()
        } else {
            format!(
                "Each person gets an invitation by email to join {provider_name}. After they accept, you confirm them by their key fingerprint."
            )
        }
    });
    let error = errors.field("emails");
    let described_by = move || {
        let mut ids = vec![format!("{EMAILS_ID}-hint")];
        if error.with(Option::is_some) {
            ids.push(format!("{EMAILS_ID}-error"));
        }
        ids.join(" ")
    };

    view! {
        <Modal id="invite-users" title=title description=description on_close=finish busy=busy>
            {move || invited.get().map(|users| {
                let links = users.into_iter().filter_map(|u| u.invitation_link.map(|link| (u.email, link))).collect();
                view! { <InvitationLinks links=links on_done=finish /> }
            })}
            <form class="form" novalidate on:submit=submit hidden=move || invited.with(Option::is_some)>
                <FormAlertView errors=errors />
                <div class="field" class:field-invalid=move || error.with(Option::is_some)>
                    <label for=EMAILS_ID>"Email addresses"</label>
                    <textarea
                        id=EMAILS_ID
                        name=EMAILS_ID
                        class="invite-emails"
                        rows="4"
                        spellcheck="false"
                        autocomplete="off"
                        placeholder="alex@example.com, sam@example.com"
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby=described_by
                        autofocus
                        prop:value=move || text.get()
                        on:input=move |ev| {
                            text.set(event_target_value(&ev));
                            errors.clear_field("emails");
                        }
                    ></textarea>
                    <p class="field-hint" id=format!("{EMAILS_ID}-hint")>
                        "Separate addresses with commas, spaces or new lines. Up to 100 at once. "
                        <span data-testid="invite-count">
                            {move || match count.get() {
                                0 => String::new(),
                                1 => "1 address.".to_owned(),
                                n => format!("{n} addresses."),
                            }}
                        </span>
                    </p>
                    <FieldMessage id=format!("{EMAILS_ID}-error") error=error />
                </div>
                <fieldset class="fieldset type-choice" id=TYPE_ID>
                    <legend class="field-label">"They join as"</legend>
                    <TypeOption
                        value=ProviderUserType::ServiceUser
                        chosen=kind
                        detail="Administers every client organization: vaults, members, groups, policies and reports."
                    />
                    <TypeOption
                        value=ProviderUserType::Admin
                        chosen=kind
                        detail="Also manages the provider itself: its users, settings, clients and event log."
                    />
                </fieldset>
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Send invitations" busy_label="Inviting…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// One choice of type, as a radio card.
#[component]
fn TypeOption(value: ProviderUserType, chosen: RwSignal<ProviderUserType>, detail: &'static str) -> impl IntoView {
    let id = format!("{TYPE_ID}-{}", value.as_str());
    let detail_id = format!("{id}-detail");
    let label_for = id.clone();
    view! {
        <label class="type-option" class:type-option-on=move || chosen.get() == value for=label_for>
            <input
                type="radio"
                id=id
                name=TYPE_ID
                value=value.as_str()
                aria-describedby=detail_id.clone()
                prop:checked=move || chosen.get() == value
                on:change=move |_| chosen.set(value)
            />
            <span class="type-option-text">
                <span class="type-option-title">{value.label()}</span>
                <span class="type-option-detail" id=detail_id>{detail}</span>
            </span>
        </label>
    }
}

/// The invitation links of people just invited (address, link), each with a copy button.
#[component]
pub fn InvitationLinks(links: Vec<(String, String)>, on_done: Callback<()>) -> impl IntoView {
    let rows = links
        .into_iter()
        .map(|(email, link)| {
            view! {
                <li class="invite-link-row">
                    <p class="invite-link-email">{email}</p>
                    <div class="link-box">
                        <code class="link-text">{link.clone()}</code>
                        <CopyButton text=link what="invitation link" />
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="stack" data-testid="invitation-links">
            <ul class="invite-links">{rows}</ul>
            <div class="modal-actions">
                <button type="button" class="btn btn-primary" autofocus on:click=move |_| on_done.run(())>
                    "Done"
                </button>
            </div>
        </div>
    }
}

/// A re-sent invitation's link, to pass on by hand.
#[component]
pub fn ReinviteLinkDialog(
    /// Who was invited again, as people name them.
    name: String,
    /// Their address.
    email: String,
    /// The new link.
    link: String,
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    view! {
        <Modal
            id="reinvite-link"
            title=format!("New invitation for {name}")
            description="This server sends no mail (no SMTP relay is configured). Earlier links no longer work.".to_owned()
            on_close=on_close
        >
            <div class="stack" data-testid="invitation-links">
                <p class="small">
                    "Send this link to " <strong>{email}</strong>
                    " yourself. It works once, for 7 days, and only for an account with that address."
                </p>
                <div class="link-box">
                    <code class="link-text">{link.clone()}</code>
                    <CopyButton text=link what="invitation link" />
                </div>
                <div class="modal-actions">
                    <button type="button" class="btn btn-primary" autofocus on:click=move |_| on_close.run(())>
                        "Done"
                    </button>
                </div>
            </div>
        </Modal>
    }
}

/// Why confirming stopped in this browser (not a failed call).
#[derive(Clone)]
enum ConfirmStop {
    Call(ClientError),
    Message(String),
}

/// "Confirm <name>": shows the fingerprint of their public key, and on "Confirm" wraps the
/// provider key to that key here and sends only the wrapped copy.
#[component]
pub fn ConfirmUserDialog(
    /// The provider's id.
    provider_id: String,
    /// The accepted user.
    user: ProviderUser,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called with the confirmed user.
    on_confirmed: Callback<ProviderUser>,
) -> impl IntoView {
    let session = use_session();
    let provider_id = StoredValue::new(provider_id);
    let user_id = StoredValue::new(user.id.clone());
    let key = LocalResource::new(move || api::provider_users::public_key(provider_id.get_value(), user_id.get_value()));
    let (loading, set_loading) = signal(false);
    let retry = Callback::new(move |()| key.refetch());
    let (busy, set_busy) = signal(false);
    let stop = RwSignal::new(None::<ConfirmStop>);
    let name = display_name(&user);
    let email = StoredValue::new(user.email.clone());

    let confirm = Callback::new(move |(public_key, shown): (String, String)| {
        if busy.get_untracked() {
            return;
        }
        stop.set(None);
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result =
                confirm_with_provider_key(session, provider_id.get_value(), user_id.get_value(), public_key, shown)
                    .await;
            set_busy.set(false);
            match result {
                Ok(Some(confirmed)) => on_confirmed.run(confirmed),
                // Locked meanwhile: the area gives way to the unlock card.
                Ok(None) => {}
                Err(s) => stop.set(Some(s)),
            }
        });
    });
    view! {
        <Modal
            id="confirm-user"
            title=format!("Confirm {name}")
            description=format!(
                "Confirming gives {} the provider key, encrypted in this browser to their own key: with it they reach every client vault.",
                user.email,
            )
            on_close=on_close
            busy=busy
        >
            <Transition fallback=move || view! {
                <div class="status-loading" role="status">
                    <span class="visually-hidden">"Loading their key fingerprint…"</span>
                    <span class="skeleton skeleton-input" aria-hidden="true"></span>
                </div>
            } set_pending=set_loading>
                {move || Suspend::new(async move {
                    match key.await {
                        Ok(k) => Either::Left(view! {
                            <ConfirmBody
                                public_key=k.public_key
                                fingerprint=k.fingerprint
                                email=email.get_value()
                                busy=busy
                                stop=stop
                                on_cancel=on_close
                                on_confirm=confirm
                            />
                        }),
                        Err(e) => Either::Right(view! {
                            <div class="stack">
                                <ErrorNotice error=e on_retry=retry pending=loading />
                                <div class="modal-actions">
                                    <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>
                                        "Close"
                                    </button>
                                </div>
                            </div>
                        }),
                    }
                })}
            </Transition>
        </Modal>
    }
}

/// The fingerprint to compare, what to do with it, and the buttons.
#[component]
fn ConfirmBody(
    public_key: String,
    fingerprint: String,
    email: String,
    busy: ReadSignal<bool>,
    stop: RwSignal<Option<ConfirmStop>>,
    on_cancel: Callback<()>,
    on_confirm: Callback<(String, String)>,
) -> impl IntoView {
    let groups = fingerprint
        .split_whitespace()
        .map(|g| view! { <span class="fingerprint-group">{g.to_owned()}</span> })
        .collect_view();
    let payload = StoredValue::new((public_key, fingerprint.clone()));
    view! {
        <form
            class="form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                on_confirm.run(payload.get_value());
            }
        >
            <div class="fingerprint-block">
                <p class="fingerprint-label" id="confirm-fingerprint-label">
                    <KeyIcon />
                    " Key fingerprint of " {email}
                </p>
                <p
                    class="fingerprint fingerprint-large"
                    aria-labelledby="confirm-fingerprint-label"
                    data-testid="confirm-fingerprint"
                    aria-label=fingerprint
                >
                    {groups}
                </p>
            </div>
            <ol class="confirm-steps">
                <li>"Contact them by phone, video or in person, not by a message that could be forged."</li>
                <li>
                    "Ask them to read the fingerprint shown in their account settings (Account settings, Lock and keys) and compare it with the one above, group by group."
                </li>
                <li>"Confirm only if every group matches. If it does not, cancel and tell your security contact."</li>
            </ol>
            {move || stop.get().map(|s| match s {
                ConfirmStop::Call(e) => Either::Left(view! { <ErrorNotice error=e /> }),
                ConfirmStop::Message(m) => Either::Right(view! {
                    <div class="notice notice-error" role="alert" data-testid="confirm-refused">
                        <div class="notice-body"><p class="notice-title">{m}</p></div>
                    </div>
                }),
            })}
            <ModalActions on_cancel=on_cancel busy=busy>
                <SubmitButton label="Fingerprints match: confirm" busy_label="Confirming…" busy=busy />
            </ModalActions>
        </form>
    }
}

/// Opens this person's own copy of the provider key, checks the shown fingerprint against the
/// public key itself, wraps the provider key to it, and sends the wrapped copy only.
/// `Ok(None)` when the session locked meanwhile.
async fn confirm_with_provider_key(
    session: Session,
    provider_id: String,
    user_id: String,
    public_key: String,
    shown: String,
) -> Result<Option<ProviderUser>, ConfirmStop> {
    let membership = api::provider_users::membership(provider_id.clone()).await.map_err(ConfirmStop::Call)?;
    let Some(wrapped_own) = membership.wrapped_provider_key else {
        return Err(ConfirmStop::Message(
            "Your account holds no copy of the provider key yet (you are not confirmed), so it cannot hand it on."
                .into(),
        ));
    };
    let their_key: PublicKey = public_key
        .parse()
        .map_err(|_| ConfirmStop::Message("Their public key is not in a format this browser can use.".into()))?;
    // security: the fingerprint the admin compared must be the one of the key we wrap to; a server
    // that showed one fingerprint and sent another key would be caught here.
    if their_key.fingerprint().to_string() != shown.trim() {
        return Err(ConfirmStop::Message(
            "The fingerprint shown does not belong to the key the server sent. Nothing was confirmed; tell your security contact."
                .into(),
        ));
    }
    let wrapped_own: WrappedKey =
        wrapped_own.parse().map_err(|_| ConfirmStop::Message("Your copy of the provider key is damaged.".into()))?;
    let sealed = session.with_keys(|keys| {
        let provider_key = keys.open_provider_key(&wrapped_own).map_err(|e| e.to_string())?;
        WrappedKey::seal(&their_key, &provider_key, context::PROVIDER_KEY)
            .map(|w| w.to_string())
            .map_err(|e| e.to_string())
    });
    let wrapped_provider_key = match sealed {
        Some(Ok(w)) => w,
        Some(Err(reason)) => {
            return Err(ConfirmStop::Message(format!(
                "The provider key could not be handed on in this browser: {reason}."
            )));
        }
        None => return Ok(None),
    };
    api::provider_users::confirm(provider_id, user_id, ConfirmProviderUser { wrapped_provider_key })
        .await
        .map(Some)
        .map_err(ConfirmStop::Call)
}

/// A change that asks first: what it means, and the button that does it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Revoke another user's access.
    Revoke,
    /// Remove another user.
    Remove,
    /// Make oneself a Service User.
    DemoteSelf,
    /// Leave the provider.
    Leave,
}

/// "Revoke …?", "Remove …?", "Leave …?": the consequences, an error (such as the last-admin
/// rule) in place, and the button.
#[component]
pub fn AskDialog(
    /// Which change.
    ask: Ask,
    /// Whom it is about.
    user: ProviderUser,
    /// The provider's name.
    provider_name: String,
    /// Whether the change is under way.
    #[prop(into)]
    busy: Signal<bool>,
    /// The last attempt's error.
    #[prop(into)]
    error: Signal<Option<ClientError>>,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Does the change.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let name = display_name(&user);
    let (title, button, busy_label, points): (String, &'static str, &'static str, Vec<(String, String)>) = match ask {
        Ask::Revoke => (
            format!("Revoke {name}'s access?"),
            "Revoke access",
            "Revoking…",
            vec![
                ("They lose access at once".into(), format!(" to {provider_name} and to every client vault.")),
                ("Nothing is deleted.".into(), " Their record stays, so you can restore them later.".into()),
            ],
        ),
        Ask::Remove => (
            format!("Remove {name}?"),
            "Remove user",
            "Removing…",
            vec![
                ("They lose access at once".into(), format!(" to {provider_name} and to every client vault.")),
                (
                    "Their record is deleted.".into(),
                    " To work here again they need a new invitation and confirmation.".into(),
                ),
                ("The event log keeps".into(), " what they did.".into()),
            ],
        ),
        Ask::DemoteSelf => (
            "Make yourself a Service User?".into(),
            "Make me a Service User",
            "Changing…",
            vec![
                ("You keep access".into(), " to every client organization.".into()),
                (
                    "You can no longer manage".into(),
                    format!(
                        " {provider_name}'s users, settings, clients or event log. Another Provider Admin can make you an admin again."
                    ),
                ),
            ],
        ),
        Ask::Leave => (
            format!("Leave {provider_name}?"),
            "Leave provider",
            "Leaving…",
            vec![
                ("You lose access at once".into(), format!(" to {provider_name} and to every client vault.")),
                ("To come back".into(), " you need a new invitation from a Provider Admin.".into()),
            ],
        ),
    };
    let points =
        points.into_iter().map(|(strong, rest)| view! { <li><strong>{strong}</strong>{rest}</li> }).collect_view();
    let tone = if ask == Ask::DemoteSelf { "" } else { "modal-danger" };
    let class = if ask == Ask::DemoteSelf { "btn btn-primary" } else { "btn btn-danger" };
    view! {
        <Modal id="ask-user" title=title on_close=on_close busy=busy tone=tone>
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
                {move || error.get().map(|e| view! { <ActionError error=e /> })}
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label=button busy_label=busy_label busy=busy class=class />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// Whether a failed call is the rule that a provider keeps one confirmed Provider Admin.
pub fn is_last_admin(err: &ClientError) -> bool {
    matches!(err, ClientError::Problem(p) if p.slug() == "last-admin")
}

/// A failed change: the last-admin rule in words of its own, anything else as the server said.
pub fn action_summary(err: &ClientError) -> ErrorSummary {
    let mut summary = ErrorSummary::of(err);
    if is_last_admin(err) {
        summary.title = "This is the last confirmed Provider Admin".into();
        summary.detail = Some(
            "A provider always keeps at least one confirmed Provider Admin. Make someone else a Provider Admin (and confirm them) first."
                .into(),
        );
    }
    summary
}

/// A failed change inside a dialog.
#[component]
fn ActionError(error: ClientError) -> impl IntoView {
    let summary = action_summary(&error);
    let test_id = if is_last_admin(&error) { "last-admin" } else { "action-error" };
    view! {
        <div class="notice notice-error" role="alert" data-testid=test_id>
            <div class="notice-body">
                <p class="notice-title">{summary.title}</p>
                {summary.detail.map(|d| view! { <p class="notice-detail">{d}</p> })}
                {summary.request_id.map(|id| view! { <p class="notice-meta">"Request id: " <code>{id}</code></p> })}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_commas_spaces_and_lines() {
        assert_eq!(split_emails("a@x.io, b@x.io;c@x.io\n <d@x.io>\t\n"), vec!["a@x.io", "b@x.io", "c@x.io", "d@x.io"]);
        assert!(split_emails(" ,\n ").is_empty());
    }

    #[test]
    fn finds_bad_and_repeated_addresses() {
        assert!(emails_problem(&[]).is_some());
        assert!(emails_problem(&["a@x.io".into(), "nope".into()]).is_some_and(|m| m.contains("nope")));
        assert!(emails_problem(&["a@x.io".into(), "A@x.io".into()]).is_some_and(|m| m.contains("twice")));
        assert_eq!(emails_problem(&["a@x.io".into(), "b@x.io".into()]), None);
    }
}
