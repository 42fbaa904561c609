//! Rules: each a small module with a stable `family/name` id. A rule reads
//! the shared [`Context`] and returns diagnostics; it never reads files or
//! prints.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::glossary::Glossary;
use crate::language::{self, Writing};
use crate::matcher::{Hit, Matcher, TargetWritings, TermMatch};

pub mod bitext;
pub mod chinese;
pub mod format_strings;
pub mod garble;
pub mod glossary;
pub mod meta;
pub mod numbers;
pub mod punct;
pub mod space;
pub mod term;
pub mod text;

/// A rule: its metadata and its check, side by side. Each rule module
/// defines its rules as constants; [`RULES`] lists them all.
#[derive(Debug)]
pub struct Rule {
    /// Stable `family/name` id.
    pub id: &'static str,
    pub severity: Severity,
    /// One line for `termlint rules`.
    pub summary: &'static str,
    /// What `termlint explain` prints.
    pub explain: &'static str,
    /// Whether its replacements are safe for `--fix`.
    pub fixable: bool,
    /// The check, or `None` for a rule that the pipeline reports itself.
    pub check: Option<Check>,
    /// Whether the check reads the glossary matches in targets
    /// ([`Context::target_terms`]), which are found only when some enabled
    /// rule needs them.
    pub reads_terms: bool,
    /// The text it is written for (see [`crate::language`]).
    pub script: Script,
    /// In a bilingual segment, what the source itself has (a quote it
    /// never closes, a double space) is not the translator's fault: the
    /// same finding in the target is not reported.
    pub excused_by_source: bool,
    /// On by default. A rule that is not runs only when named by its full
    /// id (or `all`), never through its family or the default set.
    pub on_by_default: bool,
    /// The measured precision behind the default, for `termlint explain`.
    pub precision: &'static str,
}

/// How a rule reads a document.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    /// The rule reads the whole document at once.
    Document(fn(&Context<'_>, &mut Vec<Diagnostic>)),
    /// The rule reads one segment's target (and source) at a time: given
    /// the document, it returns its finder, or `None` when it has nothing
    /// to look for there. All such rules run in one pass over the
    /// segments, each segment's text read by every rule while it is in
    /// cache.
    Segment(for<'c> fn(&'c Context<'c>) -> Option<SegmentFinder<'c>>),
}

/// A rule's search of one segment: the segment's index (`usize::MAX` for a
/// source searched to excuse what the target repeats), the text, and the
/// segment's source when the text is a target.
pub type SegmentFinder<'c> =
    Box<dyn Fn(usize, &text::Text<'_>, Option<&str>) -> Vec<Finding> + Sync + 'c>;

/// A segment rule's finder that needs nothing of the document but the text.
pub(crate) fn text_finder<'c>(find: fn(&str) -> Vec<Finding>) -> Option<SegmentFinder<'c>> {
    Some(Box::new(move |_, text, _| find(text.text)))
}

/// [`text_finder`] for a rule that reads what [`text::Text`] shares.
pub(crate) fn shared_text_finder<'c>(
    find: fn(&text::Text<'_>) -> Vec<Finding>,
) -> Option<SegmentFinder<'c>> {
    Some(Box::new(move |_, text, _| find(text)))
}

/// Which segments a text rule runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Every segment.
    Any,
    /// English and other spaced scripts; never Chinese, Japanese or Korean.
    Spaced,
    /// English only: a spaced-script segment whose target language is
    /// English or not declared. Rules about English words (legitimate
    /// doubles, tenses) would misfire in other languages (Sesotho's `o o`).
    English,
    /// Chinese only (not Japanese or Korean, whose punctuation differs).
    Chinese,
}

/// Rule families, including those whose rules belong to file formats that
/// a configuration may name ahead of time.
pub const FAMILIES: &[&str] = &[
    "term", "punct", "space", "garble", "bitext", "zh", "meta", "glossary",
];

