//! The file to classify, where each of the model's inputs is in it, and Classify.

use leptos::prelude::*;

use super::fetch_page;
use crate::{
    browser,
    components::{
        alert::ErrorAlert,
        file_drop::FileDrop,
        sheet_picker::{SheetPicker, TABLE_FILES},
        table_preview::table_preview,
    },
    format,
    jobs::{use_jobs, Outcome, Source},
    protocol::{BuildSettings, FileSummary, Slot},
    state::{use_app_state, Results},
};

#[component]
pub fn FilePanel() -> impl IntoView {
    let state = use_app_state();
    let (current, batch) = (state.current, state.batch);
    let jobs = use_jobs();
    // Order lines become a customer table the way the model's was built, one row per customer
    // (those left out too, with the reason), which is then classified like any file.
    let build_customers = move |lines: FileSummary, source: Option<Source>| {
        let Some(Source::File { name, blob, sheet }) = source.clone() else { return };
        let rule = current.with_untracked(|c| c.model.orders.clone());
        let Some(rule) = rule else {
            batch.error.set(Some(format!(
                "{name} is order lines (one row per purchase), and this model was trained on a table of customers. \
                 On Train, build a customer table from order lines and train on it; its model classifies order lines here."
            )));
            return;
        };
        let columns = match rule.columns.resolve(&lines.headers) {
            Ok(columns) => columns,
            Err(e) => {
                return batch
                    .error
                    .set(Some(format!("{name}: {e} The model was trained on order lines with these columns.")))
            }
        };
        let settings =
            BuildSettings { columns, date_order: rule.date_order, analysis: rule.analysis, keep_left_out: true };
        batch.loading.set(true);
        jobs.customers(Slot::Batch, (name, blob, sheet), settings, move |answer| {
            batch.loading.set(false);
            match answer {
                Ok((built, _)) => {
                    let note = built_note(&lines.name, &built.report.summary);
                    current.with_untracked(|c| batch.show_file(built.summary, &c.model, source));
                    batch.orders_note.set(Some(note));
                }
                Err(e) if e.is_quiet() => {}
                Err(e) => batch.error.set(Some(format!("{e} The file already loaded is unchanged."))),
            }
        });
    };
    let loaded = move |source: Option<Source>| {
        move |answer: Outcome<FileSummary>| {
            batch.loading.set(false);
            match answer {
                Ok(summary) if summary.orders.is_some() => build_customers(summary, source),
                Ok(summary) => current.with_untracked(|c| batch.show_file(summary, &c.model, source)),
                Err(e) if e.is_quiet() => {}
                Err(e) => {
                    // Said only when there is one: before the first file, nothing was kept.
                    let kept = if batch.file.with_untracked(Option::is_some) {
                        "The file already loaded is unchanged."
                    } else {
                        "No file is loaded yet."
                    };
                    batch.error.set(Some(format!("{e} {kept}")))
                }
            }
        }
    };
    let on_file = Callback::new(move |source: Source| {
        batch.loading.set(true);
        jobs.load(Slot::Batch, source.clone(), false, loaded(Some(source)));
    });
    let use_train_file = move |_| {
        batch.loading.set(true);
        jobs.use_train_file(loaded(None));
    };
    // The file on Train is the training file only if the model was trained on it: a model kept
    // over a reload, or loaded from a file, was not trained on the demo that Train then shows.
    let train_label = move || {
        let (name, key) = state.train_file.with(|f| (f.name.clone(), f.key));
        if current.with(|c| c.file == Some(key)) {
            format!("Classify the training file ({name})")
        } else {
            format!("Classify the file on Train ({name})")
        }
    };

    // Until every feature has a column, say which are missing.
    let alert = Signal::derive(move || {
        batch.error.get().or_else(|| {
            let f = batch.file.get().filter(|_| batch.needs_mapping.get())?;
            let missing: Vec<String> = current.with(|c| {
                batch.mapping.with(|m| {
                    c.model.inputs().into_iter().zip(m).filter(|(_, col)| col.is_none()).map(|(f, _)| f).collect()
                })
            });
            (!missing.is_empty()).then(|| missing_message(&missing, &f))
        })
    });
    let ready = move || {
        !batch.loading.get()
            && batch.mapping.with(|m| !m.is_empty() && m.iter().all(Option::is_some))
            && batch.file.with(Option::is_some)
    };
    let run = move |_| {
        let columns: Vec<usize> = batch.mapping.get_untracked().into_iter().flatten().collect();
        let model = current.with_untracked(|c| c.model.clone());
        // A refused file's alert is answered: the user went on with the loaded one.
        batch.error.set(None);
        let kept = model.clone();
        jobs.classify(model, columns, move |answer| match answer {
            Ok((classified, csv)) => {
                browser::mark_timings("data-classify-timings", &classified.timings);
                batch.show_results(Results { summary: classified.summary, csv, model: kept });
                fetch_page(state, jobs, 0);
            }
            Err(e) if e.is_quiet() => {}
            Err(e) => batch.error.set(Some(e.to_string())),
        });
    };
    let preview =
        move || batch.file.with(|f| f.as_ref().map(|f| table_preview(f, "batch-file-summary", "batch-preview")));
    view! {
        <div class="panel">
            <p class="hint">"Every row comes back, in order, with all its original columns and its segment. The file never leaves this computer."</p>
            <div class="load-row">
                <FileDrop testid="batch-file" label="a customer or order-lines CSV or spreadsheet" accept=TABLE_FILES on_file=on_file
                    loaded=Signal::derive(move || batch.file.with(|f| f.as_ref().map(|f| f.name.clone()))) />
                <button data-testid="batch-use-train" on:click=use_train_file>{train_label}</button>
            </div>
            <ErrorAlert message=alert />
            <SheetPicker file=batch.file.into() source=batch.source load=on_file />
            {move || batch.orders_note.get().map(|n| view! { <p class="note" data-testid="batch-orders-note">{n}</p> })}
            <Mapping />
            {preview}
            <button class="primary" data-testid="batch-run" disabled=move || !ready() on:click=run>"Classify"</button>
        </div>
    }
}

