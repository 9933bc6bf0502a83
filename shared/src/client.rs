//! The typed API client: every endpoint described once, as a type that knows its method, its path
//! and its request and response bodies. Transports (the portal's `fetch`, the tests' in-process
//! service, an integration's HTTP client) implement [`Transport`] and get every endpoint for free.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Problem;

/// The API's base path.
pub const API_BASE: &str = "/api/v1";

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Read.
    Get,
    /// Create or act.
    Post,
    /// Partial update.
    Patch,
    /// Replace.
    Put,
    /// Delete.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One endpoint of the API.
pub trait Endpoint {
    /// The endpoint's method.
    const METHOD: Method;
    /// The JSON body sent (`()` for none).
    type Request: Serialize;
    /// The JSON body answered on success (`()` for an empty answer such as 202 or 204).
    type Response: DeserializeOwned;
    /// Whether the endpoint needs `Authorization: Bearer <access token>`. A transport adds the
    /// token (and refreshes it on a 401) for these endpoints only.
    const AUTHENTICATED: bool = false;
    /// The path below the host, including [`API_BASE`] and any query string.
    fn path(&self) -> String;
    /// The body to send, if any.
    fn body(&self) -> Option<&Self::Request> {
        None
    }
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// The server answered with a problem.
    Problem(Box<Problem>),
    /// The server could not be reached, or its answer could not be read.
    Transport(String),
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Problem(p) => p.fmt(f),
            ClientError::Transport(t) => write!(f, "The server could not be reached: {t}"),
        }
    }
}

impl std::error::Error for ClientError {}

impl ClientError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Problem(p) => Some(p.status),
            ClientError::Transport(_) => None,
        }
    }
}

/// Reads a response: a 2xx body as `T`, anything else as a [`Problem`] (or a synthesized one when
/// something between the client and the API answered with something else).
pub fn decode_response<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ClientError> {
    if (200..300).contains(&status) {
        let body = if body.is_empty() { b"null".as_slice() } else { body };
        return serde_json::from_slice(body).map_err(|e| ClientError::Transport(format!("unreadable response: {e}")));
    }
    match serde_json::from_slice::<Problem>(body) {
        Ok(problem) => Err(ClientError::Problem(Box::new(problem))),
        Err(_) => Err(ClientError::Problem(Box::new(Problem {
            kind: "/problems/unexpected-response".into(),
            title: "The server gave an unexpected answer".into(),
            status,
            detail: Some(String::from_utf8_lossy(body).chars().take(200).collect()),
            errors: Vec::new(),
            request_id: None,
        }))),
    }
}

/// `GET /api/v1/meta`: the server's name, version and backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct GetMeta;

impl Endpoint for GetMeta {
    const METHOD: Method = Method::Get;
    type Request = ();
    type Response = crate::meta::Meta;
    fn path(&self) -> String {
        format!("{API_BASE}/meta")
    }
}

