//! Rules for Chinese text, run on Chinese targets and Chinese monolingual
//! files (by language, else by script): `zh/ascii-punct`,
//! `zh/fullwidth-alnum`, `zh/cjk-latin-space`, `zh/punct-space`,
//! `zh/script-mix`, `zh/quotes`, `zh/ellipsis-dash` and `zh/repeated-char`.

use super::text::is_cjk;
use super::{Check, Context, Finding, Rule, Script, SegmentFinder, SpacingMode, text_finder};
use crate::diagnostic::{Diagnostic, Severity};

pub const ASCII_PUNCT: Rule = Rule {
    id: "zh/ascii-punct",
    severity: Severity::Warning,
    summary: "ASCII punctuation used as Chinese punctuation (`密码. 注意`)",
    fixable: true,
    check: Some(Check::Segment(ascii_punct_finder)),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (267 of 267) in real zh catalogues, 60 of a 60-finding sample of 72 in Apache Superset's, and 60 of a 60-finding sample of 632 in Tatoeba's human translations. See docs/precision.md.",
    explain: "\
Reports an ASCII `,` `.` `:` `;` `?` `!` between Chinese characters (spaces
allowed) or ending a Chinese sentence; a `,` `:` or `;` after a Chinese
character whatever follows (`排序优先级: %(n)s`, `选项, %(value)s`); a `,`
between a Latin word and a Chinese clause (`iPhone,好开心`); and ASCII
parentheses around Chinese text between Chinese characters. The fix is the
full-width mark, without the spaces around it:

    请输入账户 %(name)s 和密码. 注意区分大小写.     <- zh/ascii-punct (twice)
    请输入账户 %(name)s 和密码。注意区分大小写。    <- fine

Not reported: a mark next to a Latin letter, a digit or a placeholder
(`3.14`, `1,000`, `10:30`, `Node.js`, `e.g.`, `%(name)s.`), URLs, e-mail
addresses and file names, reST roles (`:widths:`), Sphinx index entries
(`环境变量; %s`), and ellipses (`...`); nor the ASCII colon in a file
that writes it so by design, after Chinese nine times in ten or more (and
at least five times), as Microsoft's catalogues do (`有效的运行时标识符为:
{1}。`). In a bilingual file, a mark
that the source uses as a separator with no space around it is data, not
prose, and is kept: Django's `yes,no,maybe` -> `是,否,也许` is split on the
ASCII comma by the program.",
};

/// Marks that the source glues between two words (`yes,no,maybe`): a
/// separator that a program parses, which the target must keep.
fn separators_in(source: &str) -> Vec<u8> {
    let bytes = source.as_bytes();
    // Not the `:` of a placeholder's format (`{code_point:X}`).
    let placeholders = super::bitext::placeholders(source);
    let mut found = Vec::new();
    for i in 1..bytes.len().saturating_sub(1) {
        if placeholders.iter().any(|(r, _)| r.contains(&i)) {
            continue;
        }
        let glued = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
        if b",;:|".contains(&bytes[i])
            && glued(bytes[i - 1])
            && glued(bytes[i + 1])
            && !found.contains(&bytes[i])
        {
            found.push(bytes[i]);
        }
    }
    found
}

/// `zh/ascii-punct`, minus the separators the source shows to be data.
fn ascii_punct_finder<'c>(cx: &'c Context<'c>) -> Option<SegmentFinder<'c>> {
    // Weighed on the first Chinese segment: a document without one never
    // reads its segments for it.
    let colon_is_house_style = std::sync::OnceLock::new();
    Some(Box::new(move |_, target, source| {
        let colon_is_house_style = *colon_is_house_style.get_or_init(|| {
            ascii_colon_is_house_style(cx.doc.segments.iter().map(|s| s.target.text.as_str()))
        });
        let target = target.text;
        let separators = source.map(separators_in).unwrap_or_default();
        let mut found = ascii_punct(target);
        found.retain(|f| {
            let mark = f.replacement.as_deref().and_then(|r| r.chars().next());
            let separator = separators.iter().any(|&b| full_width(b as char) == mark);
            let house_colon = colon_is_house_style && mark == Some('：');
            !(separator || house_colon)
        });
        found
    }))
}

/// Whether a file writes the colon after Chinese text as ASCII `:` by
/// design: nearly always (nine in ten or more, and five times at least).
/// Microsoft's catalogues do (`有效的运行时标识符为: {1}。`), throughout;
/// a file whose colons are mostly full-width still has its stray ASCII
/// ones reported.
fn ascii_colon_is_house_style<'a>(targets: impl Iterator<Item = &'a str>) -> bool {
    let (mut ascii, mut full) = (0usize, 0usize);
    // Text without a character from U+1100 up (lead byte 0xE1 or above)
    // has neither Chinese nor `：`: passed over at memory speed.
    for text in targets.filter(|text| crate::ascii_bits::has_byte_at_least(text.as_bytes(), 0xE1)) {
        let mut previous = None;
        for c in text.chars() {
            match c {
                ':' if previous.is_some_and(is_cjk) => ascii += 1,
                '：' => full += 1,
                _ => {}
            }
            previous = Some(c);
        }
    }
    ascii >= 5 && ascii * 10 >= (ascii + full) * 9
}

pub const FULLWIDTH_ALNUM: Rule = Rule {
    id: "zh/fullwidth-alnum",
    severity: Severity::Warning,
    summary: "full-width letters or digits (`ＡＢＣ１２３`) in Chinese text",
    fixable: true,
    check: Some(Check::Segment(|_| text_finder(fullwidth_alnum))),
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
    check: Some(Check::Document(check_cjk_latin_space)),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: false,
    precision: "97% (62 of 64, a sample spread over its 446 findings) in real zh catalogues; opt-in all the same, since it enforces a house style: where a file's habit is split nearly evenly it reports hundreds of units. See docs/precision.md.",
    explain: "\
Reports the spacing between a Chinese character and a Latin letter or digit
(placeholders count as Latin) that differs from the style asked for:
`--cjk-latin-space` or the config key `cjk-latin-space`:

- `consistent` (default): the file's majority style wins and its minority is
  reported, so a project's own convention is kept; on a tie nothing is
  reported. A catalogue is one file.
- `always`: a space is required (`XYZ 对象`).
- `never`: no space is allowed (`XYZ对象`).

No space is ever required next to full-width punctuation (a space there is
zh/punct-space's). Each kind of Latin has its own majority: words, numbers,
and placeholders with inline code, since writers often space one and not
another (`3个文件` but `XYZ 对象`). Inline code in backticks counts as Latin, as do a number's sign and its `%` (`-255`,
`0.1%`) and `C++`; URLs and paths are left alone. The fix inserts or removes
the space.",
};

/// Byte ranges that count as Latin next to Chinese: placeholders, inline
/// code in backticks, and ASCII letters and digits with the signs and
/// suffixes that belong to them (`-255`, `0.1%`, `C++`).
fn latin_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = super::bitext::placeholders(text)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`'
            && let Some(close) = text[i + 1..].find('`')
        {
            // Code is Latin; a Chinese word in backticks (`主题`, a
            // translated name) is Chinese.
            if !text[i + 1..i + 1 + close].chars().any(|c| is_han(Some(c))) {
                ranges.push(i..i + close + 2);
            }
            i += close + 2;
            continue;
        }
        let sign =
            matches!(bytes[i], b'-' | b'+') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if bytes[i].is_ascii_alphanumeric() || sign {
            let start = i;
            i += 1;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || (bytes[i] == b'.'
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)))
            {
                i += 1;
            }
            // `0.1%`, `C++`, and a brand's `!` (`Yahoo!`).
            while i < bytes.len()
                && (matches!(bytes[i], b'+' | b'!')
                    || (bytes[i] == b'%' && bytes[i - 1].is_ascii_digit()))
            {
                i += 1;
            }
            ranges.push(start..i);
            continue;
        }
        i += 1;
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// What meets Chinese across a gap. Writers often space one kind and not
/// another (`3个` but `XYZ 对象`, or a space around every placeholder), so
/// each kind has its own majority.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LatinKind {
    Word,
    Number,
    /// Placeholders and inline code.
    Code,
}

