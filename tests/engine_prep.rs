//! Preparing customers for k-means: categories one-hot encoded, missing numbers filled, skewed
//! ones transformed, robust scaling; all kept in the model and applied the same at prediction.

use engine::{
    batch::{classify_table, results_csv},
    model_columns,
    prep::{MissingRule, Preparation, Transform, TransformKind, CATEGORY_WEIGHT},
    segment_table, DataError, FitSettings, Place, ScalingKind, SegmentModel, Table, TrainRequest,
};

fn mall() -> Table {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/Mall_Customers.csv")).unwrap();
    Table::from_csv_bytes(&bytes).unwrap()
}

fn table(text: &str) -> Table {
    Table::from_csv_bytes(text.as_bytes()).unwrap()
}

/// Gender (as a category), age, income and spending, standardised.
fn mall_with_gender(k: usize) -> engine::Segmentation {
    let request = TrainRequest::from(FitSettings {
        scaling: ScalingKind::Standard,
        prep: Preparation { categories: vec![1], ..Preparation::default() },
        ..FitSettings::new(vec![2, 3, 4], k)
    });
    segment_table(&mall(), &request).unwrap()
}

/// scikit-learn 1.9.1 on the same encoded matrix (numbers standardised, Genre one-hot × 1/√2):
/// `python tests/oracles/onehot_kmeans.py ../shared/data/Mall_Customers.csv 5 Genre Age
/// "Annual Income (k$)" "Spending Score (1-100)"` → inertia 216.78490151651036, sizes
/// 58/47/39/34/22. (The browser suite runs the oracle itself and compares every row's segment.)
const SKLEARN_MALL_GENDER_INERTIA: f64 = 216.784_901_516_510_36;

