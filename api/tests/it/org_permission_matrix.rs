//! The organizations slice's permission matrix: every endpoint of an organization's admin area,
//! called as every kind of caller, against one client organization of a provider.
//!
//! Each row names the callers the domain (`docs/domain.md`) allows and what they get; every other
//! caller with a relation to the organization gets 403, every caller without one 404, anonymous
//! 401, unless the row says otherwise. Refusals are checked first and must change nothing (no new
//! event); the allowed calls run last, so one caller's success never decides another's answer.
//! Allowed calls that would collide or destroy what later callers need get their own target.

use diesel::prelude::*;
use portal_api::api_keys::KeyAccess;
use portal_shared::crypto::{SymmetricKey, WrappedKey, context};
use serde_json::{Value, json};

use crate::db_test;
use crate::groups::{key_token, member_id, organization};
use crate::permission_matrix::{org_key_under, provider_user};
use crate::providers::{active_provider, make_instance_admin};
use crate::support::*;

const ANON: usize = 0;
const OWNER: usize = 1;
const ADMIN: usize = 2;
const C_EVENTS: usize = 3;
const C_IMPEX: usize = 4;
const C_REPORTS: usize = 5;
const C_CREATE: usize = 6;
const C_EDIT_ANY: usize = 7;
const C_DELETE_ANY: usize = 8;
const C_GROUPS: usize = 9;
const C_USERS: usize = 10;
const C_POLICIES: usize = 11;
const USER: usize = 12;
const ACCEPTED: usize = 13;
const INVITED: usize = 14;
const REVOKED: usize = 15;
const P_ADMIN: usize = 16;
const P_SERVICE: usize = 17;
const Q_ADMIN: usize = 18;
const READ_KEY: usize = 19;
const WRITE_KEY: usize = 20;
const FOREIGN_KEY: usize = 21;
const STRANGER: usize = 22;
const N: usize = 23;

/// The callers, in the order of each row's expectations.
const CALLERS: [&str; N] = [
    "anonymous",
    "owner",
    "admin",
    "custom access_event_logs",
    "custom access_import_export",
    "custom access_reports",
    "custom create_new_collections",
    "custom edit_any_collection",
    "custom delete_any_collection",
    "custom manage_groups",
    "custom manage_users",
    "custom manage_policies",
    "user",
    "accepted admin (not confirmed)",
    "invited (never accepted)",
    "revoked admin",
    "provider admin",
    "service user",
    "other provider's admin",
    "read API key",
    "write API key",
    "another organization's API key",
    "stranger",
];

/// The nine Custom members, each holding the one permission of this column.
const CUSTOM: [(usize, &str); 9] = [
    (C_EVENTS, "access_event_logs"),
    (C_IMPEX, "access_import_export"),
    (C_REPORTS, "access_reports"),
    (C_CREATE, "create_new_collections"),
    (C_EDIT_ANY, "edit_any_collection"),
    (C_DELETE_ANY, "delete_any_collection"),
    (C_GROUPS, "manage_groups"),
    (C_USERS, "manage_users"),
    (C_POLICIES, "manage_policies"),
];

/// Callers with a relation to the organization (403 when not allowed); the others get 404.
const RELATED: [usize; 17] = [
    OWNER,
    ADMIN,
    C_EVENTS,
    C_IMPEX,
    C_REPORTS,
    C_CREATE,
    C_EDIT_ANY,
    C_DELETE_ANY,
    C_GROUPS,
    C_USERS,
    C_POLICIES,
    USER,
    ACCEPTED,
    P_ADMIN,
    P_SERVICE,
    READ_KEY,
    WRITE_KEY,
];

/// Those who administer the organization: its confirmed Owner and Admin, its provider's users.
const ADMINS: [usize; 4] = [OWNER, ADMIN, P_ADMIN, P_SERVICE];

/// Every caller related to the organization, for what any relation reaches.
const ANY_RELATION: [usize; 17] = RELATED;

type PathFn = Box<dyn Fn(usize) -> String>;
type BodyFn = Box<dyn Fn(usize) -> Option<Value>>;

/// One endpoint, and what each caller gets.
struct Row {
    method: &'static str,
    path: PathFn,
    body: BodyFn,
    expect: [u16; N],
}

