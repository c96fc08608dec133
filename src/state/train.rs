//! The Train page's settings: kept in the app's state so a visit to another page leaves them as
//! they were, and saved in the browser so a reload does too. Columns are saved by name, per
//! table (the same headers in the same order), so choosing the same file — or next month's export
//! of it — again brings back the features chosen for it; the other settings hold for any file.

use engine::{
    kmeans::{DEFAULT_N_INIT, DEFAULT_SEED},
    prep::{MissingRule, Preparation, TransformKind},
    FitSettings, KMeansParams, ScalingKind, SweepRequest,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::protocol::FileSummary;

/// Tables whose column choices are remembered.
const REMEMBERED_TABLES: usize = 12;

/// Every setting the sweep and the training share: the sweep compares exactly what a Train
/// click then fits (`SweepRequest::train`).
#[derive(Debug, Clone, Copy)]
pub struct TrainSettings {
    /// Numeric columns, in table order.
    pub features: RwSignal<Vec<usize>>,
    /// Category columns, in table order.
    pub categories: RwSignal<Vec<usize>>,
    /// The transform chosen for a numeric column (none when not listed).
    pub transforms: RwSignal<Vec<(usize, TransformKind)>>,
    pub missing: RwSignal<MissingRule>,
    pub scaling: RwSignal<ScalingKind>,
    pub k_from: RwSignal<usize>,
    pub k_to: RwSignal<usize>,
    pub n_init: RwSignal<usize>,
    pub seed: RwSignal<u64>,
    pub max_iter: RwSignal<usize>,
    /// How many segments to train.
    pub k: SegmentCount,
}

/// How many segments to train: the sweep's recommendation, until the user types a number; then
/// theirs, whatever the sweeps recommend after it (a changed setting turned a typed 7 into 4),
/// until they type another or take the recommendation shown beside it.
#[derive(Debug, Clone, Copy)]
pub struct SegmentCount {
    pub k: RwSignal<usize>,
    typed: RwSignal<bool>,
    /// What the sweep for the file and settings on screen recommends, if it has run.
    pub recommended: RwSignal<Option<usize>>,
}

impl SegmentCount {
    /// The sweep for the settings on screen recommends `k` (none while it has not run).
    pub fn recommend(self, k: Option<usize>) {
        self.recommended.set(k);
        if let Some(k) = k.filter(|_| !self.typed.get_untracked()) {
            self.k.set(k);
        }
    }

    /// The user takes the recommendation: later ones apply again.
    pub fn use_recommended(self) {
        if let Some(k) = self.recommended.get_untracked() {
            self.typed.set(false);
            self.k.set(k);
        }
    }

    /// The user is at the k box: a recommendation arriving now must not change the number
    /// under their fingers (it turned a typed 5 into 45).
    pub fn hold(self) {
        self.typed.set(true);
    }

    pub fn type_in(self, k: usize) {
        self.typed.set(true);
        self.k.set(k);
    }
}

impl TrainSettings {
    /// Settings as saved by an earlier visit (`saved`), for `file`.
    pub fn new(file: &FileSummary, saved: &SavedTrain) -> TrainSettings {
        let g = &saved.general;
        let settings = TrainSettings {
            features: RwSignal::new(Vec::new()),
            categories: RwSignal::new(Vec::new()),
            transforms: RwSignal::new(Vec::new()),
            missing: RwSignal::new(g.missing),
            scaling: RwSignal::new(g.scaling),
            k_from: RwSignal::new(g.k_from),
            k_to: RwSignal::new(g.k_to),
            n_init: RwSignal::new(g.n_init),
            seed: RwSignal::new(g.seed),
            max_iter: RwSignal::new(g.max_iter),
            k: SegmentCount {
                k: RwSignal::new(g.k),
                typed: RwSignal::new(g.k_typed),
                recommended: RwSignal::new(None),
            },
        };
        settings.use_file(file, saved);
        settings
    }

    /// A file is loaded: the columns (and scaling) chosen for this table before, or the file's
    /// defaults.
    pub fn use_file(self, file: &FileSummary, saved: &SavedTrain) {
        let columns = saved.columns_for(file).unwrap_or_else(|| Columns::defaults(file));
        self.features.set(columns.features);
        self.categories.set(columns.categories);
        self.transforms.set(columns.transforms);
        if let Some(scaling) = columns.scaling {
            self.scaling.set(scaling);
        }
    }

    /// The transform chosen for column `col` (read reactively).
    pub fn transform(self, col: usize) -> TransformKind {
        self.transforms.with(|t| t.iter().find(|(c, _)| *c == col).map_or(TransformKind::None, |(_, k)| *k))
    }

    /// Categories, transforms and missing values as the engine takes them (read reactively).
    pub fn prep(self) -> Preparation {
        Preparation {
            categories: self.categories.get(),
            transforms: self.features.get().into_iter().map(|c| self.transform(c)).collect(),
            missing: self.missing.get(),
        }
    }

    /// The sweep these settings ask for (read reactively).
    pub fn sweep(self) -> SweepRequest {
        let params = KMeansParams::new(2).n_init(self.n_init.get()).seed(self.seed.get()).max_iter(self.max_iter.get());
        SweepRequest {
            fit: FitSettings { columns: self.features.get(), prep: self.prep(), scaling: self.scaling.get(), params },
            k_from: self.k_from.get(),
            k_to: self.k_to.get(),
        }
    }

    /// What is saved of these settings, for `file` (read reactively), on top of `saved`.
    pub fn saved(self, file: &FileSummary, mut saved: SavedTrain) -> SavedTrain {
        saved.general = General {
            missing: self.missing.get(),
            scaling: self.scaling.get(),
            k_from: self.k_from.get(),
            k_to: self.k_to.get(),
            n_init: self.n_init.get(),
            seed: self.seed.get(),
            max_iter: self.max_iter.get(),
            k: self.k.k.get(),
            k_typed: self.k.typed.get(),
        };
        let columns = Columns {
            features: self.features.get(),
            categories: self.categories.get(),
            transforms: self.transforms.get(),
            scaling: Some(self.scaling.get()),
        };
        saved.remember(&file.headers, &columns);
        saved
    }
}

/// The Train settings as the browser keeps them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedTrain {
    pub general: General,
    /// The file last chosen on Train, by name (none for the demo): a reload keeps settings, not
    /// files, so the page says which file to choose again.
    pub file: Option<String>,
    /// Per table, most recent first: its headers and the columns chosen, by name.
    pub tables: Vec<SavedColumns>,
}

