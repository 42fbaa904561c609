//! Bilingual rules, comparing each segment's target with its source:
//! `bitext/term`, `bitext/number`, `bitext/placeholder`,
//! `bitext/untranslated` and `bitext/end-punct`.

use std::ops::Range;

use rayon::prelude::*;

use super::numbers::{self, Number};
use super::text::is_cjk;
use super::{Check, Context, Rule, Script};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Format, OBJECT, Piece, Segment};
use crate::language::Writing;
use crate::matcher::Hit;

pub const TERM: Rule = Rule {
    id: "bitext/term",
    severity: Severity::Warning,
    summary: "a glossary source term whose approved translation is missing from the target",
    fixable: false,
    check: Some(Check::Document(check_terms)),
    reads_terms: true,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "no findings on the real-data corpus (its zh catalogues have no glossary of their own). See docs/precision.md.",
    explain: "\
In a bilingual file, reports a segment whose source contains a glossary
source form (`source = [\"海上丝绸之路\", \"海丝\"]`) while the target lacks the
term's canonical rendering. The message names the source term, the expected
rendering and what the target has instead; a known variant is named as such
(when term/variant runs, it reports that variant, with its fix, and this
rule does not report it again).

    海丝先行区  ->  the Hai Silk pilot zone     <- bitext/term: expected `Maritime Silk Road`",
};

pub const NUMBER: Rule = Rule {
    id: "bitext/number",
    severity: Severity::Warning,
    summary: "numbers of source and target disagree in value",
    fixable: false,
    check: Some(Check::Document(check_numbers)),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (14 of 14) in real zh catalogues, Apache Superset's included (27 false alarms before numbers in words stopped being reported; numbers glued to a name, `Menu2`, and ordinals such as 第一 for `1st` no longer are); 2 of 2 on 53,000 Tatoeba zh-en pairs, where it had 109 findings before times of day, months, ranges, discounts, multiples and ages in tens (`in his twenties`) were read. See docs/precision.md.",
    explain: "\
Compares the numbers of source and target by value, in any order: digits
with separators and decimals (Western, full-width, and the decimal digits of
other scripts: Arabic-Indic `٢٥`, Persian `۲۵`, Devanagari, Bengali `২৫`,
Thai, ...), percentages (`百分之三点四` = 3.4%),
Chinese numerals (`十六`, `两`, `一百二十`), CJK magnitudes (`343亿` = 34.3
billion, `950万` = 9.5 million, `3.43万亿` = 3.43 trillion), English number
words and ordinals (`sixth` = 第六, `Sixteenth`, `twelve`), years and dates.

    出口额343亿元  ->  exports of 3430 billion yuan   <- bitext/number
    出口额343亿元  ->  exports of 34.3 billion yuan   <- fine

Precision first: only numbers written with digits are reported (missing,
extra, or a wrong one in place of the right one, as one finding). Numbers in
words (`两`, `twelve`, `第十六`) may match a number on the other side but are
never reported on their own: they are too often not numbers (`两手`, `一律`,
`a second`, `a couple`). Digits that belong to a code or a name (`G20`,
`COVID-19`, `A4`, `H.264`) and placeholders are left out; `$100 billion` is
an amount. A value both sides have is never reported, however often each
mentions it (`between 0 and 1 (exclusive)` = `介于0和1（不包含1）`), and 每
(every) stands for a 1 (`1 month frequency` = `每月的频率`).

Everyday numbers are read the way translators render them: times of day
compare as times (`七点四十五分` = `7:45`, `3点半` = `3:30`, `23点` = `11 p.m.`;
a time the other side does not write as one, `quarter to eight`, is left
alone), month names match their numbers (`10月` = `October`), ranges give
both values (`两三年` = `2 or 3 years`), discounts both percentages (`九折` =
`10% off` or `90%`), decades of a century their year (`二十世纪三十年代` =
`the 1930s`), a year's last two digits its year (`'92` and `九二年` = 1992), a date
said relative to the story's own date is not a lost number (`19日` = `on
Tuesday`, `2019年` = `last year`),
and `double`, `twice`, `half`, `a`/`an` and `dozen` stand for
their numbers (`2倍` = `double`, `1小时` = `an hour`, `半小时` = `30 minutes`).",
};

pub const PLACEHOLDER: Rule = Rule {
    id: "bitext/placeholder",
    severity: Severity::Error,
    summary: "placeholders or tags of the source missing from the target, or added",
    fixable: false,
    check: Some(Check::Document(check_placeholders)),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (12 of 12) in real zh catalogues (15 false alarms on plural forms and `%(name)s` followed by letters before; text and metavariables in angle brackets no longer). See docs/precision.md.",
    explain: "\
Compares the placeholders of source and target, in any order. Named and
numbered ones (`%(name)s`, `%1$s`, `{0}`, `{name}`) compare as sets: using
one twice or once is the same. The others (`%s`, `{}`, tags) take their
arguments in turn and compare as multisets. A named conversion may be
followed directly by letters (`%(link)ssign up`). For a PO plural form, the
target may use what either msgid or msgid_plural has, and with one plural
form (Chinese) msgstr[0] is read against msgid_plural. When one side takes
printf arguments in turn and the other numbers them (`%s ... %d` translated
`%2$d ... %1$s`), each argument is compared by its position, type included.

Kinds: printf conversions (`%s`, `%1$d`, `%(name)s`, `%'d`), Boost.Format
positions (`%1%`), brace placeholders (`{}`, `{0}`, `{name}`, and `{{name}}`
as i18next, Angular and Vue write them), i18next nesting (`$t(key)`), Qt's
`%1`, `%NAME%`, `$(name)`, `$name$`, `$name`, `@name@`, entities a program
defines (`&brandShortName;`, not `&amp;` or `&nbsp;`), XML and HTML tags (`<b>`, `</b>`,
`<br/>`) with their attributes, and XLIFF or TMX inline elements (`<g>`,
`<x/>`, `<ph>`, `<bpt>`, ...). A tag's attributes must all be kept, with
their values, except values a translation may change: translatable text
(`alt`, `title`, `placeholder`, `aria-label`, ...), addresses (`href`,
`src`: often localised), and language and direction (`lang`, `dir`). A
source that is one word in angle brackets and nothing else (`<Unknown>`) is
text to translate, not a tag.

A PO entry flagged `c-format`, `python-format` or `python-brace-format` is
checked as gettext's `msgfmt -c` checks it: only that language's directives
count (braces are text in a C format string), arguments are matched by
position or name, by type (`%d` for `%s` is reported) and by flags, width
and precision (`%-20s` for `%-12s`, which misaligns columns; a grouping `'`
may be added), a brace field also by the attribute or index it reads
(`{user.email}` for `{user.name}`). Reordering with `%2$s` is allowed. A `%`
that starts no directive (`100% 完成`, where `%%` is meant) is reported at
the `%`, and in `python-brace-format` a single `}` (`{count}}`), which
`str.format` rejects.

    %d 个文件  ->  files    <- bitext/placeholder: `%d` is missing",
};

pub const LOCKED: Rule = Rule {
    id: "bitext/locked",
    severity: Severity::Error,
    summary: "a unit marked not to be translated whose target differs from its source",
    fixable: false,
    check: Some(Check::Document(check_locked)),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "no findings on the real-data corpus (its catalogues are gettext, which has no such mark). See docs/precision.md.",
    explain: "\
A unit that the file marks as not to be translated (XLIFF `translate=\"no\"`
on a `trans-unit` or `unit`, or inherited from an enclosing `<group>` or
`<file>` that no nearer element overrides) must keep its source text. Reported: such a unit
whose target exists and differs from the source. An empty target is fine, and
no other bilingual rule checks these units (they are never `untranslated`).

    <trans-unit id=\"brand\" translate=\"no\">
      <source>Acme Cloud</source>
      <target>艾克米云</target>          <- bitext/locked
    </trans-unit>",
};

/// `bitext/locked`
fn check_locked(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for segment in cx.doc.segments.iter().filter(|s| s.unit.locked) {
        let Some(source) = &segment.source else {
            continue;
        };
        let target = &segment.target;
        if target.text.trim().is_empty() || target.text.trim() == source.text.trim() {
            continue;
        }
        let mut d = Diagnostic::new(
            LOCKED.id,
            LOCKED.severity,
            target_span(target),
            "this unit is marked not to be translated, but its target differs from the source",
        )
        .with_label("must equal the source")
        .with_replacement(source.text.clone());
        if source_in_file(cx) {
            d = d.with_secondary(target_span(source), "the source");
        }
        out.push(d);
    }
}

pub const UNTRANSLATED: Rule = Rule {
    id: "bitext/untranslated",
    severity: Severity::Warning,
    summary: "an empty target, a target identical to the source, or one still in the source script",
    fixable: false,
    check: Some(Check::Document(check_untranslated)),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "99.8% (470 of 471) in real zh catalogues, and 60 of a 60-finding sample of 1,088 in Apache Superset's, mostly empty targets (targets of placeholders only, and names kept as they are, are no longer reported). See docs/precision.md.",
    explain: "\
Reports a segment whose target is empty, identical to its source (when the
source, placeholders aside, is more than a number, a code, a URL or a single
Latin token), or still mostly written in the source's script (Chinese
characters in an English target). For a target declared in a language
written with an alphabet (not Chinese, Japanese or Korean), text such
languages keep as it is is not reported either: names and codes with at
most one distinct lower-case word (`Linux kernel`, `Gettext (PO)`,
`x86_64, arm64`) and copyright lines.",
};

