//! The providers slice's permission matrix: every endpoint, called as every kind of caller.
//!
//! The callers: anonymous, an instance administrator (not a provider user), the Provider Admin,
//! a Service User, an accepted but unconfirmed provider user, a revoked provider user, the Owner
//! of a client organization, and the admin of another provider. Refusals are checked first and
//! must change nothing; the allowed calls run last, so one row's success never decides another's.

use portal_shared::crypto::{EncString, SymmetricKey, WrappedKey, context};
use serde_json::{Value, json};

use crate::db_test;
use crate::providers::{active_provider, make_instance_admin, wrapped_for};
use crate::support::*;

/// The callers, in the order of each row's expectations.
const CALLERS: [&str; 8] = [
    "anonymous",
    "instance admin",
    "provider admin",
    "service user",
    "unconfirmed",
    "revoked",
    "client owner",
    "other provider",
];

/// Don't call as this caller in this row (it would change what later rows see).
const SKIP: u16 = 0;

/// One endpoint, and what each caller gets.
struct Row {
    method: &'static str,
    path: String,
    body: Option<Value>,
    expect: [u16; 8],
}

fn row(method: &'static str, path: String, body: Option<Value>, expect: [u16; 8]) -> Row {
    Row { method, path, body, expect }
}

/// Invites, accepts (as a new account) and optionally confirms a provider user; returns its
/// provider user id and the account's token.
pub(crate) async fn provider_user<S, B>(
    app: &S,
    db: &TestDb,
    provider: &str,
    admin_t: &str,
    email: &str,
    kind: &str,
    confirm: bool,
) -> (String, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let users = format!("/api/v1/providers/{provider}/users");
    let res = call(app, "POST", &users, admin_t, Some(json!({ "invites": [{ "email": email, "type": kind }] }))).await;
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
    let user = register(app, email, PASSWORD).await;
    let t = access_token(app, email, PASSWORD).await;
    assert_eq!(call(app, "POST", "/api/v1/invitations/accept", &t, Some(json!({ "token": token }))).await.status, 200);
    if confirm {
        let body = json!({ "wrapped_provider_key": wrapped_for(&user) });
        let res = call(app, "POST", &format!("{users}/{id}/confirm"), admin_t, Some(body)).await;
        assert_eq!(res.status, 200, "{}", res.text());
    }
    (id, t)
}

pub(crate) fn org_key_under(provider_key: &SymmetricKey) -> String {
    EncString::encrypt_key(provider_key, &SymmetricKey::generate().unwrap(), context::ORGANIZATION_KEY)
        .unwrap()
        .to_string()
}

async fn run<S, B>(app: &S, tokens: &[String; 8], rows: &[Row])
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    for r in rows {
        // Refusals first, then the calls that succeed.
        let mut order: Vec<usize> = (0..8).filter(|&i| r.expect[i] >= 400).collect();
        order.extend((0..8).filter(|&i| r.expect[i] != SKIP && r.expect[i] < 400));
        for i in order {
            let res = call(app, r.method, &r.path, &tokens[i], r.body.clone()).await;
            assert_eq!(res.status, r.expect[i], "{} {} as {}: {}", r.method, r.path, CALLERS[i], res.text());
            if res.status >= 400 {
                let problem = res.json();
                assert!(problem["type"].as_str().unwrap().starts_with("/problems/"), "problem+json: {problem}");
            }
        }
    }
}

