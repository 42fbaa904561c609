//! Numbers by value in Chinese and English text: Arabic numerals with
//! separators, decimals and magnitudes (`343亿`, `34.3 billion`), Chinese
//! numerals (`一百二十`, `两`, `第十六`, `百分之三点四`, `二〇二〇`), English
//! number words and ordinals (`twelve`, `Sixteenth`, `16th`).

use std::ops::Range;

/// A number found in text.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub value: f64,
    pub span: Range<usize>,
    /// Spelled as a word (`one`, `一`): the value 1 from a word is too
    /// ambiguous ("one of", 统一) to compare.
    pub from_word: bool,
}

fn zh_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        // Traditional forms too: zh_Hant catalogues write 兩天, 貳.
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn zh_small_unit(c: char) -> Option<f64> {
    Some(match c {
        '十' | '拾' => 10.0,
        '百' | '佰' => 100.0,
        '千' | '仟' => 1000.0,
        _ => return None,
    })
}

fn zh_big_unit(c: char) -> Option<f64> {
    Some(match c {
        '万' | '萬' => 1e4,
        '亿' | '億' => 1e8,
        '兆' => 1e12,
        _ => return None,
    })
}

fn is_zh_numeral(c: char) -> bool {
    zh_digit(c).is_some() || zh_small_unit(c).is_some() || zh_big_unit(c).is_some()
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ if c.is_ascii() => None,
        _ => OTHER_DIGIT_ZEROS.iter().find_map(|&zero| {
            let d = (c as u32).wrapping_sub(zero);
            (d < 10).then_some(d)
        }),
    }
}

/// The zeros of the other scripts' decimal digits, each followed by one to
/// nine (Unicode category Nd), so that `٢٥` and `২৫` read as 25, as in a
/// source written with them and a target with Western digits.
const OTHER_DIGIT_ZEROS: &[u32] = &[
    0x0660, // Arabic-Indic
    0x06F0, // Extended Arabic-Indic (Persian, Urdu)
    0x07C0, // NKo
    0x0966, // Devanagari
    0x09E6, // Bengali, Assamese
    0x0A66, // Gurmukhi
    0x0AE6, // Gujarati
    0x0B66, // Oriya
    0x0BE6, // Tamil
    0x0C66, // Telugu
    0x0CE6, // Kannada
    0x0D66, // Malayalam
    0x0DE6, // Sinhala
    0x0E50, // Thai
    0x0ED0, // Lao
    0x0F20, // Tibetan
    0x1040, // Myanmar
    0x17E0, // Khmer
    0x1810, // Mongolian
];

/// Value of a Chinese numeral string: units, sections at 万 and 亿, and
/// digit-by-digit years (二〇二〇).
fn zh_value(s: &str) -> Option<f64> {
    let chars: Vec<char> = s.chars().collect();
    let has_unit = chars
        .iter()
        .any(|&c| zh_small_unit(c).is_some() || zh_big_unit(c).is_some());
    if !has_unit {
        // 二〇二〇: digit by digit.
        let mut v = 0.0;
        for &c in &chars {
            v = v * 10.0 + f64::from(zh_digit(c)?);
        }
        return Some(v);
    }
    // A magnitude larger than every one before it scales all that came
    // before (三万亿 is 3 x 10^4 x 10^8, 万亿 a trillion); a smaller one only
    // its own section (一亿一千万 is 110,000,000).
    let (mut total, mut section, mut digit) = (0.0, 0.0, None::<f64>);
    let mut largest = 0.0;
    for &c in &chars {
        if let Some(d) = zh_digit(c) {
            digit = Some(f64::from(d));
        } else if let Some(unit) = zh_small_unit(c) {
            section += digit.take().unwrap_or(1.0) * unit;
        } else if let Some(unit) = zh_big_unit(c) {
            section += digit.take().unwrap_or(0.0);
            if unit > largest {
                if section == 0.0 && total == 0.0 {
                    section = 1.0; // a bare magnitude: 万人, 亿元
                }
                total = (total + section) * unit;
                largest = unit;
            } else {
                total += section.max(1.0) * unit;
            }
            section = 0.0;
        }
    }
    Some(total + section + digit.unwrap_or(0.0))
}

