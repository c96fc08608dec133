//! Which k each criterion picks from a sweep, and the recommendation they make together.
//!
//! Five criteria, each a published rule:
//! - silhouette: the highest mean silhouette (Rousseeuw 1987);
//! - Calinski–Harabasz: the highest index (Caliński & Harabasz 1974);
//! - Davies–Bouldin: the lowest index (Davies & Bouldin 1979);
//! - WCSS knee: Kneedle (Satopää et al. 2011) on the elbow curve — both axes scaled to [0, 1],
//!   the k farthest below the straight line from the first k to the last;
//! - gap statistic (Tibshirani, Walther & Hastie 2001): the smallest k with
//!   Gap(k) ≥ Gap(k+1) − s(k+1).
//!
//! The rule: recommend the k picked by the most criteria; a tie goes to the tied k with the
//! higher silhouette. When no k has more than two of the five, the criteria disagree and the
//! recommendation says so.
//!
//! It also says how strong the structure at that k is, by Kaufman & Rousseeuw's (1990) reading
//! of the mean silhouette ([`Structure`]), and suggests comparing more k when the pick is the
//! largest k compared: the best k may lie beyond it.

use serde::{Deserialize, Serialize};

use super::{KScore, Sweep};
use crate::kmeans::MAX_CLUSTERS;

/// One way of choosing k.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Criterion {
    Silhouette,
    CalinskiHarabasz,
    DaviesBouldin,
    WcssKnee,
    Gap,
}

impl Criterion {
    pub const ALL: [Criterion; 5] = [
        Criterion::Silhouette,
        Criterion::CalinskiHarabasz,
        Criterion::DaviesBouldin,
        Criterion::WcssKnee,
        Criterion::Gap,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Criterion::Silhouette => "Silhouette (highest)",
            Criterion::CalinskiHarabasz => "Calinski–Harabasz (highest)",
            Criterion::DaviesBouldin => "Davies–Bouldin (lowest)",
            Criterion::WcssKnee => "WCSS knee (Kneedle)",
            Criterion::Gap => "Gap statistic",
        }
    }

    /// The k this criterion picks, if it can pick one from these scores (ascending k).
    pub fn pick(self, scores: &[KScore]) -> Option<usize> {
        let best = |value: fn(&KScore) -> Option<f64>, higher: bool| {
            let mut found: Option<(usize, f64)> = None;
            for s in scores {
                let Some(v) = value(s).filter(|v| v.is_finite()) else { continue };
                if found.is_none_or(|(_, b)| if higher { v > b } else { v < b }) {
                    found = Some((s.k, v));
                }
            }
            found.map(|(k, _)| k)
        };
        match self {
            Criterion::Silhouette => best(|s| s.silhouette, true),
            Criterion::CalinskiHarabasz => best(|s| s.calinski_harabasz, true),
            Criterion::DaviesBouldin => best(|s| s.davies_bouldin, false),
            Criterion::WcssKnee => knee(scores),
            Criterion::Gap => gap_pick(scores),
        }
    }
}

/// How far below its chord a curve must bend, as a share of both axes, to have a knee.
const KNEE_MIN_BEND: f64 = 0.01;

/// Kneedle on the WCSS curve: the k farthest below the chord from the first point to the last,
/// both axes scaled to [0, 1]. Needs three k at least.
fn knee(scores: &[KScore]) -> Option<usize> {
    let (first, last) = (scores.first()?, scores.last()?);
    let (lo, hi) =
        scores.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), s| (lo.min(s.inertia), hi.max(s.inertia)));
    if scores.len() < 3 || hi <= lo || last.k == first.k {
        return None;
    }
    let span = (last.k - first.k) as f64;
    let below = |s: &KScore| (1.0 - (s.k - first.k) as f64 / span) - (s.inertia - lo) / (hi - lo);
    let mut best = (first.k, f64::NEG_INFINITY);
    for s in scores {
        let d = below(s);
        if d > best.1 {
            best = (s.k, d);
        }
    }
    // A curve within 1% of its chord (in scaled units) has no bend to speak of.
    (best.1 > KNEE_MIN_BEND).then_some(best.0)
}

/// Tibshirani's rule over consecutive k: the smallest k whose gap is within one standard error
/// of the next k's; the largest gap when none is.
fn gap_pick(scores: &[KScore]) -> Option<usize> {
    let gaps: Vec<(usize, f64, f64)> =
        scores.iter().filter_map(|s| Some((s.k, s.gap?, s.gap_se?))).filter(|g| g.1.is_finite()).collect();
    let first = gaps.windows(2).find(|w| w[1].0 == w[0].0 + 1 && w[0].1 >= w[1].1 - w[1].2).map(|w| w[0].0);
    first.or_else(|| gaps.iter().max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0))).map(|g| g.0))
}