/// Every rule, in the order they are listed.
pub const RULES: &[&Rule] = &[
    &term::VARIANT,
    &term::FORBIDDEN,
    &term::INCONSISTENT,
    &punct::DOUBLED,
    &punct::SPACING,
    &punct::UNBALANCED,
    &punct::FULLWIDTH,
    &space::DOUBLE,
    &space::TRAILING,
    &space::LEADING,
    &garble::UNTRANSLATED,
    &garble::MOJIBAKE,
    &garble::REPEATED_WORD,
    &garble::TENSE_YEAR,
    &bitext::TERM,
    &bitext::NUMBER,
    &bitext::PLACEHOLDER,
    &bitext::UNTRANSLATED,
    &bitext::LOCKED,
    &crate::consistency::INCONSISTENT_TARGET,
    &crate::consistency::INCONSISTENT_SOURCE,
    &bitext::WHITESPACE,
    &bitext::END_PUNCT,
    &chinese::ASCII_PUNCT,
    &chinese::FULLWIDTH_ALNUM,
    &chinese::CJK_LATIN_SPACE,
    &chinese::PUNCT_SPACE,
    &chinese::SCRIPT_MIX,
    &chinese::ELLIPSIS_DASH,
    &chinese::QUOTES,
    &chinese::REPEATED_CHAR,
    &meta::UNUSED_SUPPRESSION,
    &glossary::INVALID,
    &glossary::CONTRADICTION,
    &glossary::DUPLICATE_FORM,
    &glossary::SHARED_SOURCE,
    &glossary::EMPTY_FORM,
    &glossary::DUPLICATE_CONCEPT,
];

/// What a text rule found in one piece of text, in that text's offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub range: Range<usize>,
    pub message: String,
    pub label: String,
    pub replacement: Option<String>,
}

impl Finding {
    pub fn new(range: Range<usize>, message: String, label: String) -> Self {
        Finding {
            range,
            message,
            label,
            replacement: None,
        }
    }

    pub fn replace(mut self, replacement: impl Into<String>) -> Self {
        self.replacement = Some(replacement.into());
        self
    }
}

/// The texts a text rule flags, for tests.
#[cfg(test)]
pub(crate) fn flagged(find: fn(&str) -> Vec<Finding>, text: &str) -> Vec<String> {
    find(text)
        .into_iter()
        .map(|f| text[f.range].to_owned())
        .collect()
}

/// Apply findings' replacements to a text (for tests and fixes); findings
/// that overlap an earlier one are skipped.
pub fn apply_findings(text: &str, findings: &[Finding]) -> String {
    let mut sorted: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.replacement.is_some())
        .collect();
    sorted.sort_by_key(|f| f.range.start);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for f in sorted {
        if f.range.start < pos {
            continue;
        }
        out.push_str(&text[pos..f.range.start]);
        out.push_str(f.replacement.as_deref().unwrap_or_default());
        pos = f.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Whether two flagged texts are the same marks, full-width or ASCII,
/// curly or straight: a translator who writes the source's unclosed `(` as
/// `（` has kept the source's fault, not made one.
fn same_but_for_width(a: &str, b: &str) -> bool {
    fn fold(c: char) -> char {
        match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '【' => '[',
            '】' => ']',
            '“' | '”' | '„' | '「' | '」' | '『' | '』' => '"',
            '‘' | '’' => '\'',
            '。' => '.',
            '、' => ',',
            _ => c,
        }
    }
    a.chars().map(fold).eq(b.chars().map(fold))
}

