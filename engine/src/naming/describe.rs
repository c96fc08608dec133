//! Names and strategies in a marketer's words for segments outside the mall archetypes.
//!
//! **Name**: the segment's most distinctive features — largest standardised difference |z| of
//! its centre from all customers, at least [`LEVEL_THRESHOLD`] — each said as the
//! [`crate::lexicon`] says it ("lapsed", "high-spenders", "younger"), one word per measure (from
//! its most distinctive column), at most [`NAME_PARTS`]: "Lapsed low-spenders", "Recent bargain hunters". A noun heads the name
//! (spend, deals), else "customers". A column the lexicon does not know is named by its header,
//! as "high Fresh".
//!
//! **Strategy**: from where the segment sits on value (spend, and income at half weight) and
//! engagement (frequency, recency reversed), each the weighted mean of its
//! features' z, High or Low past [`AXIS_LEVEL`]; churn and complaints first, then new customers
//! (tenure low, not lapsed) are onboarded, and deals decide when value and engagement are not
//! both high or both low. Then what to lead with: the feature it is furthest above average on.
//! A segment whose columns the lexicon does not know is told to lead with its strongest feature
//! and test its weakest.

use crate::lexicon::{Measure, Word};

use super::{capitalise, Level, LEVEL_THRESHOLD};

/// Meanings named at most.
pub const NAME_PARTS: usize = 3;

/// One feature of a segment as the naming reads it.
struct Standing<'a> {
    header: &'a str,
    measure: Option<Measure>,
    z: f64,
}

fn standings<'a>(features: &'a [String], z: &[f64]) -> Vec<Standing<'a>> {
    features.iter().zip(z).map(|(f, &z)| Standing { header: f.trim(), measure: Measure::of_header(f), z }).collect()
}

/// The features that stand out, strongest first.
fn standing_out<'a, 'b>(all: &'b [Standing<'a>]) -> Vec<&'b Standing<'a>> {
    let mut out: Vec<&Standing> = all.iter().filter(|s| s.z.abs() >= LEVEL_THRESHOLD).collect();
    out.sort_by(|a, b| b.z.abs().total_cmp(&a.z.abs()));
    out
}

/// The segment's name from at most `parts` meanings (more when names would repeat).
pub fn name(features: &[String], z: &[f64], parts: usize) -> String {
    let all = standings(features, z);
    let mut words: Vec<Word> = Vec::new();
    let mut named: Vec<Measure> = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    for s in standing_out(&all) {
        if words.len() + headers.len() == parts {
            break;
        }
        match s.measure {
            // One word per measure, from its most distinctive column: wines high and web
            // purchases low make neither "frequent occasional" nor two spends.
            Some(m) if named.contains(&m) => {}
            Some(m) => {
                named.push(m);
                words.extend(m.word(s.z > 0.0));
            }
            None => headers.push(format!("{} {}", level_word(s.z), s.header)),
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

fn level_word(z: f64) -> &'static str {
    match Level::of_z(z) {
        Level::High => "high",
        Level::Low => "low",
        Level::Average => "average",
    }
}

/// What to do with the segment ([the rules](self)).
pub fn strategy(features: &[String], z: &[f64]) -> String {
    let all = standings(features, z);
    let known = all.iter().any(|s| s.measure.is_some_and(|m| m.axes() != (0.0, 0.0) || m == Measure::Tenure));
    let is = |measure: Measure, high: bool| {
        all.iter().any(|s| s.measure == Some(measure) && s.z.abs() >= LEVEL_THRESHOLD && (s.z > 0.0) == high)
    };
    let warning =
        all.iter().any(|s| matches!(s.measure, Some(Measure::Churn | Measure::Complaints)) && s.z >= LEVEL_THRESHOLD);
    let deals = all.iter().any(|s| s.measure == Some(Measure::Deals) && s.z >= LEVEL_THRESHOLD);
    let plan = if warning {
        "Service recovery: contact them personally and fix what went wrong before any offer; a discount without the fix is wasted."
    } else if is(Measure::Tenure, false) && !is(Measure::Recency, true) {
        "Onboard: a welcome series, help getting started and a reason to come back; their first months decide whether they stay."
    } else if known {
        let value = axis(&all, |m| m.axes().0);
        let engagement = axis(&all, |m| m.axes().1);
        plan(value, engagement, deals)
    } else if deals {
        "Price-led: time-limited deals and bundles, with thresholds that protect the margin."
    } else {
        return unknown_strategy(&all);
    };
    match lead(&all) {
        Some(lead) => format!("{plan} Lead with {lead}, where they are furthest above average."),
        None => plan.to_owned(),
    }
}

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

fn plan(value: Option<Level>, engagement: Option<Level>, deals: bool) -> &'static str {
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
        _ if deals => "Price-led: time-limited deals and bundles, with thresholds that protect the margin.",
        (_, Some(Low)) => "Re-engage: a 'we miss you' series with a time-limited incentive.",
        (_, Some(High)) => "Upsell: they come often — show them higher-value ranges and reward their loyalty.",
        (Some(High), _) => "Deepen the relationship: personal recommendations and premium lines to turn spend into loyalty.",
        (Some(Low), _) => "Activate: an entry offer and a reason to come back for a second purchase.",
        _ => "Keep in the broad programme: seasonal campaigns, and test offers to find what moves them.",
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
        (None, None) => {
            "Keep in the broad programme: seasonal campaigns, and test offers to find what moves them.".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lapsed_customers_are_never_high_recency() {
        let f = features(&["Recency", "MntWines", "MntMeatProducts"]);
        assert_eq!(name(&f, &[1.4, -0.9, -0.8], 3), "Lapsed low-spenders");
        assert_eq!(name(&f, &[-1.2, 1.1, 0.2], 3), "Recent high-spenders");
        let f = features(&["Recency", "NumDealsPurchases", "Income"]);
        assert_eq!(name(&f, &[-1.0, 1.5, -0.7], 3), "Recent lower-income bargain hunters");
    }

    #[test]
    fn unknown_columns_are_named_by_their_header() {
        let f = features(&["Fresh", "Grocery", "Recency"]);
        assert_eq!(name(&f, &[1.5, -0.6, 0.1], 3), "High Fresh, low Grocery");
        assert_eq!(name(&f, &[1.5, 0.0, 0.9], 3), "Lapsed customers, high Fresh");
        assert_eq!(name(&f, &[0.1, 0.2, 0.3], 3), "Typical customers");
    }

    #[test]
    fn strategies_follow_value_and_engagement() {
        let f = features(&["Recency", "MntWines", "NumWebPurchases"]);
        let best = strategy(&f, &[-1.0, 1.2, 1.0]);
        let lapsed_rich = strategy(&f, &[1.3, 1.0, -0.8]);
        let lapsed_poor = strategy(&f, &[1.3, -1.0, -0.8]);
        assert!(
            best.starts_with("Reward and retain")
                && best.ends_with("Lead with MntWines, where they are furthest above average."),
            "{best}"
        );
        assert!(lapsed_rich.starts_with("Win back"), "{lapsed_rich}");
        assert!(lapsed_poor.starts_with("Low-cost reactivation"), "{lapsed_poor}");
        let unknown = strategy(&features(&["Fresh", "Milk"]), &[1.46, -0.7]);
        assert_eq!(unknown, "Lead with Fresh, where they are 1.5 standard deviations above average; test Milk (0.7 below) as a cross-sell.");
    }
}
