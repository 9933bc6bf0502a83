//! Organization policies: typed, validated options; enabling two-step login or single
//! organization revokes the members it excludes after the caller agrees; accepting and confirming
//! are refused where a policy forbids them; every member's client gets the strictest values.

use diesel::prelude::*;
use serde_json::{Value, json};

use crate::db_test;
use crate::org_events::standalone_org;
use crate::support::*;

/// A registered account added to `org` with this type and status; returns (user, member id, token).
async fn member<S, B>(
    app: &S,
    db: &TestDb,
    org: &str,
    email: &str,
    kind: &str,
    status: &str,
) -> (TestUser, String, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let user = match existing(db, email) {
        Some(id) => {
            TestUser { id, email: email.into(), password: PASSWORD.into(), keys: registration(email, PASSWORD).1 }
        }
        None => register(app, email, PASSWORD).await,
    };
    add_member(db, org, Some(&user.id), email, kind, status);
    let id = member_id(db, org, &user.id);
    let t = access_token(app, email, PASSWORD).await;
    (user, id, t)
}

fn existing(db: &TestDb, email: &str) -> Option<String> {
    use portal_api::db::schema::users;
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(&mut *db.pool.get().unwrap())
        .optional()
        .unwrap()
}

fn member_id(db: &TestDb, org: &str, user_id: &str) -> String {
    use portal_api::db::schema::organization_members as m;
    m::table
        .filter(m::organization_id.eq(org))
        .filter(m::user_id.eq(user_id))
        .select(m::id)
        .first(&mut *db.pool.get().unwrap())
        .unwrap()
}

fn revoked(db: &TestDb, member: &str) -> bool {
    use portal_api::db::schema::organization_members as m;
    m::table
        .find(member)
        .select(m::revoked_at)
        .first::<Option<chrono::NaiveDateTime>>(&mut *db.pool.get().unwrap())
        .unwrap()
        .is_some()
}

fn enable_two_step(db: &TestDb, user_id: &str) {
    use portal_api::db::schema::users;
    diesel::update(users::table.find(user_id))
        .set((users::totp_secret_enc.eq(Some("v1.xc20p.x.y")), users::totp_enabled_at.eq(Some(portal_api::db::now()))))
        .execute(&mut *db.pool.get().unwrap())
        .unwrap();
}

fn count_events(db: &TestDb, org: &str, action: &str) -> i64 {
    use portal_api::db::schema::events as e;
    e::table
        .filter(e::organization_id.eq(org))
        .filter(e::action.eq(action))
        .count()
        .get_result(&mut *db.pool.get().unwrap())
        .unwrap()
}

fn emails(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|r| r["email"].as_str().unwrap().to_owned()).collect()
}

