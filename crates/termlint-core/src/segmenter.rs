//! Chinese word segmentation as jieba does it, with its dictionary compiled
//! into the library and the glossary's words in a second map that the
//! glossary cache keeps.
//!
//! Why not jieba-rs's own `Jieba`: building one reads a 349,046-word list
//! into hash tables, a quarter of a second of one core and tens of MB on
//! every run that meets Chinese text, and its tables are private, so they
//! cannot be cached. Here both word lists are finite-state maps (the `fst`
//! crate) read in place: jieba's is built by `build.rs`, the glossary's
//! once per glossary. The cut is jieba's: every dictionary word of a run
//! as a graph, the most probable route through it, and the characters the
//! route leaves single handed to jieba-rs's HMM, so the words are the same
//! as jieba-rs 0.11's (the tests compare the two).

use std::ops::Range;
use std::sync::LazyLock;

use fst::raw::{Fst, Node, Output};
use rustc_hash::FxHashMap;

/// jieba's words and their frequencies.
static JIEBA_WORDS: LazyLock<fst::Map<&'static [u8]>> = LazyLock::new(|| {
    fst::Map::new(&include_bytes!(concat!(env!("OUT_DIR"), "/jieba.fst"))[..])
        .expect("build.rs writes a valid map")
});

/// The sum of the frequencies of jieba's words.
const JIEBA_TOTAL: u64 = include!(concat!(env!("OUT_DIR"), "/jieba_total.rs"));

/// jieba-rs without a dictionary: its HMM cuts a run of characters the
/// dictionary route left single, and needs nothing else.
static HMM: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::empty);

/// A segmenter: jieba's dictionary and the words added to it.
pub struct Segmenter {
    added: Option<fst::Map<Vec<u8>>>,
    total: u64,
}

impl Default for Segmenter {
    /// jieba's dictionary alone.
    fn default() -> Self {
        Segmenter {
            added: None,
            total: JIEBA_TOTAL,
        }
    }
}

impl Segmenter {
    /// The byte ranges of the words of `text`, as jieba-rs's `cut` gives
    /// them: with `hmm`, runs of characters not in the dictionary are cut
    /// by its HMM.
    pub fn cut(&self, text: &str, hmm: bool) -> Vec<Range<usize>> {
        let added = match &self.added {
            Some(map) => Added::Map(map),
            None => Added::Nothing,
        };
        let mut words = Vec::new();
        let mut scratch = Scratch::default();
        Dictionary::new(added, self.total).cut(text, hmm, &mut words, &mut scratch);
        words
    }

    /// The segmenter as the glossary cache keeps it: the number of words
    /// added, the total frequency, then the map of added words.
    pub fn to_bytes(&self, added_words: usize) -> Vec<u8> {
        let mut bytes = (added_words as u64).to_le_bytes().to_vec();
        bytes.extend(self.total.to_le_bytes());
        if let Some(map) = &self.added {
            bytes.extend(map.as_fst().as_bytes());
        }
        bytes
    }

    /// A segmenter read back from [`Segmenter::to_bytes`], if `bytes` hold
    /// one with `added_words` words.
    pub fn from_bytes(mut bytes: Vec<u8>, added_words: usize) -> Option<Segmenter> {
        let count = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
        let total = u64::from_le_bytes(bytes.get(8..16)?.try_into().ok()?);
        if count != added_words as u64 {
            return None;
        }
        bytes.drain(..16);
        let added = if bytes.is_empty() {
            None
        } else {
            Some(fst::Map::new(bytes).ok()?)
        };
        if added.as_ref().map_or(0, |map| map.len()) > added_words {
            return None;
        }
        Some(Segmenter { added, total })
    }
}

/// Adds words to jieba's dictionary one at a time, as jieba-rs's
/// `add_word` does: a word given no frequency gets the one that keeps it
/// whole, worked out with the words added before it.
pub struct SegmenterBuilder<'w> {
    added: FxHashMap<&'w str, u64>,
    /// The most characters an added word has.
    longest: usize,
    total: u64,
    /// Buffers for the cuts that suggest frequencies.
    scratch: Scratch,
    parts: Vec<Range<usize>>,
}

