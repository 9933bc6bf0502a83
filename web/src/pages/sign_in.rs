//! `/sign-in`: the sign-in form's frame. Accounts do not exist yet, so the form is laid out as it
//! will be but inert: the fields are read-only and `aria-disabled` (not `disabled`, so keyboard and
//! screen-reader users can still reach them and hear why), and submitting does nothing.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use portal_shared::PRODUCT_NAME;

use crate::components::product_mark::ProductMark;

/// The sign-in card.
#[component]
pub fn SignIn() -> impl IntoView {
    view! {
        <Title text="Sign in" />
        <div class="auth-page">
            <div class="card auth-card">
                <div class="auth-header">
                    <ProductMark size=44 />
                    <h1 class="auth-title">{format!("Sign in to {PRODUCT_NAME}")}</h1>
                    <p class="muted">"Use the email address and master password of your account."</p>
                </div>
                <div class="notice notice-info" id="sign-in-unavailable" role="status">
                    <div class="notice-body">
                        <p class="notice-title">"Sign-in is not available on this server yet."</p>
                        <p class="notice-detail">"Accounts arrive with the next release of this instance."</p>
                    </div>
                </div>
                <form class="form" novalidate on:submit=|ev| ev.prevent_default()>
                    <div class="field">
                        <label for="email">"Email"</label>
                        <input
                            id="email"
                            name="email"
                            type="email"
                            autocomplete="username"
                            inputmode="email"
                            placeholder="you@example.com"
                            readonly
                            aria-disabled="true"
                            aria-describedby="sign-in-unavailable"
                        />
                    </div>
                    <div class="field">
                        <label for="master-password">"Master password"</label>
                        <input
                            id="master-password"
                            name="master_password"
                            type="password"
                            autocomplete="current-password"
                            readonly
                            aria-disabled="true"
                            aria-describedby="master-password-hint sign-in-unavailable"
                        />
                        <p class="field-hint" id="master-password-hint">
                            "Your master password never leaves this device."
                        </p>
                    </div>
                    <button
                        type="submit"
                        class="btn btn-primary btn-block"
                        aria-disabled="true"
                        aria-describedby="sign-in-unavailable"
                    >
                        "Sign in"
                    </button>
                </form>
            </div>
            <p class="auth-aside">
                <A href="/">"← Back to the home page"</A>
            </p>
        </div>
    }
}
