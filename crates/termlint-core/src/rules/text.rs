//! Character classes and small scanners shared by the text rules.

use std::ops::Range;

pub use crate::matcher::{is_unspaced_script as is_cjk, is_word_char};

/// ASCII bytes that are word characters, for byte loops that must not
/// decode.
pub const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Positions of the bytes for which `hit` holds. Blocks of 32 bytes without
/// a hit are skipped by a branch-free test that the compiler vectorises, so
/// `hit` should be a few plain comparisons.
pub fn positions(bytes: &[u8], hit: impl Fn(u8) -> bool + Copy) -> impl Iterator<Item = usize> {
    const BLOCK: usize = 32;
    bytes
        .chunks(BLOCK)
        .enumerate()
        .filter(move |(_, block)| block.iter().fold(false, |seen, &b| seen | hit(b)))
        .flat_map(move |(n, block)| {
            block
                .iter()
                .enumerate()
                .filter(move |&(_, &b)| hit(b))
                .map(move |(i, _)| n * BLOCK + i)
        })
}

/// The ASCII marks the punctuation rules read: sentence punctuation,
/// quotes and brackets.
const MARKS: &[u8] = b",;.:?!'\"()[]{}";

const IS_MARK: [bool; 256] = {
    let mut table = [false; 256];
    let mut k = 0;
    while k < MARKS.len() {
        table[MARKS[k] as usize] = true;
        k += 1;
    }
    table
};

/// Sorted positions of the ASCII punctuation marks, quotes and brackets of
/// `bytes` (`,;.:?!'"()[]{}`), found in one pass for all the rules that
/// read them. An ASCII byte never occurs inside a multi-byte character, so
/// this holds for any UTF-8 text.
pub fn ascii_marks(bytes: &[u8]) -> Vec<usize> {
    // A superset (all ASCII punctuation) found many bytes at a time, each
    // of its bytes then checked: marks are dense in prose (one byte in
    // fifty), where vectorised searches that stop at each hit do worse.
    let mut out = Vec::new();
    let mut keep = |i: usize| {
        if IS_MARK[usize::from(bytes[i])] {
            out.push(i);
        }
    };
    #[cfg(target_arch = "x86_64")]
    let (blocks, rest) = {
        let (blocks, rest) = bytes.as_chunks::<16>();
        for (n, block) in blocks.iter().enumerate() {
            let mut bits = crate::ascii_bits::punctuation16(block);
            while bits != 0 {
                keep(n * 16 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
        (blocks.len() * 16, rest)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let (blocks, rest) = (0, bytes);
    let (words, tail) = rest.as_chunks::<8>();
    for (n, word) in words.iter().enumerate() {
        let mut bits = crate::ascii_bits::punctuation(u64::from_le_bytes(*word));
        while bits != 0 {
            keep(blocks + n * 8 + bits.trailing_zeros() as usize / 8);
            bits &= bits - 1;
        }
    }
    let base = bytes.len() - tail.len();
    for k in 0..tail.len() {
        keep(base + k);
    }
    out
}

/// A text as the segment rules read it, with what several of them need
/// worked out once, on first use.
pub struct Text<'t> {
    pub text: &'t str,
    marks: std::cell::OnceCell<Vec<usize>>,
}

impl<'t> Text<'t> {
    pub fn new(text: &'t str) -> Self {
        Text {
            text,
            marks: std::cell::OnceCell::new(),
        }
    }

    /// [`ascii_marks`] of the text.
    pub fn marks(&self) -> &[usize] {
        self.marks.get_or_init(|| ascii_marks(self.text.as_bytes()))
    }

    /// The positions in [`Text::marks`] of the bytes in `wanted` (marks
    /// only).
    pub fn marks_of<'s>(&'s self, wanted: &'s [u8]) -> impl Iterator<Item = usize> + 's {
        debug_assert!(wanted.iter().all(|b| MARKS.contains(b)));
        let bytes = self.text.as_bytes();
        self.marks()
            .iter()
            .copied()
            .filter(move |&i| wanted.contains(&bytes[i]))
    }
}

/// Byte ranges of whitespace-separated tokens that are URLs, e-mail
/// addresses or paths: punctuation inside them is not prose punctuation.
pub fn technical_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for run in runs(text, |c| !c.is_whitespace()) {
        let token = &text[run.clone()];
        if !token.chars().any(is_cjk) {
            if is_technical(token) {
                out.push(run);
            }
            continue;
        }
        // Chinese is written without spaces, so a whole sentence may be one
        // token: a URL in it runs from its scheme to the token's end, a
        // path is the whole token, and the other Latin pieces are judged
        // one by one.
        let url_start = token
            .find("://")
            .map(|at| {
                at - token[..at]
                    .bytes()
                    .rev()
                    .take_while(u8::is_ascii_alphabetic)
                    .count()
            })
            .or_else(|| token.find("www."));
        let (prose, url) = match url_start {
            Some(at) => (&token[..at], Some(run.start + at..run.end)),
            None if is_path(token) => ("", Some(run.clone())),
            None => (token, None),
        };
        out.extend(
            runs(prose, |c| !is_cjk(c) && !is_fullwidth_punct(c))
                .filter(|r| is_technical(&prose[r.clone()]))
                .map(|r| run.start + r.start..run.start + r.end),
        );
        out.extend(url);
    }
    out
}

/// A path or anchor that may hold Chinese names (`wiki/网页浏览器列表`,
/// `/docs/指南`, `page.html#标题`).
fn is_path(token: &str) -> bool {
    let head = token
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_.-~".contains(c)))
        .map_or(token, |end| &token[..end]);
    let rest = &token[head.len()..];
    // `/docs/指南`, or a name of two or more characters before `/` or `#`
    // (`wiki/网页`, `page.html#标题`; not `C/C++`).
    (head.is_empty() && rest.starts_with('/') && rest.len() > 1)
        || (head.len() >= 2
            && head.chars().any(|c| c.is_ascii_alphabetic())
            && (rest.starts_with('/') || rest.starts_with('#'))
            && rest.len() > 1)
}

/// Full-width punctuation of Chinese and Japanese text.
pub fn is_fullwidth_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Byte ranges of the maximal runs of characters that satisfy `keep`.
pub fn runs(text: &str, keep: impl Fn(char) -> bool) -> impl Iterator<Item = Range<usize>> {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), '\0')))
        .filter_map(move |(i, c)| {
            let inside = i < text.len() && keep(c);
            match (inside, start) {
                (true, None) => {
                    start = Some(i);
                    None
                }
                (false, Some(s)) => {
                    start = None;
                    Some(s..i)
                }
                _ => None,
            }
        })
}

