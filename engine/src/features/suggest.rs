//! The features and scaling a new file starts with, and a line saying why.
//!
//! The rules, in order, for each numeric column:
//! 1. an identifier (by header or 1, 2, 3, … in order) is left out;
//! 2. a column with one value is left out;
//! 3. a year (a birth year by its header, or a header with "year" over whole numbers from 1900 to
//!    2100) is left out and offered: ticked, it segments by age, named Younger/Older;
//! 4. a 0/1 flag, or whole numbers with at most [`CODE_VALUES`] values (a region or channel code),
//!    is left out and offered as a category — unless its header names a measure and it has more
//!    than two values (rule 5): a 0/1 "Discount Used" is a flag, "Orders" 1 to 5 a measure;
//! 5. a measure a segmentation uses, by the [`crate::lexicon`]: spend, amounts, income, recency,
//!    frequency, purchases, visits, age, tenure, deals; churn and complaint columns are offered,
//!    not chosen;
//! 6. when no column is such a measure, every other numeric column is chosen.
//!
//! A customer table with Recency, Frequency and Monetary columns (as one built from order lines
//! is, [`crate::rfm`]) starts on those three, each on the signed log scale and standardised: RFM
//! as marketers use it, the long tail of big spenders pulled in. A file with income and spending
//! columns ([`Role`]) starts on those two, as the product always has. Scaling starts as z-scores when the chosen features' standard deviations differ by more
//! than [`SPREAD_RATIO`]×, so no feature outweighs the others by its units; else raw values.

use crate::{
    dataset::{parse_number, Table},
    features::{looks_like_identifier, Role},
    format,
    lexicon::Measure,
    prep::TransformKind,
    scaling::ScalingKind,
    stats::FeatureStats,
    text::words,
};

/// Whole-number columns with at most this many values are codes or flags.
pub const CODE_VALUES: usize = 5;
/// Standard deviations further apart than this call for z-scores.
pub const SPREAD_RATIO: f64 = 10.0;
/// Rows examined per column (evenly spaced in a bigger file).
const SAMPLE_ROWS: usize = 10_000;
/// Names listed per reason; the rest are counted.
const LISTED: usize = 3;

/// What a new file starts with.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub features: Vec<usize>,
    /// A transform per chosen feature that needs one (column, transform).
    pub transforms: Vec<(usize, TransformKind)>,
    pub scaling: ScalingKind,
    /// Why, one sentence per rule that applied.
    pub why: Vec<String>,
}

/// Why a numeric column is or is not pre-selected.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict {
    Measure(Measure),
    Other,
    Identifier,
    Constant,
    Year,
    Code(usize),
    /// A churn or complaint column, with its number of values when it is whole numbers with at
    /// most [`CODE_VALUES`].
    Warning(Option<usize>),
}

