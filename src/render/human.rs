//! Compiler-style diagnostics with codespan-reporting.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use termcolor::Buffer;

use super::Summary;
use termlint_core::diagnostic::{Diagnostic, Severity};
use termlint_core::document::Document;

fn severity(severity: Severity) -> CsSeverity {
    match severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

pub fn render(doc: &Document, diagnostics: &[Diagnostic], color: bool) -> Vec<u8> {
    let file = SimpleFile::new(doc.path.as_str(), doc.text.as_str());
    let config = term::Config::default();
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    for d in diagnostics {
        let mut labels = vec![CsLabel::primary((), d.span.clone()).with_message(&d.label)];
        labels.extend(
            d.labels
                .iter()
                .map(|l| CsLabel::secondary((), l.span.clone()).with_message(&l.message)),
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
        let diagnostic = CsDiagnostic::new(severity(d.severity))
            .with_code(d.rule)
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(notes);
        // The spans come from this very text, so locating cannot fail.
        let _ = term::emit_to_write_style(&mut buffer, &config, &file, &diagnostic);
    }
    buffer.into_inner()
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
