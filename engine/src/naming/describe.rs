//! Names and strategies in a marketer's words for segments outside the mall archetypes.
//!
//! A segment is read by its members' averages, as z (standard deviations from all customers), one
//! per measure of the [`crate::lexicon`] (the mean z of its columns: the six spend lines read as
//! one spend, for the name and the strategy alike) and one per column the lexicon does not know.
//! A 0/1 churn or complaint flag counts only where [`FLAG_SHARE`] of the segment has it.
//!
//! **Name**: the meanings that stand out most (|z| at least [`LEVEL_THRESHOLD`]), each said as
//! the lexicon says it ("lapsed", "high-spenders", "younger"; one word once), at most
//! [`NAME_PARTS`]: "Lapsed low-spenders", "Recent bargain hunters". A noun heads the name (spend,
//! deals), else "customers". A column the lexicon does not know is named by its header, as
//! "high Fresh".
//!
//! **Strategy**: churn or complaints first (service recovery), then new customers (tenure low,
//! not lapsed: onboard), then deals (price-led); else from where the segment sits on value
//! (spend, and income at half weight) and engagement (frequency, recency reversed), each the
//! weighted mean z of its measures, High or Low past [`AXIS_LEVEL`]. Then what to lead with: the
//! column it is furthest above average on.
//! A segment whose columns the lexicon does not know is told to lead with its strongest feature
//! and test its weakest.

use crate::{
    lexicon::{Measure, Word},
    stats::FeatureStats,
};

use super::{capitalise, Level, LEVEL_THRESHOLD};

/// Meanings named at most.
pub const NAME_PARTS: usize = 3;

/// A segment as the naming reads it: per feature, its members' average, how many standard
/// deviations that is from all customers, and all customers' statistics.
pub struct Profile<'a> {
    pub features: &'a [String],
    pub z: &'a [f64],
    pub averages: &'a [f64],
    pub overall: &'a [FeatureStats],
}

/// One column, or one measure over its columns, as the naming reads it.
#[derive(Debug, Clone, Copy)]
struct Standing<'a> {
    header: &'a str,
    measure: Option<Measure>,
    z: f64,
}

/// Share of a segment with a churn or complaint flag for it to stand out on that flag: a rare
/// flag's z runs high on a few members (6 % who complained is z ≈ 0.5 when 1 % of all did).
const FLAG_SHARE: f64 = 0.3;

/// Each column as it stands; a 0/1 churn or complaint flag only where [`FLAG_SHARE`] of the
/// segment has it.
fn columns<'a>(p: &Profile<'a>) -> Vec<Standing<'a>> {
    (0..p.features.len())
        .map(|j| {
            let measure = Measure::of_header(&p.features[j]);
            let flag = p.overall[j].min >= 0.0 && p.overall[j].max <= 1.0;
            let rare =
                matches!(measure, Some(Measure::Churn | Measure::Complaints)) && flag && p.averages[j] < FLAG_SHARE;
            Standing { header: p.features[j].trim(), measure, z: if rare { 0.0 } else { p.z[j] } }
        })
        .collect()
}

/// One standing per measure — the mean z of its columns, so a name and a strategy read the six
/// spend lines the same way — and one per column the lexicon does not know.
fn meanings<'a>(columns: &[Standing<'a>]) -> Vec<Standing<'a>> {
    let mut out: Vec<Standing> = Vec::new();
    for c in columns {
        match c.measure {
            Some(m) if out.iter().any(|s| s.measure == Some(m)) => {}
            Some(m) => {
                let zs: Vec<f64> = columns.iter().filter(|s| s.measure == Some(m)).map(|s| s.z).collect();
                out.push(Standing { z: zs.iter().sum::<f64>() / zs.len() as f64, ..*c });
            }
            None => out.push(*c),
        }
    }
    out
}

/// The standings that stand out, strongest first.
fn standing_out<'a>(all: &[Standing<'a>]) -> Vec<Standing<'a>> {
    let mut out: Vec<Standing> = all.iter().copied().filter(|s| s.z.abs() >= LEVEL_THRESHOLD).collect();
    out.sort_by(|a, b| b.z.abs().total_cmp(&a.z.abs()));
    out
}

/// The segment's name from at most `parts` meanings (more when names would repeat).
pub fn name(profile: &Profile, parts: usize) -> String {
    let mut words: Vec<Word> = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    for s in standing_out(&meanings(&columns(profile))) {
        if words.len() + headers.len() == parts {
            break;
        }
        match s.measure {
            // An age and a birth year both say "older": once.
            Some(m) => words.extend(m.word(s.z > 0.0).filter(|w| !words.iter().any(|v| v.adjective == w.adjective))),
            None => headers.push(format!("{} {}", Level::of_z(s.z).word(), s.header)),
        }
    }
    if words.is_empty() && headers.is_empty() {
        return "Typical customers".to_owned();
    }
    if words.is_empty() {
        return capitalise(&headers.join(", "));
    }
    let head = words.iter().position(|w| w.noun.is_some());
    let adjectives: Vec<&str> =
        words.iter().enumerate().filter(|(i, _)| Some(*i) != head).map(|(_, w)| w.adjective).collect();
    let noun = head.and_then(|i| words[i].noun).unwrap_or("customers");
    let mut name = capitalise(&adjectives.iter().copied().chain([noun]).collect::<Vec<_>>().join(" "));
    if !headers.is_empty() {
        name = format!("{name}, {}", headers.join(", "));
    }
    name
}

