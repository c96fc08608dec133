//! The first rows of a loaded file, with its size, how it was read and each column's detected type.

use leptos::prelude::*;

use crate::{format, protocol::FileSummary};

/// File name, row and column counts, how the file was read, then the first rows
/// under headers that say numeric or text.
pub fn table_preview(file: &FileSummary, summary_testid: &'static str, preview_testid: &'static str) -> impl IntoView {
    let head = file
        .headers
        .iter()
        .zip(&file.numeric)
        .map(|(h, &numeric)| {
            let kind = if numeric { "numeric" } else { "text" };
            view! { <th scope="col">{format::cell(h)}<span class="type">{kind}</span></th> }
        })
        .collect_view();
    let rows = file
        .preview
        .iter()
        .map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr> })
        .collect_view();
    // Order lines too big to look at whole were looked at by their first piece only.
    let size = match &file.orders {
        Some(lines) if !lines.whole => format!(
            "{} rows in its first {} MB (the rest is read when the table is built)",
            format::thousands(file.rows),
            crate::protocol::FIRST_PIECE_MB
        ),
        _ => format!("{} rows", format::thousands(file.rows)),
    };
    view! {
        <p class="file-summary" data-testid=summary_testid>
            <strong>{file.name.clone()}</strong> " · " {size} " · " {file.headers.len()} " columns"
        </p>
        <p class="hint" data-testid="read-notes">"Read as " {file.notes.join(" · ")} "."</p>
        <div class="table-scroll" data-testid=preview_testid tabindex="0" role="region" aria-label="Preview of the file">
            <table>
                <caption>"First " {file.preview.len()} " rows"</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
