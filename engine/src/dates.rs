//! Dates as order exports write them, read into whole days: ISO (`2024-03-05`, with or without
//! a time), day and month with a separator (`05/03/2024`, `3-5-24`, `5.3.2024 14:10`) in the
//! order the file uses, and Excel serial dates from spreadsheets (`45356`). The first piece of
//! reading order lines (issue 19): a date's time of day is ignored, as Recency counts calendar
//! days.
//!
//! Whether `05/03/2024` is the 5th of March or the 3rd of May is decided from the file, not
//! guessed per cell: [`OrderEvidence`] watches every date; a first field above 12 proves day
//! first, a second field above 12 month first; both is a file that mixes the two, neither is
//! ambiguous and the user chooses.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Which comes first in a date written with separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

impl DateOrder {
    /// As the page says it: "day/month/year".
    pub fn label(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "day/month/year",
            DateOrder::MonthFirst => "month/day/year",
        }
    }
}

/// A date cell as written, before the order of its fields is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Written {
    /// Year, month and day (ISO).
    Iso { year: i64, month: u32, day: u32 },
    /// Two fields and a year, in the file's order.
    Fields { first: u32, second: u32, year: i64 },
    /// Days since 1899-12-30, as Excel counts (its fraction the time of day).
    Serial(f64),
}

/// Why a cell is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Not written as any date this reads.
    NotADate,
    /// Written as a date that does not exist (31/02/2024, month 13).
    NoSuchDay,
    /// Day and month both 12 or less and the order not chosen.
    NeedsOrder,
}

impl fmt::Display for DateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateProblem::NotADate => "is not a date (write it as 2024-03-05, 05/03/2024 or 03/05/2024)",
            DateProblem::NoSuchDay => "is not a day of the calendar",
            DateProblem::NeedsOrder => "could be day/month or month/day: choose which the file uses",
        })
    }
}

/// Excel serial dates read as dates: 10,000 (1927-05-18) to 2,958,465 (9999-12-31). Below, a
/// number in a date column is more likely a year or a mistake than an order placed before 1927.
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 10_000.0..=2_958_465.0;
/// Days from Excel's day 0 (1899-12-30, the count that makes its 1900 leap-year slip right
/// from March 1900 on) to 1970-01-01.
const SERIAL_TO_UNIX: i64 = 25_569;

impl Written {
    /// How `text` is written as a date, if it is one; a time after the date is ignored.
    pub fn of(text: &str) -> Option<Written> {
        let text = text.trim();
        if let Ok(serial) = text.parse::<f64>() {
            return SERIAL_RANGE.contains(&serial).then_some(Written::Serial(serial));
        }
        let date = text.split(['T', ' ']).next()?;
        let separator = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut parts = date.split(separator);
        let (Some(a), Some(b), Some(c), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return None;
        };
        let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(a) && digits(b) && digits(c)) {
            return None;
        }
        let number = |s: &str| s.parse::<u32>().ok();
        if a.len() == 4 {
            return Some(Written::Iso { year: i64::from(number(a)?), month: number(b)?, day: number(c)? });
        }
        if a.len() > 2 || b.len() > 2 || !(c.len() == 2 || c.len() == 4) {
            return None;
        }
        Some(Written::Fields { first: number(a)?, second: number(b)?, year: full_year(c.len(), number(c)?) })
    }

    /// The day, as days since 1970-01-01, with `order` for day and month fields.
    pub fn day(self, order: Option<DateOrder>) -> Result<i64, DateProblem> {
        let (year, month, day) = match self {
            Written::Serial(serial) => return Ok(serial.floor() as i64 - SERIAL_TO_UNIX),
            Written::Iso { year, month, day } => (year, month, day),
            // The file's order, once chosen, holds for every cell (a 25 in the month is an
            // error, not a sign to read that cell the other way); without it, a field above 12
            // decides the cell alone.
            Written::Fields { first, second, year } => match (order, first > 12, second > 12) {
                (Some(DateOrder::DayFirst), _, _) | (None, true, false) => (year, second, first),
                (Some(DateOrder::MonthFirst), _, _) | (None, false, true) => (year, first, second),
                (None, true, true) => return Err(DateProblem::NoSuchDay),
                (None, false, false) => return Err(DateProblem::NeedsOrder),
            },
        };
        days_from_civil(year, month, day).ok_or(DateProblem::NoSuchDay)
    }
}

