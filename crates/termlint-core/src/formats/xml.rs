//! XLIFF 1.2 and 2.0, and TMX, with quick-xml. Inline elements become
//! placeholders (U+FFFC in the text, named in `Piece::inline`); entities
//! are decoded with their spans kept.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{FormatError, Parsed, ReadOptions};
use crate::document::{Piece, PieceBuilder, Segment, UnitInfo};

fn local_name(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_owned(),
        None => name.to_owned(),
    }
}

fn attribute(e: &BytesStart<'_>, wanted: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        (key == wanted || local_name(key) == wanted).then(|| a.value.to_string())
    })
}

/// The name a placeholder is compared by: element and id.
fn inline_name(e: &BytesStart<'_>, closing: bool) -> String {
    let name = local_name(e.name().as_ref());
    let id = attribute(e, "id")
        .or_else(|| attribute(e, "rid"))
        .or_else(|| attribute(e, "i"))
        .unwrap_or_default();
    format!("<{}{name} {id}>", if closing { "/" } else { "" })
}

/// Elements whose content is native code, not text: one placeholder each.
fn is_code_element(name: &str) -> bool {
    matches!(name, "ph" | "bpt" | "ept" | "it" | "ut" | "sub" | "cp")
}

/// Paired elements whose content is text: placeholders at both ends.
fn is_paired_element(name: &str) -> bool {
    matches!(name, "g" | "pc" | "hi")
}

fn predefined_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

/// Collects the text of one `<source>`, `<target>` or `<seg>` element.
struct Collector {
    piece: PieceBuilder,
    depth: usize,
    /// Inside a code element opened at this depth.
    skip_until: Option<usize>,
}

impl Collector {
    fn new(at: usize, depth: usize) -> Self {
        Collector {
            piece: PieceBuilder::at(at),
            depth,
            skip_until: None,
        }
    }
}

/// Events with their byte ranges, and the collector's share of them.
struct Walker<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    depth: usize,
}

enum Step<'a> {
    Start(BytesStart<'a>, usize, usize),
    Empty(BytesStart<'a>, usize, usize),
    End(String, usize, usize),
    Eof,
    Other,
}

impl<'a> Walker<'a> {
    fn new(text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().trim_text(false);
        Walker {
            text,
            reader,
            depth: 0,
        }
    }

    /// The next event; text and references go straight into `collector`.
    fn next(&mut self, collector: &mut Option<Collector>) -> Result<Step<'a>, FormatError> {
        let start = self.reader.buffer_position() as usize;
        let event = self.reader.read_event().map_err(|e| {
            FormatError::new(
                self.reader.error_position() as usize,
                format!("malformed XML: {e}"),
            )
        })?;
        let end = self.reader.buffer_position() as usize;
        let reading = collector.as_mut().filter(|c| c.skip_until.is_none());
        Ok(match event {
            Event::Start(e) => {
                self.depth += 1;
                Step::Start(e, start, end)
            }
            Event::Empty(e) => Step::Empty(e, start, end),
            Event::End(e) => {
                let name = local_name(e.name().as_ref());
                let step = Step::End(name, start, end);
                self.depth = self.depth.saturating_sub(1);
                step
            }
            Event::Text(_) => {
                if let Some(c) = reading {
                    c.piece.verbatim(&self.text[start..end], start);
                }
                Step::Other
            }
            Event::CData(_) => {
                if let Some(c) = reading {
                    let inner_end = end.saturating_sub(3).max(start + 9);
                    c.piece.cdata(&self.text[start + 9..inner_end], start + 9);
                }
                Step::Other
            }
            Event::GeneralRef(r) => {
                if r.is_char_ref() {
                    // XML 1.0 allows only these characters, by reference too.
                    let allowed = |c: char| {
                        matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                            || c >= '\u{10000}'
                    };
                    if !r.resolve_char_ref().ok().flatten().is_some_and(allowed) {
                        return Err(FormatError::new(
                            start,
                            format!(
                                "malformed XML: `{}` is not a character XML allows",
                                &self.text[start..end]
                            ),
                        ));
                    }
                }
                if let Some(c) = reading {
                    let decoded = if r.is_char_ref() {
                        r.resolve_char_ref().ok().flatten().map(String::from)
                    } else {
                        predefined_entity(&r).map(str::to_owned)
                    };
                    match decoded {
                        Some(decoded) => c.piece.decoded(&decoded, start, end - start),
                        // An entity the file declares: keep it as it is.
                        None => c.piece.verbatim(&self.text[start..end], start),
                    }
                }
                Step::Other
            }
            Event::Eof => Step::Eof,
            _ => Step::Other,
        })
    }
}

