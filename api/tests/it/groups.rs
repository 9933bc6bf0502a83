//! Groups: created, listed, changed and deleted by those who manage groups; ids in bodies must be
//! the organization's own; every change is in the log.

use diesel::prelude::*;
use portal_api::api_keys::{self, KeyAccess, KeyOwner};
use portal_shared::crypto::{SymmetricKey, WrappedKey, context};
use serde_json::{Value, json};

use crate::db_test;
use crate::support::*;

/// An organization with its confirmed Owner, and a token for them.
pub struct Org {
    pub id: String,
    pub owner_t: String,
}

/// Registers `email` and creates a standalone organization they own.
pub async fn organization<S, B>(app: &S, email: &str, name: &str) -> Org
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let owner = register(app, email, PASSWORD).await;
    let owner_t = access_token(app, email, PASSWORD).await;
    let key = SymmetricKey::generate().unwrap();
    let body = json!({ "name": name, "billing_email": "ap@own.test", "plan": "teams", "seats": 20,
        "wrapped_org_key": WrappedKey::seal(&owner.keys.public_key, &key, context::ORGANIZATION_KEY).unwrap().to_string() });
    let created = call(app, "POST", "/api/v1/organizations", &owner_t, Some(body)).await;
    assert_eq!(created.status, 201, "{}", created.text());
    Org { id: created.json()["id"].as_str().unwrap().to_owned(), owner_t }
}

/// Registers `email` as a confirmed member of `org` of `kind`; returns (member id, token).
pub async fn person<S, B>(app: &S, db: &TestDb, org: &str, email: &str, kind: &str) -> (String, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let user = register(app, email, PASSWORD).await;
    add_member(db, org, Some(&user.id), email, kind, "confirmed");
    (member_id(db, org, email), access_token(app, email, PASSWORD).await)
}

/// A member without an account (invited), for grants.
pub fn invited(db: &TestDb, org: &str, email: &str) -> String {
    add_member(db, org, None, email, "user", "invited");
    member_id(db, org, email)
}

pub fn member_id(db: &TestDb, org: &str, email: &str) -> String {
    use portal_api::db::schema::organization_members as m;
    m::table
        .filter(m::organization_id.eq(org))
        .filter(m::email.eq(email))
        .select(m::id)
        .first(&mut *db.pool.get().unwrap())
        .unwrap()
}

/// Gives a Custom member one permission, by its column.
pub fn grant_permission(db: &TestDb, member: &str, permission: &str) {
    use portal_api::db::schema::organization_members as m;
    let mut conn = db.pool.get().unwrap();
    let target = m::table.find(member);
    match permission {
        "manage_groups" => diesel::update(target).set(m::manage_groups.eq(true)).execute(&mut *conn),
        "create_new_collections" => diesel::update(target).set(m::create_new_collections.eq(true)).execute(&mut *conn),
        "edit_any_collection" => diesel::update(target).set(m::edit_any_collection.eq(true)).execute(&mut *conn),
        "delete_any_collection" => diesel::update(target).set(m::delete_any_collection.eq(true)).execute(&mut *conn),
        other => panic!("{other}"),
    }
    .unwrap();
}

/// A bearer token of the organization's API key with this access.
pub async fn key_token<S, B>(app: &S, db: &TestDb, org: &str, access: KeyAccess) -> String
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let issued = api_keys::create(
        &mut db.pool.get().unwrap(),
        &KeyOwner::Organization(org.to_owned()),
        access,
        "sync",
        portal_api::db::now(),
    )
    .unwrap();
    let res = token(
        app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &issued.client_id),
            ("client_secret", &issued.client_secret),
        ],
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    res.json()["access_token"].as_str().unwrap().to_owned()
}

