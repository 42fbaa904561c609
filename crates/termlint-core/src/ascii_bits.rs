//! ASCII text read eight bytes at a time: one bit per byte of a class of
//! bytes, and a case-folding hash of a token. Written here rather than taken
//! from a crate because the classes are ours (letters and digits plus a few
//! bytes that count as word bytes).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// High bit of each byte set when the byte (below 0x80) is at least `b`.
/// No byte is above 0x7F, so no sum carries into the next byte.
fn at_least(v: u64, b: u8) -> u64 {
    (v + ONES * u64::from(0x80 - b)) & HIGH
}

/// High bit of each byte set when the byte (below 0x80) is `b`.
fn equal(v: u64, b: u8) -> u64 {
    let t = v ^ (ONES * u64::from(b));
    !(((t & !HIGH) + !HIGH) | t) & HIGH
}

/// Whether some byte is `min` (0x80 or above) or above: ASCII text at
/// memory speed, other text eight bytes at a time.
pub(crate) fn has_byte_at_least(bytes: &[u8], min: u8) -> bool {
    debug_assert!(min >= 0x80);
    if bytes.is_ascii() {
        return false;
    }
    let (words, rest) = bytes.as_chunks::<8>();
    words
        .iter()
        .any(|word| high_at_least(u64::from_le_bytes(*word), min) != 0)
        || rest.iter().any(|&b| b >= min)
}

/// High bit of each byte set when the byte is at least `b`, which is
/// 0x80 or above.
pub(crate) fn high_at_least(x: u64, b: u8) -> u64 {
    at_least(x & !HIGH, b - 0x80) & x
}

/// High bit of each byte set when the byte is ASCII punctuation in one of
/// `!"#$%&'()*+,-./`, `:;<=>?`, `[\]` or `{|}`; bytes from 0x80 never.
pub(crate) fn punctuation(x: u64) -> u64 {
    let low = x & !HIGH;
    let between = |lo: u8, hi: u8| at_least(low, lo) & !at_least(low, hi + 1);
    (between(0x21, 0x2F) | between(0x3A, 0x3F) | between(0x5B, 0x5D) | between(0x7B, 0x7D)) & !x
}

/// [`punctuation`] for sixteen bytes at once, one bit per byte (bit `k`
/// for byte `k`), in SSE2 registers: a quarter of the instructions.
#[cfg(target_arch = "x86_64")]
pub(crate) fn punctuation16(bytes: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_sub_epi8,
    };
    // SAFETY: SSE2 is part of every x86_64 processor, and the load reads
    // the sixteen bytes of a sixteen-byte array.
    unsafe {
        let x = _mm_loadu_si128(bytes.as_ptr().cast());
        // `lo <= b <= hi` as `b - lo <= hi - lo`, wrapping, unsigned.
        let between = |lo: u8, hi: u8| {
            let width = _mm_set1_epi8((hi - lo) as i8);
            let shifted = _mm_sub_epi8(x, _mm_set1_epi8(lo as i8));
            _mm_cmpeq_epi8(_mm_max_epu8(shifted, width), width)
        };
        let any = _mm_or_si128(
            _mm_or_si128(between(0x21, 0x2F), between(0x3A, 0x3F)),
            _mm_or_si128(between(0x5B, 0x5D), between(0x7B, 0x7D)),
        );
        _mm_movemask_epi8(any) as u32
    }
}

