//! The one way a page says something went wrong: a live region tests and screen readers find.

use leptos::prelude::*;

/// Shows `message` as an alert while it is `Some`.
#[component]
pub fn ErrorAlert(
    /// What went wrong and what to do, or nothing.
    #[prop(into)]
    message: Signal<Option<String>>,
) -> impl IntoView {
    move || message.get().map(|m| view! { <p class="error" role="alert" data-testid="error">{m}</p> })
}
