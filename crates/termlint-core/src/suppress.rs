//! Inline suppression comments:
//!
//! - `termlint: ignore` or `termlint: ignore[term/variant, punct]`: this line;
//! - `termlint-disable-next-line[...]`: the next line;
//! - `termlint-disable[...]` ... `termlint-enable`: a block.
//!
//! They are found anywhere in a line, so they work inside whatever comment
//! syntax the file has (`<!-- termlint: ignore -->` in Markdown, `#` lines in
//! PO). Suppressing knows nothing of rules: it matches rule ids as text.
//! A directive that suppresses nothing is reported by the rule
//! `meta/unused-suppression` (`rules::meta`).

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::document::line_ranges;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The directive's own text in the file.
    pub span: Range<usize>,
    /// `termlint: ignore`, which covers its line (or its translation unit).
    pub line_scoped: bool,
    /// Rule ids or families; empty means every rule.
    pub rules: Vec<String>,
    /// The bytes whose diagnostics it suppresses.
    pub scope: Range<usize>,
}

impl Directive {
    fn covers(&self, d: &Diagnostic) -> bool {
        self.scope.contains(&d.span.start)
            && (self.rules.is_empty() || self.rules.iter().any(|r| selects(r, d.rule)))
    }
}

pub fn selects(selector: &str, id: &str) -> bool {
    selector == id
        || id
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// `[a, b]` right after a directive keyword: the rules and the length taken.
fn rule_list(after: &str) -> (Vec<String>, usize) {
    let Some(rest) = after.strip_prefix('[') else {
        return (Vec::new(), 0);
    };
    match rest.find(']') {
        Some(end) => (
            rest[..end]
                .split(',')
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty())
                .collect(),
            end + 2,
        ),
        None => (Vec::new(), 0),
    }
}

/// Every directive in a text.
pub fn directives(text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    if memchr::memmem::find(text.as_bytes(), b"termlint").is_none() {
        return out;
    }
    let lines: Vec<Range<usize>> = line_ranges(text).collect();
    let mut open_block: Option<(Range<usize>, Vec<String>, usize)> = None;
    for (n, line) in lines.iter().enumerate() {
        let s = &text[line.clone()];
        for (at, _) in s.match_indices("termlint") {
            let rest = &s[at + "termlint".len()..];
            let start = line.start + at;
            if let Some(after) = rest.strip_prefix(": ignore") {
                let (rules, len) = rule_list(after);
                out.push(Directive {
                    span: start..start + "termlint: ignore".len() + len,
                    line_scoped: true,
                    rules,
                    scope: line.start..line.end + 1,
                });
            } else if let Some(after) = rest.strip_prefix("-disable-next-line") {
                let (rules, len) = rule_list(after);
                let scope = lines
                    .get(n + 1)
                    .map_or(line.end..line.end, |next| next.start..next.end + 1);
                out.push(Directive {
                    span: start..start + "termlint-disable-next-line".len() + len,
                    line_scoped: false,
                    rules,
                    scope,
                });
            } else if let Some(after) = rest.strip_prefix("-disable") {
                let (rules, len) = rule_list(after);
                let span = start..start + "termlint-disable".len() + len;
                if let Some((span, rules, from)) = open_block.take() {
                    out.push(Directive {
                        span,
                        line_scoped: false,
                        rules,
                        scope: from..line.start,
                    });
                }
                open_block = Some((span, rules, line.end + 1));
            } else if rest.starts_with("-enable")
                && let Some((span, rules, from)) = open_block.take()
            {
                out.push(Directive {
                    span,
                    line_scoped: false,
                    rules,
                    scope: from..line.start,
                });
            }
        }
    }
    if let Some((span, rules, from)) = open_block {
        out.push(Directive {
            span,
            line_scoped: false,
            rules,
            scope: from..text.len() + 1,
        });
    }
    out
}

/// The directives of a document. In a bilingual file, `termlint: ignore`
/// anywhere in a unit (a PO translator comment, an XLIFF note) covers the
/// whole unit.
pub fn document_directives(text: &str, units: &[Range<usize>]) -> Vec<Directive> {
    let mut found = directives(text);
    for directive in found.iter_mut().filter(|d| d.line_scoped) {
        if let Some(unit) = units.iter().find(|u| u.contains(&directive.span.start)) {
            directive.scope = unit.clone();
        }
    }
    found
}

/// Drop the diagnostics that a directive covers; returns, per directive,
/// whether it suppressed anything.
pub fn filter(directives: &[Directive], diagnostics: &mut Vec<Diagnostic>) -> Vec<bool> {
    let mut used = vec![false; directives.len()];
    if directives.is_empty() {
        return used;
    }
    diagnostics.retain(|d| {
        let mut keep = true;
        for (i, directive) in directives.iter().enumerate() {
            if directive.covers(d) {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_line_next_line_and_block_directives() {
        let text = "a termlint: ignore\nb <!-- termlint-disable-next-line[term, punct/doubled] -->\nc\n# termlint-disable[space]\nd\ne\n# termlint-enable\nf";
        let found = directives(text);
        assert_eq!(found.len(), 3);
        assert_eq!(&text[found[0].span.clone()], "termlint: ignore");
        assert!(found[0].rules.is_empty());
        assert_eq!(
            &text[found[0].scope.start..found[0].scope.end - 1],
            "a termlint: ignore"
        );
        assert_eq!(found[1].rules, vec!["term", "punct/doubled"]);
        assert_eq!(&text[found[1].scope.start..found[1].scope.end - 1], "c");
        assert_eq!(found[2].rules, vec!["space"]);
        assert_eq!(&text[found[2].scope.clone()], "d\ne\n");
    }

    #[test]
    fn unterminated_block_runs_to_the_end() {
        let text = "termlint-disable\nx\ny";
        let found = directives(text);
        assert_eq!(found[0].scope, 17..text.len() + 1);
    }
}
