//! The ten RFM segments marketers name (Champions, At Risk, Lost, …), for a model on exactly
//! Recency, Frequency and Monetary, with Tenure as an optional fourth feature.
//!
//! **Which models**: the numeric features are headed `Recency`, `Frequency`, `Monetary` and
//! optionally `Tenure` (compared by [`header_key`], so case, spaces, `_` and `-` do not matter), in
//! any order, each once: the customer table [`crate::rfm`] builds from order lines is headed so.
//!
//! **Scores**: every customer gets a score from 1 to 5 on each feature, 1 + 4q, q the share of the
//! other training customers they do better than: the usual 1–5 quintile score, unrounded (the
//! average customer scores 3 when no two tie). Recency is reversed (fewest days since the last
//! purchase scores 5), Tenure is not (5 is the longest-standing). A segment's score is the mean of
//! its members'. Why members' ranks rather than the z of the segment's average: Monetary is
//! extremely skewed (a few customers spend 100× the median), so one big spender drags a mean of
//! money far more than a mean of ranks, and ranks read the same whether or not the model
//! log-transformed the column. Why "do better than" for ties: one order is as seldom as a customer
//! can buy, yet one-off buyers are often half of all customers; a mid-rank would score them 2 or
//! more and call recent one-off buyers Potential Loyalists, where doing better than nobody scores
//! them 1. Without the customers ([`super::name_segments`] from averages alone), a segment's score
//! is 1 + 4Φ(z) of its average: the rank it would have if the feature were normal. Ranks are
//! relative to the customer base, as RFM scores always are: where most customers bought this month,
//! one who last bought half a year ago ranks in the middle on recency.
//!
//! **Grid**: each name has a point in (R, FM), FM the mean of the F and M scores: on the customer
//! grid Champions (5, 5), Loyal Customers (3.5, 4.5), Potential Loyalists (4.5, 2.5), New Customers
//! (5, 1), Promising (4, 1.5), Need Attention (3, 3), At Risk (1.5, 3.5), Can't Lose Them (1, 5),
//! Hibernating (2, 1.5), Lost (1, 1) — about the centres of the cells of the common R × FM grids
//! (Putler's, which has Lost in the low corner; the R × F "regex" maps, which have About to Sleep
//! instead of Lost and which we leave out). A segment's score is a mean of its members', drawn
//! towards the average customer's 3, so the names are placed a quarter of the way in towards (3, 3)
//! ([`SEGMENT_PULL`]): Champions at (4.5, 4.5), what a segment of the best quarter of customers on
//! every measure scores. With Tenure, New Customers is placed on (R, T) = (4.5, 1.5) instead: new
//! means a first purchase lately (short tenure) and recent, whatever was bought since, so the
//! recent segment with the shortest tenure is its best candidate.
//!
//! **Assignment**: a segment's cost for a name is the squared distance from its scores to the
//! name's point; the names go to the segments with the least total cost, never two alike (k ≤ 10:
//! exact, by dynamic programming over the subsets of names already given, 2¹⁰ states). Above ten
//! segments every name is given at least once and the rest repeat, to be told apart by the figures
//! of their centre (see `make_names_unique`). Equal totals go to the assignment that gives the
//! first segment the first name in [`RfmName::ALL`] order, then the second segment, …, so the names
//! are deterministic.

use crate::{matrix::Matrix, text::header_key};

use super::SegmentLabel;

/// The marketers' RFM segments, in the order ties are broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RfmName {
    Champions,
    LoyalCustomers,
    PotentialLoyalists,
    NewCustomers,
    Promising,
    NeedAttention,
    AtRisk,
    CantLoseThem,
    Hibernating,
    Lost,
}

/// How far in towards the average customer (3, 3) a segment's names sit, from the customer grid.
pub const SEGMENT_PULL: f64 = 0.25;

impl RfmName {
    pub const ALL: [RfmName; 10] = [
        RfmName::Champions,
        RfmName::LoyalCustomers,
        RfmName::PotentialLoyalists,
        RfmName::NewCustomers,
        RfmName::Promising,
        RfmName::NeedAttention,
        RfmName::AtRisk,
        RfmName::CantLoseThem,
        RfmName::Hibernating,
        RfmName::Lost,
    ];