/// A place where Chinese meets Latin: the byte range of the gap between
/// them (empty, or one space) in the piece, and what the Latin side is.
fn cjk_latin_gaps(text: &str) -> Vec<(std::ops::Range<usize>, LatinKind)> {
    let code: Vec<std::ops::Range<usize>> = super::bitext::placeholders(text)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    let latin = latin_ranges(text);
    // `i` is the Latin character next to the Chinese one; its token's
    // first character says what it is (`3`, `-255`, `0.1%` are numbers,
    // `C++` a word).
    let kind_at = |i: usize| {
        let token = latin.iter().find(|r| r.contains(&i)).map_or(i, |r| r.start);
        let c = text[token..].chars().next().unwrap_or(' ');
        if code.iter().any(|r| r.contains(&i)) || c == '`' {
            LatinKind::Code
        } else if c.is_ascii_digit() || matches!(c, '-' | '+') {
            LatinKind::Number
        } else {
            LatinKind::Word
        }
    };
    let technical = super::text::technical_ranges(text);
    let latin_at = |i: usize| latin.iter().any(|r| r.contains(&i));
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
        // Inside a URL or a path, nothing is prose; its edges are.
        if technical
            .iter()
            .any(|r| r.contains(&i) && r.contains(&next.0))
        {
            continue;
        }
        let han = |c: char| is_han(Some(c));
        if han(a) && latin_at(next.0) && !tags_wrap_chinese(text, &code, next.0, true) {
            gaps.push((i + a.len_utf8()..gap_end, kind_at(next.0)));
        } else if latin_at(i) && han(next.1) && !tags_wrap_chinese(text, &code, i, false) {
            gaps.push((i + a.len_utf8()..gap_end, kind_at(i)));
        }
    }
    gaps
}

/// Whether a placeholder stands for markup rather than text: an HTML tag,
/// or a placeholder named for one (`%(link)s`, `%(end_link)s`,
/// `{link_start}`, `%(open_tag)s`), which is replaced by a tag. Not
/// `%(start)s` or `{end_date}`: those are text.
fn is_markup(code: &str) -> bool {
    code.starts_with('<')
        || code
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|part| part.eq_ignore_ascii_case("link") || part.eq_ignore_ascii_case("tag"))
}