/// A two-digit year as POSIX `%y` reads it: 69–99 are 1969–1999, 00–68 are 2000–2068.
fn full_year(digits: usize, year: u32) -> i64 {
    let year = i64::from(year);
    match (digits, year) {
        (2, y) if y >= 69 => 1900 + y,
        (2, y) => 2000 + y,
        _ => year,
    }
}

/// Days since 1970-01-01 of a calendar date, if it exists (proleptic Gregorian calendar).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // Years counted from March, so the leap day ends a year (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = i64::from((month + 9) % 12);
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// The calendar date of a day counted from 1970-01-01 (the inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's algorithm, as days_from_civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = (if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 }) as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A day counted from 1970-01-01 as an ISO date, `2024-03-05`.
pub fn iso_date(days: i64) -> String {
    let mut out = String::with_capacity(10);
    push_iso_date(&mut out, days);
    out
}

/// [`iso_date`] written at the end of `out`: a customer table writes two per customer, a
/// million customers at a time, so the digits are placed without the formatting machinery.
pub fn push_iso_date(out: &mut String, days: i64) {
    let (year, month, day) = civil_from_days(days);
    match u32::try_from(year) {
        Ok(year) if year <= 9999 => {
            let digit = |n: u32| b'0' + (n % 10) as u8;
            let text = [
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                b'-',
                digit(month / 10),
                digit(month),
                b'-',
                digit(day / 10),
                digit(day),
            ];
            out.push_str(std::str::from_utf8(&text).unwrap_or_default());
        }
        _ => {
            use std::fmt::Write;
            let _ = write!(out, "{year:04}-{month:02}-{day:02}");
        }
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What a file's dates say about their order, gathered one cell at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderEvidence {
    /// A date whose first field is above 12 was seen: only day first reads it.
    day_first: bool,
    /// A date whose second field is above 12 was seen: only month first reads it.
    month_first: bool,
    /// A date with day and month fields was seen at all.
    fields: bool,
}

/// What the evidence decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderFound {
    /// No date with day and month fields: the order does not matter.
    NotNeeded,
    Decided(DateOrder),
    /// Every such date has both fields 12 or less.
    Ambiguous,
    /// Some dates are only day first, others only month first.
    Mixed,
}

impl OrderEvidence {
    pub fn observe(&mut self, written: Written) {
        if let Written::Fields { first, second, .. } = written {
            self.fields = true;
            self.day_first |= first > 12;
            self.month_first |= second > 12;
        }
    }