    /// Where a customer of this name sits on the usual grid, as (R score, FM score), 1 to 5.
    pub fn customer_point(self) -> (f64, f64) {
        match self {
            RfmName::Champions => (5.0, 5.0),
            RfmName::LoyalCustomers => (3.5, 4.5),
            RfmName::PotentialLoyalists => (4.5, 2.5),
            RfmName::NewCustomers => (5.0, 1.0),
            RfmName::Promising => (4.0, 1.5),
            RfmName::NeedAttention => (3.0, 3.0),
            RfmName::AtRisk => (1.5, 3.5),
            RfmName::CantLoseThem => (1.0, 5.0),
            RfmName::Hibernating => (2.0, 1.5),
            RfmName::Lost => (1.0, 1.0),
        }
    }

    /// Where a segment of this name sits: [`Self::customer_point`] drawn [`SEGMENT_PULL`] of the
    /// way towards (3, 3).
    pub fn segment_point(self) -> (f64, f64) {
        let (r, fm) = self.customer_point();
        (pull(r), pull(fm))
    }

    pub fn name(self) -> &'static str {
        match self {
            RfmName::Champions => "Champions",
            RfmName::LoyalCustomers => "Loyal Customers",
            RfmName::PotentialLoyalists => "Potential Loyalists",
            RfmName::NewCustomers => "New Customers",
            RfmName::Promising => "Promising",
            RfmName::NeedAttention => "Need Attention",
            RfmName::AtRisk => "At Risk",
            RfmName::CantLoseThem => "Can't Lose Them",
            RfmName::Hibernating => "Hibernating",
            RfmName::Lost => "Lost",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            RfmName::Champions => "Bought most recently, buy most often and spend the most: the best customers.",
            RfmName::LoyalCustomers => {
                "Buy often and spend well, if not quite as lately as Champions: the dependable core."
            }
            RfmName::PotentialLoyalists => {
                "Bought recently, more than once and for a fair amount: loyalty is within reach."
            }
            RfmName::NewCustomers => "Bought for the first time lately, once or twice and for little so far.",
            RfmName::Promising => "Bought fairly recently, but seldom and for little.",
            RfmName::NeedAttention => "Middling on recency, frequency and spend: they may slip away without a nudge.",
            RfmName::AtRisk => "Bought often and spent well, but not for a long time.",
            RfmName::CantLoseThem => {
                "Were among the most frequent and biggest spenders, and have not bought for a long time."
            }
            RfmName::Hibernating => "Last bought a long time ago, seldom and for little.",
            RfmName::Lost => "Bought longest ago, least often and for least: most are likely gone.",
        }
    }

    pub fn strategy(self) -> &'static str {
        match self {
            RfmName::Champions => {
                "Reward and recognise: early access, a VIP tier and personal thanks, and ask them for reviews and referrals; keep discounts away, they buy anyway."
            }
            RfmName::LoyalCustomers => {
                "Deepen loyalty: a points or membership programme, and upsell the next range up from what they buy most."
            }
            RfmName::PotentialLoyalists => {
                "Build the habit: a membership offer and recommendations from what they bought, with a reason to come back within the month."
            }
            RfmName::NewCustomers => {
                "Onboard: a welcome series, help with what they bought and a small incentive on the second order; the second purchase decides whether they stay."
            }
            RfmName::Promising => {
                "Nurture: show best-sellers and a free-delivery threshold just above their basket, and test a time-limited offer on the next order."
            }
            RfmName::NeedAttention => {
                "Re-engage before they drift: a limited-time offer on what they bought before, then watch who comes back."
            }
            RfmName::AtRisk => {
                "Win back: a personal reactivation email with a strong offer on what they used to buy, and ask what changed."
            }
            RfmName::CantLoseThem => {
                "Win them back personally: a call or a handwritten note, a generous offer and the new products they would like; never let them go quietly to a competitor."
            }
            RfmName::Hibernating => {
                "Low-cost reactivation: include them in seasonal campaigns with one relevant offer; do not spend much chasing them."
            }
            RfmName::Lost => {
                "Let go: one low-cost win-back message, then stop paid contact with those who do not answer and spend the budget on better segments."
            }
        }
    }
}

fn pull(score: f64) -> f64 {
    score + SEGMENT_PULL * (3.0 - score)
}

