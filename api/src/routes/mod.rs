//! The routing table, which is also the OpenAPI document: every handler is mounted here with
//! `.service(..)` so utoipa-actix-web collects it, and nowhere else.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::service_config::ServiceConfig;

pub mod accounts;
pub mod auth;
pub mod collections;
pub mod fallback;
pub mod groups;
pub mod meta;
pub mod organizations;
pub mod policies;
pub mod providers;

/// The API's description, shown at the top of `/docs`.
const API_DESCRIPTION: &str = "\
The REST API of Provider Portal, a zero-knowledge password-sharing system for managed service \
providers (MSPs) and their client organizations.

**Zero knowledge.** Vault contents, master passwords and unwrapped keys never reach this API: \
clients encrypt before they send. The API stores, returns and authorizes ciphertext.

**Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `type` \
(`/problems/<slug>`) to branch on, a human `detail`, per-field `errors` for validation \
failures (422), and the `request_id` that is also in the `x-request-id` response header.

**Lists** are paginated: pass `limit` (1-500, default 50) and the `next` cursor of the previous \
page as `cursor`.

**Tenants are walls**: anything of another provider or organization answers 404; a role \
without the right answers 403.";

/// The OpenAPI document's fixed parts; paths are collected from the routing table.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Provider Portal API",
        description = API_DESCRIPTION,
        license(name = "AGPL-3.0-only", identifier = "AGPL-3.0-only"),
    ),
    components(schemas(portal_shared::Problem, portal_shared::FieldError)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "meta", description = "What the server is, and whether it is healthy."),
        (name = "accounts", description = "Registration, prelogin, the signed-in user's account and keys, master password and email changes. Keys are made and encrypted by the client; the server sees only ciphertext and an authentication hash."),
        (name = "two-step login", description = "Time-based one-time passwords (RFC 6238) from an authenticator app, and the recovery code."),
        (name = "providers", description = "Providers (MSPs, resellers, business units): created by instance administrators, finished by their first Provider Admin, readable by their users. Another provider's anything answers 404."),
        (name = "provider users", description = "A provider's Provider Admins and Service Users: invite, accept, confirm (the admin's browser wraps the provider key to the user's public key), change type, revoke, restore, remove. The last confirmed Provider Admin can never be removed, revoked or demoted."),
        (name = "clients", description = "A provider's client organizations: seats, members awaiting confirmation, create (the browser makes the organization key and encrypts it with the provider key), attach, detach, plan and seats."),
        (name = "organizations", description = "Organizations as their members reach them: the caller's own organizations, creating a standalone one (the browser makes its key), and one organization with the caller's way in. Every confirmed user of a provider administers every client organization of that provider; anyone else without a membership gets 404."),
        (name = "members", description = "An organization's members, for its administrators (Owners, Admins, and every user of its provider): list, invite (each invitation takes a seat; concurrent invitations never exceed the seats)."),
        (name = "groups", description = "An organization's groups: named sets of members through which access to collections is granted. For administrators, Custom members with \"manage groups\" and API keys."),
        (name = "collections", description = "An organization's collections and the access to them: five levels granted to members and groups; when a member reaches a collection directly and through groups, the most permissive grant wins. Revoked members reach nothing."),
        (name = "api key", description = "An organization's API key for integrations (PSA, RMM, HR, scripts): one live key, read or write, managed by its confirmed Owners and its provider's users. The secret is shown once; rotating or revoking it ends every token issued under it at once. A write key's token invites and manages members, groups, collections and policies and reads the event log; it never reaches the vault, the settings, the confirmation of members or the key itself."),
        (name = "policies", description = "An organization's policies (require two-step login, master password requirements, password generator rules, single organization, remove individual vault, vault timeout), and the policies in force for the signed-in user. Enabling two-step login or single organization revokes the members it excludes (never Owners), after the caller confirms the list."),
        (name = "auth", description = "The OAuth2-shaped token endpoint (password, refresh and client-credentials grants) and sign-out."),
    )
)]
pub struct ApiDoc;

/// The security schemes every protected endpoint refers to.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.bearer_format = Some("JWT".into());
        bearer.description = Some(
            "A short-lived access token from the token endpoint (password, refresh or \
             client-credentials grant), sent as `Authorization: Bearer <token>`."
                .into(),
        );
        components.add_security_scheme("bearer", SecurityScheme::Http(bearer));
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "authorization",
                "Integrations exchange an organization's or provider's API key (client id and \
                 secret) for a scoped bearer token with the client-credentials grant.",
            ))),
        );
    }
}

/// Mounts everything under `/api/v1`.
pub fn configure_api(cfg: &mut ServiceConfig) {
    cfg.service(meta::get_meta)
        .service(meta::get_openapi)
        .configure(accounts::configure)
        .configure(auth::configure)
        .configure(providers::configure)
        .configure(organizations::configure)
        .configure(groups::configure)
        .configure(collections::configure)
        .configure(policies::configure);
}

/// Mounts the endpoints outside the versioned API (probes for load balancers and orchestrators).
pub fn configure_root(cfg: &mut ServiceConfig) {
    cfg.service(meta::healthz).service(meta::readyz);
}
