//! `/organizations/{id}/policies`: the six policies of the organization, one card each, with its
//! switch, its typed options and Save. Field errors come from the API (`options.<field>`).
//! Turning on a policy that revokes members (two-step login, single organization) first asks the
//! API who would be revoked and shows them in a confirmation; only then is the change sent with
//! `confirm_revocations`. Members without "manage policies" see the policies in force for them,
//! read-only.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use portal_shared::client::ClientError;
use portal_shared::policies::{
    MasterPasswordOptions, PasswordGeneratorOptions, Policy, PolicyOptions, PolicyPreview, PolicyType,
    RevocationReason, UpdatePolicy, VaultTimeoutAction, VaultTimeoutOptions,
};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::form::{FieldMessage, FormAlertView, FormErrors, SubmitButton, TextField};
use crate::components::modal::{Modal, ModalActions};
use crate::format;
use crate::pages::organizations::use_organization;
use crate::visit_cache;

/// Field errors found before sending: (field, message).
type Problems = Vec<(&'static str, String)>;
/// Reads a card's option fields into options, or says what is wrong with them.
type Collect = Callback<(), Result<PolicyOptions, Problems>>;
/// (field, input id) in the order of the form, for focusing the first error.
type Order = &'static [(&'static str, &'static str)];

/// What each policy does, in one line.
fn explain(kind: PolicyType) -> &'static str {
    match kind {
        PolicyType::RequireTwoStepLogin => {
            "Members must turn on two-step login. Turning it on revokes members without it (never Owners)."
        }
        PolicyType::MasterPassword => {
            "The least a member's master password must be, checked when it is set or changed."
        }
        PolicyType::PasswordGenerator => "The rules the password generator follows for this organization's members.",
        PolicyType::SingleOrganization => {
            "Members may belong to no other organization. Turning it on revokes members who do (never Owners)."
        }
        PolicyType::RemoveIndividualVault => {
            "Members store new items in the organization, not in their individual vault."
        }
        PolicyType::VaultTimeout => {
            "The longest a member's vault may stay unlocked without use, and what happens then."
        }
    }
}

/// A strength score in words.
fn strength_label(score: u8) -> &'static str {
    match score {
        0 => "Any",
        1 => "Weak (1 of 4)",
        2 => "Fair (2 of 4)",
        3 => "Good (3 of 4)",
        _ => "Strong (4 of 4)",
    }
}

/// A vault timeout action in words.
fn action_label(action: VaultTimeoutAction) -> &'static str {
    match action {
        VaultTimeoutAction::Lock => "Lock the vault",
        VaultTimeoutAction::LogOut => "Sign out",
    }
}

/// Why a member would be revoked, in words.
fn reason_label(reason: RevocationReason) -> &'static str {
    match reason {
        RevocationReason::TwoStepLoginMissing => "Has no two-step login",
        RevocationReason::OtherOrganization => "Belongs to another organization",
    }
}

/// Options as (label, value) lines, for the read-only view.
fn summary(options: &PolicyOptions) -> Vec<(&'static str, String)> {
    let yes = |b: bool| if b { "Yes".to_owned() } else { "No".to_owned() };
    match options {
        PolicyOptions::MasterPassword(o) => vec![
            ("Minimum length", format!("{} characters", o.min_length)),
            ("Minimum strength", strength_label(o.min_strength).to_owned()),
            ("Upper-case letter", yes(o.require_upper)),
            ("Lower-case letter", yes(o.require_lower)),
            ("Digit", yes(o.require_digits)),
            ("Special character", yes(o.require_special)),
        ],
        PolicyOptions::PasswordGenerator(o) => vec![
            ("Minimum length", o.min_length.to_string()),
            ("Minimum digits", o.min_digits.to_string()),
            ("Minimum special characters", o.min_special.to_string()),
            ("Passphrase words, at least", o.passphrase_min_words.to_string()),
        ],
        PolicyOptions::VaultTimeout(o) => {
            vec![("Timeout", format!("{} minutes", o.minutes)), ("Then", action_label(o.action).to_owned())]
        }
        PolicyOptions::RequireTwoStepLogin
        | PolicyOptions::SingleOrganization
        | PolicyOptions::RemoveIndividualVault => Vec::new(),
    }
}