pub const WHITESPACE: Rule = Rule {
    id: "bitext/whitespace",
    severity: Severity::Warning,
    summary: "leading or trailing whitespace or newlines that differ from the source's",
    fixable: false,
    check: Some(Check::Document(check_whitespace)),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (58 of 58) in real zh catalogues, where a source's edge spaces may go but spaces the target adds may not. See docs/precision.md.",
    explain: "\
Reports a target whose leading or trailing whitespace differs from its
source's: a newline, a space or a tab that the program relies on (to join
strings, to end a line of output) added or lost in translation, as
pofilter's startwhitespace/endwhitespace and Weblate's checks do.

    msgid \"Loading...\\n\"   msgstr \"正在加载……\"    <- bitext/whitespace

Only space, tab and newline count; an empty target is bitext/untranslated's.
Not reported: a Chinese, Japanese or Korean target without the spaces at
the source's edge (those languages join words without them), and a source
edge that is a line break plus indentation, a template's layout (Django's
`{% blocktrans %}` block) that HTML collapses.",
};

pub const END_PUNCT: Rule = Rule {
    id: "bitext/end-punct",
    severity: Severity::Info,
    summary: "source and target end differently (full stop, question, exclamation, colon)",
    fixable: false,
    check: Some(Check::Document(check_end_punct)),
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "100% (176 of 176) in real zh catalogues, and 60 of a 60-finding sample of 152 in Apache Superset's, where only the minority habit of the file is reported, for full stops and colons and for exclamation marks apart; 0 findings on 29,000 Tatoeba zh-en pairs, where a changed kind of ending (`别笑！` = `Don't laugh.`) had drawn 193 wrong ones. See docs/precision.md.",
    explain: "\
Reports a segment whose source ends a sentence, a question, an exclamation or
a lead-in (`。` `？` `！` `：` `.` `?` `!` `:`) while the target does not end
correspondingly. CJK and Latin marks correspond: `。` is `.`, `？` is `?`; a
full stop and a colon both close a label. Other scripts' marks count too
(the danda `।`, Armenian `։` `՞` `՜`, Arabic `؟`, Myanmar `။` for any sentence,
Greek `;` as a question mark in Greek targets; in Armenian targets `՜` and
`՞` sit over a vowel inside the word, so a dropped final `!` and a question
ending `։` with a `՞` in it are fine), and `?!`, `!?`, `⁉` answer
either a question or an exclamation. Closing quotes and brackets after
the mark are ignored, an abbreviation's period (`etc.`, `a.m.`) ends nothing,
and a source without a sentence end gives nothing to compare. Chinese,
Japanese and Korean catalogues often drop the final `。` (and `！`) on
purpose: there (with the default `end-punct = \"consistent\"`) a dropped mark
is reported only where most units of the file keep it (for a tie,
nothing), full stops and colons counted apart from exclamation marks.
Between Chinese, Japanese or Korean and a language written with spaces,
only a lost final mark is reported: which mark ends the sentence is the
translator's choice there (`别笑！` = `Don't laugh.`, `这么着急干什么。` =
`What's the rush?`, `他问我是否很忙？` = `He asked me if I was busy.`).
`end-punct = \"match\"` compares every unit, and every kind of ending.

    你好吗？  ->  How are you     <- bitext/end-punct
    Open.     ->  Geöffnet!       <- bitext/end-punct
    别笑！    ->  Don't laugh.    <- fine",
};

/// The segments with a source, except locked ones (XLIFF
/// `translate="no"`), which only bitext/locked checks.
fn bilingual<'a>(cx: &Context<'a>) -> impl Iterator<Item = (usize, &'a Segment, &'a Piece)> {
    cx.doc
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.unit.locked)
        .filter_map(|(i, s)| s.source.as_ref().map(|source| (i, s, source)))
}

/// Run `check` on every segment that has a source, on several cores when
/// the document is large; diagnostics stay in segment order.
fn per_pair(
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
    check: impl Fn(usize, &Segment, &Piece, &mut Vec<Diagnostic>) + Sync,
) {
    if cx.doc.segments.len() >= super::PARALLEL_SEGMENTS {
        let found: Vec<Vec<Diagnostic>> = cx
            .doc
            .segments
            .par_iter()
            .enumerate()
            .map(|(i, segment)| {
                let mut found = Vec::new();
                if let Some(source) = &segment.source
                    && !segment.unit.locked
                {
                    check(i, segment, source, &mut found);
                    with_props(segment, &mut found);
                }
                found
            })
            .collect();
        out.extend(found.into_iter().flatten());
    } else {
        for (i, segment, source) in bilingual(cx) {
            let before = out.len();
            check(i, segment, source, out);
            with_props(segment, &mut out[before..]);
        }
    }
}

/// A TMX unit's recorded properties (`x-context: menu`) as notes of its
/// findings.
fn with_props(segment: &Segment, found: &mut [Diagnostic]) {
    for d in found {
        d.notes.extend(segment.unit.props.iter().cloned());
    }
}

/// The target's file span without surrounding whitespace (or where an empty
/// target is).
fn target_span(piece: &Piece) -> Range<usize> {
    let start = piece.text.len() - piece.text.trim_start().len();
    let end = piece.text.trim_end().len().max(start);
    piece.file_span(start..end)
}

/// Whether the source can be pointed at in the same file.
fn source_in_file(cx: &Context<'_>) -> bool {
    cx.doc.format != Format::Aligned
}

/// Whether `name` occurs in `text`, with its exact case, not inside a
/// longer word.
fn contains_name(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        let glued = |c: Option<char>, edge: Option<char>| {
            c.zip(edge).is_some_and(|(c, e)| {
                crate::matcher::is_word_char(c)
                    && crate::matcher::is_word_char(e)
                    && !is_cjk(c)
                    && !is_cjk(e)
            })
        };
        !glued(before, name.chars().next()) && !glued(after, name.chars().next_back())
    })
}

/// `[[keep]]` names in the source must reach the target unchanged.
fn check_kept_names(
    cx: &Context<'_>,
    i: usize,
    source: &Piece,
    target: &Piece,
    out: &mut Vec<Diagnostic>,
) {
    for keep in cx.glossary.keep.iter().filter(|k| cx.applies(&k.langs, i)) {
        for name in &keep.names {
            if !contains_name(&source.text, name) || contains_name(&target.text, name) {
                continue;
            }
            let at = source.text.find(name.as_str()).unwrap_or(0);
            let mut d = Diagnostic::new(
                TERM.id,
                keep.severity.unwrap_or(TERM.severity),
                target_span(target),
                format!("`{name}` must appear unchanged in the target"),
            )
            .with_label(format!("`{name}` is missing or changed"));
            if source_in_file(cx) {
                d = d.with_secondary(source.file_span(at..at + name.len()), "in the source");
            }
            if let Some(note) = &keep.note {
                d = d.with_note(note.clone());
            }
            out.push(d);
        }
    }
}

/// `bitext/term`
fn check_terms(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    per_pair(cx, out, |i, segment, source, out| {
        let target = &segment.target;
        if target.text.trim().is_empty() {
            return;
        }
        check_kept_names(cx, i, source, target, out);
        if !cx.any_glossary_applies(i) {
            return;
        }
        let hits = &cx.target_terms[i];
        let target_lower = target.text.to_lowercase();
        let mut seen = Vec::new();
        // A term inside a placeholder or a tag (`%(username)s`,
        // `<a href="...">`) is code, not text to translate.
        let code = placeholders(&source.text);
        let targets = cx.target_writings(i);
        for (span, term_index) in cx.matcher.source.find_for(&source.text, targets) {
            if seen.contains(&term_index)
                || code
                    .iter()
                    .any(|(c, _)| c.start < span.end && span.start < c.end)
            {
                continue;
            }
            seen.push(term_index);
            let term = &cx.glossary.terms[term_index];
            if !cx.applies(&term.langs, i) {
                continue;
            }
            let canonical = cx.canonical_for(term, i);
            let has_canonical = hits.iter().any(|h| {
                h.hit == Hit::Canonical { term: term_index }
                    || h.hit
                        == Hit::Accepted {
                            term: term_index,
                            exception: false,
                        }
            }) || target_lower.contains(&term.canonical.to_lowercase())
                || target_lower.contains(&canonical.to_lowercase())
                || term
                    .accept
                    .iter()
                    .any(|a| target_lower.contains(&a.to_lowercase()));
            if has_canonical {
                continue;
            }
            let source_text = &source.text[span.clone()];
            let variant = hits
                .iter()
                .find(|h| matches!(h.hit, Hit::Variant { term, .. } if term == term_index));
            let (primary, has) = match variant {
                Some(v) => (
                    target.file_span(v.span.clone()),
                    format!("`{}`, a known variant", &target.text[v.span.clone()]),
                ),
                None => (
                    target_span(target),
                    "neither it nor a known variant".to_owned(),
                ),
            };
            let mut d = Diagnostic::new(
                TERM.id,
                TERM.severity,
                primary,
                format!(
                    "source term `{source_text}` should be translated as `{canonical}`; the target has {has}"
                ),
            )
            .with_label(format!("expected `{canonical}`"));
            if source_in_file(cx) {
                d = d.with_secondary(source.file_span(span), "source term");
            }
            if let Some(note) = &term.note {
                d = d.with_note(note.clone());
            }
            out.push(d);
        }
    });
}

