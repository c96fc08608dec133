//! The current model out of the browser, for where the customers live: one SQL query in the
//! warehouse's dialect that scores a table as Batch scores a file, and PMML and ONNX files for
//! the scoring services that run an evaluator or a runtime (written by the worker).

use engine::export::{onnx_refusal, score_sql, Dialect, SqlExport};
use leptos::prelude::*;

use crate::{
    browser,
    components::alert::ErrorAlert,
    jobs::use_jobs,
    protocol::ModelFormat,
    state::{use_app_state, AppState},
};

/// What the panel offers and says for the current model.
#[component]
pub fn ExportPanel() -> impl IntoView {
    let state = use_app_state();
    let settings = state.export;
    let copied = RwSignal::new(None::<Result<(), ()>>);
    // The query for the current model and the current choices, written when asked for.
    let sql = move || {
        let dialect = settings.dialect.get_untracked();
        let table = settings.table.get_untracked();
        let columns = export_columns(state);
        state.current.with_untracked(|c| score_sql(&c.model, SqlExport { dialect, table: &table, columns: &columns }))
    };
    let download = move |_| browser::download_text("segmentum-score.sql", "application/sql", &sql());
    let copy = move |_| {
        let text = sql();
        leptos::task::spawn_local(async move {
            copied.set(Some(if browser::copy_text(&text).await { Ok(()) } else { Err(()) }));
        });
    };
    // Why the current model cannot be ONNX, if it cannot (categories, for now).
    let refusal = Memo::new(move |_| state.current.with(|c| onnx_refusal(&c.model).map(|e| e.to_string())));
    let jobs = use_jobs();
    let file_error = RwSignal::new(None::<String>);
    let download_file = move |format: ModelFormat| {
        let model = state.current.with_untracked(|c| c.model.clone());
        jobs.model_file(model, format, move |answer| match answer {
            Ok(file) => {
                file_error.set(None);
                let name = match format {
                    ModelFormat::Pmml => "segmentum-model.pmml",
                    ModelFormat::Onnx => "segmentum-model.onnx",
                };
                browser::download(name, file);
            }
            Err(e) if e.is_quiet() => {}
            Err(e) => file_error.set(Some(e.to_string())),
        });
    };
    // A new choice or a new model makes "Copied" stale.
    Effect::new(move |_| {
        settings.dialect.track();
        settings.table.track();
        state.current.track();
        copied.set(None);
    });
    view! {
        <div class="panel" data-testid="export-panel">
            <h3>"Score where your customers are"</h3>
            <p class="hint">
                "Customers in a warehouse or Spark? Run this model there: one SQL query that reads your table and "
                "returns every row with its segment_id, segment_name, distance_to_centroid, confidence and error, "
                "as Batch's results file has them. Your data never comes here."
            </p>
            <div class="export-row">
                <label class="field">"Dialect "
                    <select data-testid="sql-dialect"
                        on:change=move |e| if let Some(d) = Dialect::from_key(&event_target_value(&e)) { settings.dialect.set(d) }>
                        {Dialect::ALL.into_iter().map(|d| view! {
                            <option value=d.key() selected=move || settings.dialect.get() == d>{d.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">"Table "
                    <input type="text" data-testid="sql-table" spellcheck="false" autocomplete="off"
                        prop:value=move || settings.table.get()
                        on:input=move |e| settings.table.set(event_target_value(&e)) />
                </label>
            </div>
            <div class="load-row">
                <button data-testid="export-sql" on:click=download>"Download SQL"</button>
                <button data-testid="copy-sql" on:click=copy>"Copy SQL"</button>
                <span role="status" data-testid="copy-sql-status">{move || match copied.get() {
                    Some(Ok(())) => "Copied to the clipboard.",
                    Some(Err(())) => "This browser did not allow copying: download the file instead.",
                    None => "",
                }}</span>
            </div>
            <p class="hint">
                "The query reads these columns by name ("
                {move || {
                    state.current.track();
                    state.train_file.track();
                    export_columns(state).join(", ")
                }}
                "): the features as numbers (NULL for a missing number), the categories as text; edit its "
                "column list if your table differs. An error names the column and the value, not a line: a "
                "table row is its own place."
            </p>
            <h4>"For a scoring service"</h4>
            <div class="load-row">
                <button data-testid="export-pmml" on:click=move |_| download_file(ModelFormat::Pmml)>"Download PMML"</button>
                <button data-testid="export-onnx" disabled=move || refusal.with(Option::is_some)
                    on:click=move |_| download_file(ModelFormat::Onnx)>
                    "Download ONNX"
                </button>
            </div>
            <p class="hint">
                "PMML 4.4 (a ClusteringModel with the transforms, scaling and categories, the segment names as \
                 cluster names, ids 1 to k) for KNIME, SAS, SPSS and any PMML evaluator; it loads back here too."
            </p>
            <p class="hint" data-testid="export-onnx-note">{move || refusal.get().unwrap_or_else(|| {
                "ONNX runs in ONNX Runtime (Python, C#, Java, the browser), SQL Server's PREDICT and Spark: one \
                 input per feature, named after it (a missing number is NaN); it returns segment_id, \
                 distance_to_centroid, confidence and the distance to every centre, in doubles as Batch \
                 computes them. A row with a missing number this model does not fill gets segment_id 0."
                    .to_owned()
            })}</p>
            <ErrorAlert message=file_error />
        </div>
    }
}

/// The columns the query returns ahead of the results: the training file's, as Batch's file has
/// them, or the model's inputs for a model without its file (loaded, restored, imported).
fn export_columns(state: AppState) -> Vec<String> {
    state.current.with_untracked(|c| {
        state
            .train_file
            .with_untracked(|f| (c.file.as_ref() == Some(&f.key)).then(|| f.headers.clone()))
            .unwrap_or_else(|| c.model.inputs())
    })
}
