//! Glossary phrase matching, built once and shared by all files and
//! threads.
//!
//! Two engines share one set of phrases. A phrase that starts with a word
//! character of a spaced script (most Latin phrases) can only match where a
//! word starts, so it is looked up by its first word in a hash table: one
//! probe per word of text, which is several times faster than an automaton
//! that follows every byte. Every other phrase (Han, kana, Hangul, or one
//! that starts with punctuation, like `(Finish)`) goes into an Aho-Corasick
//! automaton (a double array over characters: compact, and it can be
//! stored, so a compiled glossary's cache keeps the automata a run builds);
//! until a run has enough such text to pay for building one, they are
//! looked up in a phrase table instead, which finds the same matches.
//! Their matches are merged leftmost-longest.
//!
//! Matching semantics:
//! - leftmost-longest, so overlapping phrases report the longest;
//! - a phrase edge that is a letter or digit of a spaced script (Latin,
//!   Cyrillic, ...) must sit at a word boundary; Han, kana and Hangul edges
//!   match anywhere, since those scripts do not separate words with spaces;
//! - case-insensitive, except for acronyms (no lower-case letters), terms
//!   marked `case_sensitive`, and variants that differ from their canonical
//!   form only in case;
//! - an occurrence of a canonical form is reported as such, never as a
//!   variant.

use std::ops::Range;
use std::sync::Arc;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::glossary::Glossary;
use crate::phrase_table::PhraseTable;
use crate::segmenter::{Segmenter, SegmenterBuilder, in_segmenter_run};

/// What a matched phrase is in the glossary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Hit {
    Canonical {
        term: usize,
    },
    /// An accepted rendering (`accept`) or a longer phrase inside which a
    /// variant is correct (`except`): never flagged.
    Accepted {
        term: usize,
        exception: bool,
    },
    Variant {
        term: usize,
        variant: usize,
    },
    Forbidden {
        rule: usize,
        phrase: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermMatch {
    /// Byte range in the scanned text.
    pub span: Range<usize>,
    pub hit: Hit,
}

/// A glossary phrase: its text is a range of the matcher's `texts`, one
/// string for all of them (a 100,000-term glossary has hundreds of
/// thousands of phrases; one allocation each would cost tens of MB).
#[derive(Serialize, Deserialize)]
struct Entry {
    hit: PackedHit,
    text: (u32, u32),
    exact: bool,
    ascii: bool,
}

impl crate::exact_vec::Record for Entry {
    const SIZE: usize = 1 + 4 + 4 + 8 + 1 + 1;
    fn put(&self, out: &mut Vec<u8>) {
        out.push(self.hit.kind);
        (self.hit.first, self.hit.second).put(out);
        self.text.put(out);
        (self.exact, self.ascii).put(out);
    }
    fn get(bytes: &[u8]) -> Self {
        let (first, second) = <(u32, u32)>::get(&bytes[1..9]);
        let (exact, ascii) = <(bool, bool)>::get(&bytes[17..19]);
        Entry {
            hit: PackedHit {
                kind: bytes[0],
                first,
                second,
            },
            text: <(u32, u32)>::get(&bytes[9..17]),
            exact,
            ascii,
        }
    }
}

/// The glossary's phrases as entries, and their texts one after the
/// other: for each term its canonical form, accepted forms and exceptions,
/// variants; then the forbidden phrases; then the other Chinese script's
/// spelling of each phrase that has one. The third value has, for each
/// phrase, where its spellings start among them, and then their end.
fn glossary_entries(glossary: &Glossary) -> (Vec<Entry>, String, Vec<u32>) {
    // Each phrase in entry order, with its hit and whether it matches
    // with its exact case.
    let term_phrases = glossary.terms.iter().enumerate().flat_map(|(t, term)| {
        let exact = term.case_sensitive;
        let canonical = std::iter::once((&term.canonical, Hit::Canonical { term: t }, exact));
        let accepted = term.accept.iter().map(|a| (a, false));
        let accepted = accepted
            .chain(term.except.iter().map(|e| (e, true)))
            .map(move |(text, exception)| (text, Hit::Accepted { term: t, exception }, exact));
        let variants = term.variants.iter().enumerate().map(move |(v, variant)| {
            let hit = Hit::Variant {
                term: t,
                variant: v,
            };
            let exact = variant_is_exact(variant, &term.canonical, term.case_sensitive);
            (variant, hit, exact)
        });
        canonical.chain(accepted).chain(variants)
    });
    let forbidden = glossary.forbidden.iter().enumerate().flat_map(|(r, rule)| {
        rule.phrases.iter().enumerate().map(move |(p, phrase)| {
            let hit = Hit::Forbidden { rule: r, phrase: p };
            let exact = rule.case_sensitive || (has_uppercase(phrase) && !has_lowercase(phrase));
            (phrase, hit, exact)
        })
    });
    let phrases = || term_phrases.clone().chain(forbidden.clone());
    // A glossary written in one Chinese script applies to text in the
    // other through the converted spelling (书签 finds 書籤), where the
    // conversion is one-to-one. Found first, so that the arenas are made
    // at their size: grown by doubling, a termbase's leave tens of MB
    // behind.
    let mut spellings: Vec<(String, Hit, bool)> = Vec::new();
    // Where each phrase's spellings start in `spellings`, and their end.
    let mut spelling_starts: Vec<u32> = vec![0];
    let (mut count, mut bytes) = (0, 0);
    for (text, hit, exact) in phrases() {
        count += 1;
        bytes += text.len();
        if !text.is_ascii() {
            spellings.extend(script_spellings(text).into_iter().map(|s| (s, hit, exact)));
        }
        spelling_starts.push(spellings.len() as u32);
    }
    count += spellings.len();
    bytes += spellings.iter().map(|(s, _, _)| s.len()).sum::<usize>();
    let mut entries: Vec<Entry> = Vec::with_capacity(count);
    let mut texts = String::with_capacity(bytes);
    let mut push = |hit: Hit, text: &str, exact: bool| {
        let start = texts.len() as u32;
        texts.push_str(text);
        entries.push(Entry {
            hit: PackedHit::new(hit),
            text: (start, text.len() as u32),
            exact,
            ascii: text.is_ascii(),
        });
    };
    for (text, hit, exact) in phrases() {
        push(hit, text, exact);
    }
    for (text, hit, exact) in spellings {
        push(hit, &text, exact);
    }
    (entries, texts, spelling_starts)
}

/// The FxHash of `bytes`, for tables keyed by arena ranges.
fn fx_hash(bytes: &[u8]) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(bytes)
}

/// A [`Hit`] in 12 bytes instead of 24 (its indices as `u32`): a matcher
/// holds one for each phrase of a termbase.
#[derive(Clone, Copy, Serialize, Deserialize)]
struct PackedHit {
    kind: u8,
    first: u32,
    second: u32,
}

impl PackedHit {
    fn new(hit: Hit) -> PackedHit {
        let (kind, first, second) = match hit {
            Hit::Canonical { term } => (0, term, 0),
            Hit::Accepted { term, exception } => (1, term, usize::from(exception)),
            Hit::Variant { term, variant } => (2, term, variant),
            Hit::Forbidden { rule, phrase } => (3, rule, phrase),
        };
        PackedHit {
            kind,
            first: first as u32,
            second: second as u32,
        }
    }

    fn get(self) -> Hit {
        let (first, second) = (self.first as usize, self.second as usize);
        match self.kind {
            0 => Hit::Canonical { term: first },
            1 => Hit::Accepted {
                term: first,
                exception: second != 0,
            },
            2 => Hit::Variant {
                term: first,
                variant: second,
            },
            _ => Hit::Forbidden {
                rule: first,
                phrase: second,
            },
        }
    }
}

/// A byte range stored as (start, length), for the matcher's arenas.
fn arena_range((start, len): (u32, u32)) -> Range<usize> {
    start as usize..start as usize + len as usize
}

/// A distinct phrase text, ASCII-lower-cased, with the glossary entries
/// that spell it that way.
#[derive(Serialize, Deserialize)]
struct Pattern {
    /// A range of the matcher's `folded` bytes.
    folded: (u32, u32),
    /// A range of the matcher's `pattern_entries`: the indices of this
    /// pattern's entries (one array for all patterns: a 100,000-term
    /// glossary has hundreds of thousands of them).
    entries: (u32, u32),
    /// The last character is a word character, so a word boundary must
    /// follow the match.
    right_boundary: bool,
    canonical: bool,
}

pub struct Matcher {
    entries: Vec<Entry>,
    /// The entries' texts, one after the other.
    texts: String,
    patterns: Vec<Pattern>,
    /// The patterns' folded texts, one after the other.
    folded: String,
    /// The patterns' entry indices, one list after the other.
    pattern_entries: Vec<u32>,
    /// Phrases that start with a word, by their folded first word; longest
    /// phrase first.
    /// Phrases that start with a word, by the hash of their folded first
    /// word ([`crate::ascii_bits::folded_hash`]): a range of `first_word_ids`, longest phrase
    /// first. Two words with one hash only share candidates, which are
    /// compared in full anyway.
    first_words: FxHashMap<u64, (u32, u32)>,
    first_word_ids: Vec<u32>,
    longest_first_word: usize,
    /// The other phrases (Chinese, Japanese, Korean, punctuation first):
    /// the pattern behind each automaton pattern, grouped by the target
    /// languages of their entries ([`Slots`]). Each slot's automaton is
    /// built on first need: text without such characters never needs one,
    /// English text never needs the Chinese terms', and for a termbase
    /// with 100,000 Chinese terms that one takes a second to build.
    automata: [std::sync::OnceLock<Option<Automaton>>; 3],
    /// Until a run has read enough text to pay for building a slot's
    /// automaton, its phrases are looked up in a table instead.
    slot_tables: SlotTables,
    automaton_patterns: Vec<u32>,
    slots: Slots,
    /// Whether some automaton phrase can match pure ASCII text.
    automaton_matches_ascii: bool,
    /// The glossary's source-language forms.
    pub source: SourceMatcher,
    /// Where automata are kept between runs, if anywhere.
    store: Option<Arc<dyn AutomatonStore>>,
}

/// The automata a document is about to need ([`Matcher::prepare`]).
pub(crate) struct Needs<'a> {
    pub target_slots: &'a [usize],
    pub source_slots: &'a [usize],
    /// How much text the document has: a slot that a short text needs is
    /// searched with a table ([`SlotTables`]), not built.
    pub text_bytes: usize,
}

/// How much text a run may search with a slot's [`PhraseTable`], per
/// phrase of the slot, before the slot's automaton is built instead.
/// Building takes about 3 µs per Chinese phrase, where the table costs a
/// few nanoseconds per byte more than the automaton's scan.
const TABLE_BYTES_PER_PHRASE: usize = 64;

/// The phrase tables of a matcher's slots, each built on first need, and
/// how much text each has searched in this run. A termbase's automaton
/// over 100,000 Chinese phrases takes a third of a second to build, on one
/// core; a short file (the usual pre-commit or editor run) is searched in
/// far less time with a table of the same phrases, which builds in
/// milliseconds. Both find the same leftmost-longest matches.
#[derive(Default)]
struct SlotTables {
    tables: [std::sync::OnceLock<PhraseTable>; 3],
    searched: [std::sync::atomic::AtomicUsize; 3],
}

impl SlotTables {
    /// Whether `bytes` more text would still be searched with the table
    /// of `slot`, of `phrases` phrases.
    fn would_search(&self, slot: usize, phrases: usize, bytes: usize) -> bool {
        let searched = self.searched[slot].load(std::sync::atomic::Ordering::Relaxed);
        searched.saturating_add(bytes) <= phrases.saturating_mul(TABLE_BYTES_PER_PHRASE)
    }

