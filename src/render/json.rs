//! The JSON report: `{"version": 1, "diagnostics": [...], "summary": {...}}`.

use serde_json::{Value, json};

use super::{LineIndex, Summary, locate};
use termlint_core::diagnostic::Diagnostic;
use termlint_core::document::Document;

pub const VERSION: u32 = 1;

/// One file's diagnostics as comma-separated JSON objects; `finish` puts
/// the chunks of all files into one document.
pub fn render(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let index = LineIndex::of(doc);
    let base = doc.file_offset_base;
    let mut out = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        let located = locate(&index, doc, d);
        let labels: Vec<Value> = d
            .labels
            .iter()
            .map(|label| {
                let (line, column) = index.location(label.span.start);
                let (end_line, end_column) = index.location(label.span.end);
                json!({
                    "message": label.message,
                    "line": line, "column": column,
                    "end_line": end_line, "end_column": end_column,
                    "byte_start": label.span.start + base,
                    "byte_end": label.span.end + base,
                    "text": &doc.text[label.span.clone()],
                })
            })
            .collect();
        let value = json!({
            "path": doc.path,
            "rule": d.rule,
            "severity": d.severity.as_str(),
            "message": d.message,
            "line": located.start.0,
            "column": located.start.1,
            "end_line": located.end.0,
            "end_column": located.end.1,
            "byte_start": d.span.start + base,
            "byte_end": d.span.end + base,
            "text": located.text,
            "replacements": d.replacements,
            "notes": d.notes,
            "labels": labels,
            "related": d.related.iter().map(|r| json!({
                "path": r.path,
                "line": r.line,
                "column": r.column,
                "message": r.message,
            })).collect::<Vec<Value>>(),
            "fix": d.fix.as_ref().map(|fix| json!({
                "byte_start": fix.span.start + base,
                "byte_end": fix.span.end + base,
                "replacement": fix.replacement,
            })),
        });
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        // Serialising a `Value` to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, &value);
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