const EN_UNITS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("zeros", 0.0),
    ("zeroes", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

const EN_ORDINALS: &[(&str, f64)] = &[
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("sixteenth", 16.0),
    ("seventeenth", 17.0),
    ("eighteenth", 18.0),
    ("nineteenth", 19.0),
    ("twentieth", 20.0),
    ("thirtieth", 30.0),
    ("fortieth", 40.0),
    ("fiftieth", 50.0),
    ("sixtieth", 60.0),
    ("seventieth", 70.0),
    ("eightieth", 80.0),
    ("ninetieth", 90.0),
    ("hundredth", 100.0),
];

const EN_SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month of a capitalised abbreviation with its period and then a
/// day (`Nov. 27`, `Sept. 3`), as news datelines write it.
fn month_abbreviation(text: &str, word: &Range<usize>, lower: &str) -> Option<f64> {
    const ABBREVIATIONS: &[(&str, f64)] = &[
        ("jan", 1.0),
        ("feb", 2.0),
        ("mar", 3.0),
        ("apr", 4.0),
        ("jun", 6.0),
        ("jul", 7.0),
        ("aug", 8.0),
        ("sep", 9.0),
        ("sept", 9.0),
        ("oct", 10.0),
        ("nov", 11.0),
        ("dec", 12.0),
    ];
    let month = lookup(ABBREVIATIONS, lower)?;
    let capitalised = text[word.clone()].starts_with(|c: char| c.is_ascii_uppercase());
    let day = text[word.end..].strip_prefix('.')?.strip_prefix(' ')?;
    (capitalised && day.starts_with(|c: char| c.is_ascii_digit())).then_some(month)
}

fn lookup(table: &[(&str, f64)], word: &str) -> Option<f64> {
    table.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// Words for a number of years, as anniversaries and spans are said.
const EN_SPANS_OF_YEARS: &[(&str, f64)] = &[
    ("decade", 10.0),
    ("century", 100.0),
    ("centenary", 100.0),
    ("centennial", 100.0),
    ("bicentenary", 200.0),
    ("bicentennial", 200.0),
    ("millennium", 1000.0),
];

/// A decade said without its century (五十年代, 50年代: the fifties),
/// before `rest`: the tens themselves or that decade of the 1900s or the
/// 2000s, whichever the other side says.
fn decade_of_century(value: f64, rest: &str) -> Option<[f64; 3]> {
    let tens = (10.0..100.0).contains(&value) && value % 10.0 == 0.0;
    (tens && rest.starts_with("年代")).then_some([value, 1900.0 + value, 2000.0 + value])
}

/// The first year of a decade said as a plural tens word (`twenties` is
/// 20, `nineties` 90), for ages and eras.
fn decade_word(word: &str) -> Option<f64> {
    let tens = lookup(EN_UNITS, &format!("{}y", word.strip_suffix("ies")?))?;
    ((20.0..100.0).contains(&tens) && tens % 10.0 == 0.0).then_some(tens)
}

/// Words of ASCII letters with their spans.
fn next_word(text: &str, from: usize) -> Option<(Range<usize>, String)> {
    let rest = &text[from..];
    let skip = rest.len() - rest.trim_start_matches([' ', '-', '\u{a0}']).len();
    let start = from + skip;
    let len = text[start..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len() - start);
    (len > 0).then(|| {
        (
            start..start + len,
            text[start..start + len].to_ascii_lowercase(),
        )
    })
}

/// Every number in a text, in order.
pub fn extract(text: &str) -> Vec<Number> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |n: usize| chars.get(n).map(|&(_, c)| c);
    let pos = |n: usize| chars.get(n).map_or(text.len(), |&(i, _)| i);
    let mut n = 0;
    while n < chars.len() {
        let (i, c) = chars[n];
        let before = n.checked_sub(1).and_then(&at);
        // 十九世纪三十年代, 20世纪30年代: the 1930s.
        if !before.is_some_and(|p| digit_value(p).is_some() || is_zh_numeral(p))
            && let Some((value, end)) = century_decade(&chars, n)
        {
            out.push(Number {
                value,
                span: i..pos(end),
                from_word: false,
            });
            n = end;
            continue;
        }
        // Arabic numerals, with separators and a decimal part.
        let digit_run = chars[n..]
            .iter()
            .take_while(|&&(_, c)| digit_value(c).is_some())
            .count();
        // Digits after a letter, `%` or `{` belong to a code or a
        // placeholder (`%1$s`, `{0}`).
        let in_code = before.is_some_and(|p| p.is_ascii_alphabetic() || p == '%' || p == '{');
        if digit_value(c).is_some() && in_code {
            n += digit_run;
            continue;
        }
        if digit_value(c).is_some() {
            let mut digits = String::new();
            let mut m = n;
            while let Some(c) = at(m) {
                if let Some(d) = digit_value(c) {
                    digits.push(char::from_digit(d, 10).unwrap_or('0'));
                } else if (c == ',' || c == '，' || c == '٬')
                    && at(m + 1).and_then(digit_value).is_some()
                    && at(m + 2).and_then(digit_value).is_some()
                    && at(m + 3).and_then(digit_value).is_some()
                    && at(m + 4).and_then(digit_value).is_none()
                {
                    // thousands separator
                } else if (c == '.' || c == '．' || c == '٫')
                    && !digits.contains('.')
                    && at(m + 1).and_then(digit_value).is_some()
                {
                    digits.push('.');
                } else {
                    break;
                }
                m += 1;
            }
            let mut value: f64 = digits.parse().unwrap_or(0.0);
            let mut end = m;
            // A space may stand between digits and a Chinese magnitude
            // (`1 万`, as CJK-Latin spacing writes it).
            if matches!(at(end), Some(' ' | '\u{2009}' | '\u{a0}'))
                && at(end + 1).and_then(zh_big_unit).is_some()
            {
                end += 1;
            }
            // Chinese magnitudes: 343亿, 3.43万亿, 950万.
            while let Some(unit) = at(end).and_then(|c| {
                zh_big_unit(c).or_else(|| {
                    zh_small_unit(c).filter(|_| at(end + 1).and_then(zh_big_unit).is_some())
                })
            }) {
                value *= unit;
                end += 1;
            }
            // English magnitudes: 34.3 billion.
            let mut end_byte = pos(end);
            while let Some((range, word)) = next_word(text, end_byte) {
                match lookup(EN_SCALES, word.trim_end_matches('s')) {
                    // `millions of` is not a number.
                    Some(scale) if !word.ends_with('s') => {
                        value *= scale;
                        end_byte = range.end;
                    }
                    _ => break,
                }
            }
            // Ordinal suffixes: 16th.
            let rest = &text[end_byte..];
            for suffix in ["st", "nd", "rd", "th"] {
                if rest
                    .get(..2)
                    .is_some_and(|r| r.eq_ignore_ascii_case(suffix))
                    && !rest[2..].starts_with(|c: char| c.is_ascii_alphabetic())
                {
                    end_byte += 2;
                    break;
                }
            }
            if let Some(decades) = decade_of_century(value, &text[end_byte..]) {
                // 50年代: the fifties of either century, or the number.
                for value in decades {
                    out.push(Number {
                        value,
                        span: i..end_byte,
                        from_word: true,
                    });
                }
            } else {
                out.push(Number {
                    value: round(value),
                    span: i..end_byte,
                    from_word: false,
                });
            }
            while pos(n) < end_byte {
                n += 1;
            }
            continue;
        }
        // Half an hour is thirty minutes.
        if let Some(half_hour) = ["半小时", "半个小时", "半個小時", "半個鐘"]
            .iter()
            .find(|w| text[i..].starts_with(*w))
        {
            out.push(Number {
                value: 30.0,
                span: i..i + half_hour.len(),
                from_word: true,
            });
            while pos(n) < i + half_hour.len() {
                n += 1;
            }
            continue;
        }
        // 百分之三点四
        if text[i..].starts_with("百分之") {
            let start = n + 3;
            let mut m = start;
            while at(m).is_some_and(|c| is_zh_numeral(c) || c == '点') {
                m += 1;
            }
            if m > start {
                let s: String = chars[start..m].iter().map(|&(_, c)| c).collect();
                if let Some(value) = zh_decimal(&s) {
                    out.push(Number {
                        value,
                        span: i..pos(m),
                        from_word: false,
                    });
                }
                n = m;
                continue;
            }
        }
        // Chinese numerals.
        if is_zh_numeral(c) {
            let mut m = n;
            while at(m).is_some_and(|c| {
                is_zh_numeral(c) || (c == '点' && at(m + 1).and_then(zh_digit).is_some())
            }) {
                m += 1;
            }
            let s: String = chars[n..m].iter().map(|&(_, c)| c).collect();
            let ordinal = n > 0 && at(n - 1) == Some('第');
            // A lone banker's numeral (參數, 陆地) is a word; a bare
            // magnitude (近万人 = nearly 10,000, 千年) is read like the
            // others, since it is only ever matched.
            let not_a_number =
                s.chars().count() == 1 && "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟".contains(s.as_str());
            if let Some(tenths) = zh_tenths(&s, at(m)) {
                // 九折 (pay 90%: 10% off), 三成 (30%): either percentage
                // may be what the other side says.
                for value in tenths {
                    out.push(Number {
                        value,
                        span: i..pos(m + 1),
                        from_word: true,
                    });
                }
                n = m + 1;
                continue;
            }
            if let Some(decades) = zh_value(&s).and_then(|v| decade_of_century(v, &text[pos(m)..]))
            {
                // 上世纪五十年代, 五十年代: the 1950s.
                for value in decades {
                    out.push(Number {
                        value,
                        span: i..pos(m),
                        from_word: true,
                    });
                }
            } else if let Some(range_values) = numeral_range(&s) {
                // 两三年, 三四十人: one of two numbers, either may match.
                for value in range_values {
                    out.push(Number {
                        value,
                        span: i..pos(m),
                        from_word: true,
                    });
                }
            } else if !not_a_number {
                // Every other numeral is read, counted or not (五和三, 五国):
                // a number in words is never reported, only matched, so
                // reading one that is no number (三维) costs nothing.
                for (part, range) in split_zh(&s, i) {
                    if let Some(value) = zh_decimal(&part) {
                        // An ordinal (第一 for `1st`) is no ambiguous word;
                        // magnitudes alone (千亿, 亿万 "hundreds of millions",
                        // 百万) are as vague as one numeral.
                        let first_ordinal = ordinal && range.start == i;
                        let magnitudes_only = part.chars().all(|c| zh_digit(c).is_none());
                        out.push(Number {
                            value,
                            span: range,
                            from_word: (part.chars().count() == 1 || magnitudes_only)
                                && !first_ordinal,
                        });
                    }
                }
            }
            n = m.max(n + 1);
            continue;
        }
        // English number words, ordinals and months before a day.
        if c.is_ascii_alphabetic()
            && !n
                .checked_sub(1)
                .and_then(&at)
                .is_some_and(|p| p.is_ascii_alphabetic())
            && let Some((range, word)) = next_word(text, i)
        {
            {
                if let Some(month) = month_abbreviation(text, &range, &word) {
                    // `Nov. 27`, `Sept. 3`: a month only with its day.
                    out.push(Number {
                        value: month,
                        span: range.start..range.end + 1,
                        from_word: false,
                    });
                } else if let Some(month) = MONTHS.iter().position(|m| *m == word) {
                    let followed_by_day = text[range.end..]
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_digit());
                    // A month name alone (`in June` = `6月`) is capitalised;
                    // `May` first in a sentence is more often the verb.
                    let capitalised = text[range.start..]
                        .starts_with(|c: char| c.is_ascii_uppercase())
                        && !(word == "may" && text[..range.start].trim_end().is_empty());
                    if followed_by_day || capitalised {
                        out.push(Number {
                            value: (month + 1) as f64,
                            span: range.clone(),
                            from_word: !followed_by_day,
                        });
                    }
                } else if let Some(years) = lookup(EN_SPANS_OF_YEARS, &word) {
                    // 成立100周年 is the centenary, 十年 a decade.
                    out.push(Number {
                        value: years,
                        span: range.clone(),
                        from_word: true,
                    });
                } else if let Some(decade) = decade_word(&word) {
                    // `in his twenties` is 不到30岁 as well as 二十多岁:
                    // either end of the decade may be what the other side
                    // says, and a word is only ever matched.
                    for value in [decade, decade + 10.0] {
                        out.push(Number {
                            value,
                            span: range.clone(),
                            from_word: true,
                        });
                    }
                } else if let Some(value) = lookup(EN_ORDINALS, &word) {
                    out.push(Number {
                        value,
                        span: range.clone(),
                        from_word: value == 1.0 || value == 2.0,
                    });
                } else if let Some(first) = lookup(EN_UNITS, &word).or_else(|| {
                    (word == "a").then_some(1.0).filter(|_| {
                        next_word(text, range.end)
                            .is_some_and(|(_, w)| lookup(EN_SCALES, &w).is_some())
                    })
                }) {
                    // twenty-five, one hundred and twenty, two million
                    let (mut total, mut current) = (0.0, first);
                    let mut end = range.end;
                    while let Some((r, w)) = next_word(text, end) {
                        if let Some(v) = lookup(EN_UNITS, &w) {
                            if total == 0.0
                                && (11.0..100.0).contains(&current)
                                && current % 10.0 != 0.0
                                && v >= 10.0
                            {
                                // A year said in pairs: nineteen ninety-seven.
                                current = current * 100.0 + v;
                            } else if current % 10.0 == 0.0 && v < 10.0 && current >= 20.0
                                || current % 100.0 == 0.0 && current >= 100.0 && v < 100.0
                            {
                                current += v;
                            } else {
                                break;
                            }
                        } else if let Some(v) = lookup(EN_ORDINALS, &w)
                            .filter(|&v| v < 10.0 && current >= 20.0 && current % 10.0 == 0.0)
                        {
                            // thirty-first
                            current += v;
                            end = r.end;
                            break;
                        } else if let Some(scale) = lookup(EN_SCALES, &w) {
                            if scale == 100.0 {
                                current *= scale;
                            } else {
                                total += current * scale;
                                current = 0.0;
                            }
                        } else if w == "and"
                            && next_word(text, r.end)
                                .is_some_and(|(_, w)| lookup(EN_UNITS, &w).is_some())
                            && current >= 100.0
                        {
                        } else {
                            break;
                        }
                        end = r.end;
                    }
                    let value = total + current;
                    out.push(Number {
                        value,
                        span: i..end,
                        from_word: value == 1.0,
                    });
                    while pos(n) < end {
                        n += 1;
                    }
                    continue;
                }
                while pos(n) < range.end {
                    n += 1;
                }
                continue;
            }
        }
        n += 1;
    }
    out
}

