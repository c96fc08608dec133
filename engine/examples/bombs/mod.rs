//! Decompression bombs shaped as .xlsx workbooks, for the tests and the browser suite
//! (`make_bomb`). A part that unpacks to gigabytes is written as one small deflate segment
//! repeated: each segment is compressed once, flushed so that it refers to nothing before it, and
//! copied as many times as asked, so a 2.4 GB sheet costs a 2.4 MB file and no time to write
//! (deflate's best ratio is about 1000:1).

use flate2::{Compress, Compression, Crc, FlushCompress};

/// What unpacks to a lot, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // each user of this module builds some of the shapes
pub enum Shape {
    /// The sheet: a header, then row after row of two small numbers.
    ManyCells,
    /// The sheet: one cell whose inline text is the whole size.
    OneHugeCell,
    /// The sheet: spaces between two rows, which an XML reader takes as one piece of text.
    Whitespace,
    /// The shared strings: text after text; the sheet is a few cells.
    SharedStrings,
    /// A tiny sheet with one cell in A1 and one in XFD1048576, Excel's last cell.
    FarCorners,
    /// A tiny sheet that says `<dimension ref="A1:XFD1048576"/>` over a few cells.
    HugeDimension,
    /// Tiny shared strings whose `uniqueCount` says 4,294,967,295.
    StringCount,
}

impl Shape {
    /// Every shape, by the name `make_bomb` and tests/corpus/manifest.json give it.
    pub const NAMED: [(&'static str, Shape); 7] = [
        ("many-cells", Shape::ManyCells),
        ("one-huge-cell", Shape::OneHugeCell),
        ("whitespace", Shape::Whitespace),
        ("shared-strings", Shape::SharedStrings),
        ("far-corners", Shape::FarCorners),
        ("huge-dimension", Shape::HugeDimension),
        ("string-count", Shape::StringCount),
    ];

    /// Whether `size` matters: the other shapes are a few kilobytes that harm by what they say.
    #[allow(dead_code)]
    pub fn unpacks_to_size(self) -> bool {
        matches!(self, Shape::ManyCells | Shape::OneHugeCell | Shape::Whitespace | Shape::SharedStrings)
    }

    #[allow(dead_code)]
    pub fn named(name: &str) -> Option<Shape> {
        Shape::NAMED.iter().find(|(n, _)| *n == name).map(|&(_, shape)| shape)
    }
}

/// How the zip directory states a part's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
pub enum Sizes {
    /// As it is (modulo 4 GiB: no ZIP64).
    True,
    /// As a kilobyte, whatever it unpacks to.
    Lying,
}

/// Bytes of a part: a head, a segment repeated, a tail.
struct Content<'a> {
    head: &'a [u8],
    repeat: &'a [u8],
    times: u64,
    tail: &'a [u8],
}

impl Content<'_> {
    fn once(bytes: &[u8]) -> Content<'_> {
        Content { head: bytes, repeat: b"", times: 0, tail: b"" }
    }
}

/// One deflate segment that refers to nothing before it; the last one ends the stream.
fn deflate_segment(bytes: &[u8], last: bool) -> Vec<u8> {
    let mut z = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    let flush = if last { FlushCompress::Finish } else { FlushCompress::Full };
    loop {
        out.reserve(64 * 1024);
        let consumed = z.total_in() as usize;
        z.compress_vec(&bytes[consumed..], &mut out, flush).expect("deflate");
        if z.total_in() as usize == bytes.len() && out.len() < out.capacity() {
            break;
        }
    }
    out
}

fn crc_of(bytes: &[u8]) -> Crc {
    let mut crc = Crc::new();
    crc.update(bytes);
    crc
}

/// The raw deflate stream, its CRC-32 and its unpacked size.
fn deflate(content: &Content) -> (Vec<u8>, u32, u64) {
    let mut out = deflate_segment(content.head, false);
    let mut crc = crc_of(content.head);
    if content.times > 0 {
        let segment = deflate_segment(content.repeat, false);
        let once = crc_of(content.repeat);
        out.reserve(segment.len() * content.times as usize);
        for _ in 0..content.times {
            out.extend_from_slice(&segment);
            crc.combine(&once);
        }
    }
    out.extend(deflate_segment(content.tail, true));
    crc.combine(&crc_of(content.tail));
    let size = content.head.len() as u64 + content.repeat.len() as u64 * content.times + content.tail.len() as u64;
    (out, crc.sum(), size)
}

