//! The API's one error type, rendered as RFC 9457 `application/problem+json`.
//!
//! Clients branch on the stable `type` (`/problems/<slug>`); `detail` is for people. Internal
//! causes are logged with the request id and never sent.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use portal_shared::problem::PROBLEM_CONTENT_TYPE;
use portal_shared::{FieldError, Problem};

use crate::telemetry::current_request_id;

/// Everything a handler can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request cannot be read (malformed JSON, a bad path or query parameter).
    #[error("bad request: {detail}")]
    BadRequest {
        /// The problem slug.
        slug: &'static str,
        /// What is wrong, for people.
        detail: String,
    },
    /// No valid credentials were given.
    #[error("unauthorized")]
    Unauthorized,
    /// The caller is known but lacks the right.
    #[error("forbidden")]
    Forbidden,
    /// Credentials are missing something specific (a second step): slug and detail.
    #[error("unauthenticated: {0}")]
    Unauthenticated(&'static str, &'static str),
    /// Refused for a specific reason: slug and detail.
    #[error("forbidden: {0}")]
    ForbiddenBecause(&'static str, String),
    /// No such resource, or one the caller may not know about.
    #[error("not found")]
    NotFound,
    /// The path exists under other methods.
    #[error("method not allowed")]
    MethodNotAllowed(Vec<String>),
    /// The request conflicts with the current state (a duplicate, a stale revision, a rule).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A conflict with a specific, stable slug (a named rule such as `last-admin`).
    #[error("conflict: {1}")]
    ConflictBecause(&'static str, String),
    /// The body is larger than the limit, in bytes.
    #[error("payload too large")]
    PayloadTooLarge(usize),
    /// The body is not `application/json`.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// Fields are invalid.
    #[error("invalid fields")]
    Invalid(Vec<FieldError>),
    /// Too many attempts; retry after this many seconds.
    #[error("too many requests")]
    TooManyRequests(u64),
    /// A dependency (the database) is unavailable; the cause is logged.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; the cause is logged, never sent.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl ApiError {
    /// A 422 for one field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Invalid(vec![FieldError::new(field, code, message)])
    }

    /// The stable slug of this error's `type`.
    pub fn slug(&self) -> &'static str {
        match self {
            ApiError::BadRequest { slug, .. } => slug,
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::Unauthenticated(slug, _) | ApiError::ForbiddenBecause(slug, _) => slug,
            ApiError::NotFound => "not-found",
            ApiError::MethodNotAllowed(_) => "method-not-allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::ConflictBecause(slug, _) => slug,
            ApiError::PayloadTooLarge(_) => "payload-too-large",
            ApiError::UnsupportedMediaType => "unsupported-media-type",
            ApiError::Invalid(_) => "validation",
            ApiError::TooManyRequests(_) => "too-many-requests",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::BadRequest { .. } => "The request could not be read",
            ApiError::Unauthorized => "Sign-in required",
            ApiError::Forbidden | ApiError::ForbiddenBecause(..) => "You are not allowed to do this",
            ApiError::Unauthenticated(..) => "More proof of identity is needed",
            ApiError::NotFound => "Not found",
            ApiError::MethodNotAllowed(_) => "Method not allowed",
            ApiError::Conflict(_) | ApiError::ConflictBecause(..) => "The request conflicts with the current state",
            ApiError::PayloadTooLarge(_) => "The request body is too large",
            ApiError::UnsupportedMediaType => "Unsupported content type",
            ApiError::Invalid(_) => "The request has invalid fields",
            ApiError::TooManyRequests(_) => "Too many requests",
            ApiError::Unavailable(_) => "The service is temporarily unavailable",
            ApiError::Internal(_) => "Internal server error",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            ApiError::BadRequest { detail, .. } => Some(detail.clone()),
            ApiError::Unauthorized => Some("Sign in, or send a valid access token.".into()),
            ApiError::Forbidden => Some("Your role does not allow this action.".into()),
            ApiError::Unauthenticated(_, detail) => Some((*detail).into()),
            ApiError::ForbiddenBecause(_, detail) => Some(detail.clone()),
            ApiError::NotFound => Some("There is nothing here, or you cannot see it.".into()),
            ApiError::MethodNotAllowed(allow) => Some(format!("This path accepts {}.", allow.join(", "))),
            ApiError::Conflict(detail) | ApiError::ConflictBecause(_, detail) => Some(detail.clone()),
            ApiError::PayloadTooLarge(limit) => Some(format!("Request bodies are limited to {limit} bytes.")),
            ApiError::UnsupportedMediaType => Some("Send the body as application/json.".into()),
            ApiError::Invalid(errors) => Some(match errors.len() {
                1 => "1 field is invalid.".into(),
                n => format!("{n} fields are invalid."),
            }),
            ApiError::TooManyRequests(secs) => Some(format!("Try again in {secs} seconds.")),
            ApiError::Unavailable(_) => Some("Try again in a moment.".into()),
            ApiError::Internal(_) => None,
        }
    }

    /// The body of this error.
    pub fn problem(&self) -> Problem {
        Problem {
            kind: format!("/problems/{}", self.slug()),
            title: self.title().into(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            errors: match self {
                ApiError::Invalid(errors) => errors.clone(),
                _ => Vec::new(),
            },
            request_id: current_request_id(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized | ApiError::Unauthenticated(..) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::ForbiddenBecause(..) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) | ApiError::ConflictBecause(..) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            ApiError::Unavailable(cause) => tracing::warn!(%cause, "service unavailable"),
            _ => {}
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_CONTENT_TYPE)));
        res.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        match self {
            ApiError::MethodNotAllowed(allow) => {
                res.insert_header((header::ALLOW, allow.join(", ")));
            }
            ApiError::Unauthorized | ApiError::Unauthenticated(..) => {
                res.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"provider-portal\""));
            }
            ApiError::TooManyRequests(secs) => {
                res.insert_header((header::RETRY_AFTER, secs.to_string()));
            }
            ApiError::Unavailable(_) => {
                res.insert_header((header::RETRY_AFTER, "5"));
            }
            _ => {}
        }
        // Serializing a struct of strings cannot fail; fall back to an empty object regardless.
        res.body(serde_json::to_vec(&self.problem()).unwrap_or_else(|_| b"{}".to_vec()))
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            Error::NotFound => ApiError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::Conflict("Something with the same unique value already exists.".into())
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                ApiError::Conflict("The change refers to something that does not exist or is still in use.".into())
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                ApiError::Conflict("A concurrent change interfered; retry the request.".into())
            }
            // backend: SQLite reports a lock held past the busy timeout as "database is locked".
            Error::DatabaseError(_, ref info) if info.message().contains("database is locked") => {
                ApiError::Unavailable("database is locked".into())
            }
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                ApiError::Unavailable("database connection closed".into())
            }
            other => ApiError::Internal(other.into()),
        }
    }
}

/// The result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;
