//! The portal's side of the API: one generic [`call`] over the browser's `fetch`, and one small
//! function per endpoint in the submodules. Pages never build URLs or parse bodies themselves.
//!
//! This is the one place that signs requests: an endpoint marked
//! [`Endpoint::AUTHENTICATED`] gets the session's access token, and a 401 on such a call triggers
//! one refresh of the token and one retry. When the refresh is refused, the session ends (and the
//! person lands on the sign-in page) in [`crate::session::end_expired`].

pub mod accounts;
pub mod api_keys;
pub mod auth;
pub mod clients;
pub mod collections;
pub mod groups;
pub mod members;
pub mod meta;
pub mod organizations;
pub mod policies;
pub mod provider_users;
pub mod providers;

use portal_shared::Problem;
use portal_shared::client::{ClientError, Endpoint, decode_response};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

use crate::session::{self, RefreshError};

/// Sends `endpoint`'s request to this origin's API and decodes the answer: the response type on
/// success, the server's `Problem` otherwise, [`ClientError::Transport`] when nothing usable came back.
pub async fn call<E: Endpoint>(endpoint: &E) -> Result<E::Response, ClientError> {
    let body = match endpoint.body() {
        Some(body) => Some(
            serde_json::to_string(body)
                .map_err(|e| ClientError::Transport(format!("the request could not be encoded: {e}")))?,
        ),
        None => None,
    };
    let request = RawRequest { method: E::METHOD.as_str(), path: endpoint.path(), body };
    let (status, bytes) =
        if E::AUTHENTICATED { exchange_authenticated(&request).await? } else { exchange(&request, None).await? };
    decode_response(status, &bytes)
}

/// A request with its body already encoded. Everything below works on this, so the code that
/// talks to `fetch` exists once rather than once per endpoint type.
struct RawRequest {
    method: &'static str,
    path: String,
    body: Option<String>,
}

/// Sends an authenticated request: with the session's access token, and after a 401 once more
/// with a refreshed one.
async fn exchange_authenticated(request: &RawRequest) -> Result<(u16, Vec<u8>), ClientError> {
    let Some(token) = session::access_token() else {
        session::end_expired();
        return Err(signed_out());
    };
    let answer = exchange(request, Some(&token)).await?;
    if answer.0 != 401 {
        return Ok(answer);
    }
    match session::refresh_access_token(Some(&token)).await {
        Ok(fresh) => {
            let retried = exchange(request, Some(&fresh)).await?;
            if retried.0 == 401 {
                // A brand-new token refused: the account's sessions were ended elsewhere.
                session::end_expired();
            }
            Ok(retried)
        }
        Err(RefreshError::Rejected) => {
            session::end_expired();
            Ok(answer)
        }
        Err(RefreshError::Unreachable(transport)) => Err(transport),
    }
}

/// One request, with the bearer token when given: the status and the body.
async fn exchange(request: &RawRequest, bearer: Option<&str>) -> Result<(u16, Vec<u8>), ClientError> {
    let headers = Headers::new().map_err(transport)?;
    headers.set("Accept", "application/json").map_err(transport)?;
    if let Some(token) = bearer {
        headers.set("Authorization", &format!("Bearer {token}")).map_err(transport)?;
    }
    let init = RequestInit::new();
    init.set_method(request.method);
    if let Some(body) = &request.body {
        headers.set("Content-Type", "application/json").map_err(transport)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let fetch_request = Request::new_with_str_and_init(&request.path, &init).map_err(transport)?;
    let window = web_sys::window().ok_or_else(|| ClientError::Transport("no browser window".into()))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&fetch_request))
        .await
        .map_err(transport)?
        .dyn_into()
        .map_err(transport)?;
    let buffer = JsFuture::from(response.array_buffer().map_err(transport)?).await.map_err(transport)?;
    Ok((response.status(), js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// A rejected promise or a failed JS call (fetch rejects only for network failures).
fn transport(err: JsValue) -> ClientError {
    let message = err
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "network error".into());
    ClientError::Transport(message)
}

/// What an authenticated call answers when this tab holds no session.
fn signed_out() -> ClientError {
    ClientError::Problem(Box::new(Problem {
        kind: "/problems/unauthorized".into(),
        title: "Sign-in required".into(),
        status: 401,
        detail: Some("Sign in to continue.".into()),
        errors: Vec::new(),
        request_id: None,
    }))
}
