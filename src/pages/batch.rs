//! A whole file: find the model's features, classify every row, and download the results.
//! The worker reads the file, classifies it and writes the results file; this page
//! shows a summary, one page of rows at a time, and hands over the file.

use std::sync::Arc;

use engine::resolve_columns;
use gloo_file::Blob;
use leptos::prelude::*;

use crate::{
    browser, charts,
    components::{
        alert::{AlertKind, ErrorAlert},
        chart::Chart,
        file_drop::FileDrop,
        sheet_picker::{SheetPicker, TABLE_FILES},
        table_preview::table_preview,
    },
    format,
    jobs::{use_jobs, Outcome, Source},
    protocol::{BatchSummary, FileSummary, PageRow, ResultsFormat, Slot},
    state::use_app_state,
};

/// Rows per page of the results table: the DOM never holds more.
const PAGE_ROWS: usize = 25;

/// A classified file: its summary and the results file the worker wrote.
#[derive(Clone)]
struct Results {
    summary: BatchSummary,
    csv: Blob,
}

#[component]
pub fn Batch() -> impl IntoView {
    let current = use_app_state().current;
    let jobs = use_jobs();
    let file = RwSignal::new(None::<Arc<FileSummary>>);
    let error = RwSignal::new(None::<String>);
    // For each model input (numeric features, then categories), the file column it is read from.
    let mapping = RwSignal::new(Vec::<Option<usize>>::new());
    let needs_mapping = RwSignal::new(false);
    let results = RwSignal::new_local(None::<Results>);
    let page = RwSignal::new(0usize);
    let rows = RwSignal::new(Vec::<PageRow>::new());
    let xlsx_error = RwSignal::new(None::<String>);
    // While a file is being read, the mapping shown belongs to the file before: no classifying.
    let loading = RwSignal::new(false);

    // Results belong to the model that produced them.
    Effect::new(move |_| {
        current.track();
        results.set(None);
        xlsx_error.set(None);
    });

    let show_loaded = move |answer: Outcome<FileSummary>| match answer {
        Ok(summary) => {
            let found = current.with_untracked(|c| resolve_columns(&c.model.inputs(), &summary.headers));
            let width = current.with_untracked(|c| c.model.inputs().len());
            needs_mapping.set(found.is_err());
            mapping.set(found.map_or_else(|_| vec![None; width], |cols| cols.into_iter().map(Some).collect()));
            error.set(None);
            file.set(Some(Arc::new(summary)));
            results.set(None);
        }
        Err(e) if e.is_quiet() => {}
        Err(e) => error.set(Some(format!("{e} The file already loaded is unchanged."))),
    };
    let on_loaded = move |answer: Outcome<FileSummary>| {
        loading.set(false);
        show_loaded(answer)
    };
    // The file shown, as chosen: a workbook's other sheets are read from it.
    let shown = StoredValue::new_local(None::<Source>);
    let on_file = Callback::new(move |source: Source| {
        loading.set(true);
        jobs.load(Slot::Batch, source.clone(), false, move |answer| {
            if answer.is_ok() {
                shown.set_value(Some(source));
            }
            on_loaded(answer)
        })
    });
    let use_train_file = move |_| {
        shown.set_value(None);
        loading.set(true);
        jobs.use_train_file(on_loaded)
    };
    let train_file = use_app_state().train_file;
    let train_name = move || train_file.with(|f| f.name.clone());

    // Until every feature has a column, say which are missing.
    let alert = Signal::derive(move || {
        error.get().or_else(|| {
            let f = file.get().filter(|_| needs_mapping.get())?;
            let missing: Vec<String> = current.with(|c| {
                mapping.with(|m| {
                    c.model.inputs().into_iter().zip(m).filter(|(_, col)| col.is_none()).map(|(f, _)| f).collect()
                })
            });
            (!missing.is_empty()).then(|| missing_message(&missing, &f))
        })
    });
    let ready = move || {
        !loading.get() && mapping.with(|m| !m.is_empty() && m.iter().all(Option::is_some)) && file.with(Option::is_some)
    };
    let fetch_page = move |p: usize| {
        jobs.page(p * PAGE_ROWS, PAGE_ROWS, move |answer| {
            if let Ok(r) = answer {
                rows.set(r);
            }
        });
    };
    let run = move |_| {
        let columns: Vec<usize> = mapping.get_untracked().into_iter().flatten().collect();
        let model = current.with_untracked(|c| c.model.clone());
        // A refused file's alert is answered: the user went on with the loaded one.
        error.set(None);
        jobs.classify(model, columns, move |answer| match answer {
            Ok((classified, csv)) => {
                browser::mark_timings("data-classify-timings", &classified.timings);
                results.set(Some(Results { summary: classified.summary, csv }));
                page.set(0);
                fetch_page(0);
            }
            Err(e) if e.is_quiet() => {}
            Err(why) => error.set(Some(why.to_string())),
        });
    };

    let mapping_view = move || {
        (needs_mapping.get() && file.with(Option::is_some)).then(|| {
            let headers = file.with(|f| f.as_ref().map(|f| f.headers.clone()).unwrap_or_default());
            let features = current.with(|c| c.model.inputs());
            let selects = features
                .into_iter()
                .enumerate()
                .map(|(j, feature)| {
                    let options = headers
                        .iter()
                        .enumerate()
                        .map(|(i, h)| {
                            view! { <option value=i.to_string() selected=move || mapping.with(|m| m.get(j).copied().flatten() == Some(i))>{h.clone()}</option> }
                        })
                        .collect_view();
                    view! {
                        <label class="field">{feature.trim().to_owned()} " is in column "
                            <select data-testid=format!("batch-map-{}", format::testid_slug(&feature)) on:change=move |e| {
                                let choice = event_target_value(&e).parse::<usize>().ok();
                                mapping.update(|m| if let Some(slot) = m.get_mut(j) { *slot = choice });
                            }>
                                <option value="" selected=move || mapping.with(|m| m.get(j).copied().flatten().is_none())>"— choose —"</option>
                                {options}
                            </select>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <div class="warning" data-testid="batch-mapping">
                    <p>"Some of the model's features were not found by name. Choose which column holds each one:"</p>
                    <div class="inline-fields">{selects}</div>
                </div>
            }
        })
    };

    let preview = move || file.with(|f| f.as_ref().map(|f| table_preview(f, "batch-file-summary", "batch-preview")));

    let results_view = move || {
        let Results { summary, csv } = results.get()?;
        let f = file.get()?;
        let total = summary.rows;
        let classified = summary.classified;
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
            let how = current.with(|c| c.model.encoding.missing.label().to_lowercase());
            format!(
                "{} {rows} a missing number, classified after this model's rule: {how}. The first: {first}",
                format::thousands(n)
            )
        });
        let chart = current.with(|c| charts::segment_counts_chart(&c.model, &summary.counts));
        let pages = total.div_ceil(PAGE_ROWS).max(1);
        let download = move |_| browser::download("segmentum-predictions.csv", csv.clone());
        let download_xlsx = move |_| {
            let model = current.with_untracked(|c| c.model.clone());
            jobs.results_file(model, ResultsFormat::Xlsx, move |answer| match answer {
                Ok(xlsx) => browser::download("segmentum-predictions.xlsx", xlsx),
                Err(e) if e.is_quiet() => {}
                Err(why) => xlsx_error.set(Some(why.to_string())),
            });
        };
        let go = move |p: usize| {
            page.set(p);
            fetch_page(p);
        };
        let headers = f.headers.clone();
        let table_page = move || {
            let start = page.get() * PAGE_ROWS;
            let head = headers.iter().map(|h| view! { <th scope="col">{format::cell(h)}</th> }).collect_view();
            let body = current.with(|c| {
                rows.get()
                    .into_iter()
                    .map(|r| {
                        let cells = r.cells.into_iter().map(|v| view! { <td>{v}</td> }).collect_view();
                        let failed = r.result.is_err();
                        let result = match r.result {
                            Ok((segment, distance, confidence)) => {
                                let s = &c.model.segments[segment.min(c.model.k() - 1)];
                                view! {
                                    <td>{s.id}</td>
                                    <td><span class="swatch inline" style=format!("--segment-colour: {}", s.label.colour)></span>{s.label.name.clone()}</td>
                                    <td>{format!("{distance:.2}")}</td>
                                    <td>{format!("{:.1}%", confidence * 100.0)}</td>
                                    <td></td>
                                }
                                .into_any()
                            }
                            Err(e) => view! { <td></td><td></td><td></td><td></td><td class="cell-error">{e}</td> }.into_any(),
                        };
                        view! { <tr class:row-error=failed><td>{r.line}</td>{cells}{result}</tr> }
                    })
                    .collect_view()
            });
            view! {
                <table data-testid="batch-table">
                    <caption>"Rows " {format::thousands((start + 1).min(total))} "–" {format::thousands((start + PAGE_ROWS).min(total))} " of " {format::thousands(total)}</caption>
                    <thead><tr><th scope="col">"Line"</th>{head}<th scope="col">"segment_id"</th><th scope="col">"segment_name"</th><th scope="col">"distance"</th><th scope="col">"confidence"</th><th scope="col">"error"</th></tr></thead>
                    <tbody>{body}</tbody>
                </table>
            }
        };
        Some(view! {
            <div class="panel">
                <h3>"Results"</h3>
                <p class="summary" data-testid="batch-summary">
                    "Rows read: " <strong>{format::thousands(total)}</strong>
                    " · Classified: " <strong>{format::thousands(classified)}</strong>
                    " · Not classified: " <strong>{format::thousands(total - classified)}</strong>
                </p>
                <ErrorAlert message=Signal::derive(move || unclassified.clone()) />
                <div data-testid="batch-filled">
                    <ErrorAlert message=Signal::derive(move || filled.clone()) kind=AlertKind::Warning />
                </div>
                <div class="load-row">
                    <button class="primary" data-testid="batch-download" on:click=download>"Download results (CSV)"</button>
                    <button data-testid="batch-download-xlsx" on:click=download_xlsx>"Download results (Excel)"</button>
                </div>
                <ErrorAlert message=xlsx_error />
                <div class="table-scroll" tabindex="0" role="region" aria-label="Results, one row per customer">{table_page}</div>
                <div class="pager">
                    <button data-testid="batch-prev" disabled=move || page.get() == 0 on:click=move |_| go(page.get_untracked().saturating_sub(1))>"Previous"</button>
                    <span>"Page " {move || page.get() + 1} " of " {format::thousands(pages)}</span>
                    <button data-testid="batch-next" disabled=move || { page.get() + 1 >= pages } on:click=move |_| go(page.get_untracked() + 1)>"Next"</button>
                </div>
            </div>
            <div class="panel">
                <Chart option=Signal::derive(move || chart.clone()) testid="batch-distribution-chart"
                    caption="Customers per segment in this file, in segment colours." />
            </div>
        })
    };

    view! {
        <section class="page" aria-labelledby="batch-title">
            <h2 id="batch-title">"Classify a whole file"</h2>
            <div class="panel">
                <p class="hint">"Every row comes back, in order, with all its original columns and its segment. The file never leaves this computer."</p>
                <div class="load-row">
                    <FileDrop testid="batch-file" label="a customer CSV or spreadsheet" accept=TABLE_FILES on_file=on_file />
                    <button data-testid="batch-use-train" on:click=use_train_file>"Classify the training file (" {train_name} ")"</button>
                </div>
                <ErrorAlert message=alert />
                <SheetPicker file=file.into() source=shown load=on_file />
                {mapping_view}
                {preview}
                <button class="primary" data-testid="batch-run" disabled=move || !ready() on:click=run>"Classify"</button>
            </div>
            {results_view}
        </section>
    }
}

/// Which model features the file lacks, and what the user can do about it.
fn missing_message(missing: &[String], file: &FileSummary) -> String {
    let names = missing.iter().map(|f| format!("\"{}\"", f.trim())).collect::<Vec<_>>().join(", ");
    let (noun, verb) = if missing.len() == 1 { ("feature", "was") } else { ("features", "were") };
    let columns = file.headers.iter().map(|h| format!("\"{}\"", format::cell(h))).collect::<Vec<_>>().join(", ");
    format!(
        "{}: the model's {noun} {names} {verb} not found by name. Columns in the file: {columns}. \
         Choose the column that holds each feature below, or load a file that has them.",
        file.name
    )
}
