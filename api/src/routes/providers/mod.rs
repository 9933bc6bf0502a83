//! `/api/v1/providers`: providers set up by the instance and finished by their first admin.

pub mod handlers;
pub mod store;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts the provider endpoints.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(handlers::create_provider)
        .service(handlers::list_providers)
        .service(handlers::get_provider)
        .service(handlers::update_provider)
        .service(handlers::disable_provider)
        .service(handlers::enable_provider)
        .service(handlers::setup_provider)
        .service(handlers::accept_invitation);
}