db_test!(every_provider_endpoint_answers_every_kind_of_caller, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, _, admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (_, _, other_t) = active_provider(&app, &db, &root_t, "Southwind", "admin@sw.test").await;
    let (service_id, service_t) = provider_user(&app, &db, &p, &admin_t, "tech@nw.test", "service_user", true).await;
    let (pending_id, pending_t) = provider_user(&app, &db, &p, &admin_t, "new@nw.test", "service_user", false).await;
    let (revoked_id, revoked_t) = provider_user(&app, &db, &p, &admin_t, "gone@nw.test", "admin", true).await;
    let users = format!("/api/v1/providers/{p}/users");
    assert_eq!(call(&app, "POST", &format!("{users}/{revoked_id}/revoke"), &admin_t, None).await.status, 200);

    // A client whose Owner accepted (not confirmed yet: it cannot be detached).
    let pk = SymmetricKey::generate().unwrap();
    let clients = format!("/api/v1/providers/{p}/clients");
    let new_client = |name: &str, owner: &str| {
        json!({ "name": name, "billing_email": "ap@client.test", "plan": "teams", "seats": 5,
                "owner_email": owner, "provider_wrapped_key": org_key_under(&pk) })
    };
    let created = call(&app, "POST", &clients, &admin_t, Some(new_client("Contoso", "owner@contoso.test"))).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let client = created.json()["id"].as_str().unwrap().to_owned();
    let owner_token = {
        use diesel::prelude::*;
        use portal_api::db::schema::organization_members as m;
        let mut conn = db.pool.get().unwrap();
        let member: String = m::table.filter(m::organization_id.eq(&client)).select(m::id).first(&mut *conn).unwrap();
        portal_api::invitations::create_for_member(
            &mut conn,
            &member,
            "owner@contoso.test",
            None,
            portal_api::db::now(),
        )
        .unwrap()
    };
    register(&app, "owner@contoso.test", PASSWORD).await;
    let owner_t = access_token(&app, "owner@contoso.test", PASSWORD).await;
    let accepted =
        call(&app, "POST", "/api/v1/invitations/accept", &owner_t, Some(json!({ "token": owner_token }))).await;
    assert_eq!(accepted.json()["organization"]["name"], "Contoso", "{}", accepted.text());

    let tokens: [String; 8] = [
        String::new(),
        root_t.clone(),
        admin_t.clone(),
        service_t.clone(),
        pending_t,
        revoked_t,
        owner_t.clone(),
        other_t,
    ];
    let provider = format!("/api/v1/providers/{p}");
    let client_path = format!("{clients}/{client}");
    let org = format!("/api/v1/organizations/{client}");
    let new_user = || Some(json!({ "invites": [{ "email": "x@nw.test", "type": "service_user" }] }));
    let confirm = || {
        Some(
            json!({ "wrapped_provider_key": WrappedKey::seal(&root.keys.public_key, &pk, context::PROVIDER_KEY).unwrap().to_string() }),
        )
    };
    let attach = || Some(json!({ "organization_id": client, "provider_wrapped_key": org_key_under(&pk) }));
    //                                                   anon root admin svc  unconf revkd owner other
    let rows = vec![
        row("GET", "/api/v1/providers".into(), None, [401, 200, 200, 200, 200, 200, 200, 200]),
        row("GET", provider.clone(), None, [401, 200, 200, 200, 404, 404, 404, 404]),
        row(
            "PATCH",
            provider.clone(),
            Some(json!({ "name": "Northwind IT" })),
            [401, 200, 200, 403, 404, 404, 404, 404],
        ),
        row("PATCH", provider.clone(), Some(json!({ "type": "msp" })), [401, 200, 403, 403, 404, 404, 404, 404]),
        row(
            "POST",
            "/api/v1/providers".into(),
            Some(json!({ "name": "Eastwind", "type": "msp", "admin_email": "a@ew.test" })),
            [401, 201, 403, 403, 403, 403, 403, 403],
        ),
        row(
            "POST",
            format!("{provider}/setup"),
            Some(json!({ "billing_email": "b@nw.test", "wrapped_provider_key": wrapped_for(&root) })),
            [401, 404, 409, 409, 409, 404, 404, 404],
        ),
        row("POST", format!("{provider}/invitation"), None, [401, 409, 403, 403, 404, 404, 404, 404]),
        row("GET", format!("{provider}/events"), None, [401, 403, 200, 403, 404, 404, 404, 404]),
        row("GET", format!("{provider}/membership"), None, [401, 404, 200, 200, 200, 404, 404, 404]),
        row("GET", users.clone(), None, [401, 200, 200, 200, 404, 404, 404, 404]),
        row("POST", users.clone(), new_user(), [401, 403, 201, 403, 404, 404, 404, 404]),
        row("GET", format!("{users}/{pending_id}/public-key"), None, [401, 403, 200, 403, 404, 404, 404, 404]),
        row(
            "PATCH",
            format!("{users}/{service_id}"),
            Some(json!({ "type": "service_user" })),
            [401, 403, 200, 403, 404, 404, 404, 404],
        ),
        row("POST", format!("{users}/{pending_id}/confirm"), confirm(), [401, 403, SKIP, 403, 404, 404, 404, 404]),
        row("POST", format!("{users}/{service_id}/revoke"), None, [401, 403, SKIP, 403, 404, 404, 404, 404]),
        row("POST", format!("{users}/{revoked_id}/restore"), None, [401, 403, SKIP, 403, 404, 404, 404, 404]),
        row("POST", format!("{users}/{pending_id}/reinvite"), None, [401, 403, 409, 403, 404, 404, 404, 404]),
        row("DELETE", format!("{users}/{service_id}"), None, [401, 403, SKIP, 403, 404, 404, 404, 404]),
        row("POST", format!("{provider}/leave"), None, [401, 404, SKIP, SKIP, SKIP, 404, 404, 404]),
        row("GET", clients.clone(), None, [401, 200, 200, 200, 404, 404, 404, 404]),
        row(
            "POST",
            clients.clone(),
            Some(new_client("Fabrikam", "o@fabrikam.test")),
            [401, 403, 201, 403, 404, 404, 404, 404],
        ),
        row("POST", format!("{clients}/attach"), attach(), [401, 403, 404, 403, 404, 404, 404, 404]),
        row("PATCH", client_path.clone(), Some(json!({ "seats": 6 })), [401, 403, 200, 200, 404, 404, 404, 404]),
        row("POST", format!("{client_path}/detach"), None, [401, 403, 409, 403, 404, 404, 404, 404]),
        row("GET", org.clone(), None, [401, 404, 200, 200, 404, 404, 200, 404]),
        row("POST", format!("{provider}/disable"), None, [401, SKIP, 403, 403, 404, 404, 404, 404]),
        row("POST", format!("{provider}/enable"), None, [401, SKIP, 403, 403, 404, 404, 404, 404]),
    ];
    run(&app, &tokens, &rows).await;

    // What each caller's provider list holds: their own providers, nothing else.
    for (i, sees) in [(1, true), (2, true), (3, true), (4, false), (5, false), (6, false), (7, false)] {
        let listed = call(&app, "GET", "/api/v1/providers", &tokens[i], None).await.json();
        let ids: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
        assert_eq!(ids.contains(&p.as_str()), sees, "{} lists {ids:?}", CALLERS[i]);
    }

    // How each reaches the client: the provider's users through the provider key, its Owner as a
    // member (accepted, so without a key yet).
    let as_admin = call(&app, "GET", &org, &admin_t, None).await.json();
    assert_eq!(as_admin["access"]["via_provider"], true);
    assert_eq!(as_admin["access"]["can_administer"], true);
    assert!(as_admin["provider_wrapped_key"].as_str().unwrap().starts_with("v1."));
    let as_owner = call(&app, "GET", &org, &owner_t, None).await.json();
    assert_eq!(as_owner["access"]["via_provider"], false);
    assert_eq!(as_owner["access"]["member_type"], "owner");
    assert_eq!(as_owner["access"]["member_status"], "accepted");
    assert_eq!(as_owner["access"]["can_administer"], false);
    assert!(as_owner.get("provider_wrapped_key").is_none(), "{as_owner}");

    // A disabled provider: its users lose the provider and its clients at once; the client's own
    // Owner keeps the organization; nothing is deleted.
    assert_eq!(call(&app, "POST", &format!("{provider}/disable"), &root_t, None).await.status, 200);
    let disabled = vec![
        row("GET", provider.clone(), None, [401, 200, 404, 404, 404, 404, 404, 404]),
        row("GET", clients.clone(), None, [401, 200, 404, 404, 404, 404, 404, 404]),
        row("PATCH", client_path.clone(), Some(json!({ "seats": 7 })), [401, 403, 404, 404, 404, 404, 404, 404]),
        row("GET", format!("{provider}/membership"), None, [401, 404, 404, 404, 404, 404, 404, 404]),
        row("GET", org.clone(), None, [401, 404, 404, 404, 404, 404, 200, 404]),
    ];
    run(&app, &tokens, &disabled).await;
    assert_eq!(call(&app, "POST", &format!("{provider}/enable"), &root_t, None).await.status, 200);
    let back = call(&app, "GET", &clients, &service_t, None).await.json();
    assert_eq!(back["items"].as_array().unwrap().len(), 2, "both clients are still there: {back}");
});

