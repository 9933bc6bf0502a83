# Provider Portal's recipes. `./dev <recipe>` installs what a recipe needs first; `just <recipe>`
# assumes it is there. See README.md.

set shell := ["bash", "-euo", "pipefail", "-c"]

export PATH := env("PORTAL_TOOLS", env("HOME") / ".cache/provider-portal/tools") / "bin:" + env("PATH")
target := env("CARGO_TARGET_DIR", justfile_directory() / "target")

# List the recipes
default:
    @just --list

# Serve the whole product (API + portal) on SQLite at http://127.0.0.1:8080; extra args go to `portal serve`
run *ARGS: web
    cargo build -q -p portal-api --release --locked
    "{{target}}/release/portal" serve --demo {{ARGS}}

# Build the release binary with the portal inside: target/release/portal
build: web
    cargo build -p portal-api --release --locked
    @if [[ "{{target}}" != "{{justfile_directory()}}/target" ]]; then mkdir -p target/release && cp "{{target}}/release/portal" target/release/portal; fi
    @echo "target/release/portal: $(du -h target/release/portal | cut -f1)"

# Build the web portal to WASM (web/dist) when its sources changed
web:
    #!/usr/bin/env bash
    set -euo pipefail
    stamp=web/dist/index.html
    # Up to date only if it is an optimized build newer than every source it comes from.
    if [[ -f "$stamp" ]] && [[ "$(cat web/.dist-profile 2>/dev/null)" == wasm-release ]] \
      && [[ -z "$(find web/src web/static web/Cargo.toml shared/src shared/Cargo.toml Cargo.lock scripts/build-web.sh -newer "$stamp" -print -quit)" ]]; then
      echo "web/dist is up to date"
    else
      scripts/build-web.sh
    fi

# Build the web portal unoptimized (quick iteration)
web-dev:
    scripts/build-web.sh --dev

# Every test: fmt, clippy, unit and integration tests on both backends, the WASM build, e2e
test: fmt-check lint unit build e2e
    @scripts/test-summary.sh

# Unit and integration tests (SQLite and PostgreSQL)
unit:
    mkdir -p "{{target}}"
    cargo test -p portal-shared -p portal-api --locked 2>&1 | tee "{{target}}/unit-tests.log"

# Browser tests (Playwright + Chromium) against the release binary, on both backends
e2e: build
    cd e2e && PORTAL_BIN="{{justfile_directory()}}/target/release/portal" npx playwright test 2>&1 | tee "{{target}}/e2e-tests.log"

# What `./dev test` checks before it tests: fmt, clippy, the wasm32 build
check: fmt-check lint web

# Format the code
fmt:
    cargo fmt --all

# Fail when the code is not formatted
fmt-check:
    cargo fmt --all -- --check

# Clippy with warnings as errors, every crate and target
lint:
    cargo clippy --workspace --all-targets --locked -- -D warnings

# Regenerate openapi.yaml from the code's annotations
openapi:
    cargo run -q -p portal-api --locked -- openapi > openapi.yaml
    @echo "openapi.yaml regenerated"

# CI: what .ci/run calls
ci: test

# Load the endpoints of a real release server and print a table (BENCH_SECONDS, BENCH_THREADS, BENCH_USERS)
bench: build
    cargo run -q --release -p portal-api --example bench --locked