/// Declares an endpoint type: its method, path, whether it needs a bearer token, and its request
/// and response bodies. A unit struct for body-less endpoints, a tuple struct over the body otherwise.
macro_rules! endpoint {
    ($(#[$doc:meta])* $name:ident: $method:ident $path:literal, auth = $auth:literal, () -> $response:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl Endpoint for $name {
            const METHOD: Method = Method::$method;
            const AUTHENTICATED: bool = $auth;
            type Request = ();
            type Response = $response;
            fn path(&self) -> String {
                format!("{API_BASE}{}", $path)
            }
        }
    };
    ($(#[$doc:meta])* $name:ident: $method:ident $path:literal, auth = $auth:literal, $request:ty => $response:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub $request);

        impl Endpoint for $name {
            const METHOD: Method = Method::$method;
            const AUTHENTICATED: bool = $auth;
            type Request = $request;
            type Response = $response;
            fn path(&self) -> String {
                format!("{API_BASE}{}", $path)
            }
            fn body(&self) -> Option<&Self::Request> {
                Some(&self.0)
            }
        }
    };
}

endpoint! {
    /// `POST /api/v1/accounts/prelogin`: the KDF parameters and salt for an email.
    Prelogin: Post "/accounts/prelogin", auth = false,
    crate::accounts::PreloginRequest => crate::accounts::PreloginResponse
}

endpoint! {
    /// `POST /api/v1/accounts`: register (201 with the new account; no tokens, sign in next).
    Register: Post "/accounts", auth = false,
    crate::accounts::RegisterRequest => crate::accounts::Account
}

endpoint! {
    /// `POST /api/v1/auth/token`: every grant (password, refresh token, client credentials), sent as
    /// JSON. Problems to branch on: `invalid-grant` (400), `two-step-required` (401),
    /// `invalid-two-step-code` (400), `too-many-requests` (429, `Retry-After`).
    Token: Post "/auth/token", auth = false,
    crate::auth::TokenRequest => crate::auth::TokenResponse
}

endpoint! {
    /// `POST /api/v1/auth/logout`: ends the session of a refresh token (always 204).
    Logout: Post "/auth/logout", auth = false,
    crate::auth::LogoutRequest => ()
}

endpoint! {
    /// `GET /api/v1/accounts/me`: the signed-in user's profile and encrypted keys.
    GetMe: Get "/accounts/me", auth = true, () -> crate::accounts::Account
}

endpoint! {
    /// `PATCH /api/v1/accounts/me`: change the display name.
    UpdateMe: Patch "/accounts/me", auth = true,
    crate::accounts::UpdateAccount => crate::accounts::Account
}

endpoint! {
    /// `POST /api/v1/accounts/me/password`: change the master password; answers fresh tokens for
    /// this session (every other session ends).
    ChangePassword: Post "/accounts/me/password", auth = true,
    crate::accounts::ChangePasswordRequest => crate::auth::TokenResponse
}

endpoint! {
    /// `POST /api/v1/accounts/me/email`: ask to change the email (202; a link goes to the new address).
    RequestEmailChange: Post "/accounts/me/email", auth = true,
    crate::accounts::EmailChangeRequest => ()
}

endpoint! {
    /// `POST /api/v1/accounts/email-verification`: apply an email change with the mailed token.
    VerifyEmail: Post "/accounts/email-verification", auth = false,
    crate::accounts::VerifyEmailRequest => crate::accounts::Account
}

endpoint! {
    /// `POST /api/v1/accounts/me/two-step/totp`: start a TOTP enrolment (needs the master password).
    StartTotp: Post "/accounts/me/two-step/totp", auth = true,
    crate::accounts::ProveMasterPassword => crate::accounts::TotpEnrollment
}

endpoint! {
    /// `POST /api/v1/accounts/me/two-step/totp/confirm`: finish the enrolment with a code; answers
    /// the recovery code, shown once.
    ConfirmTotp: Post "/accounts/me/two-step/totp/confirm", auth = true,
    crate::accounts::TotpConfirm => crate::accounts::TotpEnabled
}

endpoint! {
    /// `POST /api/v1/accounts/me/two-step/totp/disable`: turn two-step login off (204; needs the
    /// master password).
    DisableTotp: Post "/accounts/me/two-step/totp/disable", auth = true,
    crate::accounts::ProveMasterPassword => ()
}

/// Percent-encodes `text` for one path segment or one query value: everything but the
/// unreserved characters of RFC 3986 (`A-Z a-z 0-9 - . _ ~`).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `?a=1&b=2` from the pairs that have a value (nothing when none has), values percent-encoded.
pub fn query_string(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name}={}", encode_component(v))))
        .collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

/// Declares an endpoint whose path has parameters (or a query): a struct with named fields, the
/// path computed from them (below [`API_BASE`]), and optionally one field sent as the JSON body.
macro_rules! endpoint_at {
    (
        $(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $fty:ty),+ $(,)? }:
        $method:ident, auth = $auth:literal, path = |$this:ident| $path:expr,
        body = $body:ident: $request:ty => $response:ty
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: $fty,)+
        }

        impl Endpoint for $name {
            const METHOD: Method = Method::$method;
            const AUTHENTICATED: bool = $auth;
            type Request = $request;
            type Response = $response;
            fn path(&self) -> String {
                let $this = self;
                format!("{API_BASE}{}", $path)
            }
            fn body(&self) -> Option<&Self::Request> {
                Some(&self.$body)
            }
        }
    };
    (
        $(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $fty:ty),+ $(,)? }:
        $method:ident, auth = $auth:literal, path = |$this:ident| $path:expr, () -> $response:ty
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: $fty,)+
        }

        impl Endpoint for $name {
            const METHOD: Method = Method::$method;
            const AUTHENTICATED: bool = $auth;
            type Request = ();
            type Response = $response;
            fn path(&self) -> String {
                let $this = self;
                format!("{API_BASE}{}", $path)
            }
        }
    };
}

endpoint! {
    /// `POST /api/v1/providers` (instance administrators): a pending provider and the mailed
    /// invitation of its first Provider Admin (201).
    CreateProvider: Post "/providers", auth = true,
    crate::providers::CreateProvider => crate::providers::Provider
}

endpoint_at! {
    /// `GET /api/v1/providers`: a page of providers, by name (every provider for instance
    /// administrators, otherwise the caller's active ones).
    ListProviders {
        /// Search, status filter, page size and cursor.
        query: crate::providers::ProviderQuery,
    }: Get, auth = true, path = |e| format!("/providers{}", query_string(&[
        ("search", e.query.search.clone()),
        ("status", e.query.status.map(|s| s.as_str().to_owned())),
        ("limit", e.query.limit.map(|l| l.to_string())),
        ("cursor", e.query.cursor.clone()),
    ])), () -> crate::page::Page<crate::providers::Provider>
}

endpoint_at! {
    /// `GET /api/v1/providers/{id}`: 404 for a provider the caller has no access to (a disabled
    /// provider, for its own users).
    GetProvider {
        /// The provider's id.
        id: String,
    }: Get, auth = true, path = |e| format!("/providers/{}", encode_component(&e.id)),
    () -> crate::providers::Provider
}

endpoint_at! {
    /// `PATCH /api/v1/providers/{id}`: name and billing email (Provider Admins, instance
    /// administrators); type (instance administrators). 403 for a Service User.
    UpdateProvider {
        /// The provider's id.
        id: String,
        /// The fields to change.
        patch: crate::providers::UpdateProvider,
    }: Patch, auth = true, path = |e| format!("/providers/{}", encode_component(&e.id)),
    body = patch: crate::providers::UpdateProvider => crate::providers::Provider
}

endpoint_at! {
    /// `POST /api/v1/providers/{id}/disable` (instance administrators): its users lose access to
    /// it and its clients; nothing is deleted. Idempotent.
    DisableProvider {
        /// The provider's id.
        id: String,
    }: Post, auth = true, path = |e| format!("/providers/{}/disable", encode_component(&e.id)),
    () -> crate::providers::Provider
}

endpoint_at! {
    /// `POST /api/v1/providers/{id}/enable` (instance administrators). Idempotent.
    EnableProvider {
        /// The provider's id.
        id: String,
    }: Post, auth = true, path = |e| format!("/providers/{}/enable", encode_component(&e.id)),
    () -> crate::providers::Provider
}

endpoint_at! {
    /// `POST /providers/{id}/invitation`: a pending provider's first admin is invited again.
    ResendProviderInvitation {
        id: String,
    }: Post, auth = true, path = |e| format!("/providers/{}/invitation", encode_component(&e.id)),
    () -> crate::providers::Provider
}

