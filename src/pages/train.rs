//! Train on your own data: load a CSV, choose features and scaling, weigh the
//! evidence for k, train, and keep the model. The worker holds the file and does
//! the sweep and the training; this page sends settings and shows answers.

use std::{cell::RefCell, rc::Rc, sync::Arc};

use engine::{
    kmeans::{DEFAULT_N_INIT, DEFAULT_SEED, MAX_CLUSTERS},
    sweep::{split_ks, Sweep},
    KMeansParams, ScalingKind, SegmentModel, TrainRequest,
};
use leptos::prelude::*;

use crate::{
    browser, charts,
    components::{alert::ErrorAlert, chart::Chart, file_drop::FileDrop, table_preview::table_preview},
    format,
    jobs::{use_jobs, use_scorer, Answer, Jobs, Scorer, Source, CANCELLED},
    protocol::{Request, Response, Slot, Timings, AUTO_SWEEP_ROWS, EXACT_SILHOUETTE_ROWS},
    state::{use_app_state, Current, Shared},
};

/// What a k sweep is called in progress reports.
const SWEEP_LABEL: &str = "Comparing k";

/// Line numbers listed in the skipped-rows warning.
const LISTED_LINES: usize = 5;

/// Rows left out for the chosen features, as the worker counted them.
#[derive(Debug, Clone, PartialEq)]
struct Inspection {
    skipped: usize,
    first: Vec<String>,
}

type SweepState = Option<Result<Shared<Sweep>, String>>;