/// The high bits of eight bytes gathered into the low byte, byte `k` to
/// bit `k`.
fn gather(high: u64) -> u64 {
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// For eight ASCII bytes, one bit per byte: ASCII letters and digits; and
/// the bytes in `also`.
fn classes_of_eight(x: u64, also: &[u8]) -> (u64, u64) {
    let lower = x | (ONES * 0x20);
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    let other = also.iter().fold(0, |bits, &b| bits | equal(x, b));
    (gather(letter | digit), gather(other))
}

/// One bit per byte of ASCII `text` (bit `k` of word `w` is byte
/// `64 * w + k`): in `letters_and_digits` the ASCII letters and digits, in
/// `word_bytes` those and the bytes in `also`.
pub(crate) fn fill_masks(
    text: &[u8],
    also: &[u8],
    letters_and_digits: &mut Vec<u64>,
    word_bytes: &mut Vec<u64>,
) {
    debug_assert!(text.is_ascii());
    letters_and_digits.clear();
    word_bytes.clear();
    let (blocks, rest) = text.as_chunks::<64>();
    let mut last = [0u8; 64];
    last[..rest.len()].copy_from_slice(rest);
    let tail = (!rest.is_empty()).then_some(&last);
    for block in blocks.iter().chain(tail) {
        let (mut alnum, mut other) = (0, 0);
        for (k, eight) in block.as_chunks::<8>().0.iter().enumerate() {
            let (a, o) = classes_of_eight(u64::from_le_bytes(*eight), also);
            alnum |= a << (8 * k);
            other |= o << (8 * k);
        }
        letters_and_digits.push(alnum);
        word_bytes.push(alnum | other);
    }
}

/// The first bit at or after `from` that is `set` (or not), if any.
pub(crate) fn next_bit(masks: &[u64], from: usize, set: bool) -> Option<usize> {
    let flip = if set { 0 } else { u64::MAX };
    let mut w = from / 64;
    let mut bits = (*masks.get(w)? ^ flip) & (u64::MAX << (from % 64));
    loop {
        if bits != 0 {
            return Some(w * 64 + bits.trailing_zeros() as usize);
        }
        w += 1;
        bits = *masks.get(w)? ^ flip;
    }
}

/// Eight bytes of `bytes` from `at`, zero-padded past the end.
#[inline]
fn eight_at(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => {
            let mut eight = [0u8; 8];
            eight[..bytes.len() - at].copy_from_slice(&bytes[at..]);
            u64::from_le_bytes(eight)
        }
    }
}

/// A hash of `bytes[start..end]` with ASCII letters lower-cased (any other
/// byte, ASCII or not, as it is), eight bytes at a time. Compiled
/// glossaries store it (the matcher's first-word keys): changing it needs
/// a new cache format (termlint-load's `MAGIC`).
#[inline]
pub(crate) fn folded_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut hash = ((end - start) as u64).wrapping_mul(K);
    let mut at = start;
    while at < end {
        let take = (end - at).min(8);
        let x = eight_at(bytes, at) & (u64::MAX >> (64 - 8 * take));
        // Upper-case ASCII letters get 0x20; bytes from 0x80 are compared
        // on their low seven bits and then left out.
        let low = x & !HIGH;
        let upper = at_least(low, b'A') & !at_least(low, b'Z' + 1) & !x;
        hash = (hash ^ (x | (upper >> 2))).wrapping_mul(K).rotate_left(23);
        at += take;
    }
    hash ^ (hash >> 29)
}

/// A hash of an ASCII token of class `class` with case folded by `| 0x20`
/// (which lower-cases letters and keeps digits, `_` and `'` apart): equal
/// tokens of one class hash equal; never 0.
pub(crate) fn token_hash(bytes: &[u8], start: usize, end: usize, class: u8) -> u32 {
    token_hash_of(folded_hash(bytes, start, end), class)
}

