//! `path:line:col: severity[rule] message`, one line per diagnostic.

use std::io::Write;

use super::{LineIndex, locate, terminal_safe};
use termlint_core::diagnostic::Diagnostic;
use termlint_core::document::Document;

pub fn render(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let index = LineIndex::of(doc);
    let mut out = Vec::new();
    for d in diagnostics {
        let located = locate(&index, doc, d);
        let _ = write!(
            out,
            "{}:{}:{}: {}[{}] {}",
            terminal_safe(&doc.path),
            located.start.0,
            located.start.1,
            d.severity,
            d.rule,
            terminal_safe(&d.message)
        );
        if let [replacement] = d.replacements.as_slice() {
            let _ = write!(out, " (fix: `{}`)", terminal_safe(replacement));
        }
        out.push(b'\n');
    }
    out
}