/// The numbers worth comparing, each with whether it may be reported: only
/// numbers written with digits, and not digits that belong to a code or a
/// name (`G20`, `COVID-19`, `A4`, `K562`, `H.264`, `mp3`, `pre-2.0`). Those
/// still match a number on the other side (`pre-2.0` = `2.0 之前`), as does
/// a lone "one" or 一 (`1 minutely` = `每分钟一次`). Reportable numbers come
/// first, so that they are matched before the others.
fn comparable(text: &str, numbers: Vec<Number>) -> Vec<(Number, bool)> {
    let mut out: Vec<(Number, bool)> = numbers
        .into_iter()
        .map(|n| {
            let digits = text[n.span.clone()]
                .chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
            let reportable = digits && !is_in_code(text, &n.span);
            (n, reportable)
        })
        .collect();
    out.sort_by_key(|(_, reportable)| !reportable);
    out
}

/// The values of the digit runs that directly follow a Latin letter
/// (`Menu2`, `Example1`): part of a name or code, not counted as numbers.
fn glued_numbers(text: &str) -> Vec<f64> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && bytes[i - 1].is_ascii_alphabetic() {
            let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            if let Ok(value) = text[i..i + run].parse::<f64>() {
                out.push(value);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a number's digits touch Latin letters, directly or across one
/// hyphen or dot: then they are part of a code, not a quantity.
fn is_in_code(text: &str, span: &Range<usize>) -> bool {
    let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let mut before = text[..span.start].chars().rev();
    let b1 = before.next();
    let b2 = before.next();
    let mut after = text[span.end..].chars();
    let a1 = after.next();
    let a2 = after.next();
    let digit_first = text[span.clone()].starts_with(|c: char| c.is_ascii_digit());
    let digit_last = text[span.clone()].ends_with(|c: char| c.is_ascii_digit());
    // A single digit after `$` is a placeholder (`$1`); more digits are an
    // amount (`$100 billion`), and so may be the digit: both may match.
    let placeholder = b1 == Some('$') && span.len() == 1;
    placeholder
        || (digit_first && (letter(b1) || (matches!(b1, Some('-' | '.')) && letter(b2))))
        || (digit_last
            && (letter(a1) && !is_unit_suffix(&text[span.end..])
                || (matches!(a1, Some('-')) && letter(a2))))
}

/// Letters that may follow a quantity directly: ordinals and units.
fn is_unit_suffix(rest: &str) -> bool {
    let word: String = rest
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "st" | "nd"
            | "rd"
            | "th"
            | "s"
            | "k"
            | "m"
            | "b"
            | "bn"
            | "km"
            | "kg"
            | "g"
            | "cm"
            | "mm"
            | "ml"
            | "l"
            | "h"
            | "min"
            | "x"
            | "gb"
            | "mb"
            | "kb"
            | "tb"
            | "px"
            | "pt"
            | "em"
            | "ms"
            | "am"
            | "pm"
    )
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Text with placeholders blanked out, so that `%1$s` has no number 1.
fn without_placeholders(text: &str) -> String {
    let mut out = text.to_owned();
    for (range, _) in placeholders(text) {
        out.replace_range(range.clone(), &" ".repeat(range.len()));
    }
    // Character references are characters, not numbers (`I&#39;m`).
    let mut from = 0;
    while let Some(at) = out[from..].find("&#").map(|i| from + i) {
        let body = &out.as_bytes()[at + 2..];
        let hex = matches!(body.first(), Some(b'x' | b'X'));
        let digits = body[usize::from(hex)..]
            .iter()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        let end = at + 2 + usize::from(hex) + digits;
        if digits > 0 && out.as_bytes().get(end) == Some(&b';') {
            out.replace_range(at..=end, &" ".repeat(end + 1 - at));
            from = end + 1;
        } else {
            from = at + 2;
        }
    }
    out
}

/// The values of `numbers` and, since a comma between digits may list
/// numbers rather than group thousands (`第194,196条` = `Article 194, 196`),
/// the parts of each comma-grouped one.
fn values_with_parts(plain: &str, numbers: &[(Number, bool)]) -> Vec<f64> {
    let mut values: Vec<f64> = numbers.iter().map(|(n, _)| n.value).collect();
    for (n, _) in numbers {
        let text = &plain[n.span.clone()];
        if text.contains(',') {
            values.extend(text.split(',').filter_map(|p| p.trim().parse::<f64>().ok()));
        }
    }
    values
}

/// Whether a date of the source (`19日`, `2019年`) is said in the target
/// relative to the story's own date, as news translations do: `on Tuesday`,
/// `yesterday`, `last year`.
fn said_as_relative_date(after: &str, value: f64, target: &str) -> bool {
    let has_word = |words: &[&str]| {
        target
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| words.iter().any(|x| w.eq_ignore_ascii_case(x)))
    };
    let day = (1.0..=31.0).contains(&value) && after.starts_with(['日', '号', '號']);
    let year = is_year(value) && after.starts_with('年');
    (day && has_word(&[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
    ])) || (year
        && [
            "this year",
            "last year",
            "next year",
            "a year earlier",
            "a year ago",
        ]
        .iter()
        .any(|w| target.to_ascii_lowercase().contains(w)))
}

fn is_year(value: f64) -> bool {
    (1900.0..2100.0).contains(&value) && value.fract() == 0.0
}

/// The years a text writes with two digits: `'92`, `’08`, `92年`, `九二年`.
fn short_years(text: &str) -> Vec<f64> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |c: char| {
        c.to_digit(10).or_else(|| {
            "〇一二三四五六七八九"
                .chars()
                .position(|z| z == c)
                .map(|d| d as u32)
        })
    };
    let mut out = Vec::new();
    for i in 0..chars.len().saturating_sub(1) {
        let (Some(tens), Some(ones)) = (digit(chars[i]), digit(chars[i + 1])) else {
            continue;
        };
        let before = i.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(i + 2).copied();
        let apostrophe = matches!(before, Some('\'' | '’'))
            && chars[i].is_ascii_digit()
            && !after.is_some_and(|c| c.is_alphanumeric());
        let nian = after == Some('年') && before.is_none_or(|b| digit(b).is_none());
        if apostrophe || nian {
            out.push(f64::from(tens * 10 + ones));
        }
    }
    out
}

/// Whether a text says `value` with a word that is no number word: `2倍` =
/// `double`, `1小时` = `an hour`, `半` = `half`.
fn said_in_words(text: &str, value: f64) -> bool {
    let words: &[&str] = match value {
        0.5 => &["half", "半"],
        1.0 => &["a", "an", "once", "single", "per"],
        2.0 => &[
            "both", "double", "doubled", "doubles", "twice", "twofold", "pair", "couple", "双",
            "俩", "倆",
        ],
        3.0 => &["triple", "tripled", "triples", "thrice", "threefold"],
        4.0 => &["quadruple", "quadrupled", "fourfold"],
        10.0 => &["decade"],
        12.0 => &["dozen"],
        100.0 => &["century"],
        _ => return false,
    };
    words.iter().any(|w| {
        if w.is_ascii() {
            text.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word.eq_ignore_ascii_case(w))
        } else {
            text.contains(w)
        }
    })
}

/// Whether the comma-grouped number `n` lists values that `other` all has.
fn listed(plain: &str, n: &Number, other: &[f64]) -> bool {
    let text = &plain[n.span.clone()];
    text.contains(',')
        && text.split(',').all(|p| {
            p.trim()
                .parse::<f64>()
                .is_ok_and(|v| other.iter().any(|&o| same_value(o, v)))
        })
}

