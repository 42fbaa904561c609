//! Compiler-style diagnostics with codespan-reporting.
//!
//! Two things are never passed to the terminal as they are: control
//! characters from the linted file (a file could otherwise move the cursor,
//! recolour or hide its own findings), which are shown as visible escapes;
//! and very long lines (minified XML, one-line JSON), of which only a window
//! around each span is shown, so that output stays linear in the findings.

use std::borrow::Cow;
use std::io::Write;
use std::ops::Range;

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term;
use termcolor::Buffer;

use super::{LineIndex, Summary, terminal_safe};
use termlint_core::diagnostic::{Diagnostic, Severity};
use termlint_core::document::Document;

/// Lines up to this many bytes are shown whole.
const MAX_LINE_BYTES: usize = 1000;
/// Bytes shown on each side of a span's end on a longer line.
const WINDOW_BYTES: usize = 80;

fn severity(severity: Severity) -> CsSeverity {
    match severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

pub fn render(doc: &Document, diagnostics: &[Diagnostic], color: bool) -> Vec<u8> {
    render_with(doc, diagnostics, color, true)
}

/// [`render`], with `shortcuts` off only to compare [`write_directly`] and
/// the lines an [`Excerpt`] leaves out with codespan-reporting's own
/// rendering of every line in tests.
fn render_with(
    doc: &Document,
    diagnostics: &[Diagnostic],
    color: bool,
    shortcuts: bool,
) -> Vec<u8> {
    let name = terminal_safe(&doc.path);
    let index = LineIndex::of(doc);
    let file = Whole {
        name: &name,
        text: &doc.text,
        index: &index,
    };
    let config = term::Config::default();
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let mut plain = Vec::new();
    for d in diagnostics {
        let mut spans = vec![(d.span.clone(), terminal_safe(&d.label))];
        spans.extend(
            d.labels
                .iter()
                .map(|l| (l.span.clone(), terminal_safe(&l.message))),
        );
        let mut notes = Vec::new();
        match d.replacements.as_slice() {
            [] => {}
            [r] if r.is_empty() => notes.push("help: delete it".to_owned()),
            [r] => notes.push(format!("help: replace with `{r}`")),
            many => notes.push(format!(
                "help: replace with one of {}",
                many.iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
        notes.extend(d.notes.iter().map(|n| format!("note: {n}")));
        // Places in other files (or elsewhere in this one) found by a
        // run-level rule.
        notes.extend(
            d.related
                .iter()
                .map(|r| format!("note: {}:{}:{}: {}", r.path, r.line, r.column, r.message)),
        );
        let notes: Vec<String> = notes
            .iter()
            .map(|n| terminal_safe(n).into_owned())
            .collect();
        if shortcuts
            && !color
            && doc.first_line == 0
            && write_directly(&mut plain, &name, &doc.text, &index, d, &spans, &notes)
        {
            let _ = buffer.write_all(&plain);
            plain.clear();
            continue;
        }
        let diagnostic = CsDiagnostic::new(severity(d.severity))
            .with_code(d.rule)
            .with_message(terminal_safe(&d.message));
        let labels = |map: &dyn Fn(usize) -> usize| {
            spans
                .iter()
                .enumerate()
                .map(|(i, (span, message))| {
                    let range = map(span.start)..map(span.end);
                    let label = if i == 0 {
                        CsLabel::primary((), range)
                    } else {
                        CsLabel::secondary((), range)
                    };
                    label.with_message(message.as_ref())
                })
                .collect::<Vec<_>>()
        };
        let lines = spans
            .iter()
            .map(|(span, _)| index.line(span.start)..=index.line(span.end));
        // The spans come from this very text, so locating cannot fail.
        // A part of a file read in parts numbers its lines from where it
        // starts in the file, as only the excerpt can.
        if doc.first_line == 0
            && lines
                .clone()
                .all(|lines| shows_as_is(&doc.text, &index, lines))
        {
            let diagnostic = diagnostic.with_labels(labels(&|o| o)).with_notes(notes);
            let _ = term::emit_to_write_style(&mut buffer, &config, &file, &diagnostic);
        } else {
            let spans: Vec<Range<usize>> = spans.iter().map(|(span, _)| span.clone()).collect();
            let excerpt = Excerpt::new(&name, &doc.text, &index, &spans, shortcuts);
            let diagnostic = diagnostic
                .with_labels(labels(&|o| excerpt.virtual_offset(o)))
                .with_notes(notes);
            let _ = term::emit_to_write_style(&mut buffer, &config, &excerpt, &diagnostic);
        }
    }
    buffer.into_inner()
}

/// A finding whose labels are each on a line of their own, on lines
/// without tabs or control characters, without colour, written straight
/// into `out` in codespan-reporting's layout (the same bytes; a test
/// compares the two): most findings are such, and codespan writes each
/// line and its carets a character at a time through `fmt`, a third of the
/// time of a run with tens of thousands of findings. `false`, with nothing
/// written, for any other case.
fn write_directly(
    out: &mut Vec<u8>,
    name: &str,
    text: &str,
    index: &LineIndex<'_>,
    d: &Diagnostic,
    spans: &[(Range<usize>, Cow<'_, str>)],
    notes: &[String],
) -> bool {
    // (line, caret, span in the line, label, the line's text) for each
    // label, by line.
    let mut labelled = Vec::with_capacity(spans.len());
    for (i, (span, label)) in spans.iter().enumerate() {
        let line = index.line(span.start);
        if index.line(span.end) != line {
            return false;
        }
        let Some((source, range)) = plain_line(text, index, line) else {
            return false;
        };
        let start = span.start - range.start;
        if start > source.len() {
            return false;
        }
        // At least one caret: codespan marks a byte past an empty span.
        let end = (span.end - range.start).max(start + 1);
        let caret = if i == 0 { b'^' } else { b'-' };
        labelled.push((line, caret, start..end, label.as_ref(), source));
    }
    labelled.sort_by_key(|&(line, ..)| line);
    if labelled.windows(2).any(|pair| pair[0].0 == pair[1].0) {
        return false;
    }
    // What follows each labelled line: nothing before the next one, the
    // one line between two labelled lines two apart (codespan shows it),
    // or a break.
    enum Gap<'t> {
        Nothing,
        Line(usize, &'t str),
        Break,
    }
    let mut gaps = Vec::with_capacity(labelled.len());
    for pair in labelled.windows(2) {
        let (line, next) = (pair[0].0, pair[1].0);
        gaps.push(match next - line {
            1 => Gap::Nothing,
            2 => match plain_line(text, index, line + 1) {
                Some((source, _)) => Gap::Line(line + 1, source),
                None => return false,
            },
            _ => Gap::Break,
        });
    }
    gaps.push(Gap::Nothing);
    let width = labelled
        .iter()
        .map(|l| (l.0 + 1).to_string().len())
        .max()
        .unwrap_or(1);
    let gutter = " ".repeat(width + 1);
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let (line, column) = index.location(d.span.start);
    let _ = writeln!(out, "{severity}[{}]: {}", d.rule, terminal_safe(&d.message));
    let _ = writeln!(out, "{gutter}┌─ {name}:{line}:{column}");
    let _ = writeln!(out, "{gutter}│");
    for (k, &(line, caret, ref span, label, source)) in labelled.iter().enumerate() {
        let _ = writeln!(out, "{:>width$} │ {source}", line + 1);
        out.extend_from_slice(gutter.as_bytes());
        out.extend_from_slice("│ ".as_bytes());
        write_carets(out, source, span, caret);
        if !label.is_empty() {
            let _ = write!(out, " {label}");
        }
        out.push(b'\n');
        match gaps[k] {
            Gap::Line(middle, source) => {
                let _ = writeln!(out, "{:>width$} │ {source}", middle + 1);
            }
            Gap::Break => {
                let _ = writeln!(out, "{gutter}·");
            }
            Gap::Nothing => {}
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "{gutter}│");
    }
    for note in notes {
        for (i, note_line) in note.lines().enumerate() {
            let bullet = if i == 0 { '=' } else { ' ' };
            let _ = writeln!(out, "{gutter}{bullet} {note_line}");
        }
    }
    out.push(b'\n');
    true
}

/// A line's text without its line break, and its range, if it shows as
/// it is and without tabs (codespan widens them).
fn plain_line<'t>(
    text: &'t str,
    index: &LineIndex<'_>,
    line: usize,
) -> Option<(&'t str, Range<usize>)> {
    let range = index.line_range(line)?;
    let source = text[range.clone()].trim_end_matches(['\n', '\r', '\0']);
    // Short printable ASCII needs no further look.
    let ascii =
        source.len() <= MAX_LINE_BYTES && source.bytes().all(|b| (b' '..=b'~').contains(&b));
    if !ascii && (source.contains('\t') || !shows_as_is(text, index, line..=line)) {
        return None;
    }
    Some((source, range))
}

/// Spaces up to `span` of `source` and `caret` under it, each character
/// as wide as it shows; the place after the line's end is one column.
fn write_carets(out: &mut Vec<u8>, source: &str, span: &Range<usize>, caret: u8) {
    if source.is_ascii() {
        // One column per byte, and one more after the line's end.
        out.resize(out.len() + span.start, b' ');
        out.resize(
            out.len() + (span.end.min(source.len() + 1) - span.start),
            caret,
        );
        return;
    }
    use unicode_width::UnicodeWidthChar;
    let places = source
        .char_indices()
        .map(|(i, c)| (i, c.len_utf8(), c.width().unwrap_or(0)))
        .chain(std::iter::once((source.len(), 1, 1)));
    for (i, len, width) in places {
        let mark = if i < span.end && span.start < i + len {
            caret
        } else if i < span.end {
            b' '
        } else {
            break;
        };
        out.resize(out.len() + width, mark);
    }
}

/// Whether lines can go to the terminal unchanged: short, and without
/// control characters.
fn shows_as_is(text: &str, index: &LineIndex<'_>, lines: std::ops::RangeInclusive<usize>) -> bool {
    lines.into_iter().all(|line| {
        index.line_range(line).is_none_or(|range| {
            let line = text[range].trim_end_matches(['\n', '\r']);
            line.len() <= MAX_LINE_BYTES && matches!(terminal_safe(line), Cow::Borrowed(_))
        })
    })
}

/// The lines of one diagnostic as the terminal may show them: control
/// characters escaped and long lines cut to windows around the span ends.
/// Line and column numbers stay those of the file.
struct Excerpt<'a> {
    name: &'a str,
    source: String,
    /// The file line that the first excerpt line shows (0-based).
    first_line: usize,
    /// Each excerpt line's range in `source`, line break included.
    lines: Vec<Range<usize>>,
    /// `(file offset, excerpt offset, file column)` of every span end.
    points: Vec<(usize, usize, usize)>,
}

impl<'a> Excerpt<'a> {
    /// The lines of `spans`; with `leave_out`, only those that
    /// codespan-reporting may show have their text.
    fn new(
        name: &'a str,
        text: &str,
        index: &LineIndex<'_>,
        spans: &[Range<usize>],
        leave_out: bool,
    ) -> Self {
        let mut points: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
        points.sort_unstable();
        points.dedup();
        let first_line = index.line(points[0]);
        let last_line = index.line(points[points.len() - 1]);
        let shown = match leave_out {
            true => shown_lines(index, spans, first_line..=last_line),
            false => vec![true; last_line + 1 - first_line],
        };
        let mut excerpt = Excerpt {
            name,
            source: String::new(),
            first_line,
            lines: Vec::new(),
            points: Vec::new(),
        };
        for (line, shown) in (first_line..=last_line).zip(shown) {
            let start = excerpt.source.len();
            // A line codespan-reporting never shows needs only its place:
            // labels on lines far apart would otherwise copy all the text
            // between them, a character at a time.
            if shown {
                let range = index.line_range(line).unwrap_or(text.len()..text.len());
                let content = text[range.clone()].trim_end_matches(['\n', '\r']);
                let here: Vec<usize> = points
                    .iter()
                    .filter(|&&p| p >= range.start && p <= range.start + content.len())
                    .map(|&p| p - range.start)
                    .collect();
                for (at, virtual_at) in excerpt.push_windows(content, &here) {
                    let offset = range.start + at;
                    let column = index.location(offset).1;
                    excerpt.points.push((offset, virtual_at, column));
                }
            }
            excerpt.source.push('\n');
            excerpt.lines.push(start..excerpt.source.len());
        }
        excerpt
    }

    /// Append the windows of `line` around `points` (offsets in the line);
    /// returns where each point landed in the source.
    fn push_windows(&mut self, line: &str, points: &[usize]) -> Vec<(usize, usize)> {
        let mut windows: Vec<Range<usize>> = Vec::new();
        if line.len() <= MAX_LINE_BYTES {
            windows.push(0..line.len());
        } else if points.is_empty() {
            windows.push(0..floor_boundary(line, WINDOW_BYTES));
        } else {
            for &p in points {
                let window = floor_boundary(line, p.saturating_sub(WINDOW_BYTES))
                    ..ceil_boundary(line, p + WINDOW_BYTES);
                match windows.last_mut() {
                    Some(last) if window.start <= last.end => last.end = window.end,
                    _ => windows.push(window),
                }
            }
        }
        let mut landed = Vec::new();
        for (i, window) in windows.iter().enumerate() {
            if window.start > 0 {
                self.source.push_str(if i == 0 { "… " } else { " … " });
            }
            let mut rest = points.iter().filter(|p| window.contains(p)).peekable();
            for (at, c) in line[window.clone()].char_indices() {
                let at = window.start + at;
                while rest.next_if(|&&p| p == at).is_some() {
                    landed.push((at, self.source.len()));
                }
                self.source
                    .push_str(&terminal_safe(c.encode_utf8(&mut [0; 4])));
            }
            landed.extend(
                points
                    .iter()
                    .filter(|&&p| p == window.end)
                    .map(|&p| (p, self.source.len())),
            );
        }
        if windows.last().is_some_and(|w| w.end < line.len()) {
            self.source.push_str(" …");
        }
        landed
    }

    fn virtual_offset(&self, file_offset: usize) -> usize {
        self.points
            .iter()
            .find(|p| p.0 == file_offset)
            .map_or(0, |p| p.1)
    }
}

/// Which of `lines` codespan-reporting may show for labels on `spans`
/// (with its default configuration): each line a label starts or ends on,
/// the first three lines inside a label of several lines and the last one,
/// and the line between two shown lines one apart. The neighbours of the
/// lines it must show cover the last.
fn shown_lines(
    index: &LineIndex<'_>,
    spans: &[Range<usize>],
    lines: std::ops::RangeInclusive<usize>,
) -> Vec<bool> {
    let first = *lines.start();
    let mut must = vec![false; lines.count()];
    let mut mark = |line: usize| {
        if let Some(shown) = line.checked_sub(first).and_then(|i| must.get_mut(i)) {
            *shown = true;
        }
    };
    for span in spans {
        let (start, end) = (index.line(span.start), index.line(span.end));
        for line in start..=end {
            if line - start <= 3 || end - line <= 1 {
                mark(line);
            }
        }
    }
    (0..must.len())
        .map(|i| must[i] || (i > 0 && must[i - 1]) || must.get(i + 1).copied().unwrap_or(false))
        .collect()
}

/// The whole text of a document, for codespan-reporting, with the lines
/// of the index already made (a codespan `SimpleFile` finds them again,
/// a character search over the whole text for every file with findings).
struct Whole<'a> {
    name: &'a str,
    text: &'a str,
    index: &'a LineIndex<'a>,
}

impl<'a> Files<'a> for Whole<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self.index.line(byte_index))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        self.index
            .line_range(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: self.index.line_count().saturating_sub(1),
            })
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.source)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        let line = self.lines.partition_point(|r| r.end <= byte_index);
        Ok(self.first_line + line.min(self.lines.len().saturating_sub(1)))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        line_index
            .checked_sub(self.first_line)
            .and_then(|i| self.lines.get(i))
            .cloned()
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: self.first_line + self.lines.len(),
            })
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        match self.points.iter().find(|p| p.1 == byte_index) {
            Some(point) => Ok(point.2),
            None => {
                let range = self.line_range((), line_index)?;
                Ok(files::column_index(&self.source, range, byte_index) + 1)
            }
        }
    }
}

