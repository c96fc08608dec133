//! How values are written into messages and how names are compared: plain text in, text out.
//!
//! A leaf: it imports nothing from the crate, so `dataset`, `error`, `features` and `prep` can
//! all use it without importing each other.

/// Characters of a cell quoted in a message; longer values are cut with "…".
pub const QUOTED_CHARS: usize = 40;

/// Names listed in a message at most; the rest are counted.
const LISTED: usize = 20;

/// A value short enough to quote in a message.
pub fn excerpt(text: &str) -> String {
    shorten(text, QUOTED_CHARS)
}

/// `text` cut to at most `chars` characters (on a character boundary), ending in "…" when cut.
pub fn shorten(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Names quoted and comma-separated, at most 20 of them.
pub fn quoted_list(items: &[String]) -> String {
    let mut list = items.iter().take(LISTED).map(|h| format!("\"{}\"", excerpt(h))).collect::<Vec<_>>().join(", ");
    if items.len() > LISTED {
        list.push_str(&format!(" and {} more", items.len() - LISTED));
    }
    list
}

/// How headers are compared everywhere: case, white space, `_` and `-` do not count, so
/// `Annual Income`, `annual_income` and `ANNUAL-INCOME` are one name.
pub fn header_key(header: &str) -> String {
    header.chars().filter(|c| !c.is_whitespace() && *c != '_' && *c != '-').flat_map(char::to_lowercase).collect()
}

/// A header's words, lowercase: split at anything not a letter or digit, and where camelCase
/// starts a word (`customerId`, `SKUId` → sku, id).
pub fn words(header: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in header.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let starts = c.is_uppercase()
                && prev
                    .is_some_and(|p| p.is_lowercase() || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase())));
            if starts && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.extend(c.to_lowercase());
        }
        words.push(word);
    }
    words
}

/// The column letters of sheet column `col` (0 = A, 26 = AA).
pub fn column_letters(col: u32) -> String {
    // In u64, so the last u32 column has letters too rather than overflowing.
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        let cases =
            [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")];
        for (col, letters) in cases {
            assert_eq!(column_letters(col), letters, "column {col}");
        }
        assert_eq!(column_letters(16_383), "XFD", "Excel's last column");
        assert_eq!(column_letters(u32::MAX), "MWLQKWV");
    }

    #[test]
    fn long_values_are_cut_on_a_character_and_long_lists_counted() {
        assert_eq!(excerpt("short"), "short");
        let long = "é".repeat(QUOTED_CHARS + 5);
        assert_eq!(excerpt(&long), format!("{}…", "é".repeat(QUOTED_CHARS)));
        let names: Vec<String> = (0..LISTED + 3).map(|i| format!("c{i}")).collect();
        let list = quoted_list(&names);
        assert!(list.starts_with("\"c0\", \"c1\""), "{list}");
        assert!(list.ends_with("\"c19\" and 3 more"), "{list}");
    }

    #[test]
    fn headers_compare_without_case_spaces_or_dashes() {
        assert_eq!(header_key(" Annual_Income-(k$) "), "annualincome(k$)");
        assert_eq!(header_key("ANNUAL INCOME"), header_key("annual-income"));
    }
}
