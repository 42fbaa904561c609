//! Leftmost-longest phrase search without an automaton: the phrases are
//! kept in one hash table, and for each first character the lengths that
//! its phrases have. At each position of a text whose character starts a
//! phrase, the text's next characters are looked up at each of those
//! lengths, longest first.
//!
//! Building the character-wise automaton over a termbase's 120,000 Chinese
//! terms takes a third of a second on one core; this table takes one
//! insertion per phrase. A search costs a few lookups per character where
//! the automaton costs one transition, so the automaton is still built once
//! a run has enough text to pay for it (see `Matcher`).

use rustc_hash::FxHashMap;

/// Lengths are kept as bits of a mask: bit `n` for phrases of `n + 1`
/// characters, the last bit for every length from `LONG` characters on.
const LONG: usize = 64;

/// The hash of the bytes read so far, extended one byte at a time, so that
/// the lookups at each length from one position hash each byte once.
fn extend(hash: u64, byte: u8) -> u64 {
    (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

fn hash_of(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |hash, &byte| extend(hash, byte))
}

pub(crate) struct PhraseTable {
    /// The phrases, one after the other.
    text: String,
    /// Where each phrase ends in `text`.
    ends: Vec<u32>,
    /// Phrase indices, by the hash of their bytes.
    table: hashbrown::HashTable<u32>,
    /// For each first character, the lengths of its phrases in characters.
    lengths: FxHashMap<char, u64>,
    /// The most characters a phrase has.
    longest: usize,
}

impl PhraseTable {
    /// The table over `phrases`, which are distinct and not empty; a
    /// match's value is its phrase's index.
    pub(crate) fn new<K: AsRef<str>>(phrases: &[K]) -> PhraseTable {
        let bytes: usize = phrases.iter().map(|p| p.as_ref().len()).sum();
        let mut table = PhraseTable {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(phrases.len()),
            table: hashbrown::HashTable::with_capacity(phrases.len()),
            lengths: FxHashMap::default(),
            longest: 0,
        };
        for phrase in phrases {
            let phrase = phrase.as_ref();
            let Some(first) = phrase.chars().next() else {
                continue;
            };
            let index = table.ends.len() as u32;
            table.text.push_str(phrase);
            table.ends.push(table.text.len() as u32);
            let (text, ends) = (&table.text, &table.ends);
            table
                .table
                .insert_unique(hash_of(phrase.as_bytes()), index, |&i| {
                    hash_of(phrase_at(text, ends, i))
                });
            let chars = phrase.chars().count();
            table.longest = table.longest.max(chars);
            *table.lengths.entry(first).or_default() |= 1 << (chars.min(LONG) - 1);
        }
        table
    }

    fn phrase(&self, index: u32) -> &[u8] {
        phrase_at(&self.text, &self.ends, index)
    }

    /// The longest phrase that `haystack` has at `start`, whose character
    /// `first` starts phrases of the lengths in `mask`: its end and index.
    fn longest_at(
        &self,
        haystack: &str,
        start: usize,
        mask: u64,
        ends: &mut Vec<(usize, u64)>,
    ) -> Option<(usize, u32)> {
        // The end and hash of the text's next 1, 2, ... characters, as
        // far as the longest length asked for.
        let most = if mask >> (LONG - 1) != 0 {
            self.longest
        } else {
            64 - mask.leading_zeros() as usize
        };
        ends.clear();
        let mut hash = 0;
        let bytes = haystack.as_bytes();
        for (offset, c) in haystack[start..].char_indices().take(most) {
            let end = start + offset + c.len_utf8();
            for &byte in &bytes[start + offset..end] {
                hash = extend(hash, byte);
            }
            ends.push((end, hash));
        }
        (1..=ends.len()).rev().find_map(|chars| {
            if mask & (1 << (chars.min(LONG) - 1)) == 0 {
                return None;
            }
            let (end, hash) = ends[chars - 1];
            let text = &bytes[start..end];
            let index = *self.table.find(hash, |&i| self.phrase(i) == text)?;
            Some((end, index))
        })
    }

    /// The leftmost match in `haystack` and, among those that start there,
    /// the longest: (start, end, phrase index).
    pub(crate) fn leftmost_longest(&self, haystack: &str) -> Option<(usize, usize, u32)> {
        let mut ends = Vec::new();
        haystack.char_indices().find_map(|(start, c)| {
            let &mask = self.lengths.get(&c)?;
            self.longest_at(haystack, start, mask, &mut ends)
                .map(|(end, index)| (start, end, index))
        })
    }

    /// Every leftmost-longest match in `haystack`, each after the last.
    pub(crate) fn find_iter<'a>(
        &'a self,
        haystack: &'a str,
    ) -> impl Iterator<Item = (usize, usize, u32)> + 'a {
        let mut from = 0;
        std::iter::from_fn(move || {
            let (start, end, index) = self.leftmost_longest(&haystack[from..])?;
            let found = (from + start, from + end, index);
            from += end;
            Some(found)
        })
    }
}

