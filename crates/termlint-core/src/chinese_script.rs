//! Simplified and Traditional Chinese: which characters belong to one script
//! only, and one-to-one conversion between them.
//!
//! The character tables are OpenCC's (Apache-2.0; `data/opencc/LICENSE`),
//! compiled in verbatim and parsed on first use. A character counts as
//! belonging to one script only when OpenCC maps it to other characters and
//! never to itself: 著, 干, 里, 台, 只, 系 and 面 are valid in both scripts
//! and so belong to neither.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::language;

const TRADITIONAL_TO_SIMPLIFIED: &str = include_str!("../data/opencc/TSCharacters.txt");
const SIMPLIFIED_TO_TRADITIONAL: &str = include_str!("../data/opencc/STCharacters.txt");
const TAIWAN_VARIANTS: &str = include_str!("../data/opencc/TWVariants.txt");
const HONG_KONG_VARIANTS: &str = include_str!("../data/opencc/HKVariants.txt");
const TRADITIONAL_PHRASES: &str = include_str!("../data/opencc/TSPhrases.txt");
const SIMPLIFIED_PHRASES: &str = include_str!("../data/opencc/STPhrases.txt");

/// How a Chinese text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Simplified,
    /// Traditional, with the region's standard character forms where they
    /// differ (Taiwan 為, Hong Kong 爲).
    Traditional(Region),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    Taiwan,
    HongKong,
    /// Traditional without a region (`zh-Hant`): OpenCC's standard forms.
    Unspecified,
}

/// The script a language tag asks for: `zh-CN`, `zh_SG`, `zh-Hans` are
/// Simplified; `zh-TW`, `zh_HK`, `zh-MO`, `zh-Hant` Traditional. `None` for
/// a bare `zh` and for other languages.
pub fn script_of_tag(tag: &str) -> Option<Script> {
    if !matches!(language::primary(tag).as_str(), "zh" | "yue" | "cmn") {
        return None;
    }
    let subtags: Vec<String> = tag
        .split(['-', '_', '.', '@'])
        .skip(1)
        .map(str::to_ascii_lowercase)
        .collect();
    let has = |s: &str| subtags.iter().any(|t| t == s);
    if has("hans") || has("cn") || has("sg") || has("my") {
        Some(Script::Simplified)
    } else if has("hk") || has("mo") {
        Some(Script::Traditional(Region::HongKong))
    } else if has("tw") {
        Some(Script::Traditional(Region::Taiwan))
    } else if has("hant") {
        Some(Script::Traditional(Region::Unspecified))
    } else {
        None
    }
}

/// A character that belongs to one script only, and its one-to-one
/// counterpart in the other script, if it has exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OneScript {
    pub counterpart: Option<char>,
}

struct Tables {
    traditional_only: FxHashMap<char, OneScript>,
    /// Simplified-only characters (before regional forms are considered)
    /// and their Traditional forms in OpenCC's standard.
    simplified_only: FxHashMap<char, Vec<char>>,
    taiwan: FxHashMap<char, char>,
    hong_kong: FxHashMap<char, char>,
    /// For each character from [`DENSE_START`] to [`DENSE_END`] (the CJK
    /// blocks where nearly all Chinese text is): 1 Traditional only, 2
    /// Simplified only in every region, 0 neither. Counting a paragraph's
    /// characters then costs an index each, not up to four hash lookups.
    dense: Vec<u8>,
}

const DENSE_START: u32 = 0x3400;
const DENSE_END: u32 = 0xA000;

/// `key<TAB>value value ...` lines; `#` starts a comment line.
fn entries(table: &str) -> impl Iterator<Item = (char, Vec<char>)> + '_ {
    table.lines().filter_map(|line| {
        if line.starts_with('#') {
            return None;
        }
        let (key, values) = line.split_once('\t')?;
        let mut key_chars = key.chars();
        let key = key_chars.next()?;
        if key_chars.next().is_some() {
            return None;
        }
        let values: Vec<char> = values
            .split(' ')
            .filter_map(|v| {
                let mut chars = v.chars();
                let c = chars.next()?;
                chars.next().is_none().then_some(c)
            })
            .collect();
        Some((key, values))
    })
}

/// Where a variant table names exactly one regional form.
fn variants(table: &str) -> FxHashMap<char, char> {
    entries(table)
        .filter_map(|(key, values)| match values.as_slice() {
            [only] if *only != key => Some((key, *only)),
            _ => None,
        })
        .collect()
}

