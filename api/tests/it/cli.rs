//! The `portal` command itself: instance administrators made from the terminal can sign in, and a
//! weak master password is refused before anything is written.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::*;

fn create_admin(data_dir: &std::path::Path, email: &str, password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["admin", "create-admin", "--email", email, "--name", "Ops", "--password-stdin", "--data-dir"])
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env("PORTAL_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[actix_web::test]
async fn create_admin_makes_an_instance_admin_who_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let out = create_admin(dir.path(), "Root@Example.com", "Granite-Heron-Lantern-5512");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("root@example.com"));

    let weak = create_admin(dir.path(), "weak@example.com", "password123");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("too weak"), "{}", String::from_utf8_lossy(&weak.stderr));
    let again = create_admin(dir.path(), "root@example.com", "Granite-Heron-Lantern-5512");
    assert!(!again.status.success(), "duplicate email refused");

    // The server over the same database: the admin signs in with the real KDF parameters.
    let url = format!("sqlite://{}", dir.path().join("portal.db").display());
    let pool = portal_api::db::DbPool::connect(&url, 2).unwrap();
    let app = test_app_with(portal_api::AppState::new(pool)).await;
    let token = access_token(&app, "root@example.com", "Granite-Heron-Lantern-5512").await;
    let me =
        send(&app, authed(actix_web::test::TestRequest::get().uri("/api/v1/accounts/me"), &token).to_request()).await;
    assert_eq!(me.json()["is_instance_admin"], true);
    assert_eq!(me.json()["kdf"], serde_json::json!(portal_shared::crypto::KdfParams::DEFAULT));
    sign_in(&app, "weak@example.com", "password123").await.assert_problem(400, "invalid-grant");
}
