//! Rules about termlint's own directives: `meta/unused-suppression`.

use super::{RULES, Rule, Script, Selection};
use crate::diagnostic::{Diagnostic, Severity};
use crate::suppress::{Directive, selects};

pub const UNUSED_SUPPRESSION: Rule = Rule {
    id: "meta/unused-suppression",
    severity: Severity::Warning,
    summary: "a suppression comment that suppresses nothing",
    fixable: false,
    // Reported after suppressions are applied, by `unused_suppressions`.
    check: None,
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "no findings on the real-data corpus (which has no suppressions). See docs/precision.md.",
    explain: "\
Reports a `termlint: ignore`, `termlint-disable-next-line` or
`termlint-disable` comment that no diagnostic needed, so that stale
suppressions do not pile up and hide future problems:

    The Maritime Silk Road.  termlint: ignore[term/variant]   <- reported

Directives that name only rules which are not enabled are not reported.",
};

/// One diagnostic for each directive that suppressed nothing, unless it
/// names only rules that are not enabled.
pub fn unused_suppressions(
    directives: Vec<Directive>,
    used: &[bool],
    selection: &Selection,
    out: &mut Vec<Diagnostic>,
) {
    if !selection.enabled(UNUSED_SUPPRESSION.id) {
        return;
    }
    for (directive, used) in directives.into_iter().zip(used) {
        let names_enabled_rule = directive.rules.is_empty()
            || directive.rules.iter().any(|r| {
                RULES
                    .iter()
                    .any(|rule| selects(r, rule.id) && selection.enabled(rule.id))
            });
        if !used && names_enabled_rule {
            out.push(
                Diagnostic::new(
                    UNUSED_SUPPRESSION.id,
                    UNUSED_SUPPRESSION.severity,
                    directive.span,
                    "this suppression suppresses nothing",
                )
                .with_label("unused; remove it"),
            );
        }
    }
}
