//! How an organization is shown and edited wherever it appears (the provider's clients, the
//! organization page, the home page): its plan as a word, its seats as a bar, and the form
//! fields for its name, plan and seats with the same checks everywhere.

use leptos::prelude::*;
use portal_shared::clients::{ORGANIZATION_NAME_MAX, Plan, SEATS_MAX};
use portal_shared::organizations::{MemberStatus, MemberType, OrganizationAccess};

use crate::components::form::FieldMessage;

/// Every plan, in the order the selects offer them.
pub const PLANS: [Plan; 4] = [Plan::Free, Plan::Families, Plan::Teams, Plan::Enterprise];

/// How people read a plan.
pub fn plan_label(plan: Plan) -> &'static str {
    match plan {
        Plan::Free => "Free",
        Plan::Families => "Families",
        Plan::Teams => "Teams",
        Plan::Enterprise => "Enterprise",
    }
}

/// Checks an organization name; the message for its field, if wrong.
pub fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("Enter the organization's name.".into())
    } else if name.chars().count() > ORGANIZATION_NAME_MAX {
        Some(format!("Use at most {ORGANIZATION_NAME_MAX} characters."))
    } else {
        None
    }
}

/// The seats of a form: `None` for unlimited, or the number typed; the message for the field
/// when the number is not one the server accepts.
pub fn seats_value(unlimited: bool, typed: &str) -> Result<Option<i32>, String> {
    if unlimited {
        return Ok(None);
    }
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("Enter a number of seats, or choose unlimited.".into());
    }
    match typed.parse::<i64>() {
        Ok(n) if (1..=i64::from(SEATS_MAX)).contains(&n) => Ok(i32::try_from(n).ok()),
        Ok(_) => Err(format!("Enter a whole number from 1 to {SEATS_MAX}.")),
        Err(_) => Err("Enter a whole number of seats, like 25.".into()),
    }
}

/// How full the seats are: `ok`, `warn` (80 % or more) or `full` (all taken).
pub fn seat_tone(used: i64, seats: Option<i32>) -> &'static str {
    match seats {
        None => "ok",
        Some(total) => {
            let total = i64::from(total);
            if used >= total {
                "full"
            } else if used * 100 >= total * 80 {
                "warn"
            } else {
                "ok"
            }
        }
    }
}

/// Seats used against the seats bought, as a number and a bar ("unlimited" without a limit).
#[component]
pub fn SeatBar(
    /// Seats taken.
    used: i64,
    /// Seats bought (`None`: unlimited).
    seats: Option<i32>,
) -> impl IntoView {
    let tone = seat_tone(used, seats);
    let (text, width, label) = match seats {
        Some(total) => {
            let total = i64::from(total);
            let width = if total <= 0 { 100 } else { (used * 100 / total).clamp(0, 100) };
            (format!("{used} / {total}"), width, format!("{used} of {total} seats used"))
        }
        None => (format!("{used} used"), 0, format!("{used} seats used, no limit")),
    };
    let unlimited = seats.is_none();
    view! {
        <div class=format!("seat-bar seat-bar-{tone}") class:seat-bar-unlimited=unlimited data-testid="seat-bar" title=label>
            <span class="seat-bar-text">
                {text}
                {unlimited.then(|| view! { <span class="seat-bar-unlimited-label">" · unlimited"</span> })}
            </span>
            <span class="seat-bar-track" aria-hidden="true">
                <span class="seat-bar-fill" style=format!("width: {width}%")></span>
            </span>
        </div>
    }
}

/// The caller's member type and status as pills (nothing for a non-member).
#[component]
pub fn MemberPills(access: OrganizationAccess) -> impl IntoView {
    let kind = access.member_type.map(|t| {
        let tone = if t == MemberType::Owner { "accent" } else { "" };
        view! { <span class=format!("status-pill status-pill-{tone}") data-testid="member-type">{t.label()}</span> }
    });
    let status = access.member_status.map(|s| {
        let (tone, text) = match s {
            MemberStatus::Confirmed => ("ok", "Confirmed"),
            MemberStatus::Accepted => ("warn", "Awaiting confirmation"),
            MemberStatus::Invited => ("", "Invited"),
        };
        view! {
            <span class=format!("status-pill status-pill-{tone}") data-testid="member-status">
                <span class=format!("status-dot status-dot-{tone}") aria-hidden="true"></span>
                {text}
            </span>
        }
    });
    view! { {kind} {status} }
}

/// The plan select of a form.
#[component]
pub fn PlanSelect(
    /// The select's id.
    id: &'static str,
    /// The chosen plan.
    value: RwSignal<Plan>,
    /// The error to show.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id>"Plan"</label>
            <select
                id=id
                name=id
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                on:change=move |ev| {
                    if let Some(plan) = Plan::parse(&event_target_value(&ev)) {
                        value.set(plan);
                    }
                }
            >
                {PLANS
                    .into_iter()
                    .map(|p| view! { <option value=p.as_str() selected=move || value.get() == p>{plan_label(p)}</option> })
                    .collect_view()}
            </select>
            <FieldMessage id=error_id error=error />
        </div>
    }
}

/// The seats of a form: a number, or an "Unlimited" checkbox that sets the number aside.
#[component]
pub fn SeatsField(
    /// The number input's id (the checkbox's is `<id>-unlimited`).
    id: &'static str,
    /// The number typed.
    seats: RwSignal<String>,
    /// Whether the organization has no seat limit.
    unlimited: RwSignal<bool>,
    /// A hint under the field.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The error to show.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// Called when the value changes (to clear a stale error).
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let checkbox_id = format!("{id}-unlimited");
    let checkbox_for = checkbox_id.clone();
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
    let changed = move || {
        if let Some(cb) = on_change {
            cb.run(());
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id>"Seats"</label>
            <div class="seats-input">
                <input
                    id=id
                    name=id
                    type="number"
                    min="1"
                    max=SEATS_MAX.to_string()
                    step="1"
                    inputmode="numeric"
                    autocomplete="off"
                    disabled=move || unlimited.get()
                    placeholder=move || if unlimited.get() { "Unlimited" } else { "" }
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=described_by
                    prop:value=move || if unlimited.get() { String::new() } else { seats.get() }
                    on:input=move |ev| {
                        seats.set(event_target_value(&ev));
                        changed();
                    }
                />
                <label class="checkbox" for=checkbox_for>
                    <input
                        id=checkbox_id
                        type="checkbox"
                        prop:checked=move || unlimited.get()
                        on:change=move |ev| {
                            unlimited.set(event_target_checked(&ev));
                            changed();
                        }
                    />
                    "Unlimited"
                </label>
            </div>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            <FieldMessage id=error_id error=error />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seats_are_checked_like_the_server_does() {
        assert_eq!(seats_value(true, "abc"), Ok(None));
        assert_eq!(seats_value(false, " 25 "), Ok(Some(25)));
        assert!(seats_value(false, "0").is_err());
        assert!(seats_value(false, "").is_err());
        assert!(seats_value(false, "2.5").is_err());
        assert!(seats_value(false, "100001").is_err());
    }

    #[test]
    fn seats_turn_warn_near_the_limit_and_full_at_it() {
        assert_eq!(seat_tone(1, None), "ok");
        assert_eq!(seat_tone(3, Some(10)), "ok");
        assert_eq!(seat_tone(8, Some(10)), "warn");
        assert_eq!(seat_tone(10, Some(10)), "full");
        assert_eq!(seat_tone(1, Some(1)), "full");
    }
}
