//! `just bench`: starts a real release `portal serve` on a fresh database, seeds accounts the way
//! a client does (Argon2id at the default parameters, keys encrypted client-side), then loads
//! each endpoint from several threads for a fixed time and prints a table of throughput and
//! latency percentiles, and the server's resident memory idle and after the load.
//!
//! A provider is set up the way the portal does it (an instance administrator made with `portal
//! admin create-admin` creates it, its first admin accepts and sends the provider key wrapped to
//! their public key) and given BENCH_CLIENTS client organizations, each with its key encrypted
//! under the provider key, so the provider dashboard's reads are measured at MSP scale.
//!
//! Settings (environment): BENCH_SECONDS (per endpoint, default 10), BENCH_THREADS (default 8),
//! BENCH_USERS (default 20), BENCH_CLIENTS (default 1000), PORTAL_BIN (default
//! target/release/portal), and DATABASE_URL to bench on PostgreSQL (an empty database) instead of
//! SQLite.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use portal_shared::crypto::{self, KdfParams};
use serde_json::{Value, json};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Server {
    child: Child,
    base: String,
    bin: String,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server() -> Server {
    let bin = std::env::var("PORTAL_BIN")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release/portal").into());
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(&bin);
    cmd.args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("PORTAL_LOG", "warn,portal_api=info");
    cmd.env("PORTAL_LOG_FORMAT", "human").stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {bin}: {e} (run `just build` first)"));
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("listening on ").nth(1) {
                let _ = tx.send(rest.split_whitespace().next().unwrap_or_default().trim_end_matches('/').to_owned());
            }
        }
    });
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || for _ in BufReader::new(stdout).lines() {});
    let base = rx.recv_timeout(Duration::from_secs(30)).expect("server did not start");
    Server { child, base, bin, dir }
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

struct Account {
    email: String,
    public_key: String,
    auth_hash: String,
    refresh: std::sync::Mutex<String>,
    access: String,
}

fn seed(base: &str, n: u64) -> Vec<Account> {
    let agent = agent();
    (0..n)
        .map(|i| {
            let email = format!("bench{i}@example.com");
            let keys = crypto::register_keys("Bench-Quartz-Harbor-2231", Some(&email), &KdfParams::DEFAULT).unwrap();
            let body = json!({
                "email": email, "name": format!("Bench {i}"), "auth_hash": keys.auth_hash.to_base64(),
                "kdf": KdfParams::DEFAULT, "kdf_salt": keys.kdf_salt.to_base64(),
                "encrypted_user_key": keys.encrypted_user_key.to_string(), "public_key": keys.public_key.to_string(),
                "encrypted_private_key": keys.encrypted_private_key.to_string(),
            });
            let res = agent.post(format!("{base}/api/v1/accounts")).send_json(&body).unwrap();
            assert_eq!(res.status(), 201);
            let mut res = agent
                .post(format!("{base}/api/v1/auth/token"))
                .send_json(json!({"grant_type": "password", "username": email, "password": keys.auth_hash.to_base64()}))
                .unwrap();
            let tokens: Value = res.body_mut().read_json().unwrap();
            Account {
                email,
                public_key: keys.public_key.to_string(),
                auth_hash: keys.auth_hash.to_base64(),
                refresh: std::sync::Mutex::new(tokens["refresh_token"].as_str().unwrap().to_owned()),
                access: tokens["access_token"].as_str().unwrap().to_owned(),
            }
        })
        .collect()
}

/// The instance administrator's master password in the bench.
const ROOT_PASSWORD: &str = "Bench-Root-Lantern-7781";

