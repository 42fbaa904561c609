//! One Aho-Corasick automaton over every glossary phrase, built once and
//! shared by all files and threads.
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

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use crate::glossary::Glossary;

/// What a matched phrase is in the glossary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hit {
    Canonical { term: usize },
    Variant { term: usize, variant: usize },
    Forbidden { rule: usize, phrase: usize },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermMatch {
    /// Byte range in the scanned text.
    pub span: Range<usize>,
    pub hit: Hit,
}

struct Entry {
    hit: Hit,
    text: String,
    exact: bool,
    ascii: bool,
}

pub struct Matcher {
    automaton: AhoCorasick,
    /// Entries of each automaton pattern (patterns are the phrases'
    /// ASCII-lower-cased texts, deduplicated).
    pattern_entries: Vec<Vec<usize>>,
    /// Whether each pattern's first and last characters need a word boundary.
    pattern_edges: Vec<(bool, bool)>,
    entries: Vec<Entry>,
}

/// Han, kana, Hangul and the like: scripts written without spaces between
/// words, where a phrase may start or end anywhere.
pub fn is_unspaced_script(c: char) -> bool {
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
    (c.is_alphanumeric() || c == '_' || is_mark(c)) && !is_unspaced_script(c)
}

fn is_mark(c: char) -> bool {
    // Combining diacritical marks (the common blocks); enough to keep
    // `cafe\u{301}` one word.
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
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
        || variant.to_lowercase() == canonical.to_lowercase()
}

impl Matcher {
    pub fn new(glossary: &Glossary) -> Matcher {
        let mut entries = Vec::new();
        for (t, term) in glossary.terms.iter().enumerate() {
            entries.push(Entry {
                hit: Hit::Canonical { term: t },
                text: term.canonical.clone(),
                exact: term.case_sensitive,
                ascii: term.canonical.is_ascii(),
            });
            for (v, variant) in term.variants.iter().enumerate() {
                entries.push(Entry {
                    hit: Hit::Variant {
                        term: t,
                        variant: v,
                    },
                    text: variant.clone(),
                    exact: variant_is_exact(variant, &term.canonical, term.case_sensitive),
                    ascii: variant.is_ascii(),
                });
            }
        }
        for (r, rule) in glossary.forbidden.iter().enumerate() {
            for (p, phrase) in rule.phrases.iter().enumerate() {
                entries.push(Entry {
                    hit: Hit::Forbidden { rule: r, phrase: p },
                    text: phrase.clone(),
                    exact: rule.case_sensitive || (has_uppercase(phrase) && !has_lowercase(phrase)),
                    ascii: phrase.is_ascii(),
                });
            }
        }

        let mut patterns: Vec<String> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut pattern_entries: Vec<Vec<usize>> = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            // Matching folds ASCII case only; spell out the usual case forms
            // of a phrase with non-ASCII letters (`Ürümqi`, `ürümqi`).
            let mut forms = vec![entry.text.clone()];
            if !entry.exact && !entry.ascii {
                forms.push(entry.text.to_lowercase());
                forms.push(entry.text.to_uppercase());
                forms.push(capitalize(&entry.text));
            }
            for form in forms {
                let key = form.to_ascii_lowercase();
                let pattern = *by_key.entry(key.clone()).or_insert_with(|| {
                    patterns.push(key);
                    pattern_entries.push(Vec::new());
                    patterns.len() - 1
                });
                if !pattern_entries[pattern].contains(&index) {
                    pattern_entries[pattern].push(index);
                }
            }
        }
        // Canonical entries first, so a canonical occurrence wins.
        for list in &mut pattern_entries {
            list.sort_by_key(|&i| !matches!(entries[i].hit, Hit::Canonical { .. }));
        }
        let pattern_edges = patterns
            .iter()
            .map(|p| {
                (
                    p.chars().next().is_some_and(is_word_char),
                    p.chars().next_back().is_some_and(is_word_char),
                )
            })
            .collect();
        // A full DFA scans fastest but its size grows with the pattern count;
        // past a few thousand patterns the contiguous NFA is the better trade.
        let kind = if patterns.len() <= 2_000 {
            Some(AhoCorasickKind::DFA)
        } else {
            Some(AhoCorasickKind::ContiguousNFA)
        };
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            .build(&patterns)
            .expect("glossary phrases always build an automaton");
        Matcher {
            automaton,
            pattern_entries,
            pattern_edges,
            entries,
        }
    }

    /// Append every glossary match in `text` to `out`, in text order.
    pub fn find_all(&self, text: &str, out: &mut Vec<TermMatch>) {
        // Patterns are stored ASCII-lower-cased and the automaton scans an
        // ASCII-lower-cased copy: offsets stay identical, and the automaton
        // builds several times faster than with its own case folding.
        let folded = text.as_bytes().to_ascii_lowercase();
        let bytes = folded.as_slice();
        let mut pos = 0;
        while pos < bytes.len() {
            let Some(m) = self
                .automaton
                .find(Input::new(bytes).range(pos..bytes.len()))
            else {
                break;
            };
            let (start, end) = (m.start(), m.end());
            let (left, right) = self.pattern_edges[m.pattern().as_usize()];
            let bounded =
                (!left || boundary_before(text, start)) && (!right || boundary_after(text, end));
            let hit = if bounded {
                self.resolve(m.pattern().as_usize(), &text[start..end])
            } else {
                None
            };
            match hit {
                Some(hit) => {
                    out.push(TermMatch {
                        span: start..end,
                        hit,
                    });
                    pos = end;
                }
                None if !bounded && self.is_canonical_pattern(m.pattern().as_usize()) => {
                    // An inflected canonical form (`Maritime Silk Roads`) is
                    // still correct usage; never look for variants inside it.
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

    fn is_canonical_pattern(&self, pattern: usize) -> bool {
        self.pattern_entries[pattern]
            .iter()
            .any(|&i| matches!(self.entries[i].hit, Hit::Canonical { .. }))
    }

    /// Which entry a matched text is. Exact spellings win over case-folded
    /// ones, and canonical forms over variants: with canonical `COVID-19`
    /// and variant `Covid-19`, `Covid-19` is the variant but `covid-19` is
    /// taken as the canonical form.
    fn resolve(&self, pattern: usize, matched: &str) -> Option<Hit> {
        let entries = || {
            self.pattern_entries[pattern]
                .iter()
                .map(|&i| &self.entries[i])
        };
        entries()
            .find(|entry| entry.text == matched)
            .or_else(|| {
                entries().find(|entry| {
                    !entry.exact && same_ignoring_case(&entry.text, matched, entry.ascii)
                })
            })
            .map(|entry| entry.hit)
    }
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

pub fn boundary_before(text: &str, start: usize) -> bool {
    !text[..start].chars().next_back().is_some_and(is_word_char)
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
    fn cjk_variants_match_anywhere() {
        let g = glossary(SILK);
        assert_eq!(variants(&g, "推进海丝核心区建设"), vec!["海丝"]);
        assert_eq!(variants(&g, "the海丝route"), vec!["海丝"]);
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
    fn non_ascii_variants_fold_case() {
        let g = glossary("[[term]]\ncanonical = \"Ürümqi\"\nvariants = [\"Ürümchi\"]\n");
        assert_eq!(
            variants(&g, "in ürümchi and ÜRÜMCHI"),
            vec!["ürümchi", "ÜRÜMCHI"]
        );
    }
}