fn one_script(table: &str, other: &FxHashMap<char, Vec<char>>) -> FxHashMap<char, OneScript> {
    entries(table)
        .filter(|(key, values)| !values.is_empty() && !values.contains(key))
        // A character that the other table also converts is in use in
        // both directions; leave it alone.
        .filter(|(key, _)| !other.contains_key(key))
        .map(|(key, values)| {
            let counterpart = match values.as_slice() {
                [only] => Some(*only),
                _ => None,
            };
            (key, OneScript { counterpart })
        })
        .collect()
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let to_simplified: FxHashMap<char, Vec<char>> =
            entries(TRADITIONAL_TO_SIMPLIFIED).collect();
        let to_traditional: FxHashMap<char, Vec<char>> =
            entries(SIMPLIFIED_TO_TRADITIONAL).collect();
        let mut tables = Tables {
            traditional_only: one_script(TRADITIONAL_TO_SIMPLIFIED, &to_traditional),
            simplified_only: to_traditional
                .into_iter()
                .filter(|(key, values)| {
                    !values.is_empty() && !values.contains(key) && !to_simplified.contains_key(key)
                })
                .collect(),
            taiwan: variants(TAIWAN_VARIANTS),
            hong_kong: variants(HONG_KONG_VARIANTS),
            dense: Vec::new(),
        };
        tables.dense = (DENSE_START..DENSE_END)
            .map(|code| {
                let c = char::from_u32(code).unwrap_or('\0');
                if tables.traditional_only.contains_key(&c) {
                    1
                } else if tables.simplified_only(c, Region::Unspecified).is_some() {
                    2
                } else {
                    0
                }
            })
            .collect();
        tables
    })
}

impl Tables {
    /// [`simplified_only`], on these tables.
    fn simplified_only(&self, c: char, region: Region) -> Option<OneScript> {
        let forms = self.simplified_only.get(&c)?;
        // A region may write the Simplified shape itself: Taiwan's 群 and 秘
        // (OpenCC's standard 羣, 祕), Hong Kong's 户. Without a region, any
        // region's form counts.
        let written_by_region = forms.iter().any(|&t| match region {
            Region::Unspecified => {
                self.regional(t, Region::Taiwan) == c || self.regional(t, Region::HongKong) == c
            }
            region => self.regional(t, region) == c,
        });
        if written_by_region {
            return None;
        }
        Some(OneScript {
            counterpart: match forms.as_slice() {
                [only] => Some(self.regional(*only, region)),
                _ => None,
            },
        })
    }

    /// [`regional`], on these tables.
    fn regional(&self, c: char, region: Region) -> char {
        let table = match region {
            Region::Taiwan => &self.taiwan,
            Region::HongKong => &self.hong_kong,
            Region::Unspecified => return c,
        };
        table.get(&c).copied().unwrap_or(c)
    }
}

/// Whether `c` is written only in Traditional script (`後`, `這`), with its
/// one-to-one Simplified form.
pub fn traditional_only(c: char) -> Option<OneScript> {
    if (c as u32) < 0x3400 {
        return None;
    }
    tables().traditional_only.get(&c).copied()
}

/// Whether `c` is written only in Simplified script (`这`, `为`), with its
/// one-to-one Traditional form in the region's standard.
pub fn simplified_only(c: char, region: Region) -> Option<OneScript> {
    if (c as u32) < 0x3400 {
        return None;
    }
    tables().simplified_only(c, region)
}

/// How a Simplified character is written in Traditional script, for
/// conversion: unlike [`simplified_only`], a region's standard form is
/// written even where another region writes the Simplified shape (户 is 戶
/// in Taiwan and in OpenCC's standard).
fn to_traditional(c: char, region: Region) -> Option<OneScript> {
    if (c as u32) < 0x3400 {
        return None;
    }
    let forms = tables().simplified_only.get(&c)?;
    let counterpart = match forms.as_slice() {
        [only] => Some(regional(*only, region)),
        _ => None,
    };
    // Taiwan's 群 for OpenCC's 羣: the character stays.
    if counterpart == Some(c) {
        return None;
    }
    Some(OneScript { counterpart })
}

fn regional(c: char, region: Region) -> char {
    tables().regional(c, region)
}

/// Whether `c` belongs to the script other than `script`: the character
/// that zh/script-mix reports.
pub fn foreign_to(c: char, script: Script) -> Option<OneScript> {
    match script {
        Script::Simplified => traditional_only(c),
        Script::Traditional(region) => simplified_only(c, region),
    }
}

