//! Which lines of a text may hold a repeated word or phrase: the quick
//! test in front of garble/repeated-word, which reads only the lines it
//! takes. It looks at every word of the text, so it is shared: the
//! matcher, which walks every word of ASCII text anyway, feeds it the same
//! tokens ([`LineFilter`]) and the rule then skips its own walk.

use std::ops::Range;

/// The lines (without their `\n`) where `garble::repeated_word` or
/// `garble::repeated_phrase` may find something: a superset, never fewer.
///
/// Neither finds anything across a line break. Text is cut into tokens, runs
/// of one class of character: letters and digits of spaced scripts, of
/// unspaced scripts (Chinese, Japanese, ...), combining marks, `_`, and `'`.
/// Every word either rule reads is one or more whole tokens, and two words
/// they count as equal have equal tokens (ASCII case folded), so a
/// repetition of `m` tokens shows as `m` tokens in a row each equal to the
/// one `m` before. A line is read when that happens for some `m` up to
/// [`DISTANCES`], which covers every phrase of up to four words of up to four
/// tokens each; a word of more tokens (`rock'n'roll`, `a_b_c`) has the line
/// read anyway.
pub(crate) fn lines_that_may_repeat(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut masks = AsciiClassMasks::default();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for end in ends {
        let line = &text[start..end];
        // Most lines are ASCII, and their tokens are found a word of bits
        // at a time rather than a character at a time.
        let may_repeat = if line.is_ascii() {
            masks.ascii_line_may_repeat(line.as_bytes())
        } else {
            line_may_repeat(line)
        };
        if may_repeat {
            out.push(start..end);
        }
        start = end + 1;
    }
    out
}

/// How many token distances [`lines_that_may_repeat`] watches.
const DISTANCES: usize = 16;

/// The last tokens of a line, for [`lines_that_may_repeat`]: sixteen byte
/// lanes of one 128-bit word each, so that a token costs a few integer
/// operations and no memory traffic.
///
/// Lane `d` holds an eight-bit digest of the token `d + 1` before, and a
/// count of how many tokens in a row have matched the one `d + 1` before
/// them. Digests collide, which only has a line read for nothing; a
/// repetition of one token, the common case, is checked on the full hash,
/// so that a one-in-256 collision of neighbours does not send lines to the
/// slow path.
struct RecentTokens {
    lanes: Lanes,
    last_hash: u32,
    /// Tokens in a row with nothing between them.
    glued: u32,
    last_token_end: usize,
}

impl RecentTokens {
    const MOST_TOKENS_IN_A_WORD: u32 = 4;

    fn new() -> Self {
        RecentTokens {
            lanes: Lanes::new(),
            last_hash: 0,
            glued: 0,
            last_token_end: usize::MAX,
        }
    }

    /// Adds the token at `start..end`; whether the line may repeat.
    #[inline(always)]
    fn push(&mut self, start: usize, end: usize, hash: u32) -> bool {
        self.glued = if self.last_token_end == start {
            self.glued + 1
        } else {
            1
        };
        self.last_token_end = end;
        let repeated_token = hash == self.last_hash;
        self.last_hash = hash;
        // Never 0, so that the empty lanes of a new line match nothing.
        let digest = ((hash >> 8) ^ hash) as u8 | 0x80;
        repeated_token || self.lanes.push(digest) || self.glued > Self::MOST_TOKENS_IN_A_WORD
    }
}

/// The digests and runs of [`RecentTokens`], lane `d` for the token
/// `d + 1` before: sixteen bytes each, in one SSE2 register each on
/// x86_64, where a token costs a handful of vector instructions; the
/// compiler keeps plain arrays in general registers byte by byte, three
/// times slower. [`PortableLanes`] does the same elsewhere.
#[cfg(target_arch = "x86_64")]
type Lanes = sse2::Lanes;
#[cfg(not(target_arch = "x86_64"))]
type Lanes = PortableLanes;

/// Lane `d >= 1` holds `d`, so that a run above it is at least `d + 1`;
/// lane 0 holds 255 and is never passed, because distance one is checked
/// on full hashes.
const LANE_THRESHOLDS: [u8; DISTANCES] = {
    let mut lanes = [0u8; DISTANCES];
    lanes[0] = u8::MAX;
    let mut d = 1;
    while d < DISTANCES {
        lanes[d] = d as u8;
        d += 1;
    }
    lanes
};

/// [`Lanes`] as plain loops over sixteen bytes.
#[derive(Clone, Copy)]
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
struct PortableLanes {
    digests: [u8; DISTANCES],
    runs: [u8; DISTANCES],
}

#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
impl PortableLanes {
    fn new() -> Self {
        PortableLanes {
            digests: [0; DISTANCES],
            runs: [0; DISTANCES],
        }
    }

