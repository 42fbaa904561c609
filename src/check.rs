//! `termlint check`: resolve the settings once, read inputs, lint them in
//! parallel through the core's one entry point, write fixes, render in
//! input order and decide the exit code.

use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;
use termcolor::WriteColor;
use termlint_core::diagnostic::Diagnostic;
use termlint_core::lint::{self, LintError};
use termlint_core::settings::{Flags, Settings};

use crate::baseline::{self, Baseline};
use crate::render::{self, OutputFormat, Summary};
use crate::walk::{self, Input};
use crate::{load, project, write};

/// Nothing at or above the failing severity.
pub const EXIT_CLEAN: i32 = 0;
/// Findings at or above the failing severity, or files that could not be read.
pub const EXIT_FINDINGS: i32 = 1;
/// Usage, glossary or configuration errors.
pub const EXIT_USAGE: i32 = 2;

/// What `termlint check` was asked to do: the flags that settle the
/// settings, and the ones that only concern this front end (inputs,
/// output, fixing, baselines).
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub config: ConfigChoice,
    /// Flags that take part in resolving the settings.
    pub flags: Flags,
    pub format: OutputFormat,
    pub quiet: bool,
    /// Print counts per rule instead of the diagnostics.
    pub statistics: bool,
    pub color: bool,
    pub fix_mode: FixMode,
    /// Findings recorded here do not count (`--baseline`).
    pub baseline: Option<PathBuf>,
    /// Record the current findings in the baseline file instead.
    pub write_baseline: bool,
    /// Show a progress bar on a terminal for long runs.
    pub progress: bool,
    /// With `--source FILE --target FILE`: the source file.
    pub aligned_source: Option<PathBuf>,
    /// `--fix-read-only`: write fixes into read-only files too.
    pub fix_read_only: bool,
}

impl CheckOptions {
    /// Whether findings are printed at all: not with `--statistics`,
    /// `--diff`, `--write-baseline` or when the fixed standard input is the
    /// output.
    fn renders(&self) -> bool {
        !(self.statistics
            || self.write_baseline
            || self.fix_mode == FixMode::Diff
            || (self.fix_mode == FixMode::Write && self.paths.iter().any(|p| p.as_os_str() == "-")))
    }
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

/// What became of one input.
enum Outcome {
    Linted {
        counts: render::Counts,
        rendered: Vec<u8>,
        /// Fixes applied (or, with `--diff`, that would be).
        fixed: usize,
        /// The unified diff, with `--diff`; the fixed text for stdin.
        fix_output: Option<String>,
        /// Findings hidden because the baseline knows them.
        known: usize,
        /// With `--write-baseline`: this file's findings.
        baseline_keys: Vec<baseline::Key>,
        /// The file's summary for the run-level consistency rules.
        units: Option<Box<termlint_core::consistency::FileSummary>>,
    },
    /// A large file linted in parts ([`crate::parts`]): each part's counts
    /// and rendered findings, in file order, as they are done; an error
    /// ends the file.
    Parts(std::sync::mpsc::Receiver<Result<(render::Counts, Vec<u8>), String>>),
    /// A binary file found while walking a folder: not text, not an error;
    /// with a warning when it looks like text in an encoding we could read.
    Skipped(Option<String>),
    Failed(String),
}

/// The findings of a run as they arrive, in input order: written at once
/// in the line formats, kept as chunks for the document formats, and
/// counted.
struct Found<'a> {
    out: &'a mut dyn Write,
    /// The report's opening, written before the first chunk, and the
    /// separator between chunks, when it is written as chunks arrive.
    streaming: Option<(Vec<u8>, &'static [u8])>,
    opened: bool,
    /// Whether a non-empty chunk was written.
    written: bool,
    progress: Option<&'a indicatif::ProgressBar>,
    chunks: Vec<Vec<u8>>,
    tally: render::Tally,
    /// (findings, of which fixable) per rule, for `--statistics`.
    per_rule: std::collections::BTreeMap<&'static str, (usize, usize)>,
    worst: Option<termlint_core::diagnostic::Severity>,
}

impl Found<'_> {
    fn add(
        &mut self,
        path: &str,
        counts: &render::Counts,
        rendered: Vec<u8>,
        summary: &mut Summary,
    ) {
        summary.add(counts);
        self.tally.add(path, counts);
        self.worst = self.worst.max(counts.worst);
        for &(rule, n, fixable) in &counts.by_rule {
            let entry = self.per_rule.entry(rule).or_default();
            entry.0 += n;
            entry.1 += fixable;
        }
        let Some((_, separator)) = &self.streaming else {
            self.chunks.push(rendered);
            return;
        };
        let separator = if self.written && !rendered.is_empty() {
            *separator
        } else {
            b""
        };
        self.written |= !rendered.is_empty();
        self.open();
        let out = &mut self.out;
        let mut write = || {
            out.write_all(separator)?;
            out.write_all(&rendered)
        };
        let _ = match self.progress {
            Some(bar) => bar.suspend(write),
            None => write(),
        };
    }

