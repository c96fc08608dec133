//! The shell: header, navigation and the current page; the app state lives here.

use leptos::prelude::*;

use crate::{
    browser,
    components::alert::ErrorAlert,
    format,
    jobs::{use_jobs, JobState, Jobs, SecondWorker},
    pages::{analytics::Analytics, batch::Batch, overview::Overview, predict::Predict, train::Train},
    routing::{use_page, Page},
    state::{saved, AppState, Current, SavedTrain},
};

#[component]
pub fn App() -> impl IntoView {
    // A model kept from an earlier visit wins over the demo.
    let current = match saved::model() {
        Some((model, file)) => Ok(Current::restored(model, file)),
        None => Current::demo(&browser::now_iso()),
    };
    match current {
        Ok(current) => {
            let train = saved::train();
            let state = AppState::new(current, &train, saved::customer());
            provide_context(state);
            let (jobs, second) = (Jobs::start(), SecondWorker::new());
            #[cfg(feature = "test-hooks")]
            crate::jobs::expose_test_hooks(jobs, second);
            provide_context(jobs);
            provide_context(second);
            keep_in_browser(state, train);
            view! { <Shell /> }.into_any()
        }
        // The demo is checked by tests; this only guards against a broken build.
        Err(e) => view! { <ErrorAlert message=Signal::stored(Some(e.to_string())) /> }.into_any(),
    }
}

/// Saves the model, the Train settings and the customer on Predict whenever they change.
fn keep_in_browser(state: AppState, train: SavedTrain) {
    Effect::new(move |_| state.current.with(|c| saved::save_model(&c.model, c.file)));
    let train = StoredValue::new(train);
    Effect::new(move |_| {
        let mut now = state.train_file.with(|file| state.train.saved(file, train.get_value()));
        // The file chosen, or still the one a reload did not keep while the demo stands in.
        let chosen = state.train_source.with_value(|s| s.as_ref().map(|s| s.name().to_owned()));
        now.file = chosen.or_else(|| state.file_not_reloaded.get());
        saved::save_train(&now);
        train.set_value(now);
    });
    Effect::new(move |_| state.predict.customer.with(saved::save_customer));
}

#[component]
fn Shell() -> impl IntoView {
    let state = crate::state::use_app_state();
    let page = use_page();
    let summary = move || {
        state.current.with(|c| {
            let t = &c.model.training;
            format!("{} · {} customers · {} segments", t.source, format::thousands(t.rows_used), c.model.k())
        })
    };
    let links = Page::ALL
        .into_iter()
        .map(|p| {
            view! {
                <a href=p.href() data-testid=format!("nav-{}", p.slug()) aria-current=move || (page.get() == p).then_some("page")>
                    {p.title()}
                </a>
            }
        })
        .collect_view();
    view! {
        <header class="app-header">
            <div class="brand">
                <h1>"Segmentum"</h1>
                <p class="tagline">"Customer segments, computed in your browser. Your data never leaves this page."</p>
            </div>
            <p class="dataset-summary" data-testid="dataset-summary">{summary}</p>
        </header>
        <nav class="app-nav" aria-label="Pages">{links}</nav>
        <main>
            <JobStatus />
            {move || match page.get() {
                Page::Overview => view! { <Overview /> }.into_any(),
                Page::Train => view! { <Train /> }.into_any(),
                Page::Analytics => view! { <Analytics /> }.into_any(),
                Page::Predict => view! { <Predict /> }.into_any(),
                Page::Batch => view! { <Batch /> }.into_any(),
            }}
        </main>
    }
}

/// What the worker is doing, with a way to stop it while it runs; once a job has ended, when it
/// ended and how long it took.
#[component]
fn JobStatus() -> impl IntoView {
    let jobs = use_jobs();
    move || {
        jobs.status.get().map(|s| {
            let p = &s.progress;
            let percent = if p.total > 0.0 { (100.0 * p.done / p.total).round() } else { 0.0 };
            let ended = match &s.state {
                JobState::Running => None,
                JobState::Finished { at, took_ms } => Some(format!("Finished at {at}, in {:.2} s.", took_ms / 1000.0)),
                JobState::Failed => Some("Stopped: see the message on the page.".to_owned()),
                JobState::Stopped(message) => Some(message.clone()),
                JobState::Cancelled => Some("Cancelled; everything is as it was before.".to_owned()),
            };
            let running = s.running();
            view! {
                <div class="job-status" class:running=running role="status" aria-live="polite" data-testid="job-status">
                    <label for="job-progress">{s.label.clone()} " — " <span data-testid="progress-phase">{p.phase.clone()}</span></label>
                    <progress id="job-progress" data-testid="progress" max=p.total value=p.done
                        aria-valuenow=percent aria-valuemin="0" aria-valuemax="100"></progress>
                    {running.then(|| view! { <button data-testid="cancel" on:click=move |_| jobs.cancel()>"Cancel"</button> })}
                    {ended.map(|e| view! { <span class="job-ended" data-testid="job-ended">{e}</span> })}
                </div>
            }
        })
    }
}
