//! `/api/v1/organizations/{id}/groups`: named sets of an organization's members, through which
//! access to collections is granted.

pub mod handlers;
pub mod store;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts the group endpoints.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(handlers::list_groups)
        .service(handlers::create_group)
        .service(handlers::get_group)
        .service(handlers::update_group)
        .service(handlers::replace_group_members)
        .service(handlers::delete_group);
}
