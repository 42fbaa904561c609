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
use codespan_reporting::files::{self, Files, SimpleFile};
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

/// [`render`], with `one_line_directly` off only to compare
/// [`write_one_line`] with codespan-reporting in tests.
fn render_with(
    doc: &Document,
    diagnostics: &[Diagnostic],
    color: bool,
    one_line_directly: bool,
) -> Vec<u8> {
    let name = terminal_safe(&doc.path);
    let file = SimpleFile::new(name.as_ref(), doc.text.as_str());
    let index = LineIndex::of(doc);
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
        if one_line_directly
            && !color
            && doc.first_line == 0
            && spans.len() == 1
            && write_one_line(&mut plain, &name, &doc.text, &index, d, &spans[0].1, &notes)
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
            let points: Vec<usize> = spans
                .iter()
                .flat_map(|(span, _)| [span.start, span.end])
                .collect();
            let excerpt = Excerpt::new(&name, &doc.text, &index, &points);
            let diagnostic = diagnostic
                .with_labels(labels(&|o| excerpt.virtual_offset(o)))
                .with_notes(notes);
            let _ = term::emit_to_write_style(&mut buffer, &config, &excerpt, &diagnostic);
        }
    }
    buffer.into_inner()
}

/// A finding with one label on one line without tabs or control
/// characters, without colour, written straight into `out` in codespan-reporting's layout
/// (the same bytes; a test compares the two): most findings are such, and
/// codespan writes the line and its carets a character at a time through
/// `fmt`, a third of the time of a run with tens of thousands of findings.
/// `false`, with nothing written, for any other case.
fn write_one_line(
    out: &mut Vec<u8>,
    name: &str,
    text: &str,
    index: &LineIndex<'_>,
    d: &Diagnostic,
    label: &str,
    notes: &[String],
) -> bool {
    let line = index.line(d.span.start);
    if index.line(d.span.end) != line {
        return false;
    }
    let Some(range) = index.line_range(line) else {
        return false;
    };
    let source = text[range.clone()].trim_end_matches(['\n', '\r', '\0']);
    // Short printable ASCII needs no further look; any other line must
    // show as it is, and without tabs (codespan widens them).
    let ascii =
        source.len() <= MAX_LINE_BYTES && source.bytes().all(|b| (b' '..=b'~').contains(&b));
    if !ascii && (source.contains('\t') || !shows_as_is(text, index, line..=line)) {
        return false;
    }
    let start = d.span.start - range.start;
    if start > source.len() {
        return false;
    }
    // At least one caret: codespan marks a byte past an empty span.
    let end = (d.span.end - range.start).max(start + 1);
    let column = index.location(d.span.start).1;
    let number = line + 1;
    let pad = number.to_string().len();
    let gutter = " ".repeat(pad + 1);
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let message = terminal_safe(&d.message);
    let _ = writeln!(out, "{severity}[{}]: {message}", d.rule);
    let _ = writeln!(out, "{gutter}┌─ {name}:{number}:{column}");
    let _ = writeln!(out, "{gutter}│");
    let _ = writeln!(out, "{number} │ {source}");
    out.extend_from_slice(gutter.as_bytes());
    out.extend_from_slice("│ ".as_bytes());
    if ascii {
        // One column per byte, and one more after the line's end.
        out.resize(out.len() + start, b' ');
        out.resize(out.len() + (end.min(source.len() + 1) - start), b'^');
    } else {
        // Each character as wide as it shows, spaces before the span and
        // carets under it; the place after the line's end is one column.
        use unicode_width::UnicodeWidthChar;
        let places = source
            .char_indices()
            .map(|(i, c)| (i, c.len_utf8(), c.width().unwrap_or(0)))
            .chain(std::iter::once((source.len(), 1, 1)));
        for (i, len, width) in places {
            let mark = if i < end && start < i + len {
                b'^'
            } else if i < end {
                b' '
            } else {
                break;
            };
            out.resize(out.len() + width, mark);
        }
    }
    if !label.is_empty() {
        let _ = write!(out, " {label}");
    }
    out.push(b'\n');
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
    fn new(name: &'a str, text: &str, index: &LineIndex<'_>, points: &[usize]) -> Self {
        let mut points = points.to_vec();
        points.sort_unstable();
        points.dedup();
        let first_line = index.line(points[0]);
        let last_line = index.line(points[points.len() - 1]);
        let mut excerpt = Excerpt {
            name,
            source: String::new(),
            first_line,
            lines: Vec::new(),
            points: Vec::new(),
        };
        for line in first_line..=last_line {
            let range = index.line_range(line).unwrap_or(text.len()..text.len());
            let content = text[range.clone()].trim_end_matches(['\n', '\r']);
            let here: Vec<usize> = points
                .iter()
                .filter(|&&p| p >= range.start && p <= range.start + content.len())
                .map(|&p| p - range.start)
                .collect();
            let start = excerpt.source.len();
            for (at, virtual_at) in excerpt.push_windows(content, &here) {
                let offset = range.start + at;
                let column = index.location(offset).1;
                excerpt.points.push((offset, virtual_at, column));
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

    /// Findings written directly come out byte for byte as codespan-reporting
    /// writes them, on every line-number width, at a line's start, middle
    /// and end, empty and one past the end, with and without a label and
    /// notes (of several lines), and where the fallback takes over
    /// (non-ASCII, tabs, two labels, two lines).
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
        let direct = render_with(&doc, &diagnostics, false, true);
        let codespan = render_with(&doc, &diagnostics, false, false);
        assert_eq!(
            String::from_utf8(direct).unwrap(),
            String::from_utf8(codespan).unwrap()
        );
    }
}
