//! The small commands: `termlint rules`, `termlint explain` and
//! `termlint init`.

use std::io::Write;

use termlint_core::{config, rules};

/// `termlint init`: write the starter config, never over an existing file.
pub fn init_config(path: &std::path::Path) -> Result<(), String> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    file.write_all(config::STARTER.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `termlint rules`: one line per rule.
pub fn list_rules(out: &mut dyn Write) -> std::io::Result<()> {
    let width = rules::RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in rules::RULES {
        writeln!(
            out,
            "{:width$}  {:7}  {:7}  {}{}",
            rule.id,
            rule.severity.as_str(),
            if rule.on_by_default {
                "default"
            } else {
                "opt-in"
            },
            rule.summary,
            if rule.fixable { " (fixable)" } else { "" },
        )?;
    }
    Ok(())
}

/// `termlint explain RULE`: the rule's documentation, or `false` when no
/// rule has that id.
pub fn explain_rule(id: &str, out: &mut dyn Write) -> std::io::Result<bool> {
    let Some(rule) = rules::find(id) else {
        return Ok(false);
    };
    writeln!(out, "{}: {}", rule.id, rule.summary)?;
    writeln!(
        out,
        "Default severity: {}. Fixable: {}. {}\n",
        rule.severity,
        if rule.fixable { "yes" } else { "no" },
        if rule.on_by_default {
            "On by default."
        } else {
            "Opt-in: runs only when selected by its id (or `all`)."
        }
    )?;
    writeln!(out, "{}", rule.explain)?;
    if !rule.precision.is_empty() {
        writeln!(out, "\nMeasured precision: {}", rule.precision)?;
    }
    Ok(true)
}
