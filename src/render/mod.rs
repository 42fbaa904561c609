//! Renderers turn diagnostics into output. They decide nothing about what is
//! wrong; they only locate spans (line and column are computed here, once)
//! and format.

use std::borrow::Cow;
use std::str::FromStr;

use termlint_core::diagnostic::{Diagnostic, Severity};
use termlint_core::document::Document;
pub use termlint_core::line_index::LineIndex;

pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod table;
pub mod xml;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    #[default]
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Checkstyle,
    Junit,
    Csv,
    Tsv,
    Html,
}

impl FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "human" => Ok(OutputFormat::Human),
            "concise" => Ok(OutputFormat::Concise),
            "json" => Ok(OutputFormat::Json),
            "sarif" => Ok(OutputFormat::Sarif),
            "github" => Ok(OutputFormat::Github),
            "checkstyle" => Ok(OutputFormat::Checkstyle),
            "junit" => Ok(OutputFormat::Junit),
            "csv" => Ok(OutputFormat::Csv),
            "tsv" => Ok(OutputFormat::Tsv),
            "html" => Ok(OutputFormat::Html),
            other => Err(format!("unknown format `{other}`")),
        }
    }
}

/// Findings counted by rule and by file, for reports that summarise them.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub by_rule: std::collections::BTreeMap<&'static str, usize>,
    /// (path, findings) per file, in any order; a path may repeat.
    pub by_file: Vec<(String, usize)>,
}

impl Tally {
    pub fn add(&mut self, path: &str, counts: &Counts) {
        for &(rule, n, _) in &counts.by_rule {
            *self.by_rule.entry(rule).or_default() += n;
        }
        self.by_file.push((path.to_owned(), counts.total()));
    }
}

/// What a run keeps of a file's findings (or of one part of a large
/// file's) once they are rendered: their counts, not the findings, so that
/// memory does not grow with them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// (rule, findings, of which fixable), in the order first seen.
    pub by_rule: Vec<(&'static str, usize, usize)>,
    /// The most severe finding's severity.
    pub worst: Option<Severity>,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
            counts.worst = counts.worst.max(Some(d.severity));
            let fixable = usize::from(d.fix.is_some());
            match counts.by_rule.iter_mut().find(|(rule, ..)| *rule == d.rule) {
                Some((_, n, fixes)) => {
                    *n += 1;
                    *fixes += fixable;
                }
                None => counts.by_rule.push((d.rule, 1, fixable)),
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// Totals for the closing summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub files_failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn diagnostics(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    pub fn add(&mut self, counts: &Counts) {
        self.errors += counts.errors;
        self.warnings += counts.warnings;
        self.infos += counts.infos;
    }
}

/// Text from a linted file made safe for a terminal: control characters
/// (C0 but tab and line feed, DEL, C1) and bidirectional overrides, which
/// could move the cursor, recolour or hide output, become visible escapes.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t' && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    // Printable ASCII, tabs and line breaks, the common case, a byte at a
    // time.
    let plain = |b: u8| (b' '..=b'~').contains(&b) || b == b'\t' || b == b'\n';
    if text.bytes().all(plain) || !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            // Control pictures: `␛` for ESC, `␍` for CR, ...
            '\0'..='\u{1F}' if unsafe_char(c) => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?'))
            }
            '\u{7F}' => out.push('\u{2421}'),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A diagnostic with everything a machine format needs, located.
pub struct Located<'a> {
    pub start: (usize, usize),
    pub end: (usize, usize),
    pub text: &'a str,
}

pub fn locate<'a>(
    index: &LineIndex<'_>,
    doc: &'a Document,
    diagnostic: &'a Diagnostic,
) -> Located<'a> {
    Located {
        start: index.location(diagnostic.span.start),
        end: index.location(diagnostic.span.end),
        text: &doc.text[diagnostic.span.clone()],
    }
}

/// The bilingual segments (translation units) of a document, indexed by
/// the file spans of their pieces, to find the unit of each finding without
/// searching every segment for every finding.
pub struct Units<'a> {
    doc: &'a Document,
    /// (file span, segment) of every target and source piece, by start.
    spans: Vec<(std::ops::Range<usize>, usize)>,
    /// The largest end among `spans[..=i]`: where a backward scan can stop.
    max_end: Vec<usize>,
}

