//! `/organizations/{id}/api-key`: the organization's API key, for its confirmed Owners and its
//! provider's users. Shows the key (never its secret), or an empty state; creates one (the
//! secret is shown once, with a copy button), rotates its secret (the new one shown once) and
//! revokes it, each after a confirmation.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use portal_shared::api_keys::{ApiKey, ApiKeyScope, CreateApiKey, IssuedApiKey};
use portal_shared::organizations::{MemberStatus, MemberType, Organization};

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::components::error_notice::ErrorNotice;
use crate::components::form::{FormAlertView, FormErrors, SubmitButton, TextField};
use crate::components::icons::KeyIcon;
use crate::components::modal::{Modal, ModalActions};
use crate::format;
use crate::pages::organizations::use_organization;

const NAME_ID: &str = "api-key-name";

/// Whether the caller may manage the API key: a user of its provider, or a confirmed Owner.
pub fn may_manage(org: &Organization) -> bool {
    org.access.via_provider
        || (org.access.member_type == Some(MemberType::Owner)
            && org.access.member_status == Some(MemberStatus::Confirmed))
}

/// A scope in words, and what it allows.
fn scope_text(scope: ApiKeyScope) -> (&'static str, &'static str) {
    match scope {
        ApiKeyScope::Read => ("Read", "Reads members, groups, collections, policies and the event log."),
        ApiKeyScope::Write => (
            "Read and write",
            "Also invites, changes and removes members, and changes groups, collections and policies.",
        ),
    }
}

/// The dialog that is open.
#[derive(Clone)]
enum Dialog {
    Create,
    Rotate,
    Revoke,
    /// A secret, shown once.
    Secret(IssuedApiKey, bool),
}

/// The API key section of the organization page.
#[component]
pub fn OrganizationApiKey() -> impl IntoView {
    let ctx = use_organization()?;
    let organization = ctx.organization;
    let id = Memo::new(move |_| organization.with(|o| o.id.clone()));
    let allowed = organization.with_untracked(may_manage);
    let key = LocalResource::new(move || {
        let id = id.get();
        async move { if allowed { api::api_keys::get(id).await } else { Ok(None) } }
    });
    let dialog = RwSignal::new(None::<Dialog>);
    let (refreshing, set_refreshing) = signal(false);
    let retry = Callback::new(move |()| key.refetch());
    let close = Callback::new(move |()| dialog.set(None));
    let changed = Callback::new(move |next: Option<Dialog>| {
        dialog.set(next);
        key.refetch();
    });

    Some(view! {
        <Title text=move || format!("API key · {}", organization.with(|o| o.name.clone())) />
        <section class="section" aria-labelledby="section-api-key" data-testid="organization-api-key">
            <div class="section-header">
                <div>
                    <h2 class="section-title" id="section-api-key">"API key"</h2>
                    <p class="muted" data-testid="api-key-explain">
                        "Lets an integration (a PSA or RMM tool, an HR system, a script) manage this organization's members, "
                        "groups, collections and policies and read its event log through the REST API. It never opens the vault: "
                        "items stay encrypted with keys an API key does not hold."
                    </p>
                </div>
            </div>
            <div class="card">
                {if allowed {
                    Either::Left(view! {
                        <Transition fallback=KeySkeleton set_pending=set_refreshing>
                            {move || Suspend::new(async move {
                                match key.await {
                                    Ok(Some(k)) => EitherOf3::A(view! { <KeyDetails key=k dialog=dialog /> }),
                                    Ok(None) => EitherOf3::B(view! {
                                        <div class="empty-panel empty-panel-flat" data-testid="api-key-empty">
                                            <span class="empty-panel-icon" aria-hidden="true"><KeyIcon /></span>
                                            <p class="empty-inline-title">"No API key yet"</p>
                                            <p class="muted">
                                                "Create one for the integration that needs it. Its secret is shown once, when it is made."
                                            </p>
                                            <button
                                                type="button"
                                                class="btn btn-primary"
                                                data-testid="api-key-create"
                                                on:click=move |_| dialog.set(Some(Dialog::Create))
                                            >
                                                "Create API key"
                                            </button>
                                        </div>
                                    }),
                                    Err(e) => EitherOf3::C(view! {
                                        <div class="card-body">
                                            <ErrorNotice error=e on_retry=retry pending=refreshing />
                                        </div>
                                    }),
                                }
                            })}
                        </Transition>
                    })
                } else {
                    Either::Right(view! {
                        <div class="empty-panel empty-panel-flat" data-testid="api-key-forbidden">
                            <span class="empty-panel-icon" aria-hidden="true"><KeyIcon /></span>
                            <p class="empty-inline-title">"Only confirmed Owners manage the API key"</p>
                            <p class="muted">"Ask an Owner of this organization, or its provider, if an integration needs one."</p>
                        </div>
                    })
                }}
            </div>
            {move || dialog.get().map(|d| match d {
                Dialog::Create => EitherOf3::A(view! { <CreateKeyDialog id=id.get_untracked() on_close=close on_done=changed /> }),
                Dialog::Rotate | Dialog::Revoke => EitherOf3::B(view! {
                    <ConfirmKeyDialog
                        id=id.get_untracked()
                        rotate=matches!(d, Dialog::Rotate)
                        on_close=close
                        on_done=changed
                    />
                }),
                Dialog::Secret(issued, rotated) => EitherOf3::C(view! {
                    <SecretDialog issued=issued rotated=rotated on_close=close />
                }),
            })}
        </section>
    })
}

