//! Reusable pieces of the portal: the shell around every page and the small parts pages share.

pub mod access_level;
pub mod account_card;
pub mod copy_button;
pub mod error_notice;
pub mod event_log;
pub mod form;
pub mod grant_list;
pub mod icons;
pub mod kdf_progress;
pub mod modal;
pub mod organization_parts;
pub mod organizations_card;
pub mod paged_list;
pub mod product_mark;
pub mod provider_badges;
pub mod providers_card;
pub mod qr_code;
pub mod require_session;
pub mod row_menu;
pub mod server_status;
pub mod shell;
pub mod strength_meter;
pub mod unlock_card;
pub mod user_menu;