/// The single conversion of a word in an OpenCC phrase table (书签 ->
/// 書籤, where 签 alone may be 簽 or 籤). The tables are sorted by key, so
/// this is a binary search over the text itself: nothing is built or
/// allocated, which keeps start-up free of a 50,000-line table.
fn phrase(table: &'static str, key: &str) -> Option<&'static str> {
    let bytes = table.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let mut start = memchr::memrchr(b'\n', &bytes[lo..mid]).map_or(lo, |i| lo + i + 1);
        // Comment lines are scattered through the table; look at the next
        // data line instead.
        let line_end = |start: usize| {
            memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i)
        };
        let mut end = line_end(start);
        while start < hi && (bytes[start] == b'#' || start == end) {
            start = end + 1;
            end = if start < bytes.len() {
                line_end(start)
            } else {
                bytes.len()
            };
        }
        if start >= hi {
            // Only comments from `mid` on: search the lower part.
            hi = memchr::memrchr(b'\n', &bytes[lo..mid]).map_or(lo, |i| lo + i + 1);
            if hi == lo {
                return None;
            }
            continue;
        }
        let line = &table[start..end];
        let (k, value) = line.split_once('\t')?;
        match k.cmp(key) {
            std::cmp::Ordering::Equal => return (!value.contains(' ')).then_some(value),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// The longest phrase of the tables, in characters: a bound for lookups.
const LONGEST_PHRASE: usize = 12;

/// `text` in `script`, when the conversion is one-to-one: every character
/// has a single counterpart, or lies in a word that the phrase tables
/// convert one way. `None` otherwise (干 alone: 幹 or 乾).
pub fn convert(text: &str, script: Script) -> Option<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut k = 0;
    // Characters before this one were written by a phrase: keep them.
    let mut settled = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        let foreign = match script {
            Script::Simplified => traditional_only(c),
            Script::Traditional(region) => to_traditional(c, region),
        };
        let Some(OneScript { counterpart }) = foreign else {
            out.push(c);
            k += 1;
            continue;
        };
        if let Some(one) = counterpart {
            out.push(one);
            k += 1;
            continue;
        }
        // Longest phrase that covers this character, starting at most a
        // phrase's length before it.
        let table = match script {
            Script::Simplified => TRADITIONAL_PHRASES,
            Script::Traditional(_) => SIMPLIFIED_PHRASES,
        };
        let mut converted = None;
        'search: for start in (k.saturating_sub(LONGEST_PHRASE - 1).max(settled)..=k).rev() {
            for end in ((k + 1)..=(start + LONGEST_PHRASE).min(chars.len())).rev() {
                let from = chars[start].0;
                let to = chars.get(end).map_or(text.len(), |&(i, _)| i);
                if let Some(value) = phrase(table, &text[from..to]) {
                    converted = Some((start, end, value));
                    break 'search;
                }
            }
        }
        let (start, end, value) = converted?;
        // Re-emit from the phrase's start: the characters before `at` that
        // it covers were already written one by one.
        let written_from = chars[start].0;
        let drop = text[written_from..at].chars().count();
        for _ in 0..drop {
            out.pop();
        }
        let region = match script {
            Script::Traditional(region) => Some(region),
            Script::Simplified => None,
        };
        out.extend(value.chars().map(|v| region.map_or(v, |r| regional(v, r))));
        k = end;
        settled = end;
    }
    Some(out)
}

/// How many characters of `text` belong to Simplified script only, and how
/// many to Traditional only.
pub fn count_one_script(text: &str) -> (usize, usize) {
    let (mut simplified, mut traditional) = (0, 0);
    let dense = &tables().dense;
    for c in text.chars() {
        let class = match (c as u32).checked_sub(DENSE_START) {
            Some(at) if (c as u32) < DENSE_END => dense[at as usize],
            _ if traditional_only(c).is_some() => 1,
            _ if simplified_only(c, Region::Unspecified).is_some() => 2,
            _ => 0,
        };
        traditional += usize::from(class == 1);
        simplified += usize::from(class == 2);
    }
    (simplified, traditional)
}

