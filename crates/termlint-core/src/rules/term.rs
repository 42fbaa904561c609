//! Terminology rules driven by the glossary: `term/variant`,
//! `term/forbidden` and `term/inconsistent`.

use std::collections::HashMap;
use std::ops::Range;

use super::{Check, Context, Rule, Script};
use crate::diagnostic::{Diagnostic, Severity};
use crate::matcher::Hit;

pub const VARIANT: Rule = Rule {
    id: "term/variant",
    severity: Severity::Warning,
    summary: "a glossary variant is used instead of the approved rendering",
    fixable: true,
    check: Some(Check::Document(check_variants)),
    reads_terms: true,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (12 of 12) on real machine-translated news with the bundled glossary, after one entry that flagged a correct name was removed. See docs/precision.md.",
    explain: "\
Reports a rendering that the glossary lists as a variant of a term, and
suggests the term's canonical form.

Variants in Latin script match at word boundaries only (`Xian` does not match
inside `Xianyang`); variants in Chinese script match as words of their own,
on the boundaries of a word segmentation (`软体` is not found in `软体动物`).
A glossary written in Simplified script applies to Traditional text through
the Traditional spelling where the conversion is one-to-one, and the
suggestion is spelled in the target's script (`登陸` -> `登錄` in zh-TW). Matching ignores case, except for acronyms written in capitals
(`OBOR`), terms marked `case_sensitive = true`, and variants that differ from
the canonical form only in case (`Covid-19` for `COVID-19`). A canonical form
is never reported, even where a variant lies inside it.

Example, with `Maritime Silk Road` and its variant `Hai Silk`:

    trade along the Hai Silk route      <- term/variant: use `Maritime Silk Road`
    trade along the Maritime Silk Road  <- fine

The fix replaces the variant with the canonical form.",
};

pub const FORBIDDEN: Rule = Rule {
    id: "term/forbidden",
    severity: Severity::Warning,
    summary: "a phrase the glossary forbids (MT artifacts, banned wording)",
    fixable: true,
    check: Some(Check::Document(check_forbidden)),
    reads_terms: true,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (2 of 2) on real machine-translated news. See docs/precision.md.",
    explain: "\
Reports a phrase listed under a `[[forbidden]]` entry of the glossary, with the
entry's message. Typical entries are machine-translation artifacts such as the
literal end-of-article marker `(Finish)` and wording a style guide bans.

    [[forbidden]]
    phrases = [\"(Finish)\"]
    message = \"Literal translation of the end-of-article marker; delete it.\"
    replacement = \"\"

When the entry has a `replacement`, it is offered as the fix (an empty
replacement deletes the phrase). Matching follows the same rules as
term/variant.",
};

pub const INCONSISTENT: Rule = Rule {
    id: "term/inconsistent",
    severity: Severity::Warning,
    summary: "one concept is rendered more than one way in the same file",
    fixable: false,
    check: Some(Check::Document(check_inconsistent)),
    reads_terms: true,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (3 of 3) on real machine-translated news. See docs/precision.md.",
    explain: "\
Reports a glossary term that a file renders in more than one way, counting the
canonical form and every variant (ignoring case). It is reported once per
term, at the first rendering, with a label at the first occurrence of each
other rendering and how often each occurs.

    ... the Maritime Silk Road ... the Hai Silk route ... the Sea Silk city
    <- term/inconsistent: `Maritime Silk Road` is rendered 3 ways

Each variant is also reported by term/variant; this rule shows the drift at a
glance and catches it when the variants are individually tolerated.

With `consistency-scope = \"project\"` in the config, renderings are counted
across every file of the run instead: one finding per term, at its first
rendering in path order, with the first place of each rendering in every
file as related locations.",
};

/// `term/variant`: one diagnostic per variant found.
fn check_variants(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (i, (segment, hits)) in cx.doc.segments.iter().zip(&cx.target_terms).enumerate() {
        let piece = &segment.target;
        for hit in hits {
            let Hit::Variant { term, .. } = hit.hit else {
                continue;
            };
            let term = &cx.glossary.terms[term];
            let text = &piece.text[hit.span.clone()];
            let span = piece.file_span(hit.span.clone());
            let canonical = cx.canonical_for(term, i);
            let replacement = match_initial_case(&canonical, text);
            let mut d = Diagnostic::new(
                VARIANT.id,
                term.severity.unwrap_or(VARIANT.severity),
                span.clone(),
                format!("`{text}` is a variant of `{canonical}`"),
            )
            .with_label(format!("use `{replacement}`"))
            .with_fix(span, replacement.clone())
            .with_replacement(replacement);
            if let Some(note) = &term.note {
                d = d.with_note(note.clone());
            }
            out.push(d);
        }
    }
}

/// `term/forbidden`: one diagnostic per forbidden phrase found.
fn check_forbidden(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (segment, hits) in cx.doc.segments.iter().zip(&cx.target_terms) {
        let piece = &segment.target;
        for hit in hits {
            let Hit::Forbidden { rule, .. } = hit.hit else {
                continue;
            };
            let rule = &cx.glossary.forbidden[rule];
            let text = &piece.text[hit.span.clone()];
            let span = piece.file_span(hit.span.clone());
            let message = rule
                .message
                .clone()
                .unwrap_or_else(|| format!("`{text}` is forbidden"));
            let label = match rule.replacement.as_deref() {
                Some("") => "delete this".to_owned(),
                Some(r) => format!("use `{r}`"),
                None => "forbidden".to_owned(),
            };
            let mut d = Diagnostic::new(
                FORBIDDEN.id,
                rule.severity.unwrap_or(FORBIDDEN.severity),
                span.clone(),
                message,
            )
            .with_label(label);
            if let Some(replacement) = &rule.replacement {
                // Deleting a phrase takes the space before it too,
                // so that no double or trailing space is left.
                let fix_span = if replacement.is_empty() {
                    piece.file_span(widen_over_space(&piece.text, hit.span.clone()))
                } else {
                    span
                };
                d = d
                    .with_fix(fix_span, replacement.clone())
                    .with_replacement(replacement.clone());
            }
            if let Some(note) = &rule.note {
                d = d.with_note(note.clone());
            }
            out.push(d);
        }
    }
}

/// Widen a span over the horizontal whitespace before it, or, at the start
/// of a line, after it.
fn widen_over_space(text: &str, span: Range<usize>) -> Range<usize> {
    let before = text[..span.start].trim_end_matches([' ', '\t']);
    if before.len() < span.start && !before.is_empty() && !before.ends_with('\n') {
        return before.len()..span.end;
    }
    let after = text[span.end..].trim_start_matches([' ', '\t']);
    span.start..text.len() - after.len()
}

/// A sentence-initial variant gets a capitalised replacement when the
/// canonical form is lower-case (`Year on year` -> `Year-on-year`).
fn match_initial_case(canonical: &str, matched: &str) -> String {
    let starts_upper = matched.chars().next().is_some_and(char::is_uppercase);
    let mut chars = canonical.chars();
    match chars.next() {
        Some(first) if starts_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => canonical.to_owned(),
    }
}

struct Rendering {
    text: String,
    first: Range<usize>,
    count: usize,
}

/// One way a file renders a glossary term: the text, where it first
/// occurs (byte span, 1-based line and column) and how often.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermRendering {
    pub term: usize,
    /// The term's canonical form, for messages.
    pub canonical: String,
    pub text: String,
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
    pub count: usize,
}