    pub fn found(self) -> OrderFound {
        match (self.fields, self.day_first, self.month_first) {
            (false, _, _) => OrderFound::NotNeeded,
            (true, true, true) => OrderFound::Mixed,
            (true, true, false) => OrderFound::Decided(DateOrder::DayFirst),
            (true, false, true) => OrderFound::Decided(DateOrder::MonthFirst),
            (true, false, false) => OrderFound::Ambiguous,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str, order: Option<DateOrder>) -> Result<i64, DateProblem> {
        Written::of(text).ok_or(DateProblem::NotADate)?.day(order)
    }

    const MARCH_5_2024: i64 = 19_787;

    #[test]
    fn every_way_of_writing_one_day_reads_as_that_day() {
        assert_eq!(days_from_civil(1970, 1, 1), Some(0));
        assert_eq!(days_from_civil(2024, 3, 5), Some(MARCH_5_2024));
        for text in ["2024-03-05", "2024/03/05", "2024-3-5", "2024-03-05T23:59:59", "2024-03-05 08:00", " 2024-03-05 "]
        {
            assert_eq!(day(text, None), Ok(MARCH_5_2024), "{text}");
        }
        for text in ["05/03/2024", "5/3/2024", "05-03-2024", "5.3.24", "05/03/2024 14:10", "05.03.2024 14:10:59"] {
            assert_eq!(day(text, Some(DateOrder::DayFirst)), Ok(MARCH_5_2024), "{text}");
        }
        for text in ["03/05/2024", "3/5/24", "03-05-2024 9:15 AM"] {
            assert_eq!(day(text, Some(DateOrder::MonthFirst)), Ok(MARCH_5_2024), "{text}");
        }
        // Excel: 2024-03-05 is serial 45356; its time of day is ignored.
        assert_eq!(day("45356", None), Ok(MARCH_5_2024));
        assert_eq!(day("45356.99", None), Ok(MARCH_5_2024));
    }

    #[test]
    fn a_field_above_12_decides_the_cell_and_the_file() {
        assert_eq!(day("25/12/2023", None), day("2023-12-25", None));
        assert_eq!(day("12/25/2023", None), day("2023-12-25", None));
        assert_eq!(
            day("25/12/2023", Some(DateOrder::MonthFirst)),
            Err(DateProblem::NoSuchDay),
            "the chosen order holds"
        );
        assert_eq!(day("05/03/2024", None), Err(DateProblem::NeedsOrder));
        let mut evidence = OrderEvidence::default();
        assert_eq!(evidence.found(), OrderFound::NotNeeded);
        for text in ["05/03/2024", "2024-01-01", "45356"] {
            evidence.observe(Written::of(text).unwrap());
        }
        assert_eq!(evidence.found(), OrderFound::Ambiguous);
        evidence.observe(Written::of("25/03/2024").unwrap());
        assert_eq!(evidence.found(), OrderFound::Decided(DateOrder::DayFirst));
        evidence.observe(Written::of("03/25/2024").unwrap());
        assert_eq!(evidence.found(), OrderFound::Mixed);
    }

    #[test]
    fn days_that_do_not_exist_and_cells_that_are_not_dates_are_refused() {
        assert_eq!(day("2023-02-29", None), Err(DateProblem::NoSuchDay));
        assert_eq!(day("2024-02-29", None), Ok(days_from_civil(2024, 2, 29).unwrap()));
        assert_eq!(day("1900-02-29", None), Err(DateProblem::NoSuchDay), "not a leap year");
        assert_eq!(day("2000-02-29", None), Ok(days_from_civil(2000, 2, 29).unwrap()), "a leap year");
        assert_eq!(day("31/04/2024", Some(DateOrder::DayFirst)), Err(DateProblem::NoSuchDay));
        assert_eq!(day("13/13/2024", None), Err(DateProblem::NoSuchDay));
        assert_eq!(day("2024-13-01", None), Err(DateProblem::NoSuchDay));
        for text in ["", "yesterday", "2024", "5/3", "05/03/202", "1/2/3/4", "2024-03-05x", "-5", "0", "3000000"] {
            assert_eq!(Written::of(text), None, "{text:?}");
        }
    }

    #[test]
    fn two_digit_years_read_as_posix_does() {
        assert_eq!(day("31/12/68", Some(DateOrder::DayFirst)), day("2068-12-31", None));
        assert_eq!(day("01/01/69", Some(DateOrder::DayFirst)), day("1969-01-01", None));
    }

    #[test]
    fn days_count_across_centuries_as_the_calendar_does() {
        // 2000-03-01 − 1600-03-01 is exactly four centuries: 146,097 days.
        assert_eq!(days_from_civil(2000, 3, 1).unwrap() - days_from_civil(1600, 3, 1).unwrap(), 146_097);
        assert_eq!(days_from_civil(1969, 12, 31), Some(-1));
    }

    #[test]
    fn days_go_back_to_the_dates_they_count() {
        for days in (-800_000..800_000).step_by(97).chain([-1, 0, 59, 60, 11_016, MARCH_5_2024]) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), Some(days), "{days}");
        }
        assert_eq!(iso_date(MARCH_5_2024), "2024-03-05");
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(days_from_civil(9999, 12, 31).unwrap()), "9999-12-31");
        assert_eq!(iso_date(days_from_civil(10000, 1, 1).unwrap()), "10000-01-01");
        assert_eq!(iso_date(days_from_civil(-1, 1, 1).unwrap()), "-001-01-01");
        assert_eq!(iso_date(days_from_civil(2000, 2, 29).unwrap()), "2000-02-29");
    }
}
