//! The parts every form shares: labelled fields with their hint and error tied to the input,
//! per-field errors from the client's checks and from the server's problem, focus on the first
//! invalid field, a form-level alert, and a submit button that shows when it is busy.

use leptos::either::Either;
use leptos::html;
use leptos::prelude::*;
use portal_shared::client::ClientError;
use wasm_bindgen::JsCast;

use crate::components::error_notice::ErrorNotice;

/// What went wrong with a form: messages by field (the server's field names) and one alert for
/// the form as a whole.
#[derive(Clone, Copy)]
pub struct FormErrors {
    fields: RwSignal<Vec<(String, String)>>,
    alert: RwSignal<Option<FormAlert>>,
}

/// A form-level message.
#[derive(Clone)]
pub enum FormAlert {
    /// A sentence of ours.
    Message(String),
    /// A failed call, summarized by [`ErrorNotice`].
    Error(ClientError),
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

impl FormErrors {
    /// No errors.
    pub fn new() -> Self {
        Self { fields: RwSignal::new(Vec::new()), alert: RwSignal::new(None) }
    }

    /// Forgets every error (before a new attempt).
    pub fn clear(&self) {
        self.fields.set(Vec::new());
        self.alert.set(None);
    }

    /// Sets the message of `field`.
    pub fn set_field(&self, field: &str, message: impl Into<String>) {
        let message = message.into();
        self.fields.update(|f| {
            f.retain(|(name, _)| name != field);
            f.push((field.to_owned(), message));
        });
    }

    /// Removes the message of `field` (when its value changes).
    pub fn clear_field(&self, field: &str) {
        if self.fields.with_untracked(|f| f.iter().any(|(name, _)| name == field)) {
            self.fields.update(|f| f.retain(|(name, _)| name != field));
        }
    }

    /// Sets the form-level message.
    pub fn set_alert(&self, message: impl Into<String>) {
        self.alert.set(Some(FormAlert::Message(message.into())));
    }

    /// Shows a failed call: the problem's field errors next to the fields this form has (named in
    /// `known`), everything else as the form-level alert.
    pub fn show(&self, err: &ClientError, known: &[&str]) {
        if let ClientError::Problem(problem) = err
            && !problem.errors.is_empty()
        {
            let mut unplaced = Vec::new();
            for e in &problem.errors {
                if known.contains(&e.field.as_str()) {
                    self.set_field(&e.field, e.message.clone());
                } else {
                    unplaced.push(e.message.clone());
                }
            }
            if !unplaced.is_empty() {
                self.set_alert(unplaced.join(" "));
            }
            return;
        }
        self.alert.set(Some(FormAlert::Error(err.clone())));
    }

    /// The message of `field` (tracked).
    pub fn field(&self, field: &'static str) -> Signal<Option<String>> {
        let fields = self.fields;
        Signal::derive(move || fields.with(|f| f.iter().find(|(name, _)| name == field).map(|(_, m)| m.clone())))
    }

    /// Moves focus to the first field, in `order` (field name, input id), that has a message.
    /// Returns whether there was one.
    pub fn focus_first(&self, order: &[(&str, &str)]) -> bool {
        let first = self.fields.with_untracked(|f| {
            order.iter().find(|(field, _)| f.iter().any(|(name, _)| name == field)).map(|(_, id)| *id)
        });
        match first {
            Some(id) => {
                focus(id);
                true
            }
            None => false,
        }
    }
}

/// Focuses (and selects the text of) the element with `id`, once the DOM has caught up.
pub fn focus(id: &str) {
    let id = id.to_owned();
    request_animation_frame(move || {
        let Some(el) = document().get_element_by_id(&id) else { return };
        if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            let _ = input.focus();
            if input.type_() != "email" {
                input.select();
            }
        } else if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    });
}

/// The form-level alert of `errors`, if any.
#[component]
pub fn FormAlertView(errors: FormErrors) -> impl IntoView {
    move || {
        errors.alert.get().map(|alert| match alert {
            FormAlert::Message(message) => Either::Left(view! {
                <div class="notice notice-error" role="alert">
                    <div class="notice-body">
                        <p class="notice-title">{message}</p>
                    </div>
                </div>
            }),
            FormAlert::Error(error) => Either::Right(view! { <ErrorNotice error=error /> }),
        })
    }
}