/// Header keys ([`header_key`]) of the features an RFM model has.
const RECENCY: &str = "recency";
const FREQUENCY: &str = "frequency";
const MONETARY: &str = "monetary";
const TENURE: &str = "tenure";

/// Whether a feature is headed Monetary (any case, spaces, `_` or `-`).
pub fn is_monetary(header: &str) -> bool {
    header_key(header) == MONETARY
}

/// Where Recency, Frequency, Monetary and Tenure are among a model's features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RfmAxes {
    pub recency: usize,
    pub frequency: usize,
    pub monetary: usize,
    pub tenure: Option<usize>,
}

impl RfmAxes {
    /// The axes when the features are exactly Recency, Frequency and Monetary, with or without
    /// Tenure, in any order, each once.
    pub fn of_features(features: &[String]) -> Option<RfmAxes> {
        if !(3..=4).contains(&features.len()) {
            return None;
        }
        let keys: Vec<String> = features.iter().map(|f| header_key(f)).collect();
        let find = |key: &str| {
            let mut at = keys.iter().enumerate().filter(|(_, k)| *k == key).map(|(j, _)| j);
            match (at.next(), at.next()) {
                (Some(j), None) => Some(j),
                _ => None,
            }
        };
        let axes = RfmAxes {
            recency: find(RECENCY)?,
            frequency: find(FREQUENCY)?,
            monetary: find(MONETARY)?,
            tenure: find(TENURE),
        };
        (features.len() == 3 + usize::from(axes.tenure.is_some())).then_some(axes)
    }
}

/// A segment's scores, 1 to 5, 3 the average customer's: recency reversed (5 is recent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub recency: f64,
    pub frequency: f64,
    pub monetary: f64,
    pub tenure: Option<f64>,
}

impl Scores {
    /// The mean of the frequency and monetary scores: the grid's second axis.
    pub fn fm(&self) -> f64 {
        (self.frequency + self.monetary) / 2.0
    }

    /// Squared distance to where a segment of `name` sits ([the rule](self)).
    pub fn cost(&self, name: RfmName) -> f64 {
        let (r, fm) = name.segment_point();
        match (name, self.tenure) {
            (RfmName::NewCustomers, Some(t)) => (self.recency - r).powi(2) + (t - pull(1.0)).powi(2),
            _ => (self.recency - r).powi(2) + (self.fm() - fm).powi(2),
        }
    }
}

/// Each segment's scores: the mean of its members' (`labels[i]` is row `i`'s segment, `0..k`).
/// A segment without members scores the average, 3.
pub fn member_scores(points: &Matrix, labels: &[usize], k: usize, axes: &RfmAxes) -> Vec<Scores> {
    let mut counts = vec![0usize; k];
    for &l in labels {
        counts[l] += 1;
    }
    let mean_scores = |j: usize, reversed: bool| -> Vec<f64> {
        let mut sorted: Vec<f64> = points.column(j).collect();
        sorted.sort_by(f64::total_cmp);
        let others = sorted.len().saturating_sub(1).max(1) as f64;
        let mut sums = vec![0.0; k];
        for (v, &l) in points.column(j).zip(labels) {
            let beaten = if reversed {
                sorted.len() - sorted.partition_point(|&x| x <= v)
            } else {
                sorted.partition_point(|&x| x < v)
            };
            sums[l] += score(beaten as f64 / others);
        }
        sums.iter().zip(&counts).map(|(&s, &c)| if c == 0 { 3.0 } else { s / c as f64 }).collect()
    };
    let recency = mean_scores(axes.recency, true);
    let frequency = mean_scores(axes.frequency, false);
    let monetary = mean_scores(axes.monetary, false);
    let tenure = axes.tenure.map(|j| mean_scores(j, false));
    (0..k)
        .map(|s| Scores {
            recency: recency[s],
            frequency: frequency[s],
            monetary: monetary[s],
            tenure: tenure.as_ref().map(|t| t[s]),
        })
        .collect()
}

/// Each segment's scores from the z of its averages alone (rows of `z`, one per feature): the
/// score its average would have if the feature were normal.
pub fn centre_scores(z: &[Vec<f64>], axes: &RfmAxes) -> Vec<Scores> {
    z.iter()
        .map(|zs| Scores {
            recency: score(normal_cdf(-zs[axes.recency])),
            frequency: score(normal_cdf(zs[axes.frequency])),
            monetary: score(normal_cdf(zs[axes.monetary])),
            tenure: axes.tenure.map(|j| score(normal_cdf(zs[j]))),
        })
        .collect()
}