    /// Write the streamed report's opening, once.
    fn open(&mut self) {
        if let Some((opening, _)) = &self.streaming
            && !self.opened
        {
            self.opened = true;
            let _ = self.out.write_all(opening);
        }
    }
}

/// Run a check and write its report; returns the process exit code.
pub fn run(options: &CheckOptions, out: &mut dyn Write, err: &mut dyn WriteColor) -> i32 {
    let (settings, baseline, unstored) = match resolve(options, err) {
        Ok(resolved) => resolved,
        Err(code) => return code,
    };
    // A glossary just compiled is stored in the cache on another core
    // while the files are linted; the run ends when both have.
    std::thread::scope(|scope| {
        if let Some(unstored) = unstored {
            let settings = &settings;
            scope.spawn(move || unstored.store(&settings.glossary, &settings.matcher));
        }
        run_with(options, &settings, baseline, out, err)
    })
}

/// [`run`] with the settings resolved.
fn run_with(
    options: &CheckOptions,
    settings: &Settings,
    baseline: Option<Baseline>,
    out: &mut dyn Write,
    err: &mut dyn WriteColor,
) -> i32 {
    let fail_on = settings.fail_on;
    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    let (mut inputs, mut errors) = walk::collect_inputs(&paths);
    inputs.retain(|input| match input {
        Input::Stdin => true,
        Input::File { path, explicit } => settings.wants(path, *explicit),
    });
    if options.fix_mode == FixMode::Write {
        let mut dirs: Vec<PathBuf> = inputs
            .iter()
            .filter_map(|input| match input {
                Input::File { path, .. } => std::fs::canonicalize(path)
                    .ok()
                    .and_then(|p| p.parent().map(PathBuf::from)),
                Input::Stdin => None,
            })
            .collect();
        dirs.sort();
        dirs.dedup();
        write::remove_stale_temp_files(&dirs);
    }

    let progress = progress_bar(options, inputs.len());
    // Line formats and the document formats that allow it are written file
    // by file as soon as every earlier file is done; the others are
    // assembled at the end.
    let streaming = render::streamed(options.format).filter(|_| options.renders());
    let mut summary = Summary {
        files_failed: errors.len(),
        ..Summary::default()
    };
    let mut found = Found {
        out,
        streaming,
        opened: false,
        written: false,
        progress: progress.as_ref(),
        chunks: Vec::new(),
        tally: render::Tally::default(),
        per_rule: std::collections::BTreeMap::new(),
        worst: None,
    };
    let mut fixed_total = 0;
    let mut known_total = 0;
    let mut all_keys = Vec::new();
    let mut fix_outputs = Vec::new();
    let mut warnings = Vec::new();
    // The first pass of the run-level consistency rules, folded in file
    // by file as they arrive.
    let mut run = project::Run::new(settings, &inputs);
    let mut take = |input: &Input, outcome: Outcome| match outcome {
        Outcome::Linted {
            counts,
            rendered,
            fixed,
            fix_output,
            known,
            baseline_keys,
            units,
        } => {
            if let (Some(units), Input::File { path, .. }) = (units, input) {
                run.add(path.clone(), *units);
            }
            known_total += known;
            all_keys.extend(baseline_keys);
            summary.files += 1;
            found.add(&input.display(), &counts, rendered, &mut summary);
            fixed_total += fixed;
            fix_outputs.extend(fix_output);
        }
        // A large file's parts, rendered and counted as the worker lints
        // them; an error ends the file, which then counts as failed.
        Outcome::Parts(parts) => {
            let mut failed = false;
            for part in parts {
                match part {
                    Ok((counts, rendered)) => {
                        found.add(&input.display(), &counts, rendered, &mut summary)
                    }
                    Err(message) => {
                        failed = true;
                        summary.files_failed += 1;
                        errors.push((input.display(), message));
                    }
                }
            }
            summary.files += usize::from(!failed);
        }
        Outcome::Skipped(warning) => warnings.extend(warning.map(|w| (input.display(), w))),
        Outcome::Failed(message) => {
            summary.files_failed += 1;
            errors.push((input.display(), message));
        }
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    let next_input = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        // Workers take the next input in path order (not halves of the
        // list, as a parallel iterator would), so outcomes arrive nearly in
        // order and few wait for an earlier one: output streams steadily
        // and memory stays small on runs of many files.
        let lint_all = || {
            (0..rayon::current_num_threads())
                .into_par_iter()
                .for_each_with(sender, |sender, _| {
                    loop {
                        let i = next_input.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(input) = inputs.get(i) else {
                            break;
                        };
                        // The receiver outlives the senders.
                        let announce = |outcome| {
                            let _ = sender.send((i, outcome));
                        };
                        let outcome =
                            lint_guarded(input, settings, baseline.as_ref(), options, &announce);
                        if let Some(bar) = &progress {
                            bar.inc(1);
                        }
                        if let Some(outcome) = outcome {
                            announce(outcome);
                        }
                    }
                });
        };
        scope.spawn(lint_all);
        // Take outcomes in input order, holding back the ones that finish early.
        let mut early = std::collections::BTreeMap::new();
        let mut next = 0;
        for (i, outcome) in receiver {
            early.insert(i, outcome);
            while let Some(outcome) = early.remove(&next) {
                take(&inputs[next], outcome);
                next += 1;
            }
        }
    });
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    // Consistency across files, once every file is in.
    if options.renders() || options.statistics {
        for across in run.check(settings, options.format, options.color) {
            let counts = render::Counts::of(&across.diagnostics);
            found.add(&across.path, &counts, across.rendered, &mut summary);
        }
    }
    found.open();
    let streamed = found.streaming.is_some();
    let Found {
        out,
        chunks,
        tally,
        per_rule,
        worst,
        ..
    } = found;
    let failing = worst.is_some_and(|worst| worst >= fail_on);

    for (path, message) in &warnings {
        report_problem(err, termcolor::Color::Yellow, "warning", path, message);
    }
    for (path, message) in &errors {
        report_problem(err, termcolor::Color::Red, "error", path, message);
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
    let report = if streamed {
        None
    } else {
        render::finish(options.format, &chunks, &summary, &tally, &errors)
    };
    match report {
        Some(report) => {
            let _ = out.write_all(&report);
        }
        None => {
            for chunk in &chunks {
                let _ = out.write_all(chunk);
            }
            let _ = out.write_all(&render::streamed_closing(options.format, &summary, &errors));
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

/// `error: PATH: MESSAGE` (or a warning) on standard error.
fn report_problem(
    err: &mut dyn WriteColor,
    color: termcolor::Color,
    kind: &str,
    path: &str,
    message: &str,
) {
    let _ = err.set_color(
        termcolor::ColorSpec::new()
            .set_fg(Some(color))
            .set_bold(true),
    );
    let _ = write!(err, "{kind}");
    let _ = err.reset();
    // Paths and messages can quote the linted file: never raw to a terminal.
    let _ = writeln!(
        err,
        ": {}: {}",
        render::terminal_safe(path),
        render::terminal_safe(message)
    );
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

/// Load the config and glossaries and resolve the settings; errors are
/// reported here and become the exit code.
fn resolve(
    options: &CheckOptions,
    err: &mut dyn WriteColor,
) -> Result<(Settings, Option<Baseline>, Option<load::Unstored>), i32> {
    let flags = &options.flags;
    if let Err(message) = flags.validate() {
        let _ = writeln!(err, "error: {message}");
        return Err(EXIT_USAGE);
    }
    let config_path = match &options.config {
        ConfigChoice::Discover => std::env::current_dir()
            .ok()
            .and_then(|cwd| load::discover_config(&cwd)),
        ConfigChoice::File(path) => Some(path.clone()),
        ConfigChoice::None => None,
    };
    let config = match config_path.as_deref().map(load::config) {
        None => None,
        Some(Ok(config)) => Some(config),
        Some(Err(load_error)) => {
            let _ = load::emit(&load_error, err);
            return Err(EXIT_USAGE);
        }
    };
    let (glossary, unstored) = match load::glossary_stored_later(
        &flags.glossary_paths(config.as_ref()),
    ) {
        Ok((glossary, warnings, unstored)) => {
            if !warnings.problems.is_empty() && !options.quiet {
                let _ = load::emit(&warnings, err);
                let count = warnings.problems.len();
                let _ = writeln!(
                    err,
                    "warning: the glossary has {count} contradiction{} or duplicate{}; {} skipped (see `termlint glossary check`)",
                    if count == 1 { "" } else { "s" },
                    if count == 1 { "" } else { "s" },
                    if count == 1 {
                        "that entry was"
                    } else {
                        "those entries were"
                    },
                );
            }
            (glossary, unstored)
        }
        Err(load_error) => {
            let _ = load::emit(&load_error, err);
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
            return Err(EXIT_USAGE);
        }
    };
    let mut settings = match Settings::resolve(flags.clone(), config, glossary) {
        Ok(settings) => settings,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return Err(EXIT_USAGE);
        }
    };
    let baseline = match (&options.baseline, options.write_baseline) {
        (Some(path), false) => match Baseline::load(path) {
            Ok(baseline) => Some(baseline),
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                return Err(EXIT_USAGE);
            }
        },
        _ => None,
    };
    if let Some(path) = &options.aligned_source {
        let read = walk::read_bytes(&Input::File {
            path: path.clone(),
            explicit: true,
        })
        .map_err(|e| e.to_string())
        .and_then(|bytes| settings.set_aligned_source(&bytes));
        if let Err(message) = read {
            let _ = writeln!(err, "error: {}: {message}", path.display());
            return Err(EXIT_USAGE);
        }
    }
    Ok((settings, baseline, unstored))
}

/// A file's findings in the output format, or nothing when the run
/// prints no findings.
fn rendered(
    options: &CheckOptions,
    doc: &termlint_core::document::Document,
    diagnostics: &[Diagnostic],
) -> Vec<u8> {
    if options.renders() {
        render::render_file(options.format, doc, diagnostics, options.color)
    } else {
        Vec::new()
    }
}

/// Lint one input; a panic becomes an error for that input alone, so that
/// one bad file never stops the others or loses their fixes and reports.
/// A large file read in parts is handed to `announce` as
/// [`Outcome::Parts`] before its first part is done, and its parts follow
/// through that; then nothing is returned.
fn lint_guarded(
    input: &Input,
    settings: &Settings,
    baseline: Option<&Baseline>,
    options: &CheckOptions,
    announce: &dyn Fn(Outcome),
) -> Option<Outcome> {
    // Unbounded: a worker that waited here for the writer could hold up,
    // through rayon's work stealing, a file that the writer waits for.
    // The writer takes parts as they come once earlier files are written,
    // so only a large file behind a slower earlier one queues up.
    let (parts, queued) = std::sync::mpsc::channel();
    let queued = std::cell::Cell::new(Some(queued));
    let mut emit = |counts: render::Counts, rendered: Vec<u8>| {
        if let Some(queued) = queued.take() {
            announce(Outcome::Parts(queued));
        }
        // The receiver outlives the run's workers.
        let _ = parts.send(Ok((counts, rendered)));
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lint_input(input, settings, baseline, options, &mut emit)
    }))
    .unwrap_or_else(|_| {
        Outcome::Failed("internal error while checking this file; please report it".into())
    });
    if queued.take().is_some() {
        return Some(outcome);
    }
    // Parts went out already: what is left of the file follows them.
    let _ = match outcome {
        Outcome::Linted {
            counts, rendered, ..
        } => parts.send(Ok((counts, rendered))),
        Outcome::Failed(message) => parts.send(Err(message)),
        Outcome::Parts(_) | Outcome::Skipped(_) => Ok(()),
    };
    None
}

