#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at PORTAL_TEST_PG_URL (default: postgres on
# 127.0.0.1:5432): starts the machine's cluster, or installs and starts one, when none answers.
set -euo pipefail
url="${PORTAL_TEST_PG_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
say() { printf '\033[1mpostgres:\033[0m %s\n' "$*"; }
sudo_() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

answers() { command -v psql >/dev/null && psql "$url" -Atqc 'select 1' >/dev/null 2>&1; }

if answers; then say "answering at ${url%%\?*}" | sed -E 's#://([^:]+):[^@]*@#://\1:***@#'; exit 0; fi
if [[ "$url" != *"@127.0.0.1:5432/"* && "$url" != *"@localhost:5432/"* ]]; then
  echo "postgres: nothing answers at PORTAL_TEST_PG_URL and it is not the local default; start it yourself" >&2
  exit 1
fi

if ! command -v pg_ctlcluster >/dev/null || [[ -z "$(ls /etc/postgresql 2>/dev/null)" ]]; then
  say "installing the PostgreSQL server"
  sudo_ apt-get update -q >/dev/null
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql postgresql-client >/dev/null
fi
version="$(ls /etc/postgresql | sort -V | tail -1)"
say "starting cluster $version/main"
sudo_ pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || sudo_ pg_ctlcluster "$version" main start || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
# A freshly installed cluster only knows peer/md5 auth: give the test user the URL's password.
password="$(sed -nE 's#^postgres(ql)?://[^:]+:([^@]*)@.*#\2#p' <<<"$url")"
if ! answers && [[ -n "$password" ]]; then
  sudo_ su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD '$password'\"" >/dev/null
fi
if answers; then say "started"; else echo "postgres: still not answering at $url" >&2; exit 1; fi