/// `bitext/number`
fn check_numbers(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    per_pair(cx, out, |_, segment, source, out| {
        let target = &segment.target;
        if target.text.trim().is_empty() {
            return;
        }
        let with_source = |d: Diagnostic, span: Range<usize>| {
            if source_in_file(cx) {
                d.with_secondary(source.file_span(span), "in the source")
            } else {
                d
            }
        };
        // A value of the source in place of which the target has another.
        let mismatch = |from: Range<usize>, was: String, to: Range<usize>, is: String| {
            let d = Diagnostic::new(
                NUMBER.id,
                NUMBER.severity,
                target.file_span(to.clone()),
                format!(
                    "the source has `{}` ({was}), the target `{}` ({is})",
                    &source.text[from.clone()],
                    &target.text[to]
                ),
            )
            .with_label("does not match the source");
            with_source(d, from)
        };
        let mut source_plain = without_placeholders(&source.text);
        let mut target_plain = without_placeholders(&target.text);
        for (s, t) in compare_times(&mut source_plain, &mut target_plain) {
            out.push(mismatch(s.span, clock(s.minutes), t.span, clock(t.minutes)));
        }
        let source_numbers = comparable(&source_plain, numbers::extract(&source_plain));
        let mut target_numbers = comparable(&target_plain, numbers::extract(&target_plain));
        let source_values = values_with_parts(&source_plain, &source_numbers);
        let target_values = values_with_parts(&target_plain, &target_numbers);
        // Numbers in words (两, twelve, 第十六) may match a number on the
        // other side, but are never reported: they are too often not
        // numbers at all (两手, 一律, second, a couple).
        // A number glued to a word on one side (`Menu2`, `Example1`, a
        // code, never compared) may be written apart on the other
        // (`菜单2`): it is the same number, neither missing nor added.
        let source_codes = glued_numbers(&source_plain);
        let target_codes = glued_numbers(&target_plain);
        target_numbers.retain(|(t, _)| !source_codes.iter().any(|&v| same_value(v, t.value)));
        let mut missing = Vec::new();
        for (n, n_digits) in source_numbers {
            if target_codes.iter().any(|&v| same_value(v, n.value)) {
                continue;
            }
            // A number the target writes in digits first, so that a word
            // (两, 一) is not taken for it and the digits left over.
            let matching = |digits_only: bool| {
                target_numbers.iter().position(|(t, digits)| {
                    (*digits || !digits_only) && same_value(t.value, n.value)
                })
            };
            match matching(true).or_else(|| matching(false)) {
                Some(i) => {
                    target_numbers.remove(i);
                }
                None if n_digits => missing.push(n),
                None => {}
            }
        }
        // Precision first: a value the other side also has is a number
        // mentioned once more (`between 0 and 1 (1 excluded)`), not a wrong
        // one; 每 (every) is the source's 1 (`1 month frequency` =
        // `每月的频率`) and 没有 (none) its 0 (`0 Datasets` = `沒有資料集`).
        // A year said with its last two digits on one side (`'92`, `九二年`)
        // is the full year on the other (1992).
        let (source_short, target_short) = (short_years(&source_plain), short_years(&target_plain));
        let year_of = |n: &Number, short: &[f64], own_short: &[f64], other: &[f64]| {
            is_year(n.value) && short.contains(&(n.value % 100.0))
                || own_short.contains(&n.value)
                    && other.iter().any(|&v| is_year(v) && v % 100.0 == n.value)
        };
        let stands_for = |n: &Number| {
            target_values.iter().any(|&v| same_value(v, n.value))
                || said_as_relative_date(&source_plain[n.span.end..], n.value, &target_plain)
                || year_of(n, &target_short, &source_short, &target_values)
                || said_in_words(&target_plain, n.value)
                || (n.value == 1.0 && target_plain.contains('每'))
                || (n.value == 0.0
                    && ["没有", "沒有", "无", "無", "零"]
                        .iter()
                        .any(|w| target_plain.contains(w)))
                || listed(&source_plain, n, &target_values)
        };
        missing.retain(|n| !stands_for(n));
        let mut extra = target_numbers
            .into_iter()
            .filter_map(|(t, digits)| digits.then_some(t))
            .filter(|t| {
                !source_values.iter().any(|&v| same_value(v, t.value))
                    && !said_in_words(&source_plain, t.value)
                    && !year_of(t, &source_short, &target_short, &source_values)
                    && !listed(&target_plain, t, &source_values)
            });
        // One mismatch is one finding: a missing number and a wrong one
        // in its place are reported together.
        for n in &missing {
            out.push(match extra.next() {
                Some(t) => mismatch(n.span.clone(), display(n.value), t.span, display(t.value)),
                None => {
                    let d = Diagnostic::new(
                        NUMBER.id,
                        NUMBER.severity,
                        target_span(target),
                        format!(
                            "the source has `{}` ({}), which the target lacks",
                            &source.text[n.span.clone()],
                            display(n.value)
                        ),
                    )
                    .with_label("number missing here");
                    with_source(d, n.span.clone())
                }
            });
        }
        for t in extra {
            out.push(
                Diagnostic::new(
                    NUMBER.id,
                    NUMBER.severity,
                    target.file_span(t.span.clone()),
                    format!(
                        "the target has `{}` ({}), which the source lacks",
                        &target.text[t.span.clone()],
                        display(t.value)
                    ),
                )
                .with_label("not in the source"),
            );
        }
    });
}

/// Compares the times of day of both sides (`七点四十五分` = `7:45`, `23点` =
/// `11 p.m.`), returns the pairs that differ, and blanks every time that
/// was compared out of both texts, so that its hours and minutes are not
/// compared again as counts. A time only one side marks as one (`7点45分`
/// = `quarter to eight`) is not understood on the other and is blanked
/// too; a bare `3点` with no time on the other side stays a number.
fn compare_times(source: &mut String, target: &mut String) -> Vec<(numbers::Time, numbers::Time)> {
    let mut source_times = numbers::times(source);
    let mut target_times = numbers::times(target);
    let mut blank_source = Vec::new();
    let mut blank_target = Vec::new();
    source_times.retain(
        |s| match target_times.iter().position(|t| t.minutes == s.minutes) {
            Some(i) => {
                blank_source.push(s.span.clone());
                blank_target.push(target_times.remove(i).span);
                false
            }
            None => true,
        },
    );
    // A whole hour said as a time on one side only (`早上6点` = `at 6
    // every morning`) is still compared as a number.
    source_times.retain(|s| s.certain && s.minutes % 60 != 0);
    target_times.retain(|t| t.certain && t.minutes % 60 != 0);
    blank_source.extend(source_times.iter().map(|s| s.span.clone()));
    blank_target.extend(target_times.iter().map(|t| t.span.clone()));
    for (text, spans) in [(source, blank_source), (target, blank_target)] {
        for span in spans {
            text.replace_range(span.clone(), &" ".repeat(span.len()));
        }
    }
    source_times.into_iter().zip(target_times).collect()
}

/// Minutes after midnight or noon as `7:45`.
fn clock(minutes: u32) -> String {
    let hour = minutes / 60;
    format!("{}:{:02}", if hour == 0 { 12 } else { hour }, minutes % 60)
}

/// A value for messages: 34300000000 as 34,300,000,000.
fn display(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() >= 1e15 {
        return format!("{value}");
    }
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A tag's attributes as they are compared: names sorted, each with its
/// value, except where a translation may change the value: translatable
/// text (`alt`, `title`, ...) and addresses, which are often localised
/// (`href="/en/docs"` -> `href="/zh-hans/docs"`).
fn tag_attributes(inside: &str) -> String {
    const VALUE_MAY_CHANGE: &[&str] = &[
        "alt",
        "title",
        "aria-label",
        "aria-description",
        "placeholder",
        "label",
        "summary",
        "value",
        "content",
        "href",
        "src",
        "srcset",
        "action",
        "cite",
        "poster",
        "lang",
        "xml:lang",
        "xml-lang",
        "dir",
        "hreflang",
    ];
    let mut attributes: Vec<String> = Vec::new();
    let mut rest = inside.trim_start();
    while !rest.is_empty() {
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = None;
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (raw, next) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => match after[1..].find(quote) {
                    Some(end) => (&after[1..1 + end], &after[end + 2..]),
                    None => (&after[1..], ""),
                },
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = Some(raw);
            rest = next.trim_start();
        }
        if name.is_empty() {
            // A stray `=` or quote: nothing more to read as attributes.
            break;
        }
        attributes.push(match value {
            Some(value) if !VALUE_MAY_CHANGE.contains(&name.as_str()) => {
                format!(" {name}=\"{value}\"")
            }
            _ => format!(" {name}"),
        });
    }
    attributes.sort();
    attributes.concat()
}

/// The length of an identifier (`[A-Za-z_][A-Za-z0-9_]*`) at the start.
fn identifier_len(bytes: &[u8]) -> usize {
    if !bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
    {
        return 0;
    }
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count()
}

/// HTML's and XML's character entities: text, which a translation may
/// write as the character itself or leave out.
const CHARACTER_ENTITIES: &[&str] = &[
    "amp", "lt", "gt", "quot", "apos", "nbsp", "copy", "reg", "trade", "hellip", "mdash", "ndash",
    "laquo", "raquo", "ldquo", "rdquo", "lsquo", "rsquo", "bull", "middot", "times", "divide",
    "deg", "euro", "pound", "yen", "cent", "sect", "para", "shy", "zwj", "zwnj", "thinsp", "ensp",
    "emsp", "larr", "rarr", "uarr", "darr", "harr", "plusmn", "micro", "frac12", "frac14",
    "frac34", "sup2", "sup3", "iexcl", "iquest", "lrm", "rlm",
];

