//! Collections: who sees them (all for administrators, the ones they reach for members), who
//! changes and deletes them, and the effective access of a member (direct and through groups, the
//! most permissive wins; revoked members reach nothing).

use diesel::prelude::*;
use portal_api::api_keys::KeyAccess;
use serde_json::{Value, json};

use crate::db_test;
use crate::groups::{events, grant_permission, invited, key_token, organization, person};
use crate::support::*;

fn names(page: &Value) -> Vec<&str> {
    page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect()
}

fn id_of(reply: &Reply) -> String {
    assert!(reply.status < 300, "{}", reply.text());
    reply.json()["id"].as_str().unwrap().to_owned()
}

db_test!(collections_are_created_listed_changed_and_deleted, |db| {
    let app = test_app_with(test_state(&db)).await;
    let org = organization(&app, "owner@acme.test", "Acme").await;
    let base = format!("/api/v1/organizations/{}/collections", org.id);
    let ann = invited(&db, &org.id, "ann@acme.test");
    let group = id_of(
        &call(
            &app,
            "POST",
            &format!("/api/v1/organizations/{}/groups", org.id),
            &org.owner_t,
            Some(json!({ "name": "Sales" })),
        )
        .await,
    );

    let created = call(
        &app,
        "POST",
        &base,
        &org.owner_t,
        Some(json!({
            "name": " Finance ", "external_id": "fin",
            "members": [{ "member_id": ann, "level": "can_view" }],
            "groups": [{ "group_id": group, "level": "can_manage" }],
        })),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let finance = created.json();
    assert_eq!(finance["name"], "Finance");
    assert_eq!(finance["can_manage"], true);
    assert!(finance.get("level").is_none(), "the Owner has no grant of their own");
    assert_eq!(finance["members"], json!([{ "member_id": ann, "level": "can_view" }]));
    assert_eq!(finance["groups"], json!([{ "group_id": group, "level": "can_manage" }]));
    let finance_id = finance["id"].as_str().unwrap().to_owned();
    for name in ["Ops", "Clients", "HR"] {
        id_of(&call(&app, "POST", &base, &org.owner_t, Some(json!({ "name": name }))).await);
    }

    let all = call(&app, "GET", &base, &org.owner_t, None).await.json();
    assert_eq!(names(&all), ["Clients", "Finance", "HR", "Ops"]);
    let page = call(&app, "GET", &format!("{base}?limit=2"), &org.owner_t, None).await.json();
    let rest =
        call(&app, "GET", &format!("{base}?limit=2&cursor={}", page["next"].as_str().unwrap()), &org.owner_t, None)
            .await
            .json();
    assert_eq!(names(&rest), ["HR", "Ops"]);
    assert_eq!(names(&call(&app, "GET", &format!("{base}?search=fin"), &org.owner_t, None).await.json()), ["Finance"]);
    call(&app, "GET", &format!("{base}?cursor=nope!"), &org.owner_t, None).await.assert_problem(422, "validation");

    let one = call(&app, "GET", &format!("{base}/{finance_id}"), &org.owner_t, None).await.json();
    assert_eq!(one["external_id"], "fin");

    let changed = call(
        &app,
        "PATCH",
        &format!("{base}/{finance_id}"),
        &org.owner_t,
        Some(json!({ "name": "Finance EU", "members": [{ "member_id": ann, "level": "can_edit" }] })),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.text());
    let changed = changed.json();
    assert_eq!(changed["name"], "Finance EU");
    assert_eq!(changed["members"][0]["level"], "can_edit");
    assert_eq!(changed["groups"].as_array().unwrap().len(), 1, "group grants kept");

    let access = call(&app, "GET", &format!("{base}/{finance_id}/access"), &org.owner_t, None).await.json();
    assert_eq!(access["members"][0]["email"], "ann@acme.test");
    assert_eq!(access["members"][0]["level"], "can_edit");
    assert_eq!(access["groups"][0]["group_id"], group.as_str());

    assert_eq!(call(&app, "DELETE", &format!("{base}/{finance_id}"), &org.owner_t, None).await.status, 204);
    call(&app, "GET", &format!("{base}/{finance_id}"), &org.owner_t, None).await.assert_problem(404, "not-found");
    assert_eq!(events(&db, &org.id, "collection.created").len(), 4);
    assert_eq!(events(&db, &org.id, "collection.updated")[0]["previous_name"], "Finance");
    assert_eq!(events(&db, &org.id, "collection.deleted")[0]["name"], "Finance EU");
});

db_test!(collections_refuse_bad_fields_and_ids_of_other_organizations, |db| {
    let app = test_app_with(test_state(&db)).await;
    let org = organization(&app, "owner@acme.test", "Acme").await;
    let other = organization(&app, "owner@other.test", "Other").await;
    let base = format!("/api/v1/organizations/{}/collections", org.id);
    let theirs = invited(&db, &other.id, "x@other.test");
    let their_group = id_of(
        &call(
            &app,
            "POST",
            &format!("/api/v1/organizations/{}/groups", other.id),
            &other.owner_t,
            Some(json!({ "name": "Theirs" })),
        )
        .await,
    );
    let their_collection = id_of(
        &call(
            &app,
            "POST",
            &format!("/api/v1/organizations/{}/collections", other.id),
            &other.owner_t,
            Some(json!({ "name": "Theirs" })),
        )
        .await,
    );

    let problem =
        call(&app, "POST", &base, &org.owner_t, Some(json!({ "name": "" }))).await.assert_problem(422, "validation");
    assert_eq!(problem["errors"][0]["field"], "name");
    let problem = call(
        &app,
        "POST",
        &base,
        &org.owner_t,
        Some(json!({
            "name": "Finance",
            "members": [{ "member_id": theirs, "level": "can_view" }],
            "groups": [{ "group_id": their_group, "level": "can_view" }],
        })),
    )
    .await
    .assert_problem(422, "validation");
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["members.0.member_id", "groups.0.group_id"]);
    call(
        &app,
        "POST",
        &base,
        &org.owner_t,
        Some(json!({ "name": "F", "members": [{ "member_id": "m", "level": "sometimes" }] })),
    )
    .await
    .assert_problem(422, "validation");
    assert!(names(&call(&app, "GET", &base, &org.owner_t, None).await.json()).is_empty(), "nothing written");

    for (method, path) in [
        ("GET", format!("{base}/{their_collection}")),
        ("PATCH", format!("{base}/{their_collection}")),
        ("DELETE", format!("{base}/{their_collection}")),
        ("GET", format!("{base}/{their_collection}/access")),
        ("GET", format!("/api/v1/organizations/{}/members/{theirs}/collections", org.id)),
    ] {
        let body = (method == "PATCH").then(|| json!({ "name": "Mine" }));
        call(&app, method, &path, &org.owner_t, body).await.assert_problem(404, "not-found");
    }
    call(&app, "GET", &base, &other.owner_t, None).await.assert_problem(404, "not-found");
    call(&app, "POST", &base, &other.owner_t, Some(json!({ "name": "In" }))).await.assert_problem(404, "not-found");
    call(&app, "GET", &base, "", None).await.assert_problem(401, "unauthorized");
});

