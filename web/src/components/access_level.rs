//! The one way the portal shows and chooses a collection access level: the five levels of
//! `docs/domain.md` in plain words, each with a line that says what it allows. Every grant editor
//! (groups, collections, a member's direct access) uses [`AccessLevelPicker`]; lists show a level
//! with [`AccessBadge`]. Combining grants is [`AccessLevel::combine`], never done here.

use leptos::prelude::*;
use portal_shared::collections::AccessLevel;

/// What a level allows, in one line.
pub fn level_detail(level: AccessLevel) -> &'static str {
    match level {
        AccessLevel::CanViewExceptPasswords => "Sees the items; passwords and TOTP secrets stay hidden.",
        AccessLevel::CanView => "Sees the items, passwords included; changes nothing.",
        AccessLevel::CanEditExceptPasswords => "Adds and changes items; passwords and TOTP secrets stay hidden.",
        AccessLevel::CanEdit => "Adds and changes items, passwords included.",
        AccessLevel::CanManage => "Edits the items, renames the collection and decides who reaches it.",
    }
}

/// The API's name of a level (the option values).
pub fn level_key(level: AccessLevel) -> &'static str {
    match level {
        AccessLevel::CanView => "can_view",
        AccessLevel::CanViewExceptPasswords => "can_view_except_passwords",
        AccessLevel::CanEdit => "can_edit",
        AccessLevel::CanEditExceptPasswords => "can_edit_except_passwords",
        AccessLevel::CanManage => "can_manage",
    }
}

/// The badge tone of a level: managing stands out, hidden passwords are muted.
fn level_tone(level: AccessLevel) -> &'static str {
    match level {
        AccessLevel::CanManage => "access-manage",
        AccessLevel::CanEdit | AccessLevel::CanEditExceptPasswords => "access-edit",
        AccessLevel::CanView | AccessLevel::CanViewExceptPasswords => "access-view",
    }
}

/// A level as a small badge, with its explanation as a tooltip.
#[component]
pub fn AccessBadge(level: AccessLevel) -> impl IntoView {
    view! {
        <span class=format!("access-badge {}", level_tone(level)) title=level_detail(level) data-testid="access-level">
            {level.label()}
        </span>
    }
}

/// Chooses one of the five levels: a select with plain labels, and under it the line that says
/// what the chosen level allows (tied to the select for screen readers).
#[component]
pub fn AccessLevelPicker(
    /// The select's id (the explanation's id derives from it).
    #[prop(into)]
    id: String,
    /// The chosen level, two-way.
    level: RwSignal<AccessLevel>,
    /// The accessible name ("Access of Sales to Finance").
    #[prop(into)]
    label: String,
    /// Whether the explanation line shows (tables may keep it as a tooltip only).
    #[prop(default = true)]
    explain: bool,
) -> impl IntoView {
    let detail_id = format!("{id}-detail");
    let options = AccessLevel::ALL
        .into_iter()
        .map(|l| {
            view! {
                <option value=level_key(l) title=level_detail(l) selected=move || level.get() == l>
                    {l.label()}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="access-picker">
            <select
                id=id
                class="access-select"
                aria-label=label
                aria-describedby=explain.then(|| detail_id.clone())
                title=move || level_detail(level.get())
                data-testid="access-picker"
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(l) = AccessLevel::ALL.into_iter().find(|l| level_key(*l) == value) {
                        level.set(l);
                    }
                }
            >
                {options}
            </select>
            {explain.then(|| view! {
                <p class="access-detail" id=detail_id>{move || level_detail(level.get())}</p>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_has_its_own_key_and_line() {
        let keys: std::collections::HashSet<_> = AccessLevel::ALL.into_iter().map(level_key).collect();
        let lines: std::collections::HashSet<_> = AccessLevel::ALL.into_iter().map(level_detail).collect();
        assert_eq!((keys.len(), lines.len()), (5, 5));
        for l in AccessLevel::ALL {
            let json = serde_json::to_string(&l).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", level_key(l)), "the option value is the API's name");
        }
    }
}
