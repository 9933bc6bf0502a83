//! Organizations as their members reach them, and the way a client moves between its own Owners
//! and its provider: a standalone organization attached, administered through the provider, and
//! detached again; a new client's Owner invited by real SMTP.

use portal_shared::crypto::{EncString, SymmetricKey, WrappedKey, context};
use serde_json::{Value, json};

use crate::db_test;
use crate::providers::{active_provider, make_instance_admin};
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

db_test!(settings_change_within_their_rules_and_only_owners_delete, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, admin, admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (_, _, other_t) = active_provider(&app, &db, &root_t, "Southwind", "admin@sw.test").await;
    let owner = register(&app, "owner@own.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let key = SymmetricKey::generate().unwrap();
    let org = call(&app, "POST", "/api/v1/organizations", &owner_t, Some(standalone("Acme", &owner, &key)))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/organizations/{org}");

    // A standalone organization's Owner changes everything, never below the seats in use.
    let changed = call(
        &app,
        "PATCH",
        &path,
        &owner_t,
        Some(json!({ "name": "Acme Corp", "billing_email": "AP@Acme.test", "plan": "enterprise", "seats": 3 })),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.text());
    let changed = changed.json();
    assert_eq!(
        (changed["name"].as_str(), changed["billing_email"].as_str()),
        (Some("Acme Corp"), Some("ap@acme.test"))
    );
    assert_eq!((changed["plan"].as_str(), changed["seats"].as_i64()), (Some("enterprise"), Some(3)));
    add_member(&db, &org, None, "a@acme.test", "user", "invited");
    add_member(&db, &org, None, "b@acme.test", "user", "invited");
    let below =
        call(&app, "PATCH", &path, &owner_t, Some(json!({ "seats": 2 }))).await.assert_problem(422, "validation");
    assert_eq!(below["errors"][0]["code"], "below_used");
    call(&app, "PATCH", &path, &owner_t, Some(json!({ "name": "" }))).await.assert_problem(422, "validation");
    call(&app, "PATCH", &path, &owner_t, Some(json!({ "colour": "red" }))).await.assert_problem(422, "validation");
    call(&app, "PATCH", &path, &other_t, Some(json!({ "name": "Mine" }))).await.assert_problem(404, "not-found");
    call(&app, "PATCH", &path, "", Some(json!({ "name": "Mine" }))).await.assert_problem(401, "unauthorized");

    // Deleting: never by strangers, never with a wrong password; the organization must not be a client.
    let other_proof = json!({ "auth_hash": auth_hash_for(&app, "admin@sw.test", PASSWORD).await });
    let wrong_proof = json!({ "auth_hash": auth_hash_for(&app, "owner@own.test", "Not-The-Password-1234").await });
    let owner_proof = json!({ "auth_hash": auth_hash_for(&app, "owner@own.test", PASSWORD).await });
    let admin_proof = json!({ "auth_hash": auth_hash_for(&app, "admin@nw.test", PASSWORD).await });
    call(&app, "DELETE", &path, &other_t, Some(other_proof)).await.assert_problem(404, "not-found");
    let wrong = call(&app, "DELETE", &path, &owner_t, Some(wrong_proof)).await.assert_problem(422, "validation");
    assert_eq!(wrong["errors"][0]["code"], "incorrect");

    // The provider admin owns one too, attaches it, and then it is a client: settings through the
    // provider rule, plan and seats only through the provider, no deletion until detached.
    let theirs = call(&app, "POST", "/api/v1/organizations", &admin_t, Some(standalone("Own Org", &admin, &key)))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let under = EncString::encrypt_key(&SymmetricKey::generate().unwrap(), &key, context::ORGANIZATION_KEY).unwrap();
    let attach = json!({ "organization_id": theirs, "provider_wrapped_key": under.to_string() });
    assert_eq!(
        call(&app, "POST", &format!("/api/v1/providers/{p}/clients/attach"), &admin_t, Some(attach)).await.status,
        200
    );
    let client_path = format!("/api/v1/organizations/{theirs}");
    let managed = call(&app, "PATCH", &client_path, &admin_t, Some(json!({ "plan": "free" }))).await;
    assert_eq!(managed.assert_problem(422, "validation")["errors"][0]["code"], "managed_by_provider");
    assert_eq!(call(&app, "PATCH", &client_path, &admin_t, Some(json!({ "name": "Own Org Ltd" }))).await.status, 200);
    call(&app, "DELETE", &client_path, &admin_t, Some(admin_proof.clone()))
        .await
        .assert_problem(409, "client-of-provider");
    let log = call(&app, "GET", &format!("/api/v1/providers/{p}/events?action=organization.updated"), &admin_t, None)
        .await
        .json();
    assert_eq!(log["items"].as_array().unwrap().len(), 1, "a client's settings change shows in its provider's log");
    assert_eq!(
        call(&app, "POST", &format!("/api/v1/providers/{p}/clients/{theirs}/detach"), &admin_t, None).await.status,
        204
    );
    assert_eq!(call(&app, "DELETE", &client_path, &admin_t, Some(admin_proof.clone())).await.status, 204);

    // The Owner deletes theirs: it is gone with its members; its events stay.
    let gone = call(&app, "DELETE", &path, &owner_t, Some(owner_proof)).await;
    assert_eq!(gone.status, 204, "{}", gone.text());
    call(&app, "GET", &path, &owner_t, None).await.assert_problem(404, "not-found");
    let (members, events): (i64, i64) = {
        use diesel::prelude::*;
        use portal_api::db::schema::{events as e, organization_members as m};
        let mut conn = db.pool.get().unwrap();
        (
            m::table.filter(m::organization_id.eq(&org)).count().get_result(&mut *conn).unwrap(),
            e::table.filter(e::organization_id.eq(&org)).count().get_result(&mut *conn).unwrap(),
        )
    };
    assert_eq!(members, 0);
    assert!(events >= 3, "created, updated and deleted stay in the log: {events}");
});

