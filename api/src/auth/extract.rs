//! Who is calling: the signed-in user behind a bearer token, and where the request comes from.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};
use diesel::prelude::*;

use chrono::NaiveDateTime;

use super::jwt::{self, TokenKind};
use crate::AppState;
use crate::api_keys::{KeyAccess, KeyOwner};
use crate::db::schema::{api_keys, users};
use crate::error::ApiError;

/// The client's address and user agent, for events and throttling.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    /// The client's IP address.
    pub ip: Option<String>,
    /// The `User-Agent` header, cut to 256 characters.
    pub user_agent: Option<String>,
}

impl ClientInfo {
    fn from_request(req: &HttpRequest, trust_proxy: bool) -> Self {
        let ip = if trust_proxy {
            req.connection_info().realip_remote_addr().map(str::to_owned)
        } else {
            req.peer_addr().map(|a| a.ip().to_string())
        };
        let user_agent =
            req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(|s| s.chars().take(256).collect());
        Self { ip, user_agent }
    }
}

impl FromRequest for ClientInfo {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let trust = req.app_data::<Data<AppState>>().is_some_and(|s| s.auth.trust_proxy);
        std::future::ready(Ok(ClientInfo::from_request(req, trust)))
    }
}

/// A signed-in user, from a valid `Authorization: Bearer` access token whose account is active
/// and whose sessions were not revoked since it was issued.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The user's id.
    pub id: String,
    /// The user's email.
    pub email: String,
    /// Whether the user administers the installation.
    pub is_instance_admin: bool,
    /// Where the request comes from.
    pub client: ClientInfo,
}

/// The bearer token of a request, if any.
pub fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let caller = Caller::from_request(req, &mut Payload::None);
        Box::pin(async move {
            match caller.await? {
                Caller::User(user) => Ok(user),
                // An API key's token is no person: endpoints for people answer 401 to it.
                Caller::Key(_) => Err(ApiError::Unauthorized),
            }
        })
    }
}

/// An integration calling with a token it got for an organization's or provider's API key.
#[derive(Debug, Clone)]
pub struct KeyCaller {
    /// The API key's id.
    pub key_id: String,
    /// What the key belongs to.
    pub owner: KeyOwner,
    /// Read-only or read-write.
    pub access: KeyAccess,
    /// Where the request comes from.
    pub client: ClientInfo,
}

/// Whoever calls an endpoint that both people and integrations may use.
#[derive(Debug, Clone)]
pub enum Caller {
    /// A signed-in person.
    User(AuthUser),
    /// An integration with an API key's token.
    Key(KeyCaller),
}

impl Caller {
    /// Where the request comes from.
    pub fn client(&self) -> &ClientInfo {
        match self {
            Caller::User(u) => &u.client,
            Caller::Key(k) => &k.client,
        }
    }

    /// The person, when a person calls.
    pub fn user(&self) -> Option<&AuthUser> {
        match self {
            Caller::User(u) => Some(u),
            Caller::Key(_) => None,
        }
    }

    /// The person's id, when a person calls.
    pub fn user_id(&self) -> Option<&str> {
        self.user().map(|u| u.id.as_str())
    }

    /// The API key's id, when an integration calls.
    pub fn key_id(&self) -> Option<&str> {
        match self {
            Caller::User(_) => None,
            Caller::Key(k) => Some(k.key_id.as_str()),
        }
    }
}

impl From<AuthUser> for Caller {
    fn from(user: AuthUser) -> Self {
        Caller::User(user)
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<Data<AppState>>().cloned();
        let token = bearer(req);
        let client = ClientInfo::from_request(req, state.as_ref().is_some_and(|s| s.auth.trust_proxy));
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no app state")))?;
            let token = token.ok_or(ApiError::Unauthorized)?;
            let claims = jwt::verify(&state.keys, &token).map_err(|e| {
                tracing::debug!(error = %e, "access token refused");
                ApiError::Unauthorized
            })?;
            match claims.typ {
                TokenKind::User => user(&state, claims, client).await.map(Caller::User),
                TokenKind::ApiKey => key(&state, claims, client).await.map(Caller::Key),
            }
        })
    }
}

async fn user(state: &AppState, claims: jwt::Claims, client: ClientInfo) -> Result<AuthUser, ApiError> {
    let id = claims.sub.clone();
    let row: Option<(String, String, bool, Option<NaiveDateTime>)> = state
        .pool
        .run(move |conn| {
            Ok(users::table
                .find(&id)
                .select((users::email, users::security_stamp, users::is_instance_admin, users::disabled_at))
                .first(conn)
                .optional()?)
        })
        .await?;
    let Some((email, stamp, is_instance_admin, disabled_at)) = row else { return Err(ApiError::Unauthorized) };
    if disabled_at.is_some() || claims.sst.as_deref() != Some(stamp.as_str()) {
        return Err(ApiError::Unauthorized);
    }
    Ok(AuthUser { id: claims.sub, email, is_instance_admin, client })
}

/// security: a key's token dies with the key: revoking it, or rotating its secret (the token
/// carries a tag of the secret's hash), refuses the token at once, not when it expires.
async fn key(state: &AppState, claims: jwt::Claims, client: ClientInfo) -> Result<KeyCaller, ApiError> {
    let scope = claims.scope.ok_or(ApiError::Unauthorized)?;
    let id = claims.sub.clone();
    type Row = (Option<String>, Option<String>, String, String, Option<NaiveDateTime>);
    let row: Option<Row> = state
        .pool
        .run(move |conn| {
            Ok(api_keys::table
                .find(&id)
                .select((
                    api_keys::organization_id,
                    api_keys::provider_id,
                    api_keys::scope,
                    api_keys::secret_hash,
                    api_keys::revoked_at,
                ))
                .first(conn)
                .optional()?)
        })
        .await?;
    let Some((org, provider, access, secret_hash, revoked_at)) = row else { return Err(ApiError::Unauthorized) };
    if revoked_at.is_some() || scope.secret_tag != crate::api_keys::secret_tag(&secret_hash) {
        return Err(ApiError::Unauthorized);
    }
    let owner = match (org, provider) {
        (Some(org), None) => KeyOwner::Organization(org),
        (None, Some(provider)) => KeyOwner::Provider(provider),
        _ => return Err(ApiError::Unauthorized),
    };
    if owner.kind() != scope.owner || owner.id() != scope.owner_id {
        return Err(ApiError::Unauthorized);
    }
    let access = if access == "write" { KeyAccess::Write } else { KeyAccess::Read };
    Ok(KeyCaller { key_id: claims.sub, owner, access, client })
}
