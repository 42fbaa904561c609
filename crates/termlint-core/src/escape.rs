//! Text escaped for XML and HTML, for every writer of markup (TBX export,
//! the checkstyle, JUnit and HTML reports).

use std::fmt::Write;

/// `s` as XML or HTML text or attribute value: markup characters as
/// entities, tab and line ends as character references (attribute values
/// keep them), and the characters XML 1.0 cannot hold at all dropped.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_quotes_cannot_break_out() {
        assert_eq!(
            super::xml("<script>alert(\"x\")</script>'&\u{1}\n"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&#10;"
        );
    }
}