/// Handle an element start or empty element inside a collector: inline
/// markup. Returns whether it was consumed.
fn inline_start(
    c: &mut Collector,
    e: &BytesStart<'_>,
    start: usize,
    end: usize,
    depth: usize,
    empty: bool,
) {
    if c.skip_until.is_some() {
        return;
    }
    let name = local_name(e.name().as_ref());
    if name == "mrk" {
        return; // annotation markup: its text is ordinary text
    }
    c.piece.inline(inline_name(e, false), start, end - start);
    if !empty && is_code_element(&name) {
        c.skip_until = Some(depth);
    }
}

fn inline_end(c: &mut Collector, name: &str, start: usize, end: usize, depth: usize) {
    if c.skip_until == Some(depth) {
        c.skip_until = None;
        return;
    }
    if c.skip_until.is_none() && is_paired_element(name) {
        c.piece.inline(format!("</{name}>"), start, end - start);
    }
}

/// Check that a text is well-formed XML with a strict parser, so that a
/// truncated file, an invalid or undefined reference, a duplicate attribute
/// or content after the root element is a located error rather than a file
/// read in part. A document type declaration is allowed (TMX files carry
/// one); external entities are not loaded, and entity expansion is bounded.
pub fn check_well_formed(text: &str) -> Result<(), FormatError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    match roxmltree::Document::parse_with_options(text, options) {
        Ok(_) => Ok(()),
        Err(error) => {
            let pos = error.pos();
            let offset = match error {
                roxmltree::Error::UnexpectedEndOfStream => text.len(),
                _ => offset_of(text, pos.row as usize, pos.col as usize),
            };
            // The position is shown by whoever reports the error.
            let message = error.to_string();
            let message = message
                .strip_suffix(&format!(" at {pos}"))
                .unwrap_or(&message);
            let message = if offset == text.len() {
                "the file ends before the document does (truncated?)"
            } else {
                message
            };
            Err(FormatError::new(
                offset,
                format!("malformed XML: {message}"),
            ))
        }
    }
}

