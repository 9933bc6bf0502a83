//! Bad requests get problem+json 4xx answers, never plain text and never a 500.

use actix_web::test::TestRequest;

use crate::db_test;
use crate::support::*;

db_test!(unknown_api_routes_are_problem_404, |db| {
    let app = test_app(&db).await;
    for path in ["/api/v1/nothing-here", "/api/v1", "/api/v2/meta", "/api/v1/meta/extra", "/api"] {
        get(&app, path).await.assert_problem(404, "not-found");
    }
});

db_test!(wrong_methods_are_problem_405_with_allow, |db| {
    let app = test_app(&db).await;
    for req in [
        TestRequest::post().uri("/api/v1/meta").to_request(),
        TestRequest::delete().uri("/api/v1/meta").to_request(),
        TestRequest::put().uri("/healthz").to_request(),
        TestRequest::patch().uri("/api/v1/openapi.json").to_request(),
    ] {
        let res = send(&app, req).await;
        res.assert_problem(405, "method-not-allowed");
        assert_eq!(res.header("allow").as_deref(), Some("GET"));
    }
    // A portal page only takes GET and HEAD.
    let res = send(&app, TestRequest::post().uri("/clients").to_request()).await;
    res.assert_problem(405, "method-not-allowed");
    assert_eq!(res.header("allow").as_deref(), Some("GET, HEAD"));
});

db_test!(security_headers_are_on_every_answer, |db| {
    let app = test_app(&db).await;
    for path in ["/api/v1/meta", "/api/v1/nope", "/", "/docs/"] {
        let res = get(&app, path).await;
        assert_eq!(res.header("x-content-type-options").as_deref(), Some("nosniff"), "{path}");
        assert_eq!(res.header("x-frame-options").as_deref(), Some("DENY"), "{path}");
        assert_eq!(res.header("referrer-policy").as_deref(), Some("no-referrer"), "{path}");
    }
});