/// Run the segment rules over every segment's target, all of them on one
/// segment before the next, and map their findings into file spans.
fn check_segments(
    cx: &Context<'_>,
    rules: &[(&Rule, SegmentFinder<'_>)],
    out: &mut Vec<Diagnostic>,
) {
    if rules.is_empty() {
        return;
    }
    let diagnose =
        |(index, (segment, writing)): (usize, (&crate::document::Segment, &Option<Writing>))| {
            let mut found = Vec::new();
            let piece = &segment.target;
            let target = text::Text::new(&piece.text);
            let source = segment.source.as_ref().map(|s| s.text.as_str());
            let source_text = source.map(text::Text::new);
            for (info, find) in rules {
                let applies = match info.script {
                    Script::Any => true,
                    Script::Spaced => *writing == Some(Writing::Spaced),
                    Script::English => {
                        *writing == Some(Writing::Spaced)
                            && cx
                                .options
                                .target_lang
                                .as_deref()
                                .is_none_or(|tag| language::same_language(tag, "en"))
                    }
                    Script::Chinese => cx.is_chinese(index),
                };
                if !applies {
                    continue;
                }
                let findings = find(index, &target, source);
                if findings.is_empty() {
                    continue;
                }
                let in_source: Vec<String> = match &source_text {
                    Some(source) if info.excused_by_source => find(usize::MAX, source, None)
                        .into_iter()
                        .map(|f| source.text[f.range].to_owned())
                        .collect(),
                    _ => Vec::new(),
                };
                found.extend(
                    findings
                        .into_iter()
                        .filter(|f| {
                            !in_source
                                .iter()
                                .any(|s| same_but_for_width(s, &piece.text[f.range.clone()]))
                        })
                        .map(|f| {
                            let mut d = Diagnostic::new(
                                info.id,
                                info.severity,
                                piece.file_span(f.range),
                                f.message,
                            )
                            .with_label(f.label);
                            if let Some(replacement) = f.replacement {
                                if info.fixable {
                                    let span = d.span.clone();
                                    d = d.with_fix(span, replacement.clone());
                                }
                                d = d.with_replacement(replacement);
                            }
                            d
                        }),
                );
            }
            found
        };
    if cx.doc.segments.len() >= PARALLEL_SEGMENTS {
        let found: Vec<Vec<Diagnostic>> = cx
            .doc
            .segments
            .par_iter()
            .zip(&cx.writing)
            .enumerate()
            .map(diagnose)
            .collect();
        out.extend(found.into_iter().flatten());
    } else {
        for pair in cx.doc.segments.iter().zip(&cx.writing).enumerate() {
            out.extend(diagnose(pair));
        }
    }
}

/// Documents with at least this many segments are checked on several cores.
pub(crate) const PARALLEL_SEGMENTS: usize = 4096;

/// Settings that rules read beyond the glossary.
#[derive(Clone, Debug)]
pub struct RuleOptions {
    /// Target language tag (`en`, `zh-CN`, ...), from the command line, the
    /// config or the file; `None` lets each segment's script decide.
    pub target_lang: Option<String>,
    /// Years before this one are past, for garble/tense-year.
    pub as_of_year: i32,
    /// zh/cjk-latin-space: which spacing between Chinese and Latin is right.
    pub cjk_latin_space: SpacingMode,
    /// bitext/end-punct for Chinese, Japanese and Korean targets: `true`
    /// compares every unit (`match`), `false` only the file's minority
    /// habit (`consistent`, the default).
    pub end_punct_match: bool,
    /// term/inconsistent spans the whole run (config
    /// `consistency-scope = "project"`) instead of each file.
    pub terms_across_files: bool,
}

/// Spacing between Chinese characters and Latin letters or digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SpacingMode {
    /// A space is required.
    Always,
    /// No space is allowed.
    Never,
    /// The file's majority style wins; its minority is reported.
    #[default]
    Consistent,
}

impl std::str::FromStr for SpacingMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "always" => Ok(SpacingMode::Always),
            "never" => Ok(SpacingMode::Never),
            "consistent" => Ok(SpacingMode::Consistent),
            other => Err(format!(
                "unknown spacing `{other}`: always, never or consistent"
            )),
        }
    }
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            target_lang: None,
            as_of_year: current_year(),
            cjk_latin_space: SpacingMode::default(),
            end_punct_match: false,
            terms_across_files: false,
        }
    }
}

/// The current calendar year (UTC), from the system clock.
pub fn current_year() -> i32 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    civil_year(days)
}

/// The proleptic Gregorian year of a day count since 1970-01-01.
fn civil_year(days: i64) -> i32 {
    // Howard Hinnant's days-to-civil algorithm, year part only.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.id == id)
}

