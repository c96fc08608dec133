//! The results of the last classification, while the model that made them is the current one:
//! a summary, the downloads, one page of rows and the customers per segment.

use leptos::prelude::*;

use super::{fetch_page, PAGE_ROWS};
use crate::{
    browser, charts,
    components::{
        alert::{AlertKind, ErrorAlert},
        chart::Chart,
        segment_swatch::SegmentSwatch,
    },
    format,
    jobs::use_jobs,
    protocol::{BatchSummary, ResultsFormat},
    state::{use_app_state, AppState},
};

#[component]
pub fn ResultsPanel() -> impl IntoView {
    let state = use_app_state();
    let (current, batch) = (state.current, state.batch);
    // Results belong to the model that made them: renamed or scored since, still; another, never.
    let shown = Memo::new(move |_| {
        batch.results.with(|r| r.as_ref().filter(|r| current.with(|c| r.of(&c.model))).map(|r| r.summary.clone()))
    });
    move || {
        let summary = shown.get()?;
        Some(view! {
            <div class="panel">
                <h3>"Results"</h3>
                <Summary summary=summary.clone() />
                <Downloads />
                <SegmentLists />
                <ResultsTable rows=summary.rows />
            </div>
            <div class="panel">
                <Chart option=Signal::derive(move || current.with(|c| charts::segment_counts_chart(&c.model, &summary.counts)))
                    testid="batch-distribution-chart" caption="Customers per segment in this file, in segment colours." />
            </div>
        })
    }
}

/// How many rows were read and classified, and why the others were not.
#[component]
fn Summary(summary: BatchSummary) -> impl IntoView {
    let current = use_app_state().current;
    let (total, classified) = (summary.rows, summary.classified);
    let unclassified = summary.first_error.clone().map(|first| {
        format!(
            "{} of {} rows could not be classified; each keeps its reason in the error column. The first: {first}",
            format::thousands(total - classified),
            format::thousands(total)
        )
    });
    let filled = summary.first_filled.clone().map(|first| {
        let n = summary.filled;
        let rows = if n == 1 { "row had" } else { "rows had" };
        let how = current.with_untracked(|c| c.model.encoding.missing.label().to_lowercase());
        format!(
            "{} {rows} a missing number, classified after this model's rule: {how}. The first: {first}",
            format::thousands(n)
        )
    });
    view! {
        <p class="summary" data-testid="batch-summary">
            "Rows read: " <strong>{format::thousands(total)}</strong>
            " · Classified: " <strong>{format::thousands(classified)}</strong>
            " · Not classified: " <strong>{format::thousands(total - classified)}</strong>
        </p>
        <ErrorAlert message=Signal::stored(unclassified) />
        <div data-testid="batch-filled">
            <ErrorAlert message=Signal::stored(filled) kind=AlertKind::Warning />
        </div>
    }
}

/// The results as CSV or Excel, with the segment names as they are now: the CSV the worker wrote
/// at classification while no segment was renamed since, else written again, as the workbook is.
#[component]
fn Downloads() -> impl IntoView {
    let state = use_app_state();
    let jobs = use_jobs();
    let download = move |format: ResultsFormat| {
        let model = state.current.with_untracked(|c| c.model.clone());
        let written =
            state.batch.results.with_untracked(|r| r.as_ref().filter(|r| r.named_as(&model)).map(|r| r.csv.clone()));
        if let (ResultsFormat::Csv, Some(csv)) = (format, written) {
            return browser::download(file_name(format), csv);
        }
        jobs.results_file(model, format, Vec::new(), move |answer| match answer {
            Ok(file) => browser::download(file_name(format), file),
            Err(e) if e.is_quiet() => {}
            Err(e) => state.batch.file_error.set(Some(e.to_string())),
        });
    };
    view! {
        <div class="load-row">
            <button class="primary" data-testid="batch-download" on:click=move |_| download(ResultsFormat::Csv)>"Download results (CSV)"</button>
            <button data-testid="batch-download-xlsx" on:click=move |_| download(ResultsFormat::Xlsx)>"Download results (Excel)"</button>
        </div>
        <ErrorAlert message=state.batch.file_error />
    }
}

fn file_name(format: ResultsFormat) -> &'static str {
    match format {
        ResultsFormat::Csv => "segmentum-predictions.csv",
        ResultsFormat::Xlsx => "segmentum-predictions.xlsx",
        ResultsFormat::Lists => "segmentum-segments.zip",
    }
}

