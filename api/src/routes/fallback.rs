//! What answers when no route matched: 405 with `Allow` when the path exists under other methods
//! (known from the OpenAPI document, so it can never drift from the routes), a problem+json 404
//! under `/api/`, and the web portal everywhere else (client-side routing).

use actix_web::http::Method;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;
use crate::web_assets::WebAssets;

/// Path prefixes that belong to the server, never to the portal's client-side routes.
const SERVER_PREFIXES: [&str; 4] = ["/api/", "/docs", "/healthz", "/readyz"];

/// The documented paths and their methods.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param,
}

impl RouteTable {
    /// Reads every path template and its methods from the OpenAPI document.
    pub fn from_openapi(api: &OpenApi) -> Self {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = split(path)
                    .map(|s| {
                        if s.starts_with('{') && s.ends_with('}') { Segment::Param } else { Segment::Literal(s.into()) }
                    })
                    .collect();
                let methods: Vec<String> = [
                    (item.get.is_some(), "GET"),
                    (item.post.is_some(), "POST"),
                    (item.put.is_some(), "PUT"),
                    (item.patch.is_some(), "PATCH"),
                    (item.delete.is_some(), "DELETE"),
                ]
                .into_iter()
                .filter(|(has, _)| *has)
                .map(|(_, m)| m.to_owned())
                .collect();
                (segments, methods)
            })
            .collect();
        Self { routes }
    }

    /// The methods the path accepts, if it is a documented path.
    pub fn methods_for(&self, path: &str) -> Option<Vec<String>> {
        let parts: Vec<&str> = split(path).collect();
        let mut found: Option<Vec<String>> = None;
        for (segments, methods) in &self.routes {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(seg, part)| match seg {
                    Segment::Param => !part.is_empty(),
                    Segment::Literal(lit) => lit == part,
                });
            if matches {
                let all = found.get_or_insert_with(Vec::new);
                for m in methods {
                    if !all.contains(m) {
                        all.push(m.clone());
                    }
                }
            }
        }
        found
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.trim_end_matches('/').split('/').filter(|s| !s.is_empty())
}

/// The default service of the app.
pub async fn fallback(
    req: HttpRequest,
    routes: Data<RouteTable>,
    assets: Data<WebAssets>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if path == "/docs" {
        return Ok(HttpResponse::PermanentRedirect()
            .insert_header((actix_web::http::header::LOCATION, "/docs/"))
            .finish());
    }
    if let Some(allow) = routes.methods_for(path) {
        return Err(ApiError::MethodNotAllowed(allow));
    }
    if SERVER_PREFIXES.iter().any(|p| path.starts_with(p)) || path == "/api" {
        return Err(ApiError::NotFound);
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::MethodNotAllowed(vec!["GET".into(), "HEAD".into()]));
    }
    Ok(assets.respond(&req))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_any_single_segment() {
        let api = crate::routes_openapi_for_tests();
        let table = RouteTable::from_openapi(&api);
        assert_eq!(table.methods_for("/api/v1/meta"), Some(vec!["GET".to_owned()]));
        assert_eq!(table.methods_for("/api/v1/meta/"), Some(vec!["GET".to_owned()]));
        assert_eq!(table.methods_for("/api/v1/nothing"), None);

        let mut manual = RouteTable::default();
        manual.routes.push((vec![Segment::Literal("a".into()), Segment::Param], vec!["DELETE".into()]));
        assert_eq!(manual.methods_for("/a/123"), Some(vec!["DELETE".to_owned()]));
        assert_eq!(manual.methods_for("/a"), None);
        assert_eq!(manual.methods_for("/a/1/b"), None);
    }
}