/// A share of customers done better than (0 to 1) as a score: the quintile score 1 to 5, unrounded.
fn score(q: f64) -> f64 {
    1.0 + 4.0 * q
}

/// Φ(z), through erf by Abramowitz & Stegun 7.1.26 (error below 1.5 × 10⁻⁷).
fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly =
        t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// The name of each segment ([the rule](self)): least total cost, never two alike up to ten
/// segments, every name at least once above that.
pub fn assign(scores: &[Scores]) -> Vec<RfmName> {
    const N: usize = RfmName::ALL.len();
    const FULL: usize = (1 << N) - 1;
    let k = scores.len();
    let distinct = k <= N;
    let costs: Vec<[f64; N]> = scores.iter().map(|s| RfmName::ALL.map(|name| s.cost(name))).collect();
    // best[i][used]: the least cost of naming segments i.. when the names in `used` are given.
    let mut best = vec![vec![f64::INFINITY; FULL + 1]; k + 1];
    for (used, b) in best[k].iter_mut().enumerate() {
        if distinct || used == FULL {
            *b = 0.0;
        }
    }
    let options = |used: usize| (0..N).filter(move |&n| !(distinct && used & (1 << n) != 0));
    for i in (0..k).rev() {
        for used in 0..=FULL {
            best[i][used] =
                options(used).map(|n| costs[i][n] + best[i + 1][used | (1 << n)]).fold(f64::INFINITY, f64::min);
        }
    }
    let mut used = 0;
    let mut names = Vec::with_capacity(k);
    for i in 0..k {
        let target = best[i][used];
        // The sums are those the minimum was taken over, so the first equal one is exact.
        let n = options(used).find(|&n| costs[i][n] + best[i + 1][used | (1 << n)] <= target).unwrap_or(0);
        used |= 1 << n;
        names.push(RfmName::ALL[n]);
    }
    names
}