/// One list per segment for a CRM: the customers of each segment with the columns ticked, all
/// of them in one zip.
#[component]
fn SegmentLists() -> impl IntoView {
    let state = use_app_state();
    let jobs = use_jobs();
    let batch = state.batch;
    let headers = move || batch.file.with(|f| f.as_ref().map(|f| f.headers.clone()).unwrap_or_default());
    let ticked = move || {
        let unticked = batch.list_unticked.get_untracked();
        (0..headers().len()).filter(|c| !unticked.contains(c)).collect::<Vec<usize>>()
    };
    let download = move |_| {
        let model = state.current.with_untracked(|c| c.model.clone());
        jobs.results_file(model, ResultsFormat::Lists, ticked(), move |answer| match answer {
            Ok(file) => browser::download(file_name(ResultsFormat::Lists), file),
            Err(e) if e.is_quiet() => {}
            Err(e) => state.batch.file_error.set(Some(e.to_string())),
        });
    };
    let boxes = move || {
        headers()
            .into_iter()
            .enumerate()
            .map(|(c, header)| {
                let testid = format!("list-column-{}", format::testid_slug(&header));
                let toggle = move |e: leptos::ev::Event| {
                    let on = event_target_checked(&e);
                    batch.list_unticked.update(|u| {
                        u.retain(|&x| x != c);
                        if !on {
                            u.push(c);
                        }
                    });
                };
                view! {
                    <label class="check">
                        <input type="checkbox" data-testid=testid
                            prop:checked=move || batch.list_unticked.with(|u| !u.contains(&c)) on:change=toggle />
                        {format::cell(&header)}
                    </label>
                }
            })
            .collect_view()
    };
    let none_ticked = move || batch.list_unticked.with(|u| u.len()) >= headers().len();
    view! {
        <div class="lists" data-testid="segment-lists">
            <h4>"Lists for your CRM"</h4>
            <p class="hint">
                "A zip with one CSV per segment, named after it, holding its customers in file order with the "
                "columns ticked (an e-mail or a customer id is what a CRM matches on). Rows without a segment go "
                "to \"Not classified.csv\" with their reason."
            </p>
            <details>
                <summary>{move || {
                    let total = headers().len();
                    let shown = total - batch.list_unticked.with(Vec::len).min(total);
                    format!("Columns in each list: {shown} of {total}")
                }}</summary>
                <fieldset class="list-columns">
                    <legend class="visually-hidden">"Columns in each list"</legend>
                    {boxes}
                </fieldset>
            </details>
            <div class="load-row">
                <button data-testid="segment-lists-download" disabled=none_ticked on:click=download>
                    "Download segment lists (.zip)"
                </button>
                <Show when=none_ticked>
                    <span class="field-note">"Tick at least one column."</span>
                </Show>
            </div>
        </div>
    }
}

/// One page of results, with a pager: the segment first, where it is seen without scrolling
/// across a wide file, then every original cell (the results files keep the file's order, the
/// segment columns last, so they read back as the file plus five columns).
#[component]
fn ResultsTable(
    /// Rows in the results.
    rows: usize,
) -> impl IntoView {
    let state = use_app_state();
    let jobs = use_jobs();
    let (current, batch) = (state.current, state.batch);
    let pages = rows.div_ceil(PAGE_ROWS).max(1);
    let go = move |p: usize| fetch_page(state, jobs, p);
    let table = move || {
        let start = batch.page.get() * PAGE_ROWS;
        let headers = batch.file.with(|f| f.as_ref().map(|f| f.headers.clone()).unwrap_or_default());
        let head = headers.iter().map(|h| view! { <th scope="col">{format::cell(h)}</th> }).collect_view();
        let body = move || page_rows(state);
        view! {
            <table data-testid="batch-table">
                <caption>"Rows " {format::thousands((start + 1).min(rows))} "–" {format::thousands((start + PAGE_ROWS).min(rows))} " of " {format::thousands(rows)}</caption>
                <thead><tr><th scope="col">"Line"</th><th scope="col">"segment_id"</th><th scope="col">"segment_name"</th><th scope="col">"distance"</th><th scope="col">"confidence"</th><th scope="col">"error"</th>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        }
    };
    let _ = current;
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Results, one row per customer">{table}</div>
        <div class="pager">
            <button data-testid="batch-prev" disabled=move || batch.page.get() == 0 on:click=move |_| go(batch.page.get_untracked().saturating_sub(1))>"Previous"</button>
            <span>"Page " {move || batch.page.get() + 1} " of " {format::thousands(pages)}</span>
            <button data-testid="batch-next" disabled=move || { batch.page.get() + 1 >= pages } on:click=move |_| go(batch.page.get_untracked() + 1)>"Next"</button>
        </div>
    }
}

/// The rows of the page shown, with their segment as the current model names it.
fn page_rows(state: AppState) -> impl IntoView {
    state.current.with(|c| {
        state
            .batch
            .rows
            .get()
            .into_iter()
            .map(|r| {
                let cells = r.cells.into_iter().map(|v| view! { <td>{v}</td> }).collect_view();
                let failed = r.result.is_err();
                let result = match r.result {
                    Ok((segment, distance, confidence)) => {
                        let s = &c.model.segments[segment.min(c.model.k() - 1)];
                        view! {
                            <td>{s.id}</td>
                            <td><SegmentSwatch colour=s.label.colour.clone() />{s.label.name.clone()}</td>
                            <td>{format::fixed(distance, 2)}</td>
                            <td>{format::percent(confidence)}</td>
                            <td></td>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <td></td><td></td><td></td><td></td><td class="cell-error">{e}</td> }.into_any(),
                };
                view! { <tr class:row-error=failed><td>{r.line}</td>{result}{cells}</tr> }
            })
            .collect_view()
    })
}
