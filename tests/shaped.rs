//! The first day with real data, natively: the files in `tests/data/shaped/` (shaped like the
//! public marketing, telco and wholesale tables new users try) start on the features and scaling
//! a marketer would pick, and their segments get names from the lexicon and strategies that
//! differ. `cargo test --test shaped -- --nocapture` prints every name and strategy.

use engine::{segment_table, suggest, FitSettings, ScalingKind, SegmentModel, Table, TrainRequest};

fn table(name: &str) -> Table {
    let path = format!("{}/tests/data/shaped/{name}", env!("CARGO_MANIFEST_DIR"));
    Table::from_csv_bytes(&std::fs::read(path).unwrap()).unwrap()
}

fn chosen(t: &Table, features: &[usize]) -> Vec<String> {
    features.iter().map(|&c| t.headers()[c].clone()).collect()
}

/// The model a first Train click builds: the suggested features and scaling, `k` segments.
fn first_model(t: &Table, k: usize) -> SegmentModel {
    let s = suggest(t);
    let fit = FitSettings { scaling: s.scaling, ..FitSettings::new(s.features, k) };
    let model = segment_table(t, &TrainRequest::from(fit)).unwrap().model;
    for segment in &model.segments {
        println!("{} | {} | {}", segment.label.name, segment.label.description, segment.label.strategy);
    }
    model
}

fn assert_names_and_strategies_differ(model: &SegmentModel) {
    let mut names: Vec<&str> = model.segments.iter().map(|s| s.label.name.as_str()).collect();
    let mut strategies: Vec<&str> = model.segments.iter().map(|s| s.label.strategy.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    strategies.sort_unstable();
    strategies.dedup();
    assert_eq!(names.len(), model.k(), "{names:?}");
    assert_eq!(strategies.len(), model.k(), "{strategies:?}");
}

#[test]
fn marketing_table_starts_on_its_measures_with_z_scores_and_lapsed_customers_are_called_lapsed() {
    let t = table("marketing.csv");
    let s = suggest(&t);
    assert_eq!(
        chosen(&t, &s.features),
        [
            "Income",
            "Recency",
            "MntWines",
            "MntFruits",
            "MntMeatProducts",
            "MntFishProducts",
            "MntSweetProducts",
            "MntGoldProds",
            "NumDealsPurchases",
            "NumWebPurchases",
            "NumCatalogPurchases",
            "NumStorePurchases",
            "NumWebVisitsMonth"
        ]
    );
    assert_eq!(s.scaling, ScalingKind::Standard);
    let model = first_model(&t, 4);
    assert_names_and_strategies_differ(&model);
    let recency = model.features().iter().position(|f| f == "Recency").unwrap();
    let lapsed = model.segments.iter().max_by(|a, b| a.stats[recency].mean.total_cmp(&b.stats[recency].mean)).unwrap();
    assert!(lapsed.label.name.starts_with("Lapsed"), "{}", lapsed.label.name);
    for segment in &model.segments {
        assert!(!segment.label.name.contains("Recency"), "{}", segment.label.name);
    }
}

#[test]
fn telco_table_leaves_out_the_senior_flag_and_starts_on_tenure_and_charges() {
    let t = table("telco.csv");
    let s = suggest(&t);
    assert_eq!(chosen(&t, &s.features), ["tenure", "MonthlyCharges", "TotalCharges"]);
    assert_eq!(s.scaling, ScalingKind::Standard, "TotalCharges spreads far wider than tenure");
    assert!(s.why.iter().any(|w| w.contains("SeniorCitizen (flags or codes")), "{:?}", s.why);
    let model = first_model(&t, 3);
    assert_names_and_strategies_differ(&model);
    assert!(model.segments.iter().any(|s| s.label.name.contains("New")), "short tenure reads as new");
}

#[test]
fn wholesale_table_leaves_out_channel_and_region_codes() {
    let t = table("wholesale.csv");
    let s = suggest(&t);
    assert_eq!(chosen(&t, &s.features), ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]);
    assert!(s.why.iter().any(|w| w.contains("Channel and Region (flags or codes")), "{:?}", s.why);
    let offered: Vec<usize> = engine::prep::category_columns(&t).into_iter().map(|(c, _)| c).collect();
    assert_eq!(offered, [0, 1], "codes are offered as categories");
    let model = first_model(&t, 2);
    assert_names_and_strategies_differ(&model);
}
