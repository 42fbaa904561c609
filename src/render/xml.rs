//! Checkstyle and JUnit XML reports.

use std::fmt::Write;

use super::{LineIndex, Summary, locate};
use termlint_core::diagnostic::{Diagnostic, Severity};
use termlint_core::document::Document;

pub use termlint_core::escape::xml as escape;

fn severity(severity: Severity) -> &'static str {
    severity.as_str()
}

/// `<file>` element of a Checkstyle report.
pub fn checkstyle_file(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let index = LineIndex::of(doc);
    let mut out = format!("  <file name=\"{}\">\n", escape(&doc.path));
    for d in diagnostics {
        let located = locate(&index, doc, d);
        let _ = writeln!(
            out,
            "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"termlint.{}\"/>",
            located.start.0,
            located.start.1,
            severity(d.severity),
            escape(&d.message),
            escape(d.rule),
        );
    }
    out.push_str("  </file>\n");
    out.into_bytes()
}

pub fn checkstyle_finish(chunks: &[Vec<u8>], errors: &[(String, String)]) -> Vec<u8> {
    let mut out =
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n".to_vec();
    for chunk in chunks {
        out.extend_from_slice(chunk);
    }
    for (path, message) in errors {
        out.extend_from_slice(
            format!(
                "  <file name=\"{}\">\n    <error line=\"1\" column=\"1\" severity=\"error\" message=\"{}\" source=\"termlint.io\"/>\n  </file>\n",
                escape(path),
                escape(message)
            )
            .as_bytes(),
        );
    }
    out.extend_from_slice(b"</checkstyle>\n");
    out
}

/// `<testsuite>` of a JUnit report: one failing test case per diagnostic,
/// or one passing case for a clean file.
pub fn junit_suite(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let index = LineIndex::of(doc);
    let path = escape(&doc.path);
    let tests = diagnostics.len().max(1);
    let mut out = format!(
        "  <testsuite name=\"{path}\" tests=\"{tests}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
        diagnostics.len()
    );
    if diagnostics.is_empty() {
        let _ = writeln!(
            out,
            "    <testcase name=\"termlint\" classname=\"{path}\"/>"
        );
    }
    for d in diagnostics {
        let located = locate(&index, doc, d);
        let _ = writeln!(
            out,
            "    <testcase name=\"{}:{}:{} {}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}[{}] {}</failure>\n    </testcase>",
            path,
            located.start.0,
            located.start.1,
            escape(d.rule),
            located.start.0,
            escape(d.rule),
            escape(&d.message),
            path,
            located.start.0,
            located.start.1,
            severity(d.severity),
            escape(d.rule),
            escape(&d.message),
        );
    }
    out.push_str("  </testsuite>\n");
    out.into_bytes()
}

pub fn junit_finish(chunks: &[Vec<u8>], summary: &Summary, errors: &[(String, String)]) -> Vec<u8> {
    let tests: usize = chunks
        .iter()
        .map(|c| memchr::memmem::find_iter(c, b"<testcase ").count())
        .sum();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"termlint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
        tests,
        summary.diagnostics(),
        errors.len()
    )
    .into_bytes();
    for chunk in chunks {
        out.extend_from_slice(chunk);
    }
    for (path, message) in errors {
        let path = escape(path);
        out.extend_from_slice(
            format!(
                "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase name=\"read\" classname=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>\n  </testsuite>\n",
                escape(message)
            )
            .as_bytes(),
        );
    }
    out.extend_from_slice(b"</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_invalid_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'\u{7}\n"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&#10;"
        );
    }
}
