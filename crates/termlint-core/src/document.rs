//! The document model every input format produces and every rule reads.
//!
//! A document is the decoded text of one file plus a list of segments. A
//! segment holds the target text (and, for bilingual formats, the source
//! text), each with a map from positions in the segment text back to byte
//! offsets in the file text, so that diagnostics always point into the file.

use std::ops::Range;

/// How positions in a piece's text map back to the file text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanMap {
    /// The piece is a verbatim slice of the file starting at this offset.
    Verbatim(usize),
    /// The piece was decoded (escapes, entities, joined lines): consecutive
    /// runs, sorted by `piece_start`, that tile the piece text.
    Runs(Vec<Run>),
}

/// `piece[piece_start..next.piece_start]` came from
/// `file[file_start..file_start + file_len]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub piece_start: usize,
    pub file_start: usize,
    pub file_len: usize,
    pub kind: RunKind,
}

/// What a run of a piece is in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunKind {
    /// Text copied byte for byte.
    Text,
    /// Text copied byte for byte from inside a CDATA section.
    Cdata,
    /// One escape or entity, mapped as a whole.
    Escape,
    /// Inline markup shown as [`OBJECT`]; a fix never touches it.
    Inline,
}

impl RunKind {
    fn is_verbatim(self) -> bool {
        matches!(self, RunKind::Text | RunKind::Cdata)
    }
}

/// How a fix's replacement must be written where it lands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextContext {
    /// Ordinary text of the format: escaped as the format escapes.
    Text,
    /// Inside an XML CDATA section: written as it is.
    Cdata,
}

/// One side (source or target) of a segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub map: SpanMap,
    /// Inline markup (XLIFF `<x/>`, `<g>`, TMX `<bpt>`, ...) that the text
    /// shows as U+FFFC; compared by bitext/placeholder.
    pub inline: Vec<String>,
}

/// Stands in a piece's text for inline markup and code that rules must not
/// read: not a letter, digit, space or punctuation mark.
pub const OBJECT: char = '\u{FFFC}';

/// Builds a piece from decoded text, recording where each part came from.
#[derive(Debug, Default)]
pub struct PieceBuilder {
    text: String,
    runs: Vec<Run>,
    inline: Vec<String>,
    /// Where an empty piece points (e.g. at its `msgstr`).
    anchor: usize,
}

impl PieceBuilder {
    pub fn new() -> Self {
        PieceBuilder::default()
    }