/// A time of day, in minutes after midnight or noon: `23点` and `11 p.m.`
/// are the same time, since one side often counts hours to 24 and the
/// other to 12.
#[derive(Clone, Debug, PartialEq)]
pub struct Time {
    pub minutes: u32,
    pub span: Range<usize>,
    /// Marked as a time (`下午3点`, `3点半`, `7:45`, `9 a.m.`), not a bare
    /// `3点`, which may also count points (三点建议).
    pub certain: bool,
}

/// Words before an hour that make it a time of day.
const ZH_TIME_OF_DAY: &[&str] = &[
    "凌晨", "早上", "早晨", "清晨", "上午", "中午", "下午", "傍晚", "晚上", "夜里", "半夜", "夜間",
    "夜间", "今晚", "明早", "早", "晚",
];

/// A number at `n` written in digits or in Chinese numerals without a
/// magnitude (七, 四十五, 23), with the index after it.
fn small_numeral(chars: &[(usize, char)], n: usize) -> Option<(u32, usize)> {
    let digits = chars[n..]
        .iter()
        .take_while(|&&(_, c)| c.is_ascii_digit() || ('０'..='９').contains(&c))
        .count();
    if digits > 0 {
        let value = chars[n..n + digits].iter().try_fold(0u32, |v, &(_, c)| {
            v.checked_mul(10)?.checked_add(digit_value(c)?)
        })?;
        return Some((value, n + digits));
    }
    let run = chars[n..]
        .iter()
        .take_while(|&&(_, c)| zh_digit(c).is_some() || c == '十' || c == '拾')
        .count();
    if run == 0 || run > 3 {
        return None;
    }
    let s: String = chars[n..n + run].iter().map(|&(_, c)| c).collect();
    let value = zh_value(&s)?;
    Some((value as u32, n + run))
}