fn is_technical(token: &str) -> bool {
    // Code: identifiers with underscores, calls, markup backticks, and a
    // dotted name whose part after the dot is camelCase (`forms.ModelForm`).
    let dotted_code = token.split('.').skip(1).any(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(char::is_alphabetic)
            && chars.any(char::is_uppercase)
            && part.chars().any(char::is_lowercase)
    });
    dotted_code
        || (token.contains('.')
            && (token.contains('_') || token.contains('(') || token.contains('`')))
        || token.contains("://")
        || token.starts_with("www.")
        || token
            .find('@')
            .is_some_and(|at| at > 0 && token[at..].contains('.'))
        || (token.contains('/') && token.contains('.'))
        || token.contains('\\')
}

pub fn in_ranges(ranges: &[Range<usize>], pos: usize) -> bool {
    ranges.iter().any(|r| r.contains(&pos))
}

/// The character before byte `pos`, if any.
pub fn char_before(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

/// The character at byte `pos`, if any.
pub fn char_at(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

/// The run of letters (and inner apostrophes and periods) ending at `pos`.
pub fn word_before(text: &str, pos: usize) -> &str {
    let start = text[..pos]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || c == '\'' || c == '’' || c == '.')
        .last()
        .map_or(pos, |(i, _)| i);
    &text[start..pos]
}

/// Whether a segment is written mostly in a spaced (e.g. Latin) script:
/// more letters of spaced scripts than characters of CJK scripts.
pub fn is_mostly_spaced_script(text: &str) -> bool {
    let (mut spaced, mut cjk) = (0usize, 0usize);
    for c in text.chars() {
        if is_cjk(c) {
            cjk += 1;
        } else if c.is_alphabetic() {
            spaced += 1;
        }
    }
    spaced > cjk
}

/// Abbreviations that end in a period and may be followed by `,` or
/// another period-less word without being a sentence end.
pub const ABBREVIATIONS: &[&str] = &[
    "etc", "e.g", "i.e", "inc", "ltd", "co", "corp", "jr", "sr", "vs", "al", "mr", "mrs", "ms",
    "dr", "prof", "st", "no", "nos", "p", "pp", "vol", "fig", "approx", "dept", "est", "u.s",
    "u.k", "u.n", "a.m", "p.m", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "gen", "gov", "sen", "rep", "cf", "ca", "ph.d", "b.a", "m.a", "d.c",
];

/// Whether the word ending at `pos` (just before a period) is an
/// abbreviation or an initial.
pub fn is_abbreviation_before(text: &str, pos: usize) -> bool {
    let word = word_before(text, pos).trim_start_matches('.');
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    ABBREVIATIONS.contains(&lower.as_str())
        || letters == 1
        || (word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.'))
}

/// The offset in `text` (which starts with `open`) of the `close` that
/// matches it, counting the pairs nested inside; `None` if it never closes.
pub fn matching_close(text: &str, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    text.bytes().position(|b| {
        if b == open {
            depth += 1;
        } else if b == close {
            depth -= 1;
        }
        depth == 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technical_tokens() {
        let text = "see https://x.org/a.b, mail a@b.cn or C:\\dir and plain.word here";
        let ranges = technical_ranges(text);
        let tokens: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(tokens, vec!["https://x.org/a.b,", "a@b.cn", "C:\\dir"]);
    }

    #[test]
    fn abbreviations() {
        let text = "the U.S. and e.g. and Inc. and growth.";
        assert!(is_abbreviation_before(text, text.find("U.S.").unwrap() + 3));
        assert!(is_abbreviation_before(text, text.find("e.g.").unwrap() + 3));
        assert!(is_abbreviation_before(text, text.find("Inc.").unwrap() + 3));
        assert!(!is_abbreviation_before(text, text.len() - 1));
    }

    /// The marks are every byte of the set, in order, whatever surrounds
    /// them: every byte value at every offset of a word and in the tail.
    #[test]
    fn ascii_marks_are_the_bytes_of_the_set() {
        let mut next = crate::repeats::xorshift(0x51_7cc1_b727_220a);
        for len in 0..100 {
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let expected: Vec<usize> = (0..len).filter(|&i| MARKS.contains(&bytes[i])).collect();
            assert_eq!(ascii_marks(&bytes), expected, "{bytes:?}");
        }
        let all: Vec<u8> = (0..=255).collect();
        let expected: Vec<usize> = (0..256).filter(|&i| MARKS.contains(&all[i])).collect();
        assert_eq!(ascii_marks(&all), expected);
    }
}