/// The expectations of a row: `ok` for the `allowed`, 403 for the other related callers, 404
/// for the unrelated ones, 401 for anonymous; then `overrides`, caller by caller.
fn expect(ok: u16, allowed: &[usize], overrides: &[(usize, u16)]) -> [u16; N] {
    let mut e = [404; N];
    e[ANON] = 401;
    for &i in &RELATED {
        e[i] = 403;
    }
    for &i in allowed {
        e[i] = ok;
    }
    for &(i, status) in overrides {
        e[i] = status;
    }
    e
}

fn join(lists: &[&[usize]]) -> Vec<usize> {
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}

fn row(method: &'static str, path: impl Into<String>, body: Option<Value>, expect: [u16; N]) -> Row {
    let path = path.into();
    Row { method, path: Box::new(move |_| path.clone()), body: Box::new(move |_| body.clone()), expect }
}

fn row_per_caller(
    method: &'static str,
    path: impl Fn(usize) -> String + 'static,
    body: impl Fn(usize) -> Option<Value> + 'static,
    expect: [u16; N],
) -> Row {
    Row { method, path: Box::new(path), body: Box::new(body), expect }
}

fn event_count(db: &TestDb) -> i64 {
    use portal_api::db::schema::events as e;
    e::table.count().get_result(&mut *db.pool.get().unwrap()).unwrap()
}

/// Calls one cell and checks it.
async fn cell<S, B>(app: &S, tokens: &[String; N], r: &Row, i: usize)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let path = (r.path)(i);
    let res = call(app, r.method, &path, &tokens[i], (r.body)(i)).await;
    let wanted = r.expect[i];
    assert_eq!(res.status, wanted, "{} {path} as {}: {}", r.method, CALLERS[i], res.text());
    if res.status >= 400 {
        assert_eq!(
            res.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{} {path} as {}",
            r.method,
            CALLERS[i]
        );
        let problem = res.json();
        assert!(problem["type"].as_str().unwrap().starts_with("/problems/"), "problem+json: {problem}");
        assert_eq!(problem["status"], res.status);
    }
}

fn refusals(r: &Row) -> Vec<usize> {
    (0..N).filter(|&i| r.expect[i] >= 400).collect()
}

fn successes(r: &Row) -> Vec<usize> {
    (0..N).filter(|&i| r.expect[i] < 400).collect()
}

/// Every refusal of `rows`, checking that none of them changes anything.
async fn refuse_all<S, B>(app: &S, db: &TestDb, tokens: &[String; N], rows: &[Row])
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let before = event_count(db);
    for r in rows {
        for i in refusals(r) {
            cell(app, tokens, r, i).await;
        }
    }
    assert_eq!(event_count(db), before, "a refused call changed something");
}

/// Row by row: its refusals (changing nothing), then its allowed calls.
async fn run<S, B>(app: &S, db: &TestDb, tokens: &[String; N], rows: &[Row])
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    for r in rows {
        refuse_all(app, db, tokens, std::slice::from_ref(r)).await;
        for i in successes(r) {
            cell(app, tokens, r, i).await;
        }
    }
}

fn set(db: &TestDb, sql: &str) {
    diesel::sql_query(sql).execute(&mut *db.pool.get().unwrap()).unwrap();
}

fn wrapped_org_key(user: &TestUser) -> String {
    WrappedKey::seal(&user.keys.public_key, &SymmetricKey::generate().unwrap(), context::ORGANIZATION_KEY)
        .unwrap()
        .to_string()
}

/// A client of `provider` made by its admin; its Owner (`owner_email`, registered here) is
/// confirmed straight in the database. Returns (organization id, Owner, Owner's token).
async fn client_with_owner<S, B>(
    app: &S,
    db: &TestDb,
    provider: &str,
    admin_t: &str,
    name: &str,
    owner_email: &str,
) -> (String, TestUser, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let body = json!({ "name": name, "billing_email": "ap@client.test", "plan": "teams", "seats": 200,
                       "owner_email": owner_email,
                       "provider_wrapped_key": org_key_under(&SymmetricKey::generate().unwrap()) });
    let created = call(app, "POST", &format!("/api/v1/providers/{provider}/clients"), admin_t, Some(body)).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let org = created.json()["id"].as_str().unwrap().to_owned();
    let owner = register(app, owner_email, PASSWORD).await;
    set(
        db,
        &format!(
            "UPDATE organization_members SET user_id = '{}', status = 'confirmed', wrapped_org_key = 'v1.xc20p.x.y' \
             WHERE organization_id = '{org}' AND email = '{owner_email}'",
            owner.id
        ),
    );
    let owner_t = access_token(app, owner_email, PASSWORD).await;
    (org, owner, owner_t)
}