/// Every time of day in a text: `七点四十五分`, `3点半`, `下午4点`, `23时30分`,
/// `7:45`, `8:30 a.m.`, `11 p.m.`, `9 o'clock`.
pub fn times(text: &str) -> Vec<Time> {
    // Every time has a Chinese hour mark or an ASCII digit: most segments
    // have neither, and are not decoded into characters.
    if !text.bytes().any(|b| b.is_ascii_digit()) && !text.contains(['点', '點', '时', '時']) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |n: usize| chars.get(n).map(|&(_, c)| c);
    let pos = |n: usize| chars.get(n).map_or(text.len(), |&(i, _)| i);
    let mut out = Vec::new();
    let mut n = 0;
    while n < chars.len() {
        let starts_number = at(n)
            .is_some_and(|c| digit_value(c).is_some() || zh_digit(c).is_some() || c == '十')
            && !n.checked_sub(1).and_then(&at).is_some_and(|p| {
                p.is_ascii_alphanumeric() || zh_digit(p).is_some() || p == '.' || p == ':'
            });
        let Some((hour, after)) = starts_number.then(|| small_numeral(&chars, n)).flatten() else {
            n += 1;
            continue;
        };
        if hour > 24 {
            n = after;
            continue;
        }
        let start = pos(n);
        let marked_before = ZH_TIME_OF_DAY.iter().any(|w| text[..start].ends_with(w));
        let mut found = None;
        match at(after) {
            // 七点, 3点半, 八点三十分, 九点钟
            Some('点' | '點') => {
                let mut m = after + 1;
                let mut minutes = 0;
                let mut certain = marked_before;
                if matches!(at(m), Some('钟' | '鐘')) {
                    m += 1;
                    certain = true;
                }
                if at(m) == Some('半') {
                    minutes = 30;
                    m += 1;
                    certain = true;
                } else if matches!(at(m), Some('一' | '三')) && at(m + 1) == Some('刻') {
                    minutes = if at(m) == Some('一') { 15 } else { 45 };
                    m += 2;
                    certain = true;
                } else if at(m) == Some('整') {
                    m += 1;
                    certain = true;
                } else if let Some((value, end)) =
                    small_numeral(&chars, m + usize::from(at(m) == Some('零')))
                {
                    // 三点四 is 3.4: minutes must be marked as minutes.
                    if at(end) == Some('分') && value < 60 {
                        minutes = value;
                        m = end + 1;
                        certain = true;
                    } else {
                        m = usize::MAX;
                    }
                }
                if m != usize::MAX {
                    found = Some((minutes, m, certain));
                }
            }
            // 23时30分, 下午3时
            Some('时' | '時') => {
                if let Some((value, end)) = small_numeral(&chars, after + 1)
                    && at(end) == Some('分')
                    && value < 60
                {
                    found = Some((value, end + 1, true));
                } else if marked_before {
                    found = Some((0, after + 1, true));
                }
            }
            // 7:45, 8:30 a.m.
            Some(':' | '：')
                if at(after + 1).is_some_and(|c| c.is_ascii_digit())
                    && at(after + 2).is_some_and(|c| c.is_ascii_digit())
                    && !at(after + 3).is_some_and(|c| c.is_ascii_digit() || c == ':') =>
            {
                let minutes = (at(after + 1).and_then(digit_value).unwrap_or(0)) * 10
                    + at(after + 2).and_then(digit_value).unwrap_or(0);
                if minutes < 60 {
                    let end = after + 3;
                    found = Some((minutes, end + meridiem_len(&chars, end), true));
                }
            }
            _ => {
                let len = meridiem_len(&chars, after);
                if len > 0 && hour <= 12 {
                    found = Some((0, after + len, true));
                }
            }
        }
        match found {
            Some((minutes, end, certain)) => {
                out.push(Time {
                    minutes: (hour * 60 + minutes) % 720,
                    span: start..pos(end),
                    certain,
                });
                n = end;
            }
            None => n = after,
        }
    }
    out
}