    /// A builder whose piece, if it stays empty, points at `file_offset`.
    pub fn at(file_offset: usize) -> Self {
        PieceBuilder {
            anchor: file_offset,
            ..PieceBuilder::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Text copied verbatim from `file_start` in the file.
    pub fn verbatim(&mut self, text: &str, file_start: usize) {
        self.copied(text, file_start, RunKind::Text);
    }

    /// Text copied verbatim from inside a CDATA section.
    pub fn cdata(&mut self, text: &str, file_start: usize) {
        self.copied(text, file_start, RunKind::Cdata);
    }

    fn copied(&mut self, text: &str, file_start: usize, kind: RunKind) {
        if text.is_empty() {
            return;
        }
        // Extend the previous run when it is of the same kind and adjacent.
        if let Some(last) = self.runs.last_mut()
            && last.kind == kind
            && last.file_start + last.file_len == file_start
        {
            last.file_len += text.len();
            self.text.push_str(text);
            return;
        }
        self.push_run(text, file_start, text.len(), kind);
    }

    fn push_run(&mut self, text: &str, file_start: usize, file_len: usize, kind: RunKind) {
        self.runs.push(Run {
            piece_start: self.text.len(),
            file_start,
            file_len,
            kind,
        });
        self.text.push_str(text);
    }

    /// `decoded` stands for `file[file_start..file_start + file_len]` as a
    /// whole (an escape, an entity).
    pub fn decoded(&mut self, decoded: &str, file_start: usize, file_len: usize) {
        self.push_run(decoded, file_start, file_len, RunKind::Escape);
    }

    /// Inline markup, shown to rules as one U+FFFC.
    pub fn inline(&mut self, name: String, file_start: usize, file_len: usize) {
        self.push_run(
            OBJECT.encode_utf8(&mut [0; 4]),
            file_start,
            file_len,
            RunKind::Inline,
        );
        self.inline.push(name);
    }

    pub fn finish(self) -> Piece {
        let map = if self.runs.is_empty() {
            SpanMap::Verbatim(self.anchor)
        } else {
            SpanMap::Runs(self.runs)
        };
        Piece {
            text: self.text,
            map,
            inline: self.inline,
        }
    }
}

impl Piece {
    pub fn verbatim(text: &str, file_offset: usize) -> Self {
        Piece {
            text: text.to_owned(),
            map: SpanMap::Verbatim(file_offset),
            inline: Vec::new(),
        }
    }

    /// The run holding piece byte `pos`, with its piece length.
    fn run_at(&self, runs: &[Run], pos: usize) -> (Run, usize) {
        let i = runs.partition_point(|r| r.piece_start <= pos).max(1) - 1;
        let run = runs[i];
        let next_start = runs.get(i + 1).map_or(self.text.len(), |r| r.piece_start);
        (run, next_start - run.piece_start)
    }

    /// The file offset where the character at piece byte `pos` starts.
    pub fn file_offset(&self, pos: usize) -> usize {
        match &self.map {
            SpanMap::Verbatim(start) => start + pos,
            SpanMap::Runs(runs) if runs.is_empty() => pos,
            SpanMap::Runs(runs) => {
                let (run, piece_len) = self.run_at(runs, pos);
                if run.kind.is_verbatim() {
                    run.file_start + (pos - run.piece_start)
                } else if pos >= run.piece_start + piece_len {
                    run.file_start + run.file_len
                } else {
                    run.file_start
                }
            }
        }
    }

    /// The file offset where the text ending at piece byte `end` ends.
    fn file_end(&self, end: usize) -> usize {
        match &self.map {
            SpanMap::Verbatim(start) => start + end,
            SpanMap::Runs(runs) if runs.is_empty() || end == 0 => self.file_offset(end),
            SpanMap::Runs(runs) => {
                let (run, _) = self.run_at(runs, end - 1);
                if run.kind.is_verbatim() {
                    run.file_start + (end - run.piece_start)
                } else {
                    run.file_start + run.file_len
                }
            }
        }
    }

    /// The file byte range of a range in this piece.
    pub fn file_span(&self, range: Range<usize>) -> Range<usize> {
        let start = self.file_offset(range.start);
        if range.is_empty() {
            return start..start;
        }
        start..self.file_end(range.end).max(start)
    }
}

impl Piece {
    /// The file ranges a fix may rewrite: maximal runs of text and escapes
    /// that follow each other in the file with nothing between them. Markup,
    /// comments, CDATA markers and string boundaries between two runs end a
    /// region, so that no fix can delete or split them.
    fn editable_regions(&self, out: &mut Vec<(Range<usize>, TextContext)>) {
        let runs = match &self.map {
            SpanMap::Verbatim(start) => {
                out.push((*start..start + self.text.len(), TextContext::Text));
                return;
            }
            SpanMap::Runs(runs) => runs,
        };
        let mut current: Option<(Range<usize>, TextContext)> = None;
        for run in runs {
            let range = run.file_start..run.file_start + run.file_len;
            let context = match run.kind {
                RunKind::Inline => {
                    out.extend(current.take());
                    continue;
                }
                RunKind::Cdata => TextContext::Cdata,
                RunKind::Text | RunKind::Escape => TextContext::Text,
            };
            match &mut current {
                Some((region, c)) if region.end == range.start && *c == context => {
                    region.end = range.end;
                }
                _ => {
                    out.extend(current.take());
                    current = Some((range, context));
                }
            }
        }
        out.extend(current);
    }
}

/// Where fixes may write in a document, from [`Document::editable_regions`].
pub struct EditableRegions(Vec<(Range<usize>, TextContext)>);

impl EditableRegions {
    /// The context a fix of `span` writes in, or `None` when the span is
    /// not inside one region of text (it would cross or touch structure).
    pub fn context(&self, span: &Range<usize>) -> Option<TextContext> {
        let i = self.0.partition_point(|(r, _)| r.start <= span.start);
        let (region, context) = self.0.get(i.checked_sub(1)?)?;
        (span.end <= region.end).then_some(*context)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub target: Piece,
    pub source: Option<Piece>,
    /// For a PO plural form, the other source form (`msgid` when `source`
    /// is `msgid_plural`, and the reverse): a plural translation may use
    /// what either has.
    pub other_source: Option<Piece>,
    /// What the file records about the unit beyond its text.
    pub unit: UnitInfo,
}

/// A translation unit's context and workflow state, as the file records
/// them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitInfo {
    /// A PO `msgctxt`: units in different contexts are different strings.
    pub context: Option<String>,
    /// The unit is one form of a plural (PO `msgstr[n]`).
    pub plural: bool,
    /// Not to be translated, or locked (XLIFF `translate="no"`): its
    /// target must stay its source.
    pub locked: bool,
    /// The format-string language a PO entry's flags declare
    /// (`#, c-format`): placeholders are then read as `msgfmt -c` reads
    /// them.
    pub format: Option<FormatSyntax>,
    /// The workflow state an XLIFF file records (`translated`, `final`;
    /// `approved="yes"` counts as `final`); `None` when it records none.
    pub state: Option<String>,
    /// What a TMX unit's `<prop type="x-...">` elements record
    /// (`x-context: menu`), shown with the unit's bilingual findings.
    pub props: Vec<String>,
}

/// gettext's format-string languages that termlint checks like `msgfmt -c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatSyntax {
    /// `c-format`: `%s`, `%2$d`.
    C,
    /// `python-format`: `%s`, `%(name)s`.
    Python,
    /// `python-brace-format`: `{}`, `{0}`, `{name}`.
    PythonBrace,
}

impl FormatSyntax {
    /// The PO flag that declares it.
    pub fn flag(self) -> &'static str {
        match self {
            FormatSyntax::C => "c-format",
            FormatSyntax::Python => "python-format",
            FormatSyntax::PythonBrace => "python-brace-format",
        }
    }
}

