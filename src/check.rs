//! `termlint check`: read inputs, lint them in parallel against one shared
//! matcher, render in input order and decide the exit code.

use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;
use termcolor::WriteColor;

use crate::baseline::{self, Baseline};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Format};
use crate::formats::{self, ReadOptions};
use crate::glossary::Glossary;
use crate::input::{self, DecodeError, Input};
use crate::matcher::Matcher;
use crate::render::{self, OutputFormat, Summary};
use crate::rules::{self, RuleOptions, Selection};
use crate::{config, fix};

/// Nothing at or above the failing severity.
pub const EXIT_CLEAN: i32 = 0;
/// Findings at or above the failing severity, or files that could not be read.
pub const EXIT_FINDINGS: i32 = 1;
/// Usage, glossary or configuration errors.
pub const EXIT_USAGE: i32 = 2;

#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub config: ConfigChoice,
    pub glossaries: Vec<PathBuf>,
    pub format: OutputFormat,
    /// `--fail-on`; else the config's, else warning.
    pub fail_on: Option<Severity>,
    pub quiet: bool,
    /// Print counts per rule instead of the diagnostics.
    pub statistics: bool,
    pub color: bool,
    pub encoding: Option<String>,
    pub selection: Selection,
    /// `--target-lang`; else the glossary's, else English.
    pub target_lang: Option<String>,
    /// `--as-of` year; else the current year.
    pub as_of_year: Option<i32>,
    pub fix_mode: FixMode,
    /// Findings recorded here do not count (`--baseline`).
    pub baseline: Option<PathBuf>,
    /// Record the current findings in the baseline file instead.
    pub write_baseline: bool,
    /// Show a progress bar on a terminal for long runs.
    pub progress: bool,
    /// `--input-format`: read every file as this format.
    pub input_format: Option<Format>,
    /// `--include-fuzzy`: read fuzzy PO entries too.
    pub include_fuzzy: bool,
    /// `--source-lang`.
    pub source_lang: Option<String>,
    /// With `--source FILE --target FILE`: the source file.
    pub aligned_source: Option<PathBuf>,
}

/// Which configuration file applies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The nearest `termlint.toml` or `.termlint.toml` upwards from the
    /// current folder, if any.
    #[default]
    Discover,
    File(PathBuf),
    None,
}

/// What to do with safe fixes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FixMode {
    /// Report only.
    #[default]
    Off,
    /// Apply them and write the files.
    Write,
    /// Print them as a unified diff; write nothing.
    Diff,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            paths: Vec::new(),
            config: ConfigChoice::Discover,
            glossaries: Vec::new(),
            format: OutputFormat::Human,
            fail_on: None,
            quiet: false,
            statistics: false,
            color: false,
            encoding: None,
            selection: Selection::default(),
            target_lang: None,
            as_of_year: None,
            fix_mode: FixMode::Off,
            baseline: None,
            write_baseline: false,
            progress: false,
            input_format: None,
            include_fuzzy: false,
            source_lang: None,
            aligned_source: None,
        }
    }
}

/// What became of one input.
enum Outcome {
    Linted {
        diagnostics: Vec<Diagnostic>,
        rendered: Vec<u8>,
        /// Fixes applied (or, with `--diff`, that would be).
        fixed: usize,
        /// The unified diff, with `--diff`; the fixed text for stdin.
        fix_output: Option<String>,
        /// Findings hidden because the baseline knows them.
        known: usize,
        /// With `--write-baseline`: this file's findings.
        baseline_keys: Vec<baseline::Key>,
    },
    /// A binary file found while walking a folder: not text, not an error.
    Skipped,
    Failed(String),
}

