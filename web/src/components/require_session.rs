//! The gate in front of every page that needs the keys: signed out goes to the sign-in page
//! (and back here after), locked shows the unlock card, unlocked shows the page.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::components::unlock_card::UnlockCard;
use crate::session::{Status, path_and_query, sign_in_path, use_session};

/// Shows `children` only to an unlocked session.
#[component]
pub fn RequireUnlocked(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let children = StoredValue::new(children);
    move || match session.status() {
        Status::SignedOut => {
            let here = path_and_query(&location);
            EitherOf3::A(view! { <Redirect path=sign_in_path(&here) /> })
        }
        Status::Locked => EitherOf3::B(view! { <UnlockCard /> }),
        Status::Unlocked => EitherOf3::C(children.with_value(|c| c())),
    }
}
