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

db_test!(unreadable_bodies_are_problem_4xx, |db| {
    let app = test_app(&db).await;
    let post = |ct: &str, body: Vec<u8>| {
        TestRequest::post()
            .uri("/api/v1/accounts")
            .insert_header(("content-type", ct.to_owned()))
            .set_payload(body)
            .to_request()
    };
    send(&app, post("application/json", b"{\"email\": ".to_vec())).await.assert_problem(400, "malformed-json");
    send(&app, post("application/json", b"not json at all".to_vec())).await.assert_problem(400, "malformed-json");
    send(&app, post("text/plain", b"{}".to_vec())).await.assert_problem(415, "unsupported-media-type");
    let huge = format!("{{\"email\": \"{}\"}}", "a".repeat(2 * 1024 * 1024));
    send(&app, post("application/json", huge.into_bytes())).await.assert_problem(413, "payload-too-large");
    let missing = send(&app, post("application/json", b"{\"email\": \"a@b.co\"}".to_vec())).await;
    let problem = missing.assert_problem(422, "validation");
    assert_eq!(problem["errors"][0]["code"], "required");
    assert!(problem["errors"][0]["field"].as_str().is_some_and(|f| !f.is_empty() && f != "body"), "{problem}");
    let wrong_type = send(&app, post("application/json", b"{\"email\": 5}".to_vec())).await;
    wrong_type.assert_problem(422, "validation");
    // Nothing was written by any of them.
    let count: i64 = {
        use diesel::prelude::*;
        portal_api::db::schema::users::table.count().get_result(&mut *db.pool.get().unwrap()).unwrap()
    };
    assert_eq!(count, 0);
});
