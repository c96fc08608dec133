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

/// `1234567` → `1,234,567`: counts in messages and on screen.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Characters of a cell shown in a table or a message; the file keeps the whole value.
const SHOWN_CHARS: usize = 60;

/// A cell short enough for a table: long values end in "…".
pub fn cell(text: &str) -> String {
    crate::text::shorten(text, SHOWN_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(17_179_869_184), "17,179,869,184");
    }

    #[test]
    fn long_cells_are_cut_on_a_character_boundary() {
        assert_eq!(cell("short"), "short");
        let long = "é".repeat(100);
        assert_eq!(cell(&long).chars().count(), SHOWN_CHARS + 1);
        assert!(cell(&long).ends_with('…'));
    }

    #[test]
    fn one_decimal_and_two_below_ten() {
        assert_eq!(value(55.3049), "55.3");
        assert_eq!(value(137.0), "137.0");
        assert_eq!(value(1.234), "1.23");
        assert_eq!(value(-9.999), "-10.00");
    }
}
