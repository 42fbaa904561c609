//! Applying safe fixes: edits escaped for the file's syntax, and
//! re-encoding the fixed text.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::diagnostic::{Diagnostic, Fix};
use crate::document::{Document, Format, TextContext};

/// A replacement as the file's syntax must spell it: PO and TSV strings
/// take backslash escapes, XML takes entities.
pub fn escape_for(format: Format, text: &str) -> String {
    match format {
        Format::Po => text
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
            .replace('\t', "\\t"),
        Format::Tsv => text
            .replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('\t', "\\t"),
        Format::Xliff | Format::Tmx => text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
        Format::Text | Format::Lines | Format::Markdown | Format::Aligned => text.to_owned(),
    }
}

/// Drop the fixes that would write outside the document's text: across
/// markup, comments, CDATA markers or string boundaries, or a CDATA
/// replacement that would end the section. Their replacement stays a
/// suggestion.
pub fn drop_unsafe(doc: &Document, diagnostics: &mut [Diagnostic]) {
    if diagnostics.iter().all(|d| d.fix.is_none()) {
        return;
    }
    let regions = doc.editable_regions();
    for d in diagnostics {
        let safe = d
            .fix
            .as_ref()
            .is_none_or(|fix| match regions.context(&fix.span) {
                Some(TextContext::Text) => {
                    doc.format != Format::Markdown || keeps_markdown_blocks(&doc.text, fix)
                }
                Some(TextContext::Cdata) => !fix.replacement.contains("]]>"),
                None => false,
            });
        if !safe {
            d.fix = None;
        }
    }
}

/// In Markdown, text can become markup by where it stands: deleting the
/// words before `<!--` or `# ` at the start of a line makes an HTML block
/// or a heading. A fix is kept only if the lines around it parse to the
/// same structure before and after it.
fn keeps_markdown_blocks(text: &str, fix: &Fix) -> bool {
    let line_start = |at: usize| {
        text[..at]
            .trim_end_matches('\n')
            .rfind('\n')
            .map_or(0, |i| i + 1)
    };
    let line_end = |at: usize| {
        let next = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        text[next..].find('\n').map_or(text.len(), |i| next + i + 1)
    };
    // The fixed lines with one line of context on each side.
    let start = line_start(line_start(fix.span.start));
    let end = line_end(fix.span.end);
    let before = &text[start..end];
    let after = format!(
        "{}{}{}",
        &text[start..fix.span.start],
        fix.replacement,
        &text[fix.span.end..end]
    );
    structure(Format::Markdown, before) == structure(Format::Markdown, &after)
}

/// Everything of a file but its text, in order: what no fix may change.
pub fn structure(format: Format, text: &str) -> Vec<String> {
    match format {
        Format::Text | Format::Lines | Format::Aligned => Vec::new(),
        Format::Markdown => {
            use pulldown_cmark::{Event, Parser};
            Parser::new(text)
                .filter(|e| !matches!(e, Event::Text(_) | Event::SoftBreak | Event::HardBreak))
                .map(|e| format!("{e:?}"))
                .collect()
        }
        Format::Xliff | Format::Tmx => {
            use quick_xml::events::Event;
            let mut reader = quick_xml::Reader::from_str(text);
            let mut out = Vec::new();
            loop {
                match reader.read_event() {
                    Ok(Event::Eof) | Err(_) => break,
                    Ok(Event::Start(e)) => out.push(format!("<{e:?}>")),
                    Ok(Event::Empty(e)) => out.push(format!("<{e:?}/>")),
                    Ok(Event::End(e)) => out.push(format!("</{e:?}>")),
                    Ok(Event::Comment(c)) => out.push(format!("<!--{c:?}-->")),
                    Ok(Event::PI(p)) => out.push(format!("<?{p:?}?>")),
                    Ok(Event::DocType(d)) => out.push(format!("<!DOCTYPE {d:?}>")),
                    Ok(Event::CData(_)) => out.push("<![CDATA[]]>".into()),
                    Ok(_) => {}
                }
            }
            out
        }
        // Escaping keeps quotes, tabs and newlines out of the replacement,
        // so string boundaries, rows and cells are counted as they stand.
        Format::Po => text
            .lines()
            .map(|l| {
                let l = l.trim_start();
                let keyword = l.split(['"', ' ']).next().unwrap_or_default();
                let mut quotes = 0;
                let mut escaped = false;
                for c in l.chars() {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => quotes += 1,
                        _ => {}
                    }
                }
                format!("{keyword} {quotes}")
            })
            .collect(),
        Format::Tsv => vec![
            format!("{} rows", text.matches('\n').count()),
            format!("{} cells", text.matches('\t').count()),
        ],
    }
}

