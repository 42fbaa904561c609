//! Garbled-sentence rules: `garble/untranslated`, `garble/mojibake`,
//! `garble/repeated-word` and `garble/tense-year`.

use super::text::{ASCII_WORD, is_cjk, is_mostly_spaced_script, is_word_char, positions};
use super::{Check, Context, Finding, Rule, Script, SegmentFinder, text_finder};
use crate::diagnostic::Severity;
use std::ops::Range;

pub const UNTRANSLATED: Rule = Rule {
    id: "garble/untranslated",
    severity: Severity::Warning,
    summary: "source-language script (Han, kana, Hangul) left in an English sentence",
    fixable: false,
    check: Some(Check::Segment(untranslated_finder)),
    reads_terms: false,
    script: Script::Spaced,
    excused_by_source: false,
    on_by_default: true,
    precision: "no findings on the real-data corpus; it never runs on Chinese, Japanese or Korean text. See docs/precision.md.",
    explain: "\
Reports a run of Chinese, Japanese or Korean characters inside text that is
otherwise in a Latin-script target language:

    the 十四五 plan targets growth      <- garble/untranslated

Text that is CJK as a whole is not reported, nor a CJK gloss in brackets
right after its English rendering (`Maritime Silk Road (海上丝绸之路)`). The
rule runs only on text in a spaced script: by the target language
(`--target-lang`, the config, the file's header), else by the script of
each segment.",
};

pub const MOJIBAKE: Rule = Rule {
    id: "garble/mojibake",
    severity: Severity::Error,
    summary: "UTF-8 decoded as Latin-1/CP1252 (`â€™`, `Ã©`), U+FFFD, control characters",
    fixable: true,
    check: Some(Check::Segment(|_| text_finder(mojibake))),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (1 of 1) in real zh catalogues. See docs/precision.md.",
    explain: "\
Reports text garbled by a wrong decoding: UTF-8 read as Latin-1 or
Windows-1252 (`itâ€™s` for `it’s`, `cafÃ©` for `café`), the replacement
character U+FFFD, and stray control characters. Where the garbled run decodes
back to valid UTF-8, the repaired text is offered as the fix.",
};

pub const REPEATED_WORD: Rule = Rule {
    id: "garble/repeated-word",
    severity: Severity::Warning,
    summary: "a word repeated by mistake (`the the`)",
    fixable: false,
    check: Some(Check::Segment(|cx| {
        // Languages whose grammar doubles words (Sesotho and Setswana
        // `ba ba`, `le le`; Wolof; Vietnamese `luôn luôn`) are not checked.
        const DOUBLING: &[&str] = &["st", "tn", "nso", "wo", "vi"];
        if let Some(tag) = cx.options.target_lang.as_deref()
            && DOUBLING
                .iter()
                .any(|lang| crate::language::same_language(tag, lang))
        {
            return None;
        }
        // The matcher's walk over a segment's words may have run the
        // quick test already.
        Some(Box::new(|index, target, source| {
            let found = match cx.may_repeat.get(index).and_then(Option::as_deref) {
                Some(lines) => repetitions_on_lines(target.text, lines),
                None => repetitions(target.text),
            };
            // Repeats that mirror the source's, run for run, are the
            // source's (`HAH HAH! HEH HEH HEH!` -> `ХАХ ХАХ! ХЕ ХЕ ХЕ!`).
            if !found.is_empty() && source.is_some_and(|s| runs(s) == runs(target.text)) {
                return Vec::new();
            }
            found
        }))
    })),
    reads_terms: false,
    script: Script::Spaced,
    excused_by_source: true,
    on_by_default: true,
    precision: "no findings on the real-data corpus (53,000 Tatoeba zh-en pairs, catalogues, READMEs) once `gave her her`, `as tired as tired can be` and a stranded preposition (`Who will you vote for for president?`) were left alone; repeats across a line break and capitalised doubles (names) are not reported. See docs/precision.md.",
    explain: "\
Reports a word immediately repeated, in any case, a phrase of two to four
words repeated back to back, and one word listed three or more times:

    the the total                       <- garble/repeated-word
    the port of the port of Quanzhou    <- garble/repeated-word
    exports, exports, exports           <- garble/repeated-word

Legitimate doubles are left alone: `had had`, `that that`, `is is`, `bye bye`,
`gave her her book`, `as tired as tired can be`, a preposition left at
the end of a question or relative clause before its own phrase (`Who will
you vote for for president?`, `the house which I lived in in 1990`),
French `vous vous`, words joined to another (`plug-in in`, `Cancel·la la`),
`so so`, names made of one word twice and capitalised both times (`Li Li`,
`Bora Bora`, `Walla Walla`; a word in capitals throughout is no name),
numbers, and a word that ends one line and starts the next (one sentence
per line). In a bilingual unit, repeats that the source has, or that
mirror the source's run for run (`HAH HAH! HEH HEH HEH!` -> `ХАХ ХАХ! ХЕ ХЕ
ХЕ!`), are not the translator's. Targets declared in a language
whose grammar doubles words (Sesotho and Setswana `ba ba`, `le le`; Wolof;
Vietnamese `luôn luôn`) are not checked. The suggestion removes the
repetition; `--fix` leaves it to a person, since a doubled word is sometimes
meant.",
};

pub const TENSE_YEAR: Rule = Rule {
    id: "garble/tense-year",
    severity: Severity::Warning,
    summary: "a sentence that names a past year but speaks in the future tense",
    fixable: false,
    check: Some(Check::Segment(tense_year_finder)),
    reads_terms: false,
    script: Script::English,
    excused_by_source: false,
    on_by_default: false,
    precision: "2 of 2 on the corpus's machine-translated news, but 16% to 21% in earlier hand-judged samples of news references and MT output: opt-in. See docs/precision.md.",
    explain: "\
Reports a sentence that sets itself in a past year (`In 2020`, `in 2019`,
`during 2018`) and uses the future (`will`), which machine translation
produces from Chinese sentences without tense:

    In 2020, the total export volume of Quanzhou will only grow by 3.4%.

\"Past\" is relative to `--as-of YYYY[-MM-DD]` (default: today). The rule is
conservative: it stays silent when the sentence also names a current or
future year, reports speech (`said`, `expected`, `forecast`), or uses `by
2020`, `until 2020`.",
};

fn untranslated_finder<'c>(_: &'c Context<'c>) -> Option<SegmentFinder<'c>> {
    // In a bilingual unit, Chinese, Japanese or Korean text in the target
    // is untranslated source only if the source has such text: a source
    // without any is being translated into that script (`%s through
    // import_export` -> `%s 通过 django-import-export导入`).
    Some(Box::new(|_, target, source| match source {
        Some(source) if !source.chars().any(is_cjk) => Vec::new(),
        _ => untranslated(target.text),
    }))
}

fn tense_year_finder<'c>(cx: &'c Context<'c>) -> Option<SegmentFinder<'c>> {
    let year = cx.options.as_of_year;
    Some(Box::new(move |_, text, _| tense_year(text.text, year)))
}

/// `garble/untranslated`
/// Runs only on text in a spaced script (by its language, else its
/// letters), so Chinese in Chinese is never reported.
pub fn untranslated(text: &str) -> Vec<Finding> {
    // CJK characters start at U+1100, encoded from byte 0xE1 on.
    let may_hold_cjk = crate::ascii_bits::has_byte_at_least(text.as_bytes(), 0xE1);
    if !may_hold_cjk || !is_mostly_spaced_script(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: Option<(usize, usize)>, out: &mut Vec<Finding>| {
        let Some((start, end)) = run else { return };
        // A trailing full-width mark is punct/fullwidth's, not part of the run.
        let end = start
            + text[start..end]
                .trim_end_matches(|c: char| !is_cjk(c))
                .len();
        let before = text[..start].trim_end_matches(' ');
        let after = text[end..].trim_start_matches(' ');
        let glossed = (before.ends_with('(') && after.starts_with(')'))
            || (before.ends_with('[') && after.starts_with(']'))
            || (before.ends_with('（') && after.starts_with('）'));
        if !glossed {
            out.push(Finding::new(
                start..end,
                format!("untranslated text `{}`", &text[start..end]),
                "not in the target language".into(),
            ));
        }
    };
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        // Full-width punctuation and CJK symbols continue a CJK run.
        let continues = run.is_some() && matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF);
        if is_cjk(c) || continues {
            run = Some((run.map_or(i, |(s, _)| s), end));
        } else if run.is_some() {
            flush(run.take(), &mut out);
        }
    }
    flush(run, &mut out);
    out
}

