//! One module per page of the portal.

pub mod home;
pub mod not_found;
pub mod sign_in;
