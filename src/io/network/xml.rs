//! A guarded XML event reader for the network formats (GEXF, GraphML): quick-xml over
//! the file's bytes, with entity declarations refused (no expansion, so no "billion
//! laughs" and no external entities), a nesting limit, and errors that name the file
//! and line.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::io::input::LoadError;

/// Deepest nesting of elements read.
pub const MAX_DEPTH: usize = 256;

/// Byte offsets to 1-based line numbers, for offsets that mostly increase.
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of byte `offset`.
    pub fn line_at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.bytes[self.offset..offset]).count() as u64;
        self.offset = offset;
        self.line
    }
}

/// An element start, end or text, as the format readers see them.
pub enum Node<'a> {
    /// `<name …>`; `empty` for `<name …/>` (no end follows).
    Open { tag: BytesStart<'a>, empty: bool },
    /// `</name>`, with its local name.
    Close(Vec<u8>),
    /// Character data (entity and character references resolved).
    Text(Cow<'a, str>),
}

/// Reads the elements of an XML document in order.
pub struct XmlReader<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    pub lines: LineCounter<'a>,
    depth: usize,
    file: &'a str,
}

impl<'a> XmlReader<'a> {
    pub fn new(bytes: &'a [u8], file: &'a str) -> Self {
        let mut reader = quick_xml::Reader::from_reader(bytes);
        let config = reader.config_mut();
        config.expand_empty_elements = false;
        config.check_end_names = true;
        Self {
            reader,
            lines: LineCounter::new(bytes),
            depth: 0,
            file,
        }
    }

    /// The line the reader is at.
    pub fn line(&mut self) -> u64 {
        let at = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        self.lines.line_at(at)
    }

    /// An error at the current line.
    pub fn error(&mut self, reason: impl std::fmt::Display) -> LoadError {
        let line = self.line();
        LoadError::Format {
            file: self.file.to_owned(),
            reason: format!("line {line}: {reason}"),
        }
    }

    /// The next element or text; `None` at the end of the document.
    pub fn next_node(&mut self) -> Result<Option<Node<'a>>, LoadError> {
        loop {
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => return Err(self.error(format!("not well-formed XML ({e})"))),
            };
            match event {
                Event::Start(tag) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(
                            self.error(format!("elements nested deeper than {MAX_DEPTH} levels"))
                        );
                    }
                    return Ok(Some(Node::Open { tag, empty: false }));
                }
                Event::Empty(tag) => return Ok(Some(Node::Open { tag, empty: true })),
                Event::End(end) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Some(Node::Close(end.local_name().as_ref().to_vec())));
                }
                Event::Text(text) => {
                    let text = match text.xml10_content() {
                        Ok(t) => t,
                        Err(e) => return Err(self.error(format!("text is not UTF-8 ({e})"))),
                    };
                    return Ok(Some(Node::Text(text)));
                }
                Event::CData(data) => {
                    let text = String::from_utf8_lossy(&data.into_inner()).into_owned();
                    return Ok(Some(Node::Text(Cow::Owned(text))));
                }
                Event::GeneralRef(reference) => {
                    let text = self.resolve(&reference)?;
                    return Ok(Some(Node::Text(Cow::Owned(text))));
                }
                Event::DocType(doctype) => {
                    let raw = doctype.into_inner();
                    if memchr::memmem::find(&raw, b"ENTITY").is_some() {
                        return Err(self.error(
                            "the document declares entities (<!ENTITY …>): refused, as \
                             expanding them can exhaust memory or read other files",
                        ));
                    }
                }
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(self.error("the file ends inside an element (truncated?)"));
                    }
                    return Ok(None);
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }

    /// A character reference or one of XML's five predefined entities.
    fn resolve(&mut self, reference: &BytesRef<'_>) -> Result<String, LoadError> {
        if reference.is_char_ref() {
            return match reference.resolve_char_ref() {
                Ok(Some(c)) => Ok(c.to_string()),
                _ => Err(self.error("a character reference names no character")),
            };
        }
        let name = String::from_utf8_lossy(&reference.clone().into_inner()).into_owned();
        match quick_xml::escape::resolve_predefined_entity(&name) {
            Some(text) => Ok(text.to_owned()),
            None => Err(self.error(format!(
                "the entity &{name}; is not one of XML's own: entities are not expanded"
            ))),
        }
    }

    /// An error unless the root element is `expected`.
    pub fn expect_root(
        &mut self,
        name: &[u8],
        expected: &[u8],
        format: &str,
    ) -> Result<(), LoadError> {
        if name == expected {
            return Ok(());
        }
        Err(self.error(format!(
            "not a {format} file: the root element is <{}>",
            String::from_utf8_lossy(name)
        )))
    }

    /// Skips to the end of the element just opened (not empty).
    pub fn skip_element(&mut self) -> Result<(), LoadError> {
        let mut open = 1usize;
        while open > 0 {
            match self.next_node()? {
                Some(Node::Open { empty: false, .. }) => open += 1,
                Some(Node::Close(_)) => open -= 1,
                Some(_) => {}
                None => return Err(self.error("the file ends inside an element (truncated?)")),
            }
        }
        Ok(())
    }
}

/// An edge's source and target ids.
pub type EdgeEnds<'t> = (Cow<'t, str>, Cow<'t, str>);

