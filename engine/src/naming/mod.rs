//! Names, descriptions, strategies and colours for segments, read from their centres.
//!
//! Rule for "high" and "low": a segment's members' average of a feature is High when it sits at
//! least half a standard deviation above the mean of all training rows, Low when at least half a
//! standard deviation below, Average otherwise. Judging relative to the data keeps names
//! meaningful whatever the units or the mall.
//!
//! Who names: a model on exactly income and spending gets the five mall archetypes
//! ([`Archetype`]), one on exactly Recency, Frequency and Monetary (with or without Tenure) the
//! ten RFM segments marketers use ([`rfm`]), every other model names from the lexicon
//! (`describe`).

use serde::{Deserialize, Serialize};

mod archetype;
mod describe;
pub mod rfm;

pub use archetype::Archetype;
use describe::Profile;
pub use describe::NAME_PARTS;

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

    pub fn word(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Average => "average",
            Level::High => "high",
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

/// Labels for every segment, from where it sits (rows of `centres`: its members' averages in
/// original units, as its card shows them), all with distinct names.
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
    name(features, overall, centres, standouts, None)
}

/// The customers a model was trained on: the rows of `points` (original units) and each row's
/// segment, `0..k`.
#[derive(Debug, Clone, Copy)]
pub struct Members<'a> {
    pub points: &'a Matrix,
    pub labels: &'a [usize],
}

/// [`name_segments_with`] for a model trained on these customers: RFM segments are scored by
/// their members' ranks among them ([`rfm`]) rather than by their averages alone.
pub fn name_trained_segments(
    features: &[String],
    overall: &[FeatureStats],
    centres: &Matrix,
    standouts: &[Option<(String, f64)>],
    members: Members,
) -> Vec<SegmentLabel> {
    name(features, overall, centres, standouts, Some(members))
}

fn name(
    features: &[String],
    overall: &[FeatureStats],
    centres: &Matrix,
    standouts: &[Option<(String, f64)>],
    members: Option<Members>,
) -> Vec<SegmentLabel> {
    let z: Vec<Vec<f64>> = centres.iter_rows().map(|c| c.iter().zip(overall).map(|(&v, s)| s.z(v)).collect()).collect();
    let roles: Vec<Option<Role>> = features.iter().map(|f| Role::of_header(f)).collect();
    let income_spending = income_spending_axes(&roles);
    let archetypes = match income_spending {
        Some(axes) => assign_archetypes(&z, axes),
        None => vec![None; z.len()],
    };
    let rfm_axes = rfm::RfmAxes::of_features(features);
    let rfm_labels: Option<Vec<SegmentLabel>> = rfm_axes.map(|axes| {
        let scores = match members {
            Some(m) => rfm::member_scores(m.points, m.labels, centres.rows(), &axes),
            None => rfm::centre_scores(&z, &axes),
        };
        rfm::assign(&scores).into_iter().zip(&scores).map(|(name, s)| rfm::label(name, s)).collect()
    });

    let mut labels: Vec<SegmentLabel> = z
        .iter()
        .zip(&archetypes)
        .enumerate()
        .map(|(id, (zs, archetype))| match (archetype, &rfm_labels) {
            (Some(a), _) => SegmentLabel {
                name: a.name().to_owned(),
                description: a.description().to_owned(),
                strategy: a.strategy().to_owned(),
                colour: a.colour().to_owned(),
            },
            (None, Some(rfm)) => rfm[id].clone(),
            (None, None) => {
                let profile = Profile { features, z: zs, averages: centres.row(id), overall };
                descriptive_label(&profile, &roles, income_spending)
            }
        })
        .collect();
    assign_free_colours(&mut labels, &archetypes);
    if income_spending.is_none() && rfm_axes.is_none() {
        lengthen_repeated_names(&mut labels, features, overall, centres, &z);
    }
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
    profile: &Profile,
    roles: &[Option<Role>],
    income_spending: Option<(usize, usize)>,
) -> SegmentLabel {
    let z = profile.z;
    let name = match income_spending {
        Some((inc, spe)) => {
            capitalise(&format!("{} income, {} spending", Level::of_z(z[inc]).word(), Level::of_z(z[spe]).word()))
        }
        None => describe::name(profile, NAME_PARTS),
    };
    SegmentLabel {
        name,
        description: description(profile.features, roles, profile.averages, z),
        strategy: describe::strategy(profile),
        colour: String::new(),
    }
}

/// "Recency 71 (high), MntWines 85 (low), compared with all customers.": the features that stand
/// out, strongest first, at most [`DESCRIBED`].
fn description(features: &[String], roles: &[Option<Role>], centre: &[f64], z: &[f64]) -> String {
    let mut order: Vec<usize> = (0..z.len()).filter(|&j| Level::of_z(z[j]) != Level::Average).collect();
    order.sort_by(|&a, &b| z[b].abs().total_cmp(&z[a].abs()).then(a.cmp(&b)));
    if order.is_empty() {
        return "Close to the average of all customers on every feature.".to_owned();
    }
    let facts: Vec<String> = order
        .iter()
        .take(DESCRIBED)
        .map(|&j| {
            let label = roles[j].map_or_else(|| features[j].trim().to_owned(), |r| capitalise(r.word()));
            format!("{label} {} ({})", format::value_of(&features[j], centre[j]), Level::of_z(z[j]).word())
        })
        .collect();
    format!("{}, compared with all customers.", facts.join(", "))
}

/// Features a centre is written out for in a name, at most.
const CENTRE_IN_NAME: usize = 3;

/// Features listed in a description at most.
const DESCRIBED: usize = 5;

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

/// Segments that share a name are named by more of their distinctive features, one more at a
/// time, until the names differ or every feature is in them.
fn lengthen_repeated_names(
    labels: &mut [SegmentLabel],
    features: &[String],
    overall: &[FeatureStats],
    averages: &Matrix,
    z: &[Vec<f64>],
) {
    for parts in NAME_PARTS + 1..=features.len() {
        let repeated: Vec<usize> =
            (0..labels.len()).filter(|&i| labels.iter().filter(|l| l.name == labels[i].name).count() > 1).collect();
        if repeated.is_empty() {
            return;
        }
        for i in repeated {
            let profile = Profile { features, z: &z[i], averages: averages.row(i), overall };
            labels[i].name = describe::name(&profile, parts);
        }
    }
}

/// Never two segments with one name: repeated names get their centre (for up to
/// [`CENTRE_IN_NAME`] features), then their number.
fn make_names_unique(labels: &mut [SegmentLabel], features: &[String], centres: &Matrix) {
    let repeated = |labels: &[SegmentLabel], i: usize| labels.iter().filter(|l| l.name == labels[i].name).count() > 1;
    let flagged: Vec<usize> = (0..labels.len()).filter(|&i| repeated(labels, i)).collect();
    for &i in flagged.iter().filter(|_| features.len() <= CENTRE_IN_NAME) {
        let coords: Vec<String> =
            features.iter().zip(centres.row(i)).map(|(f, v)| format!("{} ≈ {}", f.trim(), format::value(*v))).collect();
        labels[i].name = format!("{} ({})", labels[i].name, coords.join(", "));
    }
    let flagged: Vec<usize> = (0..labels.len()).filter(|&i| repeated(labels, i)).collect();
    for i in flagged {
        labels[i].name = format!("{} #{}", labels[i].name, i + 1);
    }
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}
