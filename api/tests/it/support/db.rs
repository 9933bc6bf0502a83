//! Fresh databases for tests: a new SQLite file per test, or a new PostgreSQL database per test
//! copied from a template that is migrated once per run.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use diesel::{Connection, PgConnection, RunQueryDsl};
use portal_api::db::{Backend, DbPool, run_migrations};
use tempfile::TempDir;

/// The PostgreSQL server the tests use (a maintenance database on it; tests create their own).
pub fn pg_admin_url() -> String {
    std::env::var("PORTAL_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432/postgres".into())
}

/// One test's database, dropped with it.
pub struct TestDb {
    pub pool: DbPool,
    pub url: String,
    pub backend: Backend,
    pg_name: Option<String>,
    _dir: Option<TempDir>,
}

impl TestDb {
    /// A new, migrated SQLite file in a temporary directory.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let pool = DbPool::connect(&url, 4).expect("sqlite pool");
        run_migrations(&mut pool.get().expect("connection")).expect("migrations");
        Self { pool, url, backend: Backend::Sqlite, pg_name: None, _dir: Some(dir) }
    }

    /// An empty SQLite file, not migrated (for migration tests).
    pub fn sqlite_empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let pool = DbPool::connect(&url, 2).expect("sqlite pool");
        Self { pool, url, backend: Backend::Sqlite, pg_name: None, _dir: Some(dir) }
    }

    /// A new PostgreSQL database copied from the migrated template. Fails (never skips) when no
    /// PostgreSQL server answers, saying how to start one.
    pub fn postgres() -> Self {
        let template = ensure_template();
        Self::pg_from(Some(&template))
    }

    /// An empty PostgreSQL database, not migrated (for migration tests).
    pub fn postgres_empty() -> Self {
        Self::pg_from(None)
    }

    fn pg_from(template: Option<&str>) -> Self {
        let name = format!("t_{}", uuid::Uuid::now_v7().simple());
        let mut admin = admin_conn();
        let sql = match template {
            Some(t) => format!("CREATE DATABASE {name} TEMPLATE {t}"),
            None => format!("CREATE DATABASE {name}"),
        };
        diesel::sql_query(sql).execute(&mut admin).expect("create test database");
        let url = db_url(&name);
        let pool = DbPool::connect(&url, 4).expect("postgres pool");
        Self { pool, url, backend: Backend::Postgres, pg_name: Some(name), _dir: None }
    }

    /// The SQLite file of this database, if it is one.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        self.url.strip_prefix("sqlite://").map(PathBuf::from)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name
            && let Ok(mut admin) = PgConnection::establish(&pg_admin_url())
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
        }
    }
}

fn admin_conn() -> PgConnection {
    let url = pg_admin_url();
    PgConnection::establish(&url).unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at PORTAL_TEST_PG_URL={url}: {e}\n\
             The storage tests run on both backends and never skip. Start a server \
             (`bash .ci/run` does it on a new machine, or `pg_ctlcluster 15 main start`) or point \
             PORTAL_TEST_PG_URL at one (user with CREATEDB)."
        )
    })
}

fn db_url(name: &str) -> String {
    let admin = pg_admin_url();
    match admin.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => admin,
    }
}

/// The migrated template for this set of migrations, created once per run under an advisory
/// lock (tests run in parallel processes).
fn ensure_template() -> String {
    let name = format!("t_tmpl_{:016x}", migrations_fingerprint(&migrations_dir()));
    let mut admin = admin_conn();
    diesel::sql_query("SELECT pg_advisory_lock(7305511)").execute(&mut admin).expect("advisory lock");
    #[derive(diesel::QueryableByName)]
    struct Found {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let found: Found = diesel::sql_query(format!("SELECT count(*) AS n FROM pg_database WHERE datname = '{name}'"))
        .get_result(&mut admin)
        .expect("look for template");
    if found.n == 0 {
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create template");
        let mut conn = portal_api::db::DbUrl::parse(&db_url(&name)).expect("url").connect().expect("connect template");
        run_migrations(&mut conn).expect("migrate template");
    }
    diesel::sql_query("SELECT pg_advisory_unlock(7305511)").execute(&mut admin).expect("advisory unlock");
    name
}

fn migrations_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/postgres")
}

/// A hash of every file under the migrations folder, so a changed migration gets a new template.
fn migrations_fingerprint(dir: &Path) -> u64 {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in files {
        file.to_string_lossy().hash(&mut hasher);
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    hasher.finish()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() { collect(&path, out) } else { out.push(path) }
    }
}

/// Runs a test body against both backends: `db_test!(name, |db| { ... })` makes `name::sqlite`
/// and `name::postgres`.
#[macro_export]
macro_rules! db_test {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[actix_web::test]
            async fn sqlite() {
                let $db = $crate::support::TestDb::sqlite();
                $body
            }
            #[actix_web::test]
            async fn postgres() {
                let $db = $crate::support::TestDb::postgres();
                $body
            }
        }
    };
}

/// Adds a member row straight in the database, for states the API cannot reach yet (an Admin
/// confirmed without the confirm flow, more members than the seats allow).
pub fn add_member(db: &TestDb, org: &str, user_id: Option<&str>, email: &str, kind: &str, status: &str) {
    use diesel::prelude::*;
    use portal_api::db::schema::organization_members as m;
    let now = portal_api::db::now();
    diesel::insert_into(m::table)
        .values((
            m::id.eq(uuid::Uuid::now_v7().to_string()),
            m::organization_id.eq(org),
            m::user_id.eq(user_id),
            m::email.eq(email),
            m::type_.eq(kind),
            m::status.eq(status),
            m::access_event_logs.eq(false),
            m::access_import_export.eq(false),
            m::access_reports.eq(false),
            m::create_new_collections.eq(false),
            m::edit_any_collection.eq(false),
            m::delete_any_collection.eq(false),
            m::manage_groups.eq(false),
            m::manage_users.eq(false),
            m::manage_policies.eq(false),
            m::wrapped_org_key.eq((status == "confirmed").then_some("v1.xc20p.x.y")),
            m::created_at.eq(now),
            m::updated_at.eq(now),
        ))
        .execute(&mut *db.pool.get().unwrap())
        .unwrap();
}