/// The length in characters of ` a.m.`, `pm`, ` o'clock` and the like at
/// `n`, or 0.
fn meridiem_len(chars: &[(usize, char)], n: usize) -> usize {
    let space = usize::from(
        chars
            .get(n)
            .is_some_and(|&(_, c)| c == ' ' || c == '\u{a0}'),
    );
    let rest: String = chars[(n + space).min(chars.len())..]
        .iter()
        .take(8)
        .map(|&(_, c)| c.to_ascii_lowercase())
        .collect();
    let len = [
        "a.m.",
        "p.m.",
        "a.m",
        "p.m",
        "am",
        "pm",
        "o'clock",
        "o’clock",
    ]
    .iter()
    .find(|m| rest.starts_with(*m))
    .map_or(0, |m| m.chars().count());
    // `am` and `pm` must end the word (`8 amps`, `5 pmol`).
    let ends_word = !rest
        .chars()
        .nth(len)
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if len > 0 && ends_word { space + len } else { 0 }
}

/// Round away binary noise (34.3 * 1e9 is 34299999999.999996): twelve
/// significant digits are plenty for amounts in text.
pub fn round(value: f64) -> f64 {
    // Whole numbers of up to twelve digits are already what rounding
    // gives; they are most numbers in text, and formatting a float is slow.
    if value.fract() == 0.0 && value.abs() < 1.0e12 {
        return value;
    }
    format!("{value:.11e}").parse().unwrap_or(value)
}

