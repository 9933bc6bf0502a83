//! Registration, prelogin, the account, password and email changes.

use actix_web::test::TestRequest;
use serde_json::json;

use crate::db_test;
use crate::support::*;

db_test!(register_creates_an_account_and_prelogin_returns_its_kdf, |db| {
    let app = test_app_with(test_state(&db)).await;
    let (body, keys) = registration("Ann@Example.com", PASSWORD);
    let res = post_json(&app, "/api/v1/accounts", &body).await;
    assert_eq!(res.status, 201, "{}", res.text());
    let account = res.json();
    assert_eq!(account["email"], "ann@example.com", "emails are normalized");
    assert_eq!(account["encrypted_user_key"], keys.encrypted_user_key.to_string());
    assert_eq!(account["two_step_enabled"], false);
    assert_eq!(account["is_instance_admin"], false);
    assert!(account.get("auth_hash").is_none(), "the server never returns what it stores of the auth hash");

    let pre = post_json(&app, "/api/v1/accounts/prelogin", &json!({ "email": "ANN@example.com " })).await;
    assert_eq!(pre.status, 200);
    assert_eq!(pre.json()["kdf_salt"], keys.kdf_salt.to_base64());
    assert_eq!(pre.json()["kdf"]["memory_kib"], TEST_KDF.memory_kib);
});

db_test!(register_refuses_duplicates_and_bad_fields, |db| {
    let app = test_app_with(test_state(&db)).await;
    register(&app, "bob@example.com", PASSWORD).await;
    let (again, _) = registration("BOB@example.com", PASSWORD);
    post_json(&app, "/api/v1/accounts", &again).await.assert_problem(409, "conflict");

    let (mut bad, _) = registration("not-an-email", PASSWORD);
    bad["name"] = json!("");
    bad["auth_hash"] = json!("short");
    let res = post_json(&app, "/api/v1/accounts", &bad).await;
    let problem = res.assert_problem(422, "validation");
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"email") && fields.contains(&"name") && fields.contains(&"auth_hash"), "{fields:?}");

    let (mut extra, _) = registration("carl@example.com", PASSWORD);
    extra["master_password"] = json!("plaintext");
    let res = post_json(&app, "/api/v1/accounts", &extra).await;
    assert_eq!(res.assert_problem(422, "validation")["errors"][0]["field"], "master_password");
});

db_test!(register_enforces_the_kdf_minimum, |db| {
    // The real server's minimum: 64 MiB, 3 iterations, 4 lanes.
    let mut state = test_state(&db);
    state.auth.kdf_minimum = portal_shared::crypto::KdfParams::MINIMUM;
    let app = test_app_with(state).await;
    let (body, _) = registration("dan@example.com", PASSWORD);
    let res = post_json(&app, "/api/v1/accounts", &body).await;
    let problem = res.assert_problem(422, "validation");
    assert!(
        problem["errors"].as_array().unwrap().iter().any(|e| e["field"].as_str().unwrap().starts_with("kdf.")),
        "{problem}"
    );
});

db_test!(prelogin_does_not_reveal_unknown_emails, |db| {
    let app = test_app_with(test_state(&db)).await;
    let a = post_json(&app, "/api/v1/accounts/prelogin", &json!({ "email": "nobody@example.com" })).await;
    let b = post_json(&app, "/api/v1/accounts/prelogin", &json!({ "email": "nobody@example.com" })).await;
    let c = post_json(&app, "/api/v1/accounts/prelogin", &json!({ "email": "someone-else@example.com" })).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json(), b.json(), "stable for the same email");
    assert_ne!(a.json()["kdf_salt"], c.json()["kdf_salt"], "different emails, different salts");
    let salt = portal_shared::crypto::KdfSalt::from_base64(a.json()["kdf_salt"].as_str().unwrap());
    assert!(salt.is_ok(), "plausible salt");
    assert_eq!(a.json()["kdf"], json!(portal_shared::crypto::KdfParams::DEFAULT));
    post_json(&app, "/api/v1/accounts/prelogin", &json!({ "email": "" })).await.assert_problem(422, "validation");
});

db_test!(me_needs_a_valid_token, |db| {
    let app = test_app_with(test_state(&db)).await;
    let user = register(&app, "erin@example.com", PASSWORD).await;
    let anon = get(&app, "/api/v1/accounts/me").await;
    anon.assert_problem(401, "unauthorized");
    assert!(anon.header("www-authenticate").unwrap().starts_with("Bearer"));
    let token = access_token(&app, &user.email, PASSWORD).await;
    let me = send(&app, authed(TestRequest::get().uri("/api/v1/accounts/me"), &token).to_request()).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["id"], user.id.as_str());
    assert_eq!(me.json()["public_key"], user.keys.public_key.to_string());

    let renamed = send(
        &app,
        authed(TestRequest::patch().uri("/api/v1/accounts/me"), &token)
            .set_json(json!({ "name": "Erin E." }))
            .to_request(),
    )
    .await;
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.json()["name"], "Erin E.");
    let empty = send(
        &app,
        authed(TestRequest::patch().uri("/api/v1/accounts/me"), &token).set_json(json!({ "name": " " })).to_request(),
    )
    .await;
    empty.assert_problem(422, "validation");
});

