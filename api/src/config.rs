//! The `portal` command line. Every option can also be set by an environment variable, so the
//! same binary is configured the same way by hand, by systemd and by a container.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Provider Portal: a self-hosted, zero-knowledge password-sharing server for managed service
/// providers and their client organizations.
///
/// Start it with `portal serve`; it creates its data directory and its SQLite database on first
/// start. Set DATABASE_URL=postgres://... to use PostgreSQL instead.
#[derive(Debug, Parser)]
#[command(name = "portal", version, about, long_about, propagate_version = true)]
pub struct Cli {
    /// Log format: `human` (readable lines) or `json` (one object per line, for log collectors).
    #[arg(long, env = "PORTAL_LOG_FORMAT", value_enum, default_value_t = LogFormat::Human, global = true)]
    pub log_format: LogFormat,

    /// Log filter, in tracing's env-filter syntax (e.g. `info`, `debug`, `info,portal_api=debug`).
    #[arg(long, env = "PORTAL_LOG", default_value = "info", global = true)]
    pub log: String,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands. Instance administration (`portal admin ...`) joins them with accounts.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the web portal (runs pending database migrations first).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(StorageArgs),
    /// Print this server's OpenAPI 3.1 document (YAML) to standard output.
    Openapi,
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Directory for the server's own files: the SQLite database (by default), signing keys.
    /// Created if missing.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Database to use: `postgres://user:password@host:5432/name` for PostgreSQL, or
    /// `sqlite://path/to/file.db` for SQLite. Default: `portal.db` in the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Largest number of database connections this process keeps open.
    #[arg(long, env = "PORTAL_DB_POOL_SIZE", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub db_pool_size: u32,
}

/// Options of `portal serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on. Use `0.0.0.0:8080` to accept connections from other hosts
    /// (put TLS in front of it).
    #[arg(long, env = "PORTAL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// HTTP worker threads. Default: one per CPU core.
    #[arg(long, env = "PORTAL_WORKERS")]
    pub workers: Option<usize>,

    /// Serve the web portal from this directory instead of the copy built into the binary
    /// (for working on the portal).
    #[arg(long, env = "PORTAL_WEB_DIR")]
    pub web_dir: Option<PathBuf>,

    /// Largest accepted JSON request body, in bytes.
    #[arg(long, env = "PORTAL_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Seconds that in-flight requests get to finish after SIGTERM or Ctrl-C.
    #[arg(long, env = "PORTAL_SHUTDOWN_TIMEOUT", default_value_t = 30)]
    pub shutdown_timeout: u64,

    /// Storage options.
    #[command(flatten)]
    pub storage: StorageArgs,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Readable lines for a terminal.
    Human,
    /// One JSON object per line.
    Json,
}

impl StorageArgs {
    /// The database URL to use: the given one, or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_owned(),
            _ => format!("sqlite://{}", self.data_dir.join("portal.db").display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn default_database_is_sqlite_in_data_dir() {
        let cli = Cli::parse_from([
            "portal",
            "serve",
            "--data-dir",
            "/tmp/x",
            "--database-url",
            "",
            "--bind",
            "127.0.0.1:8080",
        ]);
        let Command::Serve(args) = cli.command else { panic!("not serve") };
        assert_eq!(args.storage.database_url(), "sqlite:///tmp/x/portal.db");
        assert_eq!(args.bind, "127.0.0.1:8080");
    }
}
