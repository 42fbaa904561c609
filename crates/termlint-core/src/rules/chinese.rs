//! Rules for Chinese text, run on Chinese targets and Chinese monolingual
//! files (by language, else by script): `zh/ascii-punct` and
//! `zh/fullwidth-alnum`.

use super::text::is_cjk;
use super::{Context, Finding, Rule, Script, SpacingMode, per_target};
use crate::diagnostic::{Diagnostic, Severity};
use crate::language::{self, Writing};

pub const ASCII_PUNCT: Rule = Rule {
    id: "zh/ascii-punct",
    severity: Severity::Warning,
    summary: "ASCII punctuation used as Chinese punctuation (`密码. 注意`)",
    fixable: true,
    check: Some(|cx, out| per_target(cx, &ASCII_PUNCT, ascii_punct, out)),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (26 of 26) in real zh catalogues. See docs/precision.md.",
    explain: "\
Reports an ASCII `,` `.` `:` `;` `?` `!` between Chinese characters (spaces
allowed) or ending a Chinese sentence, and ASCII parentheses around Chinese
text between Chinese characters. The fix is the full-width mark, without the
spaces around it:

    请输入账户 %(name)s 和密码. 注意区分大小写.     <- zh/ascii-punct (twice)
    请输入账户 %(name)s 和密码。注意区分大小写。    <- fine

Not reported: a mark next to a Latin letter, a digit or a placeholder
(`3.14`, `1,000`, `10:30`, `Node.js`, `e.g.`, `%(name)s.`), URLs, e-mail
addresses and file names, and ellipses (`...`).",
};

pub const FULLWIDTH_ALNUM: Rule = Rule {
    id: "zh/fullwidth-alnum",
    severity: Severity::Warning,
    summary: "full-width letters or digits (`ＡＢＣ１２３`) in Chinese text",
    fixable: true,
    check: Some(|cx, out| per_target(cx, &FULLWIDTH_ALNUM, fullwidth_alnum, out)),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: true,
    precision: "no findings in the real zh catalogues of the corpus (they have no full-width letters). See docs/precision.md.",
    explain: "\
Reports Latin letters and digits written full-width (`Ａ`-`Ｚ`, `ａ`-`ｚ`,
`０`-`９`) in Chinese text, where software and style guides expect
half-width ones:

    共有１２个文件      <- zh/fullwidth-alnum
    共有12个文件        <- fine

The fix writes them half-width.",
};

pub const CJK_LATIN_SPACE: Rule = Rule {
    id: "zh/cjk-latin-space",
    severity: Severity::Warning,
    summary: "spacing between Chinese and Latin letters or digits that breaks the file's style",
    fixable: true,
    check: Some(check_cjk_latin_space),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: false,
    precision: "not yet labelled: 287 findings on the real zh catalogues, mostly spaces around placeholders in files that mostly have none; opt-in until measured. See docs/precision.md.",
    explain: "\
Reports the spacing between a Chinese character and a Latin letter or digit
(placeholders count as Latin) that differs from the style asked for:
`--cjk-latin-space` or the config key `cjk-latin-space`:

- `consistent` (default): the file's majority style wins and its minority is
  reported, so a project's own convention is kept; on a tie nothing is
  reported. A catalogue is one file.
- `always`: a space is required (`XYZ 对象`).
- `never`: no space is allowed (`XYZ对象`).

No space is ever required next to full-width punctuation. The fix inserts
or removes the space.",
};