/// How each glossary term is rendered in a document, in order of first
/// appearance: a file's summary for term/inconsistent across a project.
pub fn renderings(cx: &Context<'_>) -> Vec<TermRendering> {
    let index = crate::line_index::LineIndex::new(&cx.doc.text);
    let mut by_term: HashMap<usize, Vec<Rendering>> = HashMap::new();
    let mut order = Vec::new();
    collect_renderings(cx, &mut by_term, &mut order);
    let mut out = Vec::new();
    for term in order {
        for r in &by_term[&term] {
            let (line, column) = index.location(r.first.start);
            out.push(TermRendering {
                term,
                canonical: cx.glossary.terms[term].canonical.clone(),
                text: r.text.clone(),
                span: r.first.clone(),
                line,
                column,
                count: r.count,
            });
        }
    }
    out
}

fn collect_renderings(
    cx: &Context<'_>,
    by_term: &mut HashMap<usize, Vec<Rendering>>,
    order: &mut Vec<usize>,
) {
    for (segment, hits) in cx.doc.segments.iter().zip(&cx.target_terms) {
        for hit in hits {
            let term = match hit.hit {
                Hit::Canonical { term } | Hit::Variant { term, .. } => term,
                // Accepted renderings are correct alongside the canonical.
                Hit::Accepted { .. } | Hit::Forbidden { .. } => continue,
            };
            let text = &segment.target.text[hit.span.clone()];
            if !by_term.contains_key(&term) {
                order.push(term);
            }
            let renderings = by_term.entry(term).or_default();
            match renderings
                .iter_mut()
                .find(|r| r.text.to_lowercase() == text.to_lowercase())
            {
                Some(rendering) => rendering.count += 1,
                None => renderings.push(Rendering {
                    text: text.to_owned(),
                    first: segment.target.file_span(hit.span.clone()),
                    count: 1,
                }),
            }
        }
    }
}

