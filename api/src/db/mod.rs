//! Storage: one diesel connection type over SQLite and PostgreSQL, its pool, its migrations.

mod conn;
pub mod migrations;
mod pool;
pub mod schema;

pub use conn::{DbConn, DbUrl};
pub use migrations::run_migrations;
pub use pool::{DbPool, PoolError, PooledConn};
pub use portal_shared::meta::Backend;

/// The current time as stored: naive UTC cut to whole microseconds.
///
/// backend: PostgreSQL keeps microseconds and SQLite keeps what it is given, so a revision
/// timestamp compared for optimistic concurrency must be cut before it is written anywhere.
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::DurationRound::duration_trunc(now, chrono::TimeDelta::microseconds(1)).unwrap_or(now)
}
