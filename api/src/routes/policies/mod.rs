//! `/api/v1/organizations/{id}/policies` and `/api/v1/accounts/me/policies`: an organization's
//! policies for those who manage them, and the policies in force for the signed-in user.

pub mod handlers;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts the policy endpoints.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(handlers::list_policies)
        .service(handlers::preview_policy)
        .service(handlers::update_policy)
        .service(handlers::list_my_policies);
}