    /// Adds a token's digest; whether the run in some lane `d` (`d >= 1`)
    /// reached `d + 1`: a phrase of `d + 1` tokens repeated.
    #[inline(always)]
    fn push(&mut self, digest: u8) -> bool {
        let mut passed = 0u8;
        let lanes = self
            .runs
            .iter_mut()
            .zip(&self.digests)
            .zip(&LANE_THRESHOLDS);
        for ((run, &earlier), &threshold) in lanes {
            let equal = u8::from(earlier == digest).wrapping_neg();
            // Runs stop growing once a lane passes its threshold (the line
            // is taken), so they never wrap; lane 0 saturates.
            *run = run.saturating_add(1) & equal;
            passed |= u8::from(*run > threshold);
        }
        let previous = self.digests;
        self.digests[1..].copy_from_slice(&previous[..DISTANCES - 1]);
        self.digests[0] = digest;
        passed != 0
    }
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_adds_epu8, _mm_and_si128, _mm_cmpeq_epi8, _mm_cvtsi32_si128, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128, _mm_slli_si128,
        _mm_subs_epu8,
    };

    /// [`super::PortableLanes`] in two vector registers: byte `d` of each
    /// is lane `d`.
    #[derive(Clone, Copy)]
    pub(super) struct Lanes {
        digests: __m128i,
        runs: __m128i,
    }

    impl Lanes {
        pub(super) fn new() -> Self {
            // SAFETY: SSE2 is part of every x86_64 processor.
            unsafe {
                Lanes {
                    digests: _mm_setzero_si128(),
                    runs: _mm_setzero_si128(),
                }
            }
        }

        /// [`super::PortableLanes::push`].
        #[inline(always)]
        pub(super) fn push(&mut self, digest: u8) -> bool {
            // SAFETY: SSE2 is part of every x86_64 processor, and the load
            // reads the sixteen bytes of a sixteen-byte array.
            unsafe {
                let thresholds = _mm_loadu_si128(super::LANE_THRESHOLDS.as_ptr().cast());
                let equal = _mm_cmpeq_epi8(self.digests, _mm_set1_epi8(digest as i8));
                self.runs = _mm_and_si128(_mm_adds_epu8(self.runs, _mm_set1_epi8(1)), equal);
                // A lane passes when its run exceeds its threshold: the
                // saturating difference is not zero.
                let over = _mm_subs_epu8(self.runs, thresholds);
                let passed = _mm_movemask_epi8(_mm_cmpeq_epi8(over, _mm_setzero_si128())) != 0xFFFF;
                self.digests = _mm_or_si128(
                    _mm_slli_si128::<1>(self.digests),
                    _mm_cvtsi32_si128(i32::from(digest)),
                );
                passed
            }
        }
    }
}

/// Token classes: 0 separator, 1 letters and digits of spaced scripts, 2 of
/// unspaced scripts, 3 combining marks, 4 `_`, 5 `'`.
pub(crate) const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => 1,
            b'_' => 4,
            b'\'' => 5,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// [`lines_that_may_repeat`] for a line of any characters, one at a time.
pub(crate) fn line_may_repeat(line: &str) -> bool {
    let class_of = |c: char| -> u8 {
        if c.is_ascii() {
            return ASCII_CLASS[c as usize];
        }
        let unspaced = crate::matcher::is_unspaced_script(c);
        if c.is_alphanumeric() {
            if unspaced { 2 } else { 1 }
        } else if crate::matcher::is_mark(c) && !unspaced {
            3
        } else {
            0
        }
    };
    let bytes = line.as_bytes();
    let n = bytes.len();
    let mut tokens = RecentTokens::new();
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        let (class, len) = if b < 0x80 {
            (ASCII_CLASS[b as usize], 1)
        } else {
            let c = line[i..].chars().next().unwrap_or(' ');
            (class_of(c), c.len_utf8())
        };
        if class == 0 {
            i += len;
            continue;
        }
        // A token; its hash folds ASCII case. Equal tokens hash equal, and a
        // collision only has a line read for nothing.
        let start = i;
        let mut hash = u32::from(class);
        let mut next = i;
        while next < n {
            let b = bytes[next];
            if b < 0x80 {
                if ASCII_CLASS[b as usize] != class {
                    break;
                }
                hash = hash.rotate_left(7) ^ u32::from(b | 0x20);
                next += 1;
            } else {
                let c = line[next..].chars().next().unwrap_or(' ');
                if class_of(c) != class {
                    break;
                }
                hash = hash.rotate_left(7) ^ u32::from(c);
                next += c.len_utf8();
            }
        }
        i = next;
        if tokens.push(start, next, hash | 1 << 31) {
            return true;
        }
    }
    false
}

/// The two class masks of ASCII text ([`crate::ascii_bits::fill_masks`]),
/// kept between lines (and a segment's lines) to reuse the buffers.
#[derive(Default)]
pub(crate) struct AsciiClassMasks {
    letters_and_digits: Vec<u64>,
    any: Vec<u64>,
}