/// A whole number from a number input, or the field's message.
fn number(field: &'static str, text: &str, problems: &mut Problems) -> u32 {
    match text.trim().parse::<u32>() {
        Ok(n) => n,
        Err(_) => {
            problems.push((field, "Enter a whole number.".to_owned()));
            0
        }
    }
}

/// The six policies, in their usual order; a policy missing from `list` is off with its defaults.
fn all_six(list: &[Policy]) -> Vec<Policy> {
    PolicyType::ALL
        .into_iter()
        .map(|kind| {
            list.iter().find(|p| p.kind == kind).cloned().unwrap_or(Policy {
                kind,
                enabled: false,
                options: kind.default_options(),
                updated_at: None,
            })
        })
        .collect()
}

/// The policies of organization `id` in force for the caller (what a member without "manage
/// policies" may read).
async fn in_force(id: String) -> Result<Vec<Policy>, ClientError> {
    let mine = api::accounts::my_policies().await?;
    Ok(mine.items.into_iter().filter(|p| p.organization.id == id).map(|p| p.policy).collect())
}

/// The policies section of the organization page.
#[component]
pub fn OrganizationPolicies() -> impl IntoView {
    let ctx = use_organization()?;
    let organization = ctx.organization;
    let id = Memo::new(move |_| organization.with(|o| o.id.clone()));
    let can_manage = organization.with_untracked(|o| o.access.can_administer || o.access.permissions.manage_policies);
    let policies = LocalResource::new(move || {
        let id = id.get();
        async move { if can_manage { api::policies::list(id).await } else { in_force(id).await } }
    });
    let (refreshing, set_refreshing) = signal(false);
    let retry = Callback::new(move |()| policies.refetch());

    Some(view! {
        <Title text=move || format!("Policies · {}", organization.with(|o| o.name.clone())) />
        <section class="section" aria-labelledby="section-policies" data-testid="organization-policies">
            <div class="section-header">
                <div>
                    <h2 class="section-title" id="section-policies">"Policies"</h2>
                    <p class="muted">
                        "Rules every member's client follows. Where a member belongs to several organizations, the strictest of each applies."
                    </p>
                </div>
            </div>
            {(!can_manage).then(|| view! {
                <div class="notice notice-info" role="status" data-testid="policies-read-only">
                    <div class="notice-body">
                        <p class="notice-title">"These are the policies in force for you"</p>
                        <p class="notice-detail">
                            "Only members who manage policies (Owners, Admins, and Custom members given that permission) can change them."
                        </p>
                    </div>
                </div>
            })}
            <Transition fallback=PoliciesSkeleton set_pending=set_refreshing>
                {move || Suspend::new(async move {
                    match policies.await {
                        Ok(list) => Either::Left(view! {
                            <div class="policy-list">
                                {all_six(&list)
                                    .into_iter()
                                    .map(|policy| {
                                        if can_manage {
                                            Either::Left(view! { <PolicyCard policy=policy org_id=id.get_untracked() /> })
                                        } else {
                                            Either::Right(view! { <ReadOnlyPolicy policy=policy /> })
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        }),
                        Err(e) => Either::Right(view! {
                            <div class="card card-body">
                                <ErrorNotice error=e on_retry=retry pending=refreshing />
                            </div>
                        }),
                    }
                })}
            </Transition>
        </section>
    })
}

/// A policy as its readers see it.
#[component]
fn ReadOnlyPolicy(policy: Policy) -> impl IntoView {
    let key = policy.kind.as_str();
    let lines = if policy.enabled { summary(&policy.options) } else { Vec::new() };
    view! {
        <div class="card policy-card" data-testid=format!("policy-{key}")>
            <div class="card-body stack">
                <div class="policy-head">
                    <div>
                        <h3 class="policy-title">{policy.kind.label()}</h3>
                        <p class="muted">{explain(policy.kind)}</p>
                    </div>
                    <StatusPill enabled=Signal::stored(policy.enabled) />
                </div>
                {(!lines.is_empty()).then(|| view! {
                    <dl class="kv">
                        {lines
                            .into_iter()
                            .map(|(label, value)| view! {
                                <div class="kv-row">
                                    <dt>{label}</dt>
                                    <dd>{value}</dd>
                                </div>
                            })
                            .collect_view()}
                    </dl>
                })}
            </div>
        </div>
    }
}

/// "On" or "Off".
#[component]
fn StatusPill(#[prop(into)] enabled: Signal<bool>) -> impl IntoView {
    view! {
        <span class="status-pill" class:status-pill-ok=move || enabled.get() class:status-pill-off=move || !enabled.get()>
            {move || if enabled.get() { "On" } else { "Off" }}
        </span>
    }
}

/// One policy, editable: its switch, its options and Save.
#[component]
fn PolicyCard(policy: Policy, org_id: String) -> impl IntoView {
    let kind = policy.kind;
    let key = kind.as_str();
    let enabled = RwSignal::new(policy.enabled);
    // What the server holds: the confirmation is needed only when turning it on.
    let saved_enabled = RwSignal::new(policy.enabled);
    let updated_at = RwSignal::new(policy.updated_at.clone());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let saved = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(None::<(PolicyPreview, PolicyOptions)>);
    let org_id = StoredValue::new(org_id);
    let on_edit = Callback::new(move |field: &'static str| {
        errors.clear_field(field);
        saved.set(None);
    });
    let (options_view, collect, order) = options_form(kind, policy.options, errors, on_edit);

    // Asks who would be revoked, and shows them (the confirmation then sends the change).
    let ask = move |options: PolicyOptions| {
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::policies::preview(org_id.get_value(), kind).await;
            set_busy.set(false);
            match result {
                Ok(preview) if preview.revocations.is_empty() => {
                    confirming.set(None);
                    errors.set_alert("The members to revoke changed meanwhile, and now nobody would be. Save again.");
                }
                Ok(preview) => confirming.set(Some((preview, options))),
                Err(e) => errors.show(&e, &[]),
            }
        });
    };
    let send = Callback::new(move |(options, confirm): (PolicyOptions, bool)| {
        set_busy.set(true);
        let update =
            UpdatePolicy { enabled: enabled.get_untracked(), options: Some(options), confirm_revocations: confirm };
        leptos::task::spawn_local(async move {
            let result = api::policies::update(org_id.get_value(), kind, update).await;
            set_busy.set(false);
            match result {
                Ok(p) => {
                    enabled.set(p.enabled);
                    saved_enabled.set(p.enabled);
                    updated_at.set(p.updated_at);
                    confirming.set(None);
                    if confirm {
                        // Members were revoked: the lists and counts elsewhere are stale.
                        visit_cache::forget_all();
                    }
                    saved.set(Some("Saved.".into()));
                }
                Err(ClientError::Problem(p)) if p.slug() == "revocations-needed" => {
                    // Someone lost two-step login since the preview: show the new list.
                    ask(options);
                }
                Err(e) => {
                    confirming.set(None);
                    let fields: Vec<&str> = order.iter().map(|(f, _)| *f).collect();
                    errors.show(&e, &fields);
                    errors.focus_first(order);
                }
            }
        });
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        saved.set(None);
        let options = match collect.run(()) {
            Ok(o) => o,
            Err(problems) => {
                for (field, message) in problems {
                    errors.set_field(field, message);
                }
                errors.focus_first(order);
                return;
            }
        };
        if kind.revokes_members() && enabled.get_untracked() && !saved_enabled.get_untracked() {
            set_busy.set(true);
            leptos::task::spawn_local(async move {
                let result = api::policies::preview(org_id.get_value(), kind).await;
                set_busy.set(false);
                match result {
                    Ok(preview) if preview.revocations.is_empty() => send.run((options, false)),
                    Ok(preview) => confirming.set(Some((preview, options))),
                    Err(e) => errors.show(&e, &[]),
                }
            });
            return;
        }
        send.run((options, false));
    };
    let switch_id = format!("policy-{key}-enabled");
    let switch_for = switch_id.clone();
    let switch_testid = switch_id.clone();
    let title_id = format!("policy-{key}-title");
    let explain_id = format!("policy-{key}-explain");

    view! {
        <form
            class="card policy-card"
            novalidate
            on:submit=submit
            aria-labelledby=title_id.clone()
            data-testid=format!("policy-{key}")
        >
            <div class="card-body stack">
                <div class="policy-head">
                    <div>
                        <h3 class="policy-title" id=title_id.clone()>{kind.label()}</h3>
                        <p class="muted" id=explain_id.clone()>{explain(kind)}</p>
                    </div>
                    <label class="switch" for=switch_for>
                        <input
                            type="checkbox"
                            role="switch"
                            id=switch_id
                            aria-describedby=explain_id
                            data-testid=switch_testid
                            prop:checked=move || enabled.get()
                            on:change=move |ev| {
                                enabled.set(event_target_checked(&ev));
                                saved.set(None);
                            }
                        />
                        <span>"Enabled"</span>
                        <span class="visually-hidden">" " {kind.label()}</span>
                    </label>
                </div>
                <FormAlertView errors=errors />
                {options_view}
                <div class="form-actions">
                    <SubmitButton label="Save" busy_label="Saving…" busy=busy />
                    <StatusPill enabled=saved_enabled />
                    <p class="form-success" role="status" data-testid=format!("policy-{key}-saved")>{move || saved.get()}</p>
                    <p class="muted small policy-updated">
                        {move || updated_at.get().map(|at| format!("Last changed {}", format::date_time(&at)))}
                    </p>
                </div>
            </div>
            {move || confirming.get().map(|(preview, options)| view! {
                <RevocationDialog
                    preview=preview
                    busy=busy
                    on_cancel=Callback::new(move |()| confirming.set(None))
                    on_confirm=Callback::new(move |()| send.run((options, true)))
                />
            })}
        </form>
    }
}

/// "Revoke N members?": who turning the policy on revokes, and why.
#[component]
fn RevocationDialog(
    preview: PolicyPreview,
    #[prop(into)] busy: Signal<bool>,
    on_cancel: Callback<()>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let n = preview.revocations.len();
    let title = if n == 1 { "Revoke 1 member?".to_owned() } else { format!("Revoke {n} members?") };
    let label = preview.kind.label();
    let confirm_label = if n == 1 { "Turn on and revoke 1 member" } else { "Turn on and revoke them" };
    view! {
        <Modal
            id="policy-revocations"
            title=title
            description=format!(
                "Turning on \"{label}\" revokes these members: they keep their record and their place in groups and collections, but lose all access until someone restores them. Owners are never revoked."
            )
            on_close=on_cancel
            busy=busy
            tone="modal-danger"
        >
            <ul class="plain-list revocation-list" data-testid="policy-revocations">
                {preview
                    .revocations
                    .into_iter()
                    .map(|r| view! {
                        <li class="plain-row" data-testid="policy-revocation">
                            <div class="plain-row-main">
                                <span class="plain-row-primary">{r.email.clone()}</span>
                                <span class="plain-row-secondary">
                                    {r.name.clone().map(|n| format!("{n} · ")).unwrap_or_default()}
                                    {r.kind.label()}
                                </span>
                            </div>
                            <span class="status-pill status-pill-warn">{reason_label(r.reason)}</span>
                        </li>
                    })
                    .collect_view()}
            </ul>
            <ModalActions on_cancel=on_cancel busy=busy>
                <button
                    type="button"
                    class="btn btn-danger"
                    data-testid="policy-revocations-confirm"
                    aria-disabled=move || busy.get().then_some("true")
                    aria-busy=move || busy.get().then_some("true")
                    on:click=move |_| {
                        if !busy.get_untracked() {
                            on_confirm.run(());
                        }
                    }
                >
                    <Show when=move || busy.get()>
                        <span class="spinner" aria-hidden="true"></span>
                    </Show>
                    {move || if busy.get() { "Saving…" } else { confirm_label }}
                </button>
            </ModalActions>
        </Modal>
    }
}

/// A labelled checkbox.
#[component]
fn Check(
    id: &'static str,
    label: &'static str,
    value: RwSignal<bool>,
    on_edit: Callback<&'static str>,
) -> impl IntoView {
    view! {
        <label class="checkbox" for=id>
            <input
                id=id
                type="checkbox"
                prop:checked=move || value.get()
                on:change=move |ev| {
                    value.set(event_target_checked(&ev));
                    on_edit.run("");
                }
            />
            {label}
        </label>
    }
}

/// A number input of options field `field` (`options.<name>`).
#[component]
fn NumberField(
    id: &'static str,
    field: &'static str,
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    on_edit: Callback<&'static str>,
) -> impl IntoView {
    view! {
        <TextField
            id=id
            label=label
            value=value
            input_type="number"
            inputmode="numeric"
            hint=Signal::stored(hint.to_owned())
            error=errors.field(field)
            on_change=Callback::new(move |()| on_edit.run(field))
        />
    }
}

/// The option fields of a policy type, what reads them, and their order.
fn options_form(
    kind: PolicyType,
    options: PolicyOptions,
    errors: FormErrors,
    on_edit: Callback<&'static str>,
) -> (AnyView, Collect, Order) {
    match options {
        PolicyOptions::MasterPassword(o) => master_password_form(o, errors, on_edit),
        PolicyOptions::PasswordGenerator(o) => generator_form(o, errors, on_edit),
        PolicyOptions::VaultTimeout(o) => vault_timeout_form(o, errors, on_edit),
        PolicyOptions::RequireTwoStepLogin
        | PolicyOptions::SingleOrganization
        | PolicyOptions::RemoveIndividualVault => {
            (().into_any(), Callback::new(move |()| Ok(kind.default_options())), &[])
        }
    }
}

fn master_password_form(
    o: MasterPasswordOptions,
    errors: FormErrors,
    on_edit: Callback<&'static str>,
) -> (AnyView, Collect, Order) {
    const ORDER: Order =
        &[("options.min_length", "policy-mp-min-length"), ("options.min_strength", "policy-mp-min-strength")];
    let min_length = RwSignal::new(o.min_length.to_string());
    let min_strength = RwSignal::new(o.min_strength);
    let upper = RwSignal::new(o.require_upper);
    let lower = RwSignal::new(o.require_lower);
    let digits = RwSignal::new(o.require_digits);
    let special = RwSignal::new(o.require_special);
    let strength_error = errors.field("options.min_strength");
    let view = view! {
        <div class="policy-options">
            <NumberField
                id="policy-mp-min-length"
                field="options.min_length"
                label="Minimum length"
                hint="8 to 128 characters."
                value=min_length
                errors=errors
                on_edit=on_edit
            />
            <div class="field" class:field-invalid=move || strength_error.with(Option::is_some)>
                <label for="policy-mp-min-strength">"Minimum strength"</label>
                <select
                    id="policy-mp-min-strength"
                    aria-invalid=move || strength_error.with(Option::is_some).then_some("true")
                    on:change=move |ev| {
                        min_strength.set(event_target_value(&ev).parse().unwrap_or(0));
                        on_edit.run("options.min_strength");
                    }
                >
                    {(0..=4u8)
                        .map(|s| view! {
                            <option value=s.to_string() selected=move || min_strength.get() == s>{strength_label(s)}</option>
                        })
                        .collect_view()}
                </select>
                <p class="field-hint">"As estimated in the member's browser."</p>
                <FieldMessage id="policy-mp-min-strength-error".to_owned() error=strength_error />
            </div>
        </div>
        <fieldset class="fieldset policy-checks">
            <legend class="field-label">"Require at least one"</legend>
            <Check id="policy-mp-upper" label="Upper-case letter" value=upper on_edit=on_edit />
            <Check id="policy-mp-lower" label="Lower-case letter" value=lower on_edit=on_edit />
            <Check id="policy-mp-digits" label="Digit" value=digits on_edit=on_edit />
            <Check id="policy-mp-special" label="Special character (!@#$%^&*)" value=special on_edit=on_edit />
        </fieldset>
    }
    .into_any();
    let collect = Callback::new(move |()| {
        let mut problems = Vec::new();
        let min_length = number("options.min_length", &min_length.get_untracked(), &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(PolicyOptions::MasterPassword(MasterPasswordOptions {
            min_length,
            min_strength: min_strength.get_untracked(),
            require_upper: upper.get_untracked(),
            require_lower: lower.get_untracked(),
            require_digits: digits.get_untracked(),
            require_special: special.get_untracked(),
        }))
    });
    (view, collect, ORDER)
}

fn generator_form(
    o: PasswordGeneratorOptions,
    errors: FormErrors,
    on_edit: Callback<&'static str>,
) -> (AnyView, Collect, Order) {
    const ORDER: Order = &[
        ("options.min_length", "policy-gen-min-length"),
        ("options.min_digits", "policy-gen-min-digits"),
        ("options.min_special", "policy-gen-min-special"),
        ("options.passphrase_min_words", "policy-gen-words"),
    ];
    let min_length = RwSignal::new(o.min_length.to_string());
    let min_digits = RwSignal::new(o.min_digits.to_string());
    let min_special = RwSignal::new(o.min_special.to_string());
    let words = RwSignal::new(o.passphrase_min_words.to_string());
    let upper = RwSignal::new(o.use_upper);
    let lower = RwSignal::new(o.use_lower);
    let digits = RwSignal::new(o.use_digits);
    let special = RwSignal::new(o.use_special);
    let capitalize = RwSignal::new(o.passphrase_capitalize);
    let include_number = RwSignal::new(o.passphrase_include_number);
    let view = view! {
        <div class="policy-options">
            <NumberField id="policy-gen-min-length" field="options.min_length" label="Minimum length" hint="5 to 128 characters." value=min_length errors=errors on_edit=on_edit />
            <NumberField id="policy-gen-min-digits" field="options.min_digits" label="Minimum digits" hint="0 to 9." value=min_digits errors=errors on_edit=on_edit />
            <NumberField id="policy-gen-min-special" field="options.min_special" label="Minimum special characters" hint="0 to 9." value=min_special errors=errors on_edit=on_edit />
            <NumberField id="policy-gen-words" field="options.passphrase_min_words" label="Passphrase words, at least" hint="3 to 20 words." value=words errors=errors on_edit=on_edit />
        </div>
        <fieldset class="fieldset policy-checks">
            <legend class="field-label">"Passwords always use"</legend>
            <Check id="policy-gen-upper" label="Upper-case letters" value=upper on_edit=on_edit />
            <Check id="policy-gen-lower" label="Lower-case letters" value=lower on_edit=on_edit />
            <Check id="policy-gen-digits" label="Digits" value=digits on_edit=on_edit />
            <Check id="policy-gen-special" label="Special characters" value=special on_edit=on_edit />
        </fieldset>
        <fieldset class="fieldset policy-checks">
            <legend class="field-label">"Passphrases"</legend>
            <Check id="policy-gen-capitalize" label="Capitalize words" value=capitalize on_edit=on_edit />
            <Check id="policy-gen-number" label="Include a number" value=include_number on_edit=on_edit />
        </fieldset>
    }
    .into_any();
    let collect = Callback::new(move |()| {
        let mut problems = Vec::new();
        let options = PasswordGeneratorOptions {
            min_length: number("options.min_length", &min_length.get_untracked(), &mut problems),
            min_digits: number("options.min_digits", &min_digits.get_untracked(), &mut problems),
            min_special: number("options.min_special", &min_special.get_untracked(), &mut problems),
            passphrase_min_words: number("options.passphrase_min_words", &words.get_untracked(), &mut problems),
            use_upper: upper.get_untracked(),
            use_lower: lower.get_untracked(),
            use_digits: digits.get_untracked(),
            use_special: special.get_untracked(),
            passphrase_capitalize: capitalize.get_untracked(),
            passphrase_include_number: include_number.get_untracked(),
        };
        if problems.is_empty() { Ok(PolicyOptions::PasswordGenerator(options)) } else { Err(problems) }
    });
    (view, collect, ORDER)
}

fn vault_timeout_form(
    o: VaultTimeoutOptions,
    errors: FormErrors,
    on_edit: Callback<&'static str>,
) -> (AnyView, Collect, Order) {
    const ORDER: Order = &[("options.minutes", "policy-vt-minutes"), ("options.action", "policy-vt-action")];
    let minutes = RwSignal::new(o.minutes.to_string());
    let action = RwSignal::new(o.action);
    let view = view! {
        <div class="policy-options">
            <NumberField
                id="policy-vt-minutes"
                field="options.minutes"
                label="Timeout in minutes"
                hint="1 to 10080 (a week)."
                value=minutes
                errors=errors
                on_edit=on_edit
            />
            <div class="field">
                <label for="policy-vt-action">"When it runs out"</label>
                <select
                    id="policy-vt-action"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        action.set(if value == "log_out" { VaultTimeoutAction::LogOut } else { VaultTimeoutAction::Lock });
                        on_edit.run("options.action");
                    }
                >
                    <option value="lock" selected=move || action.get() == VaultTimeoutAction::Lock>
                        {action_label(VaultTimeoutAction::Lock)}
                    </option>
                    <option value="log_out" selected=move || action.get() == VaultTimeoutAction::LogOut>
                        {action_label(VaultTimeoutAction::LogOut)}
                    </option>
                </select>
                <p class="field-hint">"Signing out is stricter: the member signs in again, not only unlocks."</p>
            </div>
        </div>
    }
    .into_any();
    let collect = Callback::new(move |()| {
        let mut problems = Vec::new();
        let minutes = number("options.minutes", &minutes.get_untracked(), &mut problems);
        if problems.is_empty() {
            Ok(PolicyOptions::VaultTimeout(VaultTimeoutOptions { minutes, action: action.get_untracked() }))
        } else {
            Err(problems)
        }
    });
    (view, collect, ORDER)
}

/// The cards' shape while the policies load.
#[component]
fn PoliciesSkeleton() -> impl IntoView {
    view! {
        <div class="policy-list status-loading" role="status">
            <span class="visually-hidden">"Loading the policies…"</span>
            {(0..3)
                .map(|_| view! {
                    <div class="card card-body skeleton-rows" aria-hidden="true">
                        <span class="skeleton skeleton-heading"></span>
                        <span class="skeleton skeleton-label"></span>
                        <span class="skeleton skeleton-input"></span>
                    </div>
                })
                .collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_policies_are_off_with_defaults() {
        let on = Policy {
            kind: PolicyType::VaultTimeout,
            enabled: true,
            options: PolicyType::VaultTimeout.default_options(),
            updated_at: None,
        };
        let six = all_six(std::slice::from_ref(&on));
        assert_eq!(six.len(), 6);
        assert_eq!(six[5], on);
        assert!(!six[0].enabled);
    }

    #[test]
    fn numbers_are_whole() {
        let mut problems = Vec::new();
        assert_eq!(number("options.minutes", " 30 ", &mut problems), 30);
        number("options.minutes", "", &mut problems);
        number("options.minutes", "-1", &mut problems);
        assert_eq!(problems.len(), 2);
    }
}
