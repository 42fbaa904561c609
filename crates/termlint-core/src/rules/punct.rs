//! Punctuation rules for English text: `punct/doubled`, `punct/spacing`,
//! `punct/unbalanced` and `punct/fullwidth`.

use super::text::{
    Text, char_at, char_before, in_ranges, is_abbreviation_before, is_cjk, technical_ranges,
    word_before,
};
use super::{Check, Finding, Rule, Script, shared_text_finder, text_finder};
use crate::diagnostic::Severity;

pub const DOUBLED: Rule = Rule {
    id: "punct/doubled",
    severity: Severity::Warning,
    summary: "repeated or stacked sentence punctuation (`. .`, `,,`, `.,`, `, .`)",
    fixable: true,
    check: Some(Check::Segment(|_| shared_text_finder(doubled_in))),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: true,
    on_by_default: true,
    precision: "100% (1 of 1) on real machine-translated news; no findings on real English READMEs once reStructuredText `..` directives were left alone. See docs/precision.md.",
    explain: "\
Reports sentence punctuation that is repeated or stacked, as machine
translation and editing leave behind:

    Quanzhou and Macao. .      <- punct/doubled
    exports,, imports          <- punct/doubled
    the growth., and           <- punct/doubled

Not reported: an ellipsis (`...`, `…`, `. . .`), `?!` and `!?`, repeated `!`
or `?`, and a period that ends an abbreviation followed by a comma
(`Inc.,`, `e.g.,`, `etc.,`). The fix keeps one mark.",
};

pub const SPACING: Rule = Rule {
    id: "punct/spacing",
    severity: Severity::Warning,
    summary: "missing or extra space around punctuation, or a quote glued to a word",
    fixable: true,
    check: Some(Check::Segment(|_| shared_text_finder(spacing_in))),
    reads_terms: false,
    script: Script::Spaced,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (2 of 2) on real machine-translated news; no findings on real English READMEs once dotted code names were left alone. It never runs on Chinese, Japanese or Korean text. See docs/precision.md.",
    explain: "\
Reports:
- no space after `, ; : . ? !` before a word: `Meanwhile,the`, `growth.The`;
- a space before `, ; : . ? !`: `220,000 ,`;
- an opening quote glued to the word before it: `Quanzhou's'Hai`, `the\"Hai`.

Not reported: decimals and thousands (`3.4`, `3,215.46`), times and ratios
(`10:30`, `1:3`), abbreviations (`U.S.`, `e.g.`, `p. 4`), URLs, e-mail
addresses, file names and version numbers (`1.2.3`), ellipses, apostrophes
(`it's`, `O'Brien`, `Côte d'Ivoire`). The fix inserts or removes the space.",
};

pub const UNBALANCED: Rule = Rule {
    id: "punct/unbalanced",
    severity: Severity::Warning,
    summary: "a quote or bracket that does not close within its paragraph",
    fixable: false,
    check: Some(Check::Segment(|_| shared_text_finder(unbalanced_in))),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: true,
    on_by_default: true,
    precision: "100% on real data: 19 of 19 in real zh catalogues (Apache Superset's included, where `‘count’字段` is no longer reported), 1 of 1 in real machine-translated news. See docs/precision.md.",
    explain: "\
Reports an opening quote (straight or curly, double or single) or bracket
that is not closed within its paragraph, with the label on the opener, and a
closing bracket that was never opened.

Apostrophes are not quotes: `it's`, `Quanzhou's`, `O'Brien`, `the '90s`,
`rock 'n' roll`, `countries'` are fine.

    \"Quanzhou's pilot zone has been built. On the 16th, ...   <- punct/unbalanced",
};

pub const FULLWIDTH: Rule = Rule {
    id: "punct/fullwidth",
    severity: Severity::Warning,
    summary: "full-width CJK punctuation in Latin-script text",
    fixable: true,
    check: Some(Check::Segment(|_| text_finder(fullwidth))),
    reads_terms: false,
    script: Script::Spaced,
    excused_by_source: false,
    on_by_default: true,
    precision: "no findings on the real-data corpus: it never runs on Chinese, Japanese or Korean text (before that, 0% on Chinese catalogue targets). See docs/precision.md.",
    explain: "\
Reports full-width punctuation (`，。、；：？！（）【】《》`) between Latin-script
words, as left by machine translation from Chinese:

    exports grew，imports fell。      <- punct/fullwidth (twice)

Chinese, Japanese or Korean text keeps its own punctuation: a mark next to
CJK characters is not reported. The fix is the ASCII equivalent with English
spacing (`，` becomes `, `).",
};

