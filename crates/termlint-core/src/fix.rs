//! Applying safe fixes: edits escaped for the file's syntax, and
//! re-encoding the fixed text.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::diagnostic::Diagnostic;
use crate::document::Format;

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
        Format::Text | Format::Markdown | Format::Aligned => text.to_owned(),
    }
}

/// Apply the fixes of `diagnostics` to `text`. Fixes that overlap an earlier
/// one are left for the next round. Returns the new text and how many fixes
/// were applied, or `None` when nothing changed.
pub fn apply(text: &str, diagnostics: &[Diagnostic], format: Format) -> Option<(String, usize)> {
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
        out.push_str(&text[pos..fix.span.start]);
        out.push_str(&escape_for(format, &fix.replacement));
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

    #[test]
    fn applies_non_overlapping_fixes_in_order() {
        let text = "aa bb cc";
        let d = vec![fixing(6..8, "C"), fixing(0..2, "A"), fixing(1..4, "X")];
        assert_eq!(
            apply(text, &d, Format::Text),
            Some(("A bb C".to_owned(), 2))
        );
        assert_eq!(apply(text, &[fixing(0..2, "aa")], Format::Text), None);
        assert_eq!(
            apply("msgstr \"x\"", &[fixing(8..9, "a\"b")], Format::Po),
            Some(("msgstr \"a\\\"b\"".to_owned(), 1))
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
