//! Step 1: a customer file (or the demo) read by the worker, with a preview.

use leptos::prelude::*;

use crate::{
    browser,
    components::{
        alert::{AlertKind, ErrorAlert},
        file_drop::FileDrop,
        sheet_picker::{SheetPicker, TABLE_FILES},
        table_preview::table_preview,
    },
    jobs::{use_jobs, use_second_worker, Outcome, Source},
    protocol::{FileSummary, Slot, AUTO_SWEEP_ROWS},
    state::{saved, use_app_state},
};

#[component]
pub fn LoadPanel() -> impl IntoView {
    let state = use_app_state();
    let jobs = use_jobs();
    let second = use_second_worker();
    let train_file = state.train_file;
    let load_error = RwSignal::new(None::<String>);
    // A file small enough to sweep at once is also handed to the second worker, which sweeps it
    // while the first stays free to train. If it cannot read it, the user is told: its sweeps
    // would be of the file before.
    let on_loaded = move |source: Source| {
        move |answer: Outcome<FileSummary>| match answer {
            // Order lines wait for their customer table (the next panel); nothing else changes.
            Ok(summary) if summary.orders.is_some() => {
                if let Source::File { name, blob, sheet } = &source {
                    state.orders.show(summary, (name.clone(), blob.clone(), sheet.clone()));
                }
                load_error.set(None);
            }
            Ok(summary) => {
                state.orders.clear();
                if summary.rows <= AUTO_SWEEP_ROWS {
                    let name = source.name().to_owned();
                    second.jobs().load(Slot::Train, source.clone(), true, move |answer| match answer {
                        Err(e) if !e.is_quiet() => state.background_error.set(Some(format!(
                            "Comparing k in the background could not read {name}, so no k is recommended: {e}"
                        ))),
                        _ => {}
                    });
                }
                browser::mark_timings("data-load-timings", &summary.timings);
                let source = matches!(source, Source::File { .. }).then_some(source);
                state.load_train_file(summary, source, &saved::train());
                load_error.set(None);
            }
            Err(e) if e.is_quiet() => {}
            Err(e) => load_error.set(Some(format!("{e} The data already loaded is unchanged."))),
        }
    };
    let load = move |source: Source| jobs.load(Slot::Train, source.clone(), false, on_loaded(source));
    let on_data_file = Callback::new(load);
    view! {
        <div class="panel">
            <h3>"1. Load data"</h3>
            <p class="hint">"The file is read on this computer; nothing is uploaded."</p>
            <div class="load-row">
                <FileDrop testid="train-file" label="a customer or order-lines CSV or spreadsheet" accept=TABLE_FILES on_file=on_data_file
                    loaded=Signal::derive(move || Some(
                        state.orders.file.with(|o| o.as_ref().map(|o| o.lines.name.clone()))
                            .unwrap_or_else(|| train_file.with(|f| f.name.clone()))
                    )) />
                <button data-testid="use-demo" on:click=move |_| load(Source::Demo)>"Use the demo data"</button>
            </div>
            {move || state.file_not_reloaded.get().map(|name| view! {
                <div class="warning" data-testid="train-file-not-kept">
                    <p>{format!(
                        "{name} was not kept when the page reloaded: a file stays only while the page is open. \
                         Choose it again and the features you chose for it come back; until then the demo data is shown."
                    )}</p>
                </div>
            })}
            <SheetPicker file=Signal::derive(move || Some(train_file.get())) source=state.train_source load=on_data_file />
            <ErrorAlert message=load_error />
            <div data-testid="background-error">
                <ErrorAlert message=state.background_error kind=AlertKind::Warning />
            </div>
            {move || (!state.orders.waiting()).then(|| train_file.with(|f| table_preview(f, "data-summary", "data-preview")))}
        </div>
    }
}