    /// How `text` is searched in `slot`, whose automaton is `automaton`
    /// once built: with it then, else with the slot's table (of `keys`)
    /// while the run's text is short, else with the automaton that `build`
    /// builds; `None` without phrases.
    fn search<'a, K: AsRef<str>>(
        &'a self,
        (slot, text, phrases): (usize, &str, usize),
        automaton: &'a std::sync::OnceLock<Option<Automaton>>,
        keys: impl FnOnce() -> Vec<K>,
        build: impl FnOnce() -> Option<&'a Automaton>,
    ) -> Option<Search<'a>> {
        if let Some(built) = automaton.get() {
            return built.as_ref().map(Search::Automaton);
        }
        if phrases == 0 {
            return None;
        }
        let ordering = std::sync::atomic::Ordering::Relaxed;
        let searched = self.searched[slot].fetch_add(text.len(), ordering);
        let budget = phrases.saturating_mul(TABLE_BYTES_PER_PHRASE);
        if searched.saturating_add(text.len()) <= budget {
            let table = self.tables[slot].get_or_init(|| PhraseTable::new(&keys()));
            return Some(Search::Table(table));
        }
        build().map(Search::Automaton)
    }
}

/// How a slot's phrases are found in a text.
#[derive(Clone, Copy)]
enum Search<'a> {
    Automaton(&'a Automaton),
    Table(&'a PhraseTable),
}

impl Search<'_> {
    /// The leftmost-longest match in `haystack`: (start, end, pattern).
    fn leftmost(self, haystack: &str) -> Option<(usize, usize, u32)> {
        match self {
            Search::Automaton(automaton) => automaton
                .leftmost_find_iter(haystack)
                .next()
                .map(|m| (m.start(), m.end(), m.value())),
            Search::Table(table) => table.leftmost_longest(haystack),
        }
    }

    /// Every leftmost-longest match in `haystack`, in order.
    fn find_all(self, haystack: &str) -> Vec<(usize, usize, u32)> {
        match self {
            Search::Automaton(automaton) => automaton
                .leftmost_find_iter(haystack)
                .map(|m| (m.start(), m.end(), m.value()))
                .collect(),
            Search::Table(table) => table.find_iter(haystack).collect(),
        }
    }
}

/// An automaton over glossary phrases: leftmost-longest, each pattern's
/// value its index in the key list it was built from.
type Automaton = CharwiseDoubleArrayAhoCorasick<u32>;

/// Keeps the automata a matcher builds on first need from one run to the
/// next (the loader's glossary cache does): for a termbase with 100,000
/// Chinese terms, reading one back takes milliseconds where building it
/// takes a third of a second. The matcher itself does no I/O.
pub trait AutomatonStore: Send + Sync {
    /// The bytes last saved under `name`, if any.
    fn load(&self, name: &str) -> Option<Vec<u8>>;
    /// Keep `bytes` under `name`; failing to is no error.
    fn save(&self, name: &str, bytes: &[u8]);
}

/// The automaton over `keys`, read back from `store` when it holds one
/// built from as many keys, else built (and saved).
fn stored_or_built<K: AsRef<str>>(
    store: Option<&dyn AutomatonStore>,
    name: &str,
    keys: &[K],
) -> Option<Automaton> {
    if keys.is_empty() {
        return None;
    }
    let count = (keys.len() as u64).to_le_bytes();
    if let Some(bytes) = store.and_then(|store| store.load(name))
        && let Some(serialized) = bytes.strip_prefix(count.as_slice())
        // The checked reader: stored bytes are never trusted blindly.
        && let Ok((automaton, rest)) = Automaton::deserialize(serialized)
        && rest.is_empty()
    {
        drop(bytes);
        // The stored bytes (megabytes for a termbase) are garbage now.
        crate::glossary::release_memory();
        return Some(automaton);
    }
    // Building takes tens of MB for a termbase's phrases: hand back what
    // is free first, so that the two do not add up.
    crate::glossary::release_memory();
    let _compacting = crate::glossary::Compacting::start();
    let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(keys)
        .expect("distinct non-empty glossary phrases always build an automaton");
    if let Some(store) = store {
        store.save(name, &stored_form(keys.len(), &automaton));
    }
    // What building took beyond the automaton is garbage now.
    crate::glossary::release_memory();
    Some(automaton)
}

/// An automaton as stored: the number of its patterns, then its own form.
fn stored_form(patterns: usize, automaton: &Automaton) -> Vec<u8> {
    let mut bytes = (patterns as u64).to_le_bytes().to_vec();
    bytes.extend(automaton.serialize());
    bytes
}

/// The name under which the segmenter's added words are stored.
const SEGMENTER_WORDS: &str = "segmenter-dictionary";

/// The names under which the automata of each phrase group are stored.
const AUTOMATON_NAMES: [&str; 3] = ["target-any", "target-unspaced", "target-all"];
const SOURCE_AUTOMATON_NAMES: [&str; 3] = ["source-any", "source-unspaced", "source-all"];

impl crate::exact_vec::Record for Pattern {
    const SIZE: usize = 8 + 8 + 1 + 1;
    fn put(&self, out: &mut Vec<u8>) {
        (self.folded, self.entries).put(out);
        (self.right_boundary, self.canonical).put(out);
    }
    fn get(bytes: &[u8]) -> Self {
        let (folded, entries) = <((u32, u32), (u32, u32))>::get(&bytes[..16]);
        let (right_boundary, canonical) = <(bool, bool)>::get(&bytes[16..]);
        Pattern {
            folded,
            entries,
            right_boundary,
            canonical,
        }
    }
}

impl crate::exact_vec::Record for SourcePattern {
    const SIZE: usize = 8 + 3;
    fn put(&self, out: &mut Vec<u8>) {
        self.terms.put(out);
        (self.left_word, (self.right_word, self.cjk_edge)).put(out);
    }
    fn get(bytes: &[u8]) -> Self {
        let (left_word, (right_word, cjk_edge)) = <(bool, (bool, bool))>::get(&bytes[8..]);
        SourcePattern {
            terms: <(u32, u32)>::get(&bytes[..8]),
            left_word,
            right_word,
            cjk_edge,
        }
    }
}

/// A matcher's data without its automata, which are rebuilt from it: what
/// a compiled glossary stores.
#[derive(Serialize, Deserialize)]
pub struct MatcherParts {
    #[serde(with = "crate::exact_vec::records")]
    entries: Vec<Entry>,
    texts: String,
    #[serde(with = "crate::exact_vec::records")]
    patterns: Vec<Pattern>,
    folded: String,
    #[serde(with = "crate::exact_vec::records")]
    pattern_entries: Vec<u32>,
    #[serde(with = "crate::exact_vec::sorted_map")]
    first_words: FxHashMap<u64, (u32, u32)>,
    #[serde(with = "crate::exact_vec::records")]
    first_word_ids: Vec<u32>,
    longest_first_word: usize,
    #[serde(with = "crate::exact_vec::records")]
    automaton_patterns: Vec<u32>,
    slots: Slots,
    automaton_matches_ascii: bool,
    source_keys: Strings,
    #[serde(with = "crate::exact_vec::records")]
    source_patterns: Vec<SourcePattern>,
    #[serde(with = "crate::exact_vec::records")]
    source_pattern_terms: Vec<u32>,
    #[serde(with = "crate::exact_vec::records")]
    source_automaton_patterns: Vec<u32>,
    source_slots: Slots,
    cjk_forms: Strings,
}

/// [`MatcherParts`] borrowed from a matcher, to store it without giving it
/// up: field for field the same, so that it reads back as one.
#[derive(Serialize)]
pub struct MatcherPartsRef<'a> {
    #[serde(serialize_with = "crate::exact_vec::records::serialize")]
    entries: &'a Vec<Entry>,
    texts: &'a String,
    #[serde(serialize_with = "crate::exact_vec::records::serialize")]
    patterns: &'a Vec<Pattern>,
    folded: &'a String,
    #[serde(serialize_with = "crate::exact_vec::records::serialize")]
    pattern_entries: &'a Vec<u32>,
    #[serde(serialize_with = "sorted_first_words")]
    first_words: &'a FxHashMap<u64, (u32, u32)>,
    #[serde(serialize_with = "crate::exact_vec::records::serialize")]
    first_word_ids: &'a Vec<u32>,
    longest_first_word: usize,
    #[serde(serialize_with = "crate::exact_vec::records::serialize")]
    automaton_patterns: &'a Vec<u32>,
    slots: Slots,
    automaton_matches_ascii: bool,
    source_keys: &'a Strings,
    #[serde(serialize_with = "crate::exact_vec::records::serialize")]
    source_patterns: &'a Vec<SourcePattern>,
    #[serde(serialize_with = "crate::exact_vec::records::serialize")]
    source_pattern_terms: &'a Vec<u32>,
    #[serde(serialize_with = "crate::exact_vec::records::serialize")]
    source_automaton_patterns: &'a Vec<u32>,
    source_slots: Slots,
    cjk_forms: &'a Strings,
}

fn sorted_first_words<S: serde::Serializer>(
    map: &&FxHashMap<u64, (u32, u32)>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    crate::exact_vec::sorted_map::serialize(map, serializer)
}

impl Matcher {
    /// The matcher's data, for storing.
    pub fn parts(&self) -> MatcherPartsRef<'_> {
        MatcherPartsRef {
            entries: &self.entries,
            texts: &self.texts,
            patterns: &self.patterns,
            folded: &self.folded,
            pattern_entries: &self.pattern_entries,
            first_words: &self.first_words,
            first_word_ids: &self.first_word_ids,
            longest_first_word: self.longest_first_word,
            automaton_patterns: &self.automaton_patterns,
            slots: self.slots,
            automaton_matches_ascii: self.automaton_matches_ascii,
            source_keys: &self.source.keys,
            source_patterns: &self.source.patterns,
            source_pattern_terms: &self.source.pattern_terms,
            source_automaton_patterns: &self.source.automaton_patterns,
            source_slots: self.source.slots,
            cjk_forms: &self.source.cjk_forms,
        }
    }

    /// A matcher from stored data: the same matcher that built it, its
    /// automata rebuilt from the same phrases in the same order.
    pub fn from_parts(parts: MatcherParts) -> Matcher {
        Matcher {
            source: SourceMatcher {
                keys: parts.source_keys,
                patterns: parts.source_patterns,
                pattern_terms: parts.source_pattern_terms,
                automaton_patterns: parts.source_automaton_patterns,
                slots: parts.source_slots,
                cjk_forms: parts.cjk_forms,
                ..SourceMatcher::default()
            },
            entries: parts.entries,
            texts: parts.texts,
            patterns: parts.patterns,
            folded: parts.folded,
            pattern_entries: parts.pattern_entries,
            first_words: parts.first_words,
            first_word_ids: parts.first_word_ids,
            longest_first_word: parts.longest_first_word,
            automata: Default::default(),
            slot_tables: SlotTables::default(),
            store: None,
            automaton_patterns: parts.automaton_patterns,
            slots: parts.slots,
            automaton_matches_ascii: parts.automaton_matches_ascii,
        }
    }
}

/// Which of a glossary's entries a text may use, by how their target
/// language is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TargetWritings {
    /// Entries without a target language, or for a language written with
    /// spaces between words.
    pub spaced_or_untagged: bool,
    /// Entries for a language written without spaces (Chinese, Japanese).
    pub unspaced: bool,
}

impl TargetWritings {
    pub const ALL: TargetWritings = TargetWritings {
        spaced_or_untagged: true,
        unspaced: true,
    };
    /// Entries for languages written with spaces, or none named (English).
    pub const SPACED: TargetWritings = TargetWritings {
        spaced_or_untagged: true,
        unspaced: false,
    };
    /// Entries for languages written without spaces (Chinese).
    pub const UNSPACED: TargetWritings = TargetWritings {
        spaced_or_untagged: false,
        unspaced: true,
    };
}