db_test!(policies_are_listed_with_defaults_and_validated, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let org = standalone_org(&app, &owner, &owner_t, "Acme").await;
    let base = format!("/api/v1/organizations/{org}/policies");

    let all = call(&app, "GET", &base, &owner_t, None).await;
    assert_eq!(all.status, 200, "{}", all.text());
    let all = all.json();
    let types: Vec<&str> = all.as_array().unwrap().iter().map(|p| p["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "require_two_step_login",
            "master_password",
            "password_generator",
            "single_organization",
            "remove_individual_vault",
            "vault_timeout"
        ]
    );
    assert!(all.as_array().unwrap().iter().all(|p| p["enabled"] == false && p.get("updated_at").is_none()));
    assert_eq!(
        all[1]["options"],
        json!({ "type": "master_password", "min_length": 8, "min_strength": 0,
        "require_upper": false, "require_lower": false, "require_digits": false, "require_special": false })
    );
    assert_eq!(all[5]["options"], json!({ "type": "vault_timeout", "minutes": 60, "action": "lock" }));

    // Every policy's options are checked.
    let bad = |options: Value| json!({ "enabled": true, "options": options });
    let cases = [
        ("master_password", json!({ "type": "master_password", "min_length": 7 }), "options.min_length"),
        ("master_password", json!({ "type": "master_password", "min_length": 129 }), "options.min_length"),
        ("master_password", json!({ "type": "master_password", "min_strength": 5 }), "options.min_strength"),
        ("password_generator", json!({ "type": "password_generator", "min_length": 4 }), "options.min_length"),
        ("password_generator", json!({ "type": "password_generator", "min_digits": 10 }), "options.min_digits"),
        (
            "password_generator",
            json!({ "type": "password_generator", "passphrase_min_words": 2 }),
            "options.passphrase_min_words",
        ),
        ("vault_timeout", json!({ "type": "vault_timeout", "minutes": 0 }), "options.minutes"),
        ("vault_timeout", json!({ "type": "vault_timeout", "minutes": 10081 }), "options.minutes"),
        ("vault_timeout", json!({ "type": "master_password" }), "options.type"),
        ("single_organization", json!({ "type": "vault_timeout" }), "options.type"),
    ];
    for (kind, options, field) in cases {
        let res = call(&app, "PUT", &format!("{base}/{kind}"), &owner_t, Some(bad(options.clone()))).await;
        let problem = res.assert_problem(422, "validation");
        assert_eq!(problem["errors"][0]["field"], field, "{kind} {options}");
    }
    // Unreadable options (unknown field, unknown action) are refused too; unknown types do not exist.
    let unknown = bad(json!({ "type": "vault_timeout", "minutes": 5, "action": "explode" }));
    let res = call(&app, "PUT", &format!("{base}/vault_timeout"), &owner_t, Some(unknown)).await;
    assert!(res.status == 400 || res.status == 422, "{}", res.text());
    call(&app, "PUT", &format!("{base}/nope"), &owner_t, Some(json!({ "enabled": true })))
        .await
        .assert_problem(404, "not-found");
    call(&app, "GET", &format!("{base}/nope/preview"), &owner_t, None).await.assert_problem(404, "not-found");

    // Set, read back, changed again: each change is an event with the old and new values.
    let mp = json!({ "enabled": true, "options": { "type": "master_password", "min_length": 14, "min_strength": 3, "require_upper": true } });
    let set = call(&app, "PUT", &format!("{base}/master_password"), &owner_t, Some(mp)).await;
    assert_eq!(set.status, 200, "{}", set.text());
    let set = set.json();
    assert_eq!((set["enabled"].as_bool(), set["options"]["min_length"].as_u64()), (Some(true), Some(14)));
    assert!(set["updated_at"].is_string());
    for kind in [
        "require_two_step_login",
        "single_organization",
        "remove_individual_vault",
        "password_generator",
        "vault_timeout",
    ] {
        let res = call(&app, "PUT", &format!("{base}/{kind}"), &owner_t, Some(json!({ "enabled": true }))).await;
        assert_eq!(res.status, 200, "{kind}: {}", res.text());
    }
    let off =
        call(&app, "PUT", &format!("{base}/master_password"), &owner_t, Some(json!({ "enabled": false }))).await.json();
    assert_eq!(
        (off["enabled"].as_bool(), off["options"]["min_length"].as_u64()),
        (Some(false), Some(14)),
        "options kept"
    );
    let log = call(&app, "GET", &format!("/api/v1/organizations/{org}/events?action=policy.updated"), &owner_t, None)
        .await
        .json();
    let last = &log["items"][0];
    assert_eq!(last["target_id"], "master_password");
    assert_eq!(last["data"]["old"]["enabled"], true);
    assert_eq!(last["data"]["new"]["enabled"], false);
    assert_eq!(last["data"]["old"]["options"]["min_length"], 14);
    assert_eq!(log["items"].as_array().unwrap().len(), 7);

    // Who: a Custom member with "manage policies" yes; a plain member 403; strangers 404.
    let (_, _, user_t) = member(&app, &db, &org, "user@acme.test", "user", "confirmed").await;
    call(&app, "GET", &base, &user_t, None).await.assert_problem(403, "forbidden");
    call(&app, "PUT", &format!("{base}/vault_timeout"), &user_t, Some(json!({ "enabled": false })))
        .await
        .assert_problem(403, "forbidden");
    let (custom, _, _) = member(&app, &db, &org, "pol@acme.test", "custom", "confirmed").await;
    {
        use portal_api::db::schema::organization_members as m;
        diesel::update(m::table.filter(m::user_id.eq(&custom.id)))
            .set(m::manage_policies.eq(true))
            .execute(&mut *db.pool.get().unwrap())
            .unwrap();
    }
    let custom_t = access_token(&app, "pol@acme.test", PASSWORD).await;
    assert_eq!(
        call(&app, "PUT", &format!("{base}/vault_timeout"), &custom_t, Some(json!({ "enabled": false }))).await.status,
        200
    );
    register(&app, "stranger@example.com", PASSWORD).await;
    let stranger_t = access_token(&app, "stranger@example.com", PASSWORD).await;
    call(&app, "GET", &base, &stranger_t, None).await.assert_problem(404, "not-found");
    call(&app, "GET", &base, "", None).await.assert_problem(401, "unauthorized");
});