/// The k to suggest, how many criteria agree, and what each picked.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub k: usize,
    /// What each criterion picked, in [`Criterion::ALL`] order (those that could pick).
    pub picks: Vec<(Criterion, usize)>,
    /// How many criteria picked `k`.
    pub agreeing: usize,
    /// True when no k has more than two of the criteria: a weak recommendation.
    pub disputed: bool,
    /// One or two sentences a user can read.
    pub reason: String,
    /// How strong the structure at `k` is, from its mean silhouette (none without one).
    pub structure: Option<(f64, Structure)>,
    /// When `k` is the largest k compared (and the sweep was not stopped early), the end of a
    /// wider range to compare next.
    pub widen_to: Option<usize>,
}

/// How much structure a mean silhouette shows (Kaufman & Rousseeuw 1990, *Finding Groups in
/// Data*): above 0.70 strong, 0.51–0.70 reasonable, 0.26–0.50 weak, 0.25 or less none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Structure {
    Strong,
    Reasonable,
    Weak,
    NoneSubstantial,
}

impl Structure {
    pub fn of(silhouette: f64) -> Structure {
        match silhouette {
            s if s > 0.70 => Structure::Strong,
            s if s > 0.50 => Structure::Reasonable,
            s if s > 0.25 => Structure::Weak,
            _ => Structure::NoneSubstantial,
        }
    }

    /// What it means for the segments, in a sentence's second half.
    pub fn meaning(self) -> &'static str {
        match self {
            Structure::Strong => "a strong structure: the segments are clearly apart",
            Structure::Reasonable => "a reasonable structure: the segments are real groups, with some customers between them",
            Structure::Weak => "a weak structure: the segments overlap and may be a convenient split more than real groups",
            Structure::NoneSubstantial => {
                "no substantial structure: the customers form no clear groups, so treat the segments as slices of one crowd"
            }
        }
    }
}

/// How many more k a wider comparison looks at.
const WIDEN_BY: usize = 5;

impl Sweep {
    /// What each criterion picks, and the k most of them pick (see the module's rule).
    pub fn recommend(&self) -> Option<Recommendation> {
        let picks: Vec<(Criterion, usize)> =
            Criterion::ALL.into_iter().filter_map(|c| c.pick(&self.scores).map(|k| (c, k))).collect();
        let votes = |k: usize| picks.iter().filter(|(_, p)| *p == k).count();
        let silhouette =
            |k: usize| self.scores.iter().find(|s| s.k == k).and_then(|s| s.silhouette).unwrap_or(f64::NEG_INFINITY);
        let k = picks
            .iter()
            .map(|&(_, k)| k)
            .max_by(|&a, &b| votes(a).cmp(&votes(b)).then(silhouette(a).total_cmp(&silhouette(b))).then(b.cmp(&a)))?;
        let agreeing = votes(k);
        let disputed = agreeing <= 2 && picks.len() > 2;
        let reason = reason(k, agreeing, disputed, &picks);
        let structure = self.scores.iter().find(|s| s.k == k).and_then(|s| s.silhouette).map(|s| (s, Structure::of(s)));
        let largest = self.scores.last().map(|s| s.k);
        let widen_to = (largest == Some(k) && self.stopped.is_none() && k < MAX_CLUSTERS)
            .then(|| (k + WIDEN_BY).min(MAX_CLUSTERS));
        Some(Recommendation { k, picks, agreeing, disputed, reason, structure, widen_to })
    }
}

fn reason(k: usize, agreeing: usize, disputed: bool, picks: &[(Criterion, usize)]) -> String {
    let names = |want: bool| -> Vec<String> {
        picks
            .iter()
            .filter(|(_, p)| (*p == k) == want)
            .map(|(c, p)| if want { short(*c).to_owned() } else { format!("{} {p}", short(*c)) })
            .collect()
    };
    let (agree, others) = (names(true), names(false));
    let total = picks.len();
    let mut text = if disputed {
        format!(
            "The criteria disagree: only {agreeing} of {total} pick k = {k} ({}), the most any k gets. \
             Compare the charts below and the segments you can act on before choosing.",
            agree.join(", ")
        )
    } else {
        format!("{agreeing} of {total} criteria pick k = {k} ({}).", agree.join(", "))
    };
    if !others.is_empty() {
        let lead = if disputed { "The others" } else { "Others pick" };
        text.push_str(&format!(" {lead}: {}.", others.join(", ")));
    }
    text
}