/// Apply the fixes of `diagnostics` to the document's text, each escaped
/// for where it lands. Fixes that overlap an earlier one are left for the
/// next round. Returns the new text and how many fixes were applied, or
/// `None` when nothing changed.
pub fn apply(doc: &Document, diagnostics: &[Diagnostic]) -> Option<(String, usize)> {
    let text = &doc.text;
    let regions = doc.editable_regions();
    let mut fixes: Vec<_> = diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut applied = 0;
    for fix in fixes {
        // Skip overlaps and an insertion at the very end of the previous edit.
        if fix.span.start < pos || (applied > 0 && fix.span.start == pos && fix.span.is_empty()) {
            continue;
        }
        if text[fix.span.clone()] == fix.replacement {
            continue;
        }
        let replacement = match regions.context(&fix.span) {
            Some(TextContext::Text) => escape_for(doc.format, &fix.replacement),
            Some(TextContext::Cdata) if !fix.replacement.contains("]]>") => fix.replacement.clone(),
            _ => continue,
        };
        out.push_str(&text[pos..fix.span.start]);
        out.push_str(&replacement);
        pos = fix.span.end;
        applied += 1;
    }
    if applied == 0 {
        return None;
    }
    out.push_str(&text[pos..]);
    Some((out, applied))
}

