//! An organization's API key: one live key, managed by Owners and the provider's users, shown
//! once, rotated and revoked; its tokens reach members, policies and the log, never the settings,
//! confirmations or the key itself.

use serde_json::{Value, json};

use crate::db_test;
use crate::org_events::standalone_org;
use crate::support::*;

/// Exchanges a key for a token; panics unless 200.
pub async fn key_token<S, B>(app: &S, issued: &Value) -> String
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let res = token(
        app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", issued["key"]["client_id"].as_str().unwrap()),
            ("client_secret", issued["client_secret"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    res.json()["access_token"].as_str().unwrap().to_owned()
}

db_test!(the_api_key_is_made_rotated_and_revoked_by_owners_only, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let org = standalone_org(&app, &owner, &owner_t, "Acme").await;
    let key = format!("/api/v1/organizations/{org}/api-key");

    // None yet: 200 with null.
    let none = call(&app, "GET", &key, &owner_t, None).await;
    assert_eq!((none.status, none.json()), (200, Value::Null));

    // Admins, plain members and strangers do not manage it.
    let admin = register(&app, "admin@acme.test", PASSWORD).await;
    add_member(&db, &org, Some(&admin.id), "admin@acme.test", "admin", "confirmed");
    let admin_t = access_token(&app, "admin@acme.test", PASSWORD).await;
    let body = json!({ "scope": "write", "name": "PSA sync" });
    call(&app, "GET", &key, &admin_t, None).await.assert_problem(403, "owner-only");
    call(&app, "POST", &key, &admin_t, Some(body.clone())).await.assert_problem(403, "owner-only");
    register(&app, "stranger@example.com", PASSWORD).await;
    let stranger_t = access_token(&app, "stranger@example.com", PASSWORD).await;
    call(&app, "GET", &key, &stranger_t, None).await.assert_problem(404, "not-found");
    call(&app, "GET", &key, "", None).await.assert_problem(401, "unauthorized");
    call(&app, "POST", &key, &owner_t, Some(json!({ "scope": "write", "name": " " })))
        .await
        .assert_problem(422, "validation");

    // Made once, the secret shown once; a second live key is refused.
    let issued = call(&app, "POST", &key, &owner_t, Some(body.clone())).await;
    assert_eq!(issued.status, 201, "{}", issued.text());
    let issued = issued.json();
    assert_eq!(issued["key"]["scope"], "write");
    assert!(issued["client_secret"].as_str().is_some_and(|s| s.len() >= 32));
    call(&app, "POST", &key, &owner_t, Some(body.clone())).await.assert_problem(409, "api-key-exists");
    let shown = call(&app, "GET", &key, &owner_t, None).await.json();
    assert_eq!(shown["client_id"], issued["key"]["client_id"]);
    assert!(shown.get("client_secret").is_none(), "never the secret again");
    let old_t = key_token(&app, &issued).await;
    assert!(call(&app, "GET", &key, &owner_t, None).await.json()["last_used_at"].is_string());

    // Rotating keeps the client id, kills the old secret's tokens.
    let rotated = call(&app, "POST", &format!("{key}/rotate"), &owner_t, None).await;
    assert_eq!(rotated.status, 200, "{}", rotated.text());
    let rotated = rotated.json();
    assert_eq!(rotated["key"]["client_id"], issued["key"]["client_id"]);
    assert_ne!(rotated["client_secret"], issued["client_secret"]);
    assert!(rotated["key"]["rotated_at"].is_string());
    let members = format!("/api/v1/organizations/{org}/members");
    call(&app, "GET", &members, &old_t, None).await.assert_problem(401, "unauthorized");
    let new_t = key_token(&app, &rotated).await;
    assert_eq!(call(&app, "GET", &members, &new_t, None).await.status, 200);

    // Revoking kills it; then there is none, and a new one can be made.
    call(&app, "DELETE", &key, &admin_t, None).await.assert_problem(403, "owner-only");
    assert_eq!(call(&app, "DELETE", &key, &owner_t, None).await.status, 204);
    call(&app, "GET", &members, &new_t, None).await.assert_problem(401, "unauthorized");
    call(&app, "DELETE", &key, &owner_t, None).await.assert_problem(404, "not-found");
    call(&app, "POST", &format!("{key}/rotate"), &owner_t, None).await.assert_problem(404, "not-found");
    assert_eq!(call(&app, "GET", &key, &owner_t, None).await.json(), Value::Null);
    assert_eq!(call(&app, "POST", &key, &owner_t, Some(body)).await.status, 201);

    let log = call(&app, "GET", &format!("/api/v1/organizations/{org}/events?action=api_key."), &owner_t, None).await;
    let acts: Vec<String> = log.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .filter(|a| a != "api_key.token_issued")
        .collect();
    assert_eq!(acts, ["api_key.created", "api_key.revoked", "api_key.rotated", "api_key.created"]);
});

db_test!(a_keys_token_reaches_members_policies_and_the_log_and_nothing_else, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let org = standalone_org(&app, &owner, &owner_t, "Acme").await;
    let other = standalone_org(&app, &owner, &owner_t, "Other").await;
    let base = format!("/api/v1/organizations/{org}");
    let write =
        call(&app, "POST", &format!("{base}/api-key"), &owner_t, Some(json!({ "scope": "write", "name": "HR" })))
            .await
            .json();
    let write_t = key_token(&app, &write).await;

    // A write key lists and invites members, changes policies, reads the log.
    assert_eq!(call(&app, "GET", &format!("{base}/members"), &write_t, None).await.status, 200);
    let invited = call(
        &app,
        "POST",
        &format!("{base}/members"),
        &write_t,
        Some(json!({ "invites": [{ "email": "new@acme.test", "type": "user" }] })),
    )
    .await;
    assert_eq!(invited.status, 201, "{}", invited.text());
    let policy = json!({ "enabled": true, "options": { "type": "vault_timeout", "minutes": 30, "action": "lock" } });
    let put = call(&app, "PUT", &format!("{base}/policies/vault_timeout"), &write_t, Some(policy.clone())).await;
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(call(&app, "GET", &format!("{base}/policies"), &write_t, None).await.status, 200);
    let log = call(&app, "GET", &format!("{base}/events"), &write_t, None).await;
    assert_eq!(log.status, 200, "{}", log.text());
    let mut by_key: Vec<String> = log.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor_api_key_id"] == write["key"]["id"])
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    by_key.sort();
    assert_eq!(by_key, ["api_key.token_issued", "member.invited", "policy.updated"], "the key's own doings");

    // Never the settings, confirmations or the key itself.
    call(&app, "PATCH", &base, &write_t, Some(json!({ "name": "Hacked" }))).await.assert_problem(403, "forbidden");
    let wrapped = portal_shared::crypto::WrappedKey::seal(
        &owner.keys.public_key,
        &portal_shared::crypto::SymmetricKey::generate().unwrap(),
        portal_shared::crypto::context::ORGANIZATION_KEY,
    )
    .unwrap()
    .to_string();
    let confirm = json!({ "confirmations": [{ "member_id": "x", "wrapped_org_key": wrapped }] });
    call(&app, "POST", &format!("{base}/members/confirm"), &write_t, Some(confirm))
        .await
        .assert_problem(403, "needs-organization-key");
    call(&app, "GET", &format!("{base}/api-key"), &write_t, None).await.assert_problem(403, "forbidden");
    call(&app, "POST", &format!("{base}/api-key/rotate"), &write_t, None).await.assert_problem(403, "forbidden");
    call(&app, "DELETE", &format!("{base}/api-key"), &write_t, None).await.assert_problem(403, "forbidden");
    // Not a person: account endpoints refuse it.
    call(&app, "GET", "/api/v1/accounts/me/policies", &write_t, None).await.assert_problem(401, "unauthorized");

    // Another organization's key sees nothing here.
    let other_key = call(
        &app,
        "POST",
        &format!("/api/v1/organizations/{other}/api-key"),
        &owner_t,
        Some(json!({ "scope": "write", "name": "Other" })),
    )
    .await
    .json();
    let other_t = key_token(&app, &other_key).await;
    call(&app, "GET", &format!("{base}/members"), &other_t, None).await.assert_problem(404, "not-found");
    call(&app, "GET", &format!("{base}/events"), &other_t, None).await.assert_problem(404, "not-found");
    call(&app, "PUT", &format!("{base}/policies/vault_timeout"), &other_t, Some(policy.clone()))
        .await
        .assert_problem(404, "not-found");

    // A read key reads, never writes.
    assert_eq!(call(&app, "DELETE", &format!("{base}/api-key"), &owner_t, None).await.status, 204);
    let read = call(&app, "POST", &format!("{base}/api-key"), &owner_t, Some(json!({ "scope": "read", "name": "BI" })))
        .await
        .json();
    let read_t = key_token(&app, &read).await;
    assert_eq!(call(&app, "GET", &format!("{base}/events"), &read_t, None).await.status, 200);
    assert_eq!(call(&app, "GET", &format!("{base}/policies"), &read_t, None).await.status, 200);
    call(&app, "PUT", &format!("{base}/policies/vault_timeout"), &read_t, Some(policy))
        .await
        .assert_problem(403, "forbidden");
    call(
        &app,
        "POST",
        &format!("{base}/members"),
        &read_t,
        Some(json!({ "invites": [{ "email": "r@acme.test", "type": "user" }] })),
    )
    .await
    .assert_problem(403, "forbidden");
    // The revoked write key's token is dead.
    call(&app, "GET", &format!("{base}/members"), &write_t, None).await.assert_problem(401, "unauthorized");
});