/// The settings that hold for any file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct General {
    pub missing: MissingRule,
    pub scaling: ScalingKind,
    pub k_from: usize,
    pub k_to: usize,
    pub n_init: usize,
    pub seed: u64,
    pub max_iter: usize,
    pub k: usize,
    /// Whether the user typed k (a recommendation does not replace it).
    pub k_typed: bool,
}

impl Default for General {
    fn default() -> Self {
        General {
            missing: MissingRule::Skip,
            scaling: ScalingKind::None,
            k_from: 2,
            k_to: 10,
            n_init: DEFAULT_N_INIT,
            seed: DEFAULT_SEED,
            max_iter: KMeansParams::new(2).max_iter,
            k: crate::demo::DEMO_K,
            k_typed: false,
        }
    }
}

/// The columns chosen for one table, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedColumns {
    pub headers: Vec<String>,
    pub features: Vec<String>,
    pub categories: Vec<String>,
    pub transforms: Vec<(String, TransformKind)>,
    /// The scaling chosen with them (none in saves from before it was kept per table).
    #[serde(default)]
    pub scaling: Option<ScalingKind>,
}

/// The columns chosen for one table, by position.
#[derive(Debug, Clone, PartialEq)]
struct Columns {
    features: Vec<usize>,
    categories: Vec<usize>,
    transforms: Vec<(usize, TransformKind)>,
    scaling: Option<ScalingKind>,
}

impl Columns {
    /// A file's own defaults: its pre-selected features, transforms and scaling, no categories.
    fn defaults(file: &FileSummary) -> Columns {
        Columns {
            features: file.default_features.clone(),
            categories: Vec::new(),
            transforms: file.default_transforms.clone(),
            scaling: Some(file.default_scaling),
        }
    }
}

impl SavedTrain {
    /// The columns chosen before for a table with `file`'s headers: the features all (one with
    /// text in this file shows in the picker, the rows it leaves out listed), the categories
    /// still categories here; none if no feature is left.
    fn columns_for(&self, file: &FileSummary) -> Option<Columns> {
        let headers = &file.headers;
        let saved = self.tables.iter().find(|t| t.headers == *headers)?;
        let at = |name: &String| headers.iter().position(|h| h == name);
        let category = |c: &usize| file.categories.iter().any(|(col, _)| col == c);
        let features: Vec<usize> = saved.features.iter().filter_map(at).collect();
        let categories = saved.categories.iter().filter_map(at).filter(category).collect();
        let transforms = saved
            .transforms
            .iter()
            .filter_map(|(n, k)| at(n).filter(|c| features.contains(c)).map(|c| (c, *k)))
            .collect();
        (!features.is_empty()).then_some(Columns { features, categories, transforms, scaling: saved.scaling })
    }

