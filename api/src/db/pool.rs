//! The connection pool, and the only way handlers reach the database: on a blocking thread,
//! never on an async worker.

use std::time::Duration;

use actix_web::web;

use super::{Backend, DbConn, DbUrl};
use crate::error::ApiError;

/// Why the pool could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// The URL is not one we understand.
    #[error("{0}")]
    Url(String),
    /// The database did not answer.
    #[error("cannot connect to {url}: {source}")]
    Connect {
        /// The redacted URL.
        url: String,
        /// What the driver said.
        source: r2d2::Error,
    },
}

/// Opens connections of the right backend for r2d2.
#[derive(Debug)]
pub struct Manager {
    url: DbUrl,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        self.url.connect().map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        diesel::r2d2::R2D2Connection::ping(conn).map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// A connection borrowed from the pool; derefs to [`DbConn`].
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// A pool of connections to one database.
#[derive(Clone)]
pub struct DbPool {
    pool: r2d2::Pool<Manager>,
    backend: Backend,
    display_url: String,
}

impl DbPool {
    /// Connects to `url` with at most `size` connections, failing fast if the database is down.
    pub fn connect(url: &str, size: u32) -> Result<Self, PoolError> {
        let url = DbUrl::parse(url).map_err(PoolError::Url)?;
        let backend = url.backend();
        let display_url = url.display();
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .test_on_check_out(true)
            .build(Manager { url })
            .map_err(|source| PoolError::Connect { url: display_url.clone(), source })?;
        Ok(Self { pool, backend, display_url })
    }

    /// The backend behind this pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database URL without its password.
    pub fn display_url(&self) -> &str {
        &self.display_url
    }

    /// A connection for synchronous code (migrations, commands, tests).
    pub fn get(&self) -> Result<PooledConn, ApiError> {
        self.pool.get().map_err(|e| ApiError::Unavailable(format!("no database connection: {e}")))
    }

    /// Checks that the database answers within `timeout` (for the readiness probe).
    pub async fn ping(&self, timeout: Duration) -> Result<(), ApiError> {
        let pool = self.pool.clone();
        web::block(move || -> Result<(), ApiError> {
            let mut conn =
                pool.get_timeout(timeout).map_err(|e| ApiError::Unavailable(format!("no database connection: {e}")))?;
            diesel::r2d2::R2D2Connection::ping(&mut *conn).map_err(|e| ApiError::Unavailable(e.to_string()))
        })
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}")))?
    }

    /// Runs `f` with a connection on a blocking thread, outside any transaction (for reads).
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}")))?
    }

    /// Runs `f` in one write transaction on a blocking thread: all of a request's changes land
    /// together or not at all.
    pub async fn transaction<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.run(move |conn| conn.write_transaction(f)).await
    }
}
