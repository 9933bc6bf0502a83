//! What `portal` does with its command line: log setup, migrations, serving.

use std::process::ExitCode;
use std::time::Duration;

use actix_web::HttpServer;
use clap::Parser;

use crate::config::{Cli, Command, ServeArgs, StorageArgs};
use crate::db::{DbPool, run_migrations};
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
    let state = AppState { pool, web, max_body_bytes: args.max_body_bytes };
    actix_web::rt::System::new().block_on(async move {
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
        server.run().await?;
        tracing::info!("stopped");
        Ok(())
    })
}