db_test!(a_pending_providers_first_admin_is_invited_again, |db| {
    let sink = SmtpSink::start();
    let mut state = test_state(&db);
    state.mailer = portal_api::mail::Mailer::smtp(&sink.url(), "Portal <portal@test.local>").unwrap();
    let app = test_app_with(state).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let body = json!({ "name": "Westwind", "type": "msp", "admin_email": "first@ww.test" });
    let id =
        call(&app, "POST", "/api/v1/providers", &root_t, Some(body)).await.json()["id"].as_str().unwrap().to_owned();
    let first = sink.wait_for("first@ww.test").link().unwrap();
    let again = call(&app, "POST", &format!("/api/v1/providers/{id}/invitation"), &root_t, None).await;
    assert_eq!(again.status, 200, "{}", again.text());
    let mails: Vec<String> = sink.all().iter().filter_map(|m| m.link()).collect();
    assert_eq!(mails.len(), 2, "{mails:?}");
    let second = mails[1].clone();
    assert_ne!(first, second);

    // The earlier link stopped working; the new one works, after which there is nothing to resend.
    register(&app, "first@ww.test", PASSWORD).await;
    let first_t = access_token(&app, "first@ww.test", PASSWORD).await;
    let token = |link: &str| json!({ "token": link.split("token=").nth(1).unwrap() });
    call(&app, "POST", "/api/v1/invitations/accept", &first_t, Some(token(&first)))
        .await
        .assert_problem(404, "not-found");
    assert_eq!(call(&app, "POST", "/api/v1/invitations/accept", &first_t, Some(token(&second))).await.status, 200);
    call(&app, "POST", &format!("/api/v1/providers/{id}/invitation"), &root_t, None)
        .await
        .assert_problem(409, "not-pending");
});