/// A labelled input with its hint and error, tied to it by `aria-describedby`.
#[component]
pub fn TextField(
    /// The input's id (and the prefix of its hint's and error's ids).
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The value, two-way bound.
    value: RwSignal<String>,
    /// The input type.
    #[prop(default = "text")]
    input_type: &'static str,
    /// The `autocomplete` token.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// The `inputmode`.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// A placeholder.
    #[prop(optional)]
    placeholder: Option<&'static str>,
    /// A hint under the input.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The error to show (from [`FormErrors::field`]).
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// The most characters accepted.
    #[prop(optional)]
    maxlength: Option<u32>,
    /// Whether the field takes focus when shown.
    #[prop(optional)]
    autofocus: bool,
    /// Called when the value changes (to clear a stale error).
    #[prop(optional)]
    on_change: Option<Callback<()>>,
    /// Extra content under the input (a strength meter).
    #[prop(optional)]
    children: Option<Children>,
    /// Extra classes on the input (`input-code`).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let node = NodeRef::<html::Input>::new();
    if autofocus {
        node.on_load(|input| {
            request_animation_frame(move || {
                let _ = input.focus();
            });
        });
    }
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            <input
                node_ref=node
                id=id
                name=id
                class=class
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                placeholder=placeholder
                maxlength=maxlength
                spellcheck="false"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                bind:value=value
                on:input=move |_| {
                    if let Some(cb) = on_change {
                        cb.run(());
                    }
                }
            />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            {children.map(|c| c())}
            <FieldMessage id=error_id error=error />
        </div>
    }
}

/// A master-password input with a Show/Hide toggle.
#[component]
pub fn PasswordField(
    /// The input's id.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The value, two-way bound.
    value: RwSignal<String>,
    /// `current-password` or `new-password`.
    autocomplete: &'static str,
    /// A hint under the input.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The error to show.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// Whether the field takes focus when shown.
    #[prop(optional)]
    autofocus: bool,
    /// Called when the value changes.
    #[prop(optional)]
    on_change: Option<Callback<()>>,
    /// Ids of further elements that describe the input (a strength meter).
    #[prop(optional)]
    described_by: Option<&'static str>,
    /// Extra content under the input (a strength meter).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let (visible, set_visible) = signal(false);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let aria_described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if let Some(extra) = described_by {
                ids.push(extra.to_owned());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let node = NodeRef::<html::Input>::new();
    if autofocus {
        node.on_load(|input| {
            request_animation_frame(move || {
                let _ = input.focus();
            });
        });
    }
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            <div class="input-group">
                <input
                    node_ref=node
                    id=id
                    name=id
                    type=move || if visible.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    spellcheck="false"
                    autocapitalize="off"
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=aria_described_by
                    bind:value=value
                    on:input=move |_| {
                        if let Some(cb) = on_change {
                            cb.run(());
                        }
                    }
                />
                <button
                    type="button"
                    class="input-addon"
                    aria-controls=id
                    aria-pressed=move || if visible.get() { "true" } else { "false" }
                    on:click=move |_| set_visible.update(|v| *v = !*v)
                >
                    {move || if visible.get() { "Hide" } else { "Show" }}
                    <span class="visually-hidden">" " {label}</span>
                </button>
            </div>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            {children.map(|c| c())}
            <FieldMessage id=error_id error=error />
        </div>
    }
}

/// A field's error message (nothing when there is none).
#[component]
pub fn FieldMessage(id: String, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! {
                <p class="field-error" id=id.clone()>
                    {message}
                </p>
            }
        })
    }
}

/// A submit button that says what it is doing while `busy`. It stays focusable (`aria-disabled`,
/// not `disabled`) so keyboard focus is not lost; forms ignore submits while busy.
#[component]
pub fn SubmitButton(
    /// The label when idle.
    label: &'static str,
    /// The label while busy.
    busy_label: &'static str,
    /// Whether the form is working.
    #[prop(into)]
    busy: Signal<bool>,
    /// Button classes.
    #[prop(default = "btn btn-primary")]
    class: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=class
            aria-disabled=move || busy.get().then_some("true")
            aria-busy=move || busy.get().then_some("true")
        >
            <Show when=move || busy.get()>
                <span class="spinner" aria-hidden="true"></span>
            </Show>
            {move || if busy.get() { busy_label } else { label }}
        </button>
    }
}