/// CP1252's characters for bytes 0x80..=0x9F (None where undefined).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The byte a character stands for when UTF-8 was decoded as CP1252 or
/// Latin-1.
fn as_single_byte(c: char) -> Option<u8> {
    let code = c as u32;
    // Only bytes from 0x80 up are wanted: ASCII is passed before the
    // search of the table below.
    if code < 0x80 {
        return None;
    }
    if (0xA0..=0xFF).contains(&code) || (0x80..=0x9F).contains(&code) {
        return Some(code as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&m| m == Some(c))
        .map(|i| 0x80 + i as u8)
}

/// `garble/mojibake`
pub fn mojibake(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    // Written without short circuits, so that the byte loops below are
    // vectorised.
    let stray_control =
        |b: u8| ((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t')) | (b == 0x7f);
    // Candidates: a stray control byte; 0xEF, which starts U+FFFD; and
    // 0xC3, which starts every character that stands for a UTF-8 lead byte
    // read as Latin-1 (U+00C2..U+00F4).
    let bytes = text.as_bytes();
    // Clean ASCII prose, the common case, is decided at memory speed: one
    // vectorised test for a control byte or a byte of 0x80 or above.
    let suspect = |b: u8| stray_control(b) | (b >= 0x80);
    if !bytes
        .chunks(32)
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | suspect(b)))
    {
        return out;
    }
    let has_control = bytes
        .chunks(32)
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | stray_control(b)));
    if !has_control && text.is_ascii() {
        return out;
    }
    let mut candidates: Vec<usize> = memchr::memchr2_iter(0xC3, 0xEF, bytes).collect();
    if has_control {
        candidates.extend(positions(bytes, stray_control));
        candidates.sort_unstable();
    }
    let mut resume = 0;
    for i in candidates {
        if i < resume {
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            continue;
        };
        if c == '\u{FFFD}' {
            out.push(Finding::new(
                i..i + c.len_utf8(),
                "replacement character U+FFFD: text was lost in a wrong decoding".into(),
                "garbled".into(),
            ));
        } else if c.is_ascii_control() {
            out.push(Finding::new(
                i..i + 1,
                format!("control character U+{:04X}", c as u32),
                "invisible control character".into(),
            ));
        } else if let Some(lead @ 0xC2..=0xF4) = as_single_byte(c) {
            let need = match lead {
                0xC2..=0xDF => 1,
                0xE0..=0xEF => 2,
                _ => 3,
            };
            // The bytes the characters stood for (an accented letter in
            // ordinary text is one of these leads, followed by none).
            let mut bytes = [lead, 0, 0, 0];
            let mut len = 1;
            let mut end = i + c.len_utf8();
            for next in text[end..].chars().take(need) {
                match as_single_byte(next) {
                    Some(b @ 0x80..=0xBF) => bytes[len] = b,
                    _ => break,
                }
                len += 1;
                end += next.len_utf8();
            }
            if len == need + 1
                && let Ok(repaired) = std::str::from_utf8(&bytes[..len])
            {
                out.push(
                    Finding::new(
                        i..end,
                        format!(
                            "mojibake `{}`: UTF-8 decoded as Latin-1/CP1252",
                            &text[i..end]
                        ),
                        format!("probably `{repaired}`"),
                    )
                    .replace(repaired),
                );
                resume = end;
            }
        }
    }
    out
}