#[component]
pub fn Train() -> impl IntoView {
    let state = use_app_state();
    let jobs = use_jobs();
    let scorer = use_scorer();
    let train_file = state.train_file;
    let load_error = RwSignal::new(None::<String>);
    let features = RwSignal::new(train_file.with_untracked(|f| f.default_features.clone()));
    let scaling = RwSignal::new(ScalingKind::None);
    let k_from = RwSignal::new(2usize);
    let k_to = RwSignal::new(10usize);
    let k = RwSignal::new(5usize);
    let n_init = RwSignal::new(DEFAULT_N_INIT);
    let seed = RwSignal::new(DEFAULT_SEED);
    let max_iter = RwSignal::new(300usize);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let inspection = RwSignal::new(None::<Inspection>);
    let sweep_run = state.sweep;

    // A file small enough to sweep at once is also handed to the second worker,
    // which sweeps it while the first stays free to train.
    let on_loaded = move |source: Source| {
        move |answer: Answer| match answer {
            Ok((Response::Loaded { summary }, _)) => {
                if summary.rows <= AUTO_SWEEP_ROWS {
                    scorer.jobs().load(Slot::Train, source, |_| {});
                }
                browser::mark_timings("data-load-timings", &summary.timings);
                features.set(summary.default_features.clone());
                train_file.set(Arc::new(summary));
                load_error.set(None);
                outcome.set(None);
            }
            Ok(_) => {}
            Err(e) if e == CANCELLED => {}
            Err(e) => load_error.set(Some(format!("{e} The data already loaded is unchanged."))),
        }
    };
    let on_data_file = Callback::new(move |source: Source| jobs.load(Slot::Train, source.clone(), on_loaded(source)));
    let use_demo = move |_| jobs.load(Slot::Train, Source::Demo, on_loaded(Source::Demo));

    // Which rows the chosen features leave out: counted by the worker whenever the file or features change.
    Effect::new(move |_| {
        train_file.track();
        let request = Request::Inspect { features: features.get() };
        jobs.run(request, "Checking rows", true, move |answer| {
            if let Ok((Response::Inspected { skipped, first, .. }, _)) = answer {
                inspection.set(Some(Inspection { skipped, first }));
            }
        });
    });

    let sweep_settings = move || Request::Sweep {
        features: features.get(),
        scaling: scaling.get(),
        k_from: k_from.get(),
        k_to: k_to.get(),
        n_init: n_init.get().max(1),
        seed: seed.get(),
        only: None,
    };
    let big = Memo::new(move |_| train_file.with(|f| f.rows > AUTO_SWEEP_ROWS));
    // A sweep belongs to a file (by name and size) and its settings.
    let sweep_request = move || {
        let file = train_file.with(|f| format!("{} ({} rows)", f.name, f.rows));
        (file, sweep_settings())
    };
    let run_sweep = move || {
        let (file, request) = sweep_request();
        let kept = request.clone();
        let show = move |result: Result<Sweep, String>| {
            sweep_run.set(Some((file.clone(), kept.clone(), result.map(Shared::new))));
        };
        // Small files are swept by the second worker; big ones, on demand, by both (with Cancel).
        if big.get_untracked() {
            sweep_on_both(jobs, scorer, request, show);
            return;
        }
        scorer.jobs().run(request, SWEEP_LABEL, false, move |answer| match answer {
            Ok((Response::Swept { sweep }, _)) => show(Ok(sweep)),
            Ok(_) => {}
            Err(e) if e == CANCELLED => {}
            Err(e) => show(Err(e)),
        });
    };
    // The sweep shown is the one for the current file and settings.
    let sweep_result = Memo::new(move |_| {
        let (file, settings) = sweep_request();
        sweep_run
            .with(|r| r.as_ref().filter(|(f, s, _)| *f == file && *s == settings).map(|(_, _, result)| result.clone()))
    });
    // Small files are swept as soon as anything changes; big ones when asked, so training never waits.
    let launched = StoredValue::new(None::<(String, Request)>);
    Effect::new(move |_| {
        let wanted = sweep_request();
        let shown = sweep_result.with(Option::is_some);
        let asked = launched.with_value(|l| l.as_ref() == Some(&wanted));
        if !shown && !asked && !big.get() {
            launched.set_value(Some(wanted));
            untrack(run_sweep);
        }
    });
    let recommendation =
        Memo::new(move |_| sweep_result.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).and_then(|s| s.recommend())));
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
            source: train_file.with_untracked(|f| f.name.clone()),
            created_at: browser::now_iso(),
            silhouette: false,
        };
        jobs.run(Request::Train { request }, "Training", false, move |answer| match answer {
            Ok((Response::Trained { model, sample, silhouette_sample: (points, labels), timings }, _)) => {
                score(state.current, scorer, &model, points, labels);
                let k = model.k();
                let msg = format!(
                    "Trained {k} {} on {} rows in {}. The Overview and Analytics now show this model.",
                    if k == 1 { "segment" } else { "segments" },
                    format::thousands(model.training.rows_used),
                    seconds(&timings)
                );
                state.current.set(Arc::new(Current { model: *model, data: Some(sample) }));
                outcome.set(Some(Ok(msg)));
                browser::mark_timings("data-train-timings", &timings);
            }
            Ok(_) => {}
            Err(e) if e == CANCELLED => outcome.set(Some(Ok("Training cancelled; the model is unchanged.".into()))),
            Err(e) => outcome.set(Some(Err(e))),
        });
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
                {move || train_file.with(|f| table_preview(f, "data-summary", "data-preview"))}
            </div>

            <div class="panel">
                <h3>"2. Choose features and scaling"</h3>
                <FeaturePicker features=features />
                <SkippedRows inspection=inspection />
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
                <Show when=move || big.get()>
                    <p class="hint">
                        "This file has more than " {format::thousands(AUTO_SWEEP_ROWS)}
                        " rows, so comparing k runs when you ask (it takes a few seconds) and never holds up training."
                    </p>
                    <button data-testid="sweep-run" on:click=move |_| {
                        launched.set_value(Some(untrack(sweep_request)));
                        untrack(run_sweep)
                    }>"Compare k"</button>
                </Show>
                {move || scorer.progress().filter(|p| p.running && p.label == SWEEP_LABEL).map(|p| view! {
                    <p class="hint" role="status" data-testid="sweep-progress">"Comparing k in the background: " {p.phase}</p>
                })}
                <SweepView sweep=sweep_result.into() />
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
                {move || outcome.get().and_then(Result::ok).map(|m| view! { <p class="success" role="status" data-testid="train-outcome">{m}</p> })}
                <ErrorAlert message=Signal::derive(move || outcome.get().and_then(Result::err)) />
            </div>

            <ModelPanel />
        </section>
    }
}

