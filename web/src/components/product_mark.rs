//! The product's mark (the shield and key of the favicon).

use leptos::prelude::*;

/// The product mark at `size` CSS pixels. Decorative: put the product's name next to it in text.
#[component]
pub fn ProductMark(#[prop(default = 28)] size: u32) -> impl IntoView {
    view! { <img class="product-mark" src="/favicon.svg" alt="" width=size height=size /> }
}