/// `punct/doubled`
pub fn doubled(text: &str) -> Vec<Finding> {
    doubled_in(&Text::new(text))
}

fn doubled_in(shared: &Text<'_>) -> Vec<Finding> {
    let text = shared.text;
    let mut technical = None;
    let bytes = text.as_bytes();
    let is_mark = |b: u8| b == b'.' || b == b',' || b == b';' || b == b':';
    let mut out = Vec::new();
    let mut i = 0;
    // Every run worth reporting holds a `.`, `,` or `;` (`::` alone is left
    // alone); a colon just before the first of them starts the run.
    for hit in shared.marks_of(b".,;") {
        if hit < i {
            continue;
        }
        // Every colon just before the first of them starts the run, so that
        // one fix removes the whole run, not one colon per round.
        let mut candidate = hit;
        loop {
            if candidate >= 1 && bytes[candidate - 1] == b':' {
                candidate -= 1;
            } else if candidate >= 2 && bytes[candidate - 1] == b' ' && bytes[candidate - 2] == b':'
            {
                candidate -= 2;
            } else {
                break;
            }
        }
        i = candidate.max(i);
        // A run of marks, with at most single spaces between them.
        let start = i;
        let (mut count, mut second, mut last) = (1, i, i);
        let mut j = i + 1;
        loop {
            let k = if j < bytes.len() && bytes[j] == b' ' {
                j + 1
            } else {
                j
            };
            if k < bytes.len() && is_mark(bytes[k]) {
                if count == 1 {
                    second = k;
                }
                count += 1;
                last = k;
                j = k + 1;
            } else {
                break;
            }
        }
        i = j;
        if count < 2
            || in_ranges(
                technical.get_or_insert_with(|| technical_ranges(text)),
                start,
            )
        {
            continue;
        }
        let run = &text[start..j];
        // `..` opening a line is reStructuredText markup (`.. image::`).
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        if run.starts_with("..") && text[line_start..start].trim().is_empty() {
            continue;
        }
        let dots = run.bytes().filter(|&b| b == b'.').count();
        // Ellipses: `...`, `. . .`, and `....` (ellipsis plus period).
        if dots >= 3 && run.bytes().all(|b| b == b'.' || b == b' ') {
            continue;
        }
        // `Inc.,` `e.g.,` `etc.:` after an abbreviation.
        if count == 2
            && bytes[start] == b'.'
            && bytes[second] != b'.'
            && second == start + 1
            && is_abbreviation_before(text, start)
        {
            continue;
        }
        // A time or ratio typed with a stray separator is not this rule's.
        if run.bytes().all(|b| b == b':') && count == 2 {
            // `::` appears in code and in scripture references; leave it.
            continue;
        }
        let last = bytes[last] as char;
        let first = bytes[start] as char;
        let keep = if first == last { first } else { last };
        out.push(
            Finding::new(
                start..j,
                format!("doubled punctuation `{run}`"),
                format!("keep one `{keep}`"),
            )
            .replace(keep.to_string()),
        );
    }
    out
}

/// `punct/spacing`
pub fn spacing(text: &str) -> Vec<Finding> {
    spacing_in(&Text::new(text))
}

fn spacing_in(shared: &Text<'_>) -> Vec<Finding> {
    let text = shared.text;
    let mut technical = None;
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for i in shared.marks_of(b",;.:?!'\"") {
        let c = bytes[i] as char;
        // The usual case, `word, word`, has nothing to report: decide it
        // from the neighbouring bytes alone.
        let spaced_after = bytes.get(i + 1).is_none_or(|&n| n == b' ' || n == b'\n');
        let glued_before = i > 0 && bytes[i - 1] != b' ' && bytes[i - 1] != b'\t';
        if c != '\'' && c != '"' && spaced_after && glued_before {
            continue;
        }
        let prev = char_before(text, i);
        let next = char_at(text, i + 1);
        let mut found = Vec::new();
        if c == '\'' || c == '"' {
            found.extend(glued_quote(text, i, c, prev, next));
        } else {
            let next2 = next.and_then(|n| char_at(text, i + 1 + n.len_utf8()));
            found.extend(missing_space_after(text, i, c, prev, next, next2));
            found.extend(space_before(text, i, c, next));
        }
        if !found.is_empty()
            && !in_ranges(technical.get_or_insert_with(|| technical_ranges(text)), i)
        {
            out.extend(found);
        }
    }
    out
}

