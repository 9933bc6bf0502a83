//! How the portal shows a failed API call: a short title, what it means, and a way to try again.

use leptos::prelude::*;
use portal_shared::client::ClientError;

/// A failed call, worded for people rather than for logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorSummary {
    /// One line: what went wrong.
    pub title: String,
    /// What it means or what to do, when there is something useful to say.
    pub detail: Option<String>,
    /// The server's request id, to quote in a support request.
    pub request_id: Option<String>,
}

impl ErrorSummary {
    /// Summarizes `err`. A problem's `title` and `detail` come from the server; an answer that was not
    /// the API's (a proxy's error page, a static file server) is described by its status only.
    pub fn of(err: &ClientError) -> Self {
        match err {
            ClientError::Transport(_) => Self {
                title: "The server cannot be reached".into(),
                detail: Some(
                    "Check your network connection, or ask your administrator whether the server is running.".into(),
                ),
                request_id: None,
            },
            ClientError::Problem(p) if p.slug() == "unexpected-response" => Self {
                title: "The server gave an unexpected answer".into(),
                detail: Some(format!(
                    "HTTP status {}. Something between your browser and the API (a proxy, or an outdated server) answered instead.",
                    p.status
                )),
                request_id: p.request_id.clone(),
            },
            ClientError::Problem(p) => {
                Self { title: p.title.clone(), detail: p.detail.clone(), request_id: p.request_id.clone() }
            }
        }
    }
}

/// The first error an `<ErrorBoundary>` caught, as a [`ClientError`] when it is one.
pub fn first_client_error(errors: &Errors) -> ClientError {
    match errors.iter().next() {
        Some((_, err)) => match err.downcast_ref::<ClientError>() {
            Some(client_error) => client_error.clone(),
            None => ClientError::Transport(err.to_string()),
        },
        None => ClientError::Transport("unknown error".into()),
    }
}

/// An error message with an optional Retry button. While `pending`, the button says so and ignores
/// clicks, so a slow server does not collect a queue of them; it stays `aria-disabled` rather than
/// `disabled` so that keyboard focus is not lost while the retry runs.
#[component]
pub fn ErrorNotice(
    /// The failed call.
    error: ClientError,
    /// Called when the person asks to try again; no button without it.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
    /// Whether the retry is under way.
    #[prop(into, optional)]
    pending: Signal<bool>,
) -> impl IntoView {
    let ErrorSummary { title, detail, request_id } = ErrorSummary::of(&error);
    view! {
        <div class="notice notice-error" role="alert">
            <div class="notice-body">
                <p class="notice-title">{title}</p>
                {detail.map(|d| view! { <p class="notice-detail">{d}</p> })}
                {request_id.map(|id| view! { <p class="notice-meta">"Request id: " <code>{id}</code></p> })}
                {on_retry
                    .map(|retry| {
                        view! {
                            <div class="notice-actions">
                                <button
                                    type="button"
                                    class="btn btn-secondary btn-sm"
                                    aria-disabled=move || pending.get().then_some("true")
                                    on:click=move |_| {
                                        if !pending.get_untracked() {
                                            retry.run(());
                                        }
                                    }
                                >
                                    {move || if pending.get() { "Retrying…" } else { "Retry" }}
                                </button>
                            </div>
                        }
                    })}
            </div>
        </div>
    }
}