/// Automaton patterns in three groups, by the target languages of their
/// entries: first those only for languages written with spaces (or none
/// named), then from `mixed_from` those for both kinds, then from
/// `unspaced_from` those only for languages written without spaces (a
/// termbase's Chinese terms). Slot 0 holds the first two groups (for
/// English text), slot 1 the last two (for Chinese text), slot 2 all. Each
/// text is scanned with exactly one automaton, so that one scan gives the
/// leftmost-longest matches.
#[derive(Clone, Copy, Default, Serialize, Deserialize)]
pub struct Slots {
    mixed_from: usize,
    unspaced_from: usize,
    len: usize,
}

impl Slots {
    /// The group of a pattern whose entries are each for a language
    /// written without spaces or not, as `unspaced` says: 0 none, 1 some, 2
    /// all.
    fn group_of(mut unspaced: impl Iterator<Item = bool> + Clone) -> usize {
        if unspaced.clone().all(|u| u) {
            2
        } else if unspaced.any(|u| u) {
            1
        } else {
            0
        }
    }

    /// The patterns of each group, in that order, and where the groups
    /// start.
    fn grouped(spaced: Vec<u32>, mixed: Vec<u32>, unspaced: Vec<u32>) -> (Vec<u32>, Slots) {
        let slots = Slots {
            mixed_from: spaced.len(),
            unspaced_from: spaced.len() + mixed.len(),
            len: spaced.len() + mixed.len() + unspaced.len(),
        };
        let mut all = spaced;
        all.extend(mixed);
        all.extend(unspaced);
        (all, slots)
    }

    /// The slot a text for `targets` is scanned with; `None` when no
    /// pattern applies.
    fn slot(self, targets: TargetWritings) -> Option<usize> {
        match (targets.spaced_or_untagged, targets.unspaced) {
            (false, false) => None,
            _ if self.unspaced_from == self.len => Some(2),
            (true, true) => Some(2),
            (true, false) => Some(0),
            (false, true) if self.mixed_from == 0 => Some(2),
            (false, true) => Some(1),
        }
    }

    /// The positions of the patterns in `slot`.
    fn range(self, slot: usize) -> Range<usize> {
        match slot {
            0 => 0..self.unspaced_from,
            1 => self.mixed_from..self.len,
            _ => 0..self.len,
        }
    }

    /// The slots that texts in one language, spaced or not, are scanned
    /// with: what compiling a glossary builds ahead.
    fn for_one_language(self) -> Vec<usize> {
        let mut slots: Vec<usize> = [TargetWritings::SPACED, TargetWritings::UNSPACED]
            .into_iter()
            .filter_map(|targets| self.slot(targets))
            .collect();
        slots.dedup();
        slots
    }
}

/// Whether `target` is a language written without spaces: its entries
/// apply to no English text.
fn is_unspaced_target(target: &Option<Box<str>>) -> bool {
    target.as_deref().is_some_and(|tag| {
        crate::language::writing_of_tag(tag) == crate::language::Writing::Unspaced
    })
}

/// A match, or (with no hit) the span of an inflected canonical form that
/// protects its inside from shorter matches.
struct Candidate {
    span: Range<usize>,
    hit: Option<Hit>,
}

/// Han, kana, Hangul and the like: scripts written without spaces between
/// words, where a phrase may start or end anywhere.
pub fn is_unspaced_script(c: char) -> bool {
    // Everything below Thai is a spaced script; most text never gets further.
    if (c as u32) < 0x0E00 {
        return false;
    }
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x2E80..=0x2FDF    // CJK radicals
        | 0x3005..=0x3007    // 々 〆 〇
        | 0x3021..=0x3029    // Hangzhou numerals
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3100..=0x312F    // Bopomofo
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x31F0..=0x31FF    // Katakana extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA960..=0xA97F    // Hangul Jamo extended A
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x0E00..=0x0EFF    // Thai, Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF    // Khmer
        | 0x20000..=0x3FFFF  // CJK extensions B and later
    )
}

/// A character that continues a word in a spaced script.
pub fn is_word_char(c: char) -> bool {
    // The script first: a Han character is answered by a range check, not
    // by a search of Unicode's table of letters.
    !is_unspaced_script(c) && (c.is_alphanumeric() || c == '_' || is_mark(c))
}