/// Encode text back into the file's encoding, with its byte-order mark.
pub fn encode(text: &str, encoding: &'static Encoding, bom_len: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(text.len() + bom_len);
    if encoding == UTF_8 {
        if bom_len > 0 {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        bytes.extend_from_slice(text.as_bytes());
    } else if encoding == UTF_16LE || encoding == UTF_16BE {
        let little = encoding == UTF_16LE;
        if bom_len > 0 {
            bytes.extend_from_slice(if little { b"\xFF\xFE" } else { b"\xFE\xFF" });
        }
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
    } else {
        let (encoded, _, unmappable) = encoding.encode(text);
        if unmappable {
            return Err(format!(
                "the fixed text cannot be written in {}; file left unchanged",
                encoding.name()
            ));
        }
        bytes.extend_from_slice(&encoded);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn fixing(span: std::ops::Range<usize>, replacement: &str) -> Diagnostic {
        Diagnostic::new("t/x", Severity::Warning, span.clone(), "m").with_fix(span, replacement)
    }

    fn doc(format: Format, text: &str) -> Document {
        let options = crate::formats::ReadOptions::default();
        crate::formats::parse(format, "t".into(), text.into(), 0, &options).unwrap()
    }

    /// Fixes of `find` to `replacement` in `text`, as `drop_unsafe` and
    /// `apply` leave them.
    fn fixed(format: Format, text: &str, find: &str, replacement: &str) -> Option<String> {
        let doc = doc(format, text);
        let at = text.find(find).unwrap();
        let mut d = vec![fixing(at..at + find.len(), replacement)];
        drop_unsafe(&doc, &mut d);
        d[0].fix.as_ref()?;
        apply(&doc, &d).map(|(text, _)| text)
    }

    #[test]
    fn applies_non_overlapping_fixes_in_order() {
        let text = "aa bb cc";
        let d = vec![fixing(6..8, "C"), fixing(0..2, "A"), fixing(1..4, "X")];
        let plain = doc(Format::Text, text);
        assert_eq!(apply(&plain, &d), Some(("A bb C".to_owned(), 2)));
        assert_eq!(apply(&plain, &[fixing(0..2, "aa")]), None);
        assert_eq!(
            fixed(Format::Po, "msgid \"x\"\nmsgstr \"x\"\n", "x\"\n", "a\"b"),
            None,
            "a fix may not take the closing quote"
        );
        let po = "msgid \"x\"\nmsgstr \"y\"\n";
        let at = po.rfind('y').unwrap();
        assert_eq!(
            apply(&doc(Format::Po, po), &[fixing(at..at + 1, "a\"b")]),
            Some(("msgid \"x\"\nmsgstr \"a\\\"b\"\n".to_owned(), 1))
        );
    }

    #[test]
    fn fixes_never_cross_markup() {
        // Markdown: a link target and emphasis markers stay.
        let md = "The [Hai Silk](https://example.com/a) route and *Hai* Silk.\n";
        assert_eq!(fixed(Format::Markdown, md, "Hai* Silk", "X"), None);
        assert_eq!(
            fixed(Format::Markdown, md, "Hai Silk", "Maritime Silk Road").as_deref(),
            Some("The [Maritime Silk Road](https://example.com/a) route and *Hai* Silk.\n")
        );
        // XLIFF: comments, processing instructions and <mrk> stay.
        let xliff = |target: &str| {
            format!(
                "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>s</source><target>{target}</target></trans-unit></body></file></xliff>"
            )
        };
        for target in [
            "Hai<!-- c --> Silk",
            "Hai<?pi x?> Silk",
            "Hai <mrk mtype=\"x\">Silk</mrk>",
            "Hai <![CDATA[Silk]]>",
        ] {
            let text = xliff(target);
            let at = text.find("Hai").unwrap();
            let end = text.find("Silk").unwrap() + 4;
            let doc = doc(Format::Xliff, &text);
            let mut d = vec![fixing(at..end, "Maritime Silk Road")];
            drop_unsafe(&doc, &mut d);
            assert!(d[0].fix.is_none(), "{target}");
        }
    }

    #[test]
    fn replacements_are_escaped_for_where_they_land() {
        let xliff = "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>s</source><target>A <![CDATA[x & y]]> b</target></trans-unit></body></file></xliff>";
        assert_eq!(
            fixed(Format::Xliff, xliff, "x & y", "x & <y>"),
            Some(xliff.replace("x & y", "x & <y>")),
            "CDATA is written as it is"
        );
        assert_eq!(fixed(Format::Xliff, xliff, "x & y", "a]]>b"), None);
        assert_eq!(
            fixed(Format::Xliff, xliff, "b<", "b & c"),
            None,
            "not across the end tag"
        );
        let at = xliff.find(" b<").unwrap();
        assert_eq!(
            apply(
                &doc(Format::Xliff, xliff),
                &[fixing(at + 1..at + 2, "b & c")]
            ),
            Some((xliff.replace(" b<", " b &amp; c<"), 1))
        );
    }

    #[test]
    fn encodes_back_with_bom() {
        assert_eq!(encode("é", UTF_8, 3).unwrap(), b"\xEF\xBB\xBF\xC3\xA9");
        assert_eq!(encode("a", UTF_16LE, 2).unwrap(), b"\xFF\xFEa\x00");
        let (gbk, _, _) = encoding_rs::GB18030.encode("海丝");
        assert_eq!(
            encode("海丝", encoding_rs::GB18030, 0).unwrap(),
            gbk.into_owned()
        );
        assert!(encode("’", encoding_rs::SHIFT_JIS, 0).is_ok());
        assert!(encode("😀", encoding_rs::SHIFT_JIS, 0).is_err());
    }
}
