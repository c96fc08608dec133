//! A whole file: find the model's features, classify every row, and download the results.
//! The worker reads the file, classifies it and writes the results file; this page shows a
//! summary, one page of rows at a time, and hands over the file. One panel a module: `file`
//! (the file, its mapping and Classify) and `results`. What the page shows lives in the app's
//! state (`state::BatchState`), so it is still there after a visit to another page.

mod file;
mod results;

use leptos::prelude::*;

use crate::{jobs::Jobs, state::AppState};

/// Rows per page of the results table: the DOM never holds more.
const PAGE_ROWS: usize = 25;

#[component]
pub fn Batch() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="batch-title">
            <h2 id="batch-title">"Classify a whole file"</h2>
            <file::FilePanel />
            <results::ResultsPanel />
        </section>
    }
}

/// Fetches page `p` of the results into the state.
fn fetch_page(state: AppState, jobs: Jobs, p: usize) {
    jobs.page(p * PAGE_ROWS, PAGE_ROWS, move |answer| {
        if let Ok(rows) = answer {
            state.batch.show_page(p, rows);
        }
    });
}
