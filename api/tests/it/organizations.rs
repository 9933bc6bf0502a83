//! Organizations as their members reach them, and the way a client moves between its own Owners
//! and its provider: a standalone organization attached, administered through the provider, and
//! detached again; a new client's Owner invited by real SMTP.

use portal_shared::crypto::{EncString, SymmetricKey, WrappedKey, context};
use serde_json::{Value, json};

use crate::db_test;
use crate::providers::{active_provider, call, make_instance_admin};
use crate::support::*;

/// A standalone organization's body, its key wrapped to `user`.
fn standalone(name: &str, user: &TestUser, key: &SymmetricKey) -> Value {
    json!({ "name": name, "billing_email": "ap@own.test", "plan": "teams", "seats": 10,
            "wrapped_org_key": WrappedKey::seal(&user.keys.public_key, key, context::ORGANIZATION_KEY).unwrap().to_string() })
}

db_test!(a_standalone_organization_is_created_listed_and_walled, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@own.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let stranger_t = {
        register(&app, "stranger@example.com", PASSWORD).await;
        access_token(&app, "stranger@example.com", PASSWORD).await
    };
    let key = SymmetricKey::generate().unwrap();

    call(&app, "POST", "/api/v1/organizations", "", Some(standalone("Acme", &owner, &key)))
        .await
        .assert_problem(401, "unauthorized");
    let bad =
        json!({ "name": "", "billing_email": "x", "plan": "teams", "seats": 0, "wrapped_org_key": "the-key-in-clear" });
    let problem =
        call(&app, "POST", "/api/v1/organizations", &owner_t, Some(bad)).await.assert_problem(422, "validation");
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "billing_email", "seats", "wrapped_org_key"]);
    let unknown = json!({ "name": "Acme", "billing_email": "a@b.co", "plan": "gold", "wrapped_org_key": "x" });
    call(&app, "POST", "/api/v1/organizations", &owner_t, Some(unknown)).await.assert_problem(422, "validation");

    for name in ["Acme", "Beta Labs", "Cobalt"] {
        let created = call(&app, "POST", "/api/v1/organizations", &owner_t, Some(standalone(name, &owner, &key))).await;
        assert_eq!(created.status, 201, "{}", created.text());
    }
    let listed = call(&app, "GET", "/api/v1/organizations?limit=2", &owner_t, None).await.json();
    let names: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Acme", "Beta Labs"]);
    let acme = &listed["items"][0];
    assert_eq!(acme["access"]["member_type"], "owner");
    assert_eq!(acme["access"]["member_status"], "confirmed");
    assert_eq!(acme["access"]["can_administer"], true);
    assert_eq!(acme["seats_used"], 1, "its Owner takes a seat");
    assert!(acme.get("provider").is_none());
    // The Owner's browser opens its own copy of the key.
    let wrapped: WrappedKey = acme["access"]["wrapped_org_key"].as_str().unwrap().parse().unwrap();
    assert_eq!(owner.keys.unlocked.open_organization_key(&wrapped).unwrap().as_bytes(), key.as_bytes());
    let next = listed["next"].as_str().unwrap();
    let rest = call(&app, "GET", &format!("/api/v1/organizations?cursor={next}"), &owner_t, None).await.json();
    assert_eq!(rest["items"][0]["name"], "Cobalt");
    assert!(rest["next"].is_null());
    let found = call(&app, "GET", "/api/v1/organizations?search=LAB", &owner_t, None).await.json();
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    call(&app, "GET", "/api/v1/organizations?limit=0", &owner_t, None).await.assert_problem(422, "validation");
    call(&app, "GET", "/api/v1/organizations?cursor=garbage", &owner_t, None).await.assert_problem(422, "validation");

    // Nobody else sees it.
    let id = acme["id"].as_str().unwrap();
    call(&app, "GET", &format!("/api/v1/organizations/{id}"), &stranger_t, None).await.assert_problem(404, "not-found");
    call(&app, "GET", "/api/v1/organizations/nope", &owner_t, None).await.assert_problem(404, "not-found");
    let theirs = call(&app, "GET", "/api/v1/organizations", &stranger_t, None).await.json();
    assert_eq!(theirs["items"].as_array().unwrap().len(), 0);
    assert_eq!(call(&app, "GET", &format!("/api/v1/organizations/{id}"), &owner_t, None).await.status, 200);
});

