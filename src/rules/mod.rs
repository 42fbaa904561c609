//! Rules: each a small module with a stable `family/name` id. A rule reads
//! the shared [`Context`] and returns diagnostics; it never reads files or
//! prints.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::glossary::Glossary;
use crate::matcher::{Matcher, TermMatch};

pub mod term;

/// What `termlint rules` and `termlint explain` show about a rule.
#[derive(Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub explain: &'static str,
    pub fixable: bool,
}

/// Every rule, in the order they are listed.
pub const RULES: &[&RuleInfo] = &[&term::VARIANT, &term::FORBIDDEN, &term::INCONSISTENT];

type CheckFn = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// The rule ids with their check functions; several ids may share one pass.
const CHECKS: &[(&[&str], CheckFn)] = &[
    (&["term/variant", "term/forbidden"], term::check_matches),
    (&["term/inconsistent"], term::check_inconsistent),
];

pub fn find(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().copied().find(|rule| rule.id == id)
}

/// Everything a rule may look at for one document.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub glossary: &'a Glossary,
    /// Glossary matches in each segment's target text, in text order.
    pub target_terms: Vec<Vec<TermMatch>>,
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Document, glossary: &'a Glossary, matcher: &Matcher) -> Self {
        let target_terms = doc
            .segments
            .iter()
            .map(|segment| {
                let mut hits = Vec::new();
                matcher.find_all(&segment.target.text, &mut hits);
                hits
            })
            .collect();
        Context {
            doc,
            glossary,
            target_terms,
        }
    }
}

/// Which rules run, and at what severity.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Ids or families (`term`) to run; empty means all.
    pub select: Vec<String>,
    /// Ids or families to skip.
    pub ignore: Vec<String>,
    pub severity: HashMap<String, Severity>,
}

fn selector_matches(selector: &str, id: &str) -> bool {
    selector == "all"
        || selector == id
        || id
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl Selection {
    pub fn enabled(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| selector_matches(s, id)))
            && !self.ignore.iter().any(|s| selector_matches(s, id))
    }

    /// Check that every selector names a rule or a family.
    pub fn validate(&self) -> Result<(), String> {
        for selector in self
            .select
            .iter()
            .chain(&self.ignore)
            .chain(self.severity.keys())
        {
            if !RULES.iter().any(|rule| selector_matches(selector, rule.id)) {
                return Err(format!(
                    "unknown rule or family `{selector}` (see `termlint rules`)"
                ));
            }
        }
        Ok(())
    }
}

/// Run the selected rules over one document; diagnostics sorted by position.
pub fn check(
    doc: &Document,
    glossary: &Glossary,
    matcher: &Matcher,
    selection: &Selection,
) -> Vec<Diagnostic> {
    let cx = Context::new(doc, glossary, matcher);
    let mut out = Vec::new();
    for (ids, check) in CHECKS {
        if ids.iter().any(|id| selection.enabled(id)) {
            check(&cx, &mut out);
        }
    }
    out.retain(|d| selection.enabled(d.rule));
    for diagnostic in &mut out {
        if let Some(severity) = selection
            .severity
            .iter()
            .filter(|(selector, _)| selector_matches(selector, diagnostic.rule))
            // The most specific selector (a rule id over its family) wins.
            .max_by_key(|(selector, _)| selector.len())
            .map(|(_, severity)| *severity)
        {
            diagnostic.severity = severity;
        }
    }
    out.sort_by(|a, b| (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_id_is_a_listed_rule_and_back() {
        for (ids, _) in CHECKS {
            for id in *ids {
                assert!(find(id).is_some(), "{id} is not in RULES");
            }
        }
        for rule in RULES {
            assert!(CHECKS.iter().any(|(ids, _)| ids.contains(&rule.id)));
            assert!(rule.id.contains('/'));
            assert!(!rule.explain.is_empty());
        }
    }

    #[test]
    fn selection_by_family_and_id() {
        let selection = Selection {
            select: vec!["term".into()],
            ignore: vec!["term/inconsistent".into()],
            ..Selection::default()
        };
        assert!(selection.enabled("term/variant"));
        assert!(!selection.enabled("term/inconsistent"));
        assert!(!selection.enabled("terms/x"));
        assert!(selection.validate().is_ok());
        let bad = Selection {
            ignore: vec!["nope".into()],
            ..Selection::default()
        };
        assert!(bad.validate().is_err());
    }
}
