//! Accounts for tests: registration and sign-in done as a real client would (keys derived and
//! encrypted with `portal-shared`'s crypto), with small KDF parameters to stay quick.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::TestRequest;
use portal_api::AppState;
use portal_shared::crypto::{self, KdfParams, KdfSalt, MasterKey};
use serde_json::{Value, json};

use super::{Reply, TestDb, post_json, send};

/// Small Argon2id parameters: tests register with them (the test server's minimum allows it).
pub const TEST_KDF: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

/// The master password tests use unless they say otherwise.
pub const PASSWORD: &str = "Umbrella-Tractor-Violet-8842";

/// App state for tests: in-memory keys, test KDF minimum, mail to the log.
pub fn test_state(db: &TestDb) -> AppState {
    let mut state = AppState::new(db.pool.clone());
    state.auth.kdf_minimum = TEST_KDF;
    state
}

/// A registered user, with what the client knows.
pub struct TestUser {
    pub id: String,
    pub email: String,
    pub password: String,
    pub keys: crypto::RegistrationKeys,
}

/// The registration body a real client would send for `email` and `password`.
pub fn registration(email: &str, password: &str) -> (Value, crypto::RegistrationKeys) {
    let keys = crypto::register_keys(password, Some(email), &TEST_KDF).expect("derive keys");
    let body = json!({
        "email": email,
        "name": "Test User",
        "auth_hash": keys.auth_hash.to_base64(),
        "kdf": TEST_KDF,
        "kdf_salt": keys.kdf_salt.to_base64(),
        "encrypted_user_key": keys.encrypted_user_key.to_string(),
        "public_key": keys.public_key.to_string(),
        "encrypted_private_key": keys.encrypted_private_key.to_string(),
    });
    (body, keys)
}

/// Registers `email` with `password`; panics unless 201.
pub async fn register<S, B>(app: &S, email: &str, password: &str) -> TestUser
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let (body, keys) = registration(email, password);
    let res = post_json(app, "/api/v1/accounts", &body).await;
    assert_eq!(res.status, 201, "register: {}", res.text());
    let id = res.json()["id"].as_str().unwrap().to_owned();
    TestUser { id, email: email.to_owned(), password: password.to_owned(), keys }
}

/// The authentication hash a client derives for `password` after prelogin.
pub async fn auth_hash_for<S, B>(app: &S, email: &str, password: &str) -> String
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let pre = post_json(app, "/api/v1/accounts/prelogin", &json!({ "email": email })).await;
    assert_eq!(pre.status, 200, "prelogin: {}", pre.text());
    let pre = pre.json();
    let params: KdfParams = serde_json::from_value(pre["kdf"].clone()).unwrap();
    let salt = KdfSalt::from_base64(pre["kdf_salt"].as_str().unwrap()).unwrap();
    MasterKey::derive(password, &salt, &params).unwrap().auth_hash().unwrap().to_base64()
}

/// `POST /api/v1/auth/token` with a form body.
pub async fn token<S, B>(app: &S, fields: &[(&str, &str)]) -> Reply
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let body = serde_urlencoded::to_string(fields).unwrap();
    let req = TestRequest::post()
        .uri("/api/v1/auth/token")
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .peer_addr("203.0.113.7:5000".parse().unwrap())
        .set_payload(body)
        .to_request();
    send(app, req).await
}

/// Signs in with the password grant (deriving the hash like a client); returns the reply.
pub async fn sign_in<S, B>(app: &S, email: &str, password: &str) -> Reply
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let hash = auth_hash_for(app, email, password).await;
    token(app, &[("grant_type", "password"), ("username", email), ("password", &hash)]).await
}

/// Signs in and returns the access token; panics unless 200.
pub async fn access_token<S, B>(app: &S, email: &str, password: &str) -> String
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = sign_in(app, email, password).await;
    assert_eq!(res.status, 200, "sign in: {}", res.text());
    res.json()["access_token"].as_str().unwrap().to_owned()
}

/// A request with a bearer token.
pub fn authed(req: TestRequest, token: &str) -> TestRequest {
    req.insert_header(("authorization", format!("Bearer {token}")))
}
