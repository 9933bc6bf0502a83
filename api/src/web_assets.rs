//! The built web portal (HTML, JS, WASM, CSS). Release builds embed it, so the binary is the
//! whole product; debug builds read it from disk (rust-embed), and `--web-dir` overrides both.

use std::borrow::Cow;
use std::path::PathBuf;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use rust_embed::RustEmbed;

/// The files of `web/dist` (or a placeholder page when the portal was not built; see build.rs).
#[derive(RustEmbed)]
#[folder = "$PORTAL_WEB_DIST"]
struct Embedded;

/// Content-Security-Policy of the portal: its own scripts and WASM only, nothing from elsewhere.
const PORTAL_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Where the portal's files come from.
#[derive(Debug, Clone, Default)]
pub struct WebAssets {
    dir: Option<PathBuf>,
}

struct Asset {
    data: Cow<'static, [u8]>,
    etag: String,
}

impl WebAssets {
    /// The embedded portal, or the files of `dir` when given.
    pub fn new(dir: Option<PathBuf>) -> Self {
        Self { dir }
    }

    /// Whether the portal's entry page is there (false only for a broken `--web-dir`).
    pub fn has_index(&self) -> bool {
        self.load("index.html").is_some()
    }

    fn load(&self, name: &str) -> Option<Asset> {
        match &self.dir {
            Some(dir) => {
                // security: never leave the directory.
                if name.split('/').any(|part| part == ".." || part.contains('\\')) {
                    return None;
                }
                let data = std::fs::read(dir.join(name)).ok()?;
                let etag = format!("\"{:x}-{}\"", fxhash(&data), data.len());
                Some(Asset { data: Cow::Owned(data), etag })
            }
            None => {
                let file = Embedded::get(name)?;
                let hash = file.metadata.sha256_hash();
                let etag = format!("\"{}\"", hash.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>());
                Some(Asset { data: file.data, etag })
            }
        }
    }

    /// Answers a GET for a portal path: the file when there is one, `index.html` for client-side
    /// routes (paths without a file extension), 404 for a missing file.
    pub fn respond(&self, req: &HttpRequest) -> HttpResponse {
        let name = req.path().trim_start_matches('/');
        let (name, asset) = match self.load(name).filter(|_| !name.is_empty()) {
            Some(asset) => (name, asset),
            None if looks_like_file(name) => return not_found_page(),
            None => match self.load("index.html") {
                Some(asset) => ("index.html", asset),
                None => return not_found_page(),
            },
        };
        let fresh = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|tag| tag.trim() == asset.etag));
        let mut res = if fresh { HttpResponse::NotModified() } else { HttpResponse::Ok() };
        let mime = mime_guess::from_path(name).first_or_octet_stream();
        res.insert_header((header::CONTENT_TYPE, mime.essence_str().to_owned()));
        // The file names are stable across versions, so browsers revalidate (cheap with the ETag).
        res.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-cache")));
        res.insert_header((header::ETAG, asset.etag));
        if name == "index.html" {
            res.insert_header((header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PORTAL_CSP)));
        }
        if fresh { res.finish() } else { res.body(asset.data.into_owned()) }
    }
}

fn looks_like_file(name: &str) -> bool {
    name.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

fn not_found_page() -> HttpResponse {
    HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("Not found")
}

/// A small non-cryptographic hash for ETags of files read from disk.
fn fxhash(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
