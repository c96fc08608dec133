//! Step 4 and the current model: train with the compared settings, score the new model on the
//! second worker, offer the exact silhouette, and download or load model files.

use engine::{kmeans::MAX_CLUSTERS, SegmentModel};
use leptos::prelude::*;

use super::{sweep::opt, SegmentCount, TrainSettings};
use crate::{
    browser,
    components::{
        alert::{AlertKind, ErrorAlert},
        file_drop::FileDrop,
    },
    format,
    jobs::{use_jobs, use_second_worker, JobError, SecondWorker, Source, TopicKind},
    protocol::{Timings, Trained, EXACT_SILHOUETTE_ROWS},
    state::{use_app_state, AppState, Current},
};

#[component]
pub fn TrainPanel(
    /// The settings the sweep compared; training uses exactly these.
    settings: TrainSettings,
    /// How many segments to train.
    k: SegmentCount,
) -> impl IntoView {
    let state = use_app_state();
    let outcome = state.train_outcome;
    let (jobs, second) = (use_jobs(), use_second_worker());
    let train = move |_| {
        let request = engine::TrainRequest {
            source: state.train_file.with_untracked(|f| f.name.clone()),
            created_at: browser::now_iso(),
            silhouette: false,
            ..untrack(|| settings.sweep()).train(k.k.get_untracked())
        };
        jobs.train(request, move |answer| match answer {
            Ok(trained) => {
                browser::mark_timings("data-train-timings", &trained.timings);
                outcome.set(Some(Ok(trained_message(&trained))));
                let Trained { model, sample, silhouette_sample: (points, labels), file, .. } = trained;
                score(state, second, &model, points, labels);
                state.show_model(Current::new(model, sample, file));
            }
            Err(JobError::Cancelled | JobError::Superseded) => {
                outcome.set(Some(Ok("Training cancelled; the model is unchanged.".into())))
            }
            Err(why) => outcome.set(Some(Err(why.to_string()))),
        });
    };
    view! {
        <div class="panel">
            <h3>"4. Train"</h3>
            <div class="inline-fields">
                <label class="field">"Segments (k) "
                    <input type="number" min="1" max=MAX_CLUSTERS data-testid="k-input" prop:value=move || k.k.get()
                        on:focus=move |_| k.hold()
                        on:input=move |e| if let Ok(v) = event_target_value(&e).parse() { k.type_in(v) } />
                </label>
                <button class="primary" data-testid="train-button" on:click=train>"Train"</button>
            </div>
            // A typed k stays; the recommendation for the settings on screen is offered beside it.
            {move || k.recommended.get().filter(|&r| r != k.k.get()).map(|r| view! {
                <p class="hint" data-testid="k-recommended-hint">
                    {format!("You chose k = {}; the comparison above recommends {r}. ", k.k.get())}
                    <button data-testid="k-use-recommended" on:click=move |_| k.use_recommended()>{format!("Use k = {r}")}</button>
                </p>
            })}
            <details class="advanced">
                <summary>"Advanced settings"</summary>
                <div class="inline-fields">
                    <NumberField label="Starts (n_init)" testid="n-init" value=settings.n_init />
                    <NumberField label="Seed" testid="seed" value=settings.seed />
                    <NumberField label="Max iterations" testid="max-iter" value=settings.max_iter />
                </div>
            </details>
            {move || outcome.get().and_then(Result::ok).map(|m| view! { <p class="success" role="status" data-testid="train-outcome">{m}</p> })}
            <ErrorAlert message=Signal::derive(move || outcome.get().and_then(Result::err)) />
        </div>
    }
}

/// "Trained 5 segments on 200 rows in 0.12 s. …"
fn trained_message(trained: &Trained) -> String {
    let k = trained.model.k();
    format!(
        "Trained {k} {} on {} rows in {}. The Overview and Analytics now show this model.",
        if k == 1 { "segment" } else { "segments" },
        format::thousands(trained.model.training.rows_used),
        seconds(&trained.timings)
    )
}

/// A job's total time, as people read it.
fn seconds(timings: &Timings) -> String {
    format!("{:.2} s", timings.iter().map(|(_, ms)| ms).sum::<f64>() / 1000.0)
}