/// A Chinese numeral string with an optional decimal part (三点四).
fn zh_decimal(s: &str) -> Option<f64> {
    match s.split_once('点') {
        Some((whole, fraction)) => {
            let whole = if whole.is_empty() {
                0.0
            } else {
                zh_value(whole)?
            };
            let digits: String = fraction
                .chars()
                .map(|c| zh_digit(c).map(|d| char::from_digit(d, 10).unwrap_or('0')))
                .collect::<Option<String>>()?;
            format!("{whole}.{digits}").parse().ok()
        }
        None => zh_value(s),
    }
}

/// A decade of a century written the Chinese way (十九世纪三十年代 for the
/// 1930s), with the index after it.
fn century_decade(chars: &[(usize, char)], n: usize) -> Option<(f64, usize)> {
    let at = |n: usize| chars.get(n).map(|&(_, c)| c);
    let (century, after) = small_numeral(chars, n)?;
    if at(after) != Some('世') || !matches!(at(after + 1), Some('纪' | '紀')) {
        return None;
    }
    let (decade, end) = small_numeral(chars, after + 2)?;
    if at(end) != Some('年')
        || at(end + 1) != Some('代')
        || !(1..=30).contains(&century)
        || decade % 10 != 0
        || decade >= 100
    {
        return None;
    }
    Some((f64::from((century - 1) * 100 + decade), end + 2))
}

