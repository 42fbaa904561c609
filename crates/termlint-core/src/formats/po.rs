//! Gettext PO and POT catalogues: msgid (and msgid_plural) as source,
//! msgstr (and its plural forms) as target. The header, obsolete (`#~`)
//! and, unless asked for, fuzzy entries are skipped.

use std::ops::Range;

use super::{FormatError, Parsed};
use crate::document::{FormatSyntax, PieceBuilder, Segment, UnitInfo, line_ranges};

fn escape(c: char) -> Option<&'static str> {
    Some(match c {
        'n' => "\n",
        't' => "\t",
        'r' => "\r",
        '"' => "\"",
        '\\' => "\\",
        'a' => "\u{7}",
        'b' => "\u{8}",
        'f' => "\u{c}",
        'v' => "\u{b}",
        '\'' => "'",
        '?' => "?",
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Ctxt,
    Id,
    Plural,
    Str(usize),
}

#[derive(Default)]
struct Entry {
    /// Where the entry's first line (a comment or keyword) starts.
    start: Option<usize>,
    end: usize,
    fuzzy: bool,
    format: Option<FormatSyntax>,
    id: Option<PieceBuilder>,
    plural: Option<PieceBuilder>,
    strs: Vec<(usize, PieceBuilder)>,
    ctxt: Option<PieceBuilder>,
    field: Option<Field>,
}

impl Entry {
    fn builder(&mut self, field: Field) -> &mut PieceBuilder {
        match field {
            Field::Ctxt => self.ctxt.get_or_insert_with(PieceBuilder::new),
            Field::Id => self.id.get_or_insert_with(PieceBuilder::new),
            Field::Plural => self.plural.get_or_insert_with(PieceBuilder::new),
            Field::Str(n) => {
                if let Some(i) = self.strs.iter().position(|(k, _)| *k == n) {
                    &mut self.strs[i].1
                } else {
                    self.strs.push((n, PieceBuilder::new()));
                    &mut self.strs.last_mut().expect("just pushed").1
                }
            }
        }
    }

    fn has_content(&self) -> bool {
        self.id.is_some() || !self.strs.is_empty()
    }
}

/// The quoted string of a PO line starting at byte `at` of `line`:
/// its raw content and where that starts.
fn quoted(text: &str, line: &Range<usize>, at: usize) -> Result<(usize, usize), FormatError> {
    let s = &text[line.clone()];
    let rest = &s[at..];
    let open = rest
        .find('"')
        .ok_or_else(|| FormatError::new(line.start + at, "expected a quoted string"))?;
    let content_start = at + open + 1;
    let bytes = s.as_bytes();
    let mut i = content_start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                if !s[i + 1..].trim().is_empty() {
                    return Err(FormatError::new(
                        line.start + i + 1,
                        "unexpected text after the closing quote",
                    ));
                }
                return Ok((line.start + content_start, line.start + i));
            }
            _ => i += 1,
        }
    }
    Err(FormatError::new(
        line.start + at + open,
        "unterminated string: the closing quote is missing",
    ))
}

/// Decode a PO string's escapes into `piece`: C's named escapes, and
/// octal (`\101`) and hex (`\x41`) byte escapes, whose bytes must form
/// UTF-8. An unknown escape is an error, as for `msgfmt`.
fn unescape(piece: &mut PieceBuilder, raw: &str, file_start: usize) -> Result<(), FormatError> {
    let bytes = raw.as_bytes();
    let mut verbatim_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        piece.verbatim(&raw[verbatim_start..i], file_start + verbatim_start);
        let escape_start = i;
        let next = raw[i + 1..].chars().next().unwrap_or('\\');
        if let Some(decoded) = escape(next) {
            i += 1 + next.len_utf8();
            piece.decoded(decoded, file_start + escape_start, i - escape_start);
        } else if next == 'x' || next.is_digit(8) {
            // A run of byte escapes, decoded together: `\xE4\xB8\xAD` is 中.
            let mut decoded = Vec::new();
            while i < bytes.len() && bytes[i] == b'\\' {
                let (value, len) = match bytes.get(i + 1) {
                    Some(b'x') => {
                        let digits = bytes[i + 2..]
                            .iter()
                            .take(2)
                            .take_while(|b| b.is_ascii_hexdigit())
                            .count();
                        if digits == 0 {
                            return Err(FormatError::new(
                                file_start + i,
                                "`\\x` without hexadecimal digits",
                            ));
                        }
                        let hex = &raw[i + 2..i + 2 + digits];
                        (u8::from_str_radix(hex, 16).unwrap_or(0), 2 + digits)
                    }
                    Some(b'0'..=b'7') => {
                        let digits = bytes[i + 1..]
                            .iter()
                            .take(3)
                            .take_while(|b| (b'0'..=b'7').contains(b))
                            .count();
                        let value =
                            u32::from_str_radix(&raw[i + 1..i + 1 + digits], 8).unwrap_or(0);
                        let value = u8::try_from(value).map_err(|_| {
                            FormatError::new(file_start + i, "octal escape out of range")
                        })?;
                        (value, 1 + digits)
                    }
                    _ => break,
                };
                decoded.push(value);
                i += len;
            }
            let text = String::from_utf8(decoded).map_err(|_| {
                FormatError::new(
                    file_start + escape_start,
                    "byte escapes that do not form UTF-8 text",
                )
            })?;
            piece.decoded(&text, file_start + escape_start, i - escape_start);
        } else {
            return Err(FormatError::new(
                file_start + i,
                format!("unknown escape `\\{next}`"),
            ));
        }
        verbatim_start = i;
    }
    piece.verbatim(&raw[verbatim_start..], file_start + verbatim_start);
    Ok(())
}

