//! The one way a page says something went wrong: a live region tests and screen readers find.

use leptos::prelude::*;

/// How loud an alert looks; every kind is `role="alert"` with `data-testid="error"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AlertKind {
    /// Something was refused.
    #[default]
    Error,
    /// Something was left out, and the work went on.
    Warning,
    /// One field's value was refused, shown beside it.
    Field,
}

impl AlertKind {
    fn class(self) -> &'static str {
        match self {
            AlertKind::Error => "error",
            AlertKind::Warning => "warning",
            AlertKind::Field => "field-error",
        }
    }
}

/// Shows `message` as an alert while it is `Some`, with `items` listed under it.
#[component]
pub fn ErrorAlert(
    /// What went wrong and what to do, or nothing.
    #[prop(into)]
    message: Signal<Option<String>>,
    /// Details listed under the message (the first rows left out, …).
    #[prop(optional, into)]
    items: Option<Signal<Vec<String>>>,
    /// How it looks.
    #[prop(optional)]
    kind: AlertKind,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            let list = items.map(|items| {
                view! { <ul>{move || items.get().into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
            });
            view! { <div class=kind.class() role="alert" data-testid="error"><p>{m}</p>{list}</div> }
        })
    }
}