fn missing_space_after(
    text: &str,
    i: usize,
    c: char,
    prev: Option<char>,
    next: Option<char>,
    next2: Option<char>,
) -> Option<Finding> {
    let (prev, next) = (prev?, next?);
    if !next.is_alphabetic() || is_cjk(next) || !prev.is_alphanumeric() || is_cjk(prev) {
        return None;
    }
    let flagged = match c {
        // `growth.The`: a lower-case word, then a capitalised word. Leaves
        // `U.S.`, `e.g.`, `example.com`, `file.txt`, `Node.js` alone.
        '.' => {
            prev.is_lowercase()
                && next.is_uppercase()
                && next2.is_some_and(char::is_lowercase)
                && word_before(text, i).chars().count() >= 2
                && !is_abbreviation_before(text, i)
        }
        ',' | ';' => !prev.is_ascii_digit() || !next.is_ascii_digit(),
        // `Note:the`; not `http:`, `10:30`, `re:Invent`-style names.
        ':' => prev.is_lowercase() && next.is_alphabetic() && next2.is_some_and(char::is_lowercase),
        '?' | '!' => next.is_uppercase() && next2.is_some_and(char::is_lowercase),
        _ => false,
    };
    if !flagged {
        return None;
    }
    Some(
        Finding::new(
            i..i + c.len_utf8(),
            format!("missing space after `{c}`"),
            "add a space after this".into(),
        )
        .replace(format!("{c} ")),
    )
}

fn space_before(text: &str, i: usize, c: char, next: Option<char>) -> Option<Finding> {
    let before = &text[..i];
    let trimmed = before.trim_end_matches([' ', '\t']);
    if trimmed.len() == before.len() {
        return None;
    }
    // Start of a line: a list marker or a leading ellipsis, not a gap.
    let prev = trimmed.chars().next_back()?;
    if prev == '\n' || prev == '\r' {
        return None;
    }
    // `.NET`, `.5`, ` ...`, ` :)`, `x ?` in code-like text: only a mark
    // followed by a space, a line end or closing punctuation is a stray gap.
    let ends = next.is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '\'' | ')' | '”' | '’'));
    // `5% ,imports`: a comma or semicolon moved onto the next word.
    let moved = matches!(c, ',' | ';') && next.is_some_and(|n| n.is_alphabetic() && !is_cjk(n));
    if !(ends || moved)
        || (c == '.' && (text[i..].starts_with("..") || text[i..].starts_with(". .")))
    {
        return None;
    }
    // Punctuation mark after another mark (`, .`) belongs to punct/doubled.
    if matches!(prev, '.' | ',' | ';' | ':' | '?' | '!' | '-' | '–' | '—') {
        return None;
    }
    Some(
        Finding::new(
            trimmed.len()..i + c.len_utf8(),
            format!("space before `{c}`"),
            "remove the space".into(),
        )
        .replace(if moved {
            format!("{c} ")
        } else {
            c.to_string()
        }),
    )
}

fn glued_quote(
    text: &str,
    i: usize,
    c: char,
    prev: Option<char>,
    next: Option<char>,
) -> Option<Finding> {
    let (prev, next) = (prev?, next?);
    if !prev.is_alphabetic() || !next.is_alphabetic() || is_cjk(prev) || is_cjk(next) {
        return None;
    }
    let opening = match c {
        // Between two letters a straight single quote is an apostrophe,
        // unless a longer lower-case word runs into a capital:
        // `Quanzhou's'Hai`, `the'Hai` (but `O'Brien`, `d'Ivoire`).
        '\'' => {
            prev.is_lowercase()
                && next.is_uppercase()
                && word_before(text, i)
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .count()
                    >= 2
                && !word_before(text, i).ends_with('\'')
        }
        // An odd number of double quotes before means this one closes.
        '"' => text[..i].matches('"').count().is_multiple_of(2),
        _ => false,
    };
    if !opening {
        return None;
    }
    Some(
        Finding::new(
            i..i + 1,
            "opening quote glued to the word before it".into(),
            "add a space before the quote".into(),
        )
        .replace(format!(" {c}")),
    )
}

fn is_bracket(c: char) -> bool {
    matches!(
        c,
        '(' | ')' | '[' | ']' | '{' | '}' | '（' | '）' | '【' | '】' | '《' | '》'
    )
}

