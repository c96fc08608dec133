//! The shell: header, navigation and the current page.

use std::sync::Arc;

use leptos::prelude::*;

use crate::{
    format,
    pages::overview::Overview,
    routing::{use_page, Page},
    workspace::Workspace,
};

#[component]
pub fn App() -> impl IntoView {
    match Workspace::demo() {
        Ok(demo) => {
            let workspace = RwSignal::new(Arc::new(demo));
            view! { <Shell workspace=workspace.into() /> }.into_any()
        }
        // The demo is checked by tests; this only guards against a broken build.
        Err(e) => view! { <p class="error" role="alert" data-testid="error">{e.to_string()}</p> }
            .into_any(),
    }
}

#[component]
fn Shell(
    /// The data and segmentation every page shows.
    workspace: Signal<Arc<Workspace>>,
) -> impl IntoView {
    let page = use_page();
    let summary = move || {
        workspace.with(|w| {
            format!(
                "{} · {} customers",
                w.source_name,
                format::thousands(w.table.row_count())
            )
        })
    };
    let links = Page::ALL
        .into_iter()
        .map(|p| {
            view! {
                <a
                    href=p.href()
                    data-testid=format!("nav-{}", p.slug())
                    aria-current=move || (page.get() == p).then_some("page")
                >
                    {p.title()}
                </a>
            }
        })
        .collect_view();
    view! {
        <header class="app-header">
            <div class="brand">
                <h1>"Segmentum"</h1>
                <p class="tagline">"Customer segments, computed in your browser. Your data never leaves this page."</p>
            </div>
            <p class="dataset-summary" data-testid="dataset-summary">{summary}</p>
        </header>
        <nav class="app-nav" aria-label="Pages">{links}</nav>
        <main>
            {move || match page.get() {
                Page::Overview => view! { <Overview workspace=workspace /> },
            }}
        </main>
    }
}
