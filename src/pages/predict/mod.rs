//! One customer: move the sliders, see the segment, how sure, and where they sit. The customer
//! lives in the app's state (`state::PredictInputs`), so another page or a reload keeps what was
//! typed. One panel a module: `inputs` (the customer) and `card` (their segment), then the chart.

mod card;
mod inputs;

use engine::Prediction;
use leptos::prelude::*;

use crate::{charts, components::chart::Chart, state::use_app_state};

#[component]
pub fn Predict() -> impl IntoView {
    let state = use_app_state();
    let (current, customer) = (state.current, state.predict.customer);
    let result = Memo::new(move |_| {
        current.with(|c| customer.with(|k| k.fits(&c.model).then(|| c.model.predict(&k.values, &k.codes))))
    });
    let axes = move || current.with(|c| (0, c.model.features().len().min(2) - 1));
    let assigned = Memo::new(move |_| result.get().map(|r| r.segment));
    // The full chart changes with the model or the assigned segment; the pin alone follows the inputs.
    let option = Memo::new(move |_| {
        let Some(segment) = assigned.get() else { return serde_json::Value::Null };
        current.with(|c| {
            customer
                .with_untracked(|k| charts::prediction_scatter(&c.model, c.data.as_deref(), axes(), &k.values, segment))
        })
    });
    // The axes fitted to the customers drawn: sorted once per model and axes, not per keystroke.
    let fit = Memo::new(move |_| {
        let (x, y) = axes();
        current.with(|c| charts::ScatterFit::of(c.data.as_deref(), x, y))
    });
    let pin = Signal::derive(move || {
        current.with(|c| {
            customer.with(|k| {
                if k.fits(&c.model) {
                    charts::customer_pin(&c.model, &fit.get(), axes(), &k.values)
                } else {
                    serde_json::Value::Null
                }
            })
        })
    });
    let caption = Signal::derive(move || {
        let name =
            result.get().and_then(|r| current.with(|c| c.model.segments.get(r.segment).map(|s| s.label.name.clone())));
        format!(
            "This customer (black pin) among the segments; their segment, {}, keeps its colour.",
            name.unwrap_or_default()
        )
    });
    view! {
        <section class="page" aria-labelledby="predict-title">
            <h2 id="predict-title">"Which segment is this customer in?"</h2>
            <div class="predict-layout">
                <div class="panel">
                    <h3>"Customer"</h3>
                    <inputs::Inputs />
                </div>
                <div class="panel"><card::SegmentOf result=result.into() /></div>
            </div>
            <div class="panel">
                <Chart option=option patch=pin testid="predict-chart" caption=caption />
            </div>
        </section>
    }
}

/// The customer's segment as the model classifies them, distances in the model's space (the
/// space it chooses in), while the inputs fit the model.
type Placement = Option<Prediction>;