/// Everything a rule may look at for one document.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub glossary: &'a Glossary,
    pub options: &'a RuleOptions,
    pub matcher: &'a Matcher,
    /// Glossary matches in each segment's target text, in text order;
    /// none in segments that are not in the glossary's target language.
    pub target_terms: Vec<Vec<TermMatch>>,
    /// For each segment whose ASCII target the matcher walked, the lines
    /// where garble/repeated-word may find something, from that same walk
    /// ([`crate::repeats`]); `None` where the rule must look for itself.
    pub may_repeat: Vec<Option<Vec<std::ops::Range<usize>>>>,
    /// How each segment's target is written: by the target language when
    /// it is known, else by its script (`None`: no letters at all).
    pub writing: Vec<Option<Writing>>,
    /// The glossary's target languages ([`Glossary::target_langs`]) and,
    /// for each, whether it applies to a segment written each way (no
    /// letters, spaced, unspaced): by tag when the run has one, else by
    /// script. A file without `target_lang` applies everywhere.
    glossary_langs: &'a [Option<Box<str>>],
    lang_applies: Vec<[bool; 3]>,
    /// For each writing (see [`writing_index`]), the target languages of
    /// the glossary entries that may apply.
    targets: [TargetWritings; 3],
    /// Whether each segment is Chinese ([`Context::is_chinese`]), decided
    /// on first asking: every Chinese rule asks.
    chinese: Vec<std::sync::OnceLock<bool>>,
}

/// Build side by side the automata that the matcher would build one after
/// the other on first need for `doc` ([`Matcher::prepare`]): those its
/// targets are scanned with when `needs_terms`, and those bitext/term
/// searches its sources with when `searches_sources`. Only automata not
/// built yet are looked for, so a run of many files reads its segments
/// here only until they are.
fn prepare_matcher(
    doc: &Document,
    matcher: &Matcher,
    writing: &[Option<Writing>],
    applying: &[usize; 3],
    targets: &[TargetWritings; 3],
    needs_terms: bool,
    searches_sources: bool,
) {
    let mut target_slots: Vec<usize> = Vec::new();
    let mut source_slots: Vec<usize> = Vec::new();
    let wanted = |list: &mut Vec<usize>, slot: Option<usize>, built: &dyn Fn(usize) -> bool| {
        if let Some(slot) = slot.filter(|&slot| !built(slot) && !list.contains(&slot)) {
            list.push(slot);
        }
    };
    // Per writing, the target and source slots its segments may still
    // need built.
    let unbuilt = |wanted: bool, slot: Option<usize>, built: &dyn Fn(usize) -> bool| {
        slot.filter(|&slot| wanted && !built(slot))
    };
    let target_open = [0, 1, 2].map(|k| {
        let slot = matcher.target_slot(targets[k], false);
        unbuilt(needs_terms && applying[k] > 0, slot, &|s| {
            matcher.target_built(s)
        })
    });
    let source_open = [0, 1, 2].map(|k| {
        let slot = matcher.source_slot(targets[k], None);
        unbuilt(searches_sources && applying[k] > 0, slot, &|s| {
            matcher.source_built(s)
        })
    });
    // One automaton alone gains nothing from being built here rather than
    // on first need: then the segments are not read at all.
    let mut open: Vec<(bool, usize)> = target_open.iter().flatten().map(|&s| (true, s)).collect();
    open.extend(source_open.iter().flatten().map(|&s| (false, s)));
    open.sort_unstable();
    open.dedup();
    if open.len() < 2 {
        return;
    }
    let (target_open, source_open) = (
        target_open.map(|s| s.is_some()),
        source_open.map(|s| s.is_some()),
    );
    for (segment, w) in doc.segments.iter().zip(writing) {
        let k = writing_index(*w);
        if target_open[k] {
            let slot = matcher.target_slot(targets[k], segment.target.text.is_ascii());
            wanted(&mut target_slots, slot, &|slot| matcher.target_built(slot));
        }
        if let Some(source) = &segment.source
            && source_open[k]
            && !segment.unit.locked
            && !segment.target.text.trim().is_empty()
        {
            let slot = matcher.source_slot(targets[k], Some(&source.text));
            wanted(&mut source_slots, slot, &|slot| matcher.source_built(slot));
        }
    }
    let text_bytes = doc
        .segments
        .iter()
        .map(|segment| {
            segment.target.text.len() + segment.source.as_ref().map_or(0, |s| s.text.len())
        })
        .sum();
    matcher.prepare(&crate::matcher::Needs {
        target_slots: &target_slots,
        source_slots: &source_slots,
        text_bytes,
    });
}

