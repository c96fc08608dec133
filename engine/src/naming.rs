//! Names, descriptions, strategies and colours for segments, read from their centres.
//!
//! Rule for "high" and "low": a centre coordinate is High when it sits at least
//! half a standard deviation above the mean of all training rows, Low when at
//! least half a standard deviation below, Average otherwise. Judging relative to
//! the data keeps names meaningful whatever the units or the mall.

use serde::{Deserialize, Serialize};

use crate::{features::Role, format, matrix::Matrix, prep::Category, stats::FeatureStats};

/// |z| at or above this is High or Low.
pub const LEVEL_THRESHOLD: f64 = 0.5;

/// Colour-blind-safe colours (Okabe & Ito, then Paul Tol's muted set), then [`GENERATED`]: one
/// per segment up to [`crate::kmeans::MAX_CLUSTERS`].
pub const PALETTE: [&str; 12] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#882255", "#44AA99", "#999933",
    "#AA4499", "#332288",
];

/// Colours for segments 13 to 50, each the farthest in OKLab (the perceptual colour space) from
/// all colours before it, chosen from an OKLCH grid (lightness 0.42 to 0.82, hue every 6°,
/// chroma up to 0.14): so they differ in lightness as well as hue and stay apart for the
/// colour-blind too. A test checks every pair of the 50. Written out rather than computed, so
/// every build gives the same bytes.
pub const GENERATED: [&str; 38] = [
    "#3F5703", "#6EDF9D", "#DFACFF", "#8376D5", "#FFABA5", "#8F5D04", "#07566A", "#24DDEC", "#297D2D", "#7B3606",
    "#EE8265", "#AA4049", "#137875", "#B28FEF", "#663083", "#6F55B0", "#A0C6FF", "#6ABB6A", "#0593BF", "#C3CE5B",
    "#104A97", "#CB5E6F", "#AF7B11", "#AF66B5", "#FDB262", "#839FFC", "#005B44", "#697005", "#FEA4D2", "#659734",
    "#4D86D9", "#16BAC7", "#634802", "#EC7C97", "#BFA320", "#03999D", "#A74A04", "#10BF9E",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Low,
    Average,
    High,
}

impl Level {
    pub fn of_z(z: f64) -> Level {
        if z >= LEVEL_THRESHOLD {
            Level::High
        } else if z <= -LEVEL_THRESHOLD {
            Level::Low
        } else {
            Level::Average
        }
    }

    fn word(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Average => "average",
            Level::High => "high",
        }
    }
}

/// The five classic mall-customer segments for income × spending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Archetype {
    CarefulSpenders,
    TargetGroup,
    SensibleCustomers,
    CarelessCustomers,
    StandardCustomers,
}

impl Archetype {
    const ALL: [Archetype; 5] = [
        Archetype::CarefulSpenders,
        Archetype::TargetGroup,
        Archetype::SensibleCustomers,
        Archetype::CarelessCustomers,
        Archetype::StandardCustomers,
    ];

    fn of_levels(income: Level, spending: Level) -> Option<Archetype> {
        use Level::*;
        match (income, spending) {
            (Low, Low) => Some(Archetype::CarefulSpenders),
            (High, High) => Some(Archetype::TargetGroup),
            (High, Low) => Some(Archetype::SensibleCustomers),
            (Low, High) => Some(Archetype::CarelessCustomers),
            (Average, Average) => Some(Archetype::StandardCustomers),
            _ => None,
        }
    }

    /// Where the archetype sits in (income z, spending z): the closest centre keeps the name when several qualify.
    fn ideal(self) -> (f64, f64) {
        match self {
            Archetype::CarefulSpenders => (-1.0, -1.0),
            Archetype::TargetGroup => (1.0, 1.0),
            Archetype::SensibleCustomers => (1.0, -1.0),
            Archetype::CarelessCustomers => (-1.0, 1.0),
            Archetype::StandardCustomers => (0.0, 0.0),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Archetype::CarefulSpenders => "Careful Spenders",
            Archetype::TargetGroup => "Target Group",
            Archetype::SensibleCustomers => "Sensible Customers",
            Archetype::CarelessCustomers => "Careless Customers",
            Archetype::StandardCustomers => "Standard Customers",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Archetype::CarefulSpenders => {
                "Low income and low spending: price-conscious shoppers who buy what they need."
            }
            Archetype::TargetGroup => "High income and high spending: the most valuable customers.",
            Archetype::SensibleCustomers => "High income but low spending: they could spend more and choose not to.",
            Archetype::CarelessCustomers => "Low income but high spending: enthusiastic buyers who may overextend.",
            Archetype::StandardCustomers => {
                "Average income and average spending: the steady core of the customer base."
            }
        }
    }

