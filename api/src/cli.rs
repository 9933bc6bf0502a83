//! What `portal` does with its command line: log setup, migrations, serving.

use std::process::ExitCode;
use std::time::Duration;

use actix_web::HttpServer;
use clap::Parser;

use crate::auth::{AuthSettings, ServerKeys};
use crate::config::{AdminCommand, Cli, Command, ServeArgs, StorageArgs};
use crate::db::{DbPool, run_migrations};
use crate::mail::Mailer;
use crate::web_assets::WebAssets;
use crate::{AppState, build_app, telemetry};

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.log_format, &cli.log);
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Migrate(args) => migrate(&args).map(|_| ()),
        Command::Openapi => crate::openapi_yaml().map(|yaml| print!("{yaml}")),
        Command::Admin { command } => admin(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Creates the data directory, connects, and applies pending migrations.
fn migrate(args: &StorageArgs) -> anyhow::Result<DbPool> {
    std::fs::create_dir_all(&args.data_dir)
        .map_err(|e| anyhow::anyhow!("cannot create the data directory {}: {e}", args.data_dir.display()))?;
    let pool = DbPool::connect(&args.database_url(), args.db_pool_size)?;
    let mut conn = pool.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let applied = run_migrations(&mut conn)?;
    tracing::info!(database = %pool.display_url(), backend = pool.backend().label(), applied = applied.len(), "database ready");
    Ok(pool.clone())
}

/// `portal serve`: runs until SIGTERM or Ctrl-C, then lets in-flight requests finish.
fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let pool = migrate(&args.storage)?;
    let web = WebAssets::new(args.web_dir.clone());
    if !web.has_index() {
        anyhow::bail!("the web portal has no index.html in {:?}", args.web_dir);
    }
    let keys_file = args.keys_file.clone().unwrap_or_else(|| args.storage.data_dir.join("keys.json"));
    let keys = ServerKeys::load_or_create(&keys_file)?;
    let public_url =
        args.public_url.clone().unwrap_or_else(|| format!("http://{}", args.bind)).trim_end_matches('/').to_owned();
    let demo = if args.demo { crate::admin::seed_demo(&pool)? } else { None };
    let auth = AuthSettings {
        access_ttl_secs: args.access_token_ttl,
        trust_proxy: args.trust_proxy,
        ..AuthSettings::default()
    };
    actix_web::rt::System::new().block_on(async move {
        // The SMTP transport's connection pool spawns a task: build it inside the runtime.
        let mailer = match args.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(url) => Mailer::smtp(url, &args.mail_from)?,
            None => {
                tracing::info!("no SMTP relay configured (PORTAL_SMTP_URL): mail and its links go to this log");
                Mailer::Log
            }
        };
        let state = AppState { pool, web, max_body_bytes: args.max_body_bytes, keys, auth, mailer, public_url };
        let mut server = HttpServer::new(move || build_app(state.clone()))
            .shutdown_timeout(args.shutdown_timeout)
            .client_request_timeout(Duration::from_secs(30));
        if let Some(workers) = args.workers {
            server = server.workers(workers.max(1));
        }
        let server = server.bind(&args.bind).map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.bind))?;
        for addr in server.addrs() {
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "Provider Portal listening on http://{addr}/");
        }
        if let (Some(demo), Some(addr)) = (&demo, server.addrs().first()) {
            // Printed, not logged: the one time this password exists outside the user's head.
            println!(
                "\n  Demo installation ready. Sign in at http://{addr}/sign-in\n    email:           {}\n    master password: {}\n  (shown once; it is not stored anywhere)\n",
                demo.email, demo.master_password
            );
        }
        server.run().await?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// `portal admin ...`.
fn admin(command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::CreateAdmin { email, name, password_stdin, storage } => {
            let pool = migrate(&storage)?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                line.trim_end_matches(['\r', '\n']).to_owned()
            } else {
                let first = rpassword::prompt_password("Master password: ")?;
                let again = rpassword::prompt_password("Repeat it: ")?;
                if first != again {
                    anyhow::bail!("the two entries differ");
                }
                first
            };
            let strength = portal_shared::password::estimate(&password, &[&email, &name]);
            if password.chars().count() < portal_shared::password::MIN_LENGTH
                || strength.score < portal_shared::password::MIN_SCORE
            {
                anyhow::bail!(
                    "this master password is too weak ({}); use at least {} characters that are hard to guess",
                    strength.feedback().join(" "),
                    portal_shared::password::MIN_LENGTH
                );
            }
            eprintln!("Deriving keys (Argon2id, 64 MiB)...");
            let id = crate::admin::create_instance_admin(
                &pool,
                &email,
                &name,
                &password,
                portal_shared::crypto::KdfParams::DEFAULT,
            )?;
            println!("Created instance administrator {} ({id}).", portal_shared::validation::normalize_email(&email));
            Ok(())
        }
        AdminCommand::RotateSigningKey { keys_file, data_dir } => {
            let path = keys_file.unwrap_or_else(|| data_dir.join("keys.json"));
            // Keep older keys for a day: far longer than any access token lives.
            let kid = ServerKeys::rotate(&path, Duration::from_secs(24 * 3600))?;
            println!(
                "New signing key {kid} in {}. Tokens signed with older keys stay valid until they expire.",
                path.display()
            );
            Ok(())
        }
    }
}