/// [`token_hash`] from the token's [`folded_hash`].
#[inline]
pub(crate) fn token_hash_of(folded: u64, class: u8) -> u32 {
    let hash = folded ^ u64::from(class).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    ((hash >> 32) as u32 ^ hash as u32) | 1 << 31
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sixteen bytes at a time and eight at a time mark the same bytes,
    /// for every byte value.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn punctuation_by_sixteen_is_by_eight() {
        let all: Vec<u8> = (0..=255).collect();
        for block in all.as_chunks::<16>().0 {
            let halves = block
                .as_chunks::<8>()
                .0
                .iter()
                .map(|eight| gather(punctuation(u64::from_le_bytes(*eight))));
            let expected = halves
                .enumerate()
                .fold(0, |bits, (k, half)| bits | half << (8 * k));
            assert_eq!(u64::from(punctuation16(block)), expected, "{block:?}");
        }
    }

    #[test]
    fn classes_agree_with_the_byte_tests_at_every_place() {
        for b in 0u8..0x80 {
            for place in 0..8 {
                let mut eight = [b'.'; 8];
                eight[place] = b;
                let (alnum, other) = classes_of_eight(u64::from_le_bytes(eight), b"_'");
                assert_eq!(
                    alnum,
                    u64::from(b.is_ascii_alphanumeric()) << place,
                    "{b:#x}"
                );
                assert_eq!(other, u64::from(b == b'_' || b == b'\'') << place, "{b:#x}");
            }
        }
    }

    #[test]
    fn masks_and_bits() {
        let text = "ab_c d".repeat(30);
        let (mut alnum, mut word) = (Vec::new(), Vec::new());
        fill_masks(text.as_bytes(), b"_", &mut alnum, &mut word);
        let bit = |masks: &[u64], at: usize| masks[at / 64] >> (at % 64) & 1 == 1;
        for (i, b) in text.bytes().enumerate() {
            assert_eq!(bit(&alnum, i), b.is_ascii_alphanumeric(), "{i}");
            assert_eq!(bit(&word, i), b != b' ', "{i}");
        }
        assert_eq!(next_bit(&word, 0, false), Some(4));
        assert_eq!(next_bit(&word, 4, true), Some(5));
        // Past the end the bits are clear, up to the end of the last word.
        assert_eq!(next_bit(&alnum, text.len() - 1, false), Some(text.len()));
        assert_eq!(next_bit(&alnum, text.len() - 1, true), Some(text.len() - 1));
        let whole = "a".repeat(128);
        fill_masks(whole.as_bytes(), b"", &mut alnum, &mut word);
        assert_eq!(next_bit(&alnum, 5, false), None);
    }

    #[test]
    fn the_hash_folds_ascii_case_only() {
        let h = |s: &str| folded_hash(s.as_bytes(), 0, s.len());
        assert_eq!(h("Maritime Silk"), h("MARITIME silk"));
        assert_eq!(h("Ärger"), h("äRGER".replace('ä', "Ä").as_str()));
        assert_ne!(h("Ärger"), h("ärger"));
        assert_ne!(h("a"), h("a\0"));
        assert_ne!(h("[a"), h("{a"));
        // Any byte from 0x80 up is kept as it is, never folded.
        for b in 0x80u8..=0xFF {
            let (x, y) = ([b, b'a'], [b ^ 0x20, b'a']);
            assert_ne!(folded_hash(&x, 0, 2), folded_hash(&y, 0, 2), "{b:#x}");
        }
        // Equal within a longer text, wherever it sits.
        let text = b"xx Hello hello HELLO";
        assert_eq!(folded_hash(text, 3, 8), folded_hash(text, 9, 14));
        assert_eq!(folded_hash(text, 9, 14), folded_hash(text, 15, 20));
    }

    #[test]
    fn bytes_at_least_a_bound() {
        let mut next = crate::repeats::xorshift(0x9e37_79b9_7f4a_7c15);
        for len in 0..200 {
            // Mostly ASCII, with now and then a byte from 0x80 up.
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next() % 16 {
                    0 => 0x80 | next() as u8,
                    _ => next() as u8 & 0x7f,
                })
                .collect();
            for min in [0x80, 0xC3, 0xE1, 0xFF] {
                let expected = bytes.iter().any(|&b| b >= min);
                assert_eq!(has_byte_at_least(&bytes, min), expected, "{min} {bytes:?}");
            }
        }
    }
}