    pub fn strategy(self) -> &'static str {
        match self {
            Archetype::CarefulSpenders => "Budget offers: discounts, bundles and loyalty points on essentials.",
            Archetype::TargetGroup => "Premium & VIP: early access, exclusive events and personal service.",
            Archetype::SensibleCustomers => "Value & quality: stress durability, quality and long-term value.",
            Archetype::CarelessCustomers => {
                "Credit & instalments: payment plans and trend-led promotions, with sensible limits."
            }
            Archetype::StandardCustomers => "Balanced promotions: seasonal campaigns and a broad loyalty programme.",
        }
    }

    pub fn colour(self) -> &'static str {
        match self {
            Archetype::CarefulSpenders => "#56B4E9",
            Archetype::TargetGroup => "#009E73",
            Archetype::SensibleCustomers => "#0072B2",
            Archetype::CarelessCustomers => "#D55E00",
            Archetype::StandardCustomers => "#E69F00",
        }
    }
}

/// What a segment is called and how to address it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentLabel {
    pub name: String,
    pub description: String,
    pub strategy: String,
    pub colour: String,
}

/// Labels for every centre (rows of `centres`, original units), all with distinct names.
pub fn name_segments(features: &[String], overall: &[FeatureStats], centres: &Matrix) -> Vec<SegmentLabel> {
    name_segments_with(features, overall, centres, &vec![None; centres.rows()])
}

/// What stands out in each segment among its categories, for its name: "Mostly Female" when a
/// value is at least [`crate::prep::STANDOUT_SHARE`] of the segment and [`crate::prep::STANDOUT_LIFT`] above its share of
/// all customers (the category with the largest lift wins), with its share.
pub fn category_standouts(categories: &[Category], mixes: &[Vec<Vec<f64>>]) -> Vec<Option<(String, f64)>> {
    mixes
        .iter()
        .map(|mix| {
            categories
                .iter()
                .zip(mix)
                .filter_map(|(c, m)| c.standout(m).map(|(v, share)| (c, v, share)))
                .max_by(|a, b| (a.2 - a.0.shares[a.1]).total_cmp(&(b.2 - b.0.shares[b.1])))
                .map(|(c, v, share)| (c.values[v].clone(), share))
        })
        .collect()
}

/// [`name_segments`], each name led by what stands out among the segment's categories
/// ("Mostly Female, High Spending") and its description saying how many ("72 % Female").
pub fn name_segments_with(
    features: &[String],
    overall: &[FeatureStats],
    centres: &Matrix,
    standouts: &[Option<(String, f64)>],
) -> Vec<SegmentLabel> {
    let z: Vec<Vec<f64>> = centres.iter_rows().map(|c| c.iter().zip(overall).map(|(&v, s)| s.z(v)).collect()).collect();
    let roles: Vec<Option<Role>> = features.iter().map(|f| Role::of_header(f)).collect();
    let income_spending = income_spending_axes(&roles);
    let archetypes = match income_spending {
        Some(axes) => assign_archetypes(&z, axes),
        None => vec![None; z.len()],
    };

    let mut labels: Vec<SegmentLabel> = z
        .iter()
        .zip(&archetypes)
        .enumerate()
        .map(|(id, (zs, archetype))| match archetype {
            Some(a) => SegmentLabel {
                name: a.name().to_owned(),
                description: a.description().to_owned(),
                strategy: a.strategy().to_owned(),
                colour: a.colour().to_owned(),
            },
            None => descriptive_label(features, &roles, income_spending, centres.row(id), zs),
        })
        .collect();
    assign_free_colours(&mut labels, &archetypes);
    for (label, standout) in labels.iter_mut().zip(standouts) {
        if let Some((value, share)) = standout {
            label.name = format!("Mostly {value}, {}", label.name);
            label.description = format!("{} {} of them are {value}.", label.description, format::whole_percent(*share));
        }
    }
    make_names_unique(&mut labels, features, centres);
    labels
}

/// Indices of the income and spending columns when those are exactly the two features.
fn income_spending_axes(roles: &[Option<Role>]) -> Option<(usize, usize)> {
    match roles {
        [Some(Role::Income), Some(Role::Spending)] => Some((0, 1)),
        [Some(Role::Spending), Some(Role::Income)] => Some((1, 0)),
        _ => None,
    }
}

