#!/usr/bin/env bash
# Builds the web portal (web/) to WASM and writes web/dist: index.html, boot.js, app.js,
# app_bg.wasm, style.css and the other static files. See ../shared/docs/toolchain.md for why the
# route is Debian's rustc-web with -Zbuild-std, wasm-ld-19, wasm-bindgen and npm's wasm-opt.
#
#   scripts/build-web.sh [--dev]     --dev skips the size optimizations (faster)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"

profile=wasm-release
[[ "${1:-}" == "--dev" ]] && profile=dev

for tool in /usr/bin/cargo /usr/bin/rustc wasm-ld-19 "$PORTAL_TOOLS/bin/wasm-bindgen" "$PORTAL_TOOLS/npm/node_modules/.bin/wasm-opt"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-web: $tool is missing; run scripts/bootstrap.sh first" >&2
    exit 1
  fi
done

want="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' "$root/Cargo.lock")"
have="$("$PORTAL_TOOLS/bin/wasm-bindgen" --version | awk '{print $2}')"
if [[ "$want" != "$have" ]]; then
  echo "build-web: wasm-bindgen CLI is $have but Cargo.lock has $want; run scripts/bootstrap.sh" >&2
  exit 1
fi

target_dir="${CARGO_TARGET_DIR:-$root/target}"
(
  cd "$root"
  # The WASM build only: these must not leak into the native build (it would rebuild std).
  export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
  # Leptos: erase component types (much less generic view code, a far smaller module).
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components"
  /usr/bin/cargo build -p portal-web --profile "$profile" --target wasm32-unknown-unknown --locked
)
profile_dir="$profile"; [[ "$profile" == dev ]] && profile_dir=debug
wasm="$target_dir/wasm32-unknown-unknown/$profile_dir/portal-web.wasm"

dist="$root/web/dist"
staging="$(mktemp -d "$root/web/.dist.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
"$PORTAL_TOOLS/bin/wasm-bindgen" --target web --no-typescript --out-dir "$staging" --out-name app "$wasm"
if [[ "$profile" != dev ]]; then
  "$PORTAL_TOOLS/npm/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    "$staging/app_bg.wasm" -o "$staging/app_bg.wasm"
fi
cp -r "$root/web/static/." "$staging/"
# A rule left open (an unfinished merge, say) silently swallows every rule after it.
python3 - "$staging/style.css" <<'PY'
import re, sys
css = re.sub(r"/\*.*?\*/", "", open(sys.argv[1]).read(), flags=re.S)
depth = 0
for line_no, line in enumerate(css.splitlines(), 1):
    for ch in line:
        depth += ch == "{"
        depth -= ch == "}"
        if depth < 0:
            sys.exit(f"style.css: unmatched '}}' on line {line_no}")
if depth:
    sys.exit(f"style.css: {depth} rule(s) left open")
PY
# Cache busting: the portal's files keep stable names, so index.html names them with their hash.
js_hash="$(sha256sum "$staging/app.js" | cut -c1-12)"
wasm_hash="$(sha256sum "$staging/app_bg.wasm" | cut -c1-12)"
css_hash="$(sha256sum "$staging/style.css" | cut -c1-12)"
sed -i "s/__APP_JS_HASH__/$js_hash/g; s/__APP_WASM_HASH__/$wasm_hash/g; s/__STYLE_HASH__/$css_hash/g" \
  "$staging/index.html" "$staging/boot.js"
echo "$profile" > "$root/web/.dist-profile"
rm -rf "$dist"
mv "$staging" "$dist"
trap - EXIT
raw=$(stat -c %s "$dist/app_bg.wasm")
gz=$(gzip -9 -c "$dist/app_bg.wasm" | wc -c)
echo "build-web: web/dist ready ($profile): app_bg.wasm $((raw / 1024)) KiB raw, $((gz / 1024)) KiB gzipped"