/// A zip archive of deflated parts, written by hand so that the stated sizes can lie.
fn zip(parts: &[(&str, Content)], sizes: Sizes) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, content) in parts {
        let (data, crc, size) = deflate(content);
        let stated = match sizes {
            Sizes::True => size as u32,
            Sizes::Lying => 1024,
        };
        let offset = out.len() as u32;
        let fields = |header: &mut Vec<u8>| {
            header.extend(20u16.to_le_bytes()); // version needed: 2.0
            header.extend(0u16.to_le_bytes()); // flags
            header.extend(8u16.to_le_bytes()); // deflate
            header.extend([0, 0, 0x21, 0]); // 1980-01-01 00:00
            header.extend(crc.to_le_bytes());
            header.extend((data.len() as u32).to_le_bytes());
            header.extend(stated.to_le_bytes());
            header.extend((name.len() as u16).to_le_bytes());
            header.extend(0u16.to_le_bytes()); // extra field
        };
        out.extend(b"PK\x03\x04");
        fields(&mut out);
        out.extend(name.as_bytes());
        out.extend(&data);
        directory.extend(b"PK\x01\x02");
        directory.extend(20u16.to_le_bytes()); // made by: 2.0
        fields(&mut directory);
        directory.extend([0u8; 8]); // comment length, disk, internal and external attributes
        directory.extend([0u8; 2]);
        directory.extend(offset.to_le_bytes());
        directory.extend(name.as_bytes());
    }
    let start = out.len() as u32;
    let count = parts.len() as u16;
    out.extend(&directory);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]); // this disk, the directory's disk
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend((directory.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend([0u8; 2]); // comment length
    out
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Bytes of `unit` repeated to about 1 MiB, and how many times that makes `size`.
fn repeated(unit: &[u8], size: u64) -> (Vec<u8>, u64) {
    let segment = unit.repeat((1 << 20) / unit.len());
    let times = size.div_ceil(segment.len() as u64);
    (segment, times)
}

/// Not a bomb: a sheet of `rows` customers under a header, five columns as the benchmark's
/// (an id and a genre as shared strings, age, income and spending as numbers), written as
/// quickly as the bombs. Excel's last row is 1,048,576: a header and 1,048,575 customers.
#[allow(dead_code)]
pub fn customers(rows: u64) -> Vec<u8> {
    const ROW: &[u8] =
        b"<row><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c><c><v>62</v></c><c><v>118</v></c><c><v>20</v></c></row>";
    const PER_SEGMENT: u64 = 10_000;
    let header = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"{MAIN}\">\
         <dimension ref=\"A1:E{}\"/><sheetData><row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>3</v></c><c t=\"s\"><v>4</v></c>\
         <c t=\"inlineStr\"><is><t>Annual Income (k$)</t></is></c>\
         <c t=\"inlineStr\"><is><t>Spending Score (1-100)</t></is></c></row>",
        rows + 1
    );
    let segment = ROW.repeat(PER_SEGMENT as usize);
    let tail = [ROW.repeat((rows % PER_SEGMENT) as usize), b"</sheetData></worksheet>".to_vec()].concat();
    let strings = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"{MAIN}\" uniqueCount=\"5\">\
         <si><t>CustomerID</t></si><si><t>0000001</t></si><si><t>Female</t></si><si><t>Genre</t></si><si><t>Age</t></si></sst>"
    );
    let sheet = Content { head: header.as_bytes(), repeat: &segment, times: rows / PER_SEGMENT, tail: &tail };
    workbook(sheet, Content::once(strings.as_bytes()), Sizes::True)
}

