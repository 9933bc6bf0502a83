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
    /// The JSON body answered on success.
    type Response: DeserializeOwned;
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
}
