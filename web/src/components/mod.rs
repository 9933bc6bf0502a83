//! Reusable pieces of the portal: the shell around every page and the small parts pages share.

pub mod error_notice;
pub mod product_mark;
pub mod server_status;
pub mod shell;
