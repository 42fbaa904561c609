//! `path:line:col: severity[rule] message`, one line per diagnostic.

use std::io::Write;

use super::{LineIndex, locate};
use termlint_core::diagnostic::Diagnostic;
use termlint_core::document::Document;

pub fn render(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let index = LineIndex::new(&doc.text);
    let mut out = Vec::new();
    for d in diagnostics {
        let located = locate(&index, doc, d);
        let _ = write!(
            out,
            "{}:{}:{}: {}[{}] {}",
            doc.path, located.start.0, located.start.1, d.severity, d.rule, d.message
        );
        if let [replacement] = d.replacements.as_slice() {
            let _ = write!(out, " (fix: `{replacement}`)");
        }
        out.push(b'\n');
    }
    out
}
