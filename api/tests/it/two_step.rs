//! Two-step login with TOTP: enrolment, sign-in with codes, replay, recovery, turning it off.

use actix_web::test::TestRequest;
use portal_api::auth::totp;
use serde_json::json;

use crate::db_test;
use crate::support::*;

fn secret_of(enrollment: &serde_json::Value) -> Vec<u8> {
    // Decode the base32 secret the way an authenticator app does.
    let text = enrollment["secret"].as_str().unwrap();
    let mut bits = 0u64;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32"),
        };
        bits = (bits << 5) | u64::from(v);
        n += 5;
        if n >= 8 {
            out.push((bits >> (n - 8)) as u8);
            n -= 8;
        }
    }
    out
}

async fn token_owned<S, B>(app: &S, fields: Vec<(String, String)>) -> Reply
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    token(app, &refs).await
}

db_test!(totp_enrolment_and_sign_in, |db| {
    let app = test_app_with(test_state(&db)).await;
    let user = register(&app, "ola@example.com", PASSWORD).await;
    let access = access_token(&app, &user.email, PASSWORD).await;
    let hash = auth_hash_for(&app, &user.email, PASSWORD).await;
    let post = |path: &str, body: serde_json::Value| {
        authed(TestRequest::post().uri(path), &access).set_json(body).to_request()
    };

    let wrong = auth_hash_for(&app, &user.email, "wrong wrong wrong wrong").await;
    send(&app, post("/api/v1/accounts/me/two-step/totp", json!({ "auth_hash": wrong })))
        .await
        .assert_problem(422, "validation");
    let start = send(&app, post("/api/v1/accounts/me/two-step/totp", json!({ "auth_hash": hash }))).await;
    assert_eq!(start.status, 200, "{}", start.text());
    let enrollment = start.json();
    let uri = enrollment["otpauth_uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/Provider%20Portal:ola@example.com?secret="), "{uri}");
    let secret = secret_of(&enrollment);
    assert_eq!(secret.len(), 20);

    // Not on until confirmed: sign-in still needs no code.
    assert_eq!(sign_in(&app, &user.email, PASSWORD).await.status, 200);
    send(&app, post("/api/v1/accounts/me/two-step/totp/confirm", json!({ "code": "000000" })))
        .await
        .assert_problem(422, "validation");
    let now = totp::current_step();
    let enabled =
        send(&app, post("/api/v1/accounts/me/two-step/totp/confirm", json!({ "code": totp::code_at(&secret, now) })))
            .await;
    assert_eq!(enabled.status, 200, "{}", enabled.text());
    let recovery = enabled.json()["recovery_code"].as_str().unwrap().to_owned();
    assert_eq!(recovery.len(), 29);

    // Password alone is no longer enough.
    let res = sign_in(&app, &user.email, PASSWORD).await;
    res.assert_problem(401, "two-step-required");
    let with = |code: &str, hash: &str| {
        vec![
            ("grant_type".to_owned(), "password".to_owned()),
            ("username".to_owned(), user.email.clone()),
            ("password".to_owned(), hash.to_owned()),
            ("two_step_code".to_owned(), code.to_owned()),
        ]
    };
    token_owned(&app, with("123456", &hash)).await.assert_problem(400, "invalid-two-step-code");
    // The code used to confirm was spent; the next step's code signs in once.
    token_owned(&app, with(&totp::code_at(&secret, now), &hash)).await.assert_problem(400, "invalid-two-step-code");
    let next = totp::code_at(&secret, now + 1);
    assert_eq!(token_owned(&app, with(&next, &hash)).await.status, 200);
    token_owned(&app, with(&next, &hash)).await.assert_problem(400, "invalid-two-step-code");
    // A right code with a wrong password tells nothing about the code.
    let wrong_pw = auth_hash_for(&app, &user.email, "not the password here").await;
    token_owned(&app, with(&totp::code_at(&secret, now + 1), &wrong_pw)).await.assert_problem(400, "invalid-grant");

    // The recovery code signs in once and turns two-step login off.
    let rec = token(
        &app,
        &[
            ("grant_type", "password"),
            ("username", &user.email),
            ("password", &hash),
            ("recovery_code", &recovery.to_lowercase()),
        ],
    )
    .await;
    assert_eq!(rec.status, 200, "{}", rec.text());
    assert_eq!(sign_in(&app, &user.email, PASSWORD).await.status, 200, "two-step is off after recovery");
});

db_test!(turning_totp_off_needs_the_master_password, |db| {
    let app = test_app_with(test_state(&db)).await;
    let user = register(&app, "pia@example.com", PASSWORD).await;
    let access = access_token(&app, &user.email, PASSWORD).await;
    let hash = auth_hash_for(&app, &user.email, PASSWORD).await;
    let post = |path: &str, body: serde_json::Value| {
        authed(TestRequest::post().uri(path), &access).set_json(body).to_request()
    };
    let enrollment = send(&app, post("/api/v1/accounts/me/two-step/totp", json!({ "auth_hash": hash }))).await.json();
    let secret = secret_of(&enrollment);
    let code = totp::code_at(&secret, totp::current_step());
    assert_eq!(
        send(&app, post("/api/v1/accounts/me/two-step/totp/confirm", json!({ "code": code }))).await.status,
        200
    );
    send(&app, post("/api/v1/accounts/me/two-step/totp", json!({ "auth_hash": hash })))
        .await
        .assert_problem(409, "conflict");
    let wrong = auth_hash_for(&app, &user.email, "wrong wrong wrong wrong").await;
    send(&app, post("/api/v1/accounts/me/two-step/totp/disable", json!({ "auth_hash": wrong })))
        .await
        .assert_problem(422, "validation");
    assert_eq!(
        send(&app, post("/api/v1/accounts/me/two-step/totp/disable", json!({ "auth_hash": hash }))).await.status,
        204
    );
    let me = send(&app, authed(TestRequest::get().uri("/api/v1/accounts/me"), &access).to_request()).await.json();
    assert_eq!(me["two_step_enabled"], false);
    assert_eq!(sign_in(&app, &user.email, PASSWORD).await.status, 200);
});
