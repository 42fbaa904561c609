//! Translation consistency across the files of a run:
//! `bitext/inconsistent-target` (one source, several translations) and
//! `bitext/inconsistent-source` (one translation for several sources).
//!
//! Each file is summarised on its own, in parallel with the other files
//! ([`units`]); the summaries are merged once every file is done
//! ([`inconsistencies`]). A summary holds each unit's normalised texts and
//! where its target is, never the file, so memory follows the number of
//! units, not the size of the files.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::document::Document;
use crate::line_index::LineIndex;
use crate::rules::bitext::placeholders;
use crate::rules::{Rule, Script};

pub const INCONSISTENT_TARGET: Rule = Rule {
    id: "bitext/inconsistent-target",
    severity: Severity::Warning,
    summary: "the same source translated differently, across all files of the run",
    fixable: false,
    // A run-level rule: the command line merges the files' summaries.
    check: None,
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (60 of 60) on the real zh catalogues taken as one run: each a source with two or more translations. See docs/precision.md.",
    explain: "\
Reports a source text that the bilingual files of one language pair
translate in more than one way, whether the units sit in one file or in
twenty. One finding per source, at its first occurrence in path order; every
other occurrence is a related location (related notes in human output,
`relatedLocations` in SARIF, `related` in JSON).

Sources and targets are compared after normalising whitespace, letter case
and placeholders (by position, not by name: `Delete %(name)s` and `Delete
%(item)s` are one source). Config `consistency-normalize` lists which of
`whitespace`, `case` and `placeholders` apply (default: all three).

Never compared: plural forms, units of different PO contexts (`msgctxt`),
units locked or marked not to be translated, empty targets, and units of
different language pairs.

    a.po:  msgid \"Save\"  msgstr \"保存\"
    b.po:  msgid \"Save\"  msgstr \"存储\"     <- bitext/inconsistent-target",
};

pub const INCONSISTENT_SOURCE: Rule = Rule {
    id: "bitext/inconsistent-source",
    severity: Severity::Warning,
    summary: "the same translation used for different sources, across all files of the run",
    fixable: false,
    check: None,
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: false,
    precision: "opt-in: short UI strings share translations on purpose (`Open` and `Opened` may both be 打开).",
    explain: "\
The reverse of bitext/inconsistent-target: one target text (after the same
normalisation) used for sources that differ. Opt-in, since short UI strings
legitimately share a translation (`Open` and `Opened` may both be 打开);
useful for longer sentences, where it finds a unit translated by copying its
neighbour.",
};

/// Which differences do not count when comparing units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Normalize {
    pub whitespace: bool,
    pub case: bool,
    pub placeholders: bool,
}

impl Default for Normalize {
    fn default() -> Self {
        Normalize {
            whitespace: true,
            case: true,
            placeholders: true,
        }
    }
}

impl Normalize {
    /// From the config's list of names; an unknown name is an error.
    pub fn from_names(names: &[String]) -> Result<Normalize, String> {
        let mut normalize = Normalize {
            whitespace: false,
            case: false,
            placeholders: false,
        };
        for name in names {
            match name.as_str() {
                "whitespace" => normalize.whitespace = true,
                "case" => normalize.case = true,
                "placeholders" => normalize.placeholders = true,
                other => {
                    return Err(format!(
                        "unknown normalisation `{other}` (expected whitespace, case or placeholders)"
                    ));
                }
            }
        }
        Ok(normalize)
    }

    /// The text as units are compared.
    pub fn apply(&self, text: &str) -> String {
        // Most strings need nothing but lower-casing: skip the rest.
        let plain = !text.contains(['%', '{', '<', '$'])
            && !text.contains("  ")
            && !text.contains(['\t', '\n', '\r'])
            && text.trim() == text;
        if plain || !(self.whitespace || self.placeholders) {
            return if self.case {
                text.to_lowercase()
            } else {
                text.to_owned()
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        if self.placeholders {
            // By position: the n-th placeholder is `{n}` whatever its name.
            for (n, (range, _)) in placeholders(text).into_iter().enumerate() {
                out.push_str(&text[at..range.start]);
                out.push_str(&format!("\u{1}{n}\u{1}"));
                at = range.end;
            }
        }
        out.push_str(&text[at..]);
        if self.whitespace {
            out = out.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        if self.case {
            out = out.to_lowercase();
        }
        out
    }
}

/// One unit as consistency sees it. The normalised texts are kept as
/// 128-bit hashes and the texts as written only as short excerpts, so that
/// a run of millions of units stays small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub source_key: u128,
    pub target_key: u128,
    /// The PO context, hashed; 0 for none.
    pub context: u64,
    /// The texts as written, shortened, for messages.
    pub source: Box<str>,
    pub target: Box<str>,
    /// The target's byte span in the file, and its 1-based line and column.
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
}

/// A 128-bit hash of a normalised text: two 64-bit hashes of differently
/// prefixed input, so that distinct texts never meet in practice.
fn key(text: &str) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut hasher);
        text.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

fn context_key(context: Option<&str>) -> u64 {
    use std::hash::{Hash, Hasher};
    context.map_or(0, |c| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        c.hash(&mut hasher);
        hasher.finish().max(1)
    })
}

