//! `/api/v1/accounts`: registration, prelogin, the signed-in user's account, master password and
//! email changes, two-step login.

pub mod handlers;
pub mod store;
pub mod two_step;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts the account endpoints.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(handlers::prelogin)
        .service(handlers::register)
        .service(handlers::get_me)
        .service(handlers::update_me)
        .service(handlers::change_password)
        .service(handlers::request_email_change)
        .service(handlers::verify_email)
        .service(two_step::start_totp)
        .service(two_step::confirm_totp)
        .service(two_step::disable_totp);
}
