//! `/api/v1/organizations`: organizations as their members and administrators reach them.

pub mod api_key;
pub mod events;
pub mod handlers;
pub mod member_edits;
pub mod member_store;
pub mod members;
pub mod store;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts the organization endpoints.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(handlers::list_organizations)
        .service(handlers::create_organization)
        .service(handlers::get_organization)
        .service(handlers::update_organization)
        .service(handlers::delete_organization)
        .service(members::list_members)
        .service(members::invite_members)
        .service(members::get_member_public_key)
        .service(members::confirm_members)
        .service(member_edits::update_member)
        .service(member_edits::reinvite_member)
        .service(member_edits::revoke_member)
        .service(member_edits::restore_member)
        .service(member_edits::remove_member)
        .service(member_edits::leave_organization)
        .service(events::list_organization_events)
        .service(api_key::get_api_key)
        .service(api_key::create_api_key)
        .service(api_key::rotate_api_key)
        .service(api_key::revoke_api_key);
}
