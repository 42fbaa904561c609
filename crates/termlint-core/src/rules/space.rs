//! Whitespace rules: `space/double`, `space/trailing`, `space/leading`.

use super::{Check, Context, Finding, Rule, Script, SegmentFinder, text_finder};
use crate::diagnostic::Severity;
use crate::document::line_ranges;

pub const DOUBLE: Rule = Rule {
    id: "space/double",
    severity: Severity::Warning,
    summary: "two or three spaces between words",
    fixable: true,
    check: Some(Check::Segment(|_| text_finder(double))),
    reads_terms: false,
    script: Script::Spaced,
    excused_by_source: true,
    on_by_default: true,
    precision: "100% (1 of 1) on real English READMEs. It never runs on Chinese, Japanese or Korean text. See docs/precision.md.",
    explain: "\
Reports two or three spaces between two words of a line:

    the  annual trade volume      <- space/double

Not reported: indentation, alignment (four or more spaces), and two spaces
after a sentence end (`.  Next`), an old typing convention. The fix leaves
one space.",
};

pub const TRAILING: Rule = Rule {
    id: "space/trailing",
    severity: Severity::Warning,
    summary: "spaces or tabs at the end of a line",
    fixable: true,
    check: Some(Check::Segment(|_| {
        // A translation's own end is bitext/whitespace's business, which
        // compares it with the source's: reporting it here too would make
        // one fault two findings.
        Some(Box::new(|_, target, source| {
            let target = target.text;
            let mut found = trailing(target);
            if source.is_some() {
                found.retain(|f| f.range.end != target.len());
            }
            found
        }))
    })),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: true,
    on_by_default: true,
    precision: "100% (2 of 2) in real zh catalogues, whose other 38 were the ends of translations, now bitext/whitespace's alone (100%, 58 of 58). See docs/precision.md.",
    explain: "\
Reports spaces, tabs and ideographic spaces at the end of a line. The fix
removes them. In a bilingual file, whitespace at the very end of a
translation is left to bitext/whitespace, which compares it with the
source's; the ends of lines inside a translation are checked here.",
};

pub const LEADING: Rule = Rule {
    id: "space/leading",
    severity: Severity::Warning,
    summary: "a paragraph indented with spaces or U+3000 (plain text)",
    fixable: true,
    check: Some(Check::Segment(leading_finder)),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (7 of 7) on real machine-translated news; no findings on indented code in real READMEs. See docs/precision.md.",
    explain: "\
Reports a plain-text paragraph whose first line starts with spaces, tabs or
the ideographic space U+3000, the Chinese way of marking a paragraph:

      On the morning of the same day, ...     <- space/leading

English paragraphs are separated by blank lines, not indented. The fix
removes the indentation. Markdown is not checked (indentation is syntax
there).",
};

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}')
}

/// Leading space is only a fault in plain text: elsewhere it is indentation
/// or markup.
fn leading_finder<'c>(cx: &'c Context<'c>) -> Option<SegmentFinder<'c>> {
    if cx.doc.format == crate::document::Format::Text {
        text_finder(leading)
    } else {
        None
    }
}

/// `space/double`
pub fn double(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    if !text.contains("  ") {
        return out;
    }
    for line in line_ranges(text) {
        let s = &text[line.clone()];
        let content_start = s.len() - s.trim_start_matches(is_blank).len();
        let mut run_start = None;
        for (i, c) in s.char_indices().skip_while(|&(i, _)| i < content_start) {
            match (c == ' ', run_start) {
                (true, None) => run_start = Some(i),
                (false, Some(start)) => {
                    run_start = None;
                    let width = i - start;
                    let before = s[..start].chars().next_back();
                    let after_sentence = before.is_some_and(|b| matches!(b, '.' | '?' | '!' | ':'));
                    if (2..=3).contains(&width) && !after_sentence {
                        out.push(
                            Finding::new(
                                line.start + start..line.start + i,
                                format!("{width} spaces between words"),
                                "use one space".into(),
                            )
                            .replace(" "),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// `space/trailing`
pub fn trailing(text: &str) -> Vec<Finding> {
    line_ranges(text)
        .filter_map(|line| {
            let s = &text[line.clone()];
            let trimmed = s.trim_end_matches(is_blank);
            (trimmed.len() < s.len() && !trimmed.is_empty()).then(|| {
                Finding::new(
                    line.start + trimmed.len()..line.end,
                    "trailing whitespace".into(),
                    "remove this".into(),
                )
                .replace("")
            })
        })
        .collect()
}

/// `space/leading`: the first line of a paragraph.
pub fn leading(text: &str) -> Vec<Finding> {
    let indent = text.len() - text.trim_start_matches(is_blank).len();
    if indent == 0 || indent == text.len() {
        return Vec::new();
    }
    // The ideographic space is the Chinese paragraph indent, carried over.
    // Other indentation counts only on prose: up to three spaces before a
    // sentence of some length. Four spaces or a tab start code or a quote.
    let ideographic = text[..indent].contains('\u{3000}');
    let prose = indent <= 3
        && !text[..indent].contains('\t')
        && text.split_whitespace().count() >= 5
        && text
            .trim_end()
            .ends_with(['.', '!', '?', '"', '”', '。', '！', '？']);
    if !ideographic && !prose {
        return Vec::new();
    }
    vec![
        Finding::new(
            0..indent,
            "paragraph indented with whitespace".into(),
            "remove the indentation".into(),
        )
        .replace(""),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(f: fn(&str) -> Vec<Finding>, text: &str) -> Vec<std::ops::Range<usize>> {
        f(text).into_iter().map(|x| x.range).collect()
    }

    #[test]
    fn double_spaces() {
        assert_eq!(flagged(double, "the  annual   trade"), vec![3..5, 11..14]);
        for ok in [
            "  indented line",
            "one.  Two",
            "col    aligned",
            "a b c",
            "end  ",
        ] {
            assert!(double(ok).is_empty() || ok == "end  ", "{ok}");
        }
        assert!(double("end  ").is_empty());
    }

    #[test]
    fn trailing_spaces() {
        assert_eq!(flagged(trailing, "a \nb\t\r\nc"), vec![1..2, 4..5]);
        assert!(trailing("clean\nlines\r\n").is_empty());
    }

    #[test]
    fn leading_indentation() {
        assert_eq!(
            flagged(leading, "  On the morning of the 16th, the port opened."),
            vec![0..2]
        );
        // Code and quotes: four spaces or a tab, or no sentence.
        for ok in [
            "    class ProductFilter(filters.FilterSet):",
            "\tpip install termlint",
            "  On the morning",
        ] {
            assert!(leading(ok).is_empty(), "{ok}");
        }
        assert_eq!(flagged(leading, "\u{3000}\u{3000}泉州"), vec![0..6]);
        assert!(leading("No indent\n  second line is not a paragraph start").is_empty());
    }
}