endpoint! {
    /// `POST /api/v1/invitations/accept`: the signed-in account accepts a mailed invitation.
    /// Problems to branch on: `invitation-email-mismatch` (403: another account is signed in),
    /// 404 (unknown, used or expired).
    AcceptInvitation: Post "/invitations/accept", auth = true,
    crate::providers::AcceptInvitation => crate::providers::InvitationAccepted
}

endpoint! {
    /// `POST /api/v1/invitations/preview`: the organization an invitation leads to and the master
    /// password it requires (no account needed).
    PreviewInvitation: Post "/invitations/preview", auth = false,
    crate::providers::PreviewInvitation => crate::providers::InvitationPreview
}

endpoint_at! {
    /// `POST /api/v1/providers/{id}/setup`: the invited first admin of a pending provider sends
    /// the billing email and the provider key wrapped to their own public key; the provider
    /// becomes active. 409 when the setup is already done.
    SetupProvider {
        /// The provider's id.
        id: String,
        /// Billing email and wrapped provider key.
        setup: crate::providers::ProviderSetup,
    }: Post, auth = true, path = |e| format!("/providers/{}/setup", encode_component(&e.id)),
    body = setup: crate::providers::ProviderSetup => crate::providers::Provider
}

endpoint_at! {
    /// `GET /api/v1/providers/{id}/clients`: the provider's client organizations, with seats.
    ListProviderClients {
        /// The provider's id.
        id: String,
        /// Search, sort, page size and cursor.
        query: crate::clients::ClientQuery,
    }: Get, auth = true, path = |e| format!("/providers/{}/clients{}", encode_component(&e.id), query_string(&[
        ("search", e.query.search.clone()),
        ("sort", e.query.sort.clone()),
        ("limit", e.query.limit.map(|l| l.to_string())),
        ("cursor", e.query.cursor.clone()),
    ])), () -> crate::page::Page<crate::clients::Client>
}

endpoint_at! {
    /// `GET /api/v1/providers/{id}/users`: the provider's users (Provider Admins).
    ListProviderUsers {
        /// The provider's id.
        id: String,
        /// Search, type and status filters, page size and cursor.
        query: crate::providers::ProviderUserQuery,
    }: Get, auth = true, path = |e| format!("/providers/{}/users{}", encode_component(&e.id), query_string(&[
        ("search", e.query.search.clone()),
        ("type", e.query.kind.map(|k| k.as_str().to_owned())),
        ("status", e.query.status.clone()),
        ("limit", e.query.limit.map(|l| l.to_string())),
        ("cursor", e.query.cursor.clone()),
    ])), () -> crate::page::Page<crate::providers::ProviderUser>
}

endpoint_at! {
    /// `GET /api/v1/providers/{id}/events`: the provider's event log, newest first (Provider
    /// Admins).
    ListProviderEvents {
        /// The provider's id.
        id: String,
        /// Time, actor and action filters, page size and cursor.
        query: crate::events::EventQuery,
    }: Get, auth = true, path = |e| format!("/providers/{}/events{}", encode_component(&e.id), query_string(&[
        ("from", e.query.from.clone()),
        ("to", e.query.to.clone()),
        ("actor", e.query.actor.clone()),
        ("action", e.query.action.clone()),
        ("limit", e.query.limit.map(|l| l.to_string())),
        ("cursor", e.query.cursor.clone()),
    ])), () -> crate::page::Page<crate::events::Event>
}

/// The path of one provider user.
fn provider_user_path(id: &str, user_id: &str) -> String {
    format!("/providers/{}/users/{}", encode_component(id), encode_component(user_id))
}

endpoint_at! {
    /// `POST /providers/{id}/users`: invite one or many provider users.
    InviteProviderUsers {
        id: String,
        invites: crate::providers::InviteProviderUsers,
    }: Post, auth = true, path = |e| format!("/providers/{}/users", encode_component(&e.id)),
    body = invites: crate::providers::InviteProviderUsers => Vec<crate::providers::ProviderUser>
}

endpoint_at! {
    /// `GET /providers/{id}/users/{user_id}/public-key`: an accepted user's key and fingerprint.
    GetProviderUserPublicKey {
        id: String,
        user_id: String,
    }: Get, auth = true, path = |e| format!("{}/public-key", provider_user_path(&e.id, &e.user_id)),
    () -> crate::providers::MemberPublicKey
}

endpoint_at! {
    /// `POST /providers/{id}/users/{user_id}/confirm`: hand over the wrapped provider key.
    ConfirmProviderUser {
        id: String,
        user_id: String,
        confirm: crate::providers::ConfirmProviderUser,
    }: Post, auth = true, path = |e| format!("{}/confirm", provider_user_path(&e.id, &e.user_id)),
    body = confirm: crate::providers::ConfirmProviderUser => crate::providers::ProviderUser
}

endpoint_at! {
    /// `PATCH /providers/{id}/users/{user_id}`: change a provider user's type.
    UpdateProviderUser {
        id: String,
        user_id: String,
        patch: crate::providers::UpdateProviderUser,
    }: Patch, auth = true, path = |e| provider_user_path(&e.id, &e.user_id),
    body = patch: crate::providers::UpdateProviderUser => crate::providers::ProviderUser
}

endpoint_at! {
    /// `POST /providers/{id}/users/{user_id}/revoke`.
    RevokeProviderUser {
        id: String,
        user_id: String,
    }: Post, auth = true, path = |e| format!("{}/revoke", provider_user_path(&e.id, &e.user_id)),
    () -> crate::providers::ProviderUser
}