/// The index of a segment's writing in [`Context::lang_applies`].
fn writing_index(writing: Option<Writing>) -> usize {
    match writing {
        None => 0,
        Some(Writing::Spaced) => 1,
        Some(Writing::Unspaced) => 2,
    }
}

/// Whether entries whose target language is `target` apply to a segment
/// written `writing`, by the table of [`Context::lang_applies`].
fn lang_applies_to(
    glossary_langs: &[Option<Box<str>>],
    lang_applies: &[[bool; 3]],
    target: &Option<Box<str>>,
    writing: Option<Writing>,
) -> bool {
    glossary_langs
        .iter()
        .position(|lang| lang == target)
        .is_some_and(|k| lang_applies[k][writing_index(writing)])
}

impl<'a> Context<'a> {
    pub fn new(
        doc: &'a Document,
        glossary: &'a Glossary,
        matcher: &'a Matcher,
        options: &'a RuleOptions,
        needs_terms: bool,
        wants_repeats: bool,
        searches_sources: bool,
    ) -> Self {
        let writing: Vec<Option<Writing>> = match &options.target_lang {
            Some(lang) => vec![Some(language::writing_of_tag(lang)); doc.segments.len()],
            None => {
                let mut writing: Vec<Option<Writing>> = doc
                    .segments
                    .iter()
                    .map(|s| language::writing_of_text(&s.target.text))
                    .collect();
                // A catalogue has one target language: when most of its
                // targets are Chinese, Japanese or Korean, so is every
                // target with a character of those scripts, however many
                // English names it holds (`Jupyter Notebook 需要 JavaScript。`).
                let bilingual = doc.segments.iter().any(|s| s.source.is_some());
                let count = |w: Writing| writing.iter().filter(|x| **x == Some(w)).count();
                if bilingual && count(Writing::Unspaced) > count(Writing::Spaced) {
                    for (w, s) in writing.iter_mut().zip(&doc.segments) {
                        if s.target
                            .text
                            .chars()
                            .any(crate::matcher::is_unspaced_script)
                        {
                            *w = Some(Writing::Unspaced);
                        }
                    }
                }
                writing
            }
        };
        // Each glossary file describes one target language: its terms apply
        // to the segments in that language (by tag, else by script).
        let glossary_langs = glossary.target_langs();
        let lang_applies: Vec<[bool; 3]> = glossary_langs
            .iter()
            .map(|lang| {
                [None, Some(Writing::Spaced), Some(Writing::Unspaced)].map(|writing| {
                    match (lang.as_deref(), &options.target_lang) {
                        (None, _) => true,
                        (Some(g), Some(t)) => language::same_language(g, t),
                        (Some(g), None) => writing == Some(language::writing_of_tag(g)),
                    }
                })
            })
            .collect();
        // How many of the glossary's languages apply, by writing, and how
        // those are written.
        let applying: [usize; 3] = [0, 1, 2].map(|w| {
            lang_applies
                .iter()
                .filter(|by_writing| by_writing[w])
                .count()
        });
        let targets: [TargetWritings; 3] = [0, 1, 2].map(|w| {
            let mut targets = TargetWritings {
                spaced_or_untagged: false,
                unspaced: false,
            };
            for (lang, by_writing) in glossary_langs.iter().zip(&lang_applies) {
                if by_writing[w] {
                    match lang.as_deref().map(language::writing_of_tag) {
                        Some(Writing::Unspaced) => targets.unspaced = true,
                        _ => targets.spaced_or_untagged = true,
                    }
                }
            }
            targets
        });
        prepare_matcher(
            doc,
            matcher,
            &writing,
            &applying,
            &targets,
            needs_terms,
            searches_sources,
        );
        let (target_terms, may_repeat) = if needs_terms {
            let find = |(segment, writing): (&crate::document::Segment, &Option<Writing>)| {
                let mut hits = Vec::new();
                let mut may_repeat = None;
                let applying = applying[writing_index(*writing)];
                if applying > 0 {
                    let targets = targets[writing_index(*writing)];
                    // garble/repeated-word reads spaced scripts only.
                    may_repeat = matcher.find_for_and_repeats(
                        &segment.target.text,
                        targets,
                        &mut hits,
                        wants_repeats && *writing == Some(Writing::Spaced),
                    );
                    if applying < glossary_langs.len() {
                        hits.retain(|hit| {
                            let target = match hit.hit {
                                Hit::Canonical { term }
                                | Hit::Accepted { term, .. }
                                | Hit::Variant { term, .. } => &glossary.terms[term].langs.target,
                                Hit::Forbidden { rule, .. } => {
                                    &glossary.forbidden[rule].langs.target
                                }
                            };
                            lang_applies_to(glossary_langs, &lang_applies, target, *writing)
                        });
                    }
                }
                (hits, may_repeat)
            };
            // A large catalogue is one file: spread its segments over cores.
            if doc.segments.len() >= PARALLEL_SEGMENTS {
                doc.segments.par_iter().zip(&writing).map(find).unzip()
            } else {
                doc.segments.iter().zip(&writing).map(find).unzip()
            }
        } else {
            (
                vec![Vec::new(); doc.segments.len()],
                vec![None; doc.segments.len()],
            )
        };
        Context {
            doc,
            glossary,
            options,
            matcher,
            target_terms,
            may_repeat,
            writing,
            targets,
            glossary_langs,
            lang_applies,
            chinese: (0..doc.segments.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }
}

impl Context<'_> {
    /// Whether segment `i`'s target is Chinese (not Japanese or Korean):
    /// written without spaces, and Chinese by the target language, else by
    /// its characters.
    pub fn is_chinese(&self, i: usize) -> bool {
        self.writing[i] == Some(Writing::Unspaced)
            && *self.chinese[i].get_or_init(|| {
                language::is_chinese(
                    self.options.target_lang.as_deref(),
                    &self.doc.segments[i].target.text,
                )
            })
    }

    /// Whether glossary entries with these languages apply to segment `i`.
    pub fn applies(&self, langs: &crate::glossary::Langs, i: usize) -> bool {
        lang_applies_to(
            self.glossary_langs,
            &self.lang_applies,
            &langs.target,
            self.writing[i],
        )
    }

    /// Whether any glossary entry applies to segment `i`.
    /// The target languages of the glossary entries that may apply to
    /// segment `i`, by how they are written.
    pub fn target_writings(&self, i: usize) -> TargetWritings {
        self.targets[writing_index(self.writing[i])]
    }

    pub fn any_glossary_applies(&self, i: usize) -> bool {
        let writing = writing_index(self.writing[i]);
        self.lang_applies
            .iter()
            .any(|by_writing| by_writing[writing])
    }

    /// A glossary term's canonical form as segment `i` should spell it: in
    /// Traditional script for a Traditional Chinese target (书签 -> 書籤),
    /// where the conversion is one-to-one; else as the glossary has it.
    pub fn canonical_for(&self, term: &crate::glossary::Term, i: usize) -> String {
        use crate::chinese_script::{self as cs, Script as Written};
        let canonical = &term.canonical;
        if !canonical.chars().any(crate::matcher::is_unspaced_script) {
            return canonical.clone();
        }
        let text = &self.doc.segments[i].target.text;
        let script = match self.options.target_lang.as_deref() {
            Some(tag) => cs::script_of_tag(tag),
            None => cs::script_of_text(text),
        }
        .or_else(|| cs::script_of_text(text));
        let Some(script) = script else {
            return canonical.clone();
        };
        if cs::script_of_text(canonical).is_some_and(|own| {
            matches!(
                (own, script),
                (Written::Simplified, Written::Simplified)
                    | (Written::Traditional(_), Written::Traditional(_))
            )
        }) {
            return canonical.clone();
        }
        cs::convert(canonical, script).unwrap_or_else(|| canonical.clone())
    }
}

/// Which rules run, and at what severity.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Ids or families (`term`) to run; empty means all.
    pub select: Vec<String>,
    /// Ids or families to skip.
    pub ignore: Vec<String>,
    pub severity: HashMap<String, Severity>,
}