/// Which script a text is in, by the characters that belong to one script
/// only: `None` when it has none, or both in similar numbers.
pub fn script_of_text(text: &str) -> Option<Script> {
    let (simplified, traditional) = count_one_script(text);
    if simplified > 2 * traditional {
        Some(Script::Simplified)
    } else if traditional > 2 * simplified {
        Some(Script::Traditional(Region::Unspecified))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_classes_are_those_of_the_tables() {
        for code in DENSE_START..DENSE_END {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let slow = if traditional_only(c).is_some() {
                (0, 1)
            } else if simplified_only(c, Region::Unspecified).is_some() {
                (1, 0)
            } else {
                (0, 0)
            };
            assert_eq!(count_one_script(&c.to_string()), slow, "{c}");
        }
        assert_eq!(count_one_script("这是後發群秘a𠀀"), (1, 2));
    }

    #[test]
    fn characters_of_both_scripts_belong_to_neither() {
        for c in "著干里台只系面了么才周于云".chars() {
            assert_eq!(traditional_only(c), None, "{c}");
        }
        for c in "著干里台只系面後發這群秘".chars() {
            assert_eq!(simplified_only(c, Region::Taiwan), None, "{c}");
        }
        assert_eq!(simplified_only('户', Region::HongKong), None);
        assert!(simplified_only('户', Region::Taiwan).is_some());
        assert_eq!(simplified_only('群', Region::Unspecified), None);
    }

    #[test]
    fn one_script_characters_and_their_counterparts() {
        assert_eq!(traditional_only('這').unwrap().counterpart, Some('这'));
        assert_eq!(traditional_only('後').unwrap().counterpart, Some('后'));
        // 乾 -> 干 or 乾: no one-to-one fix, but 乾 is valid Simplified too.
        assert_eq!(traditional_only('乾'), None);
        assert_eq!(
            simplified_only('这', Region::Taiwan).unwrap().counterpart,
            Some('這')
        );
        // OpenCC's standard 爲 is 為 in Taiwan.
        assert_eq!(
            simplified_only('为', Region::Taiwan).unwrap().counterpart,
            Some('為')
        );
        assert_eq!(
            simplified_only('为', Region::Unspecified)
                .unwrap()
                .counterpart,
            Some('爲')
        );
        // 发 is 發 or 髮: reported, but not converted.
        assert_eq!(
            simplified_only('发', Region::Taiwan).unwrap().counterpart,
            None
        );
    }

    #[test]
    fn phrase_tables_are_searched_in_place() {
        assert_eq!(phrase(SIMPLIFIED_PHRASES, "书签"), Some("書籤"));
        assert_eq!(phrase(SIMPLIFIED_PHRASES, "发现"), Some("發現"));
        assert_eq!(phrase(SIMPLIFIED_PHRASES, "不存在的词"), None);
        assert_eq!(phrase(TRADITIONAL_PHRASES, "不存在的詞"), None);
        // Every entry of both tables is found.
        for table in [SIMPLIFIED_PHRASES, TRADITIONAL_PHRASES] {
            for line in table
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
            {
                let (key, value) = line.split_once('\t').unwrap();
                let expected = (!value.contains(' ')).then_some(value);
                assert_eq!(phrase(table, key), expected, "{key}");
            }
        }
        let longest = SIMPLIFIED_PHRASES
            .lines()
            .chain(TRADITIONAL_PHRASES.lines())
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap();
        assert!(longest <= LONGEST_PHRASE, "{longest}");
    }

    #[test]
    fn tags_and_text() {
        assert_eq!(script_of_tag("zh_CN"), Some(Script::Simplified));
        assert_eq!(script_of_tag("zh-Hans-SG"), Some(Script::Simplified));
        assert_eq!(
            script_of_tag("zh_TW"),
            Some(Script::Traditional(Region::Taiwan))
        );
        assert_eq!(
            script_of_tag("zh-HK"),
            Some(Script::Traditional(Region::HongKong))
        );
        assert_eq!(
            script_of_tag("zh-Hant"),
            Some(Script::Traditional(Region::Unspecified))
        );
        assert_eq!(script_of_tag("zh"), None);
        assert_eq!(script_of_tag("ja"), None);
        assert_eq!(script_of_text("这是简体中文"), Some(Script::Simplified));
        assert_eq!(
            script_of_text("這是繁體中文"),
            Some(Script::Traditional(Region::Unspecified))
        );
        assert_eq!(script_of_text("中文"), None);
        assert_eq!(
            convert("书签", Script::Traditional(Region::Taiwan)).as_deref(),
            Some("書籤")
        );
        assert_eq!(convert("頭髮", Script::Simplified).as_deref(), Some("头发"));
        assert_eq!(
            convert("发现", Script::Traditional(Region::Taiwan)).as_deref(),
            Some("發現")
        );
        assert_eq!(convert("发", Script::Traditional(Region::Taiwan)), None);
        assert_eq!(
            convert("添加书签", Script::Traditional(Region::Taiwan)).as_deref(),
            Some("添加書籤")
        );
        assert_eq!(
            convert("为书签", Script::Traditional(Region::Taiwan)).as_deref(),
            Some("為書籤")
        );
        assert_eq!(
            convert("添加書籤", Script::Simplified).as_deref(),
            Some("添加书签")
        );
    }
}
