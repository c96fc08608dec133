//! Train on your own data: load a CSV, choose features and scaling, weigh the
//! evidence for k, train, and keep the model.

use std::sync::Arc;

use engine::{
    default_features,
    kmeans::{DEFAULT_N_INIT, DEFAULT_SEED, MAX_CLUSTERS},
    segment_table,
    sweep::{sweep, Sweep},
    KMeansParams, Scaler, ScalingKind, SegmentModel, TrainRequest,
};
use leptos::prelude::*;

use crate::{
    browser, charts,
    components::{
        alert::ErrorAlert,
        chart::Chart,
        file_drop::{FileDrop, PickedFile},
        table_preview::table_preview,
    },
    format,
    state::{use_app_state, Current, Dataset, Shared},
};

/// Line numbers listed in the skipped-rows warning.
const LISTED_LINES: usize = 5;

#[component]
pub fn Train() -> impl IntoView {
    let state = use_app_state();
    let dataset = state.dataset;
    let load_error = RwSignal::new(None::<String>);
    let features = RwSignal::new(dataset.with_untracked(|d| default_features(&d.table)));
    let scaling = RwSignal::new(ScalingKind::None);
    let k_from = RwSignal::new(2usize);
    let k_to = RwSignal::new(10usize);
    let k = RwSignal::new(5usize);
    let n_init = RwSignal::new(DEFAULT_N_INIT);
    let seed = RwSignal::new(DEFAULT_SEED);
    let max_iter = RwSignal::new(300usize);
    let outcome = RwSignal::new(None::<Result<String, String>>);

    let on_data_file =
        Callback::new(move |(name, bytes): PickedFile| match bytes.and_then(|b| Dataset::from_file(name, &b)) {
            Ok(d) => {
                features.set(default_features(&d.table));
                dataset.set(Arc::new(d));
                load_error.set(None);
                outcome.set(None);
            }
            Err(e) => load_error.set(Some(format!("{e} The data already loaded is unchanged."))),
        });
    let use_demo = move |_| {
        let demo = Dataset::demo();
        features.set(default_features(&demo.table));
        dataset.set(Arc::new(demo));
        load_error.set(None);
        outcome.set(None);
    };

    let extraction = Memo::new(move |_| {
        let columns = features.get();
        dataset.with(|d| Shared::new(d.table.extract(&columns)))
    });
    let sweep_result = Memo::new(move |_| {
        let ex = extraction.get();
        let (lo, hi) = (k_from.get(), k_to.get());
        let base = KMeansParams::new(2).n_init(n_init.get().max(1)).seed(seed.get());
        run_sweep(&ex.matrix, scaling.get(), lo, hi, base).map(Shared::new)
    });
    let recommendation = Memo::new(move |_| sweep_result.with(|s| s.as_ref().ok().and_then(|s| s.recommend())));
    Effect::new(move |_| {
        if let Some(r) = recommendation.get() {
            k.set(r.k);
        }
    });

    let train = move |_| {
        let request = TrainRequest {
            columns: features.get_untracked(),
            scaling: scaling.get_untracked(),
            params: KMeansParams::new(k.get_untracked())
                .n_init(n_init.get_untracked())
                .seed(seed.get_untracked())
                .max_iter(max_iter.get_untracked()),
            source: dataset.with_untracked(|d| d.name.clone()),
            created_at: browser::now_iso(),
        };
        let result = dataset.with_untracked(|d| segment_table(&d.table, &request));
        match result {
            Ok(s) => {
                let k = s.model.k();
                let msg = format!(
                    "Trained {k} {} on {} rows. The Overview and Analytics now show this model.",
                    if k == 1 { "segment" } else { "segments" },
                    format::thousands(s.model.training.rows_used)
                );
                state.current.set(Arc::new(Current::from_segmentation(s)));
                outcome.set(Some(Ok(msg)));
            }
            Err(e) => outcome.set(Some(Err(e.to_string()))),
        }
    };

    view! {
        <section class="page" aria-labelledby="train-title">
            <h2 id="train-title">"Train on your data"</h2>

            <div class="panel">
                <h3>"1. Load data"</h3>
                <p class="hint">"The file is read on this computer; nothing is uploaded."</p>
                <div class="load-row">
                    <FileDrop testid="train-file" label="a customer CSV" accept=".csv,.tsv,.txt,text/csv" on_file=on_data_file />
                    <button data-testid="use-demo" on:click=use_demo>"Use the demo data"</button>
                </div>
                <ErrorAlert message=load_error />
                <DataPreview />
            </div>

            <div class="panel">
                <h3>"2. Choose features and scaling"</h3>
                <FeaturePicker features=features />
                <SkippedRows extraction=extraction />
                <label class="field">"Scaling "
                    <select data-testid="scaling" on:change=move |e| {
                        scaling.set(ScalingKind::from_key(&event_target_value(&e)).unwrap_or_default())
                    }>
                        {ScalingKind::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || scaling.get() == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>

            <div class="panel">
                <h3>"3. How many segments?"</h3>
                <div class="inline-fields">
                    {k_bound("From k = ", "k-from", k_from)}
                    {k_bound("to k = ", "k-to", k_to)}
                </div>
                <SweepView sweep=sweep_result />
            </div>

            <div class="panel">
                <h3>"4. Train"</h3>
                <div class="inline-fields">
                    <label class="field">"Segments (k) "
                        <input type="number" min="1" max=MAX_CLUSTERS data-testid="k-input" prop:value=move || k.get()
                            on:input=move |e| if let Ok(v) = event_target_value(&e).parse() { k.set(v) } />
                    </label>
                    <button class="primary" data-testid="train-button" on:click=train>"Train"</button>
                </div>
                <details class="advanced">
                    <summary>"Advanced settings"</summary>
                    <div class="inline-fields">
                        <NumberField label="Starts (n_init)" testid="n-init" value=n_init />
                        <NumberField label="Seed" testid="seed" value=seed />
                        <NumberField label="Max iterations" testid="max-iter" value=max_iter />
                    </div>
                </details>
                {move || outcome.get().and_then(Result::ok).map(|m| view! { <p class="success" role="status">{m}</p> })}
                <ErrorAlert message=Signal::derive(move || outcome.get().and_then(Result::err)) />
            </div>

            <ModelPanel />
        </section>
    }
}

/// Scales, then scores every k in `lo..=hi`; refuses ranges the data cannot support.
fn run_sweep(
    x: &engine::Matrix,
    scaling: ScalingKind,
    lo: usize,
    hi: usize,
    base: KMeansParams,
) -> Result<Sweep, String> {
    if x.rows() == 0 {
        return Err("No rows have numbers in every chosen feature.".into());
    }
    if lo < 2 || hi > MAX_CLUSTERS || lo > hi {
        return Err(format!("Choose a range of k between 2 and {MAX_CLUSTERS}, lowest first."));
    }
    if hi >= x.rows() {
        return Err(format!("k must stay below the number of rows ({}).", x.rows()));
    }
    let scaled = Scaler::fit(scaling, x).transform(x);
    sweep(&scaled, lo..=hi, base, |_| {}).map_err(|e| e.to_string())
}

/// File name, size, and the first rows with each column's detected type.
#[component]
fn DataPreview() -> impl IntoView {
    let dataset = use_app_state().dataset;
    move || dataset.with(|d| table_preview(d, "data-summary", "data-preview"))
}

/// One checkbox per numeric column.
#[component]
fn FeaturePicker(
    /// The chosen columns, in table order.
    features: RwSignal<Vec<usize>>,
) -> impl IntoView {
    let dataset = use_app_state().dataset;
    let toggle = move |col: usize, on: bool| {
        features.update(|f| {
            f.retain(|&c| c != col);
            if on {
                f.push(col);
                f.sort_unstable();
            }
        })
    };
    view! {
        <fieldset class="feature-picker" data-testid="feature-picker">
            <legend>"Features to segment on"</legend>
            {move || dataset.with(|d| {
                let t = &d.table;
                (0..t.headers().len()).filter(|&c| d.numeric[c]).map(|c| {
                    let name = t.headers()[c].clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" value=name.clone()
                                prop:checked=move || features.with(|f| f.contains(&c))
                                on:change=move |e| toggle(c, event_target_checked(&e)) />
                            {name}
                        </label>
                    }
                }).collect_view()
            })}
            <ErrorAlert message=Signal::derive(move || features.with(Vec::is_empty).then(|| "Choose at least one feature.".to_owned())) />
        </fieldset>
    }
}

