//! Finds the built web portal to embed (`web/dist`), or makes a placeholder page when it has not
//! been built, so that `cargo build`, clippy and the API tests work without the WASM toolchain.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-changed=../web/dist");
    println!("cargo:rerun-if-env-changed=PORTAL_WEB_DIST");

    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let dist = std::env::var("PORTAL_WEB_DIST").map(PathBuf::from).unwrap_or_else(|_| manifest.join("../web/dist"));
    let dist = if dist.join("index.html").is_file() {
        println!("cargo:rerun-if-changed={}", dist.join("index.html").display());
        dist.canonicalize().unwrap_or(dist)
    } else {
        placeholder()
    };
    println!("cargo:rustc-env=PORTAL_WEB_DIST={}", dist.display());
}

fn placeholder() -> PathBuf {
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("web-placeholder");
    let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Provider Portal</title></head>\
<body><h1>Provider Portal</h1><p>This server was built without its web portal. \
Build it with <code>just build</code>; the API is at <a href=\"/docs/\">/docs/</a>.</p></body></html>\n";
    if let Err(e) = write(&out, page) {
        println!("cargo:warning=cannot write the placeholder portal: {e}");
    }
    out
}

fn write(dir: &Path, page: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("index.html"), page)
}