const LEGITIMATE_DOUBLES: &[&str] = &[
    // French reflexives: `vous vous`, `nous nous`.
    "vous", "nous", "had", "that", "is", "bye", "so", "very", "ha", "no", "yeah", "tut", "knock",
    "chop", "pom", "bora", "walla", "baden", "sing", "dum", "mahi", "ylang", "yo", "go", "well",
    "now", "there", "boo", "hush", "cha", "aye", "can", "do", "blah", "ding", "tom", "pee", "choo",
    "win", "never", "again", "more", "far", "round", "over", "on", "out",
    // `I gave her her dictionary back.`
    "her",
];

/// `garble/repeated-word`
pub fn repeated_word(text: &str) -> Vec<Finding> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut out = Vec::new();
    // The previous word, if only whitespace has followed it.
    let mut prev: Option<(usize, usize)> = None;
    let mut i = 0;
    // One tight pass over the bytes: this rule sees every byte of the text,
    // so ASCII is decided by table and only other characters are decoded.
    while i < n {
        let b = bytes[i];
        let starts_word = if b < 0x80 {
            ASCII_WORD[b as usize]
        } else {
            word_byte_len(text, i).is_some()
        };
        if !starts_word {
            if b < 0x80 {
                if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                    // Only whitespace may separate a repetition.
                    prev = None;
                }
                i += 1;
            } else {
                prev = None;
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
            continue;
        }
        let start = i;
        i += 1;
        while i < n {
            let c = bytes[i];
            if c < 0x80 {
                if ASCII_WORD[c as usize]
                    || (c == b'\'' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
                {
                    i += 1;
                    continue;
                }
                break;
            }
            if (0x80..0xC0).contains(&c) {
                i += 1; // the rest of a character already taken
                continue;
            }
            match word_byte_len(text, i) {
                Some(len) => i += len,
                None => break,
            }
        }
        // Part of a compound (`plug-in`, `in-house`, Catalan `Cancel·la`):
        // not a word of its own to repeat or be repeated.
        let joined_before = start > 0 && (bytes[start - 1] == b'-' || text[..start].ends_with('·'));
        let joined_after = (bytes.get(i) == Some(&b'-') || text[i..].starts_with('·'))
            && text[i..].chars().nth(1).is_some_and(char::is_alphanumeric);
        if joined_before || joined_after {
            prev = None;
            continue;
        }
        if let Some((ps, pe)) = prev
            && pe - ps == i - start
            && is_repetition(&text[ps..pe], &text[start..i], &text[pe..start])
            && !is_stranded_preposition(text, ps..pe, i)
        {
            out.push(
                Finding::new(
                    pe..i,
                    format!("repeated word `{}`", &text[start..i]),
                    "repeated here".into(),
                )
                .replace(""),
            );
            // `the the the` is one repetition, reported once.
            prev = None;
            continue;
        }
        prev = Some((start, i));
    }
    out
}