/// Run a check and write its report; returns the process exit code.
pub fn run(options: &CheckOptions, out: &mut dyn Write, err: &mut dyn WriteColor) -> i32 {
    if let Err(message) = options.selection.validate() {
        let _ = writeln!(err, "error: {message}");
        return EXIT_USAGE;
    }
    let config_path = match &options.config {
        ConfigChoice::Discover => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::discover(&cwd)),
        ConfigChoice::File(path) => Some(path.clone()),
        ConfigChoice::None => None,
    };
    let config = match config_path.as_deref().map(config::load) {
        None => None,
        Some(Ok(config)) => Some(config),
        Some(Err(load_error)) => {
            let _ = load_error.emit(err);
            return EXIT_USAGE;
        }
    };
    // Command-line flags override the config.
    let selection = match &config {
        Some(config) => config.selection.overridden_by(&options.selection),
        None => options.selection.clone(),
    };
    let fail_on = options
        .fail_on
        .or_else(|| config.as_ref().and_then(|c| c.fail_on))
        .unwrap_or(Severity::Warning);
    let glossaries = if options.glossaries.is_empty() {
        config
            .as_ref()
            .map(|c| c.glossaries.clone())
            .unwrap_or_default()
    } else {
        options.glossaries.clone()
    };
    let encoding = match options.encoding.as_deref() {
        None => None,
        Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(encoding) => Some(encoding),
            None => {
                let _ = writeln!(err, "error: unknown encoding `{label}`");
                return EXIT_USAGE;
            }
        },
    };
    let glossary = match Glossary::load(&glossaries) {
        Ok(glossary) => glossary,
        Err(load_error) => {
            let _ = load_error.emit(err);
            let _ = writeln!(
                err,
                "error: the glossary has {} problem{}; nothing was checked",
                load_error.problems.len(),
                if load_error.problems.len() == 1 {
                    ""
                } else {
                    "s"
                }
            );
            return EXIT_USAGE;
        }
    };
    let matcher = Matcher::new(&glossary);
    let rule_options = RuleOptions {
        target_lang: options
            .target_lang
            .clone()
            .or_else(|| config.as_ref().and_then(|c| c.target_lang.clone()))
            .or_else(|| glossary.meta.target_lang.clone())
            .unwrap_or_else(|| "en".into()),
        as_of_year: options.as_of_year.unwrap_or_else(rules::current_year),
    };
    let baseline = match (&options.baseline, options.write_baseline) {
        (Some(path), false) => match Baseline::load(path) {
            Ok(baseline) => Some(baseline),
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                return EXIT_USAGE;
            }
        },
        _ => None,
    };
    let aligned_source = match &options.aligned_source {
        None => None,
        Some(path) => {
            let source = input::read_bytes(&Input::File {
                path: path.clone(),
                explicit: true,
            })
            .map_err(|e| e.to_string())
            .and_then(|bytes| match input::decode(&bytes, encoding) {
                Ok(decoded) => Ok(decoded.text),
                Err(DecodeError::Binary) => Err("binary file".to_owned()),
                Err(DecodeError::Invalid(message)) => Err(message),
            });
            match source {
                Ok(text) => Some(text),
                Err(message) => {
                    let _ = writeln!(err, "error: {}: {message}", path.display());
                    return EXIT_USAGE;
                }
            }
        }
    };
    let shared = Shared {
        aligned_source,
        read_options: ReadOptions {
            include_fuzzy: options.include_fuzzy,
            source_lang: options
                .source_lang
                .clone()
                .or_else(|| config.as_ref().and_then(|c| c.source_lang.clone())),
            target_lang: options
                .target_lang
                .clone()
                .or_else(|| config.as_ref().and_then(|c| c.target_lang.clone())),
        },
        target_lang_given: options.target_lang.is_some()
            || config.as_ref().is_some_and(|c| c.target_lang.is_some()),
        encoding,
        glossary,
        matcher,
        rule_options,
        baseline,
    };

    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    let (mut inputs, mut errors) = input::collect_inputs(&paths);
    if let Some(config) = &config {
        inputs.retain(|input| match input {
            Input::Stdin => true,
            Input::File { path, explicit } => config.wants(path, *explicit),
        });
    }
    let selections: Vec<Selection> = inputs
        .iter()
        .map(|input| match (&config, input) {
            (Some(config), Input::File { path, .. }) => config.selection_for(&selection, path),
            _ => selection.clone(),
        })
        .collect();

    let progress = progress_bar(options, inputs.len());
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .zip(&selections)
        .map(|(input, selection)| {
            let outcome = lint_input(input, &shared, selection, options);
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            outcome
        })
        .collect();

    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let mut summary = Summary {
        files_failed: errors.len(),
        ..Summary::default()
    };
    let mut chunks = Vec::new();
    let mut failing = false;
    let mut fixed_total = 0;
    let mut known_total = 0;
    let mut all_keys = Vec::new();
    let mut per_rule: std::collections::BTreeMap<&'static str, (usize, usize)> =
        std::collections::BTreeMap::new();
    let mut fix_outputs = Vec::new();
    for (input, outcome) in inputs.iter().zip(outcomes) {
        match outcome {
            Outcome::Linted {
                diagnostics,
                rendered,
                fixed,
                fix_output,
                known,
                baseline_keys,
            } => {
                known_total += known;
                all_keys.extend(baseline_keys);
                summary.files += 1;
                summary.count(&diagnostics);
                failing |= diagnostics.iter().any(|d| d.severity >= fail_on);
                chunks.push(rendered);
                fixed_total += fixed;
                for d in &diagnostics {
                    let entry = per_rule.entry(d.rule).or_default();
                    entry.0 += 1;
                    entry.1 += usize::from(d.fix.is_some());
                }
                fix_outputs.extend(fix_output);
            }
            Outcome::Skipped => {}
            Outcome::Failed(message) => {
                summary.files_failed += 1;
                errors.push((input.display(), message));
            }
        }
    }

    for (path, message) in &errors {
        let _ = err.set_color(
            termcolor::ColorSpec::new()
                .set_fg(Some(termcolor::Color::Red))
                .set_bold(true),
        );
        let _ = write!(err, "error");
        let _ = err.reset();
        let _ = writeln!(err, ": {path}: {message}");
    }
    if options.write_baseline
        && let Some(path) = &options.baseline
    {
        let count = all_keys.len();
        return match baseline::write(path, all_keys) {
            Ok(()) => {
                let _ = writeln!(
                    err,
                    "Recorded {count} finding{} in {}.",
                    if count == 1 { "" } else { "s" },
                    path.display()
                );
                EXIT_CLEAN
            }
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                EXIT_USAGE
            }
        };
    }
    let stdin_fixed = options.fix_mode == FixMode::Write && inputs.contains(&Input::Stdin);
    if options.fix_mode == FixMode::Diff || stdin_fixed {
        // The diff, or the fixed text of standard input, is the output.
        for text in &fix_outputs {
            let _ = out.write_all(text.as_bytes());
        }
        let _ = out.flush();
        if !options.quiet && options.fix_mode == FixMode::Diff {
            let _ = writeln!(
                err,
                "{} fix{} would be applied.",
                fixed_total,
                if fixed_total == 1 { "" } else { "es" }
            );
        }
        let changed = options.fix_mode == FixMode::Diff && fixed_total > 0;
        return if changed || summary.files_failed > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        };
    }
    if options.statistics {
        let _ = out.write_all(render::statistics(&per_rule).as_bytes());
        let _ = out.flush();
        return if failing || summary.files_failed > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        };
    }
    match render::finish(options.format, &chunks, &summary, &errors) {
        Some(report) => {
            let _ = out.write_all(&report);
        }
        None => {
            for chunk in &chunks {
                let _ = out.write_all(chunk);
            }
            if !options.quiet && options.format == OutputFormat::Human {
                if options.fix_mode == FixMode::Write {
                    let _ = writeln!(
                        out,
                        "Fixed {} problem{}.",
                        fixed_total,
                        if fixed_total == 1 { "" } else { "s" }
                    );
                }
                let _ = writeln!(out, "{}", render::human::summary_line(&summary));
                if known_total > 0 {
                    let _ = writeln!(
                        out,
                        "{known_total} finding{} recorded in the baseline not shown.",
                        if known_total == 1 { "" } else { "s" }
                    );
                }
            }
        }
    }
    let _ = out.flush();
    if failing || summary.files_failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Files from which a run is long enough to show progress.
