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
    let paths = resolve_glossary_paths(paths);
    let names: Vec<String> = if paths.is_empty() {
        vec![termlint_core::glossary::DEFAULT_GLOSSARY_NAME.to_owned()]
    } else {
        crate::load::expand_paths(&paths)
            .unwrap_or_default()
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    };
    let paths = paths.as_slice();
    match crate::load::glossary(paths) {
        Ok((compiled, warnings)) => {
            let mut err = termcolor::StandardStream::stderr(termcolor::ColorChoice::Never);
            let _ = crate::load::emit(&warnings, &mut err);
            Ok((compiled, names))
        }
        Err(error) => {
            let mut err = termcolor::StandardStream::stderr(termcolor::ColorChoice::Never);
            let _ = crate::load::emit(&error, &mut err);
            Err(crate::check::EXIT_USAGE)
        }
    }
}

/// The glossaries given, else the config's (found as `check` finds it);
/// empty means the bundled one.
fn resolve_glossary_paths(paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
    if !paths.is_empty() {
        return paths.to_vec();
    }
    crate::load::discover_config(std::path::Path::new("."))
        .and_then(|path| crate::load::config(&path).ok())
        .map(|config| config.glossaries)
        .unwrap_or_default()
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
        .flat_map(|t| [t.langs.source.as_deref(), t.langs.target.as_deref()])
        .flatten()
        .map(str::to_owned)
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

/// `termlint glossary check`: every contradiction, duplicate and error in
/// the glossaries, as diagnostics in any of `check`'s output formats. Exit
/// 2 when a glossary cannot be loaded at all, 1 on any warning, else 0.
pub fn glossary_check(
    paths: &[std::path::PathBuf],
    format: crate::render::OutputFormat,
    color: bool,
    out: &mut dyn Write,
) -> i32 {
    use termlint_core::diagnostic::{Diagnostic, Related};
    use termlint_core::document::Document;
    use termlint_core::glossary::Compiled;
    use termlint_core::line_index::LineIndex;
    use termlint_core::rules::glossary::INVALID;

    let files = match crate::load::glossary_sources(&resolve_glossary_paths(paths)) {
        Ok(files) => files,
        Err(error) => {
            let mut err = termcolor::StandardStream::stderr(termcolor::ColorChoice::Never);
            let _ = crate::load::emit(&error, &mut err);
            return crate::check::EXIT_USAGE;
        }
    };
    let problems = Compiled::check(&files);
    let invalid = problems.iter().any(|p| p.rule.is_none());
    let mut summary = crate::render::Summary {
        files: files.len(),
        ..Default::default()
    };
    let mut chunks = Vec::new();
    let mut tally = crate::render::Tally::default();
    for (index, (name, text)) in files.iter().enumerate() {
        let doc = Document::plain_text(name.clone(), text.clone(), 0);
        let diagnostics: Vec<Diagnostic> = problems
            .iter()
            .filter(|p| p.file == index)
            .map(|problem| {
                let rule = problem
                    .rule
                    .and_then(termlint_core::rules::find)
                    .unwrap_or(&INVALID);
                let span = problem.span.clone().unwrap_or(0..0);
                let mut diagnostic =
                    Diagnostic::new(rule.id, rule.severity, span, problem.message.clone())
                        .with_label(problem.label.clone());
                if let Some((file, span, message)) = &problem.related {
                    if *file == index {
                        diagnostic = diagnostic.with_secondary(span.clone(), message.clone());
                    } else {
                        let (other, other_text) = &files[*file];
                        let (line, column) = LineIndex::new(other_text).location(span.start);
                        diagnostic.related.push(Related {
                            path: other.clone(),
                            span: span.clone(),
                            line,
                            column,
                            message: message.clone(),
                        });
                    }
                }
                diagnostic
            })
            .collect();
        let counts = crate::render::Counts::of(&diagnostics);
        summary.add(&counts);
        tally.add(name, &counts);
        chunks.push(crate::render::render_file(
            format,
            &doc,
            &diagnostics,
            color,
        ));
    }
    match crate::render::finish(format, &chunks, &summary, &tally, &[]) {
        Some(report) => {
            let _ = out.write_all(&report);
        }
        None => {
            for chunk in &chunks {
                let _ = out.write_all(chunk);
            }
            if format == crate::render::OutputFormat::Human {
                let _ = writeln!(out, "{}", crate::render::human::summary_line(&summary));
            }
        }
    }
    if invalid {
        crate::check::EXIT_USAGE
    } else if problems.is_empty() {
        crate::check::EXIT_CLEAN
    } else {
        crate::check::EXIT_FINDINGS
    }
}

/// What `termlint glossary convert` was asked to do.
pub struct Convert {
    pub input: std::path::PathBuf,
    pub output: std::path::PathBuf,
    pub to: Option<termlint_core::export::Kind>,
    pub tbx_version: u8,
    pub pair: termlint_core::export::Pair,
}

/// `termlint glossary convert IN OUT`: read any glossary and write it as
/// TOML, TBX or CSV (or export it as Vale or prh rules), saying on stderr
/// what the output format cannot hold.
pub fn glossary_convert(convert: Convert, err: &mut dyn Write) -> i32 {
    use termlint_core::export::{self, Kind};
    let output_name = convert.output.display().to_string();
    let kind = match convert.to.or_else(|| Kind::from_extension(&output_name)) {
        Some(Kind::Tbx { .. }) => Kind::Tbx {
            version: convert.tbx_version,
        },
        Some(kind) => kind,
        None => {
            let _ = writeln!(
                err,
                "error: cannot tell the output format from `{output_name}`; give --to toml|tbx|csv|vale|prh"
            );
            return crate::check::EXIT_USAGE;
        }
    };
    let compiled = match crate::load::glossary(std::slice::from_ref(&convert.input)) {
        Ok((compiled, warnings)) => {
            let mut stderr = termcolor::StandardStream::stderr(termcolor::ColorChoice::Never);
            let _ = crate::load::emit(&warnings, &mut stderr);
            compiled
        }
        Err(error) => {
            let mut stderr = termcolor::StandardStream::stderr(termcolor::ColorChoice::Never);
            let _ = crate::load::emit(&error, &mut stderr);
            return crate::check::EXIT_USAGE;
        }
    };
    let pair = match export::choose_pair(&compiled.glossary, convert.pair) {
        Ok(pair) => pair,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return crate::check::EXIT_USAGE;
        }
    };
    let written = export::write(&compiled.glossary, kind, &pair);
    if let Err(message) = write_whole(&convert.output, written.text.as_bytes()) {
        let _ = writeln!(err, "error: {output_name}: {message}");
        return crate::check::EXIT_USAGE;
    }
    for line in &written.not_kept {
        let _ = writeln!(err, "not kept: {line}");
    }
    let _ = writeln!(
        err,
        "Wrote {output_name}{}.",
        if written.not_kept.is_empty() {
            ", keeping everything"
        } else {
            ""
        }
    );
    crate::check::EXIT_CLEAN
}

