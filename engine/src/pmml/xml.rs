//! A PMML file read into a small tree, defensively: the file comes from a user, so it is read
//! with caps on its size, depth and element count, without a DTD (a `<!DOCTYPE>` is refused
//! before anything in it is read, so no entity is declared, expanded or fetched) and with only
//! XML's five predefined entities and character references resolved. Elements are known by
//! their local names, so PMML of any version (and any namespace prefix) reads the same.

use quick_xml::{
    events::{BytesStart, Event},
    Reader, XmlVersion,
};

use super::PmmlError;

/// The largest PMML file read: a segment model is kilobytes; room for long headers and extensions.
pub const MAX_BYTES: usize = 16 << 20;
/// Elements inside elements: PMML nests a dozen deep; expressions a few more.
pub const MAX_DEPTH: usize = 64;
/// Elements kept (an extension's insides are not kept, nor counted).
pub const MAX_ELEMENTS: usize = 200_000;

/// Elements whose insides say nothing about scoring: kept with their attributes, their content
/// skipped (a tool's extensions can be large).
const SKIPPED: [&str; 7] =
    ["Extension", "ModelStats", "ModelExplanation", "ModelVerification", "Covariances", "Partition", "Taxonomy"];

/// One element: its local name, attributes (local names, values unescaped), children and text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Children that are part of the content (extensions are a tool's notes, not the model).
    pub fn content(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter(|c| c.name != "Extension")
    }
}

/// The document's root element, or why the file cannot be read.
pub fn parse(bytes: &[u8]) -> Result<Element, PmmlError> {
    if bytes.len() > MAX_BYTES {
        return Err(PmmlError::TooLarge { bytes: bytes.len(), limit: MAX_BYTES });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| PmmlError::NotUtf8)?;
    let mut reader = Reader::from_str(text);
    let mut tree = Tree::default();
    loop {
        let event =
            reader.read_event().map_err(|e| PmmlError::Xml { reason: e.to_string(), at: reader.error_position() })?;
        match event {
            Event::DocType(_) => return Err(PmmlError::DocType),
            Event::Start(start) => {
                let element = element(&start, &reader)?;
                tree.open(element)?;
            }
            Event::Empty(start) => {
                let element = element(&start, &reader)?;
                tree.open(element)?;
                tree.close()?;
            }
            Event::End(_) => tree.close()?,
            Event::Text(t) => tree.text(&t.decode().map_err(|e| xml_error(e, &reader))?),
            Event::CData(t) => tree.text(&t.decode().map_err(|e| xml_error(e, &reader))?),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| xml_error(e, &reader))?;
                let ch = match r.resolve_char_ref().map_err(|e| xml_error(e, &reader))? {
                    Some(ch) => ch,
                    None => predefined(&name).ok_or_else(|| PmmlError::Entity { name: name.to_string() })?,
                };
                tree.text(ch.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    tree.finish()
}

fn xml_error(e: impl std::fmt::Display, reader: &Reader<&[u8]>) -> PmmlError {
    PmmlError::Xml { reason: e.to_string(), at: reader.buffer_position() }
}

/// XML's own five entities; anything else would need a DTD, which is refused.
fn predefined(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

fn element(start: &BytesStart, reader: &Reader<&[u8]>) -> Result<Element, PmmlError> {
    let name = local(start.local_name().as_ref());
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| xml_error(e, reader))?;
        let key = attr.key.local_name();
        // A namespace declaration is not data.
        if attr.key.as_ref() == b"xmlns" || attr.key.as_ref().starts_with(b"xmlns:") {
            continue;
        }
        let value =
            attr.decoded_and_normalized_value(XmlVersion::Implicit1_0, reader.decoder()).map_err(|e| match e {
                quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) => {
                    PmmlError::Entity { name }
                }
                e => xml_error(e, reader),
            })?;
        attrs.push((local(key.as_ref()), value.into_owned()));
    }
    Ok(Element { name, attrs, ..Element::default() })
}

