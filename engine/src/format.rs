//! Feature values as people read them: one rule for names, descriptions, cards and charts.

/// A feature value with one decimal (two below 10, so small scales keep detail).
pub fn value(v: f64) -> String {
    if v.abs() < 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1}")
    }
}

/// A share (0 to 1) as a whole percentage, "72 %", for mixes and names (where a decimal would
/// claim more precision than a segment has).
pub fn whole_percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_decimal_and_two_below_ten() {
        assert_eq!(value(55.3049), "55.3");
        assert_eq!(value(137.0), "137.0");
        assert_eq!(value(1.234), "1.23");
        assert_eq!(value(-9.999), "-10.00");
    }
}
