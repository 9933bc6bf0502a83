//! Keyset pagination: lists are sorted by a key and the id, and the opaque cursor is the last
//! item's (key, id), so a page costs an index seek however deep it is.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use portal_shared::page::PageQuery;

use crate::error::ApiError;

/// Where the previous page ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The sort key of the last item.
    pub key: String,
    /// The id of the last item.
    pub id: String,
}

impl Cursor {
    /// The opaque text form.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::json!([self.key, self.id]).to_string())
    }

    /// Reads a cursor; a malformed one is a 422 on `cursor`.
    pub fn decode(text: &str) -> Result<Self, ApiError> {
        let bad = || {
            ApiError::field(
                "cursor",
                "invalid_format",
                "The cursor is not one this server made; start from the first page.",
            )
        };
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?;
        let (key, id): (String, String) = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        Ok(Self { key, id })
    }
}

/// A page request, checked: the limit and the decoded cursor.
pub struct PageRequest {
    /// Items per page.
    pub limit: i64,
    /// Where to continue from.
    pub after: Option<Cursor>,
}

impl PageRequest {
    /// From the `limit` and `cursor` query parameters.
    pub fn from_query(limit: Option<u32>, cursor: Option<&str>) -> Result<Self, ApiError> {
        let limit = PageQuery { limit, cursor: None }.limit().map_err(|e| ApiError::Invalid(vec![e]))?;
        let after = cursor.filter(|c| !c.is_empty()).map(Cursor::decode).transpose()?;
        Ok(Self { limit: i64::from(limit), after })
    }
}

/// Turns `limit + 1` fetched rows into a page: the extra row only says there is more.
pub fn finish<T>(mut rows: Vec<T>, limit: i64, cursor_of: impl Fn(&T) -> Cursor) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(|r| cursor_of(r).encode());
        (rows, next)
    } else {
        (rows, None)
    }
}

/// A `LIKE` pattern matching `text` anywhere, with `%`, `_` and `\` escaped (use `ESCAPE '\'`).
pub fn contains_pattern(text: &str) -> String {
    let escaped = text.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = Cursor { key: "Acme, \"Inc\"".into(), id: "0193".into() };
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        assert!(Cursor::decode("%%%").is_err());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode("{}")).is_err());
        assert_eq!(contains_pattern(" 50%_off\\ "), "%50\\%\\_off\\\\%");
    }
}