endpoint_at! {
    /// `POST /providers/{id}/users/{user_id}/restore`.
    RestoreProviderUser {
        id: String,
        user_id: String,
    }: Post, auth = true, path = |e| format!("{}/restore", provider_user_path(&e.id, &e.user_id)),
    () -> crate::providers::ProviderUser
}

endpoint_at! {
    /// `DELETE /providers/{id}/users/{user_id}`.
    RemoveProviderUser {
        id: String,
        user_id: String,
    }: Delete, auth = true, path = |e| provider_user_path(&e.id, &e.user_id), () -> ()
}

endpoint_at! {
    /// `POST /providers/{id}/users/{user_id}/reinvite`: a new link; earlier ones stop working.
    ReinviteProviderUser {
        id: String,
        user_id: String,
    }: Post, auth = true, path = |e| format!("{}/reinvite", provider_user_path(&e.id, &e.user_id)),
    () -> crate::providers::InvitationSent
}

endpoint_at! {
    /// `POST /providers/{id}/leave`: the caller leaves the provider.
    LeaveProvider {
        id: String,
    }: Post, auth = true, path = |e| format!("/providers/{}/leave", encode_component(&e.id)), () -> ()
}

endpoint_at! {
    /// `GET /providers/{id}/membership`: the caller's own provider user, with the wrapped key.
    GetProviderMembership {
        id: String,
    }: Get, auth = true, path = |e| format!("/providers/{}/membership", encode_component(&e.id)),
    () -> crate::providers::ProviderMembership
}

endpoint_at! {
    /// `POST /providers/{id}/clients`: a new client organization.
    CreateProviderClient {
        id: String,
        client: crate::clients::CreateClient,
    }: Post, auth = true, path = |e| format!("/providers/{}/clients", encode_component(&e.id)),
    body = client: crate::clients::CreateClient => crate::clients::Client
}

endpoint_at! {
    /// `POST /providers/{id}/clients/attach`: an organization the caller owns becomes a client.
    AttachProviderClient {
        id: String,
        attach: crate::clients::AttachClient,
    }: Post, auth = true, path = |e| format!("/providers/{}/clients/attach", encode_component(&e.id)),
    body = attach: crate::clients::AttachClient => crate::clients::Client
}

endpoint_at! {
    /// `POST /providers/{id}/clients/{org_id}/detach`.
    DetachProviderClient {
        id: String,
        org_id: String,
    }: Post, auth = true, path = |e| format!("/providers/{}/clients/{}/detach", encode_component(&e.id), encode_component(&e.org_id)),
    () -> ()
}

endpoint_at! {
    /// `PATCH /providers/{id}/clients/{org_id}`: rename, plan, seats.
    UpdateProviderClient {
        id: String,
        org_id: String,
        patch: crate::clients::UpdateClient,
    }: Patch, auth = true, path = |e| format!("/providers/{}/clients/{}", encode_component(&e.id), encode_component(&e.org_id)),
    body = patch: crate::clients::UpdateClient => crate::clients::Client
}

endpoint_at! {
    /// `GET /organizations`: the caller's own organizations.
    ListOrganizations {
        query: crate::organizations::OrganizationQuery,
    }: Get, auth = true, path = |e| format!("/organizations{}", query_string(&[
        ("search", e.query.search.clone()),
        ("owner", e.query.owner.map(|o| o.to_string())),
        ("limit", e.query.limit.map(|l| l.to_string())),
        ("cursor", e.query.cursor.clone()),
    ])), () -> crate::page::Page<crate::organizations::Organization>
}

endpoint! {
    /// `POST /organizations`: a standalone organization owned by the caller.
    CreateOrganization: Post "/organizations", auth = true,
    crate::organizations::CreateOrganization => crate::organizations::Organization
}

endpoint_at! {
    /// `PATCH /organizations/{id}`: name, billing email; plan and seats of standalone ones.
    UpdateOrganization {
        id: String,
        patch: crate::organizations::UpdateOrganization,
    }: Patch, auth = true, path = |e| format!("/organizations/{}", encode_component(&e.id)),
    body = patch: crate::organizations::UpdateOrganization => crate::organizations::Organization
}

endpoint_at! {
    /// `DELETE /organizations/{id}`: its Owner deletes it, proving the master password.
    DeleteOrganization {
        id: String,
        proof: crate::accounts::ProveMasterPassword,
    }: Delete, auth = true, path = |e| format!("/organizations/{}", encode_component(&e.id)),
    body = proof: crate::accounts::ProveMasterPassword => ()
}

endpoint_at! {
    /// `GET /organizations/{id}/members`: one page of members.
    ListMembers {
        id: String,
        query: crate::organizations::MemberQuery,
    }: Get, auth = true, path = |e| format!("/organizations/{}/members{}", encode_component(&e.id), query_string(&[
        ("search", e.query.search.clone()),
        ("type", e.query.kind.map(|k| k.as_str().to_owned())),
        ("status", e.query.status.clone()),
        ("limit", e.query.limit.map(|l| l.to_string())),
        ("cursor", e.query.cursor.clone()),
    ])), () -> crate::page::Page<crate::organizations::Member>
}

endpoint_at! {
    /// `POST /organizations/{id}/members`: invite one or many.
    InviteMembers {
        id: String,
        invites: crate::organizations::InviteMembers,
    }: Post, auth = true, path = |e| format!("/organizations/{}/members", encode_component(&e.id)),
    body = invites: crate::organizations::InviteMembers => Vec<crate::organizations::Member>
}

endpoint_at! {
    /// `GET /organizations/{id}/members/{member_id}/public-key`: what the confirming browser wraps to.
    GetMemberPublicKey {
        id: String,
        member_id: String,
    }: Get, auth = true, path = |e| format!("/organizations/{}/members/{}/public-key", encode_component(&e.id), encode_component(&e.member_id)),
    () -> crate::providers::MemberPublicKey
}

