//! An organization's members: invitations take seats (never more than there are, even when
//! invitations race), go out by real SMTP and are accepted by link; only administrators list and
//! invite; only Owners and the provider's users invite Owners.

use portal_shared::crypto::{EncString, SymmetricKey, WrappedKey, context};
use serde_json::{Value, json};

use crate::db_test;
use crate::providers::{active_provider, make_instance_admin};
use crate::support::*;

pub(crate) fn standalone(name: &str, user: &TestUser, seats: i32) -> Value {
    let key = SymmetricKey::generate().unwrap();
    json!({ "name": name, "billing_email": "ap@own.test", "plan": "teams", "seats": seats,
            "wrapped_org_key": WrappedKey::seal(&user.keys.public_key, &key, context::ORGANIZATION_KEY).unwrap().to_string() })
}

fn invites(list: &[(&str, &str)]) -> Value {
    json!({ "invites": list.iter().map(|(e, t)| json!({ "email": e, "type": t })).collect::<Vec<_>>() })
}

db_test!(members_are_invited_by_mail_within_the_seats_and_listed, |db| {
    let sink = SmtpSink::start();
    let mut state = test_state(&db);
    state.mailer = portal_api::mail::Mailer::smtp(&sink.url(), "Portal <portal@test.local>").unwrap();
    state.public_url = "http://portal.test".into();
    let app = test_app_with(state).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let org =
        call(&app, "POST", "/api/v1/organizations", &owner_t, Some(standalone("Acme", &owner, 4))).await.json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let members = format!("/api/v1/organizations/{org}/members");

    // Field errors name the invitation; nothing is written.
    let dup = invites(&[("a@acme.test", "user"), ("A@acme.test", "admin")]);
    call(&app, "POST", &members, &owner_t, Some(dup)).await.assert_problem(422, "validation");
    let perms =
        json!({ "invites": [{ "email": "p@acme.test", "type": "user", "permissions": { "manage_users": true } }] });
    let problem = call(&app, "POST", &members, &owner_t, Some(perms)).await.assert_problem(422, "validation");
    assert_eq!(problem["errors"][0]["field"], "invites.0.permissions");
    let existing = invites(&[("owner@acme.test", "user")]);
    let problem = call(&app, "POST", &members, &owner_t, Some(existing)).await.assert_problem(422, "validation");
    assert_eq!(problem["errors"][0]["code"], "exists");

    // Four seats, the Owner takes one: three invitations fit, a fourth does not.
    let custom = json!({ "invites": [
        { "email": "Ann@Acme.test", "type": "user" },
        { "email": "bob@acme.test", "type": "admin" },
        { "email": "cy@acme.test", "type": "custom", "permissions": { "manage_groups": true, "access_reports": true } },
    ] });
    let invited = call(&app, "POST", &members, &owner_t, Some(custom)).await;
    assert_eq!(invited.status, 201, "{}", invited.text());
    let invited = invited.json();
    assert_eq!(invited[0]["email"], "ann@acme.test");
    assert_eq!(invited[2]["permissions"]["manage_groups"], true);
    assert_eq!(invited[2]["permissions"]["manage_users"], false);
    assert!(invited[0].get("invitation_link").is_none(), "mailed, not shown");
    let full = call(&app, "POST", &members, &owner_t, Some(invites(&[("dee@acme.test", "user")]))).await;
    let problem = full.assert_problem(409, "seats-exhausted");
    assert!(problem["detail"].as_str().unwrap().contains("4 of 4 seats"), "{problem}");

    // The mail's link lets the invitee accept with an account of that address.
    let link = sink.wait_for("ann@acme.test").link().unwrap();
    let token = link.split("token=").nth(1).unwrap().to_owned();
    register(&app, "ann@acme.test", PASSWORD).await;
    let ann_t = access_token(&app, "ann@acme.test", PASSWORD).await;
    let accepted = call(&app, "POST", "/api/v1/invitations/accept", &ann_t, Some(json!({ "token": token }))).await;
    assert_eq!(accepted.json()["organization"]["name"], "Acme", "{}", accepted.text());

    // Listed by email, filtered and paged; an accepted member sees the organization, not its members.
    let all = call(&app, "GET", &members, &owner_t, None).await.json();
    let emails: Vec<&str> = all["items"].as_array().unwrap().iter().map(|m| m["email"].as_str().unwrap()).collect();
    assert_eq!(emails, ["ann@acme.test", "bob@acme.test", "cy@acme.test", "owner@acme.test"]);
    let waiting = call(&app, "GET", &format!("{members}?status=accepted"), &owner_t, None).await.json();
    assert_eq!(waiting["items"].as_array().unwrap().len(), 1);
    assert_eq!(waiting["items"][0]["name"], "Test User");
    let admins = call(&app, "GET", &format!("{members}?type=admin"), &owner_t, None).await.json();
    assert_eq!(admins["items"][0]["email"], "bob@acme.test");
    let first = call(&app, "GET", &format!("{members}?limit=3"), &owner_t, None).await.json();
    let rest = call(&app, "GET", &format!("{members}?cursor={}", first["next"].as_str().unwrap()), &owner_t, None)
        .await
        .json();
    assert_eq!(rest["items"][0]["email"], "owner@acme.test");
    assert_eq!(
        call(&app, "GET", &format!("{members}?search=BOB"), &owner_t, None).await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    call(&app, "GET", &format!("{members}?status=gone"), &owner_t, None).await.assert_problem(422, "validation");
    call(&app, "GET", &members, &ann_t, None).await.assert_problem(403, "forbidden");
    call(&app, "POST", &members, &ann_t, Some(invites(&[("x@acme.test", "user")])))
        .await
        .assert_problem(403, "forbidden");
    call(&app, "GET", &members, "", None).await.assert_problem(401, "unauthorized");
    register(&app, "stranger@example.com", PASSWORD).await;
    let stranger_t = access_token(&app, "stranger@example.com", PASSWORD).await;
    call(&app, "GET", &members, &stranger_t, None).await.assert_problem(404, "not-found");

    // The log has each invitation.
    let invited_events: i64 = {
        use diesel::prelude::*;
        use portal_api::db::schema::events as e;
        e::table
            .filter(e::organization_id.eq(&org))
            .filter(e::action.eq("member.invited"))
            .count()
            .get_result(&mut *db.pool.get().unwrap())
            .unwrap()
    };
    assert_eq!(invited_events, 3);
});

db_test!(racing_invitations_never_exceed_the_seats, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let org =
        call(&app, "POST", "/api/v1/organizations", &owner_t, Some(standalone("Acme", &owner, 3))).await.json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let members = format!("/api/v1/organizations/{org}/members");
    // Two free seats; each request wants both.
    let (a, b) = futures_util::future::join(
        call(&app, "POST", &members, &owner_t, Some(invites(&[("a1@acme.test", "user"), ("a2@acme.test", "user")]))),
        call(&app, "POST", &members, &owner_t, Some(invites(&[("b1@acme.test", "user"), ("b2@acme.test", "user")]))),
    )
    .await;
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{} / {}", a.text(), b.text());
    let listed = call(&app, "GET", &members, &owner_t, None).await.json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 3, "the Owner and one request's two invitations");
});

