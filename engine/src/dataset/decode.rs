//! Bytes to text: the encodings spreadsheets export, and files that are not text at all.

use std::borrow::Cow;

use crate::error::DataError;

/// How a file's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Excel's "CSV" on Western Windows; also covers Latin-1 (ISO-8859-1).
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le | Encoding::Utf16Be => "UTF-16 (Excel \"Unicode Text\")",
            Encoding::Windows1252 => "Windows-1252 / Latin-1",
        }
    }
}

/// Signatures of files people mistake for CSV, and what to call them in a message.
const SIGNATURES: [(&[u8], &str); 7] = [
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another ZIP archive"),
    (b"\xD0\xCF\x11\xE0", "an old Excel workbook (.xls)"),
    (b"\x1F\x8B", "a gzip archive"),
];

/// Bytes examined when deciding whether a file is text.
const PROBE: usize = 8 * 1024;

/// The file's text. UTF-8 (with or without BOM) and UTF-16 with a BOM are read as
/// such; anything else that is text is read as Windows-1252, which every byte decodes in.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), DataError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8_or_1252(rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok((Cow::Owned(utf16(rest, u16::from_le_bytes)), Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok((Cow::Owned(utf16(rest, u16::from_be_bytes)), Encoding::Utf16Be));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(DataError::NotText { kind: kind.to_owned() });
    }
    Ok(utf8_or_1252(bytes))
}

fn utf8_or_1252(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), Encoding::Utf8),
        Err(_) => (Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()), Encoding::Windows1252),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// What a non-text file looks like, from its signature or from control bytes text never has.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, kind)) = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    let probe = &bytes[..bytes.len().min(PROBE)];
    let control = probe.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    (probe.contains(&0) || control * 100 > probe.len()).then_some("a binary file")
}

/// Windows-1252 as browsers decode it (WHATWG): Latin-1 except 0x80–0x9F.
pub(super) fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed_and_bom_dropped() {
        let (text, enc) = decode(b"\xEF\xBB\xBFJos\xC3\xA9").unwrap();
        assert_eq!((text.as_ref(), enc), ("José", Encoding::Utf8));
        assert!(matches!(decode(b"abc").unwrap().0, Cow::Borrowed(_)));
    }

    #[test]
    fn windows_1252_is_decoded() {
        let (text, enc) = decode(b"Jos\xE9 \x80 \x93q\x94").unwrap();
        assert_eq!((text.as_ref(), enc), ("José € “q”", Encoding::Windows1252));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("a\tb".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&le).unwrap(), (Cow::Owned("a\tb".into()), Encoding::Utf16Le));
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("é".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&be).unwrap().0, "é");
    }

    #[test]
    fn binary_files_are_named() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(decode(png).unwrap_err(), DataError::NotText { kind: "a PNG image".into() });
        assert!(matches!(decode(b"PK\x03\x04rest"), Err(DataError::NotText { .. })));
        assert_eq!(decode(b"a,b\n1,\0\n").unwrap_err(), DataError::NotText { kind: "a binary file".into() });
    }
}