endpoint_at! {
    /// `POST /organizations/{id}/members/confirm`: confirm one or many, all or none.
    ConfirmMembers {
        id: String,
        confirm: crate::organizations::ConfirmMembers,
    }: Post, auth = true, path = |e| format!("/organizations/{}/members/confirm", encode_component(&e.id)),
    body = confirm: crate::organizations::ConfirmMembers => Vec<crate::organizations::Member>
}

endpoint_at! {
    /// `PATCH /organizations/{id}/members/{member_id}`: type, permissions, groups, access.
    UpdateMember {
        id: String,
        member_id: String,
        update: crate::organizations::UpdateMember,
    }: Patch, auth = true, path = |e| member_path(&e.id, &e.member_id),
    body = update: crate::organizations::UpdateMember => crate::organizations::Member
}

endpoint_at! {
    /// `POST /organizations/{id}/members/{member_id}/revoke`.
    RevokeMember {
        id: String,
        member_id: String,
    }: Post, auth = true, path = |e| format!("{}/revoke", member_path(&e.id, &e.member_id)),
    () -> crate::organizations::Member
}

endpoint_at! {
    /// `POST /organizations/{id}/members/{member_id}/restore`.
    RestoreMember {
        id: String,
        member_id: String,
    }: Post, auth = true, path = |e| format!("{}/restore", member_path(&e.id, &e.member_id)),
    () -> crate::organizations::Member
}

endpoint_at! {
    /// `DELETE /organizations/{id}/members/{member_id}`.
    RemoveMember {
        id: String,
        member_id: String,
    }: Delete, auth = true, path = |e| member_path(&e.id, &e.member_id), () -> ()
}

endpoint_at! {
    /// `POST /organizations/{id}/members/{member_id}/reinvite`: a new link; earlier ones stop working.
    ReinviteMember {
        id: String,
        member_id: String,
    }: Post, auth = true, path = |e| format!("{}/reinvite", member_path(&e.id, &e.member_id)),
    () -> crate::providers::InvitationSent
}

endpoint_at! {
    /// `POST /organizations/{id}/leave`: the caller leaves the organization.
    LeaveOrganization {
        id: String,
    }: Post, auth = true, path = |e| format!("/organizations/{}/leave", encode_component(&e.id)), () -> ()
}

fn member_path(org_id: &str, member_id: &str) -> String {
    format!("/organizations/{}/members/{}", encode_component(org_id), encode_component(member_id))
}

endpoint_at! {
    /// `GET /organizations/{id}`: one organization, for its members and its provider's users.
    GetOrganization {
        id: String,
    }: Get, auth = true, path = |e| format!("/organizations/{}", encode_component(&e.id)),
    () -> crate::organizations::Organization
}

// Groups and collections.

endpoint_at! {
    /// `GET /organizations/{id}/groups`: one page of groups, each with its size and grants.
    ListGroups {
        id: String,
        query: crate::groups::GroupQuery,
    }: Get, auth = true, path = |e| format!("/organizations/{}/groups{}", encode_component(&e.id), query_string(&[
        ("search", e.query.search.clone()),
        ("limit", e.query.limit.map(|l| l.to_string())),
        ("cursor", e.query.cursor.clone()),
    ])), () -> crate::page::Page<crate::groups::Group>
}

endpoint_at! {
    /// `POST /organizations/{id}/groups`: a group with its members and collection grants.
    CreateGroup {
        id: String,
        group: crate::groups::CreateGroup,
    }: Post, auth = true, path = |e| format!("/organizations/{}/groups", encode_component(&e.id)),
    body = group: crate::groups::CreateGroup => crate::groups::GroupDetails
}

endpoint_at! {
    /// `GET /organizations/{id}/groups/{group_id}`: one group with its members.
    GetGroup {
        id: String,
        group_id: String,
    }: Get, auth = true, path = |e| format!("/organizations/{}/groups/{}", encode_component(&e.id), encode_component(&e.group_id)),
    () -> crate::groups::GroupDetails
}

endpoint_at! {
    /// `PATCH /organizations/{id}/groups/{group_id}`: rename; replace members and/or grants.
    UpdateGroup {
        id: String,
        group_id: String,
        patch: crate::groups::UpdateGroup,
    }: Patch, auth = true, path = |e| format!("/organizations/{}/groups/{}", encode_component(&e.id), encode_component(&e.group_id)),
    body = patch: crate::groups::UpdateGroup => crate::groups::GroupDetails
}

endpoint_at! {
    /// `PUT /organizations/{id}/groups/{group_id}/members`: replace the member set.
    ReplaceGroupMembers {
        id: String,
        group_id: String,
        members: crate::groups::GroupMembers,
    }: Put, auth = true, path = |e| format!("/organizations/{}/groups/{}/members", encode_component(&e.id), encode_component(&e.group_id)),
    body = members: crate::groups::GroupMembers => crate::groups::GroupDetails
}

endpoint_at! {
    /// `DELETE /organizations/{id}/groups/{group_id}`: its members stay.
    DeleteGroup {
        id: String,
        group_id: String,
    }: Delete, auth = true, path = |e| format!("/organizations/{}/groups/{}", encode_component(&e.id), encode_component(&e.group_id)),
    () -> ()
}

endpoint_at! {
    /// `GET /organizations/{id}/collections`: one page of the collections the caller sees.
    ListCollections {
        id: String,
        query: crate::collections::CollectionQuery,
    }: Get, auth = true, path = |e| format!("/organizations/{}/collections{}", encode_component(&e.id), query_string(&[
        ("search", e.query.search.clone()),
        ("limit", e.query.limit.map(|l| l.to_string())),
        ("cursor", e.query.cursor.clone()),
    ])), () -> crate::page::Page<crate::collections::Collection>
}