impl Default for SegmenterBuilder<'_> {
    fn default() -> Self {
        SegmenterBuilder {
            added: FxHashMap::default(),
            longest: 0,
            total: JIEBA_TOTAL,
            scratch: Scratch::default(),
            parts: Vec::new(),
        }
    }
}

impl<'w> SegmenterBuilder<'w> {
    /// Add `word` with `frequency`, or with the one jieba suggests; returns
    /// the frequency given.
    pub fn add_word(&mut self, word: &'w str, frequency: Option<u64>) -> u64 {
        if word.is_empty() {
            return 0;
        }
        let dictionary = Dictionary::new(Added::Table(&self.added, self.longest), self.total);
        let old = dictionary.frequency(word);
        let frequency = frequency.unwrap_or_else(|| {
            dictionary.suggested_frequency(word, old, &mut self.parts, &mut self.scratch)
        });
        self.total = self.total + frequency - old.unwrap_or(0);
        self.longest = self.longest.max(word.chars().count());
        self.added.insert(word, frequency);
        frequency
    }

    /// The segmenter with the words added, their map built once.
    pub fn finish(self) -> Segmenter {
        let mut words: Vec<(&str, u64)> = self.added.into_iter().collect();
        words.sort_unstable();
        let added = (!words.is_empty()).then(|| {
            let mut map = fst::MapBuilder::memory();
            map.extend_iter(words)
                .expect("sorted distinct words build a map");
            fst::Map::new(map.into_inner().expect("an in-memory map"))
                .expect("a map just built is valid")
        });
        Segmenter {
            added,
            total: self.total,
        }
    }
}

/// The words added to jieba's, as they are looked up.
#[derive(Clone, Copy)]
enum Added<'a> {
    Nothing,
    /// Frozen, as a segmenter keeps them.
    Map(&'a fst::Map<Vec<u8>>),
    /// While words are added: each with its frequency, and the most
    /// characters a word has.
    Table(&'a FxHashMap<&'a str, u64>, usize),
}

/// Where a walk down a map has got to: the node and the output so far.
type Walk<'f> = Option<(Node<'f>, Output)>;

/// The walk from `walk` on `bytes`, `None` once no word continues so.
fn walk_on<'f, D: AsRef<[u8]>>(fst: &'f Fst<D>, walk: Walk<'f>, bytes: &[u8]) -> Walk<'f> {
    let (mut node, mut output) = walk?;
    for &byte in bytes {
        let transition = node.transition(node.find_input(byte)?);
        output = output.cat(transition.out);
        node = fst.node(transition.addr);
    }
    Some((node, output))
}

/// The value of the word a walk has spelled, if it is one.
fn value_at(walk: &Walk<'_>) -> Option<u64> {
    let (node, output) = walk.as_ref()?;
    node.is_final()
        .then(|| output.cat(node.final_output()).value())
}

/// jieba's dictionary and the added words, with the log of their total
/// frequency.
struct Dictionary<'a> {
    added: Added<'a>,
    log_total: f64,
}

impl<'a> Dictionary<'a> {
    fn new(added: Added<'a>, total: u64) -> Self {
        Dictionary {
            added,
            log_total: (total as f64).ln(),
        }
    }

    /// The frequency of `word`: an added word's own, else jieba's.
    fn frequency(&self, word: &str) -> Option<u64> {
        let added = match self.added {
            Added::Nothing => None,
            Added::Map(map) => map.get(word),
            Added::Table(table, _) => table.get(word).copied(),
        };
        added.or_else(|| JIEBA_WORDS.get(word))
    }

