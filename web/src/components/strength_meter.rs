//! The master-password strength meter: the shared estimator's score as four bars, its label,
//! whether the password is strong enough, and the estimator's feedback.

use leptos::prelude::*;
use portal_shared::password::{self, MIN_LENGTH, MIN_SCORE, Strength};

/// Estimates `password` with the person's email and name counting against it.
pub fn estimate(password: &str, personal: &[String]) -> Strength {
    let inputs: Vec<&str> = personal.iter().map(String::as_str).filter(|s| !s.is_empty()).collect();
    password::estimate(password, &inputs)
}

/// The sentence shown when a master password is refused (the meter above lists the details).
pub fn refusal(strength: &Strength) -> String {
    if strength.length < MIN_LENGTH {
        format!("Use at least {MIN_LENGTH} characters ({} so far).", strength.length)
    } else {
        "This master password is too easy to guess. Try the suggestions above.".to_owned()
    }
}

/// The meter under a new master password. Says nothing until something is typed.
#[component]
pub fn StrengthMeter(
    /// The id of the meter (for the input's `aria-describedby`).
    id: &'static str,
    /// The password being typed.
    #[prop(into)]
    password: Signal<String>,
    /// The person's email and name, which count against the password.
    #[prop(into)]
    personal: Signal<Vec<String>>,
) -> impl IntoView {
    let strength = Memo::new(move |_| {
        let pw = password.get();
        (!pw.is_empty()).then(|| personal.with(|p| estimate(&pw, p)))
    });
    // Bars lit: none before typing, then the score, with at least one.
    let lit = move || strength.with(|s| s.as_ref().map_or(0, |s| s.score.max(1)));
    let level = move || match strength.with(|s| s.as_ref().map(|s| (s.is_acceptable(), s.score))) {
        None => "empty",
        Some((false, 0 | 1)) => "weak",
        Some((false, _)) => "fair",
        Some((true, 3)) => "good",
        Some((true, _)) => "strong",
    };

    view! {
        <div class="strength" id=id data-level=level>
            <div class="strength-bars" aria-hidden="true">
                {(1..=4u8)
                    .map(move |i| {
                        view! {
                            <span class="strength-bar" class:strength-bar-on=move || { lit() >= i }></span>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="strength-summary" aria-live="polite">
                {move || match strength.get() {
                    None => format!("At least {MIN_LENGTH} characters, and hard to guess."),
                    Some(s) if s.is_acceptable() => format!("{}: strong enough.", s.label()),
                    Some(s) if s.length < MIN_LENGTH => {
                        format!("{}: too short ({} of {MIN_LENGTH} characters).", s.label(), s.length)
                    }
                    Some(s) => format!("{}: too easy to guess (needs “{}” or better).", s.label(), label_for(MIN_SCORE)),
                }}
            </p>
            <ul class="strength-feedback">
                {move || {
                    strength
                        .get()
                        .map(|s| {
                            s.hints
                                .iter()
                                .map(|h| {
                                    let class = if h.is_warning() { "strength-warning" } else { "strength-suggestion" };
                                    view! { <li class=class>{h.message()}</li> }
                                })
                                .collect_view()
                        })
                }}
            </ul>
        </div>
    }
}

fn label_for(score: u8) -> &'static str {
    Strength { score, bits: 0, length: 0, hints: Vec::new() }.label()
}