/// The closing line of human output.
pub fn summary_line(summary: &Summary) -> String {
    let files = |n: usize| {
        if n == 1 {
            "1 file".to_owned()
        } else {
            format!("{n} files")
        }
    };
    let mut line = if summary.diagnostics() == 0 {
        format!("No problems found in {}.", files(summary.files))
    } else {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        format!(
            "Found {} ({}, {}, {}) in {}.",
            plural(summary.diagnostics(), "problem"),
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.infos, "info"),
            files(summary.files)
        )
    };
    if summary.files_failed > 0 {
        line.push_str(&format!(
            " {} could not be read.",
            files(summary.files_failed)
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use termlint_core::diagnostic::Severity;

    /// Long lines are cut to windows around the labels, and the lines of
    /// the file that codespan-reporting does not show are left out of the
    /// excerpt: the output is the same as with every line in it, for
    /// labels far apart, on lines next to and two apart from each other, and
    /// over several lines (of which codespan shows the first four and the
    /// last two).
    #[test]
    // Each label list is a list of spans, some of them one span.
    #[allow(clippy::single_range_in_vec_init)]
    fn excerpts_leave_out_only_lines_never_shown() {
        let mut text = String::new();
        for n in 0..60 {
            match n % 3 {
                0 => text.push_str(&format!("{n} {}\n", "long words ".repeat(150))),
                1 => text.push_str(&format!("{n} short \u{1b}[31m line\n")),
                _ => text.push_str(&format!("{n} plain line\n")),
            }
        }
        let doc = Document::plain_text("file.txt".into(), text.clone(), 0);
        let index = LineIndex::of(&doc);
        let at = |line: usize, column: usize| index.line_range(line).unwrap().start + column;
        let mut diagnostics = Vec::new();
        for (primary, secondaries) in [
            (at(0, 900)..at(0, 905), vec![at(57, 3)..at(57, 8)]),
            (
                at(3, 2)..at(3, 6),
                vec![at(4, 2)..at(4, 3), at(6, 1)..at(6, 2)],
            ),
            (at(2, 1)..at(15, 3), vec![at(30, 1)..at(30, 4)]),
            (
                at(9, 700)..at(11, 2),
                vec![at(40, 2)..at(52, 9), at(13, 0)..at(13, 1)],
            ),
            (at(21, 1)..at(22, 1), vec![at(24, 1)..at(27, 1)]),
        ] {
            let mut d =
                Diagnostic::new("a/b", Severity::Warning, primary, "far apart").with_label("first");
            for span in secondaries {
                d = d.with_secondary(span, "then");
            }
            diagnostics.push(d.with_note("note: one"));
        }
        for color in [false, true] {
            let left_out = render_with(&doc, &diagnostics, color, true);
            let every_line = render_with(&doc, &diagnostics, color, false);
            assert_eq!(
                String::from_utf8(left_out).unwrap(),
                String::from_utf8(every_line).unwrap()
            );
        }
    }

    /// The line index answers codespan-reporting as its own `SimpleFile`
    /// does, for every byte of a text with CR LF, Chinese, an empty line
    /// and no final line break, and one line past the end.
    #[test]
    fn the_whole_text_is_located_as_codespan_locates_it() {
        use codespan_reporting::files::SimpleFile;
        let text = "first line\r\n海上丝绸之路\n\nlast, without a break";
        let doc = Document::plain_text("a.txt".into(), text.into(), 0);
        let index = LineIndex::of(&doc);
        let whole = Whole {
            name: "a.txt",
            text,
            index: &index,
        };
        let simple = SimpleFile::new("a.txt", text);
        for at in 0..=text.len() + 1 {
            assert_eq!(
                whole.line_index((), at).ok(),
                simple.line_index((), at).ok(),
                "{at}"
            );
            if text.is_char_boundary(at) {
                assert_eq!(whole.location((), at).ok(), simple.location((), at).ok());
            }
        }
        for line in 0..6 {
            assert_eq!(
                whole.line_range((), line).ok(),
                simple.line_range((), line).ok(),
                "{line}"
            );
        }
    }

    /// Findings written directly come out byte for byte as codespan-reporting
    /// writes them, on every line-number width, at a line's start, middle
    /// and end, empty and one past the end, with and without a label and
    /// notes (of several lines), with labels on several lines, and where
    /// the fallback takes over (non-ASCII, tabs, two labels on one line,
    /// a label over two lines).
    #[test]
    fn one_line_findings_match_codespan() {
        let mut text = String::new();
        for n in 1..=1200 {
            text.push_str(&format!("line {n} with some words, and more.\n"));
        }
        text.push_str("caf\u{e9} au lait\n\tindented\r\nlast line without a break\n");
        text.push_str("海上丝绸之路 and e\u{301}t\u{e9}, ＡＢＣ wide\n");
        text.push_str("a line that ends in CR LF\r\n");
        let doc = Document::plain_text("dir/file.txt".into(), text.clone(), 0);
        let index = LineIndex::of(&doc);
        let mut diagnostics = Vec::new();
        for line in [0, 8, 9, 98, 99, 999, 1199, 1200, 1201, 1202, 1203, 1204] {
            let range = index.line_range(line).unwrap();
            let content = text[range.clone()].trim_end_matches(['\n', '\r']).len();
            // Character boundaries on every line of the test.
            let at = |chars: usize| {
                text[range.clone()]
                    .char_indices()
                    .nth(chars)
                    .map_or(content, |(i, _)| i)
            };
            for (start, end) in [
                (0, at(4)),
                (at(5), at(7)),
                (at(2), at(2)),
                (at(8), at(12)),
                (content, content),
                // Over the line break itself.
                (content, range.len() - 1),
            ] {
                for (label, notes) in [
                    ("", &[][..]),
                    ("use `that`", &["help: replace with `that`"][..]),
                    ("x", &["first", "note: two\nlines"][..]),
                ] {
                    let mut d = Diagnostic::new(
                        "term/variant",
                        Severity::Warning,
                        range.start + start..range.start + end,
                        "`this` is a variant of `that`",
                    )
                    .with_label(label);
                    for note in notes {
                        d = d.with_note(*note);
                    }
                    diagnostics.push(d);
                }
            }
        }
        let two_lines = index.line_range(3).unwrap().start..index.line_range(4).unwrap().start + 3;
        diagnostics.push(Diagnostic::new(
            "a/b",
            Severity::Error,
            two_lines,
            "two lines",
        ));
        let first = index.line_range(5).unwrap().start;
        diagnostics.push(
            Diagnostic::new("a/b", Severity::Info, first..first + 4, "two labels")
                .with_secondary(first + 6..first + 8, "here"),
        );
        // Labels on lines of their own, in either order, next to each
        // other, one line apart (codespan shows the line between), further
        // apart, across a change of line-number width, and around lines
        // that are not ASCII or hold a tab.
        let at = |line: usize, from: usize, to: usize| {
            let start = index.line_range(line).unwrap().start;
            start + from..start + to
        };
        for lines in [
            &[0, 1][..],
            &[1, 0],
            &[2, 4],
            &[7, 9, 10, 12],
            &[98, 120, 99],
            &[500, 5],
            &[1199, 1201],
            &[1200, 1202],
            &[1200, 1203],
            &[1202, 1204],
        ] {
            for (label, notes) in [("", &[][..]), ("here", &["note: one", "note: two"][..])] {
                let mut d = Diagnostic::new(
                    "term/inconsistent",
                    Severity::Warning,
                    at(lines[0], 0, 4),
                    "rendered two ways",
                )
                .with_label(label);
                for (k, &line) in lines.iter().enumerate().skip(1) {
                    let secondary = if k % 2 == 0 { "" } else { "`that`, once" };
                    d = d.with_secondary(at(line, 2, 5), secondary);
                }
                for note in notes {
                    d = d.with_note(*note);
                }
                diagnostics.push(d);
            }
        }
        let direct = render_with(&doc, &diagnostics, false, true);
        let codespan = render_with(&doc, &diagnostics, false, false);
        assert_eq!(
            String::from_utf8(direct).unwrap(),
            String::from_utf8(codespan).unwrap()
        );
    }
}