/// Whether the Latin character at `at` is markup ([`is_markup`]) whose other
/// side, past any markup next to it, is not Latin: `申请<a href="…">重设密码</a>`
/// reads 申请重设密码, Chinese next to Chinese. `forward`: the markup follows
/// the Chinese character.
fn tags_wrap_chinese(
    text: &str,
    code: &[std::ops::Range<usize>],
    at: usize,
    forward: bool,
) -> bool {
    let tag_at = |i: usize| {
        code.iter()
            .find(|r| r.contains(&i) && is_markup(&text[(*r).clone()]))
            .cloned()
    };
    let Some(mut tag) = tag_at(at) else {
        return false;
    };
    // The visible character beyond the run of tags.
    let beyond = loop {
        let next = if forward {
            text[tag.end..].chars().next()
        } else {
            text[..tag.start].chars().next_back()
        };
        let Some(c) = next else {
            break None;
        };
        let i = if forward {
            tag.end
        } else {
            tag.start - c.len_utf8()
        };
        match tag_at(i) {
            Some(more) => tag = more,
            None => break Some(c),
        }
    };
    !beyond.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '%' | '{' | '$' | '`'))
}

/// Spaces next to full-width punctuation in Chinese text (`跨平台 、 低`,
/// `Firefox 、`): never right, whatever the Latin spacing style. Only
/// between a mark and a Chinese character or a Latin word: a space before
/// a placeholder or around quotes and brackets is a catalogue's habit
/// (`读取错误： %s`), not a typing slip.
fn spaces_at_fullwidth_punct(text: &str) -> Vec<std::ops::Range<usize>> {
    let is_mark = |c: char| "，。、；：？！".contains(c);
    let prose = |c: char| is_han(Some(c)) || c.is_ascii_alphanumeric() || c == '`';
    let mut out = Vec::new();
    if !text.chars().any(is_mark) {
        return out;
    }
    // Parsed once for the text, not once per space.
    let mut code: Option<Vec<std::ops::Range<usize>>> = None;
    for run in super::text::runs(text, |c| c == ' ' || c == '\u{3000}') {
        let before = text[..run.start].chars().next_back();
        let after = text[run.end..].chars().next();
        let (Some(before), Some(after)) = (before, after) else {
            continue;
        };
        if !((is_mark(before) && prose(after)) || (prose(before) && is_mark(after))) {
            continue;
        }
        // A placeholder or code right after (`%s`, `{0}`) or before is the
        // habit above.
        let code = code.get_or_insert_with(|| {
            super::bitext::placeholders(text)
                .into_iter()
                .map(|(r, _)| r)
                .collect()
        });
        if code
            .iter()
            .any(|r| r.start == run.end || r.end == run.start)
        {
            continue;
        }
        out.push(run);
    }
    out
}

