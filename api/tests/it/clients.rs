//! Client organizations as their provider manages them.

use diesel::prelude::*;
use portal_shared::crypto::{EncString, SymmetricKey, context};
use serde_json::json;

use crate::db_test;
use crate::providers::{active_provider, make_instance_admin};
use crate::support::*;

fn org_key_under(provider_key: &SymmetricKey) -> String {
    EncString::encrypt_key(provider_key, &SymmetricKey::generate().unwrap(), context::ORGANIZATION_KEY)
        .unwrap()
        .to_string()
}

db_test!(providers_create_list_and_manage_clients, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, _, admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (_, _, other_t) = active_provider(&app, &db, &root_t, "Southwind", "admin@sw.test").await;
    let pk = SymmetricKey::generate().unwrap();
    let clients = format!("/api/v1/providers/{p}/clients");

    let body = |name: &str, seats: i32| {
        json!({ "name": name, "billing_email": "ap@client.test", "plan": "teams", "seats": seats,
                "owner_email": format!("owner@{}.test", name.to_lowercase().replace(' ', "")), "provider_wrapped_key": org_key_under(&pk) })
    };
    let bad =
        json!({ "name": "", "billing_email": "x", "plan": "gold", "owner_email": "y", "provider_wrapped_key": "k" });
    call(&app, "POST", &clients, &admin_t, Some(bad)).await.assert_problem(422, "validation");
    let mut plain = body("Acme", 5);
    plain["provider_wrapped_key"] = json!("the-org-key-in-clear");
    call(&app, "POST", &clients, &admin_t, Some(plain)).await.assert_problem(422, "validation");
    call(&app, "POST", &clients, &other_t, Some(body("Acme", 5))).await.assert_problem(404, "not-found");
    let acme = call(&app, "POST", &clients, &admin_t, Some(body("Acme", 5))).await;
    assert_eq!(acme.status, 201, "{}", acme.text());
    let acme = acme.json();
    assert_eq!(acme["seats_used"], 1, "the invited Owner takes a seat");
    assert_eq!(acme["status"], "pending");
    let acme_id = acme["id"].as_str().unwrap().to_owned();
    for name in ["Globex", "Initech"] {
        assert_eq!(call(&app, "POST", &clients, &admin_t, Some(body(name, 3))).await.status, 201);
    }

    // Counts: an accepted member awaits confirmation; a revoked one frees its seat.
    add_member(&db, &acme_id, None, "temp@acme.test", "user", "invited");
    let bob = register(&app, "bob@acme.test", PASSWORD).await;
    add_member(&db, &acme_id, Some(&bob.id), "bob@acme.test", "user", "accepted");
    let listed = call(&app, "GET", &format!("{clients}?limit=2"), &admin_t, None).await.json();
    assert_eq!(listed["items"][0]["name"], "Acme");
    assert_eq!(listed["items"][0]["seats_used"], 3);
    assert_eq!(listed["items"][0]["awaiting_confirmation"], 1);
    assert!(listed["next"].is_string());
    let newest = call(&app, "GET", &format!("{clients}?sort=-created&limit=1"), &admin_t, None).await.json();
    assert_eq!(newest["items"][0]["name"], "Initech");
    let next = newest["next"].as_str().unwrap();
    let second =
        call(&app, "GET", &format!("{clients}?sort=-created&limit=1&cursor={next}"), &admin_t, None).await.json();
    assert_eq!(second["items"][0]["name"], "Globex");
    assert_eq!(
        call(&app, "GET", &format!("{clients}?search=glob"), &admin_t, None).await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    call(&app, "GET", &format!("{clients}?sort=seats"), &admin_t, None).await.assert_problem(422, "validation");
    call(&app, "GET", &clients, &other_t, None).await.assert_problem(404, "not-found");

    // Seats never below those in use; another provider's admin cannot touch it.
    let patch = format!("{clients}/{acme_id}");
    let res = call(&app, "PATCH", &patch, &admin_t, Some(json!({ "seats": 2 }))).await;
    assert_eq!(res.assert_problem(422, "validation")["errors"][0]["code"], "below_used");
    let res =
        call(&app, "PATCH", &patch, &admin_t, Some(json!({ "seats": 3, "plan": "enterprise", "name": "Acme Corp" })))
            .await;
    assert_eq!(res.json()["seats"], 3);
    assert_eq!(res.json()["plan"], "enterprise");
    assert!(
        call(&app, "PATCH", &patch, &admin_t, Some(json!({ "unlimited_seats": true })))
            .await
            .json()
            .get("seats")
            .is_none()
    );
    call(&app, "PATCH", &patch, &other_t, Some(json!({ "seats": 9 }))).await.assert_problem(404, "not-found");

    // Detach needs a confirmed Owner of its own.
    let detach = format!("{clients}/{acme_id}/detach");
    call(&app, "POST", &detach, &admin_t, None).await.assert_problem(409, "no-confirmed-owner");
    let owner = register(&app, "real-owner@acme.test", PASSWORD).await;
    add_member(&db, &acme_id, Some(&owner.id), "real-owner@acme.test", "owner", "confirmed");
    call(&app, "POST", &detach, &other_t, None).await.assert_problem(404, "not-found");
    assert_eq!(call(&app, "POST", &detach, &admin_t, None).await.status, 204);
    call(&app, "PATCH", &patch, &admin_t, Some(json!({ "seats": 9 }))).await.assert_problem(404, "not-found");
    let org: (Option<String>, Option<String>) = {
        use portal_api::db::schema::organizations as o;
        o::table
            .find(&acme_id)
            .select((o::provider_id, o::provider_wrapped_key))
            .first(&mut *db.pool.get().unwrap())
            .unwrap()
    };
    assert_eq!(org, (None, None), "the provider's access ends at once");

    // Only its confirmed Owner (who is also a Provider Admin) attaches an organization.
    let attach = format!("{clients}/attach");
    let req = json!({ "organization_id": acme_id, "provider_wrapped_key": org_key_under(&pk) });
    call(&app, "POST", &attach, &admin_t, Some(req.clone())).await.assert_problem(404, "not-found");
    add_member(
        &db,
        &acme_id,
        Some(&{
            let me = call(&app, "GET", &format!("/api/v1/providers/{p}/membership"), &admin_t, None).await.json();
            me["user"]["user_id"].as_str().unwrap().to_owned()
        }),
        "admin@nw.test",
        "owner",
        "confirmed",
    );
    let attached = call(&app, "POST", &attach, &admin_t, Some(req.clone())).await;
    assert_eq!(attached.status, 200, "{}", attached.text());
    call(&app, "POST", &attach, &admin_t, Some(req)).await.assert_problem(409, "conflict");

    let actions: Vec<(String, Option<String>)> = {
        use portal_api::db::schema::events;
        events::table
            .filter(events::provider_id.eq(&p))
            .filter(events::target_type.eq("organization"))
            .select((events::action, events::organization_id))
            .load(&mut *db.pool.get().unwrap())
            .unwrap()
    };
    for expected in ["client.created", "client.updated", "client.detached", "client.attached"] {
        assert!(actions.iter().any(|(a, org)| a == expected && org.is_some()), "{expected} in {actions:?}");
    }
});