db_test!(members_see_what_they_reach_and_change_what_they_manage, |db| {
    let app = test_app_with(test_state(&db)).await;
    let org = organization(&app, "owner@acme.test", "Acme").await;
    let base = format!("/api/v1/organizations/{}/collections", org.id);
    let (user, user_t) = person(&app, &db, &org.id, "user@acme.test", "user").await;
    let (lacking, lacking_t) = person(&app, &db, &org.id, "lacking@acme.test", "custom").await;
    let (creator, creator_t) = person(&app, &db, &org.id, "creator@acme.test", "custom").await;
    grant_permission(&db, &creator, "create_new_collections");
    let (editor, editor_t) = person(&app, &db, &org.id, "editor@acme.test", "custom").await;
    grant_permission(&db, &editor, "edit_any_collection");
    let _ = lacking;

    let seen = id_of(
        &call(
            &app,
            "POST",
            &base,
            &org.owner_t,
            Some(json!({ "name": "Seen", "members": [{ "member_id": user, "level": "can_view" }] })),
        )
        .await,
    );
    let hidden = id_of(&call(&app, "POST", &base, &org.owner_t, Some(json!({ "name": "Hidden" }))).await);

    // A User member sees only what they reach, with their level, and changes nothing there.
    let mine = call(&app, "GET", &base, &user_t, None).await.json();
    assert_eq!(names(&mine), ["Seen"]);
    assert_eq!(mine["items"][0]["level"], "can_view");
    assert_eq!(mine["items"][0]["can_manage"], false);
    let one = call(&app, "GET", &format!("{base}/{seen}"), &user_t, None).await.json();
    assert_eq!(one["members"], json!([]), "grants are for those who manage it");
    call(&app, "GET", &format!("{base}/{hidden}"), &user_t, None).await.assert_problem(404, "not-found");
    call(&app, "PATCH", &format!("{base}/{seen}"), &user_t, Some(json!({ "name": "X" })))
        .await
        .assert_problem(403, "forbidden");
    call(&app, "DELETE", &format!("{base}/{seen}"), &user_t, None).await.assert_problem(403, "forbidden");
    call(&app, "GET", &format!("{base}/{seen}/access"), &user_t, None).await.assert_problem(403, "forbidden");
    for t in [&user_t, &lacking_t] {
        call(&app, "POST", &base, t, Some(json!({ "name": "Mine" }))).await.assert_problem(403, "forbidden");
    }
    assert!(names(&call(&app, "GET", &base, &lacking_t, None).await.json()).is_empty());

    // A Custom member who creates collections gets "can manage" on theirs, and so manages it.
    let made = call(&app, "POST", &base, &creator_t, Some(json!({ "name": "Creator's" }))).await;
    assert_eq!(made.status, 201, "{}", made.text());
    let made = made.json();
    assert_eq!(made["level"], "can_manage");
    assert_eq!(made["members"], json!([{ "member_id": creator, "level": "can_manage" }]));
    let made_id = made["id"].as_str().unwrap().to_owned();
    assert_eq!(names(&call(&app, "GET", &base, &creator_t, None).await.json()), ["Creator's"]);
    let shared = json!({ "members": [{ "member_id": creator, "level": "can_manage" }, { "member_id": user, "level": "can_edit" }] });
    assert_eq!(call(&app, "PATCH", &format!("{base}/{made_id}"), &creator_t, Some(shared)).await.status, 200);
    assert_eq!(call(&app, "GET", &format!("{base}/{made_id}/access"), &creator_t, None).await.status, 200);
    call(&app, "PATCH", &format!("{base}/{seen}"), &creator_t, Some(json!({ "name": "X" })))
        .await
        .assert_problem(404, "not-found");

    // "Edit any collection": sees and changes every one, deletes none it does not manage.
    assert_eq!(names(&call(&app, "GET", &base, &editor_t, None).await.json()), ["Creator's", "Hidden", "Seen"]);
    assert_eq!(
        call(&app, "PATCH", &format!("{base}/{hidden}"), &editor_t, Some(json!({ "name": "Hidden 2" }))).await.status,
        200
    );
    call(&app, "DELETE", &format!("{base}/{hidden}"), &editor_t, None).await.assert_problem(403, "forbidden");
    assert_eq!(call(&app, "DELETE", &format!("{base}/{made_id}"), &creator_t, None).await.status, 204);

    // API keys: a read key lists everything and changes nothing.
    let read_t = key_token(&app, &db, &org.id, KeyAccess::Read).await;
    assert_eq!(names(&call(&app, "GET", &base, &read_t, None).await.json()), ["Hidden 2", "Seen"]);
    call(&app, "POST", &base, &read_t, Some(json!({ "name": "Key" }))).await.assert_problem(403, "forbidden");
    call(&app, "PATCH", &format!("{base}/{seen}"), &read_t, Some(json!({ "name": "Key" })))
        .await
        .assert_problem(403, "forbidden");
    call(&app, "DELETE", &format!("{base}/{seen}"), &read_t, None).await.assert_problem(403, "forbidden");
    let write_t = key_token(&app, &db, &org.id, KeyAccess::Write).await;
    let by_key = call(&app, "POST", &base, &write_t, Some(json!({ "name": "Key" }))).await;
    assert_eq!(by_key.status, 201, "{}", by_key.text());
    assert_eq!(by_key.json()["members"], json!([]), "a key gets no grant");
});

