//! A segment's colour beside its name, the same on every page.

use leptos::prelude::*;

/// A small square in the segment's colour.
#[component]
pub fn SegmentSwatch(
    /// The segment's colour, `#rrggbb`.
    #[prop(into)]
    colour: String,
) -> impl IntoView {
    view! { <span class="swatch inline" aria-hidden="true" style=format!("--segment-colour: {colour}")></span> }
}