/// `zh/cjk-latin-space`: the file's Chinese segments are counted together,
/// so that in `consistent` mode the minority style is what is reported.
fn check_cjk_latin_space(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    for (i, segment) in cx.doc.segments.iter().enumerate() {
        let piece = &segment.target;
        if !cx.is_chinese(i) {
            continue;
        }
        found.extend(cjk_latin_gaps(&piece.text).into_iter().map(|gap| (i, gap)));
    }
    // Per kind: `Some(true)` reports spaced gaps, `Some(false)` unspaced
    // ones, `None` (a tie) nothing.
    let report_spaced = |kind: LatinKind| -> Option<bool> {
        let of_kind = found.iter().filter(|(_, (_, k))| *k == kind);
        let spaced = of_kind
            .clone()
            .filter(|(_, (gap, _))| !gap.is_empty())
            .count();
        let unspaced = of_kind.count() - spaced;
        match cx.options.cjk_latin_space {
            SpacingMode::Always => Some(false),
            SpacingMode::Never => Some(true),
            SpacingMode::Consistent if spaced == unspaced => None,
            SpacingMode::Consistent => Some(spaced < unspaced),
        }
    };
    let by_kind = [LatinKind::Word, LatinKind::Number, LatinKind::Code].map(report_spaced);
    for (i, (gap, kind)) in &found {
        let (i, gap) = (*i, gap.clone());
        let Some(report_spaced) = by_kind[*kind as usize] else {
            continue;
        };
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
        let style = match (cx.options.cjk_latin_space, kind) {
            (SpacingMode::Consistent, LatinKind::Word) => {
                " (most words in this file have the other style)"
            }
            (SpacingMode::Consistent, LatinKind::Number) => {
                " (most numbers in this file have the other style)"
            }
            (SpacingMode::Consistent, LatinKind::Code) => {
                " (most placeholders in this file have the other style)"
            }
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

pub const PUNCT_SPACE: Rule = Rule {
    id: "zh/punct-space",
    severity: Severity::Warning,
    summary: "a space next to full-width punctuation in Chinese text (`对不起， 你`)",
    fixable: true,
    check: Some(Check::Segment(|_| text_finder(punct_space))),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (14 of 14) in real zh catalogues, 2 of 2 in Apache Superset's. See docs/precision.md.",
    explain: "\
Full-width punctuation carries its own space, so a space between it and a
Chinese character or a Latin word is a typing slip (clreq; autocorrect
removes it too):

    对不起， 你没有权限访问。      <- zh/punct-space
    选择一个有效的选项： 该选择不在可用的选项中。

Checked marks: `，。、；：？！`. Not reported: a space next to a placeholder
(`读取错误： %s`), which catalogues write on purpose, and spaces around
quotes and brackets. The fix removes the space.",
};

/// `zh/punct-space`
pub fn punct_space(text: &str) -> Vec<Finding> {
    spaces_at_fullwidth_punct(text)
        .into_iter()
        .map(|range| {
            Finding::new(
                range,
                "a space next to full-width punctuation".into(),
                "remove the space".into(),
            )
            .replace("")
        })
        .collect()
}

pub const SCRIPT_MIX: Rule = Rule {
    id: "zh/script-mix",
    severity: Severity::Warning,
    summary: "a Traditional character in Simplified Chinese, or a Simplified one in Traditional",
    fixable: true,
    check: Some(Check::Document(check_script_mix)),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (2 of 2) in real zh catalogues, and 60 of a 60-finding sample of 718 in Apache Superset's zh_TW catalogue, which mixes in Simplified characters. See docs/precision.md.",
    explain: "\
Reports characters that exist only in Traditional script in a Simplified
Chinese text (`zh-CN`, `zh-SG`, `zh-Hans`), and characters that exist only in
Simplified script in a Traditional one (`zh-TW`, `zh-HK`, `zh-MO`,
`zh-Hant`):

    msgstr \"点击這里\"   (zh_CN)   <- zh/script-mix: `這` is Traditional; use `这`

The script comes from the language (flag, config, or the file's header such as
a PO `Language:`); for a bare `zh` or an unknown language, the file's own
majority decides, and nothing is reported when neither script clearly
dominates. Characters valid in both scripts (著, 干, 里, 台, 只, 系, 面 and the
like) are never reported. Segments that name Chinese languages or regions
(`Traditional Chinese` -> 繁體中文 in a Simplified catalogue) are left
alone, since they mix scripts on purpose.

The fix converts the characters where the conversion is one-to-one, by
character or by a word of OpenCC's phrase tables (`書籤` -> `书签`), and in
the region's standard forms (`為` in Taiwan, `爲` in Hong Kong); otherwise
(`發` or `髮` for `发`) it is left to a person. Character data: OpenCC
(Apache-2.0).",
};

/// Whether a segment names Chinese languages, scripts or regions, and so
/// may mix scripts on purpose (`Traditional Chinese` -> 繁體中文).
fn names_chinese_varieties(source: Option<&str>, target: &str) -> bool {
    const TARGET_WORDS: [&str; 12] = [
        "中文", "繁體", "繁体", "正體", "正体", "簡體", "简体", "漢語", "汉语", "華語", "华语",
        "粵語",
    ];
    const SOURCE_WORDS: [&str; 8] = [
        "chinese",
        "taiwan",
        "hong kong",
        "macau",
        "mandarin",
        "cantonese",
        "traditional",
        "simplified",
    ];
    TARGET_WORDS.iter().any(|w| target.contains(w))
        || source.is_some_and(|s| {
            let lower = s.to_lowercase();
            SOURCE_WORDS.iter().any(|w| lower.contains(w))
        })
}

/// `zh/script-mix`: the script comes from the language tag, else from the
/// file's clear majority.
fn check_script_mix(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    use crate::chinese_script::{self as cs, Region};
    let tag = cx.options.target_lang.as_deref();
    let chinese: Vec<usize> = (0..cx.doc.segments.len())
        .filter(|&i| {
            let target = &cx.doc.segments[i].target.text;
            cx.is_chinese(i)
                && !names_chinese_varieties(
                    cx.doc.segments[i].source.as_ref().map(|s| s.text.as_str()),
                    target,
                )
        })
        .collect();
    let script = match tag.and_then(cs::script_of_tag) {
        Some(script) => script,
        None => {
            let (simplified, traditional) = chinese
                .iter()
                .map(|&i| cs::count_one_script(&cx.doc.segments[i].target.text))
                .fold((0, 0), |(s, t), (ds, dt)| (s + ds, t + dt));
            // A clear majority only: a file that is half and half has no
            // style to hold the rest to.
            if simplified >= 4 * traditional.max(1) {
                cs::Script::Simplified
            } else if traditional >= 4 * simplified.max(1) {
                cs::Script::Traditional(Region::Unspecified)
            } else {
                return;
            }
        }
    };
    let (this, other) = match script {
        cs::Script::Simplified => ("Simplified", "Traditional"),
        cs::Script::Traditional(_) => ("Traditional", "Simplified"),
    };
    for i in chinese {
        let piece = &cx.doc.segments[i].target;
        let text = &piece.text;
        let mut run: Option<std::ops::Range<usize>> = None;
        let mut flush = |run: std::ops::Range<usize>| {
            let found = &text[run.clone()];
            let mut d = Diagnostic::new(
                SCRIPT_MIX.id,
                SCRIPT_MIX.severity,
                piece.file_span(run.clone()),
                format!("`{found}` is {other} Chinese in {this} Chinese text"),
            );
            match cs::convert(found, script) {
                Some(converted) => {
                    d = d
                        .with_label(format!("use `{converted}`"))
                        .with_fix(piece.file_span(run), converted.clone())
                        .with_replacement(converted);
                }
                None => {
                    d = d.with_label(format!(
                        "write it in {this} script (more than one character fits)"
                    ));
                }
            }
            out.push(d);
        };
        for (at, c) in text.char_indices() {
            if cs::foreign_to(c, script).is_some() {
                match &mut run {
                    Some(r) if r.end == at => r.end = at + c.len_utf8(),
                    _ => {
                        if let Some(done) = run.take() {
                            flush(done);
                        }
                        run = Some(at..at + c.len_utf8());
                    }
                }
            }
        }
        if let Some(done) = run {
            flush(done);
        }
    }
}

pub const ELLIPSIS_DASH: Rule = Rule {
    id: "zh/ellipsis-dash",
    severity: Severity::Warning,
    summary: "an ellipsis or dash in Chinese text written `...`, `。。。`, `…` or a lone `—`",
    fixable: true,
    check: Some(Check::Segment(|_| {
        Some(Box::new(|_, target, source| {
            ellipsis_dash(target.text, source)
        }))
    })),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (5 of 5) in real zh catalogues (`另存为...` in prose; marks quoted in brackets are no longer reported). See docs/precision.md.",
    explain: "\
In running Chinese text the ellipsis is `……` (two `…`, six dots) and the dash
`——` (two em dashes). Reported, with that fix:

    他说...我们走吧        <- zh/ellipsis-dash: use `……`
    等一下。。。           <- zh/ellipsis-dash
    他周一到周五上班。。   <- zh/ellipsis-dash: a doubled `。`, use `。`
    默认假定为否—请联系作者  <- zh/ellipsis-dash: use `——`

Not reported: an ellipsis ending a catalogue string (`导出…`, `正在保存...`,
`载入中...`), which is a UI convention, nor a lone `…` ending any text; an
ellipsis after Latin text, a number or a placeholder (`%(text)s...`,
`%s, ...`); and dashes between Latin words or digits.",
};

/// Whether `c` belongs to Chinese running text for this rule: Han, or
/// Chinese punctuation that closes or opens a phrase.
fn chinese_side(c: Option<char>) -> bool {
    is_han(c)
        || matches!(
            c,
            Some('”' | '“' | '」' | '「' | '』' | '『' | '）' | '（' | '》' | '《')
        )
}

/// `zh/ellipsis-dash`
pub fn ellipsis_dash(text: &str, source: Option<&str>) -> Vec<Finding> {
    let mut out = Vec::new();
    if !text.contains("...") && !text.contains('…') && !text.contains("。。") && !text.contains('—')
    {
        return out;
    }
    // A catalogue string that ends in an ellipsis is a UI label or status
    // (`正在保存...`, `载入中...`): the platform's convention, not prose.
    let ui_ellipsis = source.is_some();
    let technical = super::text::technical_ranges(text);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        let run_of = |wanted: char| chars[k..].iter().take_while(|&&(_, x)| x == wanted).count();
        let run = match c {
            '.' | '。' | '…' | '—' => run_of(c),
            _ => {
                k += 1;
                continue;
            }
        };
        let end = chars.get(k + run).map_or(text.len(), |&(i, _)| i);
        k += run;
        let (prev, _) = before(text, at);
        let (next, _) = after(text, end);
        let at_end = text[end..].trim().is_empty();
        let (found, fix) = match (c, run) {
            ('.', n) if n >= 3 => ("`...`", "……"),
            // Two are a full stop typed twice (`上班。。`), three or more an
            // ellipsis.
            ('。', 2) => ("a doubled `。`", "。"),
            ('。', n) if n >= 3 => ("repeated `。`", "……"),
            ('…', 1) | ('…', 3..) => ("`…`", "……"),
            ('—', 1) => ("a lone `—`", "——"),
            _ => continue,
        };
        if super::text::in_ranges(&technical, at) || !chinese_side(prev) {
            continue;
        }
        // Alone in brackets, the marks are quoted characters, not an
        // ellipsis or a dash: `三个点（...）`, YAML's `（---）`.
        let bracketed = text[..at].ends_with(['(', '（', '[', '【'])
            && text[end..].starts_with([')', '）', ']', '】']);
        if bracketed {
            continue;
        }
        if c == '—' {
            // A dash joins two phrases: Chinese on both sides, or a
            // placeholder after it.
            let placeholder_next = text[end..].trim_start().starts_with(['%', '{']);
            if !(chinese_side(next) || placeholder_next) {
                continue;
            }
        } else if at_end && (ui_ellipsis || c == '…') {
            continue;
        }
        out.push(
            Finding::new(
                at..end,
                format!("{found} in Chinese text"),
                format!("use `{fix}`"),
            )
            .replace(fix),
        );
    }
    out
}

pub const QUOTES: Rule = Rule {
    id: "zh/quotes",
    severity: Severity::Warning,
    summary: "Chinese quotation marks that break the file's style, or straight quotes around Chinese",
    fixable: true,
    check: Some(Check::Document(check_quotes)),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (13 of 13) in real zh catalogues, Apache Superset's included (straight quotes around Chinese; a file whose habit differs from its locale's convention is no longer reported). See docs/precision.md.",
    explain: "\
Chinese text quotes with “ ” (mainland, Singapore) or 「 」 (Taiwan, Hong
Kong). Reported:

- a pair in the style that the rest of the file does not use: the file's
  majority style wins, so a project's own convention is kept; where a file
  has no majority, the locale's convention decides (“ ” for zh-CN, zh-SG and
  zh-Hans; 「 」 for zh-TW, zh-HK, zh-MO and zh-Hant), and with neither,
  nothing is reported. Where the file's habit and its locale's convention
  differ (mostly 「 」 in a zh-CN file), both styles are defensible and
  neither is reported;
