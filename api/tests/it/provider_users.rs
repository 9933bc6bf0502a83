//! Provider users: the lifecycle, the permission matrix, and the last-admin rule under
//! concurrency.

use diesel::prelude::*;
use portal_shared::crypto::{SymmetricKey, WrappedKey, context};
use serde_json::json;

use crate::db_test;
use crate::providers::{active_provider, make_instance_admin};
use crate::support::*;

/// Invites `email` as `kind` and returns (provider user id, invitation token).
async fn invite<S, B>(app: &S, db: &TestDb, provider: &str, admin_t: &str, email: &str, kind: &str) -> (String, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let res = call(
        app,
        "POST",
        &format!("/api/v1/providers/{provider}/users"),
        admin_t,
        Some(json!({ "invites": [{ "email": email, "type": kind }] })),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text());
    let id = res.json()[0]["id"].as_str().unwrap().to_owned();
    let token = portal_api::invitations::create_for_provider_user(
        &mut db.pool.get().unwrap(),
        &id,
        email,
        None,
        portal_api::db::now(),
    )
    .unwrap();
    (id, token)
}

db_test!(provider_users_are_invited_accepted_confirmed_and_managed, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, admin, admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (_, _, other_t) = active_provider(&app, &db, &root_t, "Southwind", "admin@sw.test").await;
    let provider_key = SymmetricKey::generate().unwrap();
    let _ = &admin;

    // Invite: validation, duplicates, tenant wall.
    let users_path = format!("/api/v1/providers/{p}/users");
    let dup = json!({ "invites": [{ "email": "tech@nw.test", "type": "service_user" }, { "email": "TECH@nw.test", "type": "admin" }] });
    call(&app, "POST", &users_path, &admin_t, Some(dup)).await.assert_problem(422, "validation");
    let existing = json!({ "invites": [{ "email": "admin@nw.test", "type": "admin" }] });
    let res = call(&app, "POST", &users_path, &admin_t, Some(existing)).await;
    assert_eq!(res.assert_problem(422, "validation")["errors"][0]["code"], "exists");
    let one = json!({ "invites": [{ "email": "tech@nw.test", "type": "service_user" }] });
    call(&app, "POST", &users_path, &other_t, Some(one.clone())).await.assert_problem(404, "not-found");
    call(&app, "POST", &users_path, &root_t, Some(one)).await.assert_problem(403, "forbidden");
    let (tech_id, token) = invite(&app, &db, &p, &admin_t, "tech@nw.test", "service_user").await;

    // The invitee accepts with an account of that address.
    let tech = register(&app, "tech@nw.test", PASSWORD).await;
    let tech_t = access_token(&app, &tech.email, PASSWORD).await;
    let acc = call(&app, "POST", "/api/v1/invitations/accept", &tech_t, Some(json!({ "token": token }))).await;
    assert_eq!(acc.json()["needs_setup"], false);
    call(&app, "GET", &format!("/api/v1/providers/{p}"), &tech_t, None).await.assert_problem(404, "not-found");

    // The admin compares fingerprints and confirms with the key wrapped to the user's public key.
    let key_path = format!("/api/v1/providers/{p}/users/{tech_id}/public-key");
    let pk = call(&app, "GET", &key_path, &admin_t, None).await.json();
    assert_eq!(pk["fingerprint"], tech.keys.unlocked.fingerprint().to_string());
    let wrapped =
        WrappedKey::seal(&pk["public_key"].as_str().unwrap().parse().unwrap(), &provider_key, context::PROVIDER_KEY)
            .unwrap();
    let confirm_path = format!("/api/v1/providers/{p}/users/{tech_id}/confirm");
    call(&app, "POST", &confirm_path, &admin_t, Some(json!({ "wrapped_provider_key": "nope" })))
        .await
        .assert_problem(422, "validation");
    let confirmed =
        call(&app, "POST", &confirm_path, &admin_t, Some(json!({ "wrapped_provider_key": wrapped.to_string() }))).await;
    assert_eq!(confirmed.json()["status"], "confirmed");
    call(&app, "POST", &confirm_path, &admin_t, Some(json!({ "wrapped_provider_key": wrapped.to_string() })))
        .await
        .assert_problem(409, "conflict");

    // The Service User now reads the provider and opens the provider key; they cannot manage users.
    assert_eq!(call(&app, "GET", &format!("/api/v1/providers/{p}"), &tech_t, None).await.status, 200);
    let membership = call(&app, "GET", &format!("/api/v1/providers/{p}/membership"), &tech_t, None).await.json();
    let opened = tech
        .keys
        .unlocked
        .open_provider_key(&membership["wrapped_provider_key"].as_str().unwrap().parse().unwrap())
        .unwrap();
    assert_eq!(opened.as_bytes(), provider_key.as_bytes());
    let listed = call(&app, "GET", &format!("{users_path}?type=service_user"), &tech_t, None).await.json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed["items"][0]["name"], "Test User");
    let more = json!({ "invites": [{ "email": "x@nw.test", "type": "admin" }] });
    call(&app, "POST", &users_path, &tech_t, Some(more)).await.assert_problem(403, "forbidden");
    call(&app, "PATCH", &format!("{users_path}/{tech_id}"), &tech_t, Some(json!({ "type": "admin" })))
        .await
        .assert_problem(403, "forbidden");
    call(&app, "GET", &key_path, &tech_t, None).await.assert_problem(403, "forbidden");

    // Revoked users lose access at once and keep their record; restored users get it back.
    let revoked = call(&app, "POST", &format!("{users_path}/{tech_id}/revoke"), &admin_t, None).await;
    assert_eq!(revoked.json()["revoked"], true);
    assert_eq!(revoked.json()["status"], "confirmed");
    call(&app, "GET", &format!("/api/v1/providers/{p}"), &tech_t, None).await.assert_problem(404, "not-found");
    call(&app, "GET", &format!("/api/v1/providers/{p}/membership"), &tech_t, None)
        .await
        .assert_problem(404, "not-found");
    let filtered = call(&app, "GET", &format!("{users_path}?status=revoked"), &admin_t, None).await.json();
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);
    call(&app, "POST", &format!("{users_path}/{tech_id}/restore"), &admin_t, None).await;
    assert_eq!(call(&app, "GET", &format!("/api/v1/providers/{p}"), &tech_t, None).await.status, 200);

    // Re-invite only before acceptance; removal is for good.
    call(&app, "POST", &format!("{users_path}/{tech_id}/reinvite"), &admin_t, None)
        .await
        .assert_problem(409, "conflict");
    let (pending_id, _) = invite(&app, &db, &p, &admin_t, "later@nw.test", "admin").await;
    assert_eq!(call(&app, "POST", &format!("{users_path}/{pending_id}/reinvite"), &admin_t, None).await.status, 202);
    assert_eq!(call(&app, "DELETE", &format!("{users_path}/{pending_id}"), &admin_t, None).await.status, 204);
    call(&app, "DELETE", &format!("{users_path}/{pending_id}"), &admin_t, None).await.assert_problem(404, "not-found");
    call(&app, "DELETE", &format!("{users_path}/{tech_id}"), &other_t, None).await.assert_problem(404, "not-found");

    // The provider's log holds all of it.
    let actions: Vec<String> = {
        use portal_api::db::schema::events;
        events::table
            .filter(events::provider_id.eq(&p))
            .select(events::action)
            .load(&mut *db.pool.get().unwrap())
            .unwrap()
    };
    for expected in [
        "provider_user.invited",
        "provider_user.confirmed",
        "provider_user.revoked",
        "provider_user.restored",
        "provider_user.reinvited",
        "provider_user.removed",
    ] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
});