/// The percentages a numeral before 折 (a price in tenths: 九折 is 90% of
/// the price, 10% off; 八五折 85%) or 成 (tenths: 三成 is 30%) stands for.
fn zh_tenths(s: &str, next: Option<char>) -> Option<Vec<f64>> {
    let digits: Vec<u32> = s.chars().map(zh_digit).collect::<Option<_>>()?;
    let percent = match digits[..] {
        [d] => f64::from(d * 10),
        [d, e] => f64::from(d * 10 + e),
        _ => return None,
    };
    match next? {
        '折' => Some(vec![percent, 100.0 - percent]),
        '成' if digits.len() == 1 => Some(vec![percent]),
        _ => None,
    }
}

/// The two values of a Chinese range or approximation: two neighbouring
/// digits (两三, 一两, 三四), with a magnitude after them (三四十 is 30 or
/// 40, 五六万 50,000 or 60,000).
fn numeral_range(s: &str) -> Option<[f64; 2]> {
    let mut chars = s.chars();
    let first = f64::from(zh_digit(chars.next()?)?);
    let second = f64::from(zh_digit(chars.next()?)?);
    let rest = chars.as_str();
    if second != first + 1.0 || first == 0.0 {
        return None;
    }
    let scale = if rest.is_empty() {
        1.0
    } else if rest
        .chars()
        .all(|c| zh_small_unit(c).is_some() || zh_big_unit(c).is_some())
    {
        zh_value(&format!("一{rest}"))?
    } else {
        return None;
    };
    Some([first * scale, second * scale])
}