/// An `<edge>`'s `source` and `target`; without them the edge is skipped (to its end),
/// with a warning.
pub fn edge_ends<'t>(
    xml: &mut XmlReader<'_>,
    b: &mut super::builder::GraphBuilder,
    ends: (Option<Cow<'t, str>>, Option<Cow<'t, str>>),
    empty: bool,
) -> Result<Option<EdgeEnds<'t>>, LoadError> {
    if let (Some(source), Some(target)) = ends {
        return Ok(Some((source, target)));
    }
    let line = xml.line();
    b.warn(line, "an <edge> without a source or target skipped");
    if !empty {
        xml.skip_element()?;
    }
    Ok(None)
}

/// An element's local name in lower case, in `buffer` (names longer than it are no
/// element of these formats, and read as empty).
pub fn lower_name<'b>(tag: &BytesStart<'_>, buffer: &'b mut [u8; 32]) -> &'b [u8] {
    let raw = local_name(tag);
    if raw.len() > buffer.len() {
        return &[];
    }
    let name = &mut buffer[..raw.len()];
    name.copy_from_slice(raw);
    name.make_ascii_lowercase();
    name
}

/// The values of several attributes (local names, case-insensitive) in one pass over
/// the element's attributes.
pub fn attrs<'t, const N: usize>(
    tag: &'t BytesStart<'_>,
    names: [&str; N],
) -> [Option<Cow<'t, str>>; N] {
    attrs_and(tag, names, []).0
}

/// The values of `N` named attributes, each if present.
pub type Values<'t, const N: usize> = [Option<Cow<'t, str>>; N];

/// [`attrs`] of two lists of names at once, in one pass over the tag's attributes (an
/// element's own attributes and a shared group, such as GEXF's time attributes).
pub fn attrs_and<'t, const N: usize, const M: usize>(
    tag: &'t BytesStart<'_>,
    names: [&str; N],
    more: [&str; M],
) -> (Values<'t, N>, Values<'t, M>) {
    let mut out: Values<'t, N> = std::array::from_fn(|_| None);
    let mut out_more: Values<'t, M> = std::array::from_fn(|_| None);
    for a in tag.attributes().with_checks(false).flatten() {
        let key = a.key.into_inner();
        let local = match memchr::memchr(b':', key) {
            Some(colon) => &key[colon + 1..],
            None => key,
        };
        let at = |list: &[&str]| {
            list.iter()
                .position(|n| local.eq_ignore_ascii_case(n.as_bytes()))
        };
        let slot = match at(&names) {
            Some(i) => &mut out[i],
            None => match at(&more) {
                Some(i) => &mut out_more[i],
                None => continue,
            },
        };
        if slot.is_none() {
            *slot = Some(match a.normalized_value(XmlVersion::Implicit1_0) {
                Ok(v) => v,
                Err(_) => Cow::Owned(String::from_utf8_lossy(&a.value).into_owned()),
            });
        }
    }
    (out, out_more)
}

/// The local name of an element (without its namespace prefix, so that a mistyped or
/// missing namespace does not matter).
pub fn local_name<'t>(tag: &'t BytesStart<'_>) -> &'t [u8] {
    let name = tag.name().into_inner();
    match memchr::memchr(b':', name) {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

/// The value of attribute `name` (local name, case-insensitive), references resolved;
/// a value with an unknown entity is taken as written.
pub fn attr<'t>(tag: &'t BytesStart<'_>, name: &str) -> Option<Cow<'t, str>> {
    let [value] = attrs(tag, [name]);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opened(xml: &str) -> Result<Vec<String>, LoadError> {
        let mut r = XmlReader::new(xml.as_bytes(), "t.xml");
        let mut names = Vec::new();
        while let Some(node) = r.next_node()? {
            match node {
                Node::Open { tag, .. } => {
                    names.push(String::from_utf8_lossy(local_name(&tag)).into_owned());
                }
                Node::Text(t) if !t.trim().is_empty() => names.push(format!("'{t}'")),
                _ => {}
            }
        }
        Ok(names)
    }

    #[test]
    fn reads_elements_text_and_references() {
        let names = opened("<a><viz:b x='1'/><c>x &amp; y &#65;</c></a>").expect("reads");
        assert_eq!(names, ["a", "b", "c", "'x '", "'&'", "' y '", "'A'"]);
    }

    #[test]
    fn refuses_entities_deep_nesting_and_truncation() {
        let laughs =
            "<?xml version='1.0'?><!DOCTYPE l [<!ENTITY a 'ha'><!ENTITY b '&a;&a;'>]>\n<l>&b;</l>";
        let e = opened(laughs).expect_err("entities refused").to_string();
        assert!(e.contains("t.xml") && e.contains("entities"), "{e}");
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(
            opened(&deep)
                .expect_err("too deep")
                .to_string()
                .contains("nested")
        );
        let e = opened("<a>\n<b>\n").expect_err("truncated").to_string();
        assert!(e.contains("line 3") && e.contains("truncated"), "{e}");
        let e = opened("<a>&custom;</a>")
            .expect_err("unknown entity")
            .to_string();
        assert!(e.contains("&custom;"), "{e}");
    }

    #[test]
    fn attributes_by_local_name() {
        let mut r = XmlReader::new(b"<n xmlns:v='x' v:X='1.5' id='a&lt;b'/>", "t");
        let Ok(Some(Node::Open { tag, .. })) = r.next_node() else {
            panic!("an element");
        };
        assert_eq!(attr(&tag, "x").as_deref(), Some("1.5"));
        assert_eq!(attr(&tag, "id").as_deref(), Some("a<b"));
        assert_eq!(attr(&tag, "y"), None);
    }
}