db_test!(an_owned_organization_is_attached_administered_through_the_provider_and_detached, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, admin, admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (q, _, other_t) = active_provider(&app, &db, &root_t, "Southwind", "admin@sw.test").await;
    let provider_key = SymmetricKey::generate().unwrap();
    let org_key = SymmetricKey::generate().unwrap();

    // The provider admin owns an organization of their own.
    let created =
        call(&app, "POST", "/api/v1/organizations", &admin_t, Some(standalone("Own Org", &admin, &org_key))).await;
    let org = created.json()["id"].as_str().unwrap().to_owned();
    let mine = call(&app, "GET", "/api/v1/organizations?owner=true", &admin_t, None).await.json();
    assert_eq!(mine["items"][0]["id"], org.as_str());

    // Attaching: the organization key under the provider key; never to another provider's list.
    let under = EncString::encrypt_key(&provider_key, &org_key, context::ORGANIZATION_KEY).unwrap().to_string();
    let attach = json!({ "organization_id": org, "provider_wrapped_key": under });
    call(&app, "POST", &format!("/api/v1/providers/{q}/clients/attach"), &admin_t, Some(attach.clone()))
        .await
        .assert_problem(404, "not-found");
    call(&app, "POST", &format!("/api/v1/providers/{q}/clients/attach"), &other_t, Some(attach.clone()))
        .await
        .assert_problem(404, "not-found");
    let attached =
        call(&app, "POST", &format!("/api/v1/providers/{p}/clients/attach"), &admin_t, Some(attach.clone())).await;
    assert_eq!(attached.status, 200, "{}", attached.text());
    assert_eq!(attached.json()["status"], "active");
    call(&app, "POST", &format!("/api/v1/providers/{p}/clients/attach"), &admin_t, Some(attach))
        .await
        .assert_problem(409, "conflict");

    // Now the provider's answer carries the key under the provider key, which opens to the same key.
    let via = call(&app, "GET", &format!("/api/v1/organizations/{org}"), &admin_t, None).await.json();
    assert_eq!(via["provider"]["name"], "Northwind");
    assert_eq!(via["access"]["via_provider"], true);
    let enc: EncString = via["provider_wrapped_key"].as_str().unwrap().parse().unwrap();
    assert_eq!(enc.decrypt_key(&provider_key, context::ORGANIZATION_KEY).unwrap().as_bytes(), org_key.as_bytes());
    call(&app, "GET", &format!("/api/v1/organizations/{org}"), &other_t, None).await.assert_problem(404, "not-found");

    // Seats never below those in use; the change is an event in both logs.
    let path = format!("/api/v1/providers/{p}/clients/{org}");
    let below =
        call(&app, "PATCH", &path, &admin_t, Some(json!({ "seats": 0 }))).await.assert_problem(422, "validation");
    assert_eq!(below["errors"][0]["field"], "seats");
    let unlimited = call(&app, "PATCH", &path, &admin_t, Some(json!({ "unlimited_seats": true }))).await.json();
    assert!(unlimited["seats"].is_null());
    let one = call(&app, "PATCH", &path, &admin_t, Some(json!({ "seats": 1, "plan": "enterprise" }))).await.json();
    assert_eq!((one["seats"].as_i64(), one["plan"].as_str()), (Some(1), Some("enterprise")));

    // Detached: the provider's access ends at once, the organization stays with its Owner.
    let detached = call(&app, "POST", &format!("{path}/detach"), &admin_t, None).await;
    assert_eq!(detached.status, 204, "{}", detached.text());
    let clients = call(&app, "GET", &format!("/api/v1/providers/{p}/clients"), &admin_t, None).await.json();
    assert_eq!(clients["items"].as_array().unwrap().len(), 0);
    call(&app, "PATCH", &path, &admin_t, Some(json!({ "seats": 3 }))).await.assert_problem(404, "not-found");
    let own = call(&app, "GET", &format!("/api/v1/organizations/{org}"), &admin_t, None).await.json();
    assert!(own.get("provider").is_none(), "{own}");
    assert!(own.get("provider_wrapped_key").is_none(), "{own}");
    assert_eq!(own["access"]["via_provider"], false);
    assert_eq!(own["access"]["member_type"], "owner");
    let stored: Option<String> = {
        use diesel::prelude::*;
        use portal_api::db::schema::organizations as o;
        o::table.find(&org).select(o::provider_wrapped_key).first(&mut *db.pool.get().unwrap()).unwrap()
    };
    assert_eq!(stored, None, "the key under the provider key is gone");

    let events =
        call(&app, "GET", &format!("/api/v1/providers/{p}/events?action=client.updated"), &admin_t, None).await.json();
    assert_eq!(events["items"].as_array().unwrap().len(), 2, "the refused change is not an event");
    let attached_ev =
        call(&app, "GET", &format!("/api/v1/providers/{p}/events?action=client.detached"), &admin_t, None).await.json();
    assert_eq!(attached_ev["items"][0]["organization_id"], org.as_str());
});

