//! Providers: created by instance administrators, finished by their first admin, walled off from
//! everyone else.

use actix_web::test::TestRequest;
use diesel::prelude::*;
use portal_shared::crypto::{SymmetricKey, WrappedKey, context};
use serde_json::json;

use crate::db_test;
use crate::support::*;

pub fn make_instance_admin(db: &TestDb, user_id: &str) {
    use portal_api::db::schema::users;
    diesel::update(users::table.find(user_id))
        .set(users::is_instance_admin.eq(true))
        .execute(&mut *db.pool.get().unwrap())
        .unwrap();
}

pub fn wrapped_for(user: &TestUser) -> String {
    let key = SymmetricKey::generate().unwrap();
    WrappedKey::seal(&user.keys.public_key, &key, context::PROVIDER_KEY).unwrap().to_string()
}

db_test!(the_provider_lifecycle_from_creation_to_setup, |db| {
    let sink = SmtpSink::start();
    let mut state = test_state(&db);
    state.mailer = portal_api::mail::Mailer::smtp(&sink.url(), "Portal <portal@test.local>").unwrap();
    state.public_url = "http://portal.test".into();
    let app = test_app_with(state).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let admin = register(&app, "owner@msp.test", PASSWORD).await;
    let stranger = register(&app, "stranger@example.com", PASSWORD).await;
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let admin_t = access_token(&app, &admin.email, PASSWORD).await;
    let stranger_t = access_token(&app, &stranger.email, PASSWORD).await;

    let body = json!({ "name": "Northwind MSP", "type": "msp", "admin_email": "Owner@MSP.test" });
    call(&app, "POST", "/api/v1/providers", &stranger_t, Some(body.clone())).await.assert_problem(403, "forbidden");
    send(&app, TestRequest::post().uri("/api/v1/providers").set_json(&body).to_request())
        .await
        .assert_problem(401, "unauthorized");
    let bad = call(
        &app,
        "POST",
        "/api/v1/providers",
        &root_t,
        Some(json!({ "name": "", "type": "msp", "admin_email": "x" })),
    )
    .await;
    bad.assert_problem(422, "validation");
    let bad_type = call(
        &app,
        "POST",
        "/api/v1/providers",
        &root_t,
        Some(json!({ "name": "A", "type": "bank", "admin_email": "a@b.co" })),
    )
    .await;
    bad_type.assert_problem(422, "validation");

    let created = call(&app, "POST", "/api/v1/providers", &root_t, Some(body)).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let provider = created.json();
    let id = provider["id"].as_str().unwrap().to_owned();
    assert_eq!(provider["status"], "pending");
    assert!(provider.get("invitation_link").is_none(), "mailed, not shown, when SMTP is configured");
    assert_eq!(provider["type"], "msp");

    // The invitation arrives by real SMTP, bound to the invited address.
    let mail = sink.wait_for("owner@msp.test");
    let link = mail.link().unwrap();
    assert!(link.starts_with("http://portal.test/invitations/accept?token="), "{link}");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let accept = |t: &str| json!({ "token": t });
    call(&app, "POST", "/api/v1/invitations/accept", &stranger_t, Some(accept(&token)))
        .await
        .assert_problem(403, "invitation-email-mismatch");
    call(&app, "POST", "/api/v1/invitations/accept", &admin_t, Some(accept("forged")))
        .await
        .assert_problem(404, "not-found");
    let accepted = call(&app, "POST", "/api/v1/invitations/accept", &admin_t, Some(accept(&token))).await;
    assert_eq!(accepted.status, 200, "{}", accepted.text());
    assert_eq!(accepted.json()["needs_setup"], true);
    call(&app, "POST", "/api/v1/invitations/accept", &admin_t, Some(accept(&token)))
        .await
        .assert_problem(404, "not-found");

    // Until set up, its first admin can find it (to come back to the setup) and do nothing else;
    // only they can set it up.
    let pending = call(&app, "GET", &format!("/api/v1/providers/{id}"), &admin_t, None).await;
    assert_eq!(pending.status, 200, "{}", pending.text());
    assert_eq!(pending.json()["status"], "pending");
    let listed = call(&app, "GET", "/api/v1/providers", &admin_t, None).await.json();
    assert_eq!(listed["items"][0]["id"], id.as_str());
    call(&app, "GET", &format!("/api/v1/providers/{id}/events"), &admin_t, None).await.assert_problem(403, "forbidden");
    call(&app, "GET", &format!("/api/v1/providers/{id}"), &stranger_t, None).await.assert_problem(404, "not-found");
    let setup = |u: &TestUser| json!({ "billing_email": "billing@msp.test", "wrapped_provider_key": wrapped_for(u) });
    call(&app, "POST", &format!("/api/v1/providers/{id}/setup"), &stranger_t, Some(setup(&stranger)))
        .await
        .assert_problem(404, "not-found");
    let bad_key = json!({ "billing_email": "billing@msp.test", "wrapped_provider_key": "plaintext-key" });
    call(&app, "POST", &format!("/api/v1/providers/{id}/setup"), &admin_t, Some(bad_key))
        .await
        .assert_problem(422, "validation");
    let done = call(&app, "POST", &format!("/api/v1/providers/{id}/setup"), &admin_t, Some(setup(&admin))).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.json()["status"], "active");
    assert_eq!(done.json()["billing_email"], "billing@msp.test");
    call(&app, "POST", &format!("/api/v1/providers/{id}/setup"), &admin_t, Some(setup(&admin)))
        .await
        .assert_problem(409, "conflict");

    // Now its admin reads it; strangers still see nothing.
    assert_eq!(call(&app, "GET", &format!("/api/v1/providers/{id}"), &admin_t, None).await.status, 200);
    call(&app, "GET", &format!("/api/v1/providers/{id}"), &stranger_t, None).await.assert_problem(404, "not-found");
    let listed = call(&app, "GET", "/api/v1/providers", &stranger_t, None).await.json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 0);
    let listed = call(&app, "GET", "/api/v1/providers", &admin_t, None).await.json();
    assert_eq!(listed["items"][0]["id"], id.as_str());

    // Every step is in the provider's events.
    let actions: Vec<String> = {
        use portal_api::db::schema::events;
        events::table
            .filter(events::provider_id.eq(&id))
            .order(events::occurred_at.asc())
            .select(events::action)
            .load(&mut *db.pool.get().unwrap())
            .unwrap()
    };
    for expected in [
        "provider.created",
        "provider_user.invited",
        "provider_user.accepted",
        "provider.setup_completed",
        "provider_user.confirmed",
    ] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
});