fn selector_matches(selector: &str, id: &str) -> bool {
    selector == "all"
        || selector == id
        || id
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl Selection {
    /// Whether a rule runs. A rule that is not on by default runs only when
    /// selected by its full id or `all`.
    pub fn enabled(&self, id: &str) -> bool {
        let opt_in = find(id).is_some_and(|rule| !rule.on_by_default);
        let selected = if opt_in {
            self.select.iter().any(|s| s == id || s == "all")
        } else {
            self.select.is_empty() || self.select.iter().any(|s| selector_matches(s, id))
        };
        selected && !self.ignore.iter().any(|s| selector_matches(s, id))
    }

    /// Whether a selector names a rule, a family or `all`.
    pub fn is_known_selector(selector: &str) -> bool {
        FAMILIES.contains(&selector) || RULES.iter().any(|rule| selector_matches(selector, rule.id))
    }

    /// This selection with another layered on top: its `select` replaces
    /// ours when given, its `ignore` adds to ours, its severities win.
    pub fn overridden_by(&self, other: &Selection) -> Selection {
        let mut out = self.clone();
        if !other.select.is_empty() {
            out.select = other.select.clone();
        }
        out.ignore.extend(other.ignore.iter().cloned());
        out.severity
            .extend(other.severity.iter().map(|(k, v)| (k.clone(), *v)));
        out
    }

    /// Check that every selector names a rule or a family.
    pub fn validate(&self) -> Result<(), String> {
        for selector in self
            .select
            .iter()
            .chain(&self.ignore)
            .chain(self.severity.keys())
        {
            if !Selection::is_known_selector(selector) {
                return Err(format!(
                    "unknown rule or family `{selector}` (see `termlint rules`)"
                ));
            }
        }
        Ok(())
    }
}

/// Run the selected rules over one document; diagnostics sorted by position.
pub fn check(
    doc: &Document,
    glossary: &Glossary,
    matcher: &Matcher,
    selection: &Selection,
    options: &RuleOptions,
) -> Vec<Diagnostic> {
    let needs_terms = RULES
        .iter()
        .any(|rule| rule.reads_terms && selection.enabled(rule.id));
    let wants_repeats = selection.enabled(garble::REPEATED_WORD.id);
    let searches_sources = selection.enabled(bitext::TERM.id);
    let cx = Context::new(
        doc,
        glossary,
        matcher,
        options,
        needs_terms,
        wants_repeats,
        searches_sources,
    );
    let mut out = Vec::new();
    let mut segment_rules = Vec::new();
    for rule in RULES.iter().filter(|rule| selection.enabled(rule.id)) {
        match rule.check {
            Some(Check::Document(check)) => check(&cx, &mut out),
            Some(Check::Segment(prepare)) => {
                if let Some(find) = prepare(&cx) {
                    segment_rules.push((*rule, find));
                }
            }
            None => {}
        }
    }
    check_segments(&cx, &segment_rules, &mut out);
    out.retain(|d| selection.enabled(d.rule));
    let directives = crate::suppress::document_directives(&doc.text, &doc.units);
    let used = crate::suppress::filter(&directives, &mut out);
    one_finding_per_variant(&mut out);
    meta::unused_suppressions(directives, &used, selection, &mut out);
    apply_severities(selection, &mut out);
    out.sort_by(|a, b| (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule)));
    out
}