/// Whether the bracket `c` at `i` (with its repeats) is a quotation of
/// itself, as in `the opening “{” and closing “}”` or `type "((" here`: a
/// character mentioned, which opens and closes nothing.
fn quoted_alone(text: &str, i: usize, c: char) -> bool {
    let is_quote = |q: char| "\"'“”‘’「」『』«»`".contains(q);
    let before = text[..i].trim_end_matches(c).chars().next_back();
    let after = text[i..].trim_start_matches(c).chars().next();
    before.is_some_and(is_quote) && after.is_some_and(is_quote)
}

/// `punct/unbalanced`
pub fn unbalanced(text: &str) -> Vec<Finding> {
    unbalanced_in(&Text::new(text))
}

fn unbalanced_in(shared: &Text<'_>) -> Vec<Finding> {
    let text = shared.text;
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut out = Vec::new();
    let mut straight_double: Option<usize> = None;
    // The ASCII brackets and quotes, and the lead bytes of the others
    // (`“”‘’` from U+2018, `【】《》「」『』` from U+3008, `（）` from
    // U+FF08): other characters are passed over without decoding.
    let mut candidates: Vec<usize> = shared.marks_of(b"()[]{}\"'").collect();
    if !text.is_ascii() {
        candidates.extend(memchr::memchr3_iter(0xE2, 0xE3, 0xEF, text.as_bytes()));
        candidates.sort_unstable();
    }
    for i in candidates {
        let Some(c) = text[i..].chars().next() else {
            continue;
        };
        if is_bracket(c) && quoted_alone(text, i, c) {
            continue;
        }
        match c {
            '(' | '[' | '{' | '（' | '【' | '《' | '“' | '‘' | '「' | '『' => {
                stack.push((i, c))
            }
            ')' | ']' | '}' | '）' | '】' | '》' | '”' | '」' | '』' => {
                let opener = match c {
                    ')' => '(',
                    ']' => '[',
                    '}' => '{',
                    '）' => '（',
                    '】' => '【',
                    '》' => '《',
                    '”' => '“',
                    '」' => '「',
                    _ => '『',
                };
                if let Some(pos) = stack.iter().rposition(|&(_, o)| o == opener) {
                    stack.truncate(pos);
                } else if !matches!(c, '”') {
                    out.push(Finding::new(
                        i..i + c.len_utf8(),
                        format!("`{c}` closes nothing"),
                        "no matching opener in this paragraph".into(),
                    ));
                }
            }
            // A right single quote is also the apostrophe, but not before
            // Chinese or Japanese, which have none (`‘count’字段`).
            '’' => {
                let apostrophe = char_at(text, i + c.len_utf8())
                    .is_some_and(|n| n.is_alphanumeric() && !crate::matcher::is_unspaced_script(n));
                if let Some(pos) = stack.iter().rposition(|&(_, o)| o == '‘')
                    && !apostrophe
                {
                    stack.truncate(pos);
                }
            }
            '"' => match straight_double.take() {
                Some(_) => {}
                None => straight_double = Some(i),
            },
            '\'' => {
                let prev = char_before(text, i);
                let next = char_at(text, i + 1);
                // An apostrophe sits between letters of a spaced script; next
                // to Chinese or Japanese, which have none, it is a quote
                // (`'to'和'from'之间`, `'{room.name}'已删除`).
                let spaced_letter =
                    |c: char| c.is_alphanumeric() && !crate::matcher::is_unspaced_script(c);
                let opens = !prev.is_some_and(spaced_letter)
                    && next.is_some_and(|n| n.is_alphabetic())
                    && !is_elision(&text[i + 1..]);
                // After a placeholder or bracket it closes too (`'{name}'已删除`).
                let closes = prev.is_some_and(|p| p.is_alphanumeric() || ".,!?;:)]}".contains(p))
                    && !next.is_some_and(spaced_letter);
                // Between two Chinese characters a quote may do either: it
                // closes an open one, else it opens (`删除'会议室`).
                let after_unspaced = prev.is_some_and(crate::matcher::is_unspaced_script);
                match stack.iter().rposition(|&(_, o)| o == '\'') {
                    Some(pos) if closes => stack.truncate(pos),
                    None if closes && !after_unspaced => {}
                    _ if opens => stack.push((i, '\'')),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if let Some(i) = straight_double {
        stack.push((i, '"'));
    }
    stack.sort_by_key(|&(i, _)| i);
    for (i, c) in stack {
        let what = if matches!(c, '(' | '[' | '{' | '（' | '【' | '《') {
            "bracket"
        } else {
            "quote"
        };
        out.push(Finding::new(
            i..i + c.len_utf8(),
            format!("{what} `{c}` is never closed"),
            format!("this {what} does not close within its paragraph"),
        ));
    }
    out.sort_by_key(|f| f.range.start);
    out
}

/// `'90s`, `'n'`, `'em`, `'til`, `'cause`, `'tis`: a leading apostrophe.
fn is_elision(after: &str) -> bool {
    let word: String = after
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    matches!(
        word.as_str(),
        "n" | "em" | "til" | "cause" | "tis" | "twas" | "bout" | "round" | "s"
    ) || after.starts_with(|c: char| c.is_ascii_digit())
}

/// `punct/fullwidth`
pub fn fullwidth(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    if text.is_ascii() {
        return out;
    }
    // Every mark is in U+3000..U+303F or U+FF00..U+FFEF: lead byte E3 or EF.
    for i in memchr::memchr2_iter(0xE3, 0xEF, text.as_bytes()) {
        let Some(c) = text[i..].chars().next() else {
            continue;
        };
        let Some(ascii) = ascii_equivalent(c) else {
            continue;
        };
        let end = i + c.len_utf8();
        if cjk_neighbour(text, i, end) {
            continue;
        }
        let next = char_at(text, end);
        let prev = char_before(text, i);
        let replacement = match c {
            '（' | '【' | '《' if prev.is_some_and(char::is_alphanumeric) => format!(" {ascii}"),
            '，' | '。' | '、' | '；' | '：' | '？' | '！'
                if next.is_some_and(|n| n.is_alphanumeric() || n == '(' || n == '"') =>
            {
                format!("{ascii} ")
            }
            '）' | '】' | '》' if next.is_some_and(char::is_alphanumeric) => format!("{ascii} "),
            _ => ascii.to_owned(),
        };
        out.push(
            Finding::new(
                i..end,
                format!("full-width `{c}` in English text"),
                format!("use `{}`", replacement.trim()),
            )
            .replace(replacement),
        );
    }
    out
}

fn ascii_equivalent(c: char) -> Option<&'static str> {
    Some(match c {
        '，' | '、' => ",",
        '。' => ".",
        '；' => ";",
        '：' => ":",
        '？' => "?",
        '！' => "!",
        '（' => "(",
        '）' => ")",
        '【' => "[",
        '】' => "]",
        '《' | '》' => "\"",
        _ => return None,
    })
}

/// Whether the nearest non-space, non-punctuation character on either side
/// is CJK: then the mark belongs to CJK text.
fn cjk_neighbour(text: &str, start: usize, end: usize) -> bool {
    let significant = |c: &char| c.is_alphanumeric() || is_cjk(*c);
    let before = text[..start].chars().rev().find(significant);
    let after = text[end..].chars().find(significant);
    before.is_some_and(is_cjk) || after.is_some_and(is_cjk) || (before.is_none() && after.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::flagged;

    fn fixed(f: fn(&str) -> Vec<Finding>, text: &str) -> String {
        super::super::apply_findings(text, &f(text))
    }

    #[test]
    fn doubled_flags_stacked_marks() {
        assert_eq!(flagged(doubled, "Quanzhou and Macao. ."), vec![". ."]);
        assert_eq!(flagged(doubled, "exports,, imports"), vec![",,"]);
        assert_eq!(
            flagged(doubled, "growth., and ;; then , ."),
            vec![".,", ";;", ", ."]
        );
        assert_eq!(
            fixed(doubled, "Macao. .\nNext,, one , ."),
            "Macao.\nNext, one ."
        );
    }

    #[test]
    fn doubled_leaves_ellipses_and_abbreviations() {
        for ok in [
            "Wait... what? Really?! No!! Well . . . maybe…",
            "Apple Inc., Google etc., e.g., i.e., U.S., and more.",
            "Version 1.2.3 at https://a.b/c..d and 3.4 and 3,215.46.",
            "He paused.... Then left.",
        ] {
            assert!(doubled(ok).is_empty(), "{ok}: {:?}", flagged(doubled, ok));
        }
    }

    #[test]
    fn spacing_flags_missing_and_extra_spaces() {
        assert_eq!(
            flagged(spacing, "Meanwhile,the growth.The end"),
            vec![",", "."]
        );
        assert_eq!(flagged(spacing, "up 220,000 , down"), vec![" ,"]);
        assert_eq!(flagged(spacing, "grew 5% ,imports fell"), vec![" ,"]);
        assert_eq!(
            fixed(spacing, "grew 5% ,imports fell"),
            "grew 5%, imports fell"
        );
        assert_eq!(flagged(spacing, "Note:the one"), vec![":"]);
        assert_eq!(flagged(spacing, "Really?Yes"), vec!["?"]);
        assert_eq!(
            flagged(spacing, "Quanzhou's'Hai Silk' along the'Hai Silk'"),
            vec!["'", "'"]
        );
        assert_eq!(flagged(spacing, "said the\"Haisi\" pilot"), vec!["\""]);
        assert_eq!(
            fixed(spacing, "Meanwhile,the growth.The 220,000 , Quanzhou's'Hai"),
            "Meanwhile, the growth. The 220,000, Quanzhou's 'Hai"
        );
    }

    #[test]
    fn spacing_leaves_numbers_abbreviations_urls_and_apostrophes() {
        for ok in [
            "It rose 3.4% to 3,215.46 yuan at 10:30 and 7:30 p.m., a 1:3 ratio.",
            "The U.S. and U.K. economies, e.g. trade, i.e. exports; see p. 4 and Inc. filings.",
            "Visit https://www.example.com/a,b?x=1:2 or mail info@example.com.cn today.",
            "Open report.pdf, main.rs or v1.2.3 with Node.js on example.com now.",
            "It's Quanzhou's and O'Brien's, Côte d'Ivoire's, the '90s, rock 'n' roll, countries' trade.",
            "He said: \"Go.\" She asked, \"Why?\" Then \"Yes,\" he said.",
            "Wait ... what? A list:\n. item",
            "Prices (in yuan) rose - or fell - by 2 per cent; see Table 3.",
        ] {
            assert!(spacing(ok).is_empty(), "{ok}: {:?}", flagged(spacing, ok));
        }
    }

    #[test]
    fn unbalanced_flags_openers() {
        let text = "\"Quanzhou's'Hai Silk' pilot zone. 'Building a case city.' On the 16th.";
        assert_eq!(flagged(unbalanced, text), vec!["\""]);
        assert_eq!(flagged(unbalanced, "a (b [c] d"), vec!["("]);
        assert_eq!(flagged(unbalanced, "a “quoted text"), vec!["“"]);
        assert_eq!(flagged(unbalanced, "a ‘quoted text"), vec!["‘"]);
        assert_eq!(flagged(unbalanced, "stray ) here"), vec![")"]);
        // A bracket next to one quote only is not quoted alone.
        assert_eq!(flagged(unbalanced, "token “{name 已建立"), vec!["“", "{"]);
    }

    #[test]
    fn unbalanced_leaves_apostrophes_and_closed_pairs() {
        for ok in [
            "It's Quanzhou's, O'Brien's, the '90s, rock 'n' roll, the countries' trade.",
            "He said “it’s fine” and ‘that’s it’ (really [yes]).",
            "She said 'hello' and \"bye\" and 'Building a case city.' too.",
            "A 'nested \"quote\" here' ends.",
            "东盟（ASEAN）成员国《报告》",
            // Real (Apache Superset, zh): a closing quote before Chinese.
            "[Group By] 列必须要有 ‘count’字段作为 [标签]",
            // Real (pretix, zh_Hant): brackets quoted as characters.
            "請檢查佔位符上的開頭“{”和結尾“}”花括號是否匹配。要使用字面“{”或“}”，您需要將它們加倍為“{{”和“}}”。",
            "Use \"(\" and \")\" or '[' alone.",
        ] {
            assert!(
                unbalanced(ok).is_empty(),
                "{ok}: {:?}",
                flagged(unbalanced, ok)
            );
        }
    }

    #[test]
    fn fullwidth_in_english_only() {
        assert_eq!(
            flagged(fullwidth, "exports grew，imports fell。"),
            vec!["，", "。"]
        );
        assert_eq!(
            fixed(fullwidth, "exports grew，imports fell（sharply）。"),
            "exports grew, imports fell (sharply)."
        );
        for ok in [
            "海丝，泉州。",
            "推进“海丝”建设：成效显著！",
            "RCEP（区域全面经济伙伴关系协定）",
        ] {
            assert!(fullwidth(ok).is_empty(), "{ok}");
        }
    }
}