- straight ASCII quotes `\"...\"` around Chinese text.

    msgstr \"请输入“名称”和「地址」\"    <- zh/quotes: 「地址」 breaks the file's “ ” style
    msgstr \"没有\\\"主题\\\"设置\"          <- zh/quotes: use “主题”

Not reported: straight quotes around Latin text, code or placeholders
(`\"Control\"`, `\"{name}\"`), which are often literal input. The fix writes the
pair in the file's style.",
};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum QuoteStyle {
    Curly,
    Corner,
}

impl QuoteStyle {
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            QuoteStyle::Curly => ("“", "”"),
            QuoteStyle::Corner => ("「", "」"),
        }
    }
}

/// A quoted span in a target: where its marks are and how it is quoted.
struct Quoted {
    open: std::ops::Range<usize>,
    close: std::ops::Range<usize>,
    /// `None`: straight ASCII quotes.
    style: Option<QuoteStyle>,
}

/// The pairs of quotation marks in `text`: curly and corner pairs, and
/// straight pairs around Chinese text.
fn quoted_spans(text: &str) -> Vec<Quoted> {
    let mut out = Vec::new();
    let pairs = [
        ('“', '”', Some(QuoteStyle::Curly)),
        ('「', '」', Some(QuoteStyle::Corner)),
    ];
    for (open, close, style) in pairs {
        let mut from = 0;
        while let Some(o) = text[from..].find(open).map(|i| from + i) {
            let inner_start = o + open.len_utf8();
            let Some(c) = text[inner_start..].find(close).map(|i| inner_start + i) else {
                break;
            };
            // A nested opening mark before the close: not a simple pair.
            if !text[inner_start..c].contains(open) {
                out.push(Quoted {
                    open: o..inner_start,
                    close: c..c + close.len_utf8(),
                    style,
                });
            }
            from = c + close.len_utf8();
        }
    }
    let straight: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
    if straight.len().is_multiple_of(2) {
        for pair in straight.chunks(2) {
            let inner = &text[pair[0] + 1..pair[1]];
            // Around Chinese words only: not code, placeholders or Latin.
            let chinese = inner.chars().any(|c| is_han(Some(c)))
                && !inner
                    .chars()
                    .any(|c| c.is_ascii_alphanumeric() || "%{}<>=/\\".contains(c));
            if chinese {
                out.push(Quoted {
                    open: pair[0]..pair[0] + 1,
                    close: pair[1]..pair[1] + 1,
                    style: None,
                });
            }
        }
    }
    out.sort_by_key(|q| q.open.start);
    out
}