/// The features and scaling `table` starts with ([the rules](self)).
pub fn suggest(table: &Table) -> Suggestion {
    if let Some(rfm) = rfm_columns(table) {
        return Suggestion {
            features: rfm.to_vec(),
            transforms: rfm.iter().map(|&c| (c, TransformKind::Log)).collect(),
            scaling: ScalingKind::Standard,
            why: vec![format!(
                "{} — the RFM measures: how recently, how often and how much each customer bought. Each on a \
                 log scale, so a few big spenders do not decide the segments alone (a net refund, Monetary \
                 below 0, is mirrored: −ln(1 + |x|)), then z-scores, so the three count alike.",
                names(table, &rfm)
            )],
        };
    }
    // Each numeric column read once: its sample decides its verdict and, if chosen, the scaling.
    let samples: Vec<(usize, Vec<f64>)> =
        (0..table.headers().len()).filter(|&c| table.is_numeric_column(c)).map(|c| (c, sample(table, c))).collect();
    let verdicts: Vec<(usize, Verdict)> = samples.iter().map(|(c, values)| (*c, verdict(table, *c, values))).collect();
    let of = |pick: fn(&Verdict) -> bool| -> Vec<usize> {
        verdicts.iter().filter(|(_, v)| pick(v)).map(|(c, _)| *c).collect()
    };
    let measures = of(|v| matches!(v, Verdict::Measure(_)));
    let others = of(|v| matches!(v, Verdict::Other));
    let roles = (Role::Income.find_in(table), Role::Spending.find_in(table));
    let (features, first) = if let (Ok(i), Ok(s)) = roles {
        (vec![i, s], "income and spending, the two measures this product was built around".to_owned())
    } else if !measures.is_empty() {
        (measures.clone(), format!("the {} a segmentation uses", measure_words(&verdicts, &measures)))
    } else if !others.is_empty() {
        (others.clone(), "every numeric column that is not an id, a year, a flag or a code".to_owned())
    } else {
        let any: Vec<usize> = verdicts.iter().filter(|(_, v)| *v != Verdict::Identifier).map(|(c, _)| *c).collect();
        (
            any.into_iter().take(2).collect(),
            "the first numeric columns, as no other column reads as a measure".to_owned(),
        )
    };
    let mut why = vec![format!("{} — {first}.", names(table, &features))];
    let left =
        |pick: fn(&Verdict) -> bool| -> Vec<usize> { of(pick).into_iter().filter(|c| !features.contains(c)).collect() };
    let reasons: [(Vec<usize>, &str); 6] = [
        (left(|v| *v == Verdict::Identifier), "identifiers"),
        (left(|v| *v == Verdict::Year), "a year: tick it to segment by age"),
        (left(|v| matches!(v, Verdict::Code(_))), "flags or codes with a few values, offered as categories too"),
        (left(|v| matches!(v, Verdict::Warning(_))), "churn or complaint flags: tick them to segment on them"),
        (left(|v| *v == Verdict::Constant), "the same in every row"),
        (left(|v| matches!(v, Verdict::Measure(_) | Verdict::Other)), "not needed for a first look"),
    ];
    let left_out: Vec<String> = reasons
        .iter()
        .filter(|(cols, _)| !cols.is_empty())
        .map(|(cols, why)| format!("{} ({why})", names(table, cols)))
        .collect();
    if !left_out.is_empty() {
        why.push(format!("Left out: {}.", left_out.join("; ")));
    }
    let (scaling, scaling_why) = scaling_for(table, &features, &samples);
    why.push(scaling_why);
    Suggestion { features, transforms: Vec::new(), scaling, why }
}

/// The Recency, Frequency and Monetary columns, when a table has all three as numbers.
fn rfm_columns(table: &Table) -> Option<[usize; 3]> {
    let find = |name: &str| {
        let key = crate::text::header_key(name);
        (0..table.headers().len())
            .find(|&c| crate::text::header_key(&table.headers()[c]) == key && table.is_numeric_column(c))
    };
    Some([find("Recency")?, find("Frequency")?, find("Monetary")?])
}

/// The columns a segmentation starts on ([`suggest`]).
pub fn default_features(table: &Table) -> Vec<usize> {
    suggest(table).features
}

/// True for a numeric column of whole numbers with 2 to [`CODE_VALUES`] values that names no
/// measure: a flag or a code, better as a category.
pub fn is_code(table: &Table, col: usize) -> bool {
    if !table.is_numeric_column(col) {
        return false;
    }
    match verdict(table, col, &sample(table, col)) {
        Verdict::Code(n) | Verdict::Warning(Some(n)) => n >= 2,
        _ => false,
    }
}

/// What column `col` is, from its header and `values` (its [`sample`]).
fn verdict(table: &Table, col: usize, values: &[f64]) -> Verdict {
    if looks_like_identifier(table, col) {
        return Verdict::Identifier;
    }
    let header = &table.headers()[col];
    let measure = Measure::of_header(header);
    let distinct = distinct_whole_of(values);
    if values.iter().all(|&v| v == values[0]) {
        return Verdict::Constant;
    }
    let year_like = words(header).iter().any(|w| w == "year") && values.iter().all(|v| (1900.0..=2100.0).contains(v));
    if measure == Some(Measure::BirthYear) || (measure.is_none() && year_like) {
        return Verdict::Year;
    }
    match (measure, distinct) {
        (Some(m), _) if !m.pre_selected() => Verdict::Warning(distinct),
        (Some(m), Some(n)) if n > 2 => Verdict::Measure(m),
        (Some(m), None) => Verdict::Measure(m),
        (_, Some(n)) => Verdict::Code(n),
        (None, None) => Verdict::Other,
    }
}