pub(crate) fn is_mark(c: char) -> bool {
    // Combining diacritical marks (the common blocks); enough to keep
    // `cafe\u{301}` one word.
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Whether a letter outside ASCII has another case: else every case form
/// of the text folds to its ASCII-folded self (most Chinese terms).
fn has_non_ascii_case(s: &str) -> bool {
    s.chars().any(|c| {
        !c.is_ascii()
            && !crate::glossary::is_caseless_cjk(c)
            && (!c.to_lowercase().eq([c]) || !c.to_uppercase().eq([c]))
    })
}

fn has_lowercase(s: &str) -> bool {
    s.chars().any(char::is_lowercase)
}

fn has_uppercase(s: &str) -> bool {
    s.chars().any(char::is_uppercase)
}

/// Whether a variant must match with its exact case.
fn variant_is_exact(variant: &str, canonical: &str, term_case_sensitive: bool) -> bool {
    term_case_sensitive
        || (has_uppercase(variant) && !has_lowercase(variant))
        // Without lower-cased copies where both are ASCII: asked of each
        // of a termbase's hundreds of thousands of variants.
        || same_ignoring_case(variant, canonical, variant.is_ascii() && canonical.is_ascii())
}

impl Matcher {
    pub fn new(glossary: &Glossary) -> Matcher {
        // The source side shares nothing with the target side but the
        // glossary: for a termbase it is a third of a cold start, built
        // on another core meanwhile.
        std::thread::scope(|scope| {
            let source = scope.spawn(|| SourceMatcher::new(glossary));
            let (mut matcher, spelling_starts) = Matcher::target_side(glossary);
            // The source side takes longer: this core adds the segmenter's
            // words from the target phrases meanwhile.
            let target_words = segmenter_words_of_targets(glossary, &matcher, &spelling_starts);
            let mut source = source.join().expect("building the source matcher panicked");
            for word in target_words.iter() {
                source.cjk_forms.push(word);
            }
            matcher.source = source;
            matcher
        })
    }

    /// Everything but the source side (left empty), and where each
    /// phrase's other script's spellings are among the entries (see
    /// [`glossary_entries`]).
    fn target_side(glossary: &Glossary) -> (Matcher, Vec<u32>) {
        // A 100,000-term glossary has hundreds of thousands of phrases:
        // they are written straight into arenas, and the tables that sort
        // them are arrays of indices, so that building takes little more
        // memory than the matcher it builds.
        let (entries, texts, spelling_starts) = glossary_entries(glossary);
        let text_of = |e: &Entry| &texts[arena_range(e.text)];

        // The distinct ASCII-folded spellings (patterns) and, for each, its
        // entries: pairs (pattern, entry) in entry order.
        // Most phrases are ASCII: one folded spelling each.
        let mut folded = String::with_capacity(texts.len());
        let mut key_ranges: Vec<(u32, u32)> = Vec::with_capacity(entries.len());
        let mut by_key: hashbrown::HashTable<u32> =
            hashbrown::HashTable::with_capacity(entries.len());
        // An entry with non-ASCII letters has up to three more spellings.
        let spelled = entries.iter().filter(|e| !e.exact && !e.ascii).count();
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(entries.len() + 3 * spelled);
        let mut key = String::new();
        let mut add = |key: &str, index: usize| {
            let hash = fx_hash(key.as_bytes());
            let found = by_key
                .find(hash, |&id| {
                    &folded[arena_range(key_ranges[id as usize])] == key
                })
                .copied();
            let pattern = found.unwrap_or_else(|| {
                let id = key_ranges.len() as u32;
                let start = folded.len() as u32;
                folded.push_str(key);
                key_ranges.push((start, key.len() as u32));
                by_key.insert_unique(hash, id, |&id| {
                    fx_hash(folded[arena_range(key_ranges[id as usize])].as_bytes())
                });
                id
            });
            pairs.push((pattern, index as u32));
        };
        for (index, entry) in entries.iter().enumerate() {
            let text = text_of(entry);
            key.clear();
            key.push_str(text);
            key.make_ascii_lowercase();
            add(&key, index);
            // Matching folds ASCII case only; spell out the usual case forms
            // of a phrase with non-ASCII letters (`Ürümqi`, `ürümqi`).
            if !entry.exact && !entry.ascii && has_non_ascii_case(text) {
                for mut form in [text.to_lowercase(), text.to_uppercase(), capitalize(text)] {
                    form.make_ascii_lowercase();
                    add(&form, index);
                }
            }
        }
        drop(by_key);
        // Each pattern's entries in entry order, once each: an entry's
        // pairs come together, so its repeats are neighbours.
        // Unstable, in place (a stable sort takes a buffer of half the
        // pairs): entries were pushed in order, so (pattern, entry) sorts
        // them as a stable sort by pattern would.
        pairs.sort_unstable();
        pairs.dedup();

        let mut patterns = Vec::with_capacity(key_ranges.len());
        let mut pattern_entries: Vec<u32> = Vec::with_capacity(pairs.len());
        // (hash of the folded first word, pattern), for the word table.
        let mut first_word_pairs: Vec<(u64, u32)> = Vec::with_capacity(key_ranges.len());
        let mut longest_first_word = 0;
        let mut by_group: [Vec<u32>; 3] = Default::default();
        let mut automaton_matches_ascii = false;
        // Whether an entry is for a target language written without spaces
        // (so it applies to no English text).
        let unspaced_target = |i: u32| {
            is_unspaced_target(match entries[i as usize].hit.get() {
                Hit::Canonical { term }
                | Hit::Accepted { term, .. }
                | Hit::Variant { term, .. } => &glossary.terms[term].langs.target,
                Hit::Forbidden { rule, .. } => &glossary.forbidden[rule].langs.target,
            })
        };
        // Correct forms first, so a correct occurrence wins.
        let correct = |i: u32| {
            matches!(
                entries[i as usize].hit.get(),
                Hit::Canonical { .. } | Hit::Accepted { .. }
            )
        };
        for (id, group) in pairs.chunk_by(|a, b| a.0 == b.0).enumerate() {
            let key = &folded[arena_range(key_ranges[id])];
            let start = pattern_entries.len();
            pattern_entries.extend(group.iter().map(|&(_, entry)| entry));
            let list = &mut pattern_entries[start..];
            list.sort_by_key(|&i| !correct(i));
            let list = &pattern_entries[start..];
            let canonical = list.iter().any(|&i| correct(i));
            if key.chars().next().is_some_and(is_word_char) {
                let first_word_len = key
                    .char_indices()
                    .find(|&(_, c)| !is_word_char(c))
                    .map_or(key.len(), |(i, _)| i);
                longest_first_word = longest_first_word.max(first_word_len);
                let hash = crate::ascii_bits::folded_hash(key.as_bytes(), 0, first_word_len);
                first_word_pairs.push((hash, id as u32));
            } else {
                automaton_matches_ascii |= key.as_bytes().first().is_some_and(u8::is_ascii);
                by_group[Slots::group_of(list.iter().map(|&i| unspaced_target(i)))].push(id as u32);
            }
            patterns.push(Pattern {
                right_boundary: key.chars().next_back().is_some_and(is_word_char),
                folded: key_ranges[id],
                entries: (start as u32, list.len() as u32),
                canonical,
            });
        }
        drop(pairs);
        drop(key_ranges);
        // Each first word's phrases, longest first.
        first_word_pairs.sort_unstable_by_key(|&(hash, id)| {
            (hash, std::cmp::Reverse(patterns[id as usize].folded.1), id)
        });
        let words = first_word_pairs.chunk_by(|a, b| a.0 == b.0).count();
        let mut first_words = FxHashMap::with_capacity_and_hasher(words, Default::default());
        let mut first_word_ids = Vec::with_capacity(first_word_pairs.len());
        for group in first_word_pairs.chunk_by(|a, b| a.0 == b.0) {
            first_words.insert(
                group[0].0,
                (first_word_ids.len() as u32, group.len() as u32),
            );
            first_word_ids.extend(group.iter().map(|&(_, id)| id));
        }
        drop(first_word_pairs);
        // The tables that sorted the phrases are garbage now.
        crate::glossary::release_memory();
        let [spaced, mixed, unspaced] = by_group;
        let (automaton_patterns, slots) = Slots::grouped(spaced, mixed, unspaced);
        let matcher = Matcher {
            source: SourceMatcher::default(),
            entries,
            texts,
            patterns,
            folded,
            pattern_entries,
            first_words,
            first_word_ids,
            longest_first_word,
            automata: Default::default(),
            slot_tables: SlotTables::default(),
            store: None,
            automaton_patterns,
            slots,
            automaton_matches_ascii,
        };
        (matcher, spelling_starts)
    }

    /// Keep the automata this matcher builds in `store`, and read them
    /// back from it.
    pub fn keep_automata_in(&mut self, store: Arc<dyn AutomatonStore>) {
        // Those built already (checking the glossary may need one) are
        // kept now.
        let counts = [0, 1, 2].map(|slot| self.slot_patterns(slot).len());
        let source_counts = [0, 1, 2].map(|slot| self.source.slot_patterns(slot).len());
        let built = self.automata.iter().zip(AUTOMATON_NAMES).zip(counts);
        let source = self.source.automata.iter().zip(SOURCE_AUTOMATON_NAMES);
        for ((automaton, name), count) in built.chain(source.zip(source_counts)) {
            if let Some(Some(automaton)) = automaton.get() {
                store.save(name, &stored_form(count, automaton));
            }
        }
        self.source.store = Some(store.clone());
        self.store = Some(store);
    }

    /// Build now the automata and the word segmenter that a text may need
    /// later (kept in the store, when there is one): what `termlint
    /// glossary compile` does, so that no later run builds them.
    pub fn build_automata(&self) {
        self.prepare(&Needs {
            target_slots: &self.slots.for_one_language(),
            source_slots: &self.source.slots.for_one_language(),
            // As for a text too long to walk.
            text_bytes: usize::MAX,
        });
        if !self.source.cjk_forms.is_empty() {
            self.source.segmenter();
        }
    }

    /// Build the automata that `needs` names and are not built yet, side
    /// by side: each is one long computation on one core (a termbase's
    /// take a third to a half of a second each), and a file that needs
    /// several would otherwise wait for them one after the other while
    /// other cores idle. With the source automata comes the word
    /// segmenter, when there are Chinese source forms: working out their
    /// frequencies (on a cold start) is as long a computation.
    pub(crate) fn prepare(&self, needs: &Needs) {
        let bytes = needs.text_bytes;
        let targets = needs.target_slots.iter().filter(|&&slot| {
            !self.target_built(slot)
                && !self
                    .slot_tables
                    .would_search(slot, self.slot_patterns(slot).len(), bytes)
        });
        let sources = needs.source_slots.iter().filter(|&&slot| {
            !self.source_built(slot)
                && !(self.source.slot_tables).would_search(
                    slot,
                    self.source.slot_patterns(slot).len(),
                    bytes,
                )
        });
        let segmenter = sources.clone().next().is_some()
            && !self.source.cjk_forms.is_empty()
            && self.source.segmenter.get().is_none();
        if targets.clone().count() + sources.clone().count() + usize::from(segmenter) < 2 {
            for &slot in targets {
                self.phrase_automaton(slot);
            }
            for &slot in sources {
                self.source.automaton(slot);
            }
            return;
        }
        rayon::scope(|scope| {
            for &slot in targets {
                scope.spawn(move |_| {
                    self.phrase_automaton(slot);
                });
            }
            for &slot in sources {
                scope.spawn(move |_| {
                    self.source.automaton(slot);
                });
            }
            if segmenter {
                scope.spawn(|_| {
                    self.source.segmenter();
                });
            }
        });
    }

    /// The automaton slot that a target for `targets` is scanned with,
    /// given whether it is ASCII: for [`Self::prepare`].
    pub(crate) fn target_slot(&self, targets: TargetWritings, ascii: bool) -> Option<usize> {
        self.automaton_slot(targets, || ascii)
    }

    /// Whether the target automaton in `slot` is built (or known absent).
    pub(crate) fn target_built(&self, slot: usize) -> bool {
        self.automata[slot].get().is_some()
    }

    /// Whether the source automaton in `slot` is built (or known absent).
    pub(crate) fn source_built(&self, slot: usize) -> bool {
        self.source.automata[slot].get().is_some()
    }

    /// Whether the source forms in `slot` have been searched, with their
    /// automaton or their table.
    #[cfg(test)]
    fn source_searched(&self, slot: usize) -> bool {
        self.source_built(slot) || self.source.slot_tables.tables[slot].get().is_some()
    }

    /// The slot that `source`, whose translation is for `targets`, is
    /// searched with: for [`Self::prepare`]. With no source, the slot that
    /// a source with an ASCII letter would be (only a source without one
    /// may be refused a slot).
    pub(crate) fn source_slot(
        &self,
        targets: TargetWritings,
        source: Option<&str>,
    ) -> Option<usize> {
        self.source.slot_for(targets, source.unwrap_or("a"))
    }

    /// The patterns behind the automaton in `slot` (see `automata`).
    fn slot_patterns(&self, slot: usize) -> &[u32] {
        &self.automaton_patterns[self.slots.range(slot)]
    }

    /// The automaton slot that a text for `targets` is scanned with, if
    /// any: none when no automaton phrase applies, or none can occur in
    /// the text (ASCII text, as `is_ascii` says, and no phrase matches
    /// ASCII).
    fn automaton_slot(
        &self,
        targets: TargetWritings,
        is_ascii: impl FnOnce() -> bool,
    ) -> Option<usize> {
        let none_can_occur = !self.automaton_matches_ascii && is_ascii();
        if self.automaton_patterns.is_empty() || none_can_occur {
            return None;
        }
        self.slots.slot(targets)
    }

    /// The folded phrases of `slot`, in slot order.
    fn slot_keys(&self, slot: usize) -> Vec<&str> {
        self.slot_patterns(slot)
            .iter()
            .map(|&id| &self.folded[arena_range(self.patterns[id as usize].folded)])
            .collect()
    }

    /// The automaton in `slot`, read from the store or built on first need.
    fn phrase_automaton(&self, slot: usize) -> Option<&Automaton> {
        self.automata[slot]
            .get_or_init(|| {
                stored_or_built(
                    self.store.as_deref(),
                    AUTOMATON_NAMES[slot],
                    &self.slot_keys(slot),
                )
            })
            .as_ref()
    }

    /// How `text` is searched in `slot`: with the automaton once built,
    /// else with a table while the run's text is short; `None` without
    /// phrases.
    fn search(&self, slot: usize, text: &str) -> Option<Search<'_>> {
        self.slot_tables.search(
            (slot, text, self.slot_patterns(slot).len()),
            &self.automata[slot],
            || self.slot_keys(slot),
            || self.phrase_automaton(slot),
        )
    }

    /// Whether some entry is a variant or a forbidden phrase: without one,
    /// the matcher finds only correct usage.
    pub fn flags_anything(&self) -> bool {
        self.entries
            .iter()
            .any(|entry| matches!(entry.hit.get(), Hit::Variant { .. } | Hit::Forbidden { .. }))
    }

    /// Append every glossary match in `text` to `out`, in text order.
    pub fn find_all(&self, text: &str, out: &mut Vec<TermMatch>) {
        self.find_for(text, TargetWritings::ALL, out);
    }

    /// Append to `out`, in text order, the glossary matches in `text`
    /// among the entries for target languages written as `targets` says,
    /// and some others: the caller keeps those that apply.
    pub fn find_for(&self, text: &str, targets: TargetWritings, out: &mut Vec<TermMatch>) {
        self.find_for_and_repeats(text, targets, out, false);
    }

    /// [`Self::find_for`]; with `want_repeats`, for ASCII text, also the
    /// lines where garble/repeated-word may find something
    /// ([`crate::repeats`]), taken from the same walk over the words, so
    /// that the rule need not walk them again. `None` for other text.
    pub(crate) fn find_for_and_repeats(
        &self,
        text: &str,
        targets: TargetWritings,
        out: &mut Vec<TermMatch>,
        want_repeats: bool,
    ) -> Option<Vec<Range<usize>>> {
        let mut found = Vec::new();
        let repeats = self.find_words_and_repeats(text, &mut found, want_repeats);
        let slot = self.automaton_slot(targets, || text.is_ascii());
        if let Some(slot) = slot {
            let before = found.len();
            self.find_automaton_phrases(text, slot, &mut found);
            if found.len() > before && before > 0 {
                // Leftmost first; at one start, the longest.
                found.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
            }
        }
        let mut end = 0;
        for candidate in found {
            if candidate.span.start < end {
                continue;
            }
            end = candidate.span.end;
            if let Some(hit) = candidate.hit {
                out.push(TermMatch {
                    span: candidate.span,
                    hit,
                });
            }
        }
        repeats
    }

    /// The phrases that start with a word, line by line (no word spans a
    /// line break): ASCII lines, most of any text, take the eight bytes at
    /// a time walk, which also feeds `repeats`; other lines go a character
    /// at a time, and garble/repeated-word's quick test reads them itself.
    fn find_words_and_repeats(
        &self,
        text: &str,
        found: &mut Vec<Candidate>,
        want_repeats: bool,
    ) -> Option<Vec<Range<usize>>> {
        use crate::repeats::LineFilter;
        let mut filter = want_repeats.then(|| LineFilter::new(text.as_bytes()));
        let mut masks = crate::repeats::AsciiClassMasks::default();
        if text.is_ascii() {
            self.find_word_phrases_ascii(text, 0..text.len(), &mut masks, found, filter.as_mut());
        } else {
            let mut start = 0;
            let ends =
                memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
            for end in ends {
                let line = &text[start..end];
                if line.is_ascii() {
                    self.find_word_phrases_ascii(
                        text,
                        start..end,
                        &mut masks,
                        found,
                        filter.as_mut(),
                    );
                } else {
                    self.find_word_phrases_in(text, start..end, found);
                    if let Some(filter) = filter.as_mut() {
                        filter.decided(start..end, crate::repeats::line_may_repeat(line));
                    }
                }
                start = end + 1;
            }
        }
        filter.map(LineFilter::finish)
    }

    /// [`Self::find_word_phrases`] for ASCII text, whose words (runs of
    /// letters, digits and `_`) are put together from the tokens of
    /// [`crate::repeats::for_each_ascii_token`]: a word of one token is
    /// hashed once, for the probe and for `repeats`, which gets every
    /// token.
    fn find_word_phrases_ascii(
        &self,
        text: &str,
        range: Range<usize>,
        masks: &mut crate::repeats::AsciiClassMasks,
        out: &mut Vec<Candidate>,
        mut repeats: Option<&mut crate::repeats::LineFilter>,
    ) {
        use crate::ascii_bits::{folded_hash, token_hash_of};
        if self.first_words.is_empty() && repeats.is_none() {
            return;
        }
        let bytes = text.as_bytes();
        let offset = range.start;
        // The word being put together: its range, and its hash while it
        // is one token.
        let mut word: Option<(usize, usize, Option<u64>)> = None;
        // Words that start before this are inside a phrase found already.
        let mut skip_until = 0;
        crate::repeats::for_each_ascii_token(&bytes[range], masks, |start, end, class| {
            let (start, end) = (offset + start, offset + end);
            let folded = folded_hash(bytes, start, end);
            if let Some(filter) = repeats.as_deref_mut() {
                filter.push(start, end, token_hash_of(folded, class));
            }
            match &mut word {
                // `_` and letters glued together make one word.
                Some((_, word_end, hash)) if *word_end == start && class != 5 => {
                    *word_end = end;
                    *hash = None;
                }
                _ => {
                    if let Some((start, end, hash)) = word.take() {
                        self.probe_word(text, start..end, hash, &mut skip_until, out);
                    }
                    if class != 5 {
                        word = Some((start, end, Some(folded)));
                    }
                }
            }
            false
        });
        if let Some((start, end, hash)) = word {
            self.probe_word(text, start..end, hash, &mut skip_until, out);
        }
    }

    /// The longest phrase starting with the word at `span` (whose
    /// [`crate::ascii_bits::folded_hash`] is `hash`, when known), unless it
    /// starts inside one found already.
    #[inline]
    fn probe_word(
        &self,
        text: &str,
        span: Range<usize>,
        hash: Option<u64>,
        skip_until: &mut usize,
        out: &mut Vec<Candidate>,
    ) {
        if span.start < *skip_until || span.len() > self.longest_first_word {
            return;
        }
        let hash = hash.unwrap_or_else(|| {
            crate::ascii_bits::folded_hash(text.as_bytes(), span.start, span.end)
        });
        let Some(&(first, count)) = self.first_words.get(&hash) else {
            return;
        };
        let ids = &self.first_word_ids[first as usize..(first + count) as usize];
        if let Some(candidate) = self.longest_at(text, span.start, ids) {
            *skip_until = candidate.span.end;
            out.push(candidate);
        }
    }

    /// Phrases that start with a word: one hash probe per word of text.
    #[cfg(test)]
    fn find_word_phrases(&self, text: &str, out: &mut Vec<Candidate>) {
        self.find_word_phrases_in(text, 0..text.len(), out);
    }

    /// [`Self::find_word_phrases`] on `range` of `text`, which starts and
    /// ends outside words.
    fn find_word_phrases_in(&self, text: &str, range: Range<usize>, out: &mut Vec<Candidate>) {
        if self.first_words.is_empty() {
            return;
        }
        let bytes = text.as_bytes();
        let mut i = range.start;
        let mut after_word = false;
        while i < range.end {
            let (is_word, len) = word_char_at(text, i);
            if !is_word || after_word {
                after_word = is_word;
                i += len;
                continue;
            }
            let start = i;
            let mut end = i + len;
            while end < range.end {
                let (is_word, len) = word_char_at(text, end);
                if !is_word {
                    break;
                }
                end += len;
            }
            i = end;
            after_word = true;
            if end - start > self.longest_first_word {
                continue;
            }
            let Some(&(first, count)) = self
                .first_words
                .get(&crate::ascii_bits::folded_hash(bytes, start, end))
            else {
                continue;
            };
            let ids = &self.first_word_ids[first as usize..(first + count) as usize];
            if let Some(candidate) = self.longest_at(text, start, ids) {
                i = i.max(candidate.span.end);
                after_word = text[..i].chars().next_back().is_some_and(is_word_char);
                out.push(candidate);
            }
        }
    }

    /// The longest phrase among `ids` that matches at `start`.
    fn longest_at(&self, text: &str, start: usize, ids: &[u32]) -> Option<Candidate> {
        let bytes = text.as_bytes();
        for &id in ids {
            let pattern = &self.patterns[id as usize];
            let folded = &self.folded.as_bytes()[arena_range(pattern.folded)];
            let end = start + folded.len();
            // Equal but for ASCII case, so `end` is a character boundary.
            if end > bytes.len() || !bytes[start..end].eq_ignore_ascii_case(folded) {
                continue;
            }
            if pattern.right_boundary && !boundary_after(text, end) {
                if pattern.canonical {
                    // An inflected canonical form (`Maritime Silk Roads`) is
                    // still correct usage; never look for variants inside it.
                    return Some(Candidate {
                        span: start..end,
                        hit: None,
                    });
                }
                continue;
            }
            if let Some(hit) = self.resolve(id as usize, &text[start..end]) {
                return Some(Candidate {
                    span: start..end,
                    hit: Some(hit),
                });
            }
        }
        None
    }

    /// Phrases that start with CJK text or punctuation.
    fn find_automaton_phrases(&self, text: &str, slot: usize, out: &mut Vec<Candidate>) {
        let ids = self.slot_patterns(slot);
        let Some(search) = self.search(slot, text) else {
            return;
        };
        // Patterns are stored ASCII-lower-cased and the automaton scans an
        // ASCII-lower-cased copy: offsets stay identical, and the automaton
        // builds faster than with its own case folding.
        let folded = text.to_ascii_lowercase();
        let mut word_edges = WordEdges::default();
        let mut pos = 0;
        while pos < folded.len() {
            let Some((start, end, value)) = search.leftmost(&folded[pos..]) else {
                break;
            };
            let (start, end) = (pos + start, pos + end);
            let id = ids[value as usize] as usize;
            let pattern = &self.patterns[id];
            let bounded = !pattern.right_boundary || boundary_after(text, end);
            let mut hit = if bounded {
                self.resolve(id, &text[start..end])
            } else {
                None
            };
            // A Chinese variant counts only as a word of its own, not inside
            // a longer word that merely contains its characters.
            if matches!(hit, Some(Hit::Variant { .. } | Hit::Forbidden { .. }))
                && has_cjk_edge(&text[start..end])
                && !self.source.on_word_edges(text, start..end, &mut word_edges)
            {
                hit = None;
            }
            match hit {
                Some(hit) => {
                    out.push(Candidate {
                        span: start..end,
                        hit: Some(hit),
                    });
                    pos = end;
                }
                None if !bounded && pattern.canonical => {
                    out.push(Candidate {
                        span: start..end,
                        hit: None,
                    });
                    pos = end;
                }
                None => {
                    // Retry from the next character: a shorter phrase may
                    // start inside the rejected one.
                    pos = start + text[start..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
    }

    /// Which entry a matched text is. Exact spellings win over case-folded
    /// ones, and canonical forms over variants: with canonical `COVID-19`
    /// and variant `Covid-19`, `Covid-19` is the variant but `covid-19` is
    /// taken as the canonical form.
    fn resolve(&self, pattern: usize, matched: &str) -> Option<Hit> {
        let entries = || {
            self.pattern_entries[arena_range(self.patterns[pattern].entries)]
                .iter()
                .map(|&i| &self.entries[i as usize])
        };
        let text = |entry: &Entry| &self.texts[arena_range(entry.text)];
        entries()
            .find(|entry| text(entry) == matched)
            .or_else(|| {
                entries().find(|entry| {
                    !entry.exact && same_ignoring_case(text(entry), matched, entry.ascii)
                })
            })
            .map(|entry| entry.hit.get())
    }
}

/// The other Chinese-script spellings of a phrase with Han characters:
/// Simplified, and Traditional in Taiwan's and Hong Kong's standard forms;
/// only those that differ and convert one-to-one.
pub fn script_spellings(text: &str) -> Vec<String> {
    use crate::chinese_script::{self as cs, Region, Script};
    let has_traditional_char = text.chars().any(|c| cs::traditional_only(c).is_some());
    let has_one_script_char = has_traditional_char
        || text
            .chars()
            .any(|c| cs::simplified_only(c, Region::Unspecified).is_some());
    if !has_one_script_char {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for script in [
        Script::Simplified,
        Script::Traditional(Region::Taiwan),
        Script::Traditional(Region::HongKong),
    ] {
        // Converting to Simplified changes only Traditional-only
        // characters: a text without one would come back the same.
        if script == Script::Simplified && !has_traditional_char {
            continue;
        }
        if let Some(converted) = cs::convert(text, script)
            && converted != text
            && !out.contains(&converted)
        {
            out.push(converted);
        }
    }
    out
}

fn same_ignoring_case(a: &str, b: &str, ascii: bool) -> bool {
    if ascii {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Finds the glossary's source-language forms (海上丝绸之路, 海丝) in source
/// text, for bilingual checks. CJK forms match anywhere, Latin forms at word
/// boundaries; the longest form wins.
#[derive(Default)]
pub struct SourceMatcher {
    /// Built on first need, from `keys`: only bilingual text has sources to
    /// search, and for a termbase with 100,000 Chinese forms building one
    /// takes half a second that a monolingual run should not pay. As on
    /// the target side, slot 0 has the forms of terms for targets in some
    /// language written with spaces (or none named), 1 those of terms only
    /// for targets written without, 2 all: a two-way termbase's Chinese
    /// to English file needs only its Chinese forms.
    automata: [std::sync::OnceLock<Option<Automaton>>; 3],
    /// As the target side's.
    slot_tables: SlotTables,
    /// The patterns in slot order, and where the groups start.
    automaton_patterns: Vec<u32>,
    slots: Slots,
    /// Per slot, whether every form starts with an ASCII letter: then a
    /// source without one has nothing to find there, and the automaton
    /// (a two-way termbase's English forms, searched in the Chinese
    /// source of a Chinese target) need not be built for it.
    letter_first: std::sync::OnceLock<[bool; 3]>,
    store: Option<Arc<dyn AutomatonStore>>,
    /// The folded source forms behind the automaton's patterns.
    keys: Strings,
    /// The terms of each pattern, whether its edges need word boundaries,
    /// and whether they need segmenter boundaries (CJK edges).
    patterns: Vec<SourcePattern>,
    /// The terms of each pattern, one list after the other.
    pattern_terms: Vec<u32>,
    /// The CJK source forms, which the segmenter must never split.
    cjk_forms: Strings,
    /// A Chinese word segmenter, built on first need: its added words
    /// are read from the store, or worked out one by one.
    segmenter: std::sync::OnceLock<Segmenter>,
}

#[derive(Serialize, Deserialize)]
struct SourcePattern {
    /// A range of the source matcher's `pattern_terms`.
    terms: (u32, u32),
    left_word: bool,
    right_word: bool,
    cjk_edge: bool,
}

/// The target's own Chinese phrases (and their other script's spellings),
/// which the segmenter gets after the source forms: a variant is looked
/// for on the same word boundaries, and no term may be split. The
/// spellings are those `matcher`'s entries have (converting each phrase
/// again took a fifth of a termbase's cold start): the entries hold the
/// phrases in [`glossary_entries`] order, then their spellings, placed by
/// `spelling_starts`.
fn segmenter_words_of_targets(
    glossary: &Glossary,
    matcher: &Matcher,
    spelling_starts: &[u32],
) -> Strings {
    let mut words = Strings::default();
    let phrase_count = spelling_starts.len() - 1;
    let text_of = |entry: usize| &matcher.texts[arena_range(matcher.entries[entry].text)];
    let mut push = |phrase: usize| {
        if has_cjk_edge(text_of(phrase)) {
            words.push(text_of(phrase));
            let spellings = spelling_starts[phrase] as usize..spelling_starts[phrase + 1] as usize;
            for spelling in spellings {
                words.push(text_of(phrase_count + spelling));
            }
        }
    };
    // The entries have each term's canonical form, accepted forms,
    // exceptions and variants; the words go canonical form, variants,
    // accepted forms, exceptions (the order their frequencies were first
    // stored in).
    let mut first = 0;
    for term in &glossary.terms {
        let (accepted, exceptions) = (term.accept.len(), term.except.len());
        push(first);
        let variants_from = first + 1 + accepted + exceptions;
        (variants_from..variants_from + term.variants.len()).for_each(&mut push);
        (first + 1..variants_from).for_each(&mut push);
        first = variants_from + term.variants.len();
    }
    (first..phrase_count).for_each(push);
    words
}

/// Strings kept one after the other in one allocation: a termbase has
/// hundreds of thousands of source forms, and a string of their own each
/// would cost tens of MB.
#[derive(Default, Serialize, Deserialize)]
struct Strings {
    text: String,
    #[serde(with = "crate::exact_vec::records")]
    ends: Vec<u32>,
}

impl Strings {
    fn push(&mut self, text: &str) {
        self.text.push_str(text);
        self.ends.push(self.text.len() as u32);
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i] as usize);
        &self.text[start..self.ends[index] as usize]
    }

    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.text[start as usize..end as usize])
    }
}

impl SourceMatcher {
    pub fn new(glossary: &Glossary) -> SourceMatcher {
        // As in `Matcher::new`: keys in an arena, found through a table of
        // their indices, and (pattern, term) pairs sorted at the end, not
        // a string, a map entry and a list for each of a termbase's forms.
        let mut keys = Strings::default();
        let mut patterns: Vec<SourcePattern> = Vec::new();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut by_key: hashbrown::HashTable<u32> = hashbrown::HashTable::new();
        let mut cjk_forms = Strings::default();
        let mut key = String::new();
        for (t, term) in glossary.terms.iter().enumerate() {
            let english_source = term
                .langs
                .source
                .as_deref()
                .is_none_or(|lang| crate::language::primary(lang) == "en");
            let mut add = |form: &str| {
                // Most forms are ASCII or caseless: no new string for their
                // key (a termbase has hundreds of thousands).
                if form.is_ascii() {
                    key.clear();
                    key.push_str(form);
                    key.make_ascii_lowercase();
                } else {
                    key = form.to_lowercase();
                }
                let hash = fx_hash(key.as_bytes());
                let found = by_key
                    .find(hash, |&id| keys.get(id as usize) == key)
                    .copied();
                let id = found.unwrap_or_else(|| {
                    let (first, last) = (key.chars().next(), key.chars().next_back());
                    let cjk_edge = first.is_some_and(is_unspaced_script)
                        || last.is_some_and(is_unspaced_script);
                    if cjk_edge {
                        cjk_forms.push(form);
                    }
                    patterns.push(SourcePattern {
                        terms: (0, 0),
                        left_word: first.is_some_and(is_word_char),
                        right_word: last.is_some_and(is_word_char),
                        cjk_edge,
                    });
                    keys.push(&key);
                    let id = keys.len() as u32 - 1;
                    by_key.insert_unique(hash, id, |&id| fx_hash(keys.get(id as usize).as_bytes()));
                    id
                });
                pairs.push((id, t as u32));
            };
            // Each form, then its other script's spellings and (for
            // English) its inflections, in that order.
            for form in &term.source {
                add(form);
                script_spellings(form).iter().for_each(|f| add(f));
                if english_source {
                    inflections(form).iter().for_each(|f| add(f));
                }
            }
        }
        drop(by_key);
        // Each pattern's terms in term order, once each (a term's forms
        // come together, so its repeats are neighbours).
        pairs.sort_unstable();
        pairs.dedup();
        let mut pattern_terms = Vec::with_capacity(pairs.len());
        let groups = pairs.chunk_by(|a, b| a.0 == b.0);
        let mut by_group: [Vec<u32>; 3] = Default::default();
        for (id, (pattern, group)) in patterns.iter_mut().zip(groups).enumerate() {
            let start = pattern_terms.len() as u32;
            pattern_terms.extend(group.iter().map(|&(_, term)| term));
            pattern.terms = (start, group.len() as u32);
            let unspaced = group
                .iter()
                .map(|&(_, term)| is_unspaced_target(&glossary.terms[term as usize].langs.target));
            by_group[Slots::group_of(unspaced)].push(id as u32);
        }
        let [spaced, mixed, unspaced] = by_group;
        let (automaton_patterns, slots) = Slots::grouped(spaced, mixed, unspaced);
        SourceMatcher {
            keys,
            patterns,
            pattern_terms,
            automaton_patterns,
            slots,
            cjk_forms,
            ..SourceMatcher::default()
        }
    }

    /// Whether `span` of `text` starts and ends on word edges of the
    /// segmenter. The segmenter cuts each run of [`in_segmenter_run`]
    /// characters on its own, so only the runs around `span` are cut; they
    /// are kept in `edges` for the next span in the same runs.
    fn on_word_edges(&self, text: &str, span: Range<usize>, edges: &mut WordEdges) -> bool {
        let run_start = text[..span.start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| in_segmenter_run(c))
            .last()
            .map_or(span.start, |(i, _)| i);
        let run_end = span.end
            + text[span.end..]
                .chars()
                .take_while(|&c| in_segmenter_run(c))
                .map(char::len_utf8)
                .sum::<usize>();
        // Outside the runs every character is a word, but for `\r\n`.
        let inside_crlf = |at: usize| text[..at].ends_with('\r') && text[at..].starts_with('\n');
        // A run's own ends are always word edges: a span that is a whole
        // run (a term between punctuation) needs no cut, nor, on a cold
        // start, the glossary's words worked out for the segmenter.
        if run_start == span.start && run_end == span.end {
            return !inside_crlf(span.start) && !inside_crlf(span.end);
        }
        if !(edges.runs.start <= run_start && run_end <= edges.runs.end) {
            edges.runs = run_start..run_end;
            edges.edges.clear();
            edges.edges.extend(
                self.segmenter()
                    .cut(&text[run_start..run_end], true)
                    .iter()
                    .flat_map(|word| [run_start + word.start, run_start + word.end]),
            );
            edges.edges.sort_unstable();
            edges.edges.dedup();
        }
        let on_edge = |at: usize| edges.edges.binary_search(&at).is_ok() && !inside_crlf(at);
        on_edge(span.start) && on_edge(span.end)
    }

    /// The segmenter, with every glossary form in its dictionary so that a
    /// term itself is never split. Rules that segment Chinese text share
    /// it, so the glossary's words are added once.
    pub(crate) fn segmenter(&self) -> &Segmenter {
        self.segmenter.get_or_init(|| {
            let store = self.store.as_deref();
            let forms = self.cjk_forms.len();
            if forms == 0 {
                return Segmenter::default();
            }
            if let Some(segmenter) = store
                .and_then(|store| store.load(SEGMENTER_WORDS))
                .and_then(|bytes| Segmenter::from_bytes(bytes, forms))
            {
                return segmenter;
            }
            // In the order given: each form's frequency is worked out with
            // the forms added before it.
            let mut builder = SegmenterBuilder::default();
            for form in self.cjk_forms.iter() {
                builder.add_word(form, None);
            }
            let segmenter = builder.finish();
            if let Some(store) = store {
                store.save(SEGMENTER_WORDS, &segmenter.to_bytes(forms));
            }
            segmenter
        })
    }

    /// The patterns behind the automaton in `slot`.
    fn slot_patterns(&self, slot: usize) -> &[u32] {
        &self.automaton_patterns[self.slots.range(slot)]
    }

    /// The folded source forms of `slot`, in slot order.
    fn slot_keys(&self, slot: usize) -> Vec<&str> {
        self.slot_patterns(slot)
            .iter()
            .map(|&id| self.keys.get(id as usize))
            .collect()
    }

    /// The automaton over the source forms in `slot`, read from the store
    /// or built on first need; `None` without such forms.
    fn automaton(&self, slot: usize) -> Option<&Automaton> {
        self.automata[slot]
            .get_or_init(|| {
                stored_or_built(
                    self.store.as_deref(),
                    SOURCE_AUTOMATON_NAMES[slot],
                    &self.slot_keys(slot),
                )
            })
            .as_ref()
    }

    /// How `text` is searched in `slot`, as on the target side
    /// ([`Matcher::search`]).
    fn search(&self, slot: usize, text: &str) -> Option<Search<'_>> {
        self.slot_tables.search(
            (slot, text, self.slot_patterns(slot).len()),
            &self.automata[slot],
            || self.slot_keys(slot),
            || self.automaton(slot),
        )
    }

    /// The slot that `text`, a source whose translation is for `targets`,
    /// is searched with, if any.
    fn slot_for(&self, targets: TargetWritings, text: &str) -> Option<usize> {
        let len = self.automaton_patterns.len();
        let slot = self.slots.slot(targets).filter(|_| len > 0)?;
        let letter_first = self.letter_first.get_or_init(|| {
            [0, 1, 2].map(|slot| {
                self.slot_patterns(slot).iter().all(|&id| {
                    self.keys
                        .get(id as usize)
                        .as_bytes()
                        .first()
                        .is_some_and(u8::is_ascii_alphabetic)
                })
            })
        });
        (!letter_first[slot] || text.bytes().any(|b| b.is_ascii_alphabetic())).then_some(slot)
    }

    /// (span, term) of every source form in `text`. A form that starts or
    /// ends in Chinese, Japanese or Korean counts only where its edges fall
    /// on word boundaries of a segmentation: 海丝 is not found in a longer
    /// word that merely contains its characters.
    pub fn find_all(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        self.find_for(text, TargetWritings::ALL)
    }

    /// [`Self::find_all`] among the terms for target languages written as
    /// `targets` says, and some others: the caller keeps those that apply.
    pub fn find_for(&self, text: &str, targets: TargetWritings) -> Vec<(Range<usize>, usize)> {
        let folded = text.to_lowercase();
        // Lower-casing may change lengths outside ASCII; then fall back to
        // ASCII folding, which keeps offsets.
        let haystack = if folded.len() == text.len() {
            folded
        } else {
            text.to_ascii_lowercase()
        };
        let Some(slot) = self.slot_for(targets, &haystack) else {
            return Vec::new();
        };
        let Some(search) = self.search(slot, &haystack) else {
            return Vec::new();
        };
        let ids = self.slot_patterns(slot);
        let mut word_edges = WordEdges::default();
        let mut out = Vec::new();
        for (start, end, value) in search.find_all(&haystack) {
            let pattern = &self.patterns[ids[value as usize] as usize];
            let mut bounded = (!pattern.left_word
                || !text[..start].chars().next_back().is_some_and(is_word_char))
                && (!pattern.right_word || boundary_after(text, end));
            if bounded && pattern.cjk_edge {
                bounded = self.on_word_edges(text, start..end, &mut word_edges);
            }
            if bounded {
                let terms = &self.pattern_terms[arena_range(pattern.terms)];
                out.extend(terms.iter().map(|&t| (start..end, t as usize)));
            }
        }
        out
    }
}

/// The inflected forms of an English phrase: its last word with the
/// plural and past endings (`bookmark` -> `bookmarks`, `bookmarked`;
/// `copy` -> `copies`, `copied`; `save` -> `saved`; `drop` -> `dropped`).
/// `-ing` forms are left out: too many are nouns of their own
/// (`accounting`, `screening`, `setting`) that need their own entry.
pub fn inflections(phrase: &str) -> Vec<String> {
    let word_start = phrase
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_ascii_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (head, word) = phrase.split_at(word_start);
    if word.len() < 2 {
        return Vec::new();
    }
    // Acronyms take only a plural (`URLs`, `IDs`).
    if !word.chars().any(|c| c.is_ascii_lowercase()) {
        return vec![format!("{phrase}s")];
    }
    let lower = word.to_ascii_lowercase();
    let b = lower.as_bytes();
    let vowel = |c: u8| b"aeiou".contains(&c);
    let (last, before_last) = (b[b.len() - 1], b[b.len() - 2]);
    let forms: Vec<String> =
        if lower.ends_with(['s', 'x', 'z']) || lower.ends_with("ch") || lower.ends_with("sh") {
            vec![format!("{word}es"), format!("{word}ed")]
        } else if last == b'y' && !vowel(before_last) {
            let stem = &word[..word.len() - 1];
            vec![format!("{stem}ies"), format!("{stem}ied")]
        } else if last == b'e' {
            vec![format!("{word}s"), format!("{word}d")]
        } else {
            let mut forms = vec![format!("{word}s"), format!("{word}ed")];
            // A short word ending consonant-vowel-consonant doubles its last
            // letter (`drop` -> `dropped`, `tag` -> `tagged`).
            let cvc = b.len() >= 3
                && !vowel(last)
                && !b"wxy".contains(&last)
                && vowel(before_last)
                && !vowel(b[b.len() - 3]);
            if cvc && b.len() <= 4 {
                forms.push(format!("{word}{}ed", last as char));
            }
            forms
        };
    forms.into_iter().map(|w| format!("{head}{w}")).collect()
}

/// Whether a word character starts at byte `i` of `text`, and the length of
/// the character there. ASCII is decided without decoding.
#[inline]
fn word_char_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b.is_ascii_alphanumeric() || b == b'_', 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (is_word_char(c), c.len_utf8())
    }
}