/// Placeholders in text, with a normalised name for comparison.
pub fn placeholders(text: &str) -> Vec<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        match bytes[i] {
            b'%' => {
                if bytes.get(i + 1) == Some(&b'%') {
                    i += 2;
                    continue;
                }
                // Boost.Format's positional `%1%`.
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if digits > 0 && bytes.get(i + 1 + digits) == Some(&b'%') {
                    let end = i + digits + 2;
                    out.push((start..end, text[start..end].to_owned()));
                    i = end;
                    continue;
                }
                // Qt's and JupyterLab's `%1`: digits, then no conversion.
                let after = bytes.get(i + 1 + digits);
                if digits > 0
                    && !after.is_some_and(|b| b.is_ascii_alphanumeric() || b"$.%".contains(b))
                {
                    let end = i + 1 + digits;
                    out.push((start..end, text[start..end].to_owned()));
                    i = end;
                    continue;
                }
                // `%NAME%`, as installers and Windows write variables.
                let name = identifier_len(&bytes[i + 1..]);
                if name >= 4 && bytes.get(i + 1 + name) == Some(&b'%') {
                    let end = i + name + 2;
                    out.push((start..end, text[start..end].to_owned()));
                    i = end;
                    continue;
                }
                let mut j = i + 1;
                // A named or numbered conversion ends at its type letter,
                // so letters may follow it (`%(link)ssign up`).
                let mut named = false;
                if bytes.get(j) == Some(&b'(') {
                    // %(name)s
                    if let Some(close) = text[j..].find(')') {
                        j += close + 1;
                        named = true;
                    }
                } else {
                    // %1$s: an argument position
                    let digits = bytes[j..].iter().take_while(|b| b.is_ascii_digit()).count();
                    if digits > 0 && bytes.get(j + digits) == Some(&b'$') {
                        j += digits + 1;
                        named = true;
                    }
                }
                j += bytes[j..]
                    .iter()
                    .take_while(|b| b"-+#0'".contains(b))
                    .count();
                j += bytes[j..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit() || **b == b'.')
                    .count();
                j += bytes[j..]
                    .iter()
                    .take_while(|b| b"hlLzjtq".contains(b))
                    .count();
                // With flags, a width or a precision it is a conversion even
                // when a unit follows (`%.3fs`); a bare `%s` glued to a word
                // may be prose (`50%off`).
                let specified = named || j > i + 1;
                if bytes
                    .get(j)
                    .is_some_and(|b| b"diouxXeEfFgGaAcrsSpnv@".contains(b))
                    && (specified || !bytes.get(j + 1).is_some_and(u8::is_ascii_alphanumeric))
                {
                    out.push((start..j + 1, text[start..j + 1].to_owned()));
                    i = j + 1;
                    continue;
                }
            }
            // i18next nesting, `$t(key)` or `$t(key, {"count": 2})`: the
            // translation of another key, inserted here.
            b'$' if text[i..].starts_with("$t(") => {
                if let Some(close) = super::text::matching_close(&text[i + 2..], b'(', b')') {
                    let end = i + 2 + close + 1;
                    let key = text[i + 3..end - 1].split(',').next().unwrap_or("").trim();
                    if !key.is_empty() && !key.contains(char::is_whitespace) {
                        out.push((i..end, format!("$t({key})")));
                        i = end;
                        continue;
                    }
                }
            }
            // `$(name)` (shell, GNOME, Xcode), `$name$` and `$name`
            // (installers, Mozilla), `@name@` (build-time substitutions).
            b @ (b'$' | b'@') => {
                let name_start = i + 1 + usize::from(bytes.get(i + 1) == Some(&b'('));
                let caret = usize::from(b == b'$' && bytes.get(name_start) == Some(&b'^'));
                let name = identifier_len(&bytes[name_start + caret..]);
                let name_end = name_start + caret + name;
                let end = match (b, bytes.get(i + 1), bytes.get(name_end)) {
                    (_, _, _) if name == 0 => None,
                    (b'$', Some(b'('), Some(b')')) => Some(name_end + 1),
                    (b'$', Some(b'('), _) => None,
                    (b'$', _, Some(b'$')) => Some(name_end + 1),
                    (b'@', Some(b'('), _) => None,
                    (b'@', _, Some(b'@')) => Some(name_end + 1),
                    (b'@', _, _) => None,
                    // A bare `$name` ends where the name does, not inside
                    // a longer word (`US$`, `$5` are amounts).
                    _ => (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()).then_some(name_end),
                };
                if let Some(end) = end {
                    out.push((i..end, text[i..end].to_owned()));
                    i = end;
                    continue;
                }
            }
            // An entity a program defines (`&brandShortName;`), not a
            // character (`&amp;`, `&nbsp;`, `&#160;`).
            b'&' => {
                let name = identifier_len(&bytes[i + 1..]);
                let mut end = i + 1 + name;
                while bytes
                    .get(end)
                    .is_some_and(|b| *b == b'.' || *b == b'-' || b.is_ascii_alphanumeric())
                {
                    end += 1;
                }
                if name > 0
                    && bytes.get(end) == Some(&b';')
                    && !CHARACTER_ENTITIES.contains(&&text[i + 1..end])
                {
                    out.push((i..end + 1, text[i..end + 1].to_owned()));
                    i = end + 1;
                    continue;
                }
            }
            b'{' => {
                if bytes.get(i + 1) == Some(&b'{') {
                    // `{{name}}` (i18next, Angular, Vue, Handlebars); else
                    // an escaped brace.
                    if let Some(close) = text[i + 2..].find("}}") {
                        let inner = text[i + 2..i + 2 + close].trim();
                        if !inner.is_empty()
                            && inner
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$'))
                        {
                            let end = i + 2 + close + 2;
                            out.push((i..end, format!("{{{{{inner}}}}}")));
                            i = end;
                            continue;
                        }
                    }
                    i += 2;
                    continue;
                }
                // `{}`: an argument taken in turn (Python, Rust, C++20).
                if bytes.get(i + 1) == Some(&b'}') {
                    out.push((i..i + 2, "{}".to_owned()));
                    i += 2;
                    continue;
                }
                if let Some(close) = text[i..].find('}') {
                    let inner = &text[i + 1..i + close];
                    let (name, spec) = inner.split_once(':').unwrap_or((inner, ""));
                    // A format spec is one token (`:>10`, `: d`); words after
                    // the colon are a type description or prose (`{id:
                    // string, message: string}`), not a placeholder.
                    let spec_is_one_token = !spec.trim_start().contains(char::is_whitespace);
                    if !name.is_empty()
                        && spec_is_one_token
                        && name
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
                    {
                        out.push((i..i + close + 1, text[i..i + close + 1].to_owned()));
                        i += close + 1;
                        continue;
                    }
                }
            }
            b'<' => {
                let rest = &text[i + 1..];
                let closing = rest.starts_with('/');
                let name_start = usize::from(closing);
                // Custom elements and metavariables have hyphens
                // (`<my-widget>`, `<plugin-name>`).
                let name_len = rest[name_start..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .unwrap_or(rest.len() - name_start);
                if name_len > 0
                    && rest[name_start..].starts_with(|c: char| c.is_ascii_alphabetic())
                    && let Some(close) = rest.find('>')
                    && !rest[..close].contains('<')
                {
                    let name = &rest[name_start..name_start + name_len];
                    let inside = rest[name_start + name_len..close].trim_end();
                    let empty = inside.ends_with('/');
                    let normal = format!(
                        "<{}{}{}{}>",
                        if closing { "/" } else { "" },
                        name.to_ascii_lowercase(),
                        tag_attributes(inside.trim_end_matches('/')),
                        if empty { "/" } else { "" }
                    );
                    out.push((i..i + close + 2, normal));
                    i += close + 2;
                    continue;
                }
            }
            _ => {}
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Placeholders that name their argument (`%(name)s`, `%1$s`, `{0}`,
/// `{name}`) may be used any number of times: they compare as sets. The
/// others (`%s`, `{}`, tags) take arguments in turn: they compare as
/// multisets. Returns (missing from the target, not in the source).
fn compare_placeholders(source: &[String], target: &[String]) -> (Vec<String>, Vec<String>) {
    // One side numbers its printf arguments and the other takes them in
    // turn (`%s ... %d` translated `%2$d ... %1$s`, a reordering): number
    // the other side too, so that each argument is compared by position.
    let printf = |n: &String| n.starts_with('%') && !n.starts_with("%(");
    let numbered = |names: &[String]| names.iter().any(|n| printf(n) && n.contains('$'));
    let in_turn = |names: &[String]| names.iter().any(|n| printf(n) && !n.contains('$'));
    if numbered(source) != numbered(target)
        && (in_turn(source) != in_turn(target))
        && (numbered(source) || numbered(target))
    {
        let number = |names: &[String]| -> Vec<String> {
            let mut position = 0;
            names
                .iter()
                .map(|n| {
                    if printf(n) && !n.contains('$') {
                        position += 1;
                        format!("%{position}${}", &n[1..])
                    } else {
                        n.clone()
                    }
                })
                .collect()
        };
        let (source, target) = (number(source), number(target));
        return compare_named(&source, &target);
    }
    compare_named(source, target)
}

fn compare_named(source: &[String], target: &[String]) -> (Vec<String>, Vec<String>) {
    // Taken in turn: unnumbered printf conversions, `{}` and tags; every
    // other kind names or numbers its argument.
    let in_turn = |n: &String| {
        (n.starts_with('%')
            && !n.starts_with("%(")
            && !n.contains('$')
            && n.ends_with(|c: char| c.is_ascii_alphabetic() || c == '@'))
            || n == "{}"
            || n.starts_with('<')
    };
    let named = |n: &String| !in_turn(n);
    let mut unmatched: Vec<&String> = target.iter().filter(|n| !named(n)).collect();
    let mut missing = Vec::new();
    for name in source {
        if named(name) {
            if !target.contains(name) {
                missing.push(name.clone());
            }
        } else if let Some(i) = unmatched.iter().position(|t| *t == name) {
            unmatched.remove(i);
        } else {
            missing.push(name.clone());
        }
    }
    let mut extra: Vec<String> = unmatched.into_iter().cloned().collect();
    extra.extend(
        target
            .iter()
            .filter(|n| named(n) && !source.contains(n))
            .cloned(),
    );
    (dedup_named(missing, named), dedup_named(extra, named))
}

/// `bitext/placeholder` for an entry with a declared format-string
/// language; returns whether it reported something.
fn check_format_string(
    segment: &Segment,
    source: &Piece,
    syntax: crate::document::FormatSyntax,
    out: &mut Vec<Diagnostic>,
) -> bool {
    use super::format_strings::{compare, directives};
    let target = &segment.target;
    // A source that is no valid format string gives nothing to hold the
    // translation to (msgfmt reports the source itself).
    let Ok(source_directives) = directives(&source.text, syntax) else {
        return false;
    };
    let other = match &segment.other_source {
        Some(other) => match directives(&other.text, syntax) {
            Ok(found) => Some(found),
            Err(_) => return false,
        },
        None => None,
    };
    let target_directives = match directives(&target.text, syntax) {
        Ok(found) => found,
        Err(invalid) => {
            let (message, label) = invalid.explain(&target.text, syntax);
            out.push(
                Diagnostic::new(
                    PLACEHOLDER.id,
                    PLACEHOLDER.severity,
                    target.file_span(invalid.range),
                    message,
                )
                .with_label(label)
                .with_note(format!(
                    "the entry is flagged as a format string (`#, {}`)",
                    syntax.flag()
                )),
            );
            return true;
        }
    };
    let found = compare(&source_directives, other.as_deref(), &target_directives);
    if found.extra.is_empty() && found.missing.is_empty() {
        return false;
    }
    let list = |text: &str, v: &[super::format_strings::Directive]| {
        v.iter()
            .map(|d| format!("`{}`", &text[d.range.clone()]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push(mismatch(
        target,
        "format directives",
        &list(&source.text, &found.missing),
        &list(&target.text, &found.extra),
        "the source does not have in this form (type, width or attribute)",
    ));
    true
}

/// The bitext/placeholder finding for what a target lacks (`missing`) and
/// adds (`extra`), each an already formatted list, either may be empty;
/// `added` says how the added ones differ when nothing is missing.
fn mismatch(target: &Piece, noun: &str, missing: &str, extra: &str, added: &str) -> Diagnostic {
    let message = match (missing.is_empty(), extra.is_empty()) {
        (false, true) => format!("{noun} missing from the target: {missing}"),
        (true, false) => format!("{noun} {added}: {extra}"),
        _ => format!("{noun} differ: missing {missing}; not in the source {extra}"),
    };
    Diagnostic::new(
        PLACEHOLDER.id,
        PLACEHOLDER.severity,
        target_span(target),
        message,
    )
    .with_label("in this target")
}

/// Names once each, in order.
fn dedup(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Named placeholders once each; the others as often as they occur.
fn dedup_named(names: Vec<String>, named: impl Fn(&String) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if !named(&name) || !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// `bitext/placeholder`
fn check_placeholders(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    per_pair(cx, out, |_, segment, source, out| {
        let target = &segment.target;
        if target.text.trim().is_empty() && target.inline.is_empty() {
            return;
        }
        // A PO entry flagged `c-format` (or `python-format`,
        // `python-brace-format`) has its directives checked as `msgfmt -c`
        // does; the other placeholder kinds (tags) are still compared here.
        let syntax = segment.unit.format;
        if let Some(syntax) = syntax
            && check_format_string(segment, source, syntax, out)
        {
            return;
        }
        let names = |piece: &Piece| -> Vec<String> {
            let mut names: Vec<String> = placeholders(&piece.text)
                .into_iter()
                .map(|(_, n)| n)
                .filter(|n| syntax.is_none() || n.starts_with('<'))
                .collect();
            names.extend(piece.inline.iter().cloned());
            names
        };
        let mut source_names = names(source);
        let mut target_names = names(target);
        // A source that is one tag-like word or phrase and nothing else
        // (`<Error>`, `<no view>`) is text in angle brackets, to be
        // translated (as pofilter has it).
        if let [(range, name)] = placeholders(source.text.trim()).as_slice()
            && range.len() == source.text.trim().len()
            && !name.contains(['=', '/'])
        {
            source_names.retain(|n| !n.starts_with('<'));
            target_names.retain(|n| !n.starts_with('<'));
        }
        // A hyphenated name that the source never closes is a command
        // line's metavariable (`enable <plugin-name>`), which translations
        // translate, not a custom element (those always close).
        let lower_source = std::cell::OnceCell::new();
        let metavariable = |n: &String| {
            let name = n
                .strip_prefix('<')
                .filter(|rest| !rest.starts_with('/'))
                .map(|rest| rest.split([' ', '>', '/']).next().unwrap_or(""));
            name.is_some_and(|name| {
                name.contains('-')
                    && !lower_source
                        .get_or_init(|| source.text.to_ascii_lowercase())
                        .contains(&format!("</{name}"))
            })
        };
        source_names.retain(|n| !metavariable(n));
        target_names.retain(|n| !metavariable(n));
        let (missing, extra) = match &segment.other_source {
            // A plural form may use what either source form has, and must
            // keep what both have.
            Some(other) => {
                let two = names(other);
                let missing = source_names
                    .iter()
                    .filter(|n| two.contains(n) && !target_names.contains(n));
                let extra = target_names
                    .iter()
                    .filter(|n| !source_names.contains(n) && !two.contains(n));
                (dedup(missing.cloned()), dedup(extra.cloned()))
            }
            None => compare_placeholders(&source_names, &target_names),
        };
        // A conversion glued to a unit (`%dm`) is not parsed as one on its
        // own side; the text still holds it.
        let spelled_out = |piece: &Piece, wanted: &[String], n: &String| {
            n.starts_with('%')
                && piece.text.matches(n.as_str()).count()
                    >= wanted.iter().filter(|w| *w == n).count().max(1)
        };
        let extra: Vec<String> = extra
            .into_iter()
            .filter(|n| !spelled_out(source, &target_names, n))
            .collect();
        let missing: Vec<String> = missing
            .into_iter()
            .filter(|n| !spelled_out(target, &source_names, n))
            .collect();
        if missing.is_empty() && extra.is_empty() {
            return;
        }
        let list = |v: &[String]| {
            v.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(mismatch(
            target,
            "placeholders",
            &list(&missing),
            &list(&extra),
            "not in the source",
        ));
    });
}

/// Source text that needs no translation: numbers, codes, URLs, a single
/// Latin token, placeholders.
fn needs_no_translation(text: &str) -> bool {
    // Placeholders are kept as they are: judge what is left.
    let without = without_placeholders(text);
    let text = without.trim();
    if text.chars().any(is_cjk) {
        return false;
    }
    // Punctuation left beside a placeholder is no word (`<a ...>name</a>.`).
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    words <= 1
        || !text.chars().any(|c| c.is_lowercase())
        || text.contains("://")
        || !text.chars().any(char::is_alphabetic)
        // A shell command line (`$ python -m notebook.auth password`).
        || text.starts_with("$ ")
}

/// Text that a language written in Latin script or another alphabet often
/// keeps as it is: names, codes, lists of identifiers, units and copyright
/// lines, which hold at most one distinct lower-case word (`Linux kernel`,
/// `Gettext (PO)`, `powerpc, m68k, i386`, `n/a mm`, `© 2023 Jan Novák`).
/// Not for Chinese, Japanese or Korean targets, where any English words
/// left are untranslated.
fn kept_in_alphabetic_languages(text: &str) -> bool {
    let lower = text.to_lowercase();
    if text.contains('©') || lower.starts_with("(c)") || lower.contains("copyright") {
        return true;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    // A capitalised first word is a sentence's first word, not a name, when
    // the text reads as a sentence (three words or more, or a final mark).
    let sentence = tokens.len() >= 3 || text.ends_with(['.', '?', '!']);
    let mut prose: Vec<String> = tokens
        .iter()
        .enumerate()
        .map(|(n, w)| (n, w.trim_matches(|c: char| !c.is_alphanumeric())))
        // HTML entities (`&amp;`) are not words.
        .filter(|(n, _)| !(tokens[*n].starts_with('&') && tokens[*n].ends_with(';')))
        .filter(|(n, w)| {
            let mut chars = w.chars();
            let Some(first) = chars.next() else {
                return false;
            };
            w.chars().count() >= 2
                && w.chars().all(char::is_alphabetic)
                && chars.all(char::is_lowercase)
                && (first.is_lowercase() || (*n == 0 && sentence))
        })
        .map(|(_, w)| w.to_lowercase())
        .collect();
    prose.sort_unstable();
    prose.dedup();
    prose.len() <= 1
}

/// Whether a text that a translation keeps identical reads as a name in
/// any language, Chinese included: up to four words, each capitalised or an
/// acronym, no sentence mark (`Common Lisp`, `MariaDB SQL`, `JupyterLab
/// Shell`, `Closure Stylesheets (GSS)`); one lower-case word may stand next
/// to an acronym or camel-case word (`django CMS`). A single plain word
/// (`Status`) and a label that starts with a command (`Select All`) are
/// words to translate.
/// A proper name followed by its acronym (`UK Open Government Licence
/// (OGL)`, `Open Data Commons Public Domain Dedication and License (PDDL)`):
/// every word capitalised but for short function words, and the acronym in
/// brackets at the end.
fn name_with_acronym(text: &str) -> bool {
    let text = text.trim();
    let Some(open) = text.rfind(" (") else {
        return false;
    };
    let acronym = &text[open + 2..];
    let Some(acronym) = acronym.strip_suffix(')') else {
        return false;
    };
    const SMALL: &[&str] = &[
        "and", "of", "the", "for", "in", "on", "to", "a", "de", "und",
    ];
    (2..=8).contains(&acronym.len())
        && acronym
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && text[..open].split_whitespace().count() >= 2
        && text[..open]
            .split_whitespace()
            .all(|w| SMALL.contains(&w) || w.chars().next().is_some_and(char::is_uppercase))
}

fn reads_as_name(text: &str) -> bool {
    if name_with_acronym(text) {
        return true;
    }
    const COMMANDS: &[&str] = &[
        "add", "apply", "back", "cancel", "change", "clear", "close", "copy", "create", "cut",
        "delete", "disable", "download", "edit", "enable", "export", "hide", "import", "load",
        "new", "next", "open", "paste", "previous", "refresh", "reload", "remove", "rename",
        "reset", "restart", "run", "save", "search", "select", "send", "show", "sort", "start",
        "stop", "toggle", "undo", "redo", "update", "upload", "view",
    ];
    // A file type in brackets (`Excel (.xlsx)`) and a separator between
    // names (`iDEAL | Wero`) are no words.
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !w.trim_start_matches('(').starts_with('.'))
        .filter(|w| w.chars().any(char::is_alphanumeric) || w.chars().count() > 1)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    // Names in Latin letters only: `RCEP协定` left as it is in an English
    // translation is untranslated.
    let latin = text
        .chars()
        .all(|c| !c.is_alphabetic() || (c as u32) < 0x0250);
    if !latin
        || words.is_empty()
        || words.len() > 4
        || words.iter().any(|w| w.is_empty())
        || text.trim_end().ends_with(['.', '?', '!', ':'])
        || COMMANDS.contains(&words[0].to_lowercase().as_str())
    {
        return false;
    }
    let strong = |w: &str| {
        w.chars().filter(|c| c.is_uppercase()).count() >= 2
            || w.chars().skip(1).any(char::is_uppercase)
            || (w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic))
    };
    let lower = |w: &str| w.chars().all(|c| c.is_lowercase());
    // A word with a digit is part of a code (`ISO 3166-1 alpha-2`).
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase) || w.chars().any(|c| c.is_ascii_digit())
    };
    let lowers = words.iter().filter(|w| lower(w)).count();
    let has_strong = words.iter().any(|w| strong(w));
    if words.len() == 1 {
        // One name beside a file type or a separator: `Excel (.xlsx)`.
        let beside_something = text.split_whitespace().count() > 1;
        return has_strong || (beside_something && capitalised(words[0]) && !lower(words[0]));
    }
    // A brand's inner capitals (`iOS`, `iTunes`) make it a name too.
    words
        .iter()
        .all(|w| capitalised(w) || lower(w) || strong(w))
        && (lowers == 0 || (lowers == 1 && has_strong))
}

/// Whether a target identical to its source `s` is right as it is.
fn kept_as_it_is(s: &str, alphabetic_target: bool) -> bool {
    needs_no_translation(s)
        || reads_as_name(s)
        || (alphabetic_target && kept_in_alphabetic_languages(s))
}

/// `bitext/untranslated`
fn check_untranslated(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    per_pair(cx, out, |i, segment, source, out| {
        let target = &segment.target;
        let target_is_spaced = cx.writing[i] != Some(Writing::Unspaced);
        // A declared language that is not Chinese, Japanese or Korean.
        let alphabetic_target = cx.options.target_lang.as_deref().is_some_and(|tag| {
            !matches!(
                crate::language::primary(tag).as_str(),
                "zh" | "ja" | "ko" | "yue" | "cmn" | "wuu"
            )
        });
        let (s, t) = (source.text.trim(), target.text.trim());
        if s.is_empty() || s.chars().all(|c| c == OBJECT || c.is_whitespace()) {
            return;
        }
        let message = if t.is_empty() {
            "the target is empty".to_owned()
        } else if s == t && !kept_as_it_is(s, alphabetic_target) {
            "the target is identical to the source".to_owned()
        } else if target_is_spaced && s.chars().any(is_cjk) {
            let letters = t.chars().filter(|c| c.is_alphabetic()).count();
            let cjk = t.chars().filter(|&c| is_cjk(c)).count();
            if letters > 0 && cjk * 2 > letters {
                "the target is still mostly in the source's script".to_owned()
            } else {
                return;
            }
        } else {
            return;
        };
        out.push(
            Diagnostic::new(
                UNTRANSLATED.id,
                UNTRANSLATED.severity,
                target_span(target),
                message,
            )
            .with_label("untranslated"),
        );
    });
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    Stop,
    Question,
    Exclamation,
    Colon,
    Ellipsis,
    /// `?!`, `!?`, `⁉`, `⁈`: either a question or an exclamation.
    Interrobang,
    /// Myanmar's `။` closes any sentence: a statement, a question or an
    /// exclamation.
    AnySentence,
    None,
}

impl Ending {
    fn describe(self) -> &'static str {
        match self {
            Ending::Stop => "a full stop",
            Ending::Question => "a question mark",
            Ending::Exclamation => "an exclamation mark",
            Ending::Colon => "a colon",
            Ending::Ellipsis => "an ellipsis",
            Ending::Interrobang => "a question and exclamation mark",
            Ending::AnySentence => "a sentence mark",
            Ending::None => "no closing punctuation",
        }
    }
}

fn ending(text: &str) -> Ending {
    let trimmed = text.trim_end().trim_end_matches(|c: char| {
        matches!(
            c,
            '"' | '\'' | '”' | '’' | ')' | '）' | '」' | '』' | '》' | '】' | ']' | '*' | '_'
            // Full-width straight quotes, and opening quotes typed where
            // closing ones belong (`”我也是。“`).
                | '＂' | '＇' | '“' | '‘'
        ) || c.is_whitespace()
    });
    if trimmed.ends_with("...") || trimmed.ends_with('…') {
        return Ending::Ellipsis;
    }
    let question = |c: char| matches!(c, '?' | '？' | '؟' | '՞' | '\u{37e}');
    let exclamation = |c: char| matches!(c, '!' | '！' | '՜');
    let mut last_two = trimmed.chars().rev();
    let (last, before) = (last_two.next(), last_two.next());
    // A quoted mark is text, not the end of a sentence: `(cannot contain ':')`.
    let quote = |c: char| matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”' | '`' | '「' | '」');
    let tail = &text.trim_end()[trimmed.len()..];
    if before.is_some_and(quote) && tail.starts_with(quote) {
        return Ending::None;
    }
    if let (Some(a), Some(b)) = (last, before)
        && ((question(a) && exclamation(b)) || (exclamation(a) && question(b)))
    {
        return Ending::Interrobang;
    }
    match last {
        // An abbreviation's period (`etc.`, `Inc.`, `a.m.`) ends no sentence.
        Some('.') if ends_with_abbreviation(trimmed) => Ending::None,
        // Full stops of other scripts: Devanagari and Bengali danda, Ol
        // Chiki, Ethiopic, Urdu, Armenian.
        Some('.' | '。' | '．' | '｡' | '।' | '॥' | '᱾' | '።' | '۔' | '։') => {
            Ending::Stop
        }
        Some('။') => Ending::AnySentence,
        Some('⁉' | '⁈') => Ending::Interrobang,
        Some(c) if question(c) => Ending::Question,
        Some(c) if exclamation(c) => Ending::Exclamation,
        // Armenian `՝` where English has a colon.
        Some(':' | '：' | '՝') => Ending::Colon,
        _ => Ending::None,
    }
}

/// Whether two endings close a text the same way.
fn endings_agree(source: Ending, target: Ending) -> bool {
    use Ending::*;
    source == target
        || matches!(
            (source, target),
            // A stop and a colon both close a UI label or lead-in.
            (Stop, Colon)
                | (Colon, Stop)
                | (Interrobang, Question | Exclamation)
                | (Question | Exclamation, Interrobang)
                | (
                    Stop | Question | Exclamation | Colon | Interrobang,
                    AnySentence
                )
                | (
                    AnySentence,
                    Stop | Question | Exclamation | Colon | Interrobang
                )
        )
}

/// Whether text ends with an abbreviation's period: a known abbreviation
/// (`etc.`, `Inc.`) or dotted letters (`a.m.`, `U.S.`), as a word of its own.
fn ends_with_abbreviation(text: &str) -> bool {
    let word = text[..text.len() - 1]
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '（' | '"' | '“'))
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    // `No.` is an abbreviation, `say no.` a sentence's last word.
    let also_a_word = [
        "no", "co", "mar", "dec", "sen", "rep", "gen", "gov", "fig", "vol", "est", "ca", "st",
    ];
    let capitalised = word.starts_with(|c: char| c.is_uppercase());
    super::text::ABBREVIATIONS.contains(&lower.as_str())
        && (capitalised || !also_a_word.contains(&lower.as_str()))
        || (word.len() >= 3
            && word
                .split('.')
                .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic)))
}

/// `bitext/whitespace`
fn check_whitespace(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let describe = |w: &str| -> String {
        if w.is_empty() {
            return "none".into();
        }
        let names: Vec<&str> = w
            .chars()
            .filter(|&c| c != '\r')
            .map(|c| match c {
                '\n' => "newline",
                '\t' => "tab",
                _ => "space",
            })
            .collect();
        format!("`{}`", names.join(" "))
    };
    per_pair(cx, out, |i, segment, source, out| {
        let target = &segment.target;
        if target.text.trim().is_empty() || source.text.trim().is_empty() {
            return;
        }
        // Chinese, Japanese and Korean need no space where English joins
        // words: a source's edge spaces may go. Newlines and tabs may not,
        // and neither may spaces the target adds.
        let unspaced = cx.writing[i] == Some(Writing::Unspaced);
        let lead = |t: &str| t.len() - t.trim_start_matches(is_space).len();
        let trail = |t: &str| t.len() - t.trim_end_matches(is_space).len();
        let (s, t) = (&source.text, &target.text);
        let (s_lead, t_lead) = (&s[..lead(s)], &t[..lead(t)]);
        let (s_trail, t_trail) = (&s[s.len() - trail(s)..], &t[t.len() - trail(t)..]);
        // Compare without carriage returns: CRLF and LF are the same break.
        let same = |a: &str, b: &str| a.replace('\r', "") == b.replace('\r', "");
        for (side, source_ws, target_ws, range) in [
            ("leading", s_lead, t_lead, 0..t_lead.len()),
            (
                "trailing",
                s_trail,
                t_trail,
                t.len() - t_trail.len()..t.len(),
            ),
        ] {
            // A line break and indentation at a source's edge is a template's
            // layout (Django's `{% blocktrans %}`, Jinja's `{% trans %}`
            // blocks), which HTML collapses: a translation need not copy it.
            let indent = source_ws.trim_start_matches(['\n', '\r']);
            let layout = indent.len() >= 2
                && indent.len() < source_ws.len()
                && indent.chars().all(|c| c == ' ' || c == '\t');
            if same(source_ws, target_ws)
                || layout
                || (unspaced && target_ws.is_empty() && !source_ws.contains(['\n', '\t']))
            {
                continue;
            }
            let span = if range.is_empty() {
                target_span(target)
            } else {
                target.file_span(range)
            };
            out.push(
                Diagnostic::new(
                    WHITESPACE.id,
                    WHITESPACE.severity,
                    span,
                    format!(
                        "{side} whitespace differs: the source has {}, the target {}",
                        describe(source_ws),
                        describe(target_ws)
                    ),
                )
                .with_label(format!("{side} whitespace")),
            );
        }
    });
}

/// `bitext/end-punct`
fn check_end_punct(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Chinese, Japanese and Korean catalogues often drop the final full
    // stop or colon on purpose: there only the file's minority habit is
    // reported (for a tie, nothing).
    // Exclamation marks have a habit of their own: Chinese UI text often
    // drops them (`Offer deleted!` -> `促銷已刪除`) where it keeps `。`.
    let (mut kept, mut dropped) = (0usize, 0usize);
    let (mut exclaimed, mut calm) = (0usize, 0usize);
    for (i, segment, source) in bilingual(cx) {
        if cx.writing[i] != Some(Writing::Unspaced) {
            continue;
        }
        let target_ends = ending(&segment.target.text) != Ending::None;
        match ending(&source.text) {
            Ending::Stop | Ending::Colon if target_ends => kept += 1,
            Ending::Stop | Ending::Colon => dropped += 1,
            Ending::Exclamation if target_ends => exclaimed += 1,
            Ending::Exclamation => calm += 1,
            _ => {}
        }
    }
    let target_is = |lang: &str| {
        cx.options
            .target_lang
            .as_deref()
            .is_some_and(|tag| crate::language::same_language(tag, lang))
    };
    let (greek, armenian) = (target_is("el"), target_is("hy"));
    per_pair(cx, out, |i, segment, source, out| {
        let target = &segment.target;
        if target.text.trim().is_empty() || source.text.trim().is_empty() {
            return;
        }
        let (s, mut t) = (ending(&source.text), ending(&target.text));
        // Greek writes its question mark as `;`.
        if t == Ending::None && greek && target.text.trim_end().ends_with(';') {
            t = Ending::Question;
        }
        if armenian {
            // Armenian writes its exclamation and question marks (`՜`, `՞`)
            // over the stressed vowel, inside the word, and a question still
            // ends with `։`; a final `` ` `` is its pause mark typed on a
            // Latin keyboard, where English has `:`.
            if s == Ending::Exclamation || (s == Ending::Question && target.text.contains('՞')) {
                return;
            }
            if t == Ending::None && target.text.trim_end().ends_with('`') {
                t = Ending::Colon;
            }
        }
        // A source without final punctuation gives nothing to compare, and
        // an ellipsis is a style choice either way.
        if s == t || matches!(s, Ending::None | Ending::Ellipsis) || t == Ending::Ellipsis {
            return;
        }
        if t == Ending::None
            && cx.writing[i] == Some(Writing::Unspaced)
            && !cx.options.end_punct_match
            && match s {
                Ending::Stop | Ending::Colon => kept <= dropped,
                Ending::Exclamation => exclaimed <= calm,
                _ => false,
            }
        {
            return;
        }
        if endings_agree(s, t) {
            return;
        }
        // Between Chinese, Japanese or Korean and a spaced language, the
        // kind of ending is the translator's to choose (`别笑！` = `Don't
        // laugh.`, `这么着急干什么。` = `What's the rush?`): only a lost
        // final mark is reported there.
        let unspaced = |w: Option<Writing>| w == Some(Writing::Unspaced);
        if t != Ending::None
            && !cx.options.end_punct_match
            && unspaced(cx.writing[i]) != unspaced(crate::language::writing_of_text(&source.text))
        {
            return;
        }
        // An abbreviation's period at the end of a sentence is its full
        // stop too (`at 8 p.m.`).
        if s == Ending::Stop && target.text.trim_end().ends_with('.') {
            return;
        }
        let end = target.text.trim_end().len();
        let last = target.text[..end]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8);
        out.push(
            Diagnostic::new(
                END_PUNCT.id,
                END_PUNCT.severity,
                target.file_span(end - last..end),
                format!(
                    "the source ends with {}, the target with {}",
                    s.describe(),
                    t.describe()
                ),
            )
            .with_label("end of the target"),
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_kinds() {
        let names: Vec<String> =
            placeholders("%s %1$d %(name)s {0} {name} <b>x</b><br/> 100% of {{x}} {{ %%")
                .into_iter()
                .map(|(_, n)| n)
                .collect();
        assert_eq!(
            names,
            vec![
                "%s", "%1$d", "%(name)s", "{0}", "{name}", "<b>", "</b>", "<br/>", "{{x}}"
            ]
        );
        assert!(placeholders("3.4% of the 50%s").len() == 1);
        assert!(placeholders("a < b and c > d").is_empty());
    }

    #[test]
    fn endings_correspond_across_scripts() {
        assert_eq!(ending("你好。"), ending("Hello."));
        assert_eq!(ending("你好吗？"), ending("How are you?"));
        assert_eq!(ending("他说：“好。”"), ending("He said: \"Good.\""));
        assert_ne!(ending("你好。"), ending("Hello"));
        // Real (Apache Superset): a quoted mark ends nothing.
        assert_eq!(
            ending("Tag name is invalid (cannot contain ':')"),
            ending("标签名称无效（不能包含冒号）")
        );
        assert_eq!(ending("Click \"OK\"."), ending("点击“确定”。"));
        assert_eq!(ending("等等……"), ending("and so on..."));
    }
}