/// Whether the character at byte `i` continues a word (letters, digits,
/// `_`, and an apostrophe between letters as in `it's`).
fn word_byte_len(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        if ASCII_WORD[b as usize] {
            return Some(1);
        }
        let bytes = text.as_bytes();
        let inner_apostrophe = b == b'\''
            && i > 0
            && bytes[i - 1].is_ascii_alphabetic()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
        return inner_apostrophe.then_some(1);
    }
    let c = text[i..].chars().next()?;
    is_word_char(c).then(|| c.len_utf8())
}

/// How many times each repeated word is said in a row, in order: `HAH
/// HAH! HEH HEH HEH!` is `[2, 3]`. Words of one character are not counted.
fn runs(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut words = text
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty());
    let Some(mut previous) = words.next() else {
        return out;
    };
    let mut run = 1;
    for word in words {
        if word.chars().nth(1).is_some() && word.to_lowercase() == previous.to_lowercase() {
            run += 1;
            continue;
        }
        if run > 1 {
            out.push(run);
        }
        (previous, run) = (word, 1);
    }
    if run > 1 {
        out.push(run);
    }
    out
}

/// Prepositions that a question or relative clause leaves at its end,
/// right before another phrase with the same preposition.
const STRANDABLE_PREPOSITIONS: &[&str] = &[
    "for", "to", "in", "with", "about", "at", "from", "of", "by", "into",
];

/// Whether a doubled preposition (`first`, then the same word ending at
/// `second_end`) is a stranded one followed by its own phrase: `Who will
/// you vote for for president?`, `What are you looking for for
/// Christmas?`. The sentence must ask or relate (a wh-word before the
/// pair, or a question mark after it); a garble (`applied for for a
/// visa`) has neither.
fn is_stranded_preposition(text: &str, first: Range<usize>, second_end: usize) -> bool {
    let word = &text[first.clone()];
    if !STRANDABLE_PREPOSITIONS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(word))
    {
        return false;
    }
    let first = first.start;
    let sentence_end = |c: char| matches!(c, '.' | '!' | '?' | '\n' | '。' | '？' | '！');
    // The end of the sentence before: `？` and `。` are three bytes.
    let sentence_start = text[..first]
        .char_indices()
        .rev()
        .find(|&(_, c)| sentence_end(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let before = &text[sentence_start..first];
    let after = &text[second_end..];
    let asks = after
        .find(sentence_end)
        .is_some_and(|i| after[i..].starts_with(['?', '？']));
    let relates = before.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        [
            "who",
            "whom",
            "what",
            "which",
            "where",
            "whoever",
            "whatever",
            "whichever",
        ]
        .iter()
        .any(|q| q.eq_ignore_ascii_case(w))
    });
    asks || relates
}