/// Has the second worker score a new model's silhouette and then measure each segment's
/// stability on the same sample, filling both in if the model is still the current one (and no
/// exact silhouette arrived first). Training is never held up: the first worker is free.
fn score(state: AppState, second: SecondWorker, model: &SegmentModel, points: engine::Matrix, labels: Vec<usize>) {
    let (k, rows, created) = (model.k(), points.rows(), model.training.created_at.clone());
    let params = engine::KMeansParams { n_clusters: k, ..model.training.params };
    let jobs = second.jobs();
    let when = created.clone();
    state.scoring_error.set(None);
    jobs.silhouette(&created, (points.clone(), labels.clone(), k), move |answer| match answer {
        Ok(silhouette) => state.set_silhouette(&when, silhouette, rows, true),
        Err(e) if e.is_quiet() => {}
        Err(e) => state.scoring_error.set(Some(format!("The silhouette could not be measured: {e}"))),
    });
    let when = created.clone();
    jobs.stability(&created, (points, labels, params), STABILITY_LABEL, move |answer| match answer {
        Ok(stability) => state.set_stability(&when, &stability),
        // Stopped by the user (with the silhouette, if it was still being measured): the page
        // says why the figures are missing.
        Err(JobError::Cancelled) => {
            let shown = state.current.with_untracked(|c| {
                let t = &c.model.training;
                (t.created_at == when).then_some(t.silhouette.is_some())
            });
            if let Some(silhouette) = shown {
                state.scoring_error.set(Some(stopped_message(silhouette)));
            }
        }
        Err(e) if e.is_quiet() => {}
        Err(e) => state.scoring_error.set(Some(format!("Stability could not be measured: {e}"))),
    });
}

/// What measuring stability is called in its progress line.
const STABILITY_LABEL: &str = "Measuring stability";
/// Said when the user stopped measuring stability (and the silhouette, unless it was measured).
fn stopped_message(silhouette: bool) -> String {
    if silhouette {
        "You stopped the stability check, so the segments have no stability score. Train again to measure it."
            .to_owned()
    } else {
        "You stopped the silhouette and stability checks, so the model has no silhouette and its segments no \
         stability score. Train again to measure them."
            .to_owned()
    }
}

/// The stability measurement's progress, with a way to stop it (the model keeps no stability).
#[component]
fn StabilityProgress() -> impl IntoView {
    let second = use_second_worker();
    move || {
        second.status().filter(|s| s.running() && s.label == STABILITY_LABEL).map(|s| {
            view! {
                <p class="hint" role="status" data-testid="stability-progress">
                    "Measuring how stable each segment is (20 bootstrap refits, in the background): " {s.progress.phase} " "
                    <button data-testid="stability-cancel" on:click=move |_| second.jobs().cancel_topic(TopicKind::Scoring)>"Stop"</button>
                </p>
            }
        })
    }
}

/// What the silhouette was computed on, when it was not every row.
fn silhouette_basis(t: &engine::model::TrainingInfo) -> Option<String> {
    (t.silhouette.is_some() && t.silhouette_rows < t.rows_used).then(|| {
        format!(
            " (on a seeded sample of {} of {} rows)",
            format::thousands(t.silhouette_rows),
            format::thousands(t.rows_used)
        )
    })
}

/// Offers the silhouette on every row when the current model's was sampled and was trained
/// here on a file the worker may still hold; the main worker computes it with the progress bar.
#[component]
fn ExactSilhouette() -> impl IntoView {
    let state = use_app_state();
    let jobs = use_jobs();
    let error = RwSignal::new(None::<String>);
    let cancelled = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        state.current.with(|c| {
            let t = &c.model.training;
            let offered = c.file.is_some()
                && t.silhouette.is_some()
                && t.silhouette_rows < t.rows_used
                && t.rows_used <= EXACT_SILHOUETTE_ROWS;
            offered.then_some(t.rows_used)
        })
    });
    let run = move |_| {
        let (model, file) = state.current.with_untracked(|c| (c.model.clone(), c.file));
        let Some(file) = file else { return };
        let created = model.training.created_at.clone();
        let rows = model.training.rows_used;
        let label = format!("Silhouette on all {} rows", format::thousands(rows));
        error.set(None);
        cancelled.set(false);
        jobs.exact_silhouette(model, file, &label, move |answer| match answer {
            Ok(silhouette) => state.set_silhouette(&created, silhouette, rows, false),
            Err(e) if e.is_quiet() => cancelled.set(true),
            Err(why) => error.set(Some(why.to_string())),
        });
    };
    view! {
        {move || rows.get().map(|n| view! {
            <p class="hint">
                <button data-testid="silhouette-exact" on:click=run>
                    {format!("Silhouette on all {} rows", format::thousands(n))}
                </button>
                " Exact rather than sampled; it measures every pair of customers, which takes a few seconds at 100,000 rows."
                <Show when=move || cancelled.get()>" Cancelled; the sampled figure stays."</Show>
            </p>
        })}
        <ErrorAlert message=error />
    }
}

/// The model's category features with how many values each has: "Genre (2 values)", or "None".
fn categories(model: &SegmentModel) -> String {
    let named: Vec<String> = model
        .encoding
        .categories
        .iter()
        .map(|c| format!("{} ({} values)", c.name.trim(), format::thousands(c.values.len())))
        .collect();
    if named.is_empty() {
        "None".to_owned()
    } else {
        named.join(", ")
    }
}

/// The numbers transformed before scaling, each with its transform: "Annual Income (k$): Log,
/// ln(1 + x)", or "None".
fn transforms(model: &SegmentModel) -> String {
    let named: Vec<String> = model
        .features()
        .iter()
        .zip(&model.encoding.transforms)
        .filter(|(_, t)| t.kind() != engine::prep::TransformKind::None)
        .map(|(f, t)| format!("{}: {}", f.trim(), t.kind().label()))
        .collect();
    if named.is_empty() {
        "None".to_owned()
    } else {
        named.join("; ")
    }
}

