//! Turns actix's extractor failures (bad JSON, wrong content type, oversized bodies, unparsable
//! paths and queries) into problem+json instead of actix's plain-text defaults.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::web::{JsonConfig, PathConfig, QueryConfig};
use actix_web::{Error, HttpRequest};

use crate::error::ApiError;

/// JSON bodies: at most `limit` bytes, `application/json` only.
pub fn json_config(limit: usize) -> JsonConfig {
    JsonConfig::default()
        .limit(limit)
        .content_type_required(true)
        .content_type(|mime| {
            mime.type_() == "application" && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json"))
        })
        .error_handler(move |err, _req: &HttpRequest| -> Error { json_error(err, limit).into() })
}

fn json_error(err: JsonPayloadError, limit: usize) -> ApiError {
    match err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::PayloadTooLarge(limit)
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Deserialize(e) if e.is_data() => ApiError::Invalid(vec![data_error(&e)]),
        JsonPayloadError::Deserialize(e) => ApiError::BadRequest {
            slug: "malformed-json",
            detail: format!("The body is not valid JSON ({}).", position(&e)),
        },
        other => {
            ApiError::BadRequest { slug: "unreadable-body", detail: format!("The body could not be read: {other}.") }
        }
    }
}

/// Names the field serde complained about, when its message says which.
fn data_error(e: &serde_json::Error) -> portal_shared::FieldError {
    let msg = e.to_string();
    let message = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
    let quoted = message.split('`').nth(1).map(str::to_owned);
    let (field, code) = if message.starts_with("missing field") {
        (quoted.unwrap_or_default(), "required")
    } else if message.starts_with("unknown field") {
        (quoted.unwrap_or_default(), "unknown_field")
    } else {
        (String::new(), "invalid_type")
    };
    portal_shared::FieldError::new(if field.is_empty() { "body".to_owned() } else { field }, code, capitalize(&message))
}

fn position(e: &serde_json::Error) -> String {
    format!("line {}, column {}", e.line(), e.column())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).chain(std::iter::once('.')).collect(),
        None => String::new(),
    }
}

/// Path parameters that do not parse name nothing that exists: 404.
pub fn path_config() -> PathConfig {
    PathConfig::default().error_handler(|_err: PathError, _req| ApiError::NotFound.into())
}

/// Query strings that do not parse: 422 naming the query.
pub fn query_config() -> QueryConfig {
    QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
        let detail = match &err {
            QueryPayloadError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        ApiError::field("query", "invalid_format", capitalize(&detail)).into()
    })
}