/// A segment's label: the name's description with its scores, its strategy, and no colour yet
/// (the palette's next free one is given with the others').
pub fn label(name: RfmName, scores: &Scores) -> SegmentLabel {
    let tenure = scores.tenure.map(|t| format!(", tenure {t:.1}")).unwrap_or_default();
    SegmentLabel {
        name: name.name().to_owned(),
        description: format!(
            "{} RFM scores R {:.1}, F {:.1}, M {:.1}{tenure} of 5 (by how many customers they outdo; R 5 is the most recent).",
            name.description(),
            scores.recency,
            scores.frequency,
            scores.monetary,
        ),
        strategy: name.strategy().to_owned(),
        colour: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn at(recency: f64, fm: f64) -> Scores {
        Scores { recency, frequency: fm, monetary: fm, tenure: None }
    }

    #[test]
    fn rfm_features_are_recognised_in_any_order_and_case() {
        let axes = RfmAxes::of_features(&features(&["monetary", "RECENCY", "Frequency"])).unwrap();
        assert_eq!(axes, RfmAxes { recency: 1, frequency: 2, monetary: 0, tenure: None });
        let axes = RfmAxes::of_features(&features(&["Tenure", "Recency", "Frequency", "Monetary"])).unwrap();
        assert_eq!(axes.tenure, Some(0));
    }

    #[test]
    fn other_features_are_not_rfm() {
        for f in [
            &["Recency", "Frequency"][..],
            &["Recency", "Frequency", "Spend"],
            &["Recency", "Frequency", "Monetary", "Age"],
            &["Recency", "Recency", "Monetary"],
            &["Recency", "Frequency", "Monetary", "Tenure", "Tenure"],
        ] {
            assert_eq!(RfmAxes::of_features(&features(f)), None, "{f:?}");
        }
    }

    #[test]
    fn each_name_is_given_to_the_segment_at_its_point() {
        let scores: Vec<Scores> =
            RfmName::ALL.iter().rev().map(|n| at(n.segment_point().0, n.segment_point().1)).collect();
        let want: Vec<RfmName> = RfmName::ALL.iter().rev().copied().collect();
        assert_eq!(assign(&scores), want);
    }

    #[test]
    fn the_assignment_minimises_the_total_not_each_segment_greedily() {
        // Both are nearest Champions; the second is much further from anything else.
        let first = at(4.3, 4.3);
        let second = at(4.6, 4.6);
        let names = assign(&[first, second]);
        assert_eq!(names[0], RfmName::LoyalCustomers, "{names:?}");
        assert_eq!(names[1], RfmName::Champions);
        let greedy = first.cost(RfmName::Champions) + second.cost(RfmName::LoyalCustomers);
        let chosen = first.cost(names[0]) + second.cost(names[1]);
        assert!(chosen <= greedy);
    }

    #[test]
    fn ties_go_to_the_first_segment_then_the_first_name() {
        // Loyal Customers and Potential Loyalists are as far from the average customer: the first
        // segment takes the first name of the best total, Loyal Customers before Need Attention.
        let same = at(3.0, 3.0);
        assert_eq!(assign(&[same, same]), [RfmName::LoyalCustomers, RfmName::NeedAttention]);
        assert_eq!(assign(&[same, same]), assign(&[same, same]));
    }

    #[test]
    fn above_ten_segments_every_name_is_given_and_the_rest_repeat() {
        let scores: Vec<Scores> = (0..12).map(|i| at(1.0 + i as f64 / 3.0, 5.0 - i as f64 / 3.0)).collect();
        let names = assign(&scores);
        assert_eq!(names.len(), 12);
        for n in RfmName::ALL {
            assert!(names.contains(&n), "{n:?} missing from {names:?}");
        }
    }

    #[test]
    fn with_tenure_the_recent_newcomers_are_the_new_customers() {
        let old = Scores { recency: 4.4, frequency: 1.6, monetary: 1.6, tenure: Some(4.0) };
        let newcomers = Scores { recency: 4.0, frequency: 1.8, monetary: 1.8, tenure: Some(1.4) };
        assert_eq!(assign(&[old, newcomers])[1], RfmName::NewCustomers);
        let without = |s: Scores| Scores { tenure: None, ..s };
        assert_eq!(assign(&[without(old), without(newcomers)])[0], RfmName::NewCustomers, "by recency alone");
    }

    #[test]
    fn member_scores_count_the_customers_done_better_than() {
        // Recency 1..=4 days, one order each but the last, money 10, 20, 30, 1000.
        let points = Matrix::from_rows(&[
            vec![1.0, 1.0, 10.0],
            vec![2.0, 1.0, 20.0],
            vec![3.0, 1.0, 30.0],
            vec![4.0, 5.0, 1000.0],
        ]);
        let axes = RfmAxes { recency: 0, frequency: 1, monetary: 2, tenure: None };
        let s = member_scores(&points, &[0, 0, 1, 1], 2, &axes);
        // Of the 3 others, the 1-day customer is more recent than 3, the 2-day one than 2.
        assert!((s[0].recency - (1.0 + 4.0 * (3.0 + 2.0) / 6.0)).abs() < 1e-12);
        assert!((s[1].monetary - (1.0 + 4.0 * (2.0 + 3.0) / 6.0)).abs() < 1e-12, "1000 counts as one rank");
        // One order is as seldom as a customer buys: tied at the bottom, they beat nobody.
        assert_eq!(s[0].frequency, 1.0);
        assert!((s[1].frequency - (1.0 + 5.0) / 2.0).abs() < 1e-12, "one order and five");
        let all = (s[0].recency + s[1].recency) / 2.0;
        assert!((all - 3.0).abs() < 1e-12, "without ties the average customer scores 3");
    }

    #[test]
    fn the_normal_cdf_is_close() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.0) - 0.841_344_746).abs() < 1e-6);
        assert!((normal_cdf(-1.96) - 0.024_997_895).abs() < 1e-6);
    }

    #[test]
    fn every_name_has_its_own_words() {
        for (i, a) in RfmName::ALL.iter().enumerate() {
            for b in &RfmName::ALL[i + 1..] {
                assert_ne!(a.name(), b.name());
                assert_ne!(a.description(), b.description());
                assert_ne!(a.strategy(), b.strategy());
                assert_ne!(a.customer_point(), b.customer_point());
            }
        }
    }
}
