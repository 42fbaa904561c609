//! Baselines: record today's findings, then count only new ones.
//!
//! A finding is keyed by its rule, path, text and a little context around
//! it, not by line numbers, so edits elsewhere in a file do not make old
//! findings look new.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use termlint_core::diagnostic::Diagnostic;

const CONTEXT_CHARS: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub struct Key {
    pub rule: String,
    pub path: String,
    pub text: String,
    pub context: String,
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Key>,
}

/// Known findings, counted (the same finding may occur several times).
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    by_path: HashMap<String, HashMap<Key, usize>>,
}

/// The key of a diagnostic in a document's text.
pub fn key(path: &str, text: &str, d: &Diagnostic) -> Key {
    // Context stays within the line, so that moving a paragraph or adding
    // one before it does not change the key.
    let before: String = text[..d.span.start]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .take(CONTEXT_CHARS)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[d.span.end..]
        .chars()
        .take_while(|&c| c != '\n' && c != '\r')
        .take(CONTEXT_CHARS)
        .collect();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    Key {
        rule: d.rule.to_owned(),
        path: path.to_owned(),
        text: text[d.span.clone()].to_owned(),
        context: format!("{}|{}", squash(&before), squash(&after)),
    }
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let file: File = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a termlint baseline: {e}", path.display()))?;
        let mut baseline = Baseline::default();
        for key in file.findings {
            *baseline
                .by_path
                .entry(key.path.clone())
                .or_default()
                .entry(key)
                .or_default() += 1;
        }
        Ok(baseline)
    }

    /// Remove the known findings of one file; returns how many.
    pub fn filter(&self, path: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let Some(known) = self.by_path.get(path) else {
            return 0;
        };
        let mut left = known.clone();
        let before = diagnostics.len();
        diagnostics.retain(|d| match left.get_mut(&key(path, text, d)) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        });
        before - diagnostics.len()
    }
}

/// Write a baseline of these findings, sorted so that it diffs well.
pub fn write(path: &Path, mut findings: Vec<Key>) -> Result<(), String> {
    findings.sort();
    let file = File {
        version: 1,
        findings,
    };
    let text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())? + "\n";
    std::fs::write(path, text).map_err(|e| format!("cannot write baseline {}: {e}", path.display()))
}