#[test]
fn mall_with_gender_equals_scikit_learn_on_the_encoded_matrix() {
    let s = mall_with_gender(5);
    let m = &s.model;
    let ratio = m.training.inertia / SKLEARN_MALL_GENDER_INERTIA;
    assert!((ratio - 1.0).abs() < 1e-9, "inertia {} vs {SKLEARN_MALL_GENDER_INERTIA}", m.training.inertia);
    let mut sizes: Vec<usize> = m.segments.iter().map(|s| s.size).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(sizes, [58, 47, 39, 34, 22]);
    let genre = &m.encoding.categories[0];
    assert_eq!((genre.name.as_str(), genre.values.clone()), ("Genre", vec!["Female".to_owned(), "Male".to_owned()]));
    assert_eq!(genre.shares, [0.56, 0.44]);
    assert_eq!(m.encoding.dim(), 5);
    for s in &m.segments {
        assert!((s.mix[0].iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}

#[test]
fn customers_differing_only_in_a_category_are_one_apart() {
    let m = mall_with_gender(5).model;
    let (female, male) =
        (m.encoding.encode_row(&[30.0, 60.0, 50.0], &[0]), m.encoding.encode_row(&[30.0, 60.0, 50.0], &[1]));
    let d = female.iter().zip(&male).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt();
    assert!((d - 1.0).abs() < 1e-12, "{d}");
    assert_eq!(female[3..], [CATEGORY_WEIGHT, 0.0]);
}

#[test]
fn names_and_descriptions_say_which_value_stands_out() {
    let m = mall_with_gender(5).model;
    for s in &m.segments {
        let female = s.mix[0][0];
        let standout = s.label.name.starts_with("Mostly Female") || s.label.name.starts_with("Mostly Male");
        let share = female.max(1.0 - female);
        let lift = if female >= 0.5 { female - 0.56 } else { (1.0 - female) - 0.44 };
        assert_eq!(standout, share >= 0.6 && lift >= 0.15, "{} at {female}", s.label.name);
        if standout {
            assert!(s.label.description.contains(" of them are "), "{}", s.label.description);
        }
    }
}

#[test]
fn a_value_that_stands_out_leads_the_name() {
    // Big spenders are mostly in the north, small ones spread evenly.
    let mut text = String::from("region,spend\n");
    for i in 0..100 {
        let (region, spend) = if i < 50 {
            (["North", "South"][i % 2], 10 + i % 5)
        } else {
            (if i % 10 == 0 { "South" } else { "North" }, 90 + i % 5)
        };
        text += &format!("{region},{spend}\n");
    }
    let request = TrainRequest::from(FitSettings {
        scaling: ScalingKind::Standard,
        prep: Preparation { categories: vec![0], ..Preparation::default() },
        ..FitSettings::new(vec![1], 2)
    });
    let m = segment_table(&table(&text), &request).unwrap().model;
    let big = m.segments.iter().find(|s| s.centre[0] > 50.0).unwrap();
    assert_eq!(big.label.name, "Mostly North, High-spenders");
    assert!(big.label.description.ends_with("90 % of them are North."), "{}", big.label.description);
    let small = m.segments.iter().find(|s| s.centre[0] < 50.0).unwrap();
    assert!(!small.label.name.contains("Mostly"), "{}", small.label.name);
}

#[test]
fn category_values_are_trimmed_compared_without_case_and_kept_in_key_order() {
    let rows = "region,spend\n north ,10\nSouth,12\nNORTH,50\nsouth ,52\nNorth,11\nsouth,49\n";
    let request = TrainRequest::from(FitSettings {
        prep: Preparation { categories: vec![0], ..Preparation::default() },
        ..FitSettings::new(vec![1], 2)
    });
    let m = segment_table(&table(rows), &request).unwrap().model;
    assert_eq!(m.encoding.categories[0].values, ["north", "South"], "first spellings, trimmed");
    // The same rows in another order give the same model.
    let mut lines: Vec<&str> = rows.lines().skip(1).collect();
    lines.reverse();
    let reversed = format!("region,spend\n{}\n", lines.join("\n"));
    let again = segment_table(&table(&reversed), &request).unwrap().model;
    assert_eq!(again.encoding.categories[0].values.len(), 2);
    assert_eq!(again.encoding.categories[0].shares, m.encoding.categories[0].shares);
    assert!((again.training.inertia - m.training.inertia).abs() < 1e-9);
}

#[test]
fn too_many_values_are_refused_and_an_empty_category_cell_is_named() {
    let mut text = String::from("city,spend\n");
    for i in 0..51 {
        text += &format!("c{i},{i}\n");
    }
    let request = TrainRequest::from(FitSettings {
        prep: Preparation { categories: vec![0], ..Preparation::default() },
        ..FitSettings::new(vec![1], 2)
    });
    let e = segment_table(&table(&text), &request).unwrap_err();
    assert!(e.to_string().contains("more than 50 different values"), "{e}");
    let s = segment_table(&table("city,spend\na,1\n,2\nb,3\na,4\n"), &request).unwrap();
    assert_eq!(s.skipped, [DataError::EmptyCategory { at: Place::Line(3), column: "city".into() }]);
}

#[test]
fn an_unseen_category_in_a_batch_is_an_error_on_its_row_not_a_dropped_row() {
    let m = mall_with_gender(5).model;
    let file = table("CustomerID,Genre,Age,Annual Income (k$),Spending Score (1-100)\n1,female,30,60,50\n2,Other,30,60,50\n3, MALE ,30,60,50\n");
    let (numbers, categories) = model_columns(&m, file.headers()).unwrap();
    let result = classify_table(&m, &file, &[numbers, categories].concat());
    assert_eq!(result.len(), 3);
    assert_eq!(result.classified(), 2);
    let e = result.get(1).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Line 3, column \"Genre\": \"Other\" is not one of the values the model was trained on (\"Female\", \"Male\"). \
         Train again with customers who have it, or correct the value."
    );
    let csv = String::from_utf8(results_csv(&m, &file, &result)).unwrap();
    assert_eq!(csv.lines().count(), 4, "every row in the results");
    // Predict and Batch agree.
    let one = m.classify(&[30.0, 60.0, 50.0], &[1]);
    assert_eq!(result.get(2).unwrap().segment, one.segment);
}

#[test]
fn missing_numbers_are_left_out_or_filled_with_the_mean_or_median() {
    let text = "income,spend\n10,1\n,2\n20,3\nNA,4\n60,5\n";
    let t = table(text);
    let train = |missing| {
        let request = TrainRequest::from(FitSettings {
            prep: Preparation { missing, ..Preparation::default() },
            ..FitSettings::new(vec![0, 1], 1)
        });
        segment_table(&t, &request).unwrap()
    };
    let skip = train(MissingRule::Skip);
    assert_eq!((skip.model.training.rows_used, skip.skipped.len(), skip.filled.len()), (3, 2, 0));
    let mean = train(MissingRule::Mean);
    assert_eq!((mean.model.training.rows_used, mean.skipped.len(), mean.filled.len()), (5, 0, 2));
    assert_eq!(mean.model.encoding.fill, [30.0, 3.0], "pandas: df.mean() = 30, 3");
    assert_eq!(mean.points.column(0).collect::<Vec<_>>(), [10.0, 30.0, 20.0, 30.0, 60.0]);
    assert_eq!(mean.filled[0], DataError::EmptyCell { at: Place::Line(3), column: "income".into() });
    assert!(matches!(&mean.filled[1], DataError::MissingValue { value, .. } if value == "NA"));
    let median = train(MissingRule::Median);
    assert_eq!(median.model.encoding.fill, [20.0, 3.0], "pandas: df.median() = 20, 3");
    // At prediction the model fills a missing number with the value it learnt.
    let file = table("income,spend\n,9\n");
    let result = classify_table(&median.model, &file, &[0, 1]);
    assert_eq!(result.classified(), 1);
    let skipping = classify_table(&skip.model, &file, &[0, 1]);
    assert_eq!(skipping.classified(), 0);
}

#[test]
fn a_column_with_no_numbers_cannot_be_filled() {
    let t = table("income,spend\n,1\n,2\n");
    let request = TrainRequest::from(FitSettings {
        prep: Preparation { missing: MissingRule::Mean, ..Preparation::default() },
        ..FitSettings::new(vec![0, 1], 1)
    });
    let e = segment_table(&t, &request).unwrap_err();
    assert!(e.to_string().contains("Column \"income\" has no numbers"), "{e}");
}

/// Spending with a long tail: most customers 10–30, 1 % of them whales at 2,000 and more.
fn whales() -> String {
    let mut text = String::from("visits,spend\n");
    for i in 0..200 {
        let spend = if i % 100 == 0 { 2000 + i } else { 10 + (i * 7) % 21 };
        text += &format!("{},{spend}\n", 1 + i % 9);
    }
    text
}

#[test]
fn log_and_winsorize_are_kept_in_the_model_and_centres_stay_in_original_units() {
    let t = table(&whales());
    let with = |transform| {
        let request = TrainRequest::from(FitSettings {
            scaling: ScalingKind::Standard,
            prep: Preparation { transforms: vec![TransformKind::None, transform], ..Preparation::default() },
            ..FitSettings::new(vec![0, 1], 3)
        });
        segment_table(&t, &request).unwrap().model
    };
    let log = with(TransformKind::Log);
    assert_eq!(log.encoding.transforms, [Transform::None, Transform::Log]);
    for s in &log.segments {
        let z = log.encoding.encode_row(&s.centre, &[]);
        assert!(z.iter().zip(&s.model_centre).all(|(a, b)| (a - b).abs() < 1e-9), "centre back in units");
    }
    let wins = with(TransformKind::Winsorize);
    let Transform::Winsorize { low, high } = wins.encoding.transforms[1] else { panic!() };
    // pandas: df.spend.quantile(.01), .quantile(.99) = 10.0, 43.76.
    assert_eq!(low, 10.0);
    assert!((high - 43.76).abs() < 1e-9, "{high}");
    // Kept in the model file.
    let back = SegmentModel::from_json(&wins.to_json()).unwrap();
    assert_eq!(back, wins);
}

#[test]
fn log_takes_negative_values_mirrored_so_no_customer_is_left_out() {
    // A net refund (-3) is a customer too: sign(x)·ln(1 + |x|), the same as ln(1 + x) from 0 up.
    let t = table("a,b\n1,2\n-3,4\n5,6\n");
    let request = TrainRequest::from(FitSettings {
        prep: Preparation { transforms: vec![TransformKind::Log], ..Preparation::default() },
        scaling: ScalingKind::None,
        ..FitSettings::new(vec![0, 1], 1)
    });
    let s = segment_table(&t, &request).unwrap();
    assert!(s.skipped.is_empty());
    let centre = &s.model.segments[0].model_centre;
    let expected = (1f64.ln_1p() - 3f64.ln_1p() + 5f64.ln_1p()) / 3.0;
    assert!((centre[0] - expected).abs() < 1e-12, "{centre:?}");
}

#[test]
fn robust_scaling_keeps_whales_from_squeezing_everyone_together() {
    let t = table(&whales());
    let request = TrainRequest::from(FitSettings { scaling: ScalingKind::Robust, ..FitSettings::new(vec![0, 1], 2) });
    let m = segment_table(&t, &request).unwrap().model;
    // scikit-learn's RobustScaler().fit(df) on the same rows: center_ [5, 17], scale_ [4, 14].
    assert_eq!(m.encoding.scaling.offset, [5.0, 17.0]);
    assert_eq!(m.encoding.scaling.scale, [4.0, 14.0]);
}

#[test]
fn a_version_1_model_file_is_still_read() {
    let t = mall();
    let m = segment_table(&t, &TrainRequest::new(vec![3, 4], 5)).unwrap().model;
    let mut v: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    assert_eq!(v["version"], 2);
    // A version 1 file: the same keys without `missing` (no categories, transforms or fills).
    v["version"] = 1.into();
    v.as_object_mut().unwrap().remove("missing");
    let old = SegmentModel::from_json(&v.to_string()).unwrap();
    assert_eq!(old.encoding, m.encoding);
    assert_eq!(old.classify(&[80.0, 85.0], &[]).segment, m.classify(&[80.0, 85.0], &[]).segment);
}

#[test]
fn a_damaged_version_2_file_is_refused() {
    let m = mall_with_gender(3).model;
    let mut v: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    v["categories"][0]["values"] = serde_json::json!(["Female", "female"]);
    assert!(SegmentModel::from_json(&v.to_string()).unwrap_err().to_string().contains("repeated value"));
    let mut v: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    v["segments"][0]["mix"] = serde_json::json!([[0.5]]);
    assert!(SegmentModel::from_json(&v.to_string()).is_err());
    let back = SegmentModel::from_json(&m.to_json()).unwrap();
    assert_eq!(back, m);
}
