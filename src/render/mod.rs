//! Renderers turn diagnostics into output. They decide nothing about what is
//! wrong; they only locate spans (line and column are computed here, once)
//! and format.

use std::str::FromStr;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

pub mod concise;
pub mod human;
pub mod json;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Concise,
    Json,
}

impl FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "human" => Ok(OutputFormat::Human),
            "concise" => Ok(OutputFormat::Concise),
            "json" => Ok(OutputFormat::Json),
            other => Err(format!("unknown format `{other}`")),
        }
    }
}

/// Totals for the closing summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub files_failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn diagnostics(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    pub fn count(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// 1-based line and column of byte offsets in a text; columns count
/// Unicode scalar values.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    pub fn location(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }
}

/// A diagnostic with everything a machine format needs, located.
pub struct Located<'a> {
    pub diagnostic: &'a Diagnostic,
    pub start: (usize, usize),
    pub end: (usize, usize),
    pub text: &'a str,
}

pub fn locate<'a>(
    index: &LineIndex<'_>,
    doc: &'a Document,
    diagnostic: &'a Diagnostic,
) -> Located<'a> {
    Located {
        diagnostic,
        start: index.location(diagnostic.span.start),
        end: index.location(diagnostic.span.end),
        text: &doc.text[diagnostic.span.clone()],
    }
}

/// Render one file's diagnostics in `format` into a chunk of output.
pub fn render_file(
    format: OutputFormat,
    doc: &Document,
    diagnostics: &[Diagnostic],
    color: bool,
) -> Vec<u8> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    match format {
        OutputFormat::Human => human::render(doc, diagnostics, color),
        OutputFormat::Concise => concise::render(doc, diagnostics),
        OutputFormat::Json => json::render(doc, diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_ignore_crlf() {
        let text = "ab\r\n海丝 Hai Silk\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.location(0), (1, 1));
        let hai = text.find("Hai").unwrap();
        assert_eq!(index.location(hai), (2, 4));
        assert_eq!(index.location(text.len()), (3, 1));
    }
}
