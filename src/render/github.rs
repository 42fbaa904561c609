//! GitHub Actions workflow commands: one annotation per diagnostic.

use std::io::Write;

use super::{LineIndex, locate};
use termlint_core::diagnostic::{Diagnostic, Severity};
use termlint_core::document::Document;

/// Escape a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a command property value (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let index = LineIndex::of(doc);
    let mut out = Vec::new();
    for d in diagnostics {
        let located = locate(&index, doc, d);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let [replacement] = d.replacements.as_slice() {
            message.push_str(&if replacement.is_empty() {
                " (fix: delete it)".to_owned()
            } else {
                format!(" (fix: `{replacement}`)")
            });
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&doc.path),
            located.start.0,
            located.start.1,
            located.end.0,
            located.end.1,
            escape_property(&format!("termlint {}", d.rule)),
            escape_data(&message),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50%\r\nx: y, z"), "50%25%0D%0Ax: y, z");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