db_test!(members_who_cannot_administer_are_refused, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, _, admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let under = EncString::encrypt_key(
        &SymmetricKey::generate().unwrap(),
        &SymmetricKey::generate().unwrap(),
        context::ORGANIZATION_KEY,
    )
    .unwrap();
    let body = json!({ "name": "Contoso", "billing_email": "ap@contoso.test", "plan": "teams", "seats": 3,
                       "owner_email": "boss@contoso.test", "provider_wrapped_key": under.to_string() });
    let org = call(&app, "POST", &format!("/api/v1/providers/{p}/clients"), &admin_t, Some(body)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = {
        use diesel::prelude::*;
        use portal_api::db::schema::organization_members as m;
        let mut conn = db.pool.get().unwrap();
        let member: String = m::table.filter(m::organization_id.eq(&org)).select(m::id).first(&mut *conn).unwrap();
        portal_api::invitations::create_for_member(&mut conn, &member, "boss@contoso.test", None, portal_api::db::now())
            .unwrap()
    };
    register(&app, "boss@contoso.test", PASSWORD).await;
    let boss_t = access_token(&app, "boss@contoso.test", PASSWORD).await;
    call(&app, "POST", "/api/v1/invitations/accept", &boss_t, Some(json!({ "token": token }))).await;

    // Accepted, not confirmed: they see it, cannot change or delete it; the provider's users can
    // change it, never delete it.
    let path = format!("/api/v1/organizations/{org}");
    assert_eq!(call(&app, "GET", &path, &boss_t, None).await.status, 200);
    call(&app, "PATCH", &path, &boss_t, Some(json!({ "name": "Mine" }))).await.assert_problem(403, "forbidden");
    let proof = json!({ "auth_hash": auth_hash_for(&app, "boss@contoso.test", PASSWORD).await });
    call(&app, "DELETE", &path, &boss_t, Some(proof)).await.assert_problem(403, "owner-only");
    let admin_proof = json!({ "auth_hash": auth_hash_for(&app, "admin@nw.test", PASSWORD).await });
    call(&app, "DELETE", &path, &admin_t, Some(admin_proof)).await.assert_problem(403, "owner-only");
    call(&app, "DELETE", &path, &root_t, Some(json!({ "auth_hash": "x" }))).await.assert_problem(404, "not-found");
});