/// Makes an instance administrator with the CLI, signs in as them the way a client does, and
/// returns their access token.
fn root_token(server: &Server) -> String {
    use std::io::Write;
    let mut child = Command::new(&server.bin)
        .args(["admin", "create-admin", "--email", "root@bench.test", "--password-stdin", "--data-dir"])
        .arg(server.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{ROOT_PASSWORD}\n").as_bytes()).unwrap();
    assert!(child.wait().unwrap().success(), "portal admin create-admin failed");
    let agent = agent();
    let pre: Value = agent
        .post(format!("{}/api/v1/accounts/prelogin", server.base))
        .send_json(json!({"email": "root@bench.test"}))
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    let params: KdfParams = serde_json::from_value(pre["kdf"].clone()).unwrap();
    let salt = crypto::KdfSalt::from_base64(pre["kdf_salt"].as_str().unwrap()).unwrap();
    let keys = crypto::derive_master_keys(ROOT_PASSWORD, &salt, &params).unwrap();
    let tokens: Value = agent
        .post(format!("{}/api/v1/auth/token", server.base))
        .send_json(
            json!({"grant_type": "password", "username": "root@bench.test", "password": keys.auth_hash().to_base64()}),
        )
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    tokens["access_token"].as_str().unwrap().to_owned()
}

/// Sets up a provider whose first admin is `admin` and gives it `clients` client organizations;
/// returns the provider's id and one client's id.
fn seed_provider(server: &Server, admin: &Account, clients: u64) -> (String, String) {
    let base = &server.base;
    let agent = agent();
    let root = root_token(server);
    let post = |path: &str, token: &str, body: Value| -> Value {
        let mut res = agent
            .post(format!("{base}{path}"))
            .header("authorization", &format!("Bearer {token}"))
            .send_json(body)
            .unwrap();
        assert!(res.status().is_success(), "POST {path}: {}", res.status());
        res.body_mut().read_json().unwrap_or_default()
    };
    let provider =
        post("/api/v1/providers", &root, json!({"name": "Bench MSP", "type": "msp", "admin_email": admin.email}));
    let id = provider["id"].as_str().unwrap().to_owned();
    let link = provider["invitation_link"].as_str().expect("no mail relay in the bench: the link is returned");
    let token = link.split("token=").nth(1).unwrap();
    post("/api/v1/invitations/accept", &admin.access, json!({"token": token}));
    let provider_key = crypto::SymmetricKey::generate().unwrap();
    let public_key: crypto::PublicKey = admin.public_key.parse().unwrap();
    let wrapped = crypto::WrappedKey::seal(&public_key, &provider_key, crypto::context::PROVIDER_KEY).unwrap();
    post(
        &format!("/api/v1/providers/{id}/setup"),
        &admin.access,
        json!({"billing_email": "billing@bench.test", "wrapped_provider_key": wrapped.to_string()}),
    );
    let mut one = String::new();
    for i in 0..clients {
        let org_key = crypto::SymmetricKey::generate().unwrap();
        let under = crypto::EncString::encrypt_key(&provider_key, &org_key, crypto::context::ORGANIZATION_KEY).unwrap();
        let client = post(
            &format!("/api/v1/providers/{id}/clients"),
            &admin.access,
            json!({"name": format!("Client {i:05}"), "billing_email": "ap@client.test", "plan": "teams",
                   "seats": 25, "owner_email": format!("owner{i}@client{i}.test"), "provider_wrapped_key": under.to_string()}),
        );
        one = client["id"].as_str().unwrap().to_owned();
    }
    (id, one)
}

/// A standalone organization of `owner` with `members` invited members (in batches of 100, as
/// the API allows), `groups` groups of 10 members each, and `collections` collections each granted
/// to two groups and one member directly. Returns the organization, one member reaching several
/// collections through groups and directly, and the time each part took.
fn seed_organization(
    server: &Server,
    owner: &Account,
    members: u64,
    groups: u64,
    collections: u64,
) -> (String, String, [f64; 3]) {
    let base = &server.base;
    let agent = agent();
    let post = |path: &str, body: Value| -> Value {
        let mut res = agent
            .post(format!("{base}{path}"))
            .header("authorization", &format!("Bearer {}", owner.access))
            .send_json(body)
            .unwrap();
        assert!(res.status().is_success(), "POST {path}: {}", res.status());
        res.body_mut().read_json().unwrap_or_default()
    };
    let org_key = crypto::SymmetricKey::generate().unwrap();
    let public_key: crypto::PublicKey = owner.public_key.parse().unwrap();
    let wrapped = crypto::WrappedKey::seal(&public_key, &org_key, crypto::context::ORGANIZATION_KEY).unwrap();
    let org = post(
        "/api/v1/organizations",
        json!({"name": "Bench Org", "billing_email": "ap@bench.test", "plan": "enterprise", "seats": null,
               "wrapped_org_key": wrapped.to_string()}),
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let started = Instant::now();
    let mut ids = Vec::new();
    for batch in 0..members.div_ceil(100) {
        let invites: Vec<Value> = (batch * 100..((batch + 1) * 100).min(members))
            .map(|i| json!({"email": format!("member{i:05}@bench.test"), "type": "user"}))
            .collect();
        let made = post(&format!("/api/v1/organizations/{org}/members"), json!({"invites": invites}));
        ids.extend(made.as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()));
    }
    let members_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut group_ids = Vec::new();
    for g in 0..groups {
        // Overlapping groups: member i is in groups i/10 and (i/10 + 1).
        let start = (g * 10) as usize % ids.len().max(1);
        let in_group: Vec<&String> = ids.iter().cycle().skip(start).take(20.min(ids.len())).collect();
        let group = post(
            &format!("/api/v1/organizations/{org}/groups"),
            json!({"name": format!("Group {g:04}"), "members": in_group}),
        );
        group_ids.push(group["id"].as_str().unwrap().to_owned());
    }
    let groups_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let levels = ["can_view", "can_view_except_passwords", "can_edit", "can_edit_except_passwords", "can_manage"];
    for c in 0..collections {
        let g1 = &group_ids[c as usize % group_ids.len()];
        let g2 = &group_ids[(c as usize * 7 + 3) % group_ids.len()];
        let groups = if g1 == g2 {
            json!([{"group_id": g1, "level": levels[c as usize % 5]}])
        } else {
            json!([{"group_id": g1, "level": levels[c as usize % 5]}, {"group_id": g2, "level": levels[(c as usize + 2) % 5]}])
        };
        post(
            &format!("/api/v1/organizations/{org}/collections"),
            json!({"name": format!("Collection {c:04}"), "groups": groups,
                   "members": [{"member_id": ids[c as usize % ids.len()], "level": "can_view"}]}),
        );
    }
    let collections_secs = started.elapsed().as_secs_f64();
    (org, ids[0].clone(), [members_secs, groups_secs, collections_secs])
}

struct Row {
    name: &'static str,
    ok: u64,
    errors: u64,
    secs: f64,
    latencies_us: Vec<u64>,
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx] as f64 / 1000.0
}

