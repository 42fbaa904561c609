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

/// The glossary files `termlint glossary ...` works on: the ones given,
/// else the config's (found as `check` finds it), else the bundled one.
/// Returns the compiled glossary and the files' display names, or prints
/// the load errors and returns the exit code.
fn load_glossaries(
    paths: &[std::path::PathBuf],
) -> Result<(termlint_core::glossary::Compiled, Vec<String>), i32> {
    let configured;
    let paths = if paths.is_empty() {
        configured = crate::load::discover_config(std::path::Path::new("."))
            .and_then(|path| crate::load::config(&path).ok())
            .map(|config| config.glossaries)
            .unwrap_or_default();
        configured.as_slice()
    } else {
        paths
    };
    let names: Vec<String> = if paths.is_empty() {
        vec![termlint_core::glossary::DEFAULT_GLOSSARY_NAME.to_owned()]
    } else {
        crate::load::expand_paths(paths)
            .unwrap_or_default()
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    };
    match crate::load::glossary(paths) {
        Ok(compiled) => Ok((compiled, names)),
        Err(error) => {
            let mut err = termcolor::StandardStream::stderr(termcolor::ColorChoice::Never);
            let _ = crate::load::emit(&error, &mut err);
            Err(crate::check::EXIT_USAGE)
        }
    }
}

/// `termlint glossary test`: every term's `flag` examples must be
/// reported and its `pass` examples not. Exit 1 on any failure.
pub fn glossary_test(paths: &[std::path::PathBuf], out: &mut dyn Write) -> i32 {
    let (compiled, names) = match load_glossaries(paths) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let (ran, failures) = compiled.run_examples();
    for failure in &failures {
        let term = &compiled.glossary.terms[failure.term];
        let file = names.get(term.origin).map_or("", String::as_str);
        let _ = if failure.should_flag {
            writeln!(
                out,
                "FAIL {file}: `{}`: flag example not reported: {:?}",
                term.canonical, failure.sentence
            )
        } else {
            writeln!(
                out,
                "FAIL {file}: `{}`: pass example reported ({}): {:?}",
                term.canonical,
                failure
                    .found
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                failure.sentence
            )
        };
    }
    let _ = writeln!(
        out,
        "{} example{} run, {} failed.",
        ran,
        if ran == 1 { "" } else { "s" },
        failures.len()
    );
    if failures.is_empty() {
        crate::check::EXIT_CLEAN
    } else {
        crate::check::EXIT_FINDINGS
    }
}

/// `termlint glossary stats`: what the glossaries hold, in total and per
/// file.
pub fn glossary_stats(paths: &[std::path::PathBuf], out: &mut dyn Write) -> i32 {
    let (compiled, names) = match load_glossaries(paths) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let glossary = &compiled.glossary;
    let count = |f: fn(&termlint_core::glossary::Term) -> usize| -> usize {
        glossary.terms.iter().map(f).sum()
    };
    let mut languages: Vec<String> = glossary
        .terms
        .iter()
        .flat_map(|t| [t.langs.source.clone(), t.langs.target.clone()])
        .flatten()
        .collect();
    languages.sort();
    languages.dedup();
    let _ = writeln!(out, "terms:          {}", glossary.terms.len());
    let _ = writeln!(out, "variants:       {}", count(|t| t.variants.len()));
    let _ = writeln!(out, "accepted forms: {}", count(|t| t.accept.len()));
    let _ = writeln!(out, "source forms:   {}", count(|t| t.source.len()));
    let _ = writeln!(
        out,
        "examples:       {}",
        count(|t| t.examples.flag.len() + t.examples.pass.len())
    );
    let _ = writeln!(out, "forbidden:      {}", glossary.forbidden.len());
    let _ = writeln!(
        out,
        "kept names:     {}",
        glossary.keep.iter().map(|k| k.names.len()).sum::<usize>()
    );
    let _ = writeln!(
        out,
        "languages:      {}",
        if languages.is_empty() {
            "-".to_owned()
        } else {
            languages.join(", ")
        }
    );
    for (i, name) in names.iter().enumerate() {
        let terms = glossary.terms.iter().filter(|t| t.origin == i).count();
        let _ = writeln!(out, "{terms:>8} terms  {name}");
    }
    crate::check::EXIT_CLEAN
}
