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
    /// Administer the installation: instance administrators, signing keys.
    Admin {
        /// The administrative task.
        #[command(subcommand)]
        command: AdminCommand,
    },
}

/// `portal admin ...`.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an instance administrator (asks for the master password on the terminal). The
    /// keys are derived and encrypted here, as a browser would, so the server never sees them.
    CreateAdmin {
        /// The administrator's email (the sign-in name).
        #[arg(long)]
        email: String,
        /// The administrator's display name.
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Read the master password from standard input instead of the terminal (for scripts).
        #[arg(long)]
        password_stdin: bool,
        /// Storage options.
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Add a new JWT signing key. New tokens use it; tokens signed with older keys stay valid
    /// until they expire, so nobody is signed out. Running servers pick it up by themselves.
    RotateSigningKey {
        /// The key file (default: keys.json in the data directory).
        #[arg(long, env = "PORTAL_KEYS_FILE")]
        keys_file: Option<PathBuf>,
        /// Directory for the server's own files.
        #[arg(long, env = "PORTAL_DATA_DIR", default_value = "./data")]
        data_dir: PathBuf,
    },
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

    /// The address people use to reach this server, for links in mail (invitations, email
    /// changes). Default: http://<bind>.
    #[arg(long, env = "PORTAL_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// SMTP relay for outgoing mail, e.g. `smtp://user:password@mail.example.com:587?tls=required`,
    /// `smtps://mail.example.com:465`, or `smtp://127.0.0.1:25` (no TLS). Without it, mail and
    /// its links are written to the log.
    #[arg(long, env = "PORTAL_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of outgoing mail.
    #[arg(long, env = "PORTAL_MAIL_FROM", default_value = "Provider Portal <portal@localhost>")]
    pub mail_from: String,

    /// The file holding the server's signing keys and secret (created at first start). Give every
    /// instance behind a load balancer the same file. Default: keys.json in the data directory.
    #[arg(long, env = "PORTAL_KEYS_FILE")]
    pub keys_file: Option<PathBuf>,

    /// Lifetime of access tokens, in seconds.
    #[arg(long, env = "PORTAL_ACCESS_TOKEN_TTL", default_value_t = 900, value_parser = clap::value_parser!(u64).range(60..=86_400))]
    pub access_token_ttl: u64,

    /// Believe the client address in `X-Forwarded-For` / `Forwarded` (only behind a reverse proxy
    /// that sets them; otherwise clients could dodge throttling).
    #[arg(long, env = "PORTAL_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// On first start (no account yet), create a demo instance administrator and print how to
    /// sign in. `just run` turns it on.
    #[arg(long, env = "PORTAL_DEMO")]
    pub demo: bool,

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
