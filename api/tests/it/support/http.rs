//! Calling the app in-process.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test;
use actix_web::test::TestRequest;
use portal_api::{AppState, build_app};
use serde_json::Value;

use super::TestDb;
use super::accounts::authed;

/// The app over `db`, as `portal serve` builds it.
pub async fn test_app(
    db: &TestDb,
) -> impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error> {
    test::init_service(build_app(AppState::new(db.pool.clone()))).await
}

/// The app over `db` with a custom state.
pub async fn test_app_with(
    state: AppState,
) -> impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error> {
    test::init_service(build_app(state)).await
}

/// A response read whole.
pub struct Reply {
    pub status: u16,
    pub headers: actix_web::http::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts a problem+json answer with this status and type slug; returns the body.
    pub fn assert_problem(&self, status: u16, slug: &str) -> Value {
        assert_eq!(self.status, status, "status; body: {}", self.text());
        assert_eq!(self.header("content-type").as_deref(), Some("application/problem+json"), "content type");
        let body = self.json();
        assert_eq!(body["type"], format!("/problems/{slug}"), "problem type; body: {body}");
        assert_eq!(body["status"], status);
        assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()), "problem title");
        assert_eq!(
            body["request_id"].as_str(),
            self.header("x-request-id").as_deref(),
            "request id in body and header"
        );
        body
    }
}

/// Sends `req` and reads the whole response.
pub async fn send<S, B>(app: &S, req: Request) -> Reply
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = test::call_service(app, req).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = test::read_body(res).await.to_vec();
    Reply { status, headers, body }
}

/// `GET path`.
pub async fn get<S, B>(app: &S, path: &str) -> Reply
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    send(app, test::TestRequest::get().uri(path).to_request()).await
}

/// `POST path` with a JSON body.
pub async fn post_json<S, B>(app: &S, path: &str, body: &Value) -> Reply
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    send(app, test::TestRequest::post().uri(path).set_json(body).to_request()).await
}

/// Calls `method path` with a bearer token (`""`: anonymous) and an optional JSON body.
pub async fn call<S, B>(app: &S, method: &str, path: &str, token: &str, body: Option<Value>) -> Reply
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let req = match method {
        "GET" => TestRequest::get(),
        "POST" => TestRequest::post(),
        "PUT" => TestRequest::put(),
        "PATCH" => TestRequest::patch(),
        "DELETE" => TestRequest::delete(),
        other => panic!("{other}"),
    };
    let mut req = authed(req.uri(path), token);
    if let Some(body) = body {
        req = req.set_json(body);
    }
    send(app, req.to_request()).await
}
