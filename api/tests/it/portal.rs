//! The web portal is served at `/` with client-side routing.

use crate::support::*;

#[actix_web::test]
async fn portal_routes_serve_the_entry_page() {
    let db = TestDb::sqlite();
    let app = test_app(&db).await;
    let root = get(&app, "/").await;
    assert_eq!(root.status, 200);
    assert!(root.header("content-type").unwrap().starts_with("text/html"));
    assert!(root.header("content-security-policy").unwrap().contains("default-src 'self'"));
    assert!(root.text().contains("Provider Portal"));
    let deep = get(&app, "/providers/123/clients").await;
    assert_eq!(deep.status, 200);
    assert_eq!(deep.body, root.body, "client-side routes get index.html");
    assert_eq!(get(&app, "/missing-file.js").await.status, 404, "missing files are not index.html");
}

#[actix_web::test]
async fn portal_files_revalidate_with_etags() {
    let db = TestDb::sqlite();
    let app = test_app(&db).await;
    let first = get(&app, "/").await;
    let etag = first.header("etag").expect("etag");
    assert_eq!(first.header("cache-control").as_deref(), Some("no-cache"));
    let req = actix_web::test::TestRequest::get().uri("/").insert_header(("if-none-match", etag.as_str())).to_request();
    let again = send(&app, req).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
}

#[actix_web::test]
async fn web_dir_cannot_be_escaped() {
    let db = TestDb::sqlite();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<h1>Provider Portal</h1>").unwrap();
    std::fs::write(dir.path().join("app.js"), "export default 1;").unwrap();
    let mut state = portal_api::AppState::new(db.pool.clone());
    state.web = portal_api::web_assets::WebAssets::new(Some(dir.path().to_path_buf()));
    let app = test_app_with(state).await;
    let js = get(&app, "/app.js").await;
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").unwrap().contains("javascript"));
    for path in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/..%2fCargo.toml"] {
        let res = get(&app, path).await;
        assert!(
            res.status == 404 || (res.status == 200 && res.text().contains("<h1>Provider Portal</h1>")),
            "{path}: {}",
            res.status
        );
    }
}