/// A provider set up by `admin`, returned as (id, admin token).
pub async fn active_provider<S, B>(
    app: &S,
    db: &TestDb,
    root_t: &str,
    name: &str,
    admin_email: &str,
) -> (String, TestUser, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let created = call(
        app,
        "POST",
        "/api/v1/providers",
        root_t,
        Some(json!({ "name": name, "type": "reseller", "admin_email": admin_email })),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let id = created.json()["id"].as_str().unwrap().to_owned();
    // The token went to the log mailer; take the invitation straight from the database instead:
    // issue a fresh one through the same code path the API uses.
    let token = {
        use portal_api::db::schema::provider_users;
        let mut conn = db.pool.get().unwrap();
        let pu: String = provider_users::table
            .filter(provider_users::provider_id.eq(&id))
            .select(provider_users::id)
            .first(&mut *conn)
            .unwrap();
        portal_api::invitations::create_for_provider_user(&mut conn, &pu, admin_email, None, portal_api::db::now())
            .unwrap()
    };
    let admin = register(app, admin_email, PASSWORD).await;
    let admin_t = access_token(app, admin_email, PASSWORD).await;
    assert_eq!(
        call(app, "POST", "/api/v1/invitations/accept", &admin_t, Some(json!({ "token": token }))).await.status,
        200
    );
    let setup = json!({ "billing_email": "billing@example.com", "wrapped_provider_key": wrapped_for(&admin) });
    assert_eq!(call(app, "POST", &format!("/api/v1/providers/{id}/setup"), &admin_t, Some(setup)).await.status, 200);
    (id, admin, admin_t)
}

db_test!(providers_are_walled_and_disabling_cuts_access, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (a, _, a_t) = active_provider(&app, &db, &root_t, "Alpha IT", "admin@alpha.test").await;
    let (b, _, b_t) = active_provider(&app, &db, &root_t, "Beta Reseller", "admin@beta.test").await;

    // Each admin sees only their own provider; the other is 404 for every verb.
    call(&app, "GET", &format!("/api/v1/providers/{b}"), &a_t, None).await.assert_problem(404, "not-found");
    call(&app, "PATCH", &format!("/api/v1/providers/{b}"), &a_t, Some(json!({ "name": "Mine now" })))
        .await
        .assert_problem(404, "not-found");
    call(&app, "POST", &format!("/api/v1/providers/{b}/disable"), &a_t, None).await.assert_problem(404, "not-found");
    let mine = call(&app, "GET", "/api/v1/providers", &a_t, None).await.json();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert_eq!(mine["items"][0]["id"], a.as_str());

    // Provider Admins rename their provider but cannot change its type or disable it.
    let renamed =
        call(&app, "PATCH", &format!("/api/v1/providers/{a}"), &a_t, Some(json!({ "name": "Alpha IT Services" })))
            .await;
    assert_eq!(renamed.json()["name"], "Alpha IT Services");
    call(&app, "PATCH", &format!("/api/v1/providers/{a}"), &a_t, Some(json!({ "type": "msp" })))
        .await
        .assert_problem(403, "forbidden");
    call(&app, "POST", &format!("/api/v1/providers/{a}/disable"), &a_t, None).await.assert_problem(403, "forbidden");
    let retyped =
        call(&app, "PATCH", &format!("/api/v1/providers/{a}"), &root_t, Some(json!({ "type": "business_unit" }))).await;
    assert_eq!(retyped.json()["type"], "business_unit");

    // Disabling cuts the provider's users off at once; nothing is deleted; enabling restores.
    let off = call(&app, "POST", &format!("/api/v1/providers/{b}/disable"), &root_t, None).await;
    assert_eq!(off.json()["status"], "disabled");
    call(&app, "GET", &format!("/api/v1/providers/{b}"), &b_t, None).await.assert_problem(404, "not-found");
    assert_eq!(call(&app, "GET", "/api/v1/providers", &b_t, None).await.json()["items"].as_array().unwrap().len(), 0);
    assert_eq!(call(&app, "GET", &format!("/api/v1/providers/{b}"), &root_t, None).await.json()["status"], "disabled");
    let on = call(&app, "POST", &format!("/api/v1/providers/{b}/enable"), &root_t, None).await;
    assert_eq!(on.json()["status"], "active");
    assert_eq!(call(&app, "GET", &format!("/api/v1/providers/{b}"), &b_t, None).await.status, 200);
});

