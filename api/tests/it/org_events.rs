//! An organization's event log: filtered and paged like the provider's, for those who hold
//! "access event logs".

use diesel::prelude::*;
use portal_shared::crypto::{SymmetricKey, WrappedKey, context};
use serde_json::{Value, json};

use crate::db_test;
use crate::support::*;

/// A standalone organization made by `owner` through the API; returns its id.
pub async fn standalone_org<S, B>(app: &S, owner: &TestUser, token: &str, name: &str) -> String
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let key = SymmetricKey::generate().unwrap();
    let body = json!({ "name": name, "billing_email": "ap@own.test", "plan": "teams", "seats": 20,
        "wrapped_org_key": WrappedKey::seal(&owner.keys.public_key, &key, context::ORGANIZATION_KEY).unwrap().to_string() });
    let res = call(app, "POST", "/api/v1/organizations", token, Some(body)).await;
    assert_eq!(res.status, 201, "{}", res.text());
    res.json()["id"].as_str().unwrap().to_owned()
}

fn actions(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

db_test!(organization_events_are_filtered_and_paged_for_those_who_may_read_them, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let org = standalone_org(&app, &owner, &owner_t, "Acme").await;
    let other = standalone_org(&app, &owner, &owner_t, "Other").await;
    let invites =
        json!({ "invites": [{ "email": "a@acme.test", "type": "user" }, { "email": "b@acme.test", "type": "user" }] });
    assert_eq!(
        call(&app, "POST", &format!("/api/v1/organizations/{org}/members"), &owner_t, Some(invites)).await.status,
        201
    );
    let renamed =
        call(&app, "PATCH", &format!("/api/v1/organizations/{org}"), &owner_t, Some(json!({ "name": "Acme Inc" })))
            .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    let log = format!("/api/v1/organizations/{org}/events");

    // Newest first, only this organization's.
    let all = call(&app, "GET", &log, &owner_t, None).await;
    assert_eq!(all.status, 200, "{}", all.text());
    let all = all.json();
    assert_eq!(actions(&all), ["organization.updated", "member.invited", "member.invited", "organization.created"]);
    assert!(all["items"].as_array().unwrap().iter().all(|e| e["organization_id"] == org.as_str()));
    assert_eq!(all["items"][0]["actor_email"], "owner@acme.test");
    let other_log = call(&app, "GET", &format!("/api/v1/organizations/{other}/events"), &owner_t, None).await.json();
    assert_eq!(actions(&other_log), ["organization.created"]);

    // Filters: exact action, prefix, actor, time range; paging with the cursor.
    let invited = call(&app, "GET", &format!("{log}?action=member.invited"), &owner_t, None).await.json();
    assert_eq!(actions(&invited).len(), 2);
    let prefix = call(&app, "GET", &format!("{log}?action=organization."), &owner_t, None).await.json();
    assert_eq!(actions(&prefix), ["organization.updated", "organization.created"]);
    let by_owner = call(&app, "GET", &format!("{log}?actor={}", owner.id), &owner_t, None).await.json();
    assert_eq!(actions(&by_owner).len(), 4);
    let nobody = call(&app, "GET", &format!("{log}?actor=nobody"), &owner_t, None).await.json();
    assert!(actions(&nobody).is_empty());
    let future = call(&app, "GET", &format!("{log}?from=2999-01-01T00:00:00Z"), &owner_t, None).await.json();
    assert!(actions(&future).is_empty());
    let past = call(&app, "GET", &format!("{log}?to=2999-01-01T00:00:00Z"), &owner_t, None).await.json();
    assert_eq!(actions(&past).len(), 4);
    let first = call(&app, "GET", &format!("{log}?limit=3"), &owner_t, None).await.json();
    assert_eq!(actions(&first).len(), 3);
    let rest = call(&app, "GET", &format!("{log}?limit=3&cursor={}", first["next"].as_str().unwrap()), &owner_t, None)
        .await
        .json();
    assert_eq!(actions(&rest), ["organization.created"]);
    assert!(rest.get("next").is_none() || rest["next"].is_null());
    let problem =
        call(&app, "GET", &format!("{log}?from=yesterday"), &owner_t, None).await.assert_problem(422, "validation");
    assert_eq!(problem["errors"][0]["field"], "from");
    call(&app, "GET", &format!("{log}?cursor=garbage"), &owner_t, None).await.assert_problem(422, "validation");

    // Who: a plain member 403, a Custom member given "access event logs" 200, strangers 404.
    let user = register(&app, "user@acme.test", PASSWORD).await;
    add_member(&db, &org, Some(&user.id), "user@acme.test", "user", "confirmed");
    let user_t = access_token(&app, "user@acme.test", PASSWORD).await;
    call(&app, "GET", &log, &user_t, None).await.assert_problem(403, "forbidden");
    let auditor = register(&app, "audit@acme.test", PASSWORD).await;
    add_member(&db, &org, Some(&auditor.id), "audit@acme.test", "custom", "confirmed");
    {
        use portal_api::db::schema::organization_members as m;
        diesel::update(m::table.filter(m::user_id.eq(&auditor.id)))
            .set(m::access_event_logs.eq(true))
            .execute(&mut *db.pool.get().unwrap())
            .unwrap();
    }
    let auditor_t = access_token(&app, "audit@acme.test", PASSWORD).await;
    assert_eq!(call(&app, "GET", &log, &auditor_t, None).await.status, 200);
    register(&app, "stranger@example.com", PASSWORD).await;
    let stranger_t = access_token(&app, "stranger@example.com", PASSWORD).await;
    call(&app, "GET", &log, &stranger_t, None).await.assert_problem(404, "not-found");
    call(&app, "GET", &log, "", None).await.assert_problem(401, "unauthorized");
});
