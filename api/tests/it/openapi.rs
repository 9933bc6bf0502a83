//! The contract: `openapi.yaml` is what the code says, and the server serves the same document.

use crate::support::*;

fn committed() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap_or_default()
}

#[test]
fn openapi_is_current() {
    let generated = portal_api::openapi_yaml().unwrap();
    if generated != committed() {
        panic!(
            "openapi.yaml is stale: the handlers' annotations changed. Run `just openapi` and commit \
             the result.\n--- generated ---\n{generated}"
        );
    }
}

#[test]
fn document_is_openapi_3_1_and_complete() {
    let doc: serde_json::Value = serde_json::from_str(&portal_api::openapi().to_json().unwrap()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(doc["info"]["title"], "Provider Portal API");
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    let paths = doc["paths"].as_object().unwrap();
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let where_ = format!("{method} {path}");
            assert!(op["operationId"].as_str().is_some_and(|s| !s.is_empty()), "{where_}: operationId");
            assert!(
                op["description"].as_str().is_some_and(|s| !s.is_empty())
                    || op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{where_}: described"
            );
            assert!(op["tags"].as_array().is_some_and(|t| !t.is_empty()), "{where_}: tagged");
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{where_}: responses");
            // Every protected operation says what an anonymous caller gets.
            if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                let responses = op["responses"].as_object().unwrap();
                assert!(responses.contains_key("401") || responses.contains_key("4XX"), "{where_}: documents 401");
            }
            // Every error answer is a problem document.
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        response["content"]["application/problem+json"].is_object(),
                        "{where_} {status}: application/problem+json"
                    );
                }
            }
        }
    }
}

#[actix_web::test]
async fn served_document_equals_the_committed_one() {
    let db = TestDb::sqlite();
    let app = test_app(&db).await;
    let res = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(res.status, 200);
    let served = res.json();
    let committed: serde_json::Value = serde_norway::from_str(&committed()).unwrap();
    assert_eq!(served, committed);
}

#[actix_web::test]
async fn docs_ui_is_served_from_local_assets() {
    let db = TestDb::sqlite();
    let app = test_app(&db).await;
    let res = get(&app, "/docs").await;
    assert_eq!(res.status, 308);
    assert_eq!(res.header("location").as_deref(), Some("/docs/"));
    let page = get(&app, "/docs/").await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("swagger-ui"), "{html}");
    // No CDN: every script and stylesheet is a relative or local path.
    for attr in ["src=\"", "href=\""] {
        for part in html.split(attr).skip(1) {
            let url = part.split('"').next().unwrap();
            assert!(!url.starts_with("http") && !url.starts_with("//"), "external asset {url}");
        }
    }
    for asset in ["/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/docs/swagger-initializer.js"] {
        let res = get(&app, asset).await;
        assert_eq!(res.status, 200, "{asset}");
    }
    assert!(get(&app, "/docs/swagger-initializer.js").await.text().contains("/api/v1/openapi.json"));
}
