//! The JSON report: `{"version": 1, "diagnostics": [...], "summary": {...}}`.

use serde::Serialize;
use serde_json::{Value, json};

use super::{LineIndex, Summary, locate};
use termlint_core::diagnostic::Diagnostic;
use termlint_core::document::Document;

pub const VERSION: u32 = 1;

/// One finding as the report writes it. Fields are in the order of their
/// names, the order the report has always had (that of a JSON object as a
/// sorted map); a struct writes them without building a map per finding.
#[derive(Serialize)]
struct Finding<'a> {
    byte_end: usize,
    byte_start: usize,
    column: usize,
    end_column: usize,
    end_line: usize,
    fix: Option<FixOut<'a>>,
    labels: Vec<LabelOut<'a>>,
    line: usize,
    message: &'a str,
    notes: &'a [String],
    path: &'a str,
    related: Vec<RelatedOut<'a>>,
    replacements: &'a [String],
    rule: &'a str,
    severity: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct FixOut<'a> {
    byte_end: usize,
    byte_start: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct LabelOut<'a> {
    byte_end: usize,
    byte_start: usize,
    column: usize,
    end_column: usize,
    end_line: usize,
    line: usize,
    message: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    column: usize,
    line: usize,
    message: &'a str,
    path: &'a str,
}

/// One file's diagnostics as comma-separated JSON objects; `finish` puts
/// the chunks of all files into one document.
pub fn render(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let index = LineIndex::of(doc);
    let base = doc.file_offset_base;
    let mut out = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        let located = locate(&index, doc, d);
        let labels = d
            .labels
            .iter()
            .map(|label| {
                let (line, column) = index.location(label.span.start);
                let (end_line, end_column) = index.location(label.span.end);
                LabelOut {
                    byte_end: label.span.end + base,
                    byte_start: label.span.start + base,
                    column,
                    end_column,
                    end_line,
                    line,
                    message: &label.message,
                    text: &doc.text[label.span.clone()],
                }
            })
            .collect();
        let finding = Finding {
            byte_end: d.span.end + base,
            byte_start: d.span.start + base,
            column: located.start.1,
            end_column: located.end.1,
            end_line: located.end.0,
            fix: d.fix.as_ref().map(|fix| FixOut {
                byte_end: fix.span.end + base,
                byte_start: fix.span.start + base,
                replacement: &fix.replacement,
            }),
            labels,
            line: located.start.0,
            message: &d.message,
            notes: &d.notes,
            path: &doc.path,
            related: d
                .related
                .iter()
                .map(|r| RelatedOut {
                    column: r.column,
                    line: r.line,
                    message: &r.message,
                    path: &r.path,
                })
                .collect(),
            replacements: &d.replacements,
            rule: d.rule,
            severity: d.severity.as_str(),
            text: located.text,
        };
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        // Serialising to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, &finding);
    }
    out
}

pub fn finish(chunks: &[Vec<u8>], summary: &Summary, errors: &[(String, String)]) -> Vec<u8> {
    let mut out = opening();
    super::join_chunks(&mut out, chunks);
    out.extend(closing(summary, errors));
    out
}

/// The report up to its first diagnostic: what is written before the
/// files' chunks, which are joined by `,\n`.
pub fn opening() -> Vec<u8> {
    format!("{{\"version\": {VERSION},\n\"diagnostics\": [\n").into_bytes()
}

/// The report after its last diagnostic.
pub fn closing(summary: &Summary, errors: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    let errors: Vec<Value> = errors
        .iter()
        .map(|(path, message)| json!({"path": path, "message": message}))
        .collect();
    let tail = json!({
        "files": summary.files,
        "files_failed": summary.files_failed,
        "diagnostics": summary.diagnostics(),
        "errors": summary.errors,
        "warnings": summary.warnings,
        "infos": summary.infos,
    });
    out.extend_from_slice(b"],\n\"errors\": ");
    let _ = serde_json::to_writer(&mut out, &errors);
    out.extend_from_slice(b",\n\"summary\": ");
    let _ = serde_json::to_writer(&mut out, &tail);
    out.extend_from_slice(b"}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use termlint_core::diagnostic::{Related, Severity};

    /// A finding comes out byte for byte as a JSON map of the same fields
    /// writes it (keys sorted), with a fix, labels, notes, replacements and
    /// places in other files, and without them.
    #[test]
    fn findings_keep_the_order_of_a_sorted_map() {
        let text = "One \"quoted\" line,\nand a second line.\n";
        let doc = Document::plain_text("dir/a \"b\".txt".into(), text.into(), 0);
        let mut full = Diagnostic::new("a/b", Severity::Warning, 4..12, "a \"message\"\tto escape")
            .with_fix(4..12, "'quoted'")
            .with_replacement("'quoted'")
            .with_note("note: first")
            .with_secondary(19..22, "label ✓");
        full.related.push(Related {
            path: "other.txt".into(),
            span: 0..3,
            line: 2,
            column: 5,
            message: "there".into(),
        });
        let bare = Diagnostic::new("c/d", Severity::Info, 0..0, "");
        let index = LineIndex::of(&doc);
        let expected: Vec<String> = [&full, &bare]
            .iter()
            .map(|d| {
                let location = |at: usize| index.location(at);
                let labels: Vec<Value> = d
                    .labels
                    .iter()
                    .map(|l| {
                        json!({
                            "message": l.message,
                            "line": location(l.span.start).0,
                            "column": location(l.span.start).1,
                            "end_line": location(l.span.end).0,
                            "end_column": location(l.span.end).1,
                            "byte_start": l.span.start,
                            "byte_end": l.span.end,
                            "text": &text[l.span.clone()],
                        })
                    })
                    .collect();
                let related: Vec<Value> = d
                    .related
                    .iter()
                    .map(|r| json!({"path": r.path, "line": r.line, "column": r.column, "message": r.message}))
                    .collect();
                json!({
                    "path": doc.path,
                    "rule": d.rule,
                    "severity": d.severity.as_str(),
                    "message": d.message,
                    "line": location(d.span.start).0,
                    "column": location(d.span.start).1,
                    "end_line": location(d.span.end).0,
                    "end_column": location(d.span.end).1,
                    "byte_start": d.span.start,
                    "byte_end": d.span.end,
                    "text": &text[d.span.clone()],
                    "replacements": d.replacements,
                    "notes": d.notes,
                    "labels": labels,
                    "related": related,
                    "fix": d.fix.as_ref().map(|f| json!({
                        "byte_start": f.span.start,
                        "byte_end": f.span.end,
                        "replacement": f.replacement,
                    })),
                })
                .to_string()
            })
            .collect();
        let written = render(&doc, &[full.clone(), bare.clone()]);
        assert_eq!(String::from_utf8(written).unwrap(), expected.join(",\n"));
    }
}
