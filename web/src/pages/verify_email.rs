//! `/verify-email?token=…`: the page the email-change link opens. It applies the change once and
//! says how it went.

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_shared::accounts::Account;
use portal_shared::client::ClientError;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::icons::MailIcon;
use crate::session::{Status, use_session};

/// Why the change could not be applied.
#[derive(Clone)]
enum Failure {
    /// The link has no token.
    Incomplete,
    /// The server said no, or could not be reached.
    Call(ClientError),
}

/// The email verification page.
#[component]
pub fn VerifyEmail() -> impl IntoView {
    let session = use_session();
    let token = use_query_map().with_untracked(|q| q.get("token")).filter(|t| !t.trim().is_empty());
    let token = StoredValue::new(token);
    let outcome = LocalResource::new(move || async move {
        let Some(token) = token.get_value() else { return Err(Failure::Incomplete) };
        let account = api::accounts::verify_email(token).await.map_err(Failure::Call)?;
        // The person may be signed in here as the account that changed: show the new address.
        if session.status_untracked() != Status::SignedOut
            && session.account_untracked().is_some_and(|a| a.id == account.id)
        {
            session.set_account(account.clone());
        }
        Ok::<Account, Failure>(account)
    });
    let (retrying, set_retrying) = signal(false);
    let retry = Callback::new(move |()| outcome.refetch());
    let signed_in = move || session.status() != Status::SignedOut;

    view! {
        <Title text="Confirm your email" />
        <div class="auth-page">
            <div class="card auth-card" data-testid="verify-email">
                <Transition
                    fallback=|| {
                        view! {
                            <div class="auth-header" role="status">
                                <span class="spinner spinner-lg" aria-hidden="true"></span>
                                <h1 class="auth-title">"Confirming your email address…"</h1>
                            </div>
                        }
                    }
                    set_pending=set_retrying
                >
                    {move || Suspend::new(async move {
                        match outcome.await {
                            Ok(account) => EitherOf4::A(view! {
                                <div class="auth-header">
                                    <span class="auth-badge auth-badge-ok" aria-hidden="true"><MailIcon /></span>
                                    <h1 class="auth-title">"Your email address is confirmed"</h1>
                                    <p class="muted">"From now on you sign in as " <strong>{account.email}</strong> "."</p>
                                </div>
                                {move || if signed_in() {
                                    Either::Left(view! { <A href="/settings/account" attr:class="btn btn-primary btn-block">"Go to account settings"</A> })
                                } else {
                                    Either::Right(view! { <A href="/sign-in" attr:class="btn btn-primary btn-block">"Sign in"</A> })
                                }}
                            }),
                            Err(Failure::Incomplete) => EitherOf4::B(view! {
                                <Outcome
                                    title="This link is incomplete"
                                    detail="Open the link from the email again, or copy all of it into the address bar."
                                />
                            }),
                            Err(Failure::Call(e)) if e.status() == Some(404) => EitherOf4::C(view! {
                                <Outcome
                                    title="This link has expired or was already used"
                                    detail="A link works once, within 24 hours. Ask for a new one in your account settings."
                                />
                            }),
                            Err(Failure::Call(e)) if e.status() == Some(409) => EitherOf4::C(view! {
                                <Outcome
                                    title="This address belongs to another account"
                                    detail="Someone else started using this address after you asked for the change. Your email address stays as it was."
                                />
                            }),
                            Err(Failure::Call(e)) => EitherOf4::D(view! {
                                <div class="auth-header">
                                    <span class="auth-badge" aria-hidden="true"><MailIcon /></span>
                                    <h1 class="auth-title">"Your email address could not be confirmed"</h1>
                                </div>
                                <ErrorNotice error=e on_retry=retry pending=retrying />
                            }),
                        }
                    })}
                </Transition>
            </div>
            <p class="auth-aside">
                <A href="/">"← Back to the home page"</A>
            </p>
        </div>
    }
}

/// A failed confirmation, explained.
#[component]
fn Outcome(title: &'static str, detail: &'static str) -> impl IntoView {
    view! {
        <div class="auth-header">
            <span class="auth-badge auth-badge-error" aria-hidden="true"><MailIcon /></span>
            <h1 class="auth-title">{title}</h1>
            <p class="muted">{detail}</p>
        </div>
        <A href="/settings/account" attr:class="btn btn-secondary btn-block">"Account settings"</A>
    }
}
