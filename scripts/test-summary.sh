#!/usr/bin/env bash
# Prints how many tests ran, per backend and in the browser, from the logs `just test` wrote.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
unit="$target/unit-tests.log"
e2e="$target/e2e-tests.log"
count() { grep -cE "$1" "$2" 2>/dev/null || true; }
sqlite=$(count '^test .*::sqlite \.\.\. ok$' "$unit")
postgres=$(count '^test .*::postgres \.\.\. ok$' "$unit")
passed=$(grep -E '^test result:' "$unit" | awk '{s+=$4} END {print s+0}')
failed=$(grep -E '^test result:' "$unit" | awk '{s+=$6} END {print s+0}')
e2e_passed=$(grep -oE '[0-9]+ passed' "$e2e" | tail -1 | awk '{print $1+0}')
e2e_sqlite=$(count '✓ .*\[sqlite\]' "$e2e")
e2e_postgres=$(count '✓ .*\[postgres\]' "$e2e")
echo
echo "== Provider Portal test summary"
printf '%-34s %s\n' "unit + integration tests passed" "$passed (failed: $failed)"
printf '%-34s %s\n' "  of which on SQLite" "$sqlite"
printf '%-34s %s\n' "  of which on PostgreSQL" "$postgres"
printf '%-34s %s\n' "browser tests passed (Chromium)" "${e2e_passed:-0} (SQLite: $e2e_sqlite, PostgreSQL: $e2e_postgres)"
if [[ "$sqlite" -eq 0 || "$postgres" -eq 0 || "${e2e_passed:-0}" -eq 0 ]]; then
  echo "test summary: a backend or the browser ran no test" >&2
  exit 1
fi
echo "$((passed + ${e2e_passed:-0})) passed, $((failed)) failed"
