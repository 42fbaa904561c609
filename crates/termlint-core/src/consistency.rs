//! Translation consistency across the files of a run:
//! `bitext/inconsistent-target` (one source, several translations) and
//! `bitext/inconsistent-source` (one translation for several sources).
//!
//! Each file is summarised on its own, in parallel with the other files
//! ([`summary`]: the hashes of its units' normalised texts), and folded
//! into one [`Index`] that keeps an entry per distinct text, not per unit.
//! When a group turns out inconsistent, the files are read a second time
//! for that group's units in full ([`Plan`]), so memory follows the
//! distinct strings of the run, not its units or the size of its files.
//! A run of one file (the language server) takes its units in full at once
//! ([`units`], [`inconsistencies`]).

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
    precision: "99% (127 of 128) on the real zh catalogues, Apache Superset's included, one run per project: each a source with two or more translations (the one wrong: the language name `Go` and the verb `go`). See docs/precision.md.",
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
different language pairs. A catalogue that declares no target language (or
only `zh` where its path says `zh_Hant`) takes the locale its path names
(`locale/zh_Hans/LC_MESSAGES/django.po`, `app.zh_TW.po`).

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
    precision: "19% (9 of 48) in real zh catalogues and 40% (14 of 35, a sample) in Superset's, once sources that differ only in case, articles and English plurals count as one (8% before): short UI strings share translations on purpose (`Remove` and `Delete` are both 删除); opt-in. See docs/precision.md.",
    explain: "\
The reverse of bitext/inconsistent-target: one target text (after the same
normalisation) used for sources that differ. Sources that differ only in
case, articles (a, an, the) and English plural endings count as one
(`Country` and `Countries` are both 国家 on purpose). Opt-in, since short UI
strings legitimately share a translation (`Remove` and `Delete` may both be
删除); useful for longer sentences, where it finds a unit translated by
copying its neighbour.",
};

/// Which differences do not count when comparing units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Normalize {
    pub whitespace: bool,
    pub case: bool,
    pub placeholders: bool,
    /// Whether units also get a [`loose_source`] key: only
    /// bitext/inconsistent-source reads it, and it costs a string per unit.
    pub loose_sources: bool,
}