fn local(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

/// The elements open now, innermost last, and how many have been kept.
#[derive(Default)]
struct Tree {
    open: Vec<Element>,
    root: Option<Element>,
    kept: usize,
    /// Depth below an element whose content is skipped (0: not inside one).
    skipping: usize,
    clusters: usize,
}

impl Tree {
    fn open(&mut self, element: Element) -> Result<(), PmmlError> {
        if self.open.len() + self.skipping >= MAX_DEPTH {
            return Err(PmmlError::TooDeep { limit: MAX_DEPTH });
        }
        if self.root.is_some() {
            return Err(PmmlError::Xml { reason: "there is more after the root element".into(), at: 0 });
        }
        if self.skipping > 0 {
            self.skipping += 1;
            return Ok(());
        }
        self.kept += 1;
        if self.kept > MAX_ELEMENTS {
            return Err(PmmlError::TooMany { what: "elements", limit: MAX_ELEMENTS });
        }
        // Counted as they come, so a file of a million clusters is refused at the 51st.
        if element.name == "Cluster" {
            self.clusters += 1;
            if self.clusters > crate::kmeans::MAX_CLUSTERS {
                return Err(PmmlError::TooMany { what: "clusters", limit: crate::kmeans::MAX_CLUSTERS });
            }
        }
        let skip = SKIPPED.contains(&element.name.as_str());
        self.open.push(element);
        if skip {
            self.skipping = 1;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), PmmlError> {
        if self.skipping > 1 {
            self.skipping -= 1;
            return Ok(());
        }
        self.skipping = 0;
        let element = self.open.pop().ok_or(PmmlError::Xml { reason: "a closing tag opens nothing".into(), at: 0 })?;
        match self.open.last_mut() {
            Some(parent) => parent.children.push(element),
            None => self.root = Some(element),
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if self.skipping == 0 {
            if let Some(e) = self.open.last_mut() {
                e.text.push_str(text);
            }
        }
    }

    fn finish(self) -> Result<Element, PmmlError> {
        if !self.open.is_empty() {
            return Err(PmmlError::Xml { reason: "the file ends inside an element".into(), at: 0 });
        }
        self.root.ok_or(PmmlError::NotPmml { root: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_local_names_attributes_and_text() {
        let root = parse(
            b"<?xml version=\"1.0\"?><p:PMML xmlns:p=\"http://www.dmg.org/PMML-3_2\" version=\"3.2\">\
              <p:Header p:copyright=\"a &amp; b\"><p:Annotation>x &lt; y &#65;<![CDATA[<z>]]></p:Annotation></p:Header>\
              <Extension><Deep><Deeper/></Deep></Extension></p:PMML>",
        )
        .unwrap();
        assert_eq!(root.name, "PMML");
        assert_eq!(root.attr("version"), Some("3.2"));
        let header = root.child("Header").unwrap();
        assert_eq!(header.attr("copyright"), Some("a & b"));
        assert_eq!(header.child("Annotation").unwrap().text, "x < y A<z>");
        assert!(root.child("Extension").unwrap().children.is_empty(), "an extension's insides are skipped");
    }

    #[test]
    fn refuses_dtds_entities_depth_and_size() {
        let laughs = b"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><PMML>&lol;</PMML>";
        assert_eq!(parse(laughs), Err(PmmlError::DocType));
        assert!(matches!(parse(b"<PMML>&lol;</PMML>"), Err(PmmlError::Entity { .. })));
        assert!(matches!(parse(b"<PMML a=\"&lol;\"/>"), Err(PmmlError::Entity { .. })));
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert_eq!(parse(deep.as_bytes()), Err(PmmlError::TooDeep { limit: MAX_DEPTH }));
        assert!(matches!(parse(&vec![b' '; MAX_BYTES + 1]), Err(PmmlError::TooLarge { .. })));
        assert!(matches!(parse(b"<a><b></a>"), Err(PmmlError::Xml { .. })));
        assert!(matches!(parse(b"<a/><b/>"), Err(PmmlError::Xml { .. })));
    }
}