/// What to do with the segment ([the rules](self)).
pub fn strategy(profile: &Profile) -> String {
    let columns = columns(profile);
    let all = meanings(&columns);
    let known = all.iter().any(|s| s.measure.is_some_and(|m| m.axes() != (0.0, 0.0) || m == Measure::Tenure));
    let is = |measure: Measure, high: bool| {
        all.iter().any(|s| s.measure == Some(measure) && s.z.abs() >= LEVEL_THRESHOLD && (s.z > 0.0) == high)
    };
    let deals = is(Measure::Deals, true);
    let plan = if is(Measure::Churn, true) || is(Measure::Complaints, true) {
        "Service recovery: contact them personally and fix what went wrong before any offer; a discount without the fix is wasted."
    } else if is(Measure::Tenure, false) && !is(Measure::Recency, true) {
        "Onboard: a welcome series, help getting started and a reason to come back; their first months decide whether they stay."
    } else if deals {
        PRICE_LED
    } else if known {
        plan(axis(&all, |m| m.axes().0), axis(&all, |m| m.axes().1))
    } else {
        return unknown_strategy(&columns);
    };
    match lead(&columns) {
        Some(lead) => format!("{plan} Lead with {lead}, where they are furthest above average."),
        None => plan.to_owned(),
    }
}

/// For bargain hunters, whatever else they are.
const PRICE_LED: &str = "Price-led: time-limited deals and bundles, with thresholds that protect the margin.";
/// For a segment that stands out on nothing the strategy reads.
const BROAD: &str = "Keep in the broad programme: seasonal campaigns, and test offers to find what moves them.";

/// The weighted mean z of the features that count towards an axis, as a level (none without any).
fn axis(all: &[Standing], weight: impl Fn(Measure) -> f64) -> Option<Level> {
    let (sum, total) = all
        .iter()
        .filter_map(|s| s.measure.map(|m| (weight(m), s.z)))
        .filter(|(w, _)| *w != 0.0)
        .fold((0.0, 0.0), |(sum, total), (w, z)| (sum + w * z, total + w.abs()));
    (total > 0.0).then(|| {
        let mean = sum / total;
        match mean {
            _ if mean >= AXIS_LEVEL => Level::High,
            _ if mean <= -AXIS_LEVEL => Level::Low,
            _ => Level::Average,
        }
    })
}

/// |mean z| at or above this puts a segment high or low on value or engagement: lower than a
/// single feature's [`LEVEL_THRESHOLD`], as a mean over several features evens out.
const AXIS_LEVEL: f64 = 0.3;

fn plan(value: Option<Level>, engagement: Option<Level>) -> &'static str {
    use Level::*;
    match (value, engagement) {
        (Some(High), Some(High)) => {
            "Reward and retain: a VIP tier, early access and personal thanks; keep discounts away from customers who pay full price anyway."
        }
        (Some(High), Some(Low)) => {
            "Win back before they go: a personal reactivation offer on what they bought most, and ask what changed."
        }
        (Some(Low), Some(High)) => {
            "Grow the basket: cross-sell, bundles and a free-delivery threshold just above their usual spend."
        }
        (Some(Low), Some(Low)) => {
            "Low-cost reactivation: automated reminders and one clear offer; do not spend much chasing them."
        }
        (_, Some(Low)) => "Re-engage: a 'we miss you' series with a time-limited incentive.",
        (_, Some(High)) => "Upsell: they come often — show them higher-value ranges and reward their loyalty.",
        (Some(High), _) => "Deepen the relationship: personal recommendations and premium lines to turn spend into loyalty.",
        (Some(Low), _) => "Activate: an entry offer and a reason to come back for a second purchase.",
        _ => BROAD,
    }
}

/// The feature the segment is furthest above average on, if any stands out: a spend line, a
/// channel or a column the lexicon does not know (not recency, age or a warning).
fn lead(all: &[Standing]) -> Option<String> {
    all.iter()
        .filter(|s| s.z >= LEVEL_THRESHOLD)
        .filter(|s| matches!(s.measure, None | Some(Measure::Spend | Measure::Frequency | Measure::Deals)))
        .max_by(|a, b| a.z.total_cmp(&b.z))
        .map(|s| s.header.to_owned())
}

