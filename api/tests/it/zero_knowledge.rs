//! Zero knowledge: after a full registration, sign-in, password change and two-step enrolment,
//! neither the database nor the logs hold the master password, the authentication hash, or any
//! unwrapped key.

use std::io::Write;
use std::sync::{Arc, Mutex};

use actix_web::test::TestRequest;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use diesel::RunQueryDsl;
use serde_json::json;

use crate::db_test;
use crate::support::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every form in which a secret could leak.
fn forms(bytes: &[u8]) -> Vec<String> {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    vec![hex.clone(), hex.to_uppercase(), STANDARD.encode(bytes), URL_SAFE_NO_PAD.encode(bytes)]
}

#[derive(diesel::QueryableByName)]
struct Dump {
    #[diesel(sql_type = diesel::sql_types::Text)]
    row: String,
}

fn dump_database(db: &TestDb) -> String {
    let mut conn = db.pool.get().unwrap();
    match db.backend {
        portal_api::db::Backend::Postgres => {
            #[derive(diesel::QueryableByName)]
            struct Table {
                #[diesel(sql_type = diesel::sql_types::Text)]
                name: String,
            }
            let tables: Vec<Table> =
                diesel::sql_query("SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public'")
                    .load(&mut *conn)
                    .unwrap();
            let mut out = String::new();
            for t in tables {
                let rows: Vec<Dump> =
                    diesel::sql_query(format!("SELECT t::text AS row FROM {} t", t.name)).load(&mut *conn).unwrap();
                for r in rows {
                    out.push_str(&r.row);
                    out.push('\n');
                }
            }
            out
        }
        portal_api::db::Backend::Sqlite => {
            drop(conn);
            // The raw file and its write-ahead log: whatever SQLite wrote, in any page.
            let path = db.sqlite_path().unwrap();
            let mut bytes = std::fs::read(&path).unwrap();
            bytes.extend(std::fs::read(path.with_extension("db-wal")).unwrap_or_default());
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

db_test!(no_secret_reaches_the_database_or_the_logs, |db| {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = test_app_with(test_state(&db)).await;
    let password = "Zebra-Quantum-Lighthouse-9931";
    let user = register(&app, "quinn@example.com", password).await;
    let session = sign_in(&app, &user.email, password).await.json();
    let access = session["access_token"].as_str().unwrap().to_owned();
    let auth_hash = auth_hash_for(&app, &user.email, password).await;

    // Two-step enrolment, an email-change request and a password change exercise more paths.
    let enrol = authed(TestRequest::post().uri("/api/v1/accounts/me/two-step/totp"), &access)
        .set_json(json!({ "auth_hash": auth_hash }))
        .to_request();
    assert_eq!(send(&app, enrol).await.status, 200);
    let new_password = "Another-Very-Long-Passphrase-7";
    let change = portal_shared::crypto::change_password(
        password,
        &user.keys.kdf_salt,
        &TEST_KDF,
        &user.keys.encrypted_user_key,
        new_password,
        &TEST_KDF,
        Some(&user.email),
    )
    .unwrap();
    let req = authed(TestRequest::post().uri("/api/v1/accounts/me/password"), &access)
        .set_json(json!({
            "auth_hash": auth_hash, "new_auth_hash": change.auth_hash.to_base64(), "new_kdf": TEST_KDF,
            "new_kdf_salt": change.kdf_salt.to_base64(), "new_encrypted_user_key": change.encrypted_user_key.to_string(),
        }))
        .to_request();
    assert_eq!(send(&app, req).await.status, 200);
    let new_hash = auth_hash_for(&app, &user.email, new_password).await;
    // A failed sign-in logs and records too.
    sign_in(&app, &user.email, password).await.assert_problem(400, "invalid-grant");

    let unlocked = &user.keys.unlocked;
    let mut secrets: Vec<(&str, String)> = vec![
        ("master password", password.to_owned()),
        ("new master password", new_password.to_owned()),
        ("auth hash", auth_hash.clone()),
        ("new auth hash", new_hash.clone()),
    ];
    for f in forms(unlocked.user_key().as_bytes()) {
        secrets.push(("user key", f));
    }
    for f in forms(unlocked.private_key().as_bytes()) {
        secrets.push(("private key", f));
    }
    let master = portal_shared::crypto::MasterKey::derive(password, &user.keys.kdf_salt, &TEST_KDF).unwrap();
    for f in forms(master.as_bytes()) {
        secrets.push(("master key", f));
    }

    let database = dump_database(&db);
    assert!(database.contains(&user.email), "the dump is real: it holds the email");
    assert!(database.contains("$argon2id$"), "the dump is real: it holds the server's hash");
    let log_text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(log_text.contains("/api/v1/auth/token"), "the logs are real: they hold the requests");
    for (what, secret) in &secrets {
        assert!(!database.contains(secret.as_str()), "the database holds the {what}");
        assert!(!log_text.contains(secret.as_str()), "the logs hold the {what}");
    }
});

db_test!(organization_keys_invitation_tokens_and_api_key_secrets_stay_out, |db| {
    use portal_shared::crypto::{SymmetricKey, WrappedKey, context};
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = test_app_with(test_state(&db)).await;

    // An organization whose key only ever leaves the browser wrapped; a member invited (the link
    // comes back: no mail relay), accepted, confirmed with the key wrapped to them.
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
    let invited = call(
        &app,
        "POST",
        &members,
        &owner_t,
        Some(json!({ "invites": [{ "email": "ann@acme.test", "type": "user" }] })),
    )
    .await
    .json();
    let link = invited[0]["invitation_link"].as_str().unwrap().to_owned();
    let invitation_token = link.split("token=").nth(1).unwrap().to_owned();
    let ann = register(&app, "ann@acme.test", PASSWORD).await;
    let ann_t = access_token(&app, &ann.email, PASSWORD).await;
    let accepted =
        call(&app, "POST", "/api/v1/invitations/accept", &ann_t, Some(json!({ "token": invitation_token }))).await;
    assert_eq!(accepted.status, 200, "{}", accepted.text());
    let wrapped = WrappedKey::seal(&ann.keys.public_key, &org_key, context::ORGANIZATION_KEY).unwrap().to_string();
    let confirm = json!({ "confirmations": [{ "member_id": invited[0]["id"], "wrapped_org_key": wrapped }] });
    assert_eq!(call(&app, "POST", &format!("{members}/confirm"), &owner_t, Some(confirm)).await.status, 200);

    // The organization's API key: its secret is shown once, then used and rotated.
    let key = call(
        &app,
        "POST",
        &format!("/api/v1/organizations/{org}/api-key"),
        &owner_t,
        Some(json!({ "scope": "write", "name": "PSA" })),
    )
    .await;
    assert_eq!(key.status / 100, 2, "{}", key.text());
    let key = key.json();
    let secret = key["client_secret"].as_str().expect("the secret, once").to_owned();
    let client_id = key["key"]["client_id"].as_str().unwrap().to_owned();
    let grant =
        token(&app, &[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)])
            .await;
    assert_eq!(grant.status, 200, "{}", grant.text());
    let key_token = grant.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(call(&app, "GET", &members, &key_token, None).await.status, 200);
    let rotated =
        call(&app, "POST", &format!("/api/v1/organizations/{org}/api-key/rotate"), &owner_t, None).await.json();
    let new_secret = rotated["client_secret"].as_str().unwrap().to_owned();

    let mut secrets: Vec<(&str, String)> = vec![
        ("invitation token", invitation_token.clone()),
        ("API key secret", secret.clone()),
        ("rotated API key secret", new_secret.clone()),
    ];
    for f in forms(org_key.as_bytes()) {
        secrets.push(("organization key", f));
    }
    let database = dump_database(&db);
    assert!(database.contains("ann@acme.test") && database.contains(&client_id), "the dump is real");
    let log_text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(log_text.contains("/api-key"), "the logs are real: they hold the requests");
    for (what, secret) in &secrets {
        assert!(!database.contains(secret.as_str()), "the database holds the {what}");
        assert!(!log_text.contains(secret.as_str()), "the logs hold the {what}");
    }
});