pub fn parse(text: &str, include_fuzzy: bool) -> Result<Parsed, FormatError> {
    let mut parsed = Parsed::default();
    let mut entry = Entry::default();
    // From the header's `Plural-Forms: nplurals=N`; gettext's default is 2.
    let mut nplurals = 2;
    let finish = |entry: Entry,
                  parsed: &mut Parsed,
                  nplurals: &mut usize|
     -> Result<(), FormatError> {
        if !entry.has_content() {
            return Ok(());
        }
        let at = entry.start.unwrap_or(0);
        let Some(id) = entry.id else {
            return Err(FormatError::new(at, "a msgstr without a msgid"));
        };
        if entry.strs.is_empty() {
            return Err(FormatError::new(at, "a msgid without a msgstr"));
        }
        let source = id.finish();
        if source.text.is_empty() {
            // The header: read its Language.
            if let Some((_, header)) = entry.strs.into_iter().next() {
                let header = header.finish();
                parsed.target_lang = header.text.lines().find_map(|l| {
                    l.strip_prefix("Language:")
                        .map(|v| v.trim().to_owned())
                        .filter(|v| !v.is_empty())
                });
                if let Some(n) = header.text.lines().find_map(|l| {
                    let forms = l.strip_prefix("Plural-Forms:")?;
                    let n = forms.split("nplurals=").nth(1)?;
                    n.trim_start()
                        .split(|c: char| !c.is_ascii_digit())
                        .next()?
                        .parse()
                        .ok()
                }) {
                    *nplurals = n;
                }
            }
            return Ok(());
        }
        if entry.fuzzy && !include_fuzzy {
            return Ok(());
        }
        let plural = entry.plural.map(PieceBuilder::finish);
        let unit = UnitInfo {
            context: entry.ctxt.map(|c| c.finish().text),
            plural: plural.is_some(),
            locked: false,
            format: entry.format,
            state: None,
            props: Vec::new(),
        };
        for (n, target) in entry.strs {
            // msgstr[0] is the singular only in languages with a singular
            // form; with one form (Chinese, Japanese) it serves every count,
            // as msgid_plural does.
            let (source, other_source) = match &plural {
                Some(plural) if n > 0 || *nplurals == 1 => (plural.clone(), Some(source.clone())),
                Some(plural) => (source.clone(), Some(plural.clone())),
                None => (source.clone(), None),
            };
            parsed.segments.push(Segment {
                target: target.finish(),
                source: Some(source),
                other_source,
                unit: unit.clone(),
            });
        }
        parsed.units.push(entry.start.unwrap_or(0)..entry.end);
        Ok(())
    };
    for line in line_ranges(text) {
        let s = &text[line.clone()];
        let trimmed = s.trim_start();
        let indent = s.len() - trimmed.len();
        if trimmed.is_empty() {
            finish(std::mem::take(&mut entry), &mut parsed, &mut nplurals)?;
            continue;
        }
        if trimmed.starts_with("#~") {
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            // A comment after msgstr starts the next entry.
            if matches!(entry.field, Some(Field::Str(_))) {
                finish(std::mem::take(&mut entry), &mut parsed, &mut nplurals)?;
            }
            entry.start.get_or_insert(line.start);
            if let Some(flags) = comment.strip_prefix(',') {
                for flag in flags.split(',').map(str::trim) {
                    match flag {
                        "fuzzy" => entry.fuzzy = true,
                        "c-format" => entry.format = Some(FormatSyntax::C),
                        "python-format" => entry.format = Some(FormatSyntax::Python),
                        "python-brace-format" => {
                            entry.format = Some(FormatSyntax::PythonBrace);
                        }
                        _ => {}
                    }
                }
            }
            entry.end = line.end + 1;
            continue;
        }
        let keyword_end = trimmed
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(trimmed.len());
        let keyword = &trimmed[..keyword_end];
        let field = match keyword {
            "" => entry
                .field
                .ok_or_else(|| FormatError::new(line.start, "a string continues nothing"))?,
            "msgctxt" => Field::Ctxt,
            "msgid" => Field::Id,
            "msgid_plural" => Field::Plural,
            "msgstr" => Field::Str(0),
            k if k.starts_with("msgstr[") && k.ends_with(']') => Field::Str(
                k["msgstr[".len()..k.len() - 1]
                    .parse()
                    .map_err(|_| FormatError::new(line.start + indent, "bad plural index"))?,
            ),
            other => {
                return Err(FormatError::new(
                    line.start + indent,
                    format!("unexpected `{other}`"),
                ));
            }
        };
        if keyword.is_empty() {
            // continuation
        } else {
            // A new msgctxt or msgid after a msgstr starts the next entry.
            if matches!(field, Field::Ctxt | Field::Id)
                && matches!(entry.field, Some(Field::Str(_)))
            {
                finish(std::mem::take(&mut entry), &mut parsed, &mut nplurals)?;
            }
            entry.start.get_or_insert(line.start);
            entry.field = Some(field);
            let anchor = line.start + indent;
            match field {
                Field::Str(_) | Field::Id | Field::Plural | Field::Ctxt => {
                    let b = entry.builder(field);
                    if b.is_empty() {
                        *b = PieceBuilder::at(anchor);
                    }
                }
            }
        }
        let (start, end) = quoted(text, &line, indent + keyword_end)?;
        unescape(entry.builder(field), &text[start..end], start)?;
        entry.end = line.end + 1;
    }
    finish(entry, &mut parsed, &mut nplurals)?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PO: &str = r#"# header
msgid ""
msgstr ""
"Language: zh_CN\n"

#: src/a.c:1
msgid "The \"Hai Silk\"\n"
"route"
msgstr "走\"海丝\"\n"
"路线"

#, fuzzy
msgid "fuzzy one"
msgstr "模糊"

#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d 个文件"
msgstr[1] "%d 个文件们"

#~ msgid "old"
#~ msgstr "旧"

msgid "untranslated"
msgstr ""
"#;

    #[test]
    fn entries_plurals_escapes_and_spans() {
        let parsed = parse(PO, false).unwrap();
        assert_eq!(parsed.target_lang.as_deref(), Some("zh_CN"));
        let sources: Vec<&str> = parsed
            .segments
            .iter()
            .map(|s| s.source.as_ref().unwrap().text.as_str())
            .collect();
        assert_eq!(
            sources,
            vec![
                "The \"Hai Silk\"\nroute",
                "%d file",
                "%d files",
                "untranslated"
            ]
        );
        let first = parsed.segments[0].source.as_ref().unwrap();
        let at = first.text.find("Hai").unwrap();
        assert_eq!(&PO[first.file_span(at..at + 8)], "Hai Silk");
        assert_eq!(&PO[first.file_span(at - 1..at)], "\\\"");
        // Across the line join: "\n" then "route" on the next line.
        let route = first.text.find("route").unwrap();
        assert_eq!(&PO[first.file_span(route..route + 5)], "route");
        let target = &parsed.segments[0].target;
        assert_eq!(target.text, "走\"海丝\"\n路线");
        // An empty msgstr points at its keyword.
        let empty = &parsed.segments[3].target;
        assert_eq!(&PO[empty.file_span(0..0).start..][..6], "msgstr");
        assert_eq!(parsed.units.len(), 3);
        assert_eq!(parse(PO, true).unwrap().segments.len(), 5);
    }

    #[test]
    fn byte_escapes_are_decoded() {
        let text = "msgid \"\\x41\\102 \\xE4\\xB8\\xAD\\t.\"\nmsgstr \"x\"\n";
        let parsed = parse(text, false).unwrap();
        let source = parsed.segments[0].source.as_ref().unwrap();
        assert_eq!(source.text, "AB 中\t.");
        let zhong = source.text.find('中').unwrap();
        assert_eq!(&text[source.file_span(zhong..zhong + 3)], "\\xE4\\xB8\\xAD");
        for (bad, message) in [
            ("msgid \"a\\qb\"\nmsgstr \"x\"\n", "unknown escape `\\q`"),
            (
                "msgid \"\\xZZ\"\nmsgstr \"x\"\n",
                "without hexadecimal digits",
            ),
            ("msgid \"\\xE4\"\nmsgstr \"x\"\n", "do not form UTF-8"),
        ] {
            let err = parse(bad, false).unwrap_err();
            assert!(err.message.contains(message), "{bad}: {}", err.message);
        }
    }

    #[test]
    fn entries_missing_a_half_are_errors() {
        let err = parse(
            "msgid \"a\"\nmsgstr \"b\"\n\n#: x.c\nmsgstr \"lost\"\n",
            false,
        )
        .unwrap_err();
        assert_eq!(err.message, "a msgstr without a msgid");
        assert_eq!(err.offset, 22);
        let err = parse("msgid \"a\"\n", false).unwrap_err();
        assert_eq!(err.message, "a msgid without a msgstr");
    }

    #[test]
    fn unterminated_strings_are_located() {
        let err = parse("msgid \"a\nmsgstr \"b\"\n", false).unwrap_err();
        assert_eq!(err.offset, 6);
        assert!(err.message.contains("unterminated"));
    }
}