/// A file's summary: its language pair and its comparable units.
#[derive(Clone, Debug, Default)]
pub struct FileUnits {
    pub path: String,
    pub pair: (String, String),
    pub units: Vec<Unit>,
    /// Renderings of glossary terms, for term/inconsistent across the run.
    pub terms: Vec<crate::rules::term::TermRendering>,
}

/// `zh_CN`, `ZH-cn` -> `zh-cn`, so that one pair is one key.
fn language_key(tag: Option<&str>) -> String {
    tag.unwrap_or("")
        .trim()
        .replace('_', "-")
        .to_ascii_lowercase()
}

/// The comparable units of a document: bilingual, not plural forms, not
/// locked, with a non-empty target.
pub fn units(
    doc: &Document,
    source_lang: Option<&str>,
    target_lang: Option<&str>,
    normalize: &Normalize,
) -> FileUnits {
    let index = LineIndex::new(&doc.text);
    let unit = |segment: &crate::document::Segment| {
        let source = segment.source.as_ref()?;
        if segment.unit.plural || segment.unit.locked || segment.target.text.trim().is_empty() {
            return None;
        }
        let start = segment.target.file_span(0..0).start;
        let span = segment.target.file_span(0..segment.target.text.len());
        let (line, column) = index.location(start);
        Some(Unit {
            source_key: key(&normalize.apply(&source.text)),
            target_key: key(&normalize.apply(&segment.target.text)),
            context: context_key(segment.unit.context.as_deref()),
            source: excerpt(&source.text).into(),
            target: excerpt(&segment.target.text).into(),
            span,
            line,
            column,
        })
    };
    // A large catalogue is one file: spread its units over cores.
    let units: Vec<Unit> = if doc.segments.len() >= crate::rules::PARALLEL_SEGMENTS {
        use rayon::prelude::*;
        doc.segments.par_iter().filter_map(unit).collect()
    } else {
        doc.segments.iter().filter_map(unit).collect()
    };
    FileUnits {
        path: doc.path.clone(),
        pair: (
            language_key(source_lang.or(doc.source_lang.as_deref())),
            language_key(target_lang.or(doc.target_lang.as_deref())),
        ),
        units,
        terms: Vec::new(),
    }
}

/// A finding of one of the rules, for the file at `file` in the run's path
/// order.
#[derive(Debug)]
pub struct Finding {
    pub file: usize,
    pub diagnostic: Diagnostic,
}