/// What kind of text a document holds; rules use it to decide what applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    /// Plain text with one sentence or unit per line (subtitles, MT
    /// output, aligned corpora): every line is a segment of its own.
    Lines,
    Markdown,
    Tsv,
    Po,
    Xliff,
    Tmx,
    /// Two line-aligned files given with `--source` and `--target`.
    Aligned,
}

impl Format {
    /// The format of a path, from its extension.
    pub fn from_path(path: &std::path::Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "tsv" | "tab" => Format::Tsv,
            "po" | "pot" => Format::Po,
            "xlf" | "xliff" | "sdlxliff" | "mqxliff" => Format::Xliff,
            "tmx" => Format::Tmx,
            _ => Format::Text,
        }
    }

    pub fn parse_name(name: &str) -> Option<Format> {
        Some(match name {
            "text" | "txt" => Format::Text,
            "lines" => Format::Lines,
            "markdown" | "md" => Format::Markdown,
            "tsv" => Format::Tsv,
            "po" => Format::Po,
            "xliff" | "xlf" => Format::Xliff,
            "tmx" => Format::Tmx,
            _ => return None,
        })
    }

    /// Whether segments carry a source side.
    pub fn is_bilingual(self) -> bool {
        matches!(
            self,
            Format::Tsv | Format::Po | Format::Xliff | Format::Tmx | Format::Aligned
        )
    }
}

#[derive(Clone, Debug)]
pub struct Document {
    /// The path as the user should see it.
    pub path: String,
    /// The decoded file text, without any byte-order mark.
    pub text: String,
    /// Bytes before `text` in the file (a UTF-8 BOM), for offsets in output.
    pub file_offset_base: usize,
    /// Lines of the file before `text`: 0, except for a part of a large
    /// file read in parts, whose positions are shown as the file's.
    pub first_line: usize,
    pub format: Format,
    pub segments: Vec<Segment>,
    /// Languages the file declares (XLIFF, TMX, PO header).
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
    /// Byte ranges of the file's translation units (PO entries, XLIFF
    /// units, TSV rows), so that a suppression comment inside one applies
    /// to all of it.
    pub units: Vec<Range<usize>>,
}

impl Document {
    /// Plain text: a segment per paragraph (lines separated by blank lines),
    /// or per line in a file of one sentence per line.
    pub fn plain_text(path: String, text: String, file_offset_base: usize) -> Self {
        if one_sentence_per_line(&text) {
            return Document::lines(path, text, file_offset_base);
        }
        let ranges: Vec<Range<usize>> = paragraphs(&text).collect();
        Document::monolingual(path, text, file_offset_base, Format::Text, ranges)
    }

    /// One segment per non-blank line, so that no rule joins the end of one
    /// line to the start of the next.
    pub fn lines(path: String, text: String, file_offset_base: usize) -> Self {
        let ranges: Vec<Range<usize>> = line_ranges(&text)
            .filter(|range| !text[range.clone()].trim().is_empty())
            .collect();
        Document::monolingual(path, text, file_offset_base, Format::Lines, ranges)
    }

    /// Where fixes may write: the target text of every segment, without
    /// the structure around and inside it.
    pub fn editable_regions(&self) -> EditableRegions {
        let mut regions = Vec::new();
        for segment in &self.segments {
            segment.target.editable_regions(&mut regions);
        }
        regions.sort_by_key(|(r, _)| (r.start, r.end));
        EditableRegions(regions)
    }

