//! Train on your own data: load a CSV, choose features and scaling, weigh the evidence for k,
//! train, and keep the model. The worker holds the file and does the sweep and the training;
//! this page sends settings and shows answers. One panel a module, in the page's order.

mod export;
mod features;
mod load;
mod model;
mod orders;
mod sweep;

use leptos::prelude::*;

use crate::state::{use_app_state, SegmentCount, TrainSettings};

#[component]
pub fn Train() -> impl IntoView {
    let state = use_app_state();
    let settings = state.train;
    view! {
        <section class="page" aria-labelledby="train-title">
            <h2 id="train-title">"Train on your data"</h2>
            <load::LoadPanel />
            <orders::OrdersPanel />
            // Order lines wait for their customer table before anything is segmented.
            <Show when=move || !state.orders.waiting()>
                <features::FeaturesPanel settings=settings />
                <sweep::SweepPanel settings=settings k=settings.k />
                <model::TrainPanel settings=settings k=settings.k />
            </Show>
            <model::ModelPanel />
            <export::ExportPanel />
        </section>
    }
}