db_test!(requiring_two_step_login_revokes_members_without_it_once_confirmed, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let org = standalone_org(&app, &owner, &owner_t, "Acme").await;
    let (_, ann, _) = member(&app, &db, &org, "ann@acme.test", "user", "confirmed").await;
    let (bob_u, bob, _) = member(&app, &db, &org, "bob@acme.test", "admin", "confirmed").await;
    enable_two_step(&db, &bob_u.id);
    let (_, cy, _) = member(&app, &db, &org, "cy@acme.test", "user", "accepted").await;
    let (_, boss, _) = member(&app, &db, &org, "boss@acme.test", "owner", "confirmed").await;
    let base = format!("/api/v1/organizations/{org}/policies/require_two_step_login");

    // The preview and the refusal list the same people: never Owners, never those with 2FA.
    let preview = call(&app, "GET", &format!("{base}/preview"), &owner_t, None).await;
    assert_eq!(preview.status, 200, "{}", preview.text());
    let preview = preview.json();
    assert_eq!(emails(&preview["revocations"]), ["ann@acme.test", "cy@acme.test"]);
    assert_eq!(preview["revocations"][0]["reason"], "two_step_login_missing");
    let refused = call(&app, "PUT", &base, &owner_t, Some(json!({ "enabled": true }))).await;
    let problem = refused.assert_problem(409, "revocations-needed");
    assert_eq!(emails(&problem["revocations"]), ["ann@acme.test", "cy@acme.test"]);
    assert!(!revoked(&db, &ann), "nothing changed");
    assert_eq!(
        call(&app, "GET", &format!("/api/v1/organizations/{org}/policies"), &owner_t, None).await.json()[0]["enabled"],
        false
    );

    let done = call(&app, "PUT", &base, &owner_t, Some(json!({ "enabled": true, "confirm_revocations": true }))).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert!(revoked(&db, &ann) && revoked(&db, &cy));
    assert!(!revoked(&db, &bob) && !revoked(&db, &boss));
    assert_eq!(count_events(&db, &org, "member.revoked"), 2);
    assert!(
        call(&app, "GET", &format!("{base}/preview"), &owner_t, None).await.json()["revocations"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Confirming needs two-step login now (Owners exempt); the check names each refused entry.
    let (dee_u, _, _) = member(&app, &db, &org, "dee@acme.test", "user", "accepted").await;
    let (eve_u, _, _) = member(&app, &db, &org, "eve@acme.test", "user", "accepted").await;
    enable_two_step(&db, &eve_u.id);
    let (own2, _, _) = member(&app, &db, &org, "own2@acme.test", "owner", "accepted").await;
    let mut conn = db.pool.get().unwrap();
    let refused = portal_api::policies::check_confirm(
        &mut conn,
        &org,
        &[Some(eve_u.id.as_str()), Some(dee_u.id.as_str()), Some(own2.id.as_str()), None],
    );
    let Err(portal_api::error::ApiError::Invalid(errors)) = refused else { panic!("refused: {refused:?}") };
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("confirmations.1.member_id", "two_step_required"));
    assert!(portal_api::policies::check_confirm(&mut conn, &org, &[Some(eve_u.id.as_str())]).is_ok());
    drop(conn);

    // Turned off, nobody is refused.
    call(&app, "PUT", &base, &owner_t, Some(json!({ "enabled": false }))).await;
    assert!(portal_api::policies::check_confirm(&mut db.pool.get().unwrap(), &org, &[Some(dee_u.id.as_str())]).is_ok());
});

