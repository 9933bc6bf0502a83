//! Migrations go up from empty and back down on both backends, and the schema is the same on both.

use diesel::RunQueryDsl;
use portal_api::db::migrations::revert_all;
use portal_api::db::run_migrations;

use crate::support::TestDb;

#[derive(diesel::QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    column_name: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    nullable: bool,
}

fn columns(db: &TestDb) -> Vec<Column> {
    let mut conn = db.pool.get().unwrap();
    let sql = match db.backend {
        // backend: catalog queries differ; both yield (table, column, nullable).
        portal_api::db::Backend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name, (p.\"notnull\" = 0 AND p.pk = 0) AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'"
        }
        portal_api::db::Backend::Postgres => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, (is_nullable = 'YES') AS nullable \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'"
        }
    };
    let mut cols: Vec<Column> = diesel::sql_query(sql).load(&mut *conn).unwrap();
    cols.sort();
    cols
}

fn up_down_up(db: &TestDb) {
    let mut conn = db.pool.get().unwrap();
    let applied = run_migrations(&mut conn).unwrap();
    assert!(!applied.is_empty(), "migrations applied from empty");
    assert!(run_migrations(&mut conn).unwrap().is_empty(), "second run applies nothing");
    drop(conn);
    let before = columns(db);
    assert!(before.iter().any(|c| c.table_name == "users"));
    let mut conn = db.pool.get().unwrap();
    let reverted = revert_all(&mut conn).unwrap();
    assert_eq!(reverted.len(), applied.len());
    drop(conn);
    assert!(columns(db).is_empty(), "down.sql leaves no table behind");
    let mut conn = db.pool.get().unwrap();
    run_migrations(&mut conn).unwrap();
    drop(conn);
    assert_eq!(columns(db), before, "up after down gives the same schema");
}

#[test]
fn migrations_go_up_and_down_on_sqlite() {
    up_down_up(&TestDb::sqlite_empty());
}

#[test]
fn migrations_go_up_and_down_on_postgres() {
    up_down_up(&TestDb::postgres_empty());
}

#[test]
fn both_backends_have_the_same_columns() {
    let sqlite = columns(&TestDb::sqlite());
    let postgres = columns(&TestDb::postgres());
    assert_eq!(sqlite, postgres);
}