fn phrase_at<'a>(text: &'a str, ends: &[u32], index: u32) -> &'a [u8] {
    let start = index
        .checked_sub(1)
        .map_or(0, |before| ends[before as usize] as usize);
    &text.as_bytes()[start..ends[index as usize] as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
    use proptest::prelude::*;

    fn automaton_matches(phrases: &[String], haystack: &str) -> Vec<(usize, usize, u32)> {
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build::<_, _, u32>(phrases)
            .unwrap();
        automaton
            .leftmost_find_iter(haystack)
            .map(|m| (m.start(), m.end(), m.value()))
            .collect()
    }

    #[test]
    fn finds_the_longest_phrase_at_the_leftmost_start() {
        let phrases = ["海丝", "海上丝绸之路", "丝绸", "a", "ab", "b c"].map(String::from);
        let table = PhraseTable::new(&phrases);
        let text = "泉州海上丝绸之路，海丝 abc b c";
        let found: Vec<_> = table
            .find_iter(text)
            .map(|(s, e, k)| (&text[s..e], k))
            .collect();
        assert_eq!(
            found,
            [("海上丝绸之路", 1), ("海丝", 0), ("ab", 4), ("b c", 5)]
        );
        assert_eq!(found.len(), automaton_matches(&phrases, text).len());
    }

    #[test]
    fn a_prefix_of_a_phrase_matches_nothing() {
        let table = PhraseTable::new(&["海上丝绸之路"]);
        assert_eq!(table.leftmost_longest("海上丝绸"), None);
        assert_eq!(table.leftmost_longest(""), None);
    }

    #[test]
    fn phrases_of_many_characters_are_found() {
        let long = "长".repeat(70);
        let phrases = [long.clone(), "长".repeat(65), "长长".into()];
        let table = PhraseTable::new(&phrases);
        let text = format!("{long}长长");
        assert_eq!(
            table.find_iter(&text).collect::<Vec<_>>(),
            [(0, long.len(), 0), (long.len(), text.len(), 2)]
        );
    }

    fn phrases_and_text() -> impl Strategy<Value = (Vec<String>, String)> {
        // Few characters, so that phrases share beginnings and overlap.
        let phrase = "[海丝路aAbé ]{1,4}";
        (
            proptest::collection::hash_set(phrase, 1..12),
            "[海丝路上aAbé ,]{0,40}",
        )
            .prop_map(|(phrases, text)| (phrases.into_iter().collect(), text))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn finds_what_the_automaton_finds((phrases, text) in phrases_and_text()) {
            let table = PhraseTable::new(&phrases);
            let found: Vec<_> = table.find_iter(&text).collect();
            prop_assert_eq!(found, automaton_matches(&phrases, &text));
        }
    }
}