/// `zh/quotes`: the file's Chinese targets are counted together.
fn check_quotes(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    use crate::chinese_script::{Script as Written, script_of_tag};
    let tag = cx.options.target_lang.as_deref();
    let mut found: Vec<(usize, Quoted)> = Vec::new();
    for (i, segment) in cx.doc.segments.iter().enumerate() {
        let text = &segment.target.text;
        if !cx.is_chinese(i) {
            continue;
        }
        if !text.contains(['“', '「', '"']) {
            continue;
        }
        found.extend(quoted_spans(text).into_iter().map(|q| (i, q)));
    }
    let count = |style| found.iter().filter(|(_, q)| q.style == Some(style)).count();
    let (curly, corner) = (count(QuoteStyle::Curly), count(QuoteStyle::Corner));
    let convention = match tag.and_then(script_of_tag) {
        Some(Written::Simplified) => Some(QuoteStyle::Curly),
        Some(Written::Traditional(_)) => Some(QuoteStyle::Corner),
        None => None,
    };
    let majority = if curly > corner {
        Some(QuoteStyle::Curly)
    } else if corner > curly {
        Some(QuoteStyle::Corner)
    } else {
        None
    };
    // A file whose habit differs from its locale's convention (「」 in a
    // zh_CN file) has two defensible styles: neither is reported.
    let style = match (majority, convention) {
        (Some(habit), Some(standard)) if habit != standard => None,
        (Some(habit), _) => Some(habit),
        (None, standard) => standard,
    };
    for (i, quoted) in found {
        let piece = &cx.doc.segments[i].target;
        let (message, label, want) = match (quoted.style, style) {
            (None, _) => {
                // The file's habit first: a fix in the other style would
                // tip its majority and start a cascade of rewrites.
                let want = majority.or(convention).unwrap_or(QuoteStyle::Curly);
                (
                    "straight quotes around Chinese text".to_owned(),
                    "use Chinese quotation marks",
                    want,
                )
            }
            (Some(have), Some(want)) if have != want => {
                let (o, c) = have.pair();
                (
                    format!("`{o}...{c}` breaks the file's quotation style"),
                    "most of this file quotes the other way",
                    want,
                )
            }
            _ => continue,
        };
        let (open, close) = want.pair();
        let inner = &piece.text[quoted.open.end..quoted.close.start];
        let replacement = format!("{open}{inner}{close}");
        let whole = quoted.open.start..quoted.close.end;
        out.push(
            Diagnostic::new(
                QUOTES.id,
                QUOTES.severity,
                piece.file_span(whole.clone()),
                message,
            )
            .with_label(format!("{label}: `{replacement}`"))
            .with_fix(piece.file_span(whole), replacement.clone())
            .with_replacement(replacement),
        );
    }
}