/// Sweeps a big file on both workers: the first sends the second the scaled features, then
/// each takes about half of the k (`split_ks`) and the shares are merged. The result is the
/// same as one worker sweeping every k. Cancel (on the first worker's job) stops both.
fn sweep_on_both(jobs: Jobs, scorer: Scorer, request: Request, show: impl Fn(Result<Sweep, String>) + 'static) {
    let Request::Sweep { features, scaling, k_from, k_to, n_init, seed, .. } = request else { return };
    let [mine, theirs] = split_ks(k_from..=k_to);
    let mine = Request::Sweep { features: features.clone(), scaling, k_from, k_to, n_init, seed, only: Some(mine) };
    // The shares' answers; `None` once the sweep was cancelled. Not a StoredValue: the answers
    // must be collected even if the user has left this page meanwhile.
    let shares = Rc::new(RefCell::new(Some(Vec::<Result<Sweep, String>>::new())));
    let show = Rc::new(show);
    let failed = show.clone();
    // What to do with one share's answer; `other` runs the other share.
    let collect = move |other: Jobs| {
        let (show, shares) = (show.clone(), shares.clone());
        move |answer: Answer| {
            let share = match answer {
                Ok((Response::Swept { sweep }, _)) => Ok(sweep),
                Ok(_) => return,
                Err(e) if e == CANCELLED => {
                    // One share cancelled ends the sweep: stop the other if it is still running.
                    let other_running = shares.borrow_mut().take().is_some_and(|s| s.is_empty());
                    if other_running {
                        other.cancel();
                    }
                    return;
                }
                Err(e) => Err(e),
            };
            let both = {
                let mut shares = shares.borrow_mut();
                let Some(done) = shares.as_mut() else { return };
                done.push(share);
                if done.len() < 2 {
                    return;
                }
                shares.take().unwrap_or_default()
            };
            let all: Result<Vec<Sweep>, String> = both.into_iter().collect();
            show(all.and_then(Sweep::merge));
        }
    };
    let space = Request::ModelSpace { features, scaling };
    jobs.run(space, SWEEP_LABEL, false, move |answer| match answer {
        Ok((Response::ModelSpace { dim }, blob)) => {
            let theirs = Request::SweepPoints { dim, ks: theirs, n_init, seed };
            let second = scorer.jobs();
            second.run_with_bytes(theirs, blob, SWEEP_LABEL, false, collect(jobs));
            jobs.run(mine, SWEEP_LABEL, false, collect(second));
        }
        Ok(_) => {}
        Err(e) if e == CANCELLED => {}
        Err(e) => failed(Err(e)),
    });
}

/// Has the second worker score a new model's silhouette, and fills it in if the model is still the current one.
fn score(
    current: RwSignal<Arc<Current>>,
    scorer: Scorer,
    model: &SegmentModel,
    points: engine::Matrix,
    labels: Vec<usize>,
) {
    let (k, rows, created) = (model.k(), points.rows(), model.training.created_at.clone());
    scorer.jobs().run(Request::Silhouette { points, labels, k }, "Scoring the model", true, move |answer| {
        let Ok((Response::Scored { silhouette }, _)) = answer else { return };
        // An exact figure that arrived first is not replaced by the sampled one.
        set_silhouette(current, &created, silhouette, rows, |t| t.silhouette.is_none());
    });
}