db_test!(the_providers_users_manage_a_clients_key, |db| {
    use portal_shared::crypto::{EncString, SymmetricKey, context};
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    crate::providers::make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, _, admin_t) = crate::providers::active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (_, _, other_t) = crate::providers::active_provider(&app, &db, &root_t, "Southwind", "admin@sw.test").await;
    let under = EncString::encrypt_key(
        &SymmetricKey::generate().unwrap(),
        &SymmetricKey::generate().unwrap(),
        context::ORGANIZATION_KEY,
    )
    .unwrap();
    let body = json!({ "name": "Contoso", "billing_email": "ap@contoso.test", "plan": "teams", "seats": 5,
                       "owner_email": "boss@contoso.test", "provider_wrapped_key": under.to_string() });
    let client = call(&app, "POST", &format!("/api/v1/providers/{p}/clients"), &admin_t, Some(body)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = format!("/api/v1/organizations/{client}/api-key");
    let made = call(&app, "POST", &key, &admin_t, Some(json!({ "scope": "read", "name": "RMM" }))).await;
    assert_eq!(made.status, 201, "{}", made.text());
    call(&app, "GET", &key, &other_t, None).await.assert_problem(404, "not-found");
    let log =
        call(&app, "GET", &format!("/api/v1/providers/{p}/events?action=api_key.created"), &admin_t, None).await.json();
    assert_eq!(log["items"].as_array().unwrap().len(), 1, "a provider user's key shows in the provider's log");
});