    /// Call `found(end, frequency)` for every word that starts at character
    /// `at` of `block`, shortest first; `end` is the index of the character
    /// after it.
    fn words_at(
        &self,
        block: &str,
        chars: &[(u32, char)],
        at: usize,
        mut found: impl FnMut(usize, u64),
    ) {
        let jieba = JIEBA_WORDS.as_fst();
        let mut in_jieba: Walk<'_> = Some((jieba.root(), Output::zero()));
        let (mut in_added, added_fst): (Walk<'_>, _) = match self.added {
            Added::Map(map) => (
                Some((map.as_fst().root(), Output::zero())),
                Some(map.as_fst()),
            ),
            _ => (None, None),
        };
        let longest_added = match self.added {
            Added::Table(_, longest) => longest,
            _ => 0,
        };
        let start = chars[at].0 as usize;
        for end in at + 1..=chars.len() {
            let from = chars[end - 1].0 as usize;
            let to = chars
                .get(end)
                .map_or(block.len(), |&(offset, _)| offset as usize);
            let bytes = &block.as_bytes()[from..to];
            in_jieba = walk_on(jieba, in_jieba, bytes);
            if let Some(fst) = added_fst {
                in_added = walk_on(fst, in_added, bytes);
            }
            let in_table = end - at <= longest_added;
            if in_jieba.is_none() && in_added.is_none() && !in_table {
                break;
            }
            let added = match self.added {
                Added::Table(table, _) if in_table => table.get(&block[start..to]).copied(),
                _ => value_at(&in_added),
            };
            if let Some(frequency) = added.or_else(|| value_at(&in_jieba)) {
                found(end, frequency);
            }
        }
    }

    /// The frequency jieba-rs's `suggest_freq` gives `word` (whose own is
    /// `frequency`): one more than the product of its parts'
    /// probabilities, so that it stays whole.
    fn suggested_frequency(
        &self,
        word: &str,
        frequency: Option<u64>,
        parts: &mut Vec<Range<usize>>,
        scratch: &mut Scratch,
    ) -> u64 {
        parts.clear();
        self.cut(word, false, parts, scratch);
        let log_total = self.log_total;
        let log_frequency = parts.iter().fold(0f64, |sum, part| {
            sum + (self.frequency(&word[part.clone()]).unwrap_or(1) as f64).ln() - log_total
        });
        ((log_frequency + log_total).exp() as u64)
            .saturating_add(1)
            .max(frequency.unwrap_or(1))
    }

    /// Push the words of `text` onto `words`: each run of
    /// [`in_segmenter_run`] characters cut along the dictionary, every other
    /// character a word of its own (`\r\n` one word).
    fn cut(&self, text: &str, hmm: bool, words: &mut Vec<Range<usize>>, scratch: &mut Scratch) {
        let mut at = 0;
        while let Some(first) = text[at..].chars().next() {
            let in_run = in_segmenter_run(first);
            let end = text[at..]
                .char_indices()
                .find(|&(_, c)| in_segmenter_run(c) != in_run)
                .map_or(text.len(), |(i, _)| at + i);
            if in_run {
                self.cut_run(&text[at..end], at, hmm, words, scratch);
            } else {
                let mut i = at;
                while i < end {
                    let len = if text[i..end].starts_with("\r\n") {
                        2
                    } else {
                        text[i..].chars().next().map_or(1, char::len_utf8)
                    };
                    words.push(i..i + len);
                    i += len;
                }
            }
            at = end;
        }
    }

    /// Cut `run` (at `offset` in the text) along the most probable route
    /// through its dictionary words.
    fn cut_run(
        &self,
        run: &str,
        offset: usize,
        hmm: bool,
        words: &mut Vec<Range<usize>>,
        scratch: &mut Scratch,
    ) {
        let Scratch {
            chars,
            edges,
            starts,
            route,
        } = scratch;
        chars.clear();
        chars.extend(run.char_indices().map(|(i, c)| (i as u32, c)));
        let n = chars.len();
        edges.clear();
        starts.clear();
        for at in 0..n {
            starts.push(edges.len());
            self.words_at(run, chars, at, |end, frequency| {
                edges.push((end, (frequency as f64).ln()))
            });
        }
        starts.push(edges.len());
        let words_from = |at: usize| &edges[starts[at]..starts[at + 1]];

        // Each character's best step to the end of the run, from the end:
        // jieba's comparison, a tie going to the longer word.
        route.clear();
        route.resize(n + 1, (0.0, n));
        for at in (0..n).rev() {
            let mut best: Option<(f64, usize)> = None;
            for &(end, log_frequency) in words_from(at) {
                let probability = log_frequency - self.log_total + route[end].0;
                if best.is_none_or(|(p, e)| probability > p || (probability == p && end > e)) {
                    best = Some((probability, end));
                }
            }
            route[at] = best.unwrap_or((0.0 - self.log_total + route[at + 1].0, at + 1));
        }

        let byte_at = |at: usize| offset + chars.get(at).map_or(run.len(), |&(b, _)| b as usize);
        // Characters the route leaves single, joined: without the HMM only
        // ASCII letters and digits, into one word; with it any, through it
        // unless they make a dictionary word together.
        let singles = |from: usize, to: usize, words: &mut Vec<Range<usize>>| {
            if !hmm || to - from == 1 {
                words.push(byte_at(from)..byte_at(to));
            } else if words_from(from).iter().any(|&(end, _)| end == to) {
                words.extend((from..to).map(|at| byte_at(at)..byte_at(at + 1)));
            } else {
                let (start, end) = (byte_at(from), byte_at(to));
                let text = &run[start - offset..end - offset];
                words.extend(
                    HMM.cut(text, true)
                        .iter()
                        .map(|t| start + t.byte_start..start + t.byte_end),
                );
            }
        };
        let mut at = 0;
        let mut left = None;
        while at < n {
            let end = route[at].1;
            if end - at == 1 && (hmm || chars[at].1.is_ascii_alphanumeric()) {
                left.get_or_insert(at);
            } else {
                if let Some(from) = left.take() {
                    singles(from, at, words);
                }
                words.push(byte_at(at)..byte_at(end));
            }
            at = end;
        }
        if let Some(from) = left {
            singles(from, n, words);
        }
    }
}

