//! Languages and scripts: which rules apply to a piece of text.
//!
//! A segment's language comes from the command line or config, else the
//! file's own header; when neither says, the script of the segment's text
//! decides. Rules written for English punctuation and spacing run only on
//! text in spaced scripts, never on Chinese, Japanese or Korean.

use crate::matcher::is_unspaced_script;

/// How a language is written, as far as the rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writing {
    /// Words separated by spaces: English and the other Latin, Greek and
    /// Cyrillic languages.
    Spaced,
    /// Chinese, Japanese and Korean (and the other scripts written without
    /// spaces between words).
    Unspaced,
}

/// The primary subtag of a language tag, lower-cased: `zh` for `zh_Hant`,
/// `ZH-cn` or `zh-Hans-CN`.
pub fn primary(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// How the language of a tag is written.
pub fn writing_of_tag(tag: &str) -> Writing {
    match primary(tag).as_str() {
        "zh" | "ja" | "ko" | "yue" | "wuu" | "cmn" | "th" | "lo" | "my" | "km" => Writing::Unspaced,
        _ => Writing::Spaced,
    }
}

/// How a text is written, by the script of most of it; `None` when it has
/// no letters (numbers, punctuation, placeholders). A CJK character counts
/// about half as much as a spaced-script word, so `XYZ对象` is Chinese and
/// `the 十四五 plan` English.
pub fn writing_of_text(text: &str) -> Option<Writing> {
    // Most text is ASCII: decide it without decoding characters.
    if text.is_ascii() {
        return text
            .bytes()
            .any(|b| b.is_ascii_alphabetic())
            .then_some(Writing::Spaced);
    }
    // Unspaced scripts start at U+0E00, whose UTF-8 starts with a byte of
    // 0xE0 or more: without one (`Zürich`, `café`), the text is spaced.
    if !crate::ascii_bits::has_byte_at_least(text.as_bytes(), 0xE0) {
        return text
            .chars()
            .any(char::is_alphabetic)
            .then_some(Writing::Spaced);
    }
    let (mut words, mut unspaced) = (0usize, 0usize);
    let mut in_word = false;
    for c in text.chars() {
        if is_unspaced_script(c) {
            unspaced += 1;
            in_word = false;
        } else if c.is_alphabetic() {
            words += usize::from(!in_word);
            in_word = true;
        } else {
            in_word = false;
        }
    }
    match (words, unspaced) {
        (0, 0) => None,
        (w, u) if u > 0 && u >= 2 * w => Some(Writing::Unspaced),
        _ => Some(Writing::Spaced),
    }
}

/// Whether a segment is Chinese: by its language tag when there is one,
/// else by its script (Han characters, and no kana or Hangul).
pub fn is_chinese(tag: Option<&str>, text: &str) -> bool {
    match tag {
        Some(tag) => matches!(primary(tag).as_str(), "zh" | "yue" | "cmn" | "wuu"),
        None => {
            let kana_or_hangul = |c: char| matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF);
            text.chars()
                .any(|c| matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF))
                && !text.chars().any(kana_or_hangul)
        }
    }
}

/// Whether two language tags name the same language (`zh_CN` and
/// `zh-Hans`; `en` and `en-GB`).
pub fn same_language(a: &str, b: &str) -> bool {
    primary(a) == primary(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_in_every_spelling() {
        for tag in [
            "zh", "zh-CN", "zh_CN", "zh-Hans", "zh-TW", "zh_Hant", "ZH-cn", "ja", "ko", "JA_jp",
        ] {
            assert_eq!(writing_of_tag(tag), Writing::Unspaced, "{tag}");
        }
        for tag in ["en", "en-GB", "EN_us", "de", "fr-CA", "ru"] {
            assert_eq!(writing_of_tag(tag), Writing::Spaced, "{tag}");
        }
        assert!(same_language("zh_CN", "zh-Hans"));
        assert!(!same_language("zh", "ja"));
    }

    #[test]
    fn text_by_script() {
        assert_eq!(
            writing_of_text("请输入账户 %(name)s 和密码."),
            Some(Writing::Unspaced)
        );
        assert_eq!(writing_of_text("The 海丝 route"), Some(Writing::Spaced));
        assert_eq!(writing_of_text("Zürich, São Paulo"), Some(Writing::Spaced));
        assert_eq!(writing_of_text("§ 12 ±3 °C"), Some(Writing::Spaced));
        assert_eq!(writing_of_text("§ 12 ±3"), None);
        assert_eq!(writing_of_text("XYZ对象"), Some(Writing::Unspaced));
        assert_eq!(writing_of_text("100%: 3.5 (2)"), None);
        assert_eq!(
            writing_of_text("the 十四五 plan will help"),
            Some(Writing::Spaced)
        );
        assert_eq!(
            writing_of_text("点击 Save 按钮保存 Node.js 项目"),
            Some(Writing::Unspaced)
        );
    }
}