const PROGRESS_MIN_FILES: usize = 200;

/// A progress bar on standard error, only for long runs on a terminal and
/// never in CI.
fn progress_bar(options: &CheckOptions, files: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    if !options.progress || in_ci || files < PROGRESS_MIN_FILES || !std::io::stderr().is_terminal()
    {
        return None;
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// What every file's lint shares, built once.
struct Shared {
    read_options: ReadOptions,
    /// The source text of `--source FILE` for aligned pairs.
    aligned_source: Option<String>,
    /// Whether the target language came from the command line or config
    /// (then it wins over the file's own declaration).
    target_lang_given: bool,
    encoding: Option<&'static encoding_rs::Encoding>,
    glossary: Glossary,
    matcher: Matcher,
    rule_options: RuleOptions,
    baseline: Option<Baseline>,
}

fn lint_input(
    input: &Input,
    shared: &Shared,
    selection: &Selection,
    options: &CheckOptions,
) -> Outcome {
    let Shared {
        encoding,
        glossary,
        matcher,
        rule_options,
        ..
    } = shared;
    let encoding = *encoding;
    let bytes = match input::read_bytes(input) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Failed(format!("cannot read: {e}")),
    };
    let decoded = match input::decode(&bytes, encoding) {
        Ok(decoded) => decoded,
        Err(DecodeError::Binary) => {
            return match input {
                Input::File {
                    explicit: false, ..
                } => Outcome::Skipped,
                _ => Outcome::Failed("binary file (contains NUL bytes); not checked".into()),
            };
        }
        Err(DecodeError::Invalid(message)) => return Outcome::Failed(message),
    };
    drop(bytes);
    let (encoding, bom_len) = (decoded.encoding, decoded.bom_len);
    let original = decoded.text.clone();
    let format = match (options.input_format, input) {
        (Some(format), _) => format,
        (None, Input::File { path, .. }) => Format::from_path(path),
        (None, Input::Stdin) => Format::Text,
    };
    let base = input::file_offset_base(&decoded);
    let read = |text: String| -> Result<Document, String> {
        match &shared.aligned_source {
            Some(source) => formats::aligned(input.display(), text, base, source),
            None => formats::parse(format, input.display(), text, base, &shared.read_options),
        }
        .map_err(|e| {
            let (line, column) = render::LineIndex::new(&original).location(e.offset);
            format!("{line}:{column}: {}", e.message)
        })
    };
    let mut doc = match read(decoded.text) {
        Ok(doc) => doc,
        Err(message) => return Outcome::Failed(message),
    };
    // Languages: the command line or config, else what the file declares.
    let doc_options;
    let rule_options = match (&doc.target_lang, shared.target_lang_given) {
        (Some(lang), false) => {
            doc_options = RuleOptions {
                target_lang: lang.clone(),
                ..rule_options.clone()
            };
            &doc_options
        }
        _ => rule_options,
    };
    let lint = |doc: &Document| rules::check(doc, glossary, matcher, selection, rule_options);
    let mut diagnostics = lint(&doc);
    let mut fixed = 0;
    let mut fix_output = None;
    if options.fix_mode != FixMode::Off {
        // Fix to a fixed point, so that a second `--fix` finds nothing: a
        // fix may reveal another (or have been skipped for an overlap).
        for _ in 0..MAX_FIX_ROUNDS {
            let Some((text, applied)) = fix::apply(&doc.text, &diagnostics, doc.format) else {
                break;
            };
            // A fix must leave the file readable; stop before one that does not.
            match read(text) {
                Ok(fixed_doc) => doc = fixed_doc,
                Err(message) => {
                    return Outcome::Failed(format!(
                        "a fix would break the file ({message}); not written"
                    ));
                }
            }
            fixed += applied;
            diagnostics = lint(&doc);
        }
        if fixed > 0 {
            match (options.fix_mode, input) {
                (FixMode::Diff, _) => {
                    fix_output = Some(fix::unified_diff(&input.display(), &original, &doc.text));
                }
                (_, Input::Stdin) => fix_output = Some(doc.text.clone()),
                (_, Input::File { path, .. }) => {
                    let written = fix::encode(&doc.text, encoding, bom_len).and_then(|bytes| {
                        fix::write_atomically(path, &bytes)
                            .map_err(|e| format!("cannot write the fixed file: {e}"))
                    });
                    if let Err(message) = written {
                        return Outcome::Failed(message);
                    }
                }
            }
        }
    }
    let known = match &shared.baseline {
        Some(baseline) if !options.write_baseline => {
            baseline.filter(&doc.path, &doc.text, &mut diagnostics)
        }
        _ => 0,
    };
    let baseline_keys = if options.write_baseline {
        diagnostics
            .iter()
            .map(|d| baseline::key(&doc.path, &doc.text, d))
            .collect()
    } else {
        Vec::new()
    };
    let rendered = render::render_file(options.format, &doc, &diagnostics, options.color);
    Outcome::Linted {
        diagnostics,
        rendered,
        fixed,
        fix_output,
        known,
        baseline_keys,
    }
}

/// Rounds of fixing before giving up on reaching a fixed point.
const MAX_FIX_ROUNDS: usize = 8;