/// Sets the current model's silhouette and the rows it was computed on, if the current model
/// is still the one trained at `created` and `wanted` agrees.
fn set_silhouette(
    current: RwSignal<Arc<Current>>,
    created: &str,
    silhouette: Option<f64>,
    rows: usize,
    wanted: impl Fn(&engine::model::TrainingInfo) -> bool,
) {
    let mut next = (*current.get_untracked()).clone();
    let t = &mut next.model.training;
    if t.created_at == created && wanted(t) {
        t.silhouette = silhouette;
        t.silhouette_rows = rows;
        current.set(Arc::new(next));
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
/// here on the file the worker still holds; the main worker computes it with the progress bar.
#[component]
fn ExactSilhouette() -> impl IntoView {
    let state = use_app_state();
    let jobs = use_jobs();
    let error = RwSignal::new(None::<String>);
    let cancelled = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        state.current.with(|c| {
            let t = &c.model.training;
            let offered = c.data.is_some()
                && t.silhouette.is_some()
                && t.silhouette_rows < t.rows_used
                && t.rows_used <= EXACT_SILHOUETTE_ROWS;
            offered.then_some(t.rows_used)
        })
    });
    let run = move |_| {
        let model = state.current.with_untracked(|c| c.model.clone());
        let created = model.training.created_at.clone();
        let rows = model.training.rows_used;
        let label = format!("Silhouette on all {} rows", format::thousands(rows));
        error.set(None);
        cancelled.set(false);
        jobs.run(Request::ExactSilhouette { model: Box::new(model) }, &label, false, move |answer| match answer {
            Ok((Response::Scored { silhouette }, _)) => {
                set_silhouette(state.current, &created, silhouette, rows, |_| true)
            }
            Ok(_) => {}
            Err(e) if e == CANCELLED => cancelled.set(true),
            Err(e) => error.set(Some(e)),
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

/// A job's total time, as people read it.
fn seconds(timings: &Timings) -> String {
    format!("{:.2} s", timings.iter().map(|(_, ms)| ms).sum::<f64>() / 1000.0)
}

/// One checkbox per numeric column.
#[component]
fn FeaturePicker(
    /// The chosen columns, in table order.
    features: RwSignal<Vec<usize>>,
) -> impl IntoView {
    let train_file = use_app_state().train_file;
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
            {move || train_file.with(|f| {
                (0..f.headers.len()).filter(|&c| f.numeric[c]).map(|c| {
                    let name = f.headers[c].clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" value=name.clone()
                                prop:checked=move || features.with(|f| f.contains(&c))
                                on:change=move |e| toggle(c, event_target_checked(&e)) />
                            {format::cell(&name)}
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
    /// What the worker found for the chosen features.
    inspection: RwSignal<Option<Inspection>>,
) -> impl IntoView {
    move || {
        inspection.get().filter(|i| i.skipped > 0).map(|i| {
            let n = i.skipped;
            let first: Vec<String> = i.first.into_iter().take(LISTED_LINES).collect();
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
    }
}

/// Elbow and silhouette charts, the metrics table and the recommendation.
#[component]
fn SweepView(
    /// The sweep, or why it could not run; nothing while it has not run.
    sweep: Signal<SweepState>,
) -> impl IntoView {
    let done = Memo::new(move |_| sweep.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).cloned()));
    let recommended = Memo::new(move |_| done.with(|s| s.as_ref().and_then(|s| s.recommend())));
    let ok = move || done.with(Option::is_some);
    let elbow = Signal::derive(move || {
        done.with(|s| s.as_ref().map(|s| charts::elbow_chart(s, recommended.get().map(|r| r.k))).unwrap_or_default())
    });
    let silhouette = Signal::derive(move || {
        done.with(|s| {
            s.as_ref().map(|s| charts::silhouette_chart(s, recommended.get().map(|r| r.k))).unwrap_or_default()
        })
    });
    let sample_note = move || {
        done.with(|s| {
            s.as_ref().filter(|s| s.silhouette_rows < s.rows).map(|s| {
                format!(
                    "Silhouette computed on a seeded random sample of {} of {} rows.",
                    format::thousands(s.silhouette_rows),
                    format::thousands(s.rows)
                )
            })
        })
    };
    let table_rows = move || {
        done.with(|s| {
            s.as_ref().map(|s| {
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
        <ErrorAlert message=Signal::derive(move || sweep.with(|s| s.as_ref().and_then(|s| s.as_ref().err()).cloned())) />
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
            <p class="hint" data-testid="sweep-stopped">{move || done.with(|s| s.as_ref().and_then(|s| s.stopped.as_ref().map(|s| s.reason.clone())))}</p>
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
    let on_model_file = Callback::new(move |source: Source| {
        let Source::File { name, blob } = source else { return };
        leptos::task::spawn_local(async move {
            // A model file is small: the page reads it itself.
            let bytes = match wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await {
                Ok(buffer) => Ok(js_sys::Uint8Array::new(&buffer).to_vec()),
                Err(_) => Err("The file could not be read.".to_owned()),
            };
            let parsed = bytes.and_then(|b| {
                let text = String::from_utf8(b)
                    .map_err(|_| "This file is not a Segmentum model: it is not text.".to_owned())?;
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
                        <div><dt>"Silhouette"</dt><dd>
                            <span data-testid="model-silhouette">{opt(t.silhouette, 3)}</span>
                            {silhouette_basis(t)}
                        </dd></div>
                    </dl>
                }
            })}
            <ExactSilhouette />
            <div class="load-row">
                <button data-testid="model-download" on:click=download>"Download model"</button>
                <FileDrop testid="model-upload" label="a model file (.json)" accept=".json,application/json" on_file=on_model_file />
            </div>
            <ErrorAlert message=model_error />
        </div>
    }
}