fn is_repetition(previous: &str, word: &str, gap: &str) -> bool {
    // A name's shape: an initial capital and lower case after it. A word
    // in capitals throughout (`ХАХ ХАХ`, `THE THE`) is shouted, not named.
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && (w.chars().nth(1).is_none() || w.chars().any(char::is_lowercase))
    };
    previous.len() == word.len()
        && previous.eq_ignore_ascii_case(word)
        // Across a line break the two words may be two sentences of a
        // file with one sentence per line (subtitles, MT output).
        && !gap.contains('\n')
        // `Li Li`, `Bora Bora`, `Walla Walla`: names made of one syllable or
        // word twice are capitalised both times; `The the` is not.
        && (!capitalised(previous) || !capitalised(word))
        && !word.chars().any(|c| c.is_ascii_digit())
        && !LEGITIMATE_DOUBLES.contains(&word.to_lowercase().as_str())
}

/// `garble/repeated-word`: repeated words, then repeated phrases and
/// lists, as [`repeated_word`] and [`repeated_phrase`] find them in the whole
/// text, but read only on the lines that may hold one.
///
/// Both look at every word of the text, and almost no line has a
/// repetition: one quick pass ([`crate::repeats::lines_that_may_repeat`]) finds the lines
/// worth reading, so the rule costs little more than reading the bytes once.
pub fn repetitions(text: &str) -> Vec<Finding> {
    repetitions_on_lines(text, &crate::repeats::lines_that_may_repeat(text))
}

/// [`repetitions`] on the lines of `text` that the quick test took, when
/// another walk over the text (the matcher's) has run it already.
pub fn repetitions_on_lines(text: &str, lines: &[std::ops::Range<usize>]) -> Vec<Finding> {
    let mut words = Vec::new();
    let mut phrases = Vec::new();
    for line in lines.iter().cloned() {
        let shift = |mut f: Finding| {
            f.range = f.range.start + line.start..f.range.end + line.start;
            f
        };
        words.extend(repeated_word(&text[line.clone()]).into_iter().map(shift));
        phrases.extend(repeated_phrase(&text[line.clone()]).into_iter().map(shift));
    }
    words.extend(phrases);
    words
}

/// Machine translation also repeats whole phrases (`the port of the port
/// of`) and lists one word three times (`exports, exports, exports`): the
/// second occurrence of a phrase of two to four words repeated back to back,
/// within one line, or the third and later items of such a list.
pub fn repeated_phrase(text: &str) -> Vec<Finding> {
    // Words with their byte ranges; anything but spaces between two words
    // is kept as the separator.
    let words: Vec<std::ops::Range<usize>> =
        super::text::runs(text, |c| c.is_alphanumeric() || c == '\'').collect();
    if words.len() < 3 {
        return Vec::new();
    }
    // Without allocating: ASCII case is folded, other letters must match.
    let same = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
        a.len() == b.len() && text[a.clone()].eq_ignore_ascii_case(&text[b.clone()])
    };
    let gap = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| &text[a.end..b.start];
    let spaced = |g: &str| !g.is_empty() && g.chars().all(|c| c == ' ');
    // A cheap signature of each word (length, first and last byte, ASCII
    // case folded): equal words have equal signatures, so a word whose
    // signature differs from the next four words' can start no repetition,
    // and most words are passed over without comparing any text.
    let signature = |w: &std::ops::Range<usize>| {
        let bytes = &text.as_bytes()[w.clone()];
        let first = bytes.first().map_or(0, u8::to_ascii_lowercase);
        let last = bytes.last().map_or(0, u8::to_ascii_lowercase);
        (w.len() as u32 & 0xFFFF) | (u32::from(first) << 16) | (u32::from(last) << 24)
    };
    let signatures: Vec<u32> = words.iter().map(signature).collect();
    let may_repeat =
        |i: usize| (1..=4).any(|d| signatures.get(i + d).is_some_and(|&s| s == signatures[i]));
    let mut out = Vec::new();
    let mut covered = 0;
    let mut i = 0;
    while i < words.len() {
        if words[i].start < covered || !may_repeat(i) {
            i += 1;
            continue;
        }
        // A phrase of n words, then the same n words.
        // Numbers repeat in tables and dumps (`be 00 00 00 00`), not as
        // garbles: a phrase with a digit is no repetition.
        let phrase = (2..=4).rev().find(|&n| {
            i + 2 * n <= words.len()
                && (0..n).all(|k| same(&words[i + k], &words[i + n + k]))
                && (i..i + 2 * n - 1).all(|k| spaced(gap(&words[k], &words[k + 1])))
                && !text[words[i].start..words[i + n - 1].end]
                    .bytes()
                    .any(|b| b.is_ascii_digit())
                // `as tired as tired can be`: a comparison, not a repeat.
                && !text[words[i].clone()].eq_ignore_ascii_case("as")
        });
        if let Some(n) = phrase {
            let (first, second) = (&words[i], &words[i + 2 * n - 1]);
            let repeat = words[i + n - 1].end..second.end;
            out.push(
                Finding::new(
                    repeat.clone(),
                    format!(
                        "repeated phrase `{}`",
                        &text[first.start..words[i + n - 1].end]
                    ),
                    "repeated here".into(),
                )
                .replace(""),
            );
            covered = repeat.end;
            i += 2 * n;
            continue;
        }
        // One word three or more times as a list: `a, a, a`.
        let mut count = 1;
        while i + count < words.len()
            && same(&words[i], &words[i + count])
            && matches!(
                gap(&words[i + count - 1], &words[i + count]),
                ", " | "、" | "," | ",  "
            )
        {
            count += 1;
        }
        if count >= 3 && !text[words[i].clone()].chars().any(|c| c.is_ascii_digit()) {
            let span = words[i].end..words[i + count - 1].end;
            out.push(Finding::new(
                span.clone(),
                format!("`{}` listed {count} times", &text[words[i].clone()]),
                "repeated here".into(),
            ));
            covered = span.end;
            i += count;
            continue;
        }
        i += 1;
    }
    out
}