/// One `<select>` per model input the file's headers did not name, shown until each has a column.
#[component]
fn Mapping() -> impl IntoView {
    let state = use_app_state();
    let (current, batch) = (state.current, state.batch);
    move || {
        (batch.needs_mapping.get() && batch.file.with(Option::is_some)).then(|| {
            let headers = batch.file.with(|f| f.as_ref().map(|f| f.headers.clone()).unwrap_or_default());
            let selects = current.with(|c| c.model.inputs()).into_iter().enumerate().map(|(j, feature)| {
                let chosen = move || batch.mapping.with(|m| m.get(j).copied().flatten());
                let options = headers
                    .iter()
                    .enumerate()
                    .map(|(i, h)| view! { <option value=i.to_string() selected=move || chosen() == Some(i)>{h.clone()}</option> })
                    .collect_view();
                view! {
                    <label class="field">{feature.trim().to_owned()} " is in column "
                        <select data-testid=format!("batch-map-{}", format::testid_slug(&feature)) on:change=move |e| {
                            let choice = event_target_value(&e).parse::<usize>().ok();
                            batch.mapping.update(|m| if let Some(slot) = m.get_mut(j) { *slot = choice });
                        }>
                            <option value="" selected=move || chosen().is_none()>"— choose —"</option>
                            {options}
                        </select>
                    </label>
                }
            }).collect_view();
            view! {
                <div class="warning" data-testid="batch-mapping">
                    <p>"Some of the model's features were not found by name. Choose which column holds each one:"</p>
                    <div class="inline-fields">{selects}</div>
                </div>
            }
        })
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

/// What building a customer table from order lines on Batch did, in one sentence.
fn built_note(name: &str, s: &engine::rfm::BuildSummary) -> String {
    format!(
        "{name}: order lines made into one row per customer, as the model's table was — {} lines read, {} customers \
         ({} of them left out, only cancellations: their rows say why), {} lines without a customer; analysis date {}.",
        format::thousands(s.lines),
        format::thousands(s.customers + s.left_out),
        format::thousands(s.left_out),
        format::thousands(s.without_customer),
        s.analysis_date
    )
}