/// A known variant in a target is one fault: term/variant reports it, with
/// its fix, and bitext/term's report of the same span (the source term's
/// expected rendering) is dropped. Either alone keeps its own.
fn one_finding_per_variant(out: &mut Vec<Diagnostic>) {
    let variants: Vec<Range<usize>> = out
        .iter()
        .filter(|d| d.rule == term::VARIANT.id)
        .map(|d| d.span.clone())
        .collect();
    if !variants.is_empty() {
        out.retain(|d| d.rule != bitext::TERM.id || !variants.contains(&d.span));
    }
}

/// Run-level findings (bitext/inconsistent-target) for one document, as
/// [`check`] settles its own: only enabled rules, minus what the file's
/// suppressions cover, at the configured severities.
pub fn settle_run_level(doc: &Document, selection: &Selection, out: &mut Vec<Diagnostic>) {
    out.retain(|d| selection.enabled(d.rule));
    let directives = crate::suppress::document_directives(&doc.text, &doc.units);
    crate::suppress::filter(&directives, out);
    apply_severities(selection, out);
}

fn apply_severities(selection: &Selection, out: &mut [Diagnostic]) {
    for diagnostic in out {
        if let Some(severity) = selection
            .severity
            .iter()
            .filter(|(selector, _)| selector_matches(selector, diagnostic.rule))
            // The most specific selector (a rule id over its family) wins.
            .max_by_key(|(selector, _)| selector.len())
            .map(|(_, severity)| *severity)
        {
            diagnostic.severity = severity;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_well_formed() {
        for rule in RULES {
            let family = rule.id.split('/').next().unwrap_or_default();
            assert!(rule.id.contains('/'), "{}", rule.id);
            assert!(FAMILIES.contains(&family), "{}", rule.id);
            assert!(!rule.explain.is_empty(), "{}", rule.id);
            assert_eq!(find(rule.id).map(|r| r.id), Some(rule.id));
            // Only meta/ and glossary/ rules and the run-level consistency rules come
            // from elsewhere than a per-document check.
            let run_level = rule.id.starts_with("bitext/inconsistent-");
            assert_eq!(
                rule.check.is_none(),
                family == "meta" || family == "glossary" || run_level,
                "{}",
                rule.id
            );
        }
    }

    /// Applying a rule's fixes leaves nothing for that rule to report.
    #[test]
    fn fixes_relint_clean() {
        type Finder = fn(&str) -> Vec<Finding>;
        let cases: &[(Finder, &str)] = &[
            (punct::doubled, "Macao. . Next,, one ;; two , . end.."),
            (
                punct::spacing,
                "Meanwhile,the growth.The 220,000 , 5% ,x the'Hai Silk'",
            ),
            (
                punct::fullwidth,
                "exports grew，imports fell（sharply）。Then：more；yes？no！",
            ),
            (space::double, "the  annual   trade"),
            (space::trailing, "a  \nb\t\nc"),
            (space::leading, "\u{3000} On the morning"),
            (garble::mojibake, "itâ€™s a cafÃ© â€œquotedâ€\u{9d}"),
            (garble::repeated_word, "the the total and and The the end"),
        ];
        for (rule, text) in cases {
            let first = rule(text);
            assert!(!first.is_empty(), "{text}");
            let fixed = apply_findings(text, &first);
            let again = rule(&fixed);
            assert!(again.is_empty(), "{text:?} -> {fixed:?}: {again:?}");
            assert_eq!(apply_findings(&fixed, &rule(&fixed)), fixed);
        }
    }

    #[test]
    fn civil_years() {
        assert_eq!(civil_year(0), 1970);
        assert_eq!(civil_year(365), 1971);
        assert_eq!(civil_year(20_453), 2025); // 2025-12-31
        assert_eq!(civil_year(20_454), 2026);
    }

    #[test]
    fn selection_by_family_and_id() {
        let selection = Selection {
            select: vec!["term".into()],
            ignore: vec!["term/inconsistent".into()],
            ..Selection::default()
        };
        assert!(selection.enabled("term/variant"));
        assert!(!selection.enabled("term/inconsistent"));
        assert!(!selection.enabled("terms/x"));
        assert!(selection.validate().is_ok());
        let bad = Selection {
            ignore: vec!["nope".into()],
            ..Selection::default()
        };
        assert!(bad.validate().is_err());
    }
}
