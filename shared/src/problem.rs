//! RFC 9457 problem details: the one error body of the API.

use serde::{Deserialize, Serialize};

/// The media type of every error response.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An error response (RFC 9457). Clients branch on `type`, never on `detail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "/problems/validation",
    "title": "The request has invalid fields",
    "status": 422,
    "detail": "2 fields are invalid.",
    "errors": [{"field": "name", "code": "required", "message": "Name is required."}],
    "request_id": "0193c6b2-8f1e-7c3a-9d55-2b7a1f0e4c11"
})))]
pub struct Problem {
    /// A stable identifier of the kind of problem, `/problems/<slug>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short human summary of the kind of problem; the same for every occurrence.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// A human explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Per-field validation errors (only for `/problems/validation`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The id of the request, as in the `x-request-id` response header; quote it in support requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path in the request body or query, dotted for nested fields (`owner.email`).
    pub field: String,
    /// A stable machine-readable code: `required`, `too_long`, `too_short`, `invalid_format`,
    /// `out_of_range`, `unknown_field`, `invalid_type`, ...
    pub code: String,
    /// A human explanation, fit to show next to the field.
    pub message: String,
}

impl FieldError {
    /// A field error with the given path, code and message.
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into(), message: message.into() }
    }
}

impl Problem {
    /// The problem's slug, the part of `type` after `/problems/`.
    pub fn slug(&self) -> &str {
        self.kind.strip_prefix("/problems/").unwrap_or(&self.kind)
    }

    /// The error for a field, if the server named one.
    pub fn field(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.detail {
            Some(detail) => write!(f, "{} ({detail})", self.title),
            None => f.write_str(&self.title),
        }
    }
}

impl std::error::Error for Problem {}