impl AsciiClassMasks {
    /// [`line_may_repeat`] for an ASCII line, with the same tokens.
    fn ascii_line_may_repeat(&mut self, line: &[u8]) -> bool {
        let mut tokens = RecentTokens::new();
        let mut may_repeat = false;
        for_each_ascii_token(line, self, |start, end, class| {
            let hash = crate::ascii_bits::token_hash(line, start, end, class);
            may_repeat = tokens.push(start, end, hash);
            may_repeat
        });
        may_repeat
    }
}

/// Calls `f(start, end, class)` for each token of ASCII `text` in order
/// (classes as in [`ASCII_CLASS`]: 1 letters and digits, 4 `_`, 5 `'`)
/// until it returns true. A token of letters and digits ends where their
/// bits do, found eight bytes at a time.
#[inline(always)]
pub(crate) fn for_each_ascii_token(
    text: &[u8],
    masks: &mut AsciiClassMasks,
    mut f: impl FnMut(usize, usize, u8) -> bool,
) {
    use crate::ascii_bits::{fill_masks, next_bit};
    fill_masks(text, b"_'", &mut masks.letters_and_digits, &mut masks.any);
    let mut pos = 0;
    while let Some(start) = next_bit(&masks.any, pos, true) {
        let class = ASCII_CLASS[text[start] as usize];
        let end = if class == 1 {
            next_bit(&masks.letters_and_digits, start, false)
        } else {
            // A run of `_` or of `'`: rare.
            text[start..]
                .iter()
                .position(|&b| b != text[start])
                .map(|n| start + n)
        }
        .unwrap_or(text.len());
        if f(start, end, class) {
            return;
        }
        pos = end;
    }
}

/// [`lines_that_may_repeat`] for ASCII text whose tokens another walk
/// ([`for_each_ascii_token`] over the whole text) feeds in, in order: the
/// lines it takes are the same.
pub(crate) struct LineFilter<'t> {
    text: &'t [u8],
    /// The line of the last token, without its `\n`.
    line: Range<usize>,
    tokens: RecentTokens,
    taken: bool,
    lines: Vec<Range<usize>>,
}

impl<'t> LineFilter<'t> {
    pub(crate) fn new(text: &'t [u8]) -> Self {
        let end = memchr::memchr(b'\n', text).unwrap_or(text.len());
        LineFilter {
            text,
            line: 0..end,
            tokens: RecentTokens::new(),
            taken: false,
            lines: Vec::new(),
        }
    }

    /// Adds the token at `start..end` of class `class` whose hash
    /// ([`crate::ascii_bits::token_hash`]) is `hash`.
    #[inline(always)]
    pub(crate) fn push(&mut self, start: usize, end: usize, hash: u32) {
        if start > self.line.end {
            self.next_line(start);
        }
        if !self.taken {
            self.taken = self.tokens.push(start, end, hash);
        }
    }

    #[cold]
    fn next_line(&mut self, at: usize) {
        if self.taken {
            self.lines.push(self.line.clone());
        }
        let start = memchr::memrchr(b'\n', &self.text[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &self.text[at..]).map_or(self.text.len(), |i| at + i);
        self.line = start..end;
        self.tokens = RecentTokens::new();
        self.taken = false;
    }

    /// A line after the last token's, decided elsewhere (by
    /// [`line_may_repeat`]); later tokens are on later lines.
    pub(crate) fn decided(&mut self, line: Range<usize>, may_repeat: bool) {
        if self.taken {
            self.lines.push(self.line.clone());
        }
        self.line = line;
        self.tokens = RecentTokens::new();
        self.taken = may_repeat;
    }

    /// The lines taken.
    pub(crate) fn finish(mut self) -> Vec<Range<usize>> {
        if self.taken {
            self.lines.push(self.line.clone());
        }
        self.lines
    }
}

/// A seeded xorshift generator, for the tests that compare the quick test
/// with the rules' and the matcher's own walks on generated texts.
#[cfg(test)]
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector lanes pass exactly where the plain ones do, on digests
    /// drawn from few values (so that runs of every length occur) with
    /// lines of every length.
    #[test]
    fn lanes_pass_where_the_portable_lanes_pass() {
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let (mut fast, mut plain) = (Lanes::new(), PortableLanes::new());
        let mut passes = 0;
        for _ in 0..200_000 {
            let r = next();
            if r.is_multiple_of(40) {
                (fast, plain) = (Lanes::new(), PortableLanes::new());
                continue;
            }
            // Few distinct digests, always with the high bit, as tokens give.
            let digest = ((r >> 8) % 3) as u8 | 0x80;
            let passed = plain.push(digest);
            assert_eq!(fast.push(digest), passed);
            if passed {
                passes += 1;
                (fast, plain) = (Lanes::new(), PortableLanes::new());
            }
        }
        assert!(passes > 1000, "{passes}");
    }
}