/// Write a file whole or not at all: through a temporary file beside it,
/// renamed over it. A new file gets the usual permissions (the umask
/// applies), not a temporary file's private ones.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    if path.exists() {
        return crate::write::replace_file(path, bytes, false);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.termlint-{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write: {e}")
    })
}

/// `termlint glossary compile`: compile the glossaries and store them in
/// the cache, whatever their size, so that the next run loads them ready.
pub fn glossary_compile(paths: &[std::path::PathBuf], out: &mut dyn Write) -> i32 {
    use termlint_load::cache;
    let mut err = termcolor::StandardStream::stderr(termcolor::ColorChoice::Never);
    let paths = resolve_glossary_paths(paths);
    let files = match crate::load::glossary_sources(&paths) {
        Ok(files) => files,
        Err(error) => {
            let _ = crate::load::emit(&error, &mut err);
            return crate::check::EXIT_USAGE;
        }
    };
    let Some(folder) = cache::folder() else {
        let _ = writeln!(
            out,
            "error: the glossary cache is off (TERMLINT_NO_CACHE is set)"
        );
        return crate::check::EXIT_USAGE;
    };
    if paths.is_empty() {
        let _ = writeln!(
            out,
            "error: the bundled glossary is built in; name glossary files to compile"
        );
        return crate::check::EXIT_USAGE;
    }
    let key = match crate::load::expand_paths(&paths).and_then(|p| cache::key(&p)) {
        Ok(key) => key,
        Err(e) => {
            let _ = writeln!(out, "error: cannot read the glossaries: {e}");
            return crate::check::EXIT_USAGE;
        }
    };
    let compiled = match crate::load::compile(&files) {
        Ok(compiled) => compiled,
        Err(error) => {
            let _ = crate::load::emit(&error, &mut err);
            return crate::check::EXIT_USAGE;
        }
    };
    let terms = compiled.glossary.terms.len();
    match cache::store(&folder, key, &compiled) {
        Ok(path) => {
            // The automata that runs build on need, built and kept now.
            let mut compiled = compiled;
            cache::keep_automata(&mut compiled, &folder, key);
            compiled.matcher.build_automata();
            let _ = writeln!(out, "Compiled {terms} terms into {}", path.display());
            crate::check::EXIT_CLEAN
        }
        Err(e) => {
            let _ = writeln!(
                out,
                "error: cannot write the cache in {}: {e}",
                folder.display()
            );
            crate::check::EXIT_USAGE
        }
    }
}