impl<'a> Units<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let mut spans: Vec<(std::ops::Range<usize>, usize)> = doc
            .segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.source.is_some())
            .flat_map(|(i, s)| {
                std::iter::once(&s.target)
                    .chain(s.source.as_ref())
                    .map(move |piece| (piece.file_span(0..piece.text.len()), i))
            })
            .collect();
        spans.sort_by_key(|(span, i)| (span.start, *i));
        let max_end = spans
            .iter()
            .scan(0, |max, (span, _)| {
                *max = (*max).max(span.end);
                Some(*max)
            })
            .collect();
        Units {
            doc,
            spans,
            max_end,
        }
    }

    /// The unit that a span falls in: its target holds the span's start, or,
    /// for a finding about the source, its source. Where pieces overlap (a
    /// PO plural's shared `msgid`), the first unit in file order.
    pub fn of(&self, span: std::ops::Range<usize>) -> Option<&'a termlint_core::document::Segment> {
        let at = span.start;
        let mut best: Option<usize> = None;
        let mut j = self.spans.partition_point(|(s, _)| s.start <= at);
        while j > 0 && self.max_end[j - 1] >= at {
            j -= 1;
            let (piece, segment) = &self.spans[j];
            if piece.end >= at {
                best = Some(best.map_or(*segment, |b| b.min(*segment)));
            }
        }
        best.map(|i| &self.doc.segments[i])
    }
}

/// Append the non-empty per-file chunks of a JSON array, comma-separated.
fn join_chunks(out: &mut Vec<u8>, chunks: &[Vec<u8>]) {
    for (i, chunk) in chunks.iter().filter(|c| !c.is_empty()).enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(chunk);
    }
}

/// A report written as its chunks arrive rather than assembled at the
/// end, so that a run's memory does not grow with its findings: its
/// opening, and what goes between two non-empty chunks. `None` for the
/// formats assembled at the end (HTML, SARIF, Checkstyle, JUnit).
pub fn streamed(format: OutputFormat) -> Option<(Vec<u8>, &'static [u8])> {
    match format {
        OutputFormat::Human | OutputFormat::Concise | OutputFormat::Github => {
            Some((Vec::new(), b""))
        }
        OutputFormat::Json => Some((json::opening(), b",\n")),
        OutputFormat::Csv => Some((table::header(b','), b"")),
        OutputFormat::Tsv => Some((table::header(b'\t'), b"")),
        OutputFormat::Html
        | OutputFormat::Sarif
        | OutputFormat::Checkstyle
        | OutputFormat::Junit => None,
    }
}

/// The end of a report written as its chunks arrived ([`streamed`]).
pub fn streamed_closing(
    format: OutputFormat,
    summary: &Summary,
    errors: &[(String, String)],
) -> Vec<u8> {
    match format {
        OutputFormat::Json => json::closing(summary, errors),
        _ => Vec::new(),
    }
}

/// Whether a large file may be read in parts for `format`: not for the
/// formats that wrap each file in an element of its own (HTML, Checkstyle,
/// JUnit), which read large files whole.
pub fn reads_in_parts(format: OutputFormat) -> bool {
    !matches!(
        format,
        OutputFormat::Html | OutputFormat::Checkstyle | OutputFormat::Junit
    )
}

/// Render one file's diagnostics in `format` into a chunk of output.
pub fn render_file(
    format: OutputFormat,
    doc: &Document,
    diagnostics: &[Diagnostic],
    color: bool,
) -> Vec<u8> {
    match format {
        // A clean file is a passing test case.
        OutputFormat::Junit => xml::junit_suite(doc, diagnostics),
        _ if diagnostics.is_empty() => Vec::new(),
        OutputFormat::Human => human::render(doc, diagnostics, color),
        OutputFormat::Concise => concise::render(doc, diagnostics),
        OutputFormat::Json => json::render(doc, diagnostics),
        OutputFormat::Sarif => sarif::render(doc, diagnostics),
        OutputFormat::Github => github::render(doc, diagnostics),
        OutputFormat::Checkstyle => xml::checkstyle_file(doc, diagnostics),
        OutputFormat::Csv => table::render(doc, diagnostics, b','),
        OutputFormat::Tsv => table::render(doc, diagnostics, b'\t'),
        OutputFormat::Html => html::render(doc, diagnostics),
    }
}