/// A criterion's name inside a sentence.
fn short(c: Criterion) -> &'static str {
    match c {
        Criterion::Silhouette => "silhouette",
        Criterion::CalinskiHarabasz => "Calinski–Harabasz",
        Criterion::DaviesBouldin => "Davies–Bouldin",
        Criterion::WcssKnee => "WCSS knee",
        Criterion::Gap => "gap statistic",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(k: usize, inertia: f64) -> KScore {
        KScore { k, inertia, silhouette: None, calinski_harabasz: None, davies_bouldin: None, gap: None, gap_se: None }
    }

    #[test]
    fn the_knee_of_a_hand_made_elbow() {
        // Steep to k = 5, flat after: the farthest point below the chord is 5.
        let curve = [100.0, 70.0, 45.0, 25.0, 20.0, 18.0, 17.0, 16.5, 16.0];
        let scores: Vec<KScore> = curve.iter().enumerate().map(|(i, &w)| score(i + 2, w)).collect();
        assert_eq!(knee(&scores), Some(5));
        // A straight line has no knee.
        let line: Vec<KScore> = (2..10).map(|k| score(k, 100.0 - k as f64)).collect();
        assert_eq!(knee(&line), None);
        assert_eq!(knee(&scores[..2]), None, "two points make no curve");
    }

    #[test]
    fn the_gap_rule_takes_the_first_k_within_one_standard_error_of_the_next() {
        let with_gap = |k, g, se| KScore { gap: Some(g), gap_se: Some(se), ..score(k, 1.0) };
        let scores = [
            with_gap(2, 0.2, 0.05),
            with_gap(3, 0.5, 0.05),
            with_gap(4, 0.9, 0.05),
            with_gap(5, 0.88, 0.05),
            with_gap(6, 0.95, 0.05),
        ];
        assert_eq!(gap_pick(&scores), Some(4));
        let rising = [with_gap(2, 0.1, 0.01), with_gap(3, 0.3, 0.01), with_gap(4, 0.6, 0.01)];
        assert_eq!(gap_pick(&rising), Some(4), "none levels off: the largest gap");
    }

    #[test]
    fn most_votes_win_ties_go_to_the_higher_silhouette_and_disagreement_is_said() {
        let full = |k, sil, ch, db| KScore {
            silhouette: Some(sil),
            calinski_harabasz: Some(ch),
            davies_bouldin: Some(db),
            ..score(k, 100.0 / k as f64)
        };
        let agree = Sweep {
            scores: vec![full(2, 0.3, 10.0, 0.9), full(3, 0.6, 30.0, 0.4), full(4, 0.5, 20.0, 0.6)],
            silhouette_rows: 10,
            rows: 10,
            stopped: None,
        };
        let r = agree.recommend().unwrap();
        assert_eq!((r.k, r.agreeing, r.disputed), (3, 4, false));
        assert_eq!(r.reason, "4 of 4 criteria pick k = 3 (silhouette, Calinski–Harabasz, Davies–Bouldin, WCSS knee).");
        let split =
            Sweep { scores: vec![full(2, 0.7, 10.0, 0.9), full(3, 0.6, 30.0, 0.8), full(4, 0.5, 20.0, 0.4)], ..agree };
        let r = split.recommend().unwrap();
        assert!(r.disputed, "{r:?}");
        assert!(r.reason.starts_with("The criteria disagree"), "{}", r.reason);
        assert_eq!(r.picks.len(), 4, "no gap figures: four criteria");
    }

    #[test]
    fn the_structure_is_read_in_kaufman_and_rousseeuws_bands() {
        let bands = [0.71, 0.70, 0.51, 0.50, 0.26, 0.25, -0.1].map(Structure::of);
        use Structure::*;
        assert_eq!(bands, [Strong, Reasonable, Reasonable, Weak, Weak, NoneSubstantial, NoneSubstantial]);
    }

    #[test]
    fn a_pick_at_the_end_of_the_range_suggests_a_wider_one() {
        let with = |k, sil| KScore { silhouette: Some(sil), ..score(k, 100.0 / k as f64) };
        let rising = Sweep {
            scores: vec![with(2, 0.3), with(3, 0.5), with(4, 0.6)],
            silhouette_rows: 10,
            rows: 10,
            stopped: None,
        };
        let r = rising.recommend().unwrap();
        assert_eq!(r.k, 4, "{r:?}");
        assert_eq!(r.structure, Some((0.6, Structure::Reasonable)));
        assert_eq!(r.widen_to, Some(9));
        let stopped =
            Sweep { stopped: Some(super::super::Stopped { k: 5, reason: "too few rows".into() }), ..rising.clone() };
        assert_eq!(stopped.recommend().unwrap().widen_to, None, "a sweep stopped early cannot go wider");
        let inside = Sweep { scores: vec![with(2, 0.3), with(3, 0.7), with(4, 0.6)], ..rising };
        assert_eq!(inside.recommend().unwrap().widen_to, None);
    }
}