fn lint_input(
    input: &Input,
    settings: &Settings,
    baseline: Option<&Baseline>,
    options: &CheckOptions,
    emit: &mut dyn FnMut(render::Counts, Vec<u8>),
) -> Outcome {
    if let Input::File { path, .. } = input {
        let whole_text_needed = options.fix_mode != FixMode::Off
            || baseline.is_some()
            || options.write_baseline
            || !render::reads_in_parts(options.format);
        if crate::parts::wanted(path, settings, whole_text_needed) {
            let render = |doc: &termlint_core::document::Document, found: &[Diagnostic]| {
                rendered(options, doc, found)
            };
            match crate::parts::lint(path, settings, &render, emit) {
                crate::parts::Parts::Linted => {
                    return Outcome::Linted {
                        counts: render::Counts::default(),
                        rendered: Vec::new(),
                        fixed: 0,
                        fix_output: None,
                        known: 0,
                        baseline_keys: Vec::new(),
                        units: None,
                    };
                }
                crate::parts::Parts::Failed(message) => return Outcome::Failed(message),
                crate::parts::Parts::ReadWhole => {}
            }
        }
    }
    let bytes = match walk::read_bytes(input) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Failed(format!("cannot read: {e}")),
    };
    let path = match input {
        Input::File { path, .. } => Some(path.as_path()),
        Input::Stdin => None,
    };
    let linted = match lint::lint(&bytes, path, settings, options.fix_mode != FixMode::Off) {
        Ok(linted) => linted,
        // A binary file found while walking a folder is not an error; one
        // that looks like text we could read gets a warning.
        Err(error @ LintError::Binary(looks_like))
            if matches!(
                input,
                Input::File {
                    explicit: false,
                    ..
                }
            ) =>
        {
            return Outcome::Skipped(looks_like.map(|_| error.to_string()));
        }
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    drop(bytes);
    let fixed = linted.fixes_applied;
    let doc = &linted.document;
    let mut fix_output = None;
    // Fixed standard input is always printed, changed or not, so that
    // `termlint check --fix - < in > out` never loses the text.
    if fixed > 0 || (options.fix_mode == FixMode::Write && *input == Input::Stdin) {
        match (options.fix_mode, input) {
            (FixMode::Diff, _) => {
                fix_output = Some(write::unified_diff(
                    &input.display(),
                    &linted.original,
                    &doc.text,
                ));
            }
            (_, Input::Stdin) => fix_output = Some(doc.text.clone()),
            (_, Input::File { path, .. }) => {
                let written = linted
                    .fixed_bytes()
                    .and_then(|bytes| write::replace_file(path, &bytes, options.fix_read_only));
                if let Err(message) = written {
                    return Outcome::Failed(message);
                }
            }
        }
    }
    let mut diagnostics: Vec<Diagnostic> = linted.diagnostics;
    let known = match baseline {
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
    let rendered = rendered(options, doc, &diagnostics);
    let counts = render::Counts::of(&diagnostics);
    let units = path
        .and_then(|path| settings.for_path(Some(path)).consistency_summary(doc))
        .map(Box::new);
    Outcome::Linted {
        counts,
        rendered,
        fixed,
        fix_output,
        known,
        baseline_keys,
        units,
    }
}