db_test!(single_organization_revokes_members_of_others_and_blocks_second_invitations, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let acme = standalone_org(&app, &owner, &owner_t, "Acme").await;
    let other = standalone_org(&app, &owner, &owner_t, "Other").await;
    let (_, ann, _) = member(&app, &db, &acme, "ann@acme.test", "user", "confirmed").await;
    member(&app, &db, &other, "ann@acme.test", "user", "accepted").await;
    let (_, bob, bob_t) = member(&app, &db, &acme, "bob@acme.test", "user", "confirmed").await;
    // Revoked and invited places elsewhere do not count.
    let (cy_u, cy, _) = member(&app, &db, &acme, "cy@acme.test", "admin", "confirmed").await;
    member(&app, &db, &other, "cy@acme.test", "user", "confirmed").await;
    {
        use portal_api::db::schema::organization_members as m;
        diesel::update(m::table.filter(m::organization_id.eq(&other)).filter(m::user_id.eq(&cy_u.id)))
            .set(m::revoked_at.eq(Some(portal_api::db::now())))
            .execute(&mut *db.pool.get().unwrap())
            .unwrap();
    }
    let base = format!("/api/v1/organizations/{acme}/policies/single_organization");

    // The owner belongs to both but is never revoked.
    let preview = call(&app, "GET", &format!("{base}/preview"), &owner_t, None).await.json();
    assert_eq!(emails(&preview["revocations"]), ["ann@acme.test"]);
    assert_eq!(preview["revocations"][0]["reason"], "other_organization");
    let problem = call(&app, "PUT", &base, &owner_t, Some(json!({ "enabled": true })))
        .await
        .assert_problem(409, "revocations-needed");
    assert_eq!(emails(&problem["revocations"]), ["ann@acme.test"]);
    let done = call(&app, "PUT", &base, &owner_t, Some(json!({ "enabled": true, "confirm_revocations": true }))).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert!(revoked(&db, &ann) && !revoked(&db, &bob) && !revoked(&db, &cy));
    assert_eq!(count_events(&db, &acme, "member.revoked"), 1);

    // Bob (bound by Acme's policy) cannot accept an invitation to another organization.
    let invite = |email: &str| json!({ "invites": [{ "email": email, "type": "user" }] });
    let invited =
        call(&app, "POST", &format!("/api/v1/organizations/{other}/members"), &owner_t, Some(invite("bob@acme.test")))
            .await;
    assert_eq!(invited.status, 201, "{}", invited.text());
    let link = invited.json()[0]["invitation_link"].as_str().unwrap().to_owned();
    let token = json!({ "token": link.split("token=").nth(1).unwrap() });
    call(&app, "POST", "/api/v1/invitations/accept", &bob_t, Some(token.clone()))
        .await
        .assert_problem(409, "single-organization");

    // Nor can someone of another organization join Acme; once they leave it, they can.
    let (dee_u, dee_other, dee_t) = member(&app, &db, &other, "dee@acme.test", "user", "confirmed").await;
    let invited =
        call(&app, "POST", &format!("/api/v1/organizations/{acme}/members"), &owner_t, Some(invite("dee@acme.test")))
            .await;
    let link = invited.json()[0]["invitation_link"].as_str().unwrap().to_owned();
    let dee_token = json!({ "token": link.split("token=").nth(1).unwrap() });
    call(&app, "POST", "/api/v1/invitations/accept", &dee_t, Some(dee_token.clone()))
        .await
        .assert_problem(409, "single-organization");
    let _ = dee_u;
    assert_eq!(
        call(&app, "DELETE", &format!("/api/v1/organizations/{other}/members/{dee_other}"), &owner_t, None)
            .await
            .status,
        204
    );
    let ok = call(&app, "POST", "/api/v1/invitations/accept", &dee_t, Some(dee_token)).await;
    assert_eq!(ok.status, 200, "{}", ok.text());

    // Turned off, Bob may join the other organization.
    call(&app, "PUT", &base, &owner_t, Some(json!({ "enabled": false }))).await;
    let ok = call(&app, "POST", "/api/v1/invitations/accept", &bob_t, Some(token)).await;
    assert_eq!(ok.status, 200, "{}", ok.text());
});

