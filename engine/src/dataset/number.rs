//! Cells to numbers, as spreadsheets in different locales write them.

/// The decimal separator of a file's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decimal {
    /// `1,234.5`
    #[default]
    Point,
    /// `1.234,5`, as European spreadsheets export to `;`-separated files.
    Comma,
}

/// Larger values are refused: squared distances between them would overflow,
/// and no customer measure is that large.
pub const MAX_MAGNITUDE: f64 = 1e15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    Empty,
    /// A word that marks a missing value ([`MISSING_MARKERS`]).
    Missing,
    NotANumber,
    NotFinite,
    TooLarge,
}

/// Cells that stand for "no value", compared without case: the words pandas reads as missing
/// (`NA`, `N/A`, `null`, `NaN`, `None`, Excel's `#N/A`, …), so a file means the same here as there.
pub const MISSING_MARKERS: [&str; 14] = [
    "na", "n/a", "null", "nan", "-nan", "none", "<na>", "#n/a", "#n/a n/a", "#na", "-1.#ind", "-1.#qnan", "1.#ind",
    "1.#qnan",
];

/// True for a cell with no value: empty, spaces, or a [`MISSING_MARKERS`] word.
pub fn is_missing(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || (t.len() <= 8 && MISSING_MARKERS.iter().any(|m| t.eq_ignore_ascii_case(m)))
}

/// Characters besides `,` and `.` that spreadsheets put between groups of thousands.
const GROUP_SPACES: [char; 4] = [' ', '\u{A0}', '\u{202F}', '\''];

/// A cell as a finite number. Surrounding spaces and thousands separators are
/// allowed; `inf` is not a number a customer can have, and `NaN` marks a missing value.
pub fn parse_number(text: &str, decimal: Decimal) -> Result<f64, NumberProblem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberProblem::Empty);
    }
    if is_missing(t) {
        return Err(NumberProblem::Missing);
    }
    let value = match (decimal, t.parse::<f64>()) {
        (Decimal::Point, Ok(v)) => v,
        _ => normalise(t, decimal)
            .and_then(|n| n.parse::<f64>().ok())
            // A file with decimal commas may still hold a plain `1.5`.
            .or_else(|| (!t.contains(',')).then(|| t.parse::<f64>().ok()).flatten())
            .ok_or(NumberProblem::NotANumber)?,
    };
    if !value.is_finite() {
        Err(NumberProblem::NotFinite)
    } else if value.abs() > MAX_MAGNITUDE {
        Err(NumberProblem::TooLarge)
    } else {
        Ok(value)
    }
}

/// The number with thousands separators removed and a `.` decimal point, if it is well formed.
fn normalise(t: &str, decimal: Decimal) -> Option<String> {
    let (point, group) = match decimal {
        Decimal::Point => ('.', ','),
        Decimal::Comma => (',', '.'),
    };
    let (int, fraction) = match t.rfind(point) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    if fraction.is_some_and(|f| f.contains([point, group])) {
        return None;
    }
    let (sign, digits) = match int.strip_prefix(['-', '+']) {
        Some(rest) => (&int[..1], rest),
        None => ("", int),
    };
    let digits = ungroup(digits, group)?;
    Some(match fraction {
        Some(f) => format!("{sign}{digits}.{f}"),
        None => format!("{sign}{digits}"),
    })
}

/// `1,234,567` → `1234567` when every group after the first has exactly three digits.
fn ungroup(digits: &str, group: char) -> Option<String> {
    let Some(sep) = digits.chars().find(|&c| c == group || GROUP_SPACES.contains(&c)) else {
        return Some(digits.to_owned());
    };
    let parts: Vec<&str> = digits.split(sep).collect();
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let well_formed = (1..=3).contains(&parts[0].len())
        && parts.iter().all(|p| all_digits(p))
        && parts[1..].iter().all(|p| p.len() == 3);
    well_formed.then(|| parts.concat())
}

/// Cells sampled when working out a file's decimal separator.
const SAMPLE_CELLS: usize = 20_000;

