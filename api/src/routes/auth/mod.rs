//! `/api/v1/auth`: the token endpoint and sign-out.

pub mod grants;
pub mod handlers;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts the token endpoints.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(handlers::token).service(handlers::logout);
}
