//! One module per page of the portal.

pub mod home;
pub mod not_found;
pub mod register;
pub mod settings;
pub mod sign_in;
pub mod verify_email;
