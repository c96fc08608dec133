//! Step 1: a customer file (or the demo) read by the worker, with a preview.

use std::sync::Arc;

use leptos::prelude::*;

use super::Settings;
use crate::{
    browser,
    components::{
        alert::ErrorAlert,
        file_drop::FileDrop,
        sheet_picker::{SheetPicker, TABLE_FILES},
        table_preview::table_preview,
    },
    jobs::{use_jobs, use_second_worker, Outcome, Source},
    protocol::{FileSummary, Slot, AUTO_SWEEP_ROWS},
    state::use_app_state,
};

#[component]
pub fn LoadPanel(
    /// Reset to the new file's default features when a file loads.
    settings: Settings,
    /// Cleared when a file loads: the last training was about another file.
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let state = use_app_state();
    let jobs = use_jobs();
    let second = use_second_worker();
    let train_file = state.train_file;
    let load_error = RwSignal::new(None::<String>);
    // A file small enough to sweep at once is also handed to the second worker,
    // which sweeps it while the first stays free to train.
    let on_loaded = move |source: Source| {
        move |answer: Outcome<FileSummary>| match answer {
            Ok(summary) => {
                state.train_source.set_value(Some(source.clone()));
                if summary.rows <= AUTO_SWEEP_ROWS {
                    second.jobs().load(Slot::Train, source, true, |_| {});
                }
                browser::mark_timings("data-load-timings", &summary.timings);
                settings.reset(summary.default_features.clone());
                train_file.set(Arc::new(summary));
                load_error.set(None);
                outcome.set(None);
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
                <FileDrop testid="train-file" label="a customer CSV or spreadsheet" accept=TABLE_FILES on_file=on_data_file />
                <button data-testid="use-demo" on:click=move |_| load(Source::Demo)>"Use the demo data"</button>
            </div>
            <SheetPicker file=Signal::derive(move || Some(train_file.get())) source=state.train_source load=on_data_file />
            <ErrorAlert message=load_error />
            {move || train_file.with(|f| table_preview(f, "data-summary", "data-preview"))}
        </div>
    }
}