/// The column's numbers in the rows examined (missing and bad cells skipped).
fn sample(table: &Table, col: usize) -> Vec<f64> {
    let n = table.row_count();
    let step = n.div_ceil(SAMPLE_ROWS).max(1);
    (0..n)
        .step_by(step)
        .filter(|&i| table.shape_error(i).is_none())
        .filter_map(|i| parse_number(table.cell(i, col), table.layout().decimal).ok())
        .collect()
}

/// How many values `values` holds, if they are whole numbers with at most [`CODE_VALUES`] of them.
fn distinct_whole_of(values: &[f64]) -> Option<usize> {
    let mut seen: Vec<f64> = Vec::new();
    for &v in values {
        if v.fract() != 0.0 {
            return None;
        }
        if !seen.contains(&v) {
            seen.push(v);
            if seen.len() > CODE_VALUES {
                return None;
            }
        }
    }
    Some(seen.len())
}

/// z-scores when the spreads of `features` differ by more than [`SPREAD_RATIO`]×, and why.
fn scaling_for(table: &Table, features: &[usize], samples: &[(usize, Vec<f64>)]) -> (ScalingKind, String) {
    let spread = |c: usize| match samples.iter().find(|(col, _)| *col == c) {
        Some((_, values)) => FeatureStats::of(values.iter().copied()).std,
        None => FeatureStats::of(sample(table, c).into_iter()).std,
    };
    let spreads: Vec<(usize, f64)> =
        features.iter().map(|&c| (c, spread(c))).filter(|(_, s)| s.is_finite() && *s > 0.0).collect();
    let widest = spreads.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let narrowest = spreads.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    match (widest, narrowest) {
        (Some(&(w, ws)), Some(&(n, ns))) if ws / ns > SPREAD_RATIO => (
            ScalingKind::Standard,
            format!(
                "Scaling: z-scores, as {} varies about {}× as much as {}; raw, it would decide the segments alone.",
                table.headers()[w].trim(),
                format::value((ws / ns).round()),
                table.headers()[n].trim()
            ),
        ),
        _ => (
            ScalingKind::None,
            "Scaling: none, as the chosen features vary on similar scales (within 10× of each other).".to_owned(),
        ),
    }
}

/// The kinds of measure among `chosen`: "spend, recency and income measures".
fn measure_words(verdicts: &[(usize, Verdict)], chosen: &[usize]) -> String {
    let mut kinds: Vec<&str> = Vec::new();
    for (c, v) in verdicts {
        if let (true, Verdict::Measure(m)) = (chosen.contains(c), v) {
            let word = match m {
                Measure::Spend => "spend",
                Measure::Income => "income",
                Measure::Recency => "recency",
                Measure::Frequency => "frequency",
                Measure::Age => "age",
                Measure::Tenure => "tenure",
                Measure::Deals => "deals",
                _ => continue,
            };
            if !kinds.contains(&word) {
                kinds.push(word);
            }
        }
    }
    match kinds.split_last() {
        Some((last, [])) => format!("{last} measures"),
        Some((last, rest)) => format!("{} and {last} measures", rest.join(", ")),
        None => "measures".to_owned(),
    }
}