/// `term/inconsistent`: renderings of each term across the whole file
/// (across the run, with `consistency-scope = "project"`, merged by the
/// front end from [`renderings`]).
fn check_inconsistent(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.options.terms_across_files {
        return;
    }
    // term -> renderings in order of first appearance
    let mut by_term: HashMap<usize, Vec<Rendering>> = HashMap::new();
    collect_renderings(cx, &mut by_term, &mut Vec::new());
    let mut terms: Vec<_> = by_term.into_iter().filter(|(_, r)| r.len() > 1).collect();
    terms.sort_by_key(|(_, renderings)| renderings[0].first.start);
    for (term, renderings) in terms {
        let term = &cx.glossary.terms[term];
        let times = |n: usize| {
            if n == 1 {
                "once".to_owned()
            } else {
                format!("{n} times")
            }
        };
        let listing = renderings
            .iter()
            .map(|r| format!("`{}` ({})", r.text, times(r.count)))
            .collect::<Vec<_>>()
            .join(", ");
        let first = &renderings[0];
        let mut d = Diagnostic::new(
            INCONSISTENT.id,
            term.severity.unwrap_or(INCONSISTENT.severity),
            first.first.clone(),
            format!(
                "`{}` is rendered {} different ways in this file",
                term.canonical,
                renderings.len()
            ),
        )
        .with_label(format!("`{}`, {}", first.text, times(first.count)))
        .with_note(format!("renderings: {listing}"))
        .with_note(format!("use `{}` throughout", term.canonical));
        for r in &renderings[1..] {
            d = d.with_secondary(r.first.clone(), format!("`{}`, {}", r.text, times(r.count)));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::glossary::Glossary;
    use crate::matcher::Matcher;
    use crate::rules::{RuleOptions, Selection, check};

    const GLOSSARY: &str = r#"
[[term]]
canonical = "Maritime Silk Road"
variants = ["Hai Silk", "Sea Silk"]
note = "Short for the 21st Century Maritime Silk Road."
[[term]]
canonical = "year-on-year"
variants = ["year on year"]
[[forbidden]]
phrases = ["(Finish)"]
message = "Literal end-of-article marker; delete it."
replacement = ""
[[forbidden]]
phrases = ["very unique"]
"#;

    fn lint(text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let glossary = Glossary::from_toml(GLOSSARY).unwrap();
        let matcher = Matcher::new(&glossary);
        let doc = Document::plain_text("t.txt".into(), text.into(), 0);
        let selection = Selection {
            select: vec!["term".into()],
            ..Selection::default()
        };
        check(
            &doc,
            &glossary,
            &matcher,
            &selection,
            &RuleOptions::default(),
        )
    }

    #[test]
    fn variant_reports_span_replacement_and_note() {
        let text = "Trade along the Hai Silk route.";
        let d = lint(text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rule, "term/variant");
        assert_eq!(&text[d[0].span.clone()], "Hai Silk");
        assert_eq!(d[0].replacements, vec!["Maritime Silk Road"]);
        assert_eq!(
            d[0].message,
            "`Hai Silk` is a variant of `Maritime Silk Road`"
        );
        assert_eq!(
            d[0].notes,
            vec!["Short for the 21st Century Maritime Silk Road."]
        );
    }

    #[test]
    fn sentence_initial_variant_gets_capitalised_replacement() {
        let d = lint("Year on year, exports grew.");
        assert_eq!(d[0].replacements, vec!["Year-on-year"]);
    }

    #[test]
    fn forbidden_with_and_without_replacement() {
        let text = "It ended. (Finish) That is very unique.";
        let d = lint(text);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].rule, "term/forbidden");
        assert_eq!(&text[d[0].span.clone()], "(Finish)");
        assert_eq!(d[0].replacements, vec![""]);
        assert_eq!(d[0].message, "Literal end-of-article marker; delete it.");
        assert_eq!(d[1].message, "`very unique` is forbidden");
        assert!(d[1].replacements.is_empty());
    }

    #[test]
    fn inconsistent_reports_once_with_a_label_per_rendering() {
        let text = "The Maritime Silk Road.\n\nThe Hai Silk and the hai silk.\n\nThe Sea Silk.";
        let d: Vec<_> = lint(text)
            .into_iter()
            .filter(|d| d.rule == "term/inconsistent")
            .collect();
        assert_eq!(d.len(), 1);
        assert_eq!(&text[d[0].span.clone()], "Maritime Silk Road");
        assert_eq!(
            d[0].message,
            "`Maritime Silk Road` is rendered 3 different ways in this file"
        );
        let labelled: Vec<&str> = d[0].labels.iter().map(|l| &text[l.span.clone()]).collect();
        assert_eq!(labelled, vec!["Hai Silk", "Sea Silk"]);
        assert_eq!(d[0].labels[0].message, "`Hai Silk`, 2 times");
    }

    #[test]
    fn consistent_files_are_not_inconsistent() {
        assert!(lint("The Maritime Silk Road and the maritime silk road.").is_empty());
        let only_variant = lint("The Hai Silk and the Hai Silk.");
        assert!(only_variant.iter().all(|d| d.rule == "term/variant"));
    }
}
