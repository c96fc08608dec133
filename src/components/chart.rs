//! An ECharts canvas that follows a reactive option and is disposed with its owner.

use leptos::{html, prelude::*};
use serde_json::Value;

use crate::echarts;

/// Draws `option` in a canvas chart and redraws whenever it changes.
#[component]
pub fn Chart(
    /// The ECharts option, as built by a function in `charts`.
    #[prop(into)]
    option: Signal<Value>,
    /// `data-testid` of the chart's container.
    testid: &'static str,
    /// What the chart shows, for screen readers and as a caption.
    #[prop(into)]
    caption: Signal<String>,
    /// Frequent small changes merged into the option without redrawing it (e.g. one moving marker).
    #[prop(optional, into)]
    patch: Option<Signal<Value>>,
) -> impl IntoView {
    let container = NodeRef::<html::Div>::new();
    let instance = StoredValue::new_local(None::<echarts::Instance>);

    Effect::new(move |_| {
        let option = option.get();
        let Some(element) = container.get() else {
            return;
        };
        instance.update_value(|slot| {
            slot.get_or_insert_with(|| echarts::init(&element)).set_option(&option);
        });
    });

    if let Some(patch) = patch {
        Effect::new(move |_| {
            let patch = patch.get();
            instance.with_value(|slot| {
                if let (Some(chart), false) = (slot, patch.is_null()) {
                    chart.merge_option(&patch);
                }
            });
        });
    }

    let resize = window_event_listener(leptos::ev::resize, move |_| {
        instance.with_value(|slot| {
            if let Some(chart) = slot {
                chart.resize();
            }
        });
    });
    on_cleanup(move || {
        resize.remove();
        instance.update_value(|slot| {
            if let Some(chart) = slot.take() {
                chart.dispose();
            }
        });
    });

    view! {
        <figure class="chart-figure">
            <div class="chart" node_ref=container data-testid=testid role="img" aria-label=move || caption.get()></div>
            <figcaption>{move || caption.get()}</figcaption>
        </figure>
    }
}