/// `garble/tense-year`
pub fn tense_year(text: &str, as_of_year: i32) -> Vec<Finding> {
    let mut out = Vec::new();
    // Most paragraphs have no future tense at all: skip them cheaply.
    let bytes = text.as_bytes();
    // Searchers built once: building one per paragraph costs more than
    // the search.
    static WILL: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"ill"));
    static SHALL: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"hall"));
    let has_future = WILL
        .find_iter(bytes)
        .chain(SHALL.find_iter(bytes))
        .any(|i| i > 0 && matches!(bytes[i - 1], b'w' | b'W' | b's' | b'S'));
    // A year is four digits; without one there is nothing to compare.
    if !has_future || !bytes.windows(4).any(|w| w.iter().all(u8::is_ascii_digit)) {
        return out;
    }
    for (start, sentence) in sentences(text) {
        let words: Vec<(usize, &str)> = words(sentence);
        let lower: Vec<String> = words.iter().map(|(_, w)| w.to_lowercase()).collect();
        let years: Vec<(usize, i32)> = words
            .iter()
            .enumerate()
            .filter_map(|(n, (_, w))| {
                (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
                    .then(|| w.parse::<i32>().ok())
                    .flatten()
                    .filter(|y| (1900..=2100).contains(y))
                    .map(|y| (n, y))
            })
            .collect();
        if years.is_empty() || years.iter().any(|&(_, y)| y >= as_of_year) {
            continue;
        }
        let past_frame = years.iter().find(|&&(n, _)| {
            n > 0 && matches!(lower[n - 1].as_str(), "in" | "during" | "throughout")
        });
        let Some(&(year_word, _)) = past_frame else {
            continue;
        };
        let reported = lower.iter().any(|w| {
            matches!(
                w.as_str(),
                "said"
                    | "says"
                    | "expected"
                    | "expects"
                    | "forecast"
                    | "forecasts"
                    | "predicted"
                    | "predicts"
                    | "projected"
                    | "planned"
                    | "plans"
                    | "hoped"
                    | "believed"
                    | "announced"
                    | "pledged"
                    | "promised"
                    | "estimated"
                    | "if"
                    | "would"
                    | "when"
            )
        });
        if reported {
            continue;
        }
        if let Some(will) = lower.iter().position(|w| w == "will" || w == "shall") {
            let (year_pos, _) = words[year_word];
            let (will_pos, will_word) = words[will];
            out.push(Finding::new(
                start + will_pos..start + will_pos + will_word.len(),
                format!(
                    "future tense in a sentence about {}, which is past",
                    &sentence[year_pos..year_pos + 4]
                ),
                "use the past tense".into(),
            ));
        }
    }
    out
}