db_test!(the_last_confirmed_admin_stays, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, _, admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let users_path = format!("/api/v1/providers/{p}/users");
    let me_id =
        call(&app, "GET", &format!("/api/v1/providers/{p}/membership"), &admin_t, None).await.json()["user"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
    call(&app, "PATCH", &format!("{users_path}/{me_id}"), &admin_t, Some(json!({ "type": "service_user" })))
        .await
        .assert_problem(409, "last-admin");
    call(&app, "POST", &format!("{users_path}/{me_id}/revoke"), &admin_t, None).await.assert_problem(409, "last-admin");
    call(&app, "DELETE", &format!("{users_path}/{me_id}"), &admin_t, None).await.assert_problem(409, "last-admin");
    call(&app, "POST", &format!("/api/v1/providers/{p}/leave"), &admin_t, None).await.assert_problem(409, "last-admin");

    // A second confirmed admin makes each of them removable, but never both at once.
    let (second_id, token) = invite(&app, &db, &p, &admin_t, "second@nw.test", "admin").await;
    let second = register(&app, "second@nw.test", PASSWORD).await;
    let second_t = access_token(&app, &second.email, PASSWORD).await;
    call(&app, "POST", "/api/v1/invitations/accept", &second_t, Some(json!({ "token": token }))).await;
    let wrapped =
        WrappedKey::seal(&second.keys.public_key, &SymmetricKey::generate().unwrap(), context::PROVIDER_KEY).unwrap();
    let confirmed = call(
        &app,
        "POST",
        &format!("{users_path}/{second_id}/confirm"),
        &admin_t,
        Some(json!({ "wrapped_provider_key": wrapped.to_string() })),
    )
    .await;
    assert_eq!(confirmed.status, 200);

    // Each demotes the other at the same time: exactly one wins.
    let (a, b) = futures_util::future::join(
        call(&app, "PATCH", &format!("{users_path}/{second_id}"), &admin_t, Some(json!({ "type": "service_user" }))),
        call(&app, "PATCH", &format!("{users_path}/{me_id}"), &second_t, Some(json!({ "type": "service_user" }))),
    )
    .await;
    let statuses = [a.status, b.status];
    assert!(statuses.contains(&200), "{statuses:?}: {} / {}", a.text(), b.text());
    let admins: i64 = {
        use portal_api::db::schema::provider_users;
        provider_users::table
            .filter(provider_users::provider_id.eq(&p))
            .filter(provider_users::type_.eq("admin"))
            .filter(provider_users::status.eq("confirmed"))
            .count()
            .get_result(&mut *db.pool.get().unwrap())
            .unwrap()
    };
    assert_eq!(admins, 1, "one admin remains: {statuses:?}");
});