/// Split a run of Chinese numerals where one number ends and another starts:
/// 十四五 is 14 and 5 (two digits in a row with no unit between them), but
/// 二〇二〇 is one year.
fn split_zh(s: &str, start: usize) -> Vec<(String, Range<usize>)> {
    let has_unit = s
        .chars()
        .any(|c| zh_small_unit(c).is_some() || zh_big_unit(c).is_some());
    if !has_unit {
        return vec![(s.to_owned(), start..start + s.len())];
    }
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut part_start = start;
    let mut offset = start;
    let mut last_was_digit = false;
    for c in s.chars() {
        let is_digit = zh_digit(c).is_some();
        if is_digit && last_was_digit {
            parts.push((std::mem::take(&mut current), part_start..offset));
            part_start = offset;
        }
        current.push(c);
        offset += c.len_utf8();
        last_was_digit = is_digit;
    }
    parts.push((current, part_start..offset));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<f64> {
        extract(text)
            .into_iter()
            .filter(|n| !(n.from_word && n.value == 1.0))
            .map(|n| n.value)
            .collect()
    }

    #[test]
    fn chinese() {
        assert_eq!(values("出口额343亿元，同比增长98.2%"), vec![343e8, 98.2]);
        assert_eq!(values("950万华侨"), vec![950e4]);
        assert_eq!(values("3.43万亿美元"), vec![3.43e12]);
        assert_eq!(values("千亿元"), vec![1e11]);
        assert_eq!(values("突破万亿元"), vec![1e12]);
        assert_eq!(values("三万亿"), vec![3e12]);
        assert_eq!(values("一亿一千万"), vec![1.1e8]);
        assert_eq!(values("两千万"), vec![2e7]);
        // A decade without its century.
        assert_eq!(values("上世纪五十年代"), vec![50.0, 1950.0, 2050.0]);
        assert_eq!(values("80年代"), vec![80.0, 1980.0, 2080.0]);
        assert_eq!(values("80年"), vec![80.0]);
        assert_eq!(values("第十六届人大第六次会议"), vec![16.0, 6.0]);
        assert_eq!(values("一百二十个国家"), vec![120.0]);
        assert_eq!(values("两国"), vec![2.0]);
        // Traditional Chinese numerals and measure words (pretix's zh_Hant
        // catalogue: `up to 2 days` = `最多兩天`).
        assert_eq!(values("最多兩天"), vec![2.0]);
        assert_eq!(values("3個參數，貳萬元"), vec![3.0, 20000.0]);
        assert_eq!(values("百分之三点四"), vec![3.4]);
        assert_eq!(values("二〇二〇年"), vec![2020.0]);
        assert_eq!(values("2020年1月16日"), vec![2020.0, 1.0, 16.0]);
        assert_eq!(values("十四五规划"), vec![14.0, 5.0]);
        assert_eq!(values("一带一路统一"), Vec::<f64>::new());
        assert_eq!(values("３，２１５．４６"), vec![3215.46]);
    }

    #[test]
    fn ranges_discounts_and_words_without_measure_words() {
        assert_eq!(values("两三年"), vec![2.0, 3.0]);
        assert_eq!(values("三四十人"), vec![30.0, 40.0]);
        assert_eq!(values("九折"), vec![90.0, 10.0]);
        assert_eq!(values("三成"), vec![30.0]);
        assert_eq!(values("五和三"), vec![5.0, 3.0]);
        assert_eq!(values("十门语言"), vec![10.0]);
        assert_eq!(values("十九世纪三十年代"), vec![1830.0]);
        // Digit runs too long for a time or a century are read as numbers.
        assert_eq!(
            values("4294967299世纪10年代"),
            vec![4294967299.0, 10.0, 1910.0, 2010.0]
        );
        assert_eq!(values("近万人"), vec![10000.0]);
        assert_eq!(values("3個參數"), vec![3.0]);
    }

    fn clock(text: &str) -> Vec<(u32, bool)> {
        times(text)
            .into_iter()
            .map(|t| (t.minutes, t.certain))
            .collect()
    }

    #[test]
    fn times_of_day() {
        assert_eq!(clock("七点四十五分"), vec![(7 * 60 + 45, true)]);
        assert_eq!(clock("3点半"), vec![(3 * 60 + 30, true)]);
        assert_eq!(clock("23点"), vec![(11 * 60, false)]);
        assert_eq!(clock("下午4点"), vec![(4 * 60, true)]);
        assert_eq!(clock("9时30分"), vec![(9 * 60 + 30, true)]);
        assert_eq!(
            clock("at 11 p.m. and 8:30am"),
            vec![(11 * 60, true), (8 * 60 + 30, true)]
        );
        assert_eq!(clock("9 o'clock"), vec![(9 * 60, true)]);
        // Not times: a decimal, a count of points, a score, hours.
        assert_eq!(clock("三点四"), Vec::new());
        assert_eq!(clock("3小时, 8 amps, 12:345"), Vec::new());
        assert_eq!(clock("4294967299点, 99999999999点"), Vec::new());
    }

    #[test]
    fn english() {
        assert_eq!(values("34.3 billion yuan, up 98.2%"), vec![34.3e9, 98.2]);
        assert_eq!(values("9.5 million overseas Chinese"), vec![9.5e6]);
        assert_eq!(values("3,215.46 and 1,000,000"), vec![3215.46, 1e6]);
        assert_eq!(
            values("the Sixteenth and the 16th, the sixth"),
            vec![16.0, 16.0, 6.0]
        );
        assert_eq!(
            values("twelve, twenty-five, one hundred and twenty"),
            vec![12.0, 25.0, 120.0]
        );
        assert_eq!(values("two million people"), vec![2e6]);
        assert_eq!(values("On January 16th"), vec![1.0, 16.0]);
        assert_eq!(values("one of them, someone, phone"), Vec::<f64>::new());
        assert_eq!(values("the 14th Five-Year Plan"), vec![14.0, 5.0]);
        assert_eq!(values("%1$s and {0}"), Vec::<f64>::new());
        assert_eq!(values("in October"), vec![10.0]);
        assert_eq!(values("BEIJING, Nov. 27 (Xinhua)"), vec![11.0, 27.0]);
        assert_eq!(
            values("Sept. 3, the dec. 5 and Dec 5"),
            vec![9.0, 3.0, 5.0, 5.0]
        );
        assert_eq!(values("May I come in?"), Vec::<f64>::new());
        assert_eq!(
            values("March thirty-first, nineteen ninety-seven"),
            vec![3.0, 31.0, 1997.0]
        );
        // An age or era in tens: either end of the decade.
        assert_eq!(values("in his twenties"), vec![20.0, 30.0]);
        assert_eq!(values("the Nineties"), vec![90.0, 100.0]);
        assert_eq!(values("studies, parties, ties"), Vec::<f64>::new());
        assert_eq!(values("the centenary of a decade"), vec![100.0, 10.0]);
    }
}
