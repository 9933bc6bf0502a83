//! Instance administration: the pages only instance administrators reach (`/admin/...`).

mod provider_dialogs;
pub mod providers;