    /// A document whose segments are these verbatim ranges of its text.
    fn monolingual(
        path: String,
        text: String,
        file_offset_base: usize,
        format: Format,
        ranges: Vec<Range<usize>>,
    ) -> Self {
        let segments = ranges
            .into_iter()
            .map(|range| Segment {
                target: Piece::verbatim(&text[range.clone()], range.start),
                source: None,
                other_source: None,
                unit: UnitInfo::default(),
            })
            .collect();
        Document {
            path,
            text,
            file_offset_base,
            first_line: 0,
            format,
            segments,
            source_lang: None,
            target_lang: None,
            units: Vec::new(),
        }
    }
}

/// Byte ranges of paragraphs: maximal runs of non-blank lines. A paragraph
/// keeps its leading indentation and inner line breaks but not its final
/// line break.
/// Whether a text is one sentence or unit per line (MT output, aligned
/// corpora, subtitles with punctuation): four in five of the lines that
/// have a neighbour (a line joined to them in a paragraph) end a sentence.
/// Hard-wrapped prose ends few of its lines with a full stop, so it keeps
/// its paragraphs; a file of one line per paragraph reads the same either
/// way.
fn one_sentence_per_line(text: &str) -> bool {
    let lines: Vec<&str> = line_ranges(text).map(|r| text[r].trim()).collect();
    let (mut joined, mut ending) = (0usize, 0usize);
    for (i, line) in lines.iter().enumerate() {
        let has_neighbour = i.checked_sub(1).is_some_and(|p| !lines[p].is_empty())
            || lines.get(i + 1).is_some_and(|n| !n.is_empty());
        if line.is_empty() || !has_neighbour {
            continue;
        }
        joined += 1;
        let end = line.trim_end_matches(['"', '\'', '”', '’', ')', '）', '」', '』', ']']);
        ending += usize::from(end.ends_with(['.', '!', '?', '。', '！', '？', '…']));
    }
    joined >= 3 && ending * 5 >= joined * 4
}

pub fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut lines = line_ranges(text).peekable();
    std::iter::from_fn(move || {
        // Skip blank lines.
        let first = loop {
            let line = lines.next()?;
            if !text[line.clone()].trim().is_empty() {
                break line;
            }
        };
        let mut end = first.end;
        while let Some(next) = lines.peek() {
            if text[next.clone()].trim().is_empty() {
                break;
            }
            end = next.end;
            lines.next();
        }
        Some(first.start..end)
    })
}

/// Byte ranges of lines without their terminators (`\n` or `\r\n`).
pub fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let bytes = text.as_bytes();
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let (end, next) = match memchr_newline(&bytes[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        let content_end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let range = start..content_end;
        start = next;
        Some(range)
    })
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sentence_per_line_is_read_line_by_line() {
        let sentences = "He said \"yes and left.\nThe market grew.\nShe said \"no\".\n";
        let doc = Document::plain_text("a.txt".into(), sentences.into(), 0);
        assert_eq!(doc.format, Format::Lines);
        assert_eq!(doc.segments.len(), 3);
        // Hard-wrapped prose keeps its paragraphs.
        let prose = "The port grew fast in the\nlast decade, and trade with\nits partners doubled.\n\nNext.\n";
        let doc = Document::plain_text("b.txt".into(), prose.into(), 0);
        assert_eq!(doc.format, Format::Text);
        assert_eq!(doc.segments.len(), 2);
    }

    #[test]
    fn paragraphs_split_on_blank_lines_and_keep_indentation() {
        let text = "  first line\nsecond\r\n\r\n   \nthird\n";
        let paras: Vec<&str> = paragraphs(text).map(|r| &text[r]).collect();
        assert_eq!(paras, vec!["  first line\nsecond", "third"]);
    }

    #[test]
    fn runs_map_back_through_escapes() {
        // File `xx"a\"b\n"`, piece `a"b` + newline: the escapes map whole.
        let mut builder = PieceBuilder::new();
        builder.verbatim("a", 3);
        builder.decoded("\"", 4, 2);
        builder.verbatim("b", 6);
        builder.decoded("\n", 7, 2);
        let piece = builder.finish();
        assert_eq!(piece.file_offset(0), 3);
        assert_eq!(piece.file_offset(2), 6);
        assert_eq!(piece.file_span(1..2), 4..6);
        assert_eq!(piece.file_span(0..3), 3..7);
        assert_eq!(piece.file_span(0..4), 3..9);
    }
}
