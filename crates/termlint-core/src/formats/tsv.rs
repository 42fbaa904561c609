//! Tab-separated bilingual files: `source<TAB>target` per line, with an
//! optional `source<TAB>target` header and `\t`, `\n`, `\\` escapes.

use std::ops::Range;

use super::{FormatError, unescape_into};
use crate::document::{PieceBuilder, Segment, UnitInfo, line_ranges};

fn escape(c: char) -> Option<&'static str> {
    match c {
        't' => Some("\t"),
        'n' => Some("\n"),
        'r' => Some("\r"),
        '\\' => Some("\\"),
        _ => None,
    }
}

pub fn segments(text: &str) -> Result<(Vec<Segment>, Vec<Range<usize>>), FormatError> {
    let mut segments = Vec::new();
    let mut units = Vec::new();
    let mut first = true;
    for (n, line) in line_ranges(text).enumerate() {
        let row = &text[line.clone()];
        if row.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = row.split('\t').collect();
        if columns.len() != 2 {
            return Err(FormatError::new(
                line.start,
                format!(
                    "row {} has {} column{}; expected source<TAB>target",
                    n + 1,
                    columns.len(),
                    if columns.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        if std::mem::take(&mut first)
            && columns[0].trim().eq_ignore_ascii_case("source")
            && columns[1].trim().eq_ignore_ascii_case("target")
        {
            continue;
        }
        let target_start = line.start + columns[0].len() + 1;
        let mut source = PieceBuilder::at(line.start);
        unescape_into(&mut source, columns[0], line.start, escape);
        let mut target = PieceBuilder::at(target_start);
        unescape_into(&mut target, columns[1], target_start, escape);
        segments.push(Segment {
            target: target.finish(),
            source: Some(source.finish()),
            other_source: None,
            unit: UnitInfo::default(),
        });
        units.push(line.start..line.end + 1);
    }
    Ok((segments, units))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_escapes_and_header() {
        let text = "source\ttarget\n海丝\tthe Hai Silk\\tline\\\\x\n\n两会\ttwo sessions\n";
        let (segments, units) = segments(text).unwrap();
        assert_eq!(segments.len(), 2);
        assert_eq!(units.len(), 2);
        let t = &segments[0].target;
        assert_eq!(t.text, "the Hai Silk\tline\\x");
        assert_eq!(&text[t.file_span(4..12)], "Hai Silk");
        assert_eq!(&text[t.file_span(12..13)], "\\t");
        assert_eq!(&text[t.file_span(13..19)], "line\\\\x");
        assert_eq!(segments[1].source.as_ref().unwrap().text, "两会");
    }

    #[test]
    fn ragged_rows_are_errors() {
        let err = segments("a\tb\nc\td\te\n").unwrap_err();
        assert_eq!(err.offset, 4);
        assert!(err.message.contains("row 2 has 3 columns"));
    }
}