pub const REPEATED_CHAR: Rule = Rule {
    id: "zh/repeated-char",
    severity: Severity::Warning,
    summary: "a Chinese function word typed twice (`的的`, `是是`)",
    fixable: false,
    check: Some(Check::Segment(|cx| {
        Some(Box::new(|_, text, _| {
            repeated_char(text.text, || cx.matcher.source.segmenter())
        }))
    })),
    reads_terms: false,
    script: Script::Chinese,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (4 of 4) in real zh catalogues (`添加在在`, `新的的`); 4 of 4 in Tatoeba's human translations, once a doubled 是 ending its clause (`短回答是是。`, the answer is \"yes\") was left alone. See docs/precision.md.",
    explain: "\
Reports a Chinese function word written twice in a row by mistake, as typing
and machine translation leave behind:

    这是我的的书      <- zh/repeated-char

Only function words that are never doubled on purpose are checked (的 了 是
在 和 与 及 被 为 于 并 或 也 都 就 又 这 那 们), and only where a word
segmentation (jieba, with the glossary's Chinese terms in its dictionary,
the same one the terms are matched with) makes both a word of their own,
so that two words
that meet are not reported: 为了了解 (为了 + 了解), 目的的 (目的 + 的),
但是是否 (但是 + 是否), and idioms such as 的的确确 or 不了了之. Real
reduplication (谢谢, 常常, 人人, 看看, 试试) is never checked. The suggestion
removes the repetition; `--fix` leaves it to a person. A doubled 是 that
ends its clause or is quoted is the answer \"yes\" after the verb (短回答是是。)
and is not reported.",
};

/// Function words that are never doubled on purpose; a doubled one is only
/// reported where the segmenter makes each a word of its own.
const SINGLE_FUNCTION_WORDS: &str = "的了是在和与及被为于并或也都就又这那们";

