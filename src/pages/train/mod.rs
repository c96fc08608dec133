//! Train on your own data: load a CSV, choose features and scaling, weigh the evidence for k,
//! train, and keep the model. The worker holds the file and does the sweep and the training;
//! this page sends settings and shows answers. One panel a module, in the page's order.

mod features;
mod load;
mod model;
mod sweep;

use engine::{
    kmeans::{DEFAULT_N_INIT, DEFAULT_SEED},
    prep::{MissingRule, Preparation, TransformKind},
    FitSettings, KMeansParams, ScalingKind, SweepRequest,
};
use leptos::prelude::*;

use crate::state::use_app_state;

/// Every setting the sweep and the training share: the sweep compares exactly what a Train
/// click then fits (`SweepRequest::train`).
#[derive(Clone, Copy)]
struct Settings {
    /// Numeric columns, in table order.
    features: RwSignal<Vec<usize>>,
    /// Category columns, in table order.
    categories: RwSignal<Vec<usize>>,
    /// The transform chosen for a numeric column (none when not listed).
    transforms: RwSignal<Vec<(usize, TransformKind)>>,
    missing: RwSignal<MissingRule>,
    scaling: RwSignal<ScalingKind>,
    k_from: RwSignal<usize>,
    k_to: RwSignal<usize>,
    n_init: RwSignal<usize>,
    seed: RwSignal<u64>,
    max_iter: RwSignal<usize>,
}

impl Settings {
    fn new(features: Vec<usize>) -> Settings {
        let defaults = KMeansParams::new(2);
        Settings {
            features: RwSignal::new(features),
            categories: RwSignal::new(Vec::new()),
            transforms: RwSignal::new(Vec::new()),
            missing: RwSignal::new(MissingRule::Skip),
            scaling: RwSignal::new(ScalingKind::None),
            k_from: RwSignal::new(2),
            k_to: RwSignal::new(10),
            n_init: RwSignal::new(DEFAULT_N_INIT),
            seed: RwSignal::new(DEFAULT_SEED),
            max_iter: RwSignal::new(defaults.max_iter),
        }
    }

    /// A new file: its default features, no categories or transforms.
    fn reset(self, features: Vec<usize>) {
        self.features.set(features);
        self.categories.set(Vec::new());
        self.transforms.set(Vec::new());
    }

    /// The transform chosen for column `col` (read reactively).
    fn transform(self, col: usize) -> TransformKind {
        self.transforms.with(|t| t.iter().find(|(c, _)| *c == col).map_or(TransformKind::None, |(_, k)| *k))
    }

    /// Categories, transforms and missing values as the engine takes them (read reactively).
    fn prep(self) -> Preparation {
        Preparation {
            categories: self.categories.get(),
            transforms: self.features.get().into_iter().map(|c| self.transform(c)).collect(),
            missing: self.missing.get(),
        }
    }

    /// The sweep these settings ask for (read reactively).
    fn sweep(self) -> SweepRequest {
        SweepRequest {
            fit: FitSettings {
                columns: self.features.get(),
                prep: self.prep(),
                scaling: self.scaling.get(),
                params: KMeansParams::new(2)
                    .n_init(self.n_init.get())
                    .seed(self.seed.get())
                    .max_iter(self.max_iter.get()),
            },
            k_from: self.k_from.get(),
            k_to: self.k_to.get(),
        }
    }
}

/// How many segments to train: the sweep's recommendation, until the user types a number for
/// the settings compared (new settings bring their own recommendation). A sweep that finishes
/// after the user typed k never overrides it.
#[derive(Clone, Copy)]
struct SegmentCount {
    k: RwSignal<usize>,
    typed: StoredValue<bool>,
}

impl SegmentCount {
    fn recommend(self, k: usize) {
        if !self.typed.get_value() {
            self.k.set(k);
        }
    }

    /// The user is at the k box: a recommendation arriving now must not change the number
    /// under their fingers (it turned a typed 5 into 45).
    fn hold(self) {
        self.typed.set_value(true);
    }

    fn type_in(self, k: usize) {
        self.typed.set_value(true);
        self.k.set(k);
    }
}

#[component]
pub fn Train() -> impl IntoView {
    let train_file = use_app_state().train_file;
    let settings = Settings::new(train_file.with_untracked(|f| f.default_features.clone()));
    let k = SegmentCount { k: RwSignal::new(crate::demo::DEMO_K), typed: StoredValue::new(false) };
    // What the last training said (or why it failed); a new file clears it.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    view! {
        <section class="page" aria-labelledby="train-title">
            <h2 id="train-title">"Train on your data"</h2>
            <load::LoadPanel settings=settings outcome=outcome />
            <features::FeaturesPanel settings=settings />
            <sweep::SweepPanel settings=settings k=k />
            <model::TrainPanel settings=settings k=k outcome=outcome />
            <model::ModelPanel />
        </section>
    }
}