/// A member without an account (invited), to be acted on.
fn target(db: &TestDb, org: &str, email: &str) -> String {
    add_member(db, org, None, email, "user", "invited");
    member_id(db, org, email)
}

/// Creates through the API as `token`; returns the new id.
async fn create<S, B>(app: &S, token: &str, path: &str, body: Value) -> String
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let res = call(app, "POST", path, token, Some(body)).await;
    assert_eq!(res.status, 201, "POST {path}: {}", res.text());
    let v = res.json();
    v["id"].as_str().or_else(|| v[0]["id"].as_str()).or_else(|| v["collection"]["id"].as_str()).unwrap().to_owned()
}

db_test!(every_organization_endpoint_answers_every_kind_of_caller, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, _, p_admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (_, _, q_admin_t) = active_provider(&app, &db, &root_t, "Southwind", "admin@sw.test").await;
    let (_, service_t) = provider_user(&app, &db, &p, &p_admin_t, "tech@nw.test", "service_user", true).await;
    let (org, owner, owner_t) = client_with_owner(&app, &db, &p, &p_admin_t, "Contoso", "owner@c.test").await;
    let base = format!("/api/v1/organizations/{org}");

    // The members who call, one per kind.
    let mut tokens: [String; N] = std::array::from_fn(|_| String::new());
    tokens[OWNER] = owner_t.clone();
    for (i, kind, status) in
        [(ADMIN, "admin", "confirmed"), (USER, "user", "confirmed"), (ACCEPTED, "admin", "accepted")]
    {
        let email = format!("caller{i}@c.test");
        let user = register(&app, &email, PASSWORD).await;
        add_member(&db, &org, Some(&user.id), &email, kind, status);
        tokens[i] = access_token(&app, &email, PASSWORD).await;
    }
    for (i, permission) in CUSTOM {
        let email = format!("caller{i}@c.test");
        let user = register(&app, &email, PASSWORD).await;
        add_member(&db, &org, Some(&user.id), &email, "custom", "confirmed");
        set(&db, &format!("UPDATE organization_members SET {permission} = TRUE WHERE email = '{email}'"));
        tokens[i] = access_token(&app, &email, PASSWORD).await;
    }
    // Invited: the address has an account, but the invitation was never accepted (no user on the row).
    register(&app, "invited@c.test", PASSWORD).await;
    add_member(&db, &org, None, "invited@c.test", "admin", "invited");
    tokens[INVITED] = access_token(&app, "invited@c.test", PASSWORD).await;
    // Revoked: a confirmed Admin revoked by the Owner.
    let revoked = register(&app, "revoked@c.test", PASSWORD).await;
    add_member(&db, &org, Some(&revoked.id), "revoked@c.test", "admin", "confirmed");
    let revoked_id = member_id(&db, &org, "revoked@c.test");
    assert_eq!(call(&app, "POST", &format!("{base}/members/{revoked_id}/revoke"), &owner_t, None).await.status, 200);
    tokens[REVOKED] = access_token(&app, "revoked@c.test", PASSWORD).await;
    tokens[P_ADMIN] = p_admin_t.clone();
    tokens[P_SERVICE] = service_t.clone();
    tokens[Q_ADMIN] = q_admin_t;
    tokens[READ_KEY] = key_token(&app, &db, &org, KeyAccess::Read).await;
    tokens[WRITE_KEY] = key_token(&app, &db, &org, KeyAccess::Write).await;
    let other = organization(&app, "owner@other.test", "Other").await;
    tokens[FOREIGN_KEY] = key_token(&app, &db, &other.id, KeyAccess::Write).await;
    register(&app, "stranger@example.com", PASSWORD).await;
    tokens[STRANGER] = access_token(&app, "stranger@example.com", PASSWORD).await;

    // What the allowed calls act on: shared targets where the call can be repeated, one per caller
    // where it cannot.
    let accepted_id = member_id(&db, &org, &format!("caller{ACCEPTED}@c.test"));
    let user_id = member_id(&db, &org, &format!("caller{USER}@c.test"));
    let patch_id = target(&db, &org, "patch@c.test");
    let promote_id = target(&db, &org, "promote@c.test");
    let revoke_id = target(&db, &org, "revoke@c.test");
    let restore_id = target(&db, &org, "restore@c.test");
    set(&db, &format!("UPDATE organization_members SET revoked_at = updated_at WHERE id = '{restore_id}'"));
    let reinvite_id = target(&db, &org, "reinvite@c.test");
    let mut remove_ids = Vec::new();
    let mut confirm_ids = Vec::new();
    let mut group_ids = Vec::new();
    let mut collection_ids = Vec::new();
    for i in 0..N {
        remove_ids.push(target(&db, &org, &format!("remove{i}@c.test")));
        let email = format!("confirm{i}@c.test");
        let person = register(&app, &email, PASSWORD).await;
        add_member(&db, &org, Some(&person.id), &email, "user", "accepted");
        confirm_ids.push(member_id(&db, &org, &email));
        group_ids
            .push(create(&app, &owner_t, &format!("{base}/groups"), json!({ "name": format!("Doomed {i}") })).await);
        let path = format!("{base}/collections");
        collection_ids.push(create(&app, &owner_t, &path, json!({ "name": format!("Doomed {i}") })).await);
    }
    let group = create(&app, &owner_t, &format!("{base}/groups"), json!({ "name": "Support" })).await;
    // A collection no plain member reaches, and one the User reaches.
    let hidden = create(&app, &owner_t, &format!("{base}/collections"), json!({ "name": "Finance" })).await;
    let mine = json!({ "name": "Mine", "members": [{ "member_id": user_id, "level": "can_view" }] });
    create(&app, &owner_t, &format!("{base}/collections"), mine).await;
    let owner_hash = auth_hash_for(&app, &owner.email, PASSWORD).await;

    let members = format!("{base}/members");
    let groups = format!("{base}/groups");
    let collections = format!("{base}/collections");
    let member_managers = join(&[&ADMINS, &[C_USERS]]);
    let member_readers = join(&[&member_managers, &[READ_KEY, WRITE_KEY]]);
    let member_changers = join(&[&member_managers, &[WRITE_KEY]]);
    let group_readers = join(&[&ADMINS, &[C_GROUPS, READ_KEY, WRITE_KEY]]);
    let group_changers = join(&[&ADMINS, &[C_GROUPS, WRITE_KEY]]);
    let policy_readers = join(&[&ADMINS, &[C_POLICIES, READ_KEY, WRITE_KEY]]);
    let policy_changers = join(&[&ADMINS, &[C_POLICIES, WRITE_KEY]]);
    let everyone_related: Vec<usize> = ANY_RELATION.to_vec();
    // A collection a member does not reach does not exist for them (404), as documented on the
    // collections handlers: only administrators, API keys and holders of "edit any" or "delete
    // any collection" see every collection.
    let unreached: Vec<(usize, u16)> =
        // Readers of the reports see every collection (the member access report covers them all).
        [C_EVENTS, C_IMPEX, C_CREATE, C_GROUPS, C_USERS, C_POLICIES, USER, ACCEPTED]
            .iter()
            .map(|&i| (i, 404))
            .collect();

    let rows = vec![
        // The organization.
        row("GET", &base, None, expect(200, &everyone_related, &[])),
        row("PATCH", &base, Some(json!({ "name": "Contoso Ltd" })), expect(200, &ADMINS, &[])),
        // Only a confirmed Owner deletes, and not a client (detach it first).
        row("DELETE", &base, Some(json!({ "auth_hash": owner_hash })), expect(0, &[], &[(OWNER, 409)])),
        // Members.
        row("GET", &members, None, expect(200, &member_readers, &[])),
        row_per_caller(
            "POST",
            {
                let m = members.clone();
                move |_| m.clone()
            },
            |i| Some(json!({ "invites": [{ "email": format!("new{i}@c.test"), "type": "user" }] })),
            expect(201, &member_changers, &[]),
        ),
        // Inviting an Admin gives every permission: nobody grants more than they have. A write
        // key holds neither reports nor import/export.
        row_per_caller(
            "POST",
            {
                let m = members.clone();
                move |_| m.clone()
            },
            |i| Some(json!({ "invites": [{ "email": format!("admin{i}@c.test"), "type": "admin" }] })),
            expect(201, &ADMINS, &[]),
        ),
        // Only Owners and the provider's users make Owners.
        row_per_caller(
            "POST",
            {
                let m = members.clone();
                move |_| m.clone()
            },
            |i| Some(json!({ "invites": [{ "email": format!("owner{i}@c.test"), "type": "owner" }] })),
            expect(201, &[OWNER, P_ADMIN, P_SERVICE], &[]),
        ),
        row("GET", format!("{members}/{accepted_id}/public-key"), None, expect(200, &member_readers, &[])),
        // Confirming hands over the organization key: a person must do it, never an API key.
        row_per_caller(
            "POST",
            {
                let m = members.clone();
                move |_| format!("{m}/confirm")
            },
            {
                let (ids, key) = (confirm_ids.clone(), wrapped_org_key(&root));
                move |i| Some(json!({ "confirmations": [{ "member_id": ids[i], "wrapped_org_key": key }] }))
            },
            expect(200, &member_managers, &[]),
        ),
        row(
            "PATCH",
            format!("{members}/{patch_id}"),
            Some(json!({ "type": "user" })),
            expect(200, &member_changers, &[]),
        ),
        row("PATCH", format!("{members}/{promote_id}"), Some(json!({ "type": "admin" })), expect(200, &ADMINS, &[])),
        row("POST", format!("{members}/{revoke_id}/revoke"), None, expect(200, &member_changers, &[])),
        row("POST", format!("{members}/{restore_id}/restore"), None, expect(200, &member_changers, &[])),
        row_per_caller(
            "DELETE",
            {
                let (m, ids) = (members.clone(), remove_ids.clone());
                move |i| format!("{m}/{}", ids[i])
            },
            |_| None,
            expect(204, &member_changers, &[]),
        ),
        row("POST", format!("{members}/{reinvite_id}/reinvite"), None, expect(202, &member_changers, &[])),
        // Groups.
        row("GET", &groups, None, expect(200, &group_readers, &[])),
        row_per_caller(
            "POST",
            {
                let g = groups.clone();
                move |_| g.clone()
            },
            |i| Some(json!({ "name": format!("Group {i}") })),
            expect(201, &group_changers, &[]),
        ),
        row("GET", format!("{groups}/{group}"), None, expect(200, &group_readers, &[])),
        row(
            "PATCH",
            format!("{groups}/{group}"),
            Some(json!({ "name": "Helpdesk" })),
            expect(200, &group_changers, &[]),
        ),
        row(
            "PUT",
            format!("{groups}/{group}/members"),
            Some(json!({ "members": [user_id] })),
            expect(200, &group_changers, &[]),
        ),
        row_per_caller(
            "DELETE",
            {
                let (g, ids) = (groups.clone(), group_ids.clone());
                move |i| format!("{g}/{}", ids[i])
            },
            |_| None,
            expect(204, &group_changers, &[]),
        ),
        // Collections: every member lists the ones they reach.
        row("GET", &collections, None, expect(200, &everyone_related, &[])),
        row_per_caller(
            "POST",
            {
                let c = collections.clone();
                move |_| c.clone()
            },
            |i| Some(json!({ "name": format!("Collection {i}") })),
            expect(201, &join(&[&ADMINS, &[C_CREATE, WRITE_KEY]]), &[]),
        ),
        row(
            "GET",
            format!("{collections}/{hidden}"),
            None,
            expect(200, &join(&[&ADMINS, &[C_EDIT_ANY, C_DELETE_ANY, C_REPORTS, READ_KEY, WRITE_KEY]]), &unreached),
        ),
        row(
            "PATCH",
            format!("{collections}/{hidden}"),
            Some(json!({ "name": "Finance (EU)" })),
            expect(200, &join(&[&ADMINS, &[C_EDIT_ANY, WRITE_KEY]]), &unreached),
        ),
        row_per_caller(
            "DELETE",
            {
                let (c, ids) = (collections.clone(), collection_ids.clone());
                move |i| format!("{c}/{}", ids[i])
            },
            |_| None,
            expect(204, &join(&[&ADMINS, &[C_DELETE_ANY, WRITE_KEY]]), &unreached),
        ),
        // Who reaches a collection: the access editors, and the member access report (domain:
        // "Reports: ... a member access report (who can reach which collection)").
        row(
            "GET",
            format!("{collections}/{hidden}/access"),
            None,
            expect(200, &join(&[&ADMINS, &[C_EDIT_ANY, C_REPORTS, READ_KEY, WRITE_KEY]]), &unreached),
        ),
        row(
            "GET",
            format!("{members}/{user_id}/collections"),
            None,
            expect(200, &join(&[&member_readers, &[C_REPORTS, USER]]), &[]),
        ),
        // Policies.
        row("GET", format!("{base}/policies"), None, expect(200, &policy_readers, &[])),
        row("GET", format!("{base}/policies/require_two_step_login/preview"), None, expect(200, &policy_readers, &[])),
        row(
            "PUT",
            format!("{base}/policies/vault_timeout"),
            Some(json!({ "enabled": false })),
            expect(200, &policy_changers, &[]),
        ),
        // The event log.
        row(
            "GET",
            format!("{base}/events"),
            None,
            expect(200, &join(&[&ADMINS, &[C_EVENTS, READ_KEY, WRITE_KEY]]), &[]),
        ),
    ];
    run(&app, &db, &tokens, &rows).await;

    // What the lists hold: a plain member sees the collection they reach, no more.
    let listed = call(&app, "GET", &collections, &tokens[USER], None).await.json();
    let names: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Mine"]);
    let listed = call(&app, "GET", &collections, &tokens[C_EDIT_ANY], None).await.json();
    assert!(listed["items"].as_array().unwrap().len() > 2, "{listed}");

    // The API key: its managers are the confirmed Owner and the provider's users. Refusals first
    // (the keys made above are live); then each manager makes, reads, rotates and revokes one.
    let key = format!("{base}/api-key");
    let managers = [OWNER, P_ADMIN, P_SERVICE];
    let key_rows = vec![
        row("POST", &key, Some(json!({ "scope": "write", "name": "PSA" })), expect(201, &managers, &[])),
        row("GET", &key, None, expect(200, &managers, &[])),
        row("POST", format!("{key}/rotate"), None, expect(200, &managers, &[])),
        row("DELETE", &key, None, expect(204, &managers, &[])),
    ];
    refuse_all(&app, &db, &tokens, &key_rows).await;
    {
        use portal_api::db::schema::api_keys as k;
        diesel::update(k::table.filter(k::organization_id.eq(&org)))
            .set(k::revoked_at.eq(Some(portal_api::db::now())))
            .execute(&mut *db.pool.get().unwrap())
            .unwrap();
    }
    for i in managers {
        for r in &key_rows {
            cell(&app, &tokens, r, i).await;
        }
    }
    assert_eq!(call(&app, "GET", &key, &owner_t, None).await.json(), Value::Null);

    // Leaving, last: any member leaves for themselves, except the last confirmed Owner; the
    // provider's users administer through the provider and have nothing to leave; an API key is
    // no person (401, as for every account endpoint).
    let mut leave = expect(204, &[], &[]);
    leave[OWNER] = 409;
    for i in [ADMIN, C_EVENTS, C_IMPEX, C_REPORTS, C_CREATE, C_EDIT_ANY, C_DELETE_ANY, C_GROUPS, C_USERS, C_POLICIES] {
        leave[i] = 204;
    }
    leave[USER] = 204;
    leave[ACCEPTED] = 204;
    leave[P_ADMIN] = 404;
    leave[P_SERVICE] = 404;
    leave[READ_KEY] = 401;
    leave[WRITE_KEY] = 401;
    leave[FOREIGN_KEY] = 401;
    run(&app, &db, &tokens, &[row("POST", format!("{base}/leave"), None, leave)]).await;
    let left = call(&app, "GET", &base, &tokens[ADMIN], None).await;
    left.assert_problem(404, "not-found");
});