/// A place where Chinese meets Latin: the byte range of the gap between
/// them (empty, or one space) in the piece.
fn cjk_latin_gaps(text: &str) -> Vec<std::ops::Range<usize>> {
    let placeholders: Vec<std::ops::Range<usize>> = super::bitext::placeholders(text)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    let latin_at = |i: usize, c: char| {
        c.is_ascii_alphanumeric() || placeholders.iter().any(|r| r.contains(&i))
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut gaps = Vec::new();
    for k in 0..chars.len().saturating_sub(1) {
        let (i, a) = chars[k];
        let (j, b) = chars[k + 1];
        let (gap_end, next) = if b == ' ' {
            match chars.get(k + 2) {
                Some(&(n, c)) if c != ' ' => (j + 1, (n, c)),
                _ => continue,
            }
        } else {
            (j, (j, b))
        };
        let han = |c: char| is_han(Some(c));
        let meets = (han(a) && latin_at(next.0, next.1)) || (latin_at(i, a) && han(next.1));
        if meets {
            gaps.push(i + a.len_utf8()..gap_end);
        }
    }
    gaps
}

/// `zh/cjk-latin-space`: the file's Chinese segments are counted together,
/// so that in `consistent` mode the minority style is what is reported.
fn check_cjk_latin_space(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    for (i, segment) in cx.doc.segments.iter().enumerate() {
        let piece = &segment.target;
        if cx.writing[i] != Some(Writing::Unspaced)
            || !language::is_chinese(cx.options.target_lang.as_deref(), &piece.text)
        {
            continue;
        }
        found.extend(cjk_latin_gaps(&piece.text).into_iter().map(|gap| (i, gap)));
    }
    let spaced = found.iter().filter(|(_, gap)| !gap.is_empty()).count();
    let unspaced = found.len() - spaced;
    let report_spaced = match cx.options.cjk_latin_space {
        SpacingMode::Always => false,
        SpacingMode::Never => true,
        SpacingMode::Consistent if spaced == unspaced => return,
        SpacingMode::Consistent => spaced < unspaced,
    };
    for (i, gap) in found {
        if gap.is_empty() == report_spaced {
            continue;
        }
        let piece = &cx.doc.segments[i].target;
        let start = piece.text[..gap.start]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8);
        let end = piece.text[gap.end..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        let shown = piece.file_span(gap.start - start..gap.end + end);
        let (message, label, replacement) = if report_spaced {
            ("a space between Chinese and Latin", "remove the space", "")
        } else {
            ("no space between Chinese and Latin", "add a space", " ")
        };
        let style = match cx.options.cjk_latin_space {
            SpacingMode::Consistent => " (most of this file has the other style)",
            _ => "",
        };
        out.push(
            Diagnostic::new(
                CJK_LATIN_SPACE.id,
                CJK_LATIN_SPACE.severity,
                shown,
                format!("{message}{style}"),
            )
            .with_label(label)
            .with_fix(piece.file_span(gap.clone()), replacement)
            .with_replacement(replacement),
        );
    }
}

pub const REPEATED_CHAR: Rule = Rule {
    id: "zh/repeated-char",
    severity: Severity::Warning,
    summary: "a Chinese function word typed twice (`的的`, `是是`)",
    fixable: false,
    check: Some(|cx, out| per_target(cx, &REPEATED_CHAR, repeated_char, out)),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: true,
    precision: "no findings in the real zh catalogues of the corpus. See docs/precision.md.",
    explain: "\
Reports a Chinese function word written twice in a row by mistake, as typing
and machine translation leave behind:

    这是我的的书      <- zh/repeated-char

Only function words that are never doubled on purpose are checked (的 了 是
在 和 与 及 被 为 于 并 或 也 都 就 又 这 那 们), and only where a word
segmentation (jieba) makes both a word of their own, so that two words
that meet are not reported: 为了了解 (为了 + 了解), 目的的 (目的 + 的),
但是是否 (但是 + 是否), and idioms such as 的的确确 or 不了了之. Real
reduplication (谢谢, 常常, 人人, 看看, 试试) is never checked. The suggestion
removes the repetition; `--fix` leaves it to a person.",
};

/// Function words that are never doubled on purpose; a doubled one is only
/// reported where the segmenter makes each a word of its own.
const SINGLE_FUNCTION_WORDS: &str = "的了是在和与及被为于并或也都就又这那们";

/// A Chinese word segmenter for target text, built on first need.
fn segmenter() -> &'static jieba_rs::Jieba {
    static JIEBA: std::sync::OnceLock<jieba_rs::Jieba> = std::sync::OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// `zh/repeated-char`
pub fn repeated_char(text: &str) -> Vec<Finding> {
    let doubled = |w: &[char]| w[0] == w[1] && SINGLE_FUNCTION_WORDS.contains(w[0]);
    let chars: Vec<char> = text.chars().collect();
    if !chars.windows(2).any(doubled) {
        return Vec::new();
    }
    let tokens = segmenter().cut(text, false);
    let mut out = Vec::new();
    for pair in tokens.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let one = |w: &str| w.chars().count() == 1;
        if one(a.word) && a.word == b.word && SINGLE_FUNCTION_WORDS.contains(a.word) {
            out.push(
                Finding::new(
                    b.byte_start..b.byte_end,
                    format!("`{}` twice", a.word),
                    "repeated here".into(),
                )
                .replace(""),
            );
        }
    }
    out
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        '.' => '。',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// The nearest character before `at` that is not a space, and the offset
/// where the spaces before `at` start.
fn before(text: &str, at: usize) -> (Option<char>, usize) {
    let trimmed = text[..at].trim_end_matches(' ');
    (trimmed.chars().next_back(), trimmed.len())
}

/// The nearest character after `at` that is not a space, and the offset
/// where the spaces after `at` end.
fn after(text: &str, at: usize) -> (Option<char>, usize) {
    let rest = text[at..].trim_start_matches(' ');
    (rest.chars().next(), text.len() - rest.len())
}

fn is_han(c: Option<char>) -> bool {
    c.is_some_and(|c| is_cjk(c) && !matches!(c as u32, 0x3040..=0x30FF))
}

/// `zh/ascii-punct`
pub fn ascii_punct(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    if !text.bytes().any(|b| b",.:;?!(".contains(&b)) {
        return out;
    }
    let technical = super::text::technical_ranges(text);
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let Some(mark) = full_width(b as char) else {
            continue;
        };
        if b == b')' || super::text::in_ranges(&technical, i) {
            continue;
        }
        // Ellipses and runs of marks are other rules' business.
        let neighbour = |j: Option<usize>| {
            j.and_then(|j| bytes.get(j))
                .is_some_and(|b| b".,:;?!".contains(b))
        };
        if neighbour(i.checked_sub(1)) || neighbour(Some(i + 1)) {
            continue;
        }
        let (prev, from) = before(text, i);
        let (next, to) = after(text, i + 1);
        if b == b'(' {
            // A pair around Chinese text, between Chinese characters.
            let Some(close) = text[i + 1..].find(')').map(|c| i + 1 + c) else {
                continue;
            };
            let inner = &text[i + 1..close];
            let (after_close, to_close) = after(text, close + 1);
            if inner.contains('(')
                || !inner.chars().any(is_cjk)
                || inner.chars().any(|c| c.is_ascii_alphabetic())
                || !(prev.is_none() || is_han(prev))
                || !(after_close.is_none() || is_han(after_close))
            {
                continue;
            }
            out.push(
                Finding::new(
                    from..i + 1,
                    "ASCII `(` in Chinese text".into(),
                    "use `（`".into(),
                )
                .replace(mark.to_string()),
            );
            out.push(
                Finding::new(
                    close..to_close,
                    "ASCII `)` in Chinese text".into(),
                    "use `）`".into(),
                )
                .replace("）"),
            );
            continue;
        }
        // Between Chinese characters, or ending a Chinese sentence.
        let ends = next.is_none() || matches!(next, Some('\n' | '"' | '”' | '」'));
        if !is_han(prev) || !(is_han(next) || ends) {
            continue;
        }
        // A full stop ending text that is a single Chinese word or label
        // is still a full stop; a colon before nothing is a label's.
        let end = if next.is_none() { text.len() } else { to };
        out.push(
            Finding::new(
                from..end,
                format!("ASCII `{}` in Chinese text", b as char),
                format!("use `{mark}`"),
            )
            .replace(mark.to_string()),
        );
    }
    out
}

