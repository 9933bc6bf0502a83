//! Who is calling: the signed-in user behind a bearer token, and where the request comes from.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};
use diesel::prelude::*;

use super::jwt::{self, TokenKind};
use crate::AppState;
use crate::db::schema::users;
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
            if claims.typ != TokenKind::User {
                return Err(ApiError::Unauthorized);
            }
            let id = claims.sub.clone();
            let row: Option<(String, String, bool, Option<chrono::NaiveDateTime>)> = state
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
        })
    }
}
