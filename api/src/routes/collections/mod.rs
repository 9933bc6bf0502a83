//! `/api/v1/organizations/{id}/collections`: named sets of an organization's vault items, the
//! access members and groups have to them, and the effective access that results.

pub mod access;
pub mod handlers;
pub mod store;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts the collection endpoints.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(handlers::list_collections)
        .service(handlers::create_collection)
        .service(handlers::get_collection)
        .service(handlers::update_collection)
        .service(handlers::delete_collection)
        .service(handlers::get_collection_access)
        .service(handlers::list_member_collections);
}