/// The live key's facts and its actions.
#[component]
fn KeyDetails(key: ApiKey, dialog: RwSignal<Option<Dialog>>) -> impl IntoView {
    let (scope, scope_detail) = scope_text(key.scope);
    let never = || "Never".to_owned();
    view! {
        <div class="card-body stack" data-testid="api-key-details">
            <dl class="kv">
                <div class="kv-row">
                    <dt>"Name"</dt>
                    <dd class="kv-text" data-testid="api-key-name">{key.name.clone()}</dd>
                </div>
                <div class="kv-row">
                    <dt>"Client id"</dt>
                    <dd class="kv-text kv-actions">
                        <code data-testid="api-key-client-id">{key.client_id.clone()}</code>
                        <CopyButton text=key.client_id.clone() what="client id" />
                    </dd>
                </div>
                <div class="kv-row">
                    <dt>"Scope"</dt>
                    <dd class="kv-text" data-testid="api-key-scope" title=scope_detail>
                        <span class="status-pill status-pill-info">{scope}</span>
                    </dd>
                </div>
                <div class="kv-row">
                    <dt>"Created"</dt>
                    <dd>{format::date_time(&key.created_at)}</dd>
                </div>
                <div class="kv-row">
                    <dt>"Secret last rotated"</dt>
                    <dd data-testid="api-key-rotated">{key.rotated_at.as_deref().map_or_else(never, format::date_time)}</dd>
                </div>
                <div class="kv-row">
                    <dt>"Last used"</dt>
                    <dd>{key.last_used_at.as_deref().map_or_else(never, format::date_time)}</dd>
                </div>
            </dl>
            <p class="muted small">{scope_detail}" The secret is never shown again; rotate it if it is lost."</p>
            <div class="form-actions">
                <button
                    type="button"
                    class="btn btn-secondary"
                    data-testid="api-key-rotate"
                    on:click=move |_| dialog.set(Some(Dialog::Rotate))
                >
                    "Rotate secret"
                </button>
                <button
                    type="button"
                    class="btn btn-ghost-danger"
                    data-testid="api-key-revoke"
                    on:click=move |_| dialog.set(Some(Dialog::Revoke))
                >
                    "Revoke key"
                </button>
            </div>
        </div>
    }
}