/// Shortened for a message.
fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX {
        flat
    } else {
        let cut: String = flat.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// The findings of both rules over every file's summary. `files` is in the
/// run's path order; `target` and `source` say which rules run.
pub fn inconsistencies(files: &[FileUnits], target: bool, source: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    if target {
        out.extend(groups(files, Side::Target));
    }
    if source {
        out.extend(groups(files, Side::Source));
    }
    out.extend(term_groups(files));
    out.sort_by_key(|f| (f.file, f.diagnostic.span.start));
    out
}

/// term/inconsistent across the run: a glossary term rendered more than
/// one way over all the files, once per term, at its first rendering in
/// path order, with the first place of every rendering in every file.
fn term_groups(files: &[FileUnits]) -> Vec<Finding> {
    use crate::rules::term::INCONSISTENT;
    let mut by_term: HashMap<usize, Vec<(usize, usize)>> = HashMap::default();
    let mut order = Vec::new();
    for (f, file) in files.iter().enumerate() {
        for (r, rendering) in file.terms.iter().enumerate() {
            by_term
                .entry(rendering.term)
                .or_insert_with(|| {
                    order.push(rendering.term);
                    Vec::new()
                })
                .push((f, r));
        }
    }
    let mut out = Vec::new();
    for term in order {
        let places = &by_term[&term];
        let rendering = |&(f, r): &(usize, usize)| &files[f].terms[r];
        let mut texts: Vec<String> = places
            .iter()
            .map(|p| rendering(p).text.to_lowercase())
            .collect();
        texts.sort_unstable();
        texts.dedup();
        if texts.len() < 2 {
            continue;
        }
        let total = |text: &str| -> usize {
            places
                .iter()
                .map(rendering)
                .filter(|r| r.text.to_lowercase() == text)
                .map(|r| r.count)
                .sum()
        };
        let first = rendering(&places[0]);
        let mut diagnostic = Diagnostic::new(
            INCONSISTENT.id,
            INCONSISTENT.severity,
            first.span.clone(),
            format!(
                "`{}` is rendered {} different ways across {} files",
                first.canonical,
                texts.len(),
                {
                    let mut files_with: Vec<usize> = places.iter().map(|p| p.0).collect();
                    files_with.dedup();
                    files_with.len()
                }
            ),
        )
        .with_label(format!(
            "`{}`, {} in the run",
            first.text,
            times(total(&first.text.to_lowercase()))
        ))
        .with_note(format!("use `{}` throughout", first.canonical));
        for place in &places[1..] {
            let r = rendering(place);
            diagnostic.related.push(Related {
                path: files[place.0].path.clone(),
                span: r.span.clone(),
                line: r.line,
                column: r.column,
                message: format!("`{}`, {} in this file", r.text, times(r.count)),
            });
        }
        out.push(Finding {
            file: places[0].0,
            diagnostic,
        });
    }
    out
}

fn times(n: usize) -> String {
    if n == 1 {
        "once".to_owned()
    } else {
        format!("{n} times")
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Units grouped by source; their targets must agree.
    Target,
    /// Units grouped by target; their sources must agree.
    Source,
}

/// Each file's language pair, with an unknown source language (a PO file
/// does not declare one) taken as the one source language that the other
/// files with the same target declare, if they agree.
fn pairs(files: &[FileUnits]) -> Vec<(String, String)> {
    let mut sources: HashMap<&str, Vec<&str>> = HashMap::default();
    for file in files {
        let (source, target) = (&file.pair.0, &file.pair.1);
        let known = sources.entry(target.as_str()).or_default();
        if !source.is_empty() && !known.contains(&source.as_str()) {
            known.push(source);
        }
    }
    files
        .iter()
        .map(|file| {
            let (source, target) = file.pair.clone();
            match sources.get(target.as_str()).map(Vec::as_slice) {
                Some([only]) if source.is_empty() => ((*only).to_owned(), target),
                _ => (source, target),
            }
        })
        .collect()
}

fn groups(files: &[FileUnits], side: Side) -> Vec<Finding> {
    type Key<'a> = (&'a (String, String), u64, u128);
    let pairs = pairs(files);
    let mut by_key: HashMap<Key<'_>, Vec<(usize, usize)>> = HashMap::default();
    for (f, file) in files.iter().enumerate() {
        for (u, unit) in file.units.iter().enumerate() {
            let key = match side {
                Side::Target => unit.source_key,
                Side::Source => unit.target_key,
            };
            by_key
                .entry((&pairs[f], unit.context, key))
                .or_default()
                .push((f, u));
        }
    }
    let mut out = Vec::new();
    for members in by_key.into_values() {
        let unit = |&(f, u): &(usize, usize)| &files[f].units[u];
        let other_key = |m: &(usize, usize)| match side {
            Side::Target => unit(m).target_key,
            Side::Source => unit(m).source_key,
        };
        let mut variants: Vec<u128> = members.iter().map(other_key).collect();
        variants.sort_unstable();
        variants.dedup();
        if variants.len() < 2 {
            continue;
        }
        // Path order, then file order: the first occurrence is reported.
        let first = members[0];
        let first_unit = unit(&first);
        let (rule, message) = match side {
            Side::Target => (
                &INCONSISTENT_TARGET,
                format!(
                    "`{}` is translated {} different ways",
                    excerpt(&first_unit.source),
                    variants.len()
                ),
            ),
            Side::Source => (
                &INCONSISTENT_SOURCE,
                format!(
                    "`{}` translates {} different sources",
                    excerpt(&first_unit.target),
                    variants.len()
                ),
            ),
        };
        let shown = |m: &(usize, usize)| match side {
            Side::Target => excerpt(&unit(m).target),
            Side::Source => excerpt(&unit(m).source),
        };
        let label = match side {
            Side::Target => format!("translated as `{}`", shown(&first)),
            Side::Source => format!("for `{}`", shown(&first)),
        };
        let mut diagnostic =
            Diagnostic::new(rule.id, rule.severity, first_unit.span.clone(), message)
                .with_label(label);
        for m in &members[1..] {
            let other = unit(m);
            let note = match side {
                Side::Target => format!("translated as `{}`", shown(m)),
                Side::Source => format!("for `{}`", shown(m)),
            };
            diagnostic.related.push(Related {
                path: files[m.0].path.clone(),
                span: other.span.clone(),
                line: other.line,
                column: other.column,
                message: note,
            });
        }
        out.push(Finding {
            file: first.0,
            diagnostic,
        });
    }
    out
}

/// The run-level consistency findings of one document taken as a whole
/// run, settled against its suppressions: what `termlint check` reports
/// for that file alone, and what the language server reports for a buffer.
pub fn within_document(
    doc: &Document,
    file: &crate::settings::FileSettings<'_>,
) -> Vec<Diagnostic> {
    let Some(units) = file.consistency_units(doc) else {
        return Vec::new();
    };
    let mut found: Vec<Diagnostic> = inconsistencies(
        &[units],
        file.selection.enabled(INCONSISTENT_TARGET.id),
        file.selection.enabled(INCONSISTENT_SOURCE.id),
    )
    .into_iter()
    .map(|finding| finding.diagnostic)
    .collect();
    crate::rules::settle_run_level(doc, &file.selection, &mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{self, ReadOptions};

    fn file(path: &str, po: &str) -> FileUnits {
        let doc = formats::parse(
            crate::document::Format::Po,
            path.into(),
            po.into(),
            0,
            &ReadOptions::default(),
        )
        .unwrap();
        units(&doc, Some("en"), Some("zh-CN"), &Normalize::default())
    }

    fn entry(id: &str, s: &str) -> String {
        format!("msgid \"{id}\"\nmsgstr \"{s}\"\n\n")
    }

    #[test]
    fn one_source_two_translations_across_files() {
        let a = file("a.po", &(entry("Save", "保存") + &entry("Open", "打开")));
        let b = file("b.po", &(entry("Open", "打开") + &entry("save", "存储")));
        let found = inconsistencies(&[a, b], true, false);
        assert_eq!(found.len(), 1);
        let d = &found[0].diagnostic;
        assert_eq!(found[0].file, 0);
        assert_eq!(d.message, "`Save` is translated 2 different ways");
        assert_eq!(d.related.len(), 1);
        assert_eq!((d.related[0].path.as_str(), d.related[0].line), ("b.po", 5));
    }

    #[test]
    fn placeholders_by_position_whitespace_and_case_do_not_count() {
        let a = file("a.po", &entry("Delete %(name)s", "删除 %(name)s"));
        let b = file("b.po", &entry("delete  %(item)s", "删除 %(item)s"));
        assert!(inconsistencies(&[a, b], true, true).is_empty());
    }

    #[test]
    fn contexts_plurals_and_locked_units_are_never_compared() {
        let po = "msgctxt \"verb\"\nmsgid \"Open\"\nmsgstr \"打开\"\n\n\
                  msgctxt \"adjective\"\nmsgid \"Open\"\nmsgstr \"已打开\"\n\n\
                  msgid \"%d file\"\nmsgid_plural \"%d files\"\nmsgstr[0] \"%d 个文件\"\n\n\
                  msgid \"%d file\"\nmsgstr \"%d 份文件\"\n";
        assert!(inconsistencies(&[file("a.po", po)], true, true).is_empty());
    }

    #[test]
    fn the_same_target_for_two_sources_is_the_opt_in_rule() {
        let a = file("a.po", &(entry("Open", "打开") + &entry("Opened", "打开")));
        assert!(inconsistencies(std::slice::from_ref(&a), true, false).is_empty());
        let found = inconsistencies(&[a], false, true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].diagnostic.rule, "bitext/inconsistent-source");
    }

    #[test]
    fn language_pairs_are_kept_apart() {
        let a = file("a.po", &entry("Save", "保存"));
        let mut b = file("b.po", &entry("Save", "儲存"));
        b.pair.1 = "zh-tw".into();
        assert!(inconsistencies(&[a, b], true, false).is_empty());
    }
}
