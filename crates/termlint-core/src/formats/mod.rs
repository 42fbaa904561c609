//! Input formats: each turns a file's text into a [`Document`] whose
//! segments map back to exact byte spans of the file.

use std::ops::Range;

use crate::document::{Document, Format, Piece, PieceBuilder, Segment, UnitInfo};

pub mod markdown;
pub mod po;
pub mod tsv;
pub mod xml;

/// A file that its format cannot read, located by byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    pub offset: usize,
    pub message: String,
}

impl FormatError {
    pub fn new(offset: usize, message: impl Into<String>) -> Self {
        FormatError {
            offset,
            message: message.into(),
        }
    }
}

/// What a bilingual format yields.
#[derive(Debug, Default)]
pub struct Parsed {
    pub segments: Vec<Segment>,
    pub units: Vec<Range<usize>>,
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
}

/// Decode backslash escapes of `raw` (found at `file_start`) into `piece`;
/// `escape` maps the character after a backslash to its text.
pub fn unescape_into(
    piece: &mut PieceBuilder,
    raw: &str,
    file_start: usize,
    escape: impl Fn(char) -> Option<&'static str>,
) {
    let mut verbatim_start = 0;
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        let Some(&(_, next)) = chars.peek() else {
            break;
        };
        let Some(decoded) = escape(next) else {
            continue;
        };
        chars.next();
        piece.verbatim(&raw[verbatim_start..i], file_start + verbatim_start);
        piece.decoded(decoded, file_start + i, 1 + next.len_utf8());
        verbatim_start = i + 1 + next.len_utf8();
    }
    piece.verbatim(&raw[verbatim_start..], file_start + verbatim_start);
}

/// Options that change how formats read files.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Read fuzzy PO entries too.
    pub include_fuzzy: bool,
    /// Languages asked for on the command line (TMX picks its sides by them).
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
}

/// Parse a file's text as `format`.
pub fn parse(
    format: Format,
    path: String,
    text: String,
    file_offset_base: usize,
    options: &ReadOptions,
) -> Result<Document, FormatError> {
    let mut doc = Document {
        path,
        text,
        file_offset_base,
        first_line: 0,
        format,
        segments: Vec::new(),
        source_lang: None,
        target_lang: None,
        units: Vec::new(),
    };
    match format {
        Format::Lines => return Ok(Document::lines(doc.path, doc.text, file_offset_base)),
        Format::Text | Format::Aligned => {
            return Ok(Document::plain_text(doc.path, doc.text, file_offset_base));
        }
        Format::Markdown => doc.segments = markdown::segments(&doc.text),
        Format::Tsv => (doc.segments, doc.units) = tsv::segments(&doc.text)?,
        Format::Po => {
            let parsed = po::parse(&doc.text, options.include_fuzzy)?;
            doc.segments = parsed.segments;
            doc.units = parsed.units;
            doc.target_lang = parsed.target_lang;
        }
        Format::Xliff => {
            let parsed = xml::xliff(&doc.text)?;
            doc.segments = parsed.segments;
            doc.units = parsed.units;
            doc.source_lang = parsed.source_lang;
            doc.target_lang = parsed.target_lang;
        }
        Format::Tmx => {
            let parsed = xml::tmx(&doc.text, options)?;
            doc.segments = parsed.segments;
            doc.units = parsed.units;
            doc.source_lang = parsed.source_lang;
            doc.target_lang = parsed.target_lang;
        }
    }
    Ok(doc)
}

/// Two line-aligned files: the target file's lines with the source file's.
pub fn aligned(
    path: String,
    target: String,
    file_offset_base: usize,
    source: &str,
) -> Result<Document, FormatError> {
    let target_lines: Vec<Range<usize>> = crate::document::line_ranges(&target).collect();
    let source_lines: Vec<Range<usize>> = crate::document::line_ranges(source).collect();
    if target_lines.len() != source_lines.len() {
        return Err(FormatError::new(
            target.len(),
            format!(
                "the source has {} lines and the target {}; aligned files need one line each",
                source_lines.len(),
                target_lines.len()
            ),
        ));
    }
    let segments = target_lines
        .into_iter()
        .zip(source_lines)
        .filter(|(t, s)| {
            !target[t.clone()].trim().is_empty() || !source[s.clone()].trim().is_empty()
        })
        .map(|(t, s)| Segment {
            target: Piece::verbatim(&target[t.clone()], t.start),
            source: Some(Piece::verbatim(&source[s.clone()], s.start)),
            other_source: None,
            unit: UnitInfo::default(),
        })
        .collect();
    Ok(Document {
        path,
        text: target,
        file_offset_base,
        first_line: 0,
        format: Format::Aligned,
        segments,
        source_lang: None,
        target_lang: None,
        units: Vec::new(),
    })
}