db_test!(a_new_clients_owner_is_invited_by_mail_and_accepts, |db| {
    let sink = SmtpSink::start();
    let mut state = test_state(&db);
    state.mailer = portal_api::mail::Mailer::smtp(&sink.url(), "Portal <portal@test.local>").unwrap();
    state.public_url = "http://portal.test".into();
    let app = test_app_with(state).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, _, admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let key = EncString::encrypt_key(
        &SymmetricKey::generate().unwrap(),
        &SymmetricKey::generate().unwrap(),
        context::ORGANIZATION_KEY,
    )
    .unwrap();
    let body = json!({ "name": "Contoso", "billing_email": "ap@contoso.test", "plan": "teams", "seats": 3,
                       "owner_email": "Boss@Contoso.test", "provider_wrapped_key": key.to_string() });
    let created = call(&app, "POST", &format!("/api/v1/providers/{p}/clients"), &admin_t, Some(body)).await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert!(created.json().get("invitation_link").is_none(), "mailed, not shown");
    assert_eq!(created.json()["seats_used"], 1, "the invited Owner takes a seat");
    let org = created.json()["id"].as_str().unwrap().to_owned();

    let mail = sink.wait_for("boss@contoso.test");
    assert!(mail.data.contains("Contoso"), "{}", mail.data);
    let link = mail.link().unwrap();
    assert!(link.starts_with("http://portal.test/invitations/accept?token="), "{link}");
    let token = link.split("token=").nth(1).unwrap().to_owned();

    // Bound to the invited address; single-use.
    register(&app, "someone@else.test", PASSWORD).await;
    let someone_t = access_token(&app, "someone@else.test", PASSWORD).await;
    call(&app, "POST", "/api/v1/invitations/accept", &someone_t, Some(json!({ "token": token })))
        .await
        .assert_problem(403, "invitation-email-mismatch");
    register(&app, "boss@contoso.test", PASSWORD).await;
    let boss_t = access_token(&app, "boss@contoso.test", PASSWORD).await;
    let accepted = call(&app, "POST", "/api/v1/invitations/accept", &boss_t, Some(json!({ "token": token }))).await;
    assert_eq!(accepted.status, 200, "{}", accepted.text());
    assert_eq!(accepted.json()["organization"]["id"], org.as_str());
    assert!(accepted.json().get("provider").is_none());
    call(&app, "POST", "/api/v1/invitations/accept", &boss_t, Some(json!({ "token": token })))
        .await
        .assert_problem(404, "not-found");

    // The provider sees the Owner waiting for confirmation; the acceptance is in its log.
    let listed = call(&app, "GET", &format!("/api/v1/providers/{p}/clients"), &admin_t, None).await.json();
    assert_eq!(listed["items"][0]["awaiting_confirmation"], 1);
    assert_eq!(listed["items"][0]["status"], "pending");
    let log =
        call(&app, "GET", &format!("/api/v1/providers/{p}/events?action=member.accepted"), &admin_t, None).await.json();
    assert_eq!(log["items"].as_array().unwrap().len(), 1, "{log}");
    let mine = call(&app, "GET", "/api/v1/organizations", &boss_t, None).await.json();
    assert_eq!(mine["items"][0]["access"]["member_status"], "accepted");
});