pub fn events(db: &TestDb, org: &str, action: &str) -> Vec<Value> {
    use portal_api::db::schema::events as e;
    let data: Vec<Option<String>> = e::table
        .filter(e::organization_id.eq(org))
        .filter(e::action.eq(action))
        .select(e::data)
        .load(&mut *db.pool.get().unwrap())
        .unwrap();
    data.into_iter().map(|d| serde_json::from_str(&d.unwrap_or_default()).unwrap_or(Value::Null)).collect()
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

db_test!(groups_are_created_listed_changed_and_deleted, |db| {
    let app = test_app_with(test_state(&db)).await;
    let org = organization(&app, "owner@acme.test", "Acme").await;
    let ann = invited(&db, &org.id, "ann@acme.test");
    let bob = invited(&db, &org.id, "bob@acme.test");
    let groups = format!("/api/v1/organizations/{}/groups", org.id);
    let finance = call(
        &app,
        "POST",
        &format!("/api/v1/organizations/{}/collections", org.id),
        &org.owner_t,
        Some(json!({ "name": "Finance" })),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let created = call(
        &app,
        "POST",
        &groups,
        &org.owner_t,
        Some(json!({
            "name": "  Sales  ", "external_id": "dir-1", "members": [ann, bob],
            "collections": [{ "collection_id": finance, "level": "can_edit_except_passwords" }],
        })),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let sales = created.json();
    assert_eq!(sales["name"], "Sales");
    assert_eq!(sales["external_id"], "dir-1");
    assert_eq!(sales["member_count"], 2);
    assert_eq!(sales["collections"][0]["level"], "can_edit_except_passwords");
    let sales_id = sales["id"].as_str().unwrap().to_owned();
    for name in ["Support", "Admins", "Sales"] {
        let res = call(&app, "POST", &groups, &org.owner_t, Some(json!({ "name": name }))).await;
        assert_eq!(res.status, 201, "names need not be unique");
    }

    // Listed by name, paged, searched; each with its size and grants.
    let all = call(&app, "GET", &groups, &org.owner_t, None).await.json();
    let names: Vec<&str> = all["items"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Admins", "Sales", "Sales", "Support"]);
    let first = all["items"].as_array().unwrap().iter().find(|g| g["id"] == sales_id.as_str()).unwrap();
    assert_eq!(first["member_count"], 2);
    assert_eq!(first["collections"][0]["collection_id"], finance.as_str());
    assert!(first.get("members").is_none(), "the list carries counts, not members");
    let page = call(&app, "GET", &format!("{groups}?limit=3"), &org.owner_t, None).await.json();
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let rest = call(&app, "GET", &format!("{groups}?cursor={}", page["next"].as_str().unwrap()), &org.owner_t, None)
        .await
        .json();
    assert_eq!(rest["items"][0]["name"], "Support");
    assert!(rest.get("next").is_none());
    let found = call(&app, "GET", &format!("{groups}?search=SUP"), &org.owner_t, None).await.json();
    assert_eq!(found["items"].as_array().unwrap().len(), 1);

    // One group, with its members.
    let one = call(&app, "GET", &format!("{groups}/{sales_id}"), &org.owner_t, None).await.json();
    let mut members = vec![ann.as_str(), bob.as_str()];
    members.sort();
    assert_eq!(ids(&one["members"]), members);

    // Renamed; members and grants replaced when given, kept otherwise.
    let renamed = call(
        &app,
        "PATCH",
        &format!("{groups}/{sales_id}"),
        &org.owner_t,
        Some(json!({ "name": "Sales EU", "members": [ann] })),
    )
    .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    let renamed = renamed.json();
    assert_eq!((renamed["name"].as_str(), renamed["member_count"].as_i64()), (Some("Sales EU"), Some(1)));
    assert_eq!(renamed["collections"].as_array().unwrap().len(), 1, "grants kept");
    assert_eq!(renamed["external_id"], "dir-1", "external id kept");
    let cleared = call(
        &app,
        "PATCH",
        &format!("{groups}/{sales_id}"),
        &org.owner_t,
        Some(json!({ "collections": [], "external_id": "" })),
    )
    .await
    .json();
    assert_eq!(cleared["collections"], json!([]));
    assert!(cleared.get("external_id").is_none());
    let put =
        call(&app, "PUT", &format!("{groups}/{sales_id}/members"), &org.owner_t, Some(json!({ "members": [bob] })))
            .await;
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(ids(&put.json()["members"]), [bob.as_str()]);

    // Deleted: its members stay.
    let gone = call(&app, "DELETE", &format!("{groups}/{sales_id}"), &org.owner_t, None).await;
    assert_eq!(gone.status, 204);
    call(&app, "GET", &format!("{groups}/{sales_id}"), &org.owner_t, None).await.assert_problem(404, "not-found");
    assert_eq!(member_id(&db, &org.id, "bob@acme.test"), bob);

    // The log names the group, in the same requests.
    assert_eq!(events(&db, &org.id, "group.created").len(), 4);
    let updated = events(&db, &org.id, "group.updated");
    assert_eq!(updated.len(), 3);
    assert_eq!(updated[0]["previous_name"], "Sales");
    assert_eq!(events(&db, &org.id, "group.deleted")[0]["name"], "Sales EU");
});

db_test!(groups_refuse_bad_fields_and_ids_of_other_organizations, |db| {
    let app = test_app_with(test_state(&db)).await;
    let org = organization(&app, "owner@acme.test", "Acme").await;
    let other = organization(&app, "owner@other.test", "Other").await;
    let groups = format!("/api/v1/organizations/{}/groups", org.id);
    let theirs = invited(&db, &other.id, "x@other.test");
    let mine = invited(&db, &org.id, "ann@acme.test");
    let their_collection = call(
        &app,
        "POST",
        &format!("/api/v1/organizations/{}/collections", other.id),
        &other.owner_t,
        Some(json!({ "name": "Theirs" })),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let problem = call(&app, "POST", &groups, &org.owner_t, Some(json!({ "name": " ", "members": [mine, mine] })))
        .await
        .assert_problem(422, "validation");
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "members.1"]);
    call(&app, "POST", &groups, &org.owner_t, Some(json!({ "name": "x".repeat(101) })))
        .await
        .assert_problem(422, "validation");
    let problem = call(
        &app,
        "POST",
        &groups,
        &org.owner_t,
        Some(json!({
            "name": "Sales", "members": [mine, theirs],
            "collections": [{ "collection_id": their_collection, "level": "can_view" }],
        })),
    )
    .await
    .assert_problem(422, "validation");
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["members.1", "collections.0.collection_id"]);
    assert_eq!(problem["errors"][0]["code"], "not_found");
    assert!(call(&app, "GET", &groups, &org.owner_t, None).await.json()["items"].as_array().unwrap().is_empty());
    call(&app, "GET", &format!("{groups}?limit=0"), &org.owner_t, None).await.assert_problem(422, "validation");

    // Another organization's group, and another organization's caller, answer 404.
    let their_group = call(
        &app,
        "POST",
        &format!("/api/v1/organizations/{}/groups", other.id),
        &other.owner_t,
        Some(json!({ "name": "Theirs" })),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(&app, "GET", &format!("{groups}/{their_group}"), &org.owner_t, None).await.assert_problem(404, "not-found");
    call(&app, "PATCH", &format!("{groups}/{their_group}"), &org.owner_t, Some(json!({ "name": "Mine" })))
        .await
        .assert_problem(404, "not-found");
    call(&app, "DELETE", &format!("{groups}/{their_group}"), &org.owner_t, None).await.assert_problem(404, "not-found");
    call(&app, "GET", &groups, &other.owner_t, None).await.assert_problem(404, "not-found");
    call(&app, "POST", &groups, &other.owner_t, Some(json!({ "name": "In" }))).await.assert_problem(404, "not-found");
    call(&app, "GET", &groups, "", None).await.assert_problem(401, "unauthorized");
    // Same external id twice: a conflict.
    call(&app, "POST", &groups, &org.owner_t, Some(json!({ "name": "A", "external_id": "e1" }))).await;
    call(&app, "POST", &groups, &org.owner_t, Some(json!({ "name": "B", "external_id": "e1" })))
        .await
        .assert_problem(409, "conflict");
});

db_test!(only_those_who_manage_groups_reach_them, |db| {
    let app = test_app_with(test_state(&db)).await;
    let org = organization(&app, "owner@acme.test", "Acme").await;
    let groups = format!("/api/v1/organizations/{}/groups", org.id);
    let (_, user_t) = person(&app, &db, &org.id, "user@acme.test", "user").await;
    let (_, lacking_t) = person(&app, &db, &org.id, "lacking@acme.test", "custom").await;
    let (custom, custom_t) = person(&app, &db, &org.id, "custom@acme.test", "custom").await;
    grant_permission(&db, &custom, "manage_groups");
    let (_, admin_t) = person(&app, &db, &org.id, "admin@acme.test", "admin").await;

    for t in [&user_t, &lacking_t] {
        call(&app, "GET", &groups, t, None).await.assert_problem(403, "forbidden");
        call(&app, "POST", &groups, t, Some(json!({ "name": "Mine" }))).await.assert_problem(403, "forbidden");
    }
    let made = call(&app, "POST", &groups, &custom_t, Some(json!({ "name": "By custom", "members": [custom] }))).await;
    assert_eq!(made.status, 201, "{}", made.text());
    let gid = made.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(call(&app, "GET", &groups, &custom_t, None).await.status, 200);
    assert_eq!(
        call(&app, "PATCH", &format!("{groups}/{gid}"), &admin_t, Some(json!({ "name": "Renamed" }))).await.status,
        200
    );
    call(&app, "DELETE", &format!("{groups}/{gid}"), &user_t, None).await.assert_problem(403, "forbidden");

    // A Custom member who manages groups cannot hand a group access to a collection they do not
    // manage themselves.
    let finance = call(
        &app,
        "POST",
        &format!("/api/v1/organizations/{}/collections", org.id),
        &org.owner_t,
        Some(json!({ "name": "Finance" })),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let grant = json!({ "collections": [{ "collection_id": finance, "level": "can_manage" }] });
    call(&app, "PATCH", &format!("{groups}/{gid}"), &custom_t, Some(grant.clone()))
        .await
        .assert_problem(403, "escalation");
    assert_eq!(call(&app, "PATCH", &format!("{groups}/{gid}"), &org.owner_t, Some(grant)).await.status, 200);
    // Renaming a group leaves its grants alone, so it stays open to them.
    assert_eq!(
        call(&app, "PATCH", &format!("{groups}/{gid}"), &custom_t, Some(json!({ "name": "Again" }))).await.status,
        200
    );

    // A read API key lists but does not change; a write key does.
    let read_t = key_token(&app, &db, &org.id, KeyAccess::Read).await;
    assert_eq!(call(&app, "GET", &groups, &read_t, None).await.status, 200);
    assert_eq!(call(&app, "GET", &format!("{groups}/{gid}"), &read_t, None).await.status, 200);
    call(&app, "POST", &groups, &read_t, Some(json!({ "name": "Key" }))).await.assert_problem(403, "forbidden");
    call(&app, "PUT", &format!("{groups}/{gid}/members"), &read_t, Some(json!({ "members": [] })))
        .await
        .assert_problem(403, "forbidden");
    call(&app, "DELETE", &format!("{groups}/{gid}"), &read_t, None).await.assert_problem(403, "forbidden");
    let write_t = key_token(&app, &db, &org.id, KeyAccess::Write).await;
    assert_eq!(call(&app, "POST", &groups, &write_t, Some(json!({ "name": "Key" }))).await.status, 201);
    let other = organization(&app, "owner@other.test", "Other").await;
    call(&app, "GET", &format!("/api/v1/organizations/{}/groups", other.id), &read_t, None)
        .await
        .assert_problem(404, "not-found");
});
