//! The first rows of a loaded file, with its size and each column's detected type.

use leptos::prelude::*;

use crate::{format, state::Dataset};

/// Rows shown in a preview.
pub const PREVIEW_ROWS: usize = 5;

/// File name, row and column counts, how the file was read, then the first rows
/// under headers that say numeric or text.
pub fn table_preview(dataset: &Dataset, summary_testid: &'static str, preview_testid: &'static str) -> impl IntoView {
    let table = &dataset.table;
    let head = table
        .headers()
        .iter()
        .zip(&dataset.numeric)
        .map(|(h, &numeric)| {
            let kind = if numeric { "numeric" } else { "text" };
            view! { <th scope="col">{format::cell(h)}<span class="type">{kind}</span></th> }
        })
        .collect_view();
    let rows = table
        .rows()
        .take(PREVIEW_ROWS)
        .map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{format::cell(c)}</td> }).collect_view()}</tr> })
        .collect_view();
    view! {
        <p class="file-summary" data-testid=summary_testid>
            <strong>{dataset.name.clone()}</strong> " · " {format::thousands(table.row_count())} " rows · "
            {table.headers().len()} " columns"
        </p>
        <p class="hint" data-testid="read-notes">"Read as " {table.layout().notes().join(" · ")} "."</p>
        <div class="table-scroll" data-testid=preview_testid tabindex="0" role="region" aria-label="Preview of the file">
            <table>
                <caption>"First " {PREVIEW_ROWS.min(table.row_count())} " rows"</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
