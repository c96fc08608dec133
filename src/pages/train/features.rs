//! Step 2: which columns to segment on (numbers and categories), how missing numbers are
//! handled and skewed ones transformed, the rows left out or filled, and the scaling.

use engine::{
    prep::{MissingRule, TransformKind},
    ScalingKind,
};
use leptos::prelude::*;

use crate::state::TrainSettings;
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
    settings: TrainSettings,
) -> impl IntoView {
    let jobs = use_jobs();
    let train_file = use_app_state().train_file;
    let inspection = RwSignal::new(None::<Inspection>);
    // Which rows the chosen features leave out or fill: counted by the worker whenever the file
    // or the features change.
    Effect::new(move |_| {
        train_file.track();
        jobs.inspect(settings.features.get(), settings.prep(), move |answer| {
            if let Ok(found) = answer {
                inspection.set(Some(found));
            }
        });
    });
    let (scaling, missing) = (settings.scaling, settings.missing);
    let weak_categories = move || {
        let weak = !settings.categories.with(Vec::is_empty)
            && matches!(scaling.get(), ScalingKind::None | ScalingKind::MinMax);
        weak.then_some(CATEGORY_NOTE)
    };
    view! {
        <div class="panel">
            <h3>"2. Choose features and scaling"</h3>
            <FeaturePicker settings=settings />
            <Transforms settings=settings />
            <div class="inline-fields">
                <label class="field">"Missing numbers "
                    <select data-testid="missing" on:change=move |e| {
                        missing.set(MissingRule::from_key(&event_target_value(&e)).unwrap_or_default())
                    }>
                        {MissingRule::ALL.into_iter().map(|r| view! {
                            <option value=r.key() selected=move || missing.get() == r>{r.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
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
            {move || weak_categories().map(|m| view! { <p class="field-note" data-testid="category-note">{m}</p> })}
            <SkippedRows inspection=inspection />
        </div>
    }
}

/// Why categories want standardised or robust numbers, shown when they have neither.
const CATEGORY_NOTE: &str = "Each category counts as much as one number moved by one unit of its \
    scale: with standardised or robust scaling, about as much as a number feature; with raw values \
    or min–max it may count far more or far less. Choose Standardise or Robust to weigh them alike.";

/// A transform per chosen numeric feature: none, the log (negatives mirrored, so a column of net
/// amounts with refunds takes it too) or winsorizing.
#[component]
fn Transforms(settings: TrainSettings) -> impl IntoView {
    let train_file = use_app_state().train_file;
    let rows = move || {
        let features = settings.features.get();
        features
            .iter()
            .map(|&col| {
                let name = train_file.with(|f| f.headers.get(col).cloned().unwrap_or_default());
                let set = move |key: String| {
                    let kind = TransformKind::from_key(&key).unwrap_or_default();
                    settings.transforms.update(|t| {
                        t.retain(|(c, _)| *c != col);
                        if kind != TransformKind::None {
                            t.push((col, kind));
                        }
                    });
                };
                view! {
                    <label class="field">{format::cell(&name)} " "
                        <select data-testid=format!("transform-{}", format::testid_slug(&name))
                            on:change=move |e| set(event_target_value(&e))>
                            {TransformKind::ALL.into_iter().map(|k| {
                                view! {
                                    <option value=k.key() selected=move || settings.transform(col) == k>{k.label()}</option>
                                }
                            }).collect_view()}
                        </select>
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || !settings.features.with(Vec::is_empty)>
            <fieldset class="transforms" data-testid="transforms">
                <legend>"Transform before scaling"</legend>
                <div class="inline-fields">{rows}</div>
                <p class="hint">"Log, ln(1 + x), pulls in a long tail of big spenders (a negative amount, a net refund, is mirrored: −ln(1 + |x|)); winsorizing clips the lowest and highest 1 %. Cards and tables still show original units."</p>
            </fieldset>
        </Show>
    }
}

/// One checkbox per numeric column, then one per text column that can be a category. A column
/// chosen before for a table with these headers shows too when this file has text in it: the
/// rows it leaves out are listed below, and it can be unticked.
#[component]
fn FeaturePicker(settings: TrainSettings) -> impl IntoView {
    let train_file = use_app_state().train_file;
    let (features, categories) = (settings.features, settings.categories);
    // A code stored as numbers is offered both ways; ticked as one, it is unticked as the other
    // (counted twice it would weigh double, with two inputs of one name).
    let toggle = move |chosen: RwSignal<Vec<usize>>, other: RwSignal<Vec<usize>>| {
        move |col: usize, on: bool| {
            chosen.update(|f| {
                f.retain(|&c| c != col);
                if on {
                    f.push(col);
                    f.sort_unstable();
                }
            });
            if on && other.with_untracked(|o| o.contains(&col)) {
                other.update(|o| o.retain(|&c| c != col));
            }
        }
    };
    let check =
        move |chosen: RwSignal<Vec<usize>>, other: RwSignal<Vec<usize>>, col: usize, label: String, value: String| {
            let toggle = toggle(chosen, other);
            view! {
                <label class="check">
                    <input type="checkbox" value=value
                        prop:checked=move || chosen.with(|f| f.contains(&col))
                        on:change=move |e| toggle(col, event_target_checked(&e)) />
                    {label}
                </label>
            }
        };
    let problem = Signal::derive(move || {
        features.with(Vec::is_empty).then(|| {
            if categories.with(Vec::is_empty) {
                "Choose at least one feature.".to_owned()
            } else {
                "Choose at least one number feature too: categories are segmented alongside numbers.".to_owned()
            }
        })
    });
    view! {
        <fieldset class="feature-picker" data-testid="feature-picker">
            <legend>"Features to segment on"</legend>
            <div class="picker-actions">
                <button class="link-button" data-testid="features-suggested" on:click=move |_| {
                    train_file.with_untracked(|f| {
                        features.set(f.default_features.clone());
                        categories.set(Vec::new());
                        settings.transforms.set(f.default_transforms.clone());
                        settings.scaling.set(f.default_scaling);
                    });
                }>"Suggested"</button>
                <button class="link-button" data-testid="features-all" on:click=move |_| {
                    let all: Vec<usize> = train_file.with_untracked(|f| (0..f.headers.len()).filter(|&c| f.numeric[c]).collect());
                    categories.update(|c| c.retain(|col| !all.contains(col)));
                    features.set(all);
                }>"All numbers"</button>
                <button class="link-button" data-testid="features-none" on:click=move |_| {
                    features.set(Vec::new());
                    categories.set(Vec::new());
                }>"None"</button>
            </div>
            {move || train_file.with(|f| {
                let chosen = features.get_untracked();
                let numbers = (0..f.headers.len()).filter(|&c| f.numeric[c] || chosen.contains(&c)).map(|c| {
                    check(features, categories, c, format::cell(&f.headers[c]), f.headers[c].clone())
                });
                let texts = f.categories.iter().map(|&(c, n)| {
                    let label = format!("{} (category)", format::cell(&f.headers[c]));
                    let view = check(categories, features, c, label, f.headers[c].clone());
                    view! { <span title=format!("{n} values")>{view}</span> }.into_any()
                });
                numbers.map(IntoAny::into_any).chain(texts).collect_view()
            })}
            <ErrorAlert message=problem />
            <WhyThese />
        </fieldset>
    }
}

/// Why the file's suggested features and scaling are what they are ([`engine::suggest`]).
#[component]
fn WhyThese() -> impl IntoView {
    let train_file = use_app_state().train_file;
    let why = move || train_file.with(|f| f.why_defaults.join(" "));
    view! {
        <Show when=move || train_file.with(|f| !f.why_defaults.is_empty())>
            <p class="hint" data-testid="why-defaults"><strong>"Suggested for this file ("Suggested" above goes back to it). "</strong>{why}</p>
        </Show>
    }
}

/// Rows left out of training, or whose missing numbers are filled: never silently.
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
    let filled = Signal::derive(move || {
        inspection.get().filter(|i| i.filled > 0).map(|i| {
            let n = i.filled;
            let verb = if n == 1 { "row has" } else { "rows have" };
            format!("{} {verb} a missing number, filled as chosen; the first missing cells:", format::thousands(n))
        })
    });
    let filled_lines = Signal::derive(move || {
        inspection.with(|i| {
            i.as_ref().map(|i| i.first_filled.iter().take(LISTED_LINES).cloned().collect()).unwrap_or_default()
        })
    });
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div data-testid="skipped-rows">
                <ErrorAlert message=message items=lines kind=AlertKind::Warning />
            </div>
        </Show>
        <Show when=move || filled.with(Option::is_some)>
            <div data-testid="filled-rows">
                <ErrorAlert message=filled items=filled_lines kind=AlertKind::Warning />
            </div>
        </Show>
    }
}
