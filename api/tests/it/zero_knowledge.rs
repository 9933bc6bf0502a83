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