db_test!(instance_admins_list_search_and_page_providers, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    for (i, name) in ["Contoso", "Fabrikam", "Contoso East", "Litware", "100% Uptime_Ltd"].iter().enumerate() {
        let body = json!({ "name": name, "type": "msp", "admin_email": format!("a{i}@example.com") });
        assert_eq!(call(&app, "POST", "/api/v1/providers", &root_t, Some(body)).await.status, 201);
    }
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/providers?limit=2&cursor={c}"),
            None => "/api/v1/providers?limit=2".to_owned(),
        };
        let page = call(&app, "GET", &path, &root_t, None).await.json();
        names.extend(page["items"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()));
        match page["next"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(names, ["100% Uptime_Ltd", "Contoso", "Contoso East", "Fabrikam", "Litware"]);
    let found = call(&app, "GET", "/api/v1/providers?search=contoso", &root_t, None).await.json();
    assert_eq!(found["items"].as_array().unwrap().len(), 2);
    let literal = call(&app, "GET", "/api/v1/providers?search=0%25%20u", &root_t, None).await.json();
    assert_eq!(literal["items"].as_array().unwrap().len(), 1, "% is matched literally");
    let pending = call(&app, "GET", "/api/v1/providers?status=pending", &root_t, None).await.json();
    assert_eq!(pending["items"].as_array().unwrap().len(), 5);
    call(&app, "GET", "/api/v1/providers?limit=0", &root_t, None).await.assert_problem(422, "validation");
    call(&app, "GET", "/api/v1/providers?cursor=garbage", &root_t, None).await.assert_problem(422, "validation");
    call(&app, "GET", "/api/v1/providers?status=sleeping", &root_t, None).await.assert_problem(422, "validation");
});

db_test!(the_provider_event_log_filters_and_pages, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, admin, admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (_, _, other_t) = active_provider(&app, &db, &root_t, "Southwind", "admin@sw.test").await;
    for name in ["One", "Two", "Three"] {
        call(&app, "PATCH", &format!("/api/v1/providers/{p}"), &admin_t, Some(json!({ "name": name }))).await;
    }
    let log = format!("/api/v1/providers/{p}/events");
    let all = call(&app, "GET", &log, &admin_t, None).await.json();
    let items = all["items"].as_array().unwrap();
    assert_eq!(items[0]["action"], "provider.updated", "newest first");
    assert_eq!(items[0]["data"]["name"], "Three");
    assert_eq!(items[0]["actor_email"], "admin@nw.test");
    assert!(items.iter().any(|e| e["action"] == "provider.created" && e["actor_user_id"] == root.id.as_str()));

    let updates = call(&app, "GET", &format!("{log}?action=provider.updated&limit=2"), &admin_t, None).await.json();
    assert_eq!(updates["items"].as_array().unwrap().len(), 2);
    let rest = call(
        &app,
        "GET",
        &format!("{log}?action=provider.updated&limit=2&cursor={}", updates["next"].as_str().unwrap()),
        &admin_t,
        None,
    )
    .await
    .json();
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["items"][0]["data"]["name"], "One");
    assert!(rest.get("next").is_none());
    let users = call(&app, "GET", &format!("{log}?action=provider_user."), &admin_t, None).await.json();
    assert!(
        users["items"].as_array().unwrap().iter().all(|e| e["action"].as_str().unwrap().starts_with("provider_user."))
    );
    let by_admin = call(&app, "GET", &format!("{log}?actor={}", admin.id), &admin_t, None).await.json();
    assert!(by_admin["items"].as_array().unwrap().iter().all(|e| e["actor_user_id"] == admin.id.as_str()));
    let future = call(&app, "GET", &format!("{log}?from=2999-01-01T00:00:00Z"), &admin_t, None).await.json();
    assert_eq!(future["items"].as_array().unwrap().len(), 0);
    call(&app, "GET", &format!("{log}?from=yesterday"), &admin_t, None).await.assert_problem(422, "validation");
    call(&app, "GET", &log, &other_t, None).await.assert_problem(404, "not-found");
    call(&app, "GET", &log, &root_t, None).await.assert_problem(403, "forbidden");
});