/// Decimal commas when a file separated by something other than `,` mostly
/// writes numbers with a comma as their last separator. `1.234` says nothing: it
/// may be a thousand or a fraction.
pub fn detect_decimal<'a>(delimiter: u8, cells: impl Iterator<Item = &'a str>) -> Decimal {
    if delimiter == b',' {
        return Decimal::Point;
    }
    let (mut commas, mut points) = (0usize, 0usize);
    for cell in cells.take(SAMPLE_CELLS) {
        let t = cell.trim();
        let numeric_shape = t.bytes().any(|b| b.is_ascii_digit())
            && t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b',' | b'.' | b' '));
        if !numeric_shape {
            continue;
        }
        match t.rfind([',', '.']).map(|i| (t.as_bytes()[i], t.len() - i - 1)) {
            Some((b',', _)) => commas += 1,
            Some((b'.', after)) if after != 3 || t.contains(',') => points += 1,
            _ => {}
        }
    }
    if commas > points {
        Decimal::Comma
    } else {
        Decimal::Point
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(t: &str) -> Result<f64, NumberProblem> {
        parse_number(t, Decimal::Point)
    }

    fn comma(t: &str) -> Result<f64, NumberProblem> {
        parse_number(t, Decimal::Comma)
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(point(" 15 "), Ok(15.0));
        assert_eq!(point("-0.5"), Ok(-0.5));
        assert_eq!(point("1e3"), Ok(1000.0));
        assert_eq!(point(""), Err(NumberProblem::Empty));
        assert_eq!(point("abc"), Err(NumberProblem::NotANumber));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(point("1,234"), Ok(1234.0));
        assert_eq!(point("-1,234,567.25"), Ok(-1_234_567.25));
        assert_eq!(point("1 234"), Ok(1234.0));
        assert_eq!(point("1'234.5"), Ok(1234.5));
        assert_eq!(point("12,34"), Err(NumberProblem::NotANumber), "not a thousands group");
        assert_eq!(point("45,5"), Err(NumberProblem::NotANumber));
        assert_eq!(comma("1.234,5"), Ok(1234.5));
        assert_eq!(comma("1\u{A0}234,5"), Ok(1234.5));
    }

    #[test]
    fn decimal_commas() {
        assert_eq!(comma("45,5"), Ok(45.5));
        assert_eq!(comma("-0,25"), Ok(-0.25));
        assert_eq!(comma("12"), Ok(12.0));
        assert_eq!(comma("1.5"), Ok(1.5), "a stray point decimal still reads");
        assert_eq!(comma("1,2,3"), Err(NumberProblem::NotANumber));
    }

    #[test]
    fn non_finite_and_huge_values_are_refused() {
        for t in ["NA", " n/a ", "NULL", "NaN", "nan", "None", "#N/A"] {
            assert_eq!(point(t), Err(NumberProblem::Missing), "{t}");
        }
        for t in ["inf", "-Infinity", "1e400"] {
            assert_eq!(point(t), Err(NumberProblem::NotFinite), "{t}");
            assert_eq!(comma(t), Err(NumberProblem::NotFinite), "{t}");
        }
        assert_eq!(point("1e16"), Err(NumberProblem::TooLarge));
        assert_eq!(point("-1e300"), Err(NumberProblem::TooLarge));
        assert_eq!(point("1e15"), Ok(1e15));
    }

    #[test]
    fn decimal_separator_is_detected() {
        let german = ["45,5", "12", "1.234,5", "x", "7,25"];
        assert_eq!(detect_decimal(b';', german.into_iter()), Decimal::Comma);
        assert_eq!(detect_decimal(b',', german.into_iter()), Decimal::Point, "a comma file cannot use commas");
        assert_eq!(detect_decimal(b';', ["45.5", "7,25", "3.75"].into_iter()), Decimal::Point);
        assert_eq!(detect_decimal(b'\t', ["1.234", "2.000", "5,5"].into_iter()), Decimal::Comma);
    }
}
