//! API keys: exchanged for scoped tokens that reach nothing else.

use actix_web::test::TestRequest;
use diesel::RunQueryDsl;
use portal_api::api_keys::{self, KeyAccess, KeyOwner};
use portal_api::auth::jwt;

use crate::db_test;
use crate::support::*;

fn organization(db: &TestDb) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let now = portal_api::db::now();
    use diesel::ExpressionMethods;
    use portal_api::db::schema::organizations::dsl as o;
    diesel::insert_into(o::organizations)
        .values((
            o::id.eq(&id),
            o::name.eq("Acme"),
            o::billing_email.eq("billing@acme.test"),
            o::plan.eq("teams"),
            o::seats.eq(Some(10)),
            o::provider_id.eq(None::<String>),
            o::provider_wrapped_key.eq(None::<String>),
            o::created_at.eq(now),
            o::updated_at.eq(now),
        ))
        .execute(&mut *db.pool.get().unwrap())
        .unwrap();
    id
}

db_test!(client_credentials_yield_a_scoped_token, |db| {
    let state = test_state(&db);
    let keys = state.keys.clone();
    let app = test_app_with(state).await;
    let org = organization(&db);
    let issued = {
        let mut conn = db.pool.get().unwrap();
        api_keys::create(
            &mut conn,
            &KeyOwner::Organization(org.clone()),
            KeyAccess::Read,
            "PSA sync",
            portal_api::db::now(),
        )
        .unwrap()
    };
    let res = token(
        &app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &issued.client_id),
            ("client_secret", &issued.client_secret),
        ],
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    let body = res.json();
    assert_eq!(body["scope"], format!("organization:{org}:read"));
    assert!(body.get("refresh_token").is_none(), "no refresh token for API keys");
    let claims = jwt::verify(&keys, body["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(claims.typ, jwt::TokenKind::ApiKey);
    let scope = claims.scope.unwrap();
    assert_eq!(
        (scope.owner.as_str(), scope.owner_id.as_str(), scope.access.as_str()),
        ("organization", org.as_str(), "read")
    );
    assert!(!scope.secret_tag.is_empty(), "the token names the secret it was issued under");

    // The token is not a user: account endpoints refuse it.
    let me = authed(TestRequest::get().uri("/api/v1/accounts/me"), body["access_token"].as_str().unwrap()).to_request();
    assert_eq!(send(&app, me).await.status, 401);

    // Wrong secret, rotated secret and revoked key all fail alike.
    token(&app, &[("grant_type", "client_credentials"), ("client_id", &issued.client_id), ("client_secret", "nope")])
        .await
        .assert_problem(400, "invalid-grant");
    let rotated = {
        let mut conn = db.pool.get().unwrap();
        api_keys::rotate(&mut conn, &issued.id, portal_api::db::now()).unwrap()
    };
    assert_eq!(rotated.client_id, issued.client_id);
    token(
        &app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &issued.client_id),
            ("client_secret", &issued.client_secret),
        ],
    )
    .await
    .assert_problem(400, "invalid-grant");
    assert_eq!(
        token(
            &app,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &rotated.client_id),
                ("client_secret", &rotated.client_secret)
            ]
        )
        .await
        .status,
        200
    );
    api_keys::revoke(&mut db.pool.get().unwrap(), &issued.id, portal_api::db::now()).unwrap();
    token(
        &app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &rotated.client_id),
            ("client_secret", &rotated.client_secret),
        ],
    )
    .await
    .assert_problem(400, "invalid-grant");
});