/// `zh/repeated-char`, with the glossary's segmenter (built on first need,
/// so it is asked for only when a function word is doubled).
pub fn repeated_char<'s>(
    text: &str,
    segmenter: impl FnOnce() -> &'s crate::segmenter::Segmenter,
) -> Vec<Finding> {
    let doubled = |w: &[char]| w[0] == w[1] && SINGLE_FUNCTION_WORDS.contains(w[0]);
    let chars: Vec<char> = text.chars().collect();
    if !chars.windows(2).any(doubled) {
        return Vec::new();
    }
    let words = segmenter().cut(text, false);
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let (a, b) = (&text[pair[0].clone()], &text[pair[1].clone()]);
        let one = |w: &str| w.chars().count() == 1;
        // `短回答是是。`: "the answer is yes", the second 是 a reply that
        // ends its clause (or stands quoted), not the verb typed twice.
        let answer_yes = a == "是"
            && text[pair[1].end..]
                .chars()
                .next()
                .is_none_or(|c| "。，！？；：,.!?;:”’」』\"'）)".contains(c));
        if one(a) && a == b && SINGLE_FUNCTION_WORDS.contains(a) && !answer_yes {
            out.push(
                Finding::new(
                    pair[1].clone(),
                    format!("`{a}` twice"),
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
        // A closing tag (`是否确定?</p>`) ends the sentence too.
        let ends = next.is_none()
            || matches!(next, Some('\n' | '"' | '\'' | '”' | '’' | '」' | '』'))
            || text[to..].starts_with("</");
        // A comma also joins a Chinese clause to a Latin word on either
        // side (`iPhone,好开心`, `测试英文,Comma`), but not two Latin or
        // numeric items (`1,000`, `A,B`).
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        // After a Chinese character, a comma, colon or semicolon is Chinese
        // punctuation whatever follows (`排序优先级: %(n)s`, `选项, %(value)s`).
        let comma_clause = b == b',' && latin(prev) && is_han(next);
        // Not a mark glued to the word after it, which is code (reST's
        // `:widths:`), nor `; %s`, which Sphinx parses as an index entry.
        let glued = b == b':' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
        let index_entry = b == b';' && !is_han(next);
        let after_chinese = matches!(b, b',' | b':' | b';')
            && is_han(prev)
            && next.is_some()
            && !glued
            && !index_entry;
        if !comma_clause && !after_chinese && (!is_han(prev) || !(is_han(next) || ends)) {
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
    fn ascii_colon_house_style_needs_nine_in_ten_and_five() {
        let ascii = "错误: {0}";
        let full = "错误：{0}";
        let texts = |a: usize, f: usize| {
            std::iter::repeat_n(ascii, a)
                .chain(std::iter::repeat_n(full, f))
                .collect::<Vec<_>>()
        };
        assert!(ascii_colon_is_house_style(texts(9, 1).into_iter()));
        assert!(ascii_colon_is_house_style(texts(5, 0).into_iter()));
        assert!(!ascii_colon_is_house_style(texts(4, 0).into_iter()));
        assert!(!ascii_colon_is_house_style(texts(8, 2).into_iter()));
        // `10:30` and `https:` are no colons after Chinese.
        assert!(!ascii_colon_is_house_style(
            ["会议 10:30", "见 https://x", "a:b", "c:d", "e:f"].into_iter()
        ));
    }

    #[test]
    fn ascii_punct_in_chinese() {
        let text = "请输入账户 %(name)s 和密码. 注意区分大小写.";
        assert_eq!(flagged(ascii_punct, text), vec![". ", "."]);
        assert_eq!(
            super::super::apply_findings(text, &ascii_punct(text)),
            "请输入账户 %(name)s 和密码。注意区分大小写。"
        );
        assert_eq!(flagged(ascii_punct, "文件(可选)已删除"), vec!["(", ")"]);
        // From autocorrect's tests: a comma between a Latin word and a
        // Chinese clause, a full stop before a closing quote, and a sentence
        // with a code name (`BABA.US`) elsewhere in it.
        assert_eq!(
            flagged(ascii_punct, "刚刚买了一部 iPhone,好开心!"),
            vec![",", "!"]
        );
        assert_eq!(
            flagged(ascii_punct, "测试英文,Comma逗号转换."),
            vec![",", "."]
        );
        assert_eq!(flagged(ascii_punct, "'请求参数错误.'"), vec!["."]);
        assert_eq!(
            flagged(
                ascii_punct,
                "公告:(美股)阿里巴巴[BABA.US]发布2019下半年财报!"
            ),
            vec![":", "!"]
        );
        assert_eq!(
            flagged(ascii_punct, "%(objects_name)s, 将要求删除"),
            vec![", "]
        );
        for ok in [
            "版本 3.14 和 1,000 个文件，10:30 开始",
            "使用 Node.js 或 e.g. 其他工具",
            "访问 https://example.com/a,b 或 info@example.com.cn",
            "打开 report.pdf 文件",
            "请稍候...",
            "导出…",
            "已删除 %(count)s.",
            "共有 (3) 项",
            "Hello, world.",
            "共 1,000 个，A,B 两项",
            "你好hello?world!",
            "来自Yahoo!的文档",
        ] {
            assert!(
                ascii_punct(ok).is_empty(),
                "{ok}: {:?}",
                flagged(ascii_punct, ok)
            );
        }
    }

    #[test]
    fn ellipses_and_dashes() {
        let find = |text: &str| -> Vec<String> {
            ellipsis_dash(text, None)
                .into_iter()
                .map(|f| text[f.range].to_owned())
                .collect()
        };
        assert_eq!(find("他说...我们走吧"), vec!["..."]);
        assert_eq!(find("等一下。。。"), vec!["。。。"]);
        assert_eq!(find("他说…我们走吧"), vec!["…"]);
        assert_eq!(find("默认假定为否—请联系作者"), vec!["—"]);
        assert_eq!(find("修改了“%(object)s”—%(changes)s"), vec!["—"]);
        assert_eq!(find("事情就这样结束了..."), vec!["..."]);
        for ok in [
            "以……开始",
            "请立即保存——它们不会再次显示。",
            "导出…",
            "%(truncated_text)s...",
            "配置已改变 (%d 个选项: %s, ...)",
            "版本 1.0—2.0",
            "见 http://example.com/a...b",
        ] {
            assert!(find(ok).is_empty(), "{ok}: {:?}", find(ok));
        }
        assert!(ellipsis_dash("正在保存...", Some("Saving...")).is_empty());
        assert!(ellipsis_dash("载入中...", Some("Loading")).is_empty());
        assert_eq!(ellipsis_dash("他说...我们", Some("He said... we")).len(), 1);
        assert!(ellipsis_dash("开始输入以筛选...", Some("Start typing to filter…")).is_empty());
        let text = "他说...我们走吧";
        assert_eq!(
            super::super::apply_findings(text, &ellipsis_dash(text, None)),
            "他说……我们走吧"
        );
    }

    /// `zh/repeated-char` with a segmenter of the default dictionary.
    fn repeated_char_plain(text: &str) -> Vec<Finding> {
        static SEGMENTER: std::sync::LazyLock<crate::segmenter::Segmenter> =
            std::sync::LazyLock::new(Default::default);
        repeated_char(text, || &SEGMENTER)
    }

    #[test]
    fn repeated_function_words() {
        let repeated_char = repeated_char_plain;
        assert_eq!(
            flagged(repeated_char, "这是我的的书，他们也也去了，他是是学生"),
            vec!["的", "也", "是"]
        );
        for ok in [
            "为了了解情况",
            "实现目的的手段",
            "但是是否可行",
            "的的确确如此",
            "此事不了了之",
            "谢谢，常常，人人，看看，试试",
            "个个都好",
            // Real (Tatoeba): "The short answer is yes."
            "短回答是是。",
            "答案是“是”",
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