/// For columns the lexicon does not know: lead with the strongest, test the weakest.
fn unknown_strategy(all: &[Standing]) -> String {
    let high = all.iter().filter(|s| s.z >= LEVEL_THRESHOLD).max_by(|a, b| a.z.total_cmp(&b.z));
    let low = all.iter().filter(|s| s.z <= -LEVEL_THRESHOLD).min_by(|a, b| a.z.total_cmp(&b.z));
    let sd = |s: &Standing| format!("{:.1}", s.z.abs());
    match (high, low) {
        (Some(h), Some(l)) => format!(
            "Lead with {}, where they are {} standard deviations above average; test {} ({} below) as a cross-sell.",
            h.header,
            sd(h),
            l.header,
            sd(l)
        ),
        (Some(h), None) => format!(
            "Lead with {}, where they are {} standard deviations above average, and reward it.",
            h.header,
            sd(h)
        ),
        (None, Some(l)) => format!(
            "Below average on {} ({} standard deviations): test an entry offer there before investing more.",
            l.header,
            sd(l)
        ),
        (None, None) => BROAD.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `name` and `strategy` of a segment at `z` on `names` (all customers' mean 10, sd 5,
    /// from 0 to 100; averages follow from z).
    fn read(names: &[&str], z: &[f64]) -> (String, String) {
        let features: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let overall = vec![FeatureStats { count: 100, mean: 10.0, std: 5.0, min: 0.0, max: 100.0 }; names.len()];
        let averages: Vec<f64> = z.iter().map(|z| 10.0 + 5.0 * z).collect();
        let profile = Profile { features: &features, z, averages: &averages, overall: &overall };
        (name(&profile, NAME_PARTS), strategy(&profile))
    }

    fn named(names: &[&str], z: &[f64]) -> String {
        read(names, z).0
    }

    #[test]
    fn lapsed_customers_are_never_high_recency() {
        let f = ["Recency", "MntWines", "MntMeatProducts"];
        assert_eq!(named(&f, &[1.4, -0.9, -0.8]), "Lapsed low-spenders");
        assert_eq!(named(&f, &[-1.2, 1.1, 0.2]), "Recent high-spenders", "wines and meat: one spend, mean z 0.65");
        assert_eq!(
            named(&["Recency", "NumDealsPurchases", "Income"], &[-1.0, 1.5, -0.7]),
            "Recent lower-income bargain hunters"
        );
    }

    #[test]
    fn one_word_per_meaning() {
        // Wines far up, the other lines down: the spend measure as a whole is average.
        assert_eq!(
            named(&["MntWines", "MntFruits", "MntMeatProducts", "Income"], &[1.5, -0.6, -0.6, 0.9]),
            "Affluent customers"
        );
        assert_eq!(
            named(&["Age", "Year_Birth"], &[1.0, -1.0]),
            "Older customers",
            "an age and a birth year say it once"
        );
    }

    #[test]
    fn a_rare_flag_needs_a_real_share_of_the_segment() {
        let features: Vec<String> = ["Complain", "MntWines"].map(String::from).to_vec();
        let overall = [
            FeatureStats { count: 100, mean: 0.01, std: 0.1, min: 0.0, max: 1.0 },
            FeatureStats { count: 100, mean: 10.0, std: 5.0, min: 0.0, max: 100.0 },
        ];
        let few = Profile { features: &features, z: &[0.5, 1.0], averages: &[0.06, 15.0], overall: &overall };
        assert_eq!(name(&few, NAME_PARTS), "High-spenders", "6 % complained: not dissatisfied");
        let many = Profile { features: &features, z: &[4.0, 1.0], averages: &[0.4, 15.0], overall: &overall };
        assert_eq!(name(&many, NAME_PARTS), "Dissatisfied high-spenders");
        assert!(strategy(&many).starts_with("Service recovery"));
    }

    #[test]
    fn unknown_columns_are_named_by_their_header() {
        let f = ["Fresh", "Grocery", "Recency"];
        assert_eq!(named(&f, &[1.5, -0.6, 0.1]), "High Fresh, low Grocery");
        assert_eq!(named(&f, &[1.5, 0.0, 0.9]), "Lapsed customers, high Fresh");
        assert_eq!(named(&f, &[0.1, 0.2, 0.3]), "Typical customers");
    }

    #[test]
    fn strategies_follow_value_and_engagement() {
        let f = ["Recency", "MntWines", "NumWebPurchases"];
        let best = read(&f, &[-1.0, 1.2, 1.0]).1;
        let lapsed_rich = read(&f, &[1.3, 1.0, -0.8]).1;
        let lapsed_poor = read(&f, &[1.3, -1.0, -0.8]).1;
        assert!(
            best.starts_with("Reward and retain")
                && best.ends_with("Lead with MntWines, where they are furthest above average."),
            "{best}"
        );
        assert!(lapsed_rich.starts_with("Win back"), "{lapsed_rich}");
        assert!(lapsed_poor.starts_with("Low-cost reactivation"), "{lapsed_poor}");
        let deal_seeking_best = read(&["MntWines", "NumWebPurchases", "NumDealsPurchases"], &[1.2, 1.0, 1.5]).1;
        assert!(deal_seeking_best.starts_with("Price-led"), "bargain hunters are not told to avoid discounts");
        let unknown = read(&["Fresh", "Milk"], &[1.46, -0.7]).1;
        assert_eq!(
            unknown,
            "Lead with Fresh, where they are 1.5 standard deviations above average; test Milk (0.7 below) as a cross-sell."
        );
    }
}
