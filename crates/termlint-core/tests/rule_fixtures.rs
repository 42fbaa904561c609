//! One fixture file per rule, `tests/rules/<family>/<name>.<ext>`, holding
//! text the rule must flag and text it must not. Each is linted through the
//! real entry point with only that rule selected; the findings and the
//! fixed text are compared with the snapshot in `tests/snapshots/`.
//!
//! A new rule's tests are one fixture file plus its snapshot: run
//! `INSTA_UPDATE=always cargo test -p termlint-core --test rule_fixtures`
//! (or `cargo insta review`) and read the snapshot before committing it.
//!
//! The harness also checks what must hold for every rule: findings only of
//! the selected rule, fixes only from fixable rules, and fixes that reach a
//! fixed point (a second `--fix` changes nothing).

use std::fmt::Write;
use std::path::Path;

use termlint_core::consistency;
use termlint_core::glossary::Compiled;
use termlint_core::line_index::LineIndex;
use termlint_core::lint::lint;
use termlint_core::rules::{self, Selection};
use termlint_core::settings::{Flags, Settings};

/// The year fixtures are judged in, so that garble/tense-year does not
/// depend on today's date.
const AS_OF_YEAR: i32 = 2021;

fn settings_for(rule: &str) -> Settings {
    let flags = Flags {
        selection: Selection {
            select: vec![rule.to_owned()],
            ..Selection::default()
        },
        as_of_year: Some(AS_OF_YEAR),
        ..Flags::default()
    };
    Settings::resolve(flags, None, Compiled::bundled().unwrap()).unwrap()
}

/// `tests/rules/punct/doubled.txt` -> `punct/doubled`.
/// `rules/zh/script-mix.zh_TW.po` is a fixture of `zh/script-mix`: the name
/// up to its first dot.
fn rule_of(path: &Path) -> String {
    let family = path.parent().and_then(Path::file_name).unwrap();
    let name = fixture_rule_name(path);
    format!("{}/{}", family.to_string_lossy(), name)
}

fn fixture_rule_name(path: &Path) -> String {
    let file = path.file_name().unwrap().to_string_lossy();
    file.split('.').next().unwrap().to_owned()
}

/// A glossary rule's fixture is a glossary: what `glossary check` finds in
/// it, which must be that rule only, and at least once.
fn glossary_report(path: &Path, rule_id: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let problems = Compiled::check(&[(name, text.clone())]);
    assert!(
        !problems.is_empty(),
        "{rule_id}: the fixture must contain entries the rule reports"
    );
    let index = LineIndex::new(&text);
    let mut out = String::new();
    for problem in &problems {
        let found = problem.rule.unwrap_or(rules::glossary::INVALID.id);
        assert_eq!(
            found, rule_id,
            "only the fixture's rule reports: {problem:?}"
        );
        let span = problem.span.clone().unwrap_or(0..0);
        let (line, column) = index.location(span.start);
        writeln!(
            out,
            "{line}:{column} `{}`: {}",
            &text[span], problem.message
        )
        .unwrap();
        if let Some((_, span, message)) = &problem.related {
            let (line, column) = index.location(span.start);
            writeln!(out, "  {message} {line}:{column}").unwrap();
        }
    }
    out
}

fn report(path: &Path, rule_id: &str) -> String {
    if rule_id.starts_with("glossary/") {
        return glossary_report(path, rule_id);
    }
    let mut related_out = String::new();
    let rule = rules::find(rule_id).unwrap_or_else(|| panic!("no rule {rule_id} for {path:?}"));
    let settings = settings_for(rule_id);
    let bytes = std::fs::read(path).unwrap();
    let mut linted = lint(&bytes, Some(path), &settings, false).unwrap();
    let run_level = [
        consistency::INCONSISTENT_TARGET.id,
        consistency::INCONSISTENT_SOURCE.id,
    ];
    if run_level.contains(&rule_id) {
        // A run-level rule: the file is the whole run.
        let file = settings.for_path(Some(path));
        let found = consistency::within_document(&linted.document, &file);
        for d in &found {
            for related in &d.related {
                writeln!(
                    related_out,
                    "  related {}:{} {}",
                    related.line, related.column, related.message
                )
                .unwrap();
            }
        }
        linted.diagnostics = found;
    }
    assert!(
        !linted.diagnostics.is_empty(),
        "{rule_id}: the fixture must contain text the rule flags"
    );
    let index = LineIndex::new(&linted.document.text);
    let mut out = String::new();
    for d in &linted.diagnostics {
        assert_eq!(d.rule, rule_id, "only the selected rule reports");
        assert!(
            d.fix.is_none() || rule.fixable,
            "{rule_id} is not fixable but offers a fix"
        );
        let (line, column) = index.location(d.span.start);
        let text = &linted.document.text[d.span.clone()];
        write!(
            out,
            "{line}:{column} {} `{text}`: {}",
            d.severity, d.message
        )
        .unwrap();
        if let Some(fix) = &d.fix {
            write!(out, " [fix: `{}`]", fix.replacement).unwrap();
        }
        out.push('\n');
        // What the file records about the unit (TMX properties).
        for note in d.notes.iter().filter(|n| n.starts_with("x-")) {
            writeln!(out, "  note {note}").unwrap();
        }
    }

    out.push_str(&related_out);
    let fixed = lint(&bytes, Some(path), &settings, true).unwrap();
    if fixed.fixes_applied > 0 {
        let fixed_bytes = fixed.fixed_bytes().unwrap();
        let again = lint(&fixed_bytes, Some(path), &settings, true).unwrap();
        assert_eq!(
            again.fixes_applied, 0,
            "{rule_id}: a second fix changed more"
        );
        assert!(
            again.diagnostics.iter().all(|d| d.fix.is_none()),
            "{rule_id}: fixable findings remain after fixing"
        );
        out.push_str("--- fixed ---\n");
        out.push_str(&fixed.document.text);
    }
    out
}

#[test]
fn rule_fixtures() {
    insta::glob!("rules/*/*", |path| {
        let rule_id = rule_of(path);
        // One snapshot per fixture: the rule id, and any extra name part.
        let file = path.file_name().unwrap().to_string_lossy();
        let extra: Vec<&str> = file.split('.').collect();
        let name = match extra.as_slice() {
            [_, middle @ .., _] if !middle.is_empty() => {
                format!("{}.{}", rule_id.replace('/', "__"), middle.join("."))
            }
            _ => rule_id.replace('/', "__"),
        };
        insta::assert_snapshot!(name, report(path, &rule_id));
    });
}

#[test]
fn every_rule_has_a_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    for rule in rules::RULES {
        let (family, name) = rule.id.split_once('/').unwrap();
        let found = std::fs::read_dir(root.join(family))
            .into_iter()
            .flatten()
            .flatten()
            .any(|entry| fixture_rule_name(&entry.path()) == name);
        assert!(found, "no fixture for {}", rule.id);
    }
}
