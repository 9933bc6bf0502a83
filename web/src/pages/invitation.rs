//! `/invitations/accept?token=…`: the page an invitation mail links to. Signed out, it explains
//! and offers to sign in or create an account with the invited address, then comes back here.
//! Signed in, it accepts at once; a provider's first admin continues to the provider's setup.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::{use_location, use_query_map};
use portal_shared::client::ClientError;
use portal_shared::providers::InvitationAccepted;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::icons::MailIcon;
use crate::pages::providers::setup::remember_pending_setup;
use crate::session::{Status, auth_link, path_and_query, use_session};

/// The invitation page, by session state.
#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let token = use_query_map().with_untracked(|q| q.get("token")).filter(|t| !t.trim().is_empty());
    // Where sign-in and registration return to: this page, with its token.
    let here = path_and_query(&location);
    // Locked and unlocked are the same here: accepting needs the session, not the keys (and a
    // second attempt would find the invitation spent).
    let signed_in = Memo::new(move |_| session.status() != Status::SignedOut);

    view! {
        <Title text="Invitation" />
        <div class="auth-page">
            {move || match (token.clone(), signed_in.get()) {
                (None, _) => EitherOf3::A(view! {
                    <div class="card auth-card" data-testid="invitation">
                        <Outcome
                            title="This invitation link is incomplete"
                            detail="Open the link from the invitation email again, or copy all of it into the address bar."
                        />
                    </div>
                }),
                (Some(_), false) => EitherOf3::B(view! { <SignedOutInvitation here=here.clone() /> }),
                (Some(token), true) => EitherOf3::C(view! { <Accepting token=token here=here.clone() /> }),
            }}
        </div>
    }
}

/// What a signed-out visitor sees: what the invitation is and the two ways in.
#[component]
fn SignedOutInvitation(here: String) -> impl IntoView {
    let sign_in = auth_link("/sign-in", Some(&here), None);
    let register = auth_link("/register", Some(&here), None);
    view! {
        <div class="card auth-card" data-testid="invitation">
            <div class="auth-header">
                <span class="auth-badge" aria-hidden="true">
                    <MailIcon />
                </span>
                <h1 class="auth-title">"You have been invited"</h1>
                <p class="muted">
                    "To accept, sign in with the email address this invitation was sent to. "
                    "New here? Create an account with that address."
                </p>
            </div>
            <div class="stack-sm">
                <A href=sign_in attr:class="btn btn-primary btn-block">
                    "Sign in to accept"
                </A>
                <A href=register attr:class="btn btn-secondary btn-block">
                    "Create an account"
                </A>
            </div>
            <p class="field-hint centered">"You come back to this invitation right after."</p>
        </div>
    }
}

/// Accepting with the signed-in account, and what came of it.
#[component]
fn Accepting(token: String, here: String) -> impl IntoView {
    let session = use_session();
    let token = StoredValue::new(token);
    let outcome = LocalResource::new(move || async move { api::providers::accept_invitation(token.get_value()).await });
    let (retrying, set_retrying) = signal(false);
    let retry = Callback::new(move |()| outcome.refetch());
    let here = StoredValue::new(here);

    view! {
        <div class="card auth-card" data-testid="invitation">
            <Transition
                fallback=|| {
                    view! {
                        <div class="auth-header" role="status">
                            <span class="spinner spinner-lg" aria-hidden="true"></span>
                            <h1 class="auth-title">"Accepting your invitation…"</h1>
                        </div>
                    }
                }
                set_pending=set_retrying
            >
                {move || Suspend::new(async move {
                    match outcome.await {
                        Ok(accepted) => Either::Left(view! { <Accepted accepted=accepted /> }),
                        Err(error) => Either::Right(failure(error, session.with_account(|a| a.map(|a| a.email.clone())), here.get_value(), retry, retrying)),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Accepted: a first admin goes on to the setup; anyone else is told what comes next.
#[component]
fn Accepted(accepted: InvitationAccepted) -> impl IntoView {
    let InvitationAccepted { provider, organization, needs_setup } = accepted;
    if let (true, Some(provider)) = (needs_setup, provider.as_ref()) {
        remember_pending_setup(provider);
        return Either::Left(view! { <Redirect path=format!("/providers/{}/setup", provider.id) /> });
    }
    // Joining a provider, its Provider Admin confirms; joining an organization, one of its
    // administrators (or its provider's users) does.
    let (name, next) = match (provider, organization) {
        (Some(p), _) => (
            p.name,
            "A Provider Admin confirms you next: their browser hands you the provider's key, encrypted to your own. \
             The provider appears on your home page once that is done.",
        ),
        (None, Some(o)) => (
            o.name,
            "An administrator of the organization confirms you next: their browser hands you the organization's key, \
             encrypted to your own. Its shared items open for you once that is done.",
        ),
        (None, None) => ("the invitation's organization".to_owned(), "An administrator confirms you next."),
    };
    Either::Right(view! {
        <div class="auth-header">
            <span class="auth-badge auth-badge-ok" aria-hidden="true">
                <MailIcon />
            </span>
            <h1 class="auth-title">{format!("You joined {name}")}</h1>
            <p class="muted">{next}</p>
        </div>
        <A href="/" attr:class="btn btn-primary btn-block">
            "Go to the home page"
        </A>
    })
}

/// A refused or failed acceptance, explained.
fn failure(
    error: ClientError,
    signed_in_as: Option<String>,
    here: String,
    retry: Callback<()>,
    retrying: ReadSignal<bool>,
) -> impl IntoView {
    let session = use_session();
    let slug = match &error {
        ClientError::Problem(p) => Some(p.slug().to_owned()),
        ClientError::Transport(_) => None,
    };
    match (slug.as_deref(), error.status()) {
        (Some("invitation-email-mismatch"), _) => EitherOf3::A(view! {
            <div class="auth-header">
                <span class="auth-badge auth-badge-error" aria-hidden="true">
                    <MailIcon />
                </span>
                <h1 class="auth-title">"This invitation is for another address"</h1>
                <p class="muted" data-testid="signed-in-as">
                    "You are signed in as " <strong>{signed_in_as.unwrap_or_else(|| "another account".into())}</strong>
                    ", but the invitation was sent to a different email address."
                </p>
            </div>
            <p class="muted small">
                "Sign out, then sign in (or create an account) with the address the invitation was sent to. "
                "You come back to this invitation right after."
            </p>
            <button type="button" class="btn btn-primary btn-block" on:click=move |_| session.sign_out_then(&here)>
                "Sign out and switch account"
            </button>
        }),
        (_, Some(404)) => EitherOf3::B(view! {
            <Outcome
                title="This invitation is not valid any more"
                detail="It may have been used already, been replaced by a newer invitation, or expired (invitations work for 7 days). Ask whoever invited you to send a new one."
            />
        }),
        _ => EitherOf3::C(view! {
            <div class="auth-header">
                <span class="auth-badge" aria-hidden="true">
                    <MailIcon />
                </span>
                <h1 class="auth-title">"The invitation could not be accepted"</h1>
            </div>
            <ErrorNotice error=error on_retry=retry pending=retrying />
        }),
    }
}

/// A dead end, explained, with the way home.
#[component]
fn Outcome(title: &'static str, detail: &'static str) -> impl IntoView {
    view! {
        <div class="auth-header">
            <span class="auth-badge auth-badge-error" aria-hidden="true">
                <MailIcon />
            </span>
            <h1 class="auth-title">{title}</h1>
            <p class="muted">{detail}</p>
        </div>
        <A href="/" attr:class="btn btn-secondary btn-block">
            "Go to the home page"
        </A>
    }
}
