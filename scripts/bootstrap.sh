#!/usr/bin/env bash
# Installs what building and testing Provider Portal needs on a Debian machine that has only
# rustup's stable toolchain, Node.js and npm. Idempotent: it only installs what is missing.
#
#   scripts/bootstrap.sh run     what `just run` / `just build` need (just, the WASM toolchain)
#   scripts/bootstrap.sh test    also Chromium, the e2e npm packages and a running PostgreSQL
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"
want="${1:-run}"
mkdir -p "$PORTAL_TOOLS/bin"

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }
sudo_() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_updated=
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  if [[ -z "$apt_updated" ]]; then sudo_ apt-get update -q >/dev/null; apt_updated=1; fi
  say "apt-get install ${missing[*]}"
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# The WASM toolchain (toolchain.md): Debian's rustc-web, its std sources and wasm-ld, in ONE
# command so the std sources match the compiler exactly.
apt_install rustc-web cargo-web rust-web-src lld-19
apt_install pkg-config libssl-dev ca-certificates

# wasm-bindgen CLI, exactly Cargo.lock's version (built once, kept outside the clone).
if [[ "$("$PORTAL_TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]]; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 9 minutes, once per machine)"
  RUSTC=/usr/bin/rustc CARGO_TARGET_DIR="$PORTAL_TOOLS/build" \
    /usr/bin/cargo install -q wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --root "$PORTAL_TOOLS" --force
  rm -rf "$PORTAL_TOOLS/build"
fi

# wasm-opt from npm's binaryen (Debian's is too old and corrupts wasm-bindgen's output).
if [[ "$("$PORTAL_TOOLS/npm/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]]; then
  say "npm install binaryen@$BINARYEN_VERSION"
  npm install -s --prefix "$PORTAL_TOOLS/npm" --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# just, the recipe runner: the binary from PyPI's rust-just wheel, or built from crates.io.
if ! command -v just >/dev/null 2>&1; then
  say "installing just"
  if python3 -m venv "$PORTAL_TOOLS/venv" >/dev/null 2>&1 && "$PORTAL_TOOLS/venv/bin/pip" install -q rust-just >/dev/null 2>&1; then
    ln -sf "$PORTAL_TOOLS/venv/bin/just" "$PORTAL_TOOLS/bin/just"
  else
    cargo install -q just --locked --root "$PORTAL_TOOLS"
  fi
fi

if [[ "$want" == test ]]; then
  # Browser tests drive Debian's Chromium; psql creates the e2e databases.
  apt_install chromium postgresql-client
  if [[ ! -d "$root/e2e/node_modules/@playwright/test" ]] || [[ "$root/e2e/package-lock.json" -nt "$root/e2e/node_modules/.package-lock.json" ]]; then
    say "npm ci (e2e)"
    # Never download Playwright's own browsers: they are not reachable here, and not needed.
    (cd "$root/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci -s --no-audit --no-fund >/dev/null)
  fi
  "$root/scripts/ensure-postgres.sh"
fi
say "ready ($want)"
