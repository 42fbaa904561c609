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
