//! `/api/v1/meta` and the health probes.

use crate::db_test;
use crate::support::*;

db_test!(meta_names_the_product_version_and_backend, |db| {
    let app = test_app(&db).await;
    let res = get(&app, "/api/v1/meta").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type").as_deref(), Some("application/json"));
    let body = res.json();
    assert_eq!(body["name"], "Provider Portal");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["api_version"], "v1");
    let backend = match db.backend {
        portal_api::db::Backend::Sqlite => "sqlite",
        portal_api::db::Backend::Postgres => "postgres",
    };
    assert_eq!(body["backend"], backend);
});

db_test!(probes_answer_when_the_database_does, |db| {
    let app = test_app(&db).await;
    let live = get(&app, "/healthz").await;
    assert_eq!(live.status, 200);
    assert_eq!(live.json()["status"], "ok");
    let ready = get(&app, "/readyz").await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json()["status"], "ok");
});

#[actix_web::test]
async fn readyz_is_503_when_the_database_is_gone() {
    let db = TestDb::postgres();
    let app = test_app(&db).await;
    assert_eq!(get(&app, "/readyz").await.status, 200);
    let mut admin =
        <diesel::PgConnection as diesel::Connection>::establish(&crate::support::db::pg_admin_url()).unwrap();
    let name = db.url.rsplit('/').next().unwrap().to_owned();
    // Refuse new connections first, then kill the open ones (the pool cannot slip back in), and
    // wait until they are really gone: termination is asynchronous.
    let run = |sql: String, admin: &mut diesel::PgConnection| {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), admin).unwrap()
    };
    run(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"), &mut admin);
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    for _ in 0..100 {
        run(format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"), &mut admin);
        let left: Count = diesel::RunQueryDsl::get_result(
            diesel::sql_query(format!("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = '{name}'")),
            &mut admin,
        )
        .unwrap();
        if left.n == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let res = get(&app, "/readyz").await;
    res.assert_problem(503, "unavailable");
    assert_eq!(res.header("retry-after").as_deref(), Some("5"));
    assert_eq!(get(&app, "/healthz").await.status, 200, "liveness does not depend on the database");
    diesel::RunQueryDsl::execute(
        diesel::sql_query(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")),
        &mut admin,
    )
    .unwrap();
}

db_test!(request_ids_are_echoed_or_made, |db| {
    let app = test_app(&db).await;
    let made = get(&app, "/api/v1/meta").await.header("x-request-id").unwrap();
    assert!(uuid::Uuid::parse_str(&made).is_ok(), "{made}");
    let req =
        actix_web::test::TestRequest::get().uri("/api/v1/meta").insert_header(("x-request-id", "abc-123")).to_request();
    assert_eq!(send(&app, req).await.header("x-request-id").as_deref(), Some("abc-123"));
    let req = actix_web::test::TestRequest::get()
        .uri("/api/v1/meta")
        .insert_header(("x-request-id", "no spaces please"))
        .to_request();
    assert_ne!(send(&app, req).await.header("x-request-id").as_deref(), Some("no spaces please"));
});
