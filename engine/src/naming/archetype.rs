//! The five classic mall-customer segments of income × spending, kept for a model on exactly
//! those two features.

use serde::{Deserialize, Serialize};

use super::Level;

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
    pub const ALL: [Archetype; 5] = [
        Archetype::CarefulSpenders,
        Archetype::TargetGroup,
        Archetype::SensibleCustomers,
        Archetype::CarelessCustomers,
        Archetype::StandardCustomers,
    ];

    pub fn of_levels(income: Level, spending: Level) -> Option<Archetype> {
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
    pub fn ideal(self) -> (f64, f64) {
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