impl Default for Normalize {
    fn default() -> Self {
        Normalize {
            whitespace: true,
            case: true,
            placeholders: true,
            loose_sources: false,
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
            loose_sources: false,
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
            // Tags stay text: `<missing product>` and `<no view>` are words
            // in angle brackets, not one placeholder.
            let arguments = placeholders(text)
                .into_iter()
                .filter(|(_, name)| !name.starts_with('<'));
            for (n, (range, _)) in arguments.enumerate() {
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

/// What the merge keeps of each unit: its normalised texts as 128-bit
/// hashes, and its PO context hashed (0 for none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnitKey {
    pub source: u128,
    /// The source as bitext/inconsistent-source compares it
    /// ([`loose_source`]): `Country` and `Countries` are one source there.
    pub loose_source: u128,
    pub target: u128,
    pub context: u64,
}

/// One unit as a finding shows it: its keys, the texts as written (short
/// excerpts), and where its target is. Only units in inconsistent groups
/// are ever held this way over a whole run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub key: UnitKey,
    pub source: Box<str>,
    pub target: Box<str>,
    /// The target's byte span in the file, and its 1-based line and column.
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
}

/// A source as bitext/inconsistent-source compares it: its words in lower
/// case, without articles and with English plurals made singular, and
/// nothing else. Short UI strings that differ only so (`Country` and
/// `Countries`, `Address` and `Addresses`, `Product` and `products`) share
/// one translation on purpose in every real catalogue.
pub fn loose_source(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for word in source
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if matches!(word.as_str(), "a" | "an" | "the") {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        push_singular(&mut out, &word);
    }
    out
}

/// Pushes an English plural made singular (`countries` -> `country`,
/// `boxes` -> `box`, `users` -> `user`), any other word as it is.
fn push_singular(out: &mut String, word: &str) {
    let stem = |ending: usize| &word[..word.len() - ending];
    if !word.is_ascii() || word.len() <= 3 {
        out.push_str(word);
    } else if word.len() > 4 && word.ends_with("ies") {
        out.push_str(stem(3));
        out.push('y');
    } else if ["sses", "ches", "shes", "xes", "zes"]
        .iter()
        .any(|ending| word.ends_with(ending))
    {
        out.push_str(stem(2));
    } else if word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        out.push_str(stem(1));
    } else {
        out.push_str(word);
    }
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

/// A file's units in full, for a run of one file (the language server,
/// tests) and for the units of inconsistent groups in a run of many.
#[derive(Clone, Debug, Default)]
pub struct FileUnits {
    pub path: String,
    pub pair: (String, String),
    pub units: Vec<Unit>,
    /// Renderings of glossary terms, for term/inconsistent across the run.
    pub terms: Vec<crate::rules::term::TermRendering>,
}

/// What a file contributes to the first pass over a run: its language pair,
/// the keys of its comparable units, and its renderings of glossary terms.
#[derive(Clone, Debug, Default)]
pub struct FileSummary {
    pub path: String,
    pub pair: (String, String),
    pub keys: Vec<UnitKey>,
    pub terms: Vec<crate::rules::term::TermRendering>,
}

/// `zh_CN`, `ZH-cn` -> `zh-cn`, so that one pair is one key.
fn language_key(tag: Option<&str>) -> String {
    tag.unwrap_or("")
        .trim()
        .replace('_', "-")
        .to_ascii_lowercase()
}

fn pair_of(
    doc: &Document,
    source_lang: Option<&str>,
    target_lang: Option<&str>,
) -> (String, String) {
    let declared = language_key(target_lang.or(doc.target_lang.as_deref()));
    // A catalogue without a language (`"Language: \n"`), or with only `zh`
    // for both `zh_Hans` and `zh_Hant`, is told apart by the locale its path
    // names, so that two languages' files are never compared. A wrong guess
    // only keeps files apart.
    let target = match locale_in_path(&doc.path).map(|l| language_key(Some(&l))) {
        Some(named) if declared.is_empty() => named,
        Some(named)
            if named.len() > declared.len()
                && named.starts_with(&declared)
                && named.as_bytes()[declared.len()] == b'-' =>
        {
            named
        }
        _ => declared,
    };
    (
        language_key(source_lang.or(doc.source_lang.as_deref())),
        target,
    )
}

/// The locale a catalogue's path names: the folder before `LC_MESSAGES`
/// (`locale/zh_Hans/LC_MESSAGES/django.po`), else the last dot-separated
/// part of the file name before its extension that reads as a language
/// tag (`superset.zh_TW.po`), else the folder holding the file (`po/ja/`).
fn locale_in_path(path: &str) -> Option<String> {
    let looks_like_tag = |part: &str| {
        let mut subtags = part.split(['-', '_']);
        let primary = subtags.next().unwrap_or("");
        (2..=3).contains(&primary.len())
            && primary.chars().all(|c| c.is_ascii_lowercase())
            && subtags
                .all(|s| (2..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
    };
    let components: Vec<&str> = path.split(['/', '\\']).filter(|c| !c.is_empty()).collect();
    if let Some(i) = components.iter().position(|c| *c == "LC_MESSAGES")
        && i > 0
    {
        return Some(components[i - 1].to_owned());
    }
    let name = components.last()?;
    let mut parts: Vec<&str> = name.split('.').collect();
    parts.pop();
    // `zh_CN.po`, or the parts after a name (`django.zh_CN.po`).
    let skip = usize::from(parts.len() > 1);
    if let Some(part) = parts.iter().skip(skip).rev().find(|p| looks_like_tag(p)) {
        return Some((*part).to_owned());
    }
    let folder = components.len().checked_sub(2).map(|i| components[i])?;
    looks_like_tag(folder).then(|| folder.to_owned())
}

/// The segment's source and target texts when it is a comparable unit:
/// bilingual, not a plural form, not locked, with a non-empty target.
fn comparable(segment: &crate::document::Segment) -> Option<(&str, &str)> {
    let source = segment.source.as_ref()?;
    if segment.unit.plural || segment.unit.locked || segment.target.text.trim().is_empty() {
        return None;
    }
    Some((&source.text, &segment.target.text))
}

fn unit_key(
    segment: &crate::document::Segment,
    (source, target): (&str, &str),
    normalize: &Normalize,
) -> UnitKey {
    let source = normalize.apply(source);
    let source_key = key(&source);
    UnitKey {
        source: source_key,
        loose_source: if normalize.loose_sources {
            key(&loose_source(&source))
        } else {
            source_key
        },
        target: key(&normalize.apply(target)),
        context: context_key(segment.unit.context.as_deref()),
    }
}

/// Applies `f` to every segment, over cores when the file is large (a large
/// catalogue is one file).
fn map_segments<T: Send>(
    doc: &Document,
    f: impl Fn(&crate::document::Segment) -> Option<T> + Sync + Send,
) -> Vec<T> {
    if doc.segments.len() >= crate::rules::PARALLEL_SEGMENTS {
        use rayon::prelude::*;
        doc.segments.par_iter().filter_map(f).collect()
    } else {
        doc.segments.iter().filter_map(f).collect()
    }
}

/// The keys of a document's comparable units: the first pass.
pub fn summary(
    doc: &Document,
    source_lang: Option<&str>,
    target_lang: Option<&str>,
    normalize: &Normalize,
) -> FileSummary {
    FileSummary {
        path: doc.path.clone(),
        pair: pair_of(doc, source_lang, target_lang),
        keys: map_segments(doc, |segment| {
            Some(unit_key(segment, comparable(segment)?, normalize))
        }),
        terms: Vec::new(),
    }
}

/// A document's comparable units in full, those whose keys `keep` accepts.
pub fn units_where(
    doc: &Document,
    source_lang: Option<&str>,
    target_lang: Option<&str>,
    normalize: &Normalize,
    keep: impl Fn(&UnitKey) -> bool + Sync + Send,
) -> FileUnits {
    let index = LineIndex::new(&doc.text);
    let unit = |segment: &crate::document::Segment| {
        let (source, target) = comparable(segment)?;
        let key = unit_key(segment, (source, target), normalize);
        if !keep(&key) {
            return None;
        }
        let start = segment.target.file_span(0..0).start;
        let span = segment.target.file_span(0..target.len());
        let (line, column) = index.location(start);
        Some(Unit {
            key,
            source: excerpt(source).into(),
            target: excerpt(target).into(),
            span,
            line,
            column,
        })
    };
    FileUnits {
        path: doc.path.clone(),
        pair: pair_of(doc, source_lang, target_lang),
        units: map_segments(doc, unit),
        terms: Vec::new(),
    }
}

/// A document's comparable units in full.
pub fn units(
    doc: &Document,
    source_lang: Option<&str>,
    target_lang: Option<&str>,
    normalize: &Normalize,
) -> FileUnits {
    units_where(doc, source_lang, target_lang, normalize, |_| true)
}

/// (language pair, context, text key): the units of one group.
type GroupKey = (u32, u64, u128);

/// The distinct keys of the other side seen in one group. Nearly every
/// group has one, so the first is kept apart and the set stays empty (an
/// empty set allocates nothing).
#[derive(Clone, Debug)]
struct Variants {
    first: u128,
    others: rustc_hash::FxHashSet<u128>,
}

impl Variants {
    fn add(&mut self, key: u128) {
        if key != self.first {
            self.others.insert(key);
        }
    }

    fn merge(&mut self, other: &Variants) {
        self.add(other.first);
        for &key in &other.others {
            self.add(key);
        }
    }

    fn count(&self) -> usize {
        1 + self.others.len()
    }
}

/// One file as the run index keeps it.
#[derive(Debug)]
struct IndexedFile {
    path: String,
    pair: u32,
    has_units: bool,
    terms: Vec<crate::rules::term::TermRendering>,
}

/// The first pass over a run: every file's summary folded in, in path
/// order, as it arrives. It holds one entry per distinct source (and per
/// distinct target when bitext/inconsistent-source runs), not one per
/// unit, so a run of millions of units over a few thousand distinct
/// strings stays small; units are read in full only in the second pass,
/// and only those of inconsistent groups ([`Plan`]).
#[derive(Debug)]
pub struct Index {
    target_rule: bool,
    source_rule: bool,
    pairs: Vec<(String, String)>,
    files: Vec<IndexedFile>,
    by_source: HashMap<GroupKey, Variants>,
    by_target: HashMap<GroupKey, Variants>,
}

fn fold(groups: &mut HashMap<GroupKey, Variants>, key: GroupKey, other: u128) {
    groups
        .entry(key)
        .and_modify(|v| v.add(other))
        .or_insert(Variants {
            first: other,
            others: Default::default(),
        });
}

impl Index {
    /// `target` and `source`: whether bitext/inconsistent-target and
    /// bitext/inconsistent-source run for any file of the run.
    pub fn new(target: bool, source: bool) -> Index {
        Index {
            target_rule: target,
            source_rule: source,
            pairs: Vec::new(),
            files: Vec::new(),
            by_source: HashMap::default(),
            by_target: HashMap::default(),
        }
    }

    /// The next file of the run, in path order.
    pub fn add(&mut self, summary: FileSummary) {
        let pair = match self.pairs.iter().position(|p| *p == summary.pair) {
            Some(at) => at,
            None => {
                self.pairs.push(summary.pair);
                self.pairs.len() - 1
            }
        } as u32;
        for key in &summary.keys {
            if self.target_rule {
                fold(
                    &mut self.by_source,
                    (pair, key.context, key.source),
                    key.target,
                );
            }
            if self.source_rule {
                fold(
                    &mut self.by_target,
                    (pair, key.context, key.target),
                    key.loose_source,
                );
            }
        }
        self.files.push(IndexedFile {
            path: summary.path,
            pair,
            has_units: !summary.keys.is_empty(),
            terms: summary.terms,
        });
    }

    /// Settles the language pairs and finds the inconsistent groups.
    pub fn finish(self) -> Plan {
        // An unknown source language is resolved against the other files
        // (see `pairs`), so groups of two declared pairs may be one.
        let declared: Vec<FileUnits> = self
            .pairs
            .iter()
            .map(|pair| FileUnits {
                pair: pair.clone(),
                ..FileUnits::default()
            })
            .collect();
        let resolved_pairs = pairs(&declared);
        let mut distinct: Vec<(String, String)> = Vec::new();
        let resolve: Vec<u32> = resolved_pairs
            .into_iter()
            .map(|pair| match distinct.iter().position(|p| *p == pair) {
                Some(at) => at as u32,
                None => {
                    distinct.push(pair);
                    (distinct.len() - 1) as u32
                }
            })
            .collect();
        let inconsistent = |groups: HashMap<GroupKey, Variants>| {
            let mut merged: HashMap<GroupKey, Variants> = HashMap::default();
            for ((pair, context, text), variants) in groups {
                let key = (resolve[pair as usize], context, text);
                match merged.get_mut(&key) {
                    Some(known) => known.merge(&variants),
                    None => {
                        merged.insert(key, variants);
                    }
                }
            }
            merged
                .into_iter()
                .filter(|(_, v)| v.count() > 1)
                .map(|(k, _)| k)
                .collect::<rustc_hash::FxHashSet<GroupKey>>()
        };
        Plan {
            target_groups: inconsistent(self.by_source),
            source_groups: inconsistent(self.by_target),
            target_rule: self.target_rule,
            source_rule: self.source_rule,
            pairs: distinct,
            resolve,
            files: self.files,
        }
    }
}

/// The second pass over a run: which groups are inconsistent, so that only
/// their units are read in full.
#[derive(Debug)]
pub struct Plan {
    target_rule: bool,
    source_rule: bool,
    /// Resolved language pairs, and each declared pair's resolved one.
    pairs: Vec<(String, String)>,
    resolve: Vec<u32>,
    target_groups: rustc_hash::FxHashSet<GroupKey>,
    source_groups: rustc_hash::FxHashSet<GroupKey>,
    files: Vec<IndexedFile>,
}

impl Plan {
    /// The run's files (by their index in path order) whose units must be
    /// read again: none when no group is inconsistent.
    pub fn files_to_read(&self) -> Vec<usize> {
        if self.target_groups.is_empty() && self.source_groups.is_empty() {
            return Vec::new();
        }
        (0..self.files.len())
            .filter(|&f| self.files[f].has_units)
            .collect()
    }

    /// Of file `file`'s document, the units in inconsistent groups.
    pub fn members(
        &self,
        file: usize,
        doc: &Document,
        source_lang: Option<&str>,
        target_lang: Option<&str>,
        normalize: &Normalize,
    ) -> Vec<Unit> {
        let pair = self.resolve[self.files[file].pair as usize];
        units_where(doc, source_lang, target_lang, normalize, |key| {
            self.target_groups
                .contains(&(pair, key.context, key.source))
                || self
                    .source_groups
                    .contains(&(pair, key.context, key.target))
        })
        .units
    }

    /// The findings, given the members of every file that
    /// [`Plan::files_to_read`] named, by file index.
    pub fn findings(self, members: Vec<(usize, Vec<Unit>)>) -> Vec<Finding> {
        let Plan {
            target_rule,
            source_rule,
            pairs,
            resolve,
            files,
            ..
        } = self;
        let mut files: Vec<FileUnits> = files
            .into_iter()
            .map(|file| FileUnits {
                path: file.path,
                pair: pairs[resolve[file.pair as usize] as usize].clone(),
                units: Vec::new(),
                terms: file.terms,
            })
            .collect();
        for (file, units) in members {
            files[file].units = units;
        }
        // A unit read for one rule sits in a group of the other rule whose
        // other members were not read; such a group is consistent (else all
        // of it would have been read), so it reports nothing.
        let resolved: Vec<(String, String)> = files.iter().map(|f| f.pair.clone()).collect();
        findings_of(&files, &resolved, target_rule, source_rule)
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
    findings_of(files, &pairs(files), target, source)
}

fn findings_of(
    files: &[FileUnits],
    pairs: &[(String, String)],
    target: bool,
    source: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if target {
        out.extend(groups(files, pairs, Side::Target));
    }
    if source {
        out.extend(groups(files, pairs, Side::Source));
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

fn groups(files: &[FileUnits], pairs: &[(String, String)], side: Side) -> Vec<Finding> {
    type Key<'a> = (&'a (String, String), u64, u128);
    let mut by_key: HashMap<Key<'_>, Vec<(usize, usize)>> = HashMap::default();
    for (f, file) in files.iter().enumerate() {
        for (u, unit) in file.units.iter().enumerate() {
            let key = match side {
                Side::Target => unit.key.source,
                Side::Source => unit.key.target,
            };
            by_key
                .entry((&pairs[f], unit.key.context, key))
                .or_default()
                .push((f, u));
        }
    }
    let mut out = Vec::new();
    for members in by_key.into_values() {
        let unit = |&(f, u): &(usize, usize)| &files[f].units[u];
        let other_key = |m: &(usize, usize)| match side {
            Side::Target => unit(m).key.target,
            Side::Source => unit(m).key.loose_source,
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
    #[test]
    fn loose_sources() {
        for (a, b) in [
            ("Country", "Countries"),
            ("Address", "Addresses"),
            ("User", "users"),
            ("Order", "The order"),
            ("Box", "Boxes"),
            ("Add an item", "Add item"),
            ("Branch", "Branches"),
        ] {
            assert_eq!(loose_source(a), loose_source(b), "{a} / {b}");
        }
        for (a, b) in [
            ("Product class", "Product category"),
            ("Open", "Opened"),
            ("Status", "Statu"),
            ("Analysis", "Analysi"),
            ("Class", "Cla"),
            ("Number of orders", "Order count"),
        ] {
            assert_ne!(loose_source(a), loose_source(b), "{a} / {b}");
        }
    }

    use super::*;
    use crate::formats::{self, ReadOptions};

    fn doc(path: &str, po: &str) -> Document {
        formats::parse(
            crate::document::Format::Po,
            path.into(),
            po.into(),
            0,
            &ReadOptions::default(),
        )
        .unwrap()
    }

    fn file(path: &str, po: &str) -> FileUnits {
        units(
            &doc(path, po),
            Some("en"),
            Some("zh-CN"),
            &Normalize::default(),
        )
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

    /// Real (django-mptt, django-jazzmin): `Language: ` empty in both the
    /// zh_Hans and the zh_Hant catalogue; their paths tell them apart.
    #[test]
    fn catalogues_of_two_locales_without_a_language_are_not_compared() {
        let unit = |path: &str, target: &str| {
            units(
                &doc(path, &entry("Account", target)),
                None,
                None,
                &Normalize::default(),
            )
        };
        let hans = unit("mptt/locale/zh_Hans/LC_MESSAGES/django.po", "账户");
        let hant = unit("mptt/locale/zh_Hant/LC_MESSAGES/django.po", "帳戶");
        assert!(inconsistencies(&[hans.clone(), hant], true, false).is_empty());
        let other = unit("other/locale/zh_Hans/LC_MESSAGES/django.po", "帐号");
        assert_eq!(inconsistencies(&[hans, other], true, false).len(), 1);
    }

    #[test]
    fn locales_named_by_paths() {
        let locale = |p: &str| locale_in_path(p);
        assert_eq!(
            locale("a/locale/zh_Hans/LC_MESSAGES/django.po").as_deref(),
            Some("zh_Hans")
        );
        assert_eq!(locale("corpus/superset.zh_TW.po").as_deref(), Some("zh_TW"));
        assert_eq!(locale("po/zh_CN.po").as_deref(), Some("zh_CN"));
        assert_eq!(locale("i18n/ja/messages.po").as_deref(), Some("ja"));
        assert_eq!(locale("translations.po"), None);
    }

    #[test]
    fn words_in_angle_brackets_are_text_not_one_placeholder() {
        // django-oscar and Django Debug Toolbar: different sources.
        let a = file(
            "a.po",
            &(entry("<missing product>", "<商品缺失>") + &entry("<no view>", "<没有视图>")),
        );
        assert!(inconsistencies(&[a], true, false).is_empty());
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

    /// The two passes of a run, as the command line makes them.
    fn two_passes(files: &[(&str, &str)], target: bool, source: bool) -> Vec<Finding> {
        let parse = doc;
        let normalize = Normalize::default();
        let mut index = Index::new(target, source);
        for (path, po) in files {
            index.add(summary(&parse(path, po), None, Some("zh-CN"), &normalize));
        }
        let plan = index.finish();
        let members = plan
            .files_to_read()
            .into_iter()
            .map(|f| {
                let (path, po) = files[f];
                (
                    f,
                    plan.members(f, &parse(path, po), None, Some("zh-CN"), &normalize),
                )
            })
            .collect();
        plan.findings(members)
    }

    #[test]
    fn two_passes_find_what_one_does_and_keep_only_inconsistent_units() {
        let a = entry("Save", "保存") + &entry("Open", "打开") + &entry("Close", "关闭");
        let b = entry("Open", "打开") + &entry("save", "存储") + &entry("Close", "关闭");
        let c = entry("Close", "关上") + &entry("Open", "打开");
        let files = [
            ("a.po", a.as_str()),
            ("b.po", b.as_str()),
            ("c.po", c.as_str()),
        ];
        let found = two_passes(&files, true, false);
        let one_pass: Vec<FileUnits> = files
            .iter()
            .map(|(path, po)| {
                let mut units = file(path, po);
                units.pair.0.clear();
                units
            })
            .collect();
        let expected = inconsistencies(&one_pass, true, false);
        let shown = |found: &[Finding]| -> Vec<(usize, String, Vec<String>)> {
            found
                .iter()
                .map(|f| {
                    let d = &f.diagnostic;
                    let related = d.related.iter().map(|r| format!("{}:{}", r.path, r.line));
                    (f.file, d.message.clone(), related.collect())
                })
                .collect()
        };
        assert_eq!(shown(&found), shown(&expected));
        assert_eq!(
            shown(&found),
            [
                (
                    0,
                    "`Save` is translated 2 different ways".into(),
                    vec!["b.po:5".into()]
                ),
                (
                    0,
                    "`Close` is translated 2 different ways".into(),
                    vec!["b.po:8".into(), "c.po:2".into()]
                ),
            ]
        );
        // `Open` is consistent: its six units are never held in full.
        let plan = {
            let mut index = Index::new(true, false);
            for (path, po) in &files {
                index.add(summary(
                    &doc(path, po),
                    None,
                    Some("zh-CN"),
                    &Normalize::default(),
                ));
            }
            index.finish()
        };
        assert_eq!(plan.target_groups.len(), 2);
    }

    #[test]
    fn nothing_is_read_again_when_every_group_is_consistent() {
        let a = entry("Open", "打开");
        let mut index = Index::new(true, true);
        for path in ["a.po", "b.po"] {
            index.add(summary(
                &doc(path, &a),
                None,
                Some("zh-CN"),
                &Normalize::default(),
            ));
        }
        assert!(index.finish().files_to_read().is_empty());
    }

    #[test]
    fn an_undeclared_source_language_joins_the_declared_one_in_two_passes() {
        let a = entry("Save", "保存");
        let b = entry("Save", "存储");
        let parse = doc;
        let normalize = Normalize::default();
        let mut index = Index::new(true, false);
        index.add(summary(
            &parse("a.po", &a),
            Some("en"),
            Some("zh-CN"),
            &normalize,
        ));
        index.add(summary(&parse("b.po", &b), None, Some("zh_CN"), &normalize));
        let plan = index.finish();
        let members = vec![
            (
                0,
                plan.members(0, &parse("a.po", &a), Some("en"), Some("zh-CN"), &normalize),
            ),
            (
                1,
                plan.members(1, &parse("b.po", &b), None, Some("zh_CN"), &normalize),
            ),
        ];
        assert_eq!(plan.findings(members).len(), 1);
    }

    #[test]
    fn language_pairs_are_kept_apart() {
        let a = file("a.po", &entry("Save", "保存"));
        let mut b = file("b.po", &entry("Save", "儲存"));
        b.pair.1 = "zh-tw".into();
        assert!(inconsistencies(&[a, b], true, false).is_empty());
    }
}