/// Runs `call` from `threads` threads for `secs` seconds; `call(thread, i)` returns success.
fn load(name: &'static str, threads: u64, secs: u64, call: Arc<dyn Fn(u64, u64) -> bool + Send + Sync>) -> Row {
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let (stop, errors, call) = (stop.clone(), errors.clone(), call.clone());
            std::thread::spawn(move || {
                let mut lat = Vec::new();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let t0 = Instant::now();
                    if call(t, i) {
                        lat.push(t0.elapsed().as_micros() as u64);
                    } else {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                    i += 1;
                }
                lat
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(secs));
    stop.store(true, Ordering::Relaxed);
    let mut latencies_us: Vec<u64> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    latencies_us.sort_unstable();
    Row {
        name,
        ok: latencies_us.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        secs: started.elapsed().as_secs_f64(),
        latencies_us,
    }
}

fn main() {
    let secs = env_num("BENCH_SECONDS", 10);
    let threads = env_num("BENCH_THREADS", 8);
    let users = env_num("BENCH_USERS", 20).max(1);
    let clients = env_num("BENCH_CLIENTS", 1000).max(1);
    let server = start_server();
    let base = server.base.clone();
    std::thread::sleep(Duration::from_millis(500));
    let idle_rss = rss_kib(server.child.id());
    let meta: Value = agent().get(format!("{base}/api/v1/meta")).call().unwrap().body_mut().read_json().unwrap();
    eprintln!(
        "bench: {} {} on {}; seeding {users} accounts (Argon2id 64 MiB each)...",
        meta["name"], meta["version"], meta["backend"]
    );
    let seeded = Instant::now();
    let accounts = Arc::new(seed(&base, users));
    let seed_secs = seeded.elapsed().as_secs_f64();
    eprintln!("bench: setting up a provider with {clients} clients...");
    let seeded_clients = Instant::now();
    let (provider, client) = seed_provider(&server, &accounts[0], clients);
    let clients_secs = seeded_clients.elapsed().as_secs_f64();
    let (org_members, org_groups, org_collections) =
        (env_num("BENCH_MEMBERS", 1000).max(1), env_num("BENCH_GROUPS", 100).max(1), env_num("BENCH_COLLECTIONS", 300));
    eprintln!(
        "bench: an organization with {org_members} members, {org_groups} groups, {org_collections} collections..."
    );
    let (org, member, org_secs) = seed_organization(&server, &accounts[0], org_members, org_groups, org_collections);
    eprintln!("bench: {threads} threads, {secs} s per endpoint");

    let mut rows = Vec::new();
    let b = base.clone();
    let a = agent();
    rows.push(load(
        "GET /api/v1/meta",
        threads,
        secs,
        Arc::new(move |_, _| a.get(format!("{b}/api/v1/meta")).call().is_ok_and(|r| r.status() == 200)),
    ));
    let (b, a, acc) = (base.clone(), agent(), accounts.clone());
    rows.push(load(
        "POST /api/v1/accounts/prelogin",
        threads,
        secs,
        Arc::new(move |t, i| {
            let email = &acc[((t * 7 + i) % acc.len() as u64) as usize].email;
            a.post(format!("{b}/api/v1/accounts/prelogin"))
                .send_json(json!({"email": email}))
                .is_ok_and(|r| r.status() == 200)
        }),
    ));
    let (b, a, acc) = (base.clone(), agent(), accounts.clone());
    rows.push(load(
        "GET /api/v1/accounts/me",
        threads,
        secs,
        Arc::new(move |t, i| {
            let user = &acc[((t * 7 + i) % acc.len() as u64) as usize];
            a.get(format!("{b}/api/v1/accounts/me"))
                .header("authorization", &format!("Bearer {}", user.access))
                .call()
                .is_ok_and(|r| r.status() == 200)
        }),
    ));
    let (b, a, acc) = (base.clone(), agent(), accounts.clone());
    rows.push(load(
        "POST /api/v1/auth/token (password)",
        threads,
        secs,
        Arc::new(move |t, i| {
            let user = &acc[((t * 7 + i) % acc.len() as u64) as usize];
            a.post(format!("{b}/api/v1/auth/token"))
                .send_json(json!({"grant_type": "password", "username": user.email, "password": user.auth_hash}))
                .is_ok_and(|r| r.status() == 200)
        }),
    ));
    let (b, a, acc) = (base.clone(), agent(), accounts.clone());
    rows.push(load(
        "POST /api/v1/auth/token (refresh)",
        threads,
        secs,
        Arc::new(move |t, _| {
            // One account per thread, so each rotation chain is used in order.
            let user = &acc[(t % acc.len() as u64) as usize];
            let mut refresh = user.refresh.lock().unwrap();
            let Ok(mut res) = a
                .post(format!("{b}/api/v1/auth/token"))
                .send_json(json!({"grant_type": "refresh_token", "refresh_token": *refresh}))
            else {
                return false;
            };
            if res.status() != 200 {
                return false;
            }
            let body: Value = res.body_mut().read_json().unwrap_or_default();
            *refresh = body["refresh_token"].as_str().unwrap_or_default().to_owned();
            true
        }),
    ));
    let get_as_admin = |path: String| -> Arc<dyn Fn(u64, u64) -> bool + Send + Sync> {
        let (b, a, acc) = (base.clone(), agent(), accounts.clone());
        Arc::new(move |_, _| {
            a.get(format!("{b}{path}"))
                .header("authorization", &format!("Bearer {}", acc[0].access))
                .call()
                .is_ok_and(|r| r.status() == 200)
        })
    };
    rows.push(load(
        "GET /api/v1/providers/{id}/clients (first 50, by name)",
        threads,
        secs,
        get_as_admin(format!("/api/v1/providers/{provider}/clients")),
    ));
    rows.push(load(
        "GET /api/v1/providers/{id}/clients?sort=-created&limit=500",
        threads,
        secs,
        get_as_admin(format!("/api/v1/providers/{provider}/clients?sort=-created&limit=500")),
    ));
    rows.push(load(
        "GET /api/v1/providers/{id}/clients?search=0042",
        threads,
        secs,
        get_as_admin(format!("/api/v1/providers/{provider}/clients?search=0042")),
    ));
    rows.push(load(
        "GET /api/v1/organizations/{id} (through the provider)",
        threads,
        secs,
        get_as_admin(format!("/api/v1/organizations/{client}")),
    ));
    rows.push(load(
        "GET /api/v1/organizations/{id}/members (first 50)",
        threads,
        secs,
        get_as_admin(format!("/api/v1/organizations/{org}/members")),
    ));
    rows.push(load(
        "GET /api/v1/organizations/{id}/members?search=00042",
        threads,
        secs,
        get_as_admin(format!("/api/v1/organizations/{org}/members?search=00042")),
    ));
    rows.push(load(
        "GET /api/v1/organizations/{id}/groups (first 50)",
        threads,
        secs,
        get_as_admin(format!("/api/v1/organizations/{org}/groups")),
    ));
    rows.push(load(
        "GET /api/v1/organizations/{id}/collections (first 50)",
        threads,
        secs,
        get_as_admin(format!("/api/v1/organizations/{org}/collections")),
    ));
    rows.push(load(
        "GET .../members/{id}/collections (effective access)",
        threads,
        secs,
        get_as_admin(format!("/api/v1/organizations/{org}/members/{member}/collections")),
    ));
    rows.push(load(
        "GET /api/v1/organizations/{id}/events (first 50)",
        threads,
        secs,
        get_as_admin(format!("/api/v1/organizations/{org}/events")),
    ));
    let loaded_rss = rss_kib(server.child.id());

    println!();
    println!(
        "Provider Portal {} on {}, {} threads, {} s per endpoint, {} CPU cores",
        meta["version"],
        meta["backend"],
        threads,
        secs,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    println!();
    println!("| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.2} |",
            r.name,
            r.ok,
            r.errors,
            r.ok as f64 / r.secs,
            percentile(&r.latencies_us, 0.50),
            percentile(&r.latencies_us, 0.95),
            percentile(&r.latencies_us, 0.99)
        );
    }
    println!();
    println!(
        "seeding {users} accounts client-side (Argon2id 64 MiB, 3 iterations, 4 lanes): {seed_secs:.1} s ({:.0} ms each)",
        seed_secs * 1000.0 / users as f64
    );
    println!(
        "creating {clients} client organizations through the API (keys encrypted client-side): {clients_secs:.1} s ({:.1} ms each)",
        clients_secs * 1000.0 / clients as f64
    );
    println!(
        "an organization through the API: {org_members} members invited in {:.1} s ({:.1} ms each), {org_groups} groups in {:.1} s, {org_collections} collections with group and member grants in {:.1} s",
        org_secs[0],
        org_secs[0] * 1000.0 / org_members as f64,
        org_secs[1],
        org_secs[2]
    );
    println!(
        "server resident memory: {:.1} MiB idle after start, {:.1} MiB after the load",
        idle_rss as f64 / 1024.0,
        loaded_rss as f64 / 1024.0
    );
}