/// What one caller acts on in one organization: a member (invited), an accepted member to
/// confirm, a group and a collection, made by the organization's own administrator.
struct Targets {
    member: String,
    accepted: String,
    group: String,
    collection: String,
}

async fn targets<S, B>(app: &S, db: &TestDb, org: &str, admin_t: &str, tag: &str) -> Targets
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let base = format!("/api/v1/organizations/{org}");
    let email = format!("accepted-{tag}@x.test");
    let person = register(app, &email, PASSWORD).await;
    add_member(db, org, Some(&person.id), &email, "user", "accepted");
    Targets {
        member: target(db, org, &format!("target-{tag}@x.test")),
        accepted: member_id(db, org, &email),
        group: create(app, admin_t, &format!("{base}/groups"), json!({ "name": format!("G {tag}") })).await,
        collection: create(app, admin_t, &format!("{base}/collections"), json!({ "name": format!("C {tag}") })).await,
    }
}

/// Everything an administrator does in an organization, in an order that works for one caller:
/// (method, path, body, status when allowed).
fn everything(org: &str, t: &Targets, tag: &str, key: &str) -> Vec<(&'static str, String, Option<Value>, u16)> {
    let base = format!("/api/v1/organizations/{org}");
    let m = format!("{base}/members/{}", t.member);
    let g = format!("{base}/groups/{}", t.group);
    let c = format!("{base}/collections/{}", t.collection);
    let confirm = json!({ "confirmations": [{ "member_id": t.accepted, "wrapped_org_key": key }] });
    vec![
        ("GET", base.clone(), None, 200),
        ("PATCH", base.clone(), Some(json!({ "name": format!("Renamed by {tag}") })), 200),
        ("GET", format!("{base}/members"), None, 200),
        (
            "POST",
            format!("{base}/members"),
            Some(json!({ "invites": [{ "email": format!("new-{tag}@x.test"), "type": "owner" }] })),
            201,
        ),
        ("GET", format!("{base}/members/{}/public-key", t.accepted), None, 200),
        ("POST", format!("{base}/members/confirm"), Some(confirm), 200),
        ("PATCH", m.clone(), Some(json!({ "type": "admin" })), 200),
        ("POST", format!("{m}/reinvite"), None, 202),
        ("POST", format!("{m}/revoke"), None, 200),
        ("POST", format!("{m}/restore"), None, 200),
        ("GET", format!("{m}/collections"), None, 200),
        ("GET", format!("{base}/groups"), None, 200),
        ("POST", format!("{base}/groups"), Some(json!({ "name": format!("New {tag}") })), 201),
        ("GET", g.clone(), None, 200),
        ("PATCH", g.clone(), Some(json!({ "name": format!("G {tag} renamed") })), 200),
        ("PUT", format!("{g}/members"), Some(json!({ "members": [t.member] })), 200),
        ("GET", format!("{base}/collections"), None, 200),
        ("POST", format!("{base}/collections"), Some(json!({ "name": format!("New {tag}") })), 201),
        ("GET", c.clone(), None, 200),
        ("PATCH", c.clone(), Some(json!({ "name": format!("C {tag} renamed") })), 200),
        ("GET", format!("{c}/access"), None, 200),
        ("GET", format!("{base}/policies"), None, 200),
        ("GET", format!("{base}/policies/single_organization/preview"), None, 200),
        ("PUT", format!("{base}/policies/vault_timeout"), Some(json!({ "enabled": false })), 200),
        ("GET", format!("{base}/events"), None, 200),
        ("GET", format!("{base}/api-key"), None, 200),
        ("POST", format!("{base}/api-key"), Some(json!({ "scope": "read", "name": format!("Key {tag}") })), 201),
        ("POST", format!("{base}/api-key/rotate"), None, 200),
        ("DELETE", format!("{base}/api-key"), None, 204),
        ("DELETE", c, None, 204),
        ("DELETE", g, None, 204),
        ("DELETE", m, None, 204),
    ]
}