/// A workbook with one sheet, "Customers", whose `shape` part unpacks to about `size` bytes
/// (the tiny shapes ignore `size`).
pub fn xlsx(shape: Shape, size: u64, sizes: Sizes) -> Vec<u8> {
    let open = |dimension: &str| {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"{MAIN}\">{dimension}<sheetData>")
    };
    let header = "<row><c t=\"inlineStr\"><is><t>Annual Income (k$)</t></is></c>\
                  <c t=\"inlineStr\"><is><t>Spending Score (1-100)</t></is></c></row>";
    let close = "</sheetData></worksheet>";
    let strings_open = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"{MAIN}\">");
    let one_string = format!("{strings_open}<si><t>Notes</t></si></sst>");

    // The sheet and the shared strings: (head, segment repeated, times, tail) each.
    let (sheet_head, sheet_unit, sheet_tail, strings_head, strings_unit, strings_tail): (
        String,
        &[u8],
        String,
        String,
        &[u8],
        String,
    ) = match shape {
        Shape::ManyCells => (
            format!("{}{header}", open("")),
            b"<row><c><v>15</v></c><c><v>39</v></c></row>",
            close.into(),
            one_string,
            b"",
            String::new(),
        ),
        Shape::OneHugeCell => (
            format!("{}{header}<row><c t=\"inlineStr\"><is><t>", open("")),
            b"x",
            format!("</t></is></c></row>{close}"),
            one_string,
            b"",
            String::new(),
        ),
        Shape::Whitespace => (
            format!("{}{header}", open("")),
            b" ",
            format!("<row><c><v>15</v></c><c><v>39</v></c></row>{close}"),
            one_string,
            b"",
            String::new(),
        ),
        Shape::SharedStrings => (
            format!("{}{header}<row><c><v>15</v></c><c t=\"s\"><v>0</v></c></row>{close}", open("")),
            b"",
            String::new(),
            strings_open,
            b"<si><t>Regular customer, pays by card</t></si>",
            "</sst>".into(),
        ),
        Shape::FarCorners => (
            format!(
                "{}<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Annual Income (k$)</t></is></c></row>\
                 <row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>{close}",
                open("<dimension ref=\"A1:XFD1048576\"/>")
            ),
            b"",
            String::new(),
            one_string,
            b"",
            String::new(),
        ),
        Shape::HugeDimension => (
            format!(
                "{}{header}<row><c><v>15</v></c><c><v>39</v></c></row><row><c><v>16</v></c><c><v>81</v></c></row>{close}",
                open("<dimension ref=\"A1:XFD1048576\"/>")
            ),
            b"",
            String::new(),
            one_string,
            b"",
            String::new(),
        ),
        Shape::StringCount => (
            format!("{}{header}<row><c><v>15</v></c><c t=\"s\"><v>0</v></c></row>{close}", open("")),
            b"",
            String::new(),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
                 <sst xmlns=\"{MAIN}\" count=\"4294967295\" uniqueCount=\"4294967295\"><si><t>Notes</t></si></sst>"
            ),
            b"",
            String::new(),
        ),
    };
    let (sheet_segment, sheet_times) = if sheet_unit.is_empty() { (Vec::new(), 0) } else { repeated(sheet_unit, size) };
    let (strings_segment, strings_times) =
        if strings_unit.is_empty() { (Vec::new(), 0) } else { repeated(strings_unit, size) };
    let sheet = Content {
        head: sheet_head.as_bytes(),
        repeat: &sheet_segment,
        times: sheet_times,
        tail: sheet_tail.as_bytes(),
    };
    let strings = Content {
        head: strings_head.as_bytes(),
        repeat: &strings_segment,
        times: strings_times,
        tail: strings_tail.as_bytes(),
    };
    workbook(sheet, strings, sizes)
}

/// The package around one sheet, "Customers", and the shared strings.
fn workbook(sheet: Content, strings: Content, sizes: Sizes) -> Vec<u8> {
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
         <Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>\
         </Types>";
    let package_rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{RELS}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    );
    let workbook = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <workbook xmlns=\"{MAIN}\" xmlns:r=\"{RELS}\"><sheets>\
         <sheet name=\"Customers\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    );
    let workbook_rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{RELS}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{RELS}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
    );
    let parts = [
        ("[Content_Types].xml", Content::once(content_types.as_bytes())),
        ("_rels/.rels", Content::once(package_rels.as_bytes())),
        ("xl/workbook.xml", Content::once(workbook.as_bytes())),
        ("xl/_rels/workbook.xml.rels", Content::once(workbook_rels.as_bytes())),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ];
    zip(&parts, sizes)
}
