//! Numbers as people read them.

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    engine::format::thousands(n as u64)
}

/// A share in [0, 1] as a percentage with one decimal.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

pub use engine::format::{cell, fixed, value, value_of};

/// A segment's mix of a category, largest first: "72 % Female · 28 % Male" (values no member
/// has are left out).
pub fn category_mix(category: &engine::prep::Category, mix: &[f64]) -> String {
    let mut order: Vec<usize> = (0..mix.len()).filter(|&v| mix[v] > 0.0).collect();
    order.sort_by(|&a, &b| mix[b].total_cmp(&mix[a]).then(a.cmp(&b)));
    order
        .iter()
        .map(|&v| format!("{} {}", engine::format::whole_percent(mix[v]), cell(&category.values[v])))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A feature name as it appears in `data-testid`s: lowercase, every run of other characters one `-`.
/// `Annual Income (k$)` → `annual-income-k`.
pub fn testid_slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn percent() {
        assert_eq!(super::percent(0.405), "40.5%");
    }

    #[test]
    fn slugs_match_the_documented_examples() {
        assert_eq!(testid_slug("Annual Income (k$)"), "annual-income-k");
        assert_eq!(testid_slug("Spending Score (1-100)"), "spending-score-1-100");
        assert_eq!(testid_slug("age"), "age");
    }
}
