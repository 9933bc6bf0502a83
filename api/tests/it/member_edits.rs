//! Changing members: type, permissions, groups and access without escalation (a Custom member
//! with "manage users" gives only what they hold; only administrators touch Admins; only Owners
//! and the provider's users touch Owners; the last confirmed Owner stays one), new invitation
//! links, and leaving.

use diesel::prelude::*;
use serde_json::{Value, json};

use crate::db_test;
use crate::members::standalone;
use crate::support::*;

fn exec(db: &TestDb, sql: &str) {
    diesel::sql_query(sql).execute(&mut *db.pool.get().unwrap()).unwrap();
}

/// Gives the member with this address a set of Custom permissions, straight in the database.
fn make_custom(db: &TestDb, org: &str, email: &str, permissions: &[&str]) {
    let set: Vec<String> = permissions.iter().map(|p| format!("{p} = TRUE")).collect();
    exec(
        db,
        &format!(
            "UPDATE organization_members SET type = 'custom', {} WHERE organization_id = '{org}' AND email = '{email}'",
            set.join(", ")
        ),
    );
}

fn member_id(list: &Value, email: &str) -> String {
    list["items"].as_array().unwrap().iter().find(|m| m["email"] == email).unwrap()["id"].as_str().unwrap().to_owned()
}

/// An organization owned by `owner@acme.test` with members of every type, each with an account.
async fn cast<S, B>(app: &S, db: &TestDb) -> (String, Vec<String>)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let owner = register(app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(app, &owner.email, PASSWORD).await;
    let org =
        call(app, "POST", "/api/v1/organizations", &owner_t, Some(standalone("Acme", &owner, 20))).await.json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let mut tokens = vec![owner_t];
    for (email, kind) in [("admin@acme.test", "admin"), ("custom@acme.test", "custom"), ("user@acme.test", "user")] {
        let user = register(app, email, PASSWORD).await;
        add_member(db, &org, Some(&user.id), email, kind, "confirmed");
        tokens.push(access_token(app, email, PASSWORD).await);
    }
    make_custom(db, &org, "custom@acme.test", &["manage_users", "manage_groups"]);
    (org, tokens)
}