    /// Keeps `columns` as the choice for a table with these headers, first in the list.
    fn remember(&mut self, headers: &[String], columns: &Columns) {
        let name = |&c: &usize| headers.get(c).cloned();
        let names = |cols: &[usize]| cols.iter().filter_map(name).collect();
        let entry = SavedColumns {
            headers: headers.to_vec(),
            features: names(&columns.features),
            categories: names(&columns.categories),
            transforms: columns.transforms.iter().filter_map(|(c, k)| Some((name(c)?, *k))).collect(),
            scaling: columns.scaling,
        };
        self.tables.retain(|t| t.headers != headers);
        self.tables.insert(0, entry);
        self.tables.truncate(REMEMBERED_TABLES);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_summary;

    #[test]
    fn columns_come_back_by_name_for_the_same_table_and_defaults_for_another() {
        let demo = demo_summary();
        let mut saved = SavedTrain::default();
        let chosen = Columns {
            features: vec![2, 3, 4],
            categories: vec![1],
            transforms: vec![(3, TransformKind::Log)],
            scaling: Some(ScalingKind::Robust),
        };
        saved.remember(&demo.headers, &chosen);
        assert_eq!(saved.columns_for(&demo), Some(chosen));
        let back: SavedTrain = serde_json::from_str(&serde_json::to_string(&saved).unwrap()).unwrap();
        assert_eq!(back, saved, "it survives the browser's storage");
        let other = FileSummary { headers: ["id", "Age", "Annual Income (k$)"].map(String::from).to_vec(), ..demo };
        assert_eq!(saved.columns_for(&other), None, "another table gets its own defaults");
    }

    #[test]
    fn a_category_the_file_no_longer_offers_is_not_restored() {
        let demo = demo_summary();
        let mut saved = SavedTrain::default();
        let chosen = Columns {
            features: vec![2, 3],
            categories: vec![1],
            transforms: vec![(2, TransformKind::Log)],
            scaling: None,
        };
        saved.remember(&demo.headers, &chosen);
        // The same headers, but Genre (1) is no longer a category.
        let changed = FileSummary { categories: Vec::new(), ..demo.clone() };
        assert_eq!(
            saved.columns_for(&changed),
            Some(Columns {
                features: vec![2, 3],
                categories: vec![],
                transforms: vec![(2, TransformKind::Log)],
                scaling: None
            })
        );
    }

    #[test]
    fn the_most_recent_tables_are_remembered() {
        let mut saved = SavedTrain::default();
        let none = Columns { features: vec![0], categories: vec![], transforms: vec![], scaling: None };
        for i in 0..REMEMBERED_TABLES + 3 {
            saved.remember(&[format!("column {i}")], &none);
        }
        assert_eq!(saved.tables.len(), REMEMBERED_TABLES);
        assert_eq!(saved.tables[0].headers, [format!("column {}", REMEMBERED_TABLES + 2)]);
    }

    #[test]
    fn a_typed_k_stays_whatever_is_recommended_until_the_recommendation_is_taken() {
        Owner::new().with(|| {
            let settings = TrainSettings::new(&demo_summary(), &SavedTrain::default());
            let k = settings.k;
            k.recommend(Some(5));
            assert_eq!(k.k.get_untracked(), 5, "untyped, k follows the recommendation");
            k.type_in(7);
            k.recommend(None);
            k.recommend(Some(4));
            assert_eq!((k.k.get_untracked(), k.recommended.get_untracked()), (7, Some(4)));
            k.use_recommended();
            assert_eq!(k.k.get_untracked(), 4);
            k.recommend(Some(6));
            assert_eq!(k.k.get_untracked(), 6, "taken, it follows again");
        });
    }

    #[test]
    fn older_or_partial_saves_read_with_defaults() {
        let saved: SavedTrain = serde_json::from_str(r#"{"general":{"scaling":"standard"}}"#).unwrap();
        assert_eq!(saved.general.scaling, ScalingKind::Standard);
        assert_eq!(saved.general.k_to, 10);
        assert!(saved.tables.is_empty());
    }
}
