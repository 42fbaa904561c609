//! Showing the errors of the files that settings come from in context; the
//! reading itself is `termlint_load`'s.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use termlint_core::glossary::LoadError;
pub use termlint_load::*;

/// Render every problem as a compiler-style diagnostic.
pub fn emit(error: &LoadError, writer: &mut dyn termcolor::WriteColor) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = error
        .files
        .iter()
        .map(|(name, text)| files.add(name.as_str(), text.as_str()))
        .collect();
    let config = term::Config::default();
    for problem in &error.problems {
        let mut diagnostic = match problem.rule {
            Some(rule) => CsDiagnostic::warning().with_code(rule),
            None => CsDiagnostic::error().with_code(error.kind),
        }
        .with_message(&problem.message);
        match &problem.span {
            Some(span) => {
                let mut labels = vec![
                    CsLabel::primary(ids[problem.file], span.clone()).with_message(&problem.label),
                ];
                if let Some((file, span, message)) = &problem.related {
                    labels.push(CsLabel::secondary(ids[*file], span.clone()).with_message(message));
                }
                diagnostic = diagnostic.with_labels(labels);
            }
            None => {
                diagnostic =
                    diagnostic.with_notes(vec![format!("in {}", error.files[problem.file].0)]);
            }
        }
        term::emit_to_write_style(writer, &config, &files, &diagnostic)
            .map_err(std::io::Error::other)?;
    }
    Ok(())
}
