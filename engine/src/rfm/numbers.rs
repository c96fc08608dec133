//! Quantities, prices and amounts as order lines write them: nearly always plain `12`, `-3` or
//! `2.55`, which are read here without the general reader's passes (trimming, missing-value
//! words, thousands separators, then the standard library's parser), to the same `f64`.

use crate::dataset::{parse_number, Decimal, NumberProblem};

/// Powers of ten exactly representable as `f64` (10²² is the last).
const POWERS_OF_TEN: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// The number in `text` (trimmed), as [`parse_number`] reads it.
pub(super) fn read_number(text: &str, decimal: Decimal) -> Result<f64, NumberProblem> {
    plain(text.as_bytes(), decimal).map_or_else(|| parse_number(text, decimal), Ok)
}

/// A number written as an optional `-`, digits, and optionally the decimal mark and more digits,
/// 15 digits at most; else `None`, for the general reader.
///
/// 15 digits are below 2⁵³, so the digits and the power of ten are exact `f64`s and their
/// quotient is correctly rounded: the very value the standard library's parser gives (Clinger's
/// fast path). A decimal comma file's `.` groups thousands (`1.234` is 1234), so only its `,`
/// is a decimal mark here; such a number is at most 15 digits, far below the largest accepted.
fn plain(text: &[u8], decimal: Decimal) -> Option<f64> {
    let mark = match decimal {
        Decimal::Point => b'.',
        Decimal::Comma => b',',
    };
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let mut digits: u64 = 0;
    let mut count = 0;
    let mut fraction: Option<usize> = None;
    for &b in text {
        match b {
            b'0'..=b'9' => {
                digits = digits * 10 + u64::from(b - b'0');
                count += 1;
                if let Some(f) = fraction.as_mut() {
                    *f += 1;
                }
            }
            _ if b == mark && fraction.is_none() && count > 0 => fraction = Some(0),
            _ => return None,
        }
        if count > 15 {
            return None;
        }
    }
    if count == 0 || fraction == Some(0) {
        return None;
    }
    let value = digits as f64 / POWERS_OF_TEN[fraction.unwrap_or(0)];
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_read_as_the_general_reader_reads_them() {
        let texts = [
            "0",
            "-0",
            "12",
            "-3",
            "2.55",
            "0.1",
            "0.3",
            "-12.345",
            "999999999999999",
            "99999999999999.9",
            "0.000000000000001",
            "1234567.891",
            "5.",
            ".5",
            "+5",
            "1,5",
            "1.234",
            "1,234.5",
            "1.234,5",
            "1e3",
            "",
            "-",
            "12a",
            "007",
            "1.2.3",
            " 4 ",
            "9999999999999999",
        ];
        for decimal in [Decimal::Point, Decimal::Comma] {
            for text in texts {
                let expected = parse_number(text, decimal);
                let got = read_number(text, decimal);
                assert_eq!(got.map(f64::to_bits), expected.map(f64::to_bits), "{text:?} {decimal:?}");
            }
        }
        // Many decimals, against the standard library's correctly rounded parser.
        for cents in (0..2_000_000u64).step_by(7) {
            let text = format!("{}.{:02}", cents / 100, cents % 100);
            assert_eq!(plain(text.as_bytes(), Decimal::Point), text.parse::<f64>().ok(), "{text}");
        }
        assert_eq!(plain(b"1.5", Decimal::Point), Some(1.5));
        assert_eq!(plain(b"1,5", Decimal::Comma), Some(1.5));
        assert_eq!(plain(b"1.5", Decimal::Comma), None, "left to the general reader");
    }
}