/// Rows left out of training, never silently.
#[component]
fn SkippedRows(
    /// The rows that parsed and the rows that did not.
    extraction: Memo<Shared<engine::dataset::Extraction>>,
) -> impl IntoView {
    move || {
        extraction.with(|ex| {
            let n = ex.skipped.len();
            (n > 0).then(|| {
                let first: Vec<String> = ex.skipped.iter().take(LISTED_LINES).map(ToString::to_string).collect();
                view! {
                    <div class="warning" data-testid="skipped-rows">
                        <div role="alert" data-testid="error">
                            <p><strong>{format::thousands(n)} {if n == 1 { " row is" } else { " rows are" }}
                                " left out of training"</strong> ", each for the first problem found in it:"</p>
                            <ul>{first.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        </div>
                    </div>
                }
            })
        })
    }
}

/// Elbow and silhouette charts, the metrics table and the recommendation.
#[component]
fn SweepView(
    /// The sweep, or why it could not run.
    sweep: Memo<Result<Shared<Sweep>, String>>,
) -> impl IntoView {
    let recommended = Memo::new(move |_| sweep.with(|s| s.as_ref().ok().and_then(|s| s.recommend())));
    let ok = move || sweep.with(|s| s.is_ok());
    let elbow = Signal::derive(move || {
        sweep.with(|s| s.as_ref().map(|s| charts::elbow_chart(s, recommended.get().map(|r| r.k))).unwrap_or_default())
    });
    let silhouette = Signal::derive(move || {
        sweep.with(|s| {
            s.as_ref().map(|s| charts::silhouette_chart(s, recommended.get().map(|r| r.k))).unwrap_or_default()
        })
    });
    let sample_note = move || {
        sweep.with(|s| {
            s.as_ref().ok().filter(|s| s.silhouette_rows < s.rows).map(|s| {
                format!(
                    "Silhouette computed on a seeded random sample of {} of {} rows.",
                    format::thousands(s.silhouette_rows),
                    format::thousands(s.rows)
                )
            })
        })
    };
    let table_rows = move || {
        sweep.with(|s| {
            s.as_ref().ok().map(|s| {
                s.scores
                    .iter()
                    .map(|sc| {
                        let best = recommended.get().is_some_and(|r| r.k == sc.k);
                        view! {
                            <tr class:best=best>
                                <td>{sc.k}</td>
                                <td>{format!("{:.2}", sc.inertia)}</td>
                                <td>{opt(sc.silhouette, 3)}</td>
                                <td>{opt(sc.calinski_harabasz, 1)}</td>
                                <td>{opt(sc.davies_bouldin, 3)}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <ErrorAlert message=Signal::derive(move || sweep.with(|s| s.as_ref().err().cloned())) />
        <Show when=ok>
            <p class="recommendation">
                "Recommended: k = " <strong data-testid="recommended-k">{move || recommended.get().map(|r| r.k)}</strong>
                ". " {move || recommended.get().map(|r| r.reason)}
            </p>
            <div class="chart-pair">
                <Chart option=elbow testid="elbow-chart"
                    caption="Elbow chart: within-cluster sum of squares (WCSS) for each k. Look for the bend where extra segments stop paying off." />
                <Chart option=silhouette testid="silhouette-chart"
                    caption="Mean silhouette for each k (higher is better separated); the recommended k is green." />
            </div>
            <p class="hint">{sample_note}</p>
            <p class="hint" data-testid="sweep-stopped">{move || sweep.with(|s| s.as_ref().ok().and_then(|s| s.stopped.clone()))}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Metrics for every k">
                <table data-testid="k-metrics-table">
                    <caption>"Every metric for every k (WCSS and Davies–Bouldin: lower is better; silhouette and Calinski–Harabasz: higher is better)"</caption>
                    <thead><tr>
                        <th scope="col">"k"</th><th scope="col">"WCSS"</th><th scope="col">"Silhouette"</th>
                        <th scope="col">"Calinski–Harabasz"</th><th scope="col">"Davies–Bouldin"</th>
                    </tr></thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </div>
        </Show>
    }
}

/// One end of the sweep's k range. Applied on change, not per keystroke: each change reruns the sweep.
fn k_bound(label: &'static str, testid: &'static str, value: RwSignal<usize>) -> impl IntoView {
    view! {
        <label class="field">{label}
            <input type="number" min="2" max=MAX_CLUSTERS data-testid=testid prop:value=move || value.get()
                on:change=move |e| if let Ok(v) = event_target_value(&e).parse() { value.set(v) } />
        </label>
    }
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.decimals$}"))
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
fn ModelPanel() -> impl IntoView {
    let current = use_app_state().current;
    let model_error = RwSignal::new(None::<String>);
    let on_model_file = Callback::new(move |(name, bytes): PickedFile| {
        let parsed = bytes.and_then(|b| {
            let text =
                String::from_utf8(b).map_err(|_| "This file is not a Segmentum model: it is not text.".to_owned())?;
            SegmentModel::from_json(&text).map_err(|e| e.to_string())
        });
        match parsed {
            Ok(model) => {
                current.set(Arc::new(Current::model_only(model)));
                model_error.set(None);
            }
            Err(e) => model_error.set(Some(format!("{name}: {e} The current model is unchanged."))),
        }
    });
    let download = move |_| {
        current.with_untracked(|c| browser::download("segmentum-model.json", "application/json", &c.model.to_json()))
    };
    view! {
        <div class="panel">
            <h3>"Current model"</h3>
            {move || current.with(|c| {
                let t = &c.model.training;
                view! {
                    <dl class="model-facts">
                        <div><dt>"Source"</dt><dd data-testid="model-source">{t.source.clone()}</dd></div>
                        <div><dt>"Segments"</dt><dd>{c.model.k()}</dd></div>
                        <div><dt>"Features"</dt><dd>{c.model.features.join(", ")}</dd></div>
                        <div><dt>"Scaling"</dt><dd>{c.model.scaling.kind.label()}</dd></div>
                        <div><dt>"Rows used"</dt><dd>{format::thousands(t.rows_used)}</dd></div>
                        <div><dt>"Inertia (WCSS)"</dt><dd data-testid="model-inertia">{format!("{:.2}", t.inertia)}</dd></div>
                        <div><dt>"Silhouette"</dt><dd data-testid="model-silhouette">{opt(t.silhouette, 3)}</dd></div>
                    </dl>
                }
            })}
            <div class="load-row">
                <button data-testid="model-download" on:click=download>"Download model"</button>
                <FileDrop testid="model-upload" label="a model file (.json)" accept=".json,application/json" on_file=on_model_file />
            </div>
            <ErrorAlert message=model_error />
        </div>
    }
}