/// `--statistics`: one line per rule, most frequent first; `fixable` counts
/// the diagnostics that `--fix` would resolve.
pub fn statistics(per_rule: &std::collections::BTreeMap<&'static str, (usize, usize)>) -> String {
    let mut rows: Vec<_> = per_rule.iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (id, (count, fixable)) in rows {
        let summary = termlint_core::rules::find(id).map_or("", |r| r.summary);
        let fix = if *fixable > 0 {
            format!("{fixable} fixable")
        } else {
            String::new()
        };
        out.push_str(&format!("{count:>6}  {id:width$}  {fix:12}  {summary}\n"));
    }
    out
}

/// The whole report from the per-file chunks, for formats that need one
/// enclosing document; `None` for line-oriented formats.
pub fn finish(
    format: OutputFormat,
    chunks: &[Vec<u8>],
    summary: &Summary,
    tally: &Tally,
    errors: &[(String, String)],
) -> Option<Vec<u8>> {
    match format {
        OutputFormat::Html => Some(html::finish(chunks, summary, tally, errors)),
        OutputFormat::Json => Some(json::finish(chunks, summary, errors)),
        OutputFormat::Sarif => Some(sarif::finish(chunks, summary, errors)),
        OutputFormat::Checkstyle => Some(xml::checkstyle_finish(chunks, errors)),
        OutputFormat::Junit => Some(xml::junit_finish(chunks, summary, errors)),
        OutputFormat::Csv | OutputFormat::Tsv => {
            let delimiter = if format == OutputFormat::Csv {
                b','
            } else {
                b'\t'
            };
            let mut out = table::header(delimiter);
            for chunk in chunks {
                out.extend_from_slice(chunk);
            }
            Some(out)
        }
        OutputFormat::Human | OutputFormat::Concise | OutputFormat::Github => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Units, terminal_safe};
    use std::borrow::Cow;

    /// Control characters and bidirectional overrides become visible
    /// escapes; tabs, line breaks and every printable character, ASCII or
    /// not, stay as they are, unchanged and uncopied.
    #[test]
    fn text_for_a_terminal() {
        for plain in ["a line\twith a tab\n", "", "海上丝绸之路 café ～", "~ !\"#"] {
            assert!(
                matches!(terminal_safe(plain), Cow::Borrowed(_)),
                "{plain:?}"
            );
        }
        for (text, shown) in [
            ("\u{1b}[31mred", "\u{241b}[31mred"),
            ("a\rb\u{7f}", "a\u{240d}b\u{2421}"),
            ("\u{85}next", "\\u{85}next"),
            ("abc\u{202e}cba", "abc\\u{202E}cba"),
        ] {
            assert_eq!(terminal_safe(text), shown, "{text:?}");
        }
    }
    use termlint_core::document::{Document, Format};
    use termlint_core::formats;

    #[test]
    fn units_are_found_by_target_or_source_and_plurals_share_their_msgid() {
        let text = "msgid \"one file\"\nmsgid_plural \"%d files\"\nmsgstr[0] \"一个\"\nmsgstr[1] \"多个\"\n\nmsgid \"Save\"\nmsgstr \"保存\"\n";
        let doc: Document = formats::parse(
            Format::Po,
            "a.po".into(),
            text.into(),
            0,
            &Default::default(),
        )
        .unwrap();
        let units = Units::new(&doc);
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            units
                .of(start..start + needle.len())
                .map(|s| s.target.text.clone())
        };
        assert_eq!(at("多个").as_deref(), Some("多个"));
        assert_eq!(at("保存").as_deref(), Some("保存"));
        assert_eq!(at("Save").as_deref(), Some("保存"));
        // The shared msgid: the first plural form's unit.
        assert_eq!(at("one file").as_deref(), Some("一个"));
        assert_eq!(at("msgid \"Save").map(|_| ()), None);
    }
}