db_test!(provider_users_reach_everything_in_their_clients_and_nothing_elsewhere, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, _, p_admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (q, _, q_admin_t) = active_provider(&app, &db, &root_t, "Southwind", "admin@sw.test").await;
    let (_, service_t) = provider_user(&app, &db, &p, &p_admin_t, "tech@nw.test", "service_user", true).await;
    let (mine, _, mine_owner_t) = client_with_owner(&app, &db, &p, &p_admin_t, "Contoso", "owner@contoso.test").await;
    let (theirs, _, theirs_owner_t) =
        client_with_owner(&app, &db, &q, &q_admin_t, "Fabrikam", "owner@fabrikam.test").await;
    let solo = organization(&app, "owner@solo.test", "Solo").await;
    let key = wrapped_org_key(&root);

    for (org, owner_t, reaches) in
        [(&mine, &mine_owner_t, true), (&theirs, &theirs_owner_t, false), (&solo.id, &solo.owner_t, false)]
    {
        for (who, token) in [("provider admin", &p_admin_t), ("service user", &service_t)] {
            let tag = format!("{}-{}", who.replace(' ', "-"), &org[org.len() - 6..]);
            let t = targets(&app, &db, org, owner_t, &tag).await;
            let before = event_count(&db);
            for (method, path, body, ok) in everything(org, &t, &tag, &key) {
                let res = call(&app, method, &path, token, body).await;
                if reaches {
                    assert_eq!(res.status, ok, "{method} {path} as {who}: {}", res.text());
                } else {
                    res.assert_problem(404, "not-found");
                }
            }
            if !reaches {
                assert_eq!(event_count(&db), before, "{who} changed something in an organization not theirs");
            }
        }
    }
});

