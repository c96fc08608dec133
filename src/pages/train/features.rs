//! Step 2: which numeric columns to segment on, the rows they leave out, and the scaling.

use engine::ScalingKind;
use leptos::prelude::*;

use super::Settings;
use crate::{
    components::alert::{AlertKind, ErrorAlert},
    format,
    jobs::use_jobs,
    protocol::Inspection,
    state::use_app_state,
};

/// Line numbers listed in the skipped-rows warning.
const LISTED_LINES: usize = 5;

#[component]
pub fn FeaturesPanel(
    /// The chosen features and scaling.
    settings: Settings,
) -> impl IntoView {
    let jobs = use_jobs();
    let train_file = use_app_state().train_file;
    let inspection = RwSignal::new(None::<Inspection>);
    // Which rows the chosen features leave out: counted by the worker whenever the file or features change.
    Effect::new(move |_| {
        train_file.track();
        jobs.inspect(settings.features.get(), move |answer| {
            if let Ok(found) = answer {
                inspection.set(Some(found));
            }
        });
    });
    let scaling = settings.scaling;
    view! {
        <div class="panel">
            <h3>"2. Choose features and scaling"</h3>
            <FeaturePicker features=settings.features />
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
    }
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
    let message = Signal::derive(move || {
        inspection.get().filter(|i| i.skipped > 0).map(|i| {
            let n = i.skipped;
            let verb = if n == 1 { "row is" } else { "rows are" };
            format!("{} {verb} left out of training, each for the first problem found in it:", format::thousands(n))
        })
    });
    let lines = Signal::derive(move || {
        inspection
            .with(|i| i.as_ref().map(|i| i.first.iter().take(LISTED_LINES).cloned().collect()).unwrap_or_default())
    });
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div data-testid="skipped-rows">
                <ErrorAlert message=message items=lines kind=AlertKind::Warning />
            </div>
        </Show>
    }
}