/// Buffers one cut reuses from run to run.
#[derive(Default)]
struct Scratch {
    chars: Vec<(u32, char)>,
    /// Each word's end and the log of its frequency, by start.
    edges: Vec<(usize, f64)>,
    starts: Vec<usize>,
    /// Each character's best route to the end: its probability and the
    /// end of the word it starts.
    route: Vec<(f64, usize)>,
}

/// The characters jieba cuts as one run: Han characters, ASCII letters and
/// digits, and `+#&._%-`. Every other character is a word of its own, so
/// each run's words do not depend on the text around it.
pub fn in_segmenter_run(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
        | 'a'..='z' | 'A'..='Z' | '0'..='9'
        | '+' | '#' | '&' | '.' | '_' | '%' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Real Chinese text: sentences, UI strings, news.
    const TEXTS: [&str; 4] = [
        include_str!("../../../corpus/tatoeba/tatoeba.zh-en.tsv"),
        include_str!("../../../corpus/catalogues/jupyterlab.zh_CN.po"),
        include_str!("../../../corpus/catalogues/django-cms.zh_TW.po"),
        include_str!("../../../examples/bilingual/quanzhou.zh-en.tsv"),
    ];

    fn jieba() -> &'static jieba_rs::Jieba {
        static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);
        &JIEBA
    }

    fn jieba_words(jieba: &jieba_rs::Jieba, text: &str, hmm: bool) -> Vec<Range<usize>> {
        jieba
            .cut(text, hmm)
            .iter()
            .map(|t| t.byte_start..t.byte_end)
            .collect()
    }

    /// Every line of real text is cut as jieba-rs cuts it, with and
    /// without the HMM.
    #[test]
    fn cuts_real_text_as_jieba_does() {
        let segmenter = Segmenter::default();
        let mut lines = 0;
        for line in TEXTS.iter().flat_map(|text| text.lines()).step_by(7) {
            for hmm in [true, false] {
                assert_eq!(
                    segmenter.cut(line, hmm),
                    jieba_words(jieba(), line, hmm),
                    "{line:?} (hmm: {hmm})"
                );
            }
            lines += 1;
        }
        assert!(lines > 1000);
        // `\r\n` is one word, as every other character outside a run.
        let text = "第一行\r\n第二行，\n\r好";
        assert_eq!(segmenter.cut(text, true), jieba_words(jieba(), text, true));
    }

    /// Words added one by one get the frequency jieba-rs gives them, and
    /// the text is then cut as jieba-rs cuts it with the same words; the
    /// segmenter read back from its bytes cuts the same.
    #[test]
    fn added_words_are_what_jieba_makes_of_them() {
        let glossary = include_str!("../../../glossary/zh-en-news.toml");
        let mut forms: Vec<&str> = glossary
            .split('"')
            .filter(|s| s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)))
            .collect();
        // Pieces of real sentences: words the dictionary has, words it
        // does not, and phrases across words.
        let sentences: Vec<&str> = TEXTS[0].lines().step_by(97).collect();
        for (i, line) in sentences.iter().enumerate() {
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            let (start, len) = (i % 5, 2 + i % 4);
            if let (Some(&(a, _)), Some(&(b, _))) = (chars.get(start), chars.get(start + len)) {
                forms.push(&line[a..b]);
            }
        }
        forms.push("海上丝绸之路");
        forms.push("海上丝绸之路"); // twice: its frequency is replaced
        forms.push("的"); // in jieba's dictionary already
        forms.push("马丁·路德"); // a character outside the runs

        let mut theirs = jieba_rs::Jieba::new();
        let mut builder = SegmenterBuilder::default();
        for form in &forms {
            let frequency = builder.add_word(form, None);
            assert_eq!(
                frequency as usize,
                theirs.add_word(form, None, None),
                "{form}"
            );
        }
        let ours = builder.finish();
        let again = Segmenter::from_bytes(ours.to_bytes(forms.len()), forms.len()).unwrap();
        for line in TEXTS[0].lines().step_by(13).chain(forms.iter().copied()) {
            let expected = jieba_words(&theirs, line, true);
            assert_eq!(ours.cut(line, true), expected, "{line:?}");
            assert_eq!(again.cut(line, true), expected, "{line:?}");
            assert_eq!(
                ours.cut(line, false),
                jieba_words(&theirs, line, false),
                "{line:?}"
            );
        }
    }

    /// Stored bytes are read back only for as many words as were added,
    /// and never when they are not a segmenter's.
    #[test]
    fn stored_bytes_are_checked() {
        let mut builder = SegmenterBuilder::default();
        builder.add_word("海丝", None);
        let bytes = builder.finish().to_bytes(1);
        assert!(Segmenter::from_bytes(bytes.clone(), 1).is_some());
        assert!(Segmenter::from_bytes(bytes.clone(), 2).is_none());
        assert!(Segmenter::from_bytes(bytes[..12].to_vec(), 1).is_none());
        let mut garbled = bytes;
        garbled.truncate(20);
        assert!(Segmenter::from_bytes(garbled, 1).is_none());
    }

    proptest! {
        // Each case copies jieba-rs's dictionary.
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Words added over jieba's (some of them its own, some inside or
        /// across others) get the frequencies jieba-rs gives them, and any
        /// text is cut as jieba-rs cuts it with them, before and after the
        /// segmenter is stored.
        #[test]
        fn cuts_with_added_words_as_jieba_does(
            words in proptest::collection::vec(
                ("[的了是我们中国人海上丝绸之路发展ab1.]{1,5}", proptest::option::of(1u64..100_000_000)),
                0..12,
            ),
            text in "[的了是我们中国人海上丝绸之路发展经济ab1.，\n]{0,40}",
        ) {
            let mut theirs = jieba().clone();
            let mut builder = SegmenterBuilder::default();
            for (word, frequency) in &words {
                prop_assert_eq!(
                    builder.add_word(word, *frequency) as usize,
                    theirs.add_word(word, frequency.map(|f| f as usize), None)
                );
            }
            let ours = builder.finish();
            let stored = Segmenter::from_bytes(ours.to_bytes(words.len()), words.len()).unwrap();
            // The words next to each other, and the text.
            let joined: String = words.iter().map(|(word, _)| word.as_str()).collect();
            for text in [&joined, &text] {
                for hmm in [true, false] {
                    let expected = jieba_words(&theirs, text, hmm);
                    prop_assert_eq!(&ours.cut(text, hmm), &expected);
                    prop_assert_eq!(&stored.cut(text, hmm), &expected);
                }
            }
        }
    }

    proptest! {
        /// Any mix of Han characters, letters, digits, the characters runs
        /// may hold and others is cut as jieba-rs cuts it.
        #[test]
        fn cuts_any_text_as_jieba_does(text in "[的了是我们中国人海上丝绸之路发展经济ab1Z+#&._%\\-，。 \r\n·γ😀１㐀豈𠀀]{0,40}") {
            for hmm in [true, false] {
                prop_assert_eq!(Segmenter::default().cut(&text, hmm), jieba_words(jieba(), &text, hmm));
            }
        }
    }
}