db_test!(my_policies_combine_the_strictest_values_of_my_organizations, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let acme = standalone_org(&app, &owner, &owner_t, "Acme").await;
    let beta = standalone_org(&app, &owner, &owner_t, "Beta").await;
    let gone = standalone_org(&app, &owner, &owner_t, "Gone").await;
    let (_, _, ann_t) = member(&app, &db, &acme, "ann@acme.test", "user", "confirmed").await;
    member(&app, &db, &beta, "ann@acme.test", "user", "accepted").await;
    let (ann, gone_member, _) = member(&app, &db, &gone, "ann@acme.test", "user", "confirmed").await;
    let _ = ann;
    {
        use portal_api::db::schema::organization_members as m;
        diesel::update(m::table.find(&gone_member))
            .set(m::revoked_at.eq(Some(portal_api::db::now())))
            .execute(&mut *db.pool.get().unwrap())
            .unwrap();
    }
    let put = |org: &str, kind: &str, body: Value| {
        let path = format!("/api/v1/organizations/{org}/policies/{kind}");
        let app = &app;
        let t = owner_t.clone();
        async move {
            let res = call(app, "PUT", &path, &t, Some(body)).await;
            assert_eq!(res.status, 200, "{path}: {}", res.text());
        }
    };
    put(
        &acme,
        "master_password",
        json!({ "enabled": true, "options": { "type": "master_password", "min_length": 12, "require_upper": true } }),
    )
    .await;
    put(&beta, "master_password", json!({ "enabled": true, "options": { "type": "master_password", "min_length": 10, "min_strength": 3, "require_digits": true } })).await;
    put(
        &acme,
        "vault_timeout",
        json!({ "enabled": true, "options": { "type": "vault_timeout", "minutes": 30, "action": "lock" } }),
    )
    .await;
    put(
        &beta,
        "vault_timeout",
        json!({ "enabled": true, "options": { "type": "vault_timeout", "minutes": 120, "action": "log_out" } }),
    )
    .await;
    put(
        &acme,
        "password_generator",
        json!({ "enabled": true, "options": { "type": "password_generator", "min_length": 20, "min_digits": 2 } }),
    )
    .await;
    put(&beta, "password_generator", json!({ "enabled": true, "options": { "type": "password_generator", "min_length": 14, "use_special": true, "min_special": 3 } })).await;
    put(&beta, "remove_individual_vault", json!({ "enabled": true })).await;
    // Disabled policies, and those of an organization where Ann is revoked, do not bind her.
    put(&acme, "single_organization", json!({ "enabled": false })).await;
    put(&gone, "require_two_step_login", json!({ "enabled": true, "confirm_revocations": true })).await;

    let mine = call(&app, "GET", "/api/v1/accounts/me/policies", &ann_t, None).await;
    assert_eq!(mine.status, 200, "{}", mine.text());
    let mine = mine.json();
    let listed: Vec<(String, String)> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (i["organization"]["name"].as_str().unwrap().to_owned(), i["policy"]["type"].as_str().unwrap().to_owned())
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("Acme", "master_password"),
        ("Acme", "password_generator"),
        ("Acme", "vault_timeout"),
        ("Beta", "master_password"),
        ("Beta", "password_generator"),
        ("Beta", "remove_individual_vault"),
        ("Beta", "vault_timeout"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(listed, expected);
    assert_eq!(mine["items"][0]["organization"]["id"], acme.as_str());
    let effective = &mine["effective"];
    assert_eq!(
        effective["master_password"],
        json!({ "min_length": 12, "min_strength": 3, "require_upper": true,
        "require_lower": false, "require_digits": true, "require_special": false })
    );
    assert_eq!(effective["vault_timeout"], json!({ "minutes": 30, "action": "log_out" }));
    assert_eq!(effective["password_generator"]["min_length"], 20);
    assert_eq!(effective["password_generator"]["min_digits"], 2);
    assert_eq!(effective["password_generator"]["min_special"], 3);
    assert_eq!(effective["password_generator"]["use_special"], true);
    assert_eq!(effective["remove_individual_vault"], true);
    assert_eq!(effective["require_two_step_login"], false);
    assert_eq!(effective["single_organization"], false);

    // Someone with no organization gets nothing; signing in is needed.
    register(&app, "lone@example.com", PASSWORD).await;
    let lone_t = access_token(&app, "lone@example.com", PASSWORD).await;
    let lone = call(&app, "GET", "/api/v1/accounts/me/policies", &lone_t, None).await.json();
    assert_eq!(lone["items"], json!([]));
    assert!(lone["effective"].get("master_password").is_none());
    call(&app, "GET", "/api/v1/accounts/me/policies", "", None).await.assert_problem(401, "unauthorized");
});

