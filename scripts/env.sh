# Shared settings of the project's scripts (sourced, not run).
# Tools that are installed once per machine live outside the clone, so fresh clones reuse them.
export PORTAL_TOOLS="${PORTAL_TOOLS:-$HOME/.cache/provider-portal/tools}"
export PATH="$PORTAL_TOOLS/bin:$PATH"
# The exact wasm-bindgen CLI the web crate pins (Cargo.toml: wasm-bindgen = "=...").
export WASM_BINDGEN_VERSION=0.2.130
export BINARYEN_VERSION=132
