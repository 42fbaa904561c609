//! Run-level checks: consistency across all the files of a run. Each file's
//! summary was made while it was linted; here they are merged, and every
//! finding is settled and rendered against its file, which is read again
//! (only the files with findings, so memory stays with the summaries).

use std::path::PathBuf;

use termlint_core::consistency::{self, FileUnits, INCONSISTENT_SOURCE, INCONSISTENT_TARGET};
use termlint_core::diagnostic::Diagnostic;
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

/// The consistency findings over the summaries of every file (in path
/// order), by file.
pub fn check(
    settings: &Settings,
    files: Vec<(PathBuf, FileUnits)>,
    format: OutputFormat,
    color: bool,
) -> Vec<FileFindings> {
    if files
        .iter()
        .all(|(_, f)| f.units.is_empty() && f.terms.is_empty())
    {
        return Vec::new();
    }
    let (paths, summaries): (Vec<PathBuf>, Vec<FileUnits>) = files.into_iter().unzip();
    let selected = |id: &str| {
        paths
            .iter()
            .any(|path| settings.for_path(Some(path)).selection.enabled(id))
    };
    let found = consistency::inconsistencies(
        &summaries,
        selected(INCONSISTENT_TARGET.id),
        selected(INCONSISTENT_SOURCE.id),
    );
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
        // The file was read once already; read it again to show the
        // findings in context and to honour its suppressions.
        let Ok(bytes) = walk::read_bytes(&Input::File {
            path: path.clone(),
            explicit: true,
        }) else {
            continue;
        };
        let Ok(linted) = lint::lint(&bytes, Some(path), settings, false) else {
            continue;
        };
        let file_settings = settings.for_path(Some(path));
        rules::settle_run_level(&linted.document, &file_settings.selection, &mut diagnostics);
        if diagnostics.is_empty() {
            continue;
        }
        let rendered = render::render_file(format, &linted.document, &diagnostics, color);
        out.push(FileFindings {
            path: linted.document.path.clone(),
            diagnostics,
            rendered,
        });
    }
    out
}