/// A labelled whole-number input bound to a signal; keeps the last valid value.
#[component]
fn NumberField<T>(
    /// Visible label.
    label: &'static str,
    /// `data-testid` of the input.
    testid: &'static str,
    /// The value.
    value: RwSignal<T>,
) -> impl IntoView
where
    T: std::str::FromStr + std::fmt::Display + Clone + Send + Sync + 'static,
{
    view! {
        <label class="field">{label} " "
            <input type="number" min="1" data-testid=testid prop:value=move || value.get().to_string()
                on:input=move |e| if let Ok(v) = event_target_value(&e).parse() { value.set(v) } />
        </label>
    }
}

/// The current model's figures, and its file: download and load.
#[component]
pub fn ModelPanel() -> impl IntoView {
    let state = use_app_state();
    let current = state.current;
    let model_error = RwSignal::new(None::<String>);
    let jobs = use_jobs();
    let on_model_file = Callback::new(move |source: Source| {
        let Source::File { name, blob, .. } = source else { return };
        // The worker reads it (a file past any model's size unread): PMML is another tool's
        // file, and its reader stays off the page's thread and out of its code.
        jobs.read_model(name.clone(), blob, move |answer| match answer {
            Ok(model) => {
                state.show_model(Current::model_only(model));
                model_error.set(None);
            }
            Err(e) if e.is_quiet() => {}
            Err(e) => model_error.set(Some(format!("{name}: {e} The current model is unchanged."))),
        });
    });
    let download = move |_| {
        current
            .with_untracked(|c| browser::download_text("segmentum-model.json", "application/json", &c.model.to_json()))
    };
    view! {
        <div class="panel">
            <h3>"Current model"</h3>
            {move || current.with(|c| {
                let t = &c.model.training;
                view! {
                    <dl class="model-facts">
                        <div class="wide"><dt>"Source"</dt>
                            <dd class="file-name" title=t.source.clone() data-testid="model-source">{t.source.clone()}</dd></div>
                        {c.model.imported.as_ref().map(|i| view! {
                            <div><dt>"Read from"</dt><dd data-testid="model-imported">
                                {if i.application.is_empty() { "a PMML file".to_owned() } else { format!("a PMML file by {}", i.application) }}
                            </dd></div>
                        })}
                        <div><dt>"Segments"</dt><dd>{c.model.k()}</dd></div>
                        // A list of names: a row of its own, so no name is broken to fit a tile.
                        <div class=wide_when(c.model.features().len() > 3)><dt>"Features"</dt><dd data-testid="model-features">{c.model.features().join(", ")}</dd></div>
                        <div><dt>"Categories"</dt><dd data-testid="model-categories">{categories(&c.model)}</dd></div>
                        <div class=wide_when(!c.model.encoding.transforms.is_empty())><dt>"Transforms"</dt><dd data-testid="model-transforms">{transforms(&c.model)}</dd></div>
                        <div><dt>"Missing numbers"</dt><dd>{c.model.encoding.missing.label()}</dd></div>
                        <div><dt>"Scaling"</dt><dd>{c.model.encoding.scaling.kind.label()}</dd></div>
                        <div><dt>"Rows used"</dt><dd>{format::thousands(t.rows_used)}</dd></div>
                        <div><dt>"Inertia (WCSS)"</dt><dd data-testid="model-inertia">{
                            // A model read from a file comes without its customers.
                            if c.model.imported.is_some() { "— (not in the file)".to_owned() } else { format!("{:.2}", t.inertia) }
                        }</dd></div>
                        <div><dt>"Silhouette"</dt><dd>
                            <span data-testid="model-silhouette">{opt(t.silhouette, 3)}</span>
                            {silhouette_basis(t)}
                        </dd></div>
                        {t.stability_resamples.map(|(refitted, drawn)| view! {
                            <div><dt>"Stability"</dt><dd data-testid="stability-resamples">
                                {format!("measured over {refitted} of {drawn} bootstrap resamples")}
                            </dd></div>
                        })}
                    </dl>
                }
            })}
            <ExactSilhouette />
            <StabilityProgress />
            <div data-testid="scoring-error">
                <ErrorAlert message=state.scoring_error kind=AlertKind::Warning />
            </div>
            <div class="load-row">
                <button data-testid="model-download" on:click=download>"Download model"</button>
                <FileDrop testid="model-upload" label="a model file (.json, or PMML from R, KNIME, Spark…)"
                    accept=".json,application/json,.pmml,.xml,application/xml,text/xml" on_file=on_model_file />
            </div>
            <ErrorAlert message=model_error />
        </div>
    }
}

/// The class of a fact that takes a row of its own when `long`.
fn wide_when(long: bool) -> &'static str {
    if long {
        "wide"
    } else {
        ""
    }
}
