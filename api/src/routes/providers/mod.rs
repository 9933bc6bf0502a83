//! `/api/v1/providers`: providers set up by the instance and finished by their first admin.

pub mod client_store;
pub mod clients;
pub mod handlers;
pub mod store;
pub mod user_store;
pub mod users;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts the provider endpoints.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(handlers::create_provider)
        .service(handlers::list_providers)
        .service(handlers::get_provider)
        .service(handlers::update_provider)
        .service(handlers::disable_provider)
        .service(handlers::enable_provider)
        .service(handlers::resend_provider_invitation)
        .service(handlers::setup_provider)
        .service(handlers::preview_invitation)
        .service(handlers::accept_invitation)
        .service(handlers::list_provider_events)
        .service(users::list_provider_users)
        .service(users::invite_provider_users)
        .service(users::get_provider_user_public_key)
        .service(users::confirm_provider_user)
        .service(users::update_provider_user)
        .service(users::revoke_provider_user)
        .service(users::restore_provider_user)
        .service(users::remove_provider_user)
        .service(users::reinvite_provider_user)
        .service(users::leave_provider)
        .service(users::get_provider_membership)
        .service(clients::list_clients)
        .service(clients::create_client)
        .service(clients::attach_client)
        .service(clients::detach_client)
        .service(clients::update_client);
}
