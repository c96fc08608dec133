//! What each part of a zipped workbook (.xlsx, .xlsm, .xlsb, .ods) unpacks to, measured before
//! calamine reads any of it.
//!
//! The sizes a zip's directory states can lie, and calamine's zip reader inflates until the
//! data ends whatever they say, so each part calamine may read is inflated here into nothing,
//! counting, and stopped one byte past its limit (see `limits` for the figures). That costs one
//! more inflation of the workbook: 0.25–0.4 s natively for the 26 MB, million-customer one,
//! against 4.6–5.4 s to read it. A part that is damaged is left to calamine, which stops where
//! this stops and says why.

use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::limits::{
    megabytes, MAX_OTHER_PART_BYTES, MAX_SHARED_STRINGS, MAX_SHARED_STRINGS_BYTES, MAX_SHEET_BYTES, MAX_WORKBOOK_BYTES,
};
use crate::error::DataError;

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// What a part is to the reader: it decides the part's limit and what a refusal names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A sheet's XML or .xlsb records; an .ods keeps every sheet in `content.xml`.
    Sheet,
    /// The text of the workbook's text cells.
    SharedStrings,
    /// The workbook, its styles and relationships, and other XML calamine may read.
    Other,
}

impl Role {
    /// The role of the part named `name`, or `None` for parts calamine never reads (pictures,
    /// embedded files, macros).
    fn of(name: &str) -> Option<Role> {
        let name = name.to_ascii_lowercase();
        let file = name.rsplit('/').next().unwrap_or(&name);
        let sheet_folder = ["xl/worksheets/", "xl/chartsheets/", "xl/macrosheets/", "xl/dialogsheets/"]
            .iter()
            .any(|folder| name.starts_with(folder) && !name[folder.len()..].contains('/'));
        if (sheet_folder && (file.ends_with(".xml") || file.ends_with(".bin"))) || name == "content.xml" {
            Some(Role::Sheet)
        } else if file == "sharedstrings.xml" || file == "sharedstrings.bin" {
            Some(Role::SharedStrings)
        } else if file.ends_with(".xml")
            || file.ends_with(".rels")
            || (name.starts_with("xl/")
                && !name[3..].contains('/')
                && file.ends_with(".bin")
                && file != "vbaproject.bin")
        {
            Some(Role::Other)
        } else {
            None
        }
    }

    fn limit(self) -> u64 {
        match self {
            Role::Sheet => MAX_SHEET_BYTES,
            Role::SharedStrings => MAX_SHARED_STRINGS_BYTES,
            Role::Other => MAX_OTHER_PART_BYTES,
        }
    }
}

/// Refuses a zipped workbook when a part calamine may read unpacks to more than its limit, when
/// all of them together do, or when its shared strings say there are more of them than a sheet
/// may hold (calamine reserves room for that many before reading one). A file that is not a zip
/// archive, or whose directory cannot be read, is left to calamine to describe.
pub(super) fn check(bytes: &[u8]) -> Result<(), DataError> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let mut total = 0u64;
    for index in 0..archive.len() {
        let Ok((name, stated)) = archive.by_index_raw(index).map(|part| (part.name().to_owned(), part.size())) else {
            continue;
        };
        let Some(role) = Role::of(&name) else { continue };
        let limit = role.limit();
        // A part that says it is too large is taken at its word, without inflating it.
        let size = if stated > limit { stated } else { unpacked_size(&mut archive, index, limit, role)? };
        if size > limit {
            return Err(too_large(&mut archive, role, &name));
        }
        total += size;
        if total > MAX_WORKBOOK_BYTES {
            return Err(DataError::WorkbookTooLarge { max_mb: megabytes(MAX_WORKBOOK_BYTES) });
        }
    }
    Ok(())
}

/// What part `index` unpacks to, counted up to one byte past `limit`. The shared strings are
/// read as calamine reads them up to their `<sst>` tag, for the count it states.
fn unpacked_size(archive: &mut Archive, index: usize, limit: u64, role: Role) -> Result<u64, DataError> {
    // A part calamine cannot open (a compression it does not read, encryption) it cannot
    // inflate either.
    let Ok(part) = archive.by_index(index) else { return Ok(0) };
    let mut counted = Counted { inner: part.take(limit + 1), count: 0 };
    if role == Role::SharedStrings {
        let mut xml = BufReader::new(&mut counted);
        if let Some(declared) = stated_string_count(&mut xml) {
            if declared > MAX_SHARED_STRINGS {
                return Err(DataError::TooManySharedStrings { declared, max: MAX_SHARED_STRINGS });
            }
        }
        drain(&mut xml);
    } else {
        drain(&mut counted);
    }
    Ok(counted.count)
}

/// Reads to the end (or to the first error, where calamine's reading stops too).
fn drain(reader: &mut impl Read) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
}

/// A reader that counts the bytes it hands on.
struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// An XML reader set up as calamine sets up its own.
fn xml_reader<R: BufRead>(source: R) -> quick_xml::Reader<R> {
    let mut xml = quick_xml::Reader::from_reader(source);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}