db_test!(effective_access_combines_direct_and_group_grants, |db| {
    let app = test_app_with(test_state(&db)).await;
    let org = organization(&app, "owner@acme.test", "Acme").await;
    let base = format!("/api/v1/organizations/{}/collections", org.id);
    let (ann, ann_t) = person(&app, &db, &org.id, "ann@acme.test", "user").await;
    let (bob, bob_t) = person(&app, &db, &org.id, "bob@acme.test", "user").await;
    let finance = id_of(
        &call(
            &app,
            "POST",
            &base,
            &org.owner_t,
            Some(json!({ "name": "Finance", "members": [{ "member_id": ann, "level": "can_view" }] })),
        )
        .await,
    );
    let group = call(
        &app,
        "POST",
        &format!("/api/v1/organizations/{}/groups", org.id),
        &org.owner_t,
        Some(json!({
            "name": "Accounting", "members": [ann, bob],
            "collections": [{ "collection_id": finance, "level": "can_edit_except_passwords" }],
        })),
    )
    .await;
    let group = id_of(&group);

    // "Can view" directly and "can edit, except passwords" through a group: "can edit".
    let reach =
        call(&app, "GET", &format!("/api/v1/organizations/{}/members/{ann}/collections", org.id), &org.owner_t, None)
            .await;
    assert_eq!(reach.status, 200, "{}", reach.text());
    assert_eq!(
        reach.json(),
        json!([{
            "collection_id": finance, "name": "Finance", "level": "can_edit",
            "sources": [
                { "level": "can_view" },
                { "group_id": group, "group_name": "Accounting", "level": "can_edit_except_passwords" },
            ],
        }])
    );
    assert_eq!(call(&app, "GET", &base, &ann_t, None).await.json()["items"][0]["level"], "can_edit");
    assert_eq!(call(&app, "GET", &base, &bob_t, None).await.json()["items"][0]["level"], "can_edit_except_passwords");
    // A member reads their own; another member's is for administrators.
    assert_eq!(
        call(&app, "GET", &format!("/api/v1/organizations/{}/members/{ann}/collections", org.id), &ann_t, None)
            .await
            .status,
        200
    );
    call(&app, "GET", &format!("/api/v1/organizations/{}/members/{ann}/collections", org.id), &bob_t, None)
        .await
        .assert_problem(403, "forbidden");

    let access = call(&app, "GET", &format!("{base}/{finance}/access"), &org.owner_t, None).await.json();
    let levels: Vec<(&str, &str)> = access["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["email"].as_str().unwrap(), m["level"].as_str().unwrap()))
        .collect();
    assert_eq!(levels, [("ann@acme.test", "can_edit"), ("bob@acme.test", "can_edit_except_passwords")]);

    // Revoked: reaches nothing, keeps their rows; restored, reaches it again.
    let revoke = format!("/api/v1/organizations/{}/members/{ann}/revoke", org.id);
    assert_eq!(call(&app, "POST", &revoke, &org.owner_t, None).await.status, 200);
    let reach =
        call(&app, "GET", &format!("/api/v1/organizations/{}/members/{ann}/collections", org.id), &org.owner_t, None)
            .await;
    assert_eq!(reach.json(), json!([]));
    call(&app, "GET", &base, &ann_t, None).await.assert_problem(404, "not-found");
    let access = call(&app, "GET", &format!("{base}/{finance}/access"), &org.owner_t, None).await.json();
    assert_eq!(access["members"].as_array().unwrap().len(), 1, "only bob");
    let one = call(&app, "GET", &format!("{base}/{finance}"), &org.owner_t, None).await.json();
    assert_eq!(one["members"][0]["member_id"], ann.as_str(), "the grant stays");
    let restore = format!("/api/v1/organizations/{}/members/{ann}/restore", org.id);
    assert_eq!(call(&app, "POST", &restore, &org.owner_t, None).await.status, 200);
    assert_eq!(call(&app, "GET", &base, &ann_t, None).await.json()["items"][0]["level"], "can_edit");
});

db_test!(deleting_a_collection_keeps_its_items, |db| {
    let app = test_app_with(test_state(&db)).await;
    let org = organization(&app, "owner@acme.test", "Acme").await;
    let base = format!("/api/v1/organizations/{}/collections", org.id);
    let finance = id_of(&call(&app, "POST", &base, &org.owner_t, Some(json!({ "name": "Finance" }))).await);
    let cipher = uuid::Uuid::now_v7().to_string();
    {
        use portal_api::db::schema::{cipher_collections as cc, ciphers};
        let now = portal_api::db::now();
        let mut conn = db.pool.get().unwrap();
        diesel::insert_into(ciphers::table)
            .values((
                ciphers::id.eq(&cipher),
                ciphers::user_id.eq(None::<String>),
                ciphers::organization_id.eq(Some(&org.id)),
                ciphers::type_.eq("login"),
                ciphers::data.eq("{}"),
                ciphers::item_key.eq(None::<String>),
                ciphers::reprompt.eq(false),
                ciphers::created_at.eq(now),
                ciphers::updated_at.eq(now),
                ciphers::deleted_at.eq(None::<chrono::NaiveDateTime>),
            ))
            .execute(&mut *conn)
            .unwrap();
        diesel::insert_into(cc::table)
            .values((cc::cipher_id.eq(&cipher), cc::collection_id.eq(&finance)))
            .execute(&mut *conn)
            .unwrap();
    }
    assert_eq!(call(&app, "DELETE", &format!("{base}/{finance}"), &org.owner_t, None).await.status, 204);
    use portal_api::db::schema::{cipher_collections as cc, ciphers};
    let mut conn = db.pool.get().unwrap();
    let items: i64 = ciphers::table.filter(ciphers::id.eq(&cipher)).count().get_result(&mut *conn).unwrap();
    let links: i64 = cc::table.filter(cc::cipher_id.eq(&cipher)).count().get_result(&mut *conn).unwrap();
    assert_eq!((items, links), (1, 0));
});
