//! The portal's side of the API: one generic [`call`] over the browser's `fetch`, and one small
//! function per endpoint in the submodules. Pages never build URLs or parse bodies themselves.

pub mod meta;

use portal_shared::client::{ClientError, Endpoint, decode_response};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// Sends `endpoint`'s request to this origin's API and decodes the answer: the response type on
/// success, the server's `Problem` otherwise, [`ClientError::Transport`] when nothing usable came back.
pub async fn call<E: Endpoint>(endpoint: &E) -> Result<E::Response, ClientError> {
    let request = build_request(endpoint)?;
    let window = web_sys::window().ok_or_else(|| ClientError::Transport("no browser window".into()))?;
    let response: Response =
        JsFuture::from(window.fetch_with_request(&request)).await.map_err(transport)?.dyn_into().map_err(transport)?;
    let buffer = JsFuture::from(response.array_buffer().map_err(transport)?).await.map_err(transport)?;
    let body = js_sys::Uint8Array::new(&buffer).to_vec();
    decode_response(response.status(), &body)
}

fn build_request<E: Endpoint>(endpoint: &E) -> Result<Request, ClientError> {
    let headers = Headers::new().map_err(transport)?;
    headers.set("Accept", "application/json").map_err(transport)?;
    let init = RequestInit::new();
    init.set_method(E::METHOD.as_str());
    if let Some(body) = endpoint.body() {
        let json = serde_json::to_string(body)
            .map_err(|e| ClientError::Transport(format!("the request could not be encoded: {e}")))?;
        headers.set("Content-Type", "application/json").map_err(transport)?;
        init.set_body(&JsValue::from_str(&json));
    }
    init.set_headers(&headers);
    Request::new_with_str_and_init(&endpoint.path(), &init).map_err(transport)
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
