//! Run-level checks: consistency across all the files of a run. Each file's
//! summary (the hashes of its units' texts) is made while it is linted and
//! folded into one index, which keeps one entry per distinct text, not per
//! unit. When some group turns out inconsistent, the files with units are
//! read again to take those groups' units in full; then every finding is
//! settled and rendered against its file.

use std::path::PathBuf;

use rayon::prelude::*;
use termlint_core::consistency::{
    FileSummary, INCONSISTENT_SOURCE, INCONSISTENT_TARGET, Index, Unit,
};
use termlint_core::diagnostic::Diagnostic;
use termlint_core::document::Document;
use termlint_core::lint;
use termlint_core::rules;
use termlint_core::settings::Settings;

use crate::render::{self, OutputFormat};
use crate::walk::{self, Input};

/// One file's run-level findings, rendered in the run's output format.
pub struct FileFindings {
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
    pub rendered: Vec<u8>,
}

/// A run's consistency rules: the first pass folds in each file's summary
/// as it is linted; [`Run::check`] reads every file with units again when
/// some group is inconsistent, keeps only that group's units, and renders
/// the findings.
pub struct Run {
    index: Index,
    paths: Vec<PathBuf>,
}

impl Run {
    pub fn new(settings: &Settings, inputs: &[Input]) -> Run {
        let selected = |id: &str| {
            inputs.iter().any(|input| match input {
                Input::File { path, .. } => settings.for_path(Some(path)).selection.enabled(id),
                Input::Stdin => false,
            })
        };
        Run {
            index: Index::new(
                selected(INCONSISTENT_TARGET.id),
                selected(INCONSISTENT_SOURCE.id),
            ),
            paths: Vec::new(),
        }
    }

    /// The next file's summary, in path order.
    pub fn add(&mut self, path: PathBuf, summary: FileSummary) {
        self.index.add(summary);
        self.paths.push(path);
    }

    /// The consistency findings of the run, by file.
    pub fn check(
        self,
        settings: &Settings,
        format: OutputFormat,
        color: bool,
    ) -> Vec<FileFindings> {
        let Run { index, paths } = self;
        if paths.is_empty() {
            return Vec::new();
        }
        let plan = index.finish();
        // The second pass: every file with units read again, in parallel,
        // keeping only the units of inconsistent groups.
        let members: Vec<(usize, Vec<Unit>)> = plan
            .files_to_read()
            .into_par_iter()
            .filter_map(|file| {
                let path = &paths[file];
                let doc = read_document(path, settings)?;
                let units = settings
                    .for_path(Some(path))
                    .consistency_members(&plan, file, &doc);
                Some((file, units))
            })
            .collect();
        let found = plan.findings(members);
        let mut by_file: std::collections::BTreeMap<usize, Vec<Diagnostic>> =
            std::collections::BTreeMap::new();
        for finding in found {
            by_file
                .entry(finding.file)
                .or_default()
                .push(finding.diagnostic);
        }
        let mut out = Vec::new();
        for (file, mut diagnostics) in by_file {
            let path = &paths[file];
            // Read again to show the findings in context and to honour the
            // file's suppressions.
            let Some(document) = read_document(path, settings) else {
                continue;
            };
            let file_settings = settings.for_path(Some(path));
            rules::settle_run_level(&document, &file_settings.selection, &mut diagnostics);
            if diagnostics.is_empty() {
                continue;
            }
            let rendered = render::render_file(format, &document, &diagnostics, color);
            out.push(FileFindings {
                path: document.path.clone(),
                diagnostics,
                rendered,
            });
        }
        out
    }
}

/// A file of the run read again, unlinted; `None` if it no longer reads
/// (changed or removed since it was linted).
fn read_document(path: &std::path::Path, settings: &Settings) -> Option<Document> {
    let bytes = walk::read_bytes(&Input::File {
        path: path.to_path_buf(),
        explicit: true,
    })
    .ok()?;
    lint::read(&bytes, Some(path), settings).ok()
}
