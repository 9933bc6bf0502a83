//! Dates and times as people read them: in the browser's language and time zone.

use wasm_bindgen::JsValue;

/// The browser's preferred language (`en-US` when it says nothing).
fn language() -> String {
    web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en-US".into())
}

/// A JS options object from string pairs.
fn options(pairs: &[(&str, &str)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object.into()
}

/// Parses an RFC 3339 time; `None` when the browser cannot read it.
fn parse(rfc3339: &str) -> Option<js_sys::Date> {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    (!date.get_time().is_nan()).then_some(date)
}

/// `Nov 26, 2026` (in the browser's language), or the text itself when it is not a time.
pub fn date(rfc3339: &str) -> String {
    match parse(rfc3339) {
        Some(d) => d
            .to_locale_date_string(
                &language(),
                &options(&[("year", "numeric"), ("month", "short"), ("day", "numeric")]),
            )
            .into(),
        None => rfc3339.to_owned(),
    }
}

/// `Nov 26, 2026, 2:09 AM` (in the browser's language and time zone), or the text itself.
pub fn date_time(rfc3339: &str) -> String {
    match parse(rfc3339) {
        Some(d) => d
            .to_locale_string(
                &language(),
                &options(&[
                    ("year", "numeric"),
                    ("month", "short"),
                    ("day", "numeric"),
                    ("hour", "numeric"),
                    ("minute", "2-digit"),
                ]),
            )
            .into(),
        None => rfc3339.to_owned(),
    }
}