db_test!(only_owners_and_the_providers_users_invite_owners, |db| {
    let app = test_app_with(test_state(&db)).await;
    let root = register(&app, "root@example.com", PASSWORD).await;
    make_instance_admin(&db, &root.id);
    let root_t = access_token(&app, &root.email, PASSWORD).await;
    let (p, _, admin_t) = active_provider(&app, &db, &root_t, "Northwind", "admin@nw.test").await;
    let (_, _, other_t) = active_provider(&app, &db, &root_t, "Southwind", "admin@sw.test").await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let org = call(&app, "POST", "/api/v1/organizations", &owner_t, Some(standalone("Acme", &owner, 10))).await.json()
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let admin = register(&app, "admin@acme.test", PASSWORD).await;
    add_member(&db, &org, Some(&admin.id), "admin@acme.test", "admin", "confirmed");
    let acme_admin_t = access_token(&app, "admin@acme.test", PASSWORD).await;
    let members = format!("/api/v1/organizations/{org}/members");
    call(&app, "POST", &members, &acme_admin_t, Some(invites(&[("boss@acme.test", "owner")])))
        .await
        .assert_problem(403, "owner-only");
    assert_eq!(
        call(&app, "POST", &members, &acme_admin_t, Some(invites(&[("u@acme.test", "user")]))).await.status,
        201
    );
    assert_eq!(call(&app, "POST", &members, &owner_t, Some(invites(&[("boss@acme.test", "owner")]))).await.status, 201);

    // A client: the provider's users invite anyone, another provider's users see nothing.
    let under = EncString::encrypt_key(
        &SymmetricKey::generate().unwrap(),
        &SymmetricKey::generate().unwrap(),
        context::ORGANIZATION_KEY,
    )
    .unwrap();
    let body = json!({ "name": "Contoso", "billing_email": "ap@contoso.test", "plan": "teams", "seats": 5,
                       "owner_email": "boss@contoso.test", "provider_wrapped_key": under.to_string() });
    let client = call(&app, "POST", &format!("/api/v1/providers/{p}/clients"), &admin_t, Some(body)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client_members = format!("/api/v1/organizations/{client}/members");
    let added = call(&app, "POST", &client_members, &admin_t, Some(invites(&[("second@contoso.test", "owner")]))).await;
    assert_eq!(added.status, 201, "{}", added.text());
    call(&app, "GET", &client_members, &other_t, None).await.assert_problem(404, "not-found");
    call(&app, "GET", &client_members, &root_t, None).await.assert_problem(404, "not-found");
    let log =
        call(&app, "GET", &format!("/api/v1/providers/{p}/events?action=member.invited"), &admin_t, None).await.json();
    assert_eq!(log["items"].as_array().unwrap().len(), 1, "a provider user's invitation shows in the provider's log");
});

db_test!(accepted_members_are_confirmed_with_the_key_wrapped_to_them_all_or_none, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let org_key = SymmetricKey::generate().unwrap();
    let body = json!({ "name": "Acme", "billing_email": "ap@acme.test", "plan": "teams", "seats": 10,
        "wrapped_org_key": WrappedKey::seal(&owner.keys.public_key, &org_key, context::ORGANIZATION_KEY).unwrap().to_string() });
    let org = call(&app, "POST", "/api/v1/organizations", &owner_t, Some(body)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let members = format!("/api/v1/organizations/{org}/members");

    // Ann and Boss accept (no mail relay: the links come back to the inviting Owner); Cy does not.
    let invited = call(
        &app,
        "POST",
        &members,
        &owner_t,
        Some(invites(&[("ann@acme.test", "user"), ("boss@acme.test", "owner"), ("cy@acme.test", "user")])),
    )
    .await
    .json();
    let id_of = |i: usize| invited[i]["id"].as_str().unwrap().to_owned();
    let (ann_id, boss_id, cy_id) = (id_of(0), id_of(1), id_of(2));
    let mut tokens = Vec::new();
    for (i, email) in [(0, "ann@acme.test"), (1, "boss@acme.test")] {
        let link = invited[i]["invitation_link"].as_str().unwrap();
        let user = register(&app, email, PASSWORD).await;
        let t = access_token(&app, email, PASSWORD).await;
        let token = json!({ "token": link.split("token=").nth(1).unwrap() });
        assert_eq!(call(&app, "POST", "/api/v1/invitations/accept", &t, Some(token)).await.status, 200);
        tokens.push((user, t));
    }
    let (ann, ann_t) = &tokens[0];
    let (boss, _) = &tokens[1];

    // The admin's browser compares fingerprints and wraps the organization key to each.
    let pk = call(&app, "GET", &format!("{members}/{ann_id}/public-key"), &owner_t, None).await.json();
    assert_eq!(pk["fingerprint"], ann.keys.unlocked.fingerprint().to_string());
    call(&app, "GET", &format!("{members}/{cy_id}/public-key"), &owner_t, None).await.assert_problem(409, "conflict");
    let wrap = |user: &TestUser| {
        WrappedKey::seal(&user.keys.public_key, &org_key, context::ORGANIZATION_KEY).unwrap().to_string()
    };
    let confirm = format!("{members}/confirm");

    // All or none: one bad entry confirms nobody, and says which.
    let bad = json!({ "confirmations": [
        { "member_id": ann_id, "wrapped_org_key": wrap(ann) },
        { "member_id": cy_id, "wrapped_org_key": wrap(ann) },
        { "member_id": "nope", "wrapped_org_key": wrap(ann) },
    ] });
    let problem = call(&app, "POST", &confirm, &owner_t, Some(bad)).await.assert_problem(422, "validation");
    let codes: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["not_accepted", "not_found"]);
    let clear = json!({ "confirmations": [{ "member_id": ann_id, "wrapped_org_key": "the-org-key-in-clear" }] });
    let problem = call(&app, "POST", &confirm, &owner_t, Some(clear)).await.assert_problem(422, "validation");
    assert_eq!(problem["errors"][0]["field"], "confirmations.0.wrapped_org_key");
    let waiting = call(&app, "GET", &format!("{members}?status=accepted"), &owner_t, None).await.json();
    assert_eq!(waiting["items"].as_array().unwrap().len(), 2, "nobody was confirmed");

    // An Admin confirms members but not Owners.
    let admin = register(&app, "admin@acme.test", PASSWORD).await;
    add_member(&db, &org, Some(&admin.id), "admin@acme.test", "admin", "confirmed");
    let admin_t = access_token(&app, "admin@acme.test", PASSWORD).await;
    let boss_only = json!({ "confirmations": [{ "member_id": boss_id, "wrapped_org_key": wrap(boss) }] });
    call(&app, "POST", &confirm, &admin_t, Some(boss_only.clone())).await.assert_problem(403, "owner-only");
    call(&app, "POST", &confirm, "", Some(boss_only.clone())).await.assert_problem(401, "unauthorized");
    call(&app, "POST", &confirm, ann_t, Some(boss_only)).await.assert_problem(403, "forbidden");

    let both = json!({ "confirmations": [
        { "member_id": ann_id, "wrapped_org_key": wrap(ann) },
        { "member_id": boss_id, "wrapped_org_key": wrap(boss) },
    ] });
    let done = call(&app, "POST", &confirm, &owner_t, Some(both.clone())).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert!(done.json().as_array().unwrap().iter().all(|m| m["status"] == "confirmed"));
    call(&app, "POST", &confirm, &owner_t, Some(both)).await.assert_problem(422, "validation");

    // Ann's browser now opens the organization key with her own keys.
    let mine = call(&app, "GET", &format!("/api/v1/organizations/{org}"), ann_t, None).await.json();
    assert_eq!(mine["access"]["member_status"], "confirmed");
    let wrapped: WrappedKey = mine["access"]["wrapped_org_key"].as_str().unwrap().parse().unwrap();
    assert_eq!(ann.keys.unlocked.open_organization_key(&wrapped).unwrap().as_bytes(), org_key.as_bytes());
    let confirmed_events: i64 = {
        use diesel::prelude::*;
        use portal_api::db::schema::events as e;
        e::table
            .filter(e::organization_id.eq(&org))
            .filter(e::action.eq("member.confirmed"))
            .count()
            .get_result(&mut *db.pool.get().unwrap())
            .unwrap()
    };
    assert_eq!(confirmed_events, 2);
});