db_test!(nobody_gives_more_than_they_hold, |db| {
    let app = test_app_with(test_state(&db)).await;
    let (org, t) = cast(&app, &db).await;
    let (owner_t, admin_t, custom_t, user_t) = (&t[0], &t[1], &t[2], &t[3]);
    let members = format!("/api/v1/organizations/{org}/members");
    add_member(&db, &org, None, "pat@acme.test", "user", "invited");
    add_member(&db, &org, None, "rich@acme.test", "user", "invited");
    make_custom(&db, &org, "rich@acme.test", &["manage_policies"]);
    let list = call(&app, "GET", &members, owner_t, None).await.json();
    let (admin, owner, pat, rich, user) = (
        member_id(&list, "admin@acme.test"),
        member_id(&list, "owner@acme.test"),
        member_id(&list, "pat@acme.test"),
        member_id(&list, "rich@acme.test"),
        member_id(&list, "user@acme.test"),
    );
    let at = |id: &str| format!("{members}/{id}");

    // A Custom member with "manage users" lists and invites, giving only what they hold.
    assert_eq!(call(&app, "GET", &members, custom_t, None).await.status, 200);
    let give = |kind: &str, perms: Value| json!({ "invites": [{ "email": "new@acme.test", "type": kind, "permissions": perms }] });
    let refused =
        call(&app, "POST", &members, custom_t, Some(give("custom", json!({ "manage_policies": true })))).await;
    refused.assert_problem(403, "escalation");
    call(&app, "POST", &members, custom_t, Some(give("admin", json!({})))).await.assert_problem(403, "admin-only");
    call(&app, "POST", &members, custom_t, Some(give("owner", json!({})))).await.assert_problem(403, "owner-only");
    let ok = call(&app, "POST", &members, custom_t, Some(give("custom", json!({ "manage_groups": true })))).await;
    assert_eq!(ok.status, 201, "{}", ok.text());

    // ...and changes members within the same bounds.
    let to_custom = |perms: Value| json!({ "type": "custom", "permissions": perms });
    let changed = call(&app, "PATCH", &at(&pat), custom_t, Some(to_custom(json!({ "manage_groups": true })))).await;
    assert_eq!(changed.status, 200, "{}", changed.text());
    assert_eq!(changed.json()["type"], "custom");
    assert_eq!(changed.json()["permissions"]["manage_groups"], true);
    call(&app, "PATCH", &at(&pat), custom_t, Some(to_custom(json!({ "access_reports": true }))))
        .await
        .assert_problem(403, "escalation");
    call(&app, "PATCH", &at(&pat), custom_t, Some(json!({ "type": "admin" }))).await.assert_problem(403, "admin-only");
    // Places take their own permissions: groups "manage groups" (held), collections "edit any
    // collection" (not held), or the caller could give anyone, themselves included, any access.
    exec(
        &db,
        &format!(
            "INSERT INTO collections (id, organization_id, name, created_at, updated_at) VALUES ('c-vault', '{org}', 'Vault', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ),
    );
    let grab = json!({ "collections": [{ "collection_id": "c-vault", "level": "can_manage" }] });
    call(&app, "PATCH", &at(&pat), custom_t, Some(grab.clone())).await.assert_problem(403, "escalation");
    let me_id = member_id(&list, "custom@acme.test");
    call(&app, "PATCH", &at(&me_id), custom_t, Some(grab)).await.assert_problem(403, "escalation");
    assert_eq!(call(&app, "PATCH", &at(&pat), custom_t, Some(json!({ "groups": [] }))).await.status, 200);
    call(&app, "PATCH", &at(&admin), custom_t, Some(json!({ "type": "user" }))).await.assert_problem(403, "admin-only");
    call(&app, "POST", &format!("{}/revoke", at(&admin)), custom_t, None).await.assert_problem(403, "admin-only");
    // Someone holding a permission the caller lacks is out of their reach altogether.
    call(&app, "PATCH", &at(&rich), custom_t, Some(json!({ "type": "user" }))).await.assert_problem(403, "escalation");
    call(&app, "DELETE", &at(&rich), custom_t, None).await.assert_problem(403, "escalation");

    // A User manages nobody, whatever the body.
    call(&app, "PATCH", &at(&pat), user_t, Some(json!({ "type": "user" }))).await.assert_problem(403, "forbidden");
    call(&app, "POST", &members, user_t, Some(json!({ "invites": [] }))).await.assert_problem(403, "forbidden");
    call(&app, "GET", &members, user_t, None).await.assert_problem(403, "forbidden");

    // An Admin makes Admins and Custom members with anything, never touches Owners.
    let made = call(&app, "PATCH", &at(&pat), admin_t, Some(to_custom(json!({ "manage_policies": true })))).await;
    assert_eq!(made.json()["permissions"]["manage_policies"], true, "{}", made.text());
    assert_eq!(call(&app, "PATCH", &at(&user), admin_t, Some(json!({ "type": "admin" }))).await.status, 200);
    call(&app, "PATCH", &at(&owner), admin_t, Some(json!({ "type": "admin" }))).await.assert_problem(403, "owner-only");
    call(&app, "PATCH", &at(&pat), admin_t, Some(json!({ "type": "owner" }))).await.assert_problem(403, "owner-only");

    // Permissions stay with Custom members only; a User or a stranger cannot change anyone.
    let mixed = json!({ "type": "user", "permissions": { "manage_users": true } });
    call(&app, "PATCH", &at(&pat), owner_t, Some(mixed)).await.assert_problem(422, "validation");
    let demoted = call(&app, "PATCH", &at(&pat), owner_t, Some(json!({ "type": "user" }))).await.json();
    assert_eq!(demoted["permissions"]["manage_policies"], false, "a User holds no permissions: {demoted}");
    register(&app, "stranger@else.test", PASSWORD).await;
    let stranger_t = access_token(&app, "stranger@else.test", PASSWORD).await;
    call(&app, "PATCH", &at(&pat), &stranger_t, Some(json!({ "type": "admin" })))
        .await
        .assert_problem(404, "not-found");
    // Even a wrong body tells a stranger nothing: the access check comes first.
    call(&app, "PATCH", &at(&pat), &stranger_t, Some(json!({}))).await.assert_problem(404, "not-found");
    call(&app, "POST", &members, &stranger_t, Some(json!({ "invites": [] }))).await.assert_problem(404, "not-found");
    call(&app, "PATCH", &at(&pat), "", Some(json!({ "type": "admin" }))).await.assert_problem(401, "unauthorized");

    // The last confirmed Owner stays an Owner; with a second one, either can step down.
    call(&app, "PATCH", &at(&owner), owner_t, Some(json!({ "type": "admin" }))).await.assert_problem(409, "last-owner");
    assert_eq!(call(&app, "PATCH", &at(&admin), owner_t, Some(json!({ "type": "owner" }))).await.status, 200);
    let stepped = call(&app, "PATCH", &at(&owner), owner_t, Some(json!({ "type": "admin" }))).await;
    assert_eq!(stepped.status, 200, "{}", stepped.text());
});

db_test!(members_get_groups_and_collection_access_of_their_organization_only, |db| {
    let app = test_app_with(test_state(&db)).await;
    let (org, t) = cast(&app, &db).await;
    let owner_t = &t[0];
    let members = format!("/api/v1/organizations/{org}/members");
    // Another organization's group and collection.
    let other_owner = register(&app, "other@else.test", PASSWORD).await;
    let other_t = access_token(&app, &other_owner.email, PASSWORD).await;
    let other = call(&app, "POST", "/api/v1/organizations", &other_t, Some(standalone("Else", &other_owner, 5)))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (id, o) in [("g-ops", &org), ("g-else", &other)] {
        exec(
            &db,
            &format!(
                "INSERT INTO groups (id, organization_id, name, created_at, updated_at) VALUES ('{id}', '{o}', '{id}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
        );
    }
    for (id, o) in [("c-infra", &org), ("c-else", &other)] {
        exec(
            &db,
            &format!(
                "INSERT INTO collections (id, organization_id, name, created_at, updated_at) VALUES ('{id}', '{o}', '{id}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
        );
    }

    // Ids of another organization are field errors, and nothing is written.
    let foreign = json!({ "invites": [{ "email": "ann@acme.test", "type": "user", "groups": ["g-else"],
                                        "collections": [{ "collection_id": "c-else", "level": "can_view" }] }] });
    let problem = call(&app, "POST", &members, owner_t, Some(foreign)).await.assert_problem(422, "validation");
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["invites.0.groups.0", "invites.0.collections.0.collection_id"]);
    let none = call(&app, "GET", &format!("{members}?search=ann"), owner_t, None).await.json();
    assert!(none["items"].as_array().unwrap().is_empty());

    // Invited straight into a group with access; changed later; the whole set is replaced.
    let ok = json!({ "invites": [{ "email": "ann@acme.test", "type": "user", "groups": ["g-ops"],
                                   "collections": [{ "collection_id": "c-infra", "level": "can_edit_except_passwords" }] }] });
    let ann = call(&app, "POST", &members, owner_t, Some(ok)).await.json()[0].clone();
    assert_eq!(ann["groups"], json!(["g-ops"]));
    assert_eq!(ann["collections"], json!([{ "collection_id": "c-infra", "level": "can_edit_except_passwords" }]));
    let at = format!("{members}/{}", ann["id"].as_str().unwrap());
    let moved = call(
        &app,
        "PATCH",
        &at,
        owner_t,
        Some(json!({ "groups": [], "collections": [{ "collection_id": "c-infra", "level": "can_manage" }] })),
    )
    .await
    .json();
    assert_eq!(moved["groups"], json!([]));
    assert_eq!(moved["collections"][0]["level"], "can_manage");
    let bad = call(&app, "PATCH", &at, owner_t, Some(json!({ "groups": ["g-else"] }))).await;
    assert_eq!(bad.assert_problem(422, "validation")["errors"][0]["field"], "groups.0");
    let listed = call(&app, "GET", &format!("{members}?search=ann"), owner_t, None).await.json();
    assert_eq!(listed["items"][0]["collections"][0]["level"], "can_manage");
    call(&app, "PATCH", &at, owner_t, Some(json!({}))).await.assert_problem(422, "validation");
});

db_test!(invited_members_get_new_links_and_members_leave, |db| {
    let app = test_app_with(test_state(&db)).await;
    let (org, t) = cast(&app, &db).await;
    let (owner_t, user_t) = (&t[0], &t[3]);
    let members = format!("/api/v1/organizations/{org}/members");
    let invited = call(
        &app,
        "POST",
        &members,
        owner_t,
        Some(json!({ "invites": [{ "email": "late@acme.test", "type": "user" }] })),
    )
    .await
    .json();
    let first = invited[0]["invitation_link"].as_str().expect("no mail relay: the link is in the answer").to_owned();
    let id = invited[0]["id"].as_str().unwrap().to_owned();

    // A new link; the first stops working; the new one is accepted; then no more links.
    let again = call(&app, "POST", &format!("{members}/{id}/reinvite"), owner_t, None).await;
    assert_eq!(again.status, 202, "{}", again.text());
    let second = again.json()["invitation_link"].as_str().unwrap().to_owned();
    assert_ne!(first, second);
    register(&app, "late@acme.test", PASSWORD).await;
    let late_t = access_token(&app, "late@acme.test", PASSWORD).await;
    let token = |link: &str| json!({ "token": link.split("token=").nth(1).unwrap() });
    assert_eq!(call(&app, "POST", "/api/v1/invitations/accept", &late_t, Some(token(&first))).await.status, 404);
    let accepted = call(&app, "POST", "/api/v1/invitations/accept", &late_t, Some(token(&second))).await;
    assert_eq!(accepted.status, 200, "{}", accepted.text());
    call(&app, "POST", &format!("{members}/{id}/reinvite"), owner_t, None).await.assert_problem(409, "conflict");
    call(&app, "POST", &format!("{members}/{id}/reinvite"), user_t, None).await.assert_problem(403, "forbidden");

    // Members leave; the last confirmed Owner cannot; strangers have nothing to leave.
    let leave = format!("/api/v1/organizations/{org}/leave");
    assert_eq!(call(&app, "POST", &leave, &late_t, None).await.status, 204);
    call(&app, "GET", &format!("/api/v1/organizations/{org}"), &late_t, None).await.assert_problem(404, "not-found");
    call(&app, "POST", &leave, &late_t, None).await.assert_problem(404, "not-found");
    call(&app, "POST", &leave, owner_t, None).await.assert_problem(409, "last-owner");
    assert_eq!(call(&app, "POST", &leave, user_t, None).await.status, 204);
    let log = call(&app, "GET", &format!("{members}?search=late"), owner_t, None).await.json();
    assert!(log["items"].as_array().unwrap().is_empty(), "gone: {log}");
});

db_test!(racing_owners_never_leave_the_organization_without_one, |db| {
    let app = test_app_with(test_state(&db)).await;
    let (org, t) = cast(&app, &db).await;
    let members = format!("/api/v1/organizations/{org}/members");
    let second = register(&app, "second@acme.test", PASSWORD).await;
    add_member(&db, &org, Some(&second.id), "second@acme.test", "owner", "confirmed");
    let second_t = access_token(&app, "second@acme.test", PASSWORD).await;
    let list = call(&app, "GET", &members, &t[0], None).await.json();
    let (first_id, second_id) = (member_id(&list, "owner@acme.test"), member_id(&list, "second@acme.test"));

    // Both Owners step down at once: one of them must stay.
    let step_down = json!({ "type": "admin" });
    let (a, b) = futures_util::future::join(
        call(&app, "PATCH", &format!("{members}/{first_id}"), &t[0], Some(step_down.clone())),
        call(&app, "PATCH", &format!("{members}/{second_id}"), &second_t, Some(step_down)),
    )
    .await;
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text(), b.text());

    // Make both Owners again, then both leave at once.
    let owner_t = if a.status == 409 { &t[0] } else { &second_t };
    let other = if a.status == 409 { &second_id } else { &first_id };
    let back = call(&app, "PATCH", &format!("{members}/{other}"), owner_t, Some(json!({ "type": "owner" }))).await;
    assert_eq!(back.status, 200, "{}", back.text());
    let leave = format!("/api/v1/organizations/{org}/leave");
    let (a, b) = futures_util::future::join(
        call(&app, "POST", &leave, &t[0], None),
        call(&app, "POST", &leave, &second_t, None),
    )
    .await;
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [204, 409], "{} / {}", a.text(), b.text());
    let owners = call(
        &app,
        "GET",
        &format!("/api/v1/organizations/{org}/members?type=owner"),
        if a.status == 409 { &t[0] } else { &second_t },
        None,
    )
    .await
    .json();
    assert_eq!(owners["items"].as_array().unwrap().len(), 1, "{owners}");
});