/// The word edges of the segmenter within `runs` of a text.
#[derive(Default)]
struct WordEdges {
    runs: Range<usize>,
    edges: Vec<usize>,
}

fn has_cjk_edge(phrase: &str) -> bool {
    phrase.chars().next().is_some_and(is_unspaced_script)
        || phrase.chars().next_back().is_some_and(is_unspaced_script)
}

pub fn boundary_after(text: &str, end: usize) -> bool {
    !text[end..].chars().next().is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(toml: &str) -> Glossary {
        Glossary::from_toml(toml).unwrap_or_else(|e| panic!("{:?}", e.problems))
    }

    /// A glossary of two files, its English and its Chinese terms.
    fn english_and_chinese(en: &str, zh: &str) -> Glossary {
        Glossary::from_sources(vec![
            ("en.toml".into(), en.into()),
            ("zh.toml".into(), zh.into()),
        ])
        .unwrap_or_else(|e| panic!("{:?}", e.problems))
    }

    fn find(g: &Glossary, text: &str) -> Vec<(String, Hit)> {
        let matcher = Matcher::new(g);
        let mut out = Vec::new();
        matcher.find_all(text, &mut out);
        out.into_iter()
            .map(|m| (text[m.span].to_owned(), m.hit))
            .collect()
    }

    fn variants(g: &Glossary, text: &str) -> Vec<String> {
        find(g, text)
            .into_iter()
            .filter(|(_, h)| matches!(h, Hit::Variant { .. }))
            .map(|(s, _)| s)
            .collect()
    }

    const SILK: &str = r#"
[[term]]
canonical = "Maritime Silk Road"
variants = ["Hai Silk", "Sea Silk", "Marine Silk", "Haisi", "海丝"]
[[term]]
canonical = "Xi'an"
variants = ["Xian"]
[[term]]
canonical = "Belt and Road"
variants = ["One Belt and One Road", "OBOR"]
[[term]]
canonical = "COVID-19"
variants = ["Covid-19", "new crown pneumonia"]
"#;

    #[test]
    fn phrases_found_by_how_their_target_language_is_written() {
        // An English glossary with a Chinese variant, and a Chinese one.
        let g = english_and_chinese(
            "[glossary]\ntarget_lang = \"en\"\n[[term]]\ncanonical = \"Belt and Road\"\nvariants = [\"一带一路 plan\"]\n",
            "[glossary]\ntarget_lang = \"zh\"\n[[term]]\ncanonical = \"丝绸之路\"\nvariants = [\"丝路\"]\n",
        );
        let matcher = Matcher::new(&g);
        let text = "一带一路 plan, 丝路 and 丝绸之路";
        let found = |targets: TargetWritings| {
            let mut out = Vec::new();
            matcher.find_for(text, targets, &mut out);
            out.into_iter()
                .map(|m| text[m.span].to_owned())
                .collect::<Vec<_>>()
        };
        let all = vec!["一带一路 plan", "丝路", "丝绸之路"];
        assert_eq!(found(TargetWritings::ALL), all);
        let english = TargetWritings::SPACED;
        assert_eq!(found(english), vec!["一带一路 plan"]);
        let chinese = TargetWritings::UNSPACED;
        assert_eq!(found(chinese), vec!["丝路", "丝绸之路"]);
        let none = TargetWritings {
            spaced_or_untagged: false,
            unspaced: false,
        };
        assert!(found(none).is_empty());
        // After the narrower scans, the full scan is still whole.
        assert_eq!(found(TargetWritings::ALL), all);
    }

    #[test]
    fn source_forms_found_by_how_their_target_language_is_written() {
        // A two-way termbase: a concept for English targets with Chinese
        // source forms, and one for Chinese targets with English ones.
        let g = english_and_chinese(
            "[glossary]\nsource_lang = \"zh\"\ntarget_lang = \"en\"\n[[term]]\ncanonical = \"Silk Road\"\nsource = [\"丝绸之路\", \"SR\"]\n",
            "[glossary]\nsource_lang = \"en\"\ntarget_lang = \"zh\"\n[[term]]\ncanonical = \"丝绸之路\"\nsource = [\"Silk Road\", \"SR\"]\n",
        );
        let matcher = Matcher::new(&g);
        let english = TargetWritings::SPACED;
        let chinese = TargetWritings::UNSPACED;
        let found = |text: &str, targets| {
            let found = matcher.source.find_for(text, targets);
            found
                .into_iter()
                .map(|(span, term)| (text[span].to_owned(), g.terms[term].canonical.clone()))
                .collect::<Vec<_>>()
        };
        let pair = |form: &str, canonical: &str| (form.to_owned(), canonical.to_owned());
        // A Chinese source of an English target: only the Chinese forms
        // are searched.
        assert_eq!(
            found("丝绸之路 (Silk Road)", english),
            vec![pair("丝绸之路", "Silk Road")]
        );
        assert!(matcher.source_searched(0) && !matcher.source_searched(1));
        // A source without an ASCII letter has nothing for the Chinese
        // targets' English forms: they are not even searched.
        assert!(found("丝绸之路", chinese).is_empty());
        assert!(!matcher.source_searched(1));
        assert_eq!(
            found("丝绸之路 (Silk Road)", chinese),
            vec![pair("Silk Road", "丝绸之路")]
        );
        assert!(matcher.source_searched(1) && !matcher.source_searched(2));
        assert_eq!(
            found("丝绸之路 (Silk Road)", TargetWritings::ALL),
            vec![pair("丝绸之路", "Silk Road"), pair("Silk Road", "丝绸之路")]
        );
        // A form of terms for both kinds of target is searched for each
        // (the caller keeps the terms that apply).
        let both = vec![pair("SR", "Silk Road"), pair("SR", "丝绸之路")];
        assert_eq!(found("SR", english), both);
        assert_eq!(found("SR", chinese), both);
    }

    #[test]
    fn a_phrase_of_terms_for_both_kinds_of_target_is_found_in_each() {
        // 一带一路 is a variant for English targets and the canonical term
        // for Chinese ones.
        let g = english_and_chinese(
            "[glossary]\ntarget_lang = \"en\"\n[[term]]\ncanonical = \"Belt and Road\"\nvariants = [\"一带一路\"]\n",
            "[glossary]\ntarget_lang = \"zh\"\n[[term]]\ncanonical = \"一带一路\"\n[[term]]\ncanonical = \"丝绸之路\"\nvariants = [\"丝路\"]\n",
        );
        let matcher = Matcher::new(&g);
        let text = "一带一路和丝路";
        let found = |targets: TargetWritings| {
            let mut out = Vec::new();
            matcher.find_for(text, targets, &mut out);
            out.into_iter()
                .map(|m| (text[m.span].to_owned(), m.hit))
                .collect::<Vec<_>>()
        };
        let chinese = TargetWritings::UNSPACED;
        let english = TargetWritings::SPACED;
        // The correct form first (the caller keeps what applies).
        let belt_and_road = ("一带一路".to_owned(), Hit::Canonical { term: 1 });
        let silk_road = (
            "丝路".to_owned(),
            Hit::Variant {
                term: 2,
                variant: 0,
            },
        );
        assert_eq!(found(chinese), vec![belt_and_road.clone(), silk_road]);
        assert_eq!(found(english), vec![belt_and_road]);
    }

    #[test]
    fn short_texts_are_searched_with_tables_until_an_automaton_pays() {
        let g = glossary(
            "[[term]]\ncanonical = \"Maritime Silk Road\"\nvariants = [\"海丝\", \"(Sea Silk)\"]\n\
             source = [\"海上丝绸之路\", \"海丝\"]\n\
             [[term]]\ncanonical = \"丝绸\"\nvariants = [\"丝\"]\n",
        );
        let text = "泉州是海上丝绸之路的起点，海丝文化（sea silk）源远流长。";
        let built = Matcher::new(&g);
        built.build_automata();
        let tables = Matcher::new(&g);
        let find = |matcher: &Matcher, text: &str| {
            let mut found = Vec::new();
            matcher.find_all(text, &mut found);
            (found, matcher.source.find_all(text))
        };
        let (targets, sources) = find(&tables, text);
        assert_eq!(
            (&targets, &sources),
            (&find(&built, text).0, &find(&built, text).1)
        );
        assert!(!targets.is_empty() && !sources.is_empty());
        assert!((0..3).all(|slot| !tables.target_built(slot) && !tables.source_built(slot)));
        // Once the run has searched as much text as building takes, the
        // automata are built, and find the same.
        let long = format!("{}{text}", "。".repeat(TABLE_BYTES_PER_PHRASE * 16));
        let (long_targets, long_sources) = find(&tables, &long);
        assert!((0..3).any(|slot| tables.target_built(slot)));
        assert!((0..3).any(|slot| tables.source_built(slot)));
        assert_eq!((long_targets, long_sources), find(&built, &long));
    }

    #[test]
    fn prepare_builds_the_automata_named_and_no_other() {
        let g = glossary(SILK);
        let matcher = Matcher::new(&g);
        let target = (0..3).find(|&slot| !matcher.slot_patterns(slot).is_empty());
        let target = target.expect("SILK has automaton phrases");
        // Side by side, one of each.
        matcher.prepare(&Needs {
            target_slots: &[target],
            source_slots: &[2],
            text_bytes: usize::MAX,
        });
        assert!(matcher.target_built(target) && matcher.source_built(2));
        assert!((0..2).all(|slot| !matcher.source_built(slot)));
        // One alone is built where it is named.
        let matcher = Matcher::new(&g);
        matcher.prepare(&Needs {
            target_slots: &[],
            source_slots: &[2],
            text_bytes: usize::MAX,
        });
        assert!(matcher.source_built(2) && !matcher.target_built(target));
        // What they find is what the automata built on first need find.
        let lazy = Matcher::new(&g);
        let text = "泉州是海上丝绸之路的起点，海丝文化源远流长。";
        assert_eq!(matcher.source.find_all(text), lazy.source.find_all(text));
    }

    #[test]
    fn segmenter_words_are_each_target_phrase_then_its_spellings() {
        let g = Glossary::from_sources(vec![(
            "zh.toml".into(),
            "[glossary]\ntarget_lang = \"zh\"\n\
             [[term]]\ncanonical = \"书签\"\nvariants = [\"书钉\", \"Book签\"]\n\
             accept = [\"标签页\"]\nexcept = [\"书签栏位\"]\n\
             [[term]]\ncanonical = \"bookmark bar\"\nvariants = [\"书签条\"]\n\
             [[forbidden]]\nphrases = [\"网页书签\", \"link\"]\n"
                .into(),
        )])
        .unwrap_or_else(|e| panic!("{:?}", e.problems));
        let matcher = Matcher::new(&g);
        let mut expected = Vec::new();
        for phrase in [
            "书签",
            "书钉",
            "Book签",
            "标签页",
            "书签栏位",
            "书签条",
            "网页书签",
        ] {
            expected.push(phrase.to_owned());
            expected.extend(script_spellings(phrase));
        }
        assert!(expected.contains(&"書籤".to_owned()), "{expected:?}");
        // The glossary has no source forms: the words are the targets'.
        let words: Vec<String> = matcher.source.cjk_forms.iter().map(str::to_owned).collect();
        assert_eq!(words, expected);
    }

    #[test]
    fn latin_variants_match_at_word_boundaries_only() {
        let g = glossary(SILK);
        assert_eq!(variants(&g, "Xian is old"), vec!["Xian"]);
        assert!(variants(&g, "Xianyang and AXian").is_empty());
        assert!(variants(&g, "the Sea Silks and Sea Silk2").is_empty());
        assert_eq!(
            variants(&g, "Quanzhou's'Hai Silk' and (Sea Silk), Haisi-related"),
            vec!["Hai Silk", "Sea Silk", "Haisi"]
        );
        assert_eq!(variants(&g, "Hai Silk's route"), vec!["Hai Silk"]);
    }

    #[test]
    fn cjk_variants_match_as_words() {
        let g = glossary(SILK);
        assert_eq!(variants(&g, "推进海丝核心区建设"), vec!["海丝"]);
        assert_eq!(variants(&g, "the海丝route"), vec!["海丝"]);
        // Not inside a longer word: 软体 (Taiwan's "software") is not the
        // 软体 of 软体动物 (molluscs).
        let g = glossary(
            "[[term]]\ncanonical = \"软件\"\nvariants = [\"软体\"]\nsource = [\"software\"]\n",
        );
        assert_eq!(variants(&g, "安装软体"), vec!["软体"]);
        assert!(variants(&g, "海洋软体动物").is_empty());
    }

    #[test]
    fn chinese_terms_in_the_other_script() {
        let g = glossary(
            "[[term]]\ncanonical = \"书签\"\nvariants = [\"收藏夹\"]\nsource = [\"bookmark\"]\n",
        );
        // 夹 is 夾 or 袷: no one-to-one spelling, so 收藏夾 is not known.
        assert!(variants(&g, "加入收藏夾").is_empty());
        let found = find(&g, "加入書籤");
        assert_eq!(found, vec![("書籤".to_owned(), Hit::Canonical { term: 0 })]);
        let m = Matcher::new(&g);
        let spans = |text: &str| -> Vec<String> {
            m.source
                .find_all(text)
                .into_iter()
                .map(|(r, _)| text[r].to_owned())
                .collect()
        };
        assert_eq!(
            spans("Bookmarks and bookmarked pages"),
            vec!["Bookmarks", "bookmarked"]
        );
        assert!(spans("bookmarklet").is_empty());
        let g = glossary("[[term]]\ncanonical = \"账户\"\nvariants = [\"帐户\"]\n");
        assert_eq!(variants(&g, "登入帳戶"), vec!["帳戶"]);
    }

    #[test]
    fn latin_variant_next_to_cjk_is_bounded() {
        let g = glossary(SILK);
        assert_eq!(variants(&g, "建设Hai Silk先行区"), vec!["Hai Silk"]);
    }

    #[test]
    fn case_insensitive_by_default_and_acronyms_exact() {
        let g = glossary(SILK);
        assert_eq!(
            variants(&g, "the sea silk and SEA SILK"),
            vec!["sea silk", "SEA SILK"]
        );
        assert_eq!(variants(&g, "OBOR, not obor or Obor"), vec!["OBOR"]);
    }

    #[test]
    fn case_sensitive_terms_match_exactly() {
        let g = glossary(
            "[[term]]\ncanonical = \"Go\"\nvariants = [\"Golang\"]\ncase_sensitive = true\n",
        );
        assert_eq!(variants(&g, "Golang and golang"), vec!["Golang"]);
    }

    #[test]
    fn canonical_is_never_flagged() {
        let g = glossary(SILK);
        assert!(variants(&g, "COVID-19 spread").is_empty());
        assert_eq!(variants(&g, "Covid-19 spread"), vec!["Covid-19"]);
        let hits = find(&g, "the 21st Century Maritime Silk Road");
        assert_eq!(hits.len(), 1);
        assert!(matches!(hits[0].1, Hit::Canonical { .. }));
    }

    #[test]
    fn variant_inside_a_canonical_is_not_flagged() {
        let g = glossary(
            "[[term]]\ncanonical = \"Hong Kong Special Administrative Region\"\nvariants = [\"Special Administrative\"]\n",
        );
        assert!(variants(&g, "the Hong Kong Special Administrative Region").is_empty());
        assert!(variants(&g, "Hong Kong Special Administrative Regions").is_empty());
        assert_eq!(
            variants(&g, "a Special Administrative zone"),
            vec!["Special Administrative"]
        );
    }

    #[test]
    fn overlapping_matches_report_the_longest() {
        let g = glossary(
            "[[term]]\ncanonical = \"COVID-19 pandemic\"\nvariants = [\"new crown\", \"new crown pneumonia epidemic\"]\n",
        );
        assert_eq!(
            variants(&g, "the new crown pneumonia epidemic"),
            vec!["new crown pneumonia epidemic"]
        );
    }

    #[test]
    fn a_rejected_match_does_not_hide_a_later_one() {
        let g = glossary(
            "[[term]]\ncanonical = \"A\"\nvariants = [\"new crown\", \"crown pneumonia\"]\n",
        );
        assert_eq!(
            variants(&g, "renew crown pneumonia"),
            vec!["crown pneumonia"]
        );
    }

    #[test]
    fn both_engines_merge_leftmost_longest() {
        let g = glossary(
            r#"
[[term]]
canonical = "RCEP agreement"
variants = ["RCEP协定", "区域全面经济伙伴关系协定"]
[[term]]
canonical = "Maritime Silk Road"
variants = ["海丝", "Hai Silk"]
[[forbidden]]
phrases = ["(Finish)", "(End)"]
"#,
        );
        let text = "RCEP协定 and 区域全面经济伙伴关系协定; Hai Silk海丝 (Finish)(end)";
        let found: Vec<String> = find(&g, text).into_iter().map(|(s, _)| s).collect();
        assert_eq!(
            found,
            vec![
                "RCEP协定",
                "区域全面经济伙伴关系协定",
                "Hai Silk",
                "海丝",
                "(Finish)",
                "(end)"
            ]
        );
    }

    #[test]
    fn shorter_phrase_at_the_same_start_when_the_longest_fails() {
        let g = glossary(
            "[[term]]\ncanonical = \"A\"\nvariants = [\"new crown\", \"new crown pneumonias\"]\n",
        );
        assert_eq!(variants(&g, "new crown pneumoniasx"), vec!["new crown"]);
        assert_eq!(variants(&g, "a new crownx"), Vec::<String>::new());
    }

    #[test]
    fn english_inflections() {
        assert_eq!(inflections("bookmark"), vec!["bookmarks", "bookmarked"]);
        assert_eq!(inflections("copy"), vec!["copies", "copied"]);
        assert_eq!(inflections("save"), vec!["saves", "saved"]);
        // `droped` is not English, and harmless: it only matches itself.
        assert_eq!(inflections("drop"), vec!["drops", "droped", "dropped"]);
        assert_eq!(
            inflections("user account"),
            vec!["user accounts", "user accounted"]
        );
        assert_eq!(inflections("box"), vec!["boxes", "boxed"]);
        assert_eq!(inflections("URL"), vec!["URLs"]);
    }

    /// The word walk that also feeds garble/repeated-word's quick test
    /// (eight bytes at a time on ASCII lines) finds the phrases the
    /// character-at-a-time walk finds, and takes the lines the rule's own
    /// quick test takes, on ASCII text and on text with other lines.
    #[test]
    fn word_walk_finds_the_same() {
        let g = glossary(
            "[[term]]\ncanonical = \"Maritime Silk Road\"\nvariants = [\"Hai Silk\", \"sea silk\"]\n\
             [[term]]\ncanonical = \"a_b\"\nvariants = [\"ab_c\", \"don't stop\"]\n\
             [[term]]\ncanonical = \"port\"\nvariants = [\"harbour\", \"port of\"]\n",
        );
        let matcher = Matcher::new(&g);
        const PIECES: &[&str] = &[
            "the",
            "The",
            "port",
            "of",
            "Hai",
            "Silk",
            "silk",
            "sea",
            "Road",
            "Roads",
            "Maritime",
            "a_b",
            "ab_c",
            "_",
            "don't",
            "stop",
            "it's",
            "'tis",
            "rock'n'roll",
            "x1",
            "2020",
            "harbour",
            "a",
            " ",
            " ",
            " ",
            ", ",
            "\n",
            "\r\n",
            ". ",
            "-",
            "'",
            "(",
            ")",
            "Zürich",
            "café",
            "海丝",
            "的",
            "the\u{a0}the",
        ];
        let mut next = crate::repeats::xorshift(0x9e37_79b9_7f4a_7c15u64);
        let (mut with_phrases, mut with_lines, mut mixed) = (0, 0, 0);
        for _ in 0..20_000 {
            let len = 1 + (next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(if next().is_multiple_of(3) { "" } else { " " });
            let text = if next().is_multiple_of(4) {
                format!("{text} {text}")
            } else {
                text
            };
            let mut walked = Vec::new();
            let lines = matcher
                .find_words_and_repeats(&text, &mut walked, true)
                .expect("lines");
            let mut expected = Vec::new();
            matcher.find_word_phrases(&text, &mut expected);
            let spans = |found: &[Candidate]| -> Vec<(Range<usize>, Option<Hit>)> {
                found.iter().map(|c| (c.span.clone(), c.hit)).collect()
            };
            assert_eq!(spans(&walked), spans(&expected), "{text:?}");
            assert_eq!(
                lines,
                crate::repeats::lines_that_may_repeat(&text),
                "{text:?}"
            );
            with_phrases += usize::from(!expected.is_empty());
            with_lines += usize::from(!lines.is_empty());
            mixed += usize::from(!text.is_ascii() && text.lines().any(str::is_ascii));
        }
        assert!(
            with_phrases > 1_000 && with_lines > 1_000 && mixed > 1_000,
            "{with_phrases} {with_lines} {mixed}"
        );
    }

    /// Cutting only the runs around a span gives the edges a cut of the
    /// whole text gives, for every span of mixed text.
    #[test]
    fn word_edges_of_runs_are_those_of_the_whole_text() {
        let g = glossary(
            "[[term]]\ncanonical = \"Maritime Silk Road\"\nvariants = [\"海丝\"]\n\
             source = [\"海上丝绸之路\"]\n",
        );
        let matcher = Matcher::new(&g);
        let source = &matcher.source;
        for text in [
            "泉州是海上丝绸之路的起点，海丝文化源远流长。",
            "RCEP协定在2022年1月1日生效;中国-东盟自贸区3.0版\r\n升级谈判",
            "他说：“我们要推进海丝核心区建设。” The port of 泉州 grew 5%",
            "为了了解情况，这是我的的书；但是是否可行？",
        ] {
            let whole: Vec<usize> = source
                .segmenter()
                .cut(text, true)
                .iter()
                .flat_map(|word| [word.start, word.end])
                .collect();
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let mut edges = WordEdges::default();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in &bounds[k + 1..] {
                    let expected = whole.contains(&start) && whole.contains(&end);
                    assert_eq!(
                        source.on_word_edges(text, start..end, &mut edges),
                        expected,
                        "{:?} in {text:?}",
                        &text[start..end]
                    );
                }
            }
        }
    }

    /// A span that is a whole run of the segmenter's characters (a term
    /// between punctuation) is on word edges without building the
    /// segmenter; one inside a longer run builds it.
    #[test]
    fn a_whole_run_needs_no_segmenter() {
        let g = glossary("[[term]]\ncanonical = \"Maritime Silk Road\"\nvariants = [\"海丝\"]\n");
        let source = &Matcher::new(&g).source;
        let text = "泉州，海丝。海丝文化";
        let mut edges = WordEdges::default();
        let first = text.find("海丝").unwrap();
        assert!(source.on_word_edges(text, first..first + "海丝".len(), &mut edges));
        assert!(source.segmenter.get().is_none());
        let second = text.rfind("海丝").unwrap();
        source.on_word_edges(text, second..second + "海丝".len(), &mut edges);
        assert!(source.segmenter.get().is_some());
    }

    #[test]
    fn case_forms_only_for_letters_with_case() {
        for cased in ["Ürümqi", "ｃｏｖｉｄ", "ǅemal", "新冠 Ü"] {
            assert!(has_non_ascii_case(cased), "{cased}");
        }
        for caseless in ["新冠肺炎", "COVID-19疫情", "ひらがな한국어", "—“”"] {
            assert!(!has_non_ascii_case(caseless), "{caseless}");
        }
    }

    #[test]
    fn non_ascii_variants_fold_case() {
        let g = glossary("[[term]]\ncanonical = \"Ürümqi\"\nvariants = [\"Ürümchi\"]\n");
        assert_eq!(
            variants(&g, "in ürümchi and ÜRÜMCHI"),
            vec!["ürümchi", "ÜRÜMCHI"]
        );
    }
}