db_test!(members_are_revoked_restored_and_removed_and_the_last_owner_stays, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let org =
        call(&app, "POST", "/api/v1/organizations", &owner_t, Some(standalone("Acme", &owner, 3))).await.json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let members = format!("/api/v1/organizations/{org}/members");
    let owner_id = call(&app, "GET", &format!("{members}?type=owner"), &owner_t, None).await.json()["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The last confirmed Owner can be neither revoked nor removed.
    call(&app, "POST", &format!("{members}/{owner_id}/revoke"), &owner_t, None).await.assert_problem(409, "last-owner");
    call(&app, "DELETE", &format!("{members}/{owner_id}"), &owner_t, None).await.assert_problem(409, "last-owner");

    // Ann accepts; revoked, she loses access at once and frees her seat; her record stays.
    let invited = call(&app, "POST", &members, &owner_t, Some(invites(&[("ann@acme.test", "user")]))).await.json();
    let ann_id = invited[0]["id"].as_str().unwrap().to_owned();
    let link = invited[0]["invitation_link"].as_str().unwrap().to_owned();
    register(&app, "ann@acme.test", PASSWORD).await;
    let ann_t = access_token(&app, "ann@acme.test", PASSWORD).await;
    let token = json!({ "token": link.split("token=").nth(1).unwrap() });
    assert_eq!(call(&app, "POST", "/api/v1/invitations/accept", &ann_t, Some(token)).await.status, 200);
    let org_path = format!("/api/v1/organizations/{org}");
    assert_eq!(call(&app, "GET", &org_path, &ann_t, None).await.status, 200);
    let revoked = call(&app, "POST", &format!("{members}/{ann_id}/revoke"), &owner_t, None).await.json();
    assert_eq!((revoked["revoked"].as_bool(), revoked["status"].as_str()), (Some(true), Some("accepted")));
    call(&app, "GET", &org_path, &ann_t, None).await.assert_problem(404, "not-found");
    assert_eq!(call(&app, "GET", &org_path, &owner_t, None).await.json()["seats_used"], 1);

    // Her seat is taken meanwhile: restoring needs a free seat.
    let two = invites(&[("b@acme.test", "user"), ("c@acme.test", "user")]);
    assert_eq!(call(&app, "POST", &members, &owner_t, Some(two)).await.status, 201);
    call(&app, "POST", &format!("{members}/{ann_id}/restore"), &owner_t, None)
        .await
        .assert_problem(409, "seats-exhausted");
    let c_id = call(&app, "GET", &format!("{members}?search=c@acme"), &owner_t, None).await.json()["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(call(&app, "DELETE", &format!("{members}/{c_id}"), &owner_t, None).await.status, 204);
    call(&app, "DELETE", &format!("{members}/{c_id}"), &owner_t, None).await.assert_problem(404, "not-found");
    let restored = call(&app, "POST", &format!("{members}/{ann_id}/restore"), &owner_t, None).await.json();
    assert_eq!((restored["revoked"].as_bool(), restored["status"].as_str()), (Some(false), Some("accepted")));
    assert_eq!(call(&app, "GET", &org_path, &ann_t, None).await.status, 200);

    // Admins never act on Owners; members without rights and strangers get nothing.
    let admin = register(&app, "admin@acme.test", PASSWORD).await;
    add_member(&db, &org, Some(&admin.id), "admin@acme.test", "admin", "confirmed");
    let admin_t = access_token(&app, "admin@acme.test", PASSWORD).await;
    call(&app, "POST", &format!("{members}/{owner_id}/revoke"), &admin_t, None).await.assert_problem(403, "owner-only");
    call(&app, "POST", &format!("{members}/{ann_id}/revoke"), &ann_t, None).await.assert_problem(403, "forbidden");
    register(&app, "stranger@example.com", PASSWORD).await;
    let stranger_t = access_token(&app, "stranger@example.com", PASSWORD).await;
    call(&app, "DELETE", &format!("{members}/{ann_id}"), &stranger_t, None).await.assert_problem(404, "not-found");
    assert_eq!(call(&app, "POST", &format!("{members}/{ann_id}/revoke"), &admin_t, None).await.status, 200);

    let actions: Vec<String> = {
        use diesel::prelude::*;
        use portal_api::db::schema::events as e;
        e::table.filter(e::organization_id.eq(&org)).select(e::action).load(&mut *db.pool.get().unwrap()).unwrap()
    };
    for expected in ["member.revoked", "member.restored", "member.removed"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
});