/// "Income, Recency, MntWines and 10 more".
fn names(table: &Table, cols: &[usize]) -> String {
    let listed: Vec<&str> = cols.iter().take(LISTED).map(|&c| table.headers()[c].trim()).collect();
    match cols.len() {
        n if n > LISTED => format!("{} and {} more", listed.join(", "), n - LISTED),
        _ => match listed.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => listed.join(""),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table::from_csv_bytes(text.as_bytes()).unwrap()
    }

    /// A marketing-shaped table of `n` customers, deterministic.
    fn marketing(n: usize) -> Table {
        let mut text = String::from(
            "ID,Year_Birth,Income,Kidhome,Recency,MntWines,MntMeatProducts,NumDealsPurchases,NumWebPurchases,Complain,Z_CostContact,Response\n",
        );
        for i in 0..n {
            let f = |m: usize, r: usize| (i * m + 7) % r;
            text.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},3,{}\n",
                5000 + i * 3,
                1940 + f(7, 57),
                20000 + f(7919, 80000),
                f(1, 3),
                f(13, 100),
                f(37, 1500),
                f(53, 1700),
                f(3, 15),
                f(5, 27),
                u8::from(i % 50 == 0),
                f(1, 2)
            ));
        }
        table(&text)
    }

    #[test]
    fn an_rfm_customer_table_starts_on_its_three_measures_logged_and_standardised() {
        let t = table(
            "CustomerID,Recency,Frequency,Monetary,Tenure,First purchase\n\
             12346,326,1,-12.5,326,2023-01-18\n12347,2,7,4310,367,2022-12-07\n12348,75,4,1797.24,358,2022-12-16\n",
        );
        let s = suggest(&t);
        assert_eq!(s.features, [1, 2, 3]);
        assert_eq!(s.transforms, [(1, TransformKind::Log), (2, TransformKind::Log), (3, TransformKind::Log)]);
        assert_eq!(s.scaling, ScalingKind::Standard);
        assert!(s.why[0].starts_with("Recency, Frequency and Monetary — the RFM measures"), "{:?}", s.why);
        // Without Monetary it is any other table.
        let t = table("id,Recency,Frequency\n1,3,4\n2,5,1\n3,9,2\n");
        assert!(suggest(&t).transforms.is_empty());
    }

    #[test]
    fn marketing_measures_are_chosen_and_the_rest_explained() {
        let t = marketing(400);
        let s = suggest(&t);
        let chosen: Vec<&str> = s.features.iter().map(|&c| t.headers()[c].as_str()).collect();
        assert_eq!(
            chosen,
            ["Income", "Recency", "MntWines", "MntMeatProducts", "NumDealsPurchases", "NumWebPurchases"]
        );
        assert_eq!(s.scaling, ScalingKind::Standard, "income's spread dwarfs recency's");
        let why = s.why.join(" ");
        assert!(why.contains("ID (identifiers)"), "{why}");
        assert!(why.contains("Year_Birth (a year: tick it to segment by age)"), "{why}");
        assert!(why.contains("Kidhome and Response (flags or codes"), "{why}");
        assert!(why.contains("Complain (churn or complaint"), "{why}");
        assert!(why.contains("Z_CostContact (the same in every row)"), "{why}");
        assert!(why.contains("z-scores, as Income varies"), "{why}");
        assert!(is_code(&t, 3) && is_code(&t, 11) && !is_code(&t, 4));
    }

    #[test]
    fn codes_stored_as_numbers_are_left_out_and_unknown_spend_columns_chosen() {
        let mut text = String::from("Channel,Region,Fresh,Milk,Grocery\n");
        for i in 0..200 {
            text.push_str(&format!(
                "{},{},{},{},{}\n",
                1 + i % 2,
                1 + i % 3,
                100 + i * 61 % 9000,
                50 + i * 17 % 5000,
                i * 29 % 7000
            ));
        }
        let t = table(&text);
        let s = suggest(&t);
        assert_eq!(s.features, vec![2, 3, 4]);
        assert_eq!(s.scaling, ScalingKind::None, "spreads within 10×");
        assert!(s.why[1].contains("Channel and Region (flags or codes"), "{:?}", s.why);
    }

    #[test]
    fn the_mall_file_keeps_income_and_spending_unscaled() {
        let t = Table::from_csv_bytes(include_bytes!("../../../data/mall_customers_demo.csv")).unwrap();
        let s = suggest(&t);
        assert_eq!(s.features, vec![3, 4]);
        assert_eq!(s.scaling, ScalingKind::None);
    }
}