endpoint_at! {
    /// `POST /organizations/{id}/collections`: a collection with its member and group grants.
    CreateCollection {
        id: String,
        collection: crate::collections::CreateCollection,
    }: Post, auth = true, path = |e| format!("/organizations/{}/collections", encode_component(&e.id)),
    body = collection: crate::collections::CreateCollection => crate::collections::CollectionDetails
}

endpoint_at! {
    /// `GET /organizations/{id}/collections/{collection_id}`: one collection.
    GetCollection {
        id: String,
        collection_id: String,
    }: Get, auth = true, path = |e| format!("/organizations/{}/collections/{}", encode_component(&e.id), encode_component(&e.collection_id)),
    () -> crate::collections::CollectionDetails
}

endpoint_at! {
    /// `PATCH /organizations/{id}/collections/{collection_id}`: rename; replace grants.
    UpdateCollection {
        id: String,
        collection_id: String,
        patch: crate::collections::UpdateCollection,
    }: Patch, auth = true, path = |e| format!("/organizations/{}/collections/{}", encode_component(&e.id), encode_component(&e.collection_id)),
    body = patch: crate::collections::UpdateCollection => crate::collections::CollectionDetails
}

endpoint_at! {
    /// `DELETE /organizations/{id}/collections/{collection_id}`: its items stay.
    DeleteCollection {
        id: String,
        collection_id: String,
    }: Delete, auth = true, path = |e| format!("/organizations/{}/collections/{}", encode_component(&e.id), encode_component(&e.collection_id)),
    () -> ()
}

endpoint_at! {
    /// `GET /organizations/{id}/collections/{collection_id}/access`: who reaches it, and how.
    GetCollectionAccess {
        id: String,
        collection_id: String,
    }: Get, auth = true, path = |e| format!("/organizations/{}/collections/{}/access", encode_component(&e.id), encode_component(&e.collection_id)),
    () -> crate::collections::CollectionAccess
}

endpoint_at! {
    /// `GET /organizations/{id}/members/{member_id}/collections`: what a member reaches, and why.
    ListMemberCollections {
        id: String,
        member_id: String,
    }: Get, auth = true, path = |e| format!("/organizations/{}/members/{}/collections", encode_component(&e.id), encode_component(&e.member_id)),
    () -> Vec<crate::collections::MemberCollection>
}

// Organization event log, API key and policies.

endpoint_at! {
    /// `GET /api/v1/organizations/{id}/events`: the organization's event log, newest first
    /// (holders of "access event logs", the provider's users, the organization's API key).
    ListOrganizationEvents {
        /// The organization's id.
        id: String,
        /// Time, actor and action filters, page size and cursor.
        query: crate::events::EventQuery,
    }: Get, auth = true, path = |e| format!("/organizations/{}/events{}", encode_component(&e.id), query_string(&[
        ("from", e.query.from.clone()),
        ("to", e.query.to.clone()),
        ("actor", e.query.actor.clone()),
        ("action", e.query.action.clone()),
        ("limit", e.query.limit.map(|l| l.to_string())),
        ("cursor", e.query.cursor.clone()),
    ])), () -> crate::page::Page<crate::events::Event>
}

endpoint_at! {
    /// `GET /api/v1/organizations/{id}/api-key`: the live API key without its secret, or `None`
    /// (confirmed Owners and the provider's users).
    GetOrganizationApiKey {
        /// The organization's id.
        id: String,
    }: Get, auth = true, path = |e| format!("/organizations/{}/api-key", encode_component(&e.id)),
    () -> Option<crate::api_keys::ApiKey>
}

endpoint_at! {
    /// `POST /api/v1/organizations/{id}/api-key`: make the API key; the answer holds its secret
    /// once. `api-key-exists` (409) when one is live.
    CreateOrganizationApiKey {
        /// The organization's id.
        id: String,
        /// Scope and name.
        key: crate::api_keys::CreateApiKey,
    }: Post, auth = true, path = |e| format!("/organizations/{}/api-key", encode_component(&e.id)),
    body = key: crate::api_keys::CreateApiKey => crate::api_keys::IssuedApiKey
}

endpoint_at! {
    /// `POST /api/v1/organizations/{id}/api-key/rotate`: a new secret, shown once; the old one and
    /// its tokens stop working.
    RotateOrganizationApiKey {
        /// The organization's id.
        id: String,
    }: Post, auth = true, path = |e| format!("/organizations/{}/api-key/rotate", encode_component(&e.id)),
    () -> crate::api_keys::IssuedApiKey
}

endpoint_at! {
    /// `DELETE /api/v1/organizations/{id}/api-key`: revoke the key and its tokens (204).
    RevokeOrganizationApiKey {
        /// The organization's id.
        id: String,
    }: Delete, auth = true, path = |e| format!("/organizations/{}/api-key", encode_component(&e.id)), () -> ()
}

endpoint_at! {
    /// `GET /api/v1/organizations/{id}/policies`: the six policies, enabled or not, with options.
    ListPolicies {
        /// The organization's id.
        id: String,
    }: Get, auth = true, path = |e| format!("/organizations/{}/policies", encode_component(&e.id)),
    () -> Vec<crate::policies::Policy>
}

endpoint_at! {
    /// `GET /api/v1/organizations/{id}/policies/{type}/preview`: who enabling the policy would
    /// revoke.
    PreviewPolicy {
        /// The organization's id.
        id: String,
        /// The policy type.
        kind: crate::policies::PolicyType,
    }: Get, auth = true, path = |e| format!("/organizations/{}/policies/{}/preview", encode_component(&e.id), e.kind.as_str()),
    () -> crate::policies::PolicyPreview
}

