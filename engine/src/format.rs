//! Feature values as people read them: one rule for names, descriptions, cards and charts.

/// A feature value as people read it: no decimals from 1,000 up, with thousands separators
/// ("38,501", as money is written), one below that and two below 10 (so small scales keep
/// detail), trailing zeros dropped ("137", "55.3"). For the screen only: files keep every digit.
pub fn value(v: f64) -> String {
    // The rounded figure decides, so 999.96 reads "1,000" and not "1000.0".
    let decimals = if (v * 10.0).round().abs() >= 10_000.0 {
        0
    } else if (v * 100.0).round().abs() >= 1_000.0 {
        1
    } else {
        2
    };
    let text = fixed(v, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// A value of the column `header`: as [`value`], but a year ("Year_Birth", "YearOfBirth") is
/// written as years are, without a thousands separator.
pub fn value_of(header: &str, v: f64) -> String {
    let year = crate::text::words(header).iter().any(|w| matches!(w.as_str(), "year" | "yob" | "birthyear"));
    if year {
        value(v).replace(',', "")
    } else {
        value(v)
    }
}

/// `v` with `decimals` decimals and thousands separators, for a column of figures that should
/// line up: `fixed(38501.234, 2)` → `38,501.23`. A value that rounds to zero has no sign.
pub fn fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    // Whole numbers round half away from zero, as people round money (formatting alone would
    // round a tie to even: 38,500.5 to "38,500").
    let digits = if decimals == 0 { format!("{:.0}", v.abs().round()) } else { format!("{:.decimals$}", v.abs()) };
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
    let mut out = String::with_capacity(digits.len() + whole.len() / 3 + 1);
    if v < 0.0 && digits.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
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
    fn years_have_no_thousands_separator() {
        assert_eq!(value_of("Year_Birth", 1968.4), "1968");
        assert_eq!(value_of("YearOfBirth", 1985.0), "1985");
        assert_eq!(value_of("Income", 38501.0), "38,501");
    }

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
        assert_eq!(value(1.234), "1.23");
        assert_eq!(value(0.5), "0.5");
        assert_eq!(value(999.94), "999.9");
    }

    #[test]
    fn trailing_zeros_are_dropped() {
        assert_eq!(value(137.0), "137");
        assert_eq!(value(60.04), "60");
        assert_eq!(value(-9.999), "-10");
        assert_eq!(value(0.0), "0");
        assert_eq!(value(-0.001), "0");
    }

    #[test]
    fn money_reads_with_separators_and_no_decimals_from_a_thousand() {
        assert_eq!(value(38501.0), "38,501");
        assert_eq!(value(38500.5), "38,501");
        assert_eq!(value(1234567.89), "1,234,568");
        assert_eq!(value(-38501.2), "-38,501");
        assert_eq!(value(999.96), "1,000");
        assert_eq!(value(1e15), "1,000,000,000,000,000");
    }

    #[test]
    fn fixed_decimals_line_up_with_separators() {
        assert_eq!(fixed(16.1, 2), "16.10");
        assert_eq!(fixed(38501.234, 2), "38,501.23");
        assert_eq!(fixed(-1234567.0, 0), "-1,234,567");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(123.0, 0), "123");
    }

    #[test]
    fn non_finite_values_say_what_they_are() {
        assert_eq!(value(f64::NAN), "NaN");
        assert_eq!(value(f64::INFINITY), "inf");
    }
}
