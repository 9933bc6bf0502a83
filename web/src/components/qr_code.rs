//! A QR code drawn as SVG in the browser (for the `otpauth://` URI of a two-step enrolment).

use leptos::either::Either;
use leptos::prelude::*;
use qrcode::{Color, EcLevel, QrCode};

/// Modules of white space around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// The SVG path of the dark modules of `data`, and the side of the picture in modules.
fn qr_path(data: &str) -> Option<(String, usize)> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                // One rectangle per horizontal run of dark modules.
                path.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some((path, width + 2 * QUIET_ZONE))
}

/// `data` as a QR code, `size` CSS pixels square, always black on white (scanners need contrast,
/// also in dark mode).
#[component]
pub fn QrCodeSvg(
    /// What to encode.
    data: String,
    /// The picture's text alternative.
    label: &'static str,
    /// The side in CSS pixels.
    #[prop(default = 184)]
    size: u32,
) -> impl IntoView {
    match qr_path(&data) {
        Some((path, side)) => Either::Left(view! {
            <svg
                class="qr-code"
                xmlns="http://www.w3.org/2000/svg"
                viewBox=format!("0 0 {side} {side}")
                width=size
                height=size
                role="img"
                aria-label=label
                shape-rendering="crispEdges"
            >
                <rect width=side height=side fill="#ffffff"></rect>
                <path d=path fill="#000000"></path>
            </svg>
        }),
        None => Either::Right(view! { <p class="muted">"The QR code could not be drawn; type the key instead."</p> }),
    }
}
