//! `--format csv` and `--format tsv`: one row per finding, for the
//! spreadsheets that QA findings are sent around in.

use termlint_core::diagnostic::Diagnostic;
use termlint_core::document::Document;

use super::{LineIndex, locate};

pub const HEADER: [&str; 12] = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "severity",
    "message",
    "text",
    "replacement",
    "source",
    "target",
];

/// A cell as a spreadsheet should show it: text that it would run as a
/// formula (`=`, `+`, `-`, `@`, and the tab or carriage return that some
/// programs also read so) gets a leading `'`.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn writer(delimiter: u8) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// The header row.
pub fn header(delimiter: u8) -> Vec<u8> {
    let mut out = writer(delimiter);
    let _ = out.write_record(HEADER);
    out.into_inner().unwrap_or_default()
}

/// One file's rows.
pub fn render(doc: &Document, diagnostics: &[Diagnostic], delimiter: u8) -> Vec<u8> {
    let index = LineIndex::of(doc);
    let units = super::Units::new(doc);
    let mut out = writer(delimiter);
    for d in diagnostics {
        let located = locate(&index, doc, d);
        let unit = units.of(d.span.clone());
        let replacement = d
            .fix
            .as_ref()
            .map(|f| f.replacement.clone())
            .or_else(|| d.replacements.first().cloned())
            .unwrap_or_default();
        let row = [
            doc.path.clone(),
            located.start.0.to_string(),
            located.start.1.to_string(),
            located.end.0.to_string(),
            located.end.1.to_string(),
            d.rule.to_owned(),
            d.severity.as_str().to_owned(),
            d.message.clone(),
            located.text.to_owned(),
            replacement,
            unit.and_then(|s| s.source.as_ref())
                .map(|p| p.text.clone())
                .unwrap_or_default(),
            unit.map(|s| s.target.text.clone()).unwrap_or_default(),
        ];
        let _ = out.write_record(row.iter().map(|c| cell(c)));
    }
    out.into_inner().unwrap_or_default()
}