/// Sentences with their byte offsets: split after `.`, `?`, `!` followed by
/// whitespace, and at paragraph text ends.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'?' | b'!')
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
            && !(b == b'.' && super::text::is_abbreviation_before(text, i))
        {
            out.push((start, &text[start..=i]));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

fn words(sentence: &str) -> Vec<(usize, &str)> {
    super::text::runs(sentence, char::is_alphanumeric)
        .map(|r| (r.start, &sentence[r]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line filter changes nothing: on random text made of the pieces
    /// repetitions are made of, the findings equal both rules' findings on
    /// the whole text.
    #[test]
    fn reading_only_some_lines_finds_the_same() {
        const PIECES: &[&str] = &[
            "the",
            "The",
            "THE",
            "port",
            "of",
            "a",
            "don't",
            "'tis",
            "it's",
            "a_b",
            "_",
            "café",
            "cafe\u{301}",
            "海丝",
            "的",
            "Li",
            "had",
            "rock'n'roll",
            "x1",
            "2020",
            "plug-in",
            "in",
            "Cancel·la",
            "la",
            "vous",
            "ХАХ",
            " ",
            " ",
            " ",
            "  ",
            ", ",
            ",",
            "、",
            "\n",
            "\r\n",
            ". ",
            "-",
            "·",
            "'",
            "(",
            ")",
            "\u{a0}",
        ];
        let mut next = crate::repeats::xorshift(0x2545_f491_4f6c_dd1du64);
        let (mut with_findings, mut ascii_with_findings) = (0, 0);
        for _ in 0..20_000 {
            let len = 1 + (next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| {
                    // Repeat the last pieces now and then, as garbles do.
                    PIECES[(next() % PIECES.len() as u64) as usize]
                })
                .collect::<Vec<_>>()
                .join(if next().is_multiple_of(3) { "" } else { " " });
            let text = if next().is_multiple_of(4) {
                let cut = text.len() / 2;
                let cut = (cut..=text.len())
                    .find(|&c| text.is_char_boundary(c))
                    .unwrap();
                format!("{}{}", &text[..cut], &text[..cut])
            } else {
                text
            };
            let mut expected = repeated_word(&text);
            expected.extend(repeated_phrase(&text));
            let got = repetitions(&text);
            let show = |v: &[Finding]| {
                v.iter()
                    .map(|f| (f.range.clone(), f.message.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(show(&got), show(&expected), "{text:?}");
            with_findings += usize::from(!expected.is_empty());
            ascii_with_findings += usize::from(!expected.is_empty() && text.is_ascii());
        }
        assert!(with_findings > 1_000, "{with_findings}");
        // ASCII lines take their own path.
        assert!(ascii_with_findings > 100, "{ascii_with_findings}");
    }

    /// The quick pass leaves ordinary lines alone, in either path.
    #[test]
    fn ordinary_lines_are_not_read() {
        let text = "The port of Quanzhou grew, and the port's trade with the world grew too.\n\
                    Le port de Quanzhou a grandi, et le commerce du port avec le monde aussi.\n\
                    the the\n\
                    exports, exports, exports";
        assert_eq!(
            crate::repeats::lines_that_may_repeat(text)
                .into_iter()
                .map(|r| &text[r])
                .collect::<Vec<_>>(),
            ["the the", "exports, exports, exports"]
        );
    }

    fn flagged(found: Vec<Finding>, text: &str) -> Vec<String> {
        found
            .into_iter()
            .map(|f| text[f.range].to_owned())
            .collect()
    }

    #[test]
    fn untranslated_runs_in_english() {
        let text = "the 十四五 plan and 海丝。 route";
        assert_eq!(flagged(untranslated(text), text), vec!["十四五", "海丝"]);
        for ok in [
            "推进海丝核心区建设，泉州成效显著。",
            "the Maritime Silk Road (海上丝绸之路) route",
            "the Maritime Silk Road（海上丝绸之路）route",
        ] {
            assert!(untranslated(ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn mojibake_is_repaired() {
        let text = "itâ€™s a cafÃ© with â€œquotesâ€\u{9d} and \u{FFFD} and \u{7}";
        let found = mojibake(text);
        let pieces = flagged(mojibake(text), text);
        assert_eq!(
            pieces,
            vec!["â€™", "Ã©", "â€œ", "â€\u{9d}", "\u{FFFD}", "\u{7}"]
        );
        assert_eq!(found[0].replacement.as_deref(), Some("’"));
        assert_eq!(found[1].replacement.as_deref(), Some("é"));
        assert_eq!(found[2].replacement.as_deref(), Some("“"));
        assert_eq!(found[3].replacement.as_deref(), Some("”"));
        for ok in [
            "café, naïve, Zürich, São Paulo, Ærø, “quotes” and it’s — fine…",
            "£5 ©2020 ±3 °C",
        ] {
            assert!(
                mojibake(ok).is_empty(),
                "{ok}: {:?}",
                flagged(mojibake(ok), ok)
            );
        }
    }

    #[test]
    fn repeated_phrases() {
        let text = "trade with the port of the port of Quanzhou and exports, exports, exports grew";
        assert_eq!(
            flagged(repeated_phrase(text), text),
            vec![" the port of", ", exports, exports"]
        );
        for ok in [
            "He said it was very, very good, and so so on.",
            "Walla Walla and Bora Bora are places.",
            "one by one, step by step, day by day",
            "the 1, 1, 1 sequence",
            "They met again.\nThey met again.",
            // Real (Tatoeba): a comparison.
            "I'm as tired as tired can be.",
        ] {
            assert!(
                repeated_phrase(ok).is_empty(),
                "{ok}: {:?}",
                flagged(repeated_phrase(ok), ok)
            );
        }
    }

    #[test]
    fn repeated_words() {
        let text = "the the total and\nand The the end";
        assert_eq!(flagged(repeated_word(text), text), vec![" the", " the"]);
        // A doubled preposition outside a question or relative clause.
        let text = "He applied for for a visa. Who knows? The port of of Quanzhou.";
        assert_eq!(flagged(repeated_word(text), text), vec![" for", " of"]);
        // Capitals throughout are no name's shape (Weblate's own test case).
        let text = "ХАХ ХАХ! THE THE END. Li Li, Bora Bora.";
        assert_eq!(flagged(repeated_word(text), text), vec![" ХАХ", " THE"]);
        assert_eq!(
            super::super::apply_findings("so the the end", &repeated_word("so the the end")),
            "so the end"
        );
        for ok in [
            "He had had enough; that that is true is clear.",
            "What it is is a choice. Bye bye, Bora Bora and Walla Walla.",
            "It grew 10 10 times? No: the end. The end, the end.",
            "the\n\nthe paragraphs",
            // One sentence per line: the end of one, the start of the next.
            "They met in the hall\nHall 3 was full.",
            "The singer Li Li and the town of Baden Baden.",
            // Real (Tatoeba): grammar, not a garble.
            "I gave her her dictionary back.",
            "Who will you vote for for president?",
            // Stranded prepositions in questions and relative clauses.
            "What are you looking for for Christmas?",
            "This is the house which I lived in in 1990.",
            // After a full-width question mark (a bilingual line as text).
            "你选谁当总统？\tWho will you vote for for president?",
        ] {
            assert!(
                repeated_word(ok).is_empty(),
                "{ok}: {:?}",
                flagged(repeated_word(ok), ok)
            );
        }
    }

    #[test]
    fn repetition_runs() {
        assert_eq!(runs("HAH HAH! HEH HEH HEH!"), vec![2, 3]);
        assert_eq!(runs("ХАХ ХАХ! ХЕ ХЕ ХЕ!"), vec![2, 3]);
        assert_eq!(runs("ХАХ ХАХ! ХЕ ХЕ!"), vec![2, 2]);
        assert_eq!(runs("a a b, the The"), vec![2]);
        assert!(runs("").is_empty());
    }

    #[test]
    fn tense_year_is_conservative() {
        let text = "In 2020, the total export volume of Quanzhou will only grow by 3.4%.";
        assert_eq!(flagged(tense_year(text, 2026), text), vec!["will"]);
        let seed = "in 2020, Quanzhou's trade dividends with the \"Belt and Road\" will continue to be released.";
        assert_eq!(flagged(tense_year(seed, 2026), seed), vec!["will"]);
        for ok in [
            "In 2030, exports will double.",
            "In 2020, exports grew by 3.4%.",
            "In 2019, he said exports will grow.",
            "By 2020, the plan will have ended.",
            "In 2020 the plan began, and in 2027 it will end.",
            "The 2020 report will be published.",
        ] {
            assert!(tense_year(ok, 2026).is_empty(), "{ok}");
        }
        assert!(tense_year(text, 2020).is_empty());
    }
}
