//! Reading the files that settings come from: `termlint.toml` (found
//! upwards from a folder) and glossaries. Every front end (the command
//! line, the language server) loads its settings through here, so that
//! they find and read the same files the same way.

pub mod cache;

use std::path::{Path, PathBuf};

use termlint_core::config::{self, Config};
use termlint_core::decode::{self, DecodeError};
use termlint_core::glossary::{Compiled, LoadError, Problem};

/// The nearest config file in `start` or a folder above it.
pub fn discover_config(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start.ancestors().find_map(|dir| {
        config::CONFIG_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// Read and check a config file.
pub fn config(path: &Path) -> Result<Config, LoadError> {
    let display = path.display().to_string();
    let text = read_text(path).map_err(|err| LoadError {
        kind: "config",
        files: vec![(display.clone(), String::new())],
        problems: vec![Problem::error(
            0,
            None,
            format!("cannot read the config file: {err}"),
            "",
        )],
    })?;
    config::parse(path, &text).map_err(|problems| LoadError {
        kind: "config",
        files: vec![(display, text)],
        problems,
    })
}

/// Expand glossary arguments: files as given, folders to their `*.toml`,
/// `*.tbx`, `*.csv` and `*.tsv` files in name order.
pub fn expand_paths(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .is_some_and(|e| ["toml", "csv", "tsv", "tbx"].iter().any(|x| e == *x))
                        && p.is_file()
                })
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Load and merge glossary files and folders; the bundled default when
/// none is given. The second value holds the warnings (contradictions
/// and duplicates whose entries were skipped), with the files to show them
/// in.
pub fn glossary(paths: &[PathBuf]) -> Result<(Compiled, LoadError), LoadError> {
    let (compiled, warnings, unstored) = glossary_stored_later(paths)?;
    if let Some(unstored) = unstored {
        let _ = unstored.store(&compiled.glossary, &compiled.matcher);
    }
    Ok((compiled, warnings))
}

/// [`glossary`], but a glossary just compiled that belongs in the cache
/// is returned with what stores it, for the caller to store while it uses
/// it: writing a termbase's compiled form (some 40 MB for 100,000 terms)
/// takes 5-10% of a cold start, which another core can spend while the
/// files are linted or the automata they need are built.
pub fn glossary_stored_later(
    paths: &[PathBuf],
) -> Result<(Compiled, LoadError, Option<Unstored>), LoadError> {
    let Loaded {
        compiled,
        files,
        unstored,
    } = glossary_files(paths)?;
    let warnings = LoadError {
        kind: "glossary",
        problems: compiled.warnings.clone(),
        files,
    };
    Ok((compiled, warnings, unstored))
}

/// A compiled glossary's place in the cache, where it is not stored yet
/// ([`glossary_stored_later`]).
pub struct Unstored {
    folder: PathBuf,
    key: u64,
    warnings: Vec<Problem>,
}

impl Unstored {
    /// Store the compiled glossary (its parts, as settings hold them); a
    /// cache that cannot be written only costs the next run the time to
    /// compile again.
    pub fn store(
        &self,
        glossary: &termlint_core::glossary::Glossary,
        matcher: &termlint_core::matcher::Matcher,
    ) -> std::io::Result<PathBuf> {
        cache::store_parts(&self.folder, self.key, glossary, matcher, &self.warnings)
    }
}

/// The glossary texts that `paths` name, as (display name, text): the
/// bundled default when none is given.
pub fn glossary_sources(paths: &[PathBuf]) -> Result<Vec<(String, String)>, LoadError> {
    if paths.is_empty() {
        return Ok(vec![(
            termlint_core::glossary::DEFAULT_GLOSSARY_NAME.to_owned(),
            termlint_core::glossary::DEFAULT_GLOSSARY.to_owned(),
        )]);
    }
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    // A problem with the glossary paths as a whole, shown at the first.
    let unusable = |message: String| LoadError {
        kind: "glossary",
        files: vec![(display(&paths[0]), String::new())],
        problems: vec![Problem::error(0, None, message, "")],
    };
    let expanded = expand_paths(paths)
        .map_err(|err| unusable(format!("cannot read glossary folder: {err}")))?;
    if expanded.is_empty() {
        return Err(unusable(
            "no glossary (`*.toml`, `*.tbx`, `*.csv` or `*.tsv`) found".into(),
        ));
    }
    for path in expanded {
        match read_text(&path) {
            Ok(text) => sources.push((display(&path), text)),
            Err(err) => {
                sources.push((display(&path), String::new()));
                problems.push(Problem::error(
                    sources.len() - 1,
                    None,
                    format!("cannot read glossary: {err}"),
                    "",
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(LoadError {
            kind: "glossary",
            files: sources,
            problems,
        });
    }
    Ok(sources)
}

/// The compiled glossary, from the cache when it has it, and the files'
/// texts when there are warnings to show in them (else none: a large
/// termbase's text is memory the run does not need).
fn glossary_files(paths: &[PathBuf]) -> Result<Loaded, LoadError> {
    let cached = cache_key(paths);
    if let Some((folder, key, _)) = &cached
        && let Some(mut compiled) = cache::load(folder, *key)
    {
        cache::keep_automata(&mut compiled, folder, *key);
        let files = if compiled.warnings.is_empty() {
            Vec::new()
        } else {
            glossary_sources(paths)?
        };
        return Ok(Loaded {
            compiled,
            files,
            unstored: None,
        });
    }
    // Compiling: its tables in small pages (see `set_memory_compaction`).
    let _compacting = termlint_core::glossary::Compacting::start();
    let mut files = glossary_sources(paths)?;
    let parsed = match Compiled::parse(&files) {
        Ok(parsed) => parsed,
        Err(problems) => {
            return Err(LoadError {
                kind: "glossary",
                files,
                problems,
            });
        }
    };
    if !parsed.has_warnings() {
        // The texts are only for showing problems in: a large termbase's
        // text is memory the matcher can use.
        files = Vec::new();
    }
    termlint_core::glossary::release_memory();
    let mut compiled = match parsed.compile() {
        Ok(compiled) => compiled,
        Err(problems) => {
            if files.is_empty() {
                files = glossary_sources(paths)?;
            }
            return Err(LoadError {
                kind: "glossary",
                files,
                problems,
            });
        }
    };
    // Used as it is: what is stored reads back as the same glossary
    // (tested in termlint-core).
    let unstored = match cached {
        Some((folder, key, true)) => {
            cache::keep_automata(&mut compiled, &folder, key);
            Some(Unstored {
                folder,
                key,
                warnings: compiled.warnings.clone(),
            })
        }
        _ => None,
    };
    Ok(Loaded {
        compiled,
        files,
        unstored,
    })
}

/// A compiled glossary, the texts of its files (see [`glossary_files`]),
/// and its place in the cache if it is still to be stored there.
struct Loaded {
    compiled: Compiled,
    files: Vec<(String, String)>,
    unstored: Option<Unstored>,
}

/// The cache folder and key for these glossaries, and whether they are
/// large enough to store on first use: files (not the bundled glossary),
/// with the cache on. Any glossary that `glossary compile` stored is
/// loaded whatever its size.
fn cache_key(paths: &[PathBuf]) -> Option<(PathBuf, u64, bool)> {
    if paths.is_empty() {
        return None;
    }
    let folder = cache::folder()?;
    let expanded = expand_paths(paths).ok()?;
    let key = cache::key(&expanded).ok()?;
    Some((folder, key, cache::worth_it(&expanded)))
}

/// Compile glossary files, or say what is wrong with them.
pub fn compile(files: &[(String, String)]) -> Result<Compiled, LoadError> {
    Compiled::from_files(files).map_err(|problems| LoadError {
        kind: "glossary",
        files: files.to_vec(),
        problems,
    })
}
/// A settings file's text: UTF-8, with or without a byte-order mark. Bad
/// bytes are reported with their line and column.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    match decode::decode_owned(bytes, Some(encoding_rs::UTF_8)) {
        Ok(decoded) => Ok(decoded.text),
        Err(DecodeError::Binary(_)) => Err("not a text file (contains NUL bytes)".into()),
        // The hint about `--encoding` is for linted files only.
        Err(DecodeError::Invalid(message)) => {
            Err(message.split(';').next().unwrap_or_default().to_owned())
        }
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
