//! Step 3: how many segments — every metric for every k, and a recommendation. Small files are
//! swept by the second worker as soon as anything changes; big ones when asked, on both workers.

use leptos::prelude::*;

use engine::{
    kmeans::MAX_CLUSTERS,
    sweep::{Recommendation, Sweep},
};

use super::{SegmentCount, TrainSettings};
use crate::{
    charts,
    components::{alert::ErrorAlert, chart::Chart},
    format,
    jobs::{sweep_on_both, use_jobs, use_second_worker, TopicKind},
    protocol::{FileKey, AUTO_SWEEP_ROWS},
    state::{use_app_state, Shared},
};

/// What a k sweep is called in progress reports.
const SWEEP_LABEL: &str = "Comparing k";

/// Said when the background worker compared k on another file than the one shown.
const OTHER_FILE: &str = "The background worker compared k on another file than the one shown: it could not \
    read this one. Load the file again to compare k.";

type SweepState = Option<Result<Shared<Sweep>, String>>;

#[component]
pub fn SweepPanel(
    /// What to sweep.
    settings: TrainSettings,
    /// Set to the recommended k whenever a sweep recommends one, unless the user typed one.
    k: SegmentCount,
) -> impl IntoView {
    let state = use_app_state();
    let (jobs, second) = (use_jobs(), use_second_worker());
    let train_file = state.train_file;
    let sweep_run = state.sweep;
    let big = Memo::new(move |_| train_file.with(|f| f.rows > AUTO_SWEEP_ROWS));
    // A sweep belongs to a file (by its bytes) and its settings.
    let wanted = move || (train_file.with(|f| f.key), settings.sweep());
    let run_sweep = move || {
        let (file, request) = wanted();
        let kept = request.clone();
        // The answer names the file swept: a worker that could not read the file shown swept another.
        let show = move |result: Result<(FileKey, Sweep), String>| {
            let result =
                result.and_then(|(swept, sweep)| if swept == file { Ok(sweep) } else { Err(OTHER_FILE.to_owned()) });
            sweep_run.set(Some((file, kept.clone(), result.map(Shared::new))));
        };
        // Small files are swept by the second worker; big ones, on demand, by both (with Cancel).
        if big.get_untracked() {
            return sweep_on_both(jobs, second.jobs(), (file, request), SWEEP_LABEL, show);
        }
        second.jobs().sweep(file, request, None, SWEEP_LABEL, move |answer| match answer {
            Ok(swept) => show(Ok(swept)),
            Err(e) if e.is_quiet() => {}
            Err(e) => show(Err(e.to_string())),
        });
    };
    // The sweep shown is the one for the current file and settings.
    let result = Memo::new(move |_| {
        let (file, request) = wanted();
        sweep_run
            .with(|r| r.as_ref().filter(|(f, s, _)| *f == file && *s == request).map(|(_, _, result)| result.clone()))
    });
    // Small files are swept as soon as anything changes; big ones when asked, so training never waits.
    // Kept in the app's state: a return to this page must not ask the same sweep again.
    let launched = state.sweep_asked;
    Effect::new(move |_| {
        let now = wanted();
        let shown = result.with(Option::is_some);
        let asked = launched.with_value(|l| l.as_ref() == Some(&now));
        if !shown && !asked && !big.get() {
            launched.set_value(Some(now));
            untrack(run_sweep);
        }
    });
    let sweeping = move || second.status().is_some_and(|s| s.running() && s.label == SWEEP_LABEL);
    let recommendation =
        Memo::new(move |_| result.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).and_then(|s| s.recommend())));
    Effect::new(move |_| k.recommend(recommendation.get().map(|r| r.k)));
    view! {
        <div class="panel">
            <h3>"3. How many segments?"</h3>
            <div class="inline-fields">
                {k_bound("From k = ", "k-from", settings.k_from)}
                {k_bound("to k = ", "k-to", settings.k_to)}
            </div>
            <Show when=move || big.get()>
                <p class="hint">
                    "This file has more than " {format::thousands(AUTO_SWEEP_ROWS)}
                    " rows, so comparing k runs when you ask (it takes a few seconds) and never holds up training."
                </p>
            </Show>
            // Big files are compared when asked; a small file's comparison that was stopped or
            // failed, too.
            <Show when=move || big.get() || (!result.with(|r| matches!(r, Some(Ok(_)))) && !sweeping())>
                <button data-testid="sweep-run" on:click=move |_| {
                    launched.set_value(Some(untrack(wanted)));
                    untrack(run_sweep)
                }>"Compare k"</button>
            </Show>
            {move || second.status().filter(|s| s.running() && s.label == SWEEP_LABEL).map(|s| view! {
                <p class="hint" role="status" data-testid="sweep-progress">"Comparing k in the background: " {s.progress.phase} " "
                    <button data-testid="sweep-cancel" on:click=move |_| second.jobs().cancel_topic(TopicKind::Sweep)>"Stop"</button>
                </p>
            })}
            <SweepView sweep=result.into() recommended=recommendation k_to=settings.k_to />
        </div>
    }
}

