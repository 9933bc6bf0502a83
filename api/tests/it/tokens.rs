//! The token endpoint and access tokens: the negative cases as carefully as the positive.

use actix_web::test::TestRequest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use portal_api::auth::jwt;
use serde_json::json;

use crate::db_test;
use crate::support::*;

fn me(token: &str) -> actix_http::Request {
    authed(TestRequest::get().uri("/api/v1/accounts/me"), token).to_request()
}

db_test!(wrong_password_and_unknown_email_look_the_same, |db| {
    let app = test_app_with(test_state(&db)).await;
    register(&app, "hal@example.com", PASSWORD).await;
    let wrong = sign_in(&app, "hal@example.com", "wrong wrong wrong wrong").await;
    let unknown = sign_in(&app, "nobody-here@example.com", PASSWORD).await;
    let (mut a, mut b) = (wrong.assert_problem(400, "invalid-grant"), unknown.assert_problem(400, "invalid-grant"));
    a["request_id"] = json!(null);
    b["request_id"] = json!(null);
    assert_eq!(a, b, "identical answers");
});

db_test!(password_grant_issues_a_verified_jwt_and_a_refresh_token, |db| {
    let state = test_state(&db);
    let keys = state.keys.clone();
    let app = test_app_with(state).await;
    let user = register(&app, "ivy@example.com", PASSWORD).await;
    let res = sign_in(&app, &user.email, PASSWORD).await;
    assert_eq!(res.status, 200, "{}", res.text());
    let body = res.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    let claims = jwt::verify(&keys, body["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(claims.sub, user.id);
    assert_eq!(claims.iss, "provider-portal");
    assert_eq!(claims.aud, "provider-portal-api");
    assert!(claims.exp > claims.iat && !claims.jti.is_empty());
    let header = jsonwebtoken::decode_header(body["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(header.alg, Algorithm::HS256);
    assert!(header.kid.is_some());
    assert!(body["refresh_token"].as_str().unwrap().len() >= 40);

    // JSON bodies work as well as forms.
    let hash = auth_hash_for(&app, &user.email, PASSWORD).await;
    let res = post_json(
        &app,
        "/api/v1/auth/token",
        &json!({ "grant_type": "password", "username": user.email, "password": hash }),
    )
    .await;
    assert_eq!(res.status, 200);
});

db_test!(forged_and_stale_tokens_are_refused, |db| {
    let state = test_state(&db);
    let keys = state.keys.clone();
    let app = test_app_with(state).await;
    let user = register(&app, "jay@example.com", PASSWORD).await;
    let good = access_token(&app, &user.email, PASSWORD).await;
    assert_eq!(send(&app, me(&good)).await.status, 200);
    let claims = jwt::verify(&keys, &good).unwrap();
    let (kid, secret) = keys.current_signing_key().unwrap();
    let sign = |c: &serde_json::Value, key: &[u8]| {
        let mut h = Header::new(Algorithm::HS256);
        h.kid = Some(kid.clone());
        jsonwebtoken::encode(&h, c, &EncodingKey::from_secret(key)).unwrap()
    };
    let base = serde_json::to_value(&claims).unwrap();

    let mut expired = base.clone();
    expired["exp"] = json!(claims.iat - 3600);
    let mut wrong_aud = base.clone();
    wrong_aud["aud"] = json!("some-other-api");
    let mut wrong_iss = base.clone();
    wrong_iss["iss"] = json!("evil");
    let mut no_sub = base.clone();
    no_sub.as_object_mut().unwrap().remove("sub");
    let other_keys = portal_api::auth::ServerKeys::ephemeral().unwrap();
    let (_, other_secret) = other_keys.current_signing_key().unwrap();

    let (head, rest) = good.split_once('.').unwrap();
    let (payload, sig) = rest.split_once('.').unwrap();
    let mut tampered_payload = base.clone();
    tampered_payload["sub"] = json!("someone-else");
    let tampered = format!("{head}.{}.{sig}", URL_SAFE_NO_PAD.encode(tampered_payload.to_string()));
    let none_header = URL_SAFE_NO_PAD.encode(json!({ "alg": "none", "typ": "JWT", "kid": kid }).to_string());
    let alg_none = format!("{none_header}.{payload}.");
    let hs512 = {
        let mut h = Header::new(Algorithm::HS512);
        h.kid = Some(kid.clone());
        jsonwebtoken::encode(&h, &base, &EncodingKey::from_secret(&secret)).unwrap()
    };

    for (name, token) in [
        ("expired", sign(&expired, &secret)),
        ("wrong audience", sign(&wrong_aud, &secret)),
        ("wrong issuer", sign(&wrong_iss, &secret)),
        ("no subject", sign(&no_sub, &secret)),
        ("wrong key", sign(&base, &other_secret)),
        ("tampered", tampered),
        ("alg none", alg_none),
        ("another algorithm", hs512),
        ("garbage", "not.a.jwt".to_owned()),
    ] {
        let res = send(&app, me(&token)).await;
        assert_eq!(res.status, 401, "{name}");
        res.assert_problem(401, "unauthorized");
    }
    assert_eq!(send(&app, me(&sign(&base, &secret))).await.status, 200, "the control case passes");
});

db_test!(rotated_signing_keys_keep_sessions, |db| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys.json");
    let mut state = test_state(&db);
    state.keys = portal_api::auth::ServerKeys::load_or_create(&path).unwrap();
    let app = test_app_with(state).await;
    let user = register(&app, "kim@example.com", PASSWORD).await;
    let before = access_token(&app, &user.email, PASSWORD).await;
    portal_api::auth::ServerKeys::rotate(&path, std::time::Duration::from_secs(3600)).unwrap();
    // A restarted server (or another instance) loads the rotated file.
    let mut state = test_state(&db);
    state.keys = portal_api::auth::ServerKeys::load_or_create(&path).unwrap();
    let app = test_app_with(state).await;
    assert_eq!(send(&app, me(&before)).await.status, 200, "old key still verifies");
    let after = access_token(&app, &user.email, PASSWORD).await;
    let kid = |t: &str| jsonwebtoken::decode_header(t).unwrap().kid.unwrap();
    assert_ne!(kid(&before), kid(&after), "new tokens use the new key");
});

db_test!(refresh_tokens_rotate_and_reuse_revokes_the_family, |db| {
    let app = test_app_with(test_state(&db)).await;
    let user = register(&app, "lou@example.com", PASSWORD).await;
    let first = sign_in(&app, &user.email, PASSWORD).await.json();
    let r1 = first["refresh_token"].as_str().unwrap().to_owned();
    let second = token(&app, &[("grant_type", "refresh_token"), ("refresh_token", &r1)]).await;
    assert_eq!(second.status, 200, "{}", second.text());
    let r2 = second.json()["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2, "rotated");
    assert_eq!(send(&app, me(second.json()["access_token"].as_str().unwrap())).await.status, 200);

    // Someone replays r1: the whole family dies, r2 included.
    token(&app, &[("grant_type", "refresh_token"), ("refresh_token", &r1)]).await.assert_problem(400, "invalid-grant");
    token(&app, &[("grant_type", "refresh_token"), ("refresh_token", &r2)]).await.assert_problem(400, "invalid-grant");
    token(&app, &[("grant_type", "refresh_token"), ("refresh_token", "made-up")])
        .await
        .assert_problem(400, "invalid-grant");

    // Another session of the same user is untouched.
    let other = sign_in(&app, &user.email, PASSWORD).await.json();
    let r3 = other["refresh_token"].as_str().unwrap();
    assert_eq!(token(&app, &[("grant_type", "refresh_token"), ("refresh_token", r3)]).await.status, 200);
});

db_test!(logout_ends_the_session, |db| {
    let app = test_app_with(test_state(&db)).await;
    let user = register(&app, "max@example.com", PASSWORD).await;
    let session = sign_in(&app, &user.email, PASSWORD).await.json();
    let refresh = session["refresh_token"].as_str().unwrap();
    let out = post_json(&app, "/api/v1/auth/logout", &json!({ "refresh_token": refresh })).await;
    assert_eq!(out.status, 204);
    token(&app, &[("grant_type", "refresh_token"), ("refresh_token", refresh)])
        .await
        .assert_problem(400, "invalid-grant");
    assert_eq!(post_json(&app, "/api/v1/auth/logout", &json!({ "refresh_token": "unknown" })).await.status, 204);
});

db_test!(failed_sign_ins_are_throttled_per_account_and_address, |db| {
    let mut state = test_state(&db);
    state.auth.throttle =
        portal_api::auth::throttle::ThrottleLimits { per_account: 3, per_address: 5, window_secs: 600 };
    let app = test_app_with(state).await;
    let user = register(&app, "ned@example.com", PASSWORD).await;
    for _ in 0..3 {
        sign_in(&app, &user.email, "wrong password number one").await.assert_problem(400, "invalid-grant");
    }
    let blocked = sign_in(&app, &user.email, PASSWORD).await;
    blocked.assert_problem(429, "too-many-requests");
    let retry: u64 = blocked.header("retry-after").unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 600, "{retry}");

    // The address is throttled too: 2 more failures on other accounts from it reach its limit.
    register(&app, "other@example.com", PASSWORD).await;
    for _ in 0..2 {
        sign_in(&app, "other@example.com", "wrong password number two").await.assert_problem(400, "invalid-grant");
    }
    sign_in(&app, "other@example.com", PASSWORD).await.assert_problem(429, "too-many-requests");
});

db_test!(token_endpoint_rejects_bad_requests_clearly, |db| {
    let app = test_app_with(test_state(&db)).await;
    token(&app, &[("grant_type", "magic")]).await.assert_problem(422, "validation");
    token(&app, &[("username", "a@b.co")]).await.assert_problem(422, "validation");
    token(&app, &[("grant_type", "password"), ("username", "a@b.co")]).await.assert_problem(422, "validation");
    let req = TestRequest::post()
        .uri("/api/v1/auth/token")
        .insert_header(("content-type", "text/plain"))
        .set_payload("x")
        .to_request();
    send(&app, req).await.assert_problem(415, "unsupported-media-type");
    let req = TestRequest::post()
        .uri("/api/v1/auth/token")
        .insert_header(("content-type", "application/json"))
        .set_payload("{\"grant_type\":")
        .to_request();
    send(&app, req).await.assert_problem(400, "malformed-json");
});
