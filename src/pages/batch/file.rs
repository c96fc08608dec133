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
    protocol::{FileSummary, Slot},
    state::{use_app_state, Results},
};

#[component]
pub fn FilePanel() -> impl IntoView {
    let state = use_app_state();
    let (current, batch) = (state.current, state.batch);
    let jobs = use_jobs();
    let loaded = move |source: Option<Source>| {
        move |answer: Outcome<FileSummary>| {
            batch.loading.set(false);
            match answer {
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
                <FileDrop testid="batch-file" label="a customer CSV or spreadsheet" accept=TABLE_FILES on_file=on_file
                    loaded=Signal::derive(move || batch.file.with(|f| f.as_ref().map(|f| f.name.clone()))) />
                <button data-testid="batch-use-train" on:click=use_train_file>{train_label}</button>
            </div>
            <ErrorAlert message=alert />
            <SheetPicker file=batch.file.into() source=batch.source load=on_file />
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