db_test!(changing_the_master_password_ends_other_sessions, |db| {
    let app = test_app_with(test_state(&db)).await;
    let user = register(&app, "fay@example.com", PASSWORD).await;
    let first = sign_in(&app, &user.email, PASSWORD).await.json();
    let old_access = first["access_token"].as_str().unwrap().to_owned();
    let old_refresh = first["refresh_token"].as_str().unwrap().to_owned();

    let new_password = "Saffron-Glacier-Nimbus-6120";
    let change = portal_shared::crypto::change_password(
        PASSWORD,
        &user.keys.kdf_salt,
        &TEST_KDF,
        &user.keys.encrypted_user_key,
        new_password,
        &TEST_KDF,
        Some(&user.email),
    )
    .unwrap();
    let current_hash = auth_hash_for(&app, &user.email, PASSWORD).await;
    let body = json!({
        "auth_hash": current_hash,
        "new_auth_hash": change.auth_hash.to_base64(),
        "new_kdf": TEST_KDF,
        "new_kdf_salt": change.kdf_salt.to_base64(),
        "new_encrypted_user_key": change.encrypted_user_key.to_string(),
    });
    let mut wrong = body.clone();
    wrong["auth_hash"] = json!(auth_hash_for(&app, &user.email, "not the password at all").await);
    let res = send(
        &app,
        authed(TestRequest::post().uri("/api/v1/accounts/me/password"), &old_access).set_json(&wrong).to_request(),
    )
    .await;
    assert_eq!(res.assert_problem(422, "validation")["errors"][0]["field"], "auth_hash");

    let res = send(
        &app,
        authed(TestRequest::post().uri("/api/v1/accounts/me/password"), &old_access).set_json(&body).to_request(),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    let fresh = res.json()["access_token"].as_str().unwrap().to_owned();

    let me = |t: String| authed(TestRequest::get().uri("/api/v1/accounts/me"), &t).to_request();
    assert_eq!(send(&app, me(old_access)).await.status, 401, "old access token dies with the old stamp");
    assert_eq!(send(&app, me(fresh)).await.status, 200);
    token(&app, &[("grant_type", "refresh_token"), ("refresh_token", &old_refresh)])
        .await
        .assert_problem(400, "invalid-grant");
    sign_in(&app, &user.email, PASSWORD).await.assert_problem(400, "invalid-grant");
    assert_eq!(sign_in(&app, &user.email, new_password).await.status, 200);
    // The same user key unlocks under the new password.
    let account = send(&app, me(access_token(&app, &user.email, new_password).await)).await.json();
    let unlocked = portal_shared::crypto::unlock(
        new_password,
        &portal_shared::crypto::KdfSalt::from_base64(account["kdf_salt"].as_str().unwrap()).unwrap(),
        &TEST_KDF,
        &account["encrypted_user_key"].as_str().unwrap().parse().unwrap(),
        &account["encrypted_private_key"].as_str().unwrap().parse().unwrap(),
    )
    .unwrap();
    assert_eq!(unlocked.user_key().as_bytes(), user.keys.unlocked.user_key().as_bytes());
});

db_test!(email_changes_need_the_mailed_link, |db| {
    let sink = SmtpSink::start();
    let mut state = test_state(&db);
    state.mailer = portal_api::mail::Mailer::smtp(&sink.url(), "Portal <portal@test.local>").unwrap();
    state.public_url = "http://portal.test".into();
    let app = test_app_with(state).await;
    let user = register(&app, "gus@example.com", PASSWORD).await;
    let other = register(&app, "taken@example.com", PASSWORD).await;
    let token_ = access_token(&app, &user.email, PASSWORD).await;
    let hash = auth_hash_for(&app, &user.email, PASSWORD).await;

    let ask = |to: &str, h: &str| {
        authed(TestRequest::post().uri("/api/v1/accounts/me/email"), &token_)
            .set_json(json!({ "new_email": to, "auth_hash": h }))
            .to_request()
    };
    let wrong_hash = auth_hash_for(&app, &user.email, "wrong password entirely").await;
    send(&app, ask("gus2@example.com", &wrong_hash)).await.assert_problem(422, "validation");
    send(&app, ask("nope", &hash)).await.assert_problem(422, "validation");
    assert_eq!(send(&app, ask("gus2@example.com", &hash)).await.status, 202);

    let mail = sink.wait_for("gus2@example.com");
    let link = mail.link().expect("a link in the mail");
    assert!(link.starts_with("http://portal.test/verify-email?token="), "{link}");
    let token_in_link = link.split("token=").nth(1).unwrap().to_owned();
    post_json(&app, "/api/v1/accounts/email-verification", &json!({ "token": "forged" }))
        .await
        .assert_problem(404, "not-found");
    let done = post_json(&app, "/api/v1/accounts/email-verification", &json!({ "token": token_in_link })).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.json()["email"], "gus2@example.com");
    assert_eq!(done.json()["email_verified"], true);
    post_json(&app, "/api/v1/accounts/email-verification", &json!({ "token": token_in_link }))
        .await
        .assert_problem(404, "not-found");
    assert_eq!(sign_in(&app, "gus2@example.com", PASSWORD).await.status, 200, "signs in with the new email");

    // A verified change to an address taken in the meantime is refused.
    let t2 = access_token(&app, "gus2@example.com", PASSWORD).await;
    let h2 = auth_hash_for(&app, "gus2@example.com", PASSWORD).await;
    let req = authed(TestRequest::post().uri("/api/v1/accounts/me/email"), &t2)
        .set_json(json!({ "new_email": other.email, "auth_hash": h2 }))
        .to_request();
    assert_eq!(send(&app, req).await.status, 202, "no enumeration at request time");
    let link = sink.wait_for(&other.email).link().unwrap();
    let tok = link.split("token=").nth(1).unwrap();
    post_json(&app, "/api/v1/accounts/email-verification", &json!({ "token": tok }))
        .await
        .assert_problem(409, "conflict");
});