/// `zh/fullwidth-alnum`
pub fn fullwidth_alnum(text: &str) -> Vec<Finding> {
    let is_wide = |c: char| matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '０'..='９');
    super::text::runs(text, is_wide)
        .map(|range| {
            let half: String = text[range.clone()]
                .chars()
                .map(|c| char::from_u32(c as u32 - 0xFEE0).unwrap_or(c))
                .collect();
            Finding::new(
                range.clone(),
                format!("full-width `{}` in Chinese text", &text[range]),
                format!("use `{half}`"),
            )
            .replace(half)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::flagged;

    #[test]
    fn ascii_punct_in_chinese() {
        let text = "请输入账户 %(name)s 和密码. 注意区分大小写.";
        assert_eq!(flagged(ascii_punct, text), vec![". ", "."]);
        assert_eq!(
            super::super::apply_findings(text, &ascii_punct(text)),
            "请输入账户 %(name)s 和密码。注意区分大小写。"
        );
        assert_eq!(flagged(ascii_punct, "文件(可选)已删除"), vec!["(", ")"]);
        for ok in [
            "版本 3.14 和 1,000 个文件，10:30 开始",
            "使用 Node.js 或 e.g. 其他工具",
            "访问 https://example.com/a,b 或 info@example.com.cn",
            "打开 report.pdf 文件",
            "请稍候...",
            "导出…",
            "已删除 %(count)s.",
            "错误: File not found",
            "共有 (3) 项",
            "Hello, world.",
        ] {
            assert!(
                ascii_punct(ok).is_empty(),
                "{ok}: {:?}",
                flagged(ascii_punct, ok)
            );
        }
    }

    #[test]
    fn repeated_function_words() {
        assert_eq!(
            flagged(repeated_char, "这是我的的书，他们也也去了"),
            vec!["的", "也"]
        );
        for ok in [
            "为了了解情况",
            "实现目的的手段",
            "但是是否可行",
            "的的确确如此",
            "此事不了了之",
            "谢谢，常常，人人，看看，试试",
            "个个都好",
        ] {
            assert!(
                repeated_char(ok).is_empty(),
                "{ok}: {:?}",
                flagged(repeated_char, ok)
            );
        }
    }

    #[test]
    fn fullwidth_letters_and_digits() {
        let text = "共有１２个ＡＢＣ文件";
        assert_eq!(flagged(fullwidth_alnum, text), vec!["１２", "ＡＢＣ"]);
        assert_eq!(
            super::super::apply_findings(text, &fullwidth_alnum(text)),
            "共有12个ABC文件"
        );
        assert!(fullwidth_alnum("共有12个文件，（注意）").is_empty());
    }
}
