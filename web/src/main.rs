//! Provider Portal's web portal: a Leptos client-side app compiled to WASM. `boot.js` loads this
//! module; `main` mounts the app on `<body>`.

mod api;
mod app;
mod components;
mod format;
mod kdf;
mod pages;
mod server_meta;
mod session;
mod visit_cache;

fn main() {
    // Panics show up in the browser console with their message instead of "unreachable".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