/// "Create API key": its name and scope.
#[component]
fn CreateKeyDialog(id: String, on_close: Callback<()>, on_done: Callback<Option<Dialog>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(ApiKeyScope::Read);
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let id = StoredValue::new(id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let request = CreateApiKey { scope: scope.get_untracked(), name: name.get_untracked().trim().to_owned() };
        if request.name.is_empty() {
            errors.set_field("name", "Name the integration this key is for.");
        } else if let Err(problems) = request.validate() {
            for p in problems {
                errors.set_field(&p.field, p.message);
            }
        }
        if errors.focus_first(&[("name", NAME_ID)]) {
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::api_keys::create(id.get_value(), request).await;
            set_busy.set(false);
            match result {
                Ok(issued) => on_done.run(Some(Dialog::Secret(issued, false))),
                Err(e) => {
                    errors.show(&e, &["name", "scope"]);
                    errors.focus_first(&[("name", NAME_ID)]);
                }
            }
        });
    };
    let options = [ApiKeyScope::Read, ApiKeyScope::Write]
        .into_iter()
        .map(|kind| {
            let (label, detail) = scope_text(kind);
            let option_id = format!("api-key-scope-{}", kind.as_str());
            let detail_id = format!("{option_id}-detail");
            view! {
                <label class="type-option" class:type-option-on=move || scope.get() == kind for=option_id.clone()>
                    <input
                        type="radio"
                        id=option_id.clone()
                        name="api-key-scope"
                        value=kind.as_str()
                        aria-describedby=detail_id.clone()
                        prop:checked=move || scope.get() == kind
                        on:change=move |_| scope.set(kind)
                    />
                    <span class="type-option-text">
                        <span class="type-option-title">{label}</span>
                        <span class="type-option-detail" id=detail_id>{detail}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    view! {
        <Modal
            id="create-api-key"
            title="Create API key"
            description="Its secret is shown once, when it is made. The key can never open the vault."
            on_close=on_close
            busy=busy
        >
            <form class="form" novalidate on:submit=submit data-testid="api-key-create-form">
                <FormAlertView errors=errors />
                <TextField
                    id=NAME_ID
                    label="Name"
                    value=name
                    placeholder="PSA sync"
                    maxlength=100
                    hint=Signal::derive(|| "The integration it serves, so that people recognise it in the event log.".to_owned())
                    error=errors.field("name")
                    autofocus=true
                    on_change=Callback::new(move |()| errors.clear_field("name"))
                />
                <fieldset class="fieldset type-choice">
                    <legend class="field-label">"Scope"</legend>
                    {options}
                </fieldset>
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Create API key" busy_label="Creating…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// "Rotate the secret?" or "Revoke the API key?".
#[component]
fn ConfirmKeyDialog(
    id: String,
    rotate: bool,
    on_close: Callback<()>,
    on_done: Callback<Option<Dialog>>,
) -> impl IntoView {
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let id = StoredValue::new(id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = if rotate {
                api::api_keys::rotate(id.get_value()).await.map(|issued| Some(Dialog::Secret(issued, true)))
            } else {
                api::api_keys::revoke(id.get_value()).await.map(|()| None)
            };
            set_busy.set(false);
            match result {
                Ok(next) => on_done.run(next),
                Err(e) => errors.show(&e, &[]),
            }
        });
    };
    let (title, consequence, label, busy_label) = if rotate {
        (
            "Rotate the API key's secret?",
            "The current secret and the tokens made with it stop working at once. The integration needs the new secret, shown once next.",
            "Rotate secret",
            "Rotating…",
        )
    } else {
        (
            "Revoke the API key?",
            "The key and its tokens stop working at once; integrations that use it lose access. A new key can be created later.",
            "Revoke key",
            "Revoking…",
        )
    };
    view! {
        <Modal
            id=if rotate { "rotate-api-key" } else { "revoke-api-key" }
            title=title
            on_close=on_close
            busy=busy
            tone=if rotate { "" } else { "modal-danger" }
        >
            <form class="form" novalidate on:submit=submit>
                <p>{consequence}</p>
                <FormAlertView errors=errors />
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton
                        label=label
                        busy_label=busy_label
                        busy=busy
                        class=if rotate { "btn btn-primary" } else { "btn btn-danger" }
                    />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// The client id and the secret, shown once.
#[component]
fn SecretDialog(issued: IssuedApiKey, rotated: bool, on_close: Callback<()>) -> impl IntoView {
    let secret = issued.client_secret.clone();
    view! {
        <Modal
            id="api-key-secret"
            title=if rotated { "The new secret" } else { "Your API key" }
            on_close=on_close
        >
            <div class="stack" data-testid="api-key-secret-dialog">
                <div class="notice notice-warning" role="alert">
                    <div class="notice-body">
                        <p class="notice-title">"Copy the secret now: it is shown only this once"</p>
                        <p class="notice-detail">
                            "Store it where the integration keeps its credentials. Nobody can show it again, not even this "
                            "server; if it is lost, rotate the secret."
                        </p>
                    </div>
                </div>
                <dl class="kv kv-stacked">
                    <div class="kv-row">
                        <dt>"Client id"</dt>
                        <dd class="kv-text kv-actions">
                            <code>{issued.key.client_id.clone()}</code>
                            <CopyButton text=issued.key.client_id.clone() what="client id" />
                        </dd>
                    </div>
                    <div class="kv-row">
                        <dt id="api-key-secret-label">"Client secret"</dt>
                        <dd class="kv-text kv-actions">
                            <code class="secret-text" aria-labelledby="api-key-secret-label" data-testid="api-key-secret">
                                {secret.clone()}
                            </code>
                            <CopyButton text=secret what="client secret" />
                        </dd>
                    </div>
                </dl>
                <div class="modal-actions">
                    <button
                        type="button"
                        class="btn btn-primary"
                        data-testid="api-key-secret-done"
                        on:click=move |_| on_close.run(())
                    >
                        "I have stored it"
                    </button>
                </div>
            </div>
        </Modal>
    }
}

/// The details' shape while the key loads.
#[component]
fn KeySkeleton() -> impl IntoView {
    view! {
        <div class="card-body status-loading" role="status">
            <span class="visually-hidden">"Loading the API key…"</span>
            <div class="skeleton-rows" aria-hidden="true">
                {(0..4)
                    .map(|_| view! {
                        <div class="skeleton-row">
                            <span class="skeleton skeleton-label"></span>
                            <span class="skeleton skeleton-value"></span>
                        </div>
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