/// Elbow and silhouette charts, the metrics table and the recommendation.
#[component]
fn SweepView(
    /// The sweep, or why it could not run; nothing while it has not run.
    sweep: Signal<SweepState>,
    /// What the sweep recommends (computed once, by the panel, which also sets k from it).
    recommended: Memo<Option<Recommendation>>,
    /// The end of the range compared, which a pick at that end offers to widen.
    k_to: RwSignal<usize>,
) -> impl IntoView {
    let done = Memo::new(move |_| sweep.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).cloned()));
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
                                <td>{opt(sc.gap, 3)}</td>
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
            <p class="recommendation" class:disputed=move || recommended.get().is_some_and(|r| r.disputed)>
                "Recommended: k = " <strong data-testid="recommended-k">{move || recommended.get().map(|r| r.k)}</strong>
                ". " <span data-testid="recommendation-reason">{move || recommended.get().map(|r| r.reason)}</span>
            </p>
            {move || recommended.get().and_then(|r| r.structure.map(|(s, structure)| (r.k, s, structure))).map(|(k, s, structure)| view! {
                <p class="hint" data-testid="recommendation-structure">
                    {format!("At k = {k} the mean silhouette is {s:.3}: {}.", structure.meaning())}
                    " (Kaufman & Rousseeuw: above 0.70 strong, 0.51–0.70 reasonable, 0.26–0.50 weak, 0.25 or less no substantial structure.)"
                </p>
            })}
            {move || recommended.get().and_then(|r| r.widen_to.map(|to| (r.k, to))).map(|(k, to)| view! {
                <p class="hint" data-testid="recommendation-widen">
                    {format!("k = {k} is the largest k compared, so more segments may do better. ")}
                    <button data-testid="k-widen" on:click=move |_| k_to.set(to)>{format!("Compare up to k = {to}")}</button>
                </p>
            })}
            <table class="criteria" data-testid="k-criteria">
                <caption>"What each criterion picks (the recommendation is the k most of them pick)"</caption>
                <thead><tr><th scope="col">"Criterion"</th><th scope="col">"k"</th></tr></thead>
                <tbody>{move || recommended.get().map(|r| r.picks.into_iter().map(|(c, k)| view! {
                    <tr class:best=k == r.k><td>{c.name()}</td><td>{k}</td></tr>
                }).collect_view())}</tbody>
            </table>
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
                    <caption>"Every metric for every k (WCSS and Davies–Bouldin: lower is better; silhouette, Calinski–Harabasz and gap: higher is better)"</caption>
                    <thead><tr>
                        <th scope="col">"k"</th><th scope="col">"WCSS"</th><th scope="col">"Silhouette"</th>
                        <th scope="col">"Calinski–Harabasz"</th><th scope="col">"Davies–Bouldin"</th><th scope="col">"Gap"</th>
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

/// A figure with `decimals` decimals, or a dash where it is undefined.
pub(super) fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.decimals$}"))
}