db_test!(a_new_master_password_is_held_to_the_organizations_requirements, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let acme = standalone_org(&app, &owner, &owner_t, "Acme").await;
    let (ann, _, ann_t) = member(&app, &db, &acme, "ann@acme.test", "user", "confirmed").await;
    let policy =
        json!({ "enabled": true, "options": { "type": "master_password", "min_length": 14, "require_special": true } });
    let path = format!("/api/v1/organizations/{acme}/policies/master_password");
    assert_eq!(call(&app, "PUT", &path, &owner_t, Some(policy)).await.status, 200);

    // A real change (the accounts tests change passwords without a report: no requirements there).
    let change = portal_shared::crypto::change_password(
        PASSWORD,
        &ann.keys.kdf_salt,
        &TEST_KDF,
        &ann.keys.encrypted_user_key,
        "Saffron-Glacier-Nimbus-6120!",
        &TEST_KDF,
        Some(&ann.email),
    )
    .unwrap();
    let current = auth_hash_for(&app, &ann.email, PASSWORD).await;
    let body = |report: Option<Value>| {
        let mut b = json!({ "auth_hash": current, "new_auth_hash": change.auth_hash.to_base64(), "new_kdf": TEST_KDF,
                            "new_kdf_salt": change.kdf_salt.to_base64(),
                            "new_encrypted_user_key": change.encrypted_user_key.to_string() });
        if let Some(r) = report {
            b["policy_report"] = r;
        }
        Some(b)
    };
    let report = |length: u32, special: bool| {
        json!({ "length": length, "score": 4, "has_upper": true, "has_lower": true, "has_digit": true,
                "has_special": special })
    };
    let change_path = "/api/v1/accounts/me/password";

    // The client's report is required and must meet the requirements; nothing changes otherwise.
    let missing = call(&app, "POST", change_path, &ann_t, body(None)).await.assert_problem(422, "validation");
    assert_eq!(missing["errors"][0]["field"], "policy_report");
    assert_eq!(missing["errors"][0]["code"], "required");
    let weak = call(&app, "POST", change_path, &ann_t, body(Some(report(10, false)))).await;
    let codes: Vec<String> = weak.assert_problem(422, "validation")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{}", e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, ["policy_report:too_short", "policy_report:needs_special"]);
    assert!(!access_token(&app, &ann.email, PASSWORD).await.is_empty(), "the old password still works");
    let ok = call(&app, "POST", change_path, &ann_t, body(Some(report(28, true)))).await;
    assert_eq!(ok.status, 200, "{}", ok.text());
});

db_test!(an_invitation_shows_its_organization_and_master_password_requirements_before_registration, |db| {
    let app = test_app_with(test_state(&db)).await;
    let owner = register(&app, "owner@acme.test", PASSWORD).await;
    let owner_t = access_token(&app, &owner.email, PASSWORD).await;
    let acme = standalone_org(&app, &owner, &owner_t, "Acme").await;
    let invite = |email: &str| json!({ "invites": [{ "email": email, "type": "user" }] });
    let members = format!("/api/v1/organizations/{acme}/members");
    let link = |reply: Value| reply[0]["invitation_link"].as_str().unwrap().split("token=").nth(1).unwrap().to_owned();
    let first = link(call(&app, "POST", &members, &owner_t, Some(invite("new@acme.test"))).await.json());
    let preview = |token: String| {
        let app = &app;
        async move { call(app, "POST", "/api/v1/invitations/preview", "", Some(json!({ "token": token }))).await }
    };

    // No requirements yet: only where it leads. Anonymous: the invited person has no account.
    let answer = preview(first.clone()).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json(), json!({ "organization": { "id": acme, "name": "Acme" } }));

    // With requirements, they come along; unknown tokens learn nothing.
    let policy =
        json!({ "enabled": true, "options": { "type": "master_password", "min_length": 16, "require_digits": true } });
    let path = format!("/api/v1/organizations/{acme}/policies/master_password");
    assert_eq!(call(&app, "PUT", &path, &owner_t, Some(policy)).await.status, 200);
    let shown = preview(first).await.json();
    assert_eq!(shown["master_password"]["min_length"], 16);
    assert_eq!(shown["master_password"]["require_digits"], true);
    preview("not-a-token".into()).await.assert_problem(404, "not-found");
});