db_test!(a_disabled_providers_users_lose_its_clients_and_the_owner_keeps_them, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, _, p_admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (_, service_t) = provider_user(&app, &db, &p, &p_admin_t, "tech@nw.test", "service_user", true).await;
    let (org, _, owner_t) = client_with_owner(&app, &db, &p, &p_admin_t, "Contoso", "owner@contoso.test").await;
    let t = targets(&app, &db, &org, &owner_t, "x").await;
    let key = wrapped_org_key(&root);
    let reads = |token: &str| {
        let base = format!("/api/v1/organizations/{org}");
        ["", "/members", "/groups", "/collections", "/policies", "/events"]
            .map(|s| ("GET", format!("{base}{s}"), token.to_owned()))
    };
    for token in [&p_admin_t, &service_t, &owner_t] {
        for (method, path, token) in reads(token) {
            assert_eq!(call(&app, method, &path, &token, None).await.status, 200, "{path}");
        }
    }

    assert_eq!(call(&app, "POST", &format!("/api/v1/providers/{p}/disable"), &root_t, None).await.status, 200);
    // Its users: the client does not exist for them, for any verb, and nothing changes.
    let before = event_count(&db);
    for (who, token) in [("provider admin", &p_admin_t), ("service user", &service_t)] {
        for (method, path, body, _) in everything(&org, &t, &who.replace(' ', "-"), &key) {
            let res = call(&app, method, &path, token, body).await;
            assert_eq!(res.status, 404, "{method} {path} as {who} of a disabled provider: {}", res.text());
            res.assert_problem(404, "not-found");
        }
    }
    assert_eq!(event_count(&db), before, "a disabled provider's user changed something");
    // Its own Owner keeps the organization: everything an administrator does still works.
    for (method, path, body, ok) in everything(&org, &t, "owner", &key) {
        let res = call(&app, method, &path, &owner_t, body).await;
        assert_eq!(res.status, ok, "{method} {path} as the Owner: {}", res.text());
    }

    // Enabled again, its users are back.
    assert_eq!(call(&app, "POST", &format!("/api/v1/providers/{p}/enable"), &root_t, None).await.status, 200);
    for token in [&p_admin_t, &service_t] {
        for (method, path, token) in reads(token) {
            assert_eq!(call(&app, method, &path, &token, None).await.status, 200, "{path}");
        }
    }
});
