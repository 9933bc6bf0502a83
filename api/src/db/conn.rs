//! The connection type: an enum over both backends, picked from the database URL.

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};

use super::Backend;

/// A connection to either backend. Queries written against `DbConn` run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL.
    Pg(PgConnection),
    /// SQLite.
    Sqlite(SqliteConnection),
}

/// Run on every new SQLite connection.
// backend: WAL lets readers proceed while one writer writes; NORMAL sync is durable in WAL mode
// except for the last transactions on power loss; foreign keys are off by default in SQLite.
const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
     PRAGMA synchronous = NORMAL; PRAGMA journal_mode = WAL;";

/// A parsed database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    /// A SQLite file path (or `:memory:`).
    Sqlite(String),
    /// A PostgreSQL URL, as given.
    Postgres(String),
}

impl DbUrl {
    /// Parses `postgres://...`, `postgresql://...`, `sqlite://path` or `sqlite:path`.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DbUrl::Postgres(url.to_owned()));
        }
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err("the SQLite URL names no file: use sqlite://path/to/file.db".into());
            }
            return Ok(DbUrl::Sqlite(path.to_owned()));
        }
        Err(format!(
            "unsupported database URL `{}`: use postgres://user:password@host:5432/name or sqlite://path/to/file.db",
            redact(url)
        ))
    }

    /// Which backend the URL selects.
    pub fn backend(&self) -> Backend {
        match self {
            DbUrl::Sqlite(_) => Backend::Sqlite,
            DbUrl::Postgres(_) => Backend::Postgres,
        }
    }

    /// The URL without its password, fit for logs.
    pub fn display(&self) -> String {
        match self {
            DbUrl::Sqlite(path) => format!("sqlite://{path}"),
            DbUrl::Postgres(url) => redact(url),
        }
    }

    /// Opens one connection of the right variant (never by trying backends in turn).
    pub fn connect(&self) -> Result<DbConn, ConnectionError> {
        match self {
            DbUrl::Postgres(url) => Ok(DbConn::Pg(PgConnection::establish(url)?)),
            DbUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path)?;
                conn.batch_execute(SQLITE_PRAGMAS).map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }
}

/// `postgres://user:secret@host/db` -> `postgres://user:***@host/db`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((userinfo, host)) = rest.rsplit_once('@') else { return url.to_owned() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

impl DbConn {
    /// The backend of this connection.
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Pg(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Runs `f` in a write transaction: committed when `f` returns `Ok`, rolled back otherwise.
    ///
    /// backend: SQLite starts it with `BEGIN IMMEDIATE`, so the write lock is taken up front and
    /// waits (busy timeout) instead of failing with SQLITE_BUSY when a read transaction later
    /// tries to upgrade while another writer holds the lock.
    pub fn write_transaction<T, E, F>(&mut self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        match self {
            DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
            DbConn::Pg(c) => <PgConnection as Connection>::TransactionManager::begin_transaction(c)?,
        }
        match f(self) {
            Ok(value) => {
                <DbConn as Connection>::TransactionManager::commit_transaction(self)?;
                Ok(value)
            }
            Err(err) => {
                if let Err(rollback) = <DbConn as Connection>::TransactionManager::rollback_transaction(self) {
                    tracing::warn!(error = %rollback, "rollback failed");
                }
                Err(err)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_their_backend() {
        assert_eq!(DbUrl::parse("sqlite://data/portal.db"), Ok(DbUrl::Sqlite("data/portal.db".into())));
        assert_eq!(DbUrl::parse("sqlite:///abs/p.db"), Ok(DbUrl::Sqlite("/abs/p.db".into())));
        assert_eq!(DbUrl::parse("sqlite:p.db"), Ok(DbUrl::Sqlite("p.db".into())));
        assert!(matches!(DbUrl::parse("postgresql://u@h/d"), Ok(DbUrl::Postgres(_))));
        assert!(DbUrl::parse("mysql://u@h/d").is_err());
        assert!(DbUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn passwords_never_reach_logs() {
        let url = DbUrl::parse("postgres://app:s3cret@db:5432/portal").unwrap_or(DbUrl::Sqlite(String::new()));
        assert_eq!(url.display(), "postgres://app:***@db:5432/portal");
        assert!(DbUrl::parse("mysql://app:s3cret@db/x").err().unwrap_or_default().contains("***"));
    }
}