/// The `uniqueCount` of the first `<sst>` tag, read as calamine finds it; any run of digits in
/// it is taken as a number (saturating), so no form calamine could read as a larger one slips by.
fn stated_string_count(source: impl BufRead) -> Option<u64> {
    let mut xml = xml_reader(source);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"sst" => {
                let value = raw_attribute(&e, |key| key == b"uniqueCount")?;
                return value
                    .split(|b| !b.is_ascii_digit())
                    .map(|digits| {
                        digits.iter().fold(0u64, |n, d| n.saturating_mul(10).saturating_add(u64::from(d - b'0')))
                    })
                    .max();
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The raw value of the first attribute whose key `wanted` accepts.
fn raw_attribute(e: &BytesStart, wanted: impl Fn(&[u8]) -> bool) -> Option<Vec<u8>> {
    e.attributes().with_checks(false).flatten().find(|a| wanted(a.key.as_ref())).map(|a| a.value.into_owned())
}

/// The refusal for part `name`: a sheet's is named by the sheet, when the workbook says which.
fn too_large(archive: &mut Archive, role: Role, name: &str) -> DataError {
    let max_mb = megabytes(role.limit());
    match role {
        Role::Sheet => match sheet_named_for(archive, name) {
            Some(sheet) => DataError::SheetTooLarge { sheet: crate::text::excerpt(&sheet), max_mb },
            None => DataError::PartTooLarge { part: name.to_owned(), max_mb },
        },
        Role::SharedStrings => DataError::SharedStringsTooLarge { max_mb },
        Role::Other => DataError::PartTooLarge { part: name.to_owned(), max_mb },
    }
}

/// The name of the sheet whose XML is part `part` of an .xlsx, from `xl/workbook.xml` and its
/// relationships (each read no further than any other part may unpack to).
fn sheet_named_for(archive: &mut Archive, part: &str) -> Option<String> {
    let sheets = elements(archive, "xl/workbook.xml", b"sheet", &[b"name", b"id"]);
    let targets = elements(archive, "xl/_rels/workbook.xml.rels", b"Relationship", &[b"Id", b"Target"]);
    let wanted = part.to_ascii_lowercase();
    let target = targets.iter().find_map(|[id, target]| {
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_owned(),
            None => format!("xl/{target}"),
        };
        (path.to_ascii_lowercase() == wanted).then_some(id)
    })?;
    sheets.into_iter().find(|[_, id]| id == target).map(|[name, _]| name)
}

/// For each element named `element` (local name) in part `path`, the values of the two
/// attributes with the local names `keys`, unescaped.
fn elements(archive: &mut Archive, path: &str, element: &[u8], keys: &[&[u8]; 2]) -> Vec<[String; 2]> {
    let Some(index) =
        (0..archive.len()).find(|&i| archive.by_index_raw(i).is_ok_and(|part| part.name().eq_ignore_ascii_case(path)))
    else {
        return Vec::new();
    };
    let Ok(part) = archive.by_index(index) else { return Vec::new() };
    let mut xml = xml_reader(BufReader::new(part.take(MAX_OTHER_PART_BYTES)));
    let (mut found, mut buf) = (Vec::new(), Vec::new());
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == element => {
                let value = |key: &[u8]| {
                    let local = |k: &[u8]| k.rsplit(|&b| b == b':').next() == Some(key);
                    let raw = raw_attribute(&e, local).unwrap_or_default();
                    let text = String::from_utf8_lossy(&raw).into_owned();
                    quick_xml::escape::unescape(&text).map(|s| s.into_owned()).unwrap_or(text)
                };
                found.push([value(keys[0]), value(keys[1])]);
            }
            Ok(Event::Eof) | Err(_) => return found,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_given_the_role_calamine_reads_them_in() {
        let cases = [
            ("xl/worksheets/sheet1.xml", Some(Role::Sheet)),
            ("XL/Worksheets/Sheet12.xml", Some(Role::Sheet)),
            ("xl/worksheets/sheet1.bin", Some(Role::Sheet)),
            ("xl/chartsheets/sheet1.xml", Some(Role::Sheet)),
            ("content.xml", Some(Role::Sheet)),
            ("xl/worksheets/_rels/sheet1.xml.rels", Some(Role::Other)),
            ("xl/sharedStrings.xml", Some(Role::SharedStrings)),
            ("xl/sharedStrings.bin", Some(Role::SharedStrings)),
            ("xl/workbook.xml", Some(Role::Other)),
            ("xl/styles.bin", Some(Role::Other)),
            ("_rels/.rels", Some(Role::Other)),
            ("xl/media/image1.png", None),
            ("xl/vbaProject.bin", None),
            ("xl/embeddings/oleObject1.bin", None),
            ("xl/printerSettings/printerSettings1.bin", None),
            ("Pictures/1000.png", None),
        ];
        for (name, role) in cases {
            assert_eq!(Role::of(name), role, "{name}");
        }
    }

    #[test]
    fn the_stated_string_count_is_read_as_calamine_reads_it() {
        let count = |xml: &str| stated_string_count(xml.as_bytes());
        assert_eq!(count(r#"<?xml version="1.0"?><sst xmlns="m" count="9" uniqueCount="7"><si/></sst>"#), Some(7));
        assert_eq!(count(r#"<x:sst uniqueCount="18446744073709551615999"/>"#), Some(u64::MAX));
        assert_eq!(count(r#"<!-- <sst uniqueCount="9"> --><sst uniqueCount="+0004294967295">"#), Some(4_294_967_295));
        assert_eq!(count(r#"<sst count="3"><si/></sst>"#), None);
        assert_eq!(count("not xml at all"), None);
    }
}