fn assign_archetypes(z: &[Vec<f64>], (inc, spe): (usize, usize)) -> Vec<Option<Archetype>> {
    let mut out = vec![None; z.len()];
    for archetype in Archetype::ALL {
        let (ix, iy) = archetype.ideal();
        let closest = z
            .iter()
            .enumerate()
            .filter(|(_, zs)| Archetype::of_levels(Level::of_z(zs[inc]), Level::of_z(zs[spe])) == Some(archetype))
            .map(|(id, zs)| (id, (zs[inc] - ix).powi(2) + (zs[spe] - iy).powi(2)))
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        if let Some((id, _)) = closest {
            out[id] = Some(archetype);
        }
    }
    out
}

fn descriptive_label(
    features: &[String],
    roles: &[Option<Role>],
    income_spending: Option<(usize, usize)>,
    centre: &[f64],
    z: &[f64],
) -> SegmentLabel {
    let levels: Vec<Level> = z.iter().map(|&v| Level::of_z(v)).collect();
    let name = match income_spending {
        Some((inc, spe)) => capitalise(&format!("{} income, {} spending", levels[inc].word(), levels[spe].word())),
        None => standout_name(features, roles, z),
    };
    let facts: Vec<String> = features
        .iter()
        .zip(roles)
        .zip(centre)
        .zip(&levels)
        .map(|(((f, role), v), level)| {
            let label = role.map_or_else(|| f.trim().to_owned(), |r| capitalise(r.word()));
            format!("{label} {} ({})", format::value(*v), level.word())
        })
        .collect();
    let spending_level = roles.iter().position(|r| *r == Some(Role::Spending)).map(|j| levels[j]);
    SegmentLabel {
        name,
        description: format!("{}, compared with all customers.", facts.join(", ")),
        strategy: strategy_for_spending(spending_level).to_owned(),
        colour: String::new(),
    }
}

/// "High Age, Low Income": the features that stand out, strongest first, at most three.
fn standout_name(features: &[String], roles: &[Option<Role>], z: &[f64]) -> String {
    let mut standing: Vec<usize> = (0..z.len()).filter(|&j| Level::of_z(z[j]) != Level::Average).collect();
    standing.sort_by(|&a, &b| z[b].abs().total_cmp(&z[a].abs()).then(a.cmp(&b)));
    if standing.is_empty() {
        return "Typical customers".to_owned();
    }
    standing
        .iter()
        .take(3)
        .map(|&j| {
            let feature = roles[j].map_or_else(|| features[j].trim().to_owned(), |r| capitalise(r.word()));
            format!("{} {feature}", capitalise(Level::of_z(z[j]).word()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn strategy_for_spending(level: Option<Level>) -> &'static str {
    match level {
        Some(Level::High) => "Retention: loyalty rewards and early access to keep strong spenders engaged.",
        Some(Level::Low) => "Activation: targeted incentives that turn visits into purchases.",
        Some(Level::Average) => "Balanced promotions: seasonal campaigns and a broad loyalty programme.",
        None => "Profile before targeting: compare this group with its neighbours, then test a tailored offer.",
    }
}

/// Archetypes keep their own colour; every other segment takes the first palette colour not yet used.
fn assign_free_colours(labels: &mut [SegmentLabel], archetypes: &[Option<Archetype>]) {
    let mut used: Vec<String> = archetypes.iter().flatten().map(|a| a.colour().to_owned()).collect();
    for label in labels.iter_mut().filter(|l| l.colour.is_empty()) {
        let colour =
            PALETTE.iter().chain(&GENERATED).find(|c| !used.iter().any(|u| u == *c)).copied().unwrap_or("#777777");
        label.colour = colour.to_owned();
        used.push(label.colour.clone());
    }
}

/// Never two segments with one name: repeated names get their centre, then their number.
fn make_names_unique(labels: &mut [SegmentLabel], features: &[String], centres: &Matrix) {
    let repeated = |labels: &[SegmentLabel], i: usize| labels.iter().filter(|l| l.name == labels[i].name).count() > 1;
    let flagged: Vec<usize> = (0..labels.len()).filter(|&i| repeated(labels, i)).collect();
    for &i in &flagged {
        let coords: Vec<String> =
            features.iter().zip(centres.row(i)).map(|(f, v)| format!("{} ≈ {}", f.trim(), format::value(*v))).collect();
        labels[i].name = format!("{} ({})", labels[i].name, coords.join(", "));
    }
    let flagged: Vec<usize> = (0..labels.len()).filter(|&i| repeated(labels, i)).collect();
    for i in flagged {
        labels[i].name = format!("{} #{}", labels[i].name, i + 1);
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}