/// The byte offset of a 1-based row and column (in characters).
fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start = if row <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes())
            .nth(row - 2)
            .map_or(text.len(), |i| i + 1)
    };
    text[line_start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// XLIFF 1.2 (`<trans-unit>`) and 2.0 (`<unit>`/`<segment>`).
pub fn xliff(text: &str) -> Result<Parsed, FormatError> {
    check_well_formed(text)?;
    let mut parsed = Parsed::default();
    let mut walker = Walker::new(text);
    let mut collector: Option<Collector> = None;
    let mut side_is_target = false;
    let (mut source, mut target): (Option<Piece>, Option<Piece>) = (None, None);
    let mut unit_start = 0;
    let mut unit_locked = false;
    // `translate` is inherited from enclosing <file> and <group> elements
    // (XLIFF 1.2 and 2.0): (depth, translatable) of each that says.
    let mut inherited: Vec<(usize, bool)> = Vec::new();
    let mut unit_approved = false;
    let mut unit_state: Option<String> = None;
    let mut saw_root = false;
    loop {
        match walker.next(&mut collector)? {
            Step::Eof => break,
            Step::Other => {}
            Step::Start(e, start, end) => {
                let depth = walker.depth;
                if let Some(c) = collector.as_mut() {
                    inline_start(c, &e, start, end, depth, false);
                    continue;
                }
                match local_name(e.name().as_ref()).as_str() {
                    "xliff" => {
                        saw_root = true;
                        parsed.source_lang = attribute(&e, "srcLang");
                        parsed.target_lang = attribute(&e, "trgLang");
                    }
                    element @ ("file" | "group") => {
                        if element == "file" {
                            parsed.source_lang = parsed
                                .source_lang
                                .take()
                                .or(attribute(&e, "source-language"));
                            parsed.target_lang = parsed
                                .target_lang
                                .take()
                                .or(attribute(&e, "target-language"));
                        }
                        if let Some(translate) = attribute(&e, "translate") {
                            inherited.push((depth, translate != "no"));
                        }
                    }
                    "trans-unit" | "unit" => {
                        unit_start = start;
                        unit_locked = match attribute(&e, "translate") {
                            Some(value) => value == "no",
                            None => inherited.last().is_some_and(|&(_, yes)| !yes),
                        };
                        // XLIFF 1.2: an approved unit is final.
                        unit_approved = attribute(&e, "approved").as_deref() == Some("yes");
                        unit_state = None;
                    }
                    "segment" => {
                        (source, target) = (None, None);
                        // XLIFF 2.0 keeps the state on the segment.
                        unit_state = attribute(&e, "state");
                    }
                    side @ ("source" | "target") => {
                        side_is_target = side == "target";
                        if side_is_target && let Some(state) = attribute(&e, "state") {
                            unit_state = Some(state);
                        }
                        collector = Some(Collector::new(end, depth));
                    }
                    _ => {}
                }
            }
            Step::Empty(e, start, end) => {
                let depth = walker.depth + 1;
                if let Some(c) = collector.as_mut() {
                    inline_start(c, &e, start, end, depth, true);
                    continue;
                }
                match local_name(e.name().as_ref()).as_str() {
                    "source" => source = Some(PieceBuilder::at(start).finish()),
                    "target" => target = Some(PieceBuilder::at(start).finish()),
                    _ => {}
                }
            }
            Step::End(name, start, end) => {
                let depth = walker.depth + 1;
                if let Some(c) = collector.as_mut() {
                    if c.depth == depth && (name == "source" || name == "target") {
                        let piece = collector.take().expect("collecting").piece.finish();
                        if side_is_target {
                            target = Some(piece);
                        } else {
                            source = Some(piece);
                        }
                    } else {
                        inline_end(c, &name, start, end, depth);
                    }
                    continue;
                }
                let closes_segment = name == "trans-unit" || name == "segment";
                if closes_segment && let Some(source) = source.take() {
                    let target = target
                        .take()
                        .unwrap_or_else(|| PieceBuilder::at(start).finish());
                    parsed.segments.push(Segment {
                        target,
                        source: Some(source),
                        other_source: None,
                        unit: UnitInfo {
                            locked: unit_locked,
                            state: unit_state
                                .clone()
                                .or_else(|| unit_approved.then(|| "final".to_owned())),
                            ..UnitInfo::default()
                        },
                    });
                }
                if name == "trans-unit" || name == "unit" {
                    parsed.units.push(unit_start..end);
                }
                inherited.retain(|&(at, _)| at < depth);
            }
        }
    }
    if !saw_root {
        return Err(FormatError::new(0, "not an XLIFF file: no <xliff> element"));
    }
    Ok(parsed)
}

/// Whether language tags agree (`en` matches `en-US`; case is ignored).
pub fn lang_matches(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.to_ascii_lowercase().replace('_', "-");
    let (a, b) = (norm(a), norm(b));
    a == b || a.split('-').next() == b.split('-').next() && (!a.contains('-') || !b.contains('-'))
}

/// TMX: `<tu>` with one `<tuv xml:lang>` per language.
pub fn tmx(text: &str, options: &ReadOptions) -> Result<Parsed, FormatError> {
    check_well_formed(text)?;
    let mut parsed = Parsed::default();
    let mut walker = Walker::new(text);
    let mut collector: Option<Collector> = None;
    let mut header_source: Option<String> = None;
    let mut variants: Vec<(String, Piece)> = Vec::new();
    let mut lang = String::new();
    let mut unit_start = 0;
    let mut unit_context: Option<String> = None;
    let mut unit_props: Vec<String> = Vec::new();
    let mut prop_type = String::new();
    let mut in_prop = false;
    let mut saw_root = false;
    loop {
        match walker.next(&mut collector)? {
            Step::Eof => break,
            Step::Other => {}
            Step::Start(e, start, end) => {
                let depth = walker.depth;
                if let Some(c) = collector.as_mut() {
                    inline_start(c, &e, start, end, depth, false);
                    continue;
                }
                match local_name(e.name().as_ref()).as_str() {
                    "tmx" => saw_root = true,
                    "header" => header_source = attribute(&e, "srclang").filter(|l| l != "*all*"),
                    "tu" => {
                        unit_start = start;
                        variants.clear();
                        unit_context = None;
                        unit_props.clear();
                    }
                    "tuv" => lang = attribute(&e, "lang").unwrap_or_default(),
                    "seg" => collector = Some(Collector::new(end, depth)),
                    // A unit's `x-...` properties are kept for its findings;
                    // `x-context` (as CAT tools export it) also separates
                    // strings that only look the same.
                    "prop"
                        if attribute(&e, "type")
                            .is_some_and(|t| t.to_ascii_lowercase().starts_with("x-")) =>
                    {
                        prop_type = attribute(&e, "type").unwrap_or_default();
                        collector = Some(Collector::new(end, depth));
                        in_prop = true;
                    }
                    _ => {}
                }
            }
            Step::Empty(e, start, end) => {
                if let Some(c) = collector.as_mut() {
                    inline_start(c, &e, start, end, walker.depth + 1, true);
                } else if local_name(e.name().as_ref()) == "header" {
                    header_source = attribute(&e, "srclang").filter(|l| l != "*all*");
                }
            }
            Step::End(name, start, end) => {
                let depth = walker.depth + 1;
                if let Some(c) = collector.as_mut() {
                    if c.depth == depth && name == "prop" && in_prop {
                        let piece = collector.take().expect("collecting").piece.finish();
                        if prop_type.eq_ignore_ascii_case("x-context") {
                            unit_context = Some(piece.text.clone());
                        }
                        unit_props.push(format!("{prop_type}: {}", piece.text.trim()));
                        in_prop = false;
                    } else if c.depth == depth && name == "seg" {
                        let piece = collector.take().expect("collecting").piece.finish();
                        variants.push((lang.clone(), piece));
                    } else {
                        inline_end(c, &name, start, end, depth);
                    }
                    continue;
                }
                if name == "tu" {
                    let source_lang = options
                        .source_lang
                        .clone()
                        .or_else(|| header_source.clone());
                    let source_at = match &source_lang {
                        Some(l) => variants.iter().position(|(v, _)| lang_matches(v, l)),
                        None => (!variants.is_empty()).then_some(0),
                    };
                    let target_at = match &options.target_lang {
                        Some(l) => variants.iter().position(|(v, _)| lang_matches(v, l)),
                        None => variants
                            .iter()
                            .enumerate()
                            .position(|(i, _)| Some(i) != source_at),
                    };
                    if let (Some(s), Some(t)) = (source_at, target_at)
                        && s != t
                    {
                        parsed
                            .source_lang
                            .get_or_insert_with(|| variants[s].0.clone());
                        parsed
                            .target_lang
                            .get_or_insert_with(|| variants[t].0.clone());
                        parsed.segments.push(Segment {
                            target: variants[t].1.clone(),
                            source: Some(variants[s].1.clone()),
                            other_source: None,
                            unit: UnitInfo {
                                context: unit_context.clone(),
                                props: unit_props.clone(),
                                ..UnitInfo::default()
                            },
                        });
                    }
                    parsed.units.push(unit_start..end);
                }
            }
        }
    }
    if !saw_root {
        return Err(FormatError::new(0, "not a TMX file: no <tmx> element"));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XLIFF12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh-CN" target-language="en" datatype="plaintext" original="a">
    <body>
      <trans-unit id="1">
        <source>推进<g id="1">海丝</g>建设&amp;发展<x id="2"/></source>
        <target>Promote the <g id="1">Hai Silk</g> &amp; more &#x4E2D;<x id="2"/></target>
        <note>termlint: ignore[term]</note>
      </trans-unit>
      <trans-unit id="2">
        <source>未翻译</source>
      </trans-unit>
    </body>
  </file>
</xliff>
"#;

    #[test]
    fn xliff_12_with_inline_elements_and_entities() {
        let parsed = xliff(XLIFF12).unwrap();
        assert_eq!(parsed.source_lang.as_deref(), Some("zh-CN"));
        assert_eq!(parsed.target_lang.as_deref(), Some("en"));
        assert_eq!(parsed.segments.len(), 2);
        let target = &parsed.segments[0].target;
        assert_eq!(
            target.text,
            "Promote the \u{FFFC}Hai Silk\u{FFFC} & more 中\u{FFFC}"
        );
        assert_eq!(target.inline, vec!["<g 1>", "</g>", "<x 2>"]);
        let at = target.text.find("Hai").unwrap();
        assert_eq!(&XLIFF12[target.file_span(at..at + 8)], "Hai Silk");
        let amp = target.text.find('&').unwrap();
        assert_eq!(&XLIFF12[target.file_span(amp..amp + 1)], "&amp;");
        let zhong = target.text.find('中').unwrap();
        assert_eq!(&XLIFF12[target.file_span(zhong..zhong + 3)], "&#x4E2D;");
        // A missing target is an empty piece.
        assert_eq!(parsed.segments[1].target.text, "");
        assert_eq!(parsed.units.len(), 2);
    }

    #[test]
    fn xliff_20_segments() {
        let text = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en">
 <file id="f1"><unit id="u1">
  <segment><source>你好<ph id="1"/></source><target>Hello<ph id="1"/></target></segment>
  <segment><source>再见</source><target><![CDATA[Bye & bye]]></target></segment>
 </unit></file></xliff>"#;
        let parsed = xliff(text).unwrap();
        assert_eq!(parsed.source_lang.as_deref(), Some("zh"));
        assert_eq!(parsed.segments.len(), 2);
        assert_eq!(parsed.segments[0].target.inline, vec!["<ph 1>"]);
        let bye = &parsed.segments[1].target;
        assert_eq!(bye.text, "Bye & bye");
        assert_eq!(&text[bye.file_span(0..9)], "Bye & bye");
    }

    #[test]
    fn malformed_xml_is_located() {
        let err = xliff("<xliff><file><trans-unit><source>a</target></trans-unit></file></xliff>")
            .unwrap_err();
        assert!(err.message.starts_with("malformed XML"), "{}", err.message);
    }

    #[test]
    fn broken_xml_is_located() {
        let unit = |target: &str| {
            format!(
                "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>s</source><target>{target}</target></trans-unit></body></file></xliff>"
            )
        };
        let full = unit("t");
        let truncated = &full[..full.find("</body>").unwrap()];
        let cases = [
            (truncated.to_owned(), "malformed XML"),
            (unit("a &#xD800; b"), "malformed XML"),
            (unit("a &#0; b"), "malformed XML"),
            (unit("a &nbsp; b"), "malformed XML"),
            (
                full.replace("id=\"1\"", "id=\"1\" id=\"2\""),
                "malformed XML",
            ),
            (format!("{full}<junk/>"), "malformed XML"),
            (format!("{full} trailing text"), "malformed XML"),
        ];
        for (text, message) in cases {
            let err = xliff(&text).expect_err(&text);
            assert!(err.message.starts_with(message), "{}", err.message);
            assert!(err.offset <= text.len());
        }
        // Where the error is: the second `id` attribute.
        let text = full.replace("id=\"1\"", "id=\"1\" id=\"2\"");
        let err = xliff(&text).unwrap_err();
        assert!(
            text[err.offset..].starts_with("id=\"2\""),
            "{}",
            &text[err.offset..]
        );
    }

    #[test]
    fn entities_are_bounded_and_never_loaded() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]><tmx><body><tu><tuv xml:lang="en"><seg>&h;</seg></tuv></tu></body></tmx>"#;
        assert!(tmx(laughs, &ReadOptions::default()).is_err());
        let external = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]><tmx><body><tu><tuv xml:lang="en"><seg>&ext;</seg></tuv></tu></body></tmx>"#;
        assert!(tmx(external, &ReadOptions::default()).is_err());
        let with_dtd = r#"<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4"><header srclang="en"/><body/></tmx>"#;
        assert!(tmx(with_dtd, &ReadOptions::default()).is_ok());
    }

    #[test]
    fn tmx_picks_sides_by_language() {
        let text = r#"<tmx version="1.4"><header srclang="zh-CN" segtype="sentence"/><body>
<tu><tuv xml:lang="en-US"><seg>The <bpt i="1">&lt;b&gt;</bpt>Hai Silk<ept i="1">&lt;/b&gt;</ept></seg></tuv>
<tuv xml:lang="zh-CN"><seg>海丝</seg></tuv></tu></body></tmx>"#;
        let parsed = tmx(text, &ReadOptions::default()).unwrap();
        assert_eq!(parsed.segments.len(), 1);
        let segment = &parsed.segments[0];
        assert_eq!(segment.source.as_ref().unwrap().text, "海丝");
        assert_eq!(segment.target.text, "The \u{FFFC}Hai Silk\u{FFFC}");
        assert_eq!(parsed.target_lang.as_deref(), Some("en-US"));
        let at = segment.target.text.find("Hai").unwrap();
        assert_eq!(&text[segment.target.file_span(at..at + 8)], "Hai Silk");
    }
}