endpoint_at! {
    /// `PUT /api/v1/organizations/{id}/policies/{type}`: turn a policy on or off with options.
    /// `revocations-needed` (409, with the list) until `confirm_revocations` is true when enabling
    /// it revokes members.
    UpdatePolicy {
        /// The organization's id.
        id: String,
        /// The policy type.
        kind: crate::policies::PolicyType,
        /// The change.
        update: crate::policies::UpdatePolicy,
    }: Put, auth = true, path = |e| format!("/organizations/{}/policies/{}", encode_component(&e.id), e.kind.as_str()),
    body = update: crate::policies::UpdatePolicy => crate::policies::Policy
}

endpoint! {
    /// `GET /api/v1/accounts/me/policies`: the policies in force for the signed-in user and their
    /// strictest combination.
    GetMyPolicies: Get "/accounts/me/policies", auth = true, () -> crate::policies::MyPolicies
}

#[cfg(test)]
mod policy_endpoint_tests {
    use super::*;

    #[test]
    fn organization_policy_and_key_endpoints_know_their_routes() {
        let id = || "o1".to_owned();
        let q = crate::events::EventQuery { action: Some("member.".into()), ..Default::default() };
        assert_eq!(
            ListOrganizationEvents { id: id(), query: q }.path(),
            "/api/v1/organizations/o1/events?action=member."
        );
        assert_eq!(GetOrganizationApiKey { id: id() }.path(), "/api/v1/organizations/o1/api-key");
        assert_eq!(RotateOrganizationApiKey { id: id() }.path(), "/api/v1/organizations/o1/api-key/rotate");
        assert_eq!(RevokeOrganizationApiKey::METHOD, Method::Delete);
        let create = CreateOrganizationApiKey {
            id: id(),
            key: crate::api_keys::CreateApiKey { scope: crate::api_keys::ApiKeyScope::Read, name: "x".into() },
        };
        assert!(create.body().is_some());
        assert_eq!(ListPolicies { id: id() }.path(), "/api/v1/organizations/o1/policies");
        let kind = crate::policies::PolicyType::VaultTimeout;
        assert_eq!(PreviewPolicy { id: id(), kind }.path(), "/api/v1/organizations/o1/policies/vault_timeout/preview");
        let update = UpdatePolicy {
            id: id(),
            kind,
            update: crate::policies::UpdatePolicy { enabled: true, options: None, confirm_revocations: false },
        };
        assert_eq!(
            (UpdatePolicy::METHOD, update.path().as_str()),
            (Method::Put, "/api/v1/organizations/o1/policies/vault_timeout")
        );
        assert_eq!(GetMyPolicies.path(), "/api/v1/accounts/me/policies");
        const {
            assert!(
                GetMyPolicies::AUTHENTICATED && UpdatePolicy::AUTHENTICATED && ListOrganizationEvents::AUTHENTICATED
            )
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_success_and_problems() {
        let meta: crate::meta::Meta = match decode_response(
            200,
            br#"{"name":"Provider Portal","version":"1.0.0","api_version":"v1","backend":"postgres"}"#,
        ) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(meta.backend, crate::meta::Backend::Postgres);

        let err = decode_response::<crate::meta::Meta>(
            404,
            br#"{"type":"/problems/not-found","title":"Not found","status":404}"#,
        );
        assert!(matches!(err, Err(ClientError::Problem(ref p)) if p.slug() == "not-found"));

        let err = decode_response::<crate::meta::Meta>(502, b"<html>Bad gateway</html>");
        assert!(
            matches!(err, Err(ClientError::Problem(ref p)) if p.status == 502 && p.slug() == "unexpected-response")
        );
    }

    // Which endpoints need a bearer token is a compile-time fact: checked at compile time.
    const _: () = {
        assert!(GetMe::AUTHENTICATED && UpdateMe::AUTHENTICATED && ChangePassword::AUTHENTICATED);
        assert!(RequestEmailChange::AUTHENTICATED && StartTotp::AUTHENTICATED);
        assert!(ConfirmTotp::AUTHENTICATED && DisableTotp::AUTHENTICATED);
        assert!(!GetMeta::AUTHENTICATED && !Prelogin::AUTHENTICATED && !Register::AUTHENTICATED);
        assert!(!Token::AUTHENTICATED && !Logout::AUTHENTICATED && !VerifyEmail::AUTHENTICATED);
        assert!(CreateProvider::AUTHENTICATED && ListProviders::AUTHENTICATED && GetProvider::AUTHENTICATED);
        assert!(UpdateProvider::AUTHENTICATED && DisableProvider::AUTHENTICATED && EnableProvider::AUTHENTICATED);
        assert!(AcceptInvitation::AUTHENTICATED && SetupProvider::AUTHENTICATED);
        assert!(ListProviderClients::AUTHENTICATED && ListProviderUsers::AUTHENTICATED);
        assert!(ListProviderEvents::AUTHENTICATED);
    };

    #[test]
    fn endpoints_know_their_routes() {
        use crate::accounts::{PreloginRequest, ProveMasterPassword, UpdateAccount};
        use crate::auth::{LogoutRequest, TokenRequest};

        assert_eq!(GetMe.path(), "/api/v1/accounts/me");
        assert_eq!(GetMe::METHOD, Method::Get);
        assert!(GetMe.body().is_none());

        let prelogin = Prelogin(PreloginRequest { email: "ada@example.com".into() });
        assert_eq!(prelogin.path(), "/api/v1/accounts/prelogin");
        assert_eq!(prelogin.body().map(|b| b.email.as_str()), Some("ada@example.com"));

        let update = UpdateMe(UpdateAccount { name: "Ada".into() });
        assert_eq!((UpdateMe::METHOD, update.path().as_str()), (Method::Patch, "/api/v1/accounts/me"));

        let token = Token(TokenRequest { grant_type: "refresh_token".into(), ..Default::default() });
        assert_eq!(token.path(), "/api/v1/auth/token");
        assert_eq!(Logout(LogoutRequest { refresh_token: "r".into() }).path(), "/api/v1/auth/logout");

        let prove = || ProveMasterPassword { auth_hash: String::new() };
        assert_eq!(StartTotp(prove()).path(), "/api/v1/accounts/me/two-step/totp");
        assert_eq!(DisableTotp(prove()).path(), "/api/v1/accounts/me/two-step/totp/disable");
        assert_eq!(
            ConfirmTotp(crate::accounts::TotpConfirm { code: "123456".into() }).path(),
            "/api/v1/accounts/me/two-step/totp/confirm"
        );
    }

    #[test]
    fn provider_endpoints_know_their_routes() {
        use crate::providers::{ProviderQuery, ProviderStatus};

        let all = ListProviders { query: ProviderQuery::default() };
        assert_eq!((ListProviders::METHOD, all.path().as_str()), (Method::Get, "/api/v1/providers"));
        let filtered = ListProviders {
            query: ProviderQuery {
                search: Some("Acme & Sons/IT".into()),
                status: Some(ProviderStatus::Disabled),
                limit: Some(25),
                cursor: Some("abc=".into()),
            },
        };
        assert_eq!(
            filtered.path(),
            "/api/v1/providers?search=Acme%20%26%20Sons%2FIT&status=disabled&limit=25&cursor=abc%3D"
        );

        let id = || "0193c6b2-8f1e-7c3a".to_owned();
        assert_eq!(GetProvider { id: id() }.path(), "/api/v1/providers/0193c6b2-8f1e-7c3a");
        assert_eq!(GetProvider { id: "../accounts".into() }.path(), "/api/v1/providers/..%2Faccounts");
        let patch = UpdateProvider { id: id(), patch: crate::providers::UpdateProvider::default() };
        assert_eq!((UpdateProvider::METHOD, patch.body().is_some()), (Method::Patch, true));
        assert_eq!(DisableProvider { id: id() }.path(), "/api/v1/providers/0193c6b2-8f1e-7c3a/disable");
        assert_eq!(EnableProvider { id: id() }.path(), "/api/v1/providers/0193c6b2-8f1e-7c3a/enable");
        assert!(DisableProvider { id: id() }.body().is_none());
        let setup = SetupProvider {
            id: id(),
            setup: crate::providers::ProviderSetup {
                billing_email: "b@x.io".into(),
                wrapped_provider_key: String::new(),
            },
        };
        assert_eq!(
            (SetupProvider::METHOD, setup.path().as_str()),
            (Method::Post, "/api/v1/providers/0193c6b2-8f1e-7c3a/setup")
        );
        let accept = AcceptInvitation(crate::providers::AcceptInvitation { token: "t".into() });
        assert_eq!(accept.path(), "/api/v1/invitations/accept");

        let clients = crate::clients::ClientQuery { limit: Some(50), ..Default::default() };
        assert_eq!(
            ListProviderClients { id: id(), query: clients }.path(),
            "/api/v1/providers/0193c6b2-8f1e-7c3a/clients?limit=50"
        );
        let users = crate::providers::ProviderUserQuery {
            kind: Some(crate::providers::ProviderUserType::ServiceUser),
            status: Some("revoked".into()),
            ..Default::default()
        };
        assert_eq!(
            ListProviderUsers { id: id(), query: users }.path(),
            "/api/v1/providers/0193c6b2-8f1e-7c3a/users?type=service_user&status=revoked"
        );
        assert_eq!(
            ListProviderEvents {
                id: id(),
                query: crate::events::EventQuery {
                    action: Some("provider_user.".into()),
                    cursor: Some("n x".into()),
                    ..Default::default()
                }
            }
            .path(),
            "/api/v1/providers/0193c6b2-8f1e-7c3a/events?action=provider_user.&cursor=n%20x"
        );
    }

    #[test]
    fn empty_answers_decode_as_unit() {
        assert!(decode_response::<()>(204, b"").is_ok());
        assert!(decode_response::<()>(202, b"").is_ok());
    }

    #[test]
    fn group_and_collection_endpoints_know_their_routes() {
        let id = || "o1".to_owned();
        let query = crate::groups::GroupQuery { search: Some("a b".into()), ..Default::default() };
        assert_eq!(ListGroups { id: id(), query }.path(), "/api/v1/organizations/o1/groups?search=a%20b");
        let members = ReplaceGroupMembers { id: id(), group_id: "g1".into(), members: Default::default() };
        assert_eq!(
            (ReplaceGroupMembers::METHOD, members.path().as_str()),
            (Method::Put, "/api/v1/organizations/o1/groups/g1/members")
        );
        assert_eq!(DeleteGroup { id: id(), group_id: "g1".into() }.path(), "/api/v1/organizations/o1/groups/g1");
        let query = crate::collections::CollectionQuery { limit: Some(10), ..Default::default() };
        assert_eq!(ListCollections { id: id(), query }.path(), "/api/v1/organizations/o1/collections?limit=10");
        assert_eq!(
            GetCollectionAccess { id: id(), collection_id: "c1".into() }.path(),
            "/api/v1/organizations/o1/collections/c1/access"
        );
        assert_eq!(
            ListMemberCollections { id: id(), member_id: "m1".into() }.path(),
            "/api/v1/organizations/o1/members/m1/collections"
        );
        const {
            assert!(
                CreateCollection::AUTHENTICATED && UpdateCollection::AUTHENTICATED && DeleteCollection::AUTHENTICATED
            )
        };
    }
}
