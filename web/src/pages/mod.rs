//! One module per page of the portal.

pub mod admin;
pub mod home;
pub mod invitation;
pub mod not_found;
pub mod organizations;
pub mod providers;
pub mod register;
pub mod settings;
pub mod sign_in;
pub mod verify_email;
